package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"baotinh/crawler"
	"baotinh/extract"
	"baotinh/internal/ingest"
	"baotinh/internal/store"
)

func loadSources(file string, g *extract.Gazetteer) (*crawler.Config, error) {
	if file == "" {
		return crawler.DefaultConfig(g)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--sources: %w", err)
	}
	return crawler.LoadSources(b, file, g)
}

// openCrawl loads the extractor, the sources file and the store that the
// crawling commands share.
func openCrawl(ctx context.Context, e *env, sourcesFile string) (*extract.Extractor, *crawler.Config, *store.Store, error) {
	x, err := extract.Default()
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := loadSources(sourcesFile, x.Gazetteer())
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return nil, nil, nil, err
	}
	return x, cfg, st, nil
}

func selectSources(cfg *crawler.Config, ids []string) ([]*crawler.Source, error) {
	if len(ids) == 0 {
		out := make([]*crawler.Source, len(cfg.Sources))
		for i := range cfg.Sources {
			out[i] = &cfg.Sources[i]
		}
		return out, nil
	}
	var out []*crawler.Source
	for _, id := range ids {
		s, ok := cfg.Find(id)
		if !ok {
			return nil, fmt.Errorf("--source %q: not in the sources file", id)
		}
		out = append(out, s)
	}
	return out, nil
}

func crawlCmd(e *env) *cobra.Command {
	var ids []string
	var sourcesFile, since, format string
	var maxPages int
	var fast bool
	cmd := &cobra.Command{
		Use:   "crawl [--sources FILE] [--source ID]... [--max-pages N] [--since DATE]",
		Short: "Crawl the sources once now and store what is new",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			x, err := extract.Default()
			if err != nil {
				return err
			}
			cfg, err := loadSources(sourcesFile, x.Gazetteer())
			if err != nil {
				return err
			}
			srcs, err := selectSources(cfg, ids)
			if err != nil {
				return err
			}
			opt := crawler.Options{MaxPages: maxPages, NoPoliteness: fast}
			if since != "" {
				if opt.Since, err = dateBound(since, false); err != nil {
					return fmt.Errorf("--since: %w", err)
				}
			}
			st, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			c := &crawler.Crawler{Config: cfg, Store: ingest.CrawlStore{Store: st, Extractor: x, Log: e.log, Outbox: e.meili.configured()}, Log: e.log, Options: opt}
			c.Progress = crawlProgress(e, func(id string) int {
				if opt.MaxPages > 0 {
					return opt.MaxPages
				}
				for _, src := range srcs {
					if src.ID == id {
						return src.MaxPages
					}
				}
				return 0
			})
			sums := crawlAll(ctx, c, srcs, e)
			afterWrite(ctx, e, st)
			if err := writeSummaries(e, format, sums); err != nil {
				return err
			}
			return allFailed(sums)
		},
	}
	cmd.Flags().StringVar(&sourcesFile, "sources", "", "a sources YAML file replacing the embedded list")
	cmd.Flags().StringSliceVar(&ids, "source", nil, "crawl only these sources (repeatable)")
	cmd.Flags().IntVar(&maxPages, "max-pages", 0, "article pages per source (default: the source's max_pages)")
	cmd.Flags().StringVar(&since, "since", "", "ignore articles published before DATE")
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.Flags().BoolVar(&fast, "no-politeness", false, "no per-host delay (only for local test sites)")
	return cmd
}

// allFailed is the error of a crawl in which nothing could be fetched from
// any source though something was tried: the exit code says so.
func allFailed(sums []crawler.Summary) error {
	failed := 0
	for _, s := range sums {
		if s.Pages+s.Discovery+s.NotModified > 0 || s.Skipped {
			return nil
		}
		for _, n := range s.Failed {
			failed += n
		}
	}
	if failed == 0 {
		return nil
	}
	return fmt.Errorf("crawl: nothing could be fetched from any of %d sources (%d failures; see the table)", len(sums), failed)
}

// crawlAll crawls sources concurrently (each host keeps its own limits) and
// prints a live line per finished source.
func crawlAll(ctx context.Context, c *crawler.Crawler, srcs []*crawler.Source, e *env) []crawler.Summary {
	var mu sync.Mutex
	var sums []crawler.Summary
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, s := range srcs {
		wg.Add(1)
		go func(s *crawler.Source) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			sum := c.Crawl(ctx, s)
			e.log.Info("crawled", "source", s.ID, "pages", sum.Pages, "new", sum.New, "known", sum.Known, "failed", failedCount(sum), "err", sum.Err)
			mu.Lock()
			sums = append(sums, sum)
			mu.Unlock()
		}(s)
	}
	wg.Wait()
	sort.Slice(sums, func(i, j int) bool { return sums[i].Source < sums[j].Source })
	return sums
}

// crawlProgress shows pages, new and known articles and errors while a
// crawl runs: one line redrawn on a terminal, log lines otherwise.
func crawlProgress(e *env, budget func(source string) int) func(crawler.Summary) {
	tty := isTerminal(e.stderr)
	var mu sync.Mutex
	last := time.Time{}
	return func(s crawler.Summary) {
		mu.Lock()
		defer mu.Unlock()
		if tty {
			// the bar is the source's page budget (max_pages) spent
			fmt.Fprintf(e.stderr, "\r%s %s, feeds and listings %d, known %d, errors %d\033[K", s.Source, bar(int64(s.Pages), int64(budget(s.Source))), s.Discovery, s.Known, failedCount(s))
			return
		}
		if time.Since(last) < 2*time.Second {
			return
		}
		last = time.Now()
		e.log.Info("crawling", "source", s.Source, "pages", s.Pages+s.Discovery, "known", s.Known, "errors", failedCount(s))
	}
}

func failedCount(s crawler.Summary) int {
	n := 0
	for _, v := range s.Failed {
		n += v
	}
	return n
}

func writeSummaries(e *env, format string, sums []crawler.Summary) error {
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sums)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "source\tpages\tdiscovery\tnot modified\tnew\tknown\tretries\tfailed\terror")
	for _, s := range sums {
		var reasons []string
		for k, v := range s.Failed {
			reasons = append(reasons, fmt.Sprintf("%s %d", k, v))
		}
		sort.Strings(reasons)
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Source, s.Pages, s.Discovery, s.NotModified, s.New, s.Known, s.Retries, strings.Join(reasons, ", "), short(s.Err, 80))
	}
	return tw.Flush()
}

func sourcesCmd(e *env) *cobra.Command {
	var sourcesFile string
	cmd := &cobra.Command{
		Use:   "sources [--sources FILE]",
		Short: "List the sources with schedule, last and next run and last error",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			_, cfg, st, err := openCrawl(ctx, e, sourcesFile)
			if err != nil {
				return err
			}
			defer st.Close()
			status, err := st.Sources(ctx)
			if err != nil {
				return err
			}
			byID := map[string]store.SourceStatus{}
			for _, s := range status {
				byID[s.ID] = s
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "id\tprovince\tschedule\tlast run\tnext run\tnew\tlast error")
			for _, s := range cfg.Sources {
				ss := byID[s.ID]
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", s.ID, s.Province, s.Schedule, when(ss.LastRun), when(ss.NextRun), ss.ArticlesNew, short(ss.LastError, 60))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&sourcesFile, "sources", "", "a sources YAML file replacing the embedded list")
	return cmd
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(extract.Vietnam).Format("2006-01-02 15:04")
}

func scheduleCmd(e *env) *cobra.Command {
	var sourcesFile string
	var deadline time.Duration
	cmd := &cobra.Command{
		Use:   "schedule [--sources FILE]",
		Short: "Crawl every source on its schedule until SIGINT/SIGTERM",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			x, cfg, st, err := openCrawl(ctx, e, sourcesFile)
			if err != nil {
				return err
			}
			defer st.Close()
			c := &crawler.Crawler{Config: cfg, Store: ingest.CrawlStore{Store: st, Extractor: x, Log: e.log, Outbox: e.meili.configured()}, Log: e.log}
			s := crawler.NewScheduler(c, e.log)
			if err := s.Start(ctx, cfg.Sources); err != nil {
				return err
			}
			e.log.Info("scheduler started", "sources", len(cfg.Sources))
			<-ctx.Done()
			e.log.Info("stopping: letting in-flight crawls finish", "deadline", deadline)
			s.Stop(deadline)
			return nil
		},
	}
	cmd.Flags().StringVar(&sourcesFile, "sources", "", "a sources YAML file replacing the embedded list")
	cmd.Flags().DurationVar(&deadline, "shutdown-deadline", 30*time.Second, "how long in-flight crawls may run after a stop signal")
	return cmd
}
