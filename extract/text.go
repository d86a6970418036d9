package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one line of a plain-text page, with its byte range in the text.
type line struct {
	start, end int // s[start:end] is the line without its newline
}

func splitLines(s string) []line {
	out := make([]line, 0, strings.Count(s, "\n")+1)
	start := 0
	for {
		i := strings.IndexByte(s[start:], '\n')
		if i < 0 {
			break
		}
		out = append(out, line{start, start + i})
		start += i + 1
	}
	return append(out, line{start, len(s)})
}

var (
	// a line that is only a timestamp: the related-article lists of papers
	reStampLine = regexp.MustCompile(`^(?:\d{1,2}:\d{2}(?::\d{2})?\s+\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?|\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}(?::\d{2})?)$`)
	// "(baoangiang.com.vn)", "Theo baohaugiang.com.vn"
	reCreditLine = regexp.MustCompile(`(?i)^(?:\(|theo\s+|nguồn:?\s*)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|info)(?:/\S*)?\)?\.?$`)
	reDomain     = regexp.MustCompile(`(?i)\b([a-z0-9-]+)\.(?:com\.vn|org\.vn|gov\.vn|net\.vn|vn|com|net|org)\b`)
	reDateMarker = regexp.MustCompile(`^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b\s*`)
	reCode       = regexp.MustCompile(`^\s*\(([\p{Lu}\p{L}]{2,6})\)\s*[-–—]`)
)

// layout is what the structure of a plain-text page tells.
type layout struct {
	title            string
	titleStart       int
	published        Date
	bodyStart        int
	bodyEnd          int // the tail (related lists, comments, site blurb) starts here
	dateMarkerEnd    int
	hasHeaderDateRaw bool
}

// runeLen counts characters, not bytes.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// low lowers s on demand.
func (x *Extractor) layoutText(s string, low *lowered) layout {
	var lo layout
	lines := splitLines(s)
	// A leading "date 2022-10" marker carries the page date as metadata.
	var marker Date
	if m := reDateMarker.FindStringSubmatchIndex(s); m != nil {
		if d, err := ParseDate(s[m[2]:m[3]]); err == nil {
			marker = d
		}
		lo.dateMarkerEnd = m[1]
		if len(lines) > 0 {
			lines[0].start = m[1]
		}
	}

	// Header: the short lines before the first paragraph.
	headerEnd := 0 // index of the first body line
	// datelines of the header, in order; one after the headline is the
	// article's, one before it may be the site's banner of today's date
	type dated struct {
		d   Date
		idx int
	}
	var datelines []dated
	titleIdx := -1
	sawParagraph := false
	nonEmpty := 0
	for i, ln := range lines {
		t := strings.TrimSpace(s[ln.start:ln.end])
		if t == "" {
			continue
		}
		nonEmpty++
		if nonEmpty > 10 {
			break
		}
		n := len(t)
		if n > 110 && n <= 724 {
			n = runeLen(t)
		}
		looksParagraph := n > 180 || (n > 110 && strings.HasSuffix(t, ".") && strings.Count(t, " ") > 15)
		if looksParagraph {
			sawParagraph = true
			break
		}
		headerEnd = i + 1
		if d, ok := findShortDateline(t, n); ok {
			datelines = append(datelines, dated{d, i})
			continue
		}
		if titleIdx < 0 && x.isTitleLine(t) {
			titleIdx = i
		}
	}
	if !sawParagraph {
		// No long paragraph: the header is the leading datelines and
		// headline-like lines; the first sentence starts the body.
		headerEnd = 0
		for i, ln := range lines {
			t := strings.TrimSpace(s[ln.start:ln.end])
			if t == "" {
				continue
			}
			if _, ok := findShortDateline(t, runeLen(t)); ok {
				headerEnd = i + 1
				continue
			}
			if i == titleIdx || (runeLen(t) < 60 && !strings.HasSuffix(t, ".")) {
				headerEnd = i + 1
				continue
			}
			break
		}
	}
	if titleIdx >= headerEnd {
		titleIdx = -1
	}
	var best Date
	for _, dl := range datelines {
		if titleIdx >= 0 && dl.idx < titleIdx && datelines[len(datelines)-1].idx > titleIdx {
			continue // a banner above the headline, and the article's own below it
		}
		if best.IsZero() {
			best = dl.d
		} else if dl.d.Prec > best.Prec && dl.d.Time.Format("2006-01-02") == best.Time.Format("2006-01-02") {
			best = dl.d
		}
	}
	if titleIdx >= 0 {
		ln := lines[titleIdx]
		lo.title = strings.TrimSpace(s[ln.start:ln.end])
		lo.titleStart = ln.start + strings.Index(s[ln.start:ln.end], lo.title)
	}
	switch {
	case !best.IsZero():
		lo.published = best
		lo.hasHeaderDateRaw = true
	case !marker.IsZero():
		lo.published = marker
	}
	if headerEnd < len(lines) {
		lo.bodyStart = lines[headerEnd].start
	} else {
		lo.bodyStart = len(s)
	}
	if lo.bodyStart < lo.dateMarkerEnd {
		lo.bodyStart = lo.dateMarkerEnd
	}
	lo.bodyEnd = x.findTail(s, low, lines, headerEnd)
	if lo.bodyEnd < lo.bodyStart {
		lo.bodyEnd = lo.bodyStart
	}
	return lo
}

// findShortDateline is FindDateline for a header line of n characters:
// a line of 110 or more is not a dateline, and is not searched.
func findShortDateline(t string, n int) (Date, bool) {
	if n >= 110 {
		return Date{}, false
	}
	return FindDateline(t)
}

func (x *Extractor) isTitleLine(t string) bool {
	words := strings.Fields(t)
	if len(words) < 4 || runeLen(t) > 200 {
		return false
	}
	low := Lower(t)
	if _, ok := hasPhrase(low, x.headerJunk); ok {
		return false
	}
	if strings.Contains(t, "@") || strings.HasPrefix(t, "!") || strings.HasPrefix(t, "|") {
		return false
	}
	if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "...") {
		return false // a sentence, not a headline
	}
	return true
}

// findTail returns the byte offset where the article ends and the page's
// furniture begins: a marker line ("Xem thêm", "Ý kiến độc giả"), a credit
// ("(baoangiang.com.vn)", "Tin, ảnh: T.THỨC"), a byline in capitals followed
// by furniture, a site blurb, or the first bare timestamp of a related list.
func (x *Extractor) findTail(s string, lows *lowered, lines []line, from int) int {
	n := len(lines)
	cut := len(s)
	nextNonEmpty := func(i int) int {
		for j := i + 1; j < n; j++ {
			if strings.TrimSpace(s[lines[j].start:lines[j].end]) != "" {
				return j
			}
		}
		return -1
	}
	for i := from; i < n; i++ {
		ln := lines[i]
		t := strings.TrimSpace(s[ln.start:ln.end])
		if t == "" {
			continue
		}
		short := len(t) <= 120
		line := s[ln.start:ln.end]
		ts := ln.start + len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace)) // t's offset, the same lowered
		low := ""
		if short {
			low = lows.slice(ts, ts+len(t))
		}
		switch {
		case short && x.isTailLine(low):
		case t[0] >= '0' && t[0] <= '9' && reStampLine.MatchString(t):
			// the related item's title usually sits just above its timestamp
			if p := prevNonEmpty(s, lines, i, from); p >= 0 {
				pt := strings.TrimSpace(s[lines[p].start:lines[p].end])
				if runeLen(pt) < 160 && !isBylineCaps(pt) {
					i = p
				}
			}
		case len(t) < 80 && strings.IndexByte(t, '.') > 0 && strings.Count(t, " ") < 2 && reCreditLine.MatchString(t):
		case x.isBylinePrefix(t):
		case isBylineCaps(t):
			j := nextNonEmpty(i)
			if j >= 0 {
				nt := strings.TrimSpace(s[lines[j].start:lines[j].end])
				nlow := Lower(nt)
				if !(reStampLine.MatchString(nt) || x.isTailLine(nlow) || reCreditLine.MatchString(nt) || n-j <= 3) {
					continue
				}
			}
		default:
			if ln.start > len(s)/2 {
				if low == "" {
					low = lows.slice(ts, ts+len(t))
				}
				if x.blurb.in(low) {
					break
				}
			}
			continue
		}
		cut = lines[i].start
		break
	}
	// drop trailing blank space
	for cut > 0 && (s[cut-1] == '\n' || s[cut-1] == ' ') {
		cut--
	}
	return cut
}

func prevNonEmpty(s string, lines []line, i, floor int) int {
	for j := i - 1; j >= floor; j-- {
		if strings.TrimSpace(s[lines[j].start:lines[j].end]) != "" {
			return j
		}
	}
	return -1
}

func (x *Extractor) isTailLine(low string) bool {
	if len(low) > 40 && (len(low) > 160 || runeLen(low) > 40) {
		return false
	}
	low = strings.TrimRight(low, " :.…>»")
	low = strings.TrimLeft(low, "0123456789 ")
	for _, m := range x.tailLines {
		if low == m {
			return true
		}
	}
	return false
}

// isBylinePrefix: "Tin, ảnh: T.THỨC", "Bài và ảnh: Minh Lý".
func (x *Extractor) isBylinePrefix(t string) bool {
	i := strings.IndexByte(t, ':')
	if i <= 0 || i > 20 || runeLen(t) > 60 {
		return false
	}
	head := Lower(strings.TrimSpace(t[:i]))
	head = strings.Join(strings.FieldsFunc(head, func(r rune) bool { return r == ',' || r == ' ' || r == '-' }), " ")
	for _, p := range x.bylinePrefixes {
		if head == p {
			return true
		}
	}
	return false
}

// isBylineCaps: a short line in capitals, such as "GIA NGUYỄN" or "T.H.".
func isBylineCaps(t string) bool {
	if len(t) > 40 && (len(t) > 160 || runeLen(t) > 40) {
		return false
	}
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	letters := 0
	for _, r := range t {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			letters++
		case r == ' ' || r == '.' || r == '-' || r == '–' || r == ',':
		default:
			return false
		}
	}
	return letters >= 2
}
