package server

import (
	"context"

	"baotinh/extract"
	"baotinh/internal/ingest"
	"baotinh/internal/store"
)

// Reprocess re-extracts every stored document (the admin endpoint).
func Reprocess(ctx context.Context, st *store.Store, x *extract.Extractor) (int, error) {
	sum, err := ingest.Reprocess(ctx, st, x, store.DocFilter{}, "", 200, false, nil, nil)
	return sum.Documents, err
}
