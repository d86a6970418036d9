package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/internal/ingest"
	"baotinh/internal/store"
)

func init() { extraCommands = append(extraCommands, reprocessCmd, reindexCmd) }

// figureKey identifies a figure across two extractions.
func figureKey(f extract.Figure) string {
	return f.Metric + "|" + f.Field + "|" + strconv.FormatInt(f.Value, 10)
}

func figureAttrs(f extract.Figure) string {
	y := ""
	if f.Year != nil {
		y = strconv.Itoa(*f.Year)
	}
	return strings.Join([]string{f.Approx, f.Qualifier, f.Scope, y, f.Period, f.AsOf}, "|")
}

// diffFigures counts figures added, removed and changed (same metric, field
// and value, other attributes).
func diffFigures(old, cur []extract.Figure) (added, removed, changed int) {
	om := map[string][]string{}
	for _, f := range old {
		om[figureKey(f)] = append(om[figureKey(f)], figureAttrs(f))
	}
	for _, f := range cur {
		k := figureKey(f)
		list := om[k]
		if len(list) == 0 {
			added++
			continue
		}
		a := figureAttrs(f)
		match := -1
		for i, x := range list {
			if x == a {
				match = i
				break
			}
		}
		if match < 0 {
			changed++
			match = 0
		}
		om[k] = append(list[:match], list[match+1:]...)
	}
	for _, l := range om {
		removed += len(l)
	}
	return
}

type articleChange struct {
	ArticleID int64  `json:"article_id"`
	URL       string `json:"url"`
	Added     int    `json:"added"`
	Removed   int    `json:"removed"`
	Changed   int    `json:"changed"`
}

type reprocessSummary struct {
	Documents int             `json:"documents"`
	Failed    int             `json:"failed"`
	Articles  int             `json:"articles_changed"`
	Added     int             `json:"figures_added"`
	Removed   int             `json:"figures_removed"`
	Changed   int             `json:"figures_changed"`
	Resumed   bool            `json:"resumed"`
	Changes   []articleChange `json:"changes"`
}

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
			// one checkpoint per filter and extractor version
			job := "reprocess|" + source + "|" + since + "|" + x.Version()
			var after int64
			sum := reprocessSummary{Changes: []articleChange{}}
			if state, ok, err := st.Job(ctx, job); err != nil {
				return err
			} else if ok {
				after, _ = strconv.ParseInt(state, 10, 64)
				sum.Resumed = true
				e.log.Info("reprocess resumes", "after_document", after)
			}
			prog := newProgress(e.stderr, e.log, "reprocess", 0)
			for ctx.Err() == nil {
				docs, err := st.Documents(ctx, after, batch, f)
				if err != nil {
					return err
				}
				if len(docs) == 0 {
					break
				}
				var reps []store.Replacement
				for _, d := range docs {
					sum.Documents++
					a, err := ingest.Extract(x, ingest.Input{Doc: store.Document{URL: d.URL, CanonicalURL: d.CanonicalURL, ContentType: d.ContentType, Raw: d.Raw},
						HTML: strings.Contains(d.ContentType, "html"), Province: d.Province})
					if err != nil {
						sum.Failed++
						e.log.Warn("reprocess: skipped", "url", d.URL, "err", err)
						continue
					}
					old, err := st.ArticleFigures(ctx, d.ArticleID)
					if err != nil {
						return err
					}
					ad, rm, ch := diffFigures(old, a.Figures)
					if ad+rm+ch > 0 {
						sum.Articles++
						sum.Added += ad
						sum.Removed += rm
						sum.Changed += ch
						sum.Changes = append(sum.Changes, articleChange{ArticleID: d.ArticleID, URL: d.URL, Added: ad, Removed: rm, Changed: ch})
					}
					reps = append(reps, store.Replacement{DocID: d.ID, Article: a, Version: x.Version(), Prep: store.Prepare(a)})
				}
				after = docs[len(docs)-1].ID
				if err := st.Replace(ctx, reps, job, strconv.FormatInt(after, 10), store.SaveOptions{Outbox: meiliConfigured()}); err != nil {
					return err
				}
				prog.update(int64(sum.Documents), fmt.Sprintf("changed %d", sum.Articles))
			}
			prog.finish()
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := st.EndJob(ctx, job); err != nil {
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
			err = st.Reindex(ctx, meiliConfigured(), func(done, total int) {
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
