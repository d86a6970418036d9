package extract

import (
	"strings"
	"testing"
)

// atRef is phraseList.at as first written: the phrases whose first word is
// the first word at s[i:], longest first.
func atRef(pl *phraseList, s string, i int) (phrase, bool) {
	if i >= len(s) || wordBefore(s, i) {
		return phrase{}, false
	}
	fw := firstWord(s[i:])
	for _, p := range pl.all {
		if firstWord(p.text) != fw || !strings.HasPrefix(s[i:], p.text) {
			continue
		}
		if end := i + len(p.text); wordAt(s, end) && wordBefore(p.text, len(p.text)) {
			continue
		}
		return p, true
	}
	return phrase{}, false
}

// FuzzPhraseAt holds the bucketed lookup to atRef on the default scope
// cues, fields and approximators, at every offset of the input.
func FuzzPhraseAt(f *testing.F) {
	x, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"toàn tỉnh có 5 mô hình", "trên địa bàn tỉnh, tp. Hồ Chí Minh", "kinh tế - xã hội", "hơn 1.000", "t", "tp.x cấp xã"} {
		f.Add(s)
	}
	lists := map[string]*phraseList{"scopeCues": &x.scopeCues, "scopeCased": &x.scopeCased, "fields": &x.fields, "approx": &x.approx}
	f.Fuzz(func(t *testing.T, s string) {
		for name, pl := range lists {
			for i := 0; i <= len(s); i++ {
				got, gok := pl.at(s, i)
				want, wok := atRef(pl, s, i)
				if got != want || gok != wok {
					t.Fatalf("%s.at(%q, %d) = %v %v, want %v %v", name, s, i, got, gok, want, wok)
				}
			}
		}
	})
}

// FuzzPhraseIn holds phraseList.in to hasPhrase on the default blurb
// phrases (each starts with a letter, as in assumes).
func FuzzPhraseIn(f *testing.F) {
	x, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	var list []string
	for _, p := range x.blurb.all {
		list = append(list, p.text)
	}
	for _, s := range []string{"cơ quan ngôn luận của đảng bộ", "tổng biên tậpx", "xtổng biên tập", "bản quyền thuộc về báo", "ghi rõ nguồn.", "giấy phép số 12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, want := hasPhrase(s, list)
		if got := x.blurb.in(s); got != want {
			t.Fatalf("blurb.in(%q) = %v, hasPhrase says %v", s, got, want)
		}
	})
}
