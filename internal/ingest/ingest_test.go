package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"baotinh/extract"
	"baotinh/internal/store"
	"baotinh/internal/store/storetest"
)

// corpusInputs is a corpus whose documents take very different times to
// extract (a few are long), with near-duplicate pairs far apart.
func corpusInputs(n int) []Input {
	var out []Input
	for i := range n {
		body := fmt.Sprintf("Năm 2023, huyện số %d có %d mô hình “Dân vận khéo”. ", i, 10+i)
		if i%7 == 0 {
			body += strings.Repeat(fmt.Sprintf("Các mô hình của đơn vị %d được triển khai rộng khắp ở cơ sở. ", i), 400)
		}
		if i%10 == 9 { // a near-duplicate of document i-9: the same text, one word more
			body = fmt.Sprintf("Năm 2023, huyện số %d có %d mô hình “Dân vận khéo”. ", i-9, 10+i-9) +
				strings.Repeat(fmt.Sprintf("Các mô hình của đơn vị %d được triển khai rộng khắp ở cơ sở. ", i-9), 40) + "Thêm."
		}
		if i%10 == 0 {
			body = fmt.Sprintf("Năm 2023, huyện số %d có %d mô hình “Dân vận khéo”. ", i, 10+i) +
				strings.Repeat(fmt.Sprintf("Các mô hình của đơn vị %d được triển khai rộng khắp ở cơ sở. ", i), 40)
		}
		raw := "Thứ Ba, ngày 24/09/2024 | 05:46\n" + body + "\n"
		u := fmt.Sprintf("https://example.vn/%03d.html", n-i) // URL order is not input order
		out = append(out, Input{Doc: store.Document{URL: u, CanonicalURL: u, ContentType: "text/plain", Raw: []byte(raw)}})
	}
	return out
}

func ingestAll(t *testing.T, st *store.Store, x *extract.Extractor, inputs []Input) Stats {
	t.Helper()
	ch := make(chan Input)
	go func() {
		defer close(ch)
		for _, in := range inputs {
			ch <- in
		}
	}()
	g := &Ingester{Store: st, Extractor: x, Workers: 4, Batch: 3, MaxDelay: 1, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	stats, err := g.Run(context.Background(), ch)
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

// links returns, by URL, each article's id rank and the URL of its original.
func links(t *testing.T, st *store.Store, n int) map[string]string {
	t.Helper()
	out := map[string]string{}
	urls := map[int64]string{}
	for id := int64(1); id <= int64(n); id++ {
		a, err := st.Article(context.Background(), id)
		if err != nil {
			t.Fatalf("article %d: %v", id, err)
		}
		urls[id] = a.URL
	}
	for id := int64(1); id <= int64(n); id++ {
		a, _ := st.Article(context.Background(), id)
		of := ""
		if a.DuplicateOf != nil {
			of = urls[*a.DuplicateOf]
		}
		out[a.URL] = fmt.Sprintf("id %d, duplicate of %q", id, of)
	}
	return out
}

// TestIngestOrderAndCounts: whichever worker finishes first, documents are
// stored in the order they came (ids follow it), so two ingests of one
// corpus give the same ids and near-duplicate links (issue 14.8); the
// figures the summary reports are those stored; a second ingest stores
// nothing and reports no figures.
func TestIngestOrderAndCounts(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { testIngestOrderAndCounts(t, b) })
	}
}

func testIngestOrderAndCounts(t *testing.T, b storetest.Backend) {
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	inputs := corpusInputs(n)
	var runs []map[string]string
	for run := range 2 { // each on a fresh store
		st, err := store.Open(context.Background(), b.New(t))
		if err != nil {
			t.Fatal(err)
		}
		stats := ingestAll(t, st, x, inputs)
		c, _ := st.Counts(context.Background())
		if stats.New != n || int(stats.Figures) != c.Figures || c.Figures != n {
			t.Errorf("run %d: new %d, figures reported %d, stored %d; want %d each", run, stats.New, stats.Figures, c.Figures, n)
		}
		l := links(t, st, n)
		for i, in := range inputs {
			if want := fmt.Sprintf("id %d,", i+1); !strings.HasPrefix(l[in.Doc.URL], want) {
				t.Fatalf("run %d: document %d of the input (%s) is %s", run, i, in.Doc.URL, l[in.Doc.URL])
			}
		}
		again := ingestAll(t, st, x, inputs)
		if again.New != 0 || again.Unchanged != n || again.Figures != 0 {
			t.Errorf("run %d, again: %+v, want everything unchanged and no figures", run, again)
		}
		runs = append(runs, l)
		st.Close()
	}
	dups := 0
	for u, l := range runs[0] {
		if runs[1][u] != l {
			t.Errorf("%s: %s, then %s", u, l, runs[1][u])
		}
		if !strings.HasSuffix(l, `""`) {
			dups++
		}
	}
	if dups != n/10 {
		t.Errorf("%d near-duplicate links, want %d", dups, n/10)
	}
}

// originals maps each stored article's URL to its original's URL.
func originals(t *testing.T, st *store.Store, n int) map[string]string {
	t.Helper()
	out := map[string]string{}
	for id, l := range links(t, st, n) {
		out[id] = l[strings.Index(l, "duplicate of"):]
	}
	return out
}

// TestConcurrentIngestsLinkAlike: two processes ingesting one corpus at the
// same time store each document once and link the near-duplicates as one
// ingest alone does, and what they report together is what was stored
// (issue 14.8).
func TestConcurrentIngestsLinkAlike(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { testConcurrentIngestsLinkAlike(t, b) })
	}
}

func testConcurrentIngestsLinkAlike(t *testing.T, b storetest.Backend) {
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	inputs := corpusInputs(n)
	alone, err := store.Open(context.Background(), b.New(t))
	if err != nil {
		t.Fatal(err)
	}
	defer alone.Close()
	ingestAll(t, alone, x, inputs)
	want := originals(t, alone, n)

	loc := b.New(t)
	var stores [2]*store.Store
	for i := range stores {
		if stores[i], err = store.Open(context.Background(), loc); err != nil {
			t.Fatal(err)
		}
		defer stores[i].Close()
	}
	var wg sync.WaitGroup
	var stats [2]Stats
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := inputs
			if i == 1 { // the other from the end
				in = slices.Clone(inputs)
				slices.Reverse(in)
			}
			stats[i] = ingestAll(t, stores[i], x, in)
		}()
	}
	wg.Wait()
	c, err := stores[0].Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := stats[0].New + stats[1].New; got != n || c.Articles != n {
		t.Errorf("new %d + %d, %d articles stored; want %d", stats[0].New, stats[1].New, c.Articles, n)
	}
	if got := stats[0].Figures + stats[1].Figures; int(got) != c.Figures {
		t.Errorf("figures reported %d, stored %d", got, c.Figures)
	}
	got := originals(t, stores[0], n)
	for u, w := range want {
		if got[u] != w {
			t.Errorf("%s: %s, alone %s", u, got[u], w)
		}
	}
}

// TestIngestResumes: an ingest cancelled after its first commit keeps what
// it committed; run again on the whole corpus it stores the rest, each
// document once, and the two runs' counts add up to the corpus.
func TestIngestResumes(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { testIngestResumes(t, b) })
	}
}

func testIngestResumes(t *testing.T, b storetest.Backend) {
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	inputs := corpusInputs(n)
	st, err := store.Open(context.Background(), b.New(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan Input)
	go func() {
		defer close(ch)
		for _, in := range inputs {
			select {
			case ch <- in:
			case <-ctx.Done():
				return
			}
		}
	}()
	g := &Ingester{Store: st, Extractor: x, Workers: 2, Batch: 3, MaxDelay: 1, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnSaved: func(Stats) { cancel() }}
	first, err := g.Run(ctx, ch)
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if first.New == 0 || first.New >= n || c.Articles != int(first.New) {
		t.Fatalf("cancelled run: %d new, %d stored; want some but not all of %d, all reported", first.New, c.Articles, n)
	}
	second := ingestAll(t, st, x, inputs)
	if first.New+second.New != n || second.Unchanged != first.New {
		t.Errorf("runs: %+v then %+v; want %d new in all, the first run's unchanged", first, second, n)
	}
	if c, _ := st.Counts(context.Background()); c.Articles != n || c.Documents != n || c.Figures != n {
		t.Errorf("after resuming: %+v, want %d of each", c, n)
	}
}
