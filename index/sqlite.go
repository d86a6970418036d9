package index

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"baotinh/extract"
)

// SQLite searches the FTS5 index of the store's database.
type SQLite struct {
	DB *sql.DB
}

// term is a word, a phrase or a prefix of the user's query.
type term struct {
	words  []string // normalized, lower case
	prefix bool
}

// parseQuery reads what a user types: words, "quoted phrases" (an
// unbalanced quote runs to the end), prefix* and numbers such as "11.441",
// which are phrases of their parts. Nothing the user types reaches MATCH
// unquoted.
func parseQuery(s string) []term {
	var out []term
	s = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`).Replace(s)
	inPhrase := false
	var phrase []string
	for _, chunk := range splitKeepQuotes(s) {
		if chunk == `"` {
			if inPhrase && len(phrase) > 0 {
				out = append(out, term{words: phrase})
			}
			phrase = nil
			inPhrase = !inPhrase
			continue
		}
		prefix := strings.HasSuffix(chunk, "*")
		words := tokens(chunk)
		if len(words) == 0 {
			continue
		}
		if inPhrase {
			phrase = append(phrase, words...)
			continue
		}
		out = append(out, term{words: words, prefix: prefix})
	}
	if inPhrase && len(phrase) > 0 {
		out = append(out, term{words: phrase})
	}
	return out
}

func splitKeepQuotes(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '"':
			flush()
			out = append(out, `"`)
		case unicode.IsSpace(r):
			flush()
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

// tokens splits like FTS5's unicode61 tokenizer: letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(extract.Lower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
	})
}

func ftsString(words []string, prefix bool) string {
	q := `"` + strings.ReplaceAll(strings.Join(words, " "), `"`, `""`) + `"`
	if prefix {
		q += "*"
	}
	return q
}

// phraseOf joins the words of all terms, as written and folded.
func phraseOf(terms []term) (words, folded []string) {
	for _, t := range terms {
		if t.prefix {
			return nil, nil
		}
		for _, w := range t.words {
			words = append(words, w)
			folded = append(folded, extract.Fold(w))
		}
	}
	return words, folded
}

// Filters returns the condition of q's filters (not its text) on the
// article_meta rows aliased a, with ? placeholders, and its arguments.
func Filters(q Query) (string, []any) {
	var where []string
	var args []any
	if len(q.Provinces) > 0 {
		where = append(where, "a.province IN (?"+strings.Repeat(",?", len(q.Provinces)-1)+")")
		for _, p := range q.Provinces {
			args = append(args, p)
		}
	}
	if q.ProvinceNow != "" {
		where = append(where, "a.province_now = ?")
		args = append(args, q.ProvinceNow)
	}
	if q.Source != "" {
		where = append(where, "a.source_id = ?")
		args = append(args, q.Source)
	}
	if !q.From.IsZero() {
		where = append(where, "a.published_at >= ?")
		args = append(args, q.From.Unix())
	}
	if !q.To.IsZero() {
		where = append(where, "a.published_at <= ?")
		args = append(args, q.To.Unix())
	}
	if q.Field != "" {
		// the fields an article has figures of are bits of its own row (an
		// EXISTS per match walked every figure of the field for each)
		where = append(where, "(a.fields & ?) <> 0")
		args = append(args, FieldMask(q.Field))
	}
	if len(where) == 0 {
		return "TRUE", nil
	}
	return strings.Join(where, " AND "), args
}

// How much of a query's matches each step reads.
const (
	// rankWindow is how many of the newest matches BM25 ranks.
	rankWindow = 1000
	// rerankDepth is how many of the best of them are ranked again by
	// exact spelling and word adjacency.
	rerankDepth = 100
	// facetWindow is how many of the newest matches facets count.
	facetWindow = 1000
)

// recallExpr is every term in the folded columns: the set of articles a
// query finds, without the expressions that only rank.
func recallExpr(terms []term) string { return ftsExpr("{title_fold body_fold}", terms) }

// ftsExpr is every term in the folded columns cols ("{title_fold}").
func ftsExpr(cols string, terms []term) string {
	var folded []string
	for _, t := range terms {
		fw := make([]string, len(t.words))
		for i, w := range t.words {
			fw[i] = extract.Fold(w)
		}
		folded = append(folded, ftsString(fw, t.prefix))
	}
	return cols + " : (" + strings.Join(folded, " AND ") + ")"
}

// Search answers q from the embedded index.
func (s SQLite) Search(ctx context.Context, q Query) (*Result, error) {
	return engine{db: s.DB, d: sqliteDialect{}}.search(ctx, q)
}

// MatchIDs returns a subquery selecting the ids of the articles matching a
// user's query, with ? placeholders, and its arguments; "" when the query
// matches everything.
func (s SQLite) MatchIDs(text string) (string, []any) { return matchIDs(sqliteDialect{}, text) }

// engine runs a search on the index inside the store's database: FTS5 in
// SQLite, a tsvector column in PostgreSQL. Only the dialect differs.
type engine struct {
	db *sql.DB
	d  dialect
}

// dialect is what the two databases of an embedded index do differently:
// how a query's terms match (anywhere, in the title alone, all of them as
// one phrase), how a match is narrowed to a query's filters inside the
// index, and how a statement and its arguments are written for the
// database.
type dialect interface {
	match(terms []term) match
	inTitle(terms []term) match
	asPhrase(words []string) match
	narrow(m match, q Query) match
	bind(q string, args []any) (string, []any)
}

// match is the full-text part of a query in one dialect: a FROM clause
// aliasing the index as f, the condition, the article id, and the
// arguments of from and cond, in that order.
type match struct {
	from, cond, id string
	args           []any
	// recall finds the same articles where no rank is needed (totals,
	// facets, coverage): from, cond and id, with the same arguments
	recallFrom, recallCond, recallID string
}

// sqliteDialect matches with FTS5 over the folded columns.
type sqliteDialect struct{}

func (sqliteDialect) match(terms []term) match {
	m := match{from: "article_fts f", cond: "article_fts MATCH ?", id: "f.rowid", args: []any{recallExpr(terms)}}
	m.recallFrom, m.recallCond, m.recallID = m.from, m.cond, m.id
	return m
}

// inTitle matches the terms in the folded title alone.
func (sqliteDialect) inTitle(terms []term) match {
	return match{from: "article_fts f", cond: "article_fts MATCH ?", id: "f.rowid", args: []any{ftsExpr("{title_fold}", terms)}}
}

// asPhrase matches the folded words side by side, in the title or the body.
func (sqliteDialect) asPhrase(words []string) match {
	return match{from: "article_fts f", cond: "article_fts MATCH ?", id: "f.rowid", args: []any{"{title_fold body_fold} : " + ftsString(words, false)}}
}

// narrow adds q's filters to the match as words of the tags column (Tags):
// FTS5 intersects them with the terms' word lists.
func (sqliteDialect) narrow(m match, q Query) match {
	if f := tagFilter(q); f != "" {
		m.args = append([]any{m.args[0].(string) + " AND " + f}, m.args[1:]...)
	}
	return m
}

func (sqliteDialect) bind(q string, args []any) (string, []any) { return q, args }

func (e engine) match(terms []term) match { return e.d.match(terms) }

func (e engine) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q, args = e.d.bind(q, args)
	return e.db.QueryContext(ctx, q, args...)
}

func (e engine) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q, args = e.d.bind(q, args)
	return e.db.QueryRowContext(ctx, q, args...)
}

// noNUL replaces NUL in string arguments with a space, as the PostgreSQL
// store does with what it stores: its text cannot hold NUL, and a filter
// typed with one should find nothing rather than fail.
func noNUL(args []any) []any {
	for i, a := range args {
		if s, ok := a.(string); ok && strings.IndexByte(s, 0) >= 0 {
			args[i] = strings.ReplaceAll(s, "\x00", " ")
		}
	}
	return args
}

func (s engine) search(ctx context.Context, q Query) (*Result, error) {
	q.normalize()
	terms := parseQuery(q.Text)
	res := &Result{Hits: []Hit{}, Facets: emptyFacets()}
	if q.Text != "" && len(terms) == 0 {
		return res, nil // only punctuation: nothing can match
	}
	where, args := Filters(q)
	if len(terms) > 0 {
		// one read of the newest matches gives the page, the total and the facets
		if err := s.rankedPage(ctx, q, terms, where, args, res); err != nil {
			return nil, err
		}
		return res, nil
	}

	// a listing: the newest filtered articles; the total counts them up to
	// a bound, the facets count the facetWindow newest; all three read in
	// publication order from the meta indexes (store's listingIndexes)
	rows, err := s.query(ctx, `SELECT a.id, a.title, a.url, a.source_id, a.province, a.province_now, a.published, a.body, 0.0 FROM articles a
		WHERE a.id IN (SELECT a.id FROM article_meta a WHERE `+where+` ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ? OFFSET ?)
		ORDER BY a.published_at DESC NULLS LAST, a.id DESC`, append(append([]any{}, args...), q.Limit, q.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("index: search %q: %w", q.Text, err)
	}
	for rows.Next() {
		var h Hit
		var body string
		if err := rows.Scan(&h.ID, &h.Title, &h.URL, &h.Source, &h.Province, &h.ProvinceNow, &h.Published, &body, &h.Score); err != nil {
			rows.Close()
			return nil, fmt.Errorf("index: search %q: %w", q.Text, err)
		}
		h.Snippet = Snippet(body, nil, 160)
		res.Hits = append(res.Hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("index: search %q: %w", q.Text, err)
	}
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM article_meta a WHERE `+where+` LIMIT `+strconv.Itoa(MaxExactTotal+1)+`) c`, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("index: count listing: %w", err)
	}
	if n > facetWindow { // n counts up to MaxExactTotal+1: compared before it is cut
		res.FacetsSampled = facetWindow
	}
	if n > MaxExactTotal {
		n, res.TotalAtLeast = MaxExactTotal, true
	}
	res.Total = n
	src := `SELECT a.province AS province, a.province_now AS province_now, a.source_id AS source, a.month AS month FROM article_meta a WHERE ` + where + ` ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ?`
	var parts []string
	for _, f := range FacetNames() {
		parts = append(parts, `SELECT '`+f+`', `+f+`, count(*) FROM f GROUP BY 2`)
	}
	frows, err := s.query(ctx, `WITH f AS MATERIALIZED (`+src+`) `+strings.Join(parts, " UNION ALL "), append(append([]any{}, args...), facetWindow)...)
	if err != nil {
		return nil, fmt.Errorf("index: facets of a listing: %w", err)
	}
	defer frows.Close()
	for frows.Next() {
		var facet, k string
		var n int
		if err := frows.Scan(&facet, &k, &n); err != nil {
			return nil, err
		}
		if k != "" {
			res.Facets[facet][k] = n
		}
	}
	return res, frows.Err()
}

// candidate is a match in the ranking window.
type candidate struct {
	id        int64
	published int64
	exact     int  // words typed with diacritics found as typed
	phrase    bool // the words typed stand side by side
	title     bool // every term is in the title
}

// rankedPage ranks the rankWindow newest matches by rules, as Meilisearch
// does, rather than by term statistics (FTS5's BM25 counts every article
// holding each term on every query, most of a search's time when a word is
// common): words typed with diacritics found as typed first ("Hòa Bình"
// above "hóa … bình"), then the words side by side, then matches in the
// title, then the newest. The phrase and title tests are index lookups
// over the window's range of ids; the spelling is checked on the
// rerankDepth best of the window, whose texts are read.
//
// The same read counts the matches (exactly up to MaxExactTotal, one row
// past the window telling there are more) and the facets of the
// facetWindow newest.
func (s engine) rankedPage(ctx context.Context, q Query, terms []term, where string, args []any, res *Result) error {
	m := s.d.narrow(s.match(terms), q)
	window := max(rankWindow, q.Offset+q.Limit, MaxExactTotal, facetWindow)
	rows, err := s.query(ctx, `SELECT `+m.id+`, coalesce(a.published_at, 0), a.province, a.province_now, a.source_id, a.month FROM `+m.from+` JOIN article_meta a ON a.id = `+m.id+`
		WHERE `+m.cond+` AND `+where+` ORDER BY `+m.id+` DESC LIMIT ?`, append(append([]any{}, m.args...), append(append([]any{}, args...), window+1)...)...)
	if err != nil {
		return fmt.Errorf("index: search %q: %w", q.Text, err)
	}
	// one candidate and one set of facets scanned into for every row: each
	// declared inside the loop went to the heap once a row
	cands := make([]candidate, 0, window+1)
	var c candidate
	var facet [4]string // in FacetNames' order
	for rows.Next() {
		c = candidate{}
		if err := rows.Scan(&c.id, &c.published, &facet[0], &facet[1], &facet[2], &facet[3]); err != nil {
			rows.Close()
			return err
		}
		if len(cands) < facetWindow {
			for i, f := range FacetNames() {
				if facet[i] != "" {
					res.Facets[f][facet[i]]++
				}
			}
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	res.Total = len(cands)
	if res.Total > MaxExactTotal {
		res.Total, res.TotalAtLeast = MaxExactTotal, true
	}
	if len(cands) > facetWindow {
		res.FacetsSampled = facetWindow
	}
	cands = cands[:min(len(cands), max(rankWindow, q.Offset+q.Limit))]
	if len(cands) == 0 {
		return nil
	}
	lo, hi := cands[len(cands)-1].id, cands[0].id // newest first
	// the window is in descending order of id: a match is found in it by
	// halving, not through a map of a thousand entries built per search
	mark := func(m match, set func(*candidate)) error {
		ids, err := s.idsBetween(ctx, m, lo, hi)
		for _, id := range ids {
			if i, ok := slices.BinarySearchFunc(cands, id, func(c candidate, id int64) int { return cmp.Compare(id, c.id) }); ok {
				set(&cands[i])
			}
		}
		return err
	}
	if err := mark(s.d.narrow(s.d.inTitle(terms), q), func(c *candidate) { c.title = true }); err != nil {
		return fmt.Errorf("index: search %q in titles: %w", q.Text, err)
	}
	words, folded := phraseOf(terms)
	if len(folded) > 1 && len(terms) > 1 { // a single term of several words is a phrase already
		if err := mark(s.d.narrow(s.d.asPhrase(folded), q), func(c *candidate) { c.phrase = true }); err != nil {
			return fmt.Errorf("index: search %q as a phrase: %w", q.Text, err)
		}
	} else if len(folded) > 1 {
		for i := range cands {
			cands[i].phrase = true
		}
	}
	// best first; the id decides last, so the order is total
	better := func(a, b candidate) int {
		switch {
		case a.exact != b.exact:
			return cmp.Compare(b.exact, a.exact)
		case a.phrase != b.phrase:
			return boolFirst(a.phrase)
		case a.title != b.title:
			return boolFirst(a.title)
		case a.published != b.published:
			return cmp.Compare(b.published, a.published)
		}
		return cmp.Compare(b.id, a.id)
	}
	slices.SortFunc(cands, better)
	var typed []string // the words typed with diacritics: a spelling asked for
	for _, w := range words {
		if w != extract.Fold(w) {
			typed = append(typed, w)
		}
	}
	depth := max(rerankDepth, q.Offset+q.Limit)
	if len(typed) == 0 {
		depth = q.Offset + q.Limit // no spelling to re-rank by: only the page's texts are read
	}
	cands = cands[:min(len(cands), depth)]
	byID := make(map[int64]*candidate, len(cands))
	for i := range cands {
		byID[cands[i].id] = &cands[i]
	}
	ids := make([]any, len(cands))
	for i := range cands {
		ids[i] = cands[i].id
	}
	rows, err = s.query(ctx, `SELECT id, title, url, source_id, province, province_now, published, body FROM articles WHERE id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return fmt.Errorf("index: search %q: %w", q.Text, err)
	}
	hits := make(map[int64]Hit, len(cands))
	bodies := make(map[int64]string, len(cands))
	for rows.Next() {
		var h Hit
		var body string
		if err := rows.Scan(&h.ID, &h.Title, &h.URL, &h.Source, &h.Province, &h.ProvinceNow, &h.Published, &body); err != nil {
			rows.Close()
			return err
		}
		c := byID[h.ID]
		hits[h.ID] = h
		bodies[h.ID] = body
		for _, w := range typed {
			if hasSpelling(h.Title, w) || hasSpelling(body, w) {
				c.exact++
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	slices.SortFunc(cands, better)
	for i := q.Offset; i < len(cands) && i < q.Offset+q.Limit; i++ {
		c := cands[i]
		h := hits[c.id]
		h.Score = float64(c.exact) + map[bool]float64{true: 0.5}[c.phrase] + map[bool]float64{true: 0.25}[c.title]
		h.Snippet = Snippet(bodies[c.id], terms, 160)
		res.Hits = append(res.Hits, h)
	}
	return nil
}

// boolFirst orders a candidate that has a property (a) before one that
// has not.
func boolFirst(a bool) int {
	if a {
		return -1
	}
	return 1
}

// idsBetween returns the ids of m's matches from lo to hi: an index lookup
// bounded by the ranking window.
func (s engine) idsBetween(ctx context.Context, m match, lo, hi int64) ([]int64, error) {
	rows, err := s.query(ctx, `SELECT `+m.id+` FROM `+m.from+` WHERE `+m.cond+` AND `+m.id+` BETWEEN ? AND ?`, append(append([]any{}, m.args...), lo, hi)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// hasSpelling reports whether text holds the lower-case word w as typed,
// diacritics and all, on word boundaries, in lower case, capitalised or in
// capitals ("hòa", "Hòa", "HÒA"): the forms press text writes, found
// without lowering the whole text.
func hasSpelling(text, w string) bool {
	for _, form := range []string{w, upperFirst(w), strings.ToUpper(w)} {
		if indexWordAny(text, form) >= 0 {
			return true
		}
	}
	return false
}

func upperFirst(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

// indexWordAny finds w in lower-case text on word boundaries (any script).
func indexWordAny(s, w string) int {
	for off := 0; ; {
		j := strings.Index(s[off:], w)
		if j < 0 {
			return -1
		}
		j += off
		if !wordBoundaryBefore(s, j) || !wordBoundaryAfter(s, j+len(w)) {
			off = j + 1
			continue
		}
		return j
	}
}

func wordBoundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func wordBoundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func emptyFacets() map[string]map[string]int {
	m := map[string]map[string]int{}
	for _, f := range FacetNames() {
		m[f] = map[string]int{}
	}
	return m
}

// Snippet returns about width characters of text around the first match of
// the terms, the matches marked with <mark> in the original text (not the
// folded one) and everything else HTML-escaped.
func Snippet(text string, terms []term, width int) string {
	if len(terms) == 0 { // a listing's snippet is the text's opening
		return snippetAt(text, nil, -1, width)
	}
	spans, phraseAt := matchesNearFirst(text, terms, width)
	return snippetAt(text, spans, phraseAt, width)
}

// snippetFold is how many bytes of a text Snippet folds first: folding
// whole bodies (4.5 KB on average at 100,000 articles) for a window of 160
// characters was 7 % of a search's CPU, and 55 % of the snippets of 30
// common queries are settled within the first 2 KB.
const snippetFold = 2048

// matchesNearFirst returns the matches of the terms that a snippet of
// width runes shows (nearFirst) and the folded offset of the whole phrase
// (-1 if the text does not hold it), folding only as much of text as it
// takes to be sure: a prefix four times longer at each try, until the
// matches kept and the phrase lie wholly inside it, with the byte after
// each seen (a word boundary is decided by it).
func matchesNearFirst(text string, terms []term, width int) ([]span, int) {
	phrase := ""
	if _, fw := phraseOf(terms); len(fw) > 1 {
		phrase = strings.Join(fw, " ")
	}
	var b strings.Builder
	b.Grow(min(len(text), snippetFold))
	done := 0 // text[:done] is folded in b
	for n := snippetFold; ; n *= 4 {
		cut := len(text)
		if n < cut {
			cut = n
			for cut > done && !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		foldInto(&b, text[done:cut])
		done = cut
		folded := b.String()
		whole := cut == len(text)
		phraseAt := -1
		if phrase != "" {
			phraseAt = indexWord(folded, phrase)
		}
		spans := matches(folded, terms)
		if len(spans) == 0 {
			if whole {
				return nil, -1
			}
			continue
		}
		kept, limit := nearFirst(spans, phraseAt, width)
		if whole {
			return kept, phraseAt
		}
		settled := limit < len(folded) && (phrase == "" || phraseAt >= 0 && phraseAt+len(phrase) < len(folded))
		for _, sp := range kept {
			settled = settled && sp.b < len(folded)
		}
		if settled {
			return kept, phraseAt
		}
	}
}

// matches finds every term's words in the folded text, on word boundaries
// (the last word of a prefix term runs to the end of its word).
func matches(folded string, terms []term) []span {
	var spans []span
	for _, t := range terms {
		for i, w := range t.words {
			fw := extract.Fold(w)
			if fw == "" {
				continue
			}
			prefix := t.prefix && i == len(t.words)-1
			for off := 0; ; {
				j := strings.Index(folded[off:], fw)
				if j < 0 {
					break
				}
				j += off
				end := j + len(fw)
				off = j + 1
				if j > 0 && isAlnum(folded[j-1]) {
					continue
				}
				if !prefix && end < len(folded) && isAlnum(folded[end]) {
					continue
				}
				for prefix && end < len(folded) && isAlnum(folded[end]) {
					end++
				}
				spans = append(spans, span{j, end})
			}
		}
	}
	return spans
}

// snippetAt renders the snippet of text around the phrase (its folded
// offset, -1 for none) or else the first of the matches (spans in folded
// offsets), marking the matches.
func snippetAt(text string, spans []span, phraseAt, width int) string {
	// window around the whole phrase if it occurs, else the first match
	start := 0
	if len(spans) > 0 {
		// the matches' offsets in text: only theirs are mapped back
		at := make([]int, 0, 2*len(spans)+1)
		for _, sp := range spans {
			at = append(at, sp.a, sp.b)
		}
		if phraseAt >= 0 {
			at = append(at, phraseAt)
		}
		orig := origOffsets(text, at)
		for i := range spans {
			spans[i] = span{orig[spans[i].a], orig[spans[i].b]}
		}
		first := spans[0].a
		for _, sp := range spans {
			if sp.a < first {
				first = sp.a
			}
		}
		if phraseAt >= 0 {
			first = orig[phraseAt]
		}
		start = first
		for n := 0; n < width/3 && start > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(text[:start])
			start -= size
		}
	}
	end := start
	for n := 0; n < width && end < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	// snap to word boundaries
	for start > 0 && text[start-1] != ' ' && text[start-1] != '\n' {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
		if start == 0 {
			break
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for pos < end {
		next, nextEnd := -1, -1
		for _, sp := range spans {
			if sp.a >= pos && sp.a < end && (next < 0 || sp.a < next) {
				next, nextEnd = sp.a, sp.b
			}
		}
		if next < 0 {
			b.WriteString(html.EscapeString(text[pos:end]))
			break
		}
		b.WriteString(html.EscapeString(text[pos:next]))
		if nextEnd > end {
			end = nextEnd // a match is never cut
		}
		b.WriteString("<mark>" + html.EscapeString(text[next:nextEnd]) + "</mark>")
		pos = nextEnd
	}
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// span is a match: byte offsets in the folded text, then in the text.
type span struct{ a, b int }

// nearFirst keeps the matches a snippet of width runes can show: those
// starting before 4·width folded bytes after the phrase (at, if not -1) or
// the first match. The snippet ends at most width runes after where it is
// centred (a mark running past that end stretches it, but then is the last
// one), each of those runes folds to at most one rune of at most 4 bytes,
// and folding keeps the order of offsets: a match not kept cannot start
// inside the snippet. Only the kept ones are mapped back to the text (a
// walk up to the last of them). It returns them and the folded offset
// before which they start.
func nearFirst(spans []span, at, width int) ([]span, int) {
	first := at
	if first < 0 {
		first = spans[0].a
		for _, sp := range spans {
			first = min(first, sp.a)
		}
	}
	limit := first + utf8.UTFMax*width + 1
	kept := spans[:0:0]
	for _, sp := range spans {
		if sp.a < limit {
			kept = append(kept, sp)
		}
	}
	return kept, limit
}

// isAlnum is a letter or digit of folded text: every Vietnamese letter
// folds to ASCII, so anything else (quotes, dashes) is a boundary.
func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// foldInto appends the fold of text to b, rune by rune (extract.FoldRune),
// as the index folds what it stores: folding a text in pieces cut before a
// rune's first byte gives its fold. Runs of ASCII bytes other than
// capitals fold to themselves and are copied whole.
func foldInto(b *strings.Builder, text string) {
	last := 0 // text[last:i] folds to itself and is not yet written
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && (c < 'A' || c > 'Z') {
			i++
			continue
		}
		b.WriteString(text[last:i])
		r, size := utf8.DecodeRuneInString(text[i:])
		if f, ok := extract.FoldRune(r); ok {
			b.WriteRune(f)
		}
		i += size
		last = i
	}
	b.WriteString(text[last:])
}

// origOffsets maps offsets of the fold of text (foldInto) to the byte offsets in text
// they came from (the end of the folded text to the end of text): a walk
// over text up to the last one asked for, instead of a table of every
// byte's origin (eight bytes a byte, for every hit of every search).
func origOffsets(text string, folded []int) map[int]int {
	slices.Sort(folded)
	folded = slices.Compact(folded)
	out := make(map[int]int, len(folded))
	pos, k := 0, 0 // pos: the folded offset of the rune at text[i]
	for i, r := range text {
		if k == len(folded) {
			return out
		}
		f, ok := extract.FoldRune(r)
		if !ok {
			continue
		}
		pos += utf8.RuneLen(f)
		for k < len(folded) && folded[k] < pos {
			out[folded[k]] = i
			k++
		}
	}
	for ; k < len(folded); k++ {
		out[folded[k]] = len(text)
	}
	return out
}

// indexWord finds w in s on word boundaries.
func indexWord(s, w string) int {
	for off := 0; ; {
		j := strings.Index(s[off:], w)
		if j < 0 {
			return -1
		}
		j += off
		end := j + len(w)
		if (j == 0 || !isAlnum(s[j-1])) && (end == len(s) || !isAlnum(s[end])) {
			return j
		}
		off = j + 1
	}
}

// matchIDs is the recall subquery of text in dialect d.
func matchIDs(d dialect, text string) (string, []any) {
	terms := parseQuery(strings.TrimSpace(extract.Normalize(text)))
	if len(terms) == 0 {
		return "", nil
	}
	m := d.match(terms)
	return `SELECT ` + m.recallID + ` FROM ` + m.recallFrom + ` WHERE ` + m.recallCond, m.args
}
