package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"baotinh/extract"
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
		q = t.bind(q)
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
		enc, raw := d.storedRaw()
		docRows = append(docRows, []any{d.SourceID, d.URL, d.CanonicalURL, d.ContentType, d.Charset, d.FetchedAt.Unix(), d.SHA256, len(d.Raw), enc, raw})
	}
	docID := map[string]int64{}
	if _, err := tx.queryRows(ctx, `INSERT INTO documents(source_id, url, canonical_url, content_type, charset, fetched_at, sha256, size, raw_encoding, raw) VALUES `,
		`(?,?,?,?,?,?,?,?,?,?)`, ` ON CONFLICT(canonical_url) DO NOTHING RETURNING id, canonical_url`, docRows, func(r *sql.Rows) error {
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
		if _, ok := docID[items[i].Doc.CanonicalURL]; ok {
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

	reps := make([]Replacement, len(fresh))
	for k, i := range fresh {
		it := &items[i]
		reps[k] = Replacement{DocID: docID[it.Doc.CanonicalURL], Article: it.Article, Version: it.Version, Prep: it.Prep}
	}
	dups, err := s.putArticles(ctx, tx, reps, opt)
	if err != nil {
		return nil, err
	}
	st.NearDuplicates += dups
	countWritten(st, reps)
	return slow, nil
}

// countWritten adds to st what putArticles writes for reps (of each
// document, its last article in the batch): figures and articles warned of
// a short body.
func countWritten(st *SaveStats, reps []Replacement) {
	last := map[int64]*extract.Article{}
	for _, r := range reps {
		if r.Article != nil {
			last[r.DocID] = r.Article
		}
	}
	for _, a := range last {
		st.Figures += len(a.Figures)
		for _, w := range a.Warnings {
			if w.Kind == extract.WarnShortBody {
				st.ShortBodies++
				break
			}
		}
	}
}

// rowSet gathers the rows of a batch of articles for multi-row statements.
type rowSet struct {
	meta, figs, warns, fts, bands, outbox, arts [][]any
}

// add gathers what hangs on article id: its meta row, figures, warnings,
// index row, SimHash bands and outbox entry, and its own row.
func (rs *rowSet) add(s *Store, id, docID int64, sourceID, url string, a *extract.Article, prep *Prepared, version string, dup int64, opt SaveOptions) {
	body := a.Body()
	var pubAt, dupV any
	if !a.Published.IsZero() {
		pubAt = a.Published.Time.Unix()
	}
	if dup != 0 {
		dupV = dup
	}
	hash := prep.Simhash
	rs.arts = append(rs.arts, []any{id, docID, sourceID, s.text(url), s.text(a.Title), a.Published.String(), pubAt, a.Province, a.ProvinceNow, s.text(body), version, int64(hash), dupV, now()})
	month := ""
	if p := a.Published.String(); len(p) >= 7 {
		month = p[:7]
	}
	var fields []string
	for _, f := range a.Figures {
		fields = append(fields, f.Field)
	}
	mask := index.FieldMask(fields...)
	rs.meta = append(rs.meta, []any{id, a.Province, a.ProvinceNow, sourceID, month, pubAt, mask})
	for _, f := range a.Figures {
		var year any
		if f.Year != nil {
			year = *f.Year
		}
		// a figure's sentence is read back from the body by its offsets
		// (engine.evidence) and kept with the figure only where it is not
		// there: a sentence stating several counts was stored once per
		// count, a tenth of the database
		start, end := f.Start-a.BodyStart, f.End-a.BodyStart
		evidence := f.Evidence
		if 0 <= start && start <= end && end <= len(body) && body[start:end] == f.Evidence {
			evidence = ""
		}
		rs.figs = append(rs.figs, []any{id, f.Metric, f.Field, f.Value, f.Approx, f.Qualifier, f.Scope, year, f.Period, f.AsOf, s.text(evidence), start, end})
	}
	for _, w := range a.Warnings {
		rs.warns = append(rs.warns, []any{id, w.Kind, w.Message, w.Total, w.Sum, w.Start - a.BodyStart, w.End - a.BodyStart})
	}
	rs.fts = append(rs.fts, s.eng.indexArgs(id, a.Title, body, index.Tags(a.Province, a.ProvinceNow, sourceID, month, mask), prep))
	if hash != 0 {
		for band := 0; band < 4; band++ {
			rs.bands = append(rs.bands, []any{band, int64((hash >> (16 * band)) & 0xFFFF), id, int64(hash)})
		}
	}
	if opt.Outbox {
		rs.outbox = append(rs.outbox, []any{id, now()})
	}
}

// articleCols are the columns of an articles row, in rowSet order.
const articleCols = `id, document_id, source_id, url, title, published, published_at, province, province_now, body, extractor_version, simhash, duplicate_of, updated_at`

// write inserts the rows; with replace, the articles exist and are
// updated, and their meta rows too.
func (rs *rowSet) write(ctx context.Context, s *Store, tx *stmtTx, replace bool) error {
	ftsHead, ftsRow, ftsTail := s.eng.indexRows()
	type stmt struct {
		head, row, tail string
		rows            [][]any
	}
	var stmts []stmt
	if replace {
		// typed, so that PostgreSQL reads the VALUES list as the columns' types
		stmts = append(stmts, stmt{`UPDATE articles SET source_id = v.column3, url = v.column4, title = v.column5, published = v.column6,
			published_at = v.column7, province = v.column8, province_now = v.column9, body = v.column10, extractor_version = v.column11,
			simhash = v.column12, duplicate_of = v.column13, updated_at = v.column14 FROM (VALUES `,
			`(CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?, ?, ?, CAST(? AS BIGINT), ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))`,
			`) AS v WHERE articles.id = v.column1`, rs.arts})
		stmts = append(stmts, stmt{`INSERT INTO article_meta(id, province, province_now, source_id, month, published_at, fields) VALUES `, `(?,?,?,?,?,?,?)`,
			` ON CONFLICT(id) DO UPDATE SET province = excluded.province, province_now = excluded.province_now, source_id = excluded.source_id, month = excluded.month, published_at = excluded.published_at, fields = excluded.fields`, rs.meta})
	} else {
		stmts = append(stmts,
			stmt{`INSERT INTO articles(` + articleCols + `) VALUES `, `(?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, ``, rs.arts},
			stmt{`INSERT INTO article_meta(id, province, province_now, source_id, month, published_at, fields) VALUES `, `(?,?,?,?,?,?,?)`, ``, rs.meta})
	}
	stmts = append(stmts,
		stmt{`INSERT INTO figures(article_id, metric, field, value, approx, qualifier, scope, year, period, as_of, evidence, start, end_) VALUES `, `(?,?,?,?,?,?,?,?,?,?,?,?,?)`, ``, rs.figs},
		stmt{`INSERT INTO warnings(article_id, kind, message, total, sum, start, end_) VALUES `, `(?,?,?,?,?,?,?)`, ``, rs.warns},
		stmt{ftsHead, ftsRow, ftsTail, rs.fts},
		stmt{`INSERT INTO simhash_bands(band, value, article_id, simhash) VALUES `, `(?,?,?,?)`, ` ON CONFLICT(band, value, article_id) DO UPDATE SET simhash = excluded.simhash`, rs.bands},
		stmt{`INSERT INTO outbox(article_id, op, created_at) VALUES `, `(?,'upsert',?)`, ``, rs.outbox})
	for _, w := range stmts {
		if err := tx.execRows(ctx, w.head, w.row, w.tail, w.rows); err != nil {
			return fmt.Errorf("%s: %w", firstLine(w.head), err)
		}
	}
	return nil
}

// putArticles writes the articles of stored documents in a few statements:
// a document's article is replaced (its figures, warnings, index rows and
// bands rewritten, its id kept) or, when it has none yet, inserted. It
// returns how many of them are near-duplicates. When a document comes
// twice, its last article wins.
func (s *Store) putArticles(ctx context.Context, tx *stmtTx, reps []Replacement, opt SaveOptions) (int, error) {
	type docInfo struct {
		source, url string
		art         int64
	}
	info := map[int64]docInfo{}
	for i := 0; i < len(reps); i += 1000 {
		chunk := reps[i:min(i+1000, len(reps))]
		args := make([]any, len(chunk))
		for k, r := range chunk {
			args[k] = r.DocID
		}
		rows, err := tx.Tx.QueryContext(ctx, s.bind(`SELECT d.id, d.source_id, d.url, coalesce(a.id, 0) FROM documents d LEFT JOIN articles a ON a.document_id = d.id WHERE d.id IN (`+inList(len(chunk))+`)`), args...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			var di docInfo
			if err := rows.Scan(&id, &di.source, &di.url, &di.art); err != nil {
				rows.Close()
				return 0, err
			}
			info[id] = di
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	last := map[int64]int{}
	for i, r := range reps {
		if _, ok := info[r.DocID]; !ok {
			return 0, fmt.Errorf("document %d: %w", r.DocID, ErrNotFound)
		}
		last[r.DocID] = i
	}
	var old, fresh []Replacement
	for i, r := range reps {
		switch {
		case last[r.DocID] != i:
		case info[r.DocID].art != 0:
			old = append(old, r)
		default:
			fresh = append(fresh, r)
		}
	}
	// ascending ids: the stored articles, then the new ones above them
	sort.Slice(old, func(i, j int) bool { return info[old[i].DocID].art < info[old[j].DocID].art })
	newIDs, err := s.eng.newArticleIDs(ctx, tx.Tx, len(fresh))
	if err != nil {
		return 0, err
	}
	all := append(old, fresh...)
	ids := make([]int64, len(all))
	preps := make([]*Prepared, len(all))
	var oldIDs [][]any
	for k, r := range all {
		if k < len(old) {
			ids[k] = info[r.DocID].art
			oldIDs = append(oldIDs, []any{ids[k]})
		} else {
			ids[k] = newIDs[k-len(old)]
		}
		if preps[k] = r.Prep; preps[k] == nil {
			preps[k] = Prepare(r.Article)
		}
	}
	// what hangs on the old extractions goes first
	dels := []string{`DELETE FROM figures WHERE article_id IN (`, `DELETE FROM warnings WHERE article_id IN (`, `DELETE FROM simhash_bands WHERE article_id IN (`}
	tables, col := s.eng.indexTables()
	for _, t := range tables {
		dels = append(dels, `DELETE FROM `+t+` WHERE `+col+` IN (`)
	}
	if len(oldIDs) > 0 {
		for _, head := range dels {
			if err := tx.execIn(ctx, head, oldIDs); err != nil {
				return 0, fmt.Errorf("%s: %w", head, err)
			}
		}
	}
	batch := make([]linkNode, len(all))
	var replacedIDs []int64
	for k, r := range all {
		pub := int64(math.MaxInt64)
		if !r.Article.Published.IsZero() {
			pub = r.Article.Published.Time.Unix()
		}
		batch[k] = linkNode{key: linkKey{pub: pub, url: s.text(info[r.DocID].url), id: ids[k]}, hash: preps[k].Simhash}
		if k < len(old) {
			replacedIDs = append(replacedIDs, ids[k])
		}
	}
	dups, relinks, err := s.linkBatch(ctx, tx, batch, replacedIDs)
	if err != nil {
		return 0, fmt.Errorf("near-duplicates: %w", err)
	}
	var replaced, inserted rowSet
	n := 0
	for k, r := range all {
		rs := &inserted
		if k < len(old) {
			rs = &replaced
		}
		di := info[r.DocID]
		rs.add(s, ids[k], r.DocID, di.source, di.url, r.Article, preps[k], r.Version, dups[k], opt)
		if dups[k] != 0 {
			n++
		}
	}
	if err := replaced.write(ctx, s, tx, true); err != nil {
		return 0, err
	}
	if err := inserted.write(ctx, s, tx, false); err != nil {
		return 0, err
	}
	if err := tx.changed(ctx); err != nil {
		return 0, err
	}
	// stored articles whose original the batch changed, in id order
	changed := make([]int64, 0, len(relinks))
	for id := range relinks {
		changed = append(changed, id)
	}
	slices.Sort(changed)
	for _, id := range changed {
		var of any
		if relinks[id] != 0 {
			of = relinks[id]
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET duplicate_of = ? WHERE id = ?`, of, id); err != nil {
			return 0, fmt.Errorf("near-duplicate link of %d: %w", id, err)
		}
	}
	return n, nil
}

// execIn runs head ?,?,… ) over the values, 1,000 at a time.
func (t *stmtTx) execIn(ctx context.Context, head string, vals [][]any) error {
	for i := 0; i < len(vals); i += 1000 {
		if err := t.execRows(ctx, head, "?", ")", vals[i:min(i+1000, len(vals))]); err != nil {
			return err
		}
	}
	return nil
}
