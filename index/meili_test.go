package index_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"baotinh/extract"
	"baotinh/index"
	"baotinh/internal/store"
)

// fakeMeili answers as Meilisearch's documented HTTP API does, and fails
// the test on any request the documentation would reject.
type fakeMeili struct {
	t        *testing.T
	mu       sync.Mutex
	down     bool
	task     int64
	docs     map[int64]map[string]any
	settings map[string]any
	searches []map[string]any
}

var filterable = []string{"province", "province_now", "source", "year", "published_at", "month", "fields"}

func newFake(t *testing.T) (*fakeMeili, *httptest.Server) {
	f := &fakeMeili{t: t, docs: map[int64]map[string]any{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeMeili) fail(w http.ResponseWriter, format string, a ...any) {
	f.t.Errorf("fake meilisearch: "+format, a...)
	w.WriteHeader(400)
	json.NewEncoder(w).Encode(map[string]string{"message": fmt.Sprintf(format, a...), "code": "bad_request", "type": "invalid_request", "link": "https://docs.meilisearch.com/errors#bad_request"})
}

func (f *fakeMeili) enqueue(w http.ResponseWriter, typ string) {
	f.task++
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(202)
	json.NewEncoder(w).Encode(map[string]any{"taskUid": f.task, "indexUid": "baotinh", "status": "enqueued", "type": typ, "enqueuedAt": time.Now().UTC().Format(time.RFC3339Nano)})
}

func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("content type %q", ct)
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

var reTask = regexp.MustCompile(`^/tasks/(\d+)$`)

func (f *fakeMeili) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		w.WriteHeader(503)
		io.WriteString(w, `{"message":"unavailable","code":"unavailable","type":"system","link":""}`)
		return
	}
	switch {
	case r.Method == "POST" && r.URL.Path == "/indexes":
		var body map[string]any
		if err := decode(r, &body); err != nil || body["uid"] == "" || body["primaryKey"] != "id" {
			f.fail(w, "create index: %v %v", err, body)
			return
		}
		f.enqueue(w, "indexCreation")
	case r.Method == "PATCH" && r.URL.Path == "/indexes/baotinh/settings":
		var body map[string]any
		if err := decode(r, &body); err != nil {
			f.fail(w, "settings: %v", err)
			return
		}
		for k := range body {
			if !slices.Contains([]string{"searchableAttributes", "filterableAttributes", "sortableAttributes", "rankingRules"}, k) {
				f.fail(w, "settings: unexpected key %q", k)
				return
			}
		}
		f.settings = body
		f.enqueue(w, "settingsUpdate")
	case r.Method == "POST" && r.URL.Path == "/indexes/baotinh/documents":
		if r.URL.Query().Get("primaryKey") != "id" {
			f.fail(w, "documents: primaryKey %q", r.URL.Query().Get("primaryKey"))
			return
		}
		var docs []map[string]any
		if err := decode(r, &docs); err != nil {
			f.fail(w, "documents: %v", err)
			return
		}
		for _, d := range docs {
			id, ok := d["id"].(float64)
			if !ok {
				f.fail(w, "document without a numeric id: %v", d)
				return
			}
			f.docs[int64(id)] = d
		}
		f.enqueue(w, "documentAdditionOrUpdate")
	case r.Method == "GET" && reTask.MatchString(r.URL.Path):
		uid, _ := strconv.ParseInt(reTask.FindStringSubmatch(r.URL.Path)[1], 10, 64)
		if uid < 1 || uid > f.task {
			w.WriteHeader(404)
			io.WriteString(w, `{"message":"task not found","code":"task_not_found","type":"invalid_request","link":""}`)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"uid": uid, "indexUid": "baotinh", "status": "succeeded", "type": "documentAdditionOrUpdate",
			"enqueuedAt": time.Now().UTC(), "startedAt": time.Now().UTC(), "finishedAt": time.Now().UTC(), "duration": "PT0.001S"})
	case r.Method == "POST" && r.URL.Path == "/indexes/baotinh/search":
		var body map[string]any
		if err := decode(r, &body); err != nil {
			f.fail(w, "search: %v", err)
			return
		}
		f.searches = append(f.searches, body)
		q, ok := body["q"].(string)
		if !ok {
			f.fail(w, "search: q %v", body["q"])
			return
		}
		filter, _ := body["filter"].(string)
		conds, err := parseFilter(filter)
		if err != nil {
			f.fail(w, "search: filter %q: %v", filter, err)
			return
		}
		for _, fc := range body["facets"].([]any) {
			if !slices.Contains(filterable, fc.(string)) {
				f.fail(w, "search: facet %v is not filterable", fc)
				return
			}
		}
		f.search(w, q, conds, body)
	default:
		f.fail(w, "unexpected %s %s", r.Method, r.URL.Path)
	}
}

type cond struct {
	attr, op string
	values   []string
}

var reCond = regexp.MustCompile(`^(\w+) (=|!=|>=|<=|>|<) ("(?:[^"\\]|\\.)*"|-?\d+)$`)
var reIn = regexp.MustCompile(`^(\w+) IN \[(.*)\]$`)
var reQuoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// parseFilter accepts the filter syntax of the documentation: conditions
// joined by AND, comparisons and IN lists, strings in double quotes.
func parseFilter(s string) ([]cond, error) {
	if s == "" {
		return nil, nil
	}
	var out []cond
	for _, part := range strings.Split(s, " AND ") {
		if m := reIn.FindStringSubmatch(part); m != nil {
			c := cond{attr: m[1], op: "IN"}
			for _, q := range reQuoted.FindAllStringSubmatch(m[2], -1) {
				c.values = append(c.values, strings.ReplaceAll(q[1], `\"`, `"`))
			}
			if len(c.values) == 0 {
				return nil, fmt.Errorf("empty IN in %q", part)
			}
			out = append(out, c)
		} else if m := reCond.FindStringSubmatch(part); m != nil {
			v := m[3]
			if strings.HasPrefix(v, `"`) {
				v = strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`)
			}
			out = append(out, cond{attr: m[1], op: m[2], values: []string{v}})
		} else {
			return nil, fmt.Errorf("bad condition %q", part)
		}
		if !slices.Contains(filterable, out[len(out)-1].attr) {
			return nil, fmt.Errorf("attribute %q is not filterable", out[len(out)-1].attr)
		}
	}
	return out, nil
}

func (f *fakeMeili) search(w http.ResponseWriter, q string, conds []cond, body map[string]any) {
	words := strings.Fields(extract.Fold(q))
	var hits []map[string]any
	facets := map[string]map[string]int{}
	for _, d := range f.docs {
		text := extract.Fold(fmt.Sprint(d["title"], " ", d["body"]))
		ok := true
		for _, wd := range words {
			ok = ok && strings.Contains(text, wd)
		}
		for _, c := range conds {
			v := fmt.Sprint(d[c.attr])
			switch c.op {
			case "=":
				if list, isList := d[c.attr].([]any); isList {
					ok = ok && slices.ContainsFunc(list, func(x any) bool { return fmt.Sprint(x) == c.values[0] })
				} else {
					ok = ok && v == c.values[0]
				}
			case "IN":
				ok = ok && slices.Contains(c.values, v)
			case ">=", "<=":
				n, _ := strconv.ParseFloat(v, 64)
				lim, _ := strconv.ParseFloat(c.values[0], 64)
				ok = ok && (c.op == ">=" && n >= lim || c.op == "<=" && n <= lim)
			}
		}
		if !ok {
			continue
		}
		hit := map[string]any{"_formatted": map[string]any{"body": d["body"]}, "_rankingScore": 0.5}
		for _, a := range body["attributesToRetrieve"].([]any) {
			hit[a.(string)] = d[a.(string)]
		}
		hits = append(hits, hit)
		for _, fc := range index.FacetNames() {
			if facets[fc] == nil {
				facets[fc] = map[string]int{}
			}
			if v := fmt.Sprint(d[fc]); v != "" {
				facets[fc][v]++
			}
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"hits": hits, "query": body["q"], "processingTimeMs": 1, "limit": body["limit"], "offset": body["offset"],
		"estimatedTotalHits": len(hits), "facetDistribution": facets})
}

func seedOutbox(t *testing.T) *store.Store {
	t.Helper()
	s := seedStore(t)
	if err := s.Reindex(context.Background(), true, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMeiliRequestsFollowTheAPI(t *testing.T) {
	ctx := context.Background()
	f, srv := newFake(t)
	m := index.NewMeili(srv.URL, "secret", "baotinh", srv.Client())
	if err := m.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.settings["filterableAttributes"]; len(got.([]any)) != len(filterable) {
		t.Errorf("filterable %v", got)
	}
	s := seedOutbox(t)
	n, err := s.DrainOutbox(ctx, 2, m.Put)
	if err != nil || n != 5 || len(f.docs) != 5 {
		t.Fatalf("drain: %d %v, server has %d", n, err, len(f.docs))
	}
	for _, d := range f.docs {
		if d["body_fold"] == "" || d["month"] == "" {
			t.Errorf("document lacks folded body or month: %v", d["id"])
		}
	}
	res, err := m.Search(ctx, index.Query{Text: "dang bo", ProvinceNow: "Quảng Trị", Provinces: []string{"Quảng Bình", `Say "hi"`},
		From: time.Date(2024, 1, 1, 0, 0, 0, 0, extract.Vietnam), Field: "all", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Province != "Quảng Bình" || !strings.Contains(res.Hits[0].Snippet, "<mark>Đảng</mark>") {
		t.Errorf("result %+v", res)
	}
	if res.Facets["province"]["Quảng Bình"] != 1 {
		t.Errorf("facets %v", res.Facets)
	}
	last := f.searches[len(f.searches)-1]
	if last["filter"] != `province IN ["Quảng Bình", "Say \"hi\""] AND province_now = "Quảng Trị" AND published_at >= 1704042000 AND fields = "all"` {
		t.Errorf("filter %v", last["filter"])
	}
	// an empty query is sorted by date
	if _, err := m.Search(ctx, index.Query{ProvinceNow: "Cần Thơ"}); err != nil {
		t.Fatal(err)
	}
	if sort := f.searches[len(f.searches)-1]["sort"]; fmt.Sprint(sort) != "[published_at:desc]" {
		t.Errorf("sort %v", sort)
	}
}

func TestMeiliOutageLosesNothing(t *testing.T) {
	ctx := context.Background()
	f, srv := newFake(t)
	m := index.NewMeili(srv.URL, "", "baotinh", srv.Client())
	m.TaskTimeout = time.Second
	if err := m.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	s := seedOutbox(t)
	f.mu.Lock()
	f.down = true
	f.mu.Unlock()
	if _, err := s.DrainOutbox(ctx, 100, m.Put); err == nil {
		t.Fatal("drain succeeded during an outage")
	}
	if c, _ := s.Counts(ctx); c.Outbox != 5 {
		t.Fatalf("outbox %d after the outage, want 5", c.Outbox)
	}
	f.mu.Lock()
	f.down = false
	f.mu.Unlock()
	if n, err := s.DrainOutbox(ctx, 100, m.Put); err != nil || n != 5 {
		t.Fatalf("catch up: %d %v", n, err)
	}
	if c, _ := s.Counts(ctx); c.Outbox != 0 || len(f.docs) != 5 {
		t.Errorf("outbox %d, server %d documents", c.Outbox, len(f.docs))
	}
}

// TestContractMeili runs the contract suite against a real server.
func TestContractMeili(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL is not set: the Meilisearch server cannot be installed here; this suite runs against a real server when it is set")
	}
	ctx := context.Background()
	m := index.NewMeili(url, os.Getenv("MEILI_API_KEY"), fmt.Sprintf("baotinh_test_%d", time.Now().UnixNano()), nil)
	if err := m.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	s := seedOutbox(t)
	if _, err := s.DrainOutbox(ctx, 100, m.Put); err != nil {
		t.Fatal(err)
	}
	runContract(t, m)
}
