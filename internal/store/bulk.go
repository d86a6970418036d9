package store

import (
	"context"
	"database/sql"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"baotinh/index"
)

// maxParams keeps a statement under both databases' limits on bound
// parameters (SQLite 32,766; PostgreSQL 65,535).
const maxParams = 30000

// execRows runs head VALUES row, row, … tail for every row of args, in as
// few statements as maxParams allows. Each call sends one statement per
// chunk: on PostgreSQL a round trip per statement is most of a writer's
// time, so a batch of articles costs a dozen round trips, not thousands.
func (t *stmtTx) execRows(ctx context.Context, head, row, tail string, rows [][]any) error {
	_, err := t.queryRows(ctx, head, row, tail, rows, nil)
	return err
}

// queryRows is execRows for a statement with RETURNING: scan is called for
// every row returned.
func (t *stmtTx) queryRows(ctx context.Context, head, row, tail string, rows [][]any, scan func(*sql.Rows) error) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	per := max(1, maxParams/max(1, len(rows[0])))
	n := 0
	for i := 0; i < len(rows); i += per {
		chunk := rows[i:min(i+per, len(rows))]
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for k, r := range chunk {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(row)
			args = append(args, r...)
		}
		b.WriteString(tail)
		q := b.String()
		if t.pg {
			q = index.Rebind(q)
		}
		if scan == nil {
			if _, err := t.Tx.ExecContext(ctx, q, args...); err != nil {
				return n, err
			}
			continue
		}
		rs, err := t.Tx.QueryContext(ctx, q, args...)
		if err != nil {
			return n, err
		}
		for rs.Next() {
			if err := scan(rs); err != nil {
				rs.Close()
				return n, err
			}
			n++
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// inList is "?,?,…" for n values.
func inList(n int) string { return "?" + strings.Repeat(",?", n-1) }

// saveFresh writes, in a few multi-row statements, the items whose URL and
// content the store does not hold yet, with their articles; it returns the
// items it left for saveOne (known URLs or content, a URL or content met
// twice in the batch, a URL another process stored meanwhile), in order.
func (s *Store) saveFresh(ctx context.Context, tx *stmtTx, items []Item, opt SaveOptions, st *SaveStats) ([]int, error) {
	var urls, shas []any
	for i := range items {
		if items[i].Doc.FetchedAt.IsZero() {
			items[i].Doc.FetchedAt = time.Now()
		}
		urls = append(urls, items[i].Doc.CanonicalURL)
		shas = append(shas, items[i].Doc.Hash())
	}
	known := map[string]bool{}
	for i := 0; i < len(urls); i += 1000 {
		u, h := urls[i:min(i+1000, len(urls))], shas[i:min(i+1000, len(shas))]
		rows, err := tx.Tx.QueryContext(ctx, s.bind(`SELECT canonical_url FROM documents WHERE canonical_url IN (`+inList(len(u))+`)
			UNION ALL SELECT sha256 FROM documents WHERE sha256 IN (`+inList(len(h))+`)`), append(append([]any{}, u...), h...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k string
			rows.Scan(&k)
			known[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var fresh, slow []int
	seen := map[string]bool{}
	for i := range items {
		d := &items[i].Doc
		if items[i].Article == nil || known[d.CanonicalURL] || known[d.SHA256] || seen[d.CanonicalURL] || seen[d.SHA256] {
			slow = append(slow, i)
		} else {
			fresh = append(fresh, i)
		}
		seen[d.CanonicalURL], seen[d.SHA256] = true, true
	}
	if len(fresh) == 0 {
		return slow, nil
	}

	// documents; a URL another process stored meanwhile comes back empty
	var docRows [][]any
	for _, i := range fresh {
		d := &items[i].Doc
		docRows = append(docRows, []any{d.SourceID, s.text(d.URL), s.text(d.CanonicalURL), d.ContentType, d.Charset, d.FetchedAt.Unix(), d.SHA256, len(d.Raw), d.Raw})
	}
	docID := map[string]int64{}
	if _, err := tx.queryRows(ctx, `INSERT INTO documents(source_id, url, canonical_url, content_type, charset, fetched_at, sha256, size, raw) VALUES `,
		`(?,?,?,?,?,?,?,?,?)`, ` ON CONFLICT(canonical_url) DO NOTHING RETURNING id, canonical_url`, docRows, func(r *sql.Rows) error {
			var id int64
			var u string
			err := r.Scan(&id, &u)
			docID[u] = id
			return err
		}); err != nil {
		return nil, err
	}
	kept := fresh[:0]
	for _, i := range fresh {
		if _, ok := docID[s.text(items[i].Doc.CanonicalURL)]; ok {
			kept = append(kept, i)
		} else {
			slow = append(slow, i)
		}
	}
	fresh = kept
	st.New += len(fresh)
	if len(fresh) == 0 {
		return slow, nil
	}

	// article ids, known before the rows are written so that links between
	// articles of the batch are written with them
	ids := make([]int64, len(fresh))
	if s.pg {
		rows, err := tx.Tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, $1) ORDER BY 1`, len(fresh))
		if err != nil {
			return nil, err
		}
		for k := 0; rows.Next(); k++ {
			rows.Scan(&ids[k])
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	} else {
		// the writer holds SQLite's write lock: nobody else takes these
		var top int64
		if err := tx.Tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM articles`).Scan(&top); err != nil {
			return nil, err
		}
		for k := range ids {
			ids[k] = top + int64(k) + 1
		}
	}

	preps := make([]*Prepared, len(fresh))
	for k, i := range fresh {
		if preps[k] = items[i].Prep; preps[k] == nil {
			preps[k] = Prepare(items[i].Article)
		}
	}
	dups, err := s.batchDuplicates(ctx, tx, ids, preps)
	if err != nil {
		return nil, err
	}

	var arts, meta, figs, warns, fts, bands, outbox [][]any
	for k, i := range fresh {
		it := &items[i]
		a, d, id := it.Article, &it.Doc, ids[k]
		body := a.Body()
		var pubAt, dup any
		if !a.Published.IsZero() {
			pubAt = a.Published.Time.Unix()
		}
		if dups[k] != 0 {
			dup = dups[k]
			st.NearDuplicates++
		}
		hash := preps[k].Simhash
		arts = append(arts, []any{id, docID[s.text(d.CanonicalURL)], d.SourceID, s.text(d.URL), s.text(a.Title), a.Published.String(), pubAt, a.Province, a.ProvinceNow, s.text(body), it.Version, int64(hash), dup, now()})
		month := ""
		if p := a.Published.String(); len(p) >= 7 {
			month = p[:7]
		}
		meta = append(meta, []any{id, a.Province, a.ProvinceNow, d.SourceID, month, pubAt})
		for _, f := range a.Figures {
			var year any
			if f.Year != nil {
				year = *f.Year
			}
			figs = append(figs, []any{id, f.Metric, f.Field, f.Value, f.Approx, f.Qualifier, f.Scope, year, f.Period, f.AsOf, s.text(f.Evidence), f.Start - a.BodyStart, f.End - a.BodyStart})
		}
		for _, w := range a.Warnings {
			warns = append(warns, []any{id, w.Kind, w.Message, w.Total, w.Sum, w.Start - a.BodyStart, w.End - a.BodyStart})
		}
		if s.pg {
			fts = append(fts, index.PostgresArgs(id, s.text(a.Title), s.text(body)))
		} else {
			fts = append(fts, index.SQLiteArgs(id, preps[k].TitleFold, preps[k].BodyFold))
		}
		if hash != 0 {
			for band := 0; band < 4; band++ {
				bands = append(bands, []any{band, int64((hash >> (16 * band)) & 0xFFFF), id, int64(hash)})
			}
		}
		if opt.Outbox {
			outbox = append(outbox, []any{id, now()})
		}
	}
	ftsHead, ftsRow := index.SQLiteInsert, index.SQLiteRow
	if s.pg {
		ftsHead, ftsRow = index.PostgresInsert, index.PostgresRow
	}
	for _, w := range []struct {
		head, row string
		rows      [][]any
	}{
		{`INSERT INTO articles(id, document_id, source_id, url, title, published, published_at, province, province_now, body, extractor_version, simhash, duplicate_of, updated_at) VALUES `, `(?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, arts},
		{`INSERT INTO article_meta(id, province, province_now, source_id, month, published_at) VALUES `, `(?,?,?,?,?,?)`, meta},
		{`INSERT INTO figures(article_id, metric, field, value, approx, qualifier, scope, year, period, as_of, evidence, start, end_) VALUES `, `(?,?,?,?,?,?,?,?,?,?,?,?,?)`, figs},
		{`INSERT INTO warnings(article_id, kind, message, total, sum, start, end_) VALUES `, `(?,?,?,?,?,?,?)`, warns},
		{ftsHead, ftsRow, fts},
		{`INSERT INTO simhash_bands(band, value, article_id, simhash) VALUES `, `(?,?,?,?)`, bands},
		{`INSERT INTO outbox(article_id, op, created_at) VALUES `, `(?,'upsert',?)`, outbox},
	} {
		if err := tx.execRows(ctx, w.head, w.row, "", w.rows); err != nil {
			return nil, err
		}
	}
	return slow, nil
}

// batchDuplicates finds, for each new article (ids[k], not stored yet), the
// original it nearly duplicates: the oldest stored article within
// NearDistance bits, else the first earlier article of the batch; the link
// goes to the original that one points to. 0 for none.
func (s *Store) batchDuplicates(ctx context.Context, tx *stmtTx, ids []int64, preps []*Prepared) ([]int64, error) {
	out := make([]int64, len(ids))
	best := make([]int64, len(ids))
	if s.pg {
		// every band of every article in one statement
		var vals []string
		var args []any
		for k, p := range preps {
			if p.Simhash == 0 {
				continue
			}
			for band := 0; band < 4; band++ {
				vals = append(vals, "(?::int, ?::smallint, ?::int)")
				args = append(args, k, band, int64((p.Simhash>>(16*band))&0xFFFF))
			}
		}
		if len(vals) > 0 {
			for start := 0; start < len(vals); start += maxParams / 3 {
				end := min(start+maxParams/3, len(vals))
				q := index.Rebind(`SELECT v.k, c.article_id, c.simhash FROM (VALUES ` + strings.Join(vals[start:end], ",") + `) AS v(k, band, value)
					CROSS JOIN LATERAL (SELECT article_id, simhash FROM simhash_bands b WHERE b.band = v.band AND b.value = v.value ORDER BY article_id DESC LIMIT ` + strconv.Itoa(maxBandCandidates) + `) c`)
				rows, err := tx.Tx.QueryContext(ctx, q, args[start*3:end*3]...)
				if err != nil {
					return nil, err
				}
				for rows.Next() {
					var k int
					var other, h int64
					if err := rows.Scan(&k, &other, &h); err != nil {
						rows.Close()
						return nil, err
					}
					if bits.OnesCount64(uint64(h)^preps[k].Simhash) <= NearDistance && (best[k] == 0 || other < best[k]) {
						best[k] = other
					}
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return nil, err
				}
			}
		}
	} else {
		for k, p := range preps {
			// in-process: the lookup resolves the original itself
			id, err := nearDuplicateOf(ctx, tx, 0, p.Simhash)
			if err != nil {
				return nil, err
			}
			out[k] = id
		}
	}
	if s.pg {
		// the originals the matches point to
		var found []any
		for _, b := range best {
			if b != 0 {
				found = append(found, b)
			}
		}
		root := map[int64]int64{}
		if len(found) > 0 {
			rows, err := tx.Tx.QueryContext(ctx, index.Rebind(`SELECT id, coalesce(duplicate_of, id) FROM articles WHERE id IN (`+inList(len(found))+`)`), found...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var id, r int64
				rows.Scan(&id, &r)
				root[id] = r
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
		for k, b := range best {
			if b != 0 {
				out[k] = root[b]
			}
		}
	}
	// within the batch: the first earlier article that close
	for k, p := range preps {
		if out[k] != 0 || p.Simhash == 0 {
			continue
		}
		for j := 0; j < k; j++ {
			if preps[j].Simhash != 0 && bits.OnesCount64(preps[j].Simhash^p.Simhash) <= NearDistance {
				out[k] = ids[j]
				if out[j] != 0 {
					out[k] = out[j]
				}
				break
			}
		}
	}
	return out, nil
}
