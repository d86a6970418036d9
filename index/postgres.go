package index

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"
)

// Postgres searches the full-text index of a PostgreSQL store: a tsvector
// per article built with the "baotinh" text search configuration (the
// simple one, every word passed through unaccent first, so "Đảng" is
// indexed as "dang"), ranked by ts_rank, then re-ranked like SQLite's.
type Postgres struct {
	DB *sql.DB
}

// Search answers q from the PostgreSQL index.
func (p Postgres) Search(ctx context.Context, q Query) (*Result, error) {
	return engine{db: p.DB, pg: true}.search(ctx, q)
}

// PutPostgres writes an article's row of the PostgreSQL index, inside the
// store's transaction. Both sides are cut into words the same way the query
// is (letters and digits), so "11.441" is the words 11 and 441 in the text
// as in the query.
func PutPostgres(ctx context.Context, tx Execer, id int64, title, body string) error {
	_, err := tx.ExecContext(ctx, PostgresInsert+`($1, setweight(to_tsvector('baotinh', $2), 'A') || to_tsvector('baotinh', $3))`+PostgresTail,
		id, wordsOnly(title), wordsOnly(body))
	if err != nil {
		return fmt.Errorf("index: put %d: %w", id, err)
	}
	return nil
}

// DeletePostgres removes an article's row of the PostgreSQL index.
func DeletePostgres(ctx context.Context, tx Execer, id int64) error {
	for _, t := range PostgresTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE id = $1`, id); err != nil {
			return fmt.Errorf("index: delete %d: %w", id, err)
		}
	}
	return nil
}

// PostgresTables hold the PostgreSQL index: article_fts the positions
// (phrases, ranking), article_words the same words stripped of them, a
// third of the size, for finding and counting matches.
var PostgresTables = []string{"article_fts", "article_words"}

// wordsOnly keeps letters, digits and combining marks, every other rune a
// space: PostgreSQL's parser would read "11.441" as one number and
// "a-b" as a compound, where the user's query has separate words.
func wordsOnly(s string) string {
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

// PostgresArgs are the arguments of an article's PostgresRow.
func PostgresArgs(id int64, title, body string) []any {
	return []any{id, wordsOnly(title), wordsOnly(body)}
}
