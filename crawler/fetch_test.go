package crawler_test

import (
	"baotinh/crawler"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"baotinh/extract"
)

// gzipOf compresses n bytes made of block repeated.
func gzipOf(t *testing.T, block string, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	for w := 0; w < n; w += len(block) {
		if _, err := zw.Write([]byte(block)); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	return b.Bytes()
}

func loadConfig(t *testing.T, yaml string) *crawler.Config {
	t.Helper()
	x, _ := extract.Default()
	cfg, err := crawler.LoadSources([]byte(yaml), "test.yaml", x.Gazetteer())
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestGzipBomb: every decompression is bounded by the body limit of its
// kind (issue 14.2): a .xml.gz sitemap and a gzip-encoded article that
// inflate far past their limits fail as too_large, and what the crawl
// allocates stays near the limits, not the inflated sizes.
func TestGzipBomb(t *testing.T) {
	sitemapBomb := gzipOf(t, "<url>"+strings.Repeat(" ", 4096)+"</url>\n", 64<<20) // 64 MB inflated
	pageBomb := gzipOf(t, "<p>"+strings.Repeat("mô hình ", 512)+"</p>\n", 32<<20)
	t.Logf("compressed: sitemap %d bytes, page %d bytes", len(sitemapBomb), len(pageBomb))
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(sitemapBomb)
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<urlset><url><loc>%s/s/1.html</loc></url></urlset>`, srv.URL)
	})
	mux.HandleFunc("/s/1.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(pageBomb)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	host := strings.ReplaceAll(strings.TrimPrefix(srv.URL, "http://"), ".", `\.`)
	cfg := loadConfig(t, fmt.Sprintf(`sources:
  - {id: bomb, province: Hậu Giang, url: "%[1]s/", sitemaps: ["%[1]s/sitemap.xml.gz", "%[1]s/sitemap.xml"], article: '^http://%[2]s/s/\d+\.html$'}
`, srv.URL, host))
	c, _ := testCrawler(t, cfg, filepath.Join(t.TempDir(), "b.db"))
	c.Options.MaxSitemapSize = 2 << 20
	c.Options.MaxBodySize = 1 << 20
	c.Options.BodyTimeout = 0 // the default: inflating takes longer than the fixtures' 400 ms
	c.Options.HeaderTimeout = 0
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sum := c.Crawl(context.Background(), &cfg.Sources[0])
	runtime.ReadMemStats(&after)
	if sum.Failed["too_large"] != 2 || sum.New != 0 {
		t.Errorf("summary %+v, want 2 too_large (the sitemap and the page) and nothing stored", sum)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
		t.Errorf("the crawl allocated %d MB for limits of 2 MB and 1 MB (the bombs inflate to 64 and 32 MB)", alloc>>20)
	}
}

// TestRedirectsStayOnTheSource: a redirect to a host the source does not
// name is not followed (issue 14.3), and a redirect to a host it names is
// followed only after that host's robots.txt allows it.
func TestRedirectsStayOnTheSource(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	count := func(name string, h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[name+r.URL.Path]++
			mu.Unlock()
			h(w, r)
		}
	}
	article := `<html><head><meta charset="utf-8"></head><body><h1>Dân vận khéo</h1><p>Toàn tỉnh có 12 mô hình dân vận khéo.</p></body></html>`
	// a host serving the article under a robots.txt
	host := func(name, robots string) *httptest.Server {
		return httptest.NewServer(count(name, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				fmt.Fprint(w, robots)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, article)
		}))
	}
	// other: a host the source does not name; mirror: one it names (a feed
	// host) whose robots.txt disallows everything
	other := host("other", "User-agent: *\nDisallow:\n")
	defer other.Close()
	mirror := host("mirror", "User-agent: *\nDisallow: /\n")
	defer mirror.Close()
	var main *httptest.Server
	main = httptest.NewServer(count("main", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/chinh-tri":
			fmt.Fprintf(w, `<html><body><a href="%[1]s/a/away.html">1</a> <a href="%[1]s/a/mirror.html">2</a></body></html>`, main.URL)
		case "/a/away.html":
			http.Redirect(w, r, other.URL+"/x.html", http.StatusFound)
		case "/a/mirror.html":
			http.Redirect(w, r, mirror.URL+"/x.html", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer main.Close()
	cfg := loadConfig(t, fmt.Sprintf(`sources:
  - {id: redirects, province: Hậu Giang, url: "%[1]s/", listings: ["%[1]s/chinh-tri"], feeds: ["%[2]s/rss.xml"], article: '/a/.+\.html$'}
`, main.URL, mirror.URL))
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "r.db"))
	sum := c.Crawl(context.Background(), &cfg.Sources[0])
	// robots: the feed on the mirror (colly's check) and the redirect to it (ours)
	if sum.Failed["off_site"] != 1 || sum.Failed["robots"] != 2 || sum.New != 0 {
		t.Errorf("summary %+v, want one off_site, two robots, nothing stored", sum)
	}
	mu.Lock()
	defer mu.Unlock()
	if hits["other/x.html"] != 0 || hits["other/robots.txt"] != 0 {
		t.Errorf("the host the source does not name was reached: %v", hits)
	}
	if hits["mirror/robots.txt"] == 0 || hits["mirror/x.html"] != 0 || hits["mirror/rss.xml"] != 0 {
		t.Errorf("the named host: robots.txt read %d times, page fetched %d, feed %d; want it read and nothing fetched", hits["mirror/robots.txt"], hits["mirror/x.html"], hits["mirror/rss.xml"])
	}
	if n, _ := st.Counts(context.Background()); n.Articles != 0 {
		t.Errorf("stored %+v", n)
	}
}

// TestShortBodyCounted: a crawled page whose body comes out empty is stored
// with its warning and counted: in the crawl's summary, the source's status,
// the store's counts and the Prometheus counter per source (issue 16.3).
func TestShortBodyCounted(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/list":
			fmt.Fprintf(w, `<html><body><a href="%s/a/1.html">1</a></body></html>`, srv.URL)
		case "/a/1.html":
			fmt.Fprint(w, `<html><head><meta property="og:type" content="article"></head><body><h1>Dân vận khéo ở Hậu Giang hôm nay</h1><div class="video"></div></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cfg := loadConfig(t, fmt.Sprintf(`sources:
  - {id: empty, province: Hậu Giang, url: "%[1]s/", listings: ["%[1]s/list"], article: '/a/\d+\.html$'}
`, srv.URL))
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "e.db"))
	reg := prometheus.NewRegistry()
	c.Metrics = crawler.NewMetrics(reg)
	sum := c.Crawl(context.Background(), &cfg.Sources[0])
	if sum.New != 1 || sum.ShortBodies != 1 {
		t.Errorf("summary %+v, want 1 new with a short body", sum)
	}
	ctx := context.Background()
	if n, _ := st.Counts(ctx); n.Articles != 1 || n.ShortBodies != 1 {
		t.Errorf("counts %+v", n)
	}
	srcs, _ := st.Sources(ctx)
	if len(srcs) != 1 || srcs[0].ShortBodies != 1 {
		t.Errorf("sources %+v", srcs)
	}
	if v := c.Metrics.ShortBodiesCounted("empty"); v != 1 {
		t.Errorf("baotinh_crawl_short_bodies_total{source=empty} = %v, want 1", v)
	}
}

// TestHostBudget: a page that drips a byte at a time is tried until its
// host has lost HostBudget to timeouts (2 × BodyTimeout by default), not
// MaxRetries+1 times (issue 14.10: 60 s × 4 tries held a crawl 4 minutes).
func TestHostBudget(t *testing.T) {
	var mu sync.Mutex
	drips := 0
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/list":
			fmt.Fprintf(w, `<html><body><a href="%s/a/drip.html">1</a></body></html>`, srv.URL)
		case "/a/drip.html":
			mu.Lock()
			drips++
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			for {
				if _, err := w.Write([]byte("<")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}
	}))
	defer srv.Close()
	cfg := loadConfig(t, fmt.Sprintf(`sources:
  - {id: drip, province: Hậu Giang, url: "%[1]s/", listings: ["%[1]s/list"], article: '/a/.+\.html$'}
`, srv.URL))
	c, _ := testCrawler(t, cfg, filepath.Join(t.TempDir(), "d.db"))
	c.Options.MaxRetries = 3
	sum := c.Crawl(context.Background(), &cfg.Sources[0])
	mu.Lock()
	defer mu.Unlock()
	if drips != 2 || sum.Failed["timeout"] != 1 {
		t.Errorf("the dripping page was fetched %d times (want 2: the budget is two timeouts), summary %+v", drips, sum)
	}
}

// TestArticlesByMarkup: links the source's pattern does not take are kept
// as articles when their pages carry article markup (og:type, JSON-LD, or
// a headline, a date and a body) and they are on the source's own host and
// come from a sitemap or read like an article's slug; a slug-like page
// without that markup is fetched and not stored, counted, and so is a page
// the pattern takes that has no date (an error page served as 200);
// sections and other hosts are not fetched (issue 16.5).
func TestArticlesByMarkup(t *testing.T) {
	body := strings.Repeat("Phong trào thi đua “Dân vận khéo” được triển khai rộng khắp ở cơ sở. ", 6)
	fetched := map[string]int{}
	var mu sync.Mutex
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fetched[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<urlset><url><loc>%s/2024/07/99.htm</loc></url></urlset>`, srv.URL)
		case "/list":
			fmt.Fprintf(w, `<html><body><a href="%[1]s/a/1.html">1</a> <a href="%[1]s/a/2.html">2</a> <a href="%[1]s/chinh-tri">Chính trị</a>
<a href="%[1]s/xa-hoi/dan-van-kheo-o-xa-tan-phu-123.htm">og</a> <a href="%[1]s/thoi-su/hoi-nghi-tong-ket-dan-van-khéo.htm">plain</a>
<a href="%[1]s/gioi-thieu/ve-chung-toi-va-lien-he">about</a> <a href="http://elsewhere.invalid/tin-tuc/mot-bai-bao-khac-hay">away</a></body></html>`, srv.URL)
		case "/a/1.html": // the pattern takes it and it has a date: kept
			fmt.Fprint(w, `<html><body><h1>Tin 1</h1><div class="date">24/07/2024 08:00</div><p>`+body+`</p></body></html>`)
		case "/a/2.html": // the pattern takes it, but it is an error page served as 200
			fmt.Fprint(w, `<html><body><h1>Không tìm thấy trang</h1><p>Bài viết không tồn tại hoặc đã bị xóa.</p></body></html>`)
		case "/xa-hoi/dan-van-kheo-o-xa-tan-phu-123.htm":
			fmt.Fprint(w, `<html><head><meta property="og:type" content="article"></head><body><h1>Tân Phú</h1><p>`+body+`</p></body></html>`)
		case "/thoi-su/hoi-nghi-tong-ket-dan-van-khéo.htm", "/thoi-su/hoi-nghi-tong-ket-dan-van-kh%C3%A9o.htm":
			fmt.Fprint(w, `<html><body><h1>Hội nghị tổng kết</h1><time datetime="2024-07-23T10:00:00+07:00">23/07/2024</time><p>`+body+`</p></body></html>`)
		case "/2024/07/99.htm":
			fmt.Fprint(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"99"}</script></head><body><h1>Bài 99</h1><p>`+body+`</p></body></html>`)
		case "/gioi-thieu/ve-chung-toi-va-lien-he":
			fmt.Fprint(w, `<html><body><h1>Giới thiệu</h1><p>Liên hệ tòa soạn.</p></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cfg := loadConfig(t, fmt.Sprintf(`sources:
  - {id: markup, province: Hậu Giang, url: "%[1]s/", listings: ["%[1]s/list"], sitemaps: ["%[1]s/sitemap.xml"], article: '/a/\d+\.html$'}
`, srv.URL))
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "m.db"))
	sum := c.Crawl(context.Background(), &cfg.Sources[0])
	if sum.New != 4 || sum.NotArticles != 2 {
		t.Errorf("summary %+v, want 4 new (the pattern's with a date, og:type, headline+date+body, JSON-LD) and 2 not articles (the pattern's error page, the slug without markup)", sum)
	}
	if n, err := st.Counts(context.Background()); err != nil || n.Articles != 4 {
		t.Errorf("stored %+v %v", n, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if fetched["/chinh-tri"] != 0 {
		t.Error("a section link was fetched as an article")
	}
}
