package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func statsCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count what the store holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openStore(cmd.Context(), e)
			if err != nil {
				return err
			}
			defer st.Close()
			c, err := st.Counts(cmd.Context())
			if err != nil {
				return err
			}
			m := map[string]int{"documents": c.Documents, "articles": c.Articles, "figures": c.Figures, "index_rows": c.IndexRows, "near_duplicates": c.Duplicates, "outbox": c.Outbox, "short_bodies": c.ShortBodies}
			if format == "json" {
				return json.NewEncoder(e.stdout).Encode(m)
			}
			fmt.Fprintf(e.stdout, "documents %d, articles %d (near-duplicates %d, with an empty or short body %d), figures %d, index rows %d, waiting for Meilisearch %d\n",
				c.Documents, c.Articles, c.Duplicates, c.ShortBodies, c.Figures, c.IndexRows, c.Outbox)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	return cmd
}
