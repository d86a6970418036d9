package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"baotinh/extract"
)

// storedDoc is a raw document with what the store knows beside it.
type storedDoc struct {
	ID           int64
	ArticleID    int64 // 0 when it has no article
	SourceID     string
	Province     string // the source's configured province
	URL          string
	CanonicalURL string
	ContentType  string
	Raw          []byte
}

// DocFilter selects stored documents.
type DocFilter struct {
	Source string
	Since  time.Time // fetched or published on or after
}

// where is f's condition on documents d and their articles a.
func (f DocFilter) where() (string, []any) {
	cond, args := "TRUE", []any(nil)
	if f.Source != "" {
		cond += ` AND d.source_id = ?`
		args = append(args, f.Source)
	}
	if !f.Since.IsZero() {
		cond += ` AND (coalesce(a.published_at, d.fetched_at) >= ?)`
		args = append(args, f.Since.Unix())
	}
	return cond, args
}

// CountDocuments is how many documents f selects.
func (s *Store) CountDocuments(ctx context.Context, f DocFilter) (int, error) {
	cond, args := f.where()
	var n int
	if err := s.row(ctx, `SELECT count(*) FROM documents d LEFT JOIN articles a ON a.document_id = d.id WHERE `+cond, args...).Scan(&n); err != nil {
		return 0, wrapErr(s.path, fmt.Errorf("store: count documents: %w", err))
	}
	return n, nil
}

// Documents returns up to limit documents with id > after, in id order.
func (s *Store) Documents(ctx context.Context, after int64, limit int, f DocFilter) ([]storedDoc, error) {
	cond, args := f.where()
	q := `SELECT d.id, coalesce(a.id, 0), d.source_id, coalesce(src.province, ''), d.url, d.canonical_url, d.content_type, d.raw_encoding, d.raw
		FROM documents d LEFT JOIN articles a ON a.document_id = d.id LEFT JOIN sources src ON src.id = d.source_id
		WHERE d.id > ? AND ` + cond
	args = append([]any{after}, args...)
	q += ` ORDER BY d.id LIMIT ?`
	args = append(args, limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrapErr(s.path, fmt.Errorf("store: documents: %w", err))
	}
	defer rows.Close()
	var out []storedDoc
	for rows.Next() {
		var d storedDoc
		var enc string
		var data []byte
		if err := rows.Scan(&d.ID, &d.ArticleID, &d.SourceID, &d.Province, &d.URL, &d.CanonicalURL, &d.ContentType, &enc, &data); err != nil {
			return nil, err
		}
		raw, err := unpackRaw(enc, data)
		if err != nil {
			return nil, wrapErr(s.path, fmt.Errorf("store: document %d (%s): %w", d.ID, d.CanonicalURL, err))
		}
		d.Raw = raw
		out = append(out, d)
	}
	return out, rows.Err()
}

// articleFigures returns the stored figures of an article.
func (s *Store) articleFigures(ctx context.Context, articleID int64) ([]extract.Figure, error) {
	m, err := s.FiguresOf(ctx, []int64{articleID})
	return m[articleID], err
}

// FiguresOf returns the stored figures of several articles, by article.
func (s *Store) FiguresOf(ctx context.Context, articleIDs []int64) (map[int64][]extract.Figure, error) {
	out := map[int64][]extract.Figure{}
	for i := 0; i < len(articleIDs); i += 1000 {
		ids := articleIDs[i:min(i+1000, len(articleIDs))]
		args := make([]any, len(ids))
		for k, id := range ids {
			args[k] = id
		}
		rows, err := s.query(ctx, `SELECT f.article_id, f.metric, f.field, f.value, f.approx, f.qualifier, f.scope, f.year, f.period, f.as_of, `+s.eng.evidence()+`, f.start, f.end_
			FROM figures f JOIN articles a ON a.id = f.article_id WHERE f.article_id IN (`+inList(len(ids))+`) ORDER BY f.id`, args...)
		if err != nil {
			return nil, wrapErr(s.path, fmt.Errorf("store: figures of %d articles: %w", len(ids), err))
		}
		for rows.Next() {
			var f extract.Figure
			var id int64
			var y sql.NullInt64
			if err := rows.Scan(&id, &f.Metric, &f.Field, &f.Value, &f.Approx, &f.Qualifier, &f.Scope, &y, &f.Period, &f.AsOf, &f.Evidence, &f.Start, &f.End); err != nil {
				rows.Close()
				return nil, err
			}
			if y.Valid {
				v := int(y.Int64)
				f.Year = &v
			}
			out[id] = append(out[id], f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Replacement is a new extraction of a stored document.
type Replacement struct {
	DocID   int64
	Article *extract.Article
	Version string
	Prep    *Prepared
}

// Replace writes new extractions of stored documents and the job's
// checkpoint in one transaction, so a killed reprocess resumes after the
// last batch it committed.
func (s *Store) Replace(ctx context.Context, reps []Replacement, job, state string, opt SaveOptions) error {
	return s.retry(ctx, func() error {
		tx, err := s.begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		defer tx.close()
		if _, err := s.putArticles(ctx, tx, reps, opt); err != nil {
			return wrapErr(s.path, fmt.Errorf("store: replace %d documents: %w", len(reps), err))
		}
		if job != "" {
			if err := tx.setJob(ctx, job, state); err != nil {
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return wrapErr(s.path, fmt.Errorf("store: commit: %w", err))
		}
		return nil
	})
}

// Job returns a job's saved state.
func (s *Store) Job(ctx context.Context, name string) (string, bool, error) {
	var st string
	err := s.row(ctx, `SELECT state FROM jobs WHERE name = ?`, name).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, wrapErr(s.path, fmt.Errorf("store: job %s: %w", name, err))
	}
	return st, true, nil
}

// setJob records a job's checkpoint in the transaction that did the work.
func (tx *stmtTx) setJob(ctx context.Context, name, state string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO jobs(name, state, updated_at) VALUES(?,?,?) ON CONFLICT(name) DO UPDATE SET state=excluded.state, updated_at=excluded.updated_at`, name, state, now())
	return err
}

// EndJob forgets a finished job.
func (s *Store) EndJob(ctx context.Context, name string) error {
	_, err := s.exec(ctx, `DELETE FROM jobs WHERE name = ?`, name)
	return wrapErr(s.path, err)
}

// Reindex rebuilds the embedded index from the articles, in batches, and
// queues every article for Meilisearch when outbox is set.
func (s *Store) Reindex(ctx context.Context, outbox bool, progress func(done, total int)) error {
	var total int
	if err := s.row(ctx, `SELECT count(*) FROM articles`).Scan(&total); err != nil {
		return wrapErr(s.path, err)
	}
	tables, _ := s.eng.indexTables()
	for _, t := range tables {
		if _, err := s.exec(ctx, `DELETE FROM `+t); err != nil {
			return wrapErr(s.path, fmt.Errorf("store: reindex: %w", err))
		}
	}
	if _, err := s.exec(ctx, `UPDATE store_generation SET n = n + 1 WHERE id = 1`); err != nil {
		return wrapErr(s.path, fmt.Errorf("store: reindex: generation: %w", err))
	}
	var after int64
	done := 0
	for {
		batch, err := indexSources(ctx, s.query, after, 500)
		if err != nil {
			return wrapErr(s.path, err)
		}
		if len(batch) == 0 {
			return nil
		}
		var fts, queued [][]any
		for _, a := range batch {
			fts = append(fts, s.eng.indexArgs(a.id, a.title, a.body, a.t.tags(), nil))
			if outbox {
				queued = append(queued, []any{a.id, now()})
			}
		}
		tx, err := s.begin(ctx)
		if err != nil {
			return err
		}
		head, row, tail := s.eng.indexRows()
		err = tx.execRows(ctx, head, row, tail, fts)
		if err == nil {
			err = tx.execRows(ctx, `INSERT INTO outbox(article_id, op, created_at) VALUES `, `(?,'upsert',?)`, "", queued)
		}
		if err == nil {
			err = tx.changed(ctx)
		}
		if err != nil {
			tx.Rollback()
			tx.close()
			return wrapErr(s.path, fmt.Errorf("store: reindex: %w", err))
		}
		err = tx.Commit()
		tx.close()
		if err != nil {
			return wrapErr(s.path, err)
		}
		after = batch[len(batch)-1].id
		done += len(batch)
		if progress != nil {
			progress(done, total)
		}
	}
}
