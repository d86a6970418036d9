package extract

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// candidate is a count found next to a keyword, before its attributes.
type candidate struct {
	metric    *compiledMetric
	value     int64
	approx    string
	numStart  int // where the number (or its approximator) starts
	kwStart   int // the keyword ("mô hình")
	kwEnd     int
	nameEnd   int // after the keyword and the programme's name ("“Dân vận khéo”")
	companion bool
	pairsWith bool   // the keyword was "mô hình, điển hình": companions may follow
	preset    string // qualifier given by the pattern that found it
	holder    bool   // "187 tập thể": whose models, a part only inside a breakdown
	// an item of a breakdown that leaves the keyword out ("…, văn hóa - xã
	// hội 301"): the keyword's offsets are where its number ends
	elliptical bool
}

// collect finds every "<number> <keyword>" in a region of s, the keyword
// in lower case or with a capital first letter. lowRegion is the region
// lower-cased: one search there finds both.
func (x *Extractor) collect(out []candidate, s, lowRegion string, base int, kw string, m *compiledMetric, companion bool) []candidate {
	for off := 0; off < len(lowRegion); {
		i := strings.Index(lowRegion[off:], kw)
		if i < 0 {
			break
		}
		k := base + off + i
		off += i + len(kw)
		end := k + len(kw)
		if wordAt(s, end) || wordBefore(s, k) {
			continue
		}
		c, ok := x.countBefore(s, k, base, m)
		if !ok {
			if !companion {
				out = append(out, x.registrants(s, k, end, base, m)...)
				if c, ok := x.countAfterLabel(s, lowRegion, base, k, end, m); ok {
					out = append(out, c)
				}
			}
			continue
		}
		c.metric, c.kwStart, c.kwEnd, c.companion = m, k, end, companion
		c.nameEnd, c.pairsWith = x.skipName(s, end, m)
		out = append(out, c)
	}
	return out
}

// countAfterLabel reads a count whose keyword, at s[k:end] (lowRegion is
// the lowered region from base), stands in its
// label after one of the metric's count leads: "tổng số mô hình … trên địa
// bàn tỉnh là 1.350", "số mô hình được công nhận: 320". The number follows
// the first link ("là", "đạt", a colon) within labelReach runes of the
// keyword, in its clause, and ends its item: a number the keyword follows
// again ("là 415 mô hình") is a count of its own. The keyword's offsets of
// the count are where its number ends.
func (x *Extractor) countAfterLabel(s, lowRegion string, base, k, end int, m *compiledMetric) (candidate, bool) {
	before := lowRegion[runesBack(lowRegion, k-base, countLeadBack, 0) : k-base]
	if n := endingPhraseLen(before, m.countLeads); n == 0 || endingPhraseLen(before, m.notLeads) >= n {
		return candidate{}, false
	}
	limit := runesOn(s, end, labelReach, base+len(lowRegion))
	if j := strings.IndexAny(s[end:limit], ",;()\n"); j >= 0 {
		limit = end + j
	}
	if e, ok := sentenceEnd(s, end, limit); ok {
		limit = e
	}
	low := Lower(s[end:limit])
	at, label := -1, ""
	if j := strings.IndexByte(low, ':'); j >= 0 {
		at, label = j+1, low[:j]
	}
	for _, l := range x.labels.links { // " là"
		if j := strings.Index(low, l+" "); j >= 0 && (at < 0 || j < at) {
			at, label = j+len(l), low[:j]
		}
	}
	if at < 0 {
		return candidate{}, false
	}
	a := end + at
	e, _ := itemEnd(s[a:limit], x.conjunctions)
	e = itemWordsEnd(s, a, a+e, limit)
	if e == a || s[e-1] < '0' || s[e-1] > '9' {
		return candidate{}, false
	}
	c, ok := x.countEndingAt(s, e, a, m)
	if !ok || bareYearEndingAt(s, e) || strings.TrimSpace(s[a:c.numStart]) != "" && c.approx == "" {
		return candidate{}, false
	}
	c.metric, c.kwStart, c.kwEnd, c.nameEnd = m, e, e, e
	// the label names the subset: "số mô hình được công nhận: 320"
	c.preset = x.labelQualifier(label)
	return c, true
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// prevWord returns the word ending at s[:j] (after skipping blanks) and its start.
func prevWord(s string, j, floor int) (string, int) {
	for j > floor && s[j-1] == ' ' {
		j--
	}
	i := j
	for i > floor && s[i-1] != ' ' && s[i-1] != '\n' {
		i--
	}
	return s[i:j], i
}

// numeralTail returns where the numeral ending w starts: the first digit
// of its longest tail of digits, dots and commas (what [0-9][0-9.,]*$
// matches). w ends with a digit.
func numeralTail(w string) int {
	i := len(w)
	for i > 0 && (w[i-1] >= '0' && w[i-1] <= '9' || w[i-1] == '.' || w[i-1] == ',') {
		i--
	}
	for w[i] < '0' || w[i] > '9' {
		i++
	}
	return i
}

// countBefore reads the number right before the keyword at k: "11.679",
// "15 ngàn", "hai mươi lăm", with an approximator before it ("hơn").
func (x *Extractor) countBefore(s string, k, floor int, m *compiledMetric) (candidate, bool) {
	if k == floor || s[k-1] != ' ' {
		return candidate{}, false
	}
	return x.countEndingAt(s, k, floor, m)
}

// countEndingAt is countBefore for a number that ends at k, blanks before k
// skipped ("lĩnh vực kinh tế 512,": k at the comma).
func (x *Extractor) countEndingAt(s string, k, floor int, m *compiledMetric) (candidate, bool) {
	var c candidate
	w, ws := prevWord(s, k, floor)
	if m != nil && slices.Contains(m.counters, Lower(w)) {
		w, ws = prevWord(s, ws, floor) // "202 lượt mô hình"
	}
	halved := false // "1 nghìn rưỡi"
	if Lower(w) == half {
		if pw, _ := prevWord(s, ws, floor); multipliers[Lower(pw)] > 0 { // a scale word
			halved = true
			w, ws = prevWord(s, ws, floor)
		}
	}
	mult := 1.0
	if f, ok := Multiplier(w); ok {
		mult = f
		w, ws = prevWord(s, ws, floor)
	}
	var value float64
	numStart := ws
	switch {
	case w != "" && w[len(w)-1] >= '0' && w[len(w)-1] <= '9':
		at := numeralTail(w)
		tok := w[at:]
		pre := w[:at]
		// "187/191 mô hình" is a ratio; "20%" never reaches here; "Khóa 35" has a word before.
		if pre != "" && pre != "(" && pre != "“" && pre != "\"" {
			return c, false
		}
		tok = strings.TrimRight(tok, ".,")
		v, err := ParseNumeral(tok)
		if err != nil {
			return c, false
		}
		value = v
		numStart = ws + at
		// "Kế hoạch 45", "Ban Chỉ đạo số 441": the number names a document or a body
		if at == 0 && x.namesNumber(s[runesBack(s, ws, nameNumberBack, floor):ws]) {
			return c, false
		}
		// "2 nghìn 300", "1 vạn 2 nghìn": a larger scaled numeral before it
		if at == 0 {
			if v, start := scaledBefore(s, ws, floor, value*mult); start != ws {
				value, mult, numStart = v, 1, start
			}
		}
	default:
		// spelled out: gather number words backwards
		var words []string
		start := ws
		cur, cs := w, ws
		for n := 0; n < 7 && cur != "" && IsNumberWord(cur); n++ {
			words = append([]string{cur}, words...)
			start = cs
			cur, cs = prevWord(s, cs, floor)
		}
		if len(words) == 0 {
			return c, false
		}
		// the longest suffix that parses
		ok := false
		for i := 0; i < len(words); i++ {
			v, err := ParseSpelled(words[i:])
			if err != nil {
				continue
			}
			if len(words[i:]) == 1 && mult == 1 { // "một nghìn" is a number
				lw := Lower(words[i])
				if slices.Contains(x.loneNumerals, lw) {
					return c, false // "một mô hình" is "a model"; "năm" is mostly "year"
				}
			}
			value, ok = float64(v), true
			numStart = start
			for _, skipped := range words[:i] {
				numStart += len(skipped) + 1
			}
			break
		}
		if !ok {
			return c, false
		}
	}
	if halved {
		value += 0.5
	}
	value *= mult
	if value < 1 || value > 1e9 || value != math.Trunc(value) {
		return c, false
	}
	// "năm 2023 mô hình" and the like: a year, not a count
	if value >= 1900 && value <= 2100 && mult == 1 {
		if pw, _ := prevWord(s, numStart, floor); pw == "-" || pw == "–" || x.periods.yearBefore(s[max(floor, numStart-x.periods.yearWordBytes):numStart]) {
			return c, false
		}
	}
	c.value = int64(value)
	c.numStart = numStart
	// approximator: the longest phrase ending right before the number,
	// within its line (whose start matters only within approxLine runes)
	lineStart := runesBack(s, numStart, approxLine, floor)
	if j := strings.LastIndexByte(s[lineStart:numStart], '\n'); j >= 0 {
		lineStart += j + 1
	}
	back := max(runesBack(s, numStart, approxBack, floor), lineStart)
	window := Lower(s[back:numStart])
	window = strings.TrimRight(window, " ")
	if p, i, ok := x.approx.endingAt(window); ok {
		c.approx = p.label
		c.numStart = back + i
	}
	return c, true
}

// scaledBefore reads a number in thousands (millions …) and the rest, "2
// nghìn 300", "1 vạn 2 nghìn", whose rest v (2,000 in the latter) starts at
// s[ws]: the value and where it starts; v and ws themselves when no scaled
// numeral larger than the rest stands before it.
func scaledBefore(s string, ws, floor int, v float64) (float64, int) {
	mw, mws := prevWord(s, ws, floor)
	f, ok := Multiplier(mw)
	if !ok || v >= f {
		return v, ws
	}
	qw, qws := prevWord(s, mws, floor)
	if qw == "" || qw[0] < '0' || qw[0] > '9' {
		return v, ws
	}
	q, err := ParseNumeral(qw)
	if err != nil || q != math.Trunc(q) {
		return v, ws
	}
	return q*f + v, qws
}

// registrantsExpr is the expression of a count of registrants of metric
// m, "hơn 100 tập thể và 103 cá nhân" right before a registrant verb, from
// the rules' words: approximators, the multipliers of numbers, the holders
// and the words joining them. nil when m has no collective and individual
// holders or no registrant verbs.
func registrantsExpr(m Metric, approximators map[string][]string) (*regexp.Regexp, []string) {
	coll, indiv := m.Holders["collective"], m.Holders["individual"]
	if len(m.RegistrantVerbs) == 0 || len(coll) == 0 || len(indiv) == 0 {
		return nil, nil
	}
	alts := func(list []string) string { // longest first: "hơn tới" before "hơn"
		list = slices.Clone(list)
		sort.Slice(list, func(i, j int) bool {
			return len(list[i]) > len(list[j]) || len(list[i]) == len(list[j]) && list[i] < list[j]
		})
		return quotedAlts(list)
	}
	var approx, mults []string
	for _, ws := range approximators {
		approx = append(approx, ws...)
	}
	for w := range multipliers {
		mults = append(mults, w)
	}
	part := func(holders []string) string {
		return `(?:(` + alts(approx) + `)\s+)?(\d[\d.]*)\s+(?:(` + alts(mults) + `)\s+)?(?:` + alts(holders) + `)`
	}
	expr := `(?i)` + part(coll) + `\s*(?:` + alts(m.HolderJoins) + `|,)\s*` + part(indiv) + `\s+$`
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, nil
	}
	var words []string
	for _, w := range append(append([]string{}, coll...), indiv...) {
		words = append(words, Normalize(strings.TrimSpace(w)))
	}
	return re, words
}

// registrants reads "100 tập thể và 103 cá nhân đăng ký xây dựng mô hình":
// counts of those who registered models, one model each.
func (x *Extractor) registrants(s string, k, end, floor int, m *compiledMetric) []candidate {
	if len(m.registrant) == 0 || m.registrants == nil {
		return nil
	}
	back := runesBack(s, k, registrantsBack, floor)
	w := s[back:k]
	if !slices.ContainsFunc(m.holderWords, func(h string) bool { return strings.Contains(w, h) }) {
		return nil // cheap test before the expression
	}
	low := Lower(w)
	verbAt := -1
	for _, v := range m.registrant {
		if strings.HasSuffix(strings.TrimRight(low, " "), v) {
			verbAt = len(strings.TrimRight(low, " ")) - len(v)
			break
		}
	}
	if verbAt < 0 {
		return nil
	}
	mm := m.registrants.FindStringSubmatchIndex(w[:verbAt])
	if mm == nil {
		return nil
	}
	mk := func(approxIdx, numIdx, multIdx int, qual string) (candidate, bool) {
		v, err := ParseNumeral(w[mm[numIdx]:mm[numIdx+1]])
		if err != nil {
			return candidate{}, false
		}
		if mm[multIdx] >= 0 {
			f, _ := Multiplier(w[mm[multIdx]:mm[multIdx+1]])
			v *= f
		}
		c := candidate{metric: m, value: int64(v), numStart: back + mm[numIdx], kwStart: k, kwEnd: end, preset: qual}
		if mm[approxIdx] >= 0 {
			c.numStart = back + mm[approxIdx]
			if p, ok := x.approx.at(Lower(w), mm[approxIdx]); ok {
				c.approx = p.label
			}
		}
		c.nameEnd, c.pairsWith = x.skipName(s, end, m)
		return c, v >= 1
	}
	var out []candidate
	if c, ok := mk(2, 4, 6, "collective"); ok {
		out = append(out, c)
	}
	if c, ok := mk(8, 10, 12, "individual"); ok {
		out = append(out, c)
	}
	return out
}

// ellipticalParts adds to the sorted counts the items of a list after a
// count that end with a number and leave the keyword out: "trong đó: lĩnh
// vực kinh tế 512, văn hóa - xã hội 301". The list runs from the count's
// own name to the end of its sentence, and on through the sentences after
// it that open with a breakdown marker ("Trong đó, …"), not past the next
// count or the close of the parenthesis it is in; its items are separated
// by commas, semicolons, colons, parentheses and conjunctions. buildFigures
// keeps such an item only as a part of a breakdown whose label names a
// field or a unit.
func (x *Extractor) ellipticalParts(cands []candidate, s string, from, to int) []candidate {
	n := len(cands)
	for ci := 0; ci < n; ci++ {
		c := cands[ci]
		if c.holder || c.companion || c.nameEnd >= to {
			continue
		}
		limit := to
		if ci+1 < n {
			limit = min(limit, cands[ci+1].numStart)
		}
		if limit <= c.nameEnd {
			continue
		}
		stop, _ := sentenceEnd(s, c.nameEnd, lineEnd(s, c.nameEnd, limit))
		// a list inside a parenthesis ends where it closes, and the list of
		// the count before the aside goes on after it ("1.846 mô hình (tăng
		// 209 mô hình), trong đó: cấp tỉnh 123, cấp huyện 512")
		if j := unmatchedClose(s[c.nameEnd:stop]); j >= 0 {
			cands = x.listItems(cands, s, c, c.nameEnd, c.nameEnd+j)
			cands = x.listItems(cands, s, c, c.nameEnd+j+1, stop)
			continue
		}
		cands = x.listItems(cands, s, c, c.nameEnd, stop)
		next := skipBlanks(s, stop, limit)
		// a list of bulleted lines goes on from a count in one of them, or
		// from one whose sentence ends with a colon ("…, cụ thể:")
		bulleted := next < limit && newLineAt(s, stop, next) && bulletedLine(s, next) &&
			(endsWithColon(s[c.nameEnd:stop]) || bulletedLine(s, max(from, lineStart(s, c.numStart))))
		for ; next < limit; next = skipBlanks(s, stop, limit) {
			if bulleted && newLineAt(s, stop, next) && bulletedLine(s, next) {
				// the next item of a bulleted list, a line of its own
				stop = lineEnd(s, next, limit)
				cands = x.listItems(cands, s, c, stop-len(strings.TrimLeft(s[next:stop], listBullets)), stop)
				continue
			}
			if !opensWithFold(s[next:limit], x.breakdown) {
				break
			}
			stop, _ = sentenceEnd(s, next, lineEnd(s, next, limit))
			cands = x.listItems(cands, s, c, next, stop)
		}
	}
	if len(cands) > n {
		sortCands(cands)
	}
	return cands
}

// listItems adds the items of the list s[a:stop] that state a number
// without the keyword of count c (ellipticalParts).
func (x *Extractor) listItems(cands []candidate, s string, c candidate, a, stop int) []candidate {
	if strings.IndexAny(s[a:stop], digits) < 0 { // as most lists
		return cands
	}
	for a < stop {
		e, sep := itemEnd(s[a:stop], x.conjunctions)
		e += a
		if e < stop && s[e] == ':' && strings.IndexAny(s[a:e], digits) < 0 {
			// "lĩnh vực văn hóa - xã hội: 800": a label, a colon, the number
			if f, fsep := itemEnd(s[e+1:stop], x.conjunctions); x.numeralOnly(s[e+1 : e+1+f]) {
				e, sep = e+1+f, fsep
			}
		}
		k := itemWordsEnd(s, a, e, stop)
		if strings.IndexAny(s[a:k], digits) < 0 {
			// no number: no part
		} else if s[k-1] >= '0' && s[k-1] <= '9' {
			// "lĩnh vực kinh tế 512": a label, then the number
			if p, ok := x.countEndingAt(s, k, a, c.metric); ok && !bareYearEndingAt(s, k) && strings.TrimSpace(s[a:p.numStart]) != "" {
				p.metric, p.kwStart, p.kwEnd, p.nameEnd, p.elliptical = c.metric, k, k, k, true
				// "mô hình tập thể 1.100": the label names whose models
				p.preset = c.metric.holderLabel(Lower(s[a:p.numStart]))
				cands = append(cands, p)
			}
		} else if n := numeralAt(s, a+x.approxOpening(s[a:k]), k); n > 0 {
			// "301 văn hóa - xã hội": the number, then its field
			if p, ok := x.countEndingAt(s, n, a, c.metric); ok && !bareYearEndingAt(s, n) {
				p.metric, p.kwStart, p.kwEnd, p.nameEnd, p.elliptical = c.metric, n, n, n, true
				cands = append(cands, p)
			}
		}
		a = e + sep
	}
	return cands
}

// numeralOnly reports whether s holds a number and nothing else but
// blanks, an approximator before it and a full stop after it ("800", "hơn
// 1.200.").
func (x *Extractor) numeralOnly(s string) bool {
	t := strings.TrimRight(strings.TrimSpace(s[x.approxOpening(s):]), ".")
	return t != "" && strings.Trim(t, digits+".,") == ""
}

// numeralAt is where the number that opens s[a:b] (after blanks) ends,
// with a scale word after it ("4 ngàn"), 0 when s[a:b] opens with no digit
// or holds nothing after the number.
func numeralAt(s string, a, b int) int {
	for a < b && s[a] == ' ' {
		a++
	}
	if a >= b || s[a] < '0' || s[a] > '9' {
		return 0
	}
	end := a
	for end < b && s[end] != ' ' {
		end++
	}
	if w := firstWord(strings.TrimLeft(s[end:b], " ")); w != "" {
		if _, ok := Multiplier(w); ok {
			end = strings.Index(s[end:b], w) + end + len(w)
		}
	}
	if strings.TrimSpace(s[end:b]) == "" {
		return 0
	}
	return end
}

const digits = "0123456789"

// itemEnd is where the first item of a list in s ends, at a comma,
// semicolon, colon or parenthesis or before a conjunction (" và "), and the
// length of what separates it from the next; len(s) when nothing does.
func itemEnd(s string, conjunctions []string) (int, int) {
	end, sep := len(s), 0
	if j := strings.IndexAny(s, ",;:()"); j >= 0 {
		end, sep = j, 1
	}
	for _, cj := range conjunctions {
		if j := strings.Index(s[:end], cj); j >= 0 {
			end, sep = j, len(cj)
		}
	}
	return end, sep
}

// opensWithFold reports whether s opens with one of the phrases (lower
// case) as whole words, in any case ("Trong đó").
func opensWithFold(s string, phrases []string) bool {
	for _, p := range phrases {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) && !wordAt(s, len(p)) {
			return true
		}
	}
	return false
}

// listBullets are the blanks and marks a list's item may open with.
const listBullets = " -–•*+●▪◦○►·"

// endsWithColon reports whether s ends with a colon before blanks: it
// introduces what follows ("…, cụ thể:", "số mô hình được công nhận:").
func endsWithColon(s string) bool { return strings.HasSuffix(strings.TrimRight(s, " "), ":") }

// newLineAt reports whether a line starts at s[next], after the blanks
// s[stop:next].
func newLineAt(s string, stop, next int) bool {
	return strings.IndexByte(s[stop:next], '\n') >= 0
}

// bulletedLine reports whether the line that starts at s[i] opens with a
// list's bullet ("- ", "+ ", "• ").
func bulletedLine(s string, i int) bool {
	t := strings.TrimLeft(s[i:], " ")
	return t != "" && strings.TrimLeft(t, listBullets) != t && t[0] != '\n'
}

// lineEnd is where the line holding s[i] ends, not after limit.
func lineEnd(s string, i, limit int) int {
	if j := strings.IndexByte(s[i:limit], '\n'); j >= 0 {
		return i + j
	}
	return limit
}

// skipBlanks is the first offset from i below limit that is no blank or
// line break, limit when there is none.
func skipBlanks(s string, i, limit int) int {
	for i < limit && (s[i] == ' ' || s[i] == '\n') {
		i++
	}
	return i
}

// bareYearEndingAt reports whether the number ending at s[e] is a year
// written bare ("2023", not "2.023"): without its keyword after it, such a
// number in a list or after a label is a year, never a count.
func bareYearEndingAt(s string, e int) bool {
	a := e - 4
	if a < 0 || !yearDigitsAt(s, a) {
		return false
	}
	return a == 0 || !strings.ContainsRune(digits+".,", rune(s[a-1]))
}

// itemWordsEnd is where the words of the item s[a:e] of a list that ends at
// stop end: before blanks, and before the full stop of the sentence that
// ends with it.
func itemWordsEnd(s string, a, e, stop int) int {
	for e > a && (s[e-1] == ' ' || s[e-1] == '.' && e == stop) {
		e--
	}
	return e
}

// approxOpening is the length of the approximator ("gần", "hơn") that
// opens s after blanks, 0 for none.
func (x *Extractor) approxOpening(s string) int {
	t := strings.TrimLeft(s, " ")
	if p, ok := x.approx.at(Lower(t), 0); ok {
		return len(s) - len(t) + len(p.text)
	}
	return 0
}

// unmatchedClose is the offset of the first ")" in s that no "(" before it
// in s opened, -1 for none.
func unmatchedClose(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// truncatedTail accepts "11.182 m" at the very end of a text cut mid-word.
func (x *Extractor) truncatedTail(out []candidate, s string, from, to int, m *compiledMetric) []candidate {
	t := strings.TrimRight(s[from:to], " \n.…")
	for _, kw := range m.keywords {
		for n := len(kw) - 1; n >= 1; n-- {
			if !utf8.RuneStart(kw[n%len(kw)]) && n < len(kw) {
				continue
			}
			p := " " + kw[:n]
			if !strings.HasSuffix(t, p) {
				continue
			}
			k := from + len(t) - n
			c, ok := x.countBefore(s, k, from, m)
			if !ok {
				continue
			}
			c.metric, c.kwStart, c.kwEnd, c.nameEnd = m, k, from+len(t), from+len(t)
			return append(out, c)
		}
	}
	return out
}

// holderLabel is the qualifier of the holder that the lowered label t of a
// list's item names with nothing else but the keyword, its companion and a
// holder cue ("mô hình tập thể", "điển hình cá nhân", "của tập thể":
// collective, individual); "" for any other label ("khen thưởng tập thể"
// counts people awarded).
func (m *compiledMetric) holderLabel(t string) string {
	for _, p := range m.holders.all {
		i := phraseIndex(t, p.text)
		if i < 0 {
			continue
		}
		rest := t[:i] + " " + t[i+len(p.text):]
		for _, w := range slices.Concat(m.keywords, m.companions, m.holderCues) {
			rest = strings.ReplaceAll(rest, w, " ")
		}
		if strings.Trim(rest, listBullets+":") != "" {
			return ""
		}
		return p.label
	}
	return ""
}

// holderCands finds "187 tập thể", "15 cá nhân": counts of whose models
// they are, kept only as parts of a breakdown of models (buildFigures).
func (x *Extractor) holderCands(out []candidate, s, lowRegion string, base int, m *compiledMetric) []candidate {
	for _, p := range m.holders.all {
		for off := 0; ; {
			i := strings.Index(lowRegion[off:], p.text)
			if i < 0 {
				break
			}
			i += off
			off = i + len(p.text)
			if wordBefore(lowRegion, i) || wordAt(lowRegion, off) {
				continue
			}
			k := base + i
			c, ok := x.countBefore(s, k, base, nil)
			if !ok {
				continue
			}
			c.metric, c.kwStart, c.kwEnd, c.nameEnd = m, k, base+off, base+off
			c.preset, c.holder = p.label, true
			out = append(out, c)
		}
	}
	return out
}

var openQuotes = "“\"'‘«"

// skipName skips what names the programme right after the keyword: ", điển
// hình", a quoted name or the topic itself ("dân vận khéo", "DVK").
func (x *Extractor) skipName(s string, i int, m *compiledMetric) (int, bool) {
	pairs := false
	j := i
	low := func(a, b int) string {
		if b > len(s) {
			b = len(s)
		}
		return Lower(s[a:b])
	}
	for _, p := range m.pairings {
		if strings.HasPrefix(low(j, j+len(p)), p) {
			j += len(p)
			pairs = true
		}
	}
	k := j
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if k < len(s) {
		r, n := utf8.DecodeRuneInString(s[k:])
		if strings.ContainsRune(openQuotes, r) {
			// the name closes on its own line: a quote opened and left
			// open (a cut text) does not reach into the next paragraph
			within := s[k+n : runesOn(s, k+n, quoteLine, len(s))]
			if nl := strings.IndexByte(within, '\n'); nl >= 0 {
				within = within[:nl]
			}
			if closeAt := strings.IndexAny(within, "”\"'’»"); closeAt >= 0 {
				_, qn := utf8.DecodeRuneInString(within[closeAt:])
				return k + n + closeAt + qn, pairs
			}
		}
	}
	for _, t := range m.topics {
		if strings.HasPrefix(low(k, k+len(t)), t) {
			return k + len(t), pairs
		}
	}
	return j, pairs
}

// sentence bounds around position i.
//
// Every i' with i <= i' < end finds the same sentence: no break lies
// between i and end, and a break that ends a sentence going back is one
// going forward too (FuzzSentenceAt).
func sentenceAt(s string, i, floor, ceil int) (int, int) {
	start, end, _ := sentenceScan(s, i, floor, ceil)
	return start, end
}

// sentenceScan is sentenceAt, reporting whether it found the breaks on both
// sides of i before floor and ceil.
func sentenceScan(s string, i, floor, ceil int) (start, end int, found bool) {
	start, end = floor, ceil
	before, after := false, false
	for j := i - 1; j > floor; j-- {
		c := s[j]
		if c == '\n' {
			start, before = j+1, true
			break
		}
		if (c == '.' || c == '!' || c == '?') && j+1 < len(s) && s[j+1] == ' ' && sentenceBreak(s, j) {
			start, before = j+1, true
			break
		}
	}
	end, after = sentenceEnd(s, i, ceil)
	for start < end && (s[start] == ' ') {
		start++
	}
	return start, end, before && after
}

// sentenceEnd is where the sentence holding s[i] ends (after its full
// stop, or at its line's end), and whether it ends before ceil.
func sentenceEnd(s string, i, ceil int) (int, bool) {
	for j := i; j < ceil; j++ {
		c := s[j]
		if c == '\n' {
			return j, true
		}
		if (c == '.' || c == '!' || c == '?') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\n') && sentenceBreak(s, j) {
			return j + 1, true
		}
	}
	return ceil, false
}

// sentenceNear is the sentence around i read at most maxSentence runes
// either side of it, not past from and to. Those bounds are counted only
// for a sentence that reaches more than maxSentence bytes from i: nearer
// breaks lie inside the rune bounds too (a rune is a byte or more).
func sentenceNear(s string, i, from, to int) (int, int) {
	if ss, se, found := sentenceScan(s, i, max(from, i-maxSentence), min(to, i+maxSentence)); found {
		return ss, se
	}
	return sentenceAt(s, i, runesBack(s, i, maxSentence, from), runesOn(s, i, maxSentence, to))
}

// sentenceBreak: a full stop at s[j] ends a sentence unless it closes an
// abbreviation ("TP.", "ThS.") or sits inside a number.
func sentenceBreak(s string, j int) bool {
	if j > 0 && s[j-1] >= '0' && s[j-1] <= '9' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
		return false
	}
	if s[j] != '.' {
		return true
	}
	w, _ := prevWord(s, j, 0)
	w = strings.TrimLeft(w, "(“\"")
	if w == "" {
		return true
	}
	if runeLen(w) <= 3 {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			return false
		}
	}
	// the next word must start a sentence: a capital, a digit or a quote
	k := j + 1
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if k >= len(s) || s[k] == '\n' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(openQuotes+"(-–", r)
}

// clauseStart is the start of the clause (after the last ';') holding i.
func clauseStart(s string, ss, i int) int {
	if j := strings.LastIndexByte(s[ss:i], ';'); j >= 0 {
		return ss + j + 1
	}
	return ss
}

func clauseEnd(s string, i, se int) int {
	if j := strings.IndexByte(s[i:se], ';'); j >= 0 {
		return i + j
	}
	return se
}

// namesNumber reports whether the text before a number ends with one of the
// rules' name words ("kế hoạch", "chỉ thị số"), as whole words.
func (x *Extractor) namesNumber(before string) bool {
	return endsWithPhrase(Lower(before), x.nameNumbers)
}
