package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"math"
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
	"marked":     markedEvidence,
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

// markedEvidence is the evidence escaped, with the figure's number (as the
// text writes it) marked.
func markedEvidence(evidence string, value int64) template.HTML {
	n := extract.FormatVN(value)
	i := strings.Index(evidence, n)
	if i < 0 {
		return template.HTML(template.HTMLEscapeString(evidence))
	}
	return template.HTML(template.HTMLEscapeString(evidence[:i]) + "<mark>" + template.HTMLEscapeString(n) + "</mark>" + template.HTMLEscapeString(evidence[i+len(n):]))
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
	data := map[string]any{"Title": "Tìm kiếm", "Q": v.Get("q"), "Province": v.Get("province"), "From": v.Get("from"), "To": v.Get("to"), "Units": s.units()}
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
			q := url.Values{}
			for key, vals := range v {
				q[key] = vals
			}
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
		q := url.Values{}
		for key, vals := range v {
			q[key] = vals
		}
		q.Set("page", strconv.Itoa(p.q.Offset/p.q.Limit+2))
		data["Next"] = "/?" + q.Encode()
	}
	if pts, err := s.coverage(r.Context(), p.q, "month", "province_now", false); err == nil && len(pts) > 0 {
		data["Chart"] = coverageChart(pts)
	}
	s.render(w, "search.html", data)
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
	level := r.URL.Query().Get("level")
	if level != "current" {
		level = "old"
	}
	ps, err := s.Store.Provinces(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var rows []unitRow
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
	}
	csv := "/api/figures?format=csv&latest=true&scope=province&qualifier=&metric=models&latest_by=" + map[string]string{"old": "province", "current": "province_now"}[level]
	data := map[string]any{"Title": "Số liệu", "Level": level, "Fields": fieldLabels, "Rows": rows, "CSV": csv}
	if prov := r.URL.Query().Get("province"); prov != "" {
		field := r.URL.Query().Get("field")
		if field == "" {
			field = "all"
		}
		fq := store.FigureQuery{Field: field, Metric: "models", Scope: "province"}
		empty := ""
		fq.Qualifier = &empty
		old, now, ok := s.Extractor.Gazetteer().Resolve(prov)
		if ok {
			if now != "" && level == "current" {
				fq.ProvinceNow = now
			} else if p, ok := s.Extractor.Gazetteer().Lookup(prov); ok {
				fq.Provinces = []string{p.Name}
			} else {
				fq.Provinces = old
			}
			figs, _ := s.Store.Figures(r.Context(), fq)
			data["Province"] = prov
			for _, f := range fieldLabels {
				if f.Code == field {
					data["FieldLabel"] = f.Label
				}
			}
			data["Series"] = seriesChart(figs)
			data["CSV"] = "/api/figures?format=csv&scope=province&qualifier=&field=" + url.QueryEscape(field) + "&province=" + url.QueryEscape(prov)
		}
	}
	warns, _ := s.Store.Warnings(r.Context(), 50)
	data["Warnings"] = warns
	s.render(w, "figures.html", data)
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
	s.render(w, "article.html", map[string]any{"Title": a.Title, "Article": a})
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

// coverageChart draws article counts per month, one line per unit (the
// five largest), as inline SVG: no script, works offline.
func coverageChart(pts []store.CoveragePoint) template.HTML {
	periods := map[string]bool{}
	totals := map[string]int{}
	for _, p := range pts {
		periods[p.Period] = true
		totals[p.Group] += p.Count
	}
	var xs []string
	for p := range periods {
		xs = append(xs, p)
	}
	sort.Strings(xs)
	var groups []string
	for g := range totals {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		return totals[groups[i]] > totals[groups[j]] || totals[groups[i]] == totals[groups[j]] && groups[i] < groups[j]
	})
	if len(groups) > 5 {
		groups = groups[:5]
	}
	series := map[string]map[string]float64{}
	for _, p := range pts {
		if series[p.Group] == nil {
			series[p.Group] = map[string]float64{}
		}
		series[p.Group][p.Period] = float64(p.Count)
	}
	var lines []line
	for _, g := range groups {
		lines = append(lines, line{name: g, y: series[g]})
	}
	return svgChart(xs, lines, "số bài")
}

// seriesChart draws one unit's counts over time.
func seriesChart(figs []store.FigureRow) template.HTML {
	pts := map[string]float64{}
	for _, f := range figs {
		k := f.AsOf
		if k == "" && f.Year != nil {
			k = strconv.Itoa(*f.Year)
		}
		if k == "" && len(f.Published) >= 10 {
			k = f.Published[:10]
		}
		if k == "" {
			continue
		}
		if v := float64(f.Value); v > pts[k] {
			pts[k] = v
		}
	}
	var xs []string
	for k := range pts {
		xs = append(xs, k)
	}
	sort.Strings(xs)
	return svgChart(xs, []line{{name: "mô hình", y: pts}}, "mô hình")
}

type line struct {
	name string
	y    map[string]float64
}

var palette = []string{"#8b1a1a", "#1f6fb2", "#2e8b57", "#c77c02", "#6a3d9a"}

func svgChart(xs []string, lines []line, unit string) template.HTML {
	const W, H, L, B, T = 760.0, 220.0, 50.0, 30.0, 10.0
	if len(xs) == 0 {
		return ""
	}
	maxY := 1.0
	for _, l := range lines {
		for _, v := range l.y {
			maxY = math.Max(maxY, v)
		}
	}
	x := func(i int) float64 {
		if len(xs) == 1 {
			return L + (W-L-10)/2
		}
		return L + float64(i)*(W-L-10)/float64(len(xs)-1)
	}
	y := func(v float64) float64 { return T + (H-T-B)*(1-v/maxY) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, W, H+20*float64(len(lines)), template.HTMLEscapeString(unit))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#999"/>`, L, H-B, W-10, H-B)
	fmt.Fprintf(&b, `<text x="4" y="%.0f" font-size="11">%s</text><text x="4" y="%.0f" font-size="11">0</text>`, T+8, extract.FormatVN(int64(maxY)), H-B)
	step := max(1, len(xs)/8)
	for i, p := range xs {
		if i%step == 0 || i == len(xs)-1 {
			fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="10" text-anchor="middle">%s</text>`, x(i), H-B+14, template.HTMLEscapeString(p))
		}
	}
	for li, l := range lines {
		color := palette[li%len(palette)]
		var path []string
		for i, p := range xs {
			if v, ok := l.y[p]; ok {
				path = append(path, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"><title>%s %s: %s</title></circle>`, x(i), y(v), color, template.HTMLEscapeString(l.name), p, extract.FormatVN(int64(v)))
			}
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.8" points="%s"/>`, color, strings.Join(path, " "))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="10" height="10" fill="%s"/><text x="%.0f" y="%.0f" font-size="12">%s</text>`, L, H+float64(li)*20, color, L+16, H+float64(li)*20+9, template.HTMLEscapeString(l.name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

var openapi, _ = webFS.ReadFile("web/openapi.json")

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openapi)
}
