package extract

// The figure pipeline: candidates (a number before a keyword, holders,
// registrants) are found in candidates.go; each is placed as a total or a
// part of a breakdown in breakdowns.go; its attributes (field, qualifier,
// scope, period) are read in attributes.go, fields.go and scope.go; the
// breakdowns are checked against their totals in checks.go.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

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
	grammar              *periodGrammar
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

// clauseBefore returns, lower case, the words of the clause before i
// within n runes: after the last comma, semicolon, colon, full stop or
// opening parenthesis, blanks trimmed.
func (d *docCtx) clauseBefore(i, n int) string {
	w := strings.TrimRight(d.low(runesBack(d.s, i, n, d.from), i), " ")
	if j := strings.LastIndexAny(w, ",;:.("); j >= 0 {
		w = strings.TrimLeft(w[j+1:], " ")
	}
	return w
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
	ps := d.grammar.find(d.s[ss:se], d.low(ss, se), d.pub)
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
		d.periods = d.grammar.find(d.s[d.from:d.to], d.low(d.from, d.to), d.pub)
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

	// the words right before a count's number, read for a qualifier's verb
	qualifierBack = 30
	// the words before a count's number read for a label naming its subset
	// ("số mô hình được công nhận cấp tỉnh là 320 mô hình")
	subsetLabelBack = 60
	// how far into a count's own words a passive lead ("được") may stand
	passiveWithin = 30
	// how far after a total a sentence opening with a breakdown marker
	// ("Trong đó, …") is read as its parts
	breakdownReach = 450
	// where an approximator before a number may start ("hơn", "gần
	// như"), and how far back the line it must stand on is looked for
	approxBack, approxLine = 23, 26
	// how far before the keyword a count of registrants may start
	registrantsBack = 120
	// the words before a keyword read for a count's lead ("tổng số"), and
	// how far after it the link to the count's number may stand ("tổng số
	// mô hình … trên địa bàn tỉnh là 1.350")
	countLeadBack, labelReach = 16, 80
	// the rest of the line in which a quoted name opened after the
	// keyword must close
	quoteLine = 60
	// the words after a count, or after a field word, that may name its
	// field
	fieldWords = 120
	// the most words a field the rules do not list is named in, after the
	// field word ("lĩnh vực giáo dục - đào tạo")
	fieldNameWords = 6
	// how far into a count's words an agent ("do", "của") may stand, and
	// how far after it the organisation it names must start
	agentWithin, agentCue = 45, 30
	// the places an organisation's cue absorbs after it ("Công an tỉnh
	// … huyện X": the body's, not the district's)
	orgAbsorb = 45
	// the words at a position read for an organisation's cue
	orgCue = 60
	// the words around a year read for a time expression, before and after
	periodBack, periodOn = 36, 30
	// the text around a domain's suffix (".vn") read for the site's name
	// ("baohaugiang.com.vn", "www.backan.gov.vn"), before and after it
	domainBack, domainOn = 60, 12
	// the clock farthest from a dateline's date that is its time
	clockGap = 30
	// the most words besides a quoted name that may stand between the
	// models' keyword and the cue naming their holders ("mô hình “Dân vận
	// khéo” cấp tỉnh năm 2024 cho 50 tập thể")
	holderLinkWords = 4
	// the words before a number read for the name it may belong to
	nameNumberBack = 24
	// the words besides a time expression that may open a clause before a
	// label ("Tính đến hết năm 2023, …")
	periodLead = 14
	// the words after a place word read for the number naming the unit
	// and what follows it ("phường 2 có …")
	numberedReach = 20
	// the words after a count's keyword read for a threshold's "trở lên"
	thresholdReach = 12
	// how far before a unit a request's verb ("đề nghị", "đề xuất") makes
	// it the unit asked ("đề nghị UBND tỉnh công nhận …")
	addresseeBack = 24
	// the words before a bare unit word read for what makes it plural
	// ("tất cả các", "10/10")
	pluralBack = 12
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

// runesOn returns the offset n runes after i in s, not after ceil (s is
// normalized: valid UTF-8).
func runesOn(s string, i, n, ceil int) int {
	ceil = min(ceil, len(s))
	for ; n > 0 && i < ceil; n-- {
		i++
		for i < ceil && !utf8.RuneStart(s[i]) {
			i++
		}
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
	cands = x.ellipticalParts(cands, s, from, to)
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
	d := &docCtx{s: s, lows: a.low, pub: a.Published, from: from, to: to, title: a.Title, slug: urlWords(pageURL), grammar: x.periods}
	if i := strings.Index(s[:min(len(s), a.BodyStart+1)], a.Title); a.Title != "" && i >= 0 {
		d.titleEnd = i + len(a.Title)
	}
	// the province a count's words refer to ("toàn tỉnh", "thành phố"): the
	// current unit when the text does not settle the old one
	if p, ok := x.gaz.Lookup(cmp.Or(a.Province, a.ProvinceNow)); ok {
		d.province, d.hasProv = p, true
	}
	x.buildFigures(a, d, cands)
}

func sortCands(c []candidate) {
	slices.SortStableFunc(c, func(a, b candidate) int { return a.numStart - b.numStart })
}
