package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fieldKey prepares text for field matching: lower case, dashes, commas and
// slashes removed, blanks collapsed. labelWords.key reads the field word's
// other spellings too.
func fieldKey(s string) string {
	s = Lower(s)
	b := make([]byte, 0, len(s))
	blank := false // a blank to write before the next rune
	for _, r := range s {
		switch r {
		case '-', '–', '—', ',', '/', '“', '”', '"', '\'', ':', '(', ')',
			'+', '•', '*', '●', '▪', '◦', '○', '►', '·': // and a list's bullets
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
// "các lĩnh vực" or names two fields. A text that opens with one of the
// four fields and goes on with other ones takes the first (LABELS.md:
// "kinh tế, xây dựng nông thôn mới và đô thị văn minh" is economy). A
// field the rules do not list, named after the field word ("lĩnh vực y
// tế"), is another named field: other.
func (x *Extractor) fieldsIn(t string) (field string, found bool) {
	first, two := "", false // the first field named; whether another follows
	for _, p := range x.fieldPhrases(t) {
		switch {
		case p.label == "stop" && x.labels.field != "" && strings.Contains(p.text, x.labels.field):
			return "all", true
		case p.label == "stop":
		case first == "":
			first = p.label
		case p.label == first:
		case p.label == "other" && first != "other":
		default:
			two = true
		}
	}
	switch {
	case first == "" && x.namesField(t):
		return "other", true
	case first == "":
		return "", false
	case !two:
		return first, true
	}
	return "all", true
}

// namesField reports whether a prepared text names a field after the field
// word, in a few words: "lĩnh vực y tế (có)", not "lĩnh vực có", a bare
// "lĩnh vực" nor a clause that goes on after it.
func (x *Extractor) namesField(t string) bool {
	f := x.labels.field
	i := strings.Index(t, f)
	if f == "" || i < 0 || i > 0 && t[i-1] != ' ' || !strings.HasPrefix(t[i+len(f):], " ") {
		return false
	}
	name := t[i+len(f)+1:]
	for _, l := range x.labels.links { // " có"
		name = strings.TrimSuffix(name, l)
	}
	if strings.Count(name, " ") >= fieldNameWords {
		return false
	}
	rest := name + " " // the words after it, each with its blank
	if rest[0] == ' ' || rest[0] >= '0' && rest[0] <= '9' {
		return false
	}
	for _, l := range x.labels.links { // " có"
		if strings.HasPrefix(rest, l[1:]+" ") {
			return false
		}
	}
	for _, fl := range x.labels.fillers { // "dân vận khéo "
		if strings.HasPrefix(rest, fl) {
			return false
		}
	}
	return true
}

func (x *Extractor) field(d *docCtx, c candidate, ss, se, cs int, figs []figState) string {
	s := d.s
	// words after the count, up to a clause mark, "và" or the next number
	end := c.nameEnd
	limit := runesOn(s, c.nameEnd, fieldWords, min(len(s), d.to))
	for end < limit {
		ch := s[end]
		if ch == ';' || ch == '.' || ch == '(' || ch == ')' || ch == ':' || ch == '\n' || (ch >= '0' && ch <= '9') {
			break
		}
		if (ch == ' ' || ch == ',') && x.labels.endsField(d.low(end, min(end+x.labels.endsWindow, len(d.s)))) {
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
			// after the previous count's own words ("… 200 mô hình lĩnh vực
			// kinh tế), tăng 40 mô hình": the field is the 200's)
			start = x.afterOwnWords(s, pe, c.numStart)
		}
	}
	if j := strings.LastIndexAny(s[start:c.numStart], ";("); j >= 0 {
		start += j + 1
	}
	// "lĩnh vực kinh tế: 709 mô hình": the label opens with its field, or
	// names the fields it spans
	raw := x.labels.respell(d.low(start, c.numStart))
	if i := strings.LastIndex(raw, x.labels.field); x.labels.field != "" && i >= 0 {
		if f, ok := x.labelField(raw[i:], false); ok {
			return f
		}
		_, w := prevWord(raw, i, 0) // with the word before: "các lĩnh vực …" names none
		if f, ok := x.fieldsIn(x.labels.key(raw[w:])); ok {
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
	if f, ok := x.labelField(s[pastPeriod(d, ss, se, x.labelStart(d, start, c.numStart), c.numStart):c.numStart], start > cs || len(figs) > 0 && figs[len(figs)-1].ss <= cs && figs[len(figs)-1].se > cs); ok {
		return f
	}
	// an item of a list that names its field before the count:
	// "…, văn hóa - xã hội 40 mô hình"
	seg := s[start:c.numStart]
	if j := strings.LastIndexByte(seg, ','); j >= 0 {
		seg = seg[j+1:]
	}
	seg = x.labels.key(seg)
	for _, lead := range x.labels.listLeads {
		seg = strings.TrimPrefix(seg, lead)
	}
	if seg != "" && strings.Count(seg, " ") < 6 {
		label := seg // without the link to the count ("văn hóa xã hội có")
		for _, l := range x.labels.links {
			label = strings.TrimSuffix(label, l)
		}
		if p, ok := x.fields.at(seg, 0); ok && p.label != "stop" && len(p.text) == len(label) {
			return p.label
		}
	}
	return x.paragraphField(d, ss, c.metric.keywords)
}

// labelStart is where the label of a list item begins: after the last
// clause mark (";", ":", a "(" still open: "(trong đó 187 …") or breakdown
// marker before the count. A parenthesis closed before the count is part
// of the label ("phường Tân Phong (thành phố Lai Châu) 6 mô hình").
func (x *Extractor) labelStart(d *docCtx, from, to int) int {
	start := from
	seg := d.s[start:to]
	if j := strings.LastIndexAny(seg, ";:"); j >= 0 {
		start += j + 1
		seg = seg[j+1:]
	}
	if j := strings.LastIndexByte(seg, '('); j >= 0 && !strings.Contains(seg[j:], ")") {
		start += j + 1
	}
	return start + lastPhraseEnd(d.low(start, to), x.breakdown)
}

// pastPeriod returns where a label starting at from begins once the time
// its clause opens with is skipped: "Năm 2022, dân vận khéo trong giảm
// nghèo có 44 mô hình" is labelled "dân vận khéo trong giảm nghèo". The
// label lies in the sentence s[ss:se]; only a time expression and a few
// words around it ("Trong", "Tính đến") may stand before the comma.
func pastPeriod(d *docCtx, ss, se, from, to int) int {
	j := strings.IndexByte(d.s[from:to], ',')
	if j < 0 {
		return from
	}
	comma := from + j
	for _, p := range d.periodsIn(ss, se) { // the sentence's, read for its year anyway
		if p.Start >= from && p.End <= comma && runeLen(d.s[from:p.Start])+runeLen(d.s[p.End:comma]) <= periodLead {
			return comma + 1
		}
	}
	return from
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

// labelWords are the rules' words around a label (LabelWords), as key
// writes them: fillers and list leads with the blank that follows them,
// links with the blank before; the field word in its first spelling, the
// others read as it (spell); the ends of the words after a count lower case.
type labelWords struct {
	fillers, links, listLeads []string
	field                     string
	spell                     *strings.Replacer
	endsBlank, endsComma      []string
	endsWindow                int // bytes after a blank or comma that hold the longest end and a character after it
}

func newLabelWords(w *LabelWords) labelWords {
	var out labelWords
	if w == nil {
		return out
	}
	if len(w.Field) > 0 {
		out.field = fieldKey(Normalize(w.Field[0]))
		var pairs []string
		for _, f := range w.Field[1:] {
			if k := fieldKey(Normalize(f)); k != "" && k != out.field {
				pairs = append(pairs, k, out.field)
			}
		}
		if len(pairs) > 0 {
			out.spell = strings.NewReplacer(pairs...)
		}
	}
	for _, f := range w.Fillers {
		if k := out.key(Normalize(f)); k != "" {
			out.fillers = append(out.fillers, k+" ")
		}
	}
	for _, l := range w.Links {
		if k := out.key(Normalize(l)); k != "" {
			out.links = append(out.links, " "+k)
		}
	}
	for _, l := range w.ListLeads {
		if k := out.key(Normalize(l)); k != "" {
			out.listLeads = append(out.listLeads, k+" ")
		}
	}
	out.endsBlank = lowerAll(w.EndsAfterBlank)
	out.endsComma = lowerAll(w.EndsAfterComma)
	for _, e := range slices.Concat(out.endsBlank, out.endsComma) {
		out.endsWindow = max(out.endsWindow, len(e)+2+utf8.UTFMax)
	}
	return out
}

// respell reads the field word's other spellings in lower-case text as its
// first ("lãnh vực" as "lĩnh vực").
func (w *labelWords) respell(low string) string {
	if w.spell == nil {
		return low
	}
	return w.spell.Replace(low)
}

// key is fieldKey with the field word's spellings read as one.
func (w *labelWords) key(s string) string { return fieldKey(w.respell(Lower(s))) }

// endsField reports whether lower-case text that starts with the blank or
// comma after the words of a count opens with one of the rules' ends: the
// words where the phrase that may name the count's field stops.
func (w *labelWords) endsField(low string) bool {
	var ends []string
	switch {
	case strings.HasPrefix(low, ","):
		ends, low = w.endsComma, strings.TrimPrefix(low[1:], " ")
	case strings.HasPrefix(low, " "):
		ends, low = w.endsBlank, low[1:]
	}
	for _, e := range ends {
		if strings.HasPrefix(low, e) && !wordAt(low, len(e)) {
			return true
		}
	}
	return false
}

// labelField reads the field a label before a count gives it: the field it
// opens with (unless it names two of the four fields: all); in a list item
// (item), the one field it names.
func (x *Extractor) labelField(label string, item bool) (string, bool) {
	t := x.labels.key(label)
	linked := endsWithColon(label)
	for _, suf := range x.labels.links {
		if strings.HasSuffix(t, suf) {
			t, linked = strings.TrimSuffix(t, suf), true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range x.labels.fillers {
			if strings.HasPrefix(t, f) {
				t, changed = t[len(f):], true
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
func (x *Extractor) paragraphField(d *docCtx, ss int, keywords []string) string {
	s := d.s
	ps := d.from
	if j := strings.LastIndexByte(s[d.from:ss], '\n'); j >= 0 {
		ps = d.from + j + 1
	}
	pre := d.low(ps, ss)
	field := ""
	if x.labels.field == "" {
		return "all"
	}
	pre = x.labels.respell(pre)
	for off := 0; ; {
		i := strings.Index(pre[off:], x.labels.field+" ")
		if i < 0 {
			break
		}
		i += off
		off = i + 1
		// the models of that field, in the same sentence, before it
		sentStart := max(strings.LastIndex(pre[:i], ". "), 0)
		if !slices.ContainsFunc(keywords, func(kw string) bool { return strings.Contains(pre[sentStart:i], kw) }) {
			continue
		}
		_, prev := prevWord(pre, i, sentStart) // "các lĩnh vực …"
		from := max(sentStart, prev)
		f, ok := x.fieldsIn(x.fieldPhrase(pre[from:runesOn(pre, i, fieldWords, len(pre))]))
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
	if _, ok := x.fieldsIn(x.labels.key(parts[0])); !ok {
		return x.labels.key(parts[0]) // a list continues only after a field
	}
	for _, p := range parts[1:] {
		k := x.labels.key(p)
		if x.labels.field != "" {
			k = strings.TrimPrefix(k, x.labels.field+" ")
		}
		if _, ok := x.fields.at(k, 0); !ok {
			break
		}
		keep = append(keep, p)
	}
	return x.labels.key(strings.Join(keep, ","))
}
