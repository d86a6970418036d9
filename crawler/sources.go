// Package crawler collects provincial papers with gocolly/colly. In: a
// sources file (YAML) and a Store, the small interface it declares for
// asking "do I have this URL?", keeping HTTP validators and runs, and taking
// the pages it fetched. Out: article pages (crawler.Page), found through
// feeds, sitemaps and listings, fetched politely and only when new, handed
// raw to Store.Ingest; a Summary per run. It imports no database: the
// store and ingester behind the interface are ingest.CrawlStore's.
package crawler

import (
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"baotinh/extract"
)

//go:embed sources.yaml
var defaultSources []byte

// Source is one paper and how to crawl it.
type Source struct {
	ID          string             `yaml:"id"`
	Name        string             `yaml:"name"`
	Province    string             `yaml:"province"`
	URL         string             `yaml:"url"`
	Feeds       []string           `yaml:"feeds"`
	Sitemaps    []string           `yaml:"sitemaps"`
	Listings    []string           `yaml:"listings"`
	Article     string             `yaml:"article"`
	Selectors   *extract.Selectors `yaml:"selectors"`
	Schedule    string             `yaml:"schedule"`
	Delay       time.Duration      `yaml:"delay"`
	Parallelism int                `yaml:"parallelism"`
	MaxPages    int                `yaml:"max_pages"`
	Since       string             `yaml:"since"`

	articleRE *regexp.Regexp
	since     time.Time
	line      int
}

// Config is a sources file.
type Config struct {
	UserAgent string   `yaml:"user_agent"`
	Contact   string   `yaml:"contact"`
	Sources   []Source `yaml:"sources"`
}

// Agent is the User-Agent sent, with the contact in it.
func (c *Config) Agent() string {
	ua := c.UserAgent
	if ua == "" {
		ua = "baotinh/1.0"
	}
	if c.Contact != "" {
		ua += " (+" + c.Contact + ")"
	}
	return ua
}

// IsArticle reports whether a URL is one of the source's article pages.
//
// A site reached under another scheme or subdomain than its url names
// (http://, www., beta.) is the same site: the link is tested as the
// source's own scheme and host would spell it too.
func (s *Source) IsArticle(u string) bool {
	if s.articleRE.MatchString(u) {
		return true
	}
	if alt, ok := s.onOwnHost(u); ok {
		return s.articleRE.MatchString(alt)
	}
	return false
}

// onOwnHost rewrites u with the scheme and host of the source's url when
// u's host is that host, or a subdomain of it, or it without "www.".
func (s *Source) onOwnHost(u string) (string, bool) {
	lu, err := url.Parse(u)
	if err != nil || lu.Host == "" {
		return "", false
	}
	su, err := url.Parse(s.URL)
	if err != nil || su.Host == "" {
		return "", false
	}
	site := strings.TrimPrefix(strings.ToLower(su.Hostname()), "www.")
	h := strings.ToLower(lu.Hostname())
	if h != site && !strings.HasSuffix(h, "."+site) {
		return "", false
	}
	lu.Scheme, lu.Host = su.Scheme, su.Host
	return lu.String(), true
}

// sinceTime is the source's oldest article date, zero when unset.
func (s *Source) sinceTime() time.Time { return s.since }

// Find returns the source with an id.
func (c *Config) Find(id string) (*Source, bool) {
	for i := range c.Sources {
		if c.Sources[i].ID == id {
			return &c.Sources[i], true
		}
	}
	return nil, false
}

// DefaultConfig is the sources file embedded in the binary.
func DefaultConfig(g *extract.Gazetteer) (*Config, error) {
	return LoadSources(defaultSources, "embedded sources.yaml", g)
}

var reID = regexp.MustCompile(`^[a-z0-9-]+$`)

// cronParser accepts standard five-field specs and @every / @hourly.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// LoadSources reads and validates a sources file. Every problem is
// reported with its line and key ("sources.yaml:12: sources[2].schedule: …").
func LoadSources(b []byte, name string, g *extract.Gazetteer) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var c Config
	if err := root.Decode(&c); err != nil {
		return nil, extract.DescribeYAML(name, err)
	}
	lines := keyLines(&root)
	var errs []error
	bad := func(i int, key, format string, a ...any) {
		line := lines[fmt.Sprintf("%d.%s", i, key)]
		if line == 0 {
			line = lines[fmt.Sprintf("%d", i)]
		}
		errs = append(errs, fmt.Errorf("%s:%d: sources[%d].%s: %s", name, line, i, key, fmt.Sprintf(format, a...)))
	}
	if len(c.Sources) == 0 {
		errs = append(errs, fmt.Errorf("%s: no sources", name))
	}
	seen := map[string]int{}
	for i := range c.Sources {
		s := &c.Sources[i]
		s.line = lines[fmt.Sprintf("%d", i)]
		if !reID.MatchString(s.ID) {
			bad(i, "id", "%q: want lower-case letters, digits and '-'", s.ID)
		} else if j, dup := seen[s.ID]; dup {
			bad(i, "id", "%q already used by sources[%d]", s.ID, j)
		}
		seen[s.ID] = i
		if s.Province != "" && g != nil {
			if _, ok := g.Lookup(s.Province); !ok {
				bad(i, "province", "%q is not a province the gazetteer knows", s.Province)
			}
		}
		for _, k := range []struct {
			key  string
			list []string
		}{{"url", []string{s.URL}}, {"feeds", s.Feeds}, {"sitemaps", s.Sitemaps}, {"listings", s.Listings}} {
			for _, u := range k.list {
				if k.key == "url" && u == "" {
					bad(i, "url", "missing")
					continue
				}
				p, err := url.Parse(u)
				if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
					bad(i, k.key, "%q is not an http(s) URL", u)
				}
			}
		}
		if len(s.Feeds)+len(s.Sitemaps)+len(s.Listings) == 0 {
			bad(i, "listings", "no feeds, sitemaps or listings: nothing to start from")
		}
		if s.Article == "" {
			bad(i, "article", "missing: a regular expression for article URLs")
		} else if re, err := regexp.Compile(s.Article); err != nil {
			bad(i, "article", "%v", err)
		} else {
			s.articleRE = re
		}
		if s.Schedule == "" {
			s.Schedule = "@every 6h"
		}
		if _, err := cronParser.Parse(s.Schedule); err != nil {
			bad(i, "schedule", "%q: %v", s.Schedule, err)
		}
		if s.Delay < 0 {
			bad(i, "delay", "negative")
		}
		if s.Parallelism == 0 {
			s.Parallelism = 2
		}
		if s.Parallelism < 0 || s.Parallelism > 32 {
			bad(i, "parallelism", "%d: want 1 to 32", s.Parallelism)
		}
		if s.MaxPages == 0 {
			s.MaxPages = 200
		}
		if s.MaxPages < 0 {
			bad(i, "max_pages", "negative")
		}
		if s.Since != "" {
			d, err := extract.ParseDate(s.Since)
			if err != nil {
				bad(i, "since", "%v", err)
			}
			s.since = d.Time
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &c, nil
}

// keyLines maps "i" and "i.key" of the sources list to their lines.
func keyLines(root *yaml.Node) map[string]int {
	out := map[string]int{}
	if len(root.Content) == 0 {
		return out
	}
	doc := root.Content[0]
	for k := 0; k+1 < len(doc.Content); k += 2 {
		if doc.Content[k].Value != "sources" {
			continue
		}
		list := doc.Content[k+1]
		for i, item := range list.Content {
			out[fmt.Sprintf("%d", i)] = item.Line
			for j := 0; j+1 < len(item.Content); j += 2 {
				out[fmt.Sprintf("%d.%s", i, item.Content[j].Value)] = item.Content[j].Line
			}
		}
	}
	return out
}

// trackingParams are query parameters that only track a click.
var trackingParams = []string{"utm_", "fbclid", "gclid", "zarsrc", "mc_cid", "mc_eid", "_ga", "ref", "cmpid", "share", "fb_action_ids", "igshid"}

// CanonicalURL cleans a URL for dedupe: no fragment, no tracking
// parameters, lower-case scheme and host, no default port, parameters in
// order, no trailing slash except the root's.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("url %q: not an absolute http(s) URL", raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(u.Host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(u.Host, ":443")) {
		u.Host = u.Host[:strings.LastIndexByte(u.Host, ':')]
	}
	u.Fragment, u.RawFragment = "", ""
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		for _, t := range trackingParams {
			if lk == t || strings.HasSuffix(t, "_") && strings.HasPrefix(lk, t) {
				q.Del(k)
			}
		}
	}
	u.RawQuery = q.Encode()
	if u.Path == "" {
		u.Path = "/"
	}
	if len(u.Path) > 1 {
		u.Path = strings.TrimRight(u.Path, "/")
		if u.Path == "" {
			u.Path = "/"
		}
	}
	u.RawPath = ""
	return u.String(), nil
}
