package crawler

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the crawl counters per source, registered in a Prometheus
// registry for the server's /metrics.
type Metrics struct {
	pages       *prometheus.CounterVec
	failed      *prometheus.CounterVec
	articlesNew *prometheus.CounterVec
	known       *prometheus.CounterVec
	shortBodies *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
}

// NewMetrics registers the crawl metrics in reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		pages:       prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baotinh_crawl_pages_fetched_total", Help: "Pages fetched (articles and discovery pages)."}, []string{"source"}),
		failed:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baotinh_crawl_pages_failed_total", Help: "Pages that failed, by reason."}, []string{"source", "reason"}),
		articlesNew: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baotinh_crawl_articles_new_total", Help: "Articles stored new or changed."}, []string{"source"}),
		known:       prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baotinh_crawl_articles_known_total", Help: "Article links already stored, not fetched."}, []string{"source"}),
		shortBodies: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "baotinh_crawl_short_bodies_total", Help: "Articles stored with an empty or short body (the page was probably not read right)."}, []string{"source"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "baotinh_crawl_last_success_timestamp_seconds", Help: "End of the last crawl without error."}, []string{"source"}),
	}
	reg.MustRegister(m.pages, m.failed, m.articlesNew, m.known, m.shortBodies, m.lastSuccess)
	return m
}

func (m *Metrics) observe(source string, s Summary) {
	m.pages.WithLabelValues(source).Add(float64(s.Pages + s.Discovery))
	m.articlesNew.WithLabelValues(source).Add(float64(s.New))
	m.known.WithLabelValues(source).Add(float64(s.Known))
	m.shortBodies.WithLabelValues(source).Add(float64(s.ShortBodies))
	for reason, n := range s.Failed {
		m.failed.WithLabelValues(source, reason).Add(float64(n))
	}
	if s.Err == "" {
		m.lastSuccess.WithLabelValues(source).Set(float64(time.Now().Unix()))
	}
}
