package synth

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"baotinh/extract"
)

// TestArticlesAreDeterministicAndExtractable: an article is a function of
// (seed, i); the extractor reads from each the province, the dateline's
// day and at least one count of models, so benchmarks built on them
// exercise the whole pipeline.
func TestArticlesAreDeterministicAndExtractable(t *testing.T) {
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2019, 1, 1, 0, 0, 0, 0, extract.Vietnam), time.Date(2026, 1, 1, 0, 0, 0, 0, extract.Vietnam)
	seen := map[string]bool{}
	for i := range 200 {
		text := Article(7, i)
		if Article(7, i) != text {
			t.Fatalf("article %d differs between two calls", i)
		}
		if seen[text] {
			t.Fatalf("article %d repeats an earlier one", i)
		}
		seen[text] = true
		a, err := x.Text(text, extract.Options{})
		if err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
		if !slices.Contains(provinces, a.Province) {
			t.Errorf("article %d: province %q, not one of the synthetic ones", i, a.Province)
		}
		if p := a.Published.Time; a.Published.IsZero() || p.Before(from) || !p.Before(to) {
			t.Errorf("article %d: published %v, want a day of 2019–2025", i, a.Published)
		}
		models := 0
		for _, f := range a.Figures {
			if f.Metric == "models" {
				models++
			}
		}
		if models == 0 {
			t.Errorf("article %d: no count of models among %d figures:\n%s", i, len(a.Figures), text)
		}
	}
	if Article(8, 0) == Article(7, 0) {
		t.Error("another seed gives the same article")
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := WriteDir(dir, 3, 5); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("%d files (%v), want 5", len(files), err)
	}
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || string(b) != Article(3, i) {
			t.Errorf("%s is not article %d (%v)", f, i, err)
		}
	}
}
