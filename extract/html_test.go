package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

func TestHTMLPages(t *testing.T) {
	x, _ := Default()
	tests := []struct {
		file, title, published, province string
		values                           []int64
	}{
		{"baohaugiang.html", "Phong trào “Dân vận khéo”: 11.679 mô hình, điển hình", "2024-09-24T05:46:00+07:00", "Hậu Giang",
			[]int64{11679, 2821, 5521, 1641, 1876}},
		{"baoquangbinh.html", "Quảng Bình: Hiệu quả của phong trào thi đua 'Dân vận khéo'", "2024-06-09T16:30:00+07:00", "Quảng Bình",
			[]int64{225, 108, 117}},
		{"baohoabinh.html", "Nhiệm vụ trọng tâm thực hiện Phong trào thi đua “Dân vận khéo”", "2024-07-23T16:19:00+07:00", "Hòa Bình",
			[]int64{11441, 4034, 709, 1850, 1016, 459, 132}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "html", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			page, err := DecodeHTML(raw, "text/html")
			if err != nil {
				t.Fatal(err)
			}
			a, err := x.HTML(page, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title = %q, want %q", a.Title, tt.title)
			}
			if a.Published.String() != tt.published {
				t.Errorf("published = %s, want %s", a.Published, tt.published)
			}
			if a.Province != tt.province {
				t.Errorf("province = %q, want %q", a.Province, tt.province)
			}
			var got []int64
			for _, f := range a.Figures {
				got = append(got, f.Value)
			}
			if len(got) != len(tt.values) {
				t.Fatalf("figures %v, want %v\nbody:\n%s", got, tt.values, a.Body())
			}
			for i := range got {
				if got[i] != tt.values[i] {
					t.Errorf("figure %d = %d, want %d", i, got[i], tt.values[i])
				}
			}
			body := a.Body()
			for _, junk := range []string{"Trang chủ", "999", "124 hồ sơ", "Giấy phép", "var x", "Xem nhiều nhất"} {
				if strings.Contains(body, junk) {
					t.Errorf("body keeps %q:\n%s", junk, body)
				}
			}
		})
	}
}

func TestDecodeHTMLWindows1258(t *testing.T) {
	src := `<html><head><meta charset="windows-1258"></head><body><p>Toàn tỉnh có 1.200 mô hình dân vận khéo.</p></body></html>`
	enc := encode1258(t, src)
	page, err := DecodeHTML([]byte(enc), "")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := Default()
	a, err := x.HTML(page, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Figures) != 1 || a.Figures[0].Value != 1200 {
		t.Fatalf("figures = %+v; text %q", a.Figures, a.Text)
	}
}

func TestCheckText(t *testing.T) {
	for name, in := range map[string][]byte{
		"empty":  []byte(" \n\t"),
		"binary": {0x89, 'P', 'N', 'G', 0, 0, 0},
		"latin1": []byte("Ho\xe0 B\xecnh"),
	} {
		if _, err := CheckText(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if s, err := CheckText([]byte("\uFEFFHòa Bình")); err != nil || s != "Hòa Bình" {
		t.Errorf("BOM: %q, %v", s, err)
	}
}

func FuzzHTML(f *testing.F) {
	files, _ := filepath.Glob("testdata/html/*.html")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(string(b))
	}
	f.Add("<p>Toàn tỉnh có <b>1.200</b> mô hình<table><td>dân vận khéo")
	x, _ := Default()
	f.Fuzz(func(t *testing.T, s string) {
		a, err := x.HTML(s, Options{})
		if err != nil {
			return
		}
		checkInBody(t, a)
	})
}

// checkInBody: every figure lies inside the stored body and its evidence is
// that slice of the text.
func checkInBody(t *testing.T, a *Article) {
	t.Helper()
	if a.BodyStart < 0 || a.BodyStart > a.BodyEnd || a.BodyEnd > len(a.Text) {
		t.Fatalf("body [%d,%d) of %d", a.BodyStart, a.BodyEnd, len(a.Text))
	}
	for _, fg := range a.Figures {
		if fg.Start < a.BodyStart || fg.End > a.BodyEnd || fg.Start > fg.End || a.Text[fg.Start:fg.End] != fg.Evidence {
			t.Fatalf("figure %d..%d (%q) outside the body [%d,%d)", fg.Start, fg.End, fg.Evidence, a.BodyStart, a.BodyEnd)
		}
	}
}

// TestLeadParagraph: an article container whose first paragraph is short
// and holds the figures keeps it in the body (issue 14.5), and the
// figures' offsets lie inside the body.
func TestLeadParagraph(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	page := `<html><head><title>Dân vận khéo - Báo Hậu Giang</title></head><body>
<h1>Hậu Giang có 300 mô hình dân vận khéo</h1><div class="date">Thứ Ba, ngày 24/09/2024 | 05:46</div>
<div class="detail-content"><p>Đến nay, toàn tỉnh có 300 mô hình “Dân vận khéo”, trong đó có 120 mô hình lĩnh vực kinh tế.</p>
<p>` + strings.Repeat("Các mô hình được triển khai rộng khắp, phù hợp với thực tế địa phương. ", 4) + `</p></div></body></html>`
	a, err := x.HTML(page, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Body(), "Đến nay, toàn tỉnh có 300 mô hình") || len(a.Figures) != 2 {
		t.Fatalf("body %q with %d figures, want the lead paragraph first and 2 figures", a.Body()[:min(80, len(a.Body()))], len(a.Figures))
	}
	checkInBody(t, a)
}

// encode1258 writes s in windows-1258, which has the vowels with their
// shape (â, ơ, ư …) precomposed and the five tones as combining marks.
func encode1258(t *testing.T, s string) string {
	t.Helper()
	e := charmap.Windows1258.NewEncoder()
	var b strings.Builder
	for _, r := range s {
		if out, err := e.String(string(r)); err == nil {
			b.WriteString(out)
			continue
		}
		var tone []rune
		var base []rune
		for _, c := range norm.NFD.String(string(r)) {
			switch c {
			case 0x0300, 0x0301, 0x0303, 0x0309, 0x0323:
				tone = append(tone, c)
			default:
				base = append(base, c)
			}
		}
		out, err := e.String(norm.NFC.String(string(base)) + string(tone))
		if err != nil {
			t.Fatalf("windows-1258 cannot write %q: %v", r, err)
		}
		b.WriteString(out)
	}
	return b.String()
}

func TestDecodeHTMLTrustsValidUTF8(t *testing.T) {
	// saved again as UTF-8, still declaring its old charset
	page := `<html><head><meta charset="windows-1258"></head><body><p>Toàn tỉnh Hòa Bình có 1.200 mô hình dân vận khéo.</p></body></html>`
	got, err := DecodeHTML([]byte(page), "")
	if err != nil || !strings.Contains(got, "Hòa Bình") {
		t.Fatalf("%v %q", err, got)
	}
}

// A page declared UTF-8 (header or meta) with one stray byte is read as
// UTF-8, the byte a U+FFFD, with a warning; a page that declares nothing
// and is not UTF-8 is read in the Vietnamese code page.
func TestDecodeHTMLStrayByte(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	page := "<html><head><meta charset=\"utf-8\"><title>Dân vận khéo</title></head><body><h1>Dân vận khéo ở Hậu Giang</h1>" +
		"<p>Thứ Ba, ngày 24/09/2024 | 05:46</p><div class=\"detail-content\"><p>Năm 2023, toàn tỉnh có 300 mô hình “Dân vận khéo”\xff, trong đó có 120 mô hình lĩnh vực kinh tế. " +
		strings.Repeat("Các mô hình được triển khai rộng khắp, phù hợp với thực tế địa phương. ", 6) + "</p></div></body></html>"
	for _, ct := range []string{"", "text/html; charset=utf-8"} {
		a, err := x.Page(Page{Raw: []byte(page), ContentType: ct, HTML: true}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "Dân vận khéo ở Hậu Giang" || len(a.Figures) != 2 {
			t.Errorf("content type %q: title %q, %d figures, want the headline and 2", ct, a.Title, len(a.Figures))
		}
		if len(a.Warnings) == 0 || a.Warnings[0].Kind != "invalid_utf8" || !strings.Contains(a.Warnings[0].Message, "1 bytes") {
			t.Errorf("content type %q: warnings %+v, want invalid_utf8 for 1 byte", ct, a.Warnings)
		}
	}
	undeclared := encode1258(t, `<html><body><p>Toàn tỉnh có 1.200 mô hình dân vận khéo.</p></body></html>`)
	s, err := DecodeHTML([]byte(undeclared), "")
	if err != nil || !strings.Contains(Normalize(s), "Toàn tỉnh có 1.200 mô hình") {
		t.Errorf("undeclared windows-1258: %q, %v", s, err)
	}
}

// TestDeepPage: a page nested deeper than the parser's 512 elements is read
// as far as possible, not skipped (issue 14.10).
func TestDeepPage(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	page := "<html><body><h1>Dân vận khéo ở Hậu Giang</h1><div class=\"detail-content\"><p>Năm 2023, toàn tỉnh có 300 mô hình “Dân vận khéo”. " +
		strings.Repeat("Các mô hình được triển khai rộng khắp. ", 8) + "</p>" +
		strings.Repeat("<div>", 2000) + "<p>Huyện có 40 mô hình “Dân vận khéo”.</p>" + strings.Repeat("</div>", 2000) + "</div></body></html>"
	a, err := x.HTML(page, Options{})
	if err != nil {
		t.Fatalf("a page nested 2000 deep: %v", err)
	}
	if a.Title != "Dân vận khéo ở Hậu Giang" || len(a.Figures) != 2 {
		t.Errorf("title %q, %d figures %+v, want 2", a.Title, len(a.Figures), a.Figures)
	}
}

// TestNeverSilentlyEmpty: a page whose body is empty or very short is an
// article with a short_body warning, not an error; a page whose configured
// body selector matches nothing is read by the general rule and flagged
// (issue 16.3).
func TestNeverSilentlyEmpty(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	kinds := func(a *Article) string {
		var k []string
		for _, w := range a.Warnings {
			k = append(k, w.Kind)
		}
		return strings.Join(k, ",")
	}
	empty := `<html><head><title>Dân vận khéo ở Hậu Giang - Báo Hậu Giang</title></head><body><h1>Dân vận khéo ở Hậu Giang</h1><div class="video-player"></div></body></html>`
	a, err := x.HTML(empty, Options{})
	if err != nil {
		t.Fatalf("an empty body is an error: %v", err)
	}
	if a.Title != "Dân vận khéo ở Hậu Giang" || !strings.Contains(kinds(a), WarnShortBody) {
		t.Errorf("title %q, warnings %q: want the headline and %s", a.Title, kinds(a), WarnShortBody)
	}
	body := strings.Repeat("Năm 2023, toàn tỉnh có 300 mô hình “Dân vận khéo” được triển khai rộng khắp ở các địa phương. ", 5)
	page := `<html><body><h1>Dân vận khéo ở Hậu Giang</h1><div class="noi-dung"><p>` + body + `</p></div></body></html>`
	a, err = x.HTML(page, Options{Selectors: &Selectors{Body: ".detail-content"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Body(), "300 mô hình") || len(a.Figures) != 1 || kinds(a) != "selectors_missed" {
		t.Errorf("body %q, %d figures, warnings %q: want the body read, its figure, and selectors_missed only", a.Body(), len(a.Figures), kinds(a))
	}
}

// TestArticleEvidence: what a page's markup must show to be taken as an
// article, with and without the source's pattern naming it; and every real
// saved page in ../shared/pages shows it (skipped where that folder is
// absent, as on a user's clone).
func TestArticleEvidence(t *testing.T) {
	body := "<p>" + strings.Repeat("Phong trào thi đua được triển khai rộng khắp ở cơ sở. ", 4) + "</p>"
	for _, c := range []struct {
		name, page string
		sel        *Selectors
		named      bool
		want       bool
	}{
		{"og:type", `<meta property="og:type" content="article"><p>x</p>`, nil, false, true},
		{"JSON-LD list of types", `<script type="application/ld+json">{"@type":["WebPage","NewsArticle"]}</script>`, nil, false, true},
		{"headline, date and body", `<h1>Tin</h1><time datetime="2024-07-23T10:00:00+07:00">23/07/2024</time>` + body, nil, false, true},
		{"no date, off the pattern", `<h1>Tin</h1>` + body, nil, false, false},
		{"no headline, off the pattern", `<div class="date">23/07/2024 10:00</div>` + body, nil, false, false},
		{"short body, off the pattern", `<h1>Tin</h1><div class="date">23/07/2024 10:00</div><p>Ngắn.</p>`, nil, false, false},
		{"short body, named by the pattern", `<h1>Tin</h1><div class="date">23/07/2024 10:00</div><p>Ngắn.</p>`, nil, true, true},
		{"a dateline as a paragraph", `<h1>Tin</h1><p>24/09/2024 05:46</p>` + body, nil, false, true},
		{"error page named by the pattern", `<h1>Không tìm thấy trang</h1><p>Bài viết không tồn tại.</p>`, nil, true, false},
		{"the source's selectors", `<div class="tieu-de">Tin</div><div class="ngay">Thứ Ba, 23/07/2024</div>` + body, &Selectors{Title: ".tieu-de", Date: ".ngay"}, false, true},
	} {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + c.page + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		if got, why := ArticleEvidence(doc, c.sel, c.named); got != c.want {
			t.Errorf("%s: %v (%s), want %v", c.name, got, why, c.want)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "pages", "pages", "*.html"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if ok, why := ArticleEvidence(doc, nil, false); !ok {
			t.Errorf("%s: not an article by its markup (%s)", filepath.Base(f), why)
		}
	}
}

// looksHTMLRef is looksHTML as first written: the head lowered, then searched.
func looksHTMLRef(b []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 5000)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) || bytes.Contains(head, []byte("<body"))
}

func FuzzLooksHTML(f *testing.F) {
	for _, s := range []string{"<!DOCTYPE HTML><p>x", "  <Html lang=vi>", "text <BODY>", "Toàn tỉnh có 11.679 mô hình", "a < b <bod", "<", "<bodY"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := looksHTML(b), looksHTMLRef(b); got != want {
			t.Fatalf("looksHTML(%q) = %v, want %v", b, got, want)
		}
	})
}
