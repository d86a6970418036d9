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
	logger := slogAdapter{s.log}
	var ids []entry
	s.cron = cron.New(cron.WithParser(cronParser), cron.WithLocation(time.UTC), cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for i := range sources {
		src := &sources[i]
		jitter := s.jitterFor(src.ID)
		id, err := s.cron.AddFunc(src.Schedule, func() {
			s.wg.Add(1)
			defer s.wg.Done()
			select {
			case <-time.After(jitter):
			case <-s.ctx.Done():
				return
			}
			sum := s.c.Crawl(s.ctx, src)
			s.log.Info("scheduled crawl", "source", src.ID, "pages", sum.Pages, "new", sum.New, "err", sum.Err)
			if s.OnRun != nil {
				s.OnRun(sum)
			}
		})
		if err != nil {
			return fmt.Errorf("schedule %s: %q: %w", src.ID, src.Schedule, err)
		}
		if err := s.c.Store.UpsertSource(ctx, src.ID, src.Name, src.Province, src.URL); err != nil {
			return err
		}
		ids = append(ids, entry{id, src.ID, jitter})
	}
	s.cron.Start()
	for _, e := range ids {
		if next := s.cron.Entry(e.id).Next; !next.IsZero() {
			s.c.Store.SetNextRun(ctx, e.source, next.Add(e.jitter))
		}
	}
	return nil
}

type entry struct {
	id     cron.EntryID
	source string
	jitter time.Duration
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
