package extract

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on machines without a zoneinfo database
	"unicode/utf8"
)

// Vietnam is the zone every time in an article is read in.
var Vietnam = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}()

// Precision says how much of a Date is known.
type Precision int

const (
	PrecNone Precision = iota
	PrecYear
	PrecMonth
	PrecDay
	PrecMinute
)

// Date is a point in time known to a precision: "2022-10" is a month,
// "2024-09-24" a day, "2024-09-24T05:46:00+07:00" a minute.
type Date struct {
	Time time.Time
	Prec Precision
}

// IsZero reports whether nothing is known.
func (d Date) IsZero() bool { return d.Prec == PrecNone }

// String formats d to its precision: RFC 3339 with +07:00 when the time of
// day is known, else the date alone.
func (d Date) String() string {
	switch d.Prec {
	case PrecYear:
		return d.Time.Format("2006")
	case PrecMonth:
		return d.Time.Format("2006-01")
	case PrecDay:
		return d.Time.Format("2006-01-02")
	case PrecMinute:
		return d.Time.Format(time.RFC3339)
	}
	return ""
}

// ParseDate reads a date as a user types it on the command line or in an
// API query: "2024-06-09", "2024-06", "2024", "24/09/2024", "24-10-2019" or
// RFC 3339.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, fmt.Errorf("empty date")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return Date{Time: t.In(Vietnam), Prec: PrecMinute}, nil
	}
	if d, ok := FindDateline(s); ok {
		return d, nil
	}
	for _, f := range []struct {
		layout string
		prec   Precision
	}{{"2006-01", PrecMonth}, {"2006", PrecYear}} {
		if t, err := time.ParseInLocation(f.layout, s, Vietnam); err == nil {
			return Date{Time: t, Prec: f.prec}, nil
		}
	}
	return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM, YYYY, DD/MM/YYYY or RFC 3339", s)
}

var (
	reISO   = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?`)
	reDMY   = regexp.MustCompile(`(?:^|[^\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?([/.-])\s?(\d{4}|\d{2})(?:[^\d/]|$)`)
	reClock = regexp.MustCompile(`(?i)\b(\d{1,2})[:hg](\d{2})(?::(\d{2}))?(?:\s*(AM|PM|SA|CH)\b)?`)
)

// digitsSeparated reports whether line has a digit, a separator of day,
// month and year ("/", ".", "-") and a digit, a blank allowed on either side
// of the separator: what every match of reDMY holds.
func digitsSeparated(line string) bool {
	digit := func(i int) bool { return i >= 0 && i < len(line) && '0' <= line[i] && line[i] <= '9' }
	for i := 0; i < len(line); i++ {
		if c := line[i]; c != '/' && c != '.' && c != '-' {
			continue
		}
		before := digit(i-1) || i >= 2 && isRegexpSpace(line[i-1]) && digit(i-2)
		after := digit(i+1) || i+2 < len(line) && isRegexpSpace(line[i+1]) && digit(i+2)
		if before && after {
			return true
		}
	}
	return false
}

// submatchIf runs re on line only when line holds need, which every match
// of re contains: the test costs far less than the expression.
func submatchIf(re *regexp.Regexp, line, need string) []int {
	if !strings.Contains(line, need) {
		return nil
	}
	return re.FindStringSubmatchIndex(line)
}

// wordDateIn matches a date in words in line (wordDate, with the day word
// before it when there is one), tried where one or two digits and a blank
// stand right before the month word: an expression without a word to
// start from would be tried at every byte of every line.
func (g *periodGrammar) wordDateIn(line string) []int {
	for off := 0; ; {
		i := strings.Index(line[off:], g.wordDateNeed)
		if i < 0 {
			return nil
		}
		i += off
		off = i + len(g.wordDateNeed)
		_, n := utf8.DecodeLastRuneInString(line[:i]) // the month word's first letter
		k := len(strings.TrimRight(line[:i-n], " \t"))
		ds := k // the day's digits
		for ds > 0 && k-ds < 2 && line[ds-1] >= '0' && line[ds-1] <= '9' {
			ds--
		}
		if k == i-n || ds == k || ds > 0 && line[ds-1] >= '0' && line[ds-1] <= '9' {
			continue
		}
		m := g.wordDate.FindStringSubmatchIndex(line[ds:])
		if m == nil {
			continue
		}
		for j := range m {
			m[j] += ds
		}
		j := len(strings.TrimRight(line[:ds], " \t"))
		if d := g.dayWord; j < ds && j >= len(d) && Lower(line[j-len(d):j]) == d {
			m[0] = j - len(d)
		}
		return m
	}
}

// FindDateline finds the first date in a line such as the datelines of
// Vietnamese papers ("Thứ Ba, ngày 24/09/2024 | 05:46", "Chủ Nhật,
// 21/7/2024", "2024-06-09 16:30:00", "08:09 13/05/2025", "ngày 3 tháng 3
// năm 2017", "24-10-2019") with the time of day next to it when there is one.
func FindDateline(line string) (Date, bool) {
	type cand struct {
		y, m, d    int
		start, end int
		hh, mm     int
		hasClock   bool
		zone       string
	}
	var c cand
	found := false
	if !strings.ContainsAny(line, digits) {
		return Date{}, false
	}
	if m := submatchIf(reISO, line, "-"); m != nil {
		c.y, _ = strconv.Atoi(line[m[2]:m[3]])
		c.m, _ = strconv.Atoi(line[m[4]:m[5]])
		c.d, _ = strconv.Atoi(line[m[6]:m[7]])
		c.start, c.end = m[0], m[1]
		if m[8] >= 0 {
			c.hh, _ = strconv.Atoi(line[m[8]:m[9]])
			c.mm, _ = strconv.Atoi(line[m[10]:m[11]])
			c.hasClock = true
			if m[14] >= 0 {
				c.zone = line[m[14]:m[15]]
			}
		}
		found = validDate(c.y, c.m, c.d)
	}
	if !found {
		if m := defaultPeriods.wordDateIn(line); m != nil {
			c.d, _ = strconv.Atoi(line[m[2]:m[3]])
			c.m, _ = strconv.Atoi(line[m[4]:m[5]])
			c.y, _ = strconv.Atoi(line[m[6]:m[7]])
			c.start, c.end = m[0], m[1]
			found = validDate(c.y, c.m, c.d)
		}
	}
	if !found && digitsSeparated(line) { // what reDMY needs
		for _, m := range reDMY.FindAllStringSubmatchIndex(line, 4) {
			if line[m[4]:m[5]] != line[m[8]:m[9]] { // same separator twice
				continue
			}
			d, _ := strconv.Atoi(line[m[2]:m[3]])
			mo, _ := strconv.Atoi(line[m[6]:m[7]])
			ys := line[m[10]:m[11]]
			y, _ := strconv.Atoi(ys)
			if len(ys) == 2 {
				y += 2000
			}
			if validDate(y, mo, d) {
				c = cand{y: y, m: mo, d: d, start: m[2], end: m[11]}
				found = true
				break
			}
		}
	}
	if !found {
		return Date{}, false
	}
	if !c.hasClock {
		// A clock just before or after the date: "08:09 13/05/2025",
		// "24/09/2024 | 05:46", "16:16, Thứ Năm, 13/02/2020".
		best := -1
		for _, m := range reClock.FindAllStringSubmatchIndex(line, 4) {
			if m[1] > c.start && m[0] < c.end {
				continue
			}
			dist := 0 // in runes
			if m[0] >= c.end {
				dist = runeLen(line[c.end:m[0]])
			} else {
				dist = runeLen(line[m[1]:c.start])
			}
			if dist > clockGap || (best >= 0 && dist >= best) {
				continue
			}
			hh, _ := strconv.Atoi(line[m[2]:m[3]])
			mm, _ := strconv.Atoi(line[m[4]:m[5]])
			// a meridiem is a word of its own: "08:15 Chủ nhật" is not
			// "08:15 CH" (regexp's \b takes "ủ" for a boundary)
			if m[8] >= 0 && !wordAt(line, m[9]) {
				switch strings.ToUpper(line[m[8]:m[9]]) {
				case "PM", "CH":
					if hh < 12 {
						hh += 12
					}
				case "AM", "SA":
					if hh == 12 {
						hh = 0
					}
				}
			}
			if hh > 23 || mm > 59 {
				continue
			}
			best, c.hh, c.mm, c.hasClock = dist, hh, mm, true
		}
	}
	if !c.hasClock {
		return Date{Time: time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, Vietnam), Prec: PrecDay}, true
	}
	if c.hh > 23 || c.mm > 59 {
		return Date{Time: time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, Vietnam), Prec: PrecDay}, true
	}
	t := time.Date(c.y, time.Month(c.m), c.d, c.hh, c.mm, 0, 0, Vietnam)
	if c.zone != "" && c.zone != "+07:00" && c.zone != "+0700" {
		if z, err := time.Parse("2006-01-02T15:04Z07:00", fmt.Sprintf("%04d-%02d-%02dT%02d:%02d%s", c.y, c.m, c.d, c.hh, c.mm, normZone(c.zone))); err == nil {
			t = z.In(Vietnam)
		}
	}
	return Date{Time: t, Prec: PrecMinute}, true
}

func normZone(z string) string {
	if z == "Z" || strings.Contains(z, ":") {
		return z
	}
	if len(z) == 5 {
		return z[:3] + ":" + z[3:]
	}
	return z
}

func validDate(y, m, d int) bool {
	if y < 1945 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// Period is the time a figure refers to.
type Period struct {
	Year  int    // the year the count holds for (the end of a span), 0 if unknown
	Span  string // "2021/2025", "2024-01/2024-06" or ""
	AsOf  string // "2024-06", "2024-09-24" or ""
	Start int    // byte offsets of the expression in the text it was found in
	End   int
}

// periodGrammar is the time expressions of a set of rules (PeriodWords),
// compiled: the words are the rules', the patterns around them (years in
// digits, "6/2024", dashes) are these.
type periodGrammar struct {
	span, since, until, half, untilDay, monthYear, quarter *regexp.Regexp
	// yearLeads come before a year ("cuối năm 2023"), longest first
	yearLeads []string
	// need names words one of which every match of an expression holds,
	// so most windows are ruled out without running a regular expression
	need       map[*regexp.Regexp][]string
	spanLead   int // bytes of the longest span lead ("nhiệm kỳ")
	halfCounts map[string]int
	halfEnd    []string
	upToNow    []string
	present    []string // words stating a count in the present (lower case)
	// yearWords make the number after them a year (lower case), the
	// longest yearWordBytes long with a blank and a character around it
	yearWords     []string
	yearWordBytes int
	compared      []string // a period after one of these is a baseline (lower case)
	// wordDate is a date in words from its day's digits, "3 tháng 3 năm
	// 2017" or "25 Tháng 9, 2024", in any case, dayWord ("ngày") before it
	// or not; wordDateNeed is the month word after its first letter (which
	// may be a capital). Datelines are read with the embedded rules' words.
	wordDate     *regexp.Regexp
	wordDateNeed string
	dayWord      string
}

// newPeriodGrammar compiles the time expressions of w.
func newPeriodGrammar(w *PeriodWords) (*periodGrammar, error) {
	if w == nil || w.Year == "" || w.Month == "" || w.Day == "" {
		return nil, fmt.Errorf("periods: the year, month and day words are required")
	}
	low := lowerPhrase
	alts := quotedAlts
	year, month, day := regexp.QuoteMeta(low(w.Year)), regexp.QuoteMeta(low(w.Month)), regexp.QuoteMeta(low(w.Day))
	const y = `((?:19|20)\d{2})`
	var counts []string
	for k := range w.HalfCounts {
		counts = append(counts, k)
	}
	sort.Slice(counts, func(i, j int) bool {
		return len(counts[i]) > len(counts[j]) || len(counts[i]) == len(counts[j]) && counts[i] < counts[j]
	})
	g := &periodGrammar{halfCounts: map[string]int{}}
	for k, n := range w.HalfCounts {
		g.halfCounts[low(k)] = n
	}
	for _, x := range w.HalfEnd {
		g.halfEnd = append(g.halfEnd, low(x))
	}
	for _, x := range w.UpToNow {
		g.upToNow = append(g.upToNow, low(x))
	}
	for _, x := range w.Present {
		g.present = append(g.present, low(x))
	}
	for _, x := range w.YearLeads {
		if x = low(x); x != "" {
			g.yearLeads = append(g.yearLeads, x+" ")
		}
	}
	sort.SliceStable(g.yearLeads, func(i, j int) bool { return len(g.yearLeads[i]) > len(g.yearLeads[j]) })
	for _, x := range w.YearWords {
		if x = low(x); x != "" {
			g.yearWords = append(g.yearWords, x)
			g.yearWordBytes = max(g.yearWordBytes, len(x)+1+utf8.UTFMax)
		}
	}
	g.compared = lowerAll(w.Compared)
	for _, x := range w.SpanLeads {
		g.spanLead = max(g.spanLead, len(low(x)))
	}
	opt := func(list []string, after string) string { // an optional word of list, then after
		if a := alts(list); a != "" {
			return `(?:(?:` + a + `)` + after + `)?`
		}
		return ""
	}
	until := opt(w.UntilBefore, " ") + `(?:` + alts(w.UntilLeads) + `)`
	// the prefilters of the expressions that open with a lead: a lead, then
	// what follows it
	leads := func(list []string, after string) []string {
		var out []string
		for _, l := range list {
			out = append(out, low(l)+after)
		}
		return out
	}
	type expr struct {
		dst  **regexp.Regexp
		expr string
		need []string // what a window must hold one of: every match holds one
	}
	exprs := []expr{
		{&g.span, `(` + alts(w.SpanLeads) + `)?\s*` + y + `\s*(?:-|–|—|` + alts(w.SpanJoins) + `|-\s*` + year + `)\s*` + y, nil},
		{&g.since, `(?:` + alts(w.SinceLeads) + `) ` + y + ` (?:` + alts(w.SinceEnds) + `)`, leads(w.SinceLeads, " ")},
		{&g.until, until + `(?: (?:` + alts(w.UntilExtras) + `))? (?:` + day + ` (\d{1,2})/)?` + month + ` (\d{1,2})(?:/| ` + year + ` )` + y, []string{low(w.Month) + " "}},
		{&g.half, `(\d{1,2}|` + alts(counts) + `) ` + month + ` (` + alts(append(append([]string{}, w.HalfStart...), w.HalfEnd...)) + `) ` + year + ` ` + y, []string{low(w.Month) + " "}},
		{&g.untilDay, until + ` (?:` + day + ` )?(?:(\d{1,2})/)?(\d{1,2})/` + y, leads(w.UntilLeads, " ")},
		{&g.monthYear, month + ` (\d{1,2})(?:/| ` + year + ` )` + y, []string{low(w.Month) + " "}},
	}
	if q := low(w.Quarter); q != "" {
		exprs = append(exprs, expr{&g.quarter, regexp.QuoteMeta(q) + ` (iv|i{1,3}|[1-4]) ?(?:/|-|–| ` + year + ` )` + ` ?` + y, []string{q + " "}})
	}
	// "ngày 3 tháng 3 năm 2017", "26 tháng 9 năm 2024" and "25 Tháng 9, 2024"
	// (the Vietnamese date format of common publishing software)
	wd, err := regexp.Compile(`(?i)^(\d{1,2})\s+` + month + `\s+(\d{1,2})(?:\s+` + year + `\s+|\s*,\s*)(\d{4})\b`)
	if err != nil {
		return nil, fmt.Errorf("periods: %w", err)
	}
	g.wordDate = wd
	g.dayWord = low(w.Day)
	m := low(w.Month)
	_, first := utf8.DecodeRuneInString(m)
	g.wordDateNeed = m[first:]
	g.need = map[*regexp.Regexp][]string{}
	for _, e := range exprs {
		re, err := regexp.Compile(e.expr)
		if err != nil {
			return nil, fmt.Errorf("periods: %w", err)
		}
		*e.dst = re
		g.need[re] = e.need
	}
	return g, nil
}

// quarterNumber reads a quarter's number, in Roman or Arabic numerals
// ("i" … "iv", "1" … "4", lower case).
func quarterNumber(s string) int {
	switch s {
	case "i", "1":
		return 1
	case "ii", "2":
		return 2
	case "iii", "3":
		return 3
	}
	return 4
}

// quotedAlts writes the rules' words as the alternatives of a regular
// expression, "a|b|c": lower case, quoted, in the order given.
func quotedAlts(list []string) string {
	var q []string
	for _, x := range list {
		if x = Lower(Normalize(strings.TrimSpace(x))); x != "" {
			q = append(q, regexp.QuoteMeta(x))
		}
	}
	return strings.Join(q, "|")
}

// defaultPeriods is the time expressions of the embedded rules, for the
// functions of this package that have no extractor (FindPeriods).
var defaultPeriods = func() *periodGrammar {
	r, err := DefaultRules()
	if err != nil {
		panic(err)
	}
	g, err := newPeriodGrammar(r.Periods)
	if err != nil {
		panic(fmt.Sprintf("embedded rules: %v", err))
	}
	return g
}()

// FindPeriods returns the time expressions of s in order of position:
// "tính đến tháng 6/2024", "đến nay" (the publication date), "năm 2023",
// "6 tháng đầu năm 2024", "giai đoạn 2021 - 2025", "nhiệm kỳ 2020 - 2025",
// "từ năm 2016 đến nay". pub is the publication date, used for "đến nay".
func FindPeriods(s string, pub Date) []Period {
	return defaultPeriods.find(s, Lower(s), pub)
}

// find works on small windows around each year written in digits, so its
// cost grows with the number of years in the text, not its length. low is
// Lower(orig) with the same byte offsets.
func (g *periodGrammar) find(orig, low string, pub Date) []Period {
	if len(low) != len(orig) {
		low = orig
	}
	var out []Period
	taken := func(a, b int) bool {
		for _, p := range out {
			if a < p.End && b > p.Start {
				return true
			}
		}
		return false
	}
	add := func(p Period) {
		if taken(p.Start, p.End) {
			return
		}
		if endsWithPhrase(low[:p.Start], g.compared) {
			return // "so với năm 2019": the baseline of a comparison, no count's period
		}
		out = append(out, p)
	}
	// windows around 4-digit years; last is where the window's last year
	// ends
	type win struct{ a, b, last, years int }
	var wins []win
	var years []int // where each year stands
	for i := 0; i+4 <= len(low); i++ {
		if c := low[i]; c != '1' && c != '2' {
			continue
		}
		// a year on its own: 19xx or 20xx, no digit either side
		if !yearDigitsAt(low, i) || i > 0 && low[i-1] >= '0' && low[i-1] <= '9' ||
			i+4 < len(low) && low[i+4] >= '0' && low[i+4] <= '9' {
			continue
		}
		years = append(years, i)
		a, b := runesBack(low, i, periodBack, 0), runesOn(low, i, periodOn, len(low))
		if n := len(wins); n > 0 && a <= wins[n-1].b {
			wins[n-1].b, wins[n-1].last = b, i+4
			wins[n-1].years++
		} else {
			wins = append(wins, win{a, b, i + 4, 1})
		}
		i += 3
	}
	// all runs re over the windows; an expression that ends with its year
	// (every one but since) reads a window only up to its last year
	all := func(re *regexp.Regexp) [][]int {
		var res [][]int
		need := g.need[re]
		for _, w := range wins {
			if re != g.since {
				w.b = w.last
			}
			if len(need) > 0 && !slices.ContainsFunc(need, func(n string) bool { return strings.Contains(low[w.a:w.b], n) }) {
				continue
			}
			for _, m := range re.FindAllStringSubmatchIndex(low[w.a:w.b], -1) {
				for k := range m {
					if m[k] >= 0 {
						m[k] += w.a
					}
				}
				res = append(res, m)
			}
		}
		return res
	}
	s := low
	for _, m := range all(g.since) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		p := Period{Start: m[0], End: m[1]}
		if !pub.IsZero() {
			p.Year = pub.Time.Year()
			p.Span = fmt.Sprintf("%d/%d", y, p.Year)
			p.AsOf = pub.Time.Format("2006-01-02")
		} else {
			// the page states no date: the year the span starts is the
			// latest one the text gives the count
			p.Year = y
			p.Span = fmt.Sprintf("%d/", y)
		}
		add(p)
	}
	// A span starts at most a lead ("nhiệm kỳ", g.spanLead bytes) and a run of
	// blanks before its first year (19xx or 20xx, even inside a longer
	// number): the window before that cannot start one, and costs the
	// expression a try per byte.
	var spanWins []win
	for _, w := range wins {
		if w.years < 2 {
			continue
		}
		a := w.a
		for a+4 <= w.b && !yearDigitsAt(low, a) {
			a++
		}
		for a > w.a && isRegexpSpace(low[a-1]) {
			a--
		}
		a = max(w.a, a-g.spanLead)
		for a > w.a && low[a]&0xC0 == 0x80 {
			a--
		}
		w.a = a
		spanWins = append(spanWins, w)
	}
	spans := func() [][]int {
		saved := wins
		wins = spanWins
		defer func() { wins = saved }()
		return all(g.span)
	}
	for _, m := range spans() {
		a, _ := strconv.Atoi(s[m[4]:m[5]])
		b, _ := strconv.Atoi(s[m[6]:m[7]])
		if b <= a || b-a > 20 {
			continue
		}
		// "2024-2025" after a digit or slash is part of a code, not a span.
		if m[4] > 0 && (s[m[4]-1] == '/' || s[m[4]-1] == '-') {
			continue
		}
		add(Period{Year: b, Span: fmt.Sprintf("%d/%d", a, b), Start: m[0], End: m[1]})
	}
	for _, m := range all(g.until) {
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		if mo < 1 || mo > 12 {
			continue
		}
		p := Period{Year: y, AsOf: fmt.Sprintf("%04d-%02d", y, mo), Start: m[0], End: m[1]}
		if m[2] >= 0 {
			d, _ := strconv.Atoi(s[m[2]:m[3]])
			if validDate(y, mo, d) {
				p.AsOf = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
			}
		}
		add(p)
	}
	// "đến ngày 31/3/2024", "lũy kế đến 31/3/2024", "tính đến 6/2024"
	for _, m := range all(g.untilDay) {
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		if m[2] < 0 {
			if mo >= 1 && mo <= 12 {
				add(Period{Year: y, AsOf: fmt.Sprintf("%04d-%02d", y, mo), Start: m[0], End: m[1]})
			}
			continue
		}
		if d, _ := strconv.Atoi(s[m[2]:m[3]]); validDate(y, mo, d) {
			add(Period{Year: y, AsOf: fmt.Sprintf("%04d-%02d-%02d", y, mo, d), Start: m[0], End: m[1]})
		}
	}
	for _, m := range all(g.half) {
		n := g.halfCounts[s[m[2]:m[3]]]
		if n == 0 {
			n, _ = strconv.Atoi(s[m[2]:m[3]])
		}
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		if n < 1 || n > 12 {
			continue
		}
		p := Period{Year: y, Start: m[0], End: m[1]}
		if slices.Contains(g.halfEnd, s[m[4]:m[5]]) {
			p.Span = fmt.Sprintf("%04d-%02d/%04d-12", y, 13-n, y)
		} else {
			p.Span = fmt.Sprintf("%04d-01/%04d-%02d", y, y, n)
			p.AsOf = fmt.Sprintf("%04d-%02d", y, n)
		}
		add(p)
	}
	if g.quarter != nil {
		for _, m := range all(g.quarter) {
			q := quarterNumber(s[m[2]:m[3]])
			y, _ := strconv.Atoi(s[m[4]:m[5]])
			add(Period{Year: y, Span: fmt.Sprintf("%04d-%02d/%04d-%02d", y, 3*q-2, y, 3*q), Start: m[0], End: m[1]})
		}
	}
	for _, m := range all(g.monthYear) {
		mo, _ := strconv.Atoi(s[m[2]:m[3]])
		y, _ := strconv.Atoi(s[m[4]:m[5]])
		if mo < 1 || mo > 12 {
			continue
		}
		add(Period{Year: y, AsOf: fmt.Sprintf("%04d-%02d", y, mo), Start: m[0], End: m[1]})
	}
	// a year after a year lead ("cuối năm 2023"): the lead is read back
	// from the year, the longest first
	for _, i := range years {
		if i+4 < len(s) && isASCIIWord(s[i+4]) {
			continue
		}
		if n := g.yearLeadBefore(s[:i]); n > 0 {
			y, _ := strconv.Atoi(s[i : i+4])
			add(Period{Year: y, Start: i - n, End: i + 4})
		}
	}
	if !pub.IsZero() {
		for _, w := range g.upToNow {
			for off := 0; ; {
				i := strings.Index(s[off:], w)
				if i < 0 {
					break
				}
				i += off
				off = i + len(w)
				p := nowPeriod(pub)
				p.Start, p.End = i, i+len(w)
				add(p)
			}
		}
	}
	// order by position
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// nowPeriod is the publication day as the period of a count stated as of
// now ("đến nay", "hiện nay").
func nowPeriod(pub Date) Period {
	return Period{Year: pub.Time.Year(), AsOf: pub.Time.Format("2006-01-02")}
}

// isRegexpSpace reports whether c is matched by \s in Go's regexp syntax.
func isRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// yearDigitsAt reports whether s[i:] starts with 19 or 20 and two more
// digits, what (?:19|20)\d{2} matches.
func yearDigitsAt(s string, i int) bool {
	return i+4 <= len(s) && (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') &&
		'0' <= s[i+2] && s[i+2] <= '9' && '0' <= s[i+3] && s[i+3] <= '9'
}

// ParseBound reads one end of a date range as users type it; the end of a
// range covers its whole day, month or year ("--to 2024-07" is up to the
// last second of July, in Asia/Ho_Chi_Minh).
func ParseBound(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	if !end {
		return d.Time, nil
	}
	switch d.Prec {
	case PrecYear:
		return d.Time.AddDate(1, 0, 0).Add(-time.Second), nil
	case PrecMonth:
		return d.Time.AddDate(0, 1, 0).Add(-time.Second), nil
	case PrecDay:
		return d.Time.AddDate(0, 0, 1).Add(-time.Second), nil
	}
	return d.Time, nil
}

// yearBefore reports whether the text right before a number ends with one
// of the year words, as a whole word: the number is a year.
func (g *periodGrammar) yearBefore(before string) bool {
	return endsWithPhrase(Lower(before), g.yearWords)
}

// yearLeadBefore returns the length of the longest year lead, with its
// blank, that ends the text before a year; 0 when none does.
func (g *periodGrammar) yearLeadBefore(before string) int {
	for _, l := range g.yearLeads {
		if strings.HasSuffix(before, l) {
			return len(l)
		}
	}
	return 0
}

// isASCIIWord reports whether c is a word byte of Go's regexp \b: an ASCII
// letter, digit or underscore.
func isASCIIWord(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
