package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite" // the database/sql driver "sqlite"

	"baotinh/extract"
	"baotinh/index"
)

// sqliteEngine is a store in one SQLite file: one writer at a time (every
// write transaction is a BEGIN IMMEDIATE), WAL readers beside it.
type sqliteEngine struct{}

func openSQLite(ctx context.Context, path string, opt Options) (*Store, error) {
	if path != ":memory:" {
		// the folder must exist: a mistyped path should not grow a tree
		dir := filepath.Dir(path)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("store: open %s: the folder %s does not exist", path, dir)
		}
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// a commit copies the WAL back into the database (checkpoints) once it
	// holds 32 MB, not 4: at 100,000 articles the checkpoints of 4 MB were
	// a tenth of the single writer's time (ingest 0.42 → 0.45–0.47× of the
	// bare FTS5 insert)
	q.Add("_pragma", "wal_autocheckpoint(8192)")
	// the writer's connections keep 32 MB of pages, not SQLite's 2 MB: at
	// 100,000 articles a tenth of the writer's time was reading back pages
	// it had written (the FTS index's and the tables' B-trees). Alternated
	// with the 2 MB default over four pairs of `bench --queries 5
	// --passes 1`, ingest 0.553, 0.523, 0.581, 0.560× the bare insert
	// against 0.517, 0.512, 0.544, 0.499; peak RSS 171 → 264 MB.
	q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -writerCacheKB))
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	if path == ":memory:" {
		dsn = "file::memory:?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, reader: db, path: path, eng: sqliteEngine{}, opt: opt}
	if path == ":memory:" {
		db.SetMaxOpenConns(1)
		return s, nil
	}
	db.SetMaxOpenConns(4)
	// searches read through their own pool: WAL readers neither wait for
	// the writer nor hold it up, and a burst of searches cannot take the
	// connections a write needs
	rq := url.Values{}
	rq.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds()))
	rq.Add("_pragma", "query_only(1)")
	// searches read the file through a memory map, not a read call a
	// page: at 100,000 articles the reads were 7 % of a search's CPU
	// (`bench --search-only`: system time 2.5–3.1 → 0.7–1.2 s a run). The
	// mapped pages are the kernel's page cache, counted in the process's
	// resident size but not its own memory. The writer keeps reading:
	// mapped, ingest was no faster (0.50, 0.47× against 0.56, 0.50×) and
	// its peak RSS went 172 → 384 MB.
	rq.Add("_pragma", fmt.Sprintf("mmap_size(%d)", readerMmap))
	reader, err := sql.Open("sqlite", "file:"+path+"?"+rq.Encode())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	reader.SetMaxOpenConns(opt.Readers)
	reader.SetMaxIdleConns(opt.Readers)
	s.reader = reader
	return s, nil
}

// writerCacheKB is the page cache of each of the writer's connections.
const writerCacheKB = 32000

// readerMmap is how much of the file a search connection maps: SQLite's
// own ceiling (SQLITE_MAX_MMAP_SIZE), so a store of a million articles
// maps its first 2 GB and reads the rest.
const readerMmap = 0x7fff0000

func (sqliteEngine) bind(q string) string { return q }
func (sqliteEngine) text(v string) string { return v }

// migrate applies the steps one at a time, each reading the version inside
// its own write transaction: processes opening a new file together take
// turns, and each step runs once.
func (e sqliteEngine) migrate(ctx context.Context, s *Store) error {
	for {
		done, err := e.migrateStep(ctx, s)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// migrateStep applies the next step, if any, under the write lock.
func (sqliteEngine) migrateStep(ctx context.Context, s *Store) (done bool, err error) {
	all := migrations(false)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, wrapErr(s.path, fmt.Errorf("store %s: migrate: %w", s.path, err))
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return false, wrapErr(s.path, fmt.Errorf("store %s: read schema version: %w", s.path, err))
	}
	switch {
	case v > len(all):
		return false, fmt.Errorf("store %s: schema version %d, this binary knows up to %d: %w", s.path, v, len(all), ErrSchemaTooNew)
	case v == len(all):
		return true, nil
	}
	if err := all[v](ctx, tx); err != nil {
		return false, wrapErr(s.path, fmt.Errorf("store %s: migrate to %d: %w", s.path, v+1, err))
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
		return false, wrapErr(s.path, fmt.Errorf("store %s: migrate to %d: %w", s.path, v+1, err))
	}
	if err := tx.Commit(); err != nil {
		return false, wrapErr(s.path, fmt.Errorf("store %s: migrate to %d: %w", s.path, v+1, err))
	}
	return false, nil
}

// retryable: a SQLite write waits for the lock (busy_timeout) instead.
func (sqliteEngine) retryable(error) bool { return false }

// lockSource: SQLite has one writer at a time and always grants it.
func (sqliteEngine) lockSource(context.Context, *sql.DB, string) (func(), bool, error) {
	return func() {}, true, nil
}

// lockLinks: the writer holds SQLite's write lock already.
func (sqliteEngine) lockLinks(context.Context, *sql.Tx) error { return nil }

// newArticleIDs: the writer holds SQLite's write lock, nobody else takes
// these.
func (sqliteEngine) newArticleIDs(ctx context.Context, tx *sql.Tx, n int) ([]int64, error) {
	ids := make([]int64, n)
	if n == 0 {
		return ids, nil
	}
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM articles`).Scan(&top); err != nil {
		return nil, err
	}
	for k := range ids {
		ids[k] = top + int64(k) + 1
	}
	return ids, nil
}

// The near-duplicate test, in SQL: baotinh_near(a, b) is near(a, b) for
// two SimHashes stored as integers.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("baotinh_near", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		a, okA := args[0].(int64)
		b, okB := args[1].(int64)
		if okA && okB && near(uint64(a), uint64(b)) {
			return int64(1), nil
		}
		return int64(0), nil
	})
}

// bandCandidates reads the four bands of each node in one statement. Of
// each band's newest candidates only the near ones come back: a band's
// rows are compared inside SQLite (about 40 an article at 100,000
// articles, nearly all of them not near) instead of each crossing
// database/sql to be compared in Go.
func (sqliteEngine) bandCandidates(ctx context.Context, tx *stmtTx, nodes []linkNode, f func(k int, other int64, hash uint64)) error {
	var arms []string
	for band := range 4 {
		arms = append(arms, fmt.Sprintf(`SELECT * FROM (SELECT ? AS k, article_id, simhash FROM simhash_bands
			WHERE band = ? AND value = ? AND article_id <> ? ORDER BY article_id DESC LIMIT ?) AS b%d WHERE baotinh_near(simhash, ?)`, band))
	}
	q := strings.Join(arms, " UNION ALL ")
	for k, n := range nodes {
		if n.hash == 0 {
			continue
		}
		var args []any
		for band := range 4 {
			args = append(args, k, band, bandValue(n.hash, band), n.key.id, maxBandCandidates, int64(n.hash))
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if err := scanCandidates(rows, f); err != nil {
			return err
		}
	}
	return nil
}

func (sqliteEngine) index(db *sql.DB) index.Embedded { return index.SQLite{DB: db} }

func (sqliteEngine) indexRows() (head, row, tail string) {
	return `INSERT INTO article_fts(rowid, title_fold, body_fold, tags) VALUES `, `(?,?,?,?)`, ``
}

func (sqliteEngine) indexArgs(id int64, title, body, tags string, prep *Prepared) []any {
	if prep == nil {
		return []any{id, extract.Fold(title), extract.Fold(body), tags}
	}
	return []any{id, prep.TitleFold, prep.BodyFold, tags}
}

func (sqliteEngine) indexTables() ([]string, string) { return []string{"article_fts"}, "rowid" }

func (sqliteEngine) period(interval, col string) string {
	return map[string]string{
		"month": "strftime('%Y-%m', " + col + ", 'unixepoch', '+7 hours')",
		"week":  "strftime('%G-W%V', " + col + ", 'unixepoch', '+7 hours')", // ISO 8601 weeks
		"year":  "strftime('%Y', " + col + ", 'unixepoch', '+7 hours')",
	}[interval]
}

func (sqliteEngine) fieldList() string { return "group_concat(DISTINCT f.field)" }

// evidence: substr counts bytes in a BLOB, characters in TEXT.
func (sqliteEngine) evidence() string {
	return `CASE WHEN f.evidence <> '' THEN f.evidence ELSE CAST(substr(CAST(a.body AS BLOB), f.start + 1, f.end_ - f.start) AS TEXT) END`
}

// afterCopy: SQLite numbers new rows past the largest id by itself.
func (sqliteEngine) afterCopy(context.Context, *Store) error { return nil }
