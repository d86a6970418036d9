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
func Normalize(s string) string { return normalizeNoting(s, nil) }

// normalizeNoting is Normalize, setting caps, when it is not nil, to the
// offsets in the result of the letters Lower changes (lowerNoting's): the
// pass that normalizes looks at every letter already, and a second pass over
// the whole text only to find the capitals cost as much as the first.
func normalizeNoting(s string, caps *[]int32) string {
	// Removing an invisible character can join what it separated ("o" and
	// "à", a letter and a combining mark), and a broken byte made U+FFFD
	// lets NFC read the marks after it: then the page is normalized once
	// more, so that normalizing is idempotent. Real pages take one pass.
	for range 3 {
		s = toNFC(s)
		if caps != nil {
			*caps = (*caps)[:0] // the last pass's
		}
		out, again := normalizeSkipping(s, plainRun, caps)
		s = out
		if !again {
			break
		}
	}
	return s
}

// toNFC is s in Unicode NFC. Only combining marks (lead bytes 0xCC, 0xCD)
// make Vietnamese text not NFC: text without them is not checked.
func toNFC(s string) string {
	if strings.IndexByte(s, 0xCC) < 0 && strings.IndexByte(s, 0xCD) < 0 {
		return s
	}
	return norm.NFC.String(s)
}

// normalizeSkipping collapses blanks, drops invisible characters, unifies
// line ends and moves tones in one pass, copying only when something
// changes, and notes the capitals in caps when it is not nil. plain tells
// where the bytes it need not look at end (plainRun; FuzzNormalize passes
// one that skips nothing). It reports whether the text wants another pass:
// it dropped an invisible character or replaced a broken one. A byte that
// does not start a valid character becomes U+FFFD, so that dropping what
// follows it cannot make it part of a new one.
func normalizeSkipping(s string, plain func(s string, i int, prevSpace bool) (int, bool), caps *[]int32) (string, bool) {
	var b strings.Builder
	last := 0 // s[last:] is not yet copied to b
	notes := &capNotes{caps: caps}
	emit := func(i int, rep string, skip int) {
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		if caps != nil {
			notes.inRep(rep, b.Len())
		}
		b.WriteString(rep)
		last = i + skip
		notes.shift = b.Len() - last
	}
	dropped, prevSpace := false, false
	for i := 0; i < len(s); {
		// the run of bytes this pass keeps as they are
		if j, sp := plain(s, i, prevSpace); j > i {
			prevSpace, i = sp, j
			continue
		}
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				emit(i, "", 1)
			}
			prevSpace = true
			i++
			continue
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				emit(i, "", 1)
			} else {
				emit(i, "\n", 1)
			}
			prevSpace = false
			i++
			continue
		case c == '\t' || c == '\v' || c == '\f':
			if prevSpace {
				emit(i, "", 1)
			} else {
				emit(i, " ", 1)
			}
			prevSpace = true
			i++
			continue
		case c == 'o' || c == 'O' || c == 'u' || c == 'U':
			prevSpace = false
			if rep, n, ok := moveTone(s, i); ok {
				emit(i, rep, n)
				i += n
				continue
			}
			notes.ascii(c, i)
			i++
			continue
		case c < utf8.RuneSelf:
			prevSpace = false
			notes.ascii(c, i)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		rep := ""
		switch r {
		case 0x00A0, 0x2007, 0x202F, 0x2002, 0x2003, 0x2009, 0x3000: // spaces
			rep = " "
		case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD, // invisible
			0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069: // bidi controls
			dropped = true
		case utf8.RuneError:
			if size != 1 || c&0xC0 == 0x80 {
				// U+FFFD as written, or a stray continuation byte: nothing
				// can join it
				prevSpace = false
				i += size
				continue
			}
			rep, dropped = "\uFFFD", true // a lead byte without its sequence
		case 0x00D0: // Ð, typed for Đ
			rep = "Đ"
		case 0x00F0:
			rep = "đ"
		case 0x2028, 0x2029:
			rep = "\n"
		default:
			prevSpace = false
			notes.letter(r, i)
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
	if b.Cap() == 0 {
		return s, dropped
	}
	b.WriteString(s[last:])
	return b.String(), dropped
}

// plainRun returns the end of the run from s[i] that normalizeSkipping copies
// unchanged and notes nothing in, and whether the run ends with a blank:
// ASCII other than capitals, line ends, tabs, a second blank and the vowels
// a tone may have to move from ("oà", "uỳ"), and well-formed lower-case
// letters of Vietnamese, whose lead bytes (0xC3 but for Ð and ð, 0xC4–0xDF,
// 0xE1) are none of the characters the pass replaces: blanks, invisible
// characters and separators of U+00A0–U+00AD and U+2000–U+206F, U+3000,
// U+FEFF. Capitals end a run: the pass notes them (a call here to note them
// made this loop keep its variables in memory).
func plainRun(s string, i int, prevSpace bool) (int, bool) {
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return i, true
			}
			prevSpace = true
			i++
			continue
		case c < utf8.RuneSelf:
			// o and u move a tone only onto a letter written in more
			// than one byte ("oà"): before an ASCII byte they are plain
			if !plainASCII[c] && !(toneMover[c] && i+1 < len(s) && s[i+1] < utf8.RuneSelf) {
				return i, prevSpace
			}
			i++
		case c == 0xC3 && i+1 < len(s) && (s[i+1] == 0x90 || s[i+1] == 0xB0):
			return i, prevSpace // Ð, ð
		case 0xC3 <= c && c <= 0xDF && i+1 < len(s) && continuation(s[i+1]):
			if r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F); latinLower[r] != r {
				return i, prevSpace // a capital
			}
			i += 2
		case c == 0xE1 && i+2 < len(s) && continuation(s[i+1]) && continuation(s[i+2]):
			if r := 0x1000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); latinLower[r] != r {
				return i, prevSpace
			}
			i += 3
		default:
			return i, prevSpace
		}
		prevSpace = false
	}
	return i, prevSpace
}

func continuation(c byte) bool { return c&0xC0 == 0x80 }

// capNotes notes the capitals a normalizing pass keeps or writes, at their
// offsets in its result: the offset in the text read plus shift, what the
// pass has added or removed before it. Nothing is noted when caps is nil.
type capNotes struct {
	caps  *[]int32
	shift int
}

// ascii notes the ASCII byte c at s[i] if it is a capital.
func (n *capNotes) ascii(c byte, i int) {
	if n.caps != nil && 'A' <= c && c <= 'Z' {
		n.add(i)
	}
}

// letter notes the letter r at s[i] if Lower changes it.
func (n *capNotes) letter(r rune, i int) {
	if n.caps != nil && lowerRune(r) != r {
		n.add(i)
	}
}

// add notes a capital at s[i].
func (n *capNotes) add(i int) { *n.caps = append(*n.caps, int32(i+n.shift)) }

// inRep notes the capitals of rep, written at offset at of the result.
func (n *capNotes) inRep(rep string, at int) {
	for k, r := range rep {
		if lowerRune(r) != r {
			*n.caps = append(*n.caps, int32(at+k))
		}
	}
}

// toneMover marks the vowels a tone may move from ("oà" → "òa") that
// plainRun may pass: not the capitals.
var toneMover = [utf8.RuneSelf]bool{'o': true, 'u': true}

// plainASCII marks the ASCII bytes other than the blank and the capitals
// that normalizeSkipping keeps without a look.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c > ' ' && !strings.ContainsRune("oOuU", rune(c)) && !('A' <= c && c <= 'Z')
	}
	t['\n'] = true
	return t
}()

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
// lower-case letter (0: not such a letter), indexed by the letter; built
// once from the Unicode decompositions. The letters end at U+1EFF.
var foldTable = func() *[0x1F00]rune {
	var t [0x1F00]rune
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			d := norm.NFD.String(string(r))
			base, _ := utf8.DecodeRuneInString(d)
			if base < utf8.RuneSelf && unicode.IsLetter(base) {
				t[r] = unicode.ToLower(base)
			}
		}
	}
	add(0x00C0, 0x024F) // Latin-1 Supplement, Latin Extended-A/B
	add(0x1E00, 0x1EFF) // Latin Extended Additional (ạ, ả, ấ …)
	t['đ'], t['Đ'] = 'd', 'd'
	t['Ð'], t['ð'] = 'd', 'd'
	return &t
}()

// Fold lower-cases s and strips every diacritic, đ/Đ included, so
// "Đảng bộ Hoà Bình" and "dang bo hoa binh" compare equal. It is the
// search key, never what is shown.
func Fold(s string) string {
	s = toNFC(s)
	var b strings.Builder
	b.Grow(len(s))
	last := 0 // s[last:i] folds to itself and is not yet written
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				b.WriteString(s[last:i])
				b.WriteByte(c + 'a' - 'A')
				last = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[last:i])
		if f, ok := FoldRune(r); ok {
			b.WriteRune(f)
		}
		i += size
		last = i
	}
	b.WriteString(s[last:])
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
	if r < rune(len(foldTable)) && foldTable[r] != 0 {
		return foldTable[r], true
	}
	if unicode.Is(unicode.Mn, r) {
		return 0, false
	}
	return unicode.ToLower(r), true
}

// Lower lower-cases Vietnamese text keeping its diacritics. Every byte
// offset of s is an offset of the result: Vietnamese letters keep their
// width in UTF-8 when lowered, and a letter that would not is kept as it is.
func Lower(s string) string { return lowerNoting(s, nil) }

// lowerNoting is Lower, appending to caps, when it is not nil, the offset of
// every letter it lowers: the capitals, where names start.
func lowerNoting(s string, caps *[]int32) string {
	var b strings.Builder // written only once s has something to lower
	last := 0             // s[last:i] is not yet written to b
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[last:i])
				b.WriteByte(c + 'a' - 'A')
				last = i + 1
				if caps != nil {
					*caps = append(*caps, int32(i))
				}
			}
			i++
			continue
		}
		// decodeLatin's cases written in place: a call per letter was a
		// third of this pass
		var r rune
		var size int
		switch {
		case 0xC2 <= c && c <= 0xDF && i+1 < len(s) && continuation(s[i+1]):
			r, size = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		case c == 0xE1 && i+2 < len(s) && continuation(s[i+1]) && continuation(s[i+2]):
			r, size = 0x1000|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		default:
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if lr := lowerRune(r); lr != r {
			if b.Cap() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			b.WriteRune(lr)
			last = i + size
			if caps != nil {
				*caps = append(*caps, int32(i))
			}
		}
		i += size
	}
	if b.Cap() == 0 {
		return s // nothing to lower, as in most words: no copy
	}
	b.WriteString(s[last:])
	return b.String()
}

// lowerAt is Lower(s) for s whose capitals are at caps (lowerNoting's).
func lowerAt(s string, caps []int32) string {
	if len(caps) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0 // s[last:] is not yet written to b
	for _, c := range caps {
		r, size := decodeLatin(s, int(c))
		b.WriteString(s[last:c])
		b.WriteRune(lowerRune(r))
		last = int(c) + size
	}
	b.WriteString(s[last:])
	return b.String()
}

// decodeLatin is utf8.DecodeRuneInString(s[i:]) for a non-ASCII s[i],
// decoding in place the two-byte letters and those of Latin Extended
// Additional (lead byte E1) that Vietnamese is written in.
func decodeLatin(s string, i int) (rune, int) {
	c := s[i]
	if 0xC2 <= c && c <= 0xDF && i+1 < len(s) && continuation(s[i+1]) {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	if c == 0xE1 && i+2 < len(s) && continuation(s[i+1]) && continuation(s[i+2]) {
		return 0x1000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// lowerRune is the letter Lower writes for r: unicode.ToLower(r) when it
// is as wide in UTF-8, else r. It is looked up in a table for the Latin
// letters Vietnamese is written in (below U+2000), where pages spend their
// time.
func lowerRune(r rune) rune {
	if r < rune(len(latinLower)) {
		return latinLower[r]
	}
	return lowerWide(r)
}

// lowerWide is lowerRune without its table.
func lowerWide(r rune) rune {
	if lr := unicode.ToLower(r); utf8.RuneLen(lr) == utf8.RuneLen(r) {
		return lr
	}
	return r
}

var latinLower = func() *[0x2000]rune {
	var t [0x2000]rune
	for r := range rune(len(t)) {
		t[r] = lowerWide(r)
	}
	return &t
}()

// lowered is Lower of a text, and where its capitals are, computed once
// when first asked for.
type lowered struct {
	s     string
	low   string
	caps  []int32 // the offsets of the letters Lower changed, in order
	noted bool    // caps is known
	ok    bool    // low is made
}

func newLowered(s string) *lowered { return &lowered{s: s} }

// normalizeLowered returns Normalize(raw) and its lowered form, made from
// the capitals normalizing noted.
func normalizeLowered(raw string) (string, *lowered) {
	caps := make([]int32, 0, len(raw)/32+8) // news prose: a capital every 20–40 bytes
	s := normalizeNoting(raw, &caps)
	return s, &lowered{s: s, caps: caps, noted: true}
}

func (l *lowered) lower() {
	switch {
	case l.ok:
	case l.noted:
		l.low, l.ok = lowerAt(l.s, l.caps), true
	default:
		l.caps = make([]int32, 0, len(l.s)/32+8)
		l.low, l.noted, l.ok = lowerNoting(l.s, &l.caps), true, true
	}
}

// slice returns Lower(s)[a:b].
func (l *lowered) slice(a, b int) string {
	l.lower()
	return l.low[a:b]
}

// capitals returns the offsets of the capitals of s, in order.
func (l *lowered) capitals() []int32 {
	l.lower()
	return l.caps
}

// upperAt reports whether a capital letter starts at s[i].
func upperAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
}
