package crawler_test

import (
	"baotinh/crawler"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"baotinh/extract"
)

// slowSite answers its listing after delay, counting the requests.
func slowSite(t *testing.T, delay time.Duration) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n.Add(1)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, `<html><body><a href="/nothing">x</a></body></html>`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func schedConfig(t *testing.T, specs map[string]string) *crawler.Config {
	t.Helper()
	var b strings.Builder
	b.WriteString("sources:\n")
	for id, spec := range specs {
		fmt.Fprintf(&b, "  - {id: %s, url: \"%s/\", listings: [\"%s/list\"], article: '/a/', schedule: \"%s\"}\n", id, strings.Split(spec, "|")[1], strings.Split(spec, "|")[1], strings.Split(spec, "|")[0])
	}
	x, _ := extract.Default()
	cfg, err := crawler.LoadSources([]byte(b.String()), "sched.yaml", x.Gazetteer())
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// heldSite answers its listing only when release is closed, and says on
// arrived each time a request for it comes in.
func heldSite(t *testing.T) (srv *httptest.Server, arrived chan struct{}, release chan struct{}, n *atomic.Int32) {
	arrived, release, n = make(chan struct{}, 16), make(chan struct{}), new(atomic.Int32)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n.Add(1)
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, `<html><body><a href="/nothing">x</a></body></html>`)
	}))
	t.Cleanup(srv.Close)
	return srv, arrived, release, n
}

// wait fails the test when nothing comes on c within a minute (a hung
// crawl), and never sleeps otherwise.
func wait[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("%s: nothing after a minute", what)
		var zero T
		return zero
	}
}

// TestSchedulerSchedulesEachSource: every source is scheduled on its own
// spec (read here as the entries' next times after a fixed instant).
func TestSchedulerSchedulesEachSource(t *testing.T) {
	site, _ := slowSite(t, 0)
	cfg := schedConfig(t, map[string]string{"hourly": "0 * * * *|" + site.URL, "daily": "30 6 * * *|" + site.URL})
	c, _ := testCrawler(t, cfg, filepath.Join(t.TempDir(), "s.db"))
	s := crawler.NewScheduler(c, nil)
	if err := s.Start(context.Background(), cfg.Sources); err != nil {
		t.Fatal(err)
	}
	defer s.Stop(time.Second)
	from := time.Date(2026, 12, 1, 9, 20, 0, 0, time.UTC)
	got := s.Entries(from)
	slices.SortFunc(got, time.Time.Compare)
	want := []time.Time{time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC)}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("next times %v, want %v", got, want)
	}
}

// TestSchedulerSkipsOverruns: a run due while the source's previous crawl
// is still going is skipped, not stacked; once that crawl ends the next
// run crawls again. Driven by the site's own signals, not by sleeping.
func TestSchedulerSkipsOverruns(t *testing.T) {
	site, arrived, release, fetched := heldSite(t)
	cfg := schedConfig(t, map[string]string{"held": "0 0 1 1 *|" + site.URL})
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "s.db"))
	c.Options.BodyTimeout, c.Options.HeaderTimeout = time.Minute, time.Minute
	s := crawler.NewScheduler(c, nil)
	s.Jitter = 0
	runs := make(chan crawler.Summary, 4)
	s.OnRun = func(sum crawler.Summary) { runs <- sum }
	if err := s.Start(context.Background(), cfg.Sources); err != nil {
		t.Fatal(err)
	}
	defer s.Stop(time.Second)
	job, err := s.Job(&cfg.Sources[0])
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan struct{})
	go func() { job(); close(first) }()
	wait(t, arrived, "first crawl")
	job() // due again while the first is held: returns at once
	if n := fetched.Load(); n != 1 {
		t.Errorf("listing fetched %d times while the first crawl was held, want 1", n)
	}
	close(release)
	if sum := wait(t, runs, "first crawl's end"); sum.Err != "" || sum.Discovery != 1 {
		t.Errorf("first crawl %+v", sum)
	}
	// OnRun is called inside the job: the job has ended, and with it the
	// guard that skips overruns, only once it returns
	select {
	case <-first:
	case <-time.After(10 * time.Second):
		t.Fatal("the first job did not return")
	}
	job() // the previous crawl ended: this one runs
	if n := fetched.Load(); n != 2 {
		t.Errorf("listing fetched %d times after the second run, want 2", n)
	}
	if len(runs) != 1 {
		t.Errorf("%d runs reported after the second, want 1", len(runs))
	}
	status, err := st.Sources(context.Background())
	if err != nil || len(status) != 1 || status[0].LastRun.IsZero() || status[0].NextRun.IsZero() {
		t.Errorf("status %+v %v", status, err)
	}
}

// TestSchedulerStopDeadline: Stop waits for a crawl in flight up to its
// deadline, then cancels it, and the cancelled crawl says so.
func TestSchedulerStopDeadline(t *testing.T) {
	site, arrived, _, _ := heldSite(t)
	cfg := schedConfig(t, map[string]string{"held": "0 0 1 1 *|" + site.URL})
	c, _ := testCrawler(t, cfg, filepath.Join(t.TempDir(), "s.db"))
	c.Options.BodyTimeout, c.Options.HeaderTimeout = time.Minute, time.Minute
	s := crawler.NewScheduler(c, nil)
	s.Jitter = 0
	done := make(chan crawler.Summary, 4)
	s.OnRun = func(sum crawler.Summary) { done <- sum }
	if err := s.Start(context.Background(), cfg.Sources); err != nil {
		t.Fatal(err)
	}
	job, err := s.Job(&cfg.Sources[0])
	if err != nil {
		t.Fatal(err)
	}
	go job()
	wait(t, arrived, "the crawl")
	stopped := make(chan struct{})
	go func() { s.Stop(700 * time.Millisecond); close(stopped) }()
	wait(t, stopped, "Stop")
	if sum := wait(t, done, "the cancelled crawl"); sum.Err == "" {
		t.Errorf("the cancelled crawl reports no error: %+v", sum)
	}
}

// TestNextRunAfterEachRun: the next run stored for a source is its
// schedule's next time after the scheduler's clock, written at start and
// again after every run (issue 14: it was written once at start and went
// stale), read here with an injected clock instead of waiting.
func TestNextRunAfterEachRun(t *testing.T) {
	site, _ := slowSite(t, 0)
	cfg := schedConfig(t, map[string]string{"hourly": "0 * * * *|" + site.URL})
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "n.db"))
	s := crawler.NewScheduler(c, nil)
	s.Jitter = 0
	clock := time.Date(2026, 12, 1, 9, 20, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	ctx := context.Background()
	next := func() time.Time {
		t.Helper()
		list, err := st.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range list {
			if src.ID == "hourly" {
				return src.NextRun.UTC()
			}
		}
		t.Fatal("source not stored")
		return time.Time{}
	}
	if err := s.Start(ctx, cfg.Sources); err != nil {
		t.Fatal(err)
	}
	defer s.Stop(time.Second)
	if got, want := next(), time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next run at start %v, want %v", got, want)
	}
	// a run that ends at 10:07 writes 11:00
	clock = time.Date(2026, 12, 1, 10, 7, 0, 0, time.UTC)
	if err := s.RunOnce(&cfg.Sources[0], "0 * * * *"); err != nil {
		t.Fatal(err)
	}
	if got, want := next(), time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next run after a run %v, want %v", got, want)
	}
}
