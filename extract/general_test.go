package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestGeneralRules exercises the conventions of LABELS.md with sentences
// written for the test (other numbers, places and word orders than the
// labelled corpora), one phenomenon a case.
func TestGeneralRules(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	pub := "Thứ Hai, ngày 14/10/2024 | 08:10\n"
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"a breakdown by unit gives each part its unit's scope",
			pub + "Năm 2023, toàn tỉnh có 40 mô hình “Dân vận khéo”. Trong đó, TP. Lai Châu 12 mô hình; huyện Sìn Hồ 6 mô hình; Tam Đường 5 mô hình; Sở Y tế 4 mô hình; Công an tỉnh 3 mô hình.",
			[]want{{40, "all", "", "province", "", 2023}, {12, "all", "", "district", "", 2023}, {6, "all", "", "district", "", 2023},
				{5, "all", "", "district", "", 2023}, {4, "all", "", "organization", "", 2023}, {3, "all", "", "organization", "", 2023}}},
		{"two parts with one value are two counts",
			pub + "Năm 2023, toàn tỉnh có 20 mô hình “Dân vận khéo”, gồm: huyện Phong Thổ 4 mô hình; huyện Than Uyên 4 mô hình.",
			[]want{{20, "all", "", "province", "", 2023}, {4, "all", "", "district", "", 2023}, {4, "all", "", "district", "", 2023}}},
		{"a label before the count gives its field",
			pub + "Năm 2022, toàn huyện có 90 mô hình “Dân vận khéo”, cụ thể: dân vận khéo trong lĩnh vực quốc phòng, an ninh có 07 mô hình; trong phát triển kinh tế, xây dựng nông thôn mới có 60 mô hình; văn hóa, xã hội với 23 mô hình.",
			[]want{{90, "all", "", "district", "", 2022}, {7, "defense_security", "", "district", "", 2022}, {60, "economy", "", "district", "", 2022}, {23, "culture_society", "", "district", "", 2022}}},
		{"a label spanning two fields is all; a verb between label and count is no label",
			pub + "Năm 2022, lĩnh vực kinh tế, văn hóa - xã hội có 300 mô hình “Dân vận khéo”. Trên các lĩnh vực quốc phòng; xây dựng Đảng, toàn tỉnh duy trì 45 mô hình “Dân vận khéo”.",
			[]want{{300, "all", "", "province", "", 2022}, {45, "all", "", "province", "", 2022}}},
		{"a field phrase that opens with one of the four fields and goes on with other ones takes the first; two of the four are all",
			pub + "Năm 2022, toàn huyện có 57 mô hình “Dân vận khéo” phát triển kinh tế, giảm nghèo bền vững; 23 mô hình bảo đảm quốc phòng gắn với bảo vệ môi trường; 19 mô hình văn hóa, quốc phòng.",
			[]want{{57, "economy", "", "district", "", 2022}, {23, "defense_security", "", "district", "", 2022}, {19, "all", "", "district", "", 2022}}},
		{"a field the rules do not list, named after the field word, is other; this field and the fields are none",
			pub + "Năm 2023, toàn tỉnh có 210 mô hình “Dân vận khéo” trong lĩnh vực y tế. Trong đó, lĩnh vực giáo dục - đào tạo 64 mô hình; lĩnh vực khoa học công nghệ 17 mô hình. Trên lĩnh vực này có 9 mô hình được nhân rộng; các lĩnh vực còn lại có 120 mô hình.",
			[]want{{210, "other", "", "province", "", 2023}, {64, "other", "", "province", "", 2023}, {17, "other", "", "province", "", 2023},
				{9, "all", "replicated", "province", "", 2023}, {120, "all", "", "province", "", 2023}}},
		{"the unit asked to act on the models does not own them, even named by its organ or bare",
			pub + "Năm 2023, huyện Vĩnh Thạnh đề nghị Ban Thường vụ Tỉnh ủy công nhận 17 mô hình “Dân vận khéo”; Ban Dân vận Huyện ủy đề nghị Thường trực Tỉnh ủy tuyên dương 6 mô hình. Năm 2024, huyện đề nghị tỉnh khen thưởng 8 mô hình.",
			[]want{{17, "all", "other", "district", "", 2023}, {6, "all", "other", "district", "", 2023}, {8, "all", "other", "district", "", 2024}}},
		{"a bare city before its count is the province in a centrally-run city",
			"Cần Thơ nhân rộng mô hình “Dân vận khéo”\n" + pub + "Năm 2023, thành phố có 980 mô hình “Dân vận khéo”; quận Ninh Kiều có 75 mô hình.",
			[]want{{980, "all", "", "province", "", 2023}, {75, "all", "", "district", "", 2023}}},
		{"holders in a breakdown of models",
			pub + "Năm 2024, Tỉnh ủy công nhận 75 mô hình, điển hình “Dân vận khéo” (trong đó có 60 tập thể và 15 cá nhân).",
			[]want{{75, "all", "other", "province", "", 2024}, {60, "all", "collective", "province", "", 2024}, {15, "all", "individual", "province", "", 2024}}},
		{"holders named after the keyword",
			pub + "Ban Thường vụ Tỉnh ủy quyết định công nhận mô hình “Dân vận khéo” năm 2021 đối với 30 tập thể và 9 cá nhân.",
			[]want{{30, "all", "collective", "province", "", 2021}, {9, "all", "individual", "province", "", 2021}}},
		{"a threshold is not a count",
			pub + "Năm 2024, toàn tỉnh có 1.800 mô hình “Dân vận khéo”; 9 huyện, thị xã có từ 150 mô hình “Dân vận khéo” trở lên và 3 xã có 40 mô hình trở xuống.",
			[]want{{1800, "all", "", "province", "", 2024}}},
		{"a quarter dates a count",
			"Quý II/2023, toàn huyện Krông Pắc xây dựng thêm 14 mô hình “Dân vận khéo”.",
			[]want{{14, "all", "other", "district", "", 2023}}},
		{"people awarded are not holders",
			pub + "Năm 2024, UBND tỉnh khen thưởng 13 tập thể và 6 cá nhân có thành tích trong phong trào “Dân vận khéo”.",
			nil},
		{"counters and a keyword broken over a line",
			pub + "Năm 2023, toàn xã có 14 điểm mô hình “Dân vận khéo”; toàn huyện có 120 lượt mô\nhình “Dân vận khéo”.",
			[]want{{14, "all", "", "commune", "", 2023}, {120, "all", "", "district", "", 2023}}},
		{"a place that opens like an organisation",
			pub + "Năm 2024, Hội An có 300 mô hình “Dân vận khéo”.",
			[]want{{300, "all", "", "district", "", 2024}}},
		{"the effective models are a subset, whichever words say so after the count; a result after a comma is not",
			pub + "Năm 2023, toàn huyện có 160 mô hình “Dân vận khéo”, trong đó 85 mô hình hiệu quả, 64 mô hình được đánh giá là hiệu quả và 11 mô hình chưa hiệu quả. Năm 2024, toàn huyện có 175 mô hình “Dân vận khéo”, phát huy hiệu quả trong đời sống; 90 mô hình phát huy hiệu quả được biểu dương.",
			[]want{{160, "all", "", "district", "", 2023}, {85, "all", "other", "district", "", 2023}, {64, "all", "other", "district", "", 2023},
				{11, "all", "other", "district", "", 2023}, {175, "all", "", "district", "", 2024}, {90, "all", "other", "district", "", 2024}}},
		{"a bare unit word ending a list of them, after a fraction or after a plural lead names every unit of its level: the document's count",
			"Hà Nam: phong trào “Dân vận khéo” lan tỏa\n" + pub + "Năm 2023, 6/6 huyện, thị xã, thành phố có 530 mô hình “Dân vận khéo”. Năm 2024, huyện, thị xã, thành phố có 560 mô hình; 100% xã có 480 mô hình; thành phố có 96 mô hình.",
			[]want{{530, "all", "", "province", "", 2023}, {560, "all", "", "province", "", 2024}, {480, "all", "", "province", "", 2024}, {96, "all", "", "district", "", 2024}}},
		{"holders recognised before the keyword, as after it; people awarded are not",
			pub + "Năm 2022, toàn huyện có 27 tập thể, 9 cá nhân được công nhận mô hình “Dân vận khéo”. Năm 2023, UBND huyện khen thưởng 11 tập thể, 4 cá nhân có mô hình “Dân vận khéo” tiêu biểu.",
			[]want{{27, "all", "collective", "district", "", 2022}, {9, "all", "individual", "district", "", 2022}}},
		{"the movement named first owns the models, whatever programme it is linked with; another programme named first does",
			pub + "Năm 2023, toàn tỉnh có 320 mô hình “Dân vận khéo” gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; 45 mô hình “Dân vận khéo” hỗ trợ tiêu thụ sản phẩm; 46 mô hình sản phẩm OCOP gắn với phong trào “Dân vận khéo”.",
			[]want{{320, "all", "", "province", "", 2023}, {45, "all", "", "province", "", 2023}}},
		{"a level after a count listed after another is the subset registered or recognised there; after the first, the total's own level",
			pub + "Năm 2023, toàn xã đăng ký 61 mô hình cấp cơ sở, 14 mô hình cấp huyện và 3 mô hình cấp tỉnh. Năm 2024, toàn huyện có 310 mô hình “Dân vận khéo” cấp huyện, trong đó 25 mô hình cấp tỉnh.",
			[]want{{61, "all", "", "commune", "", 2023}, {14, "all", "other", "commune", "", 2023}, {3, "all", "other", "commune", "", 2023},
				{310, "all", "", "district", "", 2024}, {25, "all", "other", "district", "", 2024}}},
		{"a part of one field's models",
			pub + "Năm 2020, huyện Lâm Hà xây dựng 35 mô hình “Dân vận khéo” trong xây dựng nông thôn mới, trong đó có 20 mô hình đạt hiệu quả.",
			[]want{{35, "other", "", "district", "", 2020}, {20, "other", "other", "district", "", 2020}}},
		{"a paragraph about one field's models",
			pub + "Năm 2021, nhiều mô hình dân vận khéo trong lĩnh vực quốc phòng - an ninh được triển khai ở các xã biên giới. Toàn tỉnh đã xây dựng được 57 mô hình, mang lại hiệu quả thiết thực.",
			[]want{{57, "defense_security", "", "province", "", 2021}}},
		{"a quote left open (a cut text) does not reach into the next paragraph",
			pub + "Năm 2022, toàn huyện đã xây dựng được 120 mô hình “Dân vận khéo” trên các lĩnh vực. Riêng lĩnh vực kinh tế có gần 50 mô hình, điển hình “Dân vận\nCác đơn vị tiếp tục “Khéo” vận động nhân dân tham gia.\n",
			[]want{{120, "all", "", "district", "", 2022}, {50, "economy", "", "district", "nearly", 2022}}},
		{"holders after a cut-off number read after the counts they follow",
			pub + "Năm 2023, toàn huyện có 900 mô hình “Dân vận khéo”, trong đó: 300 mô hình tập thể, 5.12 Năm nay có 40 tập thể và 60 cá nhân đăng ký xây dựng mô hình, điển hình “Dân vận khéo” mang lại hiệu quả cao.",
			[]want{{900, "all", "", "district", "", 2023}, {300, "all", "collective", "district", "", 2023}, {40, "all", "collective", "district", "", 2023}, {60, "all", "individual", "district", "", 2023}}},
		{"registrants with the rules' approximators and a multiplier",
			pub + "Năm 2024, toàn tỉnh có hơn 1 nghìn tập thể và ngót 300 cá nhân đăng ký xây dựng mô hình “Dân vận khéo”.",
			[]want{{1000, "all", "collective", "province", "over", 2024}, {300, "all", "individual", "province", "nearly", 2024}}},
		{"holders together qualify neither",
			pub + "Từ đầu năm 2024 đến nay, xã đăng ký 18 mô hình tập thể và cá nhân “Dân vận khéo”.",
			[]want{{18, "all", "", "commune", "", 2024}}},
		{"the emulation movement named in the count's sentence puts it and its parts on topic",
			pub + "Đến nay, toàn huyện có 64 mô hình tiêu biểu trong phong trào thi đua yêu nước. Trong đó, lĩnh vực kinh tế có 40 mô hình; lĩnh vực quốc phòng, an ninh có 24 mô hình.",
			[]want{{64, "all", "other", "district", "", 2024}, {40, "economy", "other", "district", "", 2024}, {24, "defense_security", "other", "district", "", 2024}}},
		{"a requirement or a target is not a figure",
			pub + "Năm 2024, toàn huyện có 86 mô hình “Dân vận khéo”; phấn đấu đến năm 2025, mỗi xã có ít nhất 2 mô hình, mỗi cơ quan xây dựng tối thiểu 01 mô hình “Dân vận khéo”. Huyện phấn đấu có 120 mô hình “Dân vận khéo”.",
			[]want{{86, "all", "", "district", "", 2024}}},
		{"a target verb rules the rest of its sentence, unless the count is stated as reached or the verb is a noun",
			pub + "Phấn đấu đến năm 2026, toàn huyện có 150 mô hình “Dân vận khéo”. Huyện Mường Khương phấn đấu trong năm 2025 mỗi xã có ít nhất 3 mô hình, toàn huyện có trên 90 mô hình. " +
				"Với sự nỗ lực phấn đấu, năm 2023 toàn huyện xây dựng 72 mô hình “Dân vận khéo”. Năm 2024, huyện phấn đấu và đã xây dựng được 81 mô hình. " +
				"Hội Nông dân huyện vận động hội viên phấn đấu vươn lên làm giàu, năm 2024 có 33 mô hình “Dân vận khéo”.",
			[]want{{72, "all", "", "district", "", 2023}, {81, "all", "", "district", "", 2024}, {33, "all", "", "organization", "", 2024}}},
		{"a count stated in the present with no period of its sentence holds at the publication",
			pub + "Năm 2021, toàn tỉnh có 410 mô hình “Dân vận khéo”. Hiện nay, toàn tỉnh có 530 mô hình. Huyện Bảo Thắng hiện có 64 mô hình. Tính đến tháng 6/2023, huyện Bát Xát hiện có 58 mô hình.",
			[]want{{410, "all", "", "province", "", 2021}, {530, "all", "", "province", "", 2024}, {64, "all", "", "district", "", 2024}, {58, "all", "", "district", "", 2023}}},
		{"replicated as a part, not of the whole set",
			pub + "Năm 2023, Hội Nông dân tỉnh xây dựng và nhân rộng 52 mô hình “Dân vận khéo”, trong đó nhân rộng được 14 mô hình.",
			[]want{{52, "all", "", "organization", "", 2023}, {14, "all", "replicated", "organization", "", 2023}}},
		{"a verb between two counts leads into the second: replicated is the second's",
			pub + "Năm 2022, huyện Ba Tơ xây dựng 318 mô hình “Dân vận khéo” và nhân rộng 47 mô hình; xã Ba Vì có 26 mô hình “Dân vận khéo” cùng 9 mô hình tập thể và 4 mô hình cá nhân.",
			[]want{{318, "all", "", "district", "", 2022}, {47, "all", "replicated", "district", "", 2022}, {26, "all", "", "commune", "", 2022},
				{9, "all", "collective", "commune", "", 2022}, {4, "all", "individual", "commune", "", 2022}}},
		{"the youth union of a district or a city is one body; a district that stands together is the district",
			pub + "Năm 2023, Huyện đoàn Mộ Đức có 14 mô hình “Dân vận khéo”, Thành đoàn có 22 mô hình. Nhân dân toàn huyện đoàn kết xây dựng 35 mô hình “Dân vận khéo”.",
			[]want{{14, "all", "", "organization", "", 2023}, {22, "all", "", "organization", "", 2023}, {35, "all", "", "district", "", 2023}}},
		{"a label before the count names its subset",
			pub + "Năm 2022, toàn huyện có 730 mô hình “Dân vận khéo”; số mô hình được nhân rộng là 96 mô hình, số mô hình được công nhận cấp huyện là 41 mô hình. Số mô hình tập thể đạt 58 mô hình.",
			[]want{{730, "all", "", "district", "", 2022}, {96, "all", "replicated", "district", "", 2022}, {41, "all", "other", "district", "", 2022}, {58, "all", "collective", "district", "", 2022}}},
		{"a unit named bare is of its level: a province, a district",
			pub + "Năm 2023, Gia Lai có 2.150 mô hình “Dân vận khéo”; Chư Păh có 64 mô hình. Trong đó, Kon Tum 820 mô hình, Đắk Glei 35 mô hình.",
			[]want{{2150, "all", "", "province", "", 2023}, {64, "all", "", "district", "", 2023}, {820, "all", "", "province", "", 2023}, {35, "all", "", "district", "", 2023}}},
		{"an aside with a count of its own dates that count, not the one before it; models commended by a body are a subset, and the body is not their owner",
			pub + "Toàn huyện hiện có 318 mô hình “Dân vận khéo” (năm 2021 có 204 mô hình).\nCó 6 mô hình được Ban Thường vụ Tỉnh ủy biểu dương, 11 mô hình được huyện tuyên dương.",
			[]want{{318, "all", "", "district", "", 2024}, {204, "all", "", "district", "", 2021}, {6, "all", "other", "district", "", 2024}, {11, "all", "other", "district", "", 2024}}},
		{"a unit's parent after it says where it is, not whose models",
			pub + "Năm 2024, xã Tà Hừa, huyện Than Uyên có 9 mô hình “Dân vận khéo”; phường Tân Phong (thành phố Lai Châu) có 6 mô hình; huyện Phong Thổ, tỉnh Lai Châu có 31 mô hình “Dân vận khéo”.",
			[]want{{9, "all", "", "commune", "", 2024}, {6, "all", "", "commune", "", 2024}, {31, "all", "", "district", "", 2024}}},
		{"levels before the counts are whose; a level after a count is its own, not the next one's",
			pub + "Năm 2024, toàn tỉnh có 905 mô hình “Dân vận khéo”, trong đó cấp tỉnh 45 mô hình, cấp huyện 260 mô hình, cấp cơ sở 600 mô hình.\nHuyện Mường Tè công nhận 38 mô hình của các tập thể, cá nhân đạt chuẩn “Dân vận khéo” cấp cơ sở, 11 mô hình được công nhận đạt chuẩn cấp huyện.",
			[]want{{905, "all", "", "province", "", 2024}, {45, "all", "", "province", "", 2024}, {260, "all", "", "district", "", 2024}, {600, "all", "", "commune", "", 2024},
				{38, "all", "other", "district", "", 2024}, {11, "all", "other", "district", "", 2024}}},
		{"a numeral word with a multiplier is a number, alone it is not",
			pub + "Năm 2024, toàn tỉnh có hơn một nghìn mô hình “Dân vận khéo”, năm nghìn lượt hội viên tham gia; xã Nà Tăm có một mô hình “Dân vận khéo” tiêu biểu.",
			[]want{{1000, "all", "", "province", "over", 2024}}},
		{"a number that names a document or a body is no count",
			pub + "Năm 2024, huyện triển khai Kế hoạch số 52 mô hình “Dân vận khéo” gắn với Chỉ thị 05; Ban Chỉ đạo 35 huyện công nhận 27 mô hình “Dân vận khéo”.",
			[]want{{27, "all", "other", "district", "", 2024}}},
		{"the levels after listed counts are where they were recognised, the list's subject whose",
			pub + "Năm 2023, huyện có 23 mô hình “Dân vận khéo” cấp huyện, 6 mô hình cấp tỉnh và 2 mô hình cấp Trung ương.",
			[]want{{23, "all", "", "district", "", 2023}, {6, "all", "other", "district", "", 2023}, {2, "all", "other", "district", "", 2023}}},
		{"a centrally-run city named after its whole-city word is the province, another city a district",
			pub + "Năm 2023, toàn thành phố Hải Phòng có 640 mô hình “Dân vận khéo”; toàn thành phố Việt Trì có 85 mô hình “Dân vận khéo”.",
			[]want{{640, "all", "", "province", "", 2023}, {85, "all", "", "district", "", 2023}}},
		{"the year a count is compared with is not its period",
			pub + "Toàn tỉnh có 410 mô hình “Dân vận khéo”, tăng 35 mô hình so với năm 2021; huyện Mỹ Đức có 41 mô hình “Dân vận khéo”, tăng 6 mô hình so với cùng kỳ năm 2023.",
			[]want{{410, "all", "", "province", "", 2024}, {35, "all", "delta", "province", "", 2024},
				{41, "all", "", "district", "", 2024}, {6, "all", "delta", "district", "", 2024}}},
		{"an approximation from below is nearly",
			pub + "Năm 2022, toàn huyện có xấp xỉ dưới 200 mô hình “Dân vận khéo”.",
			[]want{{200, "all", "", "district", "nearly", 2022}}},
		{"the Fatherland Front's committee and the province's own bodies are organisations",
			pub + "Năm 2022, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh có 52 mô hình “Dân vận khéo”; Viện kiểm sát nhân dân tỉnh có 7 mô hình “Dân vận khéo”; Đảng ủy Quân sự tỉnh có 16 mô hình “Dân vận khéo”.",
			[]want{{52, "all", "", "organization", "", 2022}, {7, "all", "", "organization", "", 2022}, {16, "all", "", "organization", "", 2022}}},
		{"the Front named among the actors of a movement is no subject",
			pub + "Năm 2022, các phong trào do chính quyền, Mặt trận Tổ quốc và các đoàn thể phát động được hưởng ứng; toàn huyện xây dựng 61 mô hình “Dân vận khéo”.",
			[]want{{61, "all", "", "district", "", 2022}}},
		{"newly built models are a subset; an increase is a stated one",
			pub + "Năm 2024, toàn huyện có 85 mô hình “Dân vận khéo”, trong đó 22 mô hình được xây dựng mới và 7 mô hình mới ở các xã, tăng 9 mô hình so với năm 2023.",
			[]want{{85, "all", "", "district", "", 2024}, {22, "all", "other", "district", "", 2024}, {7, "all", "other", "district", "", 2024}, {9, "all", "delta", "district", "", 2024}}},
		{"a unit asked to act on the models does not own them",
			pub + "Năm 2023, huyện Mường Tè có 64 mô hình “Dân vận khéo” được công nhận. Huyện cũng đề nghị tỉnh khen thưởng 10 mô hình tiêu biểu; Ban Chỉ đạo xã Bum Nưa đề xuất UBND huyện công nhận 5 mô hình, đồng thời kiến nghị tỉnh khen thưởng 2 mô hình.",
			[]want{{64, "all", "other", "district", "", 2023}, {10, "all", "other", "district", "", 2023}, {5, "all", "other", "commune", "", 2023}, {2, "all", "other", "commune", "", 2023}}},
		{"models given a name or a plaque are the named subset",
			pub + "Năm 2024, toàn huyện có 95 mô hình “Dân vận khéo”, trong đó 21 mô hình được đặt tên, gắn biển; năm 2023, huyện đã gắn biển công nhận 8 mô hình.",
			[]want{{95, "all", "", "district", "", 2024}, {21, "all", "named", "district", "", 2024}, {8, "all", "named", "district", "", 2023}}},
		{"models built in addition are newly built; more models than a year before are an increase",
			pub + "Năm 2024, toàn huyện xây dựng thêm 18 mô hình “Dân vận khéo”, nâng tổng số lên 140 mô hình, tăng thêm 5 mô hình so với năm 2023.",
			[]want{{18, "all", "other", "district", "", 2024}, {140, "all", "", "district", "", 2024}, {5, "all", "delta", "district", "", 2024}}},
		{"a sector with its name is one body; named for a holiday it is nobody's",
			pub + "Nhân kỷ niệm Ngày truyền thống ngành Tuyên giáo, huyện đã tổng kết phong trào. Năm 2023, toàn huyện có 75 mô hình “Dân vận khéo”; ngành Y tế huyện có 9 mô hình.",
			[]want{{75, "all", "", "district", "", 2023}, {9, "all", "", "organization", "", 2023}}},
		{"a label after the time its clause opens with",
			pub + "Toàn tỉnh đẩy mạnh phong trào “Dân vận khéo”. Tính đến hết năm 2023, dân vận khéo trong chuyển đổi số có 26 mô hình. Năm 2024, mô hình dân vận khéo về bảo vệ môi trường có 31 mô hình.",
			[]want{{26, "other", "", "province", "", 2023}, {31, "other", "", "province", "", 2024}}},
		{"a paragraph opening on a unit is about it",
			pub + "Năm 2024, toàn tỉnh có 1.800 mô hình “Dân vận khéo”.\nTại huyện Phú Tân, phong trào được cấp ủy quan tâm chỉ đạo. Năm 2024, có 132 mô hình được công nhận.\nĐối với Hội Cựu chiến binh tỉnh, phong trào gắn với thi đua của hội. Năm 2024, có 40 mô hình.",
			[]want{{1800, "all", "", "province", "", 2024}, {132, "all", "other", "district", "", 2024}, {40, "all", "", "organization", "", 2024}}},
		{"units named by their number",
			pub + "Năm 2023, thị xã Ngã Năm có 160 mô hình “Dân vận khéo”. Trong đó, phường 1 có 24 mô hình, phường 3 có 19 mô hình; bình quân mỗi xã 8 mô hình.",
			[]want{{160, "all", "", "district", "", 2023}, {24, "all", "", "commune", "", 2023}, {19, "all", "", "commune", "", 2023}}},
		{"thousands and the rest; more or less",
			pub + "Năm 2024, toàn tỉnh có hơn 3 nghìn 450 mô hình “Dân vận khéo”; huyện Đakrông có trên dưới 60 mô hình.",
			[]want{{3450, "all", "", "province", "over", 2024}, {60, "all", "", "district", "about", 2024}}},
		{"what is done with the whole set after a conjunction is no subset",
			pub + "Năm 2023, toàn huyện có 240 mô hình “Dân vận khéo” và đang tiếp tục nhân rộng; trong đó 35 mô hình được nhân rộng.",
			[]want{{240, "all", "", "district", "", 2023}, {35, "all", "replicated", "district", "", 2023}}},
		{"a unit's former parent in an aside does not own its count",
			pub + "Năm 2025, xã Tam Sơn (trước thuộc huyện Sông Lô) có 45 mô hình “Dân vận khéo”; thị trấn Hợp Hòa (nay thuộc tỉnh Phú Thọ) có 21 mô hình; huyện Tam Dương có 210 mô hình.",
			[]want{{45, "all", "", "commune", "", 2025}, {21, "all", "", "commune", "", 2025}, {210, "all", "", "district", "", 2025}}},
		{"a unit after a distributive is every unit of its level",
			pub + "Năm 2024, phong trào “Dân vận khéo” đạt nhiều kết quả với tổng cộng 1.120 mô hình. Bình quân mỗi xã có 10 mô hình, từng thôn đều có mô hình.",
			[]want{{1120, "all", "", "unknown", "", 2024}}},
		{"models awarded a certificate of merit are a subset",
			pub + "Năm 2024, toàn tỉnh có 1.500 mô hình “Dân vận khéo”; 45 mô hình được UBND tỉnh tặng Bằng khen. UBND huyện Cao Lộc tặng giấy khen cho 30 mô hình “Dân vận khéo”.",
			[]want{{1500, "all", "", "province", "", 2024}, {45, "all", "other", "province", "", 2024}, {30, "all", "other", "district", "", 2024}}},
		{"a level that recognised a part does not own it",
			pub + "Năm 2023, Hội Cựu chiến binh tỉnh đã xây dựng 88 mô hình “Dân vận khéo”, trong đó được cấp tỉnh công nhận 12 mô hình, cấp huyện công nhận 40 mô hình. Toàn tỉnh có 6.235 mô hình, trong đó cấp huyện khen thưởng 1.610 mô hình, cấp cơ sở 4.500 mô hình; huyện Hải Lăng 125 mô hình; các cấp Hội Nông dân 300 mô hình.",
			[]want{{88, "all", "", "organization", "", 2023}, {12, "all", "other", "organization", "", 2023}, {40, "all", "other", "organization", "", 2023},
				{6235, "all", "", "province", "", 2023}, {1610, "all", "other", "province", "", 2023}, {4500, "all", "", "commune", "", 2023},
				{125, "all", "", "district", "", 2023}, {300, "all", "", "organization", "", 2023}}},
		{"a part is no larger than its whole: a breakdown after an increase details the total before it",
			pub + "Năm 2024, Đảng bộ Khối có 215 mô hình “Dân vận khéo”, tăng 15 mô hình; trong đó 120 mô hình thuộc lĩnh vực cải cách hành chính.\nHuyện Bắc Sơn có 60 mô hình, tăng 9 mô hình, trong đó 5 mô hình kinh tế.",
			[]want{{215, "all", "", "organization", "", 2024}, {15, "all", "delta", "organization", "", 2024}, {120, "political_system", "", "organization", "", 2024},
				{60, "all", "", "district", "", 2024}, {9, "all", "delta", "district", "", 2024}, {5, "economy", "delta", "district", "", 2024}}},
		{"the field words of the count before are not the next count's label",
			pub + "Năm 2023, toàn tỉnh được công nhận 300 mô hình “Dân vận khéo” (trong đó 200 mô hình lĩnh vực kinh tế), tăng 40 mô hình so với năm 2022.",
			[]want{{300, "all", "other", "province", "", 2023}, {200, "economy", "other", "province", "", 2023}, {40, "all", "delta", "province", "", 2023}}},
		{"the parts of a breakdown that leave the keyword out: a label then the number, or the number then its field",
			pub + "Năm 2023, toàn tỉnh có 1.245 mô hình “Dân vận khéo”, trong đó: lĩnh vực kinh tế hơn 500, văn hóa - xã hội 301; huyện Ninh Hải 120 và TP Phan Rang - Tháp Chàm 98.\nNăm 2024, toàn tỉnh có 1.400 mô hình (gồm 600 mô hình kinh tế, 350 văn hóa - xã hội và gần 200 quốc phòng - an ninh).",
			[]want{{1245, "all", "", "province", "", 2023}, {500, "economy", "", "province", "over", 2023}, {301, "culture_society", "", "province", "", 2023},
				{120, "all", "", "district", "", 2023}, {98, "all", "", "district", "", 2023},
				{1400, "all", "", "province", "", 2024}, {600, "economy", "", "province", "", 2024}, {350, "culture_society", "", "province", "", 2024}, {200, "defense_security", "", "province", "nearly", 2024}}},
		{"a breakdown sentence after its total whose parts all leave the keyword out",
			pub + "Năm 2024, toàn tỉnh có 1.245 mô hình “Dân vận khéo”. Trong đó, lĩnh vực kinh tế 512, văn hóa - xã hội 301.\nTrong đó: huyện Cái Nước 120, huyện Thới Bình 98.",
			[]want{{1245, "all", "", "province", "", 2024}, {512, "economy", "", "province", "", 2024}, {301, "culture_society", "", "province", "", 2024},
				{120, "all", "", "district", "", 2024}, {98, "all", "", "district", "", 2024}}},
		{"a part's label may stand before a colon: \"label: number\", with or without the keyword",
			pub + "Năm 2023, toàn tỉnh có 960 mô hình “Dân vận khéo”, cụ thể: lĩnh vực kinh tế: 410 mô hình; lĩnh vực văn hóa - xã hội: 300; lĩnh vực quốc phòng - an ninh: hơn 100.\nNăm 2024, toàn tỉnh có 1.020 mô hình, trong đó: thị xã Hồng Lĩnh: 75 mô hình; huyện Can Lộc: 64; Công an tỉnh: 12; số hộ tham gia: 900.",
			[]want{{960, "all", "", "province", "", 2023}, {410, "economy", "", "province", "", 2023}, {300, "culture_society", "", "province", "", 2023}, {100, "defense_security", "", "province", "over", 2023},
				{1020, "all", "", "province", "", 2024}, {75, "all", "", "district", "", 2024}, {64, "all", "", "district", "", 2024}, {12, "all", "", "organization", "", 2024}}},
		{"the items of a bulleted list, one a line, are the parts of the count whose sentence opens the list",
			pub + "Năm 2023, toàn tỉnh có 2.700 mô hình “Dân vận khéo”, cụ thể:\n- Lĩnh vực kinh tế: 1.100 mô hình;\n- Lĩnh vực văn hóa - xã hội: 800;\n+ Huyện Hương Khê: 210;\n- Năm 2022: 600;\n- Số hộ tham gia: 2.300.\nNăm 2024, toàn tỉnh có 3.000 mô hình.\n- Huyện Kỳ Anh: 150.",
			[]want{{2700, "all", "", "province", "", 2023}, {1100, "economy", "", "province", "", 2023}, {800, "culture_society", "", "province", "", 2023},
				{210, "all", "", "district", "", 2023}, {3000, "all", "", "province", "", 2024}}},
		{"a body's capitalised word opening a sentence names a body only before a name: \"Hội nghị\" is a conference",
			"Hội nghị tổng kết phong trào thi đua “Dân vận khéo” năm 2023\n" + pub + "Năm 2023, toàn tỉnh có 1.532 mô hình “Dân vận khéo”. Sở Y tế có 32 mô hình. Hội Nông dân tỉnh có 45 mô hình.",
			[]want{{1532, "all", "", "province", "", 2023}, {32, "all", "", "organization", "", 2023}, {45, "all", "", "organization", "", 2023}}},
		{"\"mới\" or \"thêm\" right before the number makes any verb's count the newly built or added subset; \"tăng thêm\", \"có thêm\" are an increase",
			pub + "Năm 2024, toàn tỉnh có 2.000 mô hình “Dân vận khéo”; các huyện đăng ký mới ngót 300 mô hình, phát triển mới 150 mô hình, công nhận thêm 60 mô hình, tăng thêm 8 mô hình; huyện Long Mỹ có thêm 9 mô hình.",
			[]want{{2000, "all", "", "province", "", 2024}, {300, "all", "other", "province", "nearly", 2024}, {150, "all", "other", "province", "", 2024}, {60, "all", "other", "province", "", 2024},
				{8, "all", "delta", "province", "", 2024}, {9, "all", "delta", "district", "", 2024}}},
		{"a cue that defers to the document hides no body named from its second word: \"toàn Đảng bộ Khối\"",
			pub + "Năm 2023, toàn tỉnh có 1.800 mô hình “Dân vận khéo”. Toàn Đảng bộ Khối đã công nhận 20 mô hình tiêu biểu; trên toàn địa bàn có 30 mô hình mới.",
			[]want{{1800, "all", "", "province", "", 2023}, {20, "all", "other", "organization", "", 2023}, {30, "all", "other", "province", "", 2023}}},
		{"holders follow the models they hold through a cue (\"đối với\", \"cho\") within the count's own words; a new clause's are people awarded",
			pub + "Năm 2024, Ban Thường vụ Tỉnh ủy công nhận 75 mô hình “Dân vận khéo” cấp tỉnh cho 50 tập thể và 25 cá nhân. Toàn tỉnh có 820 mô hình, UBND tỉnh đã tặng bằng khen cho 20 tập thể và 15 cá nhân; Sở Nội vụ khen thưởng 30 mô hình đối với 18 tập thể và 12 cá nhân.",
			[]want{{75, "all", "other", "province", "", 2024}, {50, "all", "collective", "province", "", 2024}, {25, "all", "individual", "province", "", 2024}, {820, "all", "", "province", "", 2024},
				{30, "all", "other", "organization", "", 2024}, {18, "all", "collective", "organization", "", 2024}, {12, "all", "individual", "organization", "", 2024}}},
		{"a model that sells products is no other programme's (\"sản phẩm\" is no topic; OCOP is)",
			pub + "Năm 2024, huyện Tri Tôn có 120 mô hình “Dân vận khéo”; trong đó có 20 mô hình sản xuất nông nghiệp công nghệ cao, 15 mô hình liên kết tiêu thụ sản phẩm. Huyện cũng có 9 mô hình sản phẩm OCOP.",
			[]want{{120, "all", "", "district", "", 2024}, {20, "all", "", "district", "", 2024}, {15, "all", "", "district", "", 2024}}},
		{"a label that opens with building a field names it (\"xây dựng nông thôn mới\", \"xây dựng đô thị văn minh\"), before or after a comma",
			pub + "Năm 2024, toàn tỉnh có 500 mô hình “Dân vận khéo”. Trong xây dựng nông thôn mới có 72 mô hình. Trong xây dựng đô thị văn minh, có 31 mô hình. Trong phát triển kinh tế, xây dựng nông thôn mới có 60 mô hình.",
			[]want{{500, "all", "", "province", "", 2024}, {72, "other", "", "province", "", 2024}, {31, "other", "", "province", "", 2024}, {60, "economy", "", "province", "", 2024}}},
		{"the keyword in any case: a headline in capitals or in title case states a count",
			"HƠN 1.000 MÔ HÌNH “DÂN VẬN KHÉO” Ở KON TUM\n" + pub + "Năm 2023, toàn tỉnh có hơn 1.000 mô hình “Dân vận khéo”; huyện Sa Thầy có 120 Mô Hình.",
			[]want{{1000, "all", "", "province", "over", 2023}, {120, "all", "", "district", "", 2023}}},
		{"a part labelled by its holders alone, the number after the label, counts their models; people awarded do not",
			pub + "Năm 2024, toàn tỉnh xây dựng được 1.520 mô hình, điển hình “Dân vận khéo”; trong đó, mô hình tập thể 1.100, điển hình cá nhân 420. Tỉnh công nhận 300 mô hình, trong đó: của tập thể 200, khen thưởng cá nhân 20.",
			[]want{{1520, "all", "", "province", "", 2024}, {1100, "all", "collective", "province", "", 2024}, {420, "all", "individual", "province", "", 2024},
				{300, "all", "other", "province", "", 2024}, {200, "all", "collective", "province", "", 2024}}},
		{"a target word is no target once met: \"vượt chỉ tiêu với 612 mô hình\" states a count",
			pub + "Năm 2023, toàn tỉnh đã vượt chỉ tiêu với 612 mô hình “Dân vận khéo”; huyện Trần Văn Thời hoàn thành chỉ tiêu với 80 mô hình. Chỉ tiêu năm 2024 là 700 mô hình; chỉ tiêu mỗi xã 2 mô hình.",
			[]want{{612, "all", "", "province", "", 2023}, {80, "all", "", "district", "", 2023}}},
		{"a breakdown after an aside that closed is the count's before the aside, not the aside's",
			pub + "Năm 2023, toàn tỉnh có 1.846 mô hình “Dân vận khéo” (tăng 209 mô hình so với năm 2022), trong đó: cấp tỉnh 123 mô hình, cấp huyện 512 mô hình.\nNăm 2024, toàn tỉnh có 2.000 mô hình (tăng 154 mô hình), trong đó: lĩnh vực kinh tế 900, văn hóa - xã hội 600.",
			[]want{{1846, "all", "", "province", "", 2023}, {209, "all", "delta", "province", "", 2023}, {123, "all", "", "province", "", 2023}, {512, "all", "", "district", "", 2023},
				{2000, "all", "", "province", "", 2024}, {154, "all", "delta", "province", "", 2024}, {900, "economy", "", "province", "", 2024}, {600, "culture_society", "", "province", "", 2024}}},
		{"the previous count's words end at a conjunction too: the field before \"và\" is not the next count's",
			pub + "Năm 2024, toàn tỉnh có 850 mô hình “Dân vận khéo”, bao gồm: 400 mô hình kinh tế, 250 mô hình văn hóa - xã hội và 200 mô hình khác. Huyện Ba Bể có 90 mô hình kinh tế và văn hóa - xã hội 30 mô hình.",
			[]want{{850, "all", "", "province", "", 2024}, {400, "economy", "", "province", "", 2024}, {250, "culture_society", "", "province", "", 2024}, {200, "all", "", "province", "", 2024},
				{90, "economy", "", "district", "", 2024}, {30, "culture_society", "", "district", "", 2024}}},
		{"a part joined to the part before it by a conjunction alone shares its unit",
			pub + "Năm 2024, toàn tỉnh có 850 mô hình “Dân vận khéo”, trong đó huyện Ba Bể có 90 mô hình kinh tế và 30 mô hình văn hóa - xã hội; huyện Pác Nặm có 50 mô hình, và 20 mô hình ở các cơ quan tỉnh.",
			[]want{{850, "all", "", "province", "", 2024}, {90, "economy", "", "district", "", 2024}, {30, "culture_society", "", "district", "", 2024},
				{50, "all", "", "district", "", 2024}, {20, "all", "", "province", "", 2024}}},
		{"a number ending an item is no part unless a breakdown holds it and it names a field or a unit",
			pub + "Năm 2023, toàn tỉnh có 1.245 mô hình “Dân vận khéo”, tăng 45 so với năm 2022, thu hút 3.000; trong đó có 1.000 mô hình hoạt động hiệu quả, chiếm 80%, số hộ tham gia 2.300, thu hút 2 ngàn người.",
			[]want{{1245, "all", "", "province", "", 2023}, {1000, "all", "other", "province", "", 2023}}},
		{"a count whose keyword stands in its label before a link",
			pub + "Năm 2023, tổng số mô hình “Dân vận khéo” trên địa bàn tỉnh là 1.350, trong đó: lĩnh vực kinh tế 600, văn hóa - xã hội 400; số mô hình được công nhận: 320; số lượng mô hình của huyện Mỹ Tú đạt hơn 90. Số mô hình nhân rộng là 45 mô hình.",
			[]want{{1350, "all", "", "province", "", 2023}, {600, "economy", "", "province", "", 2023}, {400, "culture_society", "", "province", "", 2023},
				{320, "all", "other", "province", "", 2023}, {90, "all", "", "district", "over", 2023}, {45, "all", "replicated", "province", "", 2023}}},
		{"a quantifier is no count's label, a year written bare no count",
			pub + "Năm 2023, toàn tỉnh có 1.350 mô hình “Dân vận khéo”. Trong số đó, đa số mô hình của các xã là 12 tháng tuổi, đa số mô hình là 900; một số mô hình ra đời năm 2023 là 45. Số mô hình đăng ký: 2024; trong đó: lĩnh vực kinh tế 2019.",
			[]want{{1350, "all", "", "province", "", 2023}}},
		{"hundreds and halves of a scale with digits",
			pub + "Năm 2024, toàn tỉnh có 4 nghìn rưỡi mô hình “Dân vận khéo”; huyện Can Lộc có 1 nghìn 2 trăm mô hình, huyện Kỳ Anh có hàng trăm mô hình, thị xã Hồng Lĩnh có 3 trăm mô hình, xã Kỳ Tân có một trăm rưỡi mô hình.",
			[]want{{4500, "all", "", "province", "", 2024}, {1200, "all", "", "district", "", 2024}, {300, "all", "", "district", "", 2024}, {150, "all", "", "commune", "", 2024}}},
		{"an aside closed before a count neither opens a breakdown nor splits the list",
			pub + "Năm 2024, toàn tỉnh có 1.500 mô hình “Dân vận khéo”, huyện Can Lộc (gồm 13 xã, thị trấn) có 210 mô hình, thị xã Hồng Lĩnh (gồm 6 phường, xã) có 95 mô hình.",
			[]want{{1500, "all", "", "province", "", 2024}, {210, "all", "", "district", "", 2024}, {95, "all", "", "district", "", 2024}}},
		{"a list's bullet is no part of an item's label",
			pub + "Năm 2024, toàn tỉnh có 3.200 mô hình “Dân vận khéo”, trong đó:\n+ Kinh tế 1.100 mô hình;\n• Văn hóa - xã hội 800 mô hình;\n● Quốc phòng - an ninh 500 mô hình.",
			[]want{{3200, "all", "", "province", "", 2024}, {1100, "economy", "", "province", "", 2024}, {800, "culture_society", "", "province", "", 2024}, {500, "defense_security", "", "province", "", 2024}}},
		{"levels under one body's total are its own branches",
			pub + "Năm 2024, Hội Nông dân tỉnh đã xây dựng 312 mô hình “Dân vận khéo”, trong đó cấp tỉnh 12 mô hình, cấp huyện 100 mô hình, cấp cơ sở 200 mô hình.",
			[]want{{312, "all", "", "organization", "", 2024}, {12, "all", "", "organization", "", 2024}, {100, "all", "", "organization", "", 2024}, {200, "all", "", "organization", "", 2024}}},
		{"a plan is no count",
			pub + "Năm 2024, toàn tỉnh có 1.500 mô hình “Dân vận khéo”, sẽ tiếp tục nhân rộng. Dự kiến năm 2025 xây dựng thêm 300 mô hình; huyện Phú Tân sẽ có 40 mô hình mới.",
			[]want{{1500, "all", "", "province", "", 2024}}},
		{"a scaled rest after a larger scale",
			pub + "Năm 2024, toàn tỉnh có 1 vạn 2 nghìn mô hình “Dân vận khéo”; huyện Krông Pa có gần 2 nghìn mô hình, 3 triệu 5 ngàn lượt người tham gia.",
			[]want{{12000, "all", "", "province", "", 2024}, {2000, "all", "", "district", "nearly", 2024}}},
		{"the movement named elsewhere in the text does not",
			pub + "Tỉnh phát động phong trào thi đua yêu nước giai đoạn 2021 - 2025.\nNăm 2023, xã có 12 mô hình trồng lúa, trong đó 5 mô hình cho lãi cao.",
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkFigures(t, x, tc.text, tc.want) })
	}
}

// TestLongSentenceCutInAName: a sentence longer than the window read
// around a count may be cut inside the count's quoted name; the count is
// still read, whatever the offset of the cut (a synthetic corpus found a
// page where it panicked).
func TestLongSentenceCutInAName(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	// the window read forward from the first count ends, as the filler
	// grows, before, inside and after the second count's name
	for n := 500; n < 600; n++ {
		filler := strings.Repeat("á", n)
		text := "Thứ Hai, ngày 14/10/2024 | 08:10\nNăm 2021, toàn tỉnh có 12 mô hình “Dân vận khéo”, " + filler + " toàn thành phố có 351 mô hình “Dân vận khéo” được đăng ký thực hiện.\n"

		a, err := x.Text(text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range a.Figures {
			found = found || f.Value == 351
			if f.Start < 0 || f.End > len(a.Text) || a.Text[f.Start:f.End] != f.Evidence {
				t.Fatalf("filler of %d runes: figure %d offsets %d..%d outside the text or not its evidence", n, f.Value, f.Start, f.End)
			}
		}
		if !found {
			t.Errorf("filler of %d runes: 351 not read (%d figures)", n, len(a.Figures))
		}
	}
}

// TestPathologicalPage: a page of one sentence holding 100,000 counts is
// read with bounded work per count (each evidence is a window of at most
// 2×maxSentence runes), stops at the budget with a warning, and every
// figure's offsets lie inside the text and slice out its evidence.
func TestPathologicalPage(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	page := "Hậu Giang: x dân vận khéo\n\n10/02/2024 17:41\nĐến nay, toàn tỉnh có dân vận khéo " +
		strings.Repeat("1 mô hình, 2 mô hình tập thể, ", 50000) + ".\n"
	a, err := x.Text(page, Options{})
	if err != nil {
		t.Fatal(err)
	}
	budget := false
	for _, w := range a.Warnings {
		budget = budget || w.Kind == "figure_budget"
	}
	if !budget {
		t.Errorf("no figure_budget warning among %+v", a.Warnings)
	}
	if len(a.Figures) == 0 {
		t.Fatal("no figures")
	}
	for i, f := range a.Figures {
		if f.Start < 0 || f.End > len(a.Text) || f.Start > f.End || a.Text[f.Start:f.End] != f.Evidence {
			t.Fatalf("figure %d: offsets %d..%d do not slice out its evidence", i, f.Start, f.End)
		}
		if n := utf8.RuneCountInString(f.Evidence); n > 2*maxSentence+1 {
			t.Fatalf("figure %d: evidence of %d runes, over the window of %d", i, n, 2*maxSentence)
		}
	}
}

// checkFigures extracts text and compares its figures with want, in order;
// every figure's offsets must slice out its evidence. It returns the article.
func checkFigures(t *testing.T, x *Extractor, text string, want []want) *Article {
	t.Helper()
	a, err := x.Text(text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Figures) != len(want) {
		t.Fatalf("got %d figures, want %d: %+v", len(a.Figures), len(want), a.Figures)
	}
	for i, w := range want {
		f := a.Figures[i]
		year := 0
		if f.Year != nil {
			year = *f.Year
		}
		if f.Value != w.value || f.Field != w.field || f.Qualifier != w.qualifier || f.Scope != w.scope || f.Approx != w.approx || year != w.year {
			t.Errorf("figure %d = %d %s q=%q s=%s a=%q y=%d, want %+v", i, f.Value, f.Field, f.Qualifier, f.Scope, f.Approx, year, w)
		}
		if a.Text[f.Start:f.End] != f.Evidence {
			t.Errorf("figure %d: offsets %d..%d do not slice out its evidence", i, f.Start, f.End)
		}
	}
	return a
}
