package extract

import (
	"slices"
	"strings"
)

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

	// a clause cut short (a sentence longer than the window read around a
	// count) still holds the count's own name
	ce = max(ce, c.nameEnd)
	nextCount := ce
	// the next count in the clause bounds this one's words
	if i := nextNumber(s, c.nameEnd, ce); i >= 0 {
		nextCount = i
	}
	// the count's own words end at the first comma, semicolon or conjunction
	ownEnd := nextCount
	if j := strings.IndexAny(s[c.nameEnd:nextCount], ",;"); j >= 0 {
		ownEnd = c.nameEnd + j
	}
	if j, _ := indexAny(d.low(c.nameEnd, ownEnd), x.conjunctions); j >= 0 {
		ownEnd = c.nameEnd + j
	}
	after := d.low(c.nameEnd, ownEnd)
	f.Field = x.field(d, c, st.ss, st.se, cs, figs)
	// the words up to the next count in the clause; those after the last
	// conjunction lead into that count ("xây dựng 1.234 mô hình và nhân
	// rộng 56 mô hình": "nhân rộng" is the 56's, not the 1.234's)
	words := d.low(c.nameEnd, nextCount)
	lead := len(words)
	if nextCount < ce {
		if j, _ := lastIndexAny(words, x.conjunctions); j >= 0 {
			lead = j
		}
	}
	// a count after another in its sentence is a part of what that one
	// counts, as a breakdown's parts are ("… và nhân rộng 56 mô hình")
	part := st.parent >= 0 || len(figs) > 0 && figs[len(figs)-1].ss == st.ss
	f.Qualifier = x.qualifier(d, c, after, words, lead, part)
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
		labelFrom, labelTo := x.partLabel(d, figs, st.ss, c.numStart)
		if k, ok := x.unitScope(d, labelFrom, labelTo, p.Scope); ok {
			f.Scope = k
		} else if sib := figs[len(figs)-1]; sib.parent == st.parent && sib.ss == st.ss && x.joinedOnly(d, sib.cand.kwEnd, c.numStart) {
			// "huyện Ba Bể có 90 mô hình kinh tế và 30 mô hình văn hóa":
			// the part joined to the one before it shares its unit
			f.Scope = sib.fig.Scope
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
		// the previous count's own words ("… cấp tỉnh", "… của các tập
		// thể, cá nhân đạt tiêu chuẩn cấp cơ sở") end at the last
		// conjunction or comma before this one
		if j, n := lastOutsideAside(d.low(own, c.numStart), slices.Concat(x.conjunctions, []string{", ", "; "})); j >= 0 {
			own += j + n
		}
	}
	// the clause's subject stands before its first count
	subj, listScope := c.numStart, ""
	for i := len(figs) - 1; i >= 0 && figs[i].ss == st.ss && figs[i].cand.numStart >= cs; i-- {
		subj, listScope = figs[i].cand.numStart, figs[i].fig.Scope
	}
	f.Scope = x.scope(d, c, own, cs, ce, subj, listScope, after)
	if f.Scope == "province" && x.aboutOrganization(d) {
		f.Scope = "organization" // "toàn tỉnh" of one body's own units (LABELS.md)
	}
	sp := d.periodsIn(st.ss, st.se)
	per, ok := lastPeriod(sp, cs, c.numStart)
	if !ok {
		per, ok = lastPeriod(sp, st.ss, c.numStart)
	}
	if !ok {
		per, ok = firstPeriod(sp, c.kwEnd, x.ownAside(d, c, ce))
	}
	if !ok {
		// stated in the present ("Hiện nay, toàn tỉnh có …"): the
		// publication's date, as "đến nay"; else the latest year stated
		// before (not an aside's, which dates the aside's own count), else
		// the publication year
		if _, now := hasPhrase(d.low(st.ss, c.numStart), d.grammar.present); now && !d.pub.IsZero() {
			per, ok = nowPeriod(d.pub), true
		} else if p, found := x.lastPeriodOutsideAsides(d, c.metric, st.ss); found && p.Year > 0 {
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

// lastOutsideAside is lastIndexAny outside a parenthesis closed after it:
// "huyện Can Lộc (gồm 13 xã, thị trấn) có 210": the comma in the aside
// separates no counts.
func lastOutsideAside(s string, seps []string) (int, int) {
	for end := len(s); ; {
		j, n := lastIndexAny(s[:end], seps)
		if j < 0 || strings.Count(s[j:], ")") <= strings.Count(s[j:], "(") {
			return j, n
		}
		end = j
	}
}

// ownAside returns where the words after a count that may date it end: at
// the clause's end ce, or at an aside that states a count of its own ("1.210
// mô hình (năm 2022 có 1.050 mô hình)": 2022 dates the aside's count).
func (x *Extractor) ownAside(d *docCtx, c candidate, ce int) int {
	i := strings.IndexByte(d.s[c.nameEnd:ce], '(')
	if i < 0 {
		return ce
	}
	open := c.nameEnd + i
	end := ce
	if j := strings.IndexByte(d.s[open:ce], ')'); j >= 0 {
		end = open + j
	}
	if at, _ := indexAny(d.low(open, end), c.metric.keywords); at >= 0 {
		return open
	}
	return ce
}

// lastPeriodOutsideAsides is the last period of the text before end that
// does not stand in an aside stating a count of the metric ("(năm 2021 có
// 204 mô hình)").
func (x *Extractor) lastPeriodOutsideAsides(d *docCtx, m *compiledMetric, end int) (Period, bool) {
	ps := d.allPeriods()
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if p.Start < d.from || p.End > end {
			continue
		}
		open := strings.LastIndexAny(d.s[d.from:p.Start], "()\n")
		if open < 0 || d.s[d.from+open] != '(' {
			return p, true
		}
		open += d.from
		close := strings.IndexAny(d.s[p.End:end], ")\n")
		if close < 0 || d.s[p.End+close] != ')' {
			return p, true
		}
		if at, _ := indexAny(d.low(open, p.End+close), m.keywords); at < 0 {
			return p, true
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

// qualifier of a count from the words around it; after is the count's own
// words, words all of them up to the next count, of which those from lead
// on lead into that count; part: the count is a part of a breakdown or
// follows another count in its sentence.
func (x *Extractor) qualifier(d *docCtx, c candidate, after, words string, lead int, part bool) string {
	if c.preset != "" {
		return c.preset
	}
	// the words right before the number (approximator excluded)
	before := d.clauseBefore(c.numStart, qualifierBack)
	// the words of this count only: up to the first comma ("1.088 mô
	// hình, nhiều mô hình được nhân rộng" has none) or conjunction ("1.200
	// mô hình và sẽ tiếp tục nhân rộng": what is done with the whole set)
	near := strings.TrimLeft(words[:lead], " ")
	if j := strings.IndexAny(near, ",;"); j >= 0 {
		near = near[:j]
	}
	cut, padded := len(near), " "+near+" "
	for _, cj := range x.conjunctions { // " và "
		if j := strings.Index(padded, cj); j >= 0 {
			cut = min(cut, max(j-1, 0)) // near[j-1] is the blank before it
		}
	}
	near = near[:cut]
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
	// a label before the count that names its subset: "số mô hình được
	// nhân rộng là 415 mô hình" (the keyword, the subset's words, a link)
	if q := x.labelQualifier(x.subsetLabel(d.clauseBefore(c.numStart, subsetLabelBack), c.metric)); q != "" {
		return q
	}
	// of the verbs before the number the longest decides: "xây dựng thêm
	// 18 mô hình" are newly built (other), not an increase ("thêm")
	byBefore, longest := "", 0
	for _, q := range x.qualifiers {
		if n := endingPhraseLen(before, q.before); n > longest {
			byBefore, longest = q.name, n
		}
	}
	for _, q := range x.qualifiers {
		if both == 2 && (q.name == "collective" || q.name == "individual") {
			continue
		}
		if q.name == byBefore || part && endsWithPhrase(before, q.partBefore) {
			return q.name
		}
		if _, ok := hasPhrase(near, q.near); ok {
			return q.name
		}
		if t := strings.TrimLeft(after, " ,"); hasAnyPrefixWord(t, q.first) || part && hasAnyPrefixWord(t, q.partFirst) {
			return q.name
		}
		if _, ok := hasPhrase(after, q.after); ok {
			return q.name
		}
		for _, lead := range x.passiveLeads {
			if len(q.passive) == 0 {
				break
			}
			if i := strings.Index(after, lead); i >= 0 && runeLen(after[:i]) < passiveWithin {
				if _, ok := hasPhrase(after[i:], q.passive); ok {
					return q.name
				}
			}
		}
	}
	return ""
}

// subsetLabel returns the words between the metric's keyword and a link
// at the end of before, the lower-case words of a count's clause before its
// number ("số mô hình được nhân rộng là": "được nhân rộng"), or "" when
// before does not end so or the keyword is another count's.
func (x *Extractor) subsetLabel(before string, m *compiledMetric) string {
	at, n := lastIndexAny(before, m.keywords)
	if at < 0 {
		return ""
	}
	if head := strings.TrimRight(before[:at], " "); head != "" && head[len(head)-1] >= '0' && head[len(head)-1] <= '9' {
		return ""
	}
	label := strings.TrimRight(before[at+n:], " ")
	for _, l := range x.labels.links {
		if strings.HasSuffix(label, l) {
			return label[:len(label)-len(l)]
		}
	}
	return ""
}

// labelQualifier returns the qualifier a subset's label names by the words
// that follow a count (after, near) or a passive lead ("được nhân rộng",
// "tập thể", "được công nhận"), or "".
func (x *Extractor) labelQualifier(label string) string {
	if label == "" {
		return ""
	}
	for _, q := range x.qualifiers {
		if _, ok := hasPhrase(label, q.after); ok {
			return q.name
		}
		if _, ok := hasPhrase(label, q.near); ok {
			return q.name
		}
		for _, lead := range x.passiveLeads {
			if i := strings.Index(label, lead); i >= 0 && len(q.passive) > 0 {
				if _, ok := hasPhrase(label[i:], q.passive); ok {
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

// indexAny returns where the first of the strings to occur in s starts and
// its length, or -1.
func indexAny(s string, list []string) (int, int) {
	at, n := -1, 0
	for _, w := range list {
		if j := strings.Index(s, w); j >= 0 && (at < 0 || j < at) {
			at, n = j, len(w)
		}
	}
	return at, n
}

// lastIndexAny returns where the last of the strings to occur in s starts
// and its length, or -1.
func lastIndexAny(s string, list []string) (int, int) {
	at, n := -1, 0
	for _, w := range list {
		if j := strings.LastIndex(s, w); j > at {
			at, n = j, len(w)
		}
	}
	return at, n
}

// joinedOnly reports whether s[a:b] joins two counts by a conjunction and
// nothing else that ends a clause (no comma, semicolon or parenthesis).
func (x *Extractor) joinedOnly(d *docCtx, a, b int) bool {
	if a >= b || strings.ContainsAny(d.s[a:b], ",;()") {
		return false
	}
	j, _ := indexAny(d.low(a, b), x.conjunctions)
	return j >= 0
}
