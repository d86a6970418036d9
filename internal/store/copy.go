package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// CopyStats counts what Copy moved.
type CopyStats struct {
	Documents, Articles, Figures int
	Resumed                      bool // a previous copy was continued
}

// Copy copies everything src holds into dst — sources, raw documents with
// their aliases, articles with their figures, warnings, near-duplicate links
// and index rows, and crawl validators — keeping every id, so dst answers
// exactly as src did. It copies documents in id order, a batch per
// transaction with a checkpoint in dst, so a killed copy resumes where it
// stopped. dst must be empty unless it holds such a checkpoint.
// Meilisearch's outbox and unfinished jobs are not copied.
func Copy(ctx context.Context, src, dst *Store, progress func(done, total int)) (CopyStats, error) {
	var cs CopyStats
	job := "copy from " + src.Path()
	state, resumed, err := dst.Job(ctx, job)
	if err != nil {
		return cs, err
	}
	cs.Resumed = resumed
	var after int64
	if resumed {
		if after, err = strconv.ParseInt(state, 10, 64); err != nil {
			return cs, fmt.Errorf("store %s: copy checkpoint %q: %w", dst.path, state, err)
		}
	} else {
		c, err := dst.Counts(ctx)
		if err != nil {
			return cs, err
		}
		if c.Documents > 0 {
			return cs, fmt.Errorf("store %s holds %d documents: copy into an empty store", dst.path, c.Documents)
		}
	}
	var total, done int
	if err := src.row(ctx, `SELECT count(*), coalesce(sum(CASE WHEN id <= ? THEN 1 ELSE 0 END), 0) FROM documents`, after).Scan(&total, &done); err != nil {
		return cs, wrapErr(src.path, fmt.Errorf("store: copy: %w", err))
	}
	// small tables first, whole: they are upserted, so copying them again is harmless
	if err := copyRows(ctx, src, dst, `SELECT id, name, province, url, last_run, next_run, last_error, last_success, pages, articles_new, errors FROM sources`,
		`INSERT INTO sources(id, name, province, url, last_run, next_run, last_error, last_success, pages, articles_new, errors) VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`); err != nil {
		return cs, err
	}
	if err := copyRows(ctx, src, dst, `SELECT url, etag, last_modified, updated_at FROM http_cache`,
		`INSERT INTO http_cache(url, etag, last_modified, updated_at) VALUES(?,?,?,?) ON CONFLICT(url) DO NOTHING`); err != nil {
		return cs, err
	}
	for {
		var ids []int64
		rows, err := src.query(ctx, `SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT ?`, after, dst.opt.CopyBatch)
		if err != nil {
			return cs, wrapErr(src.path, fmt.Errorf("store: copy: %w", err))
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return cs, err
		}
		if len(ids) == 0 {
			break
		}
		n, err := copyBatch(ctx, src, dst, ids, job)
		if err != nil {
			return cs, err
		}
		cs.Documents += len(ids)
		cs.Articles += n.Articles
		cs.Figures += n.Figures
		after = ids[len(ids)-1]
		done += len(ids)
		if progress != nil {
			progress(done, total)
		}
	}
	// near-duplicate links last: the original may come in a later batch
	if err := copyDuplicateLinks(ctx, src, dst); err != nil {
		return cs, err
	}
	if err := dst.eng.afterCopy(ctx, dst); err != nil {
		return cs, err
	}
	return cs, dst.EndJob(ctx, job)
}

// copyBatch copies documents ids and all that hangs on them in one dst
// transaction, with the checkpoint.
func copyBatch(ctx context.Context, src, dst *Store, ids []int64, job string) (CopyStats, error) {
	var n CopyStats
	in := "?" + strings.Repeat(",?", len(ids)-1)
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	arts := `(SELECT id FROM articles WHERE document_id IN (` + in + `))`
	steps := []struct{ sel, ins string }{
		{`SELECT id, source_id, url, canonical_url, content_type, charset, fetched_at, sha256, size, raw_encoding, raw FROM documents WHERE id IN (` + in + `)`,
			`INSERT INTO documents(id, source_id, url, canonical_url, content_type, charset, fetched_at, sha256, size, raw_encoding, raw) VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`},
		{`SELECT canonical_url, document_id FROM aliases WHERE document_id IN (` + in + `)`,
			`INSERT INTO aliases(canonical_url, document_id) VALUES(?,?) ON CONFLICT(canonical_url) DO NOTHING`},
		{`SELECT id, document_id, source_id, url, title, published, published_at, province, province_now, body, extractor_version, simhash, NULL, updated_at FROM articles WHERE document_id IN (` + in + `)`,
			`INSERT INTO articles(id, document_id, source_id, url, title, published, published_at, province, province_now, body, extractor_version, simhash, duplicate_of, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`},
		{`SELECT id, province, province_now, source_id, month, published_at, fields FROM article_meta WHERE id IN ` + arts,
			`INSERT INTO article_meta(id, province, province_now, source_id, month, published_at, fields) VALUES(?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`},
		{`SELECT id, article_id, metric, field, value, approx, qualifier, scope, year, period, as_of, evidence, start, end_ FROM figures WHERE article_id IN ` + arts,
			`INSERT INTO figures(id, article_id, metric, field, value, approx, qualifier, scope, year, period, as_of, evidence, start, end_) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`},
		{`SELECT id, article_id, kind, message, total, sum, start, end_ FROM warnings WHERE article_id IN ` + arts,
			`INSERT INTO warnings(id, article_id, kind, message, total, sum, start, end_) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING`},
		{`SELECT band, value, article_id, simhash FROM simhash_bands WHERE article_id IN ` + arts,
			`INSERT INTO simhash_bands(band, value, article_id, simhash) VALUES(?,?,?,?) ON CONFLICT(band, value, article_id) DO NOTHING`},
	}
	err := dst.retry(ctx, func() error {
		n = CopyStats{}
		tx, err := dst.begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		defer tx.close()
		for i, st := range steps {
			k, err := copyInto(ctx, src, tx, dst, st.sel, st.ins, args)
			if err != nil {
				return err
			}
			switch i {
			case 2:
				n.Articles = k
			case 4:
				n.Figures = k
			}
		}
		// the index is built by dst itself: its own kind of index
		rows, err := src.query(ctx, `SELECT a.id, a.title, a.body, `+metaTagColumns+` FROM articles a LEFT JOIN article_meta m ON m.id = a.id WHERE a.document_id IN (`+in+`)`, args...)
		if err != nil {
			return wrapErr(src.path, fmt.Errorf("store: copy: %w", err))
		}
		var fts [][]any
		for rows.Next() {
			var id int64
			var title, body string
			var t tagRow
			if err := rows.Scan(&id, &title, &body, &t.province, &t.provinceNow, &t.source, &t.month, &t.fields); err != nil {
				rows.Close()
				return err
			}
			fts = append(fts, dst.eng.indexArgs(id, title, body, t.tags(), nil))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		head, row, tail := dst.eng.indexRows()
		if err := tx.execRows(ctx, head, row, tail, fts); err != nil {
			return fmt.Errorf("store: copy: index: %w", err)
		}
		if err := tx.setJob(ctx, job, strconv.FormatInt(ids[len(ids)-1], 10)); err != nil {
			return err
		}
		if err := tx.changed(ctx); err != nil {
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return n, wrapErr(dst.path, fmt.Errorf("store: copy documents %d–%d: %w", ids[0], ids[len(ids)-1], err))
	}
	return n, nil
}

// copyInto runs sel on src and ins for its rows in tx, as few multi-row
// statements as the parameter limits allow; it returns the rows copied.
// ins is one INSERT … VALUES(?,…) … statement.
func copyInto(ctx context.Context, src *Store, tx *stmtTx, dst *Store, sel, ins string, args []any) (int, error) {
	rows, err := src.query(ctx, sel, args...)
	if err != nil {
		return 0, wrapErr(src.path, fmt.Errorf("store: copy: %s: %w", firstLine(sel), err))
	}
	cols, _ := rows.Columns()
	var all [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return 0, err
		}
		for i, v := range vals {
			if s, ok := v.(string); ok {
				vals[i] = dst.text(s)
			}
		}
		all = append(all, vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	v := strings.Index(ins, "VALUES(")
	end := strings.IndexByte(ins[v:], ')') + v + 1
	if err := tx.execRows(ctx, ins[:v]+"VALUES ", ins[v+len("VALUES"):end], ins[end:], all); err != nil {
		return 0, fmt.Errorf("%s: %w", firstLine(ins), err)
	}
	return len(all), nil
}

// copyRows copies a whole small table in one transaction.
func copyRows(ctx context.Context, src, dst *Store, sel, ins string) error {
	tx, err := dst.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	defer tx.close()
	if _, err := copyInto(ctx, src, tx, dst, sel, ins, nil); err != nil {
		return wrapErr(dst.path, fmt.Errorf("store: copy: %w", err))
	}
	return tx.Commit()
}

// copyDuplicateLinks sets dst's near-duplicate links from src's.
func copyDuplicateLinks(ctx context.Context, src, dst *Store) error {
	rows, err := src.query(ctx, `SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL ORDER BY id`)
	if err != nil {
		return wrapErr(src.path, fmt.Errorf("store: copy: %w", err))
	}
	type link struct{ id, of int64 }
	var links []link
	for rows.Next() {
		var l link
		rows.Scan(&l.id, &l.of)
		links = append(links, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i := 0; i < len(links); i += 500 {
		tx, err := dst.begin(ctx)
		if err != nil {
			return err
		}
		for _, l := range links[i:min(i+500, len(links))] {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET duplicate_of = ? WHERE id = ?`, l.of, l.id); err != nil {
				tx.Rollback()
				tx.close()
				return wrapErr(dst.path, fmt.Errorf("store: copy: near-duplicate of %d: %w", l.id, err))
			}
		}
		err = tx.Commit()
		tx.close()
		if err != nil {
			return wrapErr(dst.path, fmt.Errorf("store: copy: %w", err))
		}
	}
	return nil
}
