package crawler

import (
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// What the external tests (package crawler_test, which may import the
// store) read of the crawler's insides.

// RunOnce runs one scheduled crawl of src as the cron entry would, with the
// schedule spec given.
func (s *Scheduler) RunOnce(src *Source, spec string) error {
	sched, err := cronParser.Parse(spec)
	if err != nil {
		return err
	}
	s.run(src, sched, 0)
	return nil
}

// ShortBodiesCounted is baotinh_crawl_short_bodies_total{source}.
func (m *Metrics) ShortBodiesCounted(source string) float64 {
	return testutil.ToFloat64(m.shortBodies.WithLabelValues(source))
}
