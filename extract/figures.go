package extract

import (
	"fmt"
	"math"
	"regexp"
	"slices"
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
}

// docCtx is what one extraction knows about its document.
type docCtx struct {
	s          string
	lows       *lowered // Lower(s) as far as needed; nil: lower each window
	pub        Date
	province   Province
	hasProv    bool
	from, to   int
	docScope   string
	docScopeOK bool
	// the headline's cues and whether the document is one body's, once
	titleCues            []cue
	titleCuesOK          bool
	aboutOrg, aboutOrgOK bool
	topicSeen            map[string]bool
	title                string
	slug                 string   // the words of the page's URL, folded: often its headline
	titleEnd             int      // where the headline ends in s, 0 when it is not in s
	periods              []Period // of the whole region, by position, once needed
	allDone              bool
	sentences            map[int][]Period // of one sentence, by its start
}

// low returns s[a:b] in lower case; byte offsets are kept (see Lower).
func (d *docCtx) low(a, b int) string {
	if a < 0 {
		a = 0
	}
	if b > len(d.s) {
		b = len(d.s)
	}
	if a >= b {
		return ""
	}
	if d.lows != nil {
		return d.lows.slice(a, b)
	}
	return Lower(d.s[a:b])
}

// mentions reports whether the region names one of the phrases (lower
// case), as written, capitalised or in capitals; remembered per document.
func (d *docCtx) mentions(phrases []string) bool {
	key := strings.Join(phrases, "|")
	if v, ok := d.topicSeen[key]; ok {
		return v
	}
	region := d.s[d.from:d.to]
	found := false
	for _, p := range phrases {
		for _, v := range []string{p, upperFirst(p), strings.ToUpper(p)} {
			for off := 0; !found; {
				i := strings.Index(region[off:], v)
				if i < 0 {
					break
				}
				i += off
				if !wordBefore(region, i) && !wordAt(region, i+len(v)) {
					found = true
				}
				off = i + 1
			}
		}
	}
	if d.topicSeen == nil {
		d.topicSeen = map[string]bool{}
	}
	d.topicSeen[key] = found
	return found
}

// periodsIn returns the time expressions of the sentence s[ss:se].
func (d *docCtx) periodsIn(ss, se int) []Period {
	if ps, ok := d.sentences[ss]; ok {
		return ps
	}
	ps := findPeriods(d.s[ss:se], d.low(ss, se), d.pub)
	for i := range ps {
		ps[i].Start += ss
		ps[i].End += ss
	}
	if d.sentences == nil {
		d.sentences = map[int][]Period{}
	}
	d.sentences[ss] = ps
	return ps
}

// allPeriods returns the time expressions of the whole region.
func (d *docCtx) allPeriods() []Period {
	if !d.allDone {
		d.allDone = true
		d.periods = findPeriods(d.s[d.from:d.to], d.low(d.from, d.to), d.pub)
		for i := range d.periods {
			d.periods[i].Start += d.from
			d.periods[i].End += d.from
		}
	}
	return d.periods
}

// Windows of the figure stages, in runes. A sentence is read at most
// maxSentence runes either side of its count, so the work per figure is
// bounded whatever the page: a page of one sentence holding thousands of
// counts stays linear. A page with more than maxCandidates counts keeps the
// first ones and says so in a warning.
const (
	maxSentence   = 600
	maxCandidates = 5000
)

// runesBack returns the offset n runes before i in s, not before floor.
func runesBack(s string, i, n, floor int) int {
	for ; n > 0 && i > floor; n-- {
		i--
		for i > floor && !utf8.RuneStart(s[i]) {
			i--
		}
	}
	return i
}

// runesOn returns the offset n runes after i in s, not after ceil.
func runesOn(s string, i, n, ceil int) int {
	for ; n > 0 && i < ceil; n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return min(i, ceil)
}

func (x *Extractor) findFigures(a *Article, from int, pageURL string) {
	s := a.Text
	to := a.BodyEnd
	if from < 0 {
		from = 0
	}
	if len(x.metrics) == 0 || from >= to {
		return
	}
	var cands []candidate
	if a.low == nil {
		a.low = newLowered(s)
	}
	lowRegion := a.low.slice(from, to)
	for mi := range x.metrics {
		m := &x.metrics[mi]
		for _, kw := range m.keywords {
			cands = x.collect(cands, s, lowRegion, from, kw, m, false)
			if strings.Contains(kw, " ") { // "mô\nhình": a line broken inside the keyword
				cands = x.collect(cands, s, lowRegion, from, strings.ReplaceAll(kw, " ", "\n"), m, false)
			}
		}
		cands = x.holderCands(cands, s, lowRegion, from, m)
		for _, kw := range m.companions {
			cands = x.collect(cands, s, lowRegion, from, kw, m, true)
		}
		cands = x.truncatedTail(cands, s, from, to, m)
	}
	if len(cands) == 0 {
		return
	}
	sortCands(cands)
	if len(cands) > maxCandidates {
		a.Warnings = append(a.Warnings, Warning{
			Kind:    "figure_budget",
			Message: fmt.Sprintf("the page holds %d counts; only the first %d were read", len(cands), maxCandidates),
			Start:   cands[maxCandidates].numStart, End: to,
		})
		cands = cands[:maxCandidates]
	}
	// a holder found by a pattern that names it too ("100 tập thể và 103 cá
	// nhân đăng ký xây dựng mô hình") is one count
	uniq := cands[:0]
	for _, c := range cands {
		if n := len(uniq); n > 0 && uniq[n-1].numStart == c.numStart {
			if uniq[n-1].holder && !c.holder {
				uniq[n-1] = c
			}
			continue
		}
		uniq = append(uniq, c)
	}
	cands = uniq
	d := &docCtx{s: s, lows: a.low, pub: a.Published, from: from, to: to, title: a.Title, slug: urlWords(pageURL)}
	if i := strings.Index(s[:min(len(s), a.BodyStart+1)], a.Title); a.Title != "" && i >= 0 {
		d.titleEnd = i + len(a.Title)
	}
	if a.Province != "" {
		if p, ok := x.gaz.Lookup(a.Province); ok {
			d.province, d.hasProv = p, true
		}
	}
	x.buildFigures(a, d, cands)
}

func sortCands(c []candidate) {
	slices.SortStableFunc(c, func(a, b candidate) int { return a.numStart - b.numStart })
}

// collect finds every "<number> <keyword>" in a region of s, the keyword
// in lower case or with a capital first letter. lowRegion is the region
// lower-cased: one search there finds both.
func (x *Extractor) collect(out []candidate, s, lowRegion string, base int, kw string, m *compiledMetric, companion bool) []candidate {
	capital := upperFirst(kw)
	for off := 0; off < len(lowRegion); {
		i := strings.Index(lowRegion[off:], kw)
		if i < 0 {
			break
		}
		k := base + off + i
		off += i + len(kw)
		end := k + len(kw)
		if v := s[k:end]; v != kw && v != capital {
			continue // "MÔ HÌNH", "Mô Hình": not the keyword as written
		}
		if wordAt(s, end) || wordBefore(s, k) {
			continue
		}
		c, ok := x.countBefore(s, k, base, m)
		if !ok {
			if !companion {
				out = append(out, x.registrants(s, k, end, base, m)...)
			}
			continue
		}
		c.metric, c.kwStart, c.kwEnd, c.companion = m, k, end, companion
		c.nameEnd, c.pairsWith = skipName(s, end, m)
		out = append(out, c)
	}
	return out
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
	var c candidate
	j := k
	if j == floor || s[j-1] != ' ' {
		return c, false
	}
	w, ws := prevWord(s, j, floor)
	if m != nil && slices.Contains(m.counters, Lower(w)) {
		w, ws = prevWord(s, ws, floor) // "202 lượt mô hình"
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
			if len(words[i:]) == 1 {
				lw := Lower(words[i])
				if lw == "một" || lw == "năm" || lw == "không" {
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
	value *= mult
	if value < 1 || value > 1e9 || value != math.Trunc(value) {
		return c, false
	}
	// "năm 2023 mô hình" and the like: a year, not a count
	if value >= 1900 && value <= 2100 && mult == 1 {
		pw, _ := prevWord(s, numStart, floor)
		switch Lower(pw) {
		case "năm", "đoạn", "kỳ", "-", "–":
			return c, false
		}
	}
	c.value = int64(value)
	c.numStart = numStart
	// approximator: the longest phrase ending right before the number,
	// within its line (whose start matters only within 34 bytes)
	lineStart := max(floor, numStart-34)
	if j := strings.LastIndexByte(s[lineStart:numStart], '\n'); j >= 0 {
		lineStart += j + 1
	}
	back := numStart - 30
	if back < lineStart {
		back = lineStart
	}
	for back > lineStart && s[back]&0xC0 == 0x80 {
		back--
	}
	window := Lower(s[back:numStart])
	window = strings.TrimRight(window, " ")
	if p, i, ok := x.approx.endingAt(window); ok {
		c.approx = p.label
		c.numStart = back + i
	}
	return c, true
}

var reRegistrants = regexp.MustCompile(`(?i)(?:(hơn|trên|gần|khoảng)\s+)?(\d[\d.]*)\s+(?:(nghìn|ngàn)\s+)?tập thể\s*(?:và|,)\s*(?:(hơn|trên|gần|khoảng)\s+)?(\d[\d.]*)\s+(?:(nghìn|ngàn)\s+)?cá nhân\s+$`)

// registrants reads "100 tập thể và 103 cá nhân đăng ký xây dựng mô hình":
// counts of those who registered models, one model each.
func (x *Extractor) registrants(s string, k, end, floor int, m *compiledMetric) []candidate {
	if len(m.registrant) == 0 {
		return nil
	}
	back := k - 160
	if back < floor {
		back = floor
	}
	for back > floor && s[back]&0xC0 == 0x80 {
		back--
	}
	w := s[back:k]
	if !strings.Contains(w, "cá nhân") || !strings.Contains(w, "tập thể") {
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
	mm := reRegistrants.FindStringSubmatchIndex(w[:verbAt])
	if mm == nil {
		return nil
	}
	mk := func(approxIdx, numIdx, multIdx int, qual string) (candidate, bool) {
		v, err := ParseNumeral(w[mm[numIdx]:mm[numIdx+1]])
		if err != nil {
			return candidate{}, false
		}
		if mm[multIdx] >= 0 {
			v *= 1000
		}
		c := candidate{metric: m, value: int64(v), numStart: back + mm[numIdx], kwStart: k, kwEnd: end, preset: qual}
		if mm[approxIdx] >= 0 {
			c.numStart = back + mm[approxIdx]
			if p, ok := x.approx.at(Lower(w), mm[approxIdx]); ok {
				c.approx = p.label
			}
		}
		c.nameEnd, c.pairsWith = skipName(s, end, m)
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
func skipName(s string, i int, m *compiledMetric) (int, bool) {
	pairs := false
	j := i
	low := func(a, b int) string {
		if b > len(s) {
			b = len(s)
		}
		return Lower(s[a:b])
	}
	for _, comp := range m.companions {
		for _, sep := range []string{", ", " và ", " hoặc ", "/"} {
			if strings.HasPrefix(low(j, j+len(sep)+len(comp)), sep+comp) {
				j += len(sep) + len(comp)
				pairs = true
			}
		}
	}
	k := j
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if k < len(s) {
		r, n := utf8.DecodeRuneInString(s[k:])
		if strings.ContainsRune(openQuotes, r) {
			closeAt := strings.IndexAny(s[k+n:min(len(s), k+n+80)], "”\"'’»")
			if closeAt >= 0 {
				return k + n + closeAt + 1, pairs
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
	start := floor
	for j := i - 1; j > floor; j-- {
		c := s[j]
		if c == '\n' {
			start = j + 1
			break
		}
		if (c == '.' || c == '!' || c == '?') && j+1 < len(s) && s[j+1] == ' ' && sentenceBreak(s, j) {
			start = j + 1
			break
		}
	}
	end := ceil
	for j := i; j < ceil; j++ {
		c := s[j]
		if c == '\n' {
			end = j
			break
		}
		if (c == '.' || c == '!' || c == '?') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\n') && sentenceBreak(s, j) {
			end = j + 1
			break
		}
	}
	for start < end && (s[start] == ' ') {
		start++
	}
	return start, end
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

type figState struct {
	cand       candidate
	fig        Figure
	parent     int // index in figs, -1 for a total
	ss, se     int
	openParen  bool
	breakdownS bool // the sentence opens with a breakdown marker
}

func (x *Extractor) buildFigures(a *Article, d *docCtx, cands []candidate) {
	s := d.s
	figs := make([]figState, 0, len(cands))
	lastTotal := -1
	at, ss, se := -1, 0, 0 // the last sentence looked up, for the next count in it
	for _, c := range cands {
		if at < 0 || c.kwStart < at || c.kwStart >= se {
			at = c.kwStart
			ss, se = sentenceAt(s, at, runesBack(s, at, maxSentence, d.from), runesOn(s, at, maxSentence, d.to))
		}
		if c.kwEnd > se { // "mô\nhình": the keyword spans a line break
			_, se = sentenceAt(s, c.kwEnd-1, ss, runesOn(s, c.kwEnd, maxSentence, d.to))
		}
		cs := clauseStart(s, ss, c.numStart)
		ce := clauseEnd(s, c.kwEnd, se)
		if !x.onTopic(d, c, ss, se, cs, ce) {
			continue
		}
		st := figState{cand: c, parent: -1, ss: ss, se: se}
		// Where does it stand: a total, or part of a breakdown?
		prev := len(figs) - 1
		if prev >= 0 && figs[prev].ss == ss {
			gap := ""
			if g := figs[prev].cand.kwEnd; g < c.numStart {
				gap = d.low(g, c.numStart)
			}
			_, marker := hasPhrase(gap, x.breakdown)
			paren := strings.Contains(gap, "(")
			hasTime := len(findPeriods(gap, gap, Date{})) > 0
			switch {
			case hasTime:
			case (marker || paren) && figs[prev].cand.holder:
				// "(trong đó 187 tập thể và 15 cá nhân); cụ thể: …": a holder
				// has no parts; the list goes on under its total
				st.parent = figs[prev].parent
				st.openParen = paren
			case marker || paren:
				st.parent = prev
				st.openParen = paren
			case c.holder && figs[prev].parent < 0 && hasAnyPhrase(gap, c.metric.holderCues):
				st.parent = prev // "công nhận 57 mô hình đối với 42 tập thể"
			case figs[prev].parent >= 0 && !(figs[prev].openParen && strings.Contains(gap, ")")):
				st.parent = figs[prev].parent
				st.openParen = figs[prev].openParen
			}
		} else if lastTotal >= 0 && c.numStart-figs[lastTotal].se < 600 {
			head := strings.TrimLeft(d.low(ss, c.numStart), " -–•*")
			for _, b := range x.breakdown {
				if strings.HasPrefix(head, b) && !wordAt(head, len(b)) {
					st.parent = lastTotal
					st.breakdownS = true
					break
				}
			}
		}
		// A companion ("54 điển hình") counts only inside the breakdown of a
		// total that named both ("201 mô hình, điển hình").
		if c.companion {
			if st.parent < 0 || !rootOf(figs, st.parent).cand.pairsWith {
				continue
			}
		}
		// holders count models only as parts of a count of models
		if c.holder && (st.parent >= 0 && figs[st.parent].cand.holder || st.parent < 0 && !x.holdersOfKeyword(d, c, ss)) {
			continue
		}
		st.fig = x.describe(d, &st, figs, cs, ce)
		figs = append(figs, st)
		if st.parent < 0 {
			lastTotal = len(figs) - 1
		}
	}
	// dedupe: the same value and field stated twice is one figure
	// (an occurrence in the body wins over one in the title or header)
	chosen := map[string]int{}
	keep := make([]bool, len(figs))
	for i, f := range figs {
		key := fmt.Sprintf("%s|%d|%s|%s", f.fig.Metric, f.fig.Value, f.fig.Field, f.fig.Qualifier)
		j, ok := chosen[key]
		if ok && f.parent >= 0 && f.parent == figs[j].parent {
			keep[i] = true // two parts of one breakdown: two units, two counts
			continue
		}
		if !ok {
			chosen[key] = i
			keep[i] = true
			continue
		}
		if figs[j].fig.Start < a.BodyStart && f.fig.Start >= a.BodyStart {
			keep[j], keep[i] = false, true
			chosen[key] = i
		}
	}
	n := 0
	for i := range figs {
		if keep[i] {
			n++
		}
	}
	a.Figures = make([]Figure, 0, n)
	for i, f := range figs {
		if keep[i] {
			a.Figures = append(a.Figures, f.fig)
		}
	}
	a.Warnings = append(a.Warnings, checkSums(figs)...)
}

// startsOrganization: the text from i opens with an organisation's name
// ("Sở Văn hóa, Thể thao và Du lịch", "Bộ Chỉ huy Quân sự tỉnh").
func (x *Extractor) startsOrganization(s string, i, to int) bool {
	for i < to && (s[i] == ' ' || s[i] == '\n') {
		i++
	}
	if i >= to {
		return false
	}
	if _, ok := x.scopeCased.at(s, i); ok && !x.gaz.placeAt(s, i) {
		return true
	}
	p, ok := x.scopeCues.at(Lower(s[i:min(len(s), i+80)]), 0)
	return ok && p.label == "organization"
}

// afterOwnWords skips the previous count's own words, which end at the
// first comma or semicolon between it and the next count.
func afterOwnWords(s string, from, to int) int {
	if j := strings.IndexAny(s[from:to], ",;"); j >= 0 {
		return from + j + 1
	}
	return from
}

// unitScope reads the scope of a breakdown part's label: an organisation
// or a place cue, or a district named bare ("Nậm Pồ 2 mô hình").
func (x *Extractor) unitScope(d *docCtx, from, to int) (string, bool) {
	if from >= to {
		return "", false
	}
	if k := firstUnit(x.cues(d, from, to)); k != "" {
		return k, true
	}
	if x.gaz.districtIn(d.s, from, to) {
		return "district", true
	}
	return "", false
}

// holdersOfKeyword: a holder whose sentence names the models before it and
// then whose they are, with no count of its own: "công nhận mô hình, điển
// hình … đối với 42 tập thể và 15 cá nhân".
func (x *Extractor) holdersOfKeyword(d *docCtx, c candidate, ss int) bool {
	low := d.low(ss, c.numStart)
	k := -1
	for _, kw := range c.metric.keywords {
		k = max(k, strings.LastIndex(low, kw))
	}
	return k >= 0 && hasAnyPhrase(low[k:], c.metric.holderCues)
}

func rootOf(figs []figState, i int) *figState {
	for figs[i].parent >= 0 {
		i = figs[i].parent
	}
	return &figs[i]
}

// onTopic: the count must be about the metric's topic, said in its clause or,
// failing that, in the document, and not about an excluded programme.
func (x *Extractor) onTopic(d *docCtx, c candidate, ss, se, cs, ce int) bool {
	m := c.metric
	if len(m.topics) == 0 {
		return true
	}
	after := d.low(c.kwEnd, ce)
	if _, ex := hasPhrase(after, m.excludeTopics); ex {
		return false
	}
	clause := d.low(cs, ce)
	if _, ok := hasPhrase(clause, m.topics); ok {
		return true
	}
	if _, ex := hasPhrase(clause, m.excludeTopics); ex {
		return false
	}
	if _, ok := hasPhrase(d.low(ss, se), m.topics); ok {
		return true
	}
	return d.mentions(m.topics) || d.slugMentions(m.topics)
}

// slugMentions reports whether the page's URL spells one of the phrases
// ("…/hieu-qua-phong-trao-dan-van-kheo-o-viet-tri…").
func (d *docCtx) slugMentions(phrases []string) bool {
	if d.slug == "" {
		return false
	}
	for _, p := range phrases {
		if strings.Contains(d.slug, " "+strings.Join(strings.Fields(Fold(p)), " ")+" ") {
			return true
		}
	}
	return false
}

// describe fills a figure's attributes.
func (x *Extractor) describe(d *docCtx, st *figState, figs []figState, cs, ce int) Figure {
	s := d.s
	c := st.cand
	f := Figure{
		Metric: c.metric.name,
		Value:  c.value,
		Approx: c.approx,
		Field:  "all",
	}
	// evidence: the sentence, trimmed
	es, ee := st.ss, st.se
	for ee > es && (s[ee-1] == ' ') {
		ee--
	}
	f.Evidence, f.Start, f.End = s[es:ee], es, ee

	nextCount := ce
	// the next count in the clause bounds this one's words
	if i := nextNumber(s, c.nameEnd, ce); i >= 0 {
		nextCount = i
	}
	// the count's own words end at the first comma, semicolon or "và"
	ownEnd := nextCount
	if j := strings.IndexAny(s[c.nameEnd:nextCount], ",;"); j >= 0 {
		ownEnd = c.nameEnd + j
	}
	if j := strings.Index(s[c.nameEnd:ownEnd], " và "); j >= 0 {
		ownEnd = c.nameEnd + j
	}
	after := d.low(c.nameEnd, ownEnd)
	f.Field = x.field(d, c, st.ss, cs, figs)
	f.Qualifier = x.qualifier(d, c, after, d.low(c.nameEnd, nextCount))
	if st.parent >= 0 {
		p := figs[st.parent].fig
		if f.Qualifier == "" {
			f.Qualifier = p.Qualifier
		}
		if f.Field == "all" && !c.holder && figs[st.parent].parent < 0 {
			f.Field = p.Field // a part of one field's models is of that field
		}
		f.Scope = p.Scope
		// a part labelled by its unit ("TP. Điện Biên Phủ 13 mô hình; Sở Văn
		// hóa … 3 mô hình") counts that unit's models
		if k, ok := x.unitScope(d, x.labelStart(d, afterOwnWords(s, max(figs[len(figs)-1].cand.kwEnd, st.ss), c.numStart), c.numStart), c.numStart); ok {
			f.Scope = k
		}
		f.Year, f.Period, f.AsOf = p.Year, p.Period, p.AsOf
		// its own time expression, between the parent and itself, wins
		if !st.breakdownS {
			if per, ok := lastPeriod(d.periodsIn(st.ss, st.se), figs[st.parent].cand.kwEnd, c.numStart); ok {
				applyPeriod(&f, per)
			}
		}
		return f
	}
	if f.Field == "all" {
		for _, t := range figs {
			if t.fig.Start >= d.titleEnd {
				break
			}
			if t.parent < 0 && t.fig.Value == f.Value && t.fig.Field != "all" {
				f.Field = t.fig.Field // the headline's count, restated
				break
			}
		}
	}
	// a count after another in its clause looks first at the words between them
	own := cs
	if n := len(figs); n > 0 && figs[n-1].ss == st.ss && figs[n-1].cand.kwEnd > own && figs[n-1].cand.kwEnd < c.numStart {
		own = figs[n-1].cand.kwEnd
		// the previous count's own words ("… cấp tỉnh") end at "và" or a comma
		gap := s[own:c.numStart]
		cut := -1
		for _, sep := range []string{" và ", ", ", "; "} {
			if j := strings.Index(gap, sep); j >= 0 && (cut < 0 || j+len(sep) < cut) {
				cut = j + len(sep)
			}
		}
		if cut >= 0 {
			own += cut
		}
	}
	// the clause's subject stands before its first count
	subj := c.numStart
	for i := len(figs) - 1; i >= 0 && figs[i].ss == st.ss && figs[i].cand.numStart >= cs; i-- {
		subj = figs[i].cand.numStart
	}
	f.Scope = x.scope(d, c, own, cs, ce, subj, after)
	if f.Scope == "province" && x.aboutOrganization(d) {
		f.Scope = "organization" // "toàn tỉnh" of one body's own units (LABELS.md)
	}
	sp := d.periodsIn(st.ss, st.se)
	per, ok := lastPeriod(sp, cs, c.numStart)
	if !ok {
		per, ok = lastPeriod(sp, st.ss, c.numStart)
	}
	if !ok {
		per, ok = firstPeriod(sp, c.kwEnd, ce)
	}
	if !ok {
		// the latest year stated before, else the publication year
		if p, found := lastPeriod(d.allPeriods(), d.from, st.ss); found && p.Year > 0 {
			per, ok = Period{Year: p.Year, Span: p.Span}, true
		} else if !d.pub.IsZero() {
			per, ok = Period{Year: d.pub.Time.Year()}, true
		}
	}
	if ok {
		applyPeriod(&f, per)
	}
	return f
}

func applyPeriod(f *Figure, p Period) {
	if p.Year > 0 {
		y := p.Year
		f.Year = &y
	} else {
		f.Year = nil
	}
	f.Period, f.AsOf = p.Span, p.AsOf
}

func lastPeriod(ps []Period, from, to int) (Period, bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Start >= from && ps[i].End <= to {
			return ps[i], true
		}
	}
	return Period{}, false
}

func firstPeriod(ps []Period, from, to int) (Period, bool) {
	for _, p := range ps {
		if p.Start >= from && p.End <= to {
			return p, true
		}
	}
	return Period{}, false
}

// nextNumber finds the next digit that starts a count in s[i:end].
func nextNumber(s string, i, end int) int {
	for j := i; j < end; j++ {
		if s[j] >= '0' && s[j] <= '9' && !wordBefore(s, j) {
			return j
		}
	}
	return -1
}

// fieldKey prepares text for field matching: lower case, "lãnh vực" as
// "lĩnh vực", dashes, commas and slashes removed, blanks collapsed.
func fieldKey(s string) string {
	s = strings.ReplaceAll(Lower(s), "lãnh vực", "lĩnh vực")
	b := make([]byte, 0, len(s))
	blank := false // a blank to write before the next rune
	for _, r := range s {
		switch r {
		case '-', '–', '—', ',', '/', '“', '”', '"', '\'', ':', '(', ')':
			r = ' '
		}
		if unicode.IsSpace(r) {
			blank = len(b) > 0
			continue
		}
		if blank {
			b = append(b, ' ')
			blank = false
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// fieldPhrases returns the field phrases named in a prepared text, in
// order, each once where it stands (the longest at each word).
func (x *Extractor) fieldPhrases(t string) []phrase {
	var out []phrase
	for i := 0; i < len(t); i++ {
		if i > 0 && t[i-1] != ' ' {
			continue
		}
		p, ok := x.fields.at(t, i)
		if !ok {
			continue
		}
		out = append(out, p)
		i += len(p.text) - 1
	}
	return out
}

// fieldsIn lists the fields named in a prepared text; all=true when it says
// "các lĩnh vực" or names two fields.
func (x *Extractor) fieldsIn(t string) (field string, found bool) {
	first, two := "", false // the first field named; whether another follows
	for _, p := range x.fieldPhrases(t) {
		switch {
		case p.label == "stop" && strings.Contains(p.text, "lĩnh vực"):
			return "all", true
		case p.label == "stop":
		case first == "":
			first = p.label
		case p.label != first:
			two = true
		}
	}
	switch {
	case first == "":
		return "", false
	case !two:
		return first, true
	}
	return "all", true
}

func (x *Extractor) field(d *docCtx, c candidate, ss, cs int, figs []figState) string {
	s := d.s
	// words after the count, up to a clause mark, "và" or the next number
	end := c.nameEnd
	limit := min(len(s), c.nameEnd+160, d.to)
	for end < limit {
		ch := s[end]
		if ch == ';' || ch == '.' || ch == '(' || ch == ')' || ch == ':' || ch == '\n' || (ch >= '0' && ch <= '9') {
			break
		}
		if (ch == ' ' || ch == ',') && hasAnyPrefix(d.low(end, min(end+16, len(d.s))), " và ", " trong đó", " gồm", ", lĩnh vực", ", lãnh vực", ", riêng", ", trong đó") {
			break
		}
		end++
	}
	if f, ok := x.fieldsIn(x.fieldPhrase(s[c.nameEnd:end])); ok {
		return f
	}
	// "lĩnh vực kinh tế: 709 mô hình", "riêng lĩnh vực xây dựng Đảng … có 1.876 mô hình"
	start := cs
	if len(figs) > 0 {
		if pe := figs[len(figs)-1].cand.kwEnd; pe > start && pe < c.numStart {
			start = pe
		}
	}
	if j := strings.LastIndexAny(s[start:c.numStart], ";("); j >= 0 {
		start += j + 1
	}
	// "lĩnh vực kinh tế: 709 mô hình": the label opens with its field, or
	// names the fields it spans
	raw := strings.ReplaceAll(d.low(start, c.numStart), "lãnh vực", "lĩnh vực")
	if i := strings.LastIndex(raw, "lĩnh vực"); i >= 0 {
		if f, ok := x.labelField(raw[i:], false); ok {
			return f
		}
		if f, ok := x.fieldsIn(fieldKey(raw[i:])); ok {
			return f
		}
	}
	// a unit's label names its body, not a field ("Sở Văn hóa … 3 mô hình")
	if ls := x.labelStart(d, start, c.numStart); x.startsOrganization(d.s, ls, c.numStart) {
		return "all"
	}
	// a label before the count that opens with a field, or an item of a
	// list that names one: "Dân vận khéo trong xây dựng Đảng, chính quyền …
	// có 03 mô hình", "cụ thể: lĩnh vực X với hơn 4 ngàn mô hình"
	if f, ok := x.labelField(s[x.labelStart(d, start, c.numStart):c.numStart], start > cs || len(figs) > 0 && figs[len(figs)-1].ss <= cs && figs[len(figs)-1].se > cs); ok {
		return f
	}
	// an item of a list that names its field before the count:
	// "…, văn hóa - xã hội 40 mô hình"
	seg := s[start:c.numStart]
	if j := strings.LastIndexByte(seg, ','); j >= 0 {
		seg = seg[j+1:]
	}
	seg = fieldKey(seg)
	for _, lead := range []string{"trong đó ", "riêng ", "còn lại ", "và "} {
		seg = strings.TrimPrefix(seg, lead)
	}
	if seg != "" && strings.Count(seg, " ") < 6 {
		if p, ok := x.fields.at(seg, 0); ok && p.label != "stop" && len(p.text) == len(strings.TrimSuffix(strings.TrimSuffix(seg, " có"), " với")) {
			return p.label
		}
	}
	return x.paragraphField(d, ss)
}

// labelStart is where the label of a list item begins: after the last
// clause mark (";", ":", "(") or breakdown marker before the count.
func (x *Extractor) labelStart(d *docCtx, from, to int) int {
	start := from
	if j := strings.LastIndexAny(d.s[start:to], ";:("); j >= 0 {
		start += j + 1
	}
	return start + lastPhraseEnd(d.low(start, to), x.breakdown)
}

// lastPhraseEnd returns where the last of the phrases to stand in s on word
// boundaries ends, 0 when none does.
func lastPhraseEnd(s string, phrases []string) int {
	end := 0
	for _, p := range phrases {
		for off := 0; ; {
			i := strings.Index(s[off:], p)
			if i < 0 {
				break
			}
			i += off
			off = i + len(p)
			if !wordBefore(s, i) && !wordAt(s, off) && off > end {
				end = off
			}
		}
	}
	return end
}

// labelFillers open a label without naming its field: the programme's
// name and the prepositions before a field.
var labelFillers = []string{"dân vận khéo", "dvk", "mô hình", "trong", "trên", "thuộc", "về", "ở", "các", "lĩnh vực", "của", "và"}

// labelLinks join a label to its count: "X có 48 mô hình", "X với hơn 4 ngàn".
var labelLinks = []string{" có", " với", " đạt", " là", " gồm"}

// labelField reads the field a label before a count gives it: the field it
// opens with (unless it names two of the four fields: all); in a list item
// (item), the one field it names.
func (x *Extractor) labelField(label string, item bool) (string, bool) {
	t := fieldKey(label)
	linked := strings.HasSuffix(strings.TrimRight(label, " "), ":")
	for _, suf := range labelLinks {
		if strings.HasSuffix(t, suf) {
			t, linked = strings.TrimSuffix(t, suf), true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range labelFillers {
			if strings.HasPrefix(t, f+" ") {
				t, changed = t[len(f)+1:], true
			}
		}
	}
	if t == "" {
		return "", false
	}
	main := x.mainFields(t)
	if p, ok := x.fields.at(t, 0); ok && p.label != "stop" && (linked || len(p.text) == len(t)) {
		if len(main) >= 2 {
			return "all", true
		}
		return p.label, true
	}
	if !item {
		return "", false
	}
	if len(main) == 1 {
		for f := range main {
			return f, true
		}
	}
	return "", false
}

// mainFields returns the distinct fields other than "other" named in t.
func (x *Extractor) mainFields(t string) map[string]bool {
	out := map[string]bool{}
	for _, p := range x.fieldPhrases(t) {
		if p.label != "stop" && p.label != "other" {
			out[p.label] = true
		}
	}
	return out
}

// paragraphField: a count with no field of its own, in a paragraph whose
// earlier sentence speaks of the models of one field ("nhiều mô hình …
// trong lĩnh vực phát triển kinh tế …"), counts that field's models.
func (x *Extractor) paragraphField(d *docCtx, ss int) string {
	s := d.s
	ps := d.from
	if j := strings.LastIndexByte(s[d.from:ss], '\n'); j >= 0 {
		ps = d.from + j + 1
	}
	pre := d.low(ps, ss)
	field := ""
	for off := 0; ; {
		i := strings.Index(pre[off:], "lĩnh vực ")
		if i < 0 {
			break
		}
		i += off
		off = i + 1
		// the models of that field, in the same sentence, before it
		sentStart := max(strings.LastIndex(pre[:i], ". "), 0)
		if !strings.Contains(pre[sentStart:i], "mô hình") {
			continue
		}
		from := max(sentStart, i-len("các "))
		f, ok := x.fieldsIn(x.fieldPhrase(pre[from:min(len(pre), i+160)]))
		if !ok || f == "all" || (field != "" && f != field) {
			return "all"
		}
		field = f
	}
	if field == "" {
		return "all"
	}
	return field
}

// fieldPhrase keeps the words after a count up to the first comma that is
// not followed by another field ("kinh tế, văn hóa - xã hội" stays whole,
// "tiêu biểu được lựa chọn, trên lĩnh vực …" stops at the comma).
func (x *Extractor) fieldPhrase(t string) string {
	parts := strings.Split(t, ",")
	keep := []string{parts[0]}
	if _, ok := x.fieldsIn(fieldKey(parts[0])); !ok {
		return fieldKey(parts[0]) // a list continues only after a field
	}
	for _, p := range parts[1:] {
		k := fieldKey(p)
		k = strings.TrimPrefix(k, "lĩnh vực ")
		if _, ok := x.fields.at(k, 0); !ok {
			break
		}
		keep = append(keep, p)
	}
	return fieldKey(strings.Join(keep, ","))
}

// qualifier of a count from the words around it; after is the count's own
// words, words all of them up to the next count.
func (x *Extractor) qualifier(d *docCtx, c candidate, after, words string) string {
	if c.preset != "" {
		return c.preset
	}
	// the words right before the number (approximator excluded)
	back := max(c.numStart-40, d.from)
	for back > d.from && d.s[back]&0xC0 == 0x80 {
		back--
	}
	before := strings.TrimRight(d.low(back, c.numStart), " ")
	if j := strings.LastIndexAny(before, ",;:.("); j >= 0 {
		before = strings.TrimLeft(before[j+1:], " ")
	}
	// the words of this count only: up to the first comma ("1.088 mô
	// hình, nhiều mô hình được nhân rộng" has none)
	near := strings.TrimLeft(words, " ")
	if j := strings.IndexAny(near, ",;"); j >= 0 {
		near = near[:j]
	}
	near = firstWords(near, 6)
	// "mô hình tập thể và cá nhân" names both holders: it is neither's part
	both := 0
	holders := firstWords(words, 8)
	for _, q := range x.qualifiers {
		if q.name == "collective" || q.name == "individual" {
			if _, ok := hasPhrase(holders, q.near); ok {
				both++
			}
		}
	}
	for _, q := range x.qualifiers {
		if both == 2 && (q.name == "collective" || q.name == "individual") {
			continue
		}
		for _, p := range q.before {
			if strings.HasSuffix(before, p) && !wordBefore(before, len(before)-len(p)) {
				return q.name
			}
		}
		if _, ok := hasPhrase(near, q.near); ok {
			return q.name
		}
		for _, p := range q.first {
			t := strings.TrimLeft(after, " ,")
			if strings.HasPrefix(t, p) && !wordAt(t, len(p)) {
				return q.name
			}
		}
		if _, ok := hasPhrase(after, q.after); ok {
			return q.name
		}
		if len(q.passive) > 0 {
			if i := strings.Index(after, "được"); i >= 0 && i < 40 {
				if _, ok := hasPhrase(after[i:], q.passive); ok {
					return q.name
				}
			}
		}
	}
	return ""
}

func firstWords(s string, n int) string {
	s = strings.TrimLeft(s, " ,")
	count := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			count++
			if count == n {
				return s[:i]
			}
		}
	}
	return s
}

// cue is a scope cue found in text.
type cue struct {
	kind       string // province, district, commune, organization, neutral, city
	start, end int
	weight     int
}

// cues finds scope cues in s[from:to].
func (x *Extractor) cues(d *docCtx, from, to int) []cue {
	s := d.s
	lowBase := from
	low := d.low(from, to)
	var out []cue
	absorbUntil := -1
	for i := from; i < to; i++ {
		switch s[i] {
		case ',', ';', ':', '.': // a clause ends: nothing more is absorbed
			absorbUntil = -1
			continue
		}
		if !x.scopeCues.mayStart(low, i-lowBase) && !x.scopeCased.mayStart(s, i) {
			continue
		}
		var p phrase
		ok := false
		if q, found := x.scopeCased.at(s, i); found && !x.gaz.placeAt(s, i) {
			p, ok = q, true // "Hội Nông dân", not "Hội An"
		}
		if q, found := x.scopeCues.at(low, i-lowBase); found && (!ok || len(q.text) > len(p.text)) {
			p, ok = q, true
		}
		if !ok {
			continue
		}
		end := i + len(p.text)
		if end > to {
			continue
		}
		k := cue{start: i, end: end, weight: 3}
		switch p.label {
		case "place_province", "place_district", "place_commune", "place_city":
			// needs a proper name after it
			n := end
			for n < len(s) && (s[n] == ' ' || s[n] == '.') {
				n++
			}
			if n >= len(s) || !startsUpperWord(s[n:]) {
				// a bare word is a weak hint, for the document's scope only
				switch p.label {
				case "place_province":
					k.kind = "province"
				case "place_district":
					k.kind = "district"
				case "place_commune":
					if strings.HasPrefix(low[end-lowBase:], " hội") {
						continue
					}
					k.kind = "commune"
				case "place_city":
					k.kind = "city"
				}
				k.weight = 0
				break
			}
			k.weight = 1
			switch p.label {
			case "place_province":
				k.kind = "province"
			case "place_district":
				k.kind = "district"
			case "place_commune":
				k.kind = "commune"
			case "place_city":
				k.kind = "district"
				nameEnd := n
				for nameEnd < len(s) && (isWordByte(s[nameEnd]) || s[nameEnd] == ' ' || s[nameEnd] == '.') {
					if s[nameEnd] == ' ' && (nameEnd+1 >= len(s) || !startsUpperWord(s[nameEnd+1:])) {
						break
					}
					nameEnd++
				}
				name := strings.TrimRight(s[n:nameEnd], " .")
				if pv, ok := x.gaz.Lookup(name); ok && pv.City {
					k.kind = "province"
				} else if strings.HasPrefix(strings.ToUpper(name), "HCM") {
					k.kind = "province"
				}
				end = nameEnd
			}
		case "city":
			n := end
			for n < len(s) && s[n] == ' ' {
				n++
			}
			if n < len(s) && startsUpperWord(s[n:]) {
				i = end - 1
				continue // "Thành ủy TP. Thủ Đức": the name decides
			}
			if d.hasProv && d.province.City {
				k.kind = "province"
			} else {
				k.kind = "district"
			}
		default:
			k.kind = p.label
		}
		if k.kind != "organization" && i < absorbUntil {
			i = end - 1
			continue
		}
		if k.kind == "organization" {
			absorbUntil = end + 60
		}
		out = append(out, k)
		i = end - 1
	}
	return out
}

// scope of a total: the nearest cue before it in its clause, an agent after
// it ("do các cấp Hội đăng ký"), a cue in its own words ("cấp tỉnh"), the
// sentence, and last the document's own scope.
func (x *Extractor) scope(d *docCtx, c candidate, own, cs, ce, subj int, after string) string {
	for _, ag := range x.agents {
		if i := strings.Index(after, ag+" "); i >= 0 && i < 60 && (i == 0 || after[i-1] == ' ') {
			start := c.nameEnd + i + len(ag) + 1
			for _, k := range x.cues(d, start, min(start+40, ce)) {
				if k.kind == "organization" && k.start == start {
					return "organization"
				}
			}
		}
	}
	pick := func(ks []cue, last bool) (string, bool) {
		if last {
			for i := len(ks) - 1; i >= 0; i-- {
				if ks[i].weight > 0 {
					return ks[i].kind, true
				}
			}
			return "", false
		}
		for _, k := range ks {
			if k.weight > 0 {
				return k.kind, true
			}
		}
		return "", false
	}
	ownCues := x.cues(d, own, c.numStart)
	if k, ok := pick(ownCues, true); ok && k != "neutral" {
		return k
	} else if ok {
		return x.docScope(d)
	}
	// a district named without its type ("Hội An có hơn 500 mô hình")
	if x.gaz.districtIn(d.s, own, c.numStart) {
		return "district"
	}
	// a bare "huyện", "xã" right before the count is its subject ("huyện có 150")
	if n := len(ownCues); n > 0 && ownCues[n-1].weight == 0 && c.numStart-ownCues[n-1].end <= 24 && ownCues[n-1].kind != "city" {
		return ownCues[n-1].kind
	}
	// a count listed after another ("toàn xã đăng ký 53 mô hình cấp cơ sở,
	// 17 mô hình cấp huyện"): the subject before the first says whose
	if subj < own {
		if k, ok := pick(x.cues(d, cs, subj), true); ok && k != "neutral" {
			return k
		}
	}
	ownEnd := ce // the count's own words end at the first comma
	if j := strings.IndexByte(d.s[c.kwEnd:ce], ','); j >= 0 {
		ownEnd = c.kwEnd + j
	}
	if k, ok := pick(x.cues(d, c.kwEnd, ownEnd), false); ok && k != "neutral" && k != "organization" {
		return k
	}
	if own > cs {
		if k, ok := pick(x.cues(d, cs, own), true); ok && k != "neutral" {
			return k
		}
	}
	return x.docScope(d)
}

// firstUnit returns the kind of the first cue that names a unit (a place
// with its name, a body), "" when none does.
func firstUnit(ks []cue) string {
	for _, k := range ks {
		if k.weight > 0 && k.kind != "neutral" && k.kind != "city" {
			return k.kind
		}
	}
	return ""
}

// titleCues returns the scope cues of the headline, found once.
func (x *Extractor) titleCues(d *docCtx) []cue {
	if !d.titleCuesOK {
		d.titleCuesOK = true
		if d.title != "" {
			td := &docCtx{s: d.title, from: 0, to: len(d.title), hasProv: d.hasProv, province: d.province}
			d.titleCues = x.cues(td, 0, len(d.title))
		}
	}
	return d.titleCues
}

// aboutOrganization: the document's subject is one body: the first unit
// its headline names, else the first its text names, is an organisation
// ("Công an tỉnh …", "Bộ CHQS tỉnh …"). Decided once per document.
func (x *Extractor) aboutOrganization(d *docCtx) bool {
	if d.aboutOrgOK {
		return d.aboutOrg
	}
	d.aboutOrgOK = true
	k := firstUnit(x.titleCues(d))
	if k == "" {
		ss, se := sentenceAt(d.s, d.from, d.from, runesOn(d.s, d.from, maxSentence, d.to))
		k = firstUnit(x.cues(d, ss, se))
	}
	d.aboutOrg = k == "organization"
	return d.aboutOrg
}

// docScope is the level the document speaks of: the weighted majority of
// its cues, the higher level on a tie.
func (x *Extractor) docScope(d *docCtx) string {
	if d.docScopeOK {
		return d.docScope
	}
	d.docScopeOK = true
	w := map[string]float64{}
	for _, k := range x.cues(d, d.from, d.to) {
		kind := k.kind
		if kind == "neutral" || kind == "city" {
			continue
		}
		v := float64(k.weight)
		if k.weight == 0 {
			v = 1
			if kind == "commune" {
				v = 0.5
			}
		}
		if kind == "organization" {
			v = v * 2 / 3
		}
		w[kind] += v
	}
	// the unit the headline names is the article's subject: its level
	// weighs as much as three mentions in the body
	if d.title != "" {
		cued := false
		for _, k := range x.titleCues(d) {
			if k.weight > 0 && k.kind != "neutral" && k.kind != "city" {
				w[k.kind] += 3
				cued = true
			}
		}
		// a headline naming its unit without a cue: "Hòa Bình: Nhân rộng …"
		if ms := x.gaz.scan(d.title, 0, len(d.title)); !cued && len(ms) > 0 && !ms[0].former {
			if ms[0].district {
				w["district"] += 3
			} else if !x.gaz.Province(ms[0].prov).City {
				w["province"] += 3
			}
		}
	}
	bestK, bestW := "unknown", 0.0
	for _, kind := range []string{"province", "district", "commune", "organization"} {
		if w[kind] > bestW {
			bestK, bestW = kind, w[kind]
		}
	}
	d.docScope = bestK
	return bestK
}

// checkSums warns where a breakdown does not add up to its total.
func checkSums(figs []figState) []Warning {
	var out []Warning
	for i, t := range figs {
		if t.parent >= 0 {
			continue
		}
		var byField []int
		var byQual []int
		seenF := map[string]bool{}
		seenQ := map[string]bool{}
		stopF, stopQ := false, false
		for j := i + 1; j < len(figs); j++ {
			if figs[j].parent != i {
				if figs[j].parent < 0 {
					break
				}
				continue
			}
			f := figs[j].fig
			if f.Field != "all" && !stopF {
				if seenF[f.Field] {
					stopF = true
				} else {
					seenF[f.Field] = true
					byField = append(byField, j)
				}
			}
			if f.Field == "all" && (f.Qualifier == "collective" || f.Qualifier == "individual") && !stopQ {
				if seenQ[f.Qualifier] {
					stopQ = true
				} else {
					seenQ[f.Qualifier] = true
					byQual = append(byQual, j)
				}
			}
		}
		for _, set := range []struct {
			name string
			idx  []int
		}{{"field", byField}, {"qualifier", byQual}} {
			if len(set.idx) < 2 {
				continue
			}
			var sum int64
			approx := t.fig.Approx != ""
			for _, j := range set.idx {
				sum += figs[j].fig.Value
				approx = approx || figs[j].fig.Approx != ""
			}
			if sum == t.fig.Value || approx {
				continue
			}
			out = append(out, Warning{
				Kind:    "breakdown_sum",
				Message: fmt.Sprintf("the breakdown by %s adds up to %s, the total says %s", set.name, FormatVN(sum), FormatVN(t.fig.Value)),
				Total:   t.fig.Value,
				Sum:     sum,
				Start:   t.fig.Start,
				End:     figs[set.idx[len(set.idx)-1]].fig.End,
			})
		}
	}
	return out
}

// FormatVN writes an integer the Vietnamese way: 11859 → "11.859".
func FormatVN(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := fmt.Sprintf("%d", n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
