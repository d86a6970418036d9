package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Validators returns what a URL answered last time (ETag, Last-Modified).
func (s *Store) Validators(ctx context.Context, url string) (etag, lastModified string, err error) {
	err = s.row(ctx, `SELECT etag, last_modified FROM http_cache WHERE url = ?`, url).Scan(&etag, &lastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return etag, lastModified, wrapErr(s.path, err)
}

// SetValidators remembers a URL's ETag and Last-Modified.
func (s *Store) SetValidators(ctx context.Context, url, etag, lastModified string) error {
	if etag == "" && lastModified == "" {
		return nil
	}
	_, err := s.exec(ctx, `INSERT INTO http_cache(url, etag, last_modified, updated_at) VALUES(?,?,?,?)
		ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified, updated_at=excluded.updated_at`, url, etag, lastModified, now())
	return wrapErr(s.path, err)
}

// SourceStatus is what the store remembers of a source's crawls.
type SourceStatus struct {
	ID          string
	Name        string
	Province    string
	URL         string
	LastRun     time.Time
	NextRun     time.Time
	LastError   string
	LastSuccess time.Time
	Pages       int
	ArticlesNew int
	Errors      int
	ShortBodies int // its articles warned of an empty or short body
}

// UpsertSource records a source's identity.
func (s *Store) UpsertSource(ctx context.Context, id, name, province, url string) error {
	_, err := s.exec(ctx, `INSERT INTO sources(id, name, province, url) VALUES(?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET name=excluded.name, province=excluded.province, url=excluded.url`, id, name, province, url)
	return wrapErr(s.path, err)
}

// RecordRun stores the outcome of one crawl of a source.
func (s *Store) RecordRun(ctx context.Context, id string, at time.Time, pages, articlesNew, errs int, lastErr string) error {
	q := `UPDATE sources SET last_run=?, pages=pages+?, articles_new=articles_new+?, errors=errors+?, last_error=?`
	args := []any{at.Unix(), pages, articlesNew, errs, lastErr}
	if lastErr == "" {
		q += `, last_success=?`
		args = append(args, at.Unix())
	}
	q += ` WHERE id=?`
	args = append(args, id)
	_, err := s.exec(ctx, q, args...)
	return wrapErr(s.path, err)
}

// SetNextRun stores when the scheduler runs a source next.
func (s *Store) SetNextRun(ctx context.Context, id string, next time.Time) error {
	_, err := s.exec(ctx, `UPDATE sources SET next_run=? WHERE id=?`, next.Unix(), id)
	return wrapErr(s.path, err)
}

// Sources returns every source the store knows, by id.
func (s *Store) Sources(ctx context.Context) ([]SourceStatus, error) {
	rows, err := s.query(ctx, `SELECT id, name, province, url, coalesce(last_run,0), coalesce(next_run,0), last_error, coalesce(last_success,0), pages, articles_new, errors,
		(SELECT count(DISTINCT w.article_id) FROM warnings w JOIN articles a ON a.id = w.article_id WHERE w.kind = 'short_body' AND a.source_id = sources.id)
		FROM sources ORDER BY id`)
	if err != nil {
		return nil, wrapErr(s.path, fmt.Errorf("store: sources: %w", err))
	}
	defer rows.Close()
	var out []SourceStatus
	for rows.Next() {
		var st SourceStatus
		var last, next, succ int64
		if err := rows.Scan(&st.ID, &st.Name, &st.Province, &st.URL, &last, &next, &st.LastError, &succ, &st.Pages, &st.ArticlesNew, &st.Errors, &st.ShortBodies); err != nil {
			return nil, err
		}
		if last > 0 {
			st.LastRun = time.Unix(last, 0)
		}
		if next > 0 {
			st.NextRun = time.Unix(next, 0)
		}
		if succ > 0 {
			st.LastSuccess = time.Unix(succ, 0)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// LockSource takes the right to crawl a source for this process until
// release: with PostgreSQL an advisory lock, so that several serve
// processes on one database crawl each source once (ok is false when
// another process holds it); SQLite has one writer and always grants it.
func (s *Store) LockSource(ctx context.Context, id string) (release func(), ok bool, err error) {
	return s.eng.lockSource(ctx, s.db, id)
}
