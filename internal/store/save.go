package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"baotinh/extract"
)

// Document is a page as read or fetched, kept raw.
type Document struct {
	SourceID     string
	URL          string // as fetched, or the file's path
	CanonicalURL string // the dedupe key: cleaned URL, or file:// + absolute path
	ContentType  string
	Charset      string
	FetchedAt    time.Time
	Raw          []byte
	SHA256       string // hex; computed from Raw when empty
}

// Hash returns the document's SHA-256, computing it once.
func (d *Document) Hash() string {
	if d.SHA256 == "" {
		sum := sha256.Sum256(d.Raw)
		d.SHA256 = hex.EncodeToString(sum[:])
	}
	return d.SHA256
}

// Known says what the store holds for a document.
type Known int

const (
	KnownNew       Known = iota // nothing under this URL or content
	KnownUnchanged              // the same URL with the same content
	KnownChanged                // the same URL, new content
	KnownDuplicate              // the same content under another URL
)

func (k Known) String() string {
	return [...]string{"new", "unchanged", "changed", "duplicate"}[k]
}

// Lookup tells whether a document needs work, before any extraction.
func (s *Store) Lookup(ctx context.Context, canonical, sha string) (Known, error) {
	canonical = s.text(canonical)
	var have string
	err := s.row(ctx, `SELECT sha256 FROM documents WHERE canonical_url = ?
		UNION ALL SELECT d.sha256 FROM aliases a JOIN documents d ON d.id = a.document_id WHERE a.canonical_url = ? LIMIT 1`, canonical, canonical).Scan(&have)
	switch {
	case err == nil && have == sha:
		return KnownUnchanged, nil
	case err == nil:
		return KnownChanged, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, wrapErr(s.path, fmt.Errorf("store: lookup %s: %w", canonical, err))
	}
	if sha == "" {
		return KnownNew, nil
	}
	var id int64
	err = s.row(ctx, `SELECT id FROM documents WHERE sha256 = ? LIMIT 1`, sha).Scan(&id)
	switch {
	case err == nil:
		return KnownDuplicate, nil
	case errors.Is(err, sql.ErrNoRows):
		return KnownNew, nil
	}
	return 0, wrapErr(s.path, fmt.Errorf("store: lookup %s: %w", canonical, err))
}

// Item is one document and what extraction made of it.
type Item struct {
	Doc     Document
	Article *extract.Article
	Version string    // extractor version and rules hash
	Prep    *Prepared // folded text and SimHash, computed by the caller's workers
}

// Prepared is the CPU work of storing an article, done before the single
// writer takes it: the folded title and body and the SimHash.
type Prepared struct {
	TitleFold, BodyFold string
	Simhash             uint64
}

// Prepare computes what Save needs beside the article.
func Prepare(a *extract.Article) *Prepared {
	if a == nil {
		return nil
	}
	body := a.Body()
	return &Prepared{TitleFold: extract.Fold(a.Title), BodyFold: extract.Fold(body), Simhash: Simhash(a.Title + "\n" + body)}
}

// SaveStats counts what a Save did.
type SaveStats struct {
	New, Updated, Unchanged, Aliased, NearDuplicates int
}

// Options of a Save.
type SaveOptions struct {
	Outbox bool // queue the articles for Meilisearch
}

// Save writes a batch in one transaction: raw documents, articles, figures,
// warnings, the full-text index rows and near-duplicate links. Either all of
// the batch is stored or none of it.
func (s *Store) Save(ctx context.Context, items []Item, opt SaveOptions) (SaveStats, error) {
	var st SaveStats
	for i := range items {
		d := &items[i].Doc
		d.URL, d.CanonicalURL = s.text(d.URL), s.text(d.CanonicalURL)
	}
	err := s.retry(ctx, func() error {
		st = SaveStats{}
		tx, err := s.begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		defer tx.close()
		// what the store does not hold goes in a few multi-row statements,
		// the rest one by one
		rest, err := s.saveFresh(ctx, tx, items, opt, &st)
		if err != nil {
			return wrapErr(s.path, fmt.Errorf("store: save %d documents: %w", len(items), err))
		}
		for _, i := range rest {
			it := &items[i]
			if err := s.saveOne(ctx, tx, it, opt, &st); err != nil {
				return wrapErr(s.path, fmt.Errorf("store: save %s: %w", it.Doc.CanonicalURL, err))
			}
		}
		if err := tx.Commit(); err != nil {
			return wrapErr(s.path, fmt.Errorf("store: commit: %w", err))
		}
		return nil
	})
	if err != nil {
		return SaveStats{}, err
	}
	return st, nil
}

func (s *Store) saveOne(ctx context.Context, tx *stmtTx, it *Item, opt SaveOptions, st *SaveStats) error {
	d := &it.Doc
	sha := d.Hash()
	if d.FetchedAt.IsZero() {
		d.FetchedAt = time.Now()
	}
	var docID int64
	var oldSHA string
	newBefore := st.New // a document inserted here has no article yet
	err := tx.QueryRowContext(ctx, `SELECT id, sha256 FROM documents WHERE canonical_url = ?`, d.CanonicalURL).Scan(&docID, &oldSHA)
	switch {
	case err == nil && oldSHA == sha:
		st.Unchanged++
		return nil
	case err == nil:
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET url=?, source_id=?, content_type=?, charset=?, fetched_at=?, sha256=?, size=?, raw=? WHERE id=?`,
			d.URL, d.SourceID, d.ContentType, d.Charset, d.FetchedAt.Unix(), sha, len(d.Raw), d.Raw, docID); err != nil {
			return err
		}
		st.Updated++
	case errors.Is(err, sql.ErrNoRows):
		// identical content under another URL: remember the URL, store nothing new
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = ? LIMIT 1`, sha).Scan(&other)
		if err == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO aliases(canonical_url, document_id) VALUES(?, ?) ON CONFLICT DO NOTHING`, d.CanonicalURL, other)
			st.Aliased++
			return err
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// another process may store the same URL at the same moment: the
		// unique key decides, and the loser finds the winner's row
		err = tx.QueryRowContext(ctx, `INSERT INTO documents(source_id, url, canonical_url, content_type, charset, fetched_at, sha256, size, raw)
			VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(canonical_url) DO NOTHING RETURNING id`,
			d.SourceID, s.text(d.URL), s.text(d.CanonicalURL), d.ContentType, d.Charset, d.FetchedAt.Unix(), sha, len(d.Raw), d.Raw).Scan(&docID)
		if errors.Is(err, sql.ErrNoRows) {
			if err := tx.QueryRowContext(ctx, `SELECT sha256 FROM documents WHERE canonical_url = ?`, d.CanonicalURL).Scan(&oldSHA); err != nil {
				return err
			}
			if oldSHA == sha {
				st.Unchanged++
				return nil
			}
			return fmt.Errorf("stored at the same moment by another process with other content; try again")
		}
		if err != nil {
			return err
		}
		st.New++
	default:
		return err
	}
	if it.Article == nil {
		return nil
	}
	dup, err := s.putArticle(ctx, tx, docID, st.New > newBefore, d, it.Article, it.Prep, it.Version, opt)
	if dup {
		st.NearDuplicates++
	}
	return err
}

// putArticle inserts or replaces the article of a document with its
// figures, warnings, index row and near-duplicate link.
func (s *Store) putArticle(ctx context.Context, tx *stmtTx, docID int64, fresh bool, d *Document, a *extract.Article, prep *Prepared, version string, opt SaveOptions) (bool, error) {
	body := a.Body()
	var pubAt any
	if !a.Published.IsZero() {
		pubAt = a.Published.Time.Unix()
	}
	if prep == nil {
		prep = Prepare(a)
	}
	hash := prep.Simhash
	var id int64
	err := sql.ErrNoRows
	if !fresh {
		err = tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE document_id = ?`, docID).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
	}
	// the near-duplicate link is known before the row is written: an UPDATE
	// afterwards would rewrite the whole body
	dupOf, derr := nearDuplicateOf(ctx, tx, id, hash)
	if derr != nil {
		return false, derr
	}
	var dup any
	if dupOf != 0 {
		dup = dupOf
	}
	switch {
	case err == nil:
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET source_id=?, url=?, title=?, published=?, published_at=?, province=?, province_now=?, body=?, extractor_version=?, simhash=?, duplicate_of=?, updated_at=? WHERE id=?`,
			d.SourceID, s.text(d.URL), s.text(a.Title), a.Published.String(), pubAt, a.Province, a.ProvinceNow, s.text(body), version, int64(hash), dup, now(), id); err != nil {
			return false, err
		}
		for _, q := range []string{`DELETE FROM figures WHERE article_id=?`, `DELETE FROM warnings WHERE article_id=?`, `DELETE FROM simhash_bands WHERE article_id=?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return false, err
			}
		}
		if err := s.deleteIndex(ctx, tx, id); err != nil {
			return false, err
		}
	default:
		err := tx.QueryRowContext(ctx, `INSERT INTO articles(document_id, source_id, url, title, published, published_at, province, province_now, body, extractor_version, simhash, duplicate_of, updated_at)
			VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`, docID, d.SourceID, s.text(d.URL), s.text(a.Title), a.Published.String(), pubAt, a.Province, a.ProvinceNow, s.text(body), version, int64(hash), dup, now()).Scan(&id)
		if err != nil {
			return false, err
		}
	}
	month := ""
	if p := a.Published.String(); len(p) >= 7 {
		month = p[:7]
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO article_meta(id, province, province_now, source_id, month, published_at) VALUES(?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET province=excluded.province, province_now=excluded.province_now, source_id=excluded.source_id, month=excluded.month, published_at=excluded.published_at`,
		id, a.Province, a.ProvinceNow, d.SourceID, month, pubAt); err != nil {
		return false, err
	}
	if err := s.insertFigures(ctx, tx, id, a); err != nil {
		return false, err
	}
	if err := s.putIndex(ctx, tx, id, a.Title, body, prep); err != nil {
		return false, err
	}
	if err := putBands(ctx, tx, id, hash); err != nil {
		return false, err
	}
	if opt.Outbox {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox(article_id, op, created_at) VALUES(?, 'upsert', ?)`, id, now()); err != nil {
			return false, err
		}
	}
	return dupOf != 0, nil
}

func (s *Store) insertFigures(ctx context.Context, tx *stmtTx, id int64, a *extract.Article) error {
	// one statement per article, however many figures: a round trip each
	// is most of the writer's time on PostgreSQL
	if n := len(a.Figures); n > 0 {
		args := make([]any, 0, 13*n)
		for _, f := range a.Figures {
			var year any
			if f.Year != nil {
				year = *f.Year
			}
			args = append(args, id, f.Metric, f.Field, f.Value, f.Approx, f.Qualifier, f.Scope, year, f.Period, f.AsOf, s.text(f.Evidence), f.Start-a.BodyStart, f.End-a.BodyStart)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO figures(article_id, metric, field, value, approx, qualifier, scope, year, period, as_of, evidence, start, end_) VALUES `+rowsOf(13, n), args...); err != nil {
			return err
		}
	}
	if n := len(a.Warnings); n > 0 {
		args := make([]any, 0, 7*n)
		for _, w := range a.Warnings {
			args = append(args, id, w.Kind, w.Message, w.Total, w.Sum, w.Start-a.BodyStart, w.End-a.BodyStart)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO warnings(article_id, kind, message, total, sum, start, end_) VALUES `+rowsOf(7, n), args...); err != nil {
			return err
		}
	}
	return nil
}

// rowsOf is the VALUES list of n rows of k placeholders: (?,?),(?,?).
func rowsOf(k, n int) string {
	row := "(?" + strings.Repeat(",?", k-1) + ")"
	return row + strings.Repeat(","+row, n-1)
}
