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
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	return x, docs
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

// BenchmarkExtractHTML reports MB/s of HTML over the fixture pages.
func BenchmarkExtractHTML(b *testing.B) {
	x, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/html/*.html")
	if len(files) == 0 {
		b.Skip("no HTML fixtures")
	}
	var pages []string
	total := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		p, err := DecodeHTML(raw, "")
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
		total += len(raw)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range pages {
			if _, err := x.HTML(p, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractRealPages extracts the real saved pages of Vietnamese news
// sites in ../shared/pages (50–500 KB each, as real pages are); it skips
// where they are absent, as on a user's clone.
func BenchmarkExtractRealPages(b *testing.B) {
	x, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "pages", "pages", "*.html"))
	if len(files) == 0 {
		b.Skip("no real pages in ../shared/pages")
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
	for b.Loop() {
		for _, p := range pages {
			if _, err := x.Page(Page{Raw: p, HTML: true}, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
