package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
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

	encoding string // how stored keeps Raw (raw.go); set by Pack
	stored   []byte
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

// HasURL reports whether a document of this canonical URL (or an alias of
// one) is stored.
func (s *Store) HasURL(ctx context.Context, canonical string) (bool, error) {
	k, err := s.Lookup(ctx, canonical, "")
	return k != KnownNew, err
}

// Lookup tells whether a document needs work, before any extraction: one
// statement, asked for every document an ingest reads.
func (s *Store) Lookup(ctx context.Context, canonical, sha string) (Known, error) {
	canonical = s.text(canonical)
	q, err := s.prepared(ctx, `SELECT (SELECT sha256 FROM documents WHERE canonical_url = ?),
		(SELECT d.sha256 FROM aliases a JOIN documents d ON d.id = a.document_id WHERE a.canonical_url = ?),
		EXISTS(SELECT 1 FROM documents WHERE sha256 = ?)`)
	if err != nil {
		return 0, wrapErr(s.path, fmt.Errorf("store: lookup %s: %w", canonical, err))
	}
	var byURL, byAlias sql.NullString
	var sameContent bool
	if err := q.QueryRowContext(ctx, canonical, canonical, sha).Scan(&byURL, &byAlias, &sameContent); err != nil {
		return 0, wrapErr(s.path, fmt.Errorf("store: lookup %s: %w", canonical, err))
	}
	have := byURL
	if !have.Valid {
		have = byAlias
	}
	switch {
	case have.Valid && have.String == sha:
		return KnownUnchanged, nil
	case have.Valid:
		return KnownChanged, nil
	case sha != "" && sameContent:
		return KnownDuplicate, nil
	}
	return KnownNew, nil
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
	p := &Prepared{TitleFold: extract.Fold(a.Title), BodyFold: extract.Fold(a.Body())}
	p.Simhash = simhashFolded(p.TitleFold + "\n" + p.BodyFold) // Fold works character by character: the same as Simhash(title + "\n" + body)
	return p
}

// SaveStats counts what a Save did.
type SaveStats struct {
	New, Updated, Unchanged, Aliased, NearDuplicates int
	Figures, ShortBodies                             int // of the articles written
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
	err := tx.QueryRowContext(ctx, `SELECT id, sha256 FROM documents WHERE canonical_url = ?`, d.CanonicalURL).Scan(&docID, &oldSHA)
	switch {
	case err == nil && oldSHA == sha:
		st.Unchanged++
		return nil
	case err == nil:
		enc, raw := d.storedRaw()
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET url=?, source_id=?, content_type=?, charset=?, fetched_at=?, sha256=?, size=?, raw_encoding=?, raw=? WHERE id=?`,
			d.URL, d.SourceID, d.ContentType, d.Charset, d.FetchedAt.Unix(), sha, len(d.Raw), enc, raw, docID); err != nil {
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
		enc, raw := d.storedRaw()
		err = tx.QueryRowContext(ctx, `INSERT INTO documents(source_id, url, canonical_url, content_type, charset, fetched_at, sha256, size, raw_encoding, raw)
			VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(canonical_url) DO NOTHING RETURNING id`,
			d.SourceID, d.URL, d.CanonicalURL, d.ContentType, d.Charset, d.FetchedAt.Unix(), sha, len(d.Raw), enc, raw).Scan(&docID)
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
	reps := []Replacement{{DocID: docID, Article: it.Article, Version: it.Version, Prep: it.Prep}}
	n, err := s.putArticles(ctx, tx, reps, opt)
	st.NearDuplicates += n
	countWritten(st, reps)
	return err
}
