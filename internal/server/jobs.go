package server

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Job is one admin job (a crawl of a source, a reprocess) as the API shows it.
type Job struct {
	ID      string    `json:"id"`
	Kind    string    `json:"kind"` // "reprocess", "crawl/<source>"
	Status  string    `json:"status"`
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended,omitzero"`
	Result  string    `json:"result,omitempty"`
	Error   string    `json:"error,omitempty"`
}

// jobs runs admin jobs one of a kind at a time, for as long as the server
// lives: its context ends at shutdown and drain waits for them.
type jobs struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	seq     int
	byID    map[string]*Job
	running map[string]*Job // by kind
}

func newJobs() *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &jobs{ctx: ctx, cancel: cancel, byID: map[string]*Job{}, running: map[string]*Job{}}
}

// start runs fn as a job of kind unless one of that kind is running, in
// which case it returns that one and false.
func (j *jobs) start(kind string, fn func(ctx context.Context) (string, error)) (Job, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if cur, ok := j.running[kind]; ok {
		return *cur, false
	}
	if j.ctx.Err() != nil {
		return Job{Kind: kind, Status: "refused", Error: "the server is shutting down"}, false
	}
	j.seq++
	job := &Job{ID: fmt.Sprintf("%d", j.seq), Kind: kind, Status: "running", Started: time.Now()}
	j.byID[job.ID], j.running[kind] = job, job
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		result, err := fn(j.ctx)
		j.mu.Lock()
		defer j.mu.Unlock()
		job.Ended, job.Result, job.Status = time.Now(), result, "done"
		if err != nil {
			job.Error, job.Status = err.Error(), "failed"
		}
		delete(j.running, kind)
	}()
	return *job, true
}

// get returns a job by id.
func (j *jobs) get(id string) (Job, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	job, ok := j.byID[id]
	if !ok {
		return Job{}, false
	}
	return *job, true
}

// list returns every job of this server's life, newest first.
func (j *jobs) list() []Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Job, 0, len(j.byID))
	for _, job := range j.byID {
		out = append(out, *job)
	}
	sort.Slice(out, func(a, b int) bool {
		return out[a].Started.After(out[b].Started) || out[a].Started.Equal(out[b].Started) && out[a].ID > out[b].ID
	})
	return out
}

// drain cancels the running jobs and waits for them to return, up to
// timeout; it reports whether they all did.
func (j *jobs) drain(timeout time.Duration) bool {
	j.cancel()
	done := make(chan struct{})
	go func() { j.wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}
