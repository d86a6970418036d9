package cli

import (
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

// loadQueries is the fixed mix sent to /api/search.
var loadQueries = []string{"q=s%E1%BB%91+4242", "q=t%E1%BA%ADp+hu%E1%BA%A5n", "q=d%C3%A2n+v%E1%BA%ADn", "q=%22m%C3%B4+h%C3%ACnh+d%C3%A2n+v%E1%BA%ADn+kh%C3%A9o%22",
	"q=dan+van+kheo", "q=m%C3%B4+h%C3%ACnh&province=C%E1%BA%A7n+Th%C6%A1"}

func loadtestCmd(e *env) *cobra.Command {
	var clients, maxRequests int
	var duration time.Duration
	cmd := &cobra.Command{
		Use:   "loadtest BASE_URL [--clients 50] [--duration 30s]",
		Short: "Send a bounded load of searches to a baotinh server on this machine and report throughput and latency",
		Args:  cobra.ExactArgs(1),
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
			ctx, cancel := context.WithTimeout(cmd.Context(), duration)
			defer cancel()
			tr := &http.Transport{MaxIdleConnsPerHost: clients}
			client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
			var mu sync.Mutex
			var lat []float64
			errs, sent := 0, 0
			var wg sync.WaitGroup
			start := time.Now()
			for c := 0; c < clients; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					for i := c; ctx.Err() == nil; i += clients {
						mu.Lock()
						if sent >= maxRequests {
							mu.Unlock()
							return
						}
						sent++
						mu.Unlock()
						t0 := time.Now()
						req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimRight(args[0], "/")+"/api/search?"+loadQueries[i%len(loadQueries)], nil)
						resp, err := client.Do(req)
						ok := err == nil && resp.StatusCode == 200
						if err == nil {
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
						}
						d := float64(time.Since(t0).Microseconds()) / 1000
						mu.Lock()
						if ok {
							lat = append(lat, d)
						} else if ctx.Err() == nil {
							errs++
						}
						mu.Unlock()
					}
				}(c)
			}
			wg.Wait()
			el := time.Since(start).Seconds()
			sort.Float64s(lat)
			out := map[string]any{"clients": clients, "seconds": el, "requests": len(lat), "errors": errs,
				"per_second": float64(len(lat)) / el, "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "max_ms": pct(lat, 100)}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
	cmd.Flags().IntVar(&clients, "clients", 50, "concurrent clients")
	cmd.Flags().DurationVar(&duration, "duration", 30*time.Second, "how long to send")
	cmd.Flags().IntVar(&maxRequests, "max-requests", 1_000_000, "stop after this many requests")
	return cmd
}
