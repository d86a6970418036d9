package store

import (
	"context"
	"slices"
	"sort"
	"strconv"
)

// Fact is one figure as the press states it, however many articles
// restate it: a province-wide count of one unit, metric, field and
// qualifier for one period, with its value and the articles that state it.
// Conflict says other articles state another value for the same unit,
// metric, field, qualifier and period (ConflictingValues).
type Fact struct {
	Unit              string   `json:"unit"`
	Metric            string   `json:"metric"`
	Field             string   `json:"field"`
	Qualifier         string   `json:"qualifier"`
	Period            string   `json:"period"` // as of (2024-06), else the year, else the publication month
	Value             int64    `json:"value"`
	Approx            string   `json:"approx"`
	Articles          []int64  `json:"articles"`
	Sources           []string `json:"sources"`
	FirstPublished    string   `json:"first_published"`
	Conflict          bool     `json:"conflict"`
	ConflictingValues []int64  `json:"conflicting_values,omitempty"`
}

// SeriesQuery says whose facts FigureSeries returns: the province-wide
// figures of q (its provinces, field, qualifier, metric, dates), by old
// unit, or by current unit when Now is set.
type SeriesQuery struct {
	FigureQuery
	Now bool
}

// FigureSeries returns the facts of q by unit and period, oldest first:
// figures restated by several articles (near-duplicates included) are one
// fact listing them all.
func (s *Store) FigureSeries(ctx context.Context, q SeriesQuery) ([]Fact, error) {
	fq := q.FigureQuery
	fq.Scope, fq.WithDuplicates, fq.Latest, fq.Limit = "province", true, false, 0
	rows, err := s.Figures(ctx, fq)
	if err != nil {
		return nil, err
	}
	type key struct {
		unit, metric, field, qualifier, period string
	}
	type factKey struct {
		key
		value int64
	}
	facts := map[factKey]*Fact{}
	values := map[key][]int64{}
	for _, r := range rows {
		unit := r.Province
		if q.Now {
			unit = r.ProvinceNow
		}
		k := key{unit, r.Metric, r.Field, r.Qualifier, factPeriod(r)}
		fk := factKey{k, r.Value}
		f := facts[fk]
		if f == nil {
			f = &Fact{Unit: unit, Metric: r.Metric, Field: r.Field, Qualifier: r.Qualifier, Period: k.period, Value: r.Value, Approx: r.Approx, FirstPublished: r.Published}
			facts[fk] = f
			values[k] = append(values[k], r.Value)
		}
		if !slices.Contains(f.Articles, r.ArticleID) {
			f.Articles = append(f.Articles, r.ArticleID)
		}
		if r.Source != "" && !slices.Contains(f.Sources, r.Source) {
			f.Sources = append(f.Sources, r.Source)
		}
		if r.Published != "" && (f.FirstPublished == "" || r.Published < f.FirstPublished) {
			f.FirstPublished = r.Published
		}
	}
	out := make([]Fact, 0, len(facts))
	for fk, f := range facts {
		if vs := values[fk.key]; len(vs) > 1 {
			f.Conflict = true
			for _, v := range vs {
				if v != f.Value {
					f.ConflictingValues = append(f.ConflictingValues, v)
				}
			}
			slices.Sort(f.ConflictingValues)
		}
		slices.Sort(f.Articles)
		slices.Sort(f.Sources)
		if f.Sources == nil {
			f.Sources = []string{}
		}
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		for _, c := range [][2]string{{a.Unit, b.Unit}, {a.Metric, b.Metric}, {a.Field, b.Field}, {a.Qualifier, b.Qualifier}, {a.Period, b.Period}} {
			if c[0] != c[1] {
				return c[0] < c[1]
			}
		}
		return a.Value < b.Value
	})
	return out, nil
}

// factPeriod is the period a figure holds for: its as-of date, else its
// year, else the month it was published.
func factPeriod(r FigureRow) string {
	switch {
	case r.AsOf != "":
		return r.AsOf
	case r.Year != nil:
		return strconv.Itoa(*r.Year)
	case len(r.Published) >= 7:
		return r.Published[:7]
	}
	return r.Published
}
