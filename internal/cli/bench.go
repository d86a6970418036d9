package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/corpus"
	"baotinh/internal/store"
	"baotinh/internal/synth"
)

// benchQueries is the fixed query mix: rare, mid and very common terms, a
// phrase, a folded query and a province filter.
var benchQueries = []struct {
	name string
	q    index.Query
}{
	{"rare: số 4242", index.Query{Text: "số 4242"}},
	{"mid: tập huấn", index.Query{Text: "tập huấn"}},
	{"common: dân vận", index.Query{Text: "dân vận"}},
	{"phrase", index.Query{Text: `"mô hình dân vận khéo"`}},
	{"folded: dan van kheo", index.Query{Text: "dan van kheo"}},
	{"province filter", index.Query{Text: "mô hình", ProvinceNow: "Cần Thơ"}},
}

type benchReport struct {
	Backend          string                `json:"backend"`
	Articles         int                   `json:"articles"`
	CorpusMB         float64               `json:"corpus_mb"`
	IngestSeconds    float64               `json:"ingest_seconds"`
	IngestPerSecond  float64               `json:"ingest_articles_per_second"`
	IngestMBPerSec   float64               `json:"ingest_mb_per_second"`
	PeakRSSMB        float64               `json:"peak_rss_mb"`
	RawBaseline      string                `json:"raw_baseline"`
	RawFTSPerSecond  float64               `json:"raw_articles_per_second"`
	IngestVsRawFTS   float64               `json:"ingest_vs_raw"`
	SearchP50Ms      float64               `json:"search_p50_ms"`
	SearchP99Ms      float64               `json:"search_p99_ms"`
	SearchPerQueryMs map[string][2]float64 `json:"search_per_query_p50_p99_ms"`
}

func benchCmd(e *env) *cobra.Command {
	var n, reps int
	var dir string
	var searchOnly bool
	var pgURL string
	cmd := &cobra.Command{
		Use:   "bench --n N --dir DIR [--postgres URL]",
		Short: "Measure ingest (articles/s, MB/s, peak RSS) against the bare engine's full-text insert, and search latency over a fixed query mix",
		Long: `Writes a synthetic corpus of N articles into DIR (once), ingests it into a
new SQLite store in DIR — or into the empty PostgreSQL database --postgres
names — then inserts the same texts into a bare full-text table of the same
engine (FTS5; tsvector with a GIN index) as the baseline, and times a fixed
mix of searches.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if n < 1 || dir == "" {
				return fmt.Errorf("want --n ≥ 1 and --dir")
			}
			rep := benchReport{Articles: n, SearchPerQueryMs: map[string][2]float64{}}
			src := filepath.Join(dir, fmt.Sprintf("corpus-%d", n))
			if _, err := os.Stat(filepath.Join(src, fmt.Sprintf("%07d.txt", n-1))); err != nil {
				e.log.Info("bench: writing the synthetic corpus", "n", n, "dir", src)
				if err := synth.WriteDir(src, 1, n); err != nil {
					return err
				}
			}
			dbPath := filepath.Join(dir, fmt.Sprintf("bench-%d.db", n))
			rep.Backend = "sqlite"
			if pgURL != "" {
				if !store.IsPostgres(pgURL) {
					return fmt.Errorf("--postgres %q: want a postgres:// URL", pgURL)
				}
				dbPath, rep.Backend = pgURL, "postgres"
			} else if !searchOnly {
				for _, suf := range []string{"", "-wal", "-shm"} {
					os.Remove(dbPath + suf)
				}
			}
			x, err := extract.Default()
			if err != nil {
				return err
			}
			st, err := store.Open(ctx, dbPath)
			if err != nil {
				return err
			}
			defer st.Close()
			if !searchOnly {
				if c, err := st.Counts(ctx); err != nil || c.Documents > 0 {
					return fmt.Errorf("bench: %s holds %d documents (%v): give it an empty store", st.Path(), c.Documents, err)
				}
				start := time.Now()
				stats, err := runIngest(ctx, e, st, x, []string{src}, "", 0, 500, false)
				if err != nil {
					return err
				}
				el := time.Since(start).Seconds()
				rep.IngestSeconds = el
				rep.CorpusMB = float64(stats.Bytes) / 1e6
				rep.IngestPerSecond = float64(stats.New) / el
				rep.IngestMBPerSec = rep.CorpusMB / el
				rep.PeakRSSMB = peakRSSMB()

				var raw float64
				if pgURL != "" {
					rep.RawBaseline = "tsvector ('baotinh' configuration) with a GIN index, one INSERT per text, 500 per transaction"
					raw, err = rawPostgres(ctx, src, st.DB())
				} else {
					rep.RawBaseline = "FTS5 table, one INSERT per text, 500 per transaction"
					raw, err = rawFTS(ctx, src, filepath.Join(dir, fmt.Sprintf("rawfts-%d.db", n)))
				}
				if err != nil {
					return err
				}
				rep.RawFTSPerSecond = raw
				rep.IngestVsRawFTS = rep.IngestPerSecond / raw
			}

			s := st.Index()
			var all []float64
			for _, bq := range benchQueries {
				var lat []float64
				for i := 0; i < reps+3; i++ {
					t0 := time.Now()
					if _, err := s.Search(ctx, bq.q); err != nil {
						return err
					}
					if i >= 3 { // warm-up first
						lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
					}
				}
				all = append(all, lat...)
				rep.SearchPerQueryMs[bq.name] = [2]float64{pct(lat, 50), pct(lat, 99)}
			}
			rep.SearchP50Ms, rep.SearchP99Ms = pct(all, 50), pct(all, 99)
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		},
	}
	cmd.Flags().IntVar(&n, "n", 100000, "synthetic articles")
	cmd.Flags().IntVar(&reps, "reps", 30, "runs of each query")
	cmd.Flags().StringVar(&dir, "dir", "", "working folder (corpus and databases)")
	cmd.Flags().BoolVar(&searchOnly, "search-only", false, "measure search on the database a previous run left")
	cmd.Flags().StringVar(&pgURL, "postgres", "", "bench an empty PostgreSQL database instead of a SQLite file in DIR")
	return cmd
}

func pct(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

// peakRSSMB reads the process's peak resident set size.
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

// rawFTS inserts the texts as they are into a bare FTS5 table: the
// engine's own limit for the ingest comparison.
func rawFTS(ctx context.Context, src, path string) (float64, error) {
	for _, suf := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suf)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')`); err != nil {
		return 0, err
	}
	return insertRate(ctx, db, src, `INSERT INTO t(body) VALUES(?)`)
}

// insertRate runs insert once per text of the corpus in src, 500 per
// transaction, and returns the texts per second.
func insertRate(ctx context.Context, db *sql.DB, src, insert string) (float64, error) {
	docs, _ := corpus.List([]string{src}, false)
	start := time.Now()
	count := 0
	for i := 0; i < len(docs); i += 500 {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		stmt, err := tx.PrepareContext(ctx, insert)
		if err != nil {
			tx.Rollback()
			return 0, err
		}
		for _, d := range docs[i:min(i+500, len(docs))] {
			b, err := os.ReadFile(d.Path)
			if err == nil {
				_, err = stmt.ExecContext(ctx, string(b))
			}
			if err != nil {
				tx.Rollback()
				return 0, err
			}
			count++
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	}
	return float64(count) / time.Since(start).Seconds(), nil
}

// rawPostgres inserts the texts as they are into a bare table with a
// tsvector and its GIN index, PostgreSQL's own limit for the comparison;
// the table is dropped afterwards.
func rawPostgres(ctx context.Context, src string, db *sql.DB) (float64, error) {
	if _, err := db.ExecContext(ctx, `DROP TABLE IF EXISTS bench_raw_fts`); err != nil {
		return 0, err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_raw_fts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tsv TSVECTOR NOT NULL)`); err != nil {
		return 0, err
	}
	defer db.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS bench_raw_fts`)
	if _, err := db.ExecContext(ctx, `CREATE INDEX ON bench_raw_fts USING gin(tsv)`); err != nil {
		return 0, err
	}
	return insertRate(ctx, db, src, `INSERT INTO bench_raw_fts(tsv) VALUES(to_tsvector('baotinh', $1))`)
}
