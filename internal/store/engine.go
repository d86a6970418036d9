package store

import (
	"context"
	"database/sql"

	"baotinh/index"
)

// engine is everything the two databases a store can live in do
// differently; the rest of the package is written once, against it.
// sqlite.go and postgres.go hold the two.
type engine interface {
	// bind writes a statement with ? placeholders for the database.
	bind(q string) string
	// text makes a string storable (PostgreSQL's text cannot hold NUL).
	text(v string) string
	// migrate brings the schema up to date, one process at a time.
	migrate(ctx context.Context, s *Store) error
	// retryable tells whether a failed write transaction may be run again.
	retryable(err error) bool
	// lockSource takes the right to crawl a source, for this process.
	lockSource(ctx context.Context, db *sql.DB, id string) (release func(), ok bool, err error)
	// lockLinks makes the transaction the only one linking near-duplicates
	// until it ends.
	lockLinks(ctx context.Context, tx *sql.Tx) error
	// newArticleIDs takes n article ids for rows about to be inserted.
	newArticleIDs(ctx context.Context, tx *sql.Tx, n int) ([]int64, error)
	// bandCandidates hands f the stored articles (other than the node
	// itself) sharing a SimHash band with each node k, at most
	// maxBandCandidates per band, with their hashes.
	bandCandidates(ctx context.Context, tx *stmtTx, nodes []linkNode, f func(k int, other int64, hash uint64)) error
	// index is the full-text index in the database, for searching.
	index(db *sql.DB) index.Embedded
	// indexRows are the head, VALUES row and tail of a multi-row insert
	// into the full-text index, and indexArgs one article's arguments
	// (prep holds its folded text when given; tags are index.Tags of its
	// meta row, for an index that keeps them).
	indexRows() (head, row, tail string)
	indexArgs(id int64, title, body, tags string, prep *Prepared) []any
	// indexTables are the tables of the full-text index, and the column
	// holding the article id in each.
	indexTables() (tables []string, idCol string)
	// period is the expression naming the period (month, week, year) of
	// the Unix time in column col, in Vietnam's time; "" for an unknown
	// interval.
	period(interval, col string) string
	// fieldList aggregates the distinct values of f.field, comma-separated.
	fieldList() string
	// evidence is the expression of a figure's sentence (figures aliased
	// f, its article a): the row's own text, or, where the row keeps none,
	// the bytes of the article's body its offsets name.
	evidence() string
	// afterCopy brings what the database numbers by itself past the rows
	// a copy wrote with their ids.
	afterCopy(ctx context.Context, s *Store) error
}

// metaTagColumns select, from article_meta aliased m (left-joined), what
// index.Tags takes, in tagRow's order.
const metaTagColumns = `coalesce(m.province, ''), coalesce(m.province_now, ''), coalesce(m.source_id, ''), coalesce(m.month, ''), coalesce(m.fields, 0)`

// tagRow is an article's meta row as index.Tags reads it.
type tagRow struct {
	province, provinceNow, source, month string
	fields                               int64
}

func (t tagRow) tags() string {
	return index.Tags(t.province, t.provinceNow, t.source, t.month, t.fields)
}

// indexSource is an article as the full-text index is built from it.
type indexSource struct {
	id          int64
	title, body string
	t           tagRow
}

// indexSources reads up to limit articles after the id after, in id
// order, with what index.Tags takes of their meta rows; query is a store's
// or a transaction's.
func indexSources(ctx context.Context, query func(ctx context.Context, q string, args ...any) (*sql.Rows, error), after int64, limit int) ([]indexSource, error) {
	rows, err := query(ctx, `SELECT a.id, a.title, a.body, `+metaTagColumns+` FROM articles a LEFT JOIN article_meta m ON m.id = a.id WHERE a.id > ? ORDER BY a.id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indexSource
	for rows.Next() {
		var a indexSource
		if err := rows.Scan(&a.id, &a.title, &a.body, &a.t.province, &a.t.provinceNow, &a.t.source, &a.t.month, &a.t.fields); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
