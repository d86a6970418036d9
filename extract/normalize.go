package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	// Combining marks (U+0300–U+036F, lead bytes 0xCC and 0xCD) are what
	// decomposed Vietnamese carries; text without them is left as it is.
	// Removing an invisible character can join what it separated ("o" and
	// "à", a letter and a combining mark): then the page is normalized once
	// more, so that normalizing is idempotent. Real pages take one pass.
	for range 3 {
		if (strings.IndexByte(s, 0xCC) >= 0 || strings.IndexByte(s, 0xCD) >= 0) && !norm.NFC.IsNormalString(s) {
			s = norm.NFC.String(s)
		}
		out, dropped := normalizePass(s)
		if !dropped {
			return out
		}
		s = out
	}
	return s
}

// byte classes of the normalization pass
const (
	clsPlain = iota
	clsSpace
	clsCR
	clsBlank // tab, vertical tab, form feed
	clsVowel // o, u, O, U: a tone may need moving
	clsLead  // first byte of a rune that may need replacing
)

var byteClass = func() (t [256]uint8) {
	t[' '] = clsSpace
	t['\r'] = clsCR
	t['\t'], t['\v'], t['\f'] = clsBlank, clsBlank, clsBlank
	t['o'], t['u'], t['O'], t['U'] = clsVowel, clsVowel, clsVowel, clsVowel
	t[0xC2], t[0xC3], t[0xE2], t[0xE3], t[0xEF] = clsLead, clsLead, clsLead, clsLead, clsLead
	return
}()

// normalizePass does cleanSpaces and fixTones in one pass over the bytes,
// copying only when something changes; most bytes cost one table lookup.
// It reports whether it dropped an invisible character. A byte that does
// not start a valid character becomes U+FFFD, so that dropping what
// follows it cannot make it part of a new one.
func normalizePass(s string) (string, bool) {
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

func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// moveTone rewrites the open syllable at s[i:] ("oà" → "òa") and returns
// the replacement and the bytes it replaces.
func moveTone(s string, i int) (string, int, bool) {
	c := s[i]
	r, size := utf8.DecodeRuneInString(s[i+1:])
	if r >= rune(len(tonedAEY)) || !tonedAEY[r] {
		return "", 0, false
	}
	first := &toneO
	if c == 'u' || c == 'U' {
		first = &toneU
	}
	var base rune
	t := -1
	if c == 'o' || c == 'O' {
		if t = toneIndex(toneA, r); t >= 0 {
			base = 'a'
		} else if t = toneIndex(toneE, r); t >= 0 {
			base = 'e'
		}
	} else {
		if i > 0 && (s[i-1] == 'q' || s[i-1] == 'Q') {
			return "", 0, false
		}
		if t = toneIndex(toneY, r); t >= 0 {
			base = 'y'
		}
	}
	if t < 0 {
		return "", 0, false
	}
	end := i + 1 + size
	if end < len(s) {
		nr, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(nr) {
			return "", 0, false
		}
	}
	o := first[t]
	if c == 'O' || c == 'U' {
		o = unicode.ToUpper(o)
	}
	if unicode.IsUpper(r) {
		base = unicode.ToUpper(base)
	}
	return string(o) + string(base), end - i, true
}

// Tone tables: index 0..4 = huyền, sắc, hỏi, ngã, nặng.
var (
	toneA = [...]rune{'à', 'á', 'ả', 'ã', 'ạ'}
	toneE = [...]rune{'è', 'é', 'ẻ', 'ẽ', 'ẹ'}
	toneY = [...]rune{'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'}
	toneO = [...]rune{'ò', 'ó', 'ỏ', 'õ', 'ọ'}
	toneU = [...]rune{'ù', 'ú', 'ủ', 'ũ', 'ụ'}
)

// tonedAEY holds every toned a, e and y, both cases.
var tonedAEY = func() *[0x1F00]bool {
	var m [0x1F00]bool
	for _, t := range [][5]rune{toneA, toneE, toneY} {
		for _, r := range t {
			m[r] = true
			m[unicode.ToUpper(r)] = true
		}
	}
	return &m
}()

func toneIndex(table [5]rune, r rune) int {
	lr := unicode.ToLower(r)
	for i, t := range table {
		if t == lr {
			return i
		}
	}
	return -1
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

// FoldRune folds one rune as Fold does; false for a combining mark, which
// folding drops.
func FoldRune(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	if f, ok := foldTable[r]; ok {
		return f, true
	}
	if unicode.Is(unicode.Mn, r) {
		return 0, false
	}
	return unicode.ToLower(r), true
}

// Lower lower-cases Vietnamese text keeping its diacritics. Every byte
// offset of s is an offset of the result: Vietnamese letters keep their
// width in UTF-8 when lowered, and a letter that would not is kept as it is.
func Lower(s string) string {
	b := lowerBytes(s, nil)
	if b == nil {
		return s
	}
	// b is not written again: the string can share it instead of a copy
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// lowerBytes writes Lower(s) into dst, which holds len(s) bytes, and
// returns it. With dst nil it allocates only when s has something to
// lower, and returns nil when it has not.
func lowerBytes(s string, dst []byte) []byte {
	b := dst
	if b != nil {
		copy(b, s)
	}
	set := func(i int, c byte) {
		if b == nil {
			b = make([]byte, len(s))
			copy(b, s)
		}
		b[i] = c
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				set(i, c+'a'-'A')
			}
			i++
			continue
		}
		switch {
		case c == 0xC3 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// À..Þ (except ×) → à..þ
			if c2 := s[i+1]; c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97 {
				set(i+1, c2+0x20)
			}
			i += 2
			continue
		case (c == 0xC4 || c == 0xC5) && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// Latin Extended-A: Ă Đ Ĩ Ũ … upper case at even code points
			if cp := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F); cp >= 0x100 && cp <= 0x12F || cp >= 0x14A && cp <= 0x177 {
				if cp&1 == 0 {
					set(i+1, s[i+1]+1)
				}
				i += 2
				continue
			}
		case c == 0xC6 && i+1 < len(s) && (s[i+1] == 0xA0 || s[i+1] == 0xA1 || s[i+1] == 0xAF || s[i+1] == 0xB0):
			switch s[i+1] {
			case 0xA0: // Ơ
				set(i+1, 0xA1)
			case 0xAF: // Ư
				set(i+1, 0xB0)
			}
			i += 2
			continue
		case c == 0xE1 && i+2 < len(s) && s[i+1] >= 0xB8 && s[i+1] <= 0xBB && s[i+2]&0xC0 == 0x80 &&
			(s[i+1] != 0xBA || s[i+2] < 0x96 || s[i+2] > 0x9F):
			// Latin Extended Additional: upper case at even code points,
			// except U+1E96–U+1E9F (lower-case letters and ẞ, not paired)
			if s[i+2]&1 == 0 {
				set(i+2, s[i+2]+1)
			}
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n > 1 {
			if lr := unicode.ToLower(r); lr != r && utf8.RuneLen(lr) == n {
				var tmp [4]byte
				utf8.EncodeRune(tmp[:], lr)
				for k := 0; k < n; k++ {
					set(i+k, tmp[k])
				}
			}
		}
		i += n
	}
	return b
}

// lowered is Lower of a text, computed only as far as it has been asked
// for: the tail of a page (related lists, comments, the site's blurb) is
// seldom needed in lower case.
type lowered struct {
	s string
	b []byte // Lower(s[:n]) in b[:n]; b[n:] not yet written
	n int
}

func newLowered(s string) *lowered { return &lowered{s: s} }

// slice returns Lower(s)[a:b].
func (l *lowered) slice(a, b int) string {
	if b > l.n {
		end := b
		for end < len(l.s) && l.s[end]&0xC0 == 0x80 {
			end++ // to the end of a character: Lower works on whole ones
		}
		if l.b == nil {
			l.b = make([]byte, len(l.s))
		}
		lowerBytes(l.s[l.n:end], l.b[l.n:end])
		l.n = end
	}
	// b[:n] is never written again, so a string may share it
	return unsafe.String(unsafe.SliceData(l.b), l.n)[a:b]
}

// upperAt reports whether a capital letter starts at s[i], without
// decoding the common Vietnamese cases.
func upperAt(s string, i int) bool {
	c := s[i]
	switch {
	case c < utf8.RuneSelf:
		return 'A' <= c && c <= 'Z'
	case c == 0xC3 && i+1 < len(s):
		return s[i+1] >= 0x80 && s[i+1] <= 0x9E && s[i+1] != 0x97
	case (c == 0xC4 || c == 0xC5) && i+1 < len(s):
		cp := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
		if cp >= 0x100 && cp <= 0x12F || cp >= 0x14A && cp <= 0x177 {
			return cp&1 == 0
		}
	case c == 0xC6 && i+1 < len(s):
		if s[i+1] == 0xA0 || s[i+1] == 0xAF {
			return true
		}
		if s[i+1] == 0xA1 || s[i+1] == 0xB0 {
			return false
		}
	case c == 0xE1 && i+2 < len(s) && s[i+1] >= 0xB8 && s[i+1] <= 0xBB:
		return s[i+2]&1 == 0
	case c&0xC0 == 0x80:
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
}
