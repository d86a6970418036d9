package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestLimiterShedsAtOnce: beyond the requests running and queued a request
// is refused at once, 503 with Retry-After and a JSON error, and counted;
// a queued one runs when a turn frees, or is refused after the longest
// wait; every request runs under the deadline.
func TestLimiterShedsAtOnce(t *testing.T) {
	l := newLimiter(1, 1, time.Minute, 3*time.Second, prometheus.NewRegistry())
	release := make(chan struct{})
	started := make(chan time.Time, 4)
	h := l.wrap("GET /api/search", func(w http.ResponseWriter, r *http.Request) {
		dl, ok := r.Context().Deadline()
		if !ok {
			t.Error("no deadline")
		}
		started <- dl
		<-release
		w.WriteHeader(200)
	})
	do := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest("GET", "/api/search?q=x", nil))
		return rec
	}
	results := make(chan *httptest.ResponseRecorder, 2)
	go func() { results <- do() }() // runs
	dl := <-started
	if until := time.Until(dl); until <= 0 || until > 3*time.Second {
		t.Errorf("deadline in %v, want within 3 s", until)
	}
	go func() { results <- do() }() // queued
	for deadline := time.Now().Add(10 * time.Second); l.waiting.Load() != 1; {
		if time.Now().After(deadline) {
			t.Fatal("the second request never queued")
		}
		time.Sleep(time.Millisecond)
	}
	t0 := time.Now()
	shed := do() // neither runs nor fits in the queue
	if d := time.Since(t0); d > time.Second {
		t.Errorf("shedding took %v, want at once", d)
	}
	var e map[string]string
	if shed.Code != 503 || shed.Header().Get("Retry-After") != "1" || json.Unmarshal(shed.Body.Bytes(), &e) != nil || e["error"] == "" {
		t.Errorf("shed: %d %v %q", shed.Code, shed.Header(), shed.Body)
	}
	if n := testutil.ToFloat64(l.shed.WithLabelValues("GET /api/search")); n != 1 {
		t.Errorf("baotinh_http_shed_total %v, want 1", n)
	}
	close(release)
	for range 2 {
		if r := <-results; r.Code != 200 {
			t.Errorf("a request that ran or queued: %d", r.Code)
		}
	}

	// a queued request waits at most maxWait
	l = newLimiter(1, 4, 20*time.Millisecond, time.Second, prometheus.NewRegistry())
	hold := make(chan struct{})
	h = l.wrap("GET /", func(w http.ResponseWriter, r *http.Request) { <-hold })
	go h(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	for len(l.running) == 0 {
		time.Sleep(time.Millisecond)
	}
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 503 || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("after the longest wait: %d", rec.Code)
	}
	close(hold)
}
