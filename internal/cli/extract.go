package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/internal/corpus"
	"baotinh/internal/ingest"
	"baotinh/internal/store"
)

func newExtractor(rulesFile string) (*extract.Extractor, error) {
	var files []string
	if rulesFile != "" {
		files = append(files, rulesFile)
	}
	r, err := extract.LoadRules(files...)
	if err != nil {
		return nil, err
	}
	return extract.New(r), nil
}

func extractCmd(e *env) *cobra.Command {
	var format, rulesFile, province string
	cmd := &cobra.Command{
		Use:   "extract [--format jsonl|json|table] [--rules FILE] [--province NAME] PATH...",
		Short: "Extract title, date, province and figures from pages (files, folders or - for stdin)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "jsonl", "json", "table":
			default:
				return fmt.Errorf("--format %q: want jsonl, json or table", format)
			}
			x, err := newExtractor(rulesFile)
			if err != nil {
				return err
			}
			if province != "" {
				if _, ok := x.Gazetteer().Lookup(province); !ok {
					return fmt.Errorf("--province %q: not a province the gazetteer knows", province)
				}
			}
			return runExtract(cmd.Context(), e, x, args, format, extract.Options{Province: province})
		},
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "output: jsonl, json or table")
	cmd.Flags().StringVar(&rulesFile, "rules", "", "a YAML file extending or overriding the embedded rules")
	cmd.Flags().StringVar(&province, "province", "", "the source's province (any spelling), used before any guess")
	return cmd
}

func runExtract(ctx context.Context, e *env, x *extract.Extractor, args []string, format string, opt extract.Options) error {
	docs, errs := corpus.List(args)
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "baotinh extract: %v\n", err)
	}
	var all []extract.Output
	ok, failed := 0, len(errs)
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := corpus.Read(ctx, d, e.stdin)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "baotinh extract: %s: %v\n", d.Path, err)
			continue
		}
		a, err := ingest.Extract(x, ingest.Input{Doc: store.Document{URL: d.Path, Raw: raw}, HTML: d.HTML, Province: opt.Province})
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "baotinh extract: %s: %v\n", d.Path, err)
			continue
		}
		ok++
		j := a.Output(d.Path)
		switch format {
		case "jsonl":
			if err := enc.Encode(j); err != nil {
				return err
			}
		case "json":
			all = append(all, j)
		case "table":
			writeTable(tw, j)
		}
	}
	switch format {
	case "json":
		if all == nil {
			all = []extract.Output{}
		}
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	case "table":
		tw.Flush()
	}
	if ok == 0 && (failed > 0 || len(docs) == 0) {
		return exitError{code: 1}
	}
	return nil
}

func writeTable(w io.Writer, d extract.Output) {
	prov := d.Province
	if d.ProvinceNow != "" && d.ProvinceNow != d.Province {
		prov += " (now " + d.ProvinceNow + ")"
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", d.Source, d.Published, prov, d.Title)
	for _, f := range d.Figures {
		year := ""
		if f.Year != nil {
			year = fmt.Sprint(*f.Year)
		}
		attrs := strings.Trim(strings.Join([]string{f.Approx, f.Qualifier, f.Scope, f.Period}, " "), " ")
		fmt.Fprintf(w, "\t%s\t%s\t%s\t%s\t%s\n", extract.FormatVN(f.Value), f.Field, year, attrs, short(f.Evidence, 70))
	}
	for _, wa := range d.Warnings {
		fmt.Fprintf(w, "\twarning\t%s\n", wa.Message)
	}
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
