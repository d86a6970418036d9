package extract

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

//go:embed rules/*.yaml
var rulesFS embed.FS

// Metric is one kind of count the extractor reports.
type Metric struct {
	Name       string   `yaml:"name"`
	Keywords   []string `yaml:"keywords"`
	Companions []string `yaml:"companions"`
	Topics     []string `yaml:"topics"`
	// ClauseTopics put a count on topic only in its own sentence ("128 mô
	// hình tiêu biểu trong các phong trào thi đua"): a document that
	// mentions them elsewhere is not about the movement for that.
	ClauseTopics    []string `yaml:"clause_topics"`
	ExcludeTopics   []string `yaml:"exclude_topics"`
	RegistrantVerbs []string `yaml:"registrant_verbs"`
	// Counters stand between a number and the keyword ("202 lượt mô hình").
	Counters []string `yaml:"counters"`
	// Holders name whose models a breakdown part counts ("trong đó 187 tập
	// thể và 15 cá nhân"), by qualifier; HolderCues introduce holders after
	// the keyword ("công nhận 57 mô hình đối với 42 tập thể").
	Holders    map[string][]string `yaml:"holders"`
	HolderCues []string            `yaml:"holder_cues"`
	// HolderJoins join the two holders of a count of registrants ("100
	// tập thể và 103 cá nhân đăng ký"); a comma does too.
	HolderJoins []string `yaml:"holder_joins"`
	// CountLeads make the keyword after them the label of a count stated
	// after a link ("tổng số mô hình … là 1.350").
	CountLeads []string `yaml:"count_leads"`
	// NotCountLeads end with a count lead but quantify instead ("một số
	// mô hình": some models).
	NotCountLeads []string `yaml:"not_count_leads"`
}

// QualifierRule says which words give a count its qualifier.
type QualifierRule struct {
	Name   string   `yaml:"name"`
	After  []string `yaml:"after"`
	Near   []string `yaml:"near"`
	Before []string `yaml:"before"`
	// PartBefore is a verb right before the number of a count that is a
	// part of a breakdown ("trong đó nhân rộng 12 mô hình"): of the whole
	// set it qualifies nothing ("xây dựng và nhân rộng 45 mô hình").
	PartBefore []string `yaml:"part_before"`
	Passive    []string `yaml:"passive"`
	First      []string `yaml:"first"`
	// PartFirst is the first word after the keyword of a count that is a
	// part of a breakdown or listed after another: "53 mô hình cấp cơ
	// sở, 17 mô hình cấp huyện" (17: registered at another level, a subset).
	PartFirst []string `yaml:"part_first"`
}

// ProvinceDef is one provincial unit of the gazetteer.
type ProvinceDef struct {
	Name      string   `yaml:"name"`
	Now       string   `yaml:"now"`
	City      bool     `yaml:"city"`
	Aliases   []string `yaml:"aliases"`
	Districts []string `yaml:"districts"`
}

// Rules is everything the extractor knows about the language of the press,
// as read from the embedded data files and any --rules file.
type Rules struct {
	Replace        []string            `yaml:"replace"`
	Metrics        []Metric            `yaml:"metrics"`
	Fields         map[string][]string `yaml:"fields"`
	FieldStop      []string            `yaml:"field_stop"`
	Qualifiers     []QualifierRule     `yaml:"qualifiers"`
	Approximators  map[string][]string `yaml:"approximators"`
	Scopes         map[string][]string `yaml:"scopes"`
	Breakdown      []string            `yaml:"breakdown"`
	TailLines      []string            `yaml:"tail_lines"`
	BylinePrefixes []string            `yaml:"byline_prefixes"`
	Blurb          []string            `yaml:"blurb"`
	HeaderJunk     []string            `yaml:"header_junk"`
	Provinces      []ProvinceDef       `yaml:"provinces"`
	Current        []ProvinceDef       `yaml:"current"`
	DatelineCodes  map[string]string   `yaml:"dateline_codes"`
	// ArticleContainers are CSS selectors of the article containers the
	// Vietnamese press uses (".detail-content"): where one holds the general
	// rule's main content and little more, it is the body.
	ArticleContainers []string `yaml:"article_containers"`
	// Domains maps a site's host ("baotn.vn") to the province it covers,
	// for the sites whose host does not spell the province's name.
	Domains map[string]string `yaml:"domains"`
	// Periods are the words of time expressions.
	Periods *PeriodWords `yaml:"periods"`
	// Labels are the words around a label before a count.
	Labels *LabelWords `yaml:"labels"`
	// PlacePrefixes are the administrative words before a place name, by
	// what they make of it: province, district, other.
	PlacePrefixes map[string][]string `yaml:"place_prefixes"`
	// DomainAffixes are the words a site's domain wraps a province's name
	// in ("bao…", "…tv"), by side: prefixes, suffixes.
	DomainAffixes map[string][]string `yaml:"domain_affixes"`
	// FormerMarks follow a unit's name to say it is the unit as it was
	// ("Bình Dương cũ"), not the article's subject.
	FormerMarks []string `yaml:"former_marks"`
	// Conjunctions join two items of a list ("48 mô hình và 20 mô hình").
	Conjunctions []string `yaml:"conjunctions"`
	// PassiveLeads are the auxiliaries a qualifier's passive verbs follow
	// ("được … công nhận").
	PassiveLeads []string `yaml:"passive_leads"`
	// LoneNumerals are numerals that, alone before the keyword, are no
	// count ("một mô hình" is "a model"; "năm" is mostly "year").
	LoneNumerals []string `yaml:"lone_numerals"`
	// Requirements make a count a requirement or a target, not a figure.
	Requirements *RequirementWords `yaml:"requirements"`
	// NotPlaces open with a place word but name no place ("xã hội").
	NotPlaces []string `yaml:"not_places"`
	// NameNumbers are the words whose number names a document or a body
	// ("Kế hoạch 45", "Ban Chỉ đạo 441", "Chỉ thị số 19"): no count.
	NameNumbers []string `yaml:"name_numbers"`
}

// RequirementWords: Before stand right before the number ("ít nhất 1 mô
// hình"); Clause anywhere in the count's clause before it ("mỗi xã xây
// dựng 1 mô hình", "phấn đấu có 500 mô hình"); After right after the
// keyword and the programme's name ("từ 100 mô hình trở lên"); Sentence
// anywhere in the count's sentence before it ("Phấn đấu đến năm 2025,
// toàn tỉnh có 500 mô hình") unless Reached stands between them ("đã",
// "đến nay") or NounMarks right before it ("sự phấn đấu"). Met right
// before a Clause word says the target was reached ("vượt chỉ tiêu với 612
// mô hình").
type RequirementWords struct {
	Before    []string `yaml:"before"`
	Clause    []string `yaml:"clause"`
	Met       []string `yaml:"met"`
	After     []string `yaml:"after"`
	Sentence  []string `yaml:"sentence"`
	Reached   []string `yaml:"reached"`
	NounMarks []string `yaml:"noun_marks"`
}

// LabelWords are the words around a label that names a count's field
// before it: fillers open it without naming the field, links join it to
// the count, list leads open an item of a list.
type LabelWords struct {
	Fillers   []string `yaml:"fillers"`
	Links     []string `yaml:"links"`
	ListLeads []string `yaml:"list_leads"`
	// Field is the word a field's label opens with ("lĩnh vực kinh tế: 709
	// mô hình"), then its other spellings, read as the first.
	Field []string `yaml:"field"`
	// The words after a count that end the phrase where its field may be
	// named ("48 mô hình kinh tế và 20 …"), after a blank or after a comma.
	EndsAfterBlank []string `yaml:"ends_after_blank"`
	EndsAfterComma []string `yaml:"ends_after_comma"`
}

// PeriodWords are the words of the time expressions a figure is dated by
// (date.go builds its patterns from them). Lists are alternatives, tried in
// order; a rules file's lists are appended to the defaults.
type PeriodWords struct {
	Year        string         `yaml:"year"`
	Month       string         `yaml:"month"`
	Day         string         `yaml:"day"`
	Quarter     string         `yaml:"quarter"` // "quý I/2024", "quý 3 năm 2023"
	SpanLeads   []string       `yaml:"span_leads"`
	SpanJoins   []string       `yaml:"span_joins"`
	SinceLeads  []string       `yaml:"since_leads"`
	SinceEnds   []string       `yaml:"since_ends"`
	UntilBefore []string       `yaml:"until_before"`
	UntilLeads  []string       `yaml:"until_leads"`
	UntilExtras []string       `yaml:"until_extras"`
	HalfCounts  map[string]int `yaml:"half_counts"`
	HalfStart   []string       `yaml:"half_start"`
	HalfEnd     []string       `yaml:"half_end"`
	YearLeads   []string       `yaml:"year_leads"`
	UpToNow     []string       `yaml:"up_to_now"`
	// Present: a count its sentence states in the present ("hiện có",
	// "hiện nay") and dates with no period holds at the publication.
	Present []string `yaml:"present"`
	// YearWords make the number after them, 1900–2100, a year and not a
	// count ("năm 2023 mô hình", "giai đoạn 2021 …", "nhiệm kỳ 2020").
	YearWords []string `yaml:"year_words"`
	// Compared: a period right after one of these is the one a count is
	// compared with ("tăng 120 mô hình so với năm 2019"), not its own.
	Compared []string `yaml:"compared"`
}

// merge adds o's words to p: lists appended, counts merged, the four
// single words replaced where o gives them.
func (p *PeriodWords) merge(o *PeriodWords) {
	for _, w := range []struct {
		dst *string
		v   string
	}{{&p.Year, o.Year}, {&p.Month, o.Month}, {&p.Day, o.Day}, {&p.Quarter, o.Quarter}} {
		if w.v != "" {
			*w.dst = w.v
		}
	}
	for _, l := range []struct{ dst, v *[]string }{
		{&p.SpanLeads, &o.SpanLeads}, {&p.SpanJoins, &o.SpanJoins}, {&p.SinceLeads, &o.SinceLeads}, {&p.SinceEnds, &o.SinceEnds},
		{&p.UntilBefore, &o.UntilBefore}, {&p.UntilLeads, &o.UntilLeads}, {&p.UntilExtras, &o.UntilExtras},
		{&p.HalfStart, &o.HalfStart}, {&p.HalfEnd, &o.HalfEnd}, {&p.YearLeads, &o.YearLeads}, {&p.UpToNow, &o.UpToNow}, {&p.Present, &o.Present}, {&p.YearWords, &o.YearWords}, {&p.Compared, &o.Compared},
	} {
		*l.dst = append(*l.dst, *l.v...)
	}
	for k, v := range o.HalfCounts {
		if p.HalfCounts == nil {
			p.HalfCounts = map[string]int{}
		}
		p.HalfCounts[k] = v
	}
}

// DefaultRules returns the embedded rules.
func DefaultRules() (*Rules, error) {
	r := &Rules{}
	for _, name := range []string{"rules/default.yaml", "rules/gazetteer.yaml"} {
		b, err := rulesFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("rules: read embedded %s: %w", name, err)
		}
		var part Rules
		if err := decodeRules(b, &part); err != nil {
			return nil, fmt.Errorf("rules: embedded %s: %w", name, err)
		}
		if err := part.validate(); err != nil {
			return nil, fmt.Errorf("rules: embedded %s: %w", name, err)
		}
		r.merge(&part)
	}
	return r, nil
}

// LoadRules returns the embedded rules extended or overridden by the files
// given, in order.
func LoadRules(files ...string) (*Rules, error) {
	r, err := DefaultRules()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		var part Rules
		if err := decodeRules(b, &part); err != nil {
			return nil, fmt.Errorf("rules: %w", DescribeYAML(f, err))
		}
		if err := part.validate(); err != nil {
			return nil, fmt.Errorf("rules: %s: %w", f, err)
		}
		r.merge(&part)
	}
	if _, err := newPeriodGrammar(r.Periods); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return r, nil
}

func decodeRules(b []byte, r *Rules) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(r); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("the file holds no rules (it is empty)")
		}
		return err
	}
	return nil
}

var validFields = []string{"economy", "culture_society", "defense_security", "political_system", "other"}
var validQualifiers = []string{"collective", "individual", "replicated", "named", "delta", "other"}
var validApprox = []string{"over", "nearly", "about"}
var validReplace = []string{"metrics", "fields", "field_stop", "qualifiers", "approximators", "scopes", "breakdown",
	"tail_lines", "byline_prefixes", "blurb", "header_junk", "provinces", "current", "dateline_codes", "domains", "article_containers", "periods", "labels", "place_prefixes", "domain_affixes",
	"former_marks", "conjunctions", "passive_leads", "lone_numerals", "requirements", "not_places", "name_numbers"}
var validScopes = []string{"province", "district", "commune", "organization", "organization_cased", "place_province",
	"place_district", "place_commune", "place_city", "city", "neutral", "agent", "addressed", "organization_named", "topic", "plural", "level"}

func (r *Rules) validate() error {
	for k := range r.Fields {
		if !slices.Contains(validFields, k) {
			return fmt.Errorf("fields: unknown field %q (want one of %s)", k, strings.Join(validFields, ", "))
		}
	}
	for k := range r.Scopes {
		if !slices.Contains(validScopes, k) {
			return fmt.Errorf("scopes: unknown scope %q (want one of %s)", k, strings.Join(validScopes, ", "))
		}
	}
	for _, q := range r.Qualifiers {
		if !slices.Contains(validQualifiers, q.Name) {
			return fmt.Errorf("qualifiers: unknown qualifier %q (want one of %s)", q.Name, strings.Join(validQualifiers, ", "))
		}
	}
	for k := range r.Approximators {
		if !slices.Contains(validApprox, k) {
			return fmt.Errorf("approximators: unknown kind %q (want one of %s)", k, strings.Join(validApprox, ", "))
		}
	}
	for _, m := range r.Metrics {
		if m.Name == "" {
			return fmt.Errorf("metrics: a metric without a name")
		}
		for k := range m.Holders {
			if k != "collective" && k != "individual" {
				return fmt.Errorf("metrics: %s: holders: unknown qualifier %q (want collective or individual)", m.Name, k)
			}
		}
	}
	for _, p := range r.Provinces {
		if p.Name == "" {
			return fmt.Errorf("provinces: an entry without a name")
		}
	}
	for k := range r.DomainAffixes {
		if k != "prefixes" && k != "suffixes" {
			return fmt.Errorf("domain_affixes: unknown side %q (want prefixes or suffixes)", k)
		}
	}
	for k := range r.PlacePrefixes {
		if k != "province" && k != "district" && k != "other" {
			return fmt.Errorf("place_prefixes: unknown kind %q (want province, district or other)", k)
		}
	}
	if p := r.Periods; p != nil {
		for k, n := range p.HalfCounts {
			if n < 1 || n > 12 {
				return fmt.Errorf("periods: half_counts: %q is %d months, want 1 to 12", k, n)
			}
		}
	}
	for _, k := range r.Replace {
		if !slices.Contains(validReplace, k) {
			return fmt.Errorf("replace: unknown key %q", k)
		}
	}
	return nil
}

// merge adds o to r: lists are appended, maps merged, named entries
// (metrics, qualifiers, provinces) extended; o.Replace clears keys first.
func (r *Rules) merge(o *Rules) {
	for _, k := range o.Replace {
		switch k {
		case "metrics":
			r.Metrics = nil
		case "fields":
			r.Fields = nil
		case "field_stop":
			r.FieldStop = nil
		case "qualifiers":
			r.Qualifiers = nil
		case "approximators":
			r.Approximators = nil
		case "scopes":
			r.Scopes = nil
		case "breakdown":
			r.Breakdown = nil
		case "tail_lines":
			r.TailLines = nil
		case "byline_prefixes":
			r.BylinePrefixes = nil
		case "blurb":
			r.Blurb = nil
		case "header_junk":
			r.HeaderJunk = nil
		case "provinces":
			r.Provinces = nil
		case "current":
			r.Current = nil
		case "dateline_codes":
			r.DatelineCodes = nil
		case "domains":
			r.Domains = nil
		case "article_containers":
			r.ArticleContainers = nil
		case "periods":
			r.Periods = nil
		case "labels":
			r.Labels = nil
		case "place_prefixes":
			r.PlacePrefixes = nil
		case "domain_affixes":
			r.DomainAffixes = nil
		case "former_marks":
			r.FormerMarks = nil
		case "conjunctions":
			r.Conjunctions = nil
		case "passive_leads":
			r.PassiveLeads = nil
		case "lone_numerals":
			r.LoneNumerals = nil
		case "requirements":
			r.Requirements = nil
		case "not_places":
			r.NotPlaces = nil
		case "name_numbers":
			r.NameNumbers = nil
		}
	}
	r.FormerMarks = append(r.FormerMarks, o.FormerMarks...)
	r.Conjunctions = append(r.Conjunctions, o.Conjunctions...)
	r.PassiveLeads = append(r.PassiveLeads, o.PassiveLeads...)
	r.LoneNumerals = append(r.LoneNumerals, o.LoneNumerals...)
	r.NotPlaces = append(r.NotPlaces, o.NotPlaces...)
	r.NameNumbers = append(r.NameNumbers, o.NameNumbers...)
	if o.Requirements != nil {
		if r.Requirements == nil {
			r.Requirements = &RequirementWords{}
		}
		r.Requirements.Before = append(r.Requirements.Before, o.Requirements.Before...)
		r.Requirements.Clause = append(r.Requirements.Clause, o.Requirements.Clause...)
		r.Requirements.Met = append(r.Requirements.Met, o.Requirements.Met...)
		r.Requirements.After = append(r.Requirements.After, o.Requirements.After...)
		r.Requirements.Sentence = append(r.Requirements.Sentence, o.Requirements.Sentence...)
		r.Requirements.Reached = append(r.Requirements.Reached, o.Requirements.Reached...)
		r.Requirements.NounMarks = append(r.Requirements.NounMarks, o.Requirements.NounMarks...)
	}
	r.DomainAffixes = mergeListMap(r.DomainAffixes, o.DomainAffixes)
	for k, v := range o.PlacePrefixes {
		if r.PlacePrefixes == nil {
			r.PlacePrefixes = map[string][]string{}
		}
		r.PlacePrefixes[k] = append(r.PlacePrefixes[k], v...)
	}
	if o.Labels != nil {
		if r.Labels == nil {
			r.Labels = &LabelWords{}
		}
		r.Labels.Fillers = append(r.Labels.Fillers, o.Labels.Fillers...)
		r.Labels.Links = append(r.Labels.Links, o.Labels.Links...)
		r.Labels.ListLeads = append(r.Labels.ListLeads, o.Labels.ListLeads...)
		r.Labels.Field = append(r.Labels.Field, o.Labels.Field...)
		r.Labels.EndsAfterBlank = append(r.Labels.EndsAfterBlank, o.Labels.EndsAfterBlank...)
		r.Labels.EndsAfterComma = append(r.Labels.EndsAfterComma, o.Labels.EndsAfterComma...)
	}
	if o.Periods != nil {
		if r.Periods == nil {
			r.Periods = &PeriodWords{}
		}
		r.Periods.merge(o.Periods)
	}
	for _, m := range o.Metrics {
		i := slices.IndexFunc(r.Metrics, func(x Metric) bool { return x.Name == m.Name })
		if i < 0 {
			r.Metrics = append(r.Metrics, m)
			continue
		}
		x := &r.Metrics[i]
		x.Keywords = append(x.Keywords, m.Keywords...)
		x.Companions = append(x.Companions, m.Companions...)
		x.Topics = append(x.Topics, m.Topics...)
		x.ClauseTopics = append(x.ClauseTopics, m.ClauseTopics...)
		x.ExcludeTopics = append(x.ExcludeTopics, m.ExcludeTopics...)
		x.RegistrantVerbs = append(x.RegistrantVerbs, m.RegistrantVerbs...)
		x.Counters = append(x.Counters, m.Counters...)
		x.Holders = mergeListMap(x.Holders, m.Holders)
		x.HolderCues = append(x.HolderCues, m.HolderCues...)
		x.HolderJoins = append(x.HolderJoins, m.HolderJoins...)
	}
	r.Fields = mergeListMap(r.Fields, o.Fields)
	r.Approximators = mergeListMap(r.Approximators, o.Approximators)
	r.Scopes = mergeListMap(r.Scopes, o.Scopes)
	r.FieldStop = append(r.FieldStop, o.FieldStop...)
	for _, q := range o.Qualifiers {
		i := slices.IndexFunc(r.Qualifiers, func(x QualifierRule) bool { return x.Name == q.Name })
		if i < 0 {
			r.Qualifiers = append(r.Qualifiers, q)
			continue
		}
		x := &r.Qualifiers[i]
		x.After = append(x.After, q.After...)
		x.Near = append(x.Near, q.Near...)
		x.Before = append(x.Before, q.Before...)
		x.PartBefore = append(x.PartBefore, q.PartBefore...)
		x.Passive = append(x.Passive, q.Passive...)
		x.First = append(x.First, q.First...)
		x.PartFirst = append(x.PartFirst, q.PartFirst...)
	}
	r.Breakdown = append(r.Breakdown, o.Breakdown...)
	r.ArticleContainers = append(r.ArticleContainers, o.ArticleContainers...)
	r.TailLines = append(r.TailLines, o.TailLines...)
	r.BylinePrefixes = append(r.BylinePrefixes, o.BylinePrefixes...)
	r.Blurb = append(r.Blurb, o.Blurb...)
	r.HeaderJunk = append(r.HeaderJunk, o.HeaderJunk...)
	for _, p := range o.Provinces {
		i := slices.IndexFunc(r.Provinces, func(x ProvinceDef) bool { return x.Name == p.Name })
		if i < 0 {
			r.Provinces = append(r.Provinces, p)
			continue
		}
		x := &r.Provinces[i]
		x.Aliases = append(x.Aliases, p.Aliases...)
		x.Districts = append(x.Districts, p.Districts...)
		if p.Now != "" {
			x.Now = p.Now
		}
		x.City = x.City || p.City
	}
	r.Current = append(r.Current, o.Current...)
	if len(o.DatelineCodes) > 0 && r.DatelineCodes == nil {
		r.DatelineCodes = map[string]string{}
	}
	for k, v := range o.DatelineCodes {
		r.DatelineCodes[k] = v
	}
	if len(o.Domains) > 0 && r.Domains == nil {
		r.Domains = map[string]string{}
	}
	for k, v := range o.Domains {
		r.Domains[strings.ToLower(k)] = v
	}
}

func mergeListMap(a, b map[string][]string) map[string][]string {
	if a == nil && len(b) > 0 {
		a = map[string][]string{}
	}
	for k, v := range b {
		a[k] = append(a[k], v...)
	}
	return a
}

// phrase is a normalized lower-case phrase with its label.
type phrase struct {
	text  string
	label string
}

// phraseList is a set of phrases matched on word boundaries, longest first.
// The phrases are also kept in a byte trie, so that finding those that
// start at a place in a text is one walk along its bytes.
type phraseList struct {
	all   []phrase   // longest first
	nodes []trieNode // nodes[0] is the root
	root  [256]int32 // the root's children by byte: 0 for none
}

// trieNode is a prefix of one or more phrases.
type trieNode struct {
	next   []trieEdge
	phrase int32 // the phrase that ends here (its index in all), or -1
}

type trieEdge struct {
	b  byte
	to int32
}

func newPhraseList(m map[string][]string, prep func(string) string) phraseList {
	var out []phrase
	for label, list := range m {
		for _, p := range list {
			if t := prep(p); t != "" {
				out = append(out, phrase{text: t, label: label})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].text) != len(out[j].text) {
			return len(out[i].text) > len(out[j].text)
		}
		if out[i].text != out[j].text {
			return out[i].text < out[j].text
		}
		return out[i].label < out[j].label
	})
	pl := phraseList{all: out, nodes: []trieNode{{phrase: -1}}}
	for k, p := range out {
		n := pl.add(p.text)
		if pl.nodes[n].phrase < 0 { // the same text twice: the first label
			pl.nodes[n].phrase = int32(k)
		}
	}
	return pl
}

// add returns the node that ends text, adding what the trie lacks.
func (pl *phraseList) add(text string) int32 {
	n := int32(0)
	for j := 0; j < len(text); j++ {
		to := pl.child(n, text[j])
		if to == 0 {
			to = int32(len(pl.nodes))
			pl.nodes = append(pl.nodes, trieNode{phrase: -1})
			if n == 0 {
				pl.root[text[j]] = to
			} else {
				pl.nodes[n].next = append(pl.nodes[n].next, trieEdge{text[j], to})
			}
		}
		n = to
	}
	return n
}

// child returns the node after n on byte b, 0 for none.
func (pl *phraseList) child(n int32, b byte) int32 {
	if n == 0 {
		return pl.root[b]
	}
	for _, e := range pl.nodes[n].next {
		if e.b == b {
			return e.to
		}
	}
	return 0
}

// mayStart is a cheap first test: false means no phrase starts at s[i].
func (pl *phraseList) mayStart(s string, i int) bool { return pl.root[s[i]] != 0 }

// at returns the longest phrase that starts at s[i:] on a word boundary: a
// phrase that ends inside a word of s does not count ("toàn" in "toàntỉnh").
func (pl *phraseList) at(s string, i int) (phrase, bool) {
	if i >= len(s) || wordBefore(s, i) {
		return phrase{}, false
	}
	return pl.from(s, i)
}

// from is at for a caller that knows a word does not end at s[i].
func (pl *phraseList) from(s string, i int) (phrase, bool) {
	if k := pl.longest(s, i); k >= 0 {
		return pl.all[k], true
	}
	return phrase{}, false
}

// longest returns the index in all of the longest phrase that starts at
// s[i] and ends on a word boundary, -1 for none.
func (pl *phraseList) longest(s string, i int) int32 {
	if i >= len(s) || pl.root[s[i]] == 0 {
		return -1
	}
	best := int32(-1)
	for j, n := i+1, pl.root[s[i]]; n != 0; j++ {
		nd := &pl.nodes[n]
		if k := nd.phrase; k >= 0 {
			if p := pl.all[k].text; !wordAt(s, j) || !wordBefore(p, len(p)) {
				best = k
			}
		}
		if j == len(s) {
			break
		}
		n = 0
		for _, e := range nd.next {
			if e.b == s[j] {
				n = e.to
				break
			}
		}
	}
	return best
}

// in reports whether a phrase occurs in s on word boundaries: hasPhrase on
// a compiled list, one pass over s instead of one search per phrase. Like
// at, it wants a boundary before every phrase, which hasPhrase does only
// for phrases starting with a letter or digit.
func (pl *phraseList) in(s string) bool {
	for i := 0; i < len(s); i++ {
		// an ASCII letter before s[i] is the cheapest sign of a word going on
		if pl.mayStart(s, i) && (i == 0 || !asciiWord(s[i-1])) {
			if _, ok := pl.at(s, i); ok {
				return true
			}
		}
	}
	return false
}

// lastIn returns where the last phrase that occurs in s on word boundaries
// starts, -1 when none does: one pass back over s for the whole list.
func (pl *phraseList) lastIn(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if !pl.mayStart(s, i) || i > 0 && asciiWord(s[i-1]) {
			continue
		}
		if _, ok := pl.at(s, i); ok {
			return i
		}
	}
	return -1
}

// endingAt returns the longest phrase that ends exactly at the end of s on a
// word boundary.
func (pl *phraseList) endingAt(s string) (phrase, int, bool) {
	for _, p := range pl.all {
		if strings.HasSuffix(s, p.text) {
			i := len(s) - len(p.text)
			if !wordBefore(s, i) {
				return p, i, true
			}
		}
	}
	return phrase{}, 0, false
}

// isWordByte reports whether c can be inside a word: ASCII letters and
// digits and every byte of a multi-byte UTF-8 sequence (Vietnamese letters).
// Boundaries are checked with wordBefore and wordAt, which decode runes.
func isWordByte(c byte) bool {
	return c >= 0x80 || asciiWord(c)
}

// asciiWord reports whether c is an ASCII letter or digit (unlike
// isASCIIWord, regexp's \b, not the underscore).
func asciiWord(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// wordBefore reports whether the rune ending at s[:i] is a letter or digit.
func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	c := s[i-1]
	switch {
	case c < utf8.RuneSelf:
		return isWordByte(c)
	case !continuation(c):
		return false // a stray lead byte: U+FFFD
	case i >= 2 && 0xC3 <= s[i-2] && s[i-2] <= 0xC9: // U+00C0–U+024F
		return s[i-2] != 0xC3 || c != 0x97 && c != 0xB7 // × and ÷
	case i >= 3 && s[i-3] == 0xE1 && 0xB8 <= s[i-2] && s[i-2] <= 0xBB: // U+1E00–U+1EFF
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

// wordAt reports whether the rune starting at s[i:] is a letter or digit.
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// isWordRune: letters, digits and the combining marks of decomposed text.
func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return isWordByte(byte(r))
	case 0xC0 <= r && r <= 0x24F: // Latin-1 letters, Latin Extended-A and -B
		return r != 0xD7 && r != 0xF7 // × and ÷
	case 0x1E00 <= r && r <= 0x1EFF: // Latin Extended Additional: ạ … ỹ
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// hasAnyPhrase reports whether one of the phrases occurs in s as whole words.
func hasAnyPhrase(s string, list []string) bool {
	_, ok := hasPhrase(s, list)
	return ok
}

// hasPhrase reports whether one of the phrases occurs in s as whole words,
// and which.
func hasPhrase(s string, list []string) (string, bool) {
	for _, p := range list {
		if p != "" && phraseIndex(s, p) >= 0 {
			return p, true
		}
	}
	return "", false
}

// phraseIndex is where the phrase p first occurs in s as whole words, -1
// where it does not.
func phraseIndex(s, p string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], p)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(p)
		okL := !wordBefore(s, i) || !wordAt(p, 0)
		okR := !wordAt(s, end) || !wordBefore(p, len(p))
		if okL && okR {
			return i
		}
		off = i + 1
	}
}

// lowerPhrase is a phrase of the rules as the lowered text holds it.
func lowerPhrase(s string) string { return Lower(Normalize(strings.TrimSpace(s))) }

func lowerAll(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		s = lowerPhrase(s)
		if s != "" {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// endingPhraseLen is the length of the longest of the phrases that ends s
// as whole words (after trailing blanks), 0 when none does.
func endingPhraseLen(s string, phrases []string) int {
	t := strings.TrimRight(s, " ")
	n := 0
	for _, p := range phrases {
		if len(p) > n && strings.HasSuffix(t, p) && !wordBefore(t, len(t)-len(p)) {
			n = len(p)
		}
	}
	return n
}

// endsWithPhrase reports whether s, blanks at its end trimmed, ends with one
// of the phrases as whole words.
func endsWithPhrase(s string, phrases []string) bool { return endingPhraseLen(s, phrases) > 0 }
