package index_test

import (
	"context"
	"fmt"
	"testing"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
	"baotinh/internal/store/storetest"
)

// TestListingFacetsSampleTheNewestPublished: a listing past the facet
// window counts the facets of the articles published last, whatever order
// they were stored in: 600 from Hậu Giang published in 2024 are stored
// first, 600 from An Giang published in 2020 after them. On every backend
// the store has here (PostgreSQL with BAOTINH_TEST_POSTGRES).
func TestListingFacetsSampleTheNewestPublished(t *testing.T) {
	storetest.Each(t, testListingFacets)
}

func testListingFacets(t *testing.T, loc string) {
	ctx := context.Background()
	s, err := store.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var items []store.Item
	for i := range 1200 {
		prov, day := "Hậu Giang", fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)
		if i >= 600 {
			prov, day = "An Giang", fmt.Sprintf("2020-%02d-%02d", 1+i%12, 1+i%28)
		}
		pub, err := extract.ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		title := fmt.Sprintf("Bài %d về phong trào dân vận khéo", i)
		body := fmt.Sprintf("Nội dung số %d của bài, riêng của nó: %x.", i, i*7919)
		a := &extract.Article{Title: title, Text: title + "\n" + body, BodyStart: len(title) + 1, BodyEnd: len(title) + 1 + len(body), Published: pub, Province: prov, ProvinceNow: prov}
		raw := []byte(a.Text)
		items = append(items, store.Item{Doc: store.Document{URL: fmt.Sprintf("https://example.vn/%d", i), CanonicalURL: fmt.Sprintf("https://example.vn/%d", i), ContentType: "text/plain", Raw: raw}, Article: a, Version: "test"})
	}
	if _, err := s.Save(ctx, items, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Index().Search(ctx, index.Query{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if !r.TotalAtLeast || r.FacetsSampled != 1000 {
		t.Fatalf("total %d (at least: %v), facets sampled %d: want a bounded total and 1000 sampled", r.Total, r.TotalAtLeast, r.FacetsSampled)
	}
	if got := r.Facets["province"]; got["Hậu Giang"] != 600 || got["An Giang"] != 400 {
		t.Errorf("province facets %v, want Hậu Giang 600 and An Giang 400 (the 1000 published last)", got)
	}
	if len(r.Hits) == 0 || r.Hits[0].Province != "Hậu Giang" {
		t.Errorf("first hit %+v, want one published in 2024", r.Hits)
	}
}
