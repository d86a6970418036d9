package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"baotinh/internal/synth"
)

func synthCmd(e *env) *cobra.Command {
	var n int
	var seed int64
	cmd := &cobra.Command{
		Use:   "synth --n N DIR",
		Short: "Write N realistic synthetic articles into DIR (for load tests and benchmarks)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if n < 1 {
				return fmt.Errorf("--n %d: want 1 or more", n)
			}
			if err := synth.WriteDir(args[0], seed, n); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %d articles to %s\n", n, args[0])
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "n", 1000, "number of articles")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed")
	return cmd
}
