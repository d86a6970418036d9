package synth

import (
	"fmt"
	"math/rand"
	"net/url"
	"strings"
	"time"

	"baotinh/index"
)

// Query is one query of a mix, with the class it was drawn as.
type Query struct {
	Class string
	Q     index.Query
}

// Classes of a query mix, in the proportions Queries draws them.
var queryClasses = []struct {
	name   string
	weight int
}{
	{"word", 30}, {"two words", 20}, {"phrase", 10}, {"folded", 20}, {"filtered", 12}, {"listing", 8},
}

// fields are the fields a filter names.
var fields = []string{"economy", "culture_society", "defense_security", "political_system"}

// Queries returns n distinct queries drawn from the corpus with seed:
// words by their frequency in it (so Zipf's), two-word queries and quoted
// phrases of adjacent words, the same folded (no diacritics, đ as d),
// words with a province, date or field filter, and filter-only listings.
func (c *Corpus) Queries(seed int64, n int) []Query {
	r := rand.New(rand.NewSource(seed))
	total := 0
	for _, w := range c.words {
		total += w.n
	}
	word := func() wordCount { // by frequency
		k := r.Intn(total)
		for _, w := range c.words {
			if k < w.n {
				return w
			}
			k -= w.n
		}
		return c.words[0]
	}
	weights := 0
	for _, qc := range queryClasses {
		weights += qc.weight
	}
	seen := map[string]bool{}
	var out []Query
	for tries := 0; len(out) < n && tries < 100*n; tries++ {
		k := r.Intn(weights)
		class := queryClasses[0].name
		for _, qc := range queryClasses {
			if k < qc.weight {
				class = qc.name
				break
			}
			k -= qc.weight
		}
		var q index.Query
		switch class {
		case "word":
			q.Text = word().word
		case "two words":
			q.Text = word().word + " " + word().word
		case "phrase":
			q.Text = `"` + c.phrases[r.Intn(len(c.phrases))] + `"`
		case "folded":
			if r.Intn(2) == 0 {
				q.Text = word().folded + " " + word().folded
			} else {
				q.Text = word().folded
			}
		case "filtered", "listing":
			if class == "filtered" {
				q.Text = word().word
			}
			switch r.Intn(3) {
			case 0:
				q.Provinces = []string{c.provinces[r.Intn(len(c.provinces))].Name}
			case 1:
				from := time.Date(2019+r.Intn(7), time.Month(1+r.Intn(12)), 1, 0, 0, 0, 0, time.UTC)
				q.From, q.To = from, from.AddDate(0, 3+r.Intn(12), -1)
			default:
				q.Field = fields[r.Intn(len(fields))]
			}
		}
		key := Values(q).Encode()
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, Query{Class: class, Q: q})
	}
	return out
}

// Values is q as /api/search's parameters.
func Values(q index.Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	if len(q.Provinces) > 0 {
		v.Set("province", strings.Join(q.Provinces, ","))
	}
	if q.ProvinceNow != "" {
		v.Set("province", q.ProvinceNow)
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.Format("2006-01-02"))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format("2006-01-02"))
	}
	if q.Field != "" {
		v.Set("field", q.Field)
	}
	if q.Offset > 0 {
		v.Set("page", fmt.Sprint(q.Offset/max(q.Limit, 20)+1))
	}
	return v
}

// Zipf draws indexes 0..n-1 of a query mix with Zipf's law (s = 1.1): a
// few queries are asked often, most rarely, as users ask them.
func Zipf(seed int64, n int) func() int {
	z := rand.NewZipf(rand.New(rand.NewSource(seed)), 1.1, 1, uint64(n-1))
	return func() int { return int(z.Uint64()) }
}
