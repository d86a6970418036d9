package crawler_test

import (
	"baotinh/crawler"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"baotinh/extract"
	"baotinh/internal/synth"
)

// articleSite serves n synthetic articles as HTML pages and a sitemap.
func articleSite(tb testing.TB, n int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case r.URL.Path == "/sitemap.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><urlset>`)
			for i := 0; i < n; i++ {
				fmt.Fprintf(w, "<url><loc>http://%s/a/%d.html</loc></url>", r.Host, i)
			}
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(r.URL.Path, "/a/"):
			i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/a/"), ".html"))
			if err != nil || i >= n {
				http.NotFound(w, r)
				return
			}
			text := synth.Article(3, i)
			title, body, _ := strings.Cut(text, "\n")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><head><title>%s</title></head><body><nav><a href="/">Trang chủ</a></nav><h1>%s</h1><div class="detail-content">`, html.EscapeString(title), html.EscapeString(title))
			for _, p := range strings.Split(body, "\n") {
				fmt.Fprintf(w, "<p>%s</p>", html.EscapeString(p))
			}
			fmt.Fprint(w, `</div></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// BenchmarkCrawl crawls a loopback site of 10,000 articles with politeness
// off, end to end into a fresh store; reports pages/s and peak RSS.
func BenchmarkCrawl(b *testing.B) {
	const n = 10000
	srv := articleSite(b, n)
	host := strings.ReplaceAll(strings.TrimPrefix(srv.URL, "http://"), ".", `\.`)
	x, _ := extract.Default()
	cfg, err := crawler.LoadSources([]byte(fmt.Sprintf("sources:\n  - {id: bench, province: Hậu Giang, url: \"%[1]s/\", sitemaps: [\"%[1]s/sitemap.xml\"], article: '^http://%[2]s/a/\\d+\\.html$', max_pages: %[3]d, parallelism: 16}\n", srv.URL, host, n)), "bench.yaml", x.Gazetteer())
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c, _ := testCrawler(b, cfg, filepath.Join(b.TempDir(), "b.db"))
		c.Options = crawler.Options{NoPoliteness: true}
		b.StartTimer()
		sum := c.Crawl(context.Background(), &cfg.Sources[0])
		if sum.New != n {
			b.Fatalf("%+v", sum)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(peakRSS(), "peak-RSS-MB")
}

func peakRSS() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(l)[1], 64)
			return kb / 1024
		}
	}
	return 0
}
