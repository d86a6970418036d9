// Package store keeps everything baotinh knows in one database. In: raw
// documents with their extracted articles (Save, Replace), sources and
// crawl runs. Out: articles, figures (JSON, CSV), coverage, counts, and the
// embedded full-text index (Index), whose rows it writes in the same
// transaction as the article. SQLite is the embedded default; PostgreSQL (a
// postgres:// URL) serves several processes sharing one database. Open
// chooses the engine from the location; what the two do differently is
// the engine interface (engine.go, sqlite.go, postgres.go), the schema's
// history is one list of steps side by side (schema.go).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

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
	db     *sql.DB
	reader *sql.DB // searches: SQLite's read-only pool beside the writer; PostgreSQL's db
	path   string  // the SQLite file, or the PostgreSQL URL without its password
	eng    engine
	opt    Options
	// stmts holds the prepared statements of the hot constant queries
	// (Lookup, once per document): text → *sql.Stmt. Parsing was most of
	// such a query's time in SQLite.
	stmts sync.Map
}

// Options tune a store; the zero value of each field is its default.
type Options struct {
	// BusyTimeout is how long a SQLite write waits for another process's
	// lock; 10 s.
	BusyTimeout time.Duration
	// MaxConns bounds the PostgreSQL connections of this process; 8.
	MaxConns int
	// CopyBatch is how many documents Copy moves per transaction; 200.
	CopyBatch int
	// Readers bounds SQLite's pool of read-only connections for searches;
	// twice the CPUs, at least 4.
	Readers int
}

func (o Options) withDefaults() (Options, error) {
	if o.BusyTimeout < 0 || o.MaxConns < 0 || o.CopyBatch < 0 || o.Readers < 0 {
		return o, fmt.Errorf("store: options %+v: no value may be negative", o)
	}
	if o.BusyTimeout == 0 {
		o.BusyTimeout = 10 * time.Second
	}
	if o.MaxConns == 0 {
		o.MaxConns = 8
	}
	if o.CopyBatch == 0 {
		o.CopyBatch = 200
	}
	if o.Readers == 0 {
		o.Readers = max(4, 2*runtime.NumCPU())
	}
	return o, nil
}

// IsPostgres tells whether a store location is a PostgreSQL URL.
func IsPostgres(loc string) bool {
	return strings.HasPrefix(loc, "postgres://") || strings.HasPrefix(loc, "postgresql://")
}

// Open opens the store at loc with the default options: see OpenWith.
func Open(ctx context.Context, loc string) (*Store, error) {
	return OpenWith(ctx, loc, Options{})
}

// OpenWith opens the store at loc, a SQLite file (created, with its
// folder, if needed) or a postgres:// URL, and brings its schema up to
// date. The URL chooses the engine; everything else is the same contract.
// A schema newer than this binary knows is refused.
func OpenWith(ctx context.Context, loc string, opt Options) (*Store, error) {
	if loc == "" {
		return nil, fmt.Errorf("store: no database path")
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	var s *Store
	if IsPostgres(loc) {
		s, err = openPostgres(ctx, loc, opt)
	} else {
		s, err = openSQLite(ctx, loc, opt)
	}
	if err != nil {
		return nil, err
	}
	if err := s.eng.migrate(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Generation is the generation of what is stored: it changes with every
// committed write of articles or of the index, by any process.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var n int64
	if err := s.row(ctx, `SELECT n FROM store_generation WHERE id = 1`).Scan(&n); err != nil {
		return 0, wrapErr(s.path, fmt.Errorf("store: generation: %w", err))
	}
	return n, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.stmts.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	if s.reader != s.db {
		s.reader.Close()
	}
	return s.db.Close()
}

// DB returns the database handle, for the search index that lives in it.
func (s *Store) DB() *sql.DB { return s.db }

// Path returns where the database lives (a PostgreSQL URL without its
// password).
func (s *Store) Path() string { return s.path }

// Index is the full-text index the store's database holds: FTS5 in
// SQLite, tsvector in PostgreSQL.
func (s *Store) Index() index.Embedded { return s.eng.index(s.reader) }

// bind adapts a statement written with ? placeholders to the database.
func (s *Store) bind(q string) string { return s.eng.bind(q) }

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.bind(q), s.texts(args)...)
}

func (s *Store) row(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.bind(q), s.texts(args)...)
}

// prepared returns q prepared on the writer's pool, once per Store; q must
// be a constant text, not one built from its arguments.
func (s *Store) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, s.bind(q))
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.bind(q), s.texts(args)...)
}

// text makes a string storable in the store's database.
func (s *Store) text(v string) string { return s.eng.text(v) }

// texts applies text to the string arguments of a statement.
func (s *Store) texts(args []any) []any {
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
	return newStmtTx(tx, s.eng.bind), nil
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

// retry runs a write transaction again when the database aborted it for
// a conflict with another process that a second try resolves (PostgreSQL's
// deadlocks and serialization failures); nothing of an aborted attempt was
// stored.
func (s *Store) retry(ctx context.Context, f func() error) error {
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		err = f()
		if err == nil || !s.eng.retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt+1) * 20 * time.Millisecond):
		}
	}
	return err
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
