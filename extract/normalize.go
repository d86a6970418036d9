package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in the form every rule of this package expects:
// Unicode NFC, one tone placement ("Hoà" and "Hòa" both become "Hòa"),
// the Icelandic eth some sites type for Đ replaced, carriage returns,
// zero-width characters and non-breaking spaces removed, runs of blanks
// inside a line collapsed and typographic quotes kept but unified.
//
// Newlines are kept: the structure of a plain-text page is in its lines.
func Normalize(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	s = cleanSpaces(s)
	return fixTones(s)
}

// cleanSpaces handles everything that is a single pass over bytes.
func cleanSpaces(s string) string {
	var b strings.Builder
	changed := false
	prevSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\r':
				changed = true
				if i+1 < len(s) && s[i+1] == '\n' {
					i++
					continue
				}
				c = '\n'
			case '\t', '\v', '\f':
				changed = true
				c = ' '
			}
			if c == ' ' {
				if prevSpace {
					changed = true
					if b.Cap() == 0 {
						b.Grow(len(s))
						b.WriteString(s[:i])
					}
					i++
					continue
				}
				prevSpace = true
			} else {
				prevSpace = false
			}
			if changed && b.Cap() == 0 {
				b.Grow(len(s))
				b.WriteString(s[:i])
			}
			if b.Cap() != 0 {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var rep string
		keep := true
		switch r {
		case 0x00A0, 0x2007, 0x202F, 0x2002, 0x2003, 0x2009, 0x3000: // non-breaking and wide spaces
			rep, keep = " ", false
		case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD: // zero-width, BOM, soft hyphen
			rep, keep = "", false
		case 0x00D0: // Ð (eth) typed for Đ
			rep, keep = "Đ", false
		case 0x00F0:
			rep, keep = "đ", false
		case 0x2028, 0x2029:
			rep, keep = "\n", false
		}
		if keep {
			if b.Cap() != 0 {
				b.WriteString(s[i : i+size])
			}
			prevSpace = false
			i += size
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
			b.WriteString(s[:i])
		}
		changed = true
		if rep == " " {
			if !prevSpace {
				b.WriteByte(' ')
			}
			prevSpace = true
		} else {
			b.WriteString(rep)
			prevSpace = false
		}
		i += size
	}
	if b.Cap() == 0 {
		return s
	}
	return b.String()
}

// Tone tables: index 0..4 = huyền, sắc, hỏi, ngã, nặng.
var (
	toneA = [...]rune{'à', 'á', 'ả', 'ã', 'ạ'}
	toneE = [...]rune{'è', 'é', 'ẻ', 'ẽ', 'ẹ'}
	toneY = [...]rune{'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'}
	toneO = [...]rune{'ò', 'ó', 'ỏ', 'õ', 'ọ'}
	toneU = [...]rune{'ù', 'ú', 'ủ', 'ũ', 'ụ'}
)

func toneIndex(table [5]rune, r rune) int {
	lr := unicode.ToLower(r)
	for i, t := range table {
		if t == lr {
			return i
		}
	}
	return -1
}

// fixTones moves the tone mark of the open syllables "oa", "oe" and "uy"
// to the first vowel, the placement used by most of the press:
// "hoà" → "hòa", "khoẻ" → "khỏe", "thuỷ" → "thủy". Closed syllables
// ("hoàn", "khuyến") and "qu" + y ("quý") are left alone.
func fixTones(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(s); i++ {
		c := s[i]
		var table, first [5]rune
		switch c {
		case 'o', 'O':
			first = toneO
		case 'u', 'U':
			first = toneU
		default:
			continue
		}
		if s[i+1] < 0xC3 {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i+1:])
		var base rune
		t := -1
		if c == 'o' || c == 'O' {
			if t = toneIndex(toneA, r); t >= 0 {
				table, base = toneA, 'a'
			} else if t = toneIndex(toneE, r); t >= 0 {
				table, base = toneE, 'e'
			}
		} else {
			if i > 0 && (s[i-1] == 'q' || s[i-1] == 'Q') {
				continue
			}
			if t = toneIndex(toneY, r); t >= 0 {
				table, base = toneY, 'y'
			}
		}
		if t < 0 {
			continue
		}
		_ = table
		// Open syllable only: the next rune must not be a letter.
		end := i + 1 + size
		if end < len(s) {
			nr, _ := utf8.DecodeRuneInString(s[end:])
			if unicode.IsLetter(nr) {
				continue
			}
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		o := first[t]
		if c == 'O' || c == 'U' {
			o = unicode.ToUpper(o)
		}
		b.WriteRune(o)
		if unicode.IsUpper(r) {
			b.WriteRune(unicode.ToUpper(base))
		} else {
			b.WriteRune(base)
		}
		last = end
		i = end - 1
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// foldTable maps every precomposed Vietnamese letter to its bare ASCII
// lower-case letter; built once from the Unicode decompositions.
var foldTable = func() map[rune]rune {
	m := make(map[rune]rune, 256)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			d := norm.NFD.String(string(r))
			base, _ := utf8.DecodeRuneInString(d)
			if base < utf8.RuneSelf && unicode.IsLetter(base) {
				m[r] = unicode.ToLower(base)
			}
		}
	}
	add(0x00C0, 0x024F) // Latin-1 Supplement, Latin Extended-A/B
	add(0x1E00, 0x1EFF) // Latin Extended Additional (ạ, ả, ấ …)
	m['đ'], m['Đ'] = 'd', 'd'
	m['Ð'], m['ð'] = 'd', 'd'
	return m
}()

// Fold lower-cases s and strips every diacritic, đ/Đ included, so
// "Đảng bộ Hoà Bình" and "dang bo hoa binh" compare equal. It is the
// search key, never what is shown.
func Fold(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
			continue
		}
		if f, ok := foldTable[r]; ok {
			b.WriteRune(f)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Lower lower-cases Vietnamese text keeping its diacritics.
func Lower(s string) string { return strings.ToLower(s) }
