package crawler

import (
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// What the external tests (package crawler_test, which may import the
// store) read of the crawler's insides.

// RunOnce runs one scheduled crawl of src, outside the job's chain, with
// the schedule spec given.
func (s *Scheduler) RunOnce(src *Source, spec string) error {
	sched, err := cronParser.Parse(spec)
	if err != nil {
		return err
	}
	s.run(src, sched, 0)
	return nil
}

// Job is what the cron runs for src, chain and all.
func (s *Scheduler) Job(src *Source) (func(), error) {
	j, _, err := s.job(src)
	if err != nil {
		return nil, err
	}
	return j.Run, nil
}

// Entries are the scheduled sources' next times after from, in the order
// they were scheduled.
func (s *Scheduler) Entries(from time.Time) []time.Time {
	var out []time.Time
	for _, e := range s.cron.Entries() {
		out = append(out, e.Schedule.Next(from))
	}
	return out
}

// ShortBodiesCounted is baotinh_crawl_short_bodies_total{source}.
func (m *Metrics) ShortBodiesCounted(source string) float64 {
	return testutil.ToFloat64(m.shortBodies.WithLabelValues(source))
}
