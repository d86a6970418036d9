package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"baotinh/internal/store/storetest"
)

// These tests drive the real binary, as a user and CI do.

var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "baotinh-bin")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "baotinh")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func baotinh(t *testing.T, db string, args ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err
}

type searchJSON struct {
	Total int `json:"total"`
	Hits  []struct {
		ID          int64  `json:"id"`
		URL         string `json:"url"`
		Province    string `json:"province"`
		ProvinceNow string `json:"province_now"`
		Snippet     string `json:"snippet"`
	} `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
}

func search(t *testing.T, db string, args ...string) searchJSON {
	t.Helper()
	out, stderr, err := baotinh(t, db, append([]string{"search", "--format", "json"}, args...)...)
	if err != nil {
		t.Fatalf("search %v: %v\n%s", args, err, stderr)
	}
	var r searchJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("search %v: %v\n%s", args, err, out)
	}
	return r
}

func TestSeedsIngestSearchFigures(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	out, stderr, err := baotinh(t, db, "ingest", "../../seeds")
	if err != nil || !strings.Contains(out, "new 5") {
		t.Fatalf("ingest: %v %s %s", err, out, stderr)
	}
	out, _, _ = baotinh(t, db, "ingest", "../../seeds")
	if !strings.Contains(out, "new 0") || !strings.Contains(out, "unchanged 5") {
		t.Errorf("second ingest stored something: %s", out)
	}
	if r := search(t, db, "dan van kheo"); r.Total != 5 {
		t.Errorf("dan van kheo: %d", r.Total)
	}
	for _, q := range []string{"hoa binh", "Hoà Bình"} {
		if r := search(t, db, q); len(r.Hits) == 0 || !strings.Contains(r.Hits[0].URL, "003_") {
			t.Errorf("%s: first %+v", q, r.Hits)
		}
	}
	if r := search(t, db, "11.441"); r.Total != 1 || !strings.Contains(r.Hits[0].URL, "003_") {
		t.Errorf("11.441: %+v", r)
	}
	r := search(t, db, "--province", "Cần Thơ", "")
	if r.Total != 2 || r.Hits[0].Province != "Hậu Giang" || r.Hits[1].Province != "Hậu Giang" {
		t.Errorf("Cần Thơ: %+v", r)
	}
	if _, stderr, err := baotinh(t, db, "search", ""); err == nil || !strings.Contains(stderr, "needs a filter") {
		t.Errorf("empty query without filter: %v %s", err, stderr)
	}
	if _, stderr, err := baotinh(t, db, "search", "--province", "Narnia", "x"); err == nil || !strings.Contains(stderr, "Narnia") {
		t.Errorf("bad province: %v %s", err, stderr)
	}
	out, _, err = baotinh(t, db, "figures", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "article_id,url,title,published,province,province_now,metric,field,value,approx,qualifier,scope,year,period,as_of,evidence" {
		t.Errorf("header %v", recs[0])
	}
	if len(recs) != 21 {
		t.Errorf("%d figure rows, want 20", len(recs)-1)
	}
	values := map[string]bool{}
	for _, rec := range recs[1:] {
		values[rec[8]] = true
	}
	for _, v := range []string{"11679", "2821", "5521", "1641", "1876", "225", "108", "117", "79", "52", "27", "15", "8", "11441", "4034", "709", "1850", "1016", "459", "132"} {
		if !values[v] {
			t.Errorf("figure %s missing", v)
		}
	}
	out, _, _ = baotinh(t, db, "reprocess")
	if !strings.Contains(out, "0 articles changed") {
		t.Errorf("reprocess with the same rules changed something: %s", out)
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if _, _, err := baotinh(t, db, "ingest", "../../seeds"); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.txt")
	f, _ := os.Create(big)
	f.Truncate(100 << 20) // 100 MB, never read whole
	f.Close()
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "latin1.txt"), []byte("To\xe0n t\xecnh c\xf3 12 m\xf4 h\xecnh"), 0o644)
	out, stderr, _ := baotinh(t, db, "ingest", big, filepath.Join(dir, "empty.txt"), filepath.Join(dir, "latin1.txt"), filepath.Join(dir, "missing.txt"))
	for _, want := range []string{"big.txt", "too large", "empty.txt", "empty document", "latin1.txt", "not UTF-8", "missing.txt"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(out, "new 0") {
		t.Errorf("out %s", out)
	}
	if r := search(t, db, "dan van kheo"); r.Total != 5 {
		t.Errorf("stored articles lost: %d", r.Total)
	}
}

func counts(t *testing.T, db string) string {
	t.Helper()
	out, stderr, err := baotinh(t, db, "stats", "--format", "json")
	if err != nil {
		t.Fatalf("stats: %v %s", err, stderr)
	}
	var c map[string]int
	json.Unmarshal([]byte(out), &c)
	return fmt.Sprintf("documents=%d articles=%d figures=%d index=%d near-duplicates=%d", c["documents"], c["articles"], c["figures"], c["index_rows"], c["near_duplicates"])
}

// storedCounts is counts without the near-duplicates: where documents
// arrive in an order that varies (parallel fetches, concurrent processes),
// which of two near-identical articles is the original varies too.
func storedCounts(t *testing.T, db string) string {
	c := counts(t, db)
	return c[:strings.Index(c, " near-duplicates")]
}

// TestKillAndResume kills ingest and reprocess at a random moment and
// checks that running them again ends where an uninterrupted run ends.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { testKillAndResume(t, b.New) })
	}
}

func testKillAndResume(t *testing.T, newStore func(testing.TB) string) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if out, err := exec.Command(bin, "synth", "--n", "5000", corpus).CombinedOutput(); err != nil {
		t.Fatalf("synth: %v %s", err, out)
	}
	rules := filepath.Join(dir, "rules.yaml")
	// a rule change that changes figures: "hơn" no longer marks an approximation
	os.WriteFile(rules, []byte("replace: [approximators]\napproximators:\n  nearly: [gần]\n"), 0o644)

	clean := newStore(t)
	start := time.Now()
	if _, stderr, err := baotinh(t, clean, "ingest", corpus); err != nil {
		t.Fatalf("ingest: %v %s", err, stderr)
	}
	took := time.Since(start)
	want := counts(t, clean)

	killed := newStore(t)
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	at := time.Duration(r.Int63n(int64(took)*8/10)) + took/10
	killAfter(t, at, bin, "--db", killed, "ingest", corpus)
	t.Logf("ingest killed after %v of %v: %s", at, took, counts(t, killed))
	if _, stderr, err := baotinh(t, killed, "ingest", corpus); err != nil {
		t.Fatalf("ingest again: %v %s", err, stderr)
	}
	if got := counts(t, killed); got != want {
		t.Errorf("after kill and resume: %s, want %s", got, want)
	}

	start = time.Now()
	if _, stderr, err := baotinh(t, clean, "reprocess", "--rules", rules); err != nil {
		t.Fatalf("reprocess: %v %s", err, stderr)
	}
	took = time.Since(start)
	want = counts(t, clean)
	// in the first half: the same reprocess on the other store may run
	// faster than this one did
	at = time.Duration(r.Int63n(int64(took)*4/10)) + took/10
	wasKilled := killAfter(t, at, bin, "--db", killed, "reprocess", "--rules", rules)
	out, stderr, err := baotinh(t, killed, "reprocess", "--rules", rules)
	if err != nil {
		t.Fatalf("reprocess again: %v %s", err, stderr)
	}
	t.Logf("reprocess killed after %v of %v; again: %s", at, took, strings.TrimSpace(out))
	// a reprocess that finished before the kill leaves nothing to change
	if wasKilled && strings.Contains(out, " 0 articles changed") && !strings.Contains(out, "resumed") {
		t.Errorf("the rule change changed nothing: %s", out)
	}
	if got := counts(t, killed); got != want {
		t.Errorf("after killed reprocess: %s, want %s", got, want)
	}
}

// killAfter runs a command and kills it after d; it reports whether the
// command was still running then.
func killAfter(t *testing.T, d time.Duration, name string, args ...string) bool {
	t.Helper()
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		t.Logf("finished before the kill at %v", d)
		return false
	case <-time.After(d):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

// slowArticles serves a sitemap of n articles, each answered after a short
// delay, so that a crawl can be killed in the middle.
func slowArticles(t *testing.T, n int) (*httptest.Server, string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/sitemap.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><urlset>`)
			for i := 0; i < n; i++ {
				fmt.Fprintf(w, "<url><loc>http://%s/a/%d.html</loc></url>", r.Host, i)
			}
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(r.URL.Path, "/a/"):
			time.Sleep(10 * time.Millisecond)
			i := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/a/"), ".html")
			fmt.Fprintf(w, `<html><body><h1>Hậu Giang: bài %s</h1><div class="detail-content"><p>24/09/2024 05:46</p><p>Đến nay, toàn tỉnh xây dựng được 1%s mô hình, điển hình dân vận khéo trên các lĩnh vực đời sống, xã hội, với nhiều cách làm hay, sáng tạo, hiệu quả thiết thực trong đời sống của Nhân dân.</p></div></body></html>`, i, i)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	host := strings.ReplaceAll(strings.TrimPrefix(srv.URL, "http://"), ".", `\.`)
	file := filepath.Join(t.TempDir(), "sources.yaml")
	os.WriteFile(file, []byte(fmt.Sprintf("sources:\n  - {id: local, province: Hậu Giang, url: \"%[1]s/\", sitemaps: [\"%[1]s/sitemap.xml\"], article: '^http://%[2]s/a/\\d+\\.html$', max_pages: %[3]d, parallelism: 4}\n", srv.URL, host, n)), 0o644)
	return srv, file
}

func TestCrawlKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { testCrawlKillAndResume(t, b.New) })
	}
}

func testCrawlKillAndResume(t *testing.T, newStore func(testing.TB) string) {
	_, sources := slowArticles(t, 600)
	clean := newStore(t)
	start := time.Now()
	out, stderr, err := baotinh(t, clean, "crawl", "--sources", sources, "--no-politeness")
	if err != nil {
		t.Fatalf("crawl: %v %s %s", err, out, stderr)
	}
	took := time.Since(start)
	// pages arrive in whatever order the parallel fetches finish
	stored := func(db string) string { return storedCounts(t, db) }
	want := stored(clean)
	if !strings.Contains(want, "articles=600") {
		t.Fatalf("clean crawl: %s\n%s", want, out)
	}
	killed := newStore(t)
	at := time.Duration(rand.Int63n(int64(took)*7/10)) + took/5
	killAfter(t, at, bin, "--db", killed, "crawl", "--sources", sources, "--no-politeness")
	t.Logf("crawl killed after %v of %v: %s", at, took, counts(t, killed))
	if _, stderr, err := baotinh(t, killed, "crawl", "--sources", sources, "--no-politeness"); err != nil {
		t.Fatalf("crawl again: %v %s", err, stderr)
	}
	if got := stored(killed); got != want {
		t.Errorf("after kill and a second crawl: %s, want %s", got, want)
	}
	out, _, _ = baotinh(t, killed, "sources", "--sources", sources)
	if !strings.Contains(out, "local") {
		t.Errorf("sources: %s", out)
	}
}
