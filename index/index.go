// Package index searches the stored articles. Two backends answer the same
// Query: SQLite FTS5 inside the store's database (the default, written in
// the same transaction as the article) and Meilisearch when configured.
package index

import (
	"context"
	"strings"
	"time"

	"baotinh/extract"
)

// Query is a search with its filters. An empty Text with a filter lists the
// filtered articles, newest first.
type Query struct {
	Text        string
	Provinces   []string  // old units; any of them
	ProvinceNow string    // a current unit
	Source      string    // source id
	From, To    time.Time // publication range, inclusive; zero for open
	Field       string    // has a figure in this field
	Limit       int       // 1..100, default 20
	Offset      int
}

// Hit is one article found.
type Hit struct {
	ID          int64   `json:"id"`
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	Source      string  `json:"source"`
	Province    string  `json:"province"`
	ProvinceNow string  `json:"province_now"`
	Published   string  `json:"published"`
	Snippet     string  `json:"snippet"`
	Score       float64 `json:"score"`
}

// Result is a page of hits, the total and the facets of all matches.
type Result struct {
	Total  int                       `json:"total"`
	Hits   []Hit                     `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
	// FacetsSampled, when set, says the facets count only that many of the
	// newest matches (the total counts them all).
	FacetsSampled int `json:"facets_sampled,omitempty"`
}

// Searcher answers queries.
type Searcher interface {
	Search(ctx context.Context, q Query) (*Result, error)
}

// Doc is what an index holds of an article.
type Doc struct {
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	URL         string   `json:"url"`
	Source      string   `json:"source"`
	Province    string   `json:"province"`
	ProvinceNow string   `json:"province_now"`
	Published   string   `json:"published"`
	PublishedAt int64    `json:"published_at"` // unix seconds, 0 unknown
	Month       string   `json:"month"`        // "2024-09"
	Year        int      `json:"year"`
	Fields      []string `json:"fields"` // fields with a figure
}

// FacetNames are the facets every backend returns.
var FacetNames = []string{"province", "province_now", "source", "month"}

// MaxLimit bounds a page.
const MaxLimit = 100

func (q *Query) normalize() {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Limit > MaxLimit {
		q.Limit = MaxLimit
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	q.Text = strings.TrimSpace(extract.Normalize(q.Text))
}

// Rows of the index for inserting many articles in one statement: the
// statement's head and, per article, its VALUES row and arguments.
const (
	SQLiteInsert   = `INSERT INTO article_fts(rowid, title_fold, body_fold) VALUES `
	PostgresInsert = `WITH f AS (INSERT INTO article_fts(id, tsv) VALUES `
	// PostgresTail ends PostgresInsert's statement: article_words follows.
	PostgresTail = ` ON CONFLICT (id) DO UPDATE SET tsv = excluded.tsv RETURNING id, tsv)
		INSERT INTO article_words(id, w) SELECT id, strip(tsv) FROM f ON CONFLICT (id) DO UPDATE SET w = excluded.w`
	SQLiteRow   = `(?,?,?)`
	PostgresRow = `(?, setweight(to_tsvector('baotinh', ?), 'A') || to_tsvector('baotinh', ?))`
)

// SQLiteArgs are the arguments of an article's SQLiteRow.
func SQLiteArgs(id int64, titleFold, bodyFold string) []any { return []any{id, titleFold, bodyFold} }

// PostgresArgs are the arguments of an article's PostgresRow. Text and
// query are cut into words the same way (letters and digits), so "11.441"
// is the words 11 and 441 in both.
func PostgresArgs(id int64, title, body string) []any {
	return []any{id, wordsOnly(title), wordsOnly(body)}
}
