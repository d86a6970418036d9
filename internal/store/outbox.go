package store

import (
	"context"
	"fmt"
	"strings"

	"baotinh/index"
)

// indexDocs loads articles as an index holds them.
func (s *Store) indexDocs(ctx context.Context, ids []int64) ([]index.Doc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ph := "?" + strings.Repeat(",?", len(ids)-1)
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT a.id, a.title, a.body, a.url, a.source_id, a.province, a.province_now, a.published, coalesce(a.published_at, 0),
		coalesce((SELECT `+s.fieldList()+` FROM figures f WHERE f.article_id = a.id), '')
		FROM articles a WHERE a.id IN (`+ph+`) ORDER BY a.id`, args...)
	if err != nil {
		return nil, wrapErr(s.path, fmt.Errorf("store: index documents: %w", err))
	}
	defer rows.Close()
	var out []index.Doc
	for rows.Next() {
		var d index.Doc
		var fields string
		if err := rows.Scan(&d.ID, &d.Title, &d.Body, &d.URL, &d.Source, &d.Province, &d.ProvinceNow, &d.Published, &d.PublishedAt, &fields); err != nil {
			return nil, err
		}
		if len(d.Published) >= 7 {
			d.Month = d.Published[:7]
		}
		if len(d.Published) >= 4 {
			fmt.Sscanf(d.Published[:4], "%d", &d.Year)
		}
		d.Fields = []string{}
		if fields != "" {
			d.Fields = strings.Split(fields, ",")
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// fieldList aggregates the distinct fields of figures f, comma-separated.
func (s *Store) fieldList() string { return s.eng.fieldList() }

// DrainOutbox sends what Meilisearch has not acknowledged, oldest first, in
// batches; a row leaves the outbox only after put succeeded, so an outage
// loses nothing and the next drain catches up.
func (s *Store) DrainOutbox(ctx context.Context, batch int, put func(context.Context, []index.Doc) error) (int, error) {
	sent := 0
	for {
		rows, err := s.query(ctx, `SELECT id, article_id FROM outbox ORDER BY id LIMIT ?`, batch)
		if err != nil {
			return sent, wrapErr(s.path, fmt.Errorf("store: outbox: %w", err))
		}
		var maxID int64
		seen := map[int64]bool{}
		var ids []int64
		for rows.Next() {
			var id, art int64
			if err := rows.Scan(&id, &art); err != nil {
				rows.Close()
				return sent, err
			}
			maxID = id
			if !seen[art] {
				seen[art] = true
				ids = append(ids, art)
			}
		}
		rows.Close()
		if maxID == 0 {
			return sent, nil
		}
		docs, err := s.indexDocs(ctx, ids)
		if err != nil {
			return sent, err
		}
		if err := put(ctx, docs); err != nil {
			return sent, err
		}
		if _, err := s.exec(ctx, `DELETE FROM outbox WHERE id <= ?`, maxID); err != nil {
			return sent, wrapErr(s.path, fmt.Errorf("store: outbox: %w", err))
		}
		sent += len(docs)
	}
}
