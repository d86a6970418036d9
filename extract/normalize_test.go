package extract

import (
	"fmt"
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

// lowerRef is Lower written plainly: every rune whose lower case has the
// same width in UTF-8 is replaced by it; invalid bytes are kept.
func lowerRef(s string) string {
	b := []byte(s)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if lr := unicode.ToLower(r); size > 0 && r != utf8.RuneError && lr != r && utf8.RuneLen(lr) == size {
			utf8.EncodeRune(b[i:], lr)
		}
		i += size
	}
	return string(b)
}

func TestLowerMatchesReference(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x20000; r++ {
		all.WriteRune(r)
	}
	for _, s := range []string{
		all.String(),
		"ẖẗẘẙẚẛẜẝẞẟ ẠẤỞỲỸ Ǆǅǆ İ K Å \xe1\xba \xc3 A\xe1\xbbZ \xc3A \xc4Đ",
		"“Dân vận khéo” – TOÀN TỈNH",
	} {
		into := make([]byte, len(s))
		lowerInto(s, into)
		if got, want := string(into), lowerRef(s); got != want {
			t.Fatalf("lowerInto differs from the reference: %q", firstDiff(got, want))
		}
		if got, want := Lower(s), lowerRef(s); got != want {
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("Lower differs from the reference at byte %d of %q: %q, want %q", i, s[max(0, i-6):min(len(s), i+6)], got[max(0, i-6):min(len(got), i+6)], want[max(0, i-6):min(len(want), i+6)])
				}
			}
			t.Fatalf("Lower(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzLower: Lower keeps every offset and agrees with lowerRef.
func FuzzLower(f *testing.F) {
	f.Add("Đảng bộ HÒA BÌNH Ưu")
	f.Add("ẖẞ İ \xe1\xba")
	f.Add("\xc3A \xc4Đ")
	f.Fuzz(func(t *testing.T, s string) {
		got := Lower(s)
		if len(got) != len(s) {
			t.Fatalf("Lower changed the length of %q", s)
		}
		want := lowerRef(s)
		if got != want {
			t.Fatalf("Lower(%q) = %q, want %q", s, got, want)
		}
		into := make([]byte, len(s))
		lowerInto(s, into)
		if string(into) != want {
			t.Fatalf("lowerInto(%q) = %q, want %q", s, into, want)
		}
	})
}

// FuzzNormalize: normalizing twice changes nothing, and valid UTF-8 stays valid.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"tỉnh Hoà Bình", "a  b\u00a0\u00a0c\td\r\n", "Thuỷ, quý, khoẻ", "Ðà Nẵng\u200b", "oà"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
	})
}

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

// firstDiff shows where two strings of one length first differ.
func firstDiff(got, want string) string {
	for i := range got {
		if got[i] != want[i] {
			return fmt.Sprintf("at byte %d: %q, want %q", i, got[max(0, i-6):min(len(got), i+6)], want[max(0, i-6):min(len(want), i+6)])
		}
	}
	return "lengths differ"
}

// BenchmarkLower lowers the seed corpus into a buffer: "runes" decodes
// rune by rune, "into" is the two-pass lowerInto.
func BenchmarkLower(b *testing.B) {
	docs := loadSeeds(b)
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	buf := make([]byte, total)
	for _, bc := range []struct {
		name  string
		lower func(string, []byte)
	}{{"runes", func(s string, d []byte) { lowerRunes(s, d) }}, {"into", lowerInto}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(total))
			for b.Loop() {
				for _, d := range docs {
					bc.lower(d, buf[:len(d)])
				}
			}
		})
	}
}
