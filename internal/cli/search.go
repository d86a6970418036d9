package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
)

// filterFlags are the filters search and figures share.
type filterFlags struct {
	province, source, from, to, field string
}

// resolve turns the flags into a query, checking each: a province in any
// spelling ("Cần Thơ" covers the old units it contains now), dates as
// YYYY-MM-DD, YYYY-MM or YYYY.
func (f filterFlags) resolve(g *extract.Gazetteer, q *index.Query) error {
	if f.province != "" {
		old, now, ok := g.Resolve(f.province)
		if !ok {
			return fmt.Errorf("--province %q: not a province the gazetteer knows", f.province)
		}
		if now != "" {
			q.ProvinceNow = now
		} else {
			q.Provinces = old
		}
	}
	q.Source = f.source
	var err error
	if q.From, err = dateBound(f.from, false); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if q.To, err = dateBound(f.to, true); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return fmt.Errorf("--to %s is before --from %s", f.to, f.from)
	}
	if f.field != "" {
		switch f.field {
		case "all", "economy", "culture_society", "defense_security", "political_system", "other":
		default:
			return fmt.Errorf("--field %q: want all, economy, culture_society, defense_security, political_system or other", f.field)
		}
		q.Field = f.field
	}
	return nil
}

// dateBound reads one end of a date range.
func dateBound(s string, end bool) (time.Time, error) { return extract.ParseBound(s, end) }

// searcher returns Meilisearch when MEILI_URL is set, else the index inside
// the store's database.
func searcher(ctx context.Context, e *env, st *store.Store) (index.Searcher, error) {
	if e.meili.configured() {
		return newMeili(ctx, e, st)
	}
	return st.Index(), nil
}

func searchCmd(e *env) *cobra.Command {
	var ff filterFlags
	var limit, page int
	var format string
	cmd := &cobra.Command{
		Use:   "search QUERY [--province P] [--source S] [--from D] [--to D] [--field F] [--limit N]",
		Short: "Search the stored articles (with or without diacritics)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			q := index.Query{Limit: limit, Offset: (page - 1) * limit}
			if len(args) == 1 {
				q.Text = args[0]
			}
			if len(q.Text) > 500 {
				return fmt.Errorf("query of %d bytes: at most 500", len(q.Text))
			}
			if limit < 1 || limit > index.MaxLimit {
				return fmt.Errorf("--limit %d: want 1 to %d", limit, index.MaxLimit)
			}
			if page < 1 {
				return fmt.Errorf("--page %d: want 1 or more", page)
			}
			x, err := extract.Default()
			if err != nil {
				return err
			}
			if err := ff.resolve(x.Gazetteer(), &q); err != nil {
				return err
			}
			if strings.TrimSpace(q.Text) == "" && q.ProvinceNow == "" && len(q.Provinces) == 0 && q.Source == "" && q.From.IsZero() && q.To.IsZero() && q.Field == "" {
				return fmt.Errorf("an empty query needs a filter (--province, --source, --from, --to or --field)")
			}
			format, err = outputFormat(e, format, "table", "json", "jsonl")
			if err != nil {
				return err
			}
			st, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := searcher(ctx, e, st)
			if err != nil {
				return err
			}
			res, err := s.Search(ctx, q)
			if err != nil {
				return err
			}
			return writeSearch(e.stdout, format, res)
		},
	}
	addFilterFlags(cmd, &ff)
	cmd.Flags().IntVar(&limit, "limit", 20, "hits per page (1-100)")
	cmd.Flags().IntVar(&page, "page", 1, "page number")
	cmd.Flags().StringVar(&format, "format", "", "table, json or jsonl (table on a terminal, json otherwise)")
	return cmd
}

func addFilterFlags(cmd *cobra.Command, ff *filterFlags) {
	cmd.Flags().StringVar(&ff.province, "province", "", "old or current unit, any spelling")
	cmd.Flags().StringVar(&ff.source, "source", "", "source id")
	cmd.Flags().StringVar(&ff.from, "from", "", "published on or after (YYYY-MM-DD, YYYY-MM, YYYY)")
	cmd.Flags().StringVar(&ff.to, "to", "", "published on or before")
	cmd.Flags().StringVar(&ff.field, "field", "", "has a figure in this field")
}

// outputFormat checks --format, defaulting to table on a terminal.
func outputFormat(e *env, f string, allowed ...string) (string, error) {
	if f == "" {
		if isTerminal(e.stdout) {
			return "table", nil
		}
		return allowed[1], nil
	}
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	return "", fmt.Errorf("--format %q: want %s", f, strings.Join(allowed, ", "))
}

var reTags = regexp.MustCompile(`</?mark>`)

func writeSearch(w io.Writer, format string, res *index.Result) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, h := range res.Hits {
			if err := enc.Encode(h); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if res.TotalAtLeast {
		fmt.Fprintf(tw, "more than %d articles\n", res.Total)
	} else {
		fmt.Fprintf(tw, "%d articles\n", res.Total)
	}
	for _, h := range res.Hits {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.2f\t%s\n", h.ID, h.Published, h.Province, h.Score, h.Title)
		fmt.Fprintf(tw, "\t\t\t\t%s\n", short(reTags.ReplaceAllString(h.Snippet, "*"), 120))
	}
	for _, f := range index.FacetNames() {
		keys := make([]string, 0, len(res.Facets[f]))
		for k := range res.Facets[f] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, res.Facets[f][k]))
		}
		if len(parts) > 0 {
			fmt.Fprintf(tw, "%s:\t%s\n", f, strings.Join(parts, ", "))
		}
	}
	return tw.Flush()
}
