package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"old tone placement", "tỉnh Hoà Bình", "tỉnh Hòa Bình"},
		{"closed syllable kept", "hoàn thành, khuyến khích", "hoàn thành, khuyến khích"},
		{"uy open", "Thuỷ lợi, Tỉnh uỷ", "Thủy lợi, Tỉnh ủy"},
		{"qu kept", "quý vị", "quý vị"},
		{"oe", "sức khoẻ", "sức khỏe"},
		{"capitals", "HOÀ BÌNH", "HÒA BÌNH"},
		{"decomposed to NFC", "Ho\u0300a Bi\u0300nh", "Hòa Bình"},
		{"eth", "Ðà Nẵng", "Đà Nẵng"},
		{"spaces", "a  b\u00a0\u00a0c\td", "a b c d"},
		{"crlf", "a\r\nb\rc", "a\nb\nc"},
		{"zero width", "mô\u200b hình", "mô hình"},
		{"zero width inside a syllable", "Ho\u200bà Bình", "Hòa Bình"},
		{"zero width before a combining mark", "Ho\u200b\u0300a", "Hòa"},
		{"invalid byte cannot join what follows", "\xe2\x80\u200b\x8b", "\ufffd\x80\x8b"},
		{"bidi controls", "\u202eDân vận khéo\u202c \u200fHậu\u2066 Giang\u2069", "Dân vận khéo Hậu Giang"},
		{"plain", "không đổi", "không đổi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldAndLower(t *testing.T) {
	tests := []struct{ in, fold, lower string }{
		{"Đảng bộ Hòa Bình", "dang bo hoa binh", "đảng bộ hòa bình"},
		{"DÂN VẬN KHÉO", "dan van kheo", "dân vận khéo"},
		{"Ưu tiên Ơn Ă Ĩ Ũ", "uu tien on a i u", "ưu tiên ơn ă ĩ ũ"},
		{"Cà Mau", "ca mau", "cà mau"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.fold {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
		}
		if got := Lower(tt.in); got != tt.lower {
			t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.lower)
		}
	}
}

// TestLowerKeepsOffsets: over every rune below U+20000 and some broken
// bytes, Lower keeps the length (every offset) and is idempotent, and where
// strings.ToLower keeps the length of valid text, the two agree.
func TestLowerKeepsOffsets(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x20000; r++ {
		all.WriteRune(r)
	}
	for _, s := range []string{
		all.String(),
		"ẖẗẘẙẚẛẜẝẞẟ ẠẤỞỲỸ Ǆǅǆ İ K Å \xe1\xba \xc3 A\xe1\xbbZ \xc3A \xc4Đ",
		"“Dân vận khéo” – TOÀN TỈNH ĐẢNG BỘ ƯU Ơ",
	} {
		checkLower(t, s)
	}
}

func checkLower(t *testing.T, s string) {
	t.Helper()
	got := Lower(s)
	if len(got) != len(s) {
		t.Fatalf("Lower changed the length of %q", s)
	}
	if Lower(got) != got {
		t.Fatalf("Lower is not idempotent on %q", s)
	}
	// strings.ToLower rune by rune, where the lower case keeps the rune's
	// length ("ẞȺ" keeps both: ß is shorter, ⱥ longer, though the two
	// lengths sum to the same)
	want := strings.Map(func(r rune) rune {
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			return l
		}
		return r
	}, s)
	if utf8.ValidString(s) && got != want {
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Lower differs from strings.ToLower at byte %d: %q, want %q", i, got[max(0, i-6):min(len(got), i+6)], want[max(0, i-6):min(len(want), i+6)])
			}
		}
	}
}

// FuzzLower: Lower keeps every offset and agrees with strings.ToLower on
// every character whose lower case keeps its length.
func FuzzLower(f *testing.F) {
	f.Add("Đảng bộ HÒA BÌNH Ưu")
	f.Add("ẖẞ İ \xe1\xba")
	f.Add("\xc3A \xc4Đ")
	f.Fuzz(checkLower)
}

// FuzzNormalize: normalizing twice changes nothing, and valid UTF-8 stays valid.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"tỉnh Hoà Bình", "a  b\u00a0\u00a0c\td\r\n", "Thuỷ, quý, khoẻ", "Ðà Nẵng\u200b", "oà", "a \u00a0 b", "\xc3\x90\xc3", "x\xe1\xbb", "ð  \u2009 ư"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fmt.Sprint(normalizeSkipping(s, plainRun, nil)), fmt.Sprint(normalizeSkipping(s, noSkip, nil)); got != want {
			t.Fatalf("the pass that skips plain runs differs from the one that looks at every byte: %q → %q, want %q", s, got, want)
		}
		var skipped, looked []int32
		normalizeSkipping(s, plainRun, &skipped)
		normalizeSkipping(s, noSkip, &looked)
		if !slices.Equal(skipped, looked) {
			t.Fatalf("%q: the pass that skips plain runs notes capitals at %v, the one that looks at every byte at %v", s, skipped, looked)
		}
		n := Normalize(s)
		var caps, want []int32
		if got := normalizeNoting(s, &caps); got != n {
			t.Fatalf("%q: noting capitals changes the result: %q, want %q", s, got, n)
		}
		if low := lowerNoting(n, &want); !slices.Equal(caps, want) || lowerAt(n, caps) != low {
			t.Fatalf("%q: normalizing noted capitals at %v, Lower changes %v", s, caps, want)
		}
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
	})
}

// FuzzFold holds Fold to folding rune by rune.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Đảng bộ HÒA BÌNH Ưu", "Hoà Bình, thuỷ", "a\xffb\xe1\xba", "A\u0301 ĐƯỜNG"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		for _, r := range toNFC(s) {
			if f, ok := FoldRune(r); ok {
				want.WriteRune(f)
			}
		}
		if got := Fold(s); got != want.String() {
			t.Fatalf("Fold(%q) = %q, rune by rune %q", s, got, want.String())
		}
	})
}

func noSkip(s string, i int, prevSpace bool) (int, bool) { return i, prevSpace }

// A lowered text hands out exactly the slice asked for, even one that ends
// inside a character, and the same bytes as Lower of the whole text.
func TestLoweredSlice(t *testing.T) {
	s := "Toàn Tỉnh CÓ 11.679 MÔ HÌNH “Dân Vận Khéo”"
	want := Lower(s)
	for _, step := range []int{1, 2, 3, 5, 7, len(s)} {
		l := newLowered(s)
		for b := step; ; b += step {
			b = min(b, len(s))
			for a := 0; a <= b; a++ {
				if got := l.slice(a, b); got != want[a:b] {
					t.Fatalf("step %d: slice(%d, %d) = %q, want %q", step, a, b, got, want[a:b])
				}
			}
			if b == len(s) {
				break
			}
		}
	}
}

// TestIsWordRuneAgreesWithUnicode: the ranges isWordRune answers without
// Unicode's tables give the tables' answer for every code point below U+2000.
func TestIsWordRuneAgreesWithUnicode(t *testing.T) {
	for r := rune(utf8.RuneSelf); r < 0x2000; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if got := isWordRune(r); got != want {
			t.Errorf("isWordRune(%U %q) = %v, Unicode says %v", r, r, got, want)
		}
	}
}
