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

// inputFormat reads --input: whether "-" is a JSON Lines stream of records.
func inputFormat(v string) (bool, error) {
	switch v {
	case "auto", "":
		return false, nil
	case "jsonl":
		return true, nil
	}
	return false, fmt.Errorf("--input %q: want auto or jsonl", v)
}

func extractCmd(e *env) *cobra.Command {
	var format, rulesFile, province, input string
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
			stdinJSONL, err := inputFormat(input)
			if err != nil {
				return err
			}
			return runExtract(cmd.Context(), e, x, args, format, extract.Options{Province: province}, stdinJSONL)
		},
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "output: jsonl, json or table")
	cmd.Flags().StringVar(&rulesFile, "rules", "", "a YAML file extending or overriding the embedded rules")
	cmd.Flags().StringVar(&province, "province", "", "the source's province (any spelling), used before any guess")
	cmd.Flags().StringVar(&input, "input", "auto", "what - on standard input holds: auto (one page) or jsonl (records {id, url, text|html, published})")
	return cmd
}

func runExtract(ctx context.Context, e *env, x *extract.Extractor, args []string, format string, opt extract.Options, stdinJSONL bool) error {
	docs, errs := corpus.List(args, stdinJSONL)
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "baotinh extract: %v\n", err)
	}
	var all []extract.Output
	ok, failed := 0, len(errs)
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fail := func(where string, err error) {
		failed++
		fmt.Fprintf(e.stderr, "baotinh extract: %s: %v\n", where, err)
	}
	err := corpus.Items(ctx, docs, e.stdin, func(it corpus.Item) error {
		o := opt
		o.URL, o.Published = it.URL, it.Published
		a, err := x.Page(extract.Page{Raw: it.Raw, HTML: it.HTML}, o)
		if err != nil {
			fail(it.Where(), err)
			return nil
		}
		ok++
		for _, w := range a.Warnings {
			if w.Kind == extract.WarnShortBody {
				fmt.Fprintf(e.stderr, "baotinh extract: %s: %s\n", it.Where(), w.Message)
			}
		}
		j := a.Output(it.Source())
		switch format {
		case "jsonl":
			return enc.Encode(j)
		case "json":
			all = append(all, j)
		case "table":
			writeTable(tw, j)
		}
		return nil
	}, fail)
	if err != nil {
		return err
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
		prov += " (nay " + d.ProvinceNow + ")"
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", d.Source, d.Published, prov, d.Title)
	for _, f := range d.Figures {
		year := ""
		if f.Year != nil {
			year = fmt.Sprint(*f.Year)
		}
		var attrs []string
		for _, a := range []string{extract.Label("qualifier", f.Qualifier), extract.Label("scope", f.Scope), f.Period} {
			if a != "" {
				attrs = append(attrs, a)
			}
		}
		fmt.Fprintf(w, "\t%s %s\t%s\t%s\t%s\t%s\n", extract.Stated(f.Approx, f.Value), extract.Label("metric", f.Metric), extract.Label("field", f.Field), year, strings.Join(attrs, ", "), short(f.Evidence, 70))
	}
	for _, wa := range d.Warnings {
		fmt.Fprintf(w, "\tcảnh báo\t%s\t(%s)\n", extract.Label("warning", wa.Kind), wa.Message)
	}
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
