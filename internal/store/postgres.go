package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"baotinh/index"
)

// postgresEngine is a store in a PostgreSQL database shared by several
// processes: advisory locks order what must not run twice at once.
type postgresEngine struct{}

func openPostgres(ctx context.Context, loc string, opt Options) (*Store, error) {
	shown := redact(loc)
	cfg, err := pgx.ParseConfig(loc)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", shown, err)
	}
	// Statements are prepared once per connection, and after five runs
	// PostgreSQL may plan them without their arguments: a search then ranks
	// every match instead of walking the newest (at 100,000 articles, p50
	// 622 ms against 197 ms planned with the query's own terms).
	if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set {
		cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(opt.MaxConns)
	db.SetMaxIdleConns(opt.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", shown, err)
	}
	return &Store{db: db, reader: db, path: shown, eng: postgresEngine{}, opt: opt}, nil
}

// redact drops the password from a URL shown in messages.
func redact(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// migrationLock is the advisory lock key under which a process migrates,
// so two processes starting together do not both create the schema.
const migrationLock = 0x62616f74 // "baot"

// migrate runs the steps under an advisory lock: one process migrates at
// a time; the others wait, then find it done.
func (postgresEngine) migrate(ctx context.Context, s *Store) error {
	all := migrations(true)
	fail := func(step string, err error) error {
		return fmt.Errorf("store %s: %s: %w", s.path, step, err)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fail("connect", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fail("lock for migration", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS baotinh_schema (version INTEGER NOT NULL)`); err != nil {
		return fail("read schema version", err)
	}
	var v int
	err = conn.QueryRowContext(ctx, `SELECT version FROM baotinh_schema`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = conn.ExecContext(ctx, `INSERT INTO baotinh_schema(version) VALUES(0)`)
	}
	if err != nil {
		return fail("read schema version", err)
	}
	if v > len(all) {
		return fmt.Errorf("store %s: schema version %d, this binary knows up to %d: %w", s.path, v, len(all), ErrSchemaTooNew)
	}
	for i := v; i < len(all); i++ {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fail(fmt.Sprintf("migrate to %d", i+1), err)
		}
		if err := all[i](ctx, tx); err != nil {
			tx.Rollback()
			if strings.Contains(err.Error(), "unaccent") {
				err = fmt.Errorf("%w (the unaccent extension comes with Debian's postgresql-contrib; a database owner may create it)", err)
			}
			return fail(fmt.Sprintf("migrate to %d", i+1), err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE baotinh_schema SET version = $1`, i+1); err != nil {
			tx.Rollback()
			return fail(fmt.Sprintf("migrate to %d", i+1), err)
		}
		if err := tx.Commit(); err != nil {
			return fail(fmt.Sprintf("migrate to %d", i+1), err)
		}
	}
	return nil
}

// retryable: deadlocks, serialization failures and a unique key taken
// meanwhile by another process resolve on a second try.
func (postgresEngine) retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40P01", "40001", "23505": // deadlock, serialization, a unique key taken meanwhile
			return true
		}
	}
	return false
}

// text: PostgreSQL's text cannot hold NUL, which becomes a space (offsets
// into the text stay right).
func (postgresEngine) text(v string) string {
	if strings.IndexByte(v, 0) >= 0 {
		return strings.ReplaceAll(v, "\x00", " ")
	}
	return v
}

func (postgresEngine) bind(q string) string { return index.Rebind(q) }

// lockSource: an advisory lock held by this process until release (or its
// end), so several serve processes on one database crawl each source once;
// ok is false when another process holds it.
func (postgresEngine) lockSource(ctx context.Context, db *sql.DB, id string) (release func(), ok bool, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("store: lock source %s: %w", id, err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(hashtext($1))`, "baotinh:source:"+id).Scan(&ok); err != nil {
		conn.Close()
		return nil, false, fmt.Errorf("store: lock source %s: %w", id, err)
	}
	if !ok {
		conn.Close()
		return nil, false, nil
	}
	return func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(hashtext($1))`, "baotinh:source:"+id)
		conn.Close()
	}, true, nil
}

// linkLock is the advisory lock under which a transaction links
// near-duplicates, so that the second of two concurrent writers sees the
// first one's articles.
const linkLock = 0x6261_6f74_6c6e6b // "baotlnk"

func (postgresEngine) lockLinks(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(linkLock)); err != nil {
		return fmt.Errorf("near-duplicate lock: %w", err)
	}
	return nil
}

// newArticleIDs takes the ids from the articles' sequence.
func (postgresEngine) newArticleIDs(ctx context.Context, tx *sql.Tx, n int) ([]int64, error) {
	ids := make([]int64, n)
	if n == 0 {
		return ids, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, $1) ORDER BY 1`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for k := 0; rows.Next(); k++ {
		if err := rows.Scan(&ids[k]); err != nil {
			return nil, err
		}
	}
	return ids, rows.Err()
}

// bandCandidates reads every band of every node in one statement.
func (postgresEngine) bandCandidates(ctx context.Context, tx *stmtTx, nodes []linkNode, f func(k int, other int64, hash uint64)) error {
	var vals []string
	var args []any
	for k, n := range nodes {
		if n.hash == 0 {
			continue
		}
		for band := range 4 {
			vals = append(vals, "(CAST(? AS INTEGER), CAST(? AS SMALLINT), CAST(? AS INTEGER), CAST(? AS BIGINT))")
			args = append(args, k, band, bandValue(n.hash, band), n.key.id)
		}
	}
	for start := 0; start < len(vals); start += maxParams / 4 {
		end := min(start+maxParams/4, len(vals))
		q := index.Rebind(`SELECT v.k, c.article_id, c.simhash FROM (VALUES ` + strings.Join(vals[start:end], ",") + `) AS v(k, band, value, id)
			CROSS JOIN LATERAL (SELECT article_id, simhash FROM simhash_bands b WHERE b.band = v.band AND b.value = v.value AND b.article_id <> v.id
			ORDER BY article_id DESC LIMIT ` + strconv.Itoa(maxBandCandidates) + `) c`)
		rows, err := tx.Tx.QueryContext(ctx, q, args[start*4:end*4]...)
		if err != nil {
			return err
		}
		if err := scanCandidates(rows, f); err != nil {
			return err
		}
	}
	return nil
}

func (postgresEngine) index(db *sql.DB) index.Embedded { return index.Postgres{DB: db} }

// indexRows: the weighted tsvector, and its copy without positions in
// article_words.
func (postgresEngine) indexRows() (head, row, tail string) {
	return `WITH f AS (INSERT INTO article_fts(id, tsv) VALUES `,
		`(?, setweight(to_tsvector('baotinh', ?), 'A') || to_tsvector('baotinh', ?))`,
		` ON CONFLICT (id) DO UPDATE SET tsv = excluded.tsv RETURNING id, tsv)
		INSERT INTO article_words(id, w) SELECT id, strip(tsv) FROM f ON CONFLICT (id) DO UPDATE SET w = excluded.w`
}

// indexArgs: text and query are cut into words the same way (index.Words),
// so "11.441" is the words 11 and 441 in both.
func (e postgresEngine) indexArgs(id int64, title, body, _ string, _ *Prepared) []any {
	return []any{id, index.Words(e.text(title)), index.Words(e.text(body))}
}

// indexTables: article_fts the positions (phrases, ranking), article_words
// the same words stripped of them, a third of the size, for finding and
// counting matches.
func (postgresEngine) indexTables() ([]string, string) {
	return []string{"article_fts", "article_words"}, "id"
}

// period: the same periods as SQLite's, in local time in Vietnam; weeks
// are ISO 8601's (2019-W01 begins on Monday 31 December 2018).
func (postgresEngine) period(interval, col string) string {
	local := "(to_timestamp(" + col + ") AT TIME ZONE 'Asia/Ho_Chi_Minh')"
	return map[string]string{
		"month": "to_char(" + local + ", 'YYYY-MM')",
		"week":  "to_char(" + local + ", 'IYYY\"-W\"IW')",
		"year":  "to_char(" + local + ", 'YYYY')",
	}[interval]
}

func (postgresEngine) fieldList() string { return "string_agg(DISTINCT f.field, ',')" }

// evidence: substring counts bytes in bytea, characters in text.
func (postgresEngine) evidence() string {
	return `CASE WHEN f.evidence <> '' THEN f.evidence ELSE convert_from(substring(convert_to(a.body, 'UTF8') FROM CAST(f.start + 1 AS integer) FOR CAST(f.end_ - f.start AS integer)), 'UTF8') END`
}

// afterCopy moves each table's sequence past the ids a copy wrote.
func (postgresEngine) afterCopy(ctx context.Context, s *Store) error {
	for _, t := range []string{"documents", "articles", "figures", "warnings", "outbox"} {
		if _, err := s.exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), coalesce((SELECT max(id) FROM `+t+`), 0) + 1, false)`); err != nil {
			return fmt.Errorf("store %s: copy: sequence of %s: %w", s.path, t, err)
		}
	}
	return nil
}
