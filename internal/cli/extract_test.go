package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"baotinh/extract"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExtractSeeds(t *testing.T) {
	code, out, stderr := run(t, "", "extract", "--format", "jsonl", "../../seeds")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n, figures := 0, 0
	for sc.Scan() {
		var d extract.Output
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if d.Figures == nil || d.Warnings == nil {
			t.Errorf("%s: figures and warnings must be arrays", d.Source)
		}
		n++
		figures += len(d.Figures)
	}
	if n != 5 || figures != 20 {
		t.Errorf("%d documents with %d figures, want 5 and 20", n, figures)
	}
}

func TestExtractBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.txt", nil)
	bin := write("image.txt", []byte{0x89, 'P', 'N', 'G', 0, 0, 1})
	latin := write("latin1.txt", []byte("To\xe0n t\xecnh c\xf3 12 m\xf4 h\xecnh"))
	good := write("good.txt", []byte("Toàn tỉnh có 12 mô hình dân vận khéo.\n"))
	unreadable := filepath.Join(dir, "missing.txt")

	code, out, stderr := run(t, "", "extract", empty, bin, latin, unreadable, good)
	if code != 0 {
		t.Errorf("exit %d with one readable file", code)
	}
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, `"value":12`) {
		t.Errorf("output %q", out)
	}
	for _, want := range []string{"empty.txt: empty document", "image.txt: binary", "latin1.txt: not UTF-8 text: invalid byte 0xe0 at offset 2", "missing.txt"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, _ := run(t, "", "extract", empty, bin); code == 0 {
		t.Error("exit 0 when nothing could be read")
	}
	if code, _, stderr := run(t, "", "extract", "--format", "xml", good); code == 0 || !strings.Contains(stderr, "xml") {
		t.Errorf("bad format: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "", "extract", "--province", "Narnia", good); code == 0 || !strings.Contains(stderr, "Narnia") {
		t.Errorf("bad province: exit %d, %s", code, stderr)
	}
}

func TestExtractStdinAndFormats(t *testing.T) {
	in := "Quảng Bình: tin dân vận\n\n2024-06-09 16:30:00\nGiai đoạn 2021 - 2025 có 225 mô hình “Dân vận khéo” trong toàn Đảng bộ Khối, tính đến nay."
	code, out, stderr := run(t, in, "extract", "--format", "json", "-")
	if code != 0 {
		t.Fatal(stderr)
	}
	var docs []extract.Output
	if err := json.Unmarshal([]byte(out), &docs); err != nil || len(docs) != 1 {
		t.Fatalf("%v %q", err, out)
	}
	d := docs[0]
	if d.Source != "-" || d.Province != "Quảng Bình" || d.ProvinceNow != "Quảng Trị" || d.Published != "2024-06-09T16:30:00+07:00" || len(d.Figures) != 1 || d.Figures[0].Value != 225 {
		t.Errorf("%+v", d)
	}
	code, out, _ = run(t, in, "extract", "--format", "table", "--province", "hoa binh", "-")
	if code != 0 || !strings.Contains(out, "Hòa Bình (nay Phú Thọ)") || !strings.Contains(out, "225 mô hình") || !strings.Contains(out, "Toàn tỉnh") {
		t.Errorf("table: %q", out)
	}
}

// TestExtractJSONL: a corpus of records is read a document a line, each
// named by its id, its URL used as evidence; a bad record is named by file
// and line on stderr and the others still print.
func TestExtractJSONL(t *testing.T) {
	dir := t.TempDir()
	corpus := `{"id":"a","url":"https://baolaichau.vn/chinh-tri/202404/dan-van-kheo-123.html","text":"Năm 2023, toàn tỉnh có 40 mô hình “Dân vận khéo”."}
{"id":"b","text":"x"
{"url":"https://example.vn/tin-20221016105515128.htm","text":"Năm 2022, huyện Sìn Hồ có 12 mô hình “Dân vận khéo”."}
`
	p := filepath.Join(dir, "c.jsonl")
	if err := os.WriteFile(p, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "", "extract", "--format", "jsonl", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, p+":2: bad record") {
		t.Errorf("stderr does not name the bad line: %q", stderr)
	}
	var docs []extract.Output
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var d extract.Output
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if len(docs) != 2 {
		t.Fatalf("got %d documents: %s", len(docs), out)
	}
	if d := docs[0]; d.Source != "a" || d.Province != "Lai Châu" || d.Published != "2024-04" || len(d.Figures) != 1 || d.Figures[0].Value != 40 {
		t.Errorf("a = %+v", d)
	}
	if d := docs[1]; d.Source != "https://example.vn/tin-20221016105515128.htm" || d.Published != "2022-10-16" || d.Province != "Lai Châu" {
		t.Errorf("second = %+v", d)
	}
	// the same corpus on standard input
	raw, _ := os.ReadFile(p)
	code, out2, _ := run(t, string(raw), "extract", "--format", "jsonl", "--input", "jsonl", "-")
	if code != 0 || out2 != out {
		t.Errorf("stdin: exit %d, output differs:\n%s\n%s", code, out2, out)
	}
}

// TestExtractSaysShortBody: extract reports an article with an empty body
// on stderr, naming the file, and still prints it.
func TestExtractSaysShortBody(t *testing.T) {
	p := filepath.Join(t.TempDir(), "empty.html")
	if err := os.WriteFile(p, []byte(`<html><body><h1>Dân vận khéo ở Hậu Giang</h1></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "", "extract", "--format", "jsonl", p)
	if code != 0 || !strings.Contains(out, `"short_body"`) || !strings.Contains(stderr, p+": the article body has 0 characters") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestInputErrorsExit: ingest of a path that does not exist exits non-zero
// naming it, and an empty rules file is refused in words, not "EOF" (issue
// 12's defects).
func TestInputErrorsExit(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	missing := filepath.Join(dir, "nonexistent")
	code, _, stderr := run(t, "", "--db", db, "ingest", missing)
	if code == 0 || !strings.Contains(stderr, missing) {
		t.Errorf("ingest of a missing path: exit %d, stderr %q", code, stderr)
	}
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "", "extract", "--rules", empty, "../../seeds")
	if code == 0 || strings.Contains(stderr, "EOF") || !strings.Contains(stderr, "empty") {
		t.Errorf("empty rules file: exit %d, stderr %q", code, stderr)
	}
}
