package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/internal/corpus"
	"baotinh/internal/ingest"
	"baotinh/internal/store"
)

func openStore(ctx context.Context, e *env) (*store.Store, error) {
	return store.Open(ctx, e.db)
}

// itemDocument is an item as the store keeps it. A file's absolute path is
// its identity, so running ingest twice, from anywhere, stores nothing new;
// a record's identity is its URL, else its id within its file.
func itemDocument(it corpus.Item) store.Document {
	ct := "text/plain; charset=utf-8"
	if it.HTML || corpus.IsHTML(it.Path) {
		ct = "text/html"
	}
	d := store.Document{URL: it.Path, ContentType: ct, FetchedAt: time.Now(), Raw: it.Raw}
	abs := it.Path
	if a, err := filepath.Abs(it.Path); err == nil && it.Path != "-" {
		abs = "file://" + filepath.ToSlash(a)
	}
	switch {
	case it.URL != "":
		d.URL, d.CanonicalURL = it.URL, it.URL
	case it.Line > 0 && it.Path != "-":
		d.URL, d.CanonicalURL = it.ID, abs+"#"+it.ID
	case it.Line > 0:
		d.URL, d.CanonicalURL = it.ID, "stdin:"+it.ID
	case it.Path == "-":
		d.CanonicalURL = "stdin:" + d.Hash()
	default:
		d.CanonicalURL = abs
	}
	return d
}

func ingestCmd(e *env) *cobra.Command {
	var rulesFile, province, input string
	var workers, batch int
	cmd := &cobra.Command{
		Use:   "ingest [--province NAME] [--rules FILE] PATH...",
		Short: "Extract files and folders of .txt/.html and store them, indexed",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			x, err := newExtractor(rulesFile)
			if err != nil {
				return err
			}
			if province != "" {
				if _, ok := x.Gazetteer().Lookup(province); !ok {
					return fmt.Errorf("--province %q: not a province the gazetteer knows", province)
				}
			}
			stdinJSONL, err := inputFormat(input)
			if err != nil {
				return err
			}
			st, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			stats, err := runIngest(ctx, e, st, x, args, province, workers, batch, stdinJSONL)
			afterWrite(ctx, e, st)
			fmt.Fprintf(e.stdout, "read %d, new %d, updated %d, unchanged %d, same content as another %d, near-duplicates %d, failed %d, figures %d\n",
				stats.Read, stats.New, stats.Updated, stats.Unchanged, stats.Aliased, stats.NearDuplicates, stats.Failed, stats.Figures)
			if err != nil {
				return err
			}
			// non-zero when nothing could be read: every file failed, or
			// every path named was missing
			if stats.Failed > 0 && stats.Failed >= stats.Read {
				return exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&rulesFile, "rules", "", "a YAML file extending or overriding the embedded rules")
	cmd.Flags().StringVar(&province, "province", "", "the source's province (any spelling)")
	cmd.Flags().IntVar(&workers, "workers", 0, "extraction workers (default: one per CPU)")
	cmd.Flags().IntVar(&batch, "batch", 200, "articles per transaction")
	cmd.Flags().StringVar(&input, "input", "auto", "what - on standard input holds: auto (one page) or jsonl (records {id, url, text|html, published})")
	return cmd
}

func runIngest(ctx context.Context, e *env, st *store.Store, x *extract.Extractor, args []string, province string, workers, batch int, stdinJSONL bool) (ingest.Stats, error) {
	docs, errs := corpus.List(args, stdinJSONL)
	for _, err := range errs {
		e.log.Error("ingest", "err", err)
	}
	prog := newProgress(e.stderr, e.log, "ingest", int64(len(docs)))
	inputs := make(chan ingest.Input, 64)
	g := &ingest.Ingester{Store: st, Extractor: x, Workers: workers, Batch: batch, Log: e.log, Outbox: e.meili.configured(),
		OnSaved: func(s ingest.Stats) {
			prog.update(s.Read, fmt.Sprintf("new %d", s.New))
		}}
	var failedRead atomic.Int64
	go func() {
		defer close(inputs)
		_ = corpus.Items(ctx, docs, e.stdin, func(it corpus.Item) error {
			in := ingest.Input{Doc: itemDocument(it), HTML: it.HTML, Province: province, Published: it.Published}
			select {
			case inputs <- in:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}, func(where string, err error) {
			failedRead.Add(1)
			e.log.Warn("skipped", "path", where, "err", err)
		})
	}()
	stats, err := g.Run(ctx, inputs)
	prog.finish()
	stats.Failed += failedRead.Load()
	stats.Read += failedRead.Load()
	stats.Failed += int64(len(errs))
	return stats, err
}
