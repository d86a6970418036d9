package extract

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"sync"
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

// normalizePass does cleanSpaces and fixTones in one pass, copying only
// when something changes. It reports whether it dropped an invisible
// character; on such a page every byte is stepped on, and a broken
// sequence starting with a byte the pass decodes (C2, C3, E2, E3, EF)
// becomes U+FFFD, so that dropping what follows it cannot join it into a
// new character.
//
// Most bytes need nothing, and classifying each of them cost a branch
// mispredicted every few bytes (Vietnamese mixes spaces, ASCII and
// two- and three-byte letters). So the pass jumps from one byte that may
// need a change to the next, found by IndexByte over the page, and steps
// byte by byte only from there until the bytes need nothing again.
func normalizePass(s string) (string, bool) {
	st := normState{s: s}
	var next [numNeedles]int
	for k := range next {
		next[k] = needleFrom(s, k, 0)
	}
	pos := 0
	for {
		e := len(s)
		for k, n := range next {
			if n < pos {
				n = needleFrom(s, k, pos)
				next[k] = n
			}
			e = min(e, n)
		}
		if e >= len(s) {
			break
		}
		st.prevSpace = st.spaceBefore(e)
		i := st.step(e)
		for st.prevSpace && i < len(s) {
			i = st.step(i)
		}
		if i >= len(s) { // a lead byte at the end steps past it
			break
		}
		pos = i
	}
	if st.dropped {
		// Dropping an invisible character can join a broken sequence
		// before it to bytes after it; stepping on every byte turns each
		// broken sequence into U+FFFD first. Pages with invisible
		// characters take this slower way.
		st = normState{s: s}
		for i := 0; i < len(s); {
			i = st.step(i)
		}
	}
	return st.result()
}

// The bytes where normalizePass may change something, each found by its
// own search. Where a needle names a condition on the next byte, the
// search skips the occurrences that do not meet it.
const (
	needleSpaces = iota // a second blank
	needleCR
	needleTab
	needleVT
	needleFF
	needleLo // o before a toned vowel
	needleLu
	needleUo
	needleUu
	needleC2 // no-break space, soft hyphen
	needleEth
	needleEthLow
	needleE2 // U+2000–U+203F: special spaces, zero-width
	needleE3 // ideographic space
	needleEF // byte order mark
	numNeedles
)

// needleFrom returns the first occurrence of needle k in s at or after
// from, or len(s).
func needleFrom(s string, k, from int) int {
	switch k {
	case needleSpaces:
		return indexFrom(s, "  ", from)
	case needleCR:
		return indexByteFrom(s, '\r', from, nil)
	case needleTab:
		return indexByteFrom(s, '\t', from, nil)
	case needleVT:
		return indexByteFrom(s, '\v', from, nil)
	case needleFF:
		return indexByteFrom(s, '\f', from, nil)
	case needleLo, needleLu, needleUo, needleUu:
		return indexByteFrom(s, "ouOU"[k-needleLo], from, beforeTonedAEY)
	case needleC2:
		return indexByteFrom(s, 0xC2, from, nbspOrSoftHyphen)
	case needleEth, needleEthLow:
		// Ð and ð: C3 90 and C3 B0. C3 starts most Vietnamese letters, so
		// the search is for the second byte (90 is mostly Đ's, B0 ư's).
		c := byte(0x90)
		if k == needleEthLow {
			c = 0xB0
		}
		if i := indexByteFrom(s, c, from+1, afterC3); i < len(s) {
			return i - 1
		}
		return len(s)
	case needleE2:
		return indexByteFrom(s, 0xE2, from, blankOrBroken2000)
	case needleE3:
		return indexByteFrom(s, 0xE3, from, nil)
	default: // needleEF
		return indexByteFrom(s, 0xEF, from, nil)
	}
}

// indexByteFrom returns the first i >= from where s[i] is c and, when want
// is given, want(s, i) holds; len(s) when there is none.
func indexByteFrom(s string, c byte, from int, want func(s string, i int) bool) int {
	for from < len(s) {
		i := strings.IndexByte(s[from:], c)
		if i < 0 {
			break
		}
		i += from
		if want == nil || want(s, i) {
			return i
		}
		from = i + 1
	}
	return len(s)
}

// Conditions of the needles on the bytes around the one searched for.
func beforeTonedAEY(s string, i int) bool { return tonedAEYAt(s, i+1) }
func afterC3(s string, i int) bool        { return s[i-1] == 0xC3 }
func nbspOrSoftHyphen(s string, i int) bool {
	return i+1 < len(s) && (s[i+1] == 0xA0 || s[i+1] == 0xAD)
}

// blankOrBroken2000: of U+2000–U+203F (E2 80 xx) only the blanks and
// invisibles, not quotes and dashes; or a broken sequence, which becomes
// U+FFFD.
func blankOrBroken2000(s string, i int) bool {
	return i+1 < len(s) && s[i+1] == 0x80 && (i+2 >= len(s) || s[i+2]&0xC0 != 0x80 || blankE280[s[i+2]&0x3F])
}

// blankE280 holds the last byte of U+2000–U+203F (E2 80 xx) that the pass
// replaces or drops, by its low six bits.
var blankE280 = func() (t [64]bool) {
	for _, r := range []rune{0x2002, 0x2003, 0x2007, 0x2009, 0x200B, 0x200C, 0x200D, 0x2028, 0x2029, 0x202F} {
		t[r&0x3F] = true
	}
	return
}()

// tonedAEYAt reports whether s[i:] starts with a toned a, e or y (either
// case), the letters whose tone moveTone may move onto an o or u before them.
func tonedAEYAt(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	switch s[i] {
	case 0xC3: // à á ã è é ý and capitals
		r := rune(s[i+1]&0x3F) | 0xC0
		return tonedAEY[r]
	case 0xE1: // ả ạ ẻ ẽ ẹ ỳ ỷ ỹ ỵ and capitals
		if i+2 >= len(s) || s[i+1] != 0xBA && s[i+1] != 0xBB {
			return false
		}
		r := 0x1E00 | rune(s[i+1]&0x3)<<6 | rune(s[i+2]&0x3F)
		return tonedAEY[r]
	}
	return false
}

func indexFrom(s, sub string, from int) int {
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return len(s)
}

// normState is normalizePass's output so far.
type normState struct {
	s         string
	b         strings.Builder
	last      int // s[last:] is not yet copied to b
	prevSpace bool
	dropped   bool
}

func (st *normState) emit(i int, rep string, skip int) {
	if st.b.Cap() == 0 {
		st.b.Grow(len(st.s))
	}
	st.b.WriteString(st.s[st.last:i])
	st.b.WriteString(rep)
	st.last = i + skip
}

// spaceBefore reports whether the output before s[i] ends in a blank.
func (st *normState) spaceBefore(i int) bool {
	if i > st.last {
		return st.s[i-1] == ' '
	}
	if n := st.b.Len(); n > 0 {
		return st.b.String()[n-1] == ' '
	}
	return false
}

func (st *normState) result() (string, bool) {
	if st.b.Cap() == 0 {
		return st.s, st.dropped
	}
	st.b.WriteString(st.s[st.last:])
	return st.b.String(), st.dropped
}

// step does what the byte at s[i] asks and returns where the next begins.
func (st *normState) step(i int) int {
	s := st.s
	switch k := byteClass[s[i]]; k {
	case clsPlain:
		st.prevSpace = false
		return i + 1
	case clsSpace:
		if st.prevSpace {
			st.emit(i, "", 1)
		}
		st.prevSpace = true
		return i + 1
	case clsCR:
		if i+1 < len(s) && s[i+1] == '\n' {
			st.emit(i, "", 1)
		} else {
			st.emit(i, "\n", 1)
		}
		st.prevSpace = false
		return i + 1
	case clsBlank:
		if st.prevSpace {
			st.emit(i, "", 1)
		} else {
			st.emit(i, " ", 1)
		}
		st.prevSpace = true
		return i + 1
	case clsVowel:
		st.prevSpace = false
		if i+1 < len(s) && (s[i+1] == 0xC3 || s[i+1] == 0xE1) {
			if rep, n, ok := moveTone(s, i); ok {
				st.emit(i, rep, n)
				return i + n
			}
		}
		return i + 1
	}
	// clsLead: most Vietnamese letters start with 0xC3 and need nothing;
	// a lead byte without a continuation byte after it is decoded below
	if c, next := s[i], byteAt(s, i+1); next&0xC0 == 0x80 &&
		(c == 0xC3 && next != 0x90 && next != 0xB0 ||
			c == 0xC2 && next != 0xA0 && next != 0xAD ||
			c == 0xE2 && next != 0x80) {
		st.prevSpace = false
		return i + 2
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	rep, special := "", true
	switch r {
	case 0x00A0, 0x2007, 0x202F, 0x2002, 0x2003, 0x2009, 0x3000:
		rep = " "
	case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD:
		st.dropped = true
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
		st.prevSpace = false
		return i + size
	}
	if rep == " " && st.prevSpace {
		rep = ""
	}
	st.emit(i, rep, size)
	if rep == " " {
		st.prevSpace = true
	} else if rep != "" {
		st.prevSpace = false
	}
	return i + size
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
		// the tone moves only at the end of a syllable; a combining mark
		// after the vowel would join the bare vowel left there ("oà" and a
		// grave: NFC makes "òà" of "òa" and the mark)
		nr, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(nr) || unicode.Is(unicode.Mn, nr) {
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
	b := lowerRunes(s, nil)
	if b == nil {
		return s
	}
	// b is not written again: the string can share it instead of a copy
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// lowerInto writes Lower(s) into dst in two passes that seldom branch on
// the bytes: Vietnamese text mixes ASCII and two- and three-byte letters
// every few bytes, and a loop that branches on each rune's kind
// mispredicts about once every three bytes.
//
// The first pass lowers ASCII capitals eight bytes at a time. The second
// visits the lead bytes of multi-byte runes, eight bytes at a time, and
// decodes only the runes that a table says may be capitals: by their first
// two bytes, and for three-byte runes by their third too (Latin Extended
// Additional, where ạ and Ạ differ in the last bit).
func lowerInto(s string, dst []byte) {
	const hi = 0x8080808080808080
	n := len(s)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := load64(s, i)
		h := x &^ hi
		ge := h + 0x3F3F3F3F3F3F3F3F // bit 7 set where the byte is >= 'A'
		gt := h + 0x2525252525252525 // … and where it is > 'Z'
		up := ge &^ gt &^ x & hi     // ASCII capitals
		binary.LittleEndian.PutUint64(dst[i:], x|up>>2)
	}
	for ; i < n; i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	capitals := lowerTable()
	i = 0
	for ; i+8 <= n-2; i += 8 {
		x := load64(s, i)
		for m := x & (x << 1) & hi; m != 0; m &= m - 1 { // lead bytes: 11xxxxxx
			j := i + bits.TrailingZeros64(m)>>3
			if capitals[int(s[j]&0x3F)<<6|int(s[j+1]&0x3F)]>>(s[j+2]&0x3F)&1 != 0 {
				lowerRuneAt(s, dst, j)
			}
		}
	}
	for ; i < n; i++ {
		if s[i] >= 0xC0 {
			lowerRuneAt(s, dst, i)
		}
	}
}

// lowerRuneAt lowers the rune at s[j] into dst when its lower case has the
// same width.
func lowerRuneAt(s string, dst []byte, j int) {
	r, size := utf8.DecodeRuneInString(s[j:])
	if size < 2 {
		return
	}
	if lr := unicode.ToLower(r); lr != r && utf8.RuneLen(lr) == size {
		utf8.EncodeRune(dst[j:], lr)
	}
}

// lowerTable returns, by the low six bits of a lead byte and of the byte
// after it, a set of the low six bits of the third byte: those for which
// the rune may be a capital that lowerRuneAt changes. A two-byte rune that
// is one has every bit set, as have all four-byte runes.
var lowerTable = sync.OnceValue(func() *[64 * 64]uint64 {
	t := new([64 * 64]uint64)
	changes := func(r rune) bool {
		lr := unicode.ToLower(r)
		return lr != r && utf8.RuneLen(lr) == utf8.RuneLen(r)
	}
	for c := 0xC0; c <= 0xFF; c++ {
		for b := range 64 {
			k := (c&0x3F)<<6 | b
			switch {
			case c < 0xE0:
				if changes(rune(c&0x1F)<<6 | rune(b)) {
					t[k] = ^uint64(0)
				}
			case c < 0xF0:
				for b3 := range 64 {
					if changes(rune(c&0x0F)<<12 | rune(b)<<6 | rune(b3)) {
						t[k] |= 1 << b3
					}
				}
			default:
				t[k] = ^uint64(0)
			}
		}
	}
	return t
})

// lowerRunes is Lower rune by rune, into dst or, with dst nil, into a
// buffer allocated only when s has something to lower (nil when not).
func lowerRunes(s string, dst []byte) []byte {
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
		lowerInto(l.s[l.n:end], l.b[l.n:end])
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
