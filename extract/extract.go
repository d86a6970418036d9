// Package extract turns a provincial newspaper page, plain text or HTML,
// into an article: title, publication time, province, the body without the
// page's furniture, and the figures the body reports ("11.679 mô hình"),
// each with its field, qualifier, scope, period and the sentence stating it.
//
// Every rule that names Vietnamese words lives in the embedded data files
// under rules/, which a caller extends with LoadRules.
package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Version identifies the extractor's rules; stored with every article so a
// reprocess knows what produced it.
const Version = "2026.11.25-1"

// Figure is one count stated in an article.
type Figure struct {
	Metric    string `json:"metric"`
	Field     string `json:"field"`
	Value     int64  `json:"value"`
	Approx    string `json:"approx"`
	Qualifier string `json:"qualifier"`
	Scope     string `json:"scope"`
	Year      *int   `json:"year"`
	Period    string `json:"period"`
	AsOf      string `json:"as_of"`
	Evidence  string `json:"evidence"`
	Start     int    `json:"start"` // byte offsets of Evidence in Article.Text
	End       int    `json:"end"`
}

// MinBody is the fewest characters of an HTML article's body not reported
// as too short (WarnShortBody): a brief of a few sentences.
const MinBody = 150

// WarnShortBody is the kind of warning of an HTML article whose body is
// empty or under MinBody: the page was probably not read right.
const WarnShortBody = "short_body"

// Warning is a problem found in one document (its figures, its body).
type Warning struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Total   int64  `json:"total,omitempty"`
	Sum     int64  `json:"sum,omitempty"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Article is what extraction makes of one page.
type Article struct {
	Title        string
	Published    Date
	Province     string // the unit before 1 July 2025, "" if unknown
	ProvinceNow  string // the unit containing it now
	ProvinceFrom string // config, title, body, hint or ""
	// Text is the normalized text of the page (plain text) or of its
	// article container (HTML). Figure and warning offsets refer to it.
	Text      string
	BodyStart int
	BodyEnd   int
	Figures   []Figure
	Warnings  []Warning

	low *lowered // Lower(Text), same offsets: lowered once, sliced everywhere
}

// holdFigures makes the body hold every figure and warning: a count stated
// in the headline or a header line starts the body there, so that offsets
// into the stored body are never negative.
func (a *Article) holdFigures() {
	for _, f := range a.Figures {
		if f.Start < a.BodyStart {
			a.BodyStart = lineStart(a.Text, f.Start)
		}
	}
	for _, w := range a.Warnings {
		if w.Start < a.BodyStart && w.End > 0 {
			a.BodyStart = lineStart(a.Text, w.Start)
		}
	}
}

func lineStart(s string, i int) int {
	return strings.LastIndexByte(s[:i], '\n') + 1
}

// Body is the article's text without header and tail.
func (a *Article) Body() string { return a.Text[a.BodyStart:a.BodyEnd] }

// Options are what the caller knows about a page beyond its bytes.
type Options struct {
	Province  string     // the source's configured province (any spelling)
	URL       string     // where the page was fetched: its host and path are evidence
	Published string     // the publication date a feed or a corpus record states
	Selectors *Selectors // site selectors for HTML
}

// Selectors name a site's article elements (CSS selectors).
type Selectors struct {
	Title string `yaml:"title" json:"title,omitempty"`
	Date  string `yaml:"date" json:"date,omitempty"`
	Body  string `yaml:"body" json:"body,omitempty"`
}

// Extractor applies one set of rules. It is safe for concurrent use.
type Extractor struct {
	rules   *Rules
	gaz     *Gazetteer
	version string

	metrics      []compiledMetric
	fields       phraseList // label = field code or "stop"
	qualifiers   []compiledQualifier
	approx       phraseList
	periods      *periodGrammar
	labels       labelWords
	conjunctions []string // lower case, between blanks: " và "
	passiveLeads []string
	loneNumerals []string
	notPlaces    []string
	nameNumbers  []string // lower case, each also with " số" after it
	// requirement words, lower case (RequirementWords)
	reqBefore, reqClause, reqMet, reqAfter []string
	// target verbs that rule their sentence, unless a count is stated as
	// reached or the verb is a noun (RequirementWords)
	reqSentence              phraseList
	reqReached, reqNounMarks []string
	scopeCues                phraseList // lower-case cues; label = scope kind
	scopeCased               phraseList // cues matched with their capitals
	cueBytes                 [256]uint8 // what a byte of the text may be to the cue scan
	agents                   []string
	addressers               []string // a unit after them is asked, not the owner
	topicLeads               []string // a paragraph opening with one and a unit is about that unit
	pluralLeads              []string // a bare unit word after one names every unit of its level
	levelWords               []string // a unit word after one names a level, not a unit ("cấp huyện")
	breakdown                []string
	tailLines                []string
	bylinePrefixes           []string
	blurb                    phraseList
	headerJunk               []string
}

type compiledMetric struct {
	name       string
	keywords   []string // lower case
	companions []string
	// a companion with what joins it to the keyword, companion by
	// companion: ", điển hình", "/điển hình", " và điển hình"
	pairings      []string
	topics        []string
	clauseTopics  []string // topics and ClauseTopics: in the count's own sentence
	excludeTopics []string
	registrant    []string
	counters      []string
	holders       phraseList // label = qualifier
	holderCues    []string
	// registrants matches "100 tập thể và 103 cá nhân" before a
	// registrant verb (nil when the metric has no such verbs or holders);
	// holderWords are the holders' words, a cheap test before it
	registrants *regexp.Regexp
	holderWords []string
	countLeads  []string // lower case: "số", "tổng số"
	notLeads    []string // "một số"
}

type compiledQualifier struct {
	name                                                       string
	after, near, before, partBefore, passive, first, partFirst []string
}

// New compiles rules into an extractor.
func New(r *Rules) *Extractor {
	x := &Extractor{rules: r, gaz: newGazetteer(r)}
	if b, err := yaml.Marshal(r); err == nil {
		sum := sha256.Sum256(b)
		x.version = Version + "+" + hex.EncodeToString(sum[:4])
	} else {
		x.version = Version
	}
	for _, m := range r.Metrics {
		re, words := registrantsExpr(m, r.Approximators)
		x.metrics = append(x.metrics, compiledMetric{
			registrants:   re,
			holderWords:   words,
			name:          m.Name,
			keywords:      lowerAll(m.Keywords),
			companions:    lowerAll(m.Companions),
			topics:        lowerAll(m.Topics),
			clauseTopics:  lowerAll(slices.Concat(m.Topics, m.ClauseTopics)),
			excludeTopics: lowerAll(m.ExcludeTopics),
			registrant:    lowerAll(m.RegistrantVerbs),
			counters:      lowerAll(m.Counters),
			holders:       newPhraseList(m.Holders, func(s string) string { return Lower(Normalize(s)) }),
			holderCues:    lowerAll(m.HolderCues),
			countLeads:    lowerAll(m.CountLeads),
			notLeads:      lowerAll(m.NotCountLeads),
		})
	}
	x.labels = newLabelWords(r.Labels)
	for _, w := range lowerAll(r.Conjunctions) {
		x.conjunctions = append(x.conjunctions, " "+w+" ")
	}
	seps := slices.Concat([]string{", ", "/"}, x.conjunctions) // what joins a companion to the keyword
	for i := range x.metrics {
		m := &x.metrics[i]
		for _, comp := range m.companions {
			for _, sep := range seps {
				m.pairings = append(m.pairings, sep+comp)
			}
		}
	}
	x.passiveLeads = lowerAll(r.PassiveLeads)
	x.loneNumerals = lowerAll(r.LoneNumerals)
	x.notPlaces = lowerAll(r.NotPlaces)
	for _, w := range lowerAll(r.NameNumbers) {
		x.nameNumbers = append(x.nameNumbers, w+" số", w)
	}
	if q := r.Requirements; q != nil {
		x.reqBefore, x.reqClause, x.reqMet, x.reqAfter = lowerAll(q.Before), lowerAll(q.Clause), lowerAll(q.Met), lowerAll(q.After)
		x.reqSentence = newPhraseList(map[string][]string{"target": q.Sentence}, lowerPhrase)
		x.reqReached, x.reqNounMarks = lowerAll(q.Reached), lowerAll(q.NounMarks)
	}
	fields := map[string][]string{}
	for k, v := range r.Fields {
		for _, p := range v {
			fields[k] = append(fields[k], x.labels.key(Normalize(p)))
		}
	}
	for _, p := range r.FieldStop {
		fields["stop"] = append(fields["stop"], x.labels.key(Normalize(p)))
	}
	x.fields = newPhraseList(fields, func(s string) string { return s })
	for _, q := range r.Qualifiers {
		x.qualifiers = append(x.qualifiers, compiledQualifier{
			name: q.Name, after: lowerAll(q.After), near: lowerAll(q.Near),
			before: lowerAll(q.Before), partBefore: lowerAll(q.PartBefore), passive: lowerAll(q.Passive), first: lowerAll(q.First), partFirst: lowerAll(q.PartFirst),
		})
	}
	x.approx = newPhraseList(r.Approximators, func(s string) string { return Lower(Normalize(s)) })
	x.periods = defaultPeriods // rules without their own time words (built by hand) date as the embedded ones
	if g, err := newPeriodGrammar(r.Periods); err == nil {
		x.periods = g
	}
	cues := map[string][]string{}
	cased := map[string][]string{}
	for k, v := range r.Scopes {
		switch k {
		case "agent":
			x.agents = lowerAll(v)
		case "addressed":
			x.addressers = lowerAll(v)
		case "topic":
			x.topicLeads = lowerAll(v)
		case "plural":
			x.pluralLeads = lowerAll(v)
		case "level":
			x.levelWords = lowerAll(v)
		case "organization_cased":
			cased["organization"] = append(cased["organization"], v...)
		default:
			cues[k] = append(cues[k], v...)
		}
	}
	x.scopeCues = newPhraseList(cues, func(s string) string { return Lower(Normalize(s)) })
	x.scopeCased = newPhraseList(cased, Normalize)
	x.cueBytes = cueBytes(&x.scopeCues, &x.scopeCased)
	x.breakdown = lowerAll(r.Breakdown)
	x.tailLines = lowerAll(r.TailLines)
	x.bylinePrefixes = lowerAll(r.BylinePrefixes)
	x.blurb = newPhraseList(map[string][]string{"blurb": r.Blurb}, lowerPhrase)
	x.headerJunk = lowerAll(r.HeaderJunk)
	return x
}

// Default returns an extractor on the embedded rules.
func Default() (*Extractor, error) {
	r, err := DefaultRules()
	if err != nil {
		return nil, err
	}
	return New(r), nil
}

// Version names the code and the rules that made an article: Version and a
// hash of the rules in force. Reprocessing compares it.
func (x *Extractor) Version() string { return x.version }

// Gazetteer returns the extractor's gazetteer.
func (x *Extractor) Gazetteer() *Gazetteer { return x.gaz }

// Input errors.
var (
	ErrEmpty   = errors.New("empty document")
	ErrBinary  = errors.New("binary content, not text")
	ErrNotUTF8 = errors.New("not UTF-8 text")
)

// CheckText validates raw bytes as UTF-8 text and returns them as a string.
func CheckText(b []byte) (string, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", ErrEmpty
	}
	head := b
	if len(head) > 8192 {
		head = head[:8192]
	}
	ctl := 0
	for _, c := range head {
		if c == 0 {
			return "", ErrBinary
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' {
			ctl++
		}
	}
	if ctl*20 > len(head) {
		return "", ErrBinary
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, size := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return "", fmt.Errorf("%w: invalid byte 0x%02x at offset %d", ErrNotUTF8, b[off], off)
	}
	s := string(b)
	s = strings.TrimPrefix(s, "\uFEFF")
	return s, nil
}

// Text extracts an article from a plain-text page.
func (x *Extractor) Text(raw string, opt Options) (*Article, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, ErrEmpty
	}
	s, low := normalizeLowered(raw)
	lo := x.layoutText(s, low)
	a := &Article{
		Title:     lo.title,
		Published: publishedOr(lo.published, opt),
		Text:      s,
		BodyStart: lo.bodyStart,
		BodyEnd:   lo.bodyEnd,
		low:       low,
	}
	x.resolveProvince(a, opt, opt.URL)
	x.findFigures(a, lo.dateMarkerEnd, opt.URL)
	a.holdFigures()
	a.low = nil // not kept with the article: it would double its text in memory
	return a, nil
}

// publishedOr returns the date the page states, else the one its feed or
// record states, else the one its URL states.
func publishedOr(stated Date, opt Options) Date {
	if !stated.IsZero() {
		return stated
	}
	if opt.Published != "" {
		if d, err := ParseDate(opt.Published); err == nil {
			return d
		}
	}
	return URLDate(opt.URL)
}

// resolveProvince decides the article's province (pickProvince), and
// leaves out the old unit a text published after the merger does not
// settle (unsettleMerged).
func (x *Extractor) resolveProvince(a *Article, opt Options, hints string) {
	x.pickProvince(a, opt, hints)
	x.unsettleMerged(a)
}

// mergerDay is the first day of the 34 units.
var mergerDay = time.Date(2025, 7, 1, 0, 0, 0, 0, Vietnam)

// unsettleMerged: a text published after the merger that names a current
// unit made of several old ones, by the name one of them had ("tỉnh Tây
// Ninh" in December 2025: Tây Ninh and Long An now), covers the current
// unit; which old one, it says only by naming one of that old unit's
// former districts or the unit as it was ("Tây Ninh (cũ)"). Else only the
// current unit is known (LABELS.md: province null, province_now).
func (x *Extractor) unsettleMerged(a *Article) {
	if a.Province == "" || a.ProvinceFrom == "config" || a.Published.IsZero() || a.Published.Time.Before(mergerDay) {
		return
	}
	if now, ok := x.gaz.LookupCurrent(a.Province); !ok || now != a.ProvinceNow || len(x.gaz.oldUnits(now)) < 2 {
		return // the old unit's own name, or a unit no merger changed
	}
	ms := append(x.gaz.scan(a.Title, 0, len(a.Title)), x.gaz.scanCapitals(a.Text, a.low.capitals(), 0, a.BodyEnd)...)
	for _, m := range ms {
		if (m.district || m.former) && x.gaz.Province(m.prov).Name == a.Province {
			return
		}
	}
	a.Province = ""
}

// pickProvince decides the article's province: the configured one, else
// the title, else the site's host, else mentions in the body, else hints in
// the page (dateline codes, site credits, the URL's words, related links).
// hints is text that may name the site (its URL, canonical link, name).
func (x *Extractor) pickProvince(a *Article, opt Options, hints string) {
	set := func(p Province, from string) {
		a.Province, a.ProvinceNow, a.ProvinceFrom = p.Name, p.Now, from
	}
	if opt.Province != "" {
		if p, ok := x.gaz.Lookup(opt.Province); ok {
			set(p, "config")
			return
		}
	}
	if a.Title != "" {
		if ms := x.gaz.scan(a.Title, 0, len(a.Title)); len(ms) > 0 {
			if p, ok := best(ms, false); ok {
				set(x.gaz.Province(p), "title")
				return
			}
		}
	}
	if p, ok := x.gaz.hostProvince(opt.URL); ok {
		set(x.gaz.Province(p), "url")
		return
	}
	// the body and the header lines under the title (a sapo, a subtitle)
	body := a.Text[:a.BodyEnd]
	ms := x.gaz.scanCapitals(a.Text, a.low.capitals(), 0, len(body))
	if len(ms) > 0 {
		score, first, own := weigh(ms, true)
		if manyProvinces(score, own) {
			return // a page on many provinces is about none of them (LABELS.md)
		}
		if p, ok := top(score, first); ok {
			// "Tỉnh Đắk Nông (cũ) có 800 mô hình, nay thuộc tỉnh Lâm Đồng":
			// the one province named as such and as it was settles the old
			// unit; the current unit it is part of only says where it is
			// now. (A former unit that locates a place, "phường Thủ Dầu
			// Một (Bình Dương cũ)", does not, nor do two old provinces of
			// one current unit.)
			if f, ok := soleFormer(ms); ok && f != p && x.gaz.Province(p).Now == x.gaz.Province(f).Now {
				p = f
			}
			set(x.gaz.Province(p), "body")
			return
		}
	}
	// only former units named ("tỉnh Bình Dương (cũ)", "TP Vị Thanh cũ"):
	// the text settles the old unit, and with it the one it is part of now
	if p, ok := formerOnly(ms); ok {
		set(x.gaz.Province(p), "body")
		return
	}
	// Hints: dateline codes at the start of paragraphs, domains, tail mentions.
	score := map[int]int{}
	for _, ln := range splitLines(a.Text) {
		t := strings.TrimLeft(a.Text[ln.start:ln.end], " ")
		if !strings.HasPrefix(t, "(") {
			continue
		}
		if m := reCode.FindStringSubmatch(t); m != nil {
			if p, ok := x.gaz.codes[m[1]]; ok {
				score[p] += 3
			}
		}
	}
	if p, ok := x.gaz.slugProvince(opt.URL); ok {
		score[p] += 3
	}
	for _, src := range append(domainWindows(hints), domainWindows(a.Text)...) {
		for _, m := range reDomain.FindAllStringSubmatch(src, -1) {
			name := Lower(m[1])
			for _, pre := range append([]string{""}, x.rules.DomainAffixes["prefixes"]...) {
				key := strings.TrimPrefix(name, pre)
				for _, suf := range append([]string{""}, x.rules.DomainAffixes["suffixes"]...) {
					k := strings.TrimSuffix(key, suf)
					if p, ok := x.gaz.domains[k]; ok {
						score[p] += 2
					}
				}
			}
		}
	}
	// the page's tail, after the body (related links): names there
	// start with a capital, as everywhere
	for _, m := range x.gaz.scanCapitals(a.Text, a.low.capitals(), a.BodyEnd, len(a.Text)) {
		if !m.former {
			score[m.prov]++
		}
	}
	bestP, bestS := -1, 0
	for p, s := range score {
		if s > bestS || (s == bestS && p < bestP) {
			bestP, bestS = p, s
		}
	}
	if bestP >= 0 {
		set(x.gaz.Province(bestP), "hint")
	}
}

// manyProvincesMin is how many provinces a page must name by their own
// names, none standing out, to be about none of them ("Nghệ An có 9.800
// mô hình, Thanh Hóa có trên 7.500 mô hình, Bình Định có …").
const manyProvincesMin = 3

// manyProvinces reports whether the weighed mentions (weigh) name several
// provinces with none standing out: at least manyProvincesMin of them by
// their own names, and the most mentioned less than twice as much as the
// next.
func manyProvinces(score map[int]int, own int) bool {
	if own < manyProvincesMin {
		return false
	}
	first, second := 0, 0
	for _, n := range score {
		switch {
		case n > first:
			first, second = n, first
		case n > second:
			second = n
		}
	}
	return first < 2*second
}

// best picks the most mentioned province; district mentions weigh less and
// a former unit ("Bình Dương cũ") not at all.
func best(ms []mention, useDistricts bool) (int, bool) {
	score, first, _ := weigh(ms, useDistricts)
	return top(score, first)
}

// weigh scores the provinces mentions name: 3 for a province named as such
// ("tỉnh X"), 2 named bare, 1 for each of its districts (with
// useDistricts), nothing for a former unit. first is where each is first
// mentioned, own how many are named by their own names.
func weigh(ms []mention, useDistricts bool) (score, first map[int]int, own int) {
	score, first = map[int]int{}, map[int]int{}
	named := map[int]bool{}
	for i, m := range ms {
		if m.former {
			continue
		}
		w := 2
		if m.district {
			if !useDistricts {
				continue
			}
			w = 1
		} else {
			named[m.prov] = true
			if m.named {
				w = 3
			}
		}
		if _, ok := first[m.prov]; !ok {
			first[m.prov] = i
		}
		score[m.prov] += w
	}
	return score, first, len(named)
}

// soleFormer returns the one province ms name as a province and as it
// was ("tỉnh Đắk Nông (cũ)"); false when they name none or several.
func soleFormer(ms []mention) (int, bool) {
	p, ok := 0, false
	for _, m := range ms {
		if !m.former || !m.named {
			continue
		}
		if ok && m.prov != p {
			return 0, false
		}
		p, ok = m.prov, true
	}
	return p, ok
}

// formerOnly returns the province most named among the former units of
// ms (the mentions weigh skips), the first named of equals.
func formerOnly(ms []mention) (int, bool) {
	score, first := map[int]int{}, map[int]int{}
	for i, m := range ms {
		if !m.former {
			continue
		}
		if _, ok := first[m.prov]; !ok {
			first[m.prov] = i
		}
		score[m.prov]++
	}
	return top(score, first)
}

// top returns the province of the highest score, the first mentioned of
// equals.
func top(score, first map[int]int) (int, bool) {
	p, ok := 0, false
	for q, n := range score {
		if !ok || n > score[p] || n == score[p] && first[q] < first[p] {
			p, ok = q, true
		}
	}
	return p, ok
}

// domainWindows returns the pieces of s around ".vn", ".com", ".net" and
// ".org", where a site's domain may be named: domainBack runes before the
// suffix to domainOn after its start.
func domainWindows(s string) []string {
	var out []string
	for _, tld := range []string{".vn", ".com", ".net", ".org"} {
		for off := 0; ; {
			i := strings.Index(s[off:], tld)
			if i < 0 {
				break
			}
			i += off
			off = i + len(tld)
			out = append(out, s[runesBack(s, i, domainBack, 0):runesOn(s, i, domainOn, len(s))])
		}
	}
	return out
}

// Output is the JSON contract of `baotinh extract`: one object per document.
type Output struct {
	Source      string    `json:"source"`
	Title       string    `json:"title"`
	Published   string    `json:"published"`
	Province    string    `json:"province"`
	ProvinceNow string    `json:"province_now"`
	Figures     []Figure  `json:"figures"`
	Warnings    []Warning `json:"warnings"`
}

// Output returns the article in the contract's shape.
func (a *Article) Output(source string) Output {
	o := Output{
		Source:      source,
		Title:       a.Title,
		Published:   a.Published.String(),
		Province:    a.Province,
		ProvinceNow: a.ProvinceNow,
		Figures:     a.Figures,
		Warnings:    a.Warnings,
	}
	if o.Figures == nil {
		o.Figures = []Figure{}
	}
	if o.Warnings == nil {
		o.Warnings = []Warning{}
	}
	return o
}

// Page is a page as it was fetched or read: its bytes and what is known of
// them. Page turns it into an article, HTML or plain text alike.
type Page struct {
	Raw         []byte
	ContentType string // as the server sent it; "" for a file
	HTML        bool   // known to be HTML; otherwise sniffed from the bytes
}

// Metrics are the names of the metrics the rules count ("models", and what
// a rules file adds).
func (x *Extractor) Metrics() []string {
	var out []string
	for _, m := range x.metrics {
		out = append(out, m.name)
	}
	return out
}

// Page extracts an article from raw bytes: HTML is decoded from its declared
// or sniffed charset, plain text must be UTF-8. A fault of the extractor on
// one page (a panic: a bug, which Text's and HTML's fuzz targets hunt) is
// returned as that page's error, so that one page cannot stop an ingest or
// a crawl.
func (x *Extractor) Page(p Page, opt Options) (a *Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("extract: internal error on this page (a bug; please report it with the page): %v", r)
		}
	}()
	if p.HTML || looksHTML(p.Raw) || strings.HasPrefix(strings.ToLower(p.ContentType), "text/html") {
		page, warning, err := decodeHTML(p.Raw, p.ContentType)
		if err != nil {
			return nil, err
		}
		a, err := x.HTML(page, opt)
		if err == nil && warning != nil {
			a.Warnings = append([]Warning{*warning}, a.Warnings...)
		}
		return a, err
	}
	s, err := CheckText(p.Raw)
	if err != nil {
		return nil, err
	}
	return x.Text(s, opt)
}

func looksHTML(b []byte) bool {
	head := bytes.TrimSpace(b[:min(len(b), 5000)])
	tagAt := func(i int, tag string) bool { // case-insensitive, without lowering the page
		return len(head)-i >= len(tag) && bytes.EqualFold(head[i:i+len(tag)], []byte(tag))
	}
	if tagAt(0, "<!doctype html") || tagAt(0, "<html") {
		return true
	}
	for i := 0; ; i++ {
		j := bytes.IndexByte(head[i:], '<')
		if j < 0 {
			return false
		}
		if i += j; tagAt(i, "<body") {
			return true
		}
	}
}
