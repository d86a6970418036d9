package extract

import "strings"

// startsOrganization: the text from i opens with an organisation's name
// ("Sở Văn hóa, Thể thao và Du lịch", "Bộ Chỉ huy Quân sự tỉnh").
func (x *Extractor) startsOrganization(s string, i, to int) bool {
	for i < to && (s[i] == ' ' || s[i] == '\n') {
		i++
	}
	if i >= to {
		return false
	}
	if p, ok := x.scopeCased.at(s, i); ok && x.namesBody(s, i, 0, p) {
		return true
	}
	p, ok := x.scopeCues.at(Lower(s[i:runesOn(s, i, orgCue, len(s))]), 0)
	return ok && p.label == "organization"
}

// namesBody reports whether the cased cue p found at s[i] names a body
// there ("Hội Nông dân", not "Hội An"). A sentence capitalises its first
// word anyway: there a one-word cue names a body only before a capitalised
// word or a number ("Sở Y tế", not "Hội nghị tổng kết", "Trường hợp");
// s[from:] is the text looked at.
func (x *Extractor) namesBody(s string, i, from int, p phrase) bool {
	if x.gaz.placeAt(s, i) {
		return false
	}
	if strings.Contains(p.text, " ") || !opensSentence(s, i, from) {
		return true
	}
	next := strings.TrimLeft(s[i+len(p.text):], " ")
	return next != "" && (startsUpperWord(next) || next[0] >= '0' && next[0] <= '9')
}

// opensSentence reports whether the word at s[i] is the first of its
// sentence, or of the text s[from:]: only blanks, quotes and a list's
// bullets stand between it and a line break or a full stop, colon or
// question or exclamation mark.
func opensSentence(s string, i, from int) bool {
	t := strings.TrimRight(s[from:i], listBullets+"\"“(")
	return t == "" || strings.ContainsRune(".!?:\n", rune(t[len(t)-1]))
}

// afterOwnWords skips the previous count's own words, which end at the
// first comma or semicolon between it and the next count.
func (x *Extractor) afterOwnWords(s string, from, to int) int {
	if from >= to { // the previous count ends after this one begins: no label between
		return to
	}
	if j := strings.IndexAny(s[from:to], ",;"); j >= 0 {
		return from + j + 1
	}
	for _, cj := range x.conjunctions { // " và "
		if j := strings.Index(s[from:to], cj); j >= 0 {
			return from + j + len(cj)
		}
	}
	return from
}

// unitScope reads the scope of a breakdown part's label: an organisation
// or a place cue, or a unit named bare ("Nậm Pồ 2 mô hình", "Nghệ An
// 9.800 mô hình"). A level ("cấp huyện") is no unit of its own where it
// recognised the part ("cấp huyện công nhận 230 mô hình") or where the
// total is one body's (an association's "cấp cơ sở 200 mô hình" are its
// grassroots branches'): the part keeps its total's scope, parent.
func (x *Extractor) unitScope(d *docCtx, from, to int, parent string) (string, bool) {
	if from >= to {
		return "", false
	}
	if k := firstUnit(x.notOwningLevels(d, x.cues(d, from, to), to, parent == "organization")); k != "" {
		return k, true
	}
	if k := x.gaz.unitIn(d.s, from, to); k != "" {
		return k, true
	}
	return "", false
}

// notOwningLevels drops from the cues of s[:to] the levels of the
// administration ("cấp tỉnh", "cấp cơ sở") that own nothing: those of one
// body's total (bodies), and those that act on the models, a level followed
// by a verb done to models (the qualifiers' passive verbs: "cấp huyện công
// nhận 230 mô hình") recognised them. A level alone under a place's total
// ("cấp huyện 260 mô hình") is the level of the units whose models they are.
func (x *Extractor) notOwningLevels(d *docCtx, ks []cue, to int, bodies bool) []cue {
	out := ks[:0:0]
	for _, k := range ks {
		if k.kind == "organization" || !hasAnyPrefixWord(d.low(k.start, k.end), x.levelWords) || !bodies && !x.actsOnModels(d.low(k.end, to)) {
			out = append(out, k)
		}
	}
	return out
}

// actsOnModels reports whether the words hold a verb done to models by
// another than their owner: one of the qualifiers' passive verbs.
func (x *Extractor) actsOnModels(words string) bool {
	for _, q := range x.qualifiers {
		if _, ok := hasPhrase(words, q.passive); ok {
			return true
		}
	}
	return false
}

// cue is a scope cue found in text.
type cue struct {
	kind       string // province, district, commune, organization, neutral, city
	start, end int
	weight     int
	local      bool // says whose the count right after it is, not what the document is about
}

// What a byte of the text may be to the cue scan (bits of cueBytes): most
// bytes (inside words, blanks) are neither a clause's end nor the first of
// a cue, and skipping them is one look-up each.
const (
	cueClauseEnd = 1 << iota
	cueMayStart  // the first byte of a phrase of either list, as written or lowered
	cueInWord    // an ASCII letter or digit: no phrase starts right after it
)

// cueBytes classes every byte for the cue scan: the lower-case list is
// matched in the lowered text, where an ASCII capital is its small letter
// and a letter written in several bytes may start with another byte, so
// every lead byte may start a cue.
func cueBytes(lower, cased *phraseList) [256]uint8 {
	var t [256]uint8
	for c := range 256 {
		low := c
		if 'A' <= c && c <= 'Z' {
			low = c + 'a' - 'A'
		}
		if lower.root[low] != 0 || cased.root[c] != 0 || c >= 0xC0 {
			t[c] |= cueMayStart
		}
		if asciiWord(byte(c)) {
			t[c] |= cueInWord
		}
	}
	for _, c := range ",;:." {
		t[c] = cueClauseEnd
	}
	return t
}

// nextCueByte returns the first i' >= i below to where a clause ends or a
// cue may start, to when there is none.
func nextCueByte(t *[256]uint8, s string, i, to int) int {
	prev := uint8(0)
	if i > 0 {
		prev = t[s[i-1]]
	}
	for ; i < to; i++ {
		c := t[s[i]]
		if c&cueClauseEnd != 0 || c&cueMayStart != 0 && prev&cueInWord == 0 {
			return i
		}
		prev = c
	}
	return to
}

// cues finds scope cues in s[from:to].
func (x *Extractor) cues(d *docCtx, from, to int) []cue {
	s := d.s
	lowBase := from
	low := d.low(from, to)
	var out []cue
	absorbUntil := -1
	for i := from; i < to; i++ {
		if i = nextCueByte(&x.cueBytes, s, i, to); i == to {
			break
		}
		if x.cueBytes[s[i]]&cueClauseEnd != 0 { // nothing more is absorbed
			absorbUntil = -1
			continue
		}
		if !x.scopeCues.mayStart(low, i-lowBase) && !x.scopeCased.mayStart(s, i) {
			continue
		}
		// a phrase starts after a word's end, looked for once for both
		// lists (the lowered text's own start counts as one)
		inWord := wordBefore(s, i)
		var p phrase
		ok := false
		if !inWord {
			if q, found := x.scopeCased.from(s, i); found && x.namesBody(s, i, from, q) {
				p, ok = q, true // "Hội Nông dân", not "Hội An"
			}
		}
		if !inWord || i == from {
			if q, found := x.scopeCues.from(low, i-lowBase); found && (!ok || len(q.text) > len(p.text)) {
				p, ok = q, true
			}
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
			if n >= len(s) || !startsUpperWord(s[n:]) && !x.numberedUnit(d.low(n, runesOn(s, n, numberedReach, len(s)))) {
				// a word that names no place ("xã hội", society)
				if hasAnyPrefixWord(low[i-lowBase:], x.notPlaces) {
					continue
				}
				// a bare word is a weak hint, for the document's scope only
				switch p.label {
				case "place_province":
					k.kind = "province"
				case "place_district":
					k.kind = "district"
				case "place_commune":
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
				k.kind, end = x.cityLevel(s, n)
			}
		case "organization_named":
			// a sector with its name ("ngành Giáo dục"): its department
			n := end
			for n < len(s) && s[n] == ' ' {
				n++
			}
			if n >= len(s) || !startsUpperWord(s[n:]) {
				continue // "các ngành", "ngành nghề"
			}
			// "Ngày truyền thống ngành Tổ chức": a sector is named for
			// many reasons; it owns only the count it stands before
			k.kind, k.local = "organization", true
		case "city":
			n := end
			for n < len(s) && s[n] == ' ' {
				n++
			}
			if n < len(s) && startsUpperWord(s[n:]) {
				if q, found := x.scopeCues.at(low, n-lowBase); found && strings.HasPrefix(q.label, "place_") {
					i = end - 1
					continue // "Thành ủy TP. Thủ Đức": the place named after it decides
				}
				// "toàn thành phố Đà Nẵng": the city named decides
				k.kind, end = x.cityLevel(s, n)
				break
			}
			k.kind = d.bareCityLevel()
		default:
			k.kind = p.label
		}
		if k.kind != "organization" && i < absorbUntil {
			i = end - 1
			continue
		}
		if k.kind == "organization" {
			absorbUntil = runesOn(s, end, orgAbsorb, len(s))
		}
		if k.kind == "neutral" {
			// a cue that defers hides no longer one that starts at its
			// second word ("toàn Đảng bộ Khối": the body's)
			if j := strings.IndexByte(s[i:end], ' ') + i + 1; j > i {
				if q, found := x.scopeCues.from(low, j-lowBase); found && j+len(q.text) > end && q.label != "neutral" {
					i = j - 1
					continue
				}
			}
		}
		out = append(out, k)
		i = end - 1
	}
	return out
}

// numberedUnit reports whether low, right after a place word, is the
// number that names the unit ("phường 2 có 17 mô hình", "Quận 3"): one or
// two digits that no keyword or other number follows (in "mỗi xã 3 mô
// hình" the number is a count).
func (x *Extractor) numberedUnit(low string) bool {
	n := 0
	for n < len(low) && n < 3 && low[n] >= '0' && low[n] <= '9' {
		n++
	}
	if n == 0 || n > 2 || wordAt(low, n) {
		return false
	}
	rest := strings.TrimLeft(low[n:], " ")
	if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return false
	}
	for _, m := range x.metrics {
		for _, kw := range m.keywords {
			if strings.HasPrefix(rest, kw) {
				return false
			}
		}
	}
	return true
}

// cityLevel is the level of the city whose name starts at s[n] and where
// the name ends: a centrally-run city is a province ("thành phố Cần Thơ"),
// any other city a district ("thành phố Việt Trì", "TP. Hà Tĩnh").
func (x *Extractor) cityLevel(s string, n int) (string, int) {
	end := n
	for end < len(s) && (isWordByte(s[end]) || s[end] == ' ' || s[end] == '.') {
		if s[end] == ' ' && (end+1 >= len(s) || !startsUpperWord(s[end+1:])) {
			break
		}
		end++
	}
	name := strings.TrimRight(s[n:end], " .")
	if pv, ok := x.gaz.Lookup(name); ok && pv.City || strings.HasPrefix(strings.ToUpper(name), "HCM") {
		return "province", end
	}
	return "district", end
}

// bareCityLevel is the level of the city a document names without its name
// ("toàn thành phố", "thành phố có …"): the province in a centrally-run
// city (LABELS.md), else the provincial city, a district.
func (d *docCtx) bareCityLevel() string {
	if d.hasProv && d.province.City {
		return "province"
	}
	return "district"
}

// scope of a total: the nearest cue before it in its clause, an agent after
// it ("do các cấp Hội đăng ký"), the subject of the list it is in (and the
// scope of the list's first count, listScope), a cue in its own words
// ("cấp tỉnh"), the sentence, and last the document's own scope.
func (x *Extractor) scope(d *docCtx, c candidate, own, cs, ce, subj int, listScope, after string) string {
	for _, ag := range x.agents {
		if i := strings.Index(after, ag+" "); i >= 0 && runeLen(after[:i]) < agentWithin && (i == 0 || after[i-1] == ' ') {
			start := c.nameEnd + i + len(ag) + 1
			for _, k := range x.cues(d, start, runesOn(d.s, start, agentCue, max(start, ce))) {
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
					// "xã Hòa Phú, huyện Hòa Vang có 7 mô hình": a unit's
					// parent after it says where it is, not whose
					for i > 0 && ks[i-1].weight > 0 && locatedIn(d.s, ks[i-1], ks[i]) {
						i--
					}
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
	allOwn := withoutAsides(d.s, x.cues(d, own, c.numStart), own, c.numStart)
	ownCues := x.unaddressed(d, allOwn)
	if k, ok := pick(ownCues, true); ok && k != "neutral" {
		return k
	} else if ok {
		return x.docScope(d)
	}
	// the unit asked to act on the models ("đồng thời đề nghị UBND huyện
	// khen thưởng 16 mô hình"): the one asking, earlier in the sentence,
	// owns them
	if len(ownCues) < len(allOwn) && own > cs {
		if k, ok := pick(x.cues(d, cs, own), true); ok && k != "neutral" {
			return k
		}
	}
	// a unit named without its type ("Hội An có hơn 500 mô hình", "Nghệ
	// An có 9.800 mô hình")
	if k := x.gaz.unitIn(d.s, own, c.numStart); k != "" {
		return k
	}
	// a bare "huyện", "xã", "thành phố" right before the count is its subject
	// ("huyện có 150"), or before the unit it asks ("huyện đề nghị tỉnh công
	// nhận 12"); a bare "thành phố" is the province in a centrally-run city
	if n := len(ownCues); n > 0 && ownCues[n-1].weight == 0 &&
		(c.numStart-ownCues[n-1].end <= 24 || allOwn[len(allOwn)-1].start > ownCues[n-1].start) {
		if x.pluralUnits(d, ownCues[n-1]) {
			// "10/10 huyện, thị xã, thành phố có 411 mô hình": every
			// unit of the level, whose sum is the document's
			return x.docScope(d)
		}
		if k := ownCues[n-1].kind; k != "city" {
			return k
		}
		return d.bareCityLevel()
	}
	// a count listed after another ("toàn xã đăng ký 53 mô hình cấp cơ sở,
	// 17 mô hình cấp huyện"): the subject before the first says whose
	if subj < own {
		if k, ok := pick(x.cues(d, cs, subj), true); ok && k != "neutral" {
			return k
		}
		// "huyện có 19 mô hình cấp huyện và 4 mô hình cấp tỉnh": the
		// levels after the counts are where they were recognised
		if listScope != "" && listScope != "unknown" {
			return listScope
		}
	}
	ownEnd := ce // the count's own words end at the first comma
	if j := strings.IndexByte(d.s[c.kwEnd:ce], ','); j >= 0 {
		ownEnd = c.kwEnd + j
	}
	// and before a passive lead: the unit after it acts on the models
	// ("6 mô hình được Tỉnh ủy biểu dương"), it does not own them
	if j, _ := indexAny(d.low(c.kwEnd, ownEnd), x.passiveLeads); j >= 0 {
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
	// the unit the paragraph opens on ("Tại huyện Cái Nước, phong trào …
	// Đến cuối năm, có 145 mô hình được công nhận"): its models
	if k := x.paragraphUnit(d, cs); k != "" {
		return k
	}
	return x.docScope(d)
}

// paragraphUnit is the level of the unit the paragraph holding s[cs] opens
// on (its first sentence, ended before cs, starts with a topic's lead and
// the unit: "Tại huyện Cái Nước, …"); "" when there is none.
func (x *Extractor) paragraphUnit(d *docCtx, cs int) string {
	ps := d.from
	if j := strings.LastIndexByte(d.s[d.from:cs], '\n'); j >= 0 {
		ps = d.from + j + 1
	}
	if ps >= cs {
		return ""
	}
	_, se := sentenceAt(d.s, ps, ps, runesOn(d.s, ps, maxSentence, d.to))
	if se >= cs {
		return "" // the count is in that sentence
	}
	// the sentence opens on its unit: "Tại huyện X, …", "Đối với Hội Y, …"
	lead := strings.TrimLeft(d.low(ps, se), " ")
	at := se - len(lead)
	for _, w := range x.topicLeads {
		if strings.HasPrefix(lead, w+" ") {
			ks := x.cues(d, at+len(w)+1, se)
			if len(ks) > 0 && ks[0].start == at+len(w)+1 {
				return firstUnit(ks[:1])
			}
		}
	}
	return ""
}

// pluralUnits reports whether the bare unit word of cue k names every unit
// of its level: it ends a list of bare unit words ("huyện, thị xã, thành
// phố"), or follows a plural lead ("các", "100%") or a fraction of the
// units ("10/10 huyện").
func (x *Extractor) pluralUnits(d *docCtx, k cue) bool {
	from := runesBack(d.s, k.start, pluralBack, 0)
	before := strings.TrimRight(d.low(from, k.start), " ")
	for _, sep := range []string{",", " và", " hoặc"} {
		if rest, ok := strings.CutSuffix(before, sep); ok {
			rest = strings.TrimRight(rest, " ")
			ks := x.cues(d, from, from+len(rest))
			if n := len(ks); n > 0 && ks[n-1].weight == 0 && ks[n-1].end == from+len(rest) && ks[n-1].kind != "organization" {
				return true
			}
		}
	}
	for _, l := range x.pluralLeads {
		if strings.HasSuffix(before, l) && !wordBefore(before, len(before)-len(l)) {
			return true
		}
	}
	word := before[strings.LastIndexByte(before, ' ')+1:]
	num, den, ok := strings.Cut(word, "/")
	return ok && num != "" && den != "" && strings.Trim(num+den, digits) == ""
}

// unaddressed drops the units a request is made to ("Huyện đề nghị tỉnh
// khen thưởng 12 mô hình", "đề xuất UBND huyện công nhận 5 mô hình"):
// asked to act on the models, they do not own them.
func (x *Extractor) unaddressed(d *docCtx, ks []cue) []cue {
	out := ks[:0:0]
	prevEnd := 0
	for _, k := range ks {
		from := max(runesBack(d.s, k.start, addresseeBack, 0), prevEnd)
		if j := strings.LastIndexAny(d.s[from:k.start], ",;:"); j >= 0 {
			from += j + 1 // in the unit's own clause
		}
		if _, ok := hasPhrase(d.low(from, k.start), x.addressers); !ok {
			out = append(out, k)
		}
		prevEnd = k.end
	}
	return out
}

// firstUnit returns the kind of the first cue that names a unit (a place
// with its name, a body), "" when none does.
func firstUnit(ks []cue) string {
	for _, k := range ks {
		if k.weight > 0 && k.kind != "neutral" && k.kind != "city" && !k.local {
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
			td := &docCtx{s: d.title, from: 0, to: len(d.title), hasProv: d.hasProv, province: d.province, grammar: d.grammar}
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
	locals := 0 // sectors named: the document's scope only when nothing else is
	for _, k := range x.cues(d, d.from, d.to) {
		kind := k.kind
		if k.local {
			locals++
			continue
		}
		if kind == "neutral" || kind == "city" {
			continue
		}
		v := float64(k.weight)
		if k.weight == 0 {
			if x.pluralUnits(d, k) {
				continue // "10/10 huyện": every unit, not one
			}
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
			if k.weight > 0 && k.kind != "neutral" && k.kind != "city" && !k.local {
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
	if bestK == "unknown" && locals > 0 {
		bestK = "organization"
	}
	d.docScope = bestK
	return bestK
}

// withoutAsides drops the cues of s[from:to] inside a parenthesis opened
// and closed there, when a cue stands outside one: "xã Tam Sơn (trước thuộc
// huyện Sông Lô) có 45 mô hình" is the commune's count; the aside says where
// it was.
func withoutAsides(s string, ks []cue, from, to int) []cue {
	var out []cue
	for _, k := range ks {
		open := strings.LastIndexByte(s[from:k.start], '(')
		if open < 0 || strings.IndexByte(s[from+open:k.start], ')') >= 0 {
			out = append(out, k) // in no parenthesis
			continue
		}
		if strings.IndexByte(s[k.end:to], ')') < 0 {
			out = append(out, k) // a parenthesis still open at the count
		}
	}
	if len(out) == 0 {
		return ks
	}
	return out
}

// placeLevel orders the units a count's scope may name: 0 for what is none.
var placeLevel = map[string]int{"commune": 1, "district": 2, "province": 3}

// locatedIn reports whether cue b, a higher unit, follows cue a's name as
// its location: "xã Hòa Phú, huyện Hòa Vang", "xã A (huyện B)". Between
// them stand only a's name (capitalised words) and a comma or parenthesis.
func locatedIn(s string, a, b cue) bool {
	la, lb := placeLevel[a.kind], placeLevel[b.kind]
	if la == 0 || lb <= la || a.end > b.start {
		return false
	}
	gap := strings.TrimLeft(s[a.end:b.start], " .")
	named := false
	for startsUpperWord(gap) {
		gap = strings.TrimLeft(gap[len(firstWord(gap)):], " ")
		named = true
	}
	return named && strings.Trim(gap, " ,(–-") == "" && strings.ContainsAny(gap, ",(")
}

// hasAnyPrefixWord reports whether s opens with one of the phrases as
// whole words.
func hasAnyPrefixWord(s string, phrases []string) bool {
	for _, p := range phrases {
		if strings.HasPrefix(s, p) && !wordAt(s, len(p)) {
			return true
		}
	}
	return false
}
