package crawler

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/temoto/robotstxt"
)

// MaxSitemapSize is the largest sitemap read by default: the sitemap
// protocol allows 50 MB (50,000 URLs) uncompressed.
const MaxSitemapSize = 50 << 20

// ErrOffSite says a redirect pointed to a host the source does not name.
var ErrOffSite = errors.New("redirect to a host the source does not name")

// limitedTransport bounds every body the crawler reads, compressed or not:
// it decompresses gzip itself (a Content-Encoding, a gzip Content-Type or a
// .gz path, where colly would inflate without a limit) and fails a read
// past the limit for the request's kind with errTooLarge.
type limitedTransport struct {
	base  http.RoundTripper
	limit func(*http.Request) int64
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body := res.Body
	if gzipped(res) {
		zr, err := gzip.NewReader(body)
		if err != nil {
			body.Close()
			return nil, fmt.Errorf("gunzip %s: %w", req.URL, err)
		}
		body = struct {
			io.Reader
			io.Closer
		}{zr, res.Body}
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
		res.ContentLength = -1
		res.Uncompressed = true // colly does not inflate it again
	}
	res.Body = &cappedBody{ReadCloser: body, left: t.limit(req)}
	return res, nil
}

// gzipped is colly's own test of a gzip body, for a body not yet inflated.
func gzipped(res *http.Response) bool {
	if res.Uncompressed {
		return false
	}
	enc := strings.ToLower(res.Header.Get("Content-Encoding"))
	ct := strings.ToLower(res.Header.Get("Content-Type"))
	return strings.Contains(enc, "gzip") || enc == "" && strings.Contains(ct, "gzip") ||
		res.Request != nil && strings.HasSuffix(strings.ToLower(res.Request.URL.Path), ".gz")
}

// cappedBody fails with errTooLarge once more than left bytes are read.
type cappedBody struct {
	io.ReadCloser
	left int64
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.ReadCloser.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, errTooLarge
	}
	return n, err
}

// hosts are the hosts a source names: its url, feeds, sitemaps and
// listings. A redirect may lead only there.
func (s *Source) hosts() map[string]bool {
	out := map[string]bool{}
	for _, raw := range append(append(append([]string{s.URL}, s.Feeds...), s.Sitemaps...), s.Listings...) {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			out[strings.ToLower(u.Host)] = true
		}
	}
	return out
}

// robots caches each host's robots.txt for one crawl.
type robots struct {
	client *http.Client
	agent  string
	mu     sync.Mutex
	byHost map[string]*robotstxt.RobotsData
}

// allowed reads u's host's robots.txt once (an unreadable or missing one
// allows everything, as colly treats it) and tests u's path against it.
func (rb *robots) allowed(ctx context.Context, u *url.URL) bool {
	key := u.Scheme + "://" + u.Host
	rb.mu.Lock()
	data, ok := rb.byHost[key]
	rb.mu.Unlock()
	if !ok {
		data = rb.fetch(ctx, key)
		rb.mu.Lock()
		rb.byHost[key] = data
		rb.mu.Unlock()
	}
	if data == nil {
		return true
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return data.TestAgent(path, rb.agent)
}

func (rb *robots) fetch(ctx context.Context, base string) *robotstxt.RobotsData {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/robots.txt", nil)
	if err != nil {
		return nil
	}
	req.Header.Set("User-Agent", rb.agent)
	res, err := rb.client.Do(req)
	if err != nil {
		return nil
	}
	defer res.Body.Close()
	data, err := robotstxt.FromResponse(res)
	if err != nil {
		return nil
	}
	return data
}
