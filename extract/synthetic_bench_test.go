package extract_test

import (
	"path/filepath"
	"testing"

	"baotinh/extract"
	"baotinh/internal/synth"
)

// BenchmarkExtractSynthetic reports MB/s of plain text over 100 of the
// realistic synthetic articles `baotinh bench` ingests (recombined from
// the sentences of ../shared/corpus, read at run time; skipped where it is
// absent, as on a user's clone). They are denser in figures than the seeds:
// this is the extraction an ingest pays for.
func BenchmarkExtractSynthetic(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "*.jsonl"))
	if len(files) == 0 {
		b.Skip("../shared/corpus is not beside the checkout")
	}
	x, err := extract.Default()
	if err != nil {
		b.Fatal(err)
	}
	c, err := synth.LoadCorpus(x.Gazetteer(), files...)
	if err != nil {
		b.Fatal(err)
	}
	var docs []string
	size := 0
	for i := range 100 {
		d := c.Article(1, i)
		docs = append(docs, d)
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := x.Text(d, extract.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
