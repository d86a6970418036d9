package extract

import (
	"os"
	"path/filepath"
	"testing"
)

func loadSeeds(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("../seeds/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seeds: %v", err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// seedBench prepares a benchmark over the seed corpus: an extractor, the
// seeds, and their size counted per operation.
func seedBench(b *testing.B) (*Extractor, []string) {
	x, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	docs := loadSeeds(b)
	b.SetBytes(int64(totalLen(docs)))
	b.ReportAllocs()
	b.ResetTimer()
	return x, docs
}

func totalLen(docs []string) int {
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	return n
}

// BenchmarkExtract reports MB/s of plain text over the seed corpus.
func BenchmarkExtract(b *testing.B) {
	x, docs := seedBench(b)
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := x.Text(d, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractParallel extracts the seed corpus on every core at once:
// its MB/s divided by GOMAXPROCS is the throughput per core when all are
// busy, garbage collection included (run with -cpu 1,2).
func BenchmarkExtractParallel(b *testing.B) {
	x, docs := seedBench(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, d := range docs {
				if _, err := x.Text(d, Options{}); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
}

// BenchmarkExtractHTML reports MB/s of HTML, raw bytes to article with its
// figures: on the real saved pages of Vietnamese news sites in
// ../shared/pages (50–500 KB each, as real pages are; skipped where they are
// absent, as on a user's clone), and on the small hand-made layouts under
// testdata/html, where the fixed cost per page dominates.
func BenchmarkExtractHTML(b *testing.B) {
	x, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, set := range []struct{ name, glob string }{
		{"real-pages", filepath.Join("..", "..", "shared", "pages", "pages", "*.html")},
		{"fixtures", filepath.Join("testdata", "html", "*.html")},
	} {
		b.Run(set.name, func(b *testing.B) {
			files, _ := filepath.Glob(set.glob)
			if len(files) == 0 {
				b.Skip("no pages at " + set.glob)
			}
			var pages [][]byte
			total := 0
			for _, f := range files {
				raw, err := os.ReadFile(f)
				if err != nil {
					b.Fatal(err)
				}
				pages = append(pages, raw)
				total += len(raw)
			}
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					if _, err := x.Page(Page{Raw: p, HTML: true}, Options{}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkPasses times the whole-text passes every extraction makes over
// the seed corpus, one by one: where BenchmarkExtract's time goes.
func BenchmarkPasses(b *testing.B) {
	x, docs := seedBench(b)
	total := totalLen(docs)
	for i, d := range docs {
		docs[i] = Normalize(d)
	}
	passes := []struct {
		name string
		run  func(s string)
	}{
		{"normalize", func(s string) { Normalize(s) }},
		{"lower", func(s string) { Lower(s) }},
		{"fold", func(s string) { Fold(s) }},
		{"gazetteer", func(s string) { x.gaz.scan(s, 0, len(s)) }},
	}
	for _, p := range passes {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(total))
			for b.Loop() {
				for _, d := range docs {
					p.run(d)
				}
			}
		})
	}
}
