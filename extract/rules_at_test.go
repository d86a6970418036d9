package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

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

// FuzzPhraseAt holds phraseList.at, a walk along the phrases' trie, to its
// definition: the longest phrase that s[i:] starts with, on a word boundary
// at both ends, on the default scope cues.
func FuzzPhraseAt(f *testing.F) {
	x, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	pl := &x.scopeCues
	for _, s := range []string{"toàn tỉnh có", "toàntỉnh", "các huyện, thị xã", "tp.hcm", "xã hội", "ủy ban nhân dân tỉnh", " đảng ủy khối"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, i int) {
		if i < 0 || i > len(s) {
			return
		}
		var want phrase
		found := false
		if i < len(s) && !wordBefore(s, i) {
			for _, p := range pl.all {
				end := i + len(p.text)
				if strings.HasPrefix(s[i:], p.text) && !(wordAt(s, end) && wordBefore(p.text, len(p.text))) {
					want, found = p, true
					break
				}
			}
		}
		got, ok := pl.at(s, i)
		if ok != found || got != want {
			t.Fatalf("at(%q, %d) = %v %v, want %v %v", s, i, got, ok, want, found)
		}
	})
}

// FuzzWordBefore holds wordBefore, which reads Vietnamese letters off
// their bytes, to its definition: the rune ending at s[:i] is a word rune.
func FuzzWordBefore(f *testing.F) {
	for _, s := range []string{"người", "×÷", "ạ ỹ", "\xc3", "a\xbbb", "ɐ", "Đà"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 1; i <= len(s); i++ {
			r, _ := utf8.DecodeLastRuneInString(s[:i])
			if got, want := wordBefore(s, i), isWordRune(r); got != want {
				t.Fatalf("wordBefore(%q, %d) = %v, want %v", s, i, got, want)
			}
		}

	})
}

// FuzzRunesOn holds runesOn, which steps over continuation bytes, to
// counting decoded runes, on valid UTF-8 (the normalized text it reads).
func FuzzRunesOn(f *testing.F) {
	f.Add("Tỉnh Hậu Giang có 11.679 mô hình", 3, 7, 20)
	f.Fuzz(func(t *testing.T, s string, i, n, ceil int) {
		if !utf8.ValidString(s) || i < 0 || i > len(s) || i < len(s) && !utf8.RuneStart(s[i]) || n < 0 || n > 1000 {
			return
		}
		want := i
		for k := 0; k < n && want < min(ceil, len(s)); k++ {
			_, size := utf8.DecodeRuneInString(s[want:])
			want += size
		}
		want = min(want, ceil, len(s))
		if got := runesOn(s, i, n, ceil); got != want {
			t.Fatalf("runesOn(%q, %d, %d, %d) = %d, want %d", s, i, n, ceil, got, want)
		}
	})
}

// FuzzNextCueByte holds the cue scan's skip to what it skips: no byte it
// passes over ends a clause or starts a phrase of either scope list (in
// the lowered text for the lower-case one) after a byte that is not an
// ASCII letter or digit.
func FuzzNextCueByte(f *testing.F) {
	x, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"Toàn tỉnh có 12 mô hình", "xã hội, Hội Nông dân", "“Sở Y tế” và ĐOÀN", "aXã bĐảng; tp.HCM", "Ðảng ủy xã", "Mỗi Quận, Xã 3"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, i int) {
		if i < 0 || i > len(s) {
			return
		}
		low := newLowered(s).slice(0, len(s))
		next := nextCueByte(&x.cueBytes, s, i, len(s))
		if next < i || next > len(s) {
			t.Fatalf("nextCueByte(%q, %d) = %d", s, i, next)
		}
		for j := i; j < next; j++ {
			if strings.IndexByte(",;:.", s[j]) >= 0 {
				t.Fatalf("nextCueByte(%q, %d) = %d skips a clause's end at %d", s, i, next, j)
			}
			starts := len(low) == len(s) && x.scopeCues.mayStart(low, j) || x.scopeCased.mayStart(s, j)
			if starts && (j == 0 || !asciiWord(s[j-1])) {
				t.Fatalf("nextCueByte(%q, %d) = %d skips a cue's start at %d", s, i, next, j)
			}
		}
	})
}

// lastWordIndex is the reference for phraseList.lastIn: where the last
// occurrence of w in s standing on word boundaries starts, or -1.
func lastWordIndex(s, w string) int {
	for end := len(s); ; {
		i := strings.LastIndex(s[:end], w)
		if i < 0 {
			return -1
		}
		if !wordBefore(s, i) && !wordAt(s, i+len(w)) {
			return i
		}
		end = i
	}
}

// FuzzPhraseLastIn holds phraseList.lastIn, one pass back over s, to the
// last whole-word occurrence of any of its phrases, on the default target
// words (requirements.sentence).
func FuzzPhraseLastIn(f *testing.F) {
	x, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"phấn đấu đến năm 2025 sẽ có", "dự kiếnx sẽ", "xsẽ dự kiến,", "sự nỗ lực phấn đấu", "sẽ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := -1
		for _, p := range x.reqSentence.all {
			want = max(want, lastWordIndex(s, p.text))
		}
		if got := x.reqSentence.lastIn(s); got != want {
			t.Fatalf("lastIn(%q) = %d, want %d", s, got, want)
		}
	})
}
