package index

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"baotinh/extract"
)

// Meili is the Meilisearch backend, used when MEILI_URL is set.
type Meili struct {
	sm  meilisearch.ServiceManager
	idx meilisearch.IndexManager
	uid string
	// TaskTimeout bounds the wait for Meilisearch to apply a task.
	TaskTimeout time.Duration
}

// meiliDoc is what Meilisearch stores of an article: the Doc and the folded
// title and body, so "dan van kheo" finds "Dân vận khéo" whatever the
// server's own normalisation does.
type meiliDoc struct {
	Doc
	TitleFold string `json:"title_fold"`
	BodyFold  string `json:"body_fold"`
}

// NewMeili connects to the server at host (MEILI_URL) with key
// (MEILI_API_KEY, may be empty) and uses index uid.
func NewMeili(host, key, uid string, client *http.Client) *Meili {
	opts := []meilisearch.Option{
		meilisearch.WithCustomRetries([]int{502, 503, 504}, 3),
	}
	if key != "" {
		opts = append(opts, meilisearch.WithAPIKey(key))
	}
	if client != nil {
		opts = append(opts, meilisearch.WithCustomClient(client))
	}
	sm := meilisearch.New(host, opts...)
	return &Meili{sm: sm, idx: sm.Index(uid), uid: uid, TaskTimeout: 30 * time.Second}
}

// Settings are the index settings baotinh needs.
func meiliSettings() *meilisearch.Settings {
	return &meilisearch.Settings{
		SearchableAttributes: []string{"title", "body", "title_fold", "body_fold"},
		FilterableAttributes: []string{"province", "province_now", "source", "year", "published_at", "month", "fields"},
		SortableAttributes:   []string{"published_at"},
		RankingRules:         []string{"words", "typo", "proximity", "attribute", "sort", "exactness", "published_at:desc"},
	}
}

// Setup creates the index if needed and applies its settings.
func (m *Meili) Setup(ctx context.Context) error {
	task, err := m.sm.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: m.uid, PrimaryKey: "id"})
	if err != nil {
		return fmt.Errorf("meilisearch: create index %s: %w", m.uid, err)
	}
	// an index that already exists fails this task; that is fine
	if _, err := m.wait(ctx, task.TaskUID, true); err != nil {
		return err
	}
	task, err = m.idx.UpdateSettings(ctx, meiliSettings())
	if err != nil {
		return fmt.Errorf("meilisearch: settings of %s: %w", m.uid, err)
	}
	_, err = m.wait(ctx, task.TaskUID, false)
	return err
}

func (m *Meili) wait(ctx context.Context, uid int64, failOK bool) (*meilisearch.Task, error) {
	ctx, cancel := context.WithTimeout(ctx, m.TaskTimeout)
	defer cancel()
	t, err := m.sm.WaitForTask(ctx, uid, 50*time.Millisecond)
	if err != nil {
		return nil, fmt.Errorf("meilisearch: task %d: %w", uid, err)
	}
	if t.Status == meilisearch.TaskStatusFailed && !failOK {
		return t, fmt.Errorf("meilisearch: task %d failed: %s", uid, t.Error.Message)
	}
	return t, nil
}

// Put adds or replaces documents and waits until Meilisearch has applied them.
func (m *Meili) Put(ctx context.Context, docs []Doc) error {
	if len(docs) == 0 {
		return nil
	}
	md := make([]meiliDoc, len(docs))
	for i, d := range docs {
		md[i] = meiliDoc{Doc: d, TitleFold: extract.Fold(d.Title), BodyFold: extract.Fold(d.Body)}
		if md[i].Fields == nil {
			md[i].Fields = []string{}
		}
	}
	pk := "id"
	task, err := m.idx.AddDocuments(ctx, md, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		return fmt.Errorf("meilisearch: add %d documents: %w", len(docs), err)
	}
	_, err = m.wait(ctx, task.TaskUID, false)
	return err
}

// Delete removes documents.
func (m *Meili) Delete(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	task, err := m.idx.DeleteDocuments(ctx, s, nil)
	if err != nil {
		return fmt.Errorf("meilisearch: delete %d documents: %w", len(ids), err)
	}
	_, err = m.wait(ctx, task.TaskUID, false)
	return err
}

// quote writes a string for a Meilisearch filter.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// meiliFilter writes q's filters in Meilisearch's filter syntax.
func meiliFilter(q Query) string {
	var parts []string
	if len(q.Provinces) > 0 {
		qs := make([]string, len(q.Provinces))
		for i, p := range q.Provinces {
			qs[i] = quote(p)
		}
		parts = append(parts, "province IN ["+strings.Join(qs, ", ")+"]")
	}
	if q.ProvinceNow != "" {
		parts = append(parts, "province_now = "+quote(q.ProvinceNow))
	}
	if q.Source != "" {
		parts = append(parts, "source = "+quote(q.Source))
	}
	if !q.From.IsZero() {
		parts = append(parts, fmt.Sprintf("published_at >= %d", q.From.Unix()))
	}
	if !q.To.IsZero() {
		parts = append(parts, fmt.Sprintf("published_at <= %d", q.To.Unix()))
	}
	if q.Field != "" {
		parts = append(parts, "fields = "+quote(q.Field))
	}
	return strings.Join(parts, " AND ")
}

// Search answers q from Meilisearch.
func (m *Meili) Search(ctx context.Context, q Query) (*Result, error) {
	q.normalize()
	terms := parseQuery(q.Text)
	var words []string
	for _, t := range terms {
		words = append(words, t.words...)
	}
	req := &meilisearch.SearchRequest{
		Query:                strings.Join(words, " "),
		Offset:               int64(q.Offset),
		Limit:                int64(q.Limit),
		AttributesToRetrieve: []string{"id", "title", "url", "source", "province", "province_now", "published"},
		AttributesToCrop:     []string{"body"},
		CropLength:           40,
		Facets:               FacetNames(),
		ShowRankingScore:     true,
		MatchingStrategy:     meilisearch.All,
	}
	if f := meiliFilter(q); f != "" {
		req.Filter = f
	}
	if len(words) == 0 {
		req.Sort = []string{"published_at:desc"}
	}
	resp, err := m.idx.Search(ctx, req.Query, req)
	if err != nil {
		return nil, fmt.Errorf("meilisearch: search %q: %w", q.Text, err)
	}
	res := &Result{Total: int(resp.EstimatedTotalHits), Hits: []Hit{}, Facets: emptyFacets()}
	if resp.TotalHits > 0 {
		res.Total = int(resp.TotalHits)
	}
	for _, raw := range resp.Hits {
		var h struct {
			Hit
			RankingScore float64 `json:"_rankingScore"`
			Formatted    struct {
				Body string `json:"body"`
			} `json:"_formatted"`
		}
		b, _ := json.Marshal(raw)
		if err := json.Unmarshal(b, &h); err != nil {
			return nil, fmt.Errorf("meilisearch: hit: %w", err)
		}
		h.Hit.Score = h.RankingScore
		h.Hit.Snippet = Snippet(h.Formatted.Body, terms, 160)
		res.Hits = append(res.Hits, h.Hit)
	}
	if len(resp.FacetDistribution) > 0 {
		var fd map[string]map[string]int
		if err := json.Unmarshal(resp.FacetDistribution, &fd); err != nil {
			return nil, fmt.Errorf("meilisearch: facets: %w", err)
		}
		for k, v := range fd {
			if _, ok := res.Facets[k]; ok {
				res.Facets[k] = v
			}
		}
	}
	return res, nil
}
