// Package ingest moves documents into the store. In: a channel of Inputs
// (a raw document and what is known of it). It asks the store whether each
// is new before any work, extracts the new and changed ones on several
// workers and hands them, in input order, to one writer that commits in
// batches. Out: Stats equal to what was stored. Reprocess runs stored
// documents through a new extractor the same way; CrawlStore lets a crawl
// feed it.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"baotinh/extract"
	"baotinh/internal/store"
)

// Input is one document to ingest.
type Input struct {
	Doc       store.Document
	HTML      bool
	Province  string // the source's configured province
	Published string // the publication date its feed or record states
	Selectors *extract.Selectors
}

// Stats count what a run did.
type Stats struct {
	Read, New, Updated, Unchanged, Aliased, Failed, NearDuplicates, Figures int64
	ShortBodies                                                             int64 // articles stored with an empty or short body
	Bytes                                                                   int64
}

// Ingester runs the pipeline.
type Ingester struct {
	Store     *store.Store
	Extractor *extract.Extractor
	Workers   int           // extraction workers; GOMAXPROCS when 0, one of them spare (Run)
	Batch     int           // articles per transaction; 200 when 0
	MaxDelay  time.Duration // longest wait before a partial batch is written; 500ms when 0
	Outbox    bool          // queue articles for Meilisearch
	Log       *slog.Logger
	// OnSaved, when set, is called by the writer after each commit.
	OnSaved func(Stats)
}

// spareWait is how often the spare worker looks whether the writer is
// short of work again: a fraction of one batch's commit.
const spareWait = 5 * time.Millisecond

// extractInput turns one input into an article.
func extractInput(x *extract.Extractor, in Input) (*extract.Article, error) {
	opt := extract.Options{Province: in.Province, URL: in.Doc.URL, Published: in.Published, Selectors: in.Selectors}
	return x.Page(extract.Page{Raw: in.Doc.Raw, ContentType: in.Doc.ContentType, HTML: in.HTML}, opt)
}

// Run ingests every input until the channel closes or ctx is cancelled.
// What was committed stays committed; a document that fails is logged,
// counted and skipped. The error is non-nil only when the store failed.
func (g *Ingester) Run(ctx context.Context, inputs <-chan Input) (Stats, error) {
	workers := g.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := g.Batch
	if batch <= 0 {
		batch = 200
	}
	delay := g.MaxDelay
	if delay <= 0 {
		delay = 500 * time.Millisecond
	}
	log := g.Log
	if log == nil {
		log = slog.Default()
	}
	outer := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var st Stats
	var read, failed, unchanged, byteCount atomic.Int64
	// Documents are written in the order they came in, whichever worker
	// finished first: each is numbered, and the writer takes them in that
	// order, so an ingest of a corpus gives its articles the same ids (and
	// near-duplicate links) every time. Workers run at most window
	// documents ahead of the writer: two batches keep them busy while it
	// commits one (four held 40 MB more at the peak for no more speed).
	type job struct {
		seq int
		in  Input
	}
	type result struct {
		seq  int
		item *store.Item // nil: nothing to write
	}
	window := max(2*batch, 4*workers)
	tokens := make(chan struct{}, window)
	jobs := make(chan job)
	results := make(chan result, window)
	go func() {
		defer close(jobs)
		seq := 0
		for in := range inputs {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				for range inputs { // let the producer finish
				}
				return
			}
			jobs <- job{seq, in}
			seq++
		}
	}()
	version := g.Extractor.Version()
	// prepare asks the store whether a document is new and extracts it:
	// the item to write, or nil when there is nothing to write
	prepare := func(in Input) *store.Item {
		read.Add(1)
		byteCount.Add(int64(len(in.Doc.Raw)))
		known, err := g.Store.Lookup(ctx, in.Doc.CanonicalURL, in.Doc.Hash())
		if err != nil && ctx.Err() != nil {
			return nil // interrupted: not a failure of this document, which a new run reads again
		}
		if err != nil {
			failed.Add(1)
			log.Error("lookup", "url", in.Doc.CanonicalURL, "err", err)
			return nil
		}
		if known == store.KnownUnchanged {
			unchanged.Add(1)
			return nil
		}
		it := store.Item{Doc: in.Doc, Version: version}
		if known != store.KnownDuplicate {
			a, err := extractInput(g.Extractor, in)
			if err != nil {
				failed.Add(1)
				log.Warn("skipped", "path", in.Doc.URL, "err", err)
				return nil
			}
			it.Article = a
			it.Prep = store.Prepare(a)
		}
		it.Doc.Pack() // compressed here, not by the single writer
		return &it
	}
	// Every article passes through the one writer. Where it is the slower
	// side (plain texts: it indexes more than they take to extract; pages
	// are the other way), workers on every core take its CPU. So by default
	// one worker is spare: it takes a document only while the writer is
	// short of work, fewer than a batch of articles waiting for it.
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		spare := g.Workers <= 0 && w > 0 && w == workers-1
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				for spare && len(results) >= batch && ctx.Err() == nil {
					time.Sleep(spareWait)
				}
				j, ok := <-jobs
				if !ok {
					return
				}
				if ctx.Err() != nil {
					continue // drain; the writer stops at the first missing number
				}
				select {
				case results <- result{j.seq, prepare(j.in)}:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var pending []store.Item
	var figures int64
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		// in the order the documents came: processes ingesting one corpus
		// (listed in sorted order) take their row locks in one order too
		// the batch is written even after a cancel: it was read and extracted
		s, err := g.Store.Save(context.WithoutCancel(outer), pending, store.SaveOptions{Outbox: g.Outbox})
		if err != nil {
			return err
		}
		figures += int64(s.Figures) // what was stored, not what was extracted
		pending = pending[:0]
		st.New += int64(s.New)
		st.Updated += int64(s.Updated)
		st.Unchanged += int64(s.Unchanged)
		st.Aliased += int64(s.Aliased)
		st.NearDuplicates += int64(s.NearDuplicates)
		st.ShortBodies += int64(s.ShortBodies)
		if g.OnSaved != nil {
			cur := st
			cur.Read, cur.Failed, cur.Bytes, cur.Figures = read.Load(), failed.Load(), byteCount.Load(), figures
			cur.Unchanged += unchanged.Load()
			g.OnSaved(cur)
		}
		return nil
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	var saveErr error
	held := map[int]*store.Item{} // results that came before their turn
	next := 0
loop:
	for {
		select {
		case r, ok := <-results:
			if !ok {
				break loop
			}
			held[r.seq] = r.item
			for {
				it, ok := held[next]
				if !ok {
					break
				}
				delete(held, next)
				next++
				<-tokens
				if it != nil {
					pending = append(pending, *it)
				}
			}
			if len(pending) >= batch {
				if saveErr = flush(); saveErr != nil {
					break loop
				}
			}
		case <-timer.C:
			if saveErr = flush(); saveErr != nil {
				break loop
			}
			timer.Reset(delay)
		}
	}
	if saveErr == nil {
		saveErr = flush()
	}
	if saveErr != nil {
		// stop the workers and drain what they hold
		cancel()
		for range results {
		}
		return st, fmt.Errorf("ingest: %w", saveErr)
	}
	st.Read, st.Failed, st.Bytes, st.Figures = read.Load(), failed.Load(), byteCount.Load(), figures
	st.Unchanged += unchanged.Load()
	if err := outer.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return st, err
	}
	return st, outer.Err()
}
