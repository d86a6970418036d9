package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"baotinh/crawler"
	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
	"baotinh/internal/store/storetest"
)

func newTestServer(t *testing.T, loc, token string) *httptest.Server {
	t.Helper()
	_, srv := newTestApp(t, loc, token)
	return srv
}

// newTestApp is newTestServer with the Server behind it.
func newTestApp(t *testing.T, loc, token string) (*Server, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	x, _ := extract.Default()
	files, _ := filepath.Glob("../../seeds/*.txt")
	var items []store.Item
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		a, _ := x.Text(string(raw), extract.Options{})
		items = append(items, store.Item{Doc: store.Document{URL: filepath.Base(f), CanonicalURL: "file://" + f, ContentType: "text/plain", Raw: raw}, Article: a, Version: x.Version()})
	}
	if _, err := st.Save(ctx, items, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	cfg, _ := crawler.DefaultConfig(x.Gazetteer())
	s := New(&Server{Store: st, Extractor: x, Search: st.Index(), Sources: cfg, AdminToken: token,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { s.jobs.drain(5 * time.Second) })
	return s, srv
}

func get(t *testing.T, url string, v any) (int, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v: %s", url, err, b)
		}
	}
	return resp.StatusCode, resp.Header
}

func TestAPISearchAndFacets(t *testing.T) { storetest.Each(t, testAPISearchAndFacets) }

func testAPISearchAndFacets(t *testing.T, loc string) {
	srv := newTestServer(t, loc, "")
	var res index.Result
	code, h := get(t, srv.URL+"/api/search?q=dan+van+kheo", &res)
	if code != 200 || res.Total != 5 || res.Facets["province"]["Hậu Giang"] != 2 {
		t.Errorf("%d %+v", code, res)
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers %v", h)
	}
	get(t, srv.URL+"/api/search?province=C%E1%BA%A7n+Th%C6%A1", &res)
	if res.Total != 2 {
		t.Errorf("Cần Thơ: %d", res.Total)
	}
	for _, bad := range []string{"limit=0", "limit=101", "page=0", "province=Narnia", "from=yesterday", "from=2024-05&to=2024-01", "field=sports", "q=" + strings.Repeat("a", 501)} {
		var e map[string]string
		if code, _ := get(t, srv.URL+"/api/search?"+bad, &e); code != 400 || e["error"] == "" {
			t.Errorf("%s: %d %v", bad, code, e)
		}
	}
}

func TestAPIArticleFiguresCoverage(t *testing.T) { storetest.Each(t, testAPIArticleFiguresCoverage) }

func testAPIArticleFiguresCoverage(t *testing.T, loc string) {
	srv := newTestServer(t, loc, "")
	var a store.ArticleView
	code, _ := get(t, srv.URL+"/api/articles/1", &a)
	if code != 200 || len(a.Figures) == 0 || a.Body == "" || a.Duplicates == nil || a.Warnings == nil {
		t.Errorf("article: %d %+v", code, a)
	}
	var e map[string]string
	if code, _ := get(t, srv.URL+"/api/articles/999", &e); code != 404 || e["error"] == "" {
		t.Errorf("unknown article: %d %v", code, e)
	}
	if code, _ := get(t, srv.URL+"/api/articles/abc", &e); code != 400 {
		t.Errorf("bad id: %d", code)
	}
	var rows []store.FigureRow
	get(t, srv.URL+"/api/figures", &rows)
	if len(rows) != 20 {
		t.Errorf("%d figures", len(rows))
	}
	resp, err := http.Get(srv.URL + "/api/figures?format=csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || len(recs) != 21 || recs[0][0] != "article_id" || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("csv: %v %d rows %v", err, len(recs), resp.Header)
	}
	// the CSV parsed back equals the JSON
	byValue := map[string]bool{}
	for _, r := range rows {
		byValue[r.Evidence[:10]+"|"+extract.FormatVN(r.Value)] = true
	}
	for _, rec := range recs[1:] {
		var v int64
		json.Unmarshal([]byte(rec[8]), &v)
		if !byValue[rec[15][:10]+"|"+extract.FormatVN(v)] {
			t.Errorf("csv row not in json: %v", rec)
		}
	}
	get(t, srv.URL+"/api/figures?latest=true&province=H%E1%BA%ADu+Giang&field=all", &rows)
	if len(rows) != 1 || rows[0].Value != 11679 {
		t.Errorf("latest Hậu Giang: %+v", rows)
	}
	get(t, srv.URL+"/api/figures?latest=true&latest_by=province_now&province=C%E1%BA%A7n+Th%C6%A1&scope=province&qualifier=", &rows)
	if len(rows) != 5 {
		t.Errorf("latest by current unit, Cần Thơ: %d rows", len(rows))
	}
	if code, _ := get(t, srv.URL+"/api/figures?latest_by=galaxy", &e); code != 400 {
		t.Errorf("bad latest_by: %d", code)
	}
	if code, _ := get(t, srv.URL+"/api/figures?scope=galaxy", &e); code != 400 {
		t.Errorf("bad scope: %d", code)
	}
	if code, _ := get(t, srv.URL+"/api/figures?format=xml", &e); code != 400 {
		t.Errorf("bad format: %d", code)
	}
	var cov struct {
		Points []store.CoveragePoint `json:"points"`
	}
	get(t, srv.URL+"/api/coverage?q=dan+van+kheo&interval=year&by=province_now", &cov)
	total := 0
	for _, p := range cov.Points {
		total += p.Count
	}
	if total != 5 {
		t.Errorf("coverage %+v", cov)
	}
	if code, _ := get(t, srv.URL+"/api/coverage?interval=day", &e); code != 400 {
		t.Errorf("bad interval: %d", code)
	}
	var ps []store.ProvinceSummary
	get(t, srv.URL+"/api/provinces", &ps)
	found := false
	for _, p := range ps {
		if p.Unit == "Hòa Bình" && p.Level == "old" && p.Latest["all"].Value == 11441 && p.Articles == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("provinces %+v", ps)
	}
	var srcs []map[string]any
	get(t, srv.URL+"/api/sources", &srcs)
	if len(srcs) < 20 {
		t.Errorf("sources %d", len(srcs))
	}
}

func TestAPIAdminAndOps(t *testing.T) { storetest.Each(t, testAPIAdminAndOps) }

func testAPIAdminAndOps(t *testing.T, loc string) {
	open := newTestServer(t, loc, "")
	if code, v := call(t, "POST", open.URL+"/api/reprocess", ""); code != 403 || v["error"] == "" {
		t.Errorf("no token configured: %d %v, want 403 with an error", code, v)
	}
	srv := newTestServer(t, loc, "s3cret")
	for _, auth := range []string{"", "Bearer wrong", "s3cret"} {
		if code, v := call(t, "POST", srv.URL+"/api/reprocess", auth); code != 403 || v["error"] == "" {
			t.Errorf("auth %q: %d %v, want 403 with an error", auth, code, v)
		}
	}
	code, job := call(t, "POST", srv.URL+"/api/reprocess", "Bearer s3cret")
	id, _ := job["id"].(string)
	if code != 202 || id == "" || job["kind"] != "reprocess" {
		t.Fatalf("with token: %d %v, want 202 and the job", code, job)
	}
	// the job runs to its end: every stored document reprocessed
	deadline := time.Now().Add(time.Minute)
	for {
		code, v := call(t, "GET", srv.URL+"/api/jobs/"+id, "Bearer s3cret")
		if code != 200 {
			t.Fatalf("job %s: %d %v", id, code, v)
		}
		if v["status"] == "done" {
			if v["result"] != "5 documents" {
				t.Errorf("reprocess result %v, want the 5 documents", v["result"])
			}
			break
		}
		if v["status"] != "running" || time.Now().After(deadline) {
			t.Fatalf("job %s: %v", id, v)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, v := call(t, "POST", srv.URL+"/api/crawl/nosuch", "Bearer s3cret"); code != 503 || v["error"] == "" { // this server has no crawler
		t.Errorf("crawl without a crawler: %d %v, want 503", code, v)
	}
	var h map[string]any
	if code, _ := get(t, srv.URL+"/healthz", &h); code != 200 || h["status"] != "ok" {
		t.Errorf("healthz %d %v", code, h)
	}
	var res index.Result
	if code, _ := get(t, srv.URL+"/api/search?q=mo+hinh", &res); code != 200 || res.Total != 5 || len(res.Hits) != 5 {
		t.Errorf("search after reprocessing: %d, %d of %d hits, want all 5", code, len(res.Hits), res.Total)
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("metrics: %d %v", resp.StatusCode, err)
	}
	for _, m := range []string{"baotinh_http_request_duration_seconds_bucket", "baotinh_store_articles 5", "baotinh_store_figures 20"} {
		if !strings.Contains(string(b), m) {
			t.Errorf("metrics lack %s", m)
		}
	}
	var spec map[string]any
	if code, _ := get(t, srv.URL+"/api/openapi.json", &spec); code != 200 || spec["openapi"] != "3.0.3" {
		t.Errorf("openapi %d", code)
	}
}

// call sends a request with an Authorization header (none when auth is
// empty) and decodes the JSON object it answers.
func call(t *testing.T, method, url, auth string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("%s %s: %d, body not JSON: %v", method, url, resp.StatusCode, err)
	}
	return resp.StatusCode, v
}

func TestDashboardPages(t *testing.T) { storetest.Each(t, testDashboardPages) }

func testDashboardPages(t *testing.T, loc string) {
	srv := newTestServer(t, loc, "")
	for path, want := range map[string][]string{
		"/?q=dan+van+kheo": {"<strong>5</strong> bài viết", "facet-province", "<svg", "<mark>"},
		"/figures":         {"11.679", "11.441", "Tải CSV", "11.859", "không khớp tổng", `id="map"`, `data-unit="Hậu Giang"`},
		"/provinces/C%E1%BA%A7n%20Th%C6%A1?level=current": {"<h2>Cần Thơ</h2>", "Sóc Trăng", "Hậu Giang", "<svg", "series-csv"},
		"/provinces/H%E1%BA%ADu%20Giang":                  {"<h2>Hậu Giang</h2>", "nay thuộc", "11.679", "<svg"},
		"/figures?province=H%E1%BA%ADu+Giang&field=all":   {`id="series"`, "Hậu Giang: số mô hình toàn tỉnh theo thời gian", "11.679"},
		"/articles/1": {"fig-11.679", "Trong đó, có 2.821", "<mark>11.679</mark>", "Toàn tỉnh", "Kinh tế", "mô hình"},
		"/sources":    {"baohaugiang"},
		"/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E": {"&lt;script&gt;"},
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if strings.Contains(string(b), "<script>alert") {
			t.Errorf("%s: script injected", path)
		}
	}
}

// TestAdminJobs: one admin job of a kind at a time (409 naming the running
// one), a status endpoint, jobs cancelled and drained with the server
// (issue 14.9); router misses answer JSON; the Bearer scheme in any case.
func TestAdminJobs(t *testing.T) {
	s, srv := newTestApp(t, storetest.SQLite(t), "s3cret")
	release := make(chan struct{})
	var cancelled atomic.Bool
	running, ok := s.jobs.start("reprocess", func(ctx context.Context) (string, error) {
		select {
		case <-release:
			return "released", nil
		case <-ctx.Done():
			cancelled.Store(true)
			return "", ctx.Err()
		}
	})
	if !ok {
		t.Fatal("first job refused")
	}
	do := func(method, path, auth string) (int, map[string]any) {
		t.Helper()
		return call(t, method, srv.URL+path, auth)
	}
	for _, auth := range []string{"Bearer s3cret", "bearer s3cret", "BEARER  s3cret"} {
		code, v := do("POST", "/api/reprocess", auth)
		if code != http.StatusConflict || v["job"].(map[string]any)["id"] != running.ID || !strings.Contains(v["error"].(string), running.ID) {
			t.Errorf("auth %q: second reprocess %d %v, want 409 naming job %s", auth, code, v, running.ID)
		}
	}
	if code, v := do("GET", "/api/jobs/"+running.ID, "Bearer s3cret"); code != 200 || v["status"] != "running" || v["kind"] != "reprocess" {
		t.Errorf("job status %d %v", code, v)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, v := do("GET", "/api/jobs/"+running.ID, "Bearer s3cret")
		if code == 200 && v["status"] == "done" && v["result"] == "released" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job never done: %v", v)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// the kind is free again; the new job is drained with the server
	code, v := do("POST", "/api/reprocess", "Bearer s3cret")
	if code != http.StatusAccepted || v["id"] == running.ID {
		t.Errorf("reprocess after the first ended: %d %v", code, v)
	}
	blocked, _ := s.jobs.start("crawl/x", func(ctx context.Context) (string, error) {
		<-ctx.Done()
		cancelled.Store(true)
		return "", ctx.Err()
	})
	if !s.jobs.drain(5*time.Second) || !cancelled.Load() {
		t.Error("drain did not cancel and wait for the running job")
	}
	if j, _ := s.jobs.get(blocked.ID); j.Status != "failed" {
		t.Errorf("cancelled job %+v", j)
	}
	if _, ok := s.jobs.start("reprocess", func(context.Context) (string, error) { return "", nil }); ok {
		t.Error("a job started after the drain")
	}
	if code, v := do("GET", "/api/jobs/999", "Bearer s3cret"); code != 404 || v["error"] == nil {
		t.Errorf("unknown job %d %v", code, v)
	}
	// router misses under /api/ answer JSON
	if code, v := do("GET", "/api/nothing", ""); code != 404 || v["error"] == nil {
		t.Errorf("/api/nothing %d %v", code, v)
	}
	if code, v := do("GET", "/api/reprocess", ""); code != 405 || !strings.Contains(v["error"].(string), "POST") {
		t.Errorf("GET /api/reprocess %d %v", code, v)
	}
}

// TestGaugesCounted: the store's counts behind the gauges are counted at
// most every countsTTL, not at every scrape (issue 14).
func TestGaugesCounted(t *testing.T) {
	s, _ := newTestApp(t, storetest.SQLite(t), "")
	first := s.counts()
	x, _ := extract.Default()
	a, _ := x.Text("Thứ Ba, ngày 24/09/2024 | 05:46\nToàn tỉnh có 12 mô hình dân vận khéo.", extract.Options{})
	if _, err := s.Store.Save(context.Background(), []store.Item{{Doc: store.Document{URL: "x", CanonicalURL: "file:///x", ContentType: "text/plain", Raw: []byte("x")}, Article: a, Version: x.Version()}}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := s.counts(); got.Articles != first.Articles {
		t.Errorf("counted again within the TTL: %d articles, then %d", first.Articles, got.Articles)
	}
	s.countsMu.Lock()
	s.countsAt = time.Now().Add(-countsTTL)
	s.countsMu.Unlock()
	if got := s.counts(); got.Articles != first.Articles+1 {
		t.Errorf("after the TTL: %d articles, want %d", got.Articles, first.Articles+1)
	}
}

// TestQueryLimitInCharacters: the query limit counts characters, not bytes:
// a 495-character Vietnamese query (about 700 bytes) is taken, 501 are not.
func TestQueryLimitInCharacters(t *testing.T) {
	_, srv := newTestApp(t, storetest.SQLite(t), "")
	long := strings.Repeat("đ", 495)
	if code, _ := get(t, srv.URL+"/api/search?q="+url.QueryEscape(long), nil); code != 200 {
		t.Errorf("495 characters (%d bytes): %d, want 200", len(long), code)
	}
	var e map[string]string
	if code, _ := get(t, srv.URL+"/api/search?q="+url.QueryEscape(strings.Repeat("đ", 501)), &e); code != 400 || !strings.Contains(e["error"], "501 characters") {
		t.Errorf("501 characters: %d %v, want 400 naming 501 characters", code, e)
	}
}

// TestDefectsOfIssue12: an ingested file's article page shows its path as a
// file, not as a link this server would answer 404; a bogus metric is a
// 400 like every bad parameter; figures filter by source.
func TestDefectsOfIssue12(t *testing.T) {
	srv := newTestServer(t, storetest.SQLite(t), "")
	resp, err := http.Get(srv.URL + "/articles/1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if page := string(b); strings.Contains(page, `href="0`) || !strings.Contains(page, "tệp <code>0") {
		t.Errorf("article page of a file links its path:\n%s", page[:min(len(page), 600)])
	}
	var e map[string]string
	if code, _ := get(t, srv.URL+"/api/figures?metric=bogus", &e); code != 400 || !strings.Contains(e["error"], "models") {
		t.Errorf("metric=bogus: %d %v, want 400 naming the metrics", code, e)
	}
	var all, none []map[string]any
	if code, _ := get(t, srv.URL+"/api/figures?metric=models", &all); code != 200 || len(all) != 20 {
		t.Errorf("metric=models: %d, %d rows", code, len(all))
	}
	if code, _ := get(t, srv.URL+"/api/figures?source=baohaugiang", &none); code != 200 || len(none) != 0 {
		t.Errorf("source=baohaugiang (no article of it): %d, %d rows", code, len(none))
	}
	for q, bom := range map[string]bool{"format=csv": false, "format=csv&bom=1": true} {
		resp, err := http.Get(srv.URL + "/api/figures?" + q)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.HasPrefix(string(b), "\uFEFFarticle_id,") != bom || !strings.Contains(string(b), "article_id,url,") {
			t.Errorf("%s: starts %q", q, b[:min(len(b), 20)])
		}
	}
}

// TestCoverageFollowsTheQuestion: /api/coverage takes the search filters
// (issue 12: with province=Cần Thơ&from=2024-01-01 it counted everything),
// lists every month of the range, compares queries and downloads as CSV.
func TestCoverageFollowsTheQuestion(t *testing.T) { storetest.Each(t, testCoverageFollowsTheQuestion) }

func testCoverageFollowsTheQuestion(t *testing.T, loc string) {
	srv := newTestServer(t, loc, "")
	type cov struct {
		Points []store.CoveragePoint `json:"points"`
	}
	var search index.Result
	get(t, srv.URL+"/api/search?province=C%E1%BA%A7n+Th%C6%A1&from=2024-01-01", &search)
	var c cov
	if code, _ := get(t, srv.URL+"/api/coverage?province=C%E1%BA%A7n+Th%C6%A1&from=2024-01-01&to=2024-12-31&by=province_now", &c); code != 200 {
		t.Fatalf("coverage: %d", code)
	}
	sum := 0
	for _, p := range c.Points {
		sum += p.Count
		if p.Group != "Cần Thơ" || p.Period < "2024-01" || p.Period > "2024-12" {
			t.Errorf("point outside the question: %+v", p)
		}
	}
	if sum != search.Total || len(c.Points) != 12 {
		t.Errorf("coverage counts %d in %d months, search finds %d; want the same in 12 months", sum, len(c.Points), search.Total)
	}
	// two queries side by side
	if code, _ := get(t, srv.URL+"/api/coverage?q=hoa+binh&q=dan+van&interval=year", &c); code != 200 {
		t.Fatalf("compare: %d", code)
	}
	queries := map[string]int{}
	for _, p := range c.Points {
		queries[p.Query] += p.Count
		if p.Share <= 0 && p.Count > 0 || p.Share > 1 {
			t.Errorf("share %v of %+v", p.Share, p)
		}
	}
	if len(queries) != 2 || queries["hoa binh"] == 0 || queries["dan van"] <= queries["hoa binh"] {
		t.Errorf("compared queries: %v", queries)
	}
	var e map[string]string
	if code, _ := get(t, srv.URL+"/api/coverage?q=a&q=b&q=c&q=d", &e); code != 400 {
		t.Errorf("four queries: %d", code)
	}
	resp, err := http.Get(srv.URL + "/api/coverage?q=hoa+binh&interval=year&format=csv&bom=1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(string(b), "\uFEFFquery,group,period,count,share\n") || !strings.Contains(string(b), ",Hòa Bình,") || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Errorf("CSV:\n%s", b)
	}
	// by=all: one line per period, the total the search page charts
	if code, _ := get(t, srv.URL+"/api/coverage?q=dan+van&by=all&interval=year", &c); code != 200 {
		t.Fatalf("by=all: %d", code)
	}
	get(t, srv.URL+"/api/search?q=dan+van", &search)
	sum, periods := 0, map[string]bool{}
	for _, p := range c.Points {
		sum += p.Count
		if p.Group != "" || periods[p.Period] {
			t.Errorf("by=all: %+v", p)
		}
		periods[p.Period] = true
	}
	if sum != search.Total || sum == 0 {
		t.Errorf("by=all counts %d, the search finds %d", sum, search.Total)
	}
	// the search's hits as CSV: the page asked for, marks removed
	resp, err = http.Get(srv.URL + "/api/search?q=dan+van+kheo&format=csv&bom=1&limit=3")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(readAll(t, resp), "\uFEFF"))).ReadAll()
	if err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != "id,title,url,published,province,province_now,source,snippet,score" {
		t.Fatalf("search CSV: %v %q", err, rows)
	}
	for _, r := range rows[1:] {
		if strings.Contains(r[7], "<mark>") || !strings.Contains(strings.ToLower(r[7]), "dân vận") || r[4] == "" {
			t.Errorf("search CSV row %q", r)
		}
	}
	if code, _ := get(t, srv.URL+"/api/search?q=x&format=xml", &e); code != 400 {
		t.Errorf("format=xml: %d", code)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFigureSeries: a province-wide figure restated by several articles is
// one fact listing them; another value for the same unit, field and period
// is a conflict on both; district counts are not facts of the province;
// by current unit, the old units' facts join.
func TestFigureSeries(t *testing.T) { storetest.Each(t, testFigureSeries) }

func testFigureSeries(t *testing.T, loc string) {
	s, srv := newTestApp(t, loc, "")
	ctx := context.Background()
	var items []store.Item
	for i, text := range []string{
		"Sóc Trăng: dân vận khéo\n\n10/03/2024 08:00\nNăm 2023, toàn tỉnh Sóc Trăng có 1.200 mô hình “Dân vận khéo”.\n",
		"Sóc Trăng: tổng kết\n\n12/03/2024 09:00\nTrong năm 2023, tỉnh Sóc Trăng xây dựng được 1.200 mô hình “Dân vận khéo” trên các lĩnh vực.\n",
		"Sóc Trăng: số liệu khác\n\n20/03/2024 10:00\nNăm 2023, toàn tỉnh Sóc Trăng có 1.250 mô hình “Dân vận khéo”.\n",
		"Sóc Trăng: năm mới\n\n05/02/2025 10:00\nNăm 2024, toàn tỉnh Sóc Trăng có 1.400 mô hình “Dân vận khéo”. Huyện Mỹ Xuyên có 90 mô hình “Dân vận khéo”.\n",
	} {
		a, err := s.Extractor.Text(text, extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		u := fmt.Sprintf("https://example.vn/st%d", i)
		items = append(items, store.Item{Doc: store.Document{URL: u, CanonicalURL: u, ContentType: "text/plain", Raw: []byte(text)}, Article: a, Version: s.Extractor.Version()})
	}
	if _, err := s.Store.Save(ctx, items, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	var facts []store.Fact
	if code, _ := get(t, srv.URL+"/api/figures/series?province=S%C3%B3c+Tr%C4%83ng&unit=old", &facts); code != 200 {
		t.Fatalf("series: %d", code)
	}
	var got []string
	for _, f := range facts {
		got = append(got, fmt.Sprintf("%s %s %d articles=%d conflict=%v %v", f.Unit, f.Period, f.Value, len(f.Articles), f.Conflict, f.ConflictingValues))
	}
	want := []string{"Sóc Trăng 2023 1200 articles=2 conflict=true [1250]", "Sóc Trăng 2023 1250 articles=1 conflict=true [1200]", "Sóc Trăng 2024 1400 articles=1 conflict=false []"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Sóc Trăng is in Cần Thơ now: asked by current unit, its facts are Cần Thơ's
	if code, _ := get(t, srv.URL+"/api/figures/series?province=C%E1%BA%A7n+Th%C6%A1&unit=now", &facts); code != 200 || len(facts) < 3 || facts[0].Unit != "Cần Thơ" {
		t.Errorf("by current unit: %d %+v", code, facts)
	}
	resp, err := http.Get(srv.URL + "/api/figures/series?province=S%C3%B3c+Tr%C4%83ng&format=csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 4 || !strings.HasPrefix(lines[0], "unit,metric,field") || !strings.Contains(lines[1], ",true,1250") {
		t.Errorf("CSV:\n%s", b)
	}
	var e map[string]string
	if code, _ := get(t, srv.URL+"/api/figures/series?unit=both", &e); code != 400 {
		t.Errorf("unit=both: %d", code)
	}
}

// TestQueryFailed: a query that fails because its client went away is
// logged as 499, not as a fault; one past the request's deadline is 503
// with Retry-After; on the real store behind the server.
func TestQueryFailed(t *testing.T) {
	s, _ := newTestApp(t, filepath.Join(t.TempDir(), "q.db"), "")
	for _, tt := range []struct {
		name  string
		ctx   func() (context.Context, context.CancelFunc)
		code  int
		retry string
	}{
		{"client gone", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, statusClientClosed, ""},
		{"past the deadline", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		}, http.StatusServiceUnavailable, "1"},
	} {
		for _, path := range []string{"/api/search?q=m%C3%B4+h%C3%ACnh+" + tt.name[:4], "/api/figures?province=H%E1%BA%ADu+Giang", "/api/provinces"} {
			ctx, cancel := tt.ctx()
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil).WithContext(ctx))
			cancel()
			if rec.Code != tt.code || rec.Header().Get("Retry-After") != tt.retry {
				t.Errorf("%s, %s: %d (Retry-After %q), want %d", tt.name, path, rec.Code, rec.Header().Get("Retry-After"), tt.code)
			}
		}
	}
}
