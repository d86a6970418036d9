package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
)

var validScopes = map[string]bool{"province": true, "district": true, "commune": true, "organization": true, "unknown": true}
var validQualifiers = map[string]bool{"": true, "collective": true, "individual": true, "replicated": true, "named": true, "delta": true, "other": true}

// figureQuery checks the figure filters.
func figureQuery(g *extract.Gazetteer, ff filterFlags, qualifier string, qualifierSet bool, scope, metric string, latest, dups bool) (store.FigureQuery, error) {
	var iq index.Query
	if err := ff.resolve(g, &iq); err != nil {
		return store.FigureQuery{}, err
	}
	q := store.FigureQuery{Provinces: iq.Provinces, ProvinceNow: iq.ProvinceNow, Source: iq.Source, Field: iq.Field, From: iq.From, To: iq.To,
		Scope: scope, Metric: metric, Latest: latest, WithDuplicates: dups}
	if qualifierSet {
		if !validQualifiers[qualifier] {
			return q, fmt.Errorf("--qualifier %q: want collective, individual, replicated, named, delta, other or \"\" for plain counts", qualifier)
		}
		q.Qualifier = &qualifier
	}
	if scope != "" && !validScopes[scope] {
		return q, fmt.Errorf("--scope %q: want province, district, commune, organization or unknown", scope)
	}
	return q, nil
}

func figuresCmd(e *env) *cobra.Command {
	var ff filterFlags
	var qualifier, scope, metric, format string
	var latest, dups bool
	cmd := &cobra.Command{
		Use:   "figures [--province P] [--field F] [--qualifier Q] [--scope S] [--from D] [--to D] [--latest] [--format table|csv|json]",
		Short: "List the stored figures",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			x, err := extract.Default()
			if err != nil {
				return err
			}
			q, err := figureQuery(x.Gazetteer(), ff, qualifier, cmd.Flags().Changed("qualifier"), scope, metric, latest, dups)
			if err != nil {
				return err
			}
			if metric != "" && !slices.Contains(x.Metrics(), metric) {
				return fmt.Errorf("--metric %q: want one of %s", metric, strings.Join(x.Metrics(), ", "))
			}
			format, err = outputFormat(e, format, "table", "csv", "json")
			if err != nil {
				return err
			}
			st, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			rows, err := st.Figures(ctx, q)
			if err != nil {
				return err
			}
			return writeFigures(e.stdout, format, rows)
		},
	}
	addFilterFlags(cmd, &ff)
	cmd.Flags().StringVar(&qualifier, "qualifier", "", "collective, individual, replicated, named, delta, other (\"\" for plain counts)")
	cmd.Flags().StringVar(&scope, "scope", "", "province, district, commune, organization, unknown")
	cmd.Flags().StringVar(&metric, "metric", "", "metric (default: all metrics)")
	cmd.Flags().BoolVar(&latest, "latest", false, "only the newest value per province × metric × field × qualifier × scope")
	cmd.Flags().BoolVar(&dups, "with-duplicates", false, "include near-duplicate articles")
	cmd.Flags().StringVar(&format, "format", "", "table, csv or json (table on a terminal, csv otherwise)")
	return cmd
}

func writeFigures(w io.Writer, format string, rows []store.FigureRow) error {
	switch format {
	case "csv":
		return store.WriteFiguresCSV(w, rows)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	// a table is for people: Vietnamese names and the value as the text
	// states it ("hơn 12.000"); CSV and JSON keep the codes
	fmt.Fprintln(tw, "bài\ttỉnh\tngày đăng\tlĩnh vực\tsố liệu\tloại\tphạm vi\tnăm\tcâu nguồn")
	for _, r := range rows {
		year := ""
		if r.Year != nil {
			year = strconv.Itoa(*r.Year)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ArticleID, r.Province, r.Published, extract.Label("field", r.Field),
			extract.Stated(r.Approx, r.Value)+" "+extract.Label("metric", r.Metric), extract.Label("qualifier", r.Qualifier), extract.Label("scope", r.Scope), year, short(r.Evidence, 60))
	}
	return tw.Flush()
}
