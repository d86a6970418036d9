package synth

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
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
		if !slices.ContainsFunc(provinces, func(p string) bool { return provinceOf(x, a, p) }) {
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

func loadTestCorpus(t *testing.T) *Corpus {
	t.Helper()
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "*.jsonl"))
	if len(files) == 0 {
		t.Skip("../shared/corpus is not beside the checkout")
	}
	c, err := LoadCorpus(x.Gazetteer(), files...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCorpusArticles: articles recombined from the real texts are
// deterministic, placed in the province their title names, dated, and
// carry counts of models the extractor reads.
func TestCorpusArticles(t *testing.T) {
	c := loadTestCorpus(t)
	if c.Sentences() < 500 {
		t.Fatalf("%d sentences from the corpus", c.Sentences())
	}
	x, _ := extract.Default()
	withModels := 0
	for i := range 100 {
		text := c.Article(5, i)
		if c.Article(5, i) != text {
			t.Fatalf("article %d differs between two calls", i)
		}
		a, err := x.Text(text, extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		title, _, _ := strings.Cut(text, ":")
		if !provinceOf(x, a, title) {
			t.Errorf("article %d: province %q, its title names %q", i, a.Province, title)
		}
		if a.Published.IsZero() {
			t.Errorf("article %d: no publication date", i)
		}
		for _, f := range a.Figures {
			if f.Metric == "models" {
				withModels++
				break
			}
		}
	}
	if withModels < 30 {
		t.Errorf("%d of 100 articles have a count of models", withModels)
	}
}

// TestQueryMix: the mix is distinct, repeatable, has every class, and its
// folded queries have no diacritics.
func TestQueryMix(t *testing.T) {
	c := loadTestCorpus(t)
	qs := c.Queries(1, 600)
	if len(qs) != 600 {
		t.Fatalf("%d queries, want 600", len(qs))
	}
	again := c.Queries(1, 600)
	classes := map[string]int{}
	keys := map[string]bool{}
	for i, q := range qs {
		k := Values(q.Q).Encode()
		if k != Values(again[i].Q).Encode() {
			t.Fatalf("query %d differs between two draws: %s, %s", i, k, Values(again[i].Q).Encode())
		}
		if keys[k] {
			t.Fatalf("query %d repeats: %s", i, k)
		}
		keys[k] = true
		classes[q.Class]++
		if q.Class == "folded" && extract.Fold(q.Q.Text) != q.Q.Text {
			t.Errorf("folded query %q has diacritics", q.Q.Text)
		}
	}
	for _, qc := range queryClasses {
		if classes[qc.name] < 20 {
			t.Errorf("class %s: %d queries", qc.name, classes[qc.name])
		}
	}
}

// provinceOf reports whether a is an article on the old unit want: it names
// it, or it was published after the merger and names the current unit
// want is part of without settling which old one (LABELS.md: province
// null, province_now the current unit).
func provinceOf(x *extract.Extractor, a *extract.Article, want string) bool {
	if a.Province == want {
		return true
	}
	p, ok := x.Gazetteer().Lookup(want)
	merger := time.Date(2025, 7, 1, 0, 0, 0, 0, extract.Vietnam)
	return ok && a.Province == "" && a.ProvinceNow == p.Now && !a.Published.Time.Before(merger)
}
