package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	Group  string `json:"group"`
	Period string `json:"period"`
	Count  int    `json:"count"`
}

// Coverage counts articles per period (month, week or year) and group
// (province, province_now or source), for the articles matching ids (all
// when ids is nil).
func (s *Store) Coverage(ctx context.Context, interval, by string, match string, matchArgs []any) ([]CoveragePoint, error) {
	period := s.eng.period(interval)
	col := map[string]string{"province": "m.province", "province_now": "m.province_now", "source": "m.source_id"}[by]
	if period == "" || col == "" {
		return nil, fmt.Errorf("coverage: interval %q by %q", interval, by)
	}
	q := `SELECT ` + col + `, ` + period + `, count(*) FROM article_meta m`
	if match != "" {
		q += ` WHERE m.id IN (` + match + `) AND m.published_at IS NOT NULL`
	} else {
		q += ` WHERE m.published_at IS NOT NULL`
	}
	q += ` GROUP BY 1, 2 ORDER BY 2, 1`
	rows, err := s.query(ctx, q, matchArgs...)
	if err != nil {
		return nil, wrapErr(s.path, fmt.Errorf("store: coverage: %w", err))
	}
	defer rows.Close()
	out := []CoveragePoint{}
	for rows.Next() {
		var p CoveragePoint
		if err := rows.Scan(&p.Group, &p.Period, &p.Count); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
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
	Message   string `json:"message"`
}

// Warnings lists the warnings of non-duplicate articles, newest first.
func (s *Store) Warnings(ctx context.Context, limit int) ([]WarningRow, error) {
	rows, err := s.query(ctx, `SELECT a.id, a.title, a.province, w.message FROM warnings w JOIN articles a ON a.id = w.article_id
		WHERE a.duplicate_of IS NULL ORDER BY coalesce(a.published_at, 0) DESC, w.id LIMIT ?`, limit)
	if err != nil {
		return nil, wrapErr(s.path, err)
	}
	defer rows.Close()
	var out []WarningRow
	for rows.Next() {
		var w WarningRow
		rows.Scan(&w.ArticleID, &w.Title, &w.Province, &w.Message)
		out = append(out, w)
	}
	return out, rows.Err()
}
