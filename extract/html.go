package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// DecodeHTML converts an HTML page to UTF-8 using, in order, the charset of
// the HTTP Content-Type, the page's <meta> declaration and sniffing
// (windows-1258, the Vietnamese Windows code page, included).
func DecodeHTML(b []byte, contentType string) (string, error) {
	s, _, err := decodeHTML(b, contentType)
	return s, err
}

// decodeHTML is DecodeHTML with what it had to repair: a page declared or
// sniffed as UTF-8 that holds bytes UTF-8 does not allow is read as UTF-8,
// each bad byte a U+FFFD, and a warning says how many there were.
func decodeHTML(b []byte, contentType string) (string, *Warning, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", nil, ErrEmpty
	}
	if bytes.IndexByte(b[:min(len(b), 8192)], 0) >= 0 {
		return "", nil, ErrBinary
	}
	// Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever the
	// page declares: legacy Vietnamese encodings almost never form valid
	// UTF-8, and pages saved again as UTF-8 often keep their old meta tag.
	if utf8.Valid(b) && hasNonASCII(b) {
		s, err := CheckText(b)
		return s, nil, err
	}
	enc, name, _ := charset.DetermineEncoding(b, contentType)
	declared := declaredCharset(b, contentType)
	if name == "utf-8" || enc == nil || declared == "" && mostlyUTF8(b) {
		// declared or sniffed UTF-8 with stray bytes: repaired, not re-read
		// in another code page (one bad byte would turn the page to mojibake)
		bad := invalidUTF8(b)
		s := strings.TrimPrefix(strings.ToValidUTF8(string(b), "\uFFFD"), "\uFEFF")
		if bad == 0 {
			return s, nil, nil
		}
		return s, &Warning{Kind: "invalid_utf8", Message: fmt.Sprintf("the page is UTF-8 but holds %d bytes that are not; each was replaced by U+FFFD", bad)}, nil
	}
	if declared == "" {
		// nothing declared and not UTF-8: the Vietnamese code page
		enc, name = charmap.Windows1258, "windows-1258"
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(b)))
	if err != nil {
		return "", nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return string(out), nil, nil
}

var reMetaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_-]+)`)

// declaredCharset returns the charset the HTTP header or a <meta> in the
// first 1024 bytes names, lower case, "" when none does.
func declaredCharset(b []byte, contentType string) string {
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		return strings.ToLower(params["charset"])
	}
	if m := reMetaCharset.FindSubmatch(b[:min(len(b), 1024)]); m != nil {
		return strings.ToLower(string(m[1]))
	}
	return ""
}

// mostlyUTF8: nine in ten of the page's non-ASCII bytes belong to valid
// UTF-8 sequences, so the few others are damage, not another encoding.
func mostlyUTF8(b []byte) bool {
	valid, bad := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
			i++
			continue
		}
		valid += size
		i += size
	}
	return valid > 0 && bad*10 <= valid+bad
}

// invalidUTF8 counts the bytes of b that do not belong to a valid UTF-8 sequence.
func invalidUTF8(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			n++
		}
		i += max(size, 1)
	}
	return n
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// junkSelector removes what is never the article.
const junkSelector = "script, style, noscript, iframe, form, nav, header, footer, aside, button, select, svg, figure figcaption + script, .comment, .comments, #comments, .related, .tin-lien-quan, .box-related, .share, .social, .tags, .breadcrumb, .menu, .sidebar, .advertisement, .ads, [role=navigation], [role=complementary]"

var reJunkClass = regexp.MustCompile(`(?i)(comment|related|lien-?quan|menu|footer|share|social|sidebar|banner|advert|\bads?\b|widget|popular|xem-?nhieu|most-?read|breadcrumb|tags?\b|navbar|subscribe|newsletter|cung-?chuyen-?muc|tin-?khac|other-?news)`)

// HTML extracts an article from an HTML page (already UTF-8).
func (x *Extractor) HTML(page string, opt Options) (*Article, error) {
	if strings.TrimSpace(page) == "" {
		return nil, ErrEmpty
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil && strings.Contains(err.Error(), "open stack of elements exceeds") {
		// the parser refuses more than 512 open elements: read the page
		// with the elements past maxDepth left out, their text kept
		doc, err = goquery.NewDocumentFromReader(strings.NewReader(flattenDeep(page, maxDepth)))
	}
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	// the headline a reader sees: the configured selector's, the article's
	// <h1>, then og:title, then <title> without the site's name
	site := attr(doc, `meta[property="og:site_name"]`, "content")
	title := firstNonEmpty(
		selText(doc, selOr(opt.Selectors, "title", "")),
		articleH1(doc, site),
		attr(doc, `meta[property="og:title"]`, "content"),
		withoutSiteName(selText(doc, "title"), site),
	)
	pub := publishedHTML(doc, opt.Selectors)
	hints := strings.Join([]string{
		attr(doc, `meta[property="og:site_name"]`, "content"),
		attr(doc, `link[rel="canonical"]`, "href"),
		attr(doc, `meta[property="og:url"]`, "content"),
		opt.URL,
	}, " ")

	var body *goquery.Selection
	if opt.Selectors != nil && opt.Selectors.Body != "" {
		if b := doc.Find(opt.Selectors.Body).First(); b.Length() > 0 {
			body = b
		}
	}
	var warnings []Warning
	if opt.Selectors != nil && opt.Selectors.Body != "" && body == nil {
		warnings = append(warnings, Warning{Kind: "selectors_missed", Message: fmt.Sprintf("the source's body selector %q matches nothing on this page; the general rule read it", opt.Selectors.Body)})
	}
	if body == nil {
		body = x.generalBody(doc, page, opt.URL)
	}
	if body == nil {
		removeFurniture(doc.Selection)
		body = mainContent(doc)
	} else {
		body.Find(junkSelector).Remove()
	}
	text := Normalize(blockText(body)) // may be empty: the article is kept, with a warning
	title = Normalize(strings.TrimSpace(title))
	// the headline is part of what the article states, as the first line of
	// a plain-text page is: it opens the text when the container lacks it
	if title != "" && !strings.Contains(text[:min(len(text), len(title)+400)], title) {
		text = title + "\n" + text
	}
	// The container may start with its own header (headline, dateline)
	// and end with a tail (byline, related list).
	low := newLowered(text)
	lo := x.layoutText(text, low)
	if pub.IsZero() {
		pub = lo.published
	}
	a := &Article{Title: title, Published: publishedOr(pub, opt), Text: text, BodyStart: lo.bodyStart, BodyEnd: lo.bodyEnd, low: low, Warnings: warnings}
	if a.Title == "" {
		a.Title = lo.title
	}
	// The container is the article: of its header only the headline and
	// datelines are left out, never a short lead paragraph.
	a.BodyStart = min(a.BodyStart, containerBodyStart(text, a.Title, lo.bodyEnd))
	if opt.URL == "" {
		opt.URL = firstNonEmpty(attr(doc, `link[rel="canonical"]`, "href"), attr(doc, `meta[property="og:url"]`, "content"))
	}
	x.resolveProvince(a, opt, hints)
	x.findFigures(a, 0, opt.URL)
	a.holdFigures()
	if n := runeLen(strings.TrimSpace(a.Body())); n < MinBody {
		a.Warnings = append(a.Warnings, Warning{Kind: WarnShortBody, Message: fmt.Sprintf("the article body has %d characters, under the %d expected of an article: the page may not have been read", n, MinBody)})
	}
	a.low = nil // not kept with the article: it would double its text in memory
	return a, nil
}

// maxDepth is how deeply elements nest before flattenDeep leaves the deeper
// ones out: under the parser's limit of 512, with room for what it adds.
const maxDepth = 400

// flattenDeep writes page again without the tags of elements nested deeper
// than max (their text and shallower elements stay), for the HTML parser,
// which refuses a page nested deeper than 512 elements.
func flattenDeep(page string, max int) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(page))
	var open []bool // per open element: whether its tags are kept
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				b.Write(z.Raw())
				continue
			}
			keep := len(open) < max
			open = append(open, keep)
			if keep {
				b.Write(z.Raw())
			}
			continue
		case html.EndTagToken:
			keep := true
			if n := len(open); n > 0 {
				keep, open = open[n-1], open[:n-1]
			}
			if keep {
				b.Write(z.Raw())
			}
			continue
		}
		b.Write(z.Raw())
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// containerBodyStart returns where the text of an article container starts
// once its own headline and datelines are passed over.
func containerBodyStart(text, title string, end int) int {
	for _, ln := range splitLines(text) {
		t := strings.TrimSpace(text[ln.start:ln.end])
		if ln.start >= end {
			return end
		}
		if t == "" || t == title {
			continue
		}
		if _, ok := findShortDateline(t, runeLen(t)); ok {
			continue
		}
		return ln.start
	}
	return end
}

// articleH1 returns the first <h1> that is a headline: not in the page's
// header, navigation or footer, not a logo or the site's name, three words
// or more.
func articleH1(doc *goquery.Document, site string) string {
	out := ""
	doc.Find("h1").EachWithBreak(func(_ int, h *goquery.Selection) bool {
		if h.Closest("header, nav, footer, [class*=logo], [id*=logo]").Length() > 0 && h.Closest("article").Length() == 0 {
			return true
		}
		t := oneSpace(h.Text())
		if len(strings.Fields(t)) < 3 || site != "" && strings.EqualFold(t, oneSpace(site)) {
			return true
		}
		out = t
		return false
	})
	return out
}

// withoutSiteName drops the site's name from a <title> ("Tin … - Báo Hậu
// Giang"): the part after the last separator when it is the site's name or
// shorter than the rest.
func withoutSiteName(t, site string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — "} {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		head, tail := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(sep):])
		if site != "" && strings.EqualFold(tail, strings.TrimSpace(site)) || len([]rune(tail)) < len([]rune(head))/2 {
			return head
		}
	}
	return t
}

func selOr(s *Selectors, which, def string) string {
	if s == nil {
		return def
	}
	switch which {
	case "title":
		if s.Title != "" {
			return s.Title
		}
	case "date":
		if s.Date != "" {
			return s.Date
		}
	}
	return def
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func attr(doc *goquery.Document, sel, name string) string {
	v, _ := doc.Find(sel).First().Attr(name)
	return strings.TrimSpace(v)
}

func selText(doc *goquery.Document, sel string) string {
	if sel == "" {
		return ""
	}
	return strings.TrimSpace(strings.Join(strings.Fields(doc.Find(sel).First().Text()), " "))
}

// publishedHTML reads the publication time from metadata, then from the
// visible dateline.
func publishedHTML(doc *goquery.Document, sel *Selectors) Date {
	cands := []string{
		attr(doc, `meta[property="article:published_time"]`, "content"),
		attr(doc, `meta[itemprop="datePublished"]`, "content"),
		attr(doc, `[itemprop="datePublished"]`, "datetime"),
		attr(doc, `[itemprop="datePublished"]`, "content"),
		attr(doc, `meta[name="pubdate"]`, "content"),
		attr(doc, `meta[name="publishdate"]`, "content"),
		attr(doc, `time[datetime]`, "datetime"),
	}
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		cands = append(cands, jsonLDDate(s.Text()))
	})
	for _, c := range cands {
		if c == "" {
			continue
		}
		if d, err := ParseDate(c); err == nil {
			return d
		}
		if d, ok := FindDateline(c); ok {
			return d
		}
	}
	visible := []string{}
	if sel != nil && sel.Date != "" {
		visible = append(visible, selText(doc, sel.Date))
	}
	doc.Find(`[class*="date"], [class*="time"], [class*="publish"], [class*="meta"], [itemprop="datePublished"], time`).EachWithBreak(func(i int, s *goquery.Selection) bool {
		visible = append(visible, strings.Join(strings.Fields(s.Text()), " "))
		return i < 20
	})
	for _, v := range visible {
		if len(v) > 0 && len(v) < 160 {
			if d, ok := FindDateline(Normalize(v)); ok {
				return d
			}
		}
	}
	return Date{}
}

func jsonLDDate(s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return ""
	}
	var walk func(any) string
	walk = func(v any) string {
		switch t := v.(type) {
		case map[string]any:
			if d, ok := t["datePublished"].(string); ok {
				return d
			}
			for _, k := range []string{"@graph", "mainEntity"} {
				if x, ok := t[k]; ok {
					if d := walk(x); d != "" {
						return d
					}
				}
			}
		case []any:
			for _, x := range t {
				if d := walk(x); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return walk(v)
}

// mainContent picks the element holding the article: a known container if
// one has enough text, else the element whose paragraphs hold the most text
// with the fewest links.
// generalBody is the article body when no configured selector gives it:
// trafilatura's main content (go-trafilatura, the field's general rule,
// measured best here), or, when a container the Vietnamese press uses holds
// that content and little more, that container without its furniture (it
// keeps the headings and lists trafilatura sometimes drops). nil when
// trafilatura finds no text.
func (x *Extractor) generalBody(doc *goquery.Document, page, pageURL string) *goquery.Selection {
	opts := trafilatura.Options{ExcludeComments: true}
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	// the press's furniture goes first (related lists, comments, share
	// bars by class): trafilatura keeps some of it on short articles
	clean := goquery.CloneDocument(doc)
	clean.Find("[class], [id]").Each(func(_ int, e *goquery.Selection) {
		c, _ := e.Attr("class")
		id, _ := e.Attr("id")
		switch {
		case e.Is("body, html"):
		case rePressFurniture.MatchString(c + " " + id):
			e.Remove()
		case reMenu.MatchString(c+" "+id) && linkDensity(e) > 0.6:
			e.Remove()
		}
	})
	res, err := trafilatura.ExtractDocument(clean.Nodes[0], opts)
	if err != nil || res == nil || res.ContentNode == nil || strings.TrimSpace(res.ContentText) == "" {
		return nil
	}
	body := goquery.NewDocumentFromNode(res.ContentNode).Selection
	c := x.pressContainer(doc)
	if c == nil {
		return body
	}
	c = c.Clone()
	removeFurniture(c)
	general, own := oneSpace(body.Text()), oneSpace(c.Text())
	if len(own) <= len(general)*3/2+500 && strings.Contains(own, general[:min(len(general), 200)]) {
		return c
	}
	return body
}

// rePressFurniture names the boxes of the Vietnamese press that are never
// the article, related lists and comments, by class or id: narrower than
// reJunkClass, which would take the main text of pages elsewhere.
var rePressFurniture = regexp.MustCompile(`(?i)(^|[\s_-])(comments?|binh-?luan|related|relate|lien-?quan|tin-?khac|other-?news|cung-?chuyen-?muc|xem-?nhieu|most-?read)([\s_-]|$)`)

// reMenu names menus; one is furniture when its text is mostly links.
var reMenu = regexp.MustCompile(`(?i)menu`)

// linkDensity is the share of an element's text inside links.
func linkDensity(e *goquery.Selection) float64 {
	all := len(strings.TrimSpace(e.Text()))
	if all == 0 {
		return 0
	}
	links := 0
	e.Find("a").Each(func(_ int, a *goquery.Selection) { links += len(strings.TrimSpace(a.Text())) })
	return float64(links) / float64(all)
}

// pressContainer returns the first element of the page that one of the
// rules' article containers of the Vietnamese press selects.
func (x *Extractor) pressContainer(doc *goquery.Document) *goquery.Selection {
	for _, sel := range x.rules.ArticleContainers {
		if s := doc.Find(sel).First(); s.Length() > 0 {
			return s
		}
	}
	return nil
}

// removeFurniture takes out of s what is never the article: scripts, forms,
// related boxes, share bars, comments (by tag and by class or id).
func removeFurniture(s *goquery.Selection) {
	s.Find(junkSelector).Remove()
	s.Find("[class], [id]").Each(func(_ int, e *goquery.Selection) {
		c, _ := e.Attr("class")
		id, _ := e.Attr("id")
		if e.Is("body, html, article, main") {
			return
		}
		if reJunkClass.MatchString(c + " " + id) {
			e.Remove()
		}
	})
}

func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func mainContent(doc *goquery.Document) *goquery.Selection {
	for _, sel := range []string{`[itemprop="articleBody"]`, "article .detail-content", ".detail-content", ".article-content", ".content-detail", ".detail__content", ".post-content", ".entry-content", "#content-detail", ".news-content", "article"} {
		s := doc.Find(sel).First()
		if s.Length() > 0 && len(strings.TrimSpace(s.Text())) > 300 {
			return s
		}
	}
	var bestSel *goquery.Selection
	bestScore := 0.0
	doc.Find("div, section, td, main, article").Each(func(_ int, s *goquery.Selection) {
		score := 0.0
		s.ChildrenFiltered("p, h2, h3, blockquote, ul, ol, div").Each(func(_ int, p *goquery.Selection) {
			t := strings.TrimSpace(p.Text())
			if len(t) < 25 {
				return
			}
			links := 0
			p.Find("a").Each(func(_ int, a *goquery.Selection) { links += len(a.Text()) })
			density := float64(links) / float64(len(t))
			if density > 0.5 {
				return
			}
			w := 1.0
			if !p.Is("p") {
				w = 0.3
			}
			score += w * float64(len(t)) * (1 - density)
		})
		if score > bestScore {
			bestSel, bestScore = s, score
		}
	})
	if bestSel == nil {
		return doc.Find("body")
	}
	return bestSel
}

var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"tr": true, "table": true, "section": true, "article": true, "blockquote": true, "figcaption": true, "ul": true, "ol": true, "header": true, "footer": true, "figure": true,
}

// blockText renders a selection as text: one line per block element.
func blockText(sel *goquery.Selection) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			t := strings.Join(strings.Fields(n.Data), " ")
			if t != "" {
				if b.Len() > 0 {
					last := b.String()[b.Len()-1]
					if last != '\n' && last != ' ' && (n.Data[0] == ' ' || n.Data[0] == '\n' || n.Data[0] == '\t') {
						b.WriteByte(' ')
					}
				}
				b.WriteString(t)
				if end := n.Data[len(n.Data)-1]; end == ' ' || end == '\n' || end == '\t' {
					b.WriteByte(' ')
				}
			}
		case html.ElementNode:
			if n.Data == "script" || n.Data == "style" || n.Data == "noscript" {
				return
			}
			block := blockTags[n.Data]
			if block {
				b.WriteString("\n")
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			if block {
				b.WriteString("\n")
			}
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
	}
	for _, n := range sel.Nodes {
		walk(n)
	}
	// one blank line between blocks at most, no blank-only lines
	lines := strings.Split(b.String(), "\n")
	var out []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// ArticleEvidence tells whether a parsed page is an article by its own
// markup, whatever its URL looks like: og:type article, a JSON-LD
// NewsArticle (or Article, ReportageNewsArticle, BlogPosting), or else a
// headline, a publication date and a body of paragraphs (at least MinBody
// characters). named says that the source's article pattern takes the
// page's URL: the pattern is evidence too, so such a page needs only a
// date (an error page served as 200 or a section has none). Its body may
// then come out short: an article that could not be read, kept with a
// short_body warning. The source's selectors, when it has them, find the
// headline and the date too. why names what decided.
func ArticleEvidence(doc *goquery.Document, sel *Selectors, named bool) (ok bool, why string) {
	if strings.EqualFold(strings.TrimSpace(attr(doc, `meta[property="og:type"]`, "content")), "article") {
		return true, "og:type article"
	}
	found := ""
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if m := reLDArticle.FindStringSubmatch(s.Text()); m != nil {
			found = "JSON-LD " + m[1]
			return false
		}
		return true
	})
	if found != "" {
		return true, found
	}
	headline := strings.TrimSpace(doc.Find("h1").First().Text()) != "" || attr(doc, `meta[property="og:title"]`, "content") != ""
	if !headline && sel != nil && sel.Title != "" {
		headline = strings.TrimSpace(selText(doc, sel.Title)) != ""
	}
	dated := !publishedHTML(doc, sel).IsZero()
	if !dated {
		// a dateline typed as a paragraph of its own, as provincial papers do
		doc.Find("p").EachWithBreak(func(i int, p *goquery.Selection) bool {
			if t := strings.Join(strings.Fields(p.Text()), " "); len(t) < 160 {
				_, dated = FindDateline(Normalize(t))
			}
			return !dated && i < 5
		})
	}
	body := 0
	doc.Find("p").Each(func(_ int, p *goquery.Selection) { body += utf8.RuneCountInString(strings.TrimSpace(p.Text())) })
	switch {
	case headline && dated && body >= MinBody:
		return true, "headline, date and body"
	case dated && named:
		return true, "the pattern and a date"
	case !dated:
		return false, "no publication date"
	case !headline:
		return false, "no headline"
	}
	return false, "no body"
}

// reLDArticle finds an article's type in JSON-LD.
var reLDArticle = regexp.MustCompile(`"@type"\s*:\s*(?:\[[^\]]*?)?"((?:News|Reportage)?Article|BlogPosting|NewsArticle)"`)
