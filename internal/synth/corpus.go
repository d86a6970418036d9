package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"baotinh/extract"
)

// Corpus is the sentences of real texts, recombined into synthetic
// articles whose vocabulary and term frequencies are the provincial
// press's: provinces, dates and figures are varied, the words are not.
type Corpus struct {
	titles    []string
	sentences []string // with each province name marked by provinceMark
	provinces []extract.Province
	words     []wordCount // folded words by frequency, most frequent first
	phrases   []string    // two adjacent words, as written
}

type wordCount struct {
	word, folded string
	n            int
}

// provinceMark stands for the article's province in a sentence.
const provinceMark = "\x00"

var (
	reSentenceEnd = regexp.MustCompile(`[.!?…]["”»)]?\s+`)
	reNumber      = regexp.MustCompile(`\d{1,3}(?:\.\d{3})+|\d+`)
	reWord        = regexp.MustCompile(`[\p{L}\p{M}]+`)
	reDateMark    = regexp.MustCompile(`^\s*date \S+ `)
)

// LoadCorpus reads the "text" of every JSON Lines record in files (the
// labelled corpora), cuts it into sentences and counts its words; the
// gazetteer gives the provinces an article is placed in.
func LoadCorpus(g *extract.Gazetteer, files ...string) (*Corpus, error) {
	c := &Corpus{provinces: g.Provinces()}
	var names []string
	for _, p := range c.provinces {
		names = append(names, p.Name)
	}
	// longest first: at one place the first name given that matches wins
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	var pairs []string
	for _, n := range names {
		pairs = append(pairs, n, provinceMark)
	}
	marks := strings.NewReplacer(pairs...)
	counts := map[string]*wordCount{}
	phrases := map[string]bool{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, fmt.Errorf("synth: corpus: %w", err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		line := 0
		for sc.Scan() {
			line++
			var rec struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				fh.Close()
				return nil, fmt.Errorf("synth: corpus %s:%d: %w", f, line, err)
			}
			// the corpora mark a text's month as "date 2022-10 " at its start
			text := reDateMark.ReplaceAllString(extract.Normalize(rec.Text), "")
			first, rest, _ := strings.Cut(strings.TrimSpace(text), "\n")
			if n := len(first); n >= 20 && n <= 150 && !strings.ContainsAny(first, "@|") && !strings.HasSuffix(first, ".") {
				c.titles = append(c.titles, marks.Replace(strings.TrimSpace(first)))
			} else {
				rest = text
			}
			for _, para := range strings.Split(rest, "\n") {
				for _, s := range splitSentences(para) {
					if n := len(s); n < 30 || n > 800 {
						continue
					}
					c.sentences = append(c.sentences, marks.Replace(s))
					ws := reWord.FindAllString(s, -1)
					for i, w := range ws {
						lw := extract.Lower(w)
						wc := counts[lw]
						if wc == nil {
							wc = &wordCount{word: lw, folded: extract.Fold(lw)}
							counts[lw] = wc
						}
						wc.n++
						if i > 0 && len(phrases) < 20000 {
							phrases[extract.Lower(ws[i-1])+" "+lw] = true
						}
					}
				}
			}
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("synth: corpus %s: %w", f, err)
		}
	}
	if len(c.sentences) < 50 || len(c.titles) == 0 {
		return nil, fmt.Errorf("synth: corpus %v: %d sentences and %d titles, too few to recombine", files, len(c.sentences), len(c.titles))
	}
	for _, wc := range counts {
		c.words = append(c.words, *wc)
	}
	slices.SortFunc(c.words, func(a, b wordCount) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(a.word, b.word)
	})
	for p := range phrases {
		c.phrases = append(c.phrases, p)
	}
	slices.Sort(c.phrases)
	return c, nil
}

func splitSentences(para string) []string {
	var out []string
	last := 0
	for _, m := range reSentenceEnd.FindAllStringIndex(para, -1) {
		out = append(out, strings.TrimSpace(para[last:m[1]]))
		last = m[1]
	}
	if s := strings.TrimSpace(para[last:]); s != "" {
		out = append(out, s)
	}
	return out
}

// Sentences is how many sentences the corpus recombines.
func (c *Corpus) Sentences() int { return len(c.sentences) }

// Article returns synthetic article i of seed: a real title and 8 to 30
// real sentences in 2 to 6 paragraphs, placed in one province, dated
// between 2019 and 2025, every number but the years replaced by one of the
// same size.
func (c *Corpus) Article(seed int64, i int) string {
	r := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	prov := c.provinces[r.Intn(len(c.provinces))].Name
	day := time.Date(2019, 1, 1, 0, 0, 0, 0, extract.Vietnam).AddDate(0, 0, r.Intn(7*365)).Add(time.Duration(r.Intn(24*60)) * time.Minute)
	fill := func(s string) string {
		s = strings.ReplaceAll(s, provinceMark, prov)
		var b strings.Builder
		last := 0
		for _, m := range reNumber.FindAllStringIndex(s, -1) {
			b.WriteString(s[last:m[0]])
			num := s[m[0]:m[1]]
			// a day, month or year of a date ("13/12", "14-10-2024") stays
			if m[0] > 0 && strings.IndexByte("/-", s[m[0]-1]) >= 0 || m[1] < len(s) && strings.IndexByte("/-", s[m[1]]) >= 0 {
				b.WriteString(num)
			} else {
				b.WriteString(vary(r, num, day.Year()))
			}
			last = m[1]
		}
		b.WriteString(s[last:])
		return b.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n%s\n", prov, fill(c.titles[r.Intn(len(c.titles))]), day.Format("02/01/2006 15:04"))
	n := 8 + r.Intn(23)
	per := 2 + r.Intn(5)
	for k := 0; k < n; k++ {
		b.WriteString(fill(c.sentences[r.Intn(len(c.sentences))]))
		if (k+1)%per == 0 || k == n-1 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// vary returns a number of the same size as num, written the same way;
// years (1990–2030) become the article's year or one of the four before.
func vary(r *rand.Rand, num string, year int) string {
	v, err := strconv.Atoi(strings.ReplaceAll(num, ".", ""))
	if err != nil {
		return num
	}
	if !strings.Contains(num, ".") && v >= 1990 && v <= 2030 {
		return strconv.Itoa(year - r.Intn(5))
	}
	if v < 10 {
		return strconv.Itoa(1 + r.Intn(9))
	}
	digits := len(strconv.Itoa(v))
	lo := 1
	for range digits - 1 {
		lo *= 10
	}
	x := int64(lo + r.Intn(9*lo))
	if strings.Contains(num, ".") {
		return extract.FormatVN(x)
	}
	return strconv.FormatInt(x, 10)
}

// WriteDir writes n articles of seed as DIR/NNNNNNN.txt.
func (c *Corpus) WriteDir(dir string, seed int64, n int) error {
	return writeDir(dir, n, func(i int) string { return c.Article(seed, i) })
}
