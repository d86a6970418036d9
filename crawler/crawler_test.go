package crawler_test

import (
	"baotinh/crawler"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"baotinh/extract"
	"baotinh/internal/ingest"
	"baotinh/internal/store"
	"baotinh/internal/store/storetest"
)

// fixtureSite imitates three provincial papers on one test server: one
// found through RSS, one through a sitemap, one through paginated listings,
// with every fault a real site shows.
type fixtureSite struct {
	mu     sync.Mutex
	hits   map[string]int // GET count per path
	srv    *httptest.Server
	pages  map[string]string
	etag   string
	failed map[string]int // how many times a flaky page still fails
}

func page(layout, title, date, body string) string {
	switch layout {
	case "rss": // Báo Hậu Giang-like: menu, related list, comments
		return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body>
<nav class="menu"><a href="/">Trang chủ</a> <a href="/kinh-te">Kinh tế</a></nav>
<h1>` + title + `</h1><div class="time">` + date + `</div>
<div class="detail-content"><p>` + body + `</p><p>GIA NGUYỄN</p></div>
<div class="tin-lien-quan"><h3>Tin liên quan</h3><a href="/x">Tỉnh có 999 mô hình dân vận khéo</a> 08:24 13/05/2025</div>
<div class="comments">Ý kiến bạn đọc: 777 mô hình dân vận khéo</div></body></html>`
	case "sitemap": // Báo Quảng Bình-like: JSON-LD and sidebar
		return `<html><head><meta charset="utf-8"><title>` + title + `</title><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-06-09T16:30:00+07:00"}</script></head><body>
<div id="top-menu"><a href="/">Thời sự</a></div><article><h1>` + title + `</h1><span class="date">` + date + `</span><p>` + body + `</p></article>
<aside class="sidebar"><h3>Xem nhiều nhất</h3><a href="/y">Hà Nội có 50 mô hình dân vận khéo</a></aside></body></html>`
	default: // Báo Hòa Bình-like: tables
		return `<html><head><title>` + title + `</title></head><body><table><tr><td class="left-menu"><a href="/">Trang chủ</a></td><td>
<div class="news-title">` + title + `</div><div class="news-date">` + date + `</div><div class="news-body"><p>` + body + `</div>
<div class="other-news"><b>Tin khác</b><br><a href="/z">Lạc Sơn có 40 mô hình dân vận khéo</a></div></td></tr></table></body></html>`
	}
}

func newFixture(t *testing.T) *fixtureSite {
	f := &fixtureSite{hits: map[string]int{}, pages: map[string]string{}, etag: `"v1"`, failed: map[string]int{"/a/503.html": 1, "/a/429.html": 1}}
	for i := 1; i <= 3; i++ {
		f.pages[fmt.Sprintf("/a/%d.html", i)] = page("rss", fmt.Sprintf("Hậu Giang: tin %d", i), "Thứ Ba, ngày 24/09/2024 | 05:46",
			fmt.Sprintf("Đến nay, toàn tỉnh xây dựng được %d mô hình, điển hình dân vận khéo trên các lĩnh vực.", 1000+i))
	}
	f.pages["/a/503.html"] = page("rss", "Tin sau lỗi 503", "24/09/2024 05:46", "Toàn tỉnh có 503 mô hình dân vận khéo.")
	f.pages["/a/429.html"] = page("rss", "Tin sau lỗi 429", "24/09/2024 05:46", "Toàn tỉnh có 429 mô hình dân vận khéo.")
	f.pages["/a/malformed.html"] = `<html><body><span class="date">24/09/2024 05:46<div class="detail-content"><p>Toàn tỉnh có 321 mô hình dân vận khéo.<p><b>chưa đóng <i>thẻ</div></body`
	for i := 1; i <= 4; i++ {
		f.pages[fmt.Sprintf("/s/%d.html", i)] = page("sitemap", fmt.Sprintf("Quảng Bình: bài %d", i), "2024-06-09 16:30:00",
			fmt.Sprintf("Giai đoạn 2021 - 2025 có %d mô hình “Dân vận khéo” trong toàn Đảng bộ.", 200+i))
	}
	for i := 1; i <= 6; i++ {
		f.pages[fmt.Sprintf("/l/%d.html", i)] = page("listing", fmt.Sprintf("Hòa Bình: bài %d", i), "23/07/2024 16:19",
			fmt.Sprintf("Tính đến tháng 6/2024, toàn tỉnh Hòa Bình hiện có %d mô hình “Dân vận khéo”.", 11000+i))
	}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixtureSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	n := f.hits[r.URL.Path]
	f.mu.Unlock()
	base := "http://" + r.Host
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case p == "/rss.xml":
		if r.Header.Get("If-None-Match") == f.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", f.etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss><channel>`)
		for _, l := range []string{"/a/1.html", "/a/1.html?utm_source=fb&utm_medium=x", "/a/2.html#top", "/a/3.html", "/a/503.html", "/a/429.html",
			"/a/slow.html", "/a/loop.html", "/a/cp1258.html", "/a/big.html", "/a/pdf.html", "/a/404.html", "/a/reset.html", "/a/malformed.html", "/private/secret.html"} {
			fmt.Fprintf(w, "<item><title>x</title><link>%s%s</link></item>", base, l)
		}
		fmt.Fprint(w, `</channel></rss>`)
	case p == "/sitemap.xml":
		w.Header().Set("Last-Modified", "Mon, 09 Jun 2024 10:00:00 GMT")
		if r.Header.Get("If-Modified-Since") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex><sitemap><loc>%s/sitemap-1.xml</loc></sitemap></sitemapindex>`, base)
	case p == "/sitemap-1.xml":
		w.Header().Set("ETag", `"s1"`)
		if r.Header.Get("If-None-Match") == `"s1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, `<?xml version="1.0"?><urlset>`)
		for i := 1; i <= 4; i++ {
			fmt.Fprintf(w, "<url><loc>%s/s/%d.html</loc></url>", base, i)
		}
		fmt.Fprint(w, `</urlset>`)
	case p == "/chinh-tri":
		pg := r.URL.Query().Get("page")
		if pg == "" {
			pg = "1"
		}
		var links string
		for _, i := range map[string][]int{"1": {1, 2}, "2": {3, 4}, "3": {5, 6}}[pg] {
			links += fmt.Sprintf(`<li><a href="/l/%d.html">bài %d</a></li>`, i, i)
		}
		next := ""
		if pg != "3" {
			next = fmt.Sprintf(`<a href="/chinh-tri?page=%c">Trang sau</a>`, pg[0]+1)
		}
		fmt.Fprintf(w, `<html><body><nav><a href="/">Trang chủ</a></nav><ul>%s</ul>%s</body></html>`, links, next)
	case p == "/a/503.html" || p == "/a/429.html":
		f.mu.Lock()
		left := f.failed[p]
		if left > 0 {
			f.failed[p]--
		}
		f.mu.Unlock()
		if left > 0 {
			if p == "/a/429.html" {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
			} else {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
			return
		}
		fmt.Fprint(w, f.pages[p])
	case p == "/a/slow.html":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(200)
		fmt.Fprint(w, "<html><body><p>Toàn tỉnh có 11 mô hình")
		w.(http.Flusher).Flush()
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	case p == "/a/loop.html":
		http.Redirect(w, r, "/a/loop2.html", http.StatusFound)
	case p == "/a/loop2.html":
		http.Redirect(w, r, "/a/loop.html", http.StatusFound)
	case p == "/a/cp1258.html":
		w.Header().Set("Content-Type", "text/html; charset=windows-1258")
		w.Write([]byte(encode1258(`<html><head><meta charset="windows-1258"><title>Hòa Bình: trang cũ</title></head><body><div class="detail-content"><p class="date">23/07/2024 16:19</p><p>Tính đến tháng 6/2024, toàn tỉnh Hòa Bình hiện có 1.258 mô hình dân vận khéo trên các lĩnh vực đời sống.</p></div></body></html>`)))
	case p == "/a/big.html":
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><p>")
		fmt.Fprint(w, strings.Repeat("Toàn tỉnh có 12 mô hình dân vận khéo. ", 5000))
	case p == "/a/pdf.html":
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4 ...")
	case p == "/a/reset.html":
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
	default:
		body, ok := f.pages[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_ = n
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

func encode1258(s string) string {
	e := charmap.Windows1258.NewEncoder()
	var b strings.Builder
	for _, r := range s {
		if out, err := e.String(string(r)); err == nil {
			b.WriteString(out)
			continue
		}
		var base, tone []rune
		for _, c := range norm.NFD.String(string(r)) {
			switch c {
			case 0x0300, 0x0301, 0x0303, 0x0309, 0x0323:
				tone = append(tone, c)
			default:
				base = append(base, c)
			}
		}
		out, _ := e.String(norm.NFC.String(string(base)) + string(tone))
		b.WriteString(out)
	}
	return b.String()
}

func (f *fixtureSite) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func fixtureConfig(t *testing.T, base string) *crawler.Config {
	t.Helper()
	host := strings.ReplaceAll(strings.TrimPrefix(base, "http://"), ".", `\.`)
	yaml := fmt.Sprintf(`user_agent: baotinh-test
contact: test@example.org
sources:
  - {id: rss-site, name: Báo RSS, province: Hậu Giang, url: "%[1]s/", feeds: ["%[1]s/rss.xml"], article: '^http://%[2]s/(a|private)/.+\.html$', delay: 1ms, parallelism: 4}
  - {id: sitemap-site, name: Báo Sitemap, province: Quảng Bình, url: "%[1]s/", sitemaps: ["%[1]s/sitemap.xml"], article: '^http://%[2]s/s/\d+\.html$', delay: 1ms}
  - {id: listing-site, name: Báo Listing, province: Hòa Bình, url: "%[1]s/", listings: ["%[1]s/chinh-tri"], article: '^http://%[2]s/l/\d+\.html$', delay: 1ms}
`, base, host)
	x, _ := extract.Default()
	c, err := crawler.LoadSources([]byte(yaml), "fixture.yaml", x.Gazetteer())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testCrawler(t testing.TB, cfg *crawler.Config, db string) (*crawler.Crawler, *store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	x, _ := extract.Default()
	return &crawler.Crawler{Config: cfg, Store: ingest.CrawlStore{Store: st, Extractor: x}, Options: crawler.Options{
		RetryBase: 20 * time.Millisecond, MaxRetries: 2, BodyTimeout: 400 * time.Millisecond, HeaderTimeout: 400 * time.Millisecond,
		MaxBodySize: 64 << 10, MaxRetryAfter: 2 * time.Second, NoPoliteness: true,
	}}, st
}

func TestCrawlFixtureSites(t *testing.T) {
	f := newFixture(t)
	cfg := fixtureConfig(t, f.srv.URL)
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "c.db"))
	ctx := context.Background()

	rss := c.Crawl(ctx, &cfg.Sources[0])
	t.Logf("rss: %+v", rss)
	// 1, 2, 3, 503 (retried), 429 (Retry-After), cp1258, malformed
	if rss.New != 7 {
		t.Errorf("rss new = %d, want 7", rss.New)
	}
	for reason, want := range map[string]int{"robots": 1, "redirect": 1, "too_large": 1, "content_type": 1, "not_found": 1, "timeout": 1, "reset": 1} {
		if rss.Failed[reason] != want {
			t.Errorf("failed[%s] = %d, want %d (all: %v)", reason, rss.Failed[reason], want, rss.Failed)
		}
	}
	if f.count("/a/1.html") != 1 {
		t.Errorf("/a/1.html fetched %d times (tracking parameters and fragments must not duplicate it)", f.count("/a/1.html"))
	}
	if f.count("/a/503.html") != 2 || f.count("/a/429.html") != 2 {
		t.Errorf("retries: 503 fetched %d, 429 fetched %d", f.count("/a/503.html"), f.count("/a/429.html"))
	}
	if f.count("/private/secret.html") != 0 {
		t.Error("robots.txt disallow ignored")
	}
	sm := c.Crawl(ctx, &cfg.Sources[1])
	ls := c.Crawl(ctx, &cfg.Sources[2])
	if sm.New != 4 || ls.New != 6 {
		t.Errorf("sitemap new %d (want 4), listing new %d (want 6): %+v %+v", sm.New, ls.New, sm, ls)
	}
	counts, _ := st.Counts(ctx)
	if counts.Articles != 17 || counts.Documents != 17 {
		t.Errorf("store %+v, want 17 articles", counts)
	}
	rows, _ := st.Figures(ctx, store.FigureQuery{WithDuplicates: true})
	vals := map[int64]string{}
	for _, r := range rows {
		vals[r.Value] = r.Province
	}
	for v, prov := range map[int64]string{1001: "Hậu Giang", 1258: "Hậu Giang", 503: "Hậu Giang", 321: "Hậu Giang", 201: "Quảng Bình", 11006: "Hòa Bình"} {
		if vals[v] != prov {
			t.Errorf("figure %d: province %q, want %q", v, vals[v], prov)
		}
	}
	for _, junk := range []int64{999, 777, 50, 40} {
		if _, ok := vals[junk]; ok {
			t.Errorf("figure %d comes from page furniture", junk)
		}
	}

	// second pass: feeds and sitemaps answer 304, listings show only known
	// articles, nothing is fetched again and nothing new stored
	before := map[string]int{}
	for _, p := range []string{"/a/1.html", "/s/1.html", "/l/1.html", "/chinh-tri"} {
		before[p] = f.count(p)
	}
	rss2 := c.Crawl(ctx, &cfg.Sources[0])
	sm2 := c.Crawl(ctx, &cfg.Sources[1])
	ls2 := c.Crawl(ctx, &cfg.Sources[2])
	if rss2.NotModified != 1 || sm2.NotModified != 1 {
		t.Errorf("not modified: rss %d, sitemap %d", rss2.NotModified, sm2.NotModified)
	}
	if rss2.New+sm2.New+ls2.New != 0 || rss2.Pages+sm2.Pages+ls2.Pages != 0 {
		t.Errorf("second crawl fetched or stored: %+v %+v %+v", rss2, sm2, ls2)
	}
	for _, p := range []string{"/a/1.html", "/s/1.html", "/l/1.html"} {
		if f.count(p) != before[p] {
			t.Errorf("%s fetched again", p)
		}
	}
	if f.count("/chinh-tri") != before["/chinh-tri"]+1 {
		t.Errorf("listing: %d fetches on the second pass, want 1 (paging stops at a page of known articles)", f.count("/chinh-tri")-before["/chinh-tri"])
	}
	if c2, _ := st.Counts(ctx); c2.Articles != 17 {
		t.Errorf("after the second crawl: %+v", c2)
	}
}

// TestCrawlWithoutNetwork: a source whose host does not resolve fails its
// run with the reason and the URL, stores nothing, and its status says so.
func TestCrawlWithoutNetwork(t *testing.T) {
	x, _ := extract.Default()
	cfg, err := crawler.LoadSources([]byte(`sources:
  - {id: unreachable, province: Hậu Giang, url: "http://baotinh-no-such-host.invalid/", listings: ["http://baotinh-no-such-host.invalid/chinh-tri"], article: '.*'}
`), "t.yaml", x.Gazetteer())
	if err != nil {
		t.Fatal(err)
	}
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "c.db"))
	ctx := context.Background()
	s := c.Crawl(ctx, &cfg.Sources[0])
	if s.Failed["dns"] != 1 || s.Pages+s.Discovery+s.New != 0 || s.Skipped {
		t.Errorf("summary %+v, want one dns failure and nothing fetched", s)
	}
	if !strings.Contains(s.Err, "baotinh-no-such-host.invalid/chinh-tri") || !strings.Contains(s.Err, "no such host") {
		t.Errorf("error %q does not name the listing and the cause", s.Err)
	}
	status, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(status) != 1 || status[0].LastError != s.Err || status[0].LastRun.IsZero() {
		t.Errorf("status %+v, want the run recorded with its error", status)
	}
	if n, err := st.Counts(ctx); err != nil || n.Documents != 0 {
		t.Errorf("stored %+v (%v), want nothing", n, err)
	}
}

func TestLoadSourcesErrors(t *testing.T) {
	x, _ := extract.Default()
	_, err := crawler.LoadSources([]byte(`sources:
  - id: Bad_ID
    province: Narnia
    url: ftp://x
    listings: ["http://a/"]
    article: '('
    schedule: "every day"
  - id: ok
    url: "http://a/"
`), "bad.yaml", x.Gazetteer())
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"bad.yaml:2: sources[0].id", "bad.yaml:3: sources[0].province", "bad.yaml:4: sources[0].url", "bad.yaml:6: sources[0].article", "bad.yaml:7: sources[0].schedule", "bad.yaml:8: sources[1].listings", "sources[1].article"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	cfg, err := crawler.DefaultConfig(x.Gazetteer())
	if err != nil || len(cfg.Sources) < 20 {
		t.Fatalf("default sources: %v (%d)", err, len(cfg.Sources))
	}
	for _, id := range []string{"baohaugiang", "baoangiang", "baoquangbinh", "baohoabinh"} {
		if _, ok := cfg.Find(id); !ok {
			t.Errorf("default sources lack %s", id)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	for in, want := range map[string]string{
		"HTTP://BaoHauGiang.com.vn:80/a/1.html?utm_source=fb&id=2#top": "http://baohaugiang.com.vn/a/1.html?id=2",
		"https://x.vn/chinh-tri/":                                      "https://x.vn/chinh-tri",
		"https://x.vn":                                                 "https://x.vn/",
		"https://x.vn/a?b=2&a=1&fbclid=z":                              "https://x.vn/a?a=1&b=2",
	} {
		if got, err := crawler.CanonicalURL(in); err != nil || got != want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := crawler.CanonicalURL("mailto:a@b"); err == nil {
		t.Error("mailto accepted")
	}
}

var _ = os.Getenv

// TestCrawlSharedPostgres: processes sharing a PostgreSQL database crawl a
// source one at a time, and two crawls at once store each article once.
func TestCrawlSharedPostgres(t *testing.T) {
	loc := storetest.Postgres(t)
	f := newFixture(t)
	cfg := fixtureConfig(t, f.srv.URL)
	a, st := testCrawler(t, cfg, loc)
	b, _ := testCrawler(t, cfg, loc)
	ctx := context.Background()

	release, ok, err := st.LockSource(ctx, cfg.Sources[0].ID)
	if !ok || err != nil {
		t.Fatalf("lock: %v %v", ok, err)
	}
	if sum := b.Crawl(ctx, &cfg.Sources[0]); !sum.Skipped || sum.New != 0 || sum.Pages != 0 {
		t.Fatalf("crawl while another process holds the source: %+v", sum)
	}
	release()

	var wg sync.WaitGroup
	sums := make([]crawler.Summary, 2)
	for i, c := range []*crawler.Crawler{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); sums[i] = c.Crawl(ctx, &cfg.Sources[0]) }()
	}
	wg.Wait()
	if got := sums[0].New + sums[1].New; got != 7 {
		t.Errorf("new articles %d (%+v / %+v), want 7", got, sums[0], sums[1])
	}
	c, _ := st.Counts(ctx)
	if c.Articles != 7 {
		t.Errorf("stored %d articles, want 7", c.Articles)
	}
}
