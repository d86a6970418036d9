package crawler_test

import (
	"baotinh/crawler"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
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

func TestSchedulerFiresAndSkipsOverruns(t *testing.T) {
	fast, fastN := slowSite(t, 0)
	slow, slowN := slowSite(t, 2500*time.Millisecond)
	cfg := schedConfig(t, map[string]string{"fast": "@every 1s|" + fast.URL, "slow": "@every 1s|" + slow.URL})
	c, st := testCrawler(t, cfg, filepath.Join(t.TempDir(), "s.db"))
	c.Options.BodyTimeout = 10 * time.Second
	c.Options.HeaderTimeout = 10 * time.Second
	s := crawler.NewScheduler(c, nil)
	s.Jitter = 0
	var mu sync.Mutex
	runs := map[string]int{}
	s.OnRun = func(sum crawler.Summary) { mu.Lock(); runs[sum.Source]++; mu.Unlock() }
	if err := s.Start(context.Background(), cfg.Sources); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4200 * time.Millisecond)
	start := time.Now()
	s.Stop(5 * time.Second)
	stopped := time.Since(start)
	mu.Lock()
	defer mu.Unlock()
	if runs["fast"] < 3 {
		t.Errorf("fast source ran %d times in 4.2 s on @every 1s", runs["fast"])
	}
	// the slow crawl takes 2.5 s: started at 1 s and at about 4 s at most
	if n := slowN.Load(); n > 2 {
		t.Errorf("slow source fetched %d times: overrunning runs were stacked", n)
	}
	if fastN.Load() < 3 {
		t.Errorf("fast site fetched %d times", fastN.Load())
	}
	if stopped > 4*time.Second {
		t.Errorf("stop took %v", stopped)
	}
	status, _ := st.Sources(context.Background())
	for _, ss := range status {
		if ss.LastRun.IsZero() || ss.NextRun.IsZero() {
			t.Errorf("source %s: last run %v next run %v", ss.ID, ss.LastRun, ss.NextRun)
		}
	}
}

func TestSchedulerStopDeadline(t *testing.T) {
	slow, _ := slowSite(t, 10*time.Second)
	cfg := schedConfig(t, map[string]string{"slow": "@every 1s|" + slow.URL})
	c, _ := testCrawler(t, cfg, filepath.Join(t.TempDir(), "s.db"))
	c.Options.BodyTimeout = 30 * time.Second
	c.Options.HeaderTimeout = 30 * time.Second
	s := crawler.NewScheduler(c, nil)
	s.Jitter = 0
	done := make(chan crawler.Summary, 4)
	s.OnRun = func(sum crawler.Summary) { done <- sum }
	if err := s.Start(context.Background(), cfg.Sources); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // a crawl is in flight
	start := time.Now()
	s.Stop(700 * time.Millisecond)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stop waited %v past a 700ms deadline", d)
	}
	select {
	case sum := <-done:
		if sum.Err == "" {
			t.Errorf("the cancelled crawl reports no error: %+v", sum)
		}
	case <-time.After(2 * time.Second):
		t.Error("the in-flight crawl never returned")
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
