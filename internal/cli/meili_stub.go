package cli

import (
	"context"
	"fmt"

	"baotinh/index"
	"baotinh/internal/store"
)

func newMeili(ctx context.Context, e *env, st *store.Store) (index.Searcher, error) {
	return nil, fmt.Errorf("MEILI_URL is set but the Meilisearch backend is not built yet")
}
