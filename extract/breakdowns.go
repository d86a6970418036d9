package extract

import (
	"fmt"
	"strings"
)

type figState struct {
	cand       candidate
	fig        Figure
	parent     int // index in figs, -1 for a total
	ss, se     int
	openParen  bool
	breakdownS bool // the sentence opens with a breakdown marker
}

// partLabelled reports whether an item without the keyword names a field
// ("văn hóa - xã hội 301", "301 văn hóa - xã hội") or a unit ("huyện Tri Tôn
// 45") of a breakdown's part.
func (x *Extractor) partLabelled(d *docCtx, figs []figState, c candidate, ss, se int) bool {
	e, _ := itemEnd(d.s[c.nameEnd:se], x.conjunctions)
	if rest := d.s[c.nameEnd:itemWordsEnd(d.s, c.nameEnd, c.nameEnd+e, se)]; strings.TrimSpace(rest) != "" {
		_, ok := x.labelField(rest, false)
		return ok
	}
	if c.preset != "" { // a holder's models (listItems)
		return true
	}
	label, to := x.partLabel(d, figs, ss, c.numStart)
	if _, ok := x.labelField(d.s[label:to], true); ok {
		return true
	}
	_, ok := x.unitScope(d, label, to, "")
	return ok
}

// partLabel is where the label of a breakdown's part whose number starts at
// numStart begins and ends: after the words of the count before it in its
// sentence (from ss), and before the colon that may stand between the label
// and the number ("huyện Can Lộc: 210 mô hình").
func (x *Extractor) partLabel(d *docCtx, figs []figState, ss, numStart int) (int, int) {
	from, to := x.afterOwnWords(d.s, max(figs[len(figs)-1].cand.kwEnd, ss), numStart), numStart
	if t := strings.TrimRight(d.s[from:to], " "); strings.HasSuffix(t, ":") {
		to = from + len(t) - 1
	}
	return x.labelStart(d, from, to), to
}

// bulletLinesOnly reports whether s[a:b] holds nothing but line breaks and
// whole lines that open with a list's bullet.
func bulletLinesOnly(s string, a, b int) bool {
	for _, line := range strings.Split(s[a:b], "\n") {
		if strings.TrimSpace(line) != "" && !bulletedLine(line, 0) {
			return false
		}
	}
	return true
}

// withoutClosedAsides is s without the parentheses that open and close in
// it, and what they hold.
func withoutClosedAsides(s string) string { return withoutEnclosed(s, "(", ")") }

// withoutEnclosed is s without each pair of the marks open and close that
// open and close in it, and what they enclose.
func withoutEnclosed(s, open, close string) string {
	for {
		i := strings.Index(s, open)
		if i < 0 {
			return s
		}
		n := strings.Index(s[i+len(open):], close)
		if n < 0 {
			return s
		}
		s = s[:i] + s[i+len(open)+n+len(close):]
	}
}

// wholeOf is the count a part marked after figs[prev] belongs to: prev,
// unless the part is larger, as when the count before it is a stated
// increase ("có 215 mô hình, tăng 15 mô hình; trong đó 120 mô hình …"): a
// part is no larger than its whole, so an earlier total of the sentence that
// can hold it is the whole.
func wholeOf(figs []figState, prev int, v int64) int {
	if v <= figs[prev].fig.Value {
		return prev
	}
	for k := prev - 1; k >= 0 && figs[k].ss == figs[prev].ss; k-- {
		if figs[k].parent < 0 && v <= figs[k].fig.Value {
			return k
		}
	}
	return prev
}

func (x *Extractor) buildFigures(a *Article, d *docCtx, cands []candidate) {
	s := d.s
	figs := make([]figState, 0, len(cands))
	lastTotal := -1
	at, ss, se := -1, 0, 0 // the last sentence looked up, for the next count in it
	for _, c := range cands {
		if at < 0 || c.kwStart < at || c.kwStart >= se {
			at = c.kwStart
			ss, se = sentenceNear(s, at, d.from, d.to)
		}
		if c.kwEnd > se { // "mô\nhình": the keyword spans a line break
			_, se = sentenceAt(s, c.kwEnd-1, ss, runesOn(s, c.kwEnd, maxSentence, d.to))
		}
		cs := clauseStart(s, ss, c.numStart)
		ce := clauseEnd(s, c.kwEnd, se)
		if x.excludedTopic(d, c, cs, ce) || x.requirement(d, c, ss, cs) {
			continue
		}
		on := x.onTopic(d, c, ss, se, cs, ce)
		st := figState{cand: c, parent: -1, ss: ss, se: se}
		// Where does it stand: a total, or part of a breakdown?
		prev := len(figs) - 1
		if prev >= 0 && figs[prev].ss == ss {
			gap := ""
			if g := figs[prev].cand.kwEnd; g < c.numStart {
				gap = d.low(g, c.numStart)
			}
			// an aside closed before the count says nothing of it ("huyện
			// Can Lộc (gồm 13 xã, thị trấn) có 210 mô hình")
			_, marker := hasPhrase(withoutClosedAsides(gap), x.breakdown)
			paren := strings.LastIndexByte(gap, '(') > strings.LastIndexByte(gap, ')')
			hasTime := len(x.periods.find(gap, gap, Date{})) > 0
			switch {
			case hasTime:
			case (marker || paren) && figs[prev].cand.holder:
				// "(trong đó 187 tập thể và 15 cá nhân); cụ thể: …": a holder
				// has no parts; the list goes on under its total
				st.parent = figs[prev].parent
				st.openParen = paren
			case marker || paren:
				whole := prev
				if figs[prev].openParen && figs[prev].parent >= 0 && strings.Contains(gap, ")") {
					// "1.846 mô hình (tăng 209 mô hình …), trong đó: cấp tỉnh
					// 123 mô hình": the aside closed, the count before it is
					// the whole
					whole = figs[prev].parent
				}
				st.parent = wholeOf(figs, whole, c.value)
				st.openParen = paren
			case c.holder && figs[prev].parent < 0 && c.metric.holderLink(gap):
				st.parent = prev // "công nhận 57 mô hình đối với 42 tập thể"
			case figs[prev].parent >= 0 && !(figs[prev].openParen && strings.Contains(gap, ")")):
				st.parent = figs[prev].parent
				st.openParen = figs[prev].openParen
			}
		} else if prev >= 0 && bulletedLine(s, ss) && bulletLinesOnly(s, figs[prev].se, ss) {
			// an item of a bulleted list, a line of its own: a part of the
			// count whose sentence opened the list ("…, cụ thể:"), or of the
			// whole the item before it is a part of
			switch p := figs[prev]; {
			case endsWithColon(s[p.ss:p.se]):
				st.parent = wholeOf(figs, prev, c.value)
			case p.parent >= 0 && bulletedLine(s, p.ss):
				st.parent = p.parent
			}
		} else if lastTotal >= 0 && fewerRunes(s, figs[lastTotal].se, c.numStart, breakdownReach) {
			if opensWithFold(strings.TrimLeft(s[ss:c.numStart], listBullets), x.breakdown) {
				st.parent = lastTotal
				st.breakdownS = true
			}
		}
		// a part of a total on topic is on topic: the total's sentence
		// named the movement ("128 mô hình … trong các phong trào thi đua.
		// Trong đó: lĩnh vực kinh tế có 48 mô hình; …")
		if !on && st.parent < 0 {
			continue
		}
		// an item without the keyword is a part of a breakdown by field or
		// by unit, no larger than its whole, or nothing
		if c.elliptical && (st.parent < 0 || c.value > figs[st.parent].fig.Value || !x.partLabelled(d, figs, c, ss, se)) {
			continue
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

// holdersOfKeyword: a holder whose sentence names the models before it and
// then whose they are, with no count of its own: "công nhận mô hình, điển
// hình … đối với 42 tập thể và 15 cá nhân".
func (x *Extractor) holdersOfKeyword(d *docCtx, c candidate, ss int) bool {
	low := d.low(ss, c.numStart)
	k := -1
	for _, kw := range c.metric.keywords {
		k = max(k, strings.LastIndex(low, kw))
	}
	return k >= 0 && c.metric.holderLink(low[k:])
}

// holderLink reports whether t, lower case, from the models' keyword or
// after it up to a count of holders, names whose models they are: a holder
// cue leads to the holders, and before the cue stand at most holderLinkWords
// words besides a companion and a quoted name, and no clause mark: "mô
// hình, điển hình “Dân vận khéo” năm 2022 đối với", "mô hình cấp tỉnh cho";
// not "mô hình, UBND tỉnh tặng bằng khen cho" nor "mô hình mang lại lợi ích
// cho", whose holders are people awarded or helped.
func (m *compiledMetric) holderLink(t string) bool {
	t = strings.TrimRight(t, " ")
	for _, kw := range m.keywords {
		t = strings.TrimPrefix(t, kw)
	}
	for _, p := range m.pairings { // ", điển hình"
		t = strings.TrimPrefix(t, p)
	}
	for _, cue := range m.holderCues {
		i := phraseIndex(t, cue)
		if i < 0 || strings.ContainsAny(t[i:], ";.") { // the holders listed after it: "đối với 42 tập thể và"
			continue
		}
		before := withoutEnclosed(withoutEnclosed(t[:i], "“", "”"), "\"", "\"") // a quoted name
		return !strings.ContainsAny(before, ",;") && len(strings.Fields(before)) <= holderLinkWords
	}
	return false
}

func rootOf(figs []figState, i int) *figState {
	for figs[i].parent >= 0 {
		i = figs[i].parent
	}
	return &figs[i]
}

// onTopic: the count must be about the metric's topic, said in its clause or
// sentence (topics and clause_topics) or, failing that, in the document
// (topics only).
func (x *Extractor) onTopic(d *docCtx, c candidate, ss, se, cs, ce int) bool {
	m := c.metric
	if len(m.topics) == 0 {
		return true
	}
	if _, ok := hasPhrase(d.low(cs, ce), m.clauseTopics); ok {
		return true
	}
	if _, ok := hasPhrase(d.low(ss, se), m.clauseTopics); ok {
		return true
	}
	return d.mentions(m.topics) || d.slugMentions(m.topics)
}

// excludedTopic reports whether the count's clause names another programme
// (the rules' exclude_topics) before it names the movement: "mô hình OCOP".
func (x *Extractor) excludedTopic(d *docCtx, c candidate, cs, ce int) bool {
	m := c.metric
	after := d.low(c.kwEnd, ce)
	if _, ex := hasPhrase(after, m.excludeTopics); ex {
		// unless the movement names the models first: "mô hình “Dân vận
		// khéo” gắn với việc học tập và làm theo …" are its own
		t, _ := indexAny(after, m.topics)
		e, _ := indexAny(after, m.excludeTopics)
		return t < 0 || e < t
	}
	clause := d.low(cs, ce)
	if _, ok := hasPhrase(clause, m.clauseTopics); ok {
		return false
	}
	_, ex := hasPhrase(clause, m.excludeTopics)
	return ex
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

// requirement reports whether a count is a requirement, a target or a
// threshold, not a figure (LABELS.md): one of the rules' requirement words
// stands right before its number ("ít nhất 1 mô hình") or before it in its
// clause, after the last comma ("mỗi xã xây dựng 1 mô hình"), or right
// after its keyword and name ("có từ 100 mô hình trở lên"), or a target
// verb rules the sentence before it (targetBefore).
func (x *Extractor) requirement(d *docCtx, c candidate, ss, cs int) bool {
	if c.nameEnd < len(d.s) {
		after := strings.TrimLeft(d.low(c.nameEnd, runesOn(d.s, c.nameEnd, thresholdReach, len(d.s))), " ")
		if hasAnyPrefixWord(after, x.reqAfter) {
			return true
		}
	}
	if cs >= c.numStart {
		return false
	}
	before := d.low(cs, c.numStart)
	if j := strings.LastIndexAny(before, ",;:(…"); j >= 0 {
		before = before[j+1:]
	}
	if endsWithPhrase(before, x.reqBefore) {
		return true
	}
	if p, ok := hasPhrase(before, x.reqClause); ok && !endsWithPhrase(strings.TrimRight(before[:phraseIndex(before, p)], " "), x.reqMet) {
		return true
	}
	own := c.numStart - len(before) // where the count's own clause starts
	return ss < c.numStart && x.targetBefore(d.low(ss, c.numStart), own-ss)
}

// targetBefore reports whether the last target verb of s (the sentence up
// to a count: "Phấn đấu đến năm 2025, toàn tỉnh có ") still rules its end:
// no word saying the count was reached follows it ("…, đến nay đã có "),
// it is not a noun ("Với sự nỗ lực phấn đấu, …"), and, when it stands in an
// earlier clause than the count (before s[clause:]), that clause sets a
// date to reach ("phấn đấu đến năm 2025, …"; "vận động hội viên phấn đấu
// vươn lên, năm 2024 có 33 mô hình" states a count).
func (x *Extractor) targetBefore(s string, clause int) bool {
	at := x.reqSentence.lastIn(s)
	if at < 0 || endsWithPhrase(strings.TrimRight(s[:at], " "), x.reqNounMarks) {
		return false
	}
	if _, reached := hasPhrase(s[at:], x.reqReached); reached {
		return false
	}
	return at >= clause || len(x.periods.find(s[at:clause], s[at:clause], Date{})) > 0
}

// fewerRunes reports whether s[from:i] holds fewer than n runes (true when
// i ≤ from), counting no more than n of them.
func fewerRunes(s string, from, i, n int) bool {
	return i <= from || runesBack(s, i, n-1, from) == from
}
