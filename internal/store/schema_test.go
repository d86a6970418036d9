package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store/storetest"
)

// engineOnly are the tables and indexes one engine has by its nature: the
// full-text index (FTS5 in SQLite; tsvector tables with GIN indexes in
// PostgreSQL) and where PostgreSQL keeps its schema version (SQLite's is
// user_version).
var engineOnly = map[string]bool{
	"table article_fts": true, "table article_words": true, "table baotinh_schema": true,
	"index article_fts_tsv": true, "index article_words_w": true,
}

// shape lists a schema as lines: "table T: c1 c2 …" (columns sorted) and
// "index I on T(c1, c2)", sorted, without what engineOnly names.
func shape(t *testing.T, s *Store) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	add := func(kind, name, line string) {
		if !engineOnly[kind+" "+name] {
			out = append(out, line)
		}
	}
	strs := func(q string, args ...any) []string {
		t.Helper()
		rows, err := s.db.QueryContext(ctx, s.bind(q), args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var v []string
		for rows.Next() {
			var x string
			if err := rows.Scan(&x); err != nil {
				t.Fatal(err)
			}
			v = append(v, x)
		}
		return v
	}
	pairs := func(q string) [][2]string {
		t.Helper()
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var v [][2]string
		for rows.Next() {
			var a, b sql.NullString
			if err := rows.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			v = append(v, [2]string{a.String, b.String})
		}
		return v
	}
	if IsPostgres(s.path) {
		for _, tbl := range strs(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
			cols := strs(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY column_name`, tbl)
			add("table", tbl, fmt.Sprintf("table %s: %s", tbl, strings.Join(cols, " ")))
		}
		// indexes other than those of primary keys and unique constraints
		for _, ix := range pairs(`SELECT i.relname, t.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND NOT x.indisprimary
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`) {
			cols := strs(`SELECT a.attname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
				CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
				JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
				WHERE i.relname = ? ORDER BY k.ord`, ix[0])
			add("index", ix[0], fmt.Sprintf("index %s on %s(%s)", ix[0], ix[1], strings.Join(cols, ", ")))
		}
	} else {
		for _, tbl := range strs(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'article_fts_%'`) {
			cols := strs(`SELECT name FROM pragma_table_info(?) ORDER BY name`, tbl)
			add("table", tbl, fmt.Sprintf("table %s: %s", tbl, strings.Join(cols, " ")))
		}
		for _, ix := range pairs(`SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`) {
			cols := strs(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix[0])
			add("index", ix[0], fmt.Sprintf("index %s on %s(%s)", ix[0], ix[1], strings.Join(cols, ", ")))
		}
	}
	slices.Sort(out)
	return out
}

// TestSchemaParity: whatever their histories, the two engines end up with
// the same tables, columns and indexes, but for the full-text index each
// has by its nature. It needs PostgreSQL (.ci/run starts one).
func TestSchemaParity(t *testing.T) {
	pg := storetest.Postgres(t)
	a, _ := openAt(t, storetest.SQLite(t))
	b, _ := openAt(t, pg)
	sa, sb := shape(t, a), shape(t, b)
	if len(sa) < 12 {
		t.Fatalf("SQLite's schema read as %d lines: %q", len(sa), sa)
	}
	for _, l := range sa {
		if !slices.Contains(sb, l) {
			t.Errorf("SQLite has, PostgreSQL lacks: %s", l)
		}
	}
	for _, l := range sb {
		if !slices.Contains(sa, l) {
			t.Errorf("PostgreSQL has, SQLite lacks: %s", l)
		}
	}
}

// TestFieldMaskFill: the step that added article_meta.fields fills it from
// the stored figures as writes do (index.FieldMask), on both engines.
func TestFieldMaskFill(t *testing.T) { storetest.Each(t, testFieldMaskFill) }

func testFieldMaskFill(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, []Item{item(t, x, "u1", text1), item(t, x, "u2", text2)}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	masks := func() map[int64]int64 {
		t.Helper()
		rows, err := s.db.QueryContext(ctx, `SELECT id, fields FROM article_meta ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64]int64{}
		for rows.Next() {
			var id, m int64
			if err := rows.Scan(&id, &m); err != nil {
				t.Fatal(err)
			}
			out[id] = m
		}
		return out
	}
	written := masks()
	if written[1] != index.FieldMask("all", "economy") || written[2] != index.FieldMask("all") {
		t.Fatalf("masks as written %v", written)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE article_meta SET fields = 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, fillFieldMask); err != nil {
		t.Fatal(err)
	}
	if filled := masks(); fmt.Sprint(filled) != fmt.Sprint(written) {
		t.Errorf("filled %v, written %v", filled, written)
	}
}

// TestIndexTagsRebuilt: the step that gives SQLite's index its tags column
// rebuilds it from the stored articles with the same rows the writes make,
// so a filtered search finds after it what it found before.
func TestIndexTagsRebuilt(t *testing.T) {
	ctx := context.Background()
	s, _ := openAt(t, storetest.SQLite(t))
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, []Item{item(t, x, "u1", text1), item(t, x, "u2", text2)}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	tags := func() string {
		t.Helper()
		var out []string
		rows, err := s.db.QueryContext(ctx, `SELECT a.id, `+metaTagColumns+` FROM articles a LEFT JOIN article_meta m ON m.id = a.id ORDER BY a.id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var r tagRow
			if err := rows.Scan(&id, &r.province, &r.provinceNow, &r.source, &r.month, &r.fields); err != nil {
				t.Fatal(err)
			}
			var n int
			// every tag of the article finds it in the index's tags column
			for _, w := range strings.Fields(r.tags()) {
				if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM article_fts WHERE article_fts MATCH ? AND rowid = ?`, `{tags} : "`+w+`"`, id).Scan(&n); err != nil || n != 1 {
					t.Errorf("article %d: tag %s found %d times (%v)", id, w, n, err)
				}
			}
			out = append(out, r.tags())
		}
		return strings.Join(out, "|")
	}
	written := tags()
	if !strings.Contains(written, "m20") || !strings.Contains(written, "p") {
		t.Fatalf("tags as written: %q", written)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := addIndexTags(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if rebuilt := tags(); rebuilt != written {
		t.Errorf("rebuilt %q, written %q", rebuilt, written)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM article_fts WHERE article_fts MATCH ?`, `{title_fold body_fold} : "dan van"`).Scan(&n); err != nil || n != 2 {
		t.Errorf("text after the rebuild: %d matches (%v), want 2", n, err)
	}
}

// TestFTSAutomerge: a new SQLite store's index merges eight segments a
// level (the schema step ftsAutomerge), kept in FTS5's own config table.
func TestFTSAutomerge(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir()+"/a.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT v FROM article_fts_config WHERE k = 'automerge'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != 8 {
		t.Errorf("automerge = %d, want 8", v)
	}
}
