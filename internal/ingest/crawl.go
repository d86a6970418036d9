package ingest

import (
	"context"
	"log/slog"
	"time"

	"baotinh/crawler"
	"baotinh/extract"
	"baotinh/internal/store"
)

// CrawlStore is the store a crawl writes into: the store's own methods,
// and Ingest, which runs the fetched pages through an Ingester.
type CrawlStore struct {
	*store.Store
	Extractor *extract.Extractor
	Log       *slog.Logger
	Outbox    bool // queue stored articles for Meilisearch
}

var _ crawler.Store = CrawlStore{}

// Ingest stores and extracts the pages of one crawl, committing every 50
// articles or 200 ms, and returns what it stored.
func (c CrawlStore) Ingest(ctx context.Context, pages <-chan crawler.Page) (crawler.Stored, error) {
	inputs := make(chan Input)
	go func() {
		defer close(inputs)
		for p := range pages {
			d := store.Document{SourceID: p.SourceID, URL: p.URL, CanonicalURL: p.CanonicalURL, ContentType: p.ContentType, Charset: p.Charset, FetchedAt: p.FetchedAt, Raw: p.Raw}
			inputs <- Input{Doc: d, HTML: true, Province: p.Province, Selectors: p.Selectors}
		}
	}()
	g := &Ingester{Store: c.Store, Extractor: c.Extractor, Log: c.Log, Outbox: c.Outbox, Batch: 50, MaxDelay: 200 * time.Millisecond}
	st, err := g.Run(ctx, inputs)
	return crawler.Stored{New: int(st.New + st.Updated), ShortBodies: int(st.ShortBodies), Failed: int(st.Failed)}, err
}
