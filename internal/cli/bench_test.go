package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestBenchBracketsTheBaseline runs bench on 300 synthetic articles: the
// bare insert is timed on both sides of the ingest, the ratio is taken
// against their mean, and the scratch table of the first load is gone.
func TestBenchBracketsTheBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and ingests 300 articles")
	}
	corpus := "../../../shared/corpus/*.jsonl"
	if m, _ := filepath.Glob(corpus); len(m) == 0 {
		t.Skip("../shared/corpus is not beside the checkout")
	}
	dir := t.TempDir()
	code, out, stderr := run(t, "", "bench", "--n", "300", "--dir", dir, "--corpus", corpus, "--queries", "10", "--passes", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep benchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if rep.RawBeforePerSecond <= 0 || rep.RawAfterPerSecond <= 0 || rep.IngestPerSecond <= 0 {
		t.Fatalf("rates: before %.0f, after %.0f, ingest %.0f", rep.RawBeforePerSecond, rep.RawAfterPerSecond, rep.IngestPerSecond)
	}
	mean := (rep.RawBeforePerSecond + rep.RawAfterPerSecond) / 2
	if math.Abs(rep.RawPerSecond-mean) > 1e-9*mean || math.Abs(rep.IngestVsRaw-rep.IngestPerSecond/mean) > 1e-9 {
		t.Errorf("raw %.3f/s, ratio %.4f: want the mean %.3f/s and ingest over it %.4f", rep.RawPerSecond, rep.IngestVsRaw, mean, rep.IngestPerSecond/mean)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*-before*"))
	if len(left) > 0 {
		t.Errorf("the first bare load's table was left: %v", left)
	}
	if _, err := os.Stat(filepath.Join(dir, "rawfts-real-300.db")); err != nil {
		t.Errorf("the bare table searched is missing: %v", err)
	}
}
