package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"baotinh/extract"
	"baotinh/internal/corpus"
	"baotinh/internal/store"
	"baotinh/internal/synth"
)

type benchReport struct {
	Backend         string  `json:"backend"`
	Articles        int     `json:"articles"`
	Corpus          string  `json:"corpus"`
	CorpusMB        float64 `json:"corpus_mb"`
	IngestSeconds   float64 `json:"ingest_seconds"`
	IngestPerSecond float64 `json:"ingest_articles_per_second"`
	IngestMBPerSec  float64 `json:"ingest_mb_per_second"`
	PeakRSSMB       float64 `json:"peak_rss_mb"`
	DatabaseMB      float64 `json:"database_mb,omitempty"`
	RawBaseline     string  `json:"raw_baseline"`
	// the bare insert is timed just before and just after the store's
	// ingest; RawPerSecond, which the ratio is taken against, is their mean
	RawPerSecond       float64 `json:"raw_articles_per_second"`
	RawBeforePerSecond float64 `json:"raw_before_articles_per_second,omitempty"`
	RawAfterPerSecond  float64 `json:"raw_after_articles_per_second,omitempty"`
	IngestVsRaw        float64 `json:"ingest_vs_raw"`
	Queries            int     `json:"queries"`
	SearchP50Ms        float64 `json:"search_p50_ms"`
	SearchP99Ms        float64 `json:"search_p99_ms"`
	// per class of the mix: p50 and p99 in ms, and how many were timed
	SearchByClass map[string]classLatency `json:"search_by_class"`
	// the bare engine on the same texts and the text queries of the mix:
	// MATCH … ORDER BY rank LIMIT 20, then count(*)
	RawSearchP50Ms float64 `json:"raw_search_p50_ms"`
	RawSearchP99Ms float64 `json:"raw_search_p99_ms"`
}

type classLatency struct {
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
	N     int     `json:"n"`
}

// benchCorpus is where the labelled texts are, beside the checkout.
const benchCorpus = "../shared/corpus/*.jsonl"

// loadBenchCorpus reads the real texts the synthetic articles and the
// query mix are drawn from.
func loadBenchCorpus(glob string) (*synth.Corpus, error) {
	x, err := extract.Default()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("--corpus %q: no JSON Lines files there (the labelled corpora, ../shared/corpus/*.jsonl beside the checkout)", glob)
	}
	return synth.LoadCorpus(x.Gazetteer(), files...)
}

func benchCmd(e *env) *cobra.Command {
	var n, passes, nq int
	var dir, corpusGlob string
	var searchOnly, baseline bool
	var pgURL, cpuProfile string
	cmd := &cobra.Command{
		Use:   "bench --n N --dir DIR [--postgres URL] [--corpus GLOB]",
		Short: "Measure ingest (articles/s, MB/s, peak RSS) and search latency over a realistic query mix, each against the bare engine",
		Long: `Writes N synthetic articles recombined from the sentences of the labelled
real texts (--corpus, read at run time) into DIR (once), ingests them into a
new SQLite store in DIR — or into the empty PostgreSQL database --postgres
names — and inserts the same texts into a bare full-text table of the same
engine (FTS5; tsvector with a GIN index) as the baseline, once just before
the ingest and once just after: the ingest is compared with the mean of the
two, so that a machine whose speed drifts during the run does not put the
drift into the ratio (both rates are reported). Then it times a
seeded mix of --queries distinct queries drawn from the same texts (words
by frequency, two words, phrases, folded, filtered, listings) on the store's
index, and the text queries of the mix on the bare table.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if n < 1 || dir == "" || passes < 1 || nq < 1 {
				return fmt.Errorf("want --n ≥ 1, --dir, --passes ≥ 1 and --queries ≥ 1")
			}
			if cpuProfile != "" {
				f, err := os.Create(cpuProfile)
				if err != nil {
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				defer pprof.StopCPUProfile()
			}
			corp, err := loadBenchCorpus(corpusGlob)
			if err != nil {
				return err
			}
			x, err := extract.Default()
			if err != nil {
				return err
			}
			rep := benchReport{Articles: n, Corpus: fmt.Sprintf("%d sentences of %s, recombined", corp.Sentences(), corpusGlob), SearchByClass: map[string]classLatency{}}
			src := filepath.Join(dir, fmt.Sprintf("real-%d", n))
			if _, err := os.Stat(filepath.Join(src, fmt.Sprintf("%07d.txt", n-1))); err != nil {
				e.log.Info("bench: writing the synthetic corpus", "n", n, "dir", src)
				if err := corp.WriteDir(src, 1, n); err != nil {
					return err
				}
			}
			dbPath := filepath.Join(dir, fmt.Sprintf("bench-real-%d.db", n))
			rawPath := filepath.Join(dir, fmt.Sprintf("rawfts-real-%d.db", n))
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
			st, err := store.Open(ctx, dbPath)
			if err != nil {
				return err
			}
			defer st.Close()
			var raw rawEngine
			if pgURL != "" {
				raw = rawEngine{db: st.DB(), pg: true}
				defer st.DB().ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS bench_raw_fts`)
			} else if raw.db, err = openRawFTS(rawPath, !searchOnly); err != nil {
				return err
			} else {
				defer raw.db.Close()
			}
			if !searchOnly {
				if c, err := st.Counts(ctx); err != nil || c.Documents > 0 {
					return fmt.Errorf("bench: %s holds %d documents (%v): give it an empty store", st.Path(), c.Documents, err)
				}
				// This machine's speed drifts within minutes (the bare insert
				// ran at 1,747–2,629 articles/s in runs of one day): a bare
				// load on one side of the ingest only would put the drift
				// into the ratio, so it is timed on both sides.
				if baseline {
					if rep.RawBeforePerSecond, err = raw.scratchLoad(ctx, src, rawPath+"-before"); err != nil {
						return err
					}
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
				if baseline {
					rep.RawBaseline = raw.describe()
					if rep.RawAfterPerSecond, err = raw.load(ctx, src); err != nil {
						return err
					}
					rep.RawPerSecond = (rep.RawBeforePerSecond + rep.RawAfterPerSecond) / 2
					rep.IngestVsRaw = rep.IngestPerSecond / rep.RawPerSecond
				}
			}
			if pgURL == "" {
				rep.DatabaseMB = fileMB(dbPath)
			} else {
				var size int64
				if err := st.DB().QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&size); err != nil {
					return fmt.Errorf("bench: database size: %w", err)
				}
				rep.DatabaseMB = float64(size) / 1e6
			}
			mix := corp.Queries(1, nq)
			rep.Queries = len(mix)
			s := st.Index()
			byClass := map[string][]float64{}
			var all, rawAll []float64
			for pass := 0; pass <= passes; pass++ { // the first pass warms up
				for _, q := range mix {
					t0 := time.Now()
					if _, err := s.Search(ctx, q.Q); err != nil {
						return fmt.Errorf("bench: search %v: %w", synth.Values(q.Q).Encode(), err)
					}
					d := ms(time.Since(t0))
					if q.Q.Text != "" && baseline {
						t0 = time.Now()
						if err := raw.search(ctx, q.Q.Text); err != nil {
							return fmt.Errorf("bench: bare search %q: %w", q.Q.Text, err)
						}
						if pass > 0 {
							rawAll = append(rawAll, ms(time.Since(t0)))
						}
					}
					if pass > 0 {
						all = append(all, d)
						byClass[q.Class] = append(byClass[q.Class], d)
					}
				}
			}
			for c, l := range byClass {
				rep.SearchByClass[c] = classLatency{pct(l, 50), pct(l, 99), len(l)}
			}
			rep.SearchP50Ms, rep.SearchP99Ms = pct(all, 50), pct(all, 99)
			rep.RawSearchP50Ms, rep.RawSearchP99Ms = pct(rawAll, 50), pct(rawAll, 99)
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		},
	}
	cmd.Flags().IntVar(&n, "n", 100000, "synthetic articles")
	cmd.Flags().IntVar(&passes, "passes", 2, "timed passes over the query mix (after one warm-up pass)")
	cmd.Flags().IntVar(&nq, "queries", 600, "distinct queries in the mix")
	cmd.Flags().StringVar(&dir, "dir", "", "working folder (corpus and databases)")
	cmd.Flags().StringVar(&corpusGlob, "corpus", benchCorpus, "the labelled real texts (JSON Lines) the articles and queries are drawn from")
	cmd.Flags().BoolVar(&searchOnly, "search-only", false, "measure search on the databases a previous run left")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the run (go tool pprof; -focus ingest or Search) to this file")
	cmd.Flags().BoolVar(&baseline, "baseline", true, "also load and query the bare engine (--baseline=false: the store alone, for runs too long to double)")
	cmd.Flags().StringVar(&pgURL, "postgres", "", "bench an empty PostgreSQL database instead of a SQLite file in DIR")
	return cmd
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fileMB(path string) float64 {
	var total int64
	for _, suf := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + suf); err == nil {
			total += fi.Size()
		}
	}
	return float64(total) / 1e6
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

// rawEngine is the bare engine the store is measured against: the texts as
// they are in one full-text table (FTS5, or tsvector with a GIN index),
// queried as the engine's manual shows.
type rawEngine struct {
	db *sql.DB
	pg bool
}

func openRawFTS(path string, fresh bool) (*sql.DB, error) {
	if fresh {
		for _, suf := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suf)
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	if fresh {
		if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')`); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func (r rawEngine) describe() string {
	if r.pg {
		return "tsvector ('baotinh' configuration) with a GIN index, one INSERT per text, 500 per transaction"
	}
	return "FTS5 table, one INSERT per text, 500 per transaction"
}

// load inserts every text of src and returns the texts per second.
func (r rawEngine) load(ctx context.Context, src string) (float64, error) {
	if !r.pg {
		return insertRate(ctx, r.db, src, `INSERT INTO t(body) VALUES(?)`)
	}
	for _, q := range []string{`DROP TABLE IF EXISTS bench_raw_fts`,
		`CREATE TABLE bench_raw_fts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tsv TSVECTOR NOT NULL)`,
		`CREATE INDEX ON bench_raw_fts USING gin(tsv)`} {
		if _, err := r.db.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	return insertRate(ctx, r.db, src, `INSERT INTO bench_raw_fts(tsv) VALUES(to_tsvector('baotinh', $1))`)
}

// scratchLoad times a load of src into a bare table that is dropped
// afterwards: a SQLite file at path, removed; on PostgreSQL the table the
// next load recreates.
func (r rawEngine) scratchLoad(ctx context.Context, src, path string) (float64, error) {
	if r.pg {
		return r.load(ctx, src)
	}
	db, err := openRawFTS(path, true)
	if err != nil {
		return 0, fmt.Errorf("bench: bare table %s: %w", path, err)
	}
	defer func() {
		db.Close()
		for _, suf := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suf)
		}
	}()
	return rawEngine{db: db}.load(ctx, src)
}

// search runs a text query the bare way: the best 20 by the engine's rank,
// then the exact count of matches.
func (r rawEngine) search(ctx context.Context, text string) error {
	if r.pg {
		for _, q := range []string{
			`SELECT id FROM bench_raw_fts, websearch_to_tsquery('baotinh', $1) q WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 20`,
			`SELECT count(*) FROM bench_raw_fts WHERE tsv @@ websearch_to_tsquery('baotinh', $1)`} {
			if err := drain(r.db.QueryContext(ctx, q, text)); err != nil {
				return err
			}
		}
		return nil
	}
	m := ftsQuery(text)
	for _, q := range []string{`SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 20`, `SELECT count(*) FROM t WHERE t MATCH ?`} {
		if err := drain(r.db.QueryContext(ctx, q, m)); err != nil {
			return err
		}
	}
	return nil
}

// ftsQuery writes a user's words as an FTS5 query: each word quoted, a
// quoted phrase kept a phrase.
func ftsQuery(text string) string {
	if strings.HasPrefix(text, `"`) && strings.HasSuffix(text, `"`) && len(text) > 1 {
		return `"` + strings.ReplaceAll(strings.Trim(text, `"`), `"`, "") + `"`
	}
	var parts []string
	for _, w := range strings.Fields(text) {
		parts = append(parts, `"`+strings.ReplaceAll(w, `"`, "")+`"`)
	}
	return strings.Join(parts, " ")
}

func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
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
