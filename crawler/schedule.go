package crawler

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Scheduler runs each source's crawl on its cron spec: a run still going
// when the next is due is skipped, a panic is recovered, and sources are
// spread by a per-source jitter so they do not all fire together.
type Scheduler struct {
	c      *Crawler
	log    *slog.Logger
	cron   *cron.Cron
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// Jitter is the largest delay added before a run; 0 disables it.
	Jitter time.Duration
	// OnRun, when set, is called after each run (tests).
	OnRun func(Summary)
	// Now is the scheduler's clock (time.Now when nil), read when it
	// writes a source's next run.
	Now func() time.Time
}

// NewScheduler returns a scheduler for the crawler's store.
func NewScheduler(c *Crawler, log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.Default()
	}
	return &Scheduler{c: c, log: log, Jitter: time.Minute}
}

type slogAdapter struct{ log *slog.Logger }

func (a slogAdapter) Info(msg string, kv ...any) { a.log.Debug("cron: "+msg, kv...) }
func (a slogAdapter) Error(err error, msg string, kv ...any) {
	a.log.Error("cron: "+msg, append(kv, "err", err)...)
}

// Start schedules every source.
func (s *Scheduler) Start(ctx context.Context, sources []Source) error {
	s.ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	s.cron = cron.New(cron.WithParser(cronParser), cron.WithLocation(time.UTC))
	for i := range sources {
		src := &sources[i]
		job, sched, err := s.job(src)
		if err != nil {
			return err
		}
		if err := s.c.Store.UpsertSource(ctx, src.ID, src.Name, src.Province, src.URL); err != nil {
			return err
		}
		s.cron.Schedule(sched, job)
		s.recordNext(src.ID, sched, s.jitterFor(src.ID))
	}
	s.cron.Start()
	return nil
}

// job is what the cron runs for a source on its schedule: one crawl,
// skipped when the previous one is still going, a panic recovered.
func (s *Scheduler) job(src *Source) (cron.Job, cron.Schedule, error) {
	sched, err := cronParser.Parse(src.Schedule)
	if err != nil {
		return nil, nil, fmt.Errorf("schedule %s: %q: %w", src.ID, src.Schedule, err)
	}
	jitter := s.jitterFor(src.ID)
	logger := slogAdapter{s.log}
	chain := cron.NewChain(cron.Recover(logger), cron.SkipIfStillRunning(logger))
	return chain.Then(cron.FuncJob(func() { s.run(src, sched, jitter) })), sched, nil
}

// run is one scheduled crawl of a source, after its jitter; it writes the
// source's next run when done.
func (s *Scheduler) run(src *Source, sched cron.Schedule, jitter time.Duration) {
	s.wg.Add(1)
	defer s.wg.Done()
	select {
	case <-time.After(jitter):
	case <-s.ctx.Done():
		return
	}
	sum := s.c.Crawl(s.ctx, src)
	s.log.Info("scheduled crawl", "source", src.ID, "pages", sum.Pages, "new", sum.New, "err", sum.Err)
	s.recordNext(src.ID, sched, jitter) // after every run, not only at start
	if s.OnRun != nil {
		s.OnRun(sum)
	}
}

// recordNext writes when a source runs next: its schedule's next time after
// now, plus its jitter.
func (s *Scheduler) recordNext(id string, sched cron.Schedule, jitter time.Duration) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	next := sched.Next(now().UTC()).Add(jitter)
	if err := s.c.Store.SetNextRun(context.WithoutCancel(s.ctx), id, next); err != nil {
		s.log.Error("schedule: record next run", "source", id, "err", err)
	}
}

func (s *Scheduler) jitterFor(id string) time.Duration {
	if s.Jitter <= 0 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return time.Duration(h.Sum32()%1000) * s.Jitter / 1000
}

// Stop stops scheduling and waits for running crawls up to deadline; after
// it they are cancelled, and what they fetched is still committed.
func (s *Scheduler) Stop(deadline time.Duration) {
	stopped := s.cron.Stop()
	select {
	case <-stopped.Done():
	case <-time.After(deadline):
		s.cancel()
		<-stopped.Done()
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(deadline):
		s.cancel()
		<-done
	}
	s.cancel()
}
