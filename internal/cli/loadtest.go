package cli

import (
	"baotinh/internal/synth"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
)

func loadtestCmd(e *env) *cobra.Command {
	var clients, maxRequests, nq int
	var duration time.Duration
	var corpusGlob string
	cmd := &cobra.Command{
		Use:   "loadtest BASE_URL [--clients 50] [--duration 30s]",
		Short: "Send a bounded load of searches to a baotinh server on this machine and report throughput, latency and shedding",
		Long: `Sends searches drawn from the same seeded mix bench times (--queries
distinct queries from the labelled real texts, asked with Zipf's law: a few
often, most rarely) from --clients clients for --duration, and reports the
answered requests per second, their p50/p99, the requests shed (503) and
any other errors.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			base, err := url.Parse(args[0])
			if err != nil || base.Host == "" {
				return fmt.Errorf("%q: want a URL such as http://127.0.0.1:8080", args[0])
			}
			h := base.Hostname()
			if h != "localhost" && !strings.HasPrefix(h, "127.") && h != "::1" {
				return fmt.Errorf("%s: load is only sent to this machine (127.0.0.0/8, localhost, ::1)", h)
			}
			if clients < 1 || clients > 1000 || duration <= 0 || duration > 10*time.Minute {
				return fmt.Errorf("want 1-1000 clients and a duration up to 10m")
			}
			corp, err := loadBenchCorpus(corpusGlob)
			if err != nil {
				return err
			}
			mix := corp.Queries(1, nq)
			ctx, cancel := context.WithTimeout(cmd.Context(), duration)
			defer cancel()
			tr := &http.Transport{MaxIdleConnsPerHost: clients}
			client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
			var mu sync.Mutex
			var lat []float64
			shed, errs, sent := 0, 0, 0
			statuses := map[int]int{}
			var wg sync.WaitGroup
			start := time.Now()
			for c := 0; c < clients; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					next := synth.Zipf(int64(c)+1, len(mix))
					for ctx.Err() == nil {
						mu.Lock()
						if sent >= maxRequests {
							mu.Unlock()
							return
						}
						sent++
						mu.Unlock()
						t0 := time.Now()
						u := strings.TrimRight(args[0], "/") + "/api/search?" + synth.Values(mix[next()].Q).Encode()
						req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
						resp, err := client.Do(req)
						code := 0
						if err == nil {
							code = resp.StatusCode
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
						}
						d := float64(time.Since(t0).Microseconds()) / 1000
						mu.Lock()
						switch {
						case ctx.Err() != nil && err != nil: // the run ended under it
						case code == 200:
							lat = append(lat, d)
						case code == http.StatusServiceUnavailable:
							shed++
						default:
							errs++
							statuses[code]++
						}
						mu.Unlock()
					}
				}(c)
			}
			wg.Wait()
			el := time.Since(start).Seconds()
			sort.Float64s(lat)
			total := len(lat) + shed + errs
			out := map[string]any{"clients": clients, "seconds": el, "queries": len(mix), "answered": len(lat), "shed": shed, "errors": errs, "error_statuses": statuses,
				"shed_share": float64(shed) / float64(max(total, 1)),
				"per_second": float64(len(lat)) / el, "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "max_ms": pct(lat, 100)}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
	cmd.Flags().IntVar(&clients, "clients", 50, "concurrent clients")
	cmd.Flags().DurationVar(&duration, "duration", 30*time.Second, "how long to send")
	cmd.Flags().IntVar(&maxRequests, "max-requests", 1_000_000, "stop after this many requests")
	cmd.Flags().IntVar(&nq, "queries", 600, "distinct queries in the mix")
	cmd.Flags().StringVar(&corpusGlob, "corpus", benchCorpus, "the labelled real texts (JSON Lines) the queries are drawn from")
	return cmd
}
