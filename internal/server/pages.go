package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
)

//go:embed web/*.html web/*.json web/static/*
var webFS embed.FS

var cssBytes, _ = webFS.ReadFile("web/static/app.css")
var cssHash = func() string { h := sha256.Sum256(cssBytes); return hex.EncodeToString(h[:6]) }()

var tmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"safe":       func(s string) template.HTML { return template.HTML(s) }, // snippets are escaped by index.Snippet
	"num":        func(v int64) string { return extract.FormatVN(v) },
	"deref":      func(p *int) int { return *p },
	"paragraphs": func(s string) []string { return strings.Split(s, "\n") },
	"label":      extract.Label,
	"stated":     extract.Stated,
	"period":     vnPeriod,
	"when":       vnTime,
	"asof":       figureAsOf,
	"scopes":     func() []string { return []string{"province", "district", "commune", "organization"} },
	"qualifiers": func() []string { return []string{"collective", "individual", "replicated", "named", "delta", "other"} },
	// web tells a page's address on the web from a file's path, which a
	// link would resolve against this server (404)
	"web": func(u string) bool { return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") },
}).ParseFS(webFS, "web/*.html"))

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("file") != "app.css" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	if r.PathValue("hash") == cssHash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	w.Write(cssBytes)
}

func (s *Server) render(w http.ResponseWriter, name string, data map[string]any) {
	data["CSS"] = "/static/" + cssHash + "/app.css"
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		s.Log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

var fieldLabels = func() []struct{ Code, Label string } {
	var out []struct{ Code, Label string }
	for _, c := range []string{"all", "economy", "culture_society", "defense_security", "political_system", "other"} {
		out = append(out, struct{ Code, Label string }{c, extract.Label("field", c)})
	}
	return out
}()

// markedEvidence is the evidence escaped, with the figures' numbers (as
// the text writes them, "11.679") marked where each stands as a number of
// its own: not "29" inside "292" or "1.290".
func markedEvidence(evidence string, values ...int64) template.HTML {
	type span struct{ start, end int }
	var spans []span
	free := func(i, j int) bool {
		for _, sp := range spans {
			if i < sp.end && sp.start < j {
				return false
			}
		}
		return true
	}
	digit := func(i int) bool { return i >= 0 && i < len(evidence) && evidence[i] >= '0' && evidence[i] <= '9' }
	for _, v := range values {
		n := extract.FormatVN(v)
		for from := 0; from < len(evidence); {
			k := strings.Index(evidence[from:], n)
			if k < 0 {
				break
			}
			i, j := from+k, from+k+len(n)
			before := digit(i-1) || i >= 2 && (evidence[i-1] == '.' || evidence[i-1] == ',') && digit(i-2)
			after := digit(j) || j+1 < len(evidence) && (evidence[j] == '.' || evidence[j] == ',') && digit(j+1)
			if !before && !after && free(i, j) {
				spans = append(spans, span{i, j})
				break
			}
			from = i + 1
		}
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].start < spans[b].start })
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(template.HTMLEscapeString(evidence[last:sp.start]) + "<mark>" + template.HTMLEscapeString(evidence[sp.start:sp.end]) + "</mark>")
		last = sp.end
	}
	b.WriteString(template.HTMLEscapeString(evidence[last:]))
	return template.HTML(b.String())
}

// vnPeriod writes a period as Vietnamese readers do: "2024-06" as
// "tháng 6/2024", "2024-06-30" as "30/6/2024"; a year stays as it is.
func vnPeriod(p string) string {
	if t, err := time.Parse("2006-01-02", p); err == nil {
		return t.Format("2/1/2006")
	}
	if t, err := time.Parse("2006-01", p); err == nil {
		return "tháng " + t.Format("1/2006")
	}
	return p
}

// vnTime writes a stored time (RFC 3339, or a day) as Vietnamese readers
// do, in Vietnam's time: "20/08/2024 12:26", "20/08/2024".
func vnTime(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(extract.Vietnam).Format("02/01/2006 15:04")
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("02/01/2006")
	}
	return s
}

// evidenceBlock is one sentence of an article with the figures it states.
type evidenceBlock struct {
	Evidence template.HTML
	Figures  []extract.Figure
}

// evidenceBlocks groups an article's figures by the sentence that states
// them, in the order of the text: a sentence is shown once, every number
// of it marked.
func evidenceBlocks(figs []extract.Figure) []evidenceBlock {
	var out []evidenceBlock
	var texts []string
	for _, f := range figs {
		if n := len(texts); n > 0 && texts[n-1] == f.Evidence {
			out[n-1].Figures = append(out[n-1].Figures, f)
			continue
		}
		texts = append(texts, f.Evidence)
		out = append(out, evidenceBlock{Figures: []extract.Figure{f}})
	}
	for i := range out {
		var vals []int64
		for _, f := range out[i].Figures {
			vals = append(vals, f.Value)
		}
		out[i].Evidence = markedEvidence(texts[i], vals...)
	}
	return out
}

type facetValue struct {
	Key   string
	Count int
	Link  string
}

type facetView struct {
	Name, Label string
	Values      []facetValue
}

func (s *Server) units() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range s.Extractor.Gazetteer().Provinces() {
		for _, n := range []string{p.Name, p.Now} {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	vs := v["vs"] // up to two more queries compared on the chart
	if len(vs) > 2 {
		vs = vs[:2]
	}
	share := v.Get("measure") == "share"
	data := map[string]any{"Title": "Tìm kiếm", "Q": v.Get("q"), "Province": v.Get("province"), "From": v.Get("from"), "To": v.Get("to"),
		"Field": v.Get("field"), "Source": v.Get("source"), "Fields": fieldLabels, "Units": s.units(), "SourceIDs": s.sourceIDs(),
		"Vs": append(vs, make([]string, 2-len(vs))...), "Share": share}
	p, err := s.parse(r)
	if err != nil {
		data["Err"] = err.Error()
		w.WriteHeader(http.StatusBadRequest)
		s.render(w, "search.html", data)
		return
	}
	res, err := s.Search.Search(r.Context(), p.q)
	if err != nil {
		data["Err"] = err.Error()
		s.render(w, "search.html", data)
		return
	}
	data["Result"] = res
	labels := map[string]string{"province": "Tỉnh (cũ)", "province_now": "Tỉnh hiện nay", "source": "Nguồn", "month": "Tháng"}
	var facets []facetView
	for _, f := range index.FacetNames() {
		fv := facetView{Name: f, Label: labels[f]}
		for k, n := range res.Facets[f] {
			q := cloneValues(v)
			switch f {
			case "province", "province_now":
				q.Set("province", k)
			case "source":
				q.Set("source", k)
			case "month":
				q.Set("from", k)
				q.Set("to", k)
			}
			q.Del("page")
			fv.Values = append(fv.Values, facetValue{Key: k, Count: n, Link: "/?" + q.Encode()})
		}
		sort.Slice(fv.Values, func(i, j int) bool {
			return fv.Values[i].Count > fv.Values[j].Count || fv.Values[i].Count == fv.Values[j].Count && fv.Values[i].Key < fv.Values[j].Key
		})
		if len(fv.Values) > 0 {
			facets = append(facets, fv)
		}
	}
	data["Facets"] = facets
	if p.q.Offset+len(res.Hits) < res.Total {
		q := cloneValues(v)
		q.Set("page", strconv.Itoa(p.q.Offset/p.q.Limit+2))
		data["Next"] = "/?" + q.Encode()
	}
	// the chart: one line per query, with every filter of the search
	queries := []string{p.q.Text}
	for _, t := range vs {
		if strings.TrimSpace(t) != "" {
			queries = append(queries, t)
		}
	}
	var lines []series
	for _, text := range queries {
		q := p.q
		q.Text = text
		pts, err := s.coverage(r.Context(), q, "month", "all", share)
		if err != nil {
			data["Err"] = err.Error()
			break
		}
		name := text
		if name == "" {
			name = "tất cả bài viết"
		}
		lines = append(lines, coverageSeries(name, text, pts, share, v))
	}
	data["Chart"] = timeChart(lines, map[bool]string{true: "tỉ lệ bài viết", false: "số bài"}[share], share)
	filters := cloneValues(v)
	for _, k := range []string{"page", "vs", "measure", "q", "limit"} {
		filters.Del(k)
	}
	cov := cloneValues(filters)
	cov["q"] = queries
	cov.Set("by", "all")
	cov.Set("format", "csv")
	cov.Set("bom", "1")
	data["CoverageCSV"] = "/api/coverage?" + cov.Encode()
	hits := cloneValues(v)
	hits.Del("vs")
	hits.Del("measure")
	hits.Set("format", "csv")
	hits.Set("bom", "1")
	data["ResultsCSV"] = "/api/search?" + hits.Encode()
	s.render(w, "search.html", data)
}

// coverageSeries is one query's line (its text, "" for every article of
// the filters v): its count or share per month, each point a link to the
// search of that month.
func coverageSeries(name, text string, pts []store.CoveragePoint, share bool, v url.Values) series {
	sr := series{name: name}
	for _, pt := range pts {
		t, ok := periodTime(pt.Period)
		if !ok {
			continue
		}
		val := float64(pt.Count)
		if share {
			val = pt.Share
		}
		q := cloneValues(v)
		for _, k := range []string{"vs", "page", "measure", "q"} {
			q.Del(k)
		}
		if text != "" {
			q.Set("q", text)
		}
		q.Set("from", pt.Period)
		q.Set("to", pt.Period)
		sr.pts = append(sr.pts, point{t: t, v: val, label: pt.Period, href: "/?" + q.Encode()})
	}
	return sr
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	return out
}

// sourceIDs lists the configured sources' ids, for the search form.
func (s *Server) sourceIDs() []string {
	var out []string
	if s.Sources != nil {
		for _, src := range s.Sources.Sources {
			out = append(out, src.ID)
		}
	}
	return out
}

type cell struct {
	Value     string
	ArticleID int64
	Evidence  string
}

type unitRow struct {
	Unit     string
	Cells    []cell
	Articles int
	Newest   string
}

func (s *Server) pageFigures(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	if v.Get("qualifier") == "any" { // the form's "every kind": no filter
		v.Del("qualifier")
		r.URL.RawQuery = v.Encode()
	}
	level := v.Get("level")
	if level != "current" {
		level = "old"
	}
	field := v.Get("field")
	if field == "" {
		field = "all"
	}
	ps, err := s.Store.Provinces(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var rows []unitRow
	figs := map[string]figureOf{}
	for _, p := range ps {
		if p.Level != level {
			continue
		}
		row := unitRow{Unit: p.Unit, Articles: p.Articles, Newest: p.Newest}
		for _, f := range fieldLabels {
			c := cell{}
			if fr, ok := p.Latest[f.Code]; ok {
				c = cell{Value: extract.Stated(fr.Approx, fr.Value), ArticleID: fr.ArticleID, Evidence: fr.Evidence}
			}
			row.Cells = append(row.Cells, c)
		}
		rows = append(rows, row)
		if fr, ok := p.Latest[field]; ok {
			figs[p.Unit] = figureOf{Value: fr.Value, Stated: extract.Stated(fr.Approx, fr.Value), AsOf: figureAsOf(fr)}
		}
	}
	data := map[string]any{"Title": "Số liệu", "Level": level, "Field": field, "FieldLabel": extract.Label("field", field), "Fields": fieldLabels, "Rows": rows,
		"Map": provinceMap(level, figs),
		"CSV": "/api/figures?format=csv&bom=1&latest=true&scope=province&qualifier=&metric=models&latest_by=" + map[string]string{"old": "province", "current": "province_now"}[level],
		"Q":   v, "Units": s.units(), "SourceIDs": s.sourceIDs()}
	// the figures the filters select
	if p, err := s.parse(r); err != nil {
		data["Err"] = err.Error()
	} else {
		fq := p.fq
		fq.Limit = 200
		rows, err := s.Store.Figures(r.Context(), fq)
		if err != nil {
			data["Err"] = err.Error()
		}
		data["Figures"] = rows
		q := cloneValues(v)
		q.Del("level")
		q.Set("format", "csv")
		q.Set("bom", "1")
		data["FiguresCSV"] = "/api/figures?" + q.Encode()
		// a province asked for: its series of facts, as on its page
		if prov := v.Get("province"); prov != "" {
			sq := store.SeriesQuery{FigureQuery: p.fq, Now: p.fq.ProvinceNow != ""}
			empty := ""
			sq.Scope, sq.Qualifier, sq.Metric, sq.Field, sq.Limit = "province", &empty, "models", field, 0
			if facts, err := s.Store.FigureSeries(r.Context(), sq); err == nil {
				data["Series"] = timeChart([]series{factSeries(facts, field)}, "mô hình", false)
				data["SeriesOf"] = prov
			}
		}
	}
	warns, _ := s.Store.Warnings(r.Context(), 50)
	data["Warnings"] = warns
	s.render(w, "figures.html", data)
}

// figureAsOf is the period a figure holds for, as a reader says it: its
// as-of date, else its year, else the day it was published.
func figureAsOf(f store.FigureRow) string {
	switch {
	case f.AsOf != "":
		return f.AsOf
	case f.Year != nil:
		return strconv.Itoa(*f.Year)
	case len(f.Published) >= 10:
		return f.Published[:10]
	}
	return ""
}

// factSeries is the line of a unit's facts over time, each point a link
// to the first article that states it, conflicts marked.
func factSeries(facts []store.Fact, field string) series {
	sr := series{name: "mô hình (" + extract.Label("field", field) + ")"}
	for _, f := range facts {
		t, ok := periodTime(f.Period)
		if !ok {
			continue
		}
		href := ""
		if len(f.Articles) > 0 {
			href = "/articles/" + strconv.FormatInt(f.Articles[0], 10)
		}
		sr.pts = append(sr.pts, point{t: t, v: float64(f.Value), label: f.Period, href: href, conflict: f.Conflict})
	}
	sort.SliceStable(sr.pts, func(i, j int) bool { return sr.pts[i].t.Before(sr.pts[j].t) })
	return sr
}

// latestRow is one field's latest province-wide count on a province page.
type latestRow struct {
	Field, Value, AsOf, Source, URL, Title string
	ArticleID                              int64
}

// pageProvince is one unit's page: its latest counts by field, the series
// of facts (restatements merged, conflicts flagged), its coverage over
// time and its newest articles.
func (s *Server) pageProvince(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	g := s.Extractor.Gazetteer()
	name := r.PathValue("name")
	old, now, ok := g.Resolve(name)
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		s.render(w, "province.html", map[string]any{"Title": name, "Err": fmt.Sprintf("%q không phải tên một tỉnh, thành phố", name)})
		return
	}
	level := v.Get("level")
	if level == "" {
		level = "old"
		if p, isOld := g.Lookup(name); !isOld || p.Name != name && now != "" {
			level = "current"
		}
	}
	if level == "current" && now == "" {
		level = "old" // an old unit's name: no current unit is called so
	}
	field := v.Get("field")
	if field == "" {
		field = "all"
	}
	empty := ""
	fq := store.FigureQuery{Field: field, Metric: "models", Scope: "province", Qualifier: &empty}
	q := index.Query{Limit: 20}
	unit := name
	data := map[string]any{"Title": name, "Level": level, "Field": field, "FieldLabel": extract.Label("field", field), "Fields": fieldLabels}
	if level == "current" {
		unit = now
		fq.ProvinceNow, q.ProvinceNow = now, now
		data["Parts"] = old
	} else {
		p, _ := g.Lookup(name)
		unit = p.Name
		fq.Provinces, q.Provinces = []string{p.Name}, []string{p.Name}
		data["Now"] = p.Now
	}
	data["Unit"], data["Title"] = unit, unit
	ctx := r.Context()
	// latest counts by field
	ps, err := s.Store.Provinces(ctx)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var latest []latestRow
	for _, p := range ps {
		if p.Unit != unit || p.Level != level {
			continue
		}
		data["Articles"], data["Newest"] = p.Articles, p.Newest
		for _, f := range fieldLabels {
			if fr, ok := p.Latest[f.Code]; ok {
				latest = append(latest, latestRow{Field: f.Label, Value: extract.Stated(fr.Approx, fr.Value), AsOf: figureAsOf(fr), Source: fr.Source, URL: fr.URL, Title: fr.Title, ArticleID: fr.ArticleID})
			}
		}
	}
	data["Latest"] = latest
	// the series of facts
	facts, err := s.Store.FigureSeries(ctx, store.SeriesQuery{FigureQuery: fq, Now: level == "current"})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	sr := factSeries(facts, field)
	var conflicts []store.Fact
	for _, f := range facts {
		if f.Conflict {
			conflicts = append(conflicts, f)
		}
	}
	data["Facts"], data["Conflicts"], data["SeriesPoints"] = facts, conflicts, len(sr.pts)
	data["Series"] = timeChart([]series{sr}, "mô hình", false)
	unitParam := map[string]string{"old": "old", "current": "now"}[level]
	data["SeriesCSV"] = "/api/figures/series?" + url.Values{"province": {unit}, "field": {field}, "qualifier": {""}, "unit": {unitParam}, "format": {"csv"}, "bom": {"1"}}.Encode()
	// coverage over time and the newest articles
	pts, err := s.coverage(ctx, q, "month", "all", false)
	if err == nil {
		data["Coverage"] = timeChart([]series{coverageSeries("số bài", "", pts, false, url.Values{"province": {unit}})}, "số bài", false)
	}
	data["CoverageCSV"] = "/api/coverage?" + url.Values{"province": {unit}, "by": {"all"}, "format": {"csv"}, "bom": {"1"}}.Encode()
	if res, err := s.Search.Search(ctx, q); err == nil {
		data["Result"] = res
	}
	data["Search"] = "/?" + url.Values{"province": {unit}}.Encode()
	s.render(w, "province.html", data)
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad article id", http.StatusBadRequest)
		return
	}
	a, err := s.Store.Article(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "article not found", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.render(w, "article.html", map[string]any{"Title": a.Title, "Article": a, "Blocks": evidenceBlocks(a.Figures)})
}

type sourceRow struct {
	ID, Name, Province, Schedule, Last, Next, Err string
	New                                           int
}

func (s *Server) pageSources(w http.ResponseWriter, r *http.Request) {
	st, _ := s.Store.Sources(r.Context())
	byID := map[string]store.SourceStatus{}
	for _, x := range st {
		byID[x.ID] = x
	}
	var rows []sourceRow
	if s.Sources != nil {
		for _, src := range s.Sources.Sources {
			x := byID[src.ID]
			rows = append(rows, sourceRow{ID: src.ID, Name: src.Name, Province: src.Province, Schedule: src.Schedule, Last: when(x.LastRun), Next: when(x.NextRun), Err: x.LastError, New: x.ArticlesNew})
		}
	}
	s.render(w, "sources.html", map[string]any{"Title": "Nguồn tin", "Sources": rows})
}

func when(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(extract.Vietnam).Format("02/01/2006 15:04")
}

var openapi, _ = webFS.ReadFile("web/openapi.json")

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openapi)
}
