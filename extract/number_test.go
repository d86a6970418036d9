package extract

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestParseNumeral(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"11.679", 11679, true},
		{"1.016", 1016, true},
		{"04", 4, true},
		{"1,2", 1.2, true},
		{"406,4", 406.4, true},
		{"1.234.567", 1234567, true},
		{"225", 225, true},
		{"1.5", 1.5, true}, // a dot not followed by three digits is a decimal point
		{"1.2345", 1.2345, true},
		{"11.67", 11.67, true},
		{"1.000.00", 0, false},
		{"", 0, false},
		{"12a", 0, false},
		{"1,2,3", 0, false},
		{".5", 0, false},
		{"5.", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNumeral(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseNumeral(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrNotNumber) {
				t.Errorf("error %v does not wrap ErrNotNumber", err)
			}
			if tt.ok && got != tt.want {
				t.Errorf("ParseNumeral(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseSpelled(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"hai mươi lăm", 25, true},
		{"mười", 10, true},
		{"mười lăm", 15, true},
		{"hai mươi mốt", 21, true},
		{"hai mươi tư", 24, true},
		{"ba mươi", 30, true},
		{"chín mươi chín", 99, true},
		{"một trăm", 100, true},
		{"một trăm linh năm", 105, true},
		{"ba trăm lẻ tư", 0, false}, // "tư" only after tens
		{"chín trăm chín mươi chín", 999, true},
		{"ba trăm hai mươi", 320, true},
		{"một nghìn hai trăm", 1200, true},
		{"năm", 5, true},
		{"bảy", 7, true},
		{"mốt", 0, false},
		{"lăm", 0, false},
		{"trăm", 0, false},
		{"hai ba", 0, false},
		{"mô hình", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSpelled(strings.Fields(tt.in))
			if (err == nil) != tt.ok {
				t.Fatalf("ParseSpelled(%q) = %d, %v; want ok=%v", tt.in, got, err, tt.ok)
			}
			if tt.ok && got != tt.want {
				t.Errorf("ParseSpelled(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseNumeral(f *testing.F) {
	for _, s := range []string{"11.679", "1,2", "04", "1.000.000", "1.5", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumeral(s)
		if err == nil && (v < 0 || v != v) {
			t.Fatalf("ParseNumeral(%q) = %v", s, v)
		}
	})
}

func FuzzParseSpelled(f *testing.F) {
	for _, s := range []string{"hai mươi lăm", "một trăm linh năm", "mười", "một nghìn hai trăm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSpelled(strings.Fields(s))
		if err == nil && v < 0 {
			t.Fatalf("ParseSpelled(%q) = %d", s, v)
		}
	})
}

// FuzzNumeralTail holds numeralTail to the expression it replaces.
func FuzzNumeralTail(f *testing.F) {
	re := regexp.MustCompile(`[0-9][0-9.,]*$`)
	for _, s := range []string{"11.679", "(1,2", "187/191", "a.1", ".,5", "“3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if w == "" || w[len(w)-1] < '0' || w[len(w)-1] > '9' {
			return
		}
		if got, want := numeralTail(w), re.FindStringIndex(w)[0]; got != want {
			t.Fatalf("numeralTail(%q) = %d, want %d", w, got, want)
		}
	})
}
