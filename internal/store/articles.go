package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"baotinh/extract"
)

// ArticleView is an article with everything a reader needs.
type ArticleView struct {
	ID          int64             `json:"id"`
	URL         string            `json:"url"`
	Source      string            `json:"source"`
	Title       string            `json:"title"`
	Published   string            `json:"published"`
	Province    string            `json:"province"`
	ProvinceNow string            `json:"province_now"`
	Body        string            `json:"body"`
	Version     string            `json:"extractor_version"`
	DuplicateOf *int64            `json:"duplicate_of"`
	Duplicates  []int64           `json:"duplicates"`
	Figures     []extract.Figure  `json:"figures"`
	Warnings    []extract.Warning `json:"warnings"`
}

// Article returns one article, ErrNotFound when there is none.
func (s *Store) Article(ctx context.Context, id int64) (*ArticleView, error) {
	var a ArticleView
	var dup sql.NullInt64
	err := s.row(ctx, `SELECT id, url, source_id, title, published, province, province_now, body, extractor_version, duplicate_of FROM articles WHERE id = ?`, id).
		Scan(&a.ID, &a.URL, &a.Source, &a.Title, &a.Published, &a.Province, &a.ProvinceNow, &a.Body, &a.Version, &dup)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, wrapErr(s.path, fmt.Errorf("store: article %d: %w", id, err))
	}
	if dup.Valid {
		a.DuplicateOf = &dup.Int64
	}
	if a.Figures, err = s.articleFigures(ctx, id); err != nil {
		return nil, err
	}
	if a.Figures == nil {
		a.Figures = []extract.Figure{}
	}
	a.Warnings = []extract.Warning{}
	rows, err := s.query(ctx, `SELECT kind, message, total, sum, start, end_ FROM warnings WHERE article_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var w extract.Warning
		rows.Scan(&w.Kind, &w.Message, &w.Total, &w.Sum, &w.Start, &w.End)
		a.Warnings = append(a.Warnings, w)
	}
	rows.Close()
	a.Duplicates = []int64{}
	rows, err = s.query(ctx, `SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var d int64
		rows.Scan(&d)
		a.Duplicates = append(a.Duplicates, d)
	}
	rows.Close()
	return &a, nil
}

// CoveragePoint is a count of articles in one period for one group.
type CoveragePoint struct {
	Query  string  `json:"query,omitempty"` // when several queries are compared
	Group  string  `json:"group"`
	Period string  `json:"period"`
	Count  int     `json:"count"`
	Share  float64 `json:"share"` // of all stored articles of the period
}

// CoverageQuery says what Coverage counts: the articles matching Match
// (a subquery of ids; all when "") and Filter (a condition on article_meta
// aliased a; none when ""), per Interval (month, week, year) and By
// (province, province_now, source; all: one group, named ""). From and To, when set, bound the
// periods listed; else the first and last with articles do.
type CoverageQuery struct {
	Interval, By string
	Match        string
	MatchArgs    []any
	Filter       string
	FilterArgs   []any
	From, To     time.Time
	// Shares computes each point's share of all articles of its period:
	// one more count over every stored article, which a chart of counts
	// does not need.
	Shares bool
}

// Coverage counts articles per period and group, every period of the range
// listed for every group (zero when none), each with its share of all the
// articles stored for the period (attention normalised as Media Cloud
// does: a rising count in a growing store is not rising attention).
func (s *Store) Coverage(ctx context.Context, q CoverageQuery) ([]CoveragePoint, error) {
	period := s.eng.period(q.Interval, "a.published_at")
	col := map[string]string{"province": "a.province", "province_now": "a.province_now", "source": "a.source_id", "all": "''"}[q.By]
	if period == "" || col == "" {
		return nil, fmt.Errorf("coverage: interval %q by %q", q.Interval, q.By)
	}
	cond, args := "a.published_at IS NOT NULL", []any{}
	if q.Match != "" {
		cond += ` AND a.id IN (` + q.Match + `)`
		args = append(args, q.MatchArgs...)
	}
	if q.Filter != "" {
		cond += ` AND ` + q.Filter
		args = append(args, q.FilterArgs...)
	}
	counts := map[[2]string]int{}
	var groups []string
	seenGroup := map[string]bool{}
	first, last := "", ""
	err := s.scanCoverage(ctx, `SELECT `+col+`, `+period+`, count(*) FROM article_meta a WHERE `+cond+` GROUP BY 1, 2`, args, func(g, p string, n int) {
		counts[[2]string{g, p}] = n
		if !seenGroup[g] {
			seenGroup[g] = true
			groups = append(groups, g)
		}
		if first == "" || p < first {
			first = p
		}
		if p > last {
			last = p
		}
	})
	if err != nil {
		return nil, err
	}
	all := map[string]int{}
	if q.Shares {
		if err := s.scanCoverage(ctx, `SELECT '', `+period+`, count(*) FROM article_meta a WHERE a.published_at IS NOT NULL GROUP BY 2`, nil, func(_, p string, n int) { all[p] = n }); err != nil {
			return nil, err
		}
	}
	if !q.From.IsZero() {
		first = periodOf(q.Interval, q.From)
	}
	if !q.To.IsZero() {
		last = periodOf(q.Interval, q.To)
	}
	sort.Strings(groups)
	out := []CoveragePoint{}
	if first == "" || last == "" {
		return out, nil
	}
	for _, p := range periods(q.Interval, first, last) {
		for _, g := range groups {
			pt := CoveragePoint{Group: g, Period: p, Count: counts[[2]string{g, p}]}
			if all[p] > 0 {
				pt.Share = float64(pt.Count) / float64(all[p])
			}
			out = append(out, pt)
		}
	}
	return out, nil
}

func (s *Store) scanCoverage(ctx context.Context, q string, args []any, f func(group, period string, n int)) error {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return wrapErr(s.path, fmt.Errorf("store: coverage: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		var g, p string
		var n int
		if err := rows.Scan(&g, &p, &n); err != nil {
			return err
		}
		f(g, p, n)
	}
	return rows.Err()
}

// maxPeriods bounds the periods one coverage lists (20 years of weeks).
const maxPeriods = 1100

// periodOf names the period (2024-07, 2024-W30, 2024) holding t in Vietnam.
func periodOf(interval string, t time.Time) string {
	t = t.In(extract.Vietnam)
	switch interval {
	case "week":
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case "year":
		return t.Format("2006")
	}
	return t.Format("2006-01")
}

// periods lists every period from first to last, both included.
func periods(interval, first, last string) []string {
	var start time.Time
	var err error
	switch interval {
	case "week":
		var y, w int
		if _, err = fmt.Sscanf(first, "%d-W%d", &y, &w); err == nil {
			// the Monday of ISO week w: 4 January is always in week 1
			jan4 := time.Date(y, 1, 4, 12, 0, 0, 0, extract.Vietnam)
			start = jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+7*(w-1))
		}
	case "year":
		start, err = time.ParseInLocation("2006", first, extract.Vietnam)
	default:
		start, err = time.ParseInLocation("2006-01", first, extract.Vietnam)
	}
	if err != nil || first > last {
		return nil
	}
	var out []string
	for t := start; len(out) < maxPeriods; {
		p := periodOf(interval, t)
		if p > last {
			break
		}
		out = append(out, p)
		switch interval {
		case "week":
			t = t.AddDate(0, 0, 7)
		case "year":
			t = t.AddDate(1, 0, 0)
		default:
			t = t.AddDate(0, 1, 0)
		}
	}
	return out
}

// ProvinceSummary is what the store knows of one unit.
type ProvinceSummary struct {
	Unit     string               `json:"unit"`
	Level    string               `json:"level"` // old or current
	Articles int                  `json:"articles"`
	Newest   string               `json:"newest"`
	Latest   map[string]FigureRow `json:"latest"` // by field: the newest plain count
}

// Provinces summarises every unit with articles, old and current.
func (s *Store) Provinces(ctx context.Context) ([]ProvinceSummary, error) {
	var out []ProvinceSummary
	for _, level := range []string{"old", "current"} {
		col := "province"
		if level == "current" {
			col = "province_now"
		}
		rows, err := s.query(ctx, `SELECT `+col+`, count(*), coalesce(max(published_at), 0) FROM article_meta WHERE `+col+` != '' GROUP BY 1 ORDER BY 1`)
		if err != nil {
			return nil, wrapErr(s.path, err)
		}
		var units []ProvinceSummary
		for rows.Next() {
			var p ProvinceSummary
			var newest int64
			rows.Scan(&p.Unit, &p.Articles, &newest)
			p.Level = level
			if newest > 0 {
				p.Newest = time.Unix(newest, 0).In(extract.Vietnam).Format("2006-01-02")
			}
			units = append(units, p)
		}
		rows.Close()
		for i := range units {
			q := FigureQuery{Latest: true, Metric: "models", Scope: "province", LatestBy: "province"}
			empty := ""
			q.Qualifier = &empty
			if level == "old" {
				q.Provinces = []string{units[i].Unit}
			} else {
				q.ProvinceNow = units[i].Unit
				q.LatestBy = "province_now"
			}
			figs, err := s.Figures(ctx, q)
			if err != nil {
				return nil, err
			}
			units[i].Latest = map[string]FigureRow{}
			for _, f := range figs {
				cur, ok := units[i].Latest[f.Field]
				if !ok || newer(f, cur) {
					units[i].Latest[f.Field] = f
				}
			}
		}
		out = append(out, units...)
	}
	return out, nil
}

// newer reports whether a holds a later count than b (year, as_of, publication).
func newer(a, b FigureRow) bool {
	ay, by := 0, 0
	if a.Year != nil {
		ay = *a.Year
	}
	if b.Year != nil {
		by = *b.Year
	}
	if ay != by {
		return ay > by
	}
	if a.AsOf != b.AsOf {
		return a.AsOf > b.AsOf
	}
	if a.Published != b.Published {
		return a.Published > b.Published
	}
	return strings.Compare(a.Scope, b.Scope) < 0 && a.Scope == "province"
}

// WarningRow is a consistency warning with its article.
type WarningRow struct {
	ArticleID int64  `json:"article_id"`
	Title     string `json:"title"`
	Province  string `json:"province"`
	Kind      string `json:"kind"`
	Message   string `json:"message"`
	Total     int64  `json:"total,omitempty"`
	Sum       int64  `json:"sum,omitempty"`
}

// Warnings lists the warnings of non-duplicate articles, newest first.
func (s *Store) Warnings(ctx context.Context, limit int) ([]WarningRow, error) {
	rows, err := s.query(ctx, `SELECT a.id, a.title, a.province, w.kind, w.message, w.total, w.sum FROM warnings w JOIN articles a ON a.id = w.article_id
		WHERE a.duplicate_of IS NULL ORDER BY coalesce(a.published_at, 0) DESC, w.id LIMIT ?`, limit)
	if err != nil {
		return nil, wrapErr(s.path, err)
	}
	defer rows.Close()
	var out []WarningRow
	for rows.Next() {
		var w WarningRow
		if err := rows.Scan(&w.ArticleID, &w.Title, &w.Province, &w.Kind, &w.Message, &w.Total, &w.Sum); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
