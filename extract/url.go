package extract

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The URL a page was fetched from is evidence like any other: a provincial
// paper's or portal's host names its province ("baobacgiang.com.vn",
// "bentre.dcs.vn", "viettri.phutho.gov.vn"), and many sites put the day or
// the month of publication in their paths ("-20221016105515128.htm",
// "/202404/", "d20150202…"). Both are weaker than what the text states.

// minLabelKey is the shortest province key (in letters) looked for inside a
// host's label; a shorter one ("hue") must be the whole label.
const minLabelKey = 5

// hostProvince returns the province a page's host names: from the rules'
// table of domains, else the longest province name spelled inside one of
// the host's labels.
func (g *Gazetteer) hostProvince(rawURL string) (int, bool) {
	host := urlHost(rawURL)
	if host == "" {
		return 0, false
	}
	for h := host; h != ""; {
		if p, ok := g.hosts[h]; ok {
			return p, true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	best, bestLen := -1, 0
	for _, label := range strings.Split(host, ".") {
		label = strings.ReplaceAll(label, "-", "")
		for key, p := range g.domains {
			if len(key) <= bestLen || !strings.Contains(label, key) {
				continue
			}
			if len(key) < minLabelKey && label != key {
				continue
			}
			best, bestLen = p, len(key)
		}
	}
	return best, best >= 0
}

// slugProvince returns the province a URL's path names in its words
// ("Son-Duong-Tuyen-Quang", "Mu-Cang-Chai-Phat-huy"): a province name, else
// a district name of one province, spelled as hyphenated folded words.
func (g *Gazetteer) slugProvince(rawURL string) (int, bool) {
	joined := urlWords(rawURL)
	if joined == "" {
		return 0, false
	}
	best, bestLen := -1, 0
	find := func(names map[string]int) {
		for key, p := range names {
			if p < 0 || !strings.Contains(key, " ") || len(key) <= bestLen {
				continue // one-word names ("vinh") are too common in slugs
			}
			if strings.Contains(joined, " "+key+" ") {
				best, bestLen = p, len(key)
			}
		}
	}
	find(g.byFold)
	if best < 0 {
		find(g.districts) // "…/Mu-Cang-Chai-Phat-huy…": a district of one province
	}
	return best, best >= 0
}

// webURL parses a page's http or https URL; a file's path is no evidence.
func webURL(rawURL string) (*url.URL, bool) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, false
	}
	return u, true
}

// urlWords returns the words of a page's URL path, folded and padded with
// blanks (" hieu qua phong trao dan van kheo "), or "" for no web URL.
func urlWords(rawURL string) string {
	u, ok := webURL(rawURL)
	if !ok {
		return ""
	}
	path, err := url.PathUnescape(u.EscapedPath())
	if err != nil {
		path = u.Path
	}
	words := strings.FieldsFunc(Fold(path), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	return " " + strings.Join(words, " ") + " "
}

func urlHost(rawURL string) string {
	u, ok := webURL(rawURL)
	if !ok {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	return strings.TrimPrefix(host, "www.")
}

var (
	// a timestamp of 8 digits (year, month, day) followed by a time of day:
	// "-20221016105515128.htm", "d20150202101010"
	reURLStamp = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d{2})(\d{2})(\d{2})\d{4,}(?:[^0-9]|$)`)
	// a path segment of year and month, or year, month and day:
	// "/202404/", "/2024/04/", "/2024/04/13/", "/2024-04-13-"
	reURLYM   = regexp.MustCompile(`/((?:19|20)\d{2})(\d{2})/`)
	reURLYMD  = regexp.MustCompile(`/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$|\.)`)
	reURLYMs  = regexp.MustCompile(`/((?:19|20)\d{2})/(\d{1,2})/`)
	reURLDay8 = regexp.MustCompile(`(?:[/-]|^d|[^0-9a-z]d)((?:19|20)\d{2})(\d{2})(\d{2})(?:[^0-9]|$)`)
	// an article id of three digits, then the time it was filed to the
	// millisecond, its year in two digits: "-196240413125948706.htm" (24-04-13
	// 12:59:48.706), "-18826030622484142.chn"
	reURLStamp2 = regexp.MustCompile(`(?:^|[^0-9])\d{3}(\d{2})(\d{2})(\d{2})(?:[01]\d|2[0-3])[0-5]\d[0-5]\d\d{2,3}(?:[^0-9]|$)`)
)

// URLDate returns the day or month of publication a URL states, zero when
// it states none or what it states is not a date.
func URLDate(rawURL string) Date {
	u, ok := webURL(rawURL)
	if !ok {
		return Date{}
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	day := func(m []string) (Date, bool) {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if !plausibleYear(y) || !validDate(y, mo, d) {
			return Date{}, false
		}
		return Date{Time: time.Date(y, time.Month(mo), d, 0, 0, 0, 0, Vietnam), Prec: PrecDay}, true
	}
	for _, re := range []*regexp.Regexp{reURLYMD, reURLStamp, reURLDay8, reURLStamp2} {
		for _, m := range re.FindAllStringSubmatch(path, -1) {
			if re == reURLStamp2 {
				m[1] = "20" + m[1]
			}
			if d, ok := day(m); ok {
				return d
			}
		}
	}
	for _, re := range []*regexp.Regexp{reURLYMs, reURLYM} {
		for _, m := range re.FindAllStringSubmatch(path, -1) {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			if plausibleYear(y) && mo >= 1 && mo <= 12 {
				return Date{Time: time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, Vietnam), Prec: PrecMonth}
			}
		}
	}
	return Date{}
}

// plausibleYear: the web press began in the late 1990s, and a page is not
// dated much after the machine reading it.
func plausibleYear(y int) bool {
	return y >= 1995 && y <= time.Now().Year()+1
}
