package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"baotinh/internal/store"
)

func migrateCmd(e *env) *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "migrate --from baotinh.db --to postgres://…",
		Short: "Copy a store into another (an embedded SQLite store into PostgreSQL), resumable",
		Long: `Copies everything a store holds — raw documents, articles, figures, warnings,
near-duplicate links, sources and crawl validators — into an empty store,
keeping every id, and builds the destination's own full-text index. It runs
in batches, each committed with a checkpoint: run the same command again
after an interruption and it goes on where it stopped. Meilisearch's queue
is not copied; run "baotinh reindex" with MEILI_URL set afterwards.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if from == "" || to == "" {
				return fmt.Errorf("migrate needs --from and --to")
			}
			if !store.IsPostgres(from) {
				if _, err := os.Stat(from); err != nil {
					return fmt.Errorf("--from %s: %w", from, err)
				}
			}
			if from == to {
				return fmt.Errorf("--from and --to are the same store")
			}
			src, err := store.Open(ctx, from)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			defer src.Close()
			dst, err := store.Open(ctx, to)
			if err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			defer dst.Close()
			prog := newProgress(e.stderr, e.log, "migrate", 0)
			cs, err := store.Copy(ctx, src, dst, func(done, total int) {
				prog.total = int64(total)
				prog.update(int64(done), "documents")
			})
			prog.finish()
			if err != nil {
				return err
			}
			resumed := ""
			if cs.Resumed {
				resumed = " (resumed)"
			}
			fmt.Fprintf(e.stdout, "migrated %d documents, %d articles, %d figures from %s to %s%s\n", cs.Documents, cs.Articles, cs.Figures, src.Path(), dst.Path(), resumed)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the store to copy: a SQLite file or a postgres:// URL")
	cmd.Flags().StringVar(&to, "to", "", "the empty store to copy into: a postgres:// URL or a SQLite file")
	return cmd
}
