package index

import (
	"container/list"
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Cached answers a query asked again from memory while the index has not
// changed: a result is kept under its normalised query, filters and page
// together with the index generation it was computed at, and every
// committed write makes a new generation, so nothing stale is ever served.
// The least recently used results leave first.
type Cached struct {
	Searcher Searcher
	// Generation returns the index's current generation (cheap: it runs
	// on every search).
	Generation func(ctx context.Context) (int64, error)
	// Size bounds the results kept; 2,000 when 0.
	Size int

	mu      sync.Mutex
	gen     int64
	order   *list.List // of *cacheEntry, most recent first
	entries map[string]*list.Element
	hits    atomic.Int64
	misses  atomic.Int64
}

type cacheEntry struct {
	key string
	res *Result
}

// Search answers q from the cache when it holds q at the current
// generation, else from Searcher, keeping the result.
func (c *Cached) Search(ctx context.Context, q Query) (*Result, error) {
	gen, err := c.Generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("index: cache: generation: %w", err)
	}
	q.normalize()
	key := cacheKey(q)
	c.mu.Lock()
	if c.entries == nil || gen != c.gen {
		c.order, c.entries, c.gen = list.New(), map[string]*list.Element{}, gen
	}
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		res := el.Value.(*cacheEntry).res
		c.mu.Unlock()
		c.hits.Add(1)
		return res.clone(), nil
	}
	c.mu.Unlock()
	c.misses.Add(1)
	res, err := c.Searcher.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen { // not when a write came meanwhile
		if _, ok := c.entries[key]; !ok {
			c.entries[key] = c.order.PushFront(&cacheEntry{key, res.clone()})
			size := c.Size
			if size <= 0 {
				size = 2000
			}
			for c.order.Len() > size {
				last := c.order.Back()
				delete(c.entries, last.Value.(*cacheEntry).key)
				c.order.Remove(last)
			}
		}
	}
	return res, nil
}

// Stats are the searches answered from memory and computed since the start.
func (c *Cached) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// cacheKey is q's identity: every field that changes a result.
func cacheKey(q Query) string {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339Nano)
	}
	return strings.Join([]string{q.Text, strings.Join(q.Provinces, "\x1f"), q.ProvinceNow, q.Source, day(q.From), day(q.To), q.Field,
		fmt.Sprint(q.Limit), fmt.Sprint(q.Offset)}, "\x1e")
}

// clone copies what a caller might change of a result.
func (r *Result) clone() *Result {
	out := *r
	out.Hits = append([]Hit(nil), r.Hits...)
	out.Facets = make(map[string]map[string]int, len(r.Facets))
	for k, m := range r.Facets {
		mm := make(map[string]int, len(m))
		for kk, v := range m {
			mm[kk] = v
		}
		out.Facets[k] = mm
	}
	return &out
}
