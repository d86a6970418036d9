// Package index searches the stored articles. In: a Query (text typed with
// or without diacritics, filters, a page). Out: a Result (hits with
// snippets, an exact total, facets). Three backends answer the same Query:
// FTS5 in a SQLite store and tsvector in a PostgreSQL store (both written
// by the store in the same transaction as the article; this package only
// reads them), and Meilisearch when configured (fed from the store's
// outbox).
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
	// TotalAtLeast says Total is a lower bound: more articles match than
	// an embedded index counts exactly (MaxExactTotal), as Meilisearch's
	// estimatedTotalHits says.
	TotalAtLeast bool `json:"total_at_least,omitempty"`
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

// Embedded is a full-text index living in the store's database (SQLite's
// or PostgreSQL's): besides searching, it gives the store the subquery of
// the articles a text matches, for aggregates over them.
type Embedded interface {
	Searcher
	// MatchIDs returns a subquery selecting the ids of the articles
	// matching a user's query, with ? placeholders, and its arguments; ""
	// when the query matches everything.
	MatchIDs(text string) (string, []any)
}

// FacetNames are the facets every backend returns.
func FacetNames() []string { return []string{"province", "province_now", "source", "month"} }

// fieldBits are the bits of article_meta.fields: which fields an
// article has figures of, so a field filter is a test on its own row.
var fieldBits = map[string]int64{"all": 1, "economy": 2, "culture_society": 4, "defense_security": 8, "political_system": 16, "other": 32}

// FieldMask is the fields column of an article with figures of these
// fields (unknown ones count nothing).
func FieldMask(fields ...string) int64 {
	var m int64
	for _, f := range fields {
		m |= fieldBits[f]
	}
	return m
}

// MaxExactTotal is how many matches the embedded indexes count exactly;
// beyond it the total is reported as at least that many. Counting every
// match of a word found in most of 100,000 articles cost more than all the
// rest of the search.
const MaxExactTotal = 1000

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
