package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// wrapInPage puts a plain text in a page as a provincial paper lays it out:
// a menu, the text's lines as paragraphs in an article container, a related
// list and comments that hold figures of their own.
func wrapInPage(text, title string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8">`)
	if title != "" {
		b.WriteString(`<title>` + html.EscapeString(title) + ` - Báo tỉnh</title>`)
	}
	b.WriteString(`</head><body>`)
	b.WriteString(`<nav class="menu"><a href="/">Trang chủ</a> <a href="/chinh-tri">Chính trị</a> <a href="/kinh-te">Kinh tế</a></nav>`)
	if title != "" {
		b.WriteString("<h1>" + html.EscapeString(title) + "</h1>")
	}
	b.WriteString(`<div class="detail-content">`)
	// a paragraph a line, except that a line broken inside a sentence (a
	// plain-text hard wrap: the next starts lower case) goes on, as a page
	// shows it
	var para []string
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + html.EscapeString(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || title != "" && line == title {
			flush()
			continue
		}
		if r, _ := utf8.DecodeRuneInString(line); !unicode.IsLower(r) {
			flush() // a line that starts lower case goes on the one before
		}
		para = append(para, line)
	}
	flush()
	b.WriteString(`</div><div class="tin-lien-quan"><h3>Tin liên quan</h3><a href="/x">Toàn tỉnh có 9.999 mô hình dân vận khéo</a> 08:24 13/05/2025</div>`)
	b.WriteString(`<div class="comments">Ý kiến bạn đọc: huyện có 777 mô hình dân vận khéo</div></body></html>`)
	return b.String()
}

// TestWrappedDevTexts: the figures found in each dev text are found again,
// the same, when the text is served as a page with menus, related lists and
// comments holding numbers (issue 16). It reads ../shared/corpus and skips
// where that is absent, as on a user's clone.
func TestWrappedDevTexts(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "corpus", "dev.jsonl"))
	if err != nil {
		t.Skip("no ../shared/corpus/dev.jsonl")
	}
	defer f.Close()
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	key := func(a *Article) []string {
		var out []string
		for _, f := range a.Figures {
			out = append(out, fmt.Sprintf("%d %s %s %s", f.Value, f.Field, f.Qualifier, f.Scope))
		}
		return out
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n, same := 0, 0
	for sc.Scan() {
		var rec struct{ ID, URL, Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(rec.Text[:min(len(rec.Text), 5000)]), "<body") {
			continue // already a page
		}
		n++
		opt := Options{URL: rec.URL}
		plain, err := x.Text(rec.Text, opt)
		if err != nil {
			t.Fatalf("%s: %v", rec.ID, err)
		}
		page, err := x.HTML(wrapInPage(Normalize(rec.Text), plain.Title), opt)
		if err != nil {
			t.Fatalf("%s as a page: %v", rec.ID, err)
		}
		a, b := key(plain), key(page)
		slices.Sort(a)
		slices.Sort(b)
		if strings.Join(a, "|") == strings.Join(b, "|") {
			same++
			continue
		}
		t.Logf("%s: text %v\n  page %v", rec.ID, a, b)
	}
	t.Logf("%d of %d dev texts give the same figures as pages", same, n)
	if same != n {
		t.Errorf("%d of %d dev texts give other figures as pages", n-same, n)
	}
}
