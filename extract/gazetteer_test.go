package extract

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGazetteerUnits(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	g := x.Gazetteer()
	ps := g.Provinces()
	if len(ps) != 63 {
		t.Errorf("%d old units, want 63", len(ps))
	}
	now := map[string]bool{}
	for _, p := range ps {
		now[p.Now] = true
	}
	if len(now) != 34 {
		t.Errorf("%d current units, want 34: %v", len(now), now)
	}
}

func TestGazetteerLookup(t *testing.T) {
	x, _ := Default()
	g := x.Gazetteer()
	tests := []struct{ in, old, now string }{
		{"Hoà Bình", "Hòa Bình", "Phú Thọ"},
		{"hoa binh", "Hòa Bình", "Phú Thọ"},
		{"tỉnh Hậu Giang", "Hậu Giang", "Cần Thơ"},
		{"TP.HCM", "TP Hồ Chí Minh", "Hồ Chí Minh"},
		{"Sài Gòn", "TP Hồ Chí Minh", "Hồ Chí Minh"},
		{"Thừa Thiên - Huế", "Thừa Thiên Huế", "Huế"},
		{"Bà Rịa–Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"},
		{"Đắc Lắc", "Đắk Lắk", "Đắk Lắk"},
		{"quang binh", "Quảng Bình", "Quảng Trị"},
	}
	for _, tt := range tests {
		p, ok := g.Lookup(tt.in)
		if !ok || p.Name != tt.old || p.Now != tt.now {
			t.Errorf("Lookup(%q) = %+v, %v; want %s → %s", tt.in, p, ok, tt.old, tt.now)
		}
	}
	if _, ok := g.Lookup("Atlantis"); ok {
		t.Error("Lookup(Atlantis) found something")
	}
	old, cur, ok := g.Resolve("Cần Thơ")
	if !ok || cur != "Cần Thơ" || !slices.Contains(old, "Hậu Giang") || !slices.Contains(old, "Sóc Trăng") || len(old) != 3 {
		t.Errorf("Resolve(Cần Thơ) = %v, %q, %v", old, cur, ok)
	}
	old, cur, ok = g.Resolve("Hậu Giang")
	if !ok || cur != "" || len(old) != 1 || old[0] != "Hậu Giang" {
		t.Errorf("Resolve(Hậu Giang) = %v, %q, %v", old, cur, ok)
	}
}

func TestArticleProvince(t *testing.T) {
	x, _ := Default()
	tests := []struct {
		name, text, opt, want, from string
	}{
		{"configured wins", "Quảng Bình: tin\n\nMột đoạn văn về tỉnh Hòa Bình.", "Hậu Giang", "Hậu Giang", "config"},
		{"title", "Quảng Bình: Hiệu quả phong trào thi đua\n\n2024-06-09 16:30:00\nĐoạn văn bản tin tức nhắc tỉnh Hòa Bình hai lần, tỉnh Hòa Bình.", "", "Quảng Bình", "title"},
		{"body mention", "Tin tức nhắc tới tỉnh Hòa Bình và các huyện của tỉnh.", "", "Hòa Bình", "body"},
		{"district only", "Tại huyện Tri Tôn, phong trào được triển khai rộng khắp.", "", "An Giang", "body"},
		{"ambiguous district ignored", "Tại huyện Châu Thành, phong trào được triển khai.", "", "", ""},
		{"former unit ignored", "Tại phường Thủ Dầu Một (Bình Dương cũ), TP.HCM có nhiều mô hình.", "", "TP Hồ Chí Minh", "body"},
		{"byline in capitals ignored", "Công an tỉnh coi trọng công tác dân vận.\n\nTHÁI BÌNH", "", "", ""},
		{"person not a city", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.", "", "", ""},
		{"site credit", "Công tác dân vận được quan tâm.\n\n(baoangiang.com.vn)", "", "An Giang", "hint"},
		{"site credit with a prefix and a suffix of the rules", "Công tác dân vận được quan tâm.\n\nNguồn: tapchicanthotv.vn", "", "Cần Thơ", "hint"},
		{"dateline code", "Tiêu đề một bài báo về dân vận\n\n(HG) - Ban Dân vận Tỉnh ủy cho biết, công tác dân vận được quan tâm.", "", "Hậu Giang", "hint"},
		{"eth for Đ", "Thành phố Ðà Nẵng phát huy truyền thống.", "", "Đà Nẵng", "body"},
		{"a page on many provinces is about none", "Cả nước có nhiều cách làm hay: Quảng Ngãi có 2.400 mô hình, Lào Cai có 1.100 mô hình, Cà Mau có 950 mô hình.", "", "", ""},
		{"a province's own districts make it stand out among the ones it visits", "Đoàn công tác tỉnh Bạc Liêu học tập kinh nghiệm tại Sóc Trăng và Cà Mau. Tại huyện Hồng Dân, phong trào được triển khai.", "", "Bạc Liêu", "body"},
		{"one province standing out among others", "Tỉnh Quảng Ngãi học tập kinh nghiệm của Lào Cai và Cà Mau. Quảng Ngãi có 2.400 mô hình; Quảng Ngãi tiếp tục nhân rộng.", "", "Quảng Ngãi", "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.Text(tt.text, Options{Province: tt.opt})
			if err != nil {
				t.Fatal(err)
			}
			if a.Province != tt.want || a.ProvinceFrom != tt.from {
				t.Errorf("province = %q from %q, want %q from %q", a.Province, a.ProvinceFrom, tt.want, tt.from)
			}
		})
	}
}

// TestFormerUnitsOnly: a text that names only former units settles the old
// province and the current one it is part of (LABELS.md: "Bình Dương
// (cũ)", a former district); beside a current unit it is ignored (above),
// unless it is the one province named as such ("tỉnh Đắk Nông (cũ)") and
// the current unit is the one it is part of now.
func TestFormerUnitsOnly(t *testing.T) {
	x, _ := Default()
	for _, tt := range []struct{ text, want, now string }{
		{"Năm 2025, tỉnh Bình Dương (cũ) có 900 mô hình dân vận khéo.", "Bình Dương", "Hồ Chí Minh"},
		{"Năm 2025, khu vực thị xã Ngã Bảy cũ có 61 mô hình dân vận khéo.", "Hậu Giang", "Cần Thơ"},
		// the one province named as it was, beside the current unit it is part of
		{"Năm 2025, tỉnh Đắk Nông (cũ) có 800 mô hình dân vận khéo, nay thuộc tỉnh Lâm Đồng.", "Đắk Nông", "Lâm Đồng"},
		// two of them: the text covers the current unit
		{"Năm 2025, toàn tỉnh Lâm Đồng có 5.000 mô hình; riêng tỉnh Đắk Nông (cũ) có 800 mô hình, tỉnh Bình Thuận (cũ) có 1.200 mô hình.", "Lâm Đồng", "Lâm Đồng"},
	} {
		a, err := x.Text(tt.text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Province != tt.want || a.ProvinceNow != tt.now {
			t.Errorf("%q: province %q / %q, want %q / %q", tt.text, a.Province, a.ProvinceNow, tt.want, tt.now)
		}
	}
}

// TestMergedUnitUnsettled: a text published after 1 July 2025 that names a
// current unit made of several old ones, by the name one of them had,
// covers the current unit only; a former district or "(cũ)" settles the
// old one; a unit no merger changed, a date before the merger or a
// configured province keep the old unit (LABELS.md, province_now).
func TestMergedUnitUnsettled(t *testing.T) {
	x, _ := Default()
	after, before := "Thứ Tư, ngày 10/09/2025 | 08:10\n", "Thứ Hai, ngày 09/06/2025 | 08:10\n"
	for _, tt := range []struct{ name, text, opt, want, now string }{
		{"the merged unit's name after the merger", "Tây Ninh: lan tỏa phong trào “Dân vận khéo”\n" + after + "Năm 2025, toàn tỉnh có 1.500 mô hình.", "", "", "Tây Ninh"},
		{"a former district settles the old unit", "Tây Ninh: lan tỏa phong trào “Dân vận khéo”\n" + after + "Năm 2025, huyện Trảng Bàng có 90 mô hình.", "", "Tây Ninh", "Tây Ninh"},
		{"the unit as it was settles it", "Mô hình “Dân vận khéo” ở Hưng Yên (cũ)\n" + after + "Năm 2025, tỉnh Hưng Yên (cũ) có 700 mô hình.", "", "Hưng Yên", "Hưng Yên"},
		{"an old unit's own name", "Hậu Giang: lan tỏa phong trào “Dân vận khéo”\n" + after + "Năm 2025, toàn tỉnh có 640 mô hình.", "", "Hậu Giang", "Cần Thơ"},
		{"a unit no merger changed", "Cao Bằng: lan tỏa phong trào “Dân vận khéo”\n" + after + "Năm 2025, toàn tỉnh có 410 mô hình.", "", "Cao Bằng", "Cao Bằng"},
		{"before the merger", "Tây Ninh: lan tỏa phong trào “Dân vận khéo”\n" + before + "Năm 2025, toàn tỉnh có 1.500 mô hình.", "", "Tây Ninh", "Tây Ninh"},
		{"a configured province", "Tây Ninh: lan tỏa phong trào “Dân vận khéo”\n" + after + "Năm 2025, toàn tỉnh có 1.500 mô hình.", "Tây Ninh", "Tây Ninh", "Tây Ninh"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.Text(tt.text, Options{Province: tt.opt})
			if err != nil {
				t.Fatal(err)
			}
			if a.Province != tt.want || a.ProvinceNow != tt.now {
				t.Errorf("province %q / %q, want %q / %q", a.Province, a.ProvinceNow, tt.want, tt.now)
			}
			// the counts still read "toàn tỉnh" as the province
			for _, f := range a.Figures {
				if f.Scope != "province" && f.Value > 100 {
					t.Errorf("%d: scope %s, want province", f.Value, f.Scope)
				}
			}
		})
	}
}

func mustRules(tb testing.TB) *Rules {
	tb.Helper()
	r, err := DefaultRules()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// TestPlacePrefixesAreRules: the administrative words before a place name
// come from the rules: a district's name is a mention after a district
// word only, a province named as such weighs most, and a rules file can
// change both; an unknown kind is refused.
func TestPlacePrefixesAreRules(t *testing.T) {
	def, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	text := "Ở huyện Tri Tôn có 12 mô hình; tỉnh An Giang có 300 mô hình."
	scan := func(r *Rules) []mention {
		g := New(r).gaz
		return g.scan(text, 0, len(text))
	}
	ms := scan(def)
	if len(ms) != 2 || !ms[0].district || ms[0].prefix != "huyện" || !ms[1].named || ms[1].prefix != "tỉnh" {
		t.Fatalf("embedded rules: %+v", ms)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "r.yaml")
	os.WriteFile(f, []byte("replace: [place_prefixes]\nplace_prefixes:\n  other: [huyện, tỉnh]\n"), 0o644)
	r, err := LoadRules(f)
	if err != nil {
		t.Fatal(err)
	}
	if ms := scan(r); len(ms) != 1 || ms[0].district || ms[0].named || ms[0].prefix != "tỉnh" {
		t.Errorf("huyện and tỉnh as other words: %+v, want only the province, recognised but not named as such", ms)
	}
	os.WriteFile(f, []byte("place_prefixes:\n  county: [hạt]\n"), 0o644)
	if _, err := LoadRules(f); err == nil || !strings.Contains(err.Error(), "county") {
		t.Errorf("an unknown kind: %v", err)
	}
}

// scanWords is the gazetteer's scan as first written: word by word, every
// word looked up. FuzzScan holds the scan to it.
func scanWords(g *Gazetteer, s string, from, to int) []mention {
	var out []mention
	for i := from; i < to; {
		fw := firstWord(s[i:])
		if fw == "" {
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			continue
		}
		if wordBefore(s, i) {
			i += len(fw)
			continue
		}
		if m, ok := g.nameAt(s, i, to); ok {
			out = append(out, m)
			i = m.end
			continue
		}
		i += len(fw)
	}
	return out
}

// FuzzScan: looking only where a name's first byte starts a word finds what
// looking at every word finds, and so does looking only at the capitals
// lowering noted.
func FuzzScan(f *testing.F) {
	x, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	g := x.Gazetteer()
	for _, s := range []string{
		"huyện Châu Thành, tỉnh Hậu Giang; TP.HCM và Bà Rịa - Vũng Tàu",
		"xã Đông Hòa (cũ) thuộc Hòa Bình, Thừa Thiên Huế",
		"ĐàNẵng \xc3Hà Nội\xe1\xbaAn Giang İstanbul",
		"Cần Thơcũ, Long An-Tây Ninh",
	} {
		f.Add(s, 0, len(s))
		f.Add(s, 3, len(s)-2)
	}
	f.Fuzz(func(t *testing.T, s string, from, to int) {
		if from < 0 || to > len(s) || from > to {
			return
		}
		got, want := g.scan(s, from, to), scanWords(g, s, from, to)
		if !slices.Equal(got, want) {
			t.Fatalf("scan(%q, %d, %d) = %+v, word by word %+v", s, from, to, got, want)
		}
		if caps := g.scanCapitals(s, newLowered(s).capitals(), from, to); !slices.Equal(caps, want) {
			t.Fatalf("scanCapitals(%q, %d, %d) = %+v, word by word %+v", s, from, to, caps, want)
		}
	})
}
