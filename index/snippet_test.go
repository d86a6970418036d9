package index

import (
	"strings"
	"testing"
	"unicode/utf8"

	"baotinh/extract"
)

// foldMap is the table origOffsets replaces: for every byte of the folded
// text (and one past its end), the byte offset in text it came from.
func foldMap(text string) (string, []int) {
	var b strings.Builder
	orig := make([]int, 0, len(text)+1)
	for i, r := range text {
		f, ok := extract.FoldRune(r)
		if !ok {
			continue
		}
		for range utf8.RuneLen(f) {
			orig = append(orig, i)
		}
		b.WriteRune(f)
	}
	return b.String(), append(orig, len(text))
}

// foldText is the fold of a whole text.
func foldText(text string) string {
	var b strings.Builder
	foldInto(&b, text)
	return b.String()
}

// FuzzOrigOffsets holds foldText and origOffsets to the table of every
// folded byte's origin.
func FuzzOrigOffsets(f *testing.F) {
	for _, s := range []string{"Đảng bộ HÒA BÌNH có 11.679 mô hình", "Hoà Bình, thuỷ", "a\u0301 \xffb\xe1\xba ĐƯỜNG", "", "ﬁ ẞ İ K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		want, orig := foldMap(text)
		folded := foldText(text)
		if folded != want {
			t.Fatalf("foldText(%q) = %q, want %q", text, folded, want)
		}
		all := make([]int, 0, len(folded)+1)
		for k := len(folded); k >= 0; k-- { // in any order
			all = append(all, k)
		}
		got := origOffsets(text, all)
		for k := 0; k <= len(folded); k++ {
			if got[k] != orig[k] {
				t.Fatalf("%q: folded offset %d comes from %d, want %d", text, k, got[k], orig[k])
			}
		}
	})
}

// TestSnippetMarksMatchesInText: the marks land on the original words,
// with their diacritics, however the query was typed.
func TestSnippetMarksMatchesInText(t *testing.T) {
	body := "Toàn tỉnh có 11.679 mô hình “Dân vận khéo”. Huyện Hoà Bình có 320 mô hình, Thị xã Long Mỹ 150."
	tests := []struct {
		query string
		want  string
	}{
		{"hoa binh", "<mark>Hoà</mark> <mark>Bình</mark>"},
		{"\"mô hình\"", "11.679 <mark>mô</mark> <mark>hình</mark>"},
		{"dan van", "“<mark>Dân</mark> <mark>vận</mark> khéo”"},
		{"long my", "Thị xã <mark>Long</mark> <mark>Mỹ</mark> 150."},
	}
	for _, tt := range tests {
		got := Snippet(body, parseQuery(tt.query), 160)
		if !strings.Contains(got, tt.want) {
			t.Errorf("Snippet(%q) = %q, want it to hold %q", tt.query, got, tt.want)
		}
	}
}

// FuzzSnippetFoldsEnough holds Snippet, which folds a prefix of the text
// and maps back only the matches near the first, to the snippet of every
// match in the whole folded text.
func FuzzSnippetFoldsEnough(f *testing.F) {
	long := strings.Repeat("Các cấp hội phụ nữ xây dựng mô hình. ", 120)
	for _, c := range []struct{ text, query string }{
		{long + "Toàn tỉnh có 11.679 mô hình “Dân vận khéo”.", "dan van kheo"},
		{long + "dân vận khéo", `"mô hình dân"`},
		{long + "xây dựng mô hình dân vận", "mô hình dân"},                          // the phrase only past the first fold
		{"ab " + strings.Repeat("中", 60) + " ab " + strings.Repeat("中", 900), "ab"}, // three bytes a rune
		{"Hoà Bình " + long + "hoà bình", "hòa bình"},
		{long, "mo hinh"},
		{long, "hinh xay*"},
		{strings.Repeat("x", snippetFold-1) + "ậy dân", "xay dan"},
		{strings.Repeat("ạ", snippetFold/3) + "a dân", "a"},
		{"a\u0301 \xffb\xe1\xba ĐƯỜNG", "duong"},
	} {
		f.Add(c.text, c.query, 160)
	}
	f.Fuzz(func(t *testing.T, text, query string, width int) {
		width = 1 + abs(width)%400
		terms := parseQuery(query)
		if len(terms) == 0 {
			return
		}
		folded := foldText(text)
		phraseAt := -1
		if _, fw := phraseOf(terms); len(fw) > 1 {
			phraseAt = indexWord(folded, strings.Join(fw, " "))
		}
		want := snippetAt(text, matches(folded, terms), phraseAt, width)
		if got := Snippet(text, terms, width); got != want {
			t.Fatalf("Snippet(%q, %q, %d) = %q, want %q", text, query, width, got, want)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
