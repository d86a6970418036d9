package extract

import (
	"testing"
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

func FuzzLowerKeepsOffsets(f *testing.F) {
	f.Add("Đảng bộ HÒA BÌNH Ưu")
	f.Fuzz(func(t *testing.T, s string) {
		if len(Lower(s)) != len(s) {
			t.Fatalf("Lower changed the length of %q", s)
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
