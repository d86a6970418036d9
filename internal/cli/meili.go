package cli

import (
	"context"

	"baotinh/index"
	"baotinh/internal/store"
)

// newMeili connects to MEILI_URL (with MEILI_API_KEY, index MEILI_INDEX or
// "baotinh"), applies the index settings and sends what the outbox holds.
// When the drain fails the search still runs, on what the server has.
func newMeili(ctx context.Context, e *env, st *store.Store) (index.Searcher, error) {
	m, err := meiliBackend(ctx, e.meili)
	if err != nil {
		return nil, err
	}
	syncMeili(ctx, e, st, m)
	return m, nil
}

// meiliSettings say where Meilisearch is (MEILI_URL, MEILI_API_KEY,
// MEILI_INDEX); without a URL, search is the embedded index.
type meiliSettings struct{ url, key, index string }

// configured reports whether Meilisearch is the search backend.
func (m meiliSettings) configured() bool { return m.url != "" }

func meiliBackend(ctx context.Context, ms meiliSettings) (*index.Meili, error) {
	m := index.NewMeili(ms.url, ms.key, ms.index, nil)
	if err := m.Setup(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// syncMeili drains the outbox into Meilisearch, reporting an outage
// without failing: the outbox keeps what was not acknowledged.
func syncMeili(ctx context.Context, e *env, st *store.Store, m *index.Meili) {
	n, err := st.DrainOutbox(ctx, 500, m.Put)
	if err != nil {
		c, _ := st.Counts(ctx)
		e.log.Warn("meilisearch: not up to date; the outbox keeps the rest for the next run", "sent", n, "waiting", c.Outbox, "err", err)
		return
	}
	if n > 0 {
		e.log.Info("meilisearch: sent", "articles", n)
	}
}

// afterWrite brings Meilisearch up to date after a command that wrote.
func afterWrite(ctx context.Context, e *env, st *store.Store) {
	if !e.meili.configured() {
		return
	}
	m, err := meiliBackend(ctx, e.meili)
	if err != nil {
		e.log.Warn("meilisearch: unavailable; the outbox keeps every change", "err", err)
		return
	}
	syncMeili(ctx, e, st, m)
}
