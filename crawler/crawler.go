package crawler

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"
	"golang.org/x/net/html/charset"

	"baotinh/extract"
)

// Options tune one crawl; the zero value is the polite default.
type Options struct {
	MaxPages       int           // article pages per run; the source's max_pages when 0
	Since          time.Time     // ignore articles published before; the source's since when zero
	NoPoliteness   bool          // no per-host delay (benchmarks against a local site)
	Parallelism    int           // overrides the source's parallelism when > 0
	ConnectTimeout time.Duration // 10s
	HeaderTimeout  time.Duration // 20s
	BodyTimeout    time.Duration // 60s for the whole request
	MaxBodySize    int           // 5 MB
	MaxSitemapSize int           // 50 MB, the sitemap protocol's limit
	MaxRetries     int           // 3
	RetryBase      time.Duration // first backoff, doubled each try; 1s
	MaxRetryAfter  time.Duration // longest Retry-After honoured; 2m
	MaxRedirects   int           // 5
	// HostBudget is the time a crawl may lose to timeouts on one host
	// (each counted as BodyTimeout): past it a timeout is not tried
	// again. 2 × BodyTimeout when 0, so a page that drips a byte a second
	// costs two tries, not MaxRetries+1.
	HostBudget time.Duration
}

func (o *Options) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	set(&o.ConnectTimeout, 10*time.Second)
	set(&o.HeaderTimeout, 20*time.Second)
	set(&o.BodyTimeout, 60*time.Second)
	set(&o.RetryBase, time.Second)
	set(&o.MaxRetryAfter, 2*time.Minute)
	if o.MaxBodySize == 0 {
		o.MaxBodySize = 5 << 20
	}
	if o.MaxSitemapSize == 0 {
		o.MaxSitemapSize = MaxSitemapSize
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 3
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	if o.HostBudget == 0 {
		o.HostBudget = 2 * o.BodyTimeout
	}
}

// Store is what a crawl asks of the place its pages go: the right to
// crawl a source (processes sharing a database take turns), the source's
// row and the record of its runs, the HTTP validators of discovery pages,
// whether an article URL is stored already, and, through Ingest, the
// storing and extraction of the pages it fetched.
type Store interface {
	LockSource(ctx context.Context, id string) (release func(), ok bool, err error)
	UpsertSource(ctx context.Context, id, name, province, url string) error
	RecordRun(ctx context.Context, id string, at time.Time, pages, articlesNew, errs int, lastErr string) error
	SetNextRun(ctx context.Context, id string, next time.Time) error
	Validators(ctx context.Context, url string) (etag, lastModified string, err error)
	SetValidators(ctx context.Context, url, etag, lastModified string) error
	// HasURL reports whether a page of this canonical URL is stored.
	HasURL(ctx context.Context, canonical string) (bool, error)
	// Ingest stores and extracts the pages sent on pages, and returns when
	// the channel is closed and all of them are committed.
	Ingest(ctx context.Context, pages <-chan Page) (Stored, error)
}

// Page is a fetched article page, as the crawl hands it on.
type Page struct {
	SourceID     string
	URL          string // as requested
	CanonicalURL string
	ContentType  string
	Charset      string // from the Content-Type header
	FetchedAt    time.Time
	Raw          []byte
	Province     string             // the source's province
	Selectors    *extract.Selectors // the source's selectors, may be nil
}

// Stored is what the pages of one crawl became.
type Stored struct {
	New         int // new or changed articles stored
	ShortBodies int // of those, stored with an empty or short body
	Failed      int // pages that could not be extracted
}

// Crawler crawls sources into a store.
type Crawler struct {
	Config  *Config
	Store   Store
	Log     *slog.Logger
	Metrics *Metrics // may be nil
	Options Options
	// Progress, when set, is called as pages are fetched (at most every
	// few hundred milliseconds per source) with the counts so far.
	Progress func(Summary)
}

// Summary is what one crawl of a source did.
type Summary struct {
	Source      string         `json:"source"`
	Pages       int            `json:"pages"`        // article pages fetched
	Discovery   int            `json:"discovery"`    // feeds, sitemaps and listings fetched
	NotModified int            `json:"not_modified"` // discovery pages answered 304
	New         int            `json:"new"`          // articles stored
	Known       int            `json:"known"`        // article links already stored, not fetched
	NotArticles int            `json:"not_articles"` // pages fetched as articles and found without article markup, not stored
	ShortBodies int            `json:"short_bodies"` // articles stored with an empty or short body
	Retries     int            `json:"retries"`
	Failed      map[string]int `json:"failed"` // by reason
	Err         string         `json:"error,omitempty"`
	Skipped     bool           `json:"skipped,omitempty"` // another process was crawling the source
}

// ErrBusy says another process sharing the database is crawling the source.
var ErrBusy = errors.New("another process is crawling this source")

// Errors a crawl reports by reason.
var (
	ErrRedirectLoop     = errors.New("redirect loop")
	ErrTooManyRedirects = errors.New("too many redirects")
	errTooLarge         = errors.New("too_large")
	errContentType      = errors.New("content_type")
)

const (
	kindFeed    = "feed"
	kindSitemap = "sitemap"
	kindListing = "listing"
	kindArticle = "article"
)

// run is the state of one crawl.
type run struct {
	c          *Crawler
	src        *Source
	opt        Options
	col        *colly.Collector
	inputs     chan Page
	mu         sync.Mutex
	sum        Summary
	queued     map[string]bool
	candidates map[string]bool          // article links the pattern did not take: their markup decides
	kinds      map[string]string        // URL as requested → its kind, for its body limit
	lost       map[string]time.Duration // by host: time lost to timeouts
	robots     *robots                  // robots.txt of the hosts redirects and sitemaps lead to
	sitemaps   *http.Client             // sitemaps are streamed outside colly
	ctx        context.Context
	hosts      map[string]bool // the hosts the source names
	pages      int
	lastErr    error

	lastProgress time.Time
}

// Crawl runs one pass over a source: discovery, then every new article,
// each stored raw and extracted. It returns when everything fetched is
// committed, or ctx is cancelled (what was fetched is still committed).
func (c *Crawler) Crawl(ctx context.Context, src *Source) Summary {
	opt := c.Options
	opt.defaults()
	if opt.MaxPages == 0 {
		opt.MaxPages = src.MaxPages
	}
	if opt.Since.IsZero() {
		opt.Since = src.since
	}
	r := &run{c: c, src: src, opt: opt, queued: map[string]bool{}, candidates: map[string]bool{}, kinds: map[string]string{}, lost: map[string]time.Duration{}, hosts: src.hosts(), sum: Summary{Source: src.ID, Failed: map[string]int{}}}
	log := c.Log
	if log == nil {
		log = slog.Default()
	}
	// processes sharing a PostgreSQL database crawl a source one at a time
	release, ok, err := c.Store.LockSource(ctx, src.ID)
	if err != nil {
		r.sum.Err = err.Error()
		return r.sum
	}
	if !ok {
		log.Info("crawl skipped", "source", src.ID, "reason", ErrBusy)
		r.sum.Skipped = true
		r.sum.Err = ErrBusy.Error()
		return r.sum
	}
	defer release()
	if err := c.Store.UpsertSource(ctx, src.ID, src.Name, src.Province, src.URL); err != nil {
		r.sum.Err = err.Error()
		return r.sum
	}
	r.inputs = make(chan Page, 64)
	storedc := make(chan Stored, 1)
	errc := make(chan error, 1)
	go func() {
		st, err := c.Store.Ingest(context.WithoutCancel(ctx), r.inputs)
		storedc <- st
		errc <- err
	}()
	r.ctx = ctx
	r.col = r.collector(ctx)
	for _, u := range src.Feeds {
		r.visit(u, kindFeed)
	}
	for _, u := range src.Sitemaps {
		r.visit(u, kindSitemap)
	}
	for _, u := range src.Listings {
		r.visit(u, kindListing)
	}
	r.col.Wait()
	close(r.inputs)
	st := <-storedc
	if err := <-errc; err != nil && !errors.Is(err, context.Canceled) {
		r.lastErr = err
	}
	r.sum.New = st.New
	r.sum.ShortBodies = st.ShortBodies
	if st.Failed > 0 {
		r.sum.Failed["extract"] += st.Failed
	}
	if r.lastErr != nil {
		r.sum.Err = r.lastErr.Error()
	} else if ctx.Err() != nil {
		r.sum.Err = ctx.Err().Error()
	}
	failed := 0
	for _, n := range r.sum.Failed {
		failed += n
	}
	// everything failing is an error of the run, even when each was counted
	if r.sum.Err == "" && r.sum.Pages+r.sum.Discovery == 0 && failed > 0 {
		r.sum.Err = fmt.Sprintf("nothing could be fetched (%s)", reasons(r.sum.Failed))
	}
	if err := c.Store.RecordRun(context.WithoutCancel(ctx), src.ID, time.Now(), r.sum.Pages+r.sum.Discovery, r.sum.New, failed, r.sum.Err); err != nil {
		log.Error("crawl: record run", "source", src.ID, "err", err)
	}
	if c.Metrics != nil {
		c.Metrics.observe(src.ID, r.sum)
	}
	return r.sum
}

func reasons(m map[string]int) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	return strings.Join(parts, ", ")
}

func (r *run) collector(ctx context.Context) *colly.Collector {
	o := r.opt
	col := colly.NewCollector(
		colly.UserAgent(r.c.Config.Agent()),
		colly.Async(true),
		colly.AllowURLRevisit(),                                   // the store decides what is known
		colly.MaxBodySize(max(o.MaxSitemapSize, o.MaxBodySize)+1), // a backstop: each kind's limit is the transport's
		colly.StdlibContext(ctx),
	)
	col.IgnoreRobotsTxt = false
	dialer := &net.Dialer{Timeout: o.ConnectTimeout}
	transport := &limitedTransport{base: &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       30 * time.Second,
	}, limit: func(req *http.Request) int64 { return int64(r.limit(req.URL.String())) }}
	col.WithTransport(transport)
	r.robots = &robots{client: &http.Client{Transport: transport, Timeout: o.BodyTimeout}, agent: r.c.Config.Agent(), byHost: map[string]*robotstxt.RobotsData{}}
	r.sitemaps = &http.Client{Transport: transport, Timeout: o.BodyTimeout, CheckRedirect: r.checkRedirect}
	col.SetRequestTimeout(o.BodyTimeout)
	col.SetRedirectHandler(r.checkRedirect)
	par := r.src.Parallelism
	if o.Parallelism > 0 {
		par = o.Parallelism
	}
	rule := &colly.LimitRule{DomainGlob: "*", Parallelism: par}
	if !o.NoPoliteness {
		rule.Delay = r.src.Delay
		rule.RandomDelay = r.src.Delay / 2
	}
	col.Limit(rule)

	col.OnRequest(func(req *colly.Request) {
		if kind := req.Ctx.Get("kind"); kind != kindArticle {
			etag, lm, err := r.c.Store.Validators(ctx, req.Ctx.Get("url"))
			if err == nil {
				if etag != "" {
					req.Headers.Set("If-None-Match", etag)
				}
				if lm != "" {
					req.Headers.Set("If-Modified-Since", lm)
				}
			}
		}
	})
	col.OnResponseHeaders(func(resp *colly.Response) {
		if resp.StatusCode != http.StatusOK {
			return
		}
		// keep the bytes as sent: colly would convert a declared charset to
		// UTF-8; extraction decodes them, from the header kept here
		ct := resp.Headers.Get("Content-Type")
		resp.Ctx.Put("content_type", ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			resp.Headers.Set("Content-Type", mt)
		}
		if n, err := strconv.Atoi(resp.Headers.Get("Content-Length")); err == nil && n > r.limit(resp.Request.URL.String()) {
			resp.Ctx.Put("failed", errTooLarge.Error())
			resp.Request.Abort()
			return
		}
		if resp.Ctx.Get("kind") == kindArticle || resp.Ctx.Get("kind") == kindListing {
			mt, _, _ := mime.ParseMediaType(resp.Headers.Get("Content-Type"))
			if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" {
				resp.Ctx.Put("failed", errContentType.Error())
				resp.Request.Abort()
			}
		}
	})
	col.OnResponse(func(resp *colly.Response) {
		if len(resp.Body) > r.limit(resp.Request.URL.String()) {
			r.fail(resp.Ctx.Get("url"), errTooLarge.Error(), nil)
			return
		}
		switch resp.Ctx.Get("kind") {
		case kindFeed, kindSitemap:
			r.count(func(s *Summary) { s.Discovery++ })
			r.saveValidators(ctx, resp)
			r.onXML(bytes.NewReader(resp.Body), resp.Request.URL)
		case kindListing:
			r.count(func(s *Summary) { s.Discovery++ })
			r.saveValidators(ctx, resp)
			r.onListing(resp)
		case kindArticle:
			r.count(func(s *Summary) { s.Pages++ })
			r.onArticle(ctx, resp)
		}
	})
	col.OnError(func(resp *colly.Response, err error) {
		r.onError(ctx, resp, err)
	})
	return col
}

// Abort-ed requests come back through OnScraped with no error in colly; the
// reason is picked up here.
func (r *run) count(f func(*Summary)) {
	r.mu.Lock()
	f(&r.sum)
	var snap *Summary
	if r.c.Progress != nil && time.Since(r.lastProgress) > 300*time.Millisecond {
		r.lastProgress = time.Now()
		cp := r.sum
		cp.Failed = map[string]int{}
		for k, v := range r.sum.Failed {
			cp.Failed[k] = v
		}
		snap = &cp
	}
	r.mu.Unlock()
	if snap != nil {
		r.c.Progress(*snap)
	}
}

func (r *run) fail(u, reason string, err error) {
	r.mu.Lock()
	r.sum.Failed[reason]++
	if err != nil {
		r.lastErr = fmt.Errorf("%s: %w", u, err)
	}
	r.mu.Unlock()
	if r.c.Log != nil {
		r.c.Log.Warn("crawl: failed", "source", r.src.ID, "url", u, "reason", reason, "err", err)
	}
}

// visit queues a URL once per run.
func (r *run) visit(raw, kind string) {
	u, err := CanonicalURL(raw)
	if err != nil {
		r.fail(raw, "bad_url", err)
		return
	}
	r.mu.Lock()
	if r.queued[kind+" "+u] {
		r.mu.Unlock()
		return
	}
	if kind == kindArticle {
		if r.pages >= r.opt.MaxPages {
			r.mu.Unlock()
			return
		}
		r.pages++
	}
	r.queued[kind+" "+u] = true
	r.kinds[raw], r.kinds[u] = kind, kind
	r.mu.Unlock()
	if kind == kindSitemap {
		r.fetchSitemap(raw, u)
		return
	}
	ctx := colly.NewContext()
	ctx.Put("kind", kind)
	ctx.Put("url", u)
	ctx.Put("attempt", "0")
	if err := r.col.Request("GET", raw, nil, ctx, nil); err != nil {
		if errors.As(err, new(*colly.AlreadyVisitedError)) {
			return
		}
		reason, _ := classify(0, err)
		if reason == "robots" {
			err = nil // counted, not an error of the run
		}
		r.fail(u, reason, err)
	}
}

// checkRedirect follows a redirect only within the hosts the source names,
// reading a new host's robots.txt first (colly reads only the first
// request's), and stops loops and long chains.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	o := r.opt
	if len(via) >= o.MaxRedirects {
		return ErrTooManyRedirects
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return ErrRedirectLoop
		}
	}
	// only to the hosts the source names, and a new host's robots.txt
	// is read first (colly reads only the first request's)
	if !r.hosts[strings.ToLower(req.URL.Host)] {
		return fmt.Errorf("%s: %w", req.URL.Host, ErrOffSite)
	}
	if !strings.EqualFold(req.URL.Host, via[0].URL.Host) && !r.robots.allowed(req.Context(), req.URL) {
		return colly.ErrRobotsTxtBlocked
	}
	return nil
}

// chargeTimeout counts a timeout against its host's budget and reports
// whether the host has budget left for another try.
func (r *run) chargeTimeout(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lost[host] += r.opt.BodyTimeout
	return r.lost[host] < r.opt.HostBudget
}

// limit is the largest body read for a URL: a sitemap may be 50 MB, any
// other page (and a URL reached by a redirect) the options' MaxBodySize.
func (r *run) limit(u string) int {
	r.mu.Lock()
	kind := r.kinds[u]
	r.mu.Unlock()
	if kind == kindSitemap {
		return max(r.opt.MaxSitemapSize, r.opt.MaxBodySize)
	}
	return r.opt.MaxBodySize
}

// known asks the store whether an article URL is stored already.
func (r *run) known(ctx context.Context, u string) bool {
	has, err := r.c.Store.HasURL(ctx, u)
	return err == nil && has
}

// article considers a link: an article of the source, new or known.
//
// A link the source's pattern does not take is still fetched when it is on
// the source's own hosts and comes from a feed or sitemap (lists of
// articles), or reads like an article's slug: its page's markup decides
// (onArticle).
func (r *run) article(ctx context.Context, link string, fromList bool) (isNew bool) {
	u, err := CanonicalURL(link)
	if err != nil {
		return false
	}
	if !r.src.IsArticle(u) && !r.src.IsArticle(link) {
		pu, err := url.Parse(u)
		if err != nil || !r.hosts[strings.ToLower(pu.Host)] || !fromList && !slugLike(pu.Path) {
			return false
		}
		r.mu.Lock()
		r.candidates[u] = true
		r.mu.Unlock()
	}
	if r.known(ctx, u) {
		r.count(func(s *Summary) { s.Known++ })
		return false
	}
	r.visit(u, kindArticle)
	return true
}

func (r *run) saveValidators(ctx context.Context, resp *colly.Response) {
	r.c.Store.SetValidators(ctx, resp.Ctx.Get("url"), resp.Headers.Get("ETag"), resp.Headers.Get("Last-Modified"))
}

// fetchSitemap reads a sitemap or sitemap index as a stream, up to
// MaxSitemapSize uncompressed, outside colly (which would hold the whole
// body in memory): robots.txt, conditional request, redirects within the
// source's hosts. It runs in the goroutine that found it, so the crawl's
// wait covers the articles it queues.
func (r *run) fetchSitemap(raw, u string) {
	ctx := r.ctx
	target, err := url.Parse(raw)
	if err != nil {
		r.fail(u, "bad_url", err)
		return
	}
	if !r.robots.allowed(ctx, target) {
		r.fail(u, "robots", nil)
		return
	}
	req, err := http.NewRequestWithContext(ctx, "GET", raw, nil)
	if err != nil {
		r.fail(u, "bad_url", err)
		return
	}
	req.Header.Set("User-Agent", r.c.Config.Agent())
	if etag, lm, err := r.c.Store.Validators(ctx, u); err == nil {
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		if lm != "" {
			req.Header.Set("If-Modified-Since", lm)
		}
	}
	res, err := r.sitemaps.Do(req)
	if err != nil {
		reason, _ := classify(0, err)
		r.fail(u, reason, fmt.Errorf("%s: %w", reason, err))
		return
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode == http.StatusNotModified:
		r.count(func(s *Summary) { s.Discovery++; s.NotModified++ })
		return
	case res.StatusCode != http.StatusOK:
		reason, _ := classify(res.StatusCode, nil)
		r.fail(u, reason, fmt.Errorf("%s: HTTP %d", reason, res.StatusCode))
		return
	}
	r.count(func(s *Summary) { s.Discovery++ })
	if err := r.onXML(res.Body, res.Request.URL); err != nil {
		r.fail(u, "too_large", nil)
		return
	}
	r.c.Store.SetValidators(ctx, u, res.Header.Get("ETag"), res.Header.Get("Last-Modified"))
}

// onXML reads RSS, Atom, sitemaps and sitemap indexes as a stream, links
// resolved against base. It returns the error that ended the stream early
// (a body over its limit), nil at its end or at malformed XML.
func (r *run) onXML(body io.Reader, base *url.URL) error {
	ctx := context.Background()
	abs := func(s string) string {
		u, err := base.Parse(s)
		if err != nil {
			return s
		}
		return u.String()
	}
	dec := xml.NewDecoder(body)
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var inLoc, inLink, inSitemap bool
	for {
		tok, err := dec.Token()
		if errors.Is(err, errTooLarge) {
			return err
		}
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sitemap":
				inSitemap = true
			case "loc":
				inLoc = true
			case "link":
				inLink = true
				for _, a := range t.Attr { // Atom: <link href="…"/>
					if a.Name.Local == "href" {
						r.article(ctx, abs(a.Value), true)
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "sitemap":
				inSitemap = false
			case "loc":
				inLoc = false
			case "link":
				inLink = false
			}
		case xml.CharData:
			s := strings.TrimSpace(string(t))
			if s == "" {
				continue
			}
			switch {
			case inLoc && inSitemap:
				r.visit(abs(s), kindSitemap)
			case inLoc, inLink:
				r.article(ctx, abs(s), true)
			}
		}
	}
}

// onListing follows article links and, while the page brought something
// new, the next page.
func (r *run) onListing(resp *colly.Response) {
	ctx := context.Background()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(resp.Body))
	if err != nil {
		r.fail(resp.Ctx.Get("url"), "parse", err)
		return
	}
	fresh := 0
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if r.article(ctx, resp.Request.AbsoluteURL(href), false) {
			fresh++
		}
	})
	if fresh == 0 {
		return // paging stops at a page of known articles
	}
	if next := nextPage(doc); next != "" {
		r.visit(resp.Request.AbsoluteURL(next), kindListing)
	}
}

// nextPage finds the link to the next listing page.
func nextPage(doc *goquery.Document) string {
	if h, ok := doc.Find(`a[rel="next"], link[rel="next"]`).First().Attr("href"); ok {
		return h
	}
	var found string
	doc.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		t := strings.ToLower(strings.TrimSpace(a.Text()))
		switch t {
		case "trang sau", "sau", "tiếp", "tiếp theo", "xem tiếp", "»", "›", ">", "next":
			found, _ = a.Attr("href")
			return false
		}
		return true
	})
	return found
}

var reCanonical = `link[rel="canonical"]`

// slugLike tells an article's path from a section's: its last segment has
// at least four words joined by hyphens ("/chinh-tri/dan-van-kheo-o-xa-a"),
// where sections have one or two ("/chinh-tri").
func slugLike(path string) bool {
	seg := path[strings.LastIndexByte(strings.TrimRight(path, "/"), '/')+1:]
	return strings.Count(strings.TrimRight(seg, "/"), "-") >= 3
}

// onArticle keeps the page raw, when its markup says it is an article, and
// sends it to extraction.
func (r *run) onArticle(ctx context.Context, resp *colly.Response) {
	u := resp.Ctx.Get("url")
	final, err := CanonicalURL(resp.Request.URL.String())
	if err == nil && final != u && r.known(ctx, final) {
		r.count(func(s *Summary) { s.Known++ })
		return
	}
	if err == nil {
		u = final
	}
	r.mu.Lock()
	candidate := r.candidates[resp.Ctx.Get("url")]
	r.mu.Unlock()
	if doc, err := goquery.NewDocumentFromReader(bytes.NewReader(resp.Body)); err == nil {
		// a page the pattern takes needs less of it (ArticleEvidence)
		if ok, why := extract.ArticleEvidence(doc, r.src.Selectors, !candidate); !ok {
			{
				r.count(func(s *Summary) { s.NotArticles++ })
				if r.c.Log != nil {
					r.c.Log.Info("crawl: not an article", "source", r.src.ID, "url", u, "why", why)
				}
				return
			}
		}
		if h, ok := doc.Find(reCanonical).First().Attr("href"); ok {
			if cu, err := CanonicalURL(resp.Request.AbsoluteURL(h)); err == nil && cu != u {
				if r.known(ctx, cu) {
					r.count(func(s *Summary) { s.Known++ })
					return
				}
				u = cu
			}
		}
	}
	raw := append([]byte(nil), resp.Body...)
	ct := resp.Ctx.Get("content_type")
	_, params, _ := mime.ParseMediaType(ct)
	p := Page{SourceID: r.src.ID, URL: resp.Request.URL.String(), CanonicalURL: u, ContentType: ct, Charset: params["charset"], FetchedAt: time.Now(), Raw: raw,
		Province: r.src.Province, Selectors: r.src.Selectors}
	select {
	case r.inputs <- p:
		r.count(func(s *Summary) { s.New++ }) // provisional: the store's count replaces it at the end
	case <-ctx.Done():
	}
}

// onError retries what may pass next time (timeouts, resets, 5xx, 429),
// honouring Retry-After, and counts the rest by reason.
func (r *run) onError(ctx context.Context, resp *colly.Response, err error) {
	u := resp.Ctx.Get("url")
	kind := resp.Ctx.Get("kind")
	if reason := resp.Ctx.Get("failed"); reason != "" {
		r.fail(u, reason, nil)
		return
	}
	status := resp.StatusCode
	if status == http.StatusNotModified {
		r.count(func(s *Summary) { s.Discovery++; s.NotModified++ })
		return
	}
	reason, retry := classify(status, err)
	if reason == "timeout" && !r.chargeTimeout(resp.Request.URL.Host) {
		retry = false // the host has used its budget
	}
	attempt, _ := strconv.Atoi(resp.Ctx.Get("attempt"))
	if retry && attempt < r.opt.MaxRetries && ctx.Err() == nil {
		wait := r.opt.RetryBase << attempt
		wait = wait/2 + time.Duration(rand.Int63n(int64(wait)/2+1)) // jitter
		if ra := retryAfter(resp.Headers); ra > 0 {
			wait = min(ra, r.opt.MaxRetryAfter)
		}
		resp.Ctx.Put("attempt", strconv.Itoa(attempt+1))
		r.count(func(s *Summary) { s.Retries++ })
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			r.fail(u, "cancelled", ctx.Err())
			return
		}
		if err := resp.Request.Retry(); err == nil {
			return
		}
	}
	if kind == kindArticle {
		r.mu.Lock()
		r.pages-- // the budget counts pages fetched
		r.mu.Unlock()
	}
	r.fail(u, reason, fmt.Errorf("%s: %w", reason, err))
}

// classify names a failure and says whether to try again.
func classify(status int, err error) (string, bool) {
	switch {
	case status == http.StatusTooManyRequests:
		return "429", true
	case status >= 500:
		return strconv.Itoa(status), true
	case status == http.StatusNotFound || status == http.StatusGone:
		return "not_found", false
	case status >= 400:
		return strconv.Itoa(status), false
	case err == nil:
		return "error", false
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return "robots", false
	case errors.Is(err, ErrRedirectLoop), errors.Is(err, ErrTooManyRedirects):
		return "redirect", false
	case errors.Is(err, ErrOffSite):
		return "off_site", false
	case errors.Is(err, errTooLarge):
		return "too_large", false
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), strings.Contains(err.Error(), "connection reset"), strings.Contains(err.Error(), "EOF"):
		return "reset", true
	case isTimeout(err):
		return "timeout", true
	case strings.Contains(err.Error(), "no such host"), strings.Contains(err.Error(), "server misbehaving"):
		return "dns", false
	case strings.Contains(err.Error(), "connection refused"):
		return "refused", false
	}
	return "error", false
}

func isTimeout(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Timeout") || strings.Contains(err.Error(), "timeout")
}

// retryAfter reads Retry-After in seconds or as an HTTP date.
func retryAfter(h *http.Header) time.Duration {
	if h == nil {
		return 0
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}
