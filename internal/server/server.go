// Package server is baotinh's HTTP face: the JSON API dashboards read, the
// dashboard people look at, health and Prometheus metrics, all on one store.
package server

import (
	"context"
	"crypto/subtle"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"baotinh/crawler"
	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
)

// Server holds what the handlers share.
type Server struct {
	Store      *store.Store
	Extractor  *extract.Extractor
	Search     index.Searcher
	Crawler    *crawler.Crawler // may be nil: no crawl endpoint
	Sources    *crawler.Config
	AdminToken string // BAOTINH_ADMIN_TOKEN; admin endpoints refuse all when empty
	Log        *slog.Logger
	Registry   *prometheus.Registry
	// Bounds of the work taken on (search, figures, pages): requests run
	// at once (2×GOMAXPROCS when 0), queued beyond them (128), the longest
	// wait in the queue (1 s), and every request's deadline (10 s).
	MaxRunning, MaxQueued int
	MaxWait, Timeout      time.Duration

	latency *prometheus.HistogramVec
	mux     *http.ServeMux
	jobs    *jobs
	started time.Time

	countsMu sync.Mutex
	countsAt time.Time
	countsV  store.Counts
}

// countsTTL is how long the store's counts serve the gauges: a scrape reads
// both gauges, and every scrape would otherwise count whole tables.
const countsTTL = 5 * time.Second

// counts returns the store's counts, counted at most every countsTTL.
func (s *Server) counts() store.Counts {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	if time.Since(s.countsAt) >= countsTTL {
		if c, err := s.Store.Counts(context.Background()); err == nil {
			s.countsV, s.countsAt = c, time.Now()
		}
	}
	return s.countsV
}

// Limits of what a request may ask.
const (
	MaxQueryLen = 500
	MaxBody     = 1 << 20
)

// New wires the routes.
func New(s *Server) *Server {
	if s.Registry == nil {
		s.Registry = prometheus.NewRegistry()
	}
	s.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "baotinh_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route", "code"})
	s.Registry.MustRegister(s.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "baotinh_store_articles", Help: "Articles in the store."}, func() float64 {
		return float64(s.counts().Articles)
	}))
	s.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "baotinh_store_figures", Help: "Figures in the store."}, func() float64 {
		return float64(s.counts().Figures)
	}))
	s.started = time.Now()
	s.jobs = newJobs()
	m := http.NewServeMux()
	route := func(pattern string, h http.HandlerFunc) { m.Handle(pattern, s.instrument(pattern, h)) }
	lim := newLimiter(s.MaxRunning, s.MaxQueued, s.MaxWait, s.Timeout, s.Registry)
	bounded := func(pattern string, h http.HandlerFunc) { route(pattern, lim.wrap(pattern, h)) }
	bounded("GET /api/search", s.apiSearch)
	bounded("GET /api/coverage", s.apiCoverage)
	bounded("GET /api/articles/{id}", s.apiArticle)
	bounded("GET /api/figures", s.apiFigures)
	bounded("GET /api/figures/series", s.apiSeries)
	bounded("GET /api/provinces", s.apiProvinces)
	route("GET /api/sources", s.apiSources)
	route("POST /api/crawl/{source}", s.admin(s.apiCrawl))
	route("POST /api/reprocess", s.admin(s.apiReprocess))
	route("GET /api/jobs", s.admin(s.apiJobs))
	route("GET /api/jobs/{id}", s.admin(s.apiJob))
	route("GET /api/openapi.json", s.apiOpenAPI)
	route("GET /healthz", s.healthz)
	m.Handle("GET /metrics", promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{}))
	bounded("GET /{$}", s.pageSearch)
	bounded("GET /figures", s.pageFigures)
	bounded("GET /articles/{id}", s.pageArticle)
	bounded("GET /provinces/{name}", s.pageProvince)
	route("GET /sources", s.pageSources)
	route("GET /static/{hash}/{file}", s.static)
	s.mux = m
	return s
}

// statusWriter remembers the status code.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(c int) { w.code = c; w.ResponseWriter.WriteHeader(c) }

// instrument adds the security headers, bounds the body, times the request
// and logs one line.
func (s *Server) instrument(route string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		sw := &statusWriter{ResponseWriter: w, code: 200}
		h(sw, r)
		d := time.Since(start)
		s.latency.WithLabelValues(route, strconv.Itoa(sw.code)).Observe(d.Seconds())
		s.Log.Info("http", "method", r.Method, "path", r.URL.Path, "status", sw.code, "duration_ms", float64(d.Microseconds())/1000, "remote", r.RemoteAddr)
	})
}

// ServeHTTP routes a request. A path under /api/ that no route takes, or
// takes with another method, is answered in JSON like every API error.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern == "" && strings.HasPrefix(r.URL.Path, "/api/") {
		rec := &statusWriter{ResponseWriter: discardBody{w}, code: 200}
		s.mux.ServeHTTP(rec, r) // the router's own answer: 404, or 405 with Allow
		if rec.code == http.StatusMethodNotAllowed {
			apiError(w, rec.code, "method %s not allowed on %s (allowed: %s)", r.Method, r.URL.Path, w.Header().Get("Allow"))
			return
		}
		apiError(w, http.StatusNotFound, "no such endpoint: %s", r.URL.Path)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// discardBody keeps the router's headers and status but not its text.
type discardBody struct{ http.ResponseWriter }

func (d discardBody) Write(b []byte) (int, error) { return len(b), nil }
func (d discardBody) WriteHeader(int)             {}

// Serve listens on addr until ctx ends, then drains for up to 5 s.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	// admin jobs live as long as the server: cancelled now, waited for
	if !s.jobs.drain(5 * time.Second) {
		s.Log.Warn("server: admin jobs still running after 5 s")
	}
	if err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	return nil
}

// statusClientClosed is nginx's "client closed request": what a request
// whose client went away is logged and counted as, not a fault of ours.
const statusClientClosed = 499

// queryFailed answers an API request whose query failed: 499 when its
// client went away (nothing reaches it; logs and metrics keep it apart from
// the server's faults), 503 with Retry-After when the query ran past the
// request's deadline (the server is busy, not broken), else 500.
func queryFailed(w http.ResponseWriter, r *http.Request, err error, what string) {
	switch ctxErr := r.Context().Err(); {
	case errors.Is(ctxErr, context.Canceled):
		w.WriteHeader(statusClientClosed)
	case errors.Is(ctxErr, context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		w.Header().Set("Retry-After", "1")
		apiError(w, http.StatusServiceUnavailable, "%s: the query ran past the request's deadline; try again in a second", what)
	default:
		apiError(w, http.StatusInternalServerError, "%s: %v", what, err)
	}
}

// apiError writes {"error": "..."}.
func apiError(w http.ResponseWriter, code int, format string, a ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": fmt.Sprintf(format, a...)})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// admin lets a request through only with the admin bearer token; with no
// token configured it refuses every request.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.AdminToken == "" {
			apiError(w, http.StatusForbidden, "admin endpoints are disabled: BAOTINH_ADMIN_TOKEN is not set")
			return
		}
		scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		ok = ok && strings.EqualFold(scheme, "Bearer") // the scheme is case-insensitive (RFC 9110)
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.AdminToken)) != 1 {
			apiError(w, http.StatusForbidden, "a valid Authorization: Bearer token is required")
			return
		}
		h(w, r)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Store.Counts(r.Context()); err != nil {
		apiError(w, http.StatusServiceUnavailable, "store: %v", err)
		return
	}
	writeJSON(w, map[string]any{"status": "ok", "uptime_seconds": int(time.Since(s.started).Seconds())})
}

// params reads the shared filters; errors name the parameter.
type params struct {
	q      index.Query
	fq     store.FigureQuery
	latest bool
}

func (s *Server) parse(r *http.Request) (params, error) {
	var p params
	v := r.URL.Query()
	q := &p.q
	q.Text = v.Get("q")
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryLen {
		return p, fmt.Errorf("q: %d characters, at most %d", n, MaxQueryLen)
	}
	if pr := v.Get("province"); pr != "" {
		old, now, ok := s.Extractor.Gazetteer().Resolve(pr)
		if !ok {
			return p, fmt.Errorf("province: %q is not a province the gazetteer knows", pr)
		}
		if now != "" {
			q.ProvinceNow = now
		} else {
			q.Provinces = old
		}
	}
	q.Source = v.Get("source")
	for _, b := range []struct {
		name string
		dst  *time.Time
		end  bool
	}{{"from", &q.From, false}, {"to", &q.To, true}} {
		t, err := extract.ParseBound(v.Get(b.name), b.end)
		if err != nil {
			return p, fmt.Errorf("%s: %v", b.name, err)
		}
		*b.dst = t
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return p, fmt.Errorf("to: %s is before from %s", v.Get("to"), v.Get("from"))
	}
	if f := v.Get("field"); f != "" {
		switch f {
		case "all", "economy", "culture_society", "defense_security", "political_system", "other":
			q.Field = f
		default:
			return p, fmt.Errorf("field: %q is not a field", f)
		}
	}
	limit, page := 20, 1
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > index.MaxLimit {
			return p, fmt.Errorf("limit: %q, want 1 to %d", s, index.MaxLimit)
		}
		limit = n
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 10000 {
			return p, fmt.Errorf("page: %q, want 1 to 10000", s)
		}
		page = n
	}
	q.Limit, q.Offset = limit, (page-1)*limit
	fq := &p.fq
	fq.Provinces, fq.ProvinceNow, fq.Source, fq.Field, fq.From, fq.To = q.Provinces, q.ProvinceNow, q.Source, q.Field, q.From, q.To
	if v.Has("qualifier") {
		ql := v.Get("qualifier")
		switch ql {
		case "", "collective", "individual", "replicated", "named", "delta", "other":
			fq.Qualifier = &ql
		default:
			return p, fmt.Errorf("qualifier: %q is not a qualifier", ql)
		}
	}
	if m := v.Get("metric"); m != "" {
		if !slices.Contains(s.Extractor.Metrics(), m) {
			return p, fmt.Errorf("metric: %q, want one of %s", m, strings.Join(s.Extractor.Metrics(), ", "))
		}
		fq.Metric = m
	}
	if sc := v.Get("scope"); sc != "" {
		switch sc {
		case "province", "district", "commune", "organization", "unknown":
			fq.Scope = sc
		default:
			return p, fmt.Errorf("scope: %q is not a scope", sc)
		}
	}
	switch lb := v.Get("latest_by"); lb {
	case "", "province", "province_now":
		fq.LatestBy = lb
	default:
		return p, fmt.Errorf("latest_by: %q, want province or province_now", lb)
	}
	if l := v.Get("latest"); l != "" {
		b, err := strconv.ParseBool(l)
		if err != nil {
			return p, fmt.Errorf("latest: %q, want true or false", l)
		}
		fq.Latest = b
		p.latest = b
	}
	return p, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	format, ok := jsonOrCSV(w, r.URL.Query())
	if !ok {
		return
	}
	p, err := s.parse(r)
	if err != nil {
		apiError(w, http.StatusBadRequest, "%v", err)
		return
	}
	res, err := s.Search.Search(r.Context(), p.q)
	if err != nil {
		queryFailed(w, r, err, "search")
		return
	}
	if format == "json" {
		writeJSON(w, res)
		return
	}
	// the page of hits asked for (limit up to index.MaxLimit), as a table
	startCSV(w, r, "baotinh-search")
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "title", "url", "published", "province", "province_now", "source", "snippet", "score"})
	for _, h := range res.Hits {
		cw.Write([]string{strconv.FormatInt(h.ID, 10), h.Title, h.URL, h.Published, h.Province, h.ProvinceNow, h.Source,
			plainSnippet(h.Snippet), strconv.FormatFloat(h.Score, 'f', 4, 64)})
	}
	cw.Flush()
}

// plainSnippet is a snippet without its marks, as text.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}

// apiCoverage counts the articles a search would find, over time: every
// filter /api/search takes, up to three queries compared (q repeated),
// counts and shares of all stored articles per period, JSON or CSV.
func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	interval, by := v.Get("interval"), v.Get("by")
	if interval == "" {
		interval = "month"
	}
	if by == "" {
		by = "province"
	}
	if interval != "month" && interval != "week" && interval != "year" {
		apiError(w, http.StatusBadRequest, "interval: %q, want month, week or year", interval)
		return
	}
	if by != "province" && by != "province_now" && by != "source" && by != "all" {
		apiError(w, http.StatusBadRequest, "by: %q, want province, province_now, source or all", by)
		return
	}
	format, ok := jsonOrCSV(w, v)
	if !ok {
		return
	}
	p, err := s.parse(r)
	if err != nil {
		apiError(w, http.StatusBadRequest, "%v", err)
		return
	}
	queries := v["q"]
	if len(queries) > 3 {
		apiError(w, http.StatusBadRequest, "q: %d queries, at most 3 are compared", len(queries))
		return
	}
	if len(queries) == 0 {
		queries = []string{""}
	}
	pts := []store.CoveragePoint{}
	for _, text := range queries {
		q := p.q
		q.Text = text
		got, err := s.coverage(r.Context(), q, interval, by, true)
		if err != nil {
			apiError(w, http.StatusBadRequest, "%v", err)
			return
		}
		if len(queries) > 1 {
			for k := range got {
				got[k].Query = text
			}
		}
		pts = append(pts, got...)
	}
	if format == "csv" {
		startCSV(w, r, "baotinh-coverage")
		cw := csv.NewWriter(w)
		cw.Write([]string{"query", "group", "period", "count", "share"})
		for _, pt := range pts {
			cw.Write([]string{pt.Query, pt.Group, pt.Period, strconv.Itoa(pt.Count), strconv.FormatFloat(pt.Share, 'f', 6, 64)})
		}
		cw.Flush()
		return
	}
	writeJSON(w, map[string]any{"interval": interval, "by": by, "points": pts})
}

// startCSV starts a CSV download named name.csv, with a byte-order mark
// first when the request asks for one (bom=1), for spreadsheets that read
// CSV as another code page without it.
func startCSV(w http.ResponseWriter, r *http.Request, name string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	if r.URL.Query().Get("bom") == "1" {
		io.WriteString(w, "\uFEFF")
	}
}

// jsonOrCSV reads the format parameter: json (the default) or csv; ok is
// false when it is neither, and the request has been answered 400.
func jsonOrCSV(w http.ResponseWriter, v url.Values) (string, bool) {
	switch f := v.Get("format"); f {
	case "", "json":
		return "json", true
	case "csv":
		return f, true
	default:
		apiError(w, http.StatusBadRequest, "format: %q, want json or csv", f)
		return "", false
	}
}

// coverage is the coverage of what q finds (its text and filters).
func (s *Server) coverage(ctx context.Context, q index.Query, interval, by string, shares bool) ([]store.CoveragePoint, error) {
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryLen {
		return nil, fmt.Errorf("q: %d characters, at most %d", n, MaxQueryLen)
	}
	match, args := s.Store.Index().MatchIDs(q.Text)
	filter, fargs := index.Filters(q)
	return s.Store.Coverage(ctx, store.CoverageQuery{Interval: interval, By: by, Match: match, MatchArgs: args, Filter: filter, FilterArgs: fargs, From: q.From, To: q.To, Shares: shares})
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		apiError(w, http.StatusBadRequest, "id: %q is not an article id", r.PathValue("id"))
		return
	}
	a, err := s.Store.Article(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "article %d not found", id)
		return
	}
	if err != nil {
		queryFailed(w, r, err, "article")
		return
	}
	writeJSON(w, a)
}

func (s *Server) apiFigures(w http.ResponseWriter, r *http.Request) {
	p, err := s.parse(r)
	if err != nil {
		apiError(w, http.StatusBadRequest, "%v", err)
		return
	}
	format, ok := jsonOrCSV(w, r.URL.Query())
	if !ok {
		return
	}
	rows, err := s.Store.Figures(r.Context(), p.fq)
	if err != nil {
		queryFailed(w, r, err, "figures")
		return
	}
	if format == "csv" {
		startCSV(w, r, "baotinh-figures")
		store.WriteFiguresCSV(w, rows)
		return
	}
	writeJSON(w, rows)
}

// apiSeries gives the province-wide facts over time: figures restated by
// several articles are one fact listing them, and different values for the
// same unit, field, qualifier and period are flagged as conflicts.
func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) {
	p, err := s.parse(r)
	if err != nil {
		apiError(w, http.StatusBadRequest, "%v", err)
		return
	}
	v := r.URL.Query()
	unit := v.Get("unit")
	if unit != "" && unit != "old" && unit != "now" {
		apiError(w, http.StatusBadRequest, "unit: %q, want old (the 63 units before 1 July 2025) or now (the 34 after)", unit)
		return
	}
	format, ok := jsonOrCSV(w, v)
	if !ok {
		return
	}
	facts, err := s.Store.FigureSeries(r.Context(), store.SeriesQuery{FigureQuery: p.fq, Now: unit == "now"})
	if err != nil {
		queryFailed(w, r, err, "series")
		return
	}
	if format == "json" {
		writeJSON(w, facts)
		return
	}
	startCSV(w, r, "baotinh-series")
	ids := func(v []int64) string {
		var s []string
		for _, x := range v {
			s = append(s, strconv.FormatInt(x, 10))
		}
		return strings.Join(s, ";")
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"unit", "metric", "field", "qualifier", "period", "value", "approx", "articles", "sources", "first_published", "conflict", "conflicting_values"})
	for _, f := range facts {
		cw.Write([]string{f.Unit, f.Metric, f.Field, f.Qualifier, f.Period, strconv.FormatInt(f.Value, 10), f.Approx, ids(f.Articles),
			strings.Join(f.Sources, ";"), f.FirstPublished, strconv.FormatBool(f.Conflict), ids(f.ConflictingValues)})
	}
	cw.Flush()
}

func (s *Server) apiProvinces(w http.ResponseWriter, r *http.Request) {
	ps, err := s.Store.Provinces(r.Context())
	if err != nil {
		queryFailed(w, r, err, "provinces")
		return
	}
	if ps == nil {
		ps = []store.ProvinceSummary{}
	}
	writeJSON(w, ps)
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) {
	st, err := s.Store.Sources(r.Context())
	if err != nil {
		queryFailed(w, r, err, "sources")
		return
	}
	out := []map[string]any{}
	byID := map[string]store.SourceStatus{}
	for _, x := range st {
		byID[x.ID] = x
	}
	if s.Sources != nil {
		for _, src := range s.Sources.Sources {
			x := byID[src.ID]
			out = append(out, map[string]any{"id": src.ID, "name": src.Name, "province": src.Province, "schedule": src.Schedule,
				"last_run": ts(x.LastRun), "next_run": ts(x.NextRun), "last_success": ts(x.LastSuccess), "last_error": x.LastError,
				"pages": x.Pages, "articles_new": x.ArticlesNew, "errors": x.Errors, "short_bodies": x.ShortBodies})
		}
	}
	writeJSON(w, out)
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(extract.Vietnam).Format(time.RFC3339)
}

func (s *Server) apiCrawl(w http.ResponseWriter, r *http.Request) {
	if s.Crawler == nil || s.Sources == nil {
		apiError(w, http.StatusServiceUnavailable, "crawling is not configured")
		return
	}
	src, ok := s.Sources.Find(r.PathValue("source"))
	if !ok {
		apiError(w, http.StatusNotFound, "source %q not found", r.PathValue("source"))
		return
	}
	s.startJob(w, "crawl/"+src.ID, func(ctx context.Context) (string, error) {
		sum := s.Crawler.Crawl(ctx, src)
		s.Log.Info("crawl requested", "source", src.ID, "new", sum.New, "err", sum.Err)
		if sum.Err != "" {
			return "", errors.New(sum.Err)
		}
		return fmt.Sprintf("%d pages, %d new", sum.Pages, sum.New), nil
	})
}

func (s *Server) apiReprocess(w http.ResponseWriter, r *http.Request) {
	s.startJob(w, "reprocess", func(ctx context.Context) (string, error) {
		n, err := Reprocess(ctx, s.Store, s.Extractor)
		s.Log.Info("reprocess requested", "documents", n, "err", err)
		return fmt.Sprintf("%d documents", n), err
	})
}

// startJob starts an admin job and answers 202 with it, or 409 with the
// job of that kind already running.
func (s *Server) startJob(w http.ResponseWriter, kind string, fn func(context.Context) (string, error)) {
	job, started := s.jobs.start(kind, fn)
	switch {
	case started:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		json.NewEncoder(w).Encode(job)
	case job.ID == "":
		apiError(w, http.StatusServiceUnavailable, "%s", job.Error)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusConflict)
		json.NewEncoder(w).Encode(map[string]any{"error": fmt.Sprintf("a %s job is running: %s", kind, job.ID), "job": job})
	}
}

func (s *Server) apiJobs(w http.ResponseWriter, r *http.Request) { writeJSON(w, s.jobs.list()) }

func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) {
	job, ok := s.jobs.get(r.PathValue("id"))
	if !ok {
		apiError(w, http.StatusNotFound, "job %q not found", r.PathValue("id"))
		return
	}
	writeJSON(w, job)
}
