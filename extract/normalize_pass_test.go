package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// normalizePassRef is normalizePass as first written: cleanSpaces and fixTones in one pass over the bytes,
// copying only when something changes; most bytes cost one table lookup.
// It reports whether it dropped an invisible character. A byte that does
// not start a valid character becomes U+FFFD, so that dropping what
// follows it cannot make it part of a new one.
func normalizePassRef(s string) (string, bool) {
	dropped := false
	var b strings.Builder
	last := 0
	emit := func(i int, rep string, skip int) {
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + skip
	}
	prevSpace := false
	for i := 0; i < len(s); {
		// the two common classes first, as plain branches: a jump table over
		// every byte cost a third of the pass in mispredictions
		k := byteClass[s[i]]
		if k == clsPlain {
			prevSpace = false
			i++
			continue
		}
		if k == clsSpace {
			if prevSpace {
				emit(i, "", 1)
			}
			prevSpace = true
			i++
			continue
		}
		switch k {
		case clsCR:
			if i+1 < len(s) && s[i+1] == '\n' {
				emit(i, "", 1)
			} else {
				emit(i, "\n", 1)
			}
			prevSpace = false
			i++
		case clsBlank:
			if prevSpace {
				emit(i, "", 1)
			} else {
				emit(i, " ", 1)
			}
			prevSpace = true
			i++
		case clsVowel:
			prevSpace = false
			if i+1 < len(s) && (s[i+1] == 0xC3 || s[i+1] == 0xE1) {
				if rep, n, ok := moveTone(s, i); ok {
					emit(i, rep, n)
					i += n
					continue
				}
			}
			i++
		case clsLead:
			// most Vietnamese letters start with 0xC3 and need nothing
			if c, next := s[i], byteAt(s, i+1); c == 0xC3 && next != 0x90 && next != 0xB0 ||
				c == 0xC2 && next != 0xA0 && next != 0xAD ||
				c == 0xE2 && next != 0x80 {
				prevSpace = false
				i += 2
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			rep, special := "", true
			switch r {
			case 0x00A0, 0x2007, 0x202F, 0x2002, 0x2003, 0x2009, 0x3000:
				rep = " "
			case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD:
				dropped = true
			case utf8.RuneError:
				if size == 1 {
					rep = "\uFFFD"
				} else {
					special = false
				}
			case 0x00D0:
				rep = "Đ"
			case 0x00F0:
				rep = "đ"
			case 0x2028, 0x2029:
				rep = "\n"
			default:
				special = false
			}
			if !special {
				prevSpace = false
				i += size
				continue
			}
			if rep == " " && prevSpace {
				rep = ""
			}
			emit(i, rep, size)
			if rep == " " {
				prevSpace = true
			} else if rep != "" {
				prevSpace = false
			}
			i += size
		}
	}
	if b.Cap() == 0 {
		return s, dropped
	}
	b.WriteString(s[last:])
	return b.String(), dropped
}

// FuzzNormalizePass holds the pass that jumps between the bytes that may
// need a change to the pass that classifies every byte, on valid UTF-8
// (what CheckText and the HTML decoder hand on).
func FuzzNormalizePass(f *testing.F) {
	for _, s := range []string{"tỉnh Hoà Bình", "a  b\u00a0\u00a0c\td\r\n", "Thuỷ, quý, khoẻ", "Ðà Nẵng\u200b", "oà",
		"a \u200b b", "\u00a0 x", " \t\v\f \r\r\n", "QUÝ quý Quý uý", "“trích” – a\u2028b\u3000c\ufeffd\u00ade", "ð\u202f\u2007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got, gd := normalizePass(s)
		want, wd := normalizePassRef(s)
		if got != want || gd != wd {
			t.Fatalf("normalizePass(%q) = %q %v, want %q %v", s, got, gd, want, wd)
		}
	})
}

// BenchmarkNormalizePass runs the pass over the seed corpus; "ref" is the
// pass that classifies every byte.
func BenchmarkNormalizePass(b *testing.B) {
	docs := loadSeeds(b)
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	for _, bc := range []struct {
		name string
		pass func(string) (string, bool)
	}{{"jump", normalizePass}, {"ref", normalizePassRef}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(total))
			for b.Loop() {
				for _, d := range docs {
					bc.pass(d)
				}
			}
		})
	}
}
