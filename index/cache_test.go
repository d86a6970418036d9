package index_test

import (
	"context"
	"testing"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
	"baotinh/internal/store/storetest"
)

// TestCachedFollowsWrites: a query asked again is answered from memory
// until a write commits, by this process or another; a result changed by
// the caller does not change what the cache holds; the contract holds
// through the cache.
func TestCachedFollowsWrites(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			loc := b.New(t)
			s := seedStoreAt(t, loc)
			c := &index.Cached{Searcher: s.Index(), Generation: s.Generation, Size: 3}
			runContract(t, c)
			ctx := context.Background()
			search := func(text string) *index.Result {
				t.Helper()
				r, err := c.Search(ctx, index.Query{Text: text})
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			h0, m0 := c.Stats()
			first := search("dan van")
			first.Hits[0].Title = "changed by the caller"
			first.Facets["province"]["Hậu Giang"] = 99
			again := search("dan van")
			if h, m := c.Stats(); h-h0 != 1 || m-m0 != 1 {
				t.Errorf("hits %d, misses %d; want 1 and 1", h-h0, m-m0)
			}
			if again.Hits[0].Title == "changed by the caller" || again.Facets["province"]["Hậu Giang"] == 99 {
				t.Error("the caller's change reached the cache")
			}
			// another process writes an article with the words
			other, err := store.Open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			x, _ := extract.Default()
			text := "Tin mới\n\n14/10/2024 08:10\nCông tác dân vận ở xã biên giới.\n"
			a, err := x.Text(text, extract.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := other.Save(ctx, []store.Item{{Doc: store.Document{URL: "https://example.vn/moi", CanonicalURL: "https://example.vn/moi", ContentType: "text/plain", Raw: []byte(text)}, Article: a, Version: x.Version()}}, store.SaveOptions{}); err != nil {
				t.Fatal(err)
			}
			after := search("dan van")
			if after.Total != again.Total+1 {
				t.Errorf("after another process's write: total %d, before %d", after.Total, again.Total)
			}
			// the least recently used leave first (Size 3)
			for _, q := range []string{"mô hình", "kinh tế", "văn hóa", "dan van"} {
				search(q)
			}
			if h, _ := c.Stats(); h-h0 != 1 {
				t.Errorf("%d hits after four other queries on a cache of 3", h-h0)
			}
		})
	}
}
