package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"baotinh/crawler"
	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
	"baotinh/internal/store/storetest"
)

func newTestServer(t *testing.T, loc, token string) *httptest.Server {
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
	return srv
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
	resp, _ := http.Post(open.URL+"/api/reprocess", "application/json", nil)
	if resp.StatusCode != 403 {
		t.Errorf("no token configured: %d", resp.StatusCode)
	}
	srv := newTestServer(t, loc, "s3cret")
	for _, auth := range []string{"", "Bearer wrong", "s3cret"} {
		req, _ := http.NewRequest("POST", srv.URL+"/api/reprocess", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, _ := http.DefaultClient.Do(req)
		if resp.StatusCode != 403 {
			t.Errorf("auth %q: %d", auth, resp.StatusCode)
		}
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/reprocess", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != 202 {
		t.Errorf("with token: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest("POST", srv.URL+"/api/crawl/nosuch", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != 503 && resp.StatusCode != 404 {
		t.Errorf("crawl unknown: %d", resp.StatusCode)
	}
	var h map[string]any
	if code, _ := get(t, srv.URL+"/healthz", &h); code != 200 || h["status"] != "ok" {
		t.Errorf("healthz %d %v", code, h)
	}
	get(t, srv.URL+"/api/search?q=x", nil)
	resp, _ = http.Get(srv.URL + "/metrics")
	b, _ := io.ReadAll(resp.Body)
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

func TestDashboardPages(t *testing.T) { storetest.Each(t, testDashboardPages) }

func testDashboardPages(t *testing.T, loc string) {
	srv := newTestServer(t, loc, "")
	for path, want := range map[string][]string{
		"/?q=dan+van+kheo": {"<strong>5</strong> bài viết", "facet-province", "<svg", "<mark>"},
		"/figures":         {"11.679", "11.441", "Tải CSV", "11.859"},
		"/figures?level=current&province=C%E1%BA%A7n+Th%C6%A1": {"Cần Thơ", "<svg"},
		"/articles/1": {"fig-11.679", "Trong đó, có 2.821"},
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
