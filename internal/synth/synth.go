// Package synth writes synthetic provincial articles for load tests and
// benchmarks. In: a seed and an index. Out: the text of one article
// (deterministic in both) with seed-like sentences, a province, a dateline,
// totals and breakdowns, related-article tails and noise.
package synth

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"

	"baotinh/extract"
)

var (
	provinces = []string{"Hậu Giang", "An Giang", "Quảng Bình", "Hòa Bình", "Cà Mau", "Yên Bái", "Thái Nguyên", "Bến Tre", "Cao Bằng",
		"Sơn La", "Quảng Nam", "Đồng Nai", "Bình Dương", "Thanh Hóa", "Nghệ An", "Lạng Sơn", "Gia Lai", "Vĩnh Long", "Tây Ninh", "Bạc Liêu"}
	openers = []string{
		"Thời gian qua, phong trào thi đua “Dân vận khéo” luôn được các cấp, các ngành tổ chức phát động và triển khai thực hiện với nhiều hình thức, cách làm hay.",
		"Công tác dân vận tiếp tục được cấp ủy đảng, chính quyền địa phương quan tâm lãnh đạo, chỉ đạo thực hiện đồng bộ, linh hoạt.",
		"Các cơ quan, đơn vị luôn chú trọng xây dựng thực hiện các mô hình, điển hình dân vận khéo trong đạo đức công vụ, cải cách hành chính.",
		"Mặt trận và các đoàn thể tiếp tục đổi mới nội dung, phương thức hoạt động, phát huy vai trò nòng cốt trong tuyên truyền, vận động đoàn viên, hội viên.",
	}
	fillers = []string{
		"Qua đó, huy động sức mạnh của Nhân dân tham gia thực hiện hiệu quả các cuộc vận động, phong trào thi đua yêu nước.",
		"Cán bộ, đảng viên, công chức, viên chức có sự chuyển biến tích cực, rõ nét về phương thức, phong cách làm việc.",
		"Nhiều hộ dân đã hiến đất, đóng góp ngày công lao động, vật kiến trúc, hoa màu để xây dựng đường giao thông nông thôn.",
		"Hội nghị có %d đại biểu tham dự, với tổng kinh phí gần %d,%d tỉ đồng.",
		"Tỷ lệ hộ nghèo giảm còn %d,%d%%, thu nhập bình quân đạt %d triệu đồng/người/năm.",
		"Ban Chỉ đạo đã tổ chức %d lớp tập huấn cho hơn %d cán bộ, công chức.",
		"Thời gian tới, cần tiếp tục đổi mới nội dung, phương thức công tác dân vận theo hướng thiết thực, hiệu quả, hướng về cơ sở.",
	}
	tails = []string{"Xem thêm", "Tin liên quan", "Ý kiến độc giả", "Gửi cho bạn bè"}
	names = []string{"GIA NGUYỄN", "MINH LÝ", "HẢI YẾN", "ĐÔNG HIẾU", "T.THỨC"}
)

// Article returns the text of synthetic article i (deterministic in seed and i).
func Article(seed int64, i int) string {
	r := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	prov := provinces[r.Intn(len(provinces))]
	day := time.Date(2019, 1, 1, 0, 0, 0, 0, extract.Vietnam).AddDate(0, 0, r.Intn(7*365))
	day = day.Add(time.Duration(r.Intn(24*60)) * time.Minute)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: Phong trào thi đua “Dân vận khéo” số %d\n\n", prov, i)
	fmt.Fprintf(&b, "%s\n", day.Format("02/01/2006 15:04"))
	b.WriteString(openers[r.Intn(len(openers))])
	b.WriteString(" ")
	for k := 0; k < 2+r.Intn(4); k++ {
		b.WriteString(filler(r))
		b.WriteString(" ")
	}
	b.WriteString("\n")
	eco, cul, def, pol := 100+r.Intn(3000), 100+r.Intn(6000), 50+r.Intn(2000), 50+r.Intn(2000)
	total := eco + cul + def + pol
	if r.Intn(5) == 0 {
		total += 1 + r.Intn(200) // some breakdowns do not add up, as in the press
	}
	switch r.Intn(3) {
	case 0:
		fmt.Fprintf(&b, "Đến nay, toàn tỉnh %s duy trì, nhân rộng và xây dựng được %s mô hình, điển hình dân vận khéo trên các lĩnh vực đời sống, xã hội. Trong đó, có %s mô hình lĩnh vực kinh tế; %s mô hình lĩnh vực văn hóa - xã hội; %s mô hình lĩnh vực quốc phòng - an ninh; riêng lĩnh vực xây dựng Đảng, hệ thống chính trị có %s mô hình.\n",
			prov, extract.FormatVN(int64(total)), extract.FormatVN(int64(eco)), extract.FormatVN(int64(cul)), extract.FormatVN(int64(def)), extract.FormatVN(int64(pol)))
	case 1:
		y := day.Year()
		coll := 20 + r.Intn(300)
		ind := 10 + r.Intn(300)
		fmt.Fprintf(&b, "Năm %d, toàn huyện có %d mô hình “Dân vận khéo”, trong đó %d mô hình tập thể và %d mô hình cá nhân.\n", y, coll+ind, coll, ind)
	default:
		fmt.Fprintf(&b, "Tính đến tháng %d/%d, tỉnh %s hiện có hơn %s mô hình “Dân vận khéo” hoạt động hiệu quả.\n", 1+r.Intn(12), day.Year(), prov, extract.FormatVN(int64(total)))
	}
	for k := 0; k < 3+r.Intn(6); k++ {
		b.WriteString(filler(r))
		b.WriteString(" ")
		if r.Intn(3) == 0 {
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "\n%s\n\n%s\n", names[r.Intn(len(names))], tails[r.Intn(len(tails))])
	for k := 0; k < 3; k++ {
		d := day.AddDate(0, 0, -k-1)
		fmt.Fprintf(&b, "Tỉnh có %d mô hình dân vận khéo mới\n%s\n", r.Intn(500), d.Format("15:04 02/01/2006"))
	}
	return b.String()
}

func filler(r *rand.Rand) string {
	f := fillers[r.Intn(len(fillers))]
	n := strings.Count(f, "%d")
	args := make([]any, n)
	for i := range args {
		args[i] = 1 + r.Intn(900)
	}
	return fmt.Sprintf(f, args...)
}

// WriteDir writes n articles as DIR/NNNNNNN.txt.
func WriteDir(dir string, seed int64, n int) error {
	return writeDir(dir, n, func(i int) string { return Article(seed, i) })
}

func writeDir(dir string, n int, article func(i int) string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("%07d.txt", i))
		if err := os.WriteFile(p, []byte(article(i)), 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}
