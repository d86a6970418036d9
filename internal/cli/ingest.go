package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/internal/corpus"
	"baotinh/internal/ingest"
	"baotinh/internal/store"
)

func init() { extraCommands = append(extraCommands, ingestCmd) }

func openStore(ctx context.Context, e *env) (*store.Store, error) {
	return store.Open(ctx, e.db)
}

// fileDocument is a file as the store keeps it: its absolute path is its
// identity, so running ingest twice, from anywhere, stores nothing new.
func fileDocument(path string, raw []byte) store.Document {
	canon := "stdin:"
	if path != "-" {
		if abs, err := filepath.Abs(path); err == nil {
			canon = "file://" + filepath.ToSlash(abs)
		}
	}
	ct := "text/plain; charset=utf-8"
	if corpus.IsHTML(path) {
		ct = "text/html"
	}
	d := store.Document{URL: path, CanonicalURL: canon, ContentType: ct, FetchedAt: time.Now(), Raw: raw}
	if path == "-" {
		d.CanonicalURL = "stdin:" + d.Hash()
	}
	return d
}

func ingestCmd(e *env) *cobra.Command {
	var rulesFile, province string
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
			st, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			stats, err := runIngest(ctx, e, st, x, args, province, workers, batch)
			afterWrite(ctx, e, st)
			fmt.Fprintf(e.stdout, "read %d, new %d, updated %d, unchanged %d, same content as another %d, near-duplicates %d, failed %d, figures %d\n",
				stats.Read, stats.New, stats.Updated, stats.Unchanged, stats.Aliased, stats.NearDuplicates, stats.Failed, stats.Figures)
			if err != nil {
				return err
			}
			if stats.Read > 0 && stats.Failed == stats.Read {
				return exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&rulesFile, "rules", "", "a YAML file extending or overriding the embedded rules")
	cmd.Flags().StringVar(&province, "province", "", "the source's province (any spelling)")
	cmd.Flags().IntVar(&workers, "workers", 0, "extraction workers (default: one per CPU)")
	cmd.Flags().IntVar(&batch, "batch", 200, "articles per transaction")
	return cmd
}

func runIngest(ctx context.Context, e *env, st *store.Store, x *extract.Extractor, args []string, province string, workers, batch int) (ingest.Stats, error) {
	docs, errs := corpus.List(args)
	for _, err := range errs {
		e.log.Error("ingest", "err", err)
	}
	prog := newProgress(e.stderr, e.log, "ingest", int64(len(docs)))
	inputs := make(chan ingest.Input, 64)
	g := &ingest.Ingester{Store: st, Extractor: x, Workers: workers, Batch: batch, Log: e.log, Outbox: meiliConfigured(),
		OnSaved: func(s ingest.Stats) {
			prog.update(s.Read, fmt.Sprintf("new %d", s.New))
		}}
	var failedRead int64
	go func() {
		defer close(inputs)
		for _, d := range docs {
			if ctx.Err() != nil {
				return
			}
			raw, err := corpus.Read(ctx, d, e.stdin)
			if err != nil {
				failedRead++
				e.log.Warn("skipped", "path", d.Path, "err", err)
				continue
			}
			select {
			case inputs <- ingest.Input{Doc: fileDocument(d.Path, raw), HTML: d.HTML, Province: province}:
			case <-ctx.Done():
				return
			}
		}
	}()
	stats, err := g.Run(ctx, inputs)
	prog.finish()
	stats.Failed += failedRead
	stats.Read += failedRead
	stats.Failed += int64(len(errs))
	return stats, err
}
