package cli

import (
	"fmt"
	"net"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"baotinh/crawler"
	"baotinh/index"
	"baotinh/internal/ingest"
	"baotinh/internal/server"
)

func serveCmd(e *env) *cobra.Command {
	var addr, sourcesFile string
	var ingestPaths []string
	var noSchedule bool
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--ingest PATH]... [--sources FILE]",
		Short: "Serve the API, the dashboard and /metrics, and crawl the sources on schedule",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			collectorTarget(serveGCPercent)
			ctx := cmd.Context()
			x, cfg, st, err := openCrawl(ctx, e, sourcesFile)
			if err != nil {
				return err
			}
			defer st.Close()
			// the address first: a busy port fails before any work
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("--addr %s: %w", addr, err)
			}
			defer ln.Close()
			if len(ingestPaths) > 0 {
				stats, err := runIngest(ctx, e, st, x, ingestPaths, "", 0, 200, false)
				if err != nil {
					return err
				}
				e.log.Info("ingested at start", "read", stats.Read, "new", stats.New, "unchanged", stats.Unchanged, "failed", stats.Failed)
				afterWrite(ctx, e, st)
			}
			search, err := searcher(ctx, e, st)
			if err != nil {
				return err
			}
			reg := prometheus.NewRegistry()
			if !e.meili.configured() {
				// repeated searches from memory until a write commits
				c := &index.Cached{Searcher: search, Generation: st.Generation}
				search = c
				reg.MustRegister(
					prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "baotinh_search_cache_hits_total", Help: "Searches answered from the result cache."},
						func() float64 { h, _ := c.Stats(); return float64(h) }),
					prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "baotinh_search_cache_misses_total", Help: "Searches computed by the index."},
						func() float64 { _, m := c.Stats(); return float64(m) }))
			}
			c := &crawler.Crawler{Config: cfg, Store: ingest.CrawlStore{Store: st, Extractor: x, Log: e.log, Outbox: e.meili.configured()}, Log: e.log, Metrics: crawler.NewMetrics(reg)}
			srv := server.New(&server.Server{Store: st, Extractor: x, Search: search, Crawler: c, Sources: cfg,
				AdminToken: e.adminToken, Log: e.log, Registry: reg})
			var sched *crawler.Scheduler
			if !noSchedule {
				sched = crawler.NewScheduler(c, e.log)
				if err := sched.Start(ctx, cfg.Sources); err != nil {
					return err
				}
			}
			fmt.Fprintf(e.stdout, "baotinh listening on http://%s\n", ln.Addr())
			err = srv.Serve(ctx, ln)
			if sched != nil {
				sched.Stop(20 * time.Second)
			}
			e.log.Info("stopped")
			return err
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen address (loopback unless told otherwise)")
	cmd.Flags().StringSliceVar(&ingestPaths, "ingest", nil, "ingest these files or folders at start (repeatable)")
	cmd.Flags().StringVar(&sourcesFile, "sources", "", "a sources YAML file replacing the embedded list")
	cmd.Flags().BoolVar(&noSchedule, "no-schedule", false, "serve only; do not crawl on schedule")
	return cmd
}
