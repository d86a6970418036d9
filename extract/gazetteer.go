package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Province is a provincial unit as the gazetteer knows it.
type Province struct {
	Name string // the unit before 1 July 2025 ("Hậu Giang")
	Now  string // the unit that contains it now ("Cần Thơ")
	City bool   // a centrally-run city
}

// Gazetteer finds provinces and districts in text and resolves any
// spelling of a unit ("Hoà Bình", "TP.HCM", "tỉnh Cần Thơ") to its entry.
type Gazetteer struct {
	provinces []Province
	byFirst   map[string][]placeName // first word → names starting with it, longest first
	starts    [256]bool              // the first bytes of the names
	byFold    map[string]int         // folded name or alias → province index
	current   map[string]string      // folded current-unit name → display name
	districts map[string]int         // folded district name → province index (-1: ambiguous)
	codes     map[string]int         // dateline code → province index
	domains   map[string]int         // folded name or alias, letters only ("haugiang") → province index
	hosts     map[string]int         // a site's host from the rules' domains → province index
	// prefixes are the administrative words before a place name, longest
	// first; byPrefix what each makes of the name (province, district)
	prefixes []string
	byPrefix map[string]map[string]bool
	// formerMarks follow a name to make it the unit as it was ("cũ")
	formerMarks []string
}

type placeName struct {
	text     string
	prov     int
	district bool
}

func newGazetteer(r *Rules) *Gazetteer {
	g := &Gazetteer{
		byPrefix:  map[string]map[string]bool{},
		byFirst:   map[string][]placeName{},
		byFold:    map[string]int{},
		current:   map[string]string{},
		districts: map[string]int{},
		codes:     map[string]int{},
		domains:   map[string]int{},
		hosts:     map[string]int{},
	}
	add := func(text string, prov int, district bool) {
		text = Normalize(strings.TrimSpace(text))
		if text == "" {
			return
		}
		first := firstWord(text)
		g.byFirst[first] = append(g.byFirst[first], placeName{text: text, prov: prov, district: district})
		g.starts[text[0]] = true
	}
	for i, p := range r.Provinces {
		name := Normalize(p.Name)
		now := Normalize(p.Now)
		if now == "" {
			now = name
		}
		g.provinces = append(g.provinces, Province{Name: name, Now: now, City: p.City})
		add(name, i, false)
		g.byFold[foldKey(name)] = i
		g.domains[lettersKey(name)] = i
		for _, a := range p.Aliases {
			add(a, i, false)
			if k := lettersKey(a); k != "" {
				if _, ok := g.domains[k]; !ok {
					g.domains[k] = i
				}
			}
			if _, ok := g.byFold[foldKey(a)]; !ok {
				g.byFold[foldKey(a)] = i
			}
		}
	}
	for i, p := range r.Provinces {
		for _, d := range p.Districts {
			k := foldKey(d)
			if j, ok := g.districts[k]; ok && j != i {
				g.districts[k] = -1
				continue
			}
			g.districts[k] = i
		}
	}
	for i, p := range r.Provinces {
		for _, d := range p.Districts {
			if g.districts[foldKey(d)] == i {
				add(d, i, true)
			}
		}
	}
	for _, p := range g.provinces {
		g.current[foldKey(p.Now)] = p.Now
	}
	for _, c := range r.Current {
		g.current[foldKey(c.Name)] = Normalize(c.Name)
		for _, a := range c.Aliases {
			g.current[foldKey(a)] = Normalize(c.Name)
		}
	}
	for code, name := range r.DatelineCodes {
		if i, ok := g.byFold[foldKey(name)]; ok {
			g.codes[Normalize(code)] = i
		}
	}
	for host, name := range r.Domains {
		if i, ok := g.byFold[foldKey(name)]; ok {
			g.hosts[strings.TrimPrefix(strings.ToLower(host), "www.")] = i
		}
	}
	for k, list := range g.byFirst {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].text) > len(list[j].text) })
		g.byFirst[k] = list
	}
	for _, w := range r.FormerMarks {
		if w = Lower(Normalize(strings.TrimSpace(w))); w != "" {
			g.formerMarks = append(g.formerMarks, w)
		}
	}
	for kind, words := range r.PlacePrefixes {
		for _, w := range words {
			w = Lower(Normalize(strings.TrimSpace(w)))
			if w == "" {
				continue
			}
			if g.byPrefix[w] == nil {
				g.byPrefix[w] = map[string]bool{}
				g.prefixes = append(g.prefixes, w)
			}
			g.byPrefix[w][kind] = true
		}
	}
	sort.Slice(g.prefixes, func(a, b int) bool {
		return len(g.prefixes[a]) > len(g.prefixes[b]) || len(g.prefixes[a]) == len(g.prefixes[b]) && g.prefixes[a] < g.prefixes[b]
	})
	return g
}

func firstWord(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isWordByte(c) {
				return s[:i]
			}
			i++
			continue
		}
		r, n := decodeLatin(s, i)
		if !isWordRune(r) { // a stray continuation byte is U+FFFD: not a letter
			return s[:i]
		}
		i += n
	}
	return s
}

// lettersKey folds a name to its ASCII letters and digits, as a host would
// spell it ("Bà Rịa - Vũng Tàu" → "bariavungtau").
func lettersKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, Fold(s))
}

// foldKey folds a unit's name for lookups: no diacritics, no type prefix,
// no punctuation ("TP. Hồ Chí Minh" → "ho chi minh", "Bà Rịa–Vũng Tàu" →
// "ba ria vung tau").
func foldKey(s string) string {
	f := Fold(strings.TrimSpace(s))
	f = strings.Map(func(r rune) rune {
		if r == '-' || r == '–' || r == '—' || r == '.' || r == ',' || r == '_' {
			return ' '
		}
		return r
	}, f)
	f = strings.Join(strings.Fields(f), " ")
	for _, p := range []string{"tinh ", "thanh pho ", "tp "} {
		f = strings.TrimPrefix(f, p)
	}
	switch f {
	case "hcm", "tphcm", "sai gon", "ho chi minh city":
		f = "ho chi minh"
	}
	return f
}

// Province returns the entry of an old unit by index.
func (g *Gazetteer) Province(i int) Province { return g.provinces[i] }

// Provinces returns every old unit.
func (g *Gazetteer) Provinces() []Province { return append([]Province(nil), g.provinces...) }

// Lookup resolves any spelling of an old unit, with or without diacritics
// and prefix: "Hoà Bình", "hoa binh", "tỉnh Hậu Giang", "TP.HCM".
func (g *Gazetteer) Lookup(name string) (Province, bool) {
	i, ok := g.byFold[foldKey(name)]
	if !ok {
		return Province{}, false
	}
	return g.provinces[i], true
}

// oldUnits returns the old units the current unit now contains.
func (g *Gazetteer) oldUnits(now string) []string {
	var old []string
	for _, p := range g.provinces {
		if p.Now == now {
			old = append(old, p.Name)
		}
	}
	return old
}

// LookupCurrent resolves a current unit ("Cần Thơ", "Huế", "TP Hồ Chí Minh").
func (g *Gazetteer) LookupCurrent(name string) (string, bool) {
	n, ok := g.current[foldKey(name)]
	return n, ok
}

// Resolve maps a user's province filter to the old units it covers: an old
// unit matches itself; a current unit matches every old unit it contains
// ("Cần Thơ" → Cần Thơ, Sóc Trăng, Hậu Giang).
func (g *Gazetteer) Resolve(name string) (old []string, now string, ok bool) {
	if cur, isCur := g.LookupCurrent(name); isCur {
		return g.oldUnits(cur), cur, true
	}
	if p, isOld := g.Lookup(name); isOld {
		return []string{p.Name}, "", true
	}
	return nil, "", false
}

// placeAt reports whether a province or district name, with its capitals,
// starts at s[i] ("Hội An", where "Hội" would also open an organisation).
func (g *Gazetteer) placeAt(s string, i int) bool {
	for _, pn := range g.byFirst[firstWord(s[i:])] {
		if strings.HasPrefix(s[i:], pn.text) && !wordAt(s, i+len(pn.text)) {
			return true
		}
	}
	return false
}

// unitIn returns the level of the first unit s[from:to] names bare, with
// its capitals: "province" for a province ("Nghệ An", longest name first),
// "district" for a district of any province (a name two provinces share is
// still a district), "" when it names none.
func (g *Gazetteer) unitIn(s string, from, to int) string {
	for i := from; i < to; i++ {
		if s[i]&0xC0 == 0x80 || !upperAt(s, i) || wordBefore(s, i) {
			continue
		}
		// the run of capitalised words from i, up to four
		var ends []int
		for j := i; len(ends) < 4 && j < to && upperAt(s, j); {
			k := j + len(firstWord(s[j:]))
			if k == j {
				break
			}
			ends = append(ends, k)
			if k+1 >= to || s[k] != ' ' {
				break
			}
			j = k + 1
		}
		for n := len(ends) - 1; n >= 0; n-- {
			key := foldKey(s[i:ends[n]])
			if _, ok := g.byFold[key]; ok {
				return "province"
			}
			if _, ok := g.districts[key]; ok {
				return "district"
			}
		}
	}
	return ""
}

// mention is a place name found in text.
type mention struct {
	prov       int
	start, end int
	district   bool
	prefix     string // "tỉnh", "huyện", "thành phố" … the word before, lower case
	named      bool   // the prefix names a province as such ("tỉnh X"): it weighs most
	former     bool   // "Bình Dương cũ": the unit as it was, not the article's subject
}

// scan finds province and district names in s[from:to]. Names must carry
// their capitals: "THÁI BÌNH" in a byline is not a mention. It looks only
// where a name's first byte starts a word.
func (g *Gazetteer) scan(s string, from, to int) []mention {
	var out []mention
	for i := from; i < to; i++ {
		if !g.starts[s[i]] || wordBefore(s, i) {
			continue
		}
		if m, ok := g.nameAt(s, i, to); ok {
			out = append(out, m)
			i = m.end - 1
		}
	}
	return out
}

// capitalAt reports whether s[i] starts a capital that Lower changes (all
// the capitals of Vietnamese; not the few whose lower case is longer).
func capitalAt(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	lr := lowerRune(r)
	return unicode.IsUpper(r) && lr != r && utf8.RuneLen(lr) == n
}

// scanCapitals is scan for a text whose capitals are known (the offsets
// lowering changed, in order): every name starts with one.
func (g *Gazetteer) scanCapitals(s string, caps []int32, from, to int) []mention {
	var out []mention
	next := from // names do not overlap
	first, _ := slices.BinarySearch(caps, int32(from))
	for _, c := range caps[first:] {
		i := int(c)
		if i >= to {
			break
		}
		if i < next || !g.starts[s[i]] || wordBefore(s, i) {
			continue
		}
		if m, ok := g.nameAt(s, i, to); ok {
			out = append(out, m)
			next = m.end
		}
	}
	return out
}

// nameAt returns the longest name starting at s[i], a word's start, and
// ending by to.
func (g *Gazetteer) nameAt(s string, i, to int) (mention, bool) {
	if !capitalAt(s, i) {
		return mention{}, false
	}
	for _, pn := range g.byFirst[firstWord(s[i:])] {
		if !strings.HasPrefix(s[i:], pn.text) {
			continue
		}
		end := i + len(pn.text)
		if end > to {
			continue
		}
		if wordAt(s, end) && wordBefore(pn.text, len(pn.text)) {
			continue
		}
		m := mention{prov: pn.prov, start: i, end: end, district: pn.district}
		m.prefix = g.prefixBefore(s, i)
		m.named = g.byPrefix[m.prefix]["province"]
		if pn.district && !g.byPrefix[m.prefix]["district"] {
			continue
		}
		m.former = g.formerAfter(s[end:])
		return m, true
	}
	return mention{}, false
}

func startsUpperWord(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// prefixBefore returns the administrative word (the rules' place_prefixes)
// right before s[i:], lower case.
func (g *Gazetteer) prefixBefore(s string, i int) string {
	j := i
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '(') {
		j--
	}
	start := j - 4 // the character before the longest word: a boundary or not
	if len(g.prefixes) > 0 {
		start -= len(g.prefixes[0])
	}
	if start < 0 {
		start = 0
	}
	for start > 0 && start < len(s) && s[start]&0xC0 == 0x80 {
		start--
	}
	before := Lower(s[start:j])
	for _, p := range g.prefixes {
		if strings.HasSuffix(before, p) {
			k := len(before) - len(p)
			if !wordBefore(before, k) {
				return p
			}
		}
	}
	return ""
}

// formerAfter reports whether the text after a name opens with a former
// mark ("Bình Dương cũ", "Bình Dương (cũ)").
func (g *Gazetteer) formerAfter(after string) bool {
	t := strings.TrimLeft(after, " (")
	if len(t) == len(after) {
		return false // no blank or parenthesis: not a word of its own
	}
	for _, w := range g.formerMarks {
		if len(t) >= len(w) && Lower(t[:len(w)]) == w && !wordAt(t, len(w)) {
			return true
		}
	}
	return false
}
