package server

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// limiter bounds the work the server takes on: at most running requests
// at once, at most waiting more queued for a turn (each for at most
// maxWait); beyond that a request is shed at once, 503 with Retry-After,
// rather than queued for seconds behind work it cannot overtake.
type limiter struct {
	running chan struct{}
	waiting atomic.Int64
	queue   int64
	maxWait time.Duration
	timeout time.Duration // every request's deadline
	shed    *prometheus.CounterVec
}

func newLimiter(running, queue int, maxWait, timeout time.Duration, reg prometheus.Registerer) *limiter {
	if running <= 0 {
		running = 2 * runtime.GOMAXPROCS(0)
	}
	if queue <= 0 {
		queue = 128
	}
	if maxWait <= 0 {
		maxWait = time.Second
	}
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	l := &limiter{running: make(chan struct{}, running), queue: int64(queue), maxWait: maxWait, timeout: timeout,
		shed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baotinh_http_shed_total", Help: "Requests answered 503 at once because the server was at its bound of work."}, []string{"route"})}
	reg.MustRegister(l.shed)
	return l
}

// wrap runs h within the bounds, under the request's deadline.
func (l *limiter) wrap(route string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if l.waiting.Add(1) > l.queue {
			l.waiting.Add(-1)
			l.refuse(w, r, route)
			return
		}
		t := time.NewTimer(l.maxWait)
		select {
		case l.running <- struct{}{}:
			t.Stop()
			l.waiting.Add(-1)
		case <-t.C:
			l.waiting.Add(-1)
			l.refuse(w, r, route)
			return
		case <-r.Context().Done():
			t.Stop()
			l.waiting.Add(-1)
			if errors.Is(r.Context().Err(), context.Canceled) {
				w.WriteHeader(statusClientClosed) // gone while it waited
			} else {
				l.refuse(w, r, route) // its deadline ran out in the queue
			}
			return
		}
		defer func() { <-l.running }()
		ctx, cancel := context.WithTimeout(r.Context(), l.timeout)
		defer cancel()
		h(w, r.WithContext(ctx))
	}
}

func (l *limiter) refuse(w http.ResponseWriter, r *http.Request, route string) {
	l.shed.WithLabelValues(route).Inc()
	w.Header().Set("Retry-After", "1")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		apiError(w, http.StatusServiceUnavailable, "the server is at its bound of work; try again in a second")
		return
	}
	http.Error(w, "Máy chủ đang bận, xin thử lại sau giây lát.", http.StatusServiceUnavailable)
}
