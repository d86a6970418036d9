package ingest

import (
	"context"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"baotinh/extract"
	"baotinh/internal/store"
)

// figureKey identifies a figure across two extractions.
func figureKey(f extract.Figure) string {
	return f.Metric + "|" + f.Field + "|" + strconv.FormatInt(f.Value, 10)
}

func figureAttrs(f extract.Figure) string {
	y := ""
	if f.Year != nil {
		y = strconv.Itoa(*f.Year)
	}
	return strings.Join([]string{f.Approx, f.Qualifier, f.Scope, y, f.Period, f.AsOf}, "|")
}

// diffFigures counts figures added, removed and changed (same metric, field
// and value, other attributes).
func diffFigures(old, cur []extract.Figure) (added, removed, changed int) {
	om := map[string][]string{}
	for _, f := range old {
		om[figureKey(f)] = append(om[figureKey(f)], figureAttrs(f))
	}
	for _, f := range cur {
		k := figureKey(f)
		list := om[k]
		if len(list) == 0 {
			added++
			continue
		}
		a := figureAttrs(f)
		match := -1
		for i, x := range list {
			if x == a {
				match = i
				break
			}
		}
		if match < 0 {
			changed++
			match = 0
		}
		om[k] = append(list[:match], list[match+1:]...)
	}
	for _, l := range om {
		removed += len(l)
	}
	return
}

type ArticleChange struct {
	ArticleID int64  `json:"article_id"`
	URL       string `json:"url"`
	Added     int    `json:"added"`
	Removed   int    `json:"removed"`
	Changed   int    `json:"changed"`
}

type ReprocessSummary struct {
	Documents int             `json:"documents"`
	Failed    int             `json:"failed"`
	Articles  int             `json:"articles_changed"`
	Added     int             `json:"figures_added"`
	Removed   int             `json:"figures_removed"`
	Changed   int             `json:"figures_changed"`
	Resumed   bool            `json:"resumed"`
	Changes   []ArticleChange `json:"changes"`
}

// Reprocess re-runs the extractor over the stored raw documents matching f,
// in batches, each committed with a checkpoint, and reports what changed.
// A killed reprocess run again with the same filter and rules resumes after
// its last committed batch.
func Reprocess(ctx context.Context, st *store.Store, x *extract.Extractor, f store.DocFilter, sinceLabel string, batch int, outbox bool, log *slog.Logger, progress func(done, changed int)) (ReprocessSummary, error) {
	if log == nil {
		log = slog.Default()
	}
	job := "reprocess|" + f.Source + "|" + sinceLabel + "|" + x.Version()
	var after int64
	sum := ReprocessSummary{Changes: []ArticleChange{}}
	if state, ok, err := st.Job(ctx, job); err != nil {
		return sum, err
	} else if ok {
		after, _ = strconv.ParseInt(state, 10, 64)
		sum.Resumed = true
		log.Info("reprocess resumes", "after_document", after)
	}
	for ctx.Err() == nil {
		docs, err := st.Documents(ctx, after, batch, f)
		if err != nil {
			return sum, err
		}
		if len(docs) == 0 {
			break
		}
		// extraction on every core, in document order
		type result struct {
			a    *extract.Article
			prep *store.Prepared
			err  error
		}
		results := make([]result, len(docs))
		next := make(chan int)
		var wg sync.WaitGroup
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					d := docs[i]
					a, err := extractInput(x, Input{Doc: store.Document{URL: d.URL, CanonicalURL: d.CanonicalURL, ContentType: d.ContentType, Raw: d.Raw},
						HTML: strings.Contains(d.ContentType, "html"), Province: d.Province})
					results[i] = result{a: a, err: err}
					if err == nil {
						results[i].prep = store.Prepare(a)
					}
				}
			}()
		}
		for i := range docs {
			next <- i
		}
		close(next)
		wg.Wait()
		var artIDs []int64
		for _, d := range docs {
			if d.ArticleID != 0 {
				artIDs = append(artIDs, d.ArticleID)
			}
		}
		olds, err := st.FiguresOf(ctx, artIDs)
		if err != nil {
			return sum, err
		}
		var reps []store.Replacement
		for i, d := range docs {
			sum.Documents++
			a, err := results[i].a, results[i].err
			if err != nil {
				sum.Failed++
				log.Warn("reprocess: skipped", "url", d.URL, "err", err)
				continue
			}
			ad, rm, ch := diffFigures(olds[d.ArticleID], a.Figures)
			if ad+rm+ch > 0 {
				sum.Articles++
				sum.Added += ad
				sum.Removed += rm
				sum.Changed += ch
				sum.Changes = append(sum.Changes, ArticleChange{ArticleID: d.ArticleID, URL: d.URL, Added: ad, Removed: rm, Changed: ch})
			}
			reps = append(reps, store.Replacement{DocID: d.ID, Article: a, Version: x.Version(), Prep: results[i].prep})
		}
		after = docs[len(docs)-1].ID
		if err := st.Replace(ctx, reps, job, strconv.FormatInt(after, 10), store.SaveOptions{Outbox: outbox}); err != nil {
			return sum, err
		}
		if progress != nil {
			progress(sum.Documents, sum.Articles)
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, st.EndJob(ctx, job)
}
