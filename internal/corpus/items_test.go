package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestItemsJSONL(t *testing.T) {
	dir := t.TempDir()
	jsonl := strings.Join([]string{
		`{"id":"a","url":"https://baoangiang.com.vn/x.html","text":"Một"}`,
		``,
		`{"url":"https://example.vn/b","html":"<html><body><p>Hai</p></body></html>","published":"2024-06-09"}`,
		`not json`,
		`{"id":"c"}`,
		`{"id":"d","text":"t","html":"<p>h</p>"}`,
		`{"text":"no name"}`,
		`{"id":"e","text":"Năm","gold":{"figures":[]}}`,
	}, "\n")
	p := filepath.Join(dir, "c.jsonl")
	if err := os.WriteFile(p, []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "z.txt"), []byte("Sáu"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, errs := List([]string{dir}, false)
	if len(errs) != 0 || len(docs) != 2 || !docs[0].JSONL || docs[1].JSONL {
		t.Fatalf("List = %+v, %v", docs, errs)
	}
	var got []Item
	var bad []string
	err := Items(context.Background(), docs, nil, func(it Item) error {
		got = append(got, it)
		return nil
	}, func(where string, err error) { bad = append(bad, where+" "+err.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		source, url, pub, raw string
		html                  bool
		line                  int
	}{
		{"a", "https://baoangiang.com.vn/x.html", "", "Một", false, 1},
		{"https://example.vn/b", "https://example.vn/b", "2024-06-09", "<html><body><p>Hai</p></body></html>", true, 3},
		{"e", "", "", "Năm", false, 8},
		{filepath.Join(dir, "z.txt"), "", "", "Sáu", false, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Source() != w.source || g.URL != w.url || g.Published != w.pub || string(g.Raw) != w.raw || g.HTML != w.html || g.Line != w.line {
			t.Errorf("item %d = %+v (source %q), want %+v", i, g, g.Source(), w)
		}
	}
	wantBad := []string{":4 bad record: not a JSON object", ":5 bad record: no \"text\" or \"html\"", ":6 bad record: both", ":7 bad record: no \"id\" or \"url\""}
	if len(bad) != len(wantBad) {
		t.Fatalf("errors = %q", bad)
	}
	for i, w := range wantBad {
		if !strings.Contains(bad[i], p+w) {
			t.Errorf("error %d = %q, want it to name %q", i, bad[i], p+w)
		}
	}
}

func TestItemsStdinJSONL(t *testing.T) {
	docs, _ := List([]string{"-"}, true)
	in := strings.NewReader(`{"id":"x","text":"a"}` + "\n" + `{"id":"y","text":"b"}`)
	var ids []string
	err := Items(context.Background(), docs, in, func(it Item) error {
		ids = append(ids, it.Where()+"="+it.Source())
		return nil
	}, func(where string, err error) { t.Errorf("%s: %v", where, err) })
	if err != nil || strings.Join(ids, ",") != "-:1=x,-:2=y" {
		t.Fatalf("ids = %v, err %v", ids, err)
	}
}
