package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"baotinh/extract"
	"baotinh/internal/store/storetest"
)

// linkCorpus is two groups of near-identical articles and one article of
// its own, each with its publication day. In each group the earliest
// published comes neither first by URL nor first in the list.
func linkCorpus(t *testing.T) (items []Item, group map[string]string, want map[string]string) {
	t.Helper()
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	a, b := seed(t, "003_5b4ae347205593fe.txt"), seed(t, "000_24419c784506a3c8.txt")
	docs := []struct{ url, day, text, group string }{
		{"https://a.vn/1", "2024-03-02", a, "a"},
		{"https://b.vn/1", "2024-03-01", strings.Replace(a, "Thời gian qua,", "Thời gian vừa qua,", 1), "a"},
		{"https://c.vn/1", "2024-03-05", strings.Replace(a, "Thời gian qua,", "Trong thời gian qua,", 1), "a"},
		{"https://d.vn/1", "", strings.Replace(a, "Thời gian qua,", "Thời gian gần đây,", 1), "a"},
		{"https://a.vn/2", "2024-05-01", b, "b"},
		{"https://c.vn/2", "2024-05-01", b + "\nTin, ảnh: Minh Anh\n", "b"},
		{"https://b.vn/3", "2024-01-01", seed(t, "001_3a29fb2958b006ef.txt"), "c"},
	}
	group, want = map[string]string{}, map[string]string{}
	for _, d := range docs {
		it := item(t, x, d.url, d.text)
		it.Article.Published = extract.Date{}
		if d.day != "" {
			if it.Article.Published, err = extract.ParseDate(d.day); err != nil {
				t.Fatal(err)
			}
		}
		items = append(items, it)
		group[d.url] = d.group
	}
	// the definition: the first of the group by day (undated last), then URL
	want = map[string]string{
		"https://a.vn/1": "https://b.vn/1", "https://b.vn/1": "", "https://c.vn/1": "https://b.vn/1", "https://d.vn/1": "https://b.vn/1",
		"https://a.vn/2": "", "https://c.vn/2": "https://a.vn/2",
		"https://b.vn/3": "",
	}
	// the groups are what SimHash sees
	for i := range items {
		for j := range items {
			hi, hj := Prepare(items[i].Article).Simhash, Prepare(items[j].Article).Simhash
			if same := group[items[i].Doc.URL] == group[items[j].Doc.URL]; near(hi, hj) != same {
				t.Fatalf("%s and %s: near %v, same group %v", items[i].Doc.URL, items[j].Doc.URL, near(hi, hj), same)
			}
		}
	}
	return items, group, want
}

// storedLinks maps each stored article's URL to its original's ("" for none).
func storedLinks(t *testing.T, s *Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := s.db.QueryContext(ctx, `SELECT a.url, coalesce(o.url, '') FROM articles a LEFT JOIN articles o ON o.id = a.duplicate_of`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var u, of string
		if err := rows.Scan(&u, &of); err != nil {
			t.Fatal(err)
		}
		out[u] = of
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func sameLinks(t *testing.T, how string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d articles stored, want %d", how, len(got), len(want))
	}
	for u, w := range want {
		if g, ok := got[u]; !ok || g != w {
			t.Errorf("%s: %s is a near-duplicate of %q, want %q", how, u, g, w)
		}
	}
}

// TestNearDuplicateLinksStable: an article's original is the first of its
// near-identical articles by publication day and URL, whatever the order,
// batching or concurrency of the saves that stored them, and it stays so
// when they are extracted again in another order (issue 14.8).
func TestNearDuplicateLinksStable(t *testing.T) { storetest.Each(t, testNearDuplicateLinksStable) }

func testNearDuplicateLinksStable(t *testing.T, loc string) {
	ctx := context.Background()
	items, _, want := linkCorpus(t)
	orders := map[string][]int{"as listed": {0, 1, 2, 3, 4, 5, 6}, "reversed": {6, 5, 4, 3, 2, 1, 0}}
	rng := rand.New(rand.NewPCG(14, 8))
	for r := range 3 {
		orders[fmt.Sprintf("shuffled %d", r)] = rng.Perm(len(items))
	}
	for name, order := range orders {
		for _, batch := range []int{1, 3, len(items)} {
			how := fmt.Sprintf("%s, batches of %d", name, batch)
			t.Run(how, func(t *testing.T) {
				s, _ := openAt(t, freshLike(t, loc))
				for i := 0; i < len(order); i += batch {
					var b []Item
					for _, k := range order[i:min(i+batch, len(order))] {
						b = append(b, items[k])
					}
					if _, err := s.Save(ctx, b, SaveOptions{}); err != nil {
						t.Fatal(err)
					}
				}
				sameLinks(t, how, storedLinks(t, s), want)
			})
		}
	}
	t.Run("two writers at once", func(t *testing.T) {
		loc := freshLike(t, loc)
		s1, _ := openAt(t, loc)
		s2, _ := openAt(t, loc)
		for round := range 5 {
			var wg sync.WaitGroup
			errs := make(chan error, len(items))
			for k, it := range rng.Perm(len(items)) {
				s := s1
				if k%2 == 1 {
					s = s2
				}
				wg.Add(1)
				go func(s *Store, it Item) {
					defer wg.Done()
					if _, err := s.Save(ctx, []Item{it}, SaveOptions{}); err != nil {
						errs <- err
					}
				}(s, items[it])
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("round %d: %v", round, err)
			}
			sameLinks(t, fmt.Sprintf("round %d", round), storedLinks(t, s1), want)
			// the next round starts again from nothing
			if _, err := s1.db.ExecContext(ctx, `DELETE FROM articles`); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{`DELETE FROM simhash_bands`, `DELETE FROM documents`} {
				if _, err := s1.db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	t.Run("extracted again in another order", func(t *testing.T) {
		s, _ := openAt(t, freshLike(t, loc))
		if _, err := s.Save(ctx, items, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		docs, err := s.Documents(ctx, 0, 100, DocFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byURL := map[string]Item{}
		for _, it := range items {
			byURL[it.Doc.URL] = it
		}
		for _, half := range [][2]int{{0, 3}, {3, len(docs)}, {0, len(docs)}} {
			var reps []Replacement
			for i := half[1] - 1; i >= half[0]; i-- {
				reps = append(reps, Replacement{DocID: docs[i].ID, Article: byURL[docs[i].URL].Article, Version: "again"})
			}
			if err := s.Replace(ctx, reps, "", "", SaveOptions{}); err != nil {
				t.Fatal(err)
			}
			sameLinks(t, fmt.Sprintf("replaced %v", half), storedLinks(t, s), want)
		}
		// an original that stops being near its group hands the group on
		changed := byURL["https://b.vn/1"]
		other, err := extract.Default()
		if err != nil {
			t.Fatal(err)
		}
		changed = item(t, other, changed.Doc.URL, seed(t, "004_8303fe5386ef60ea.txt"))
		var id int64
		for _, d := range docs {
			if d.URL == "https://b.vn/1" {
				id = d.ID
			}
		}
		if err := s.Replace(ctx, []Replacement{{DocID: id, Article: changed.Article, Version: "again"}}, "", "", SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		w := map[string]string{}
		for u, of := range want {
			w[u] = of
		}
		w["https://b.vn/1"], w["https://a.vn/1"], w["https://c.vn/1"], w["https://d.vn/1"] = "", "", "https://a.vn/1", "https://a.vn/1"
		sameLinks(t, "original changed", storedLinks(t, s), w)
	})
}

// freshLike returns a new empty store location of loc's kind.
func freshLike(t *testing.T, loc string) string {
	t.Helper()
	if strings.HasPrefix(loc, "postgres") {
		return storetest.Postgres(t)
	}
	return storetest.SQLite(t)
}
