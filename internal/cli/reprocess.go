package cli

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"baotinh/internal/ingest"
	"baotinh/internal/store"
)

func reprocessCmd(e *env) *cobra.Command {
	var source, since, rulesFile, format string
	var batch int
	cmd := &cobra.Command{
		Use:   "reprocess [--source ID] [--since DATE] [--rules FILE]",
		Short: "Re-run the current extractor over the stored raw documents and report what changed",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f := store.DocFilter{Source: source}
			if since != "" {
				t, err := dateBound(since, false)
				if err != nil {
					return fmt.Errorf("--since: %w", err)
				}
				f.Since = t
			}
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %q: want table or json", format)
			}
			if batch < 1 {
				return fmt.Errorf("--batch %d: want 1 or more", batch)
			}
			x, err := newExtractor(rulesFile)
			if err != nil {
				return err
			}
			st, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			total, err := st.CountDocuments(ctx, f)
			if err != nil {
				return err
			}
			prog := newProgress(e.stderr, e.log, "reprocess", int64(total))
			sum, err := ingest.Reprocess(ctx, st, x, f, since, batch, e.meili.configured(), e.log, func(done, changed int) {
				prog.update(int64(done), fmt.Sprintf("changed %d", changed))
			})
			prog.finish()
			if err != nil {
				return err
			}
			afterWrite(ctx, e, st)
			sort.Slice(sum.Changes, func(i, j int) bool { return sum.Changes[i].ArticleID < sum.Changes[j].ArticleID })
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(sum)
			}
			for _, c := range sum.Changes {
				fmt.Fprintf(e.stdout, "article %d (%s): +%d -%d ~%d\n", c.ArticleID, c.URL, c.Added, c.Removed, c.Changed)
			}
			resumed := ""
			if sum.Resumed {
				resumed = " (resumed)"
			}
			fmt.Fprintf(e.stdout, "reprocessed %d documents%s, %d failed; %d articles changed: %d figures added, %d removed, %d changed\n",
				sum.Documents, resumed, sum.Failed, sum.Articles, sum.Added, sum.Removed, sum.Changed)
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "only this source's documents")
	cmd.Flags().StringVar(&since, "since", "", "only documents published (or fetched) on or after DATE")
	cmd.Flags().StringVar(&rulesFile, "rules", "", "a YAML file extending or overriding the embedded rules")
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.Flags().IntVar(&batch, "batch", 200, "documents per transaction")
	return cmd
}

func reindexCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			prog := newProgress(e.stderr, e.log, "reindex", 0)
			err = st.Reindex(ctx, e.meili.configured(), func(done, total int) {
				prog.total = int64(total)
				prog.update(int64(done), "")
			})
			prog.finish()
			if err != nil {
				return err
			}
			afterWrite(ctx, e, st)
			c, err := st.Counts(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "reindexed %d articles\n", c.IndexRows)
			return nil
		},
	}
}
