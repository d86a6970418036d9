package index_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
	"baotinh/internal/store/storetest"
)

// seedDocs are the five seed articles as the store would hold them.
func seedStore(t *testing.T) *store.Store {
	t.Helper()
	return seedStoreAt(t, storetest.SQLite(t))
}

func seedStoreAt(t *testing.T, loc string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	x, _ := extract.Default()
	files, _ := filepath.Glob("../seeds/*.txt")
	var items []store.Item
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		a, err := x.Text(string(raw), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, store.Item{Doc: store.Document{URL: filepath.Base(f), CanonicalURL: "file://" + f, ContentType: "text/plain", Raw: raw}, Article: a, Version: x.Version()})
	}
	if _, err := s.Save(ctx, items, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// runContract checks what every backend must answer over the seed corpus.
func runContract(t *testing.T, s index.Searcher) {
	ctx := context.Background()
	search := func(q index.Query) *index.Result {
		t.Helper()
		r, err := s.Search(ctx, q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		return r
	}
	first := func(r *index.Result) string {
		if len(r.Hits) == 0 {
			return ""
		}
		return r.Hits[0].URL
	}
	t.Run("folded query finds all five", func(t *testing.T) {
		r := search(index.Query{Text: "dan van kheo"})
		if r.Total != 5 || len(r.Hits) != 5 {
			t.Errorf("total %d hits %d", r.Total, len(r.Hits))
		}
		if r.Facets["province"]["Hậu Giang"] != 2 || r.Facets["province_now"]["Cần Thơ"] != 2 {
			t.Errorf("facets %v", r.Facets)
		}
	})
	for _, q := range []string{"hoa binh", "Hoà Bình", "Hòa Bình", "HÒA BÌNH"} {
		t.Run("province name "+q, func(t *testing.T) {
			if r := search(index.Query{Text: q}); !strings.HasPrefix(first(r), "003_") {
				t.Errorf("first hit %q", first(r))
			}
		})
	}
	t.Run("number", func(t *testing.T) {
		r := search(index.Query{Text: "11.441"})
		if r.Total != 1 || !strings.HasPrefix(first(r), "003_") {
			t.Errorf("total %d first %q", r.Total, first(r))
		}
		if !strings.Contains(r.Hits[0].Snippet, "<mark>11</mark>.<mark>441</mark>") {
			t.Errorf("snippet %q", r.Hits[0].Snippet)
		}
	})
	t.Run("đ folds to d", func(t *testing.T) {
		r := search(index.Query{Text: "dang bo khoi"})
		if r.Total == 0 || !strings.HasPrefix(first(r), "002_") {
			t.Errorf("total %d first %q", r.Total, first(r))
		}
		if !strings.Contains(r.Hits[0].Snippet, "<mark>Đảng</mark>") {
			t.Errorf("snippet not in the original text: %q", r.Hits[0].Snippet)
		}
	})
	t.Run("province filter, empty query", func(t *testing.T) {
		r := search(index.Query{ProvinceNow: "Cần Thơ"})
		if r.Total != 2 {
			t.Errorf("total %d", r.Total)
		}
		for _, h := range r.Hits {
			if h.Province != "Hậu Giang" {
				t.Errorf("hit %+v", h)
			}
		}
		r = search(index.Query{Provinces: []string{"An Giang"}, Text: "dân vận"})
		if r.Total != 1 {
			t.Errorf("An Giang total %d", r.Total)
		}
	})
	t.Run("phrase, prefix, bad quotes", func(t *testing.T) {
		if r := search(index.Query{Text: `"dân vận khéo"`}); r.Total != 5 {
			t.Errorf("phrase total %d", r.Total)
		}
		if r := search(index.Query{Text: "khé*"}); r.Total != 5 {
			t.Errorf("prefix total %d", r.Total)
		}
		for _, q := range []string{`"dân vận`, `dân" "`, `***`, `NEAR(a b)`, `a OR`, `-`, `"`, `title:x`, "dân\x00vận"} {
			search(index.Query{Text: q})
		}
		if r := search(index.Query{Text: "dân vận", Provinces: []string{"Hậu\x00Giang"}, Source: "a\x00b"}); r.Total != 0 {
			t.Errorf("a filter holding NUL found %d", r.Total)
		}
	})
	t.Run("dates and fields", func(t *testing.T) {
		from := time.Date(2024, 7, 1, 0, 0, 0, 0, extract.Vietnam)
		to := time.Date(2024, 7, 31, 23, 59, 59, 0, extract.Vietnam)
		r := search(index.Query{Text: "dân vận", From: from, To: to})
		if r.Total != 2 {
			t.Errorf("July 2024: total %d", r.Total)
		}
		if r.Facets["month"]["2024-07"] != 2 {
			t.Errorf("month facet %v", r.Facets["month"])
		}
		r = search(index.Query{Field: "economy"})
		if r.Total != 2 {
			t.Errorf("with an economy figure: %d", r.Total)
		}
	})
	t.Run("a filter finds with a query what it lists without one", func(t *testing.T) {
		// every seed holds "dân vận khéo": the query changes nothing a filter selects
		from := time.Date(2024, 7, 1, 0, 0, 0, 0, extract.Vietnam)
		to := time.Date(2024, 9, 30, 23, 59, 59, 0, extract.Vietnam)
		for name, f := range map[string]index.Query{
			"province": {Provinces: []string{"Hòa Bình"}}, "two provinces": {Provinces: []string{"Hoà Bình", "An Giang"}},
			"current unit": {ProvinceNow: "Cần Thơ"}, "field": {Field: "economy"}, "from": {From: from},
			"range": {From: from, To: to}, "until": {To: to}, "all": {Provinces: []string{"Hậu Giang"}, Field: "economy", From: from},
		} {
			list := search(f)
			f.Text = "dan van kheo"
			found := search(f)
			if found.Total != list.Total || len(found.Hits) != len(list.Hits) || list.Total == 0 && name != "all" {
				t.Errorf("%s: %d found with the query, %d listed without", name, found.Total, list.Total)
			}
			for k, v := range list.Facets["province"] {
				if found.Facets["province"][k] != v {
					t.Errorf("%s: facet %s %d with the query, %d without", name, k, found.Facets["province"][k], v)
				}
			}
		}
	})
	t.Run("paging", func(t *testing.T) {
		a := search(index.Query{Text: "dân vận", Limit: 2})
		b := search(index.Query{Text: "dân vận", Limit: 2, Offset: 2})
		if len(a.Hits) != 2 || len(b.Hits) != 2 || a.Hits[0].ID == b.Hits[0].ID {
			t.Errorf("pages %v %v", a.Hits, b.Hits)
		}
	})
}

func TestContractSQLite(t *testing.T) {
	s := seedStore(t)
	runContract(t, index.SQLite{DB: s.DB()})
}

func TestContractPostgres(t *testing.T) {
	s := seedStoreAt(t, storetest.Postgres(t))
	runContract(t, index.Postgres{DB: s.DB()})
}
