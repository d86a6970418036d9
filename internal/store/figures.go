package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// FigureRow is a figure with its article, as dashboards read it.
type FigureRow struct {
	ArticleID   int64  `json:"article_id"`
	URL         string `json:"url"`
	Title       string `json:"title"`
	Published   string `json:"published"`
	Province    string `json:"province"`
	ProvinceNow string `json:"province_now"`
	Source      string `json:"source"` // source id; not in the CSV contract
	Metric      string `json:"metric"`
	Field       string `json:"field"`
	Value       int64  `json:"value"`
	Approx      string `json:"approx"`
	Qualifier   string `json:"qualifier"`
	Scope       string `json:"scope"`
	Year        *int   `json:"year"`
	Period      string `json:"period"`
	AsOf        string `json:"as_of"`
	Evidence    string `json:"evidence"`
}

// figureHeader is the CSV header of figures, in column order.
var figureHeader = []string{"article_id", "url", "title", "published", "province", "province_now", "metric", "field", "value", "approx", "qualifier", "scope", "year", "period", "as_of", "evidence"}

// FigureQuery filters figures.
type FigureQuery struct {
	Provinces      []string
	ProvinceNow    string
	Source         string // source id
	Metric         string
	Field          string
	Qualifier      *string // nil: any; "" plain counts only
	Scope          string
	From, To       time.Time
	Latest         bool   // the newest value per province × metric × field × qualifier × scope
	LatestBy       string // "province" (default) or "province_now": the unit Latest partitions by
	WithDuplicates bool   // include near-duplicate articles
	ArticleID      int64
	Limit          int
}

// Figures returns the figures matching q, newest first.
func (s *Store) Figures(ctx context.Context, q FigureQuery) ([]FigureRow, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if len(q.Provinces) > 0 {
		ph := "?" + strings.Repeat(",?", len(q.Provinces)-1)
		var a []any
		for _, p := range q.Provinces {
			a = append(a, p)
		}
		add("a.province IN ("+ph+")", a...)
	}
	if q.ProvinceNow != "" {
		add("a.province_now = ?", q.ProvinceNow)
	}
	if q.Source != "" {
		add("a.source_id = ?", q.Source)
	}
	if q.Metric != "" {
		add("f.metric = ?", q.Metric)
	}
	if q.Field != "" {
		add("f.field = ?", q.Field)
	}
	if q.Qualifier != nil {
		add("f.qualifier = ?", *q.Qualifier)
	}
	if q.Scope != "" {
		add("f.scope = ?", q.Scope)
	}
	if !q.From.IsZero() {
		add("a.published_at >= ?", q.From.Unix())
	}
	if !q.To.IsZero() {
		add("a.published_at <= ?", q.To.Unix())
	}
	if !q.WithDuplicates {
		add("a.duplicate_of IS NULL")
	}
	if q.ArticleID != 0 {
		add("a.id = ?", q.ArticleID)
	}
	cond := "TRUE"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	order := "coalesce(f.year, 0) DESC, f.as_of DESC, coalesce(a.published_at, 0) DESC, f.id"
	if q.ArticleID != 0 {
		order = "f.id"
	}
	sel := `SELECT a.id, a.url, a.title, a.published, a.province, a.province_now, a.source_id, f.metric, f.field, f.value, f.approx, f.qualifier, f.scope, f.year, f.period, f.as_of, ` + s.eng.evidence() + `, f.id`
	query := sel + ` FROM figures f JOIN articles a ON a.id = f.article_id WHERE ` + cond
	if q.Latest {
		unit := "a.province"
		if q.LatestBy == "province_now" {
			unit = "a.province_now"
		}
		// the window picks each group's newest figure by its id alone: only
		// the rows picked read their sentence back from the body. An
		// article of no known unit (a page on many provinces, a text after
		// the merger that does not settle its old unit) is the latest of
		// no unit.
		query = sel + ` FROM (SELECT f.id AS fid, ROW_NUMBER() OVER (PARTITION BY ` + unit + `, f.metric, f.field, f.qualifier, f.scope ORDER BY ` + order + `) AS rn
			FROM figures f JOIN articles a ON a.id = f.article_id WHERE ` + cond + ` AND ` + unit + ` != '') AS latest JOIN figures f ON f.id = latest.fid JOIN articles a ON a.id = f.article_id
			WHERE latest.rn = 1`
		order = "a.province, f.metric, f.field, f.qualifier, f.scope, f.id"
	}
	query += " ORDER BY " + order
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, wrapErr(s.path, fmt.Errorf("store: figures: %w", err))
	}
	defer rows.Close()
	out := []FigureRow{}
	for rows.Next() {
		var r FigureRow
		var year sql.NullInt64
		var fid int64
		if err := rows.Scan(&r.ArticleID, &r.URL, &r.Title, &r.Published, &r.Province, &r.ProvinceNow, &r.Source, &r.Metric, &r.Field, &r.Value, &r.Approx, &r.Qualifier, &r.Scope, &year, &r.Period, &r.AsOf, &r.Evidence, &fid); err != nil {
			return nil, fmt.Errorf("store: figures: %w", err)
		}
		if year.Valid {
			y := int(year.Int64)
			r.Year = &y
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// WriteFiguresCSV writes rows as RFC 4180 CSV with the contract's header.
func WriteFiguresCSV(w io.Writer, rows []FigureRow) error {
	cw := csv.NewWriter(w)
	cw.Write(figureHeader)
	for _, r := range rows {
		year := ""
		if r.Year != nil {
			year = strconv.Itoa(*r.Year)
		}
		cw.Write([]string{strconv.FormatInt(r.ArticleID, 10), r.URL, r.Title, r.Published, r.Province, r.ProvinceNow, r.Metric, r.Field,
			strconv.FormatInt(r.Value, 10), r.Approx, r.Qualifier, r.Scope, year, r.Period, r.AsOf, r.Evidence})
	}
	cw.Flush()
	return cw.Error()
}
