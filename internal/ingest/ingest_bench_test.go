package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"baotinh/extract"
	"baotinh/internal/store"
	"baotinh/internal/synth"
)

// BenchmarkIngest ingests synthetic articles into a fresh store; articles/s
// is reported beside MB/s.
func BenchmarkIngest(b *testing.B) {
	x, _ := extract.Default()
	const n = 2000
	texts := make([][]byte, n)
	total := 0
	for i := range texts {
		texts[i] = []byte(synth.Article(7, i))
		total += len(texts[i])
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		in := make(chan Input, 64)
		go func() {
			for i, t := range texts {
				u := fmt.Sprintf("file:///bench/%d.txt", i)
				in <- Input{Doc: store.Document{URL: u, CanonicalURL: u, ContentType: "text/plain", Raw: t}}
			}
			close(in)
		}()
		b.StartTimer()
		g := &Ingester{Store: st, Extractor: x}
		s, err := g.Run(context.Background(), in)
		if err != nil || s.New != n {
			b.Fatalf("%+v %v", s, err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
