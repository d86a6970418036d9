package extract

import "testing"

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
