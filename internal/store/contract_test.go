package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store/storetest"
)

// seedItems are the five seed articles as ingest stores them.
func seedItems(t *testing.T) []Item {
	t.Helper()
	x, _ := extract.Default()
	files, _ := filepath.Glob("../../seeds/*.txt")
	if len(files) != 5 {
		t.Fatalf("seeds: %d files", len(files))
	}
	var items []Item
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		it := item(t, x, "file://"+filepath.Base(f), string(raw))
		it.Doc.FetchedAt = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		items = append(items, it)
	}
	return items
}

// TestStoreContract checks what every backend answers alike over the seeds.
func TestStoreContract(t *testing.T) { storetest.Each(t, testStoreContract) }

func testStoreContract(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	st, err := s.Save(ctx, seedItems(t), SaveOptions{Outbox: true})
	if err != nil || st.New != 5 {
		t.Fatalf("save: %+v %v", st, err)
	}
	c, _ := s.Counts(ctx)
	if c != (Counts{Documents: 5, Articles: 5, Figures: 20, IndexRows: 5, Outbox: 5}) {
		t.Errorf("counts %+v", c)
	}

	t.Run("figures csv", func(t *testing.T) {
		rows, err := s.Figures(ctx, FigureQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		WriteFiguresCSV(&b, rows)
		if n := strings.Count(b.String(), "\n"); n != 21 {
			t.Errorf("csv lines %d, want 21", n)
		}
		if !strings.Contains(b.String(), ",11679,") || !strings.Contains(b.String(), ",11441,") {
			t.Errorf("csv lacks the seed totals")
		}
		empty := ""
		latest, err := s.Figures(ctx, FigureQuery{Latest: true, Metric: "models", Qualifier: &empty, LatestBy: "province_now"})
		if err != nil || len(latest) == 0 {
			t.Fatalf("latest: %d %v", len(latest), err)
		}
		for i := 1; i < len(latest); i++ {
			if latest[i-1].Province > latest[i].Province {
				t.Errorf("latest not ordered by province: %q before %q", latest[i-1].Province, latest[i].Province)
			}
		}
	})
	t.Run("coverage", func(t *testing.T) {
		for _, c := range []struct{ interval, want string }{{"month", "2024-07"}, {"year", "2024"}, {"week", "2024-W30"}} { // 23 July 2024: ISO week 30
			pts, err := s.Coverage(ctx, CoverageQuery{Interval: c.interval, By: "province_now"})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range pts {
				found = found || p.Period == c.want
			}
			if !found {
				t.Errorf("%s: %v lacks %s", c.interval, pts, c.want)
			}
		}
		match, args := s.Index().MatchIDs("hoa binh")
		pts, err := s.Coverage(ctx, CoverageQuery{Interval: "year", By: "province", Match: match, MatchArgs: args})
		if err != nil || len(pts) == 0 || pts[0].Group != "Hòa Bình" {
			t.Errorf("coverage of a query: %v %v", pts, err)
		}
	})
	t.Run("provinces and article", func(t *testing.T) {
		ps, err := s.Provinces(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var hg *ProvinceSummary
		for i := range ps {
			if ps[i].Unit == "Hậu Giang" && ps[i].Level == "old" {
				hg = &ps[i]
			}
		}
		if hg == nil || hg.Articles != 2 || hg.Latest["all"].Value != 11679 {
			t.Fatalf("Hậu Giang summary %+v", hg)
		}
		a, err := s.Article(ctx, hg.Latest["all"].ArticleID)
		if err != nil || len(a.Figures) == 0 || len(a.Warnings) == 0 {
			t.Fatalf("article %+v %v", a, err)
		}
		if _, err := s.Article(ctx, 999999); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown article: %v", err)
		}
		if ws, _ := s.Warnings(ctx, 10); len(ws) == 0 {
			t.Errorf("no warnings listed")
		}
	})
	t.Run("lookup", func(t *testing.T) {
		it := seedItems(t)[0]
		// the same page under another URL is kept as an alias of it
		alias := it
		alias.Doc.URL, alias.Doc.CanonicalURL, alias.Doc.SHA256 = "file://alias", "file://alias", ""
		if st, err := s.Save(ctx, []Item{alias}, SaveOptions{}); err != nil || st.Aliased != 1 {
			t.Fatalf("alias: %+v %v", st, err)
		}
		for _, c := range []struct {
			url, sha string
			want     Known
		}{
			{it.Doc.CanonicalURL, it.Doc.Hash(), KnownUnchanged},
			{it.Doc.CanonicalURL, "other", KnownChanged},
			{"file://alias", it.Doc.Hash(), KnownUnchanged},
			{"file://alias", "other", KnownChanged},
			{"file://elsewhere", it.Doc.Hash(), KnownDuplicate},
			{"file://elsewhere", "a content never stored", KnownNew},
			{"file://elsewhere", "", KnownNew},
		} {
			if k, err := s.Lookup(ctx, c.url, c.sha); k != c.want || err != nil {
				t.Errorf("lookup %s: %v %v, want %v", c.url, k, err, c.want)
			}
		}
	})
	t.Run("documents, replace and jobs", func(t *testing.T) {
		docs, err := s.Documents(ctx, 0, 3, DocFilter{})
		if err != nil || len(docs) != 3 || docs[0].ArticleID == 0 || len(docs[0].Raw) == 0 {
			t.Fatalf("documents: %d %v", len(docs), err)
		}
		x, _ := extract.Default()
		a, _ := x.Text(string(docs[0].Raw), extract.Options{})
		if err := s.Replace(ctx, []Replacement{{DocID: docs[0].ID, Article: a, Version: "v2"}}, "job", "3", SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		if st, ok, err := s.Job(ctx, "job"); st != "3" || !ok || err != nil {
			t.Errorf("job %q %v %v", st, ok, err)
		}
		if err := s.EndJob(ctx, "job"); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.Job(ctx, "job"); ok || err != nil {
			t.Errorf("job still there (%v)", err)
		}
		if c2, _ := s.Counts(ctx); c2.Figures != 20 || c2.Articles != 5 {
			t.Errorf("after replace %+v", c2)
		}
	})
	t.Run("reindex and outbox", func(t *testing.T) {
		if err := s.Reindex(ctx, false, nil); err != nil {
			t.Fatal(err)
		}
		var got []index.Doc
		n, err := s.DrainOutbox(ctx, 2, func(_ context.Context, d []index.Doc) error { got = append(got, d...); return nil })
		if err != nil || n != 5 {
			t.Fatalf("drain %d %v", n, err)
		}
		fields := 0
		for _, d := range got {
			fields += len(d.Fields)
		}
		if fields == 0 || got[0].Month == "" {
			t.Errorf("index documents %+v", got[0])
		}
		if c2, _ := s.Counts(ctx); c2.Outbox != 0 || c2.IndexRows != 5 {
			t.Errorf("after drain %+v", c2)
		}
		if IsPostgres(loc) { // the stripped copy follows every write
			var fts, words int
			s.DB().QueryRow(`SELECT (SELECT count(*) FROM article_fts), (SELECT count(*) FROM article_words WHERE w = (SELECT strip(tsv) FROM article_fts f WHERE f.id = article_words.id))`).Scan(&fts, &words)
			if fts != 5 || words != 5 {
				t.Errorf("article_fts %d rows, article_words %d rows that match them", fts, words)
			}
		}
	})
	t.Run("sources and validators", func(t *testing.T) {
		if err := s.UpsertSource(ctx, "baohaugiang", "Báo Hậu Giang", "Hậu Giang", "https://example.test/"); err != nil {
			t.Fatal(err)
		}
		at := time.Unix(1732500000, 0)
		if err := s.RecordRun(ctx, "baohaugiang", at, 10, 3, 1, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SetNextRun(ctx, "baohaugiang", at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		src, err := s.Sources(ctx)
		if err != nil || len(src) != 1 || src[0].Pages != 10 || src[0].ArticlesNew != 3 || src[0].Errors != 1 || !src[0].LastSuccess.Equal(at) || !src[0].NextRun.Equal(at.Add(time.Hour)) {
			t.Errorf("sources %+v %v", src, err)
		}
		// a failed run keeps the last success and records its error
		if err := s.RecordRun(ctx, "baohaugiang", at.Add(2*time.Hour), 0, 0, 4, "dns"); err != nil {
			t.Fatal(err)
		}
		if src, err = s.Sources(ctx); err != nil || src[0].LastError != "dns" || !src[0].LastSuccess.Equal(at) {
			t.Errorf("after a failed run: %+v %v", src, err)
		}
		if err := s.SetValidators(ctx, "https://example.test/rss", `"e1"`, "Mon, 02 Dec 2024 10:00:00 GMT"); err != nil {
			t.Fatal(err)
		}
		if e, lm, err := s.Validators(ctx, "https://example.test/rss"); e != `"e1"` || lm != "Mon, 02 Dec 2024 10:00:00 GMT" || err != nil {
			t.Errorf("validators %q %q %v", e, lm, err)
		}
	})
}

// TestConcurrentSaves stores the same batches from two handles at once, as
// two processes ingesting one corpus do: every document is stored once.
func TestConcurrentSaves(t *testing.T) { storetest.Each(t, testConcurrentSaves) }

func testConcurrentSaves(t *testing.T, loc string) {
	ctx := context.Background()
	a, _ := openAt(t, loc)
	b, _ := openAt(t, loc)
	x, _ := extract.Default()
	var items []Item
	for i := 0; i < 60; i++ {
		items = append(items, item(t, x, fmt.Sprintf("u%d", i), strings.Replace(text1, "11.679", fmt.Sprintf("%d", 1000+i), 1)+strings.Repeat(fmt.Sprintf(" từ %d", i), i%7)))
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for k, st := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			order := append([]Item{}, items...)
			if k == 1 { // the other order makes lock cycles likely
				for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
					order[i], order[j] = order[j], order[i]
				}
			}
			for i := 0; i < len(order); i += 10 {
				if _, err := st.Save(ctx, order[i:i+10], SaveOptions{}); err != nil {
					errs[k] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, _ := a.Counts(ctx)
	if c.Documents != 60 || c.Articles != 60 || c.Figures != 120 || c.IndexRows != 60 {
		t.Errorf("counts %+v, want 60 documents and articles, 120 figures", c)
	}
}

func TestPostgresNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	loc := storetestPostgres(t)
	s, _ := openAt(t, loc)
	if _, err := s.Save(ctx, seedItems(t)[:1], SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE baotinh_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, loc)
	if !errors.Is(err, ErrSchemaTooNew) || !strings.Contains(err.Error(), "99") {
		t.Fatalf("error %v, want ErrSchemaTooNew naming version 99", err)
	}
	if c, _ := s.Counts(ctx); c.Articles != 1 {
		t.Errorf("data after refusal %+v", c)
	}
}

func TestPostgresSourceLock(t *testing.T) {
	ctx := context.Background()
	loc := storetestPostgres(t)
	a, _ := openAt(t, loc)
	b, _ := openAt(t, loc)
	release, ok, err := a.LockSource(ctx, "baoangiang")
	if err != nil || !ok {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	if _, ok, err := b.LockSource(ctx, "baoangiang"); ok || err != nil {
		t.Fatalf("second process got the lock: %v %v", ok, err)
	}
	if r, ok, _ := b.LockSource(ctx, "baohaugiang"); !ok {
		t.Fatal("another source is free")
	} else {
		r()
	}
	release()
	r, ok, err := b.LockSource(ctx, "baoangiang")
	if !ok || err != nil {
		t.Fatalf("after release: %v %v", ok, err)
	}
	r()
}

func TestPostgresBadURL(t *testing.T) {
	_, err := Open(context.Background(), "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("error %v: want one naming the server, not the password", err)
	}
}

// TestCopy copies a store into an empty one of each kind: the figures CSV,
// counts and a search come out the same, and copying again is refused.
func TestCopy(t *testing.T) {
	for _, from := range storetest.Backends() {
		for _, to := range storetest.Backends() {
			t.Run(from.Name+" to "+to.Name, func(t *testing.T) {
				ctx := context.Background()
				src, _ := openAt(t, from.New(t))
				dst, _ := openAt(t, to.New(t))
				if _, err := src.Save(ctx, seedItems(t), SaveOptions{}); err != nil {
					t.Fatal(err)
				}
				cs, err := Copy(ctx, src, dst, nil)
				if err != nil || cs.Documents != 5 || cs.Figures != 20 {
					t.Fatalf("copy: %+v %v", cs, err)
				}
				csv := func(s *Store) string {
					rows, err := s.Figures(ctx, FigureQuery{})
					if err != nil {
						t.Fatal(err)
					}
					var b bytes.Buffer
					WriteFiguresCSV(&b, rows)
					return b.String()
				}
				if a, b := csv(src), csv(dst); a != b {
					t.Errorf("figures differ:\n%s\n%s", a, b)
				}
				c1, _ := src.Counts(ctx)
				c2, _ := dst.Counts(ctx)
				if c1 != c2 {
					t.Errorf("counts %+v, copied %+v", c1, c2)
				}
				r1, err1 := src.Index().Search(ctx, index.Query{Text: "dang bo khoi"})
				r2, err2 := dst.Index().Search(ctx, index.Query{Text: "dang bo khoi"})
				if err1 != nil || err2 != nil || r1.Total != r2.Total || r1.Total == 0 || r1.Hits[0].ID != r2.Hits[0].ID {
					t.Errorf("search: %v %v %+v %+v", err1, err2, r1, r2)
				}
				if _, err := Copy(ctx, src, dst, nil); err == nil {
					t.Errorf("a second copy into a full store was accepted")
				}
			})
		}
	}
}

// TestNULInText: a page with NUL bytes past the binary sniff is stored by
// both kinds (PostgreSQL's text cannot hold NUL: it becomes a space).
func TestNULInText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, loc string) {
		ctx := context.Background()
		s, _ := openAt(t, loc)
		x, _ := extract.Default()
		it := item(t, x, "file:///nul\x00.txt", strings.Replace(text1, "toàn tỉnh", "toàn\x00tỉnh", 1))
		if _, err := s.Save(ctx, []Item{it}, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Figures(ctx, FigureQuery{})
		if err != nil || len(rows) != 2 || rows[0].Value != 11679 {
			t.Fatalf("figures %+v %v", rows, err)
		}
		if k, err := s.Lookup(ctx, it.Doc.CanonicalURL, it.Doc.Hash()); err != nil || k == KnownNew {
			t.Errorf("lookup after save: %v %v", k, err)
		}
		// a filter holding NUL answers (PostgreSQL reads it as a space)
		if _, err := s.Figures(ctx, FigureQuery{Provinces: []string{"Hậu\x00Giang"}, Field: "a\x00"}); err != nil {
			t.Errorf("a filter holding NUL: %v", err)
		}
	})
}

// TestCoverageWeeks: weeks are ISO 8601's in Vietnam's time: 1 January
// 2019 is in 2019-W01 (it was "2019-W00"), 30 December 2024 in 2025-W01,
// and 23:30 on Sunday 6 January 2019 in Hà Nội is still week 1.
func TestCoverageWeeks(t *testing.T) { storetest.Each(t, testCoverageWeeks) }

func testCoverageWeeks(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	for i, day := range []string{"01/01/2019 08:00", "30/12/2024 08:00", "06/01/2019 23:30"} {
		items = append(items, item(t, x, fmt.Sprintf("https://example.vn/w%d", i), "Hậu Giang: tin\n\n"+day+"\nCông tác dân vận ở Hậu Giang.\n"))
	}
	if _, err := s.Save(ctx, items, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	pts, err := s.Coverage(ctx, CoverageQuery{Interval: "week", By: "province", Shares: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	nonzero := 0
	for _, p := range pts {
		got[p.Period] += p.Count
		if p.Count > 0 {
			nonzero++
			if p.Share != 1 {
				t.Errorf("%s: share %v of the period's articles, want 1 (all are Hậu Giang's)", p.Period, p.Share)
			}
		}
	}
	// every week between them listed, at zero (2020 has a week 53)
	if got["2019-W01"] != 2 || got["2025-W01"] != 1 || nonzero != 2 || len(got) != 314 || got["2020-W53"] != 0 {
		t.Errorf("%d weeks, 2019-W01: %d, 2025-W01: %d, %d with articles; want 314, 2, 1, 2", len(got), got["2019-W01"], got["2025-W01"], nonzero)
	}
}

// TestTotalBound: the embedded indexes count matches exactly up to
// index.MaxExactTotal and report more as at least that many; fewer are
// exact, with and without filters, listings too.
func TestTotalBound(t *testing.T) { storetest.Each(t, testTotalBound) }

func testTotalBound(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	for i := range index.MaxExactTotal + 5 {
		word := "thường"
		if i%400 == 0 {
			word = "hiếm"
		}
		items = append(items, item(t, x, fmt.Sprintf("https://example.vn/%d", i), fmt.Sprintf("Tin số %d\n\n14/10/2024 08:10\nCông tác dân vận %s ở xã số %d.\n", i, word, i)))
	}
	if _, err := s.Save(ctx, items, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q       index.Query
		total   int
		atLeast bool
	}{
		{index.Query{Text: "dân vận"}, index.MaxExactTotal, true},
		{index.Query{}, index.MaxExactTotal, true},
		{index.Query{Text: "hiem"}, 3, false},
		{index.Query{Text: "thuong", From: time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC)}, index.MaxExactTotal, true},
		{index.Query{Text: "xã số 17"}, 1, false},
	} {
		res, err := s.Index().Search(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != tc.total || res.TotalAtLeast != tc.atLeast {
			t.Errorf("%+v: total %d (at least: %v), want %d (%v)", tc.q, res.Total, res.TotalAtLeast, tc.total, tc.atLeast)
		}
	}
}

// TestLatestOfKnownUnits: the latest count per unit is per unit the
// articles name; an article of no known old unit (a text after the merger
// that does not settle it) is the latest of no old unit, and counts for
// its current one.
func TestLatestOfKnownUnits(t *testing.T) { storetest.Each(t, testLatestOfKnownUnits) }

func testLatestOfKnownUnits(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, _ := extract.Default()
	merged := item(t, x, "file://merged.txt", "Tây Ninh: phong trào “Dân vận khéo”\n\nThứ Tư, ngày 10/09/2025 | 08:10\nNăm 2025, toàn tỉnh có 1.500 mô hình “Dân vận khéo”.\n")
	if merged.Article.Province != "" || merged.Article.ProvinceNow != "Tây Ninh" {
		t.Fatalf("the merged unit's text: province %q / %q", merged.Article.Province, merged.Article.ProvinceNow)
	}
	if _, err := s.Save(ctx, []Item{item(t, x, "file://a.txt", text1), merged}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	empty := ""
	for _, by := range []string{"province", "province_now"} {
		latest, err := s.Figures(ctx, FigureQuery{Latest: true, Metric: "models", Qualifier: &empty, LatestBy: by})
		if err != nil {
			t.Fatal(err)
		}
		units := map[string]int64{}
		for _, r := range latest {
			if r.Field == "all" && r.Scope == "province" {
				units[map[string]string{"province": r.Province, "province_now": r.ProvinceNow}[by]] = r.Value
			}
		}
		want := map[string]map[string]int64{"province": {"Hậu Giang": 11679}, "province_now": {"Cần Thơ": 11679, "Tây Ninh": 1500}}[by]
		if !maps.Equal(units, want) {
			t.Errorf("latest by %s: %v, want %v", by, units, want)
		}
	}
}
