package index

import (
	"context"
	"database/sql"
	"strings"
	"unicode"
)

// Postgres searches the full-text index of a PostgreSQL store: a tsvector
// per article built with the "baotinh" text search configuration (the
// simple one, every word passed through unaccent first, so "Đảng" is
// indexed as "dang"), ranked by the same rules as SQLite's.
type Postgres struct {
	DB *sql.DB
}

// Search answers q from the PostgreSQL index.
func (p Postgres) Search(ctx context.Context, q Query) (*Result, error) {
	return engine{db: p.DB, d: postgresDialect{}}.search(ctx, q)
}

// MatchIDs returns a subquery selecting the ids of the articles matching a
// user's query, with ? placeholders, and its arguments; "" when the query
// matches everything.
func (p Postgres) MatchIDs(text string) (string, []any) { return matchIDs(postgresDialect{}, text) }

// postgresDialect matches a tsquery against the tsvector columns; finding
// and counting without phrases reads the words-only table.
type postgresDialect struct{}

func (postgresDialect) match(terms []term) match {
	tsq, args := tsquery(terms)
	m := match{from: "article_fts f CROSS JOIN (SELECT " + tsq + " AS q) tq", cond: "f.tsv @@ tq.q", id: "f.id", args: args}
	m.recallFrom, m.recallCond, m.recallID = m.from, m.cond, m.id
	phrase := false
	for _, t := range terms {
		phrase = phrase || len(t.words) > 1
	}
	if !phrase { // without positions: words alone decide
		m.recallFrom, m.recallCond = "article_words f CROSS JOIN (SELECT "+tsq+" AS q) tq", "f.w @@ tq.q"
	}
	return m
}

// inTitle matches the terms in the title alone: the lexemes weighted A.
func (d postgresDialect) inTitle(terms []term) match {
	m := d.match(terms)
	m.cond = "ts_filter(f.tsv, '{a}') @@ tq.q"
	return m
}

// asPhrase matches the words side by side, in the title or the body.
func (postgresDialect) asPhrase(words []string) match {
	return match{from: "article_fts f", cond: "f.tsv @@ phraseto_tsquery('baotinh', ?)", id: "f.id", args: []any{strings.Join(words, " ")}}
}

// narrow leaves the match as it is: PostgreSQL's planner intersects the
// filters' B-tree indexes with the GIN index itself.
func (postgresDialect) narrow(m match, _ Query) match { return m }

func (postgresDialect) bind(q string, args []any) (string, []any) { return Rebind(q), noNUL(args) }

// Words keeps letters, digits and combining marks, every other rune a
// space: PostgreSQL's parser would read "11.441" as one number and "a-b"
// as a compound, where the user's query has separate words. The store
// indexes text through it, and queries are cut the same way.
func Words(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			return r
		}
		return ' '
	}, s)
}

// tsquery is the query's terms as one tsquery expression with ?
// placeholders: every term must match; a term of several words is a phrase;
// a prefix term's last word is a prefix.
func tsquery(terms []term) (string, []any) {
	var parts []string
	var args []any
	for _, t := range terms {
		if !t.prefix {
			parts = append(parts, "phraseto_tsquery('baotinh', ?)")
			args = append(args, strings.Join(t.words, " "))
			continue
		}
		last := t.words[len(t.words)-1]
		pre := "to_tsquery('baotinh', ?)"
		if head := t.words[:len(t.words)-1]; len(head) > 0 {
			pre = "tsquery_phrase(phraseto_tsquery('baotinh', ?), " + pre + ")"
			args = append(args, strings.Join(head, " "))
		}
		args = append(args, "'"+last+"':*") // words hold letters and digits only
		parts = append(parts, pre)
	}
	return "(" + strings.Join(parts, " && ") + ")", args
}
