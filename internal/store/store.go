// Package store keeps everything baotinh knows in one database: sources,
// the raw documents as read or fetched, the articles extracted from them,
// their figures and the full-text index, written together. SQLite is the
// embedded default; PostgreSQL (a postgres:// URL) serves several
// processes sharing one database.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"baotinh/extract"
	"baotinh/index"
)

// Errors a caller may want to tell apart.
var (
	ErrSchemaTooNew = errors.New("the database was written by a newer baotinh")
	ErrLocked       = errors.New("the database is locked by another process")
	ErrNotFound     = errors.New("not found")
)

// Store is an open database.
type Store struct {
	db   *sql.DB
	path string // the SQLite file, or the PostgreSQL URL without its password
	pg   bool
}

// IsPostgres tells whether a store location is a PostgreSQL URL.
func IsPostgres(loc string) bool {
	return strings.HasPrefix(loc, "postgres://") || strings.HasPrefix(loc, "postgresql://")
}

// BusyTimeout is how long a write waits for another process's lock.
var BusyTimeout = 10 * time.Second

// Open opens the store at loc, a SQLite file (created if needed) or a
// postgres:// URL, and brings its schema up to date. A schema newer than
// this binary knows is refused.
func Open(ctx context.Context, loc string) (*Store, error) {
	if loc == "" {
		return nil, fmt.Errorf("store: no database path")
	}
	if IsPostgres(loc) {
		return openPostgres(ctx, loc)
	}
	return openSQLite(ctx, loc)
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path != ":memory:" {
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	if path == ":memory:" {
		dsn = "file::memory:?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(4)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the database handle, for the search index that lives in it.
func (s *Store) DB() *sql.DB { return s.db }

// Path returns where the database lives (a PostgreSQL URL without its
// password).
func (s *Store) Path() string { return s.path }

// Index is the full-text index the store's database holds: FTS5 in
// SQLite, tsvector in PostgreSQL.
func (s *Store) Index() index.Searcher {
	if s.pg {
		return index.Postgres{DB: s.db}
	}
	return index.SQLite{DB: s.db}
}

// Postgres tells whether the store is a PostgreSQL database.
func (s *Store) Postgres() bool { return s.pg }

// bind adapts a statement written with ? placeholders to the database.
func (s *Store) bind(q string) string {
	if s.pg {
		return index.Rebind(q)
	}
	return q
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.bind(q), s.texts(args)...)
}

func (s *Store) row(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.bind(q), s.texts(args)...)
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.bind(q), s.texts(args)...)
}

// texts applies text to the string arguments of a statement.
func (s *Store) texts(args []any) []any {
	if !s.pg {
		return args
	}
	for i, a := range args {
		if v, ok := a.(string); ok {
			args[i] = s.text(v)
		}
	}
	return args
}

// begin starts a write transaction whose statements are prepared once.
func (s *Store) begin(ctx context.Context) (*stmtTx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, wrapErr(s.path, fmt.Errorf("store: begin: %w", err))
	}
	return newStmtTx(tx, s.pg), nil
}

// wrapErr turns SQLite's busy and locked errors into ErrLocked.
func wrapErr(path string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") || strings.Contains(msg, "(5)") && strings.Contains(msg, "locked") {
		return fmt.Errorf("store %s: %w (%v)", path, ErrLocked, err)
	}
	return err
}

// migration brings the schema from version i to i+1.
type migration func(ctx context.Context, tx *sql.Tx) error

// migrations are applied in order, each in its own transaction; the
// schema version is SQLite's user_version.
var migrations = []migration{
	func(ctx context.Context, tx *sql.Tx) error {
		return execAll(ctx, tx,
			`CREATE TABLE sources (
				id TEXT PRIMARY KEY,
				name TEXT NOT NULL DEFAULT '',
				province TEXT NOT NULL DEFAULT '',
				url TEXT NOT NULL DEFAULT '',
				last_run INTEGER,
				next_run INTEGER,
				last_error TEXT NOT NULL DEFAULT '',
				last_success INTEGER,
				pages INTEGER NOT NULL DEFAULT 0,
				articles_new INTEGER NOT NULL DEFAULT 0,
				errors INTEGER NOT NULL DEFAULT 0
			)`,
			`CREATE TABLE documents (
				id INTEGER PRIMARY KEY,
				source_id TEXT NOT NULL DEFAULT '',
				url TEXT NOT NULL,
				canonical_url TEXT NOT NULL UNIQUE,
				content_type TEXT NOT NULL,
				charset TEXT NOT NULL DEFAULT '',
				fetched_at INTEGER NOT NULL,
				sha256 TEXT NOT NULL,
				size INTEGER NOT NULL,
				raw BLOB NOT NULL
			)`,
			`CREATE INDEX documents_sha256 ON documents(sha256)`,
			`CREATE TABLE aliases (
				canonical_url TEXT PRIMARY KEY,
				document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
			)`,
			`CREATE TABLE articles (
				id INTEGER PRIMARY KEY,
				document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
				source_id TEXT NOT NULL DEFAULT '',
				url TEXT NOT NULL,
				title TEXT NOT NULL,
				published TEXT NOT NULL,
				published_at INTEGER,
				province TEXT NOT NULL,
				province_now TEXT NOT NULL,
				body TEXT NOT NULL,
				extractor_version TEXT NOT NULL,
				simhash INTEGER NOT NULL,
				duplicate_of INTEGER REFERENCES articles(id) ON DELETE SET NULL,
				updated_at INTEGER NOT NULL
			)`,
			`CREATE INDEX articles_published ON articles(published_at)`,
			`CREATE INDEX articles_province ON articles(province)`,
			`CREATE INDEX articles_province_now ON articles(province_now)`,
			`CREATE INDEX articles_source ON articles(source_id)`,
			`CREATE INDEX articles_version ON articles(extractor_version)`,
			`CREATE TABLE figures (
				id INTEGER PRIMARY KEY,
				article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
				metric TEXT NOT NULL,
				field TEXT NOT NULL,
				value INTEGER NOT NULL,
				approx TEXT NOT NULL,
				qualifier TEXT NOT NULL,
				scope TEXT NOT NULL,
				year INTEGER,
				period TEXT NOT NULL,
				as_of TEXT NOT NULL,
				evidence TEXT NOT NULL,
				start INTEGER NOT NULL,
				end_ INTEGER NOT NULL
			)`,
			`CREATE INDEX figures_article ON figures(article_id)`,
			`CREATE INDEX figures_field ON figures(field)`,
			`CREATE TABLE warnings (
				id INTEGER PRIMARY KEY,
				article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
				kind TEXT NOT NULL,
				message TEXT NOT NULL,
				total INTEGER NOT NULL,
				sum INTEGER NOT NULL,
				start INTEGER NOT NULL,
				end_ INTEGER NOT NULL
			)`,
			`CREATE INDEX warnings_article ON warnings(article_id)`,
			`CREATE TABLE simhash_bands (
				band INTEGER NOT NULL,
				value INTEGER NOT NULL,
				article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
				PRIMARY KEY (band, value, article_id)
			) WITHOUT ROWID`,
			`CREATE INDEX simhash_bands_article ON simhash_bands(article_id)`,
			// Title and body as written and folded (no diacritics, đ → d): the
			// folded columns find "dang bo" in "Đảng bộ", the exact ones rank
			// the same spelling higher. Contentless: the text lives in articles.
			`CREATE VIRTUAL TABLE article_fts USING fts5(
				title, body, title_fold, body_fold,
				content='', contentless_delete=1,
				tokenize='unicode61 remove_diacritics 0'
			)`,
			// What the Meilisearch index has not acknowledged yet.
			`CREATE TABLE outbox (
				id INTEGER PRIMARY KEY,
				article_id INTEGER NOT NULL,
				op TEXT NOT NULL,
				created_at INTEGER NOT NULL
			)`,
			// Where a resumable job (reprocess) got to.
			`CREATE TABLE jobs (
				name TEXT PRIMARY KEY,
				state TEXT NOT NULL,
				updated_at INTEGER NOT NULL
			)`,
		)
	},
	// A narrow copy of what filters and facets read, so counting 100,000
	// matches does not page through their bodies.
	func(ctx context.Context, tx *sql.Tx) error {
		return execAll(ctx, tx,
			`CREATE TABLE article_meta (
				id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
				province TEXT NOT NULL,
				province_now TEXT NOT NULL,
				source_id TEXT NOT NULL,
				month TEXT NOT NULL,
				published_at INTEGER
			)`,
			`INSERT INTO article_meta(id, province, province_now, source_id, month, published_at)
				SELECT id, province, province_now, source_id, substr(published, 1, 7), published_at FROM articles`,
		)
	},
	// Validators of feeds, sitemaps and listing pages for conditional GET.
	func(ctx context.Context, tx *sql.Tx) error {
		return execAll(ctx, tx,
			`CREATE TABLE http_cache (
				url TEXT PRIMARY KEY,
				etag TEXT NOT NULL DEFAULT '',
				last_modified TEXT NOT NULL DEFAULT '',
				updated_at INTEGER NOT NULL
			)`,
		)
	},
	// The index keeps the folded text only: the exact spelling is checked
	// on the few articles re-ranked, so indexing it again cost half the
	// ingest for nothing. Rebuilt here from the stored articles.
	func(ctx context.Context, tx *sql.Tx) error {
		if err := execAll(ctx, tx, `DROP TABLE article_fts`,
			`CREATE VIRTUAL TABLE article_fts USING fts5(
				title_fold, body_fold,
				content='', contentless_delete=1,
				tokenize='unicode61 remove_diacritics 0'
			)`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, title, body FROM articles`)
		if err != nil {
			return err
		}
		type art struct {
			id          int64
			title, body string
		}
		var all []art
		for rows.Next() {
			var a art
			if err := rows.Scan(&a.id, &a.title, &a.body); err != nil {
				rows.Close()
				return err
			}
			all = append(all, a)
		}
		rows.Close()
		for _, a := range all {
			if _, err := tx.ExecContext(ctx, `INSERT INTO article_fts(rowid, title_fold, body_fold) VALUES(?,?,?)`, a.id, extract.Fold(a.title), extract.Fold(a.body)); err != nil {
				return err
			}
		}
		return nil
	},
	// SimHash bands carry the hash, so finding near-duplicates reads one
	// narrow B-tree instead of joining the articles' wide rows.
	func(ctx context.Context, tx *sql.Tx) error {
		return execAll(ctx, tx,
			`CREATE TABLE simhash_bands2 (
				band INTEGER NOT NULL,
				value INTEGER NOT NULL,
				article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
				simhash INTEGER NOT NULL,
				PRIMARY KEY (band, value, article_id)
			) WITHOUT ROWID`,
			`INSERT INTO simhash_bands2(band, value, article_id, simhash)
				SELECT b.band, b.value, b.article_id, a.simhash FROM simhash_bands b JOIN articles a ON a.id = b.article_id`,
			`DROP TABLE simhash_bands`,
			`ALTER TABLE simhash_bands2 RENAME TO simhash_bands`,
			`CREATE INDEX simhash_bands_article ON simhash_bands(article_id)`,
		)
	},
}

// SchemaVersion is the schema this binary writes.
var SchemaVersion = len(migrations)

func execAll(ctx context.Context, tx *sql.Tx, stmts ...string) error {
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", firstLine(q), err)
		}
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (s *Store) migrate(ctx context.Context) error {
	if s.pg {
		return s.migratePostgres(ctx)
	}
	// Each step reads the version inside its own write transaction (the
	// DSN makes BeginTx a BEGIN IMMEDIATE): processes opening a new file
	// together take turns, and each migration runs once.
	for {
		done, err := s.migrateStep(ctx)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// migrateStep applies the next migration, if any, under the write lock.
func (s *Store) migrateStep(ctx context.Context) (done bool, err error) {
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
	case v > SchemaVersion:
		return false, fmt.Errorf("store %s: schema version %d, this binary knows up to %d: %w", s.path, v, SchemaVersion, ErrSchemaTooNew)
	case v == SchemaVersion:
		return true, nil
	}
	if err := migrations[v](ctx, tx); err != nil {
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

// Counts are the sizes of the main tables.
type Counts struct {
	Documents, Articles, Figures, IndexRows, Duplicates, Outbox int
	ShortBodies                                                 int // articles warned of an empty or short body
}

// Counts returns the number of rows of each main table.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.row(ctx, `SELECT
		(SELECT count(*) FROM documents),
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM figures),
		(SELECT count(*) FROM article_fts),
		(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
		(SELECT count(*) FROM outbox),
		(SELECT count(DISTINCT article_id) FROM warnings WHERE kind = 'short_body')`).Scan(&c.Documents, &c.Articles, &c.Figures, &c.IndexRows, &c.Duplicates, &c.Outbox, &c.ShortBodies)
	if err != nil {
		return c, wrapErr(s.path, fmt.Errorf("store: counts: %w", err))
	}
	return c, nil
}

func now() int64 { return time.Now().Unix() }
