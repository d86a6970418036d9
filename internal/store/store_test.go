package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"baotinh/extract"
	"baotinh/internal/store/storetest"
)

func storetestPostgres(t *testing.T) string { return storetest.Postgres(t) }

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	return openAt(t, storetest.SQLite(t))
}

func openAt(t *testing.T, loc string) (*Store, string) {
	t.Helper()
	s, err := Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, loc
}

func item(t *testing.T, x *extract.Extractor, url, text string) Item {
	t.Helper()
	a, err := x.Text(text, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Item{Doc: Document{URL: url, CanonicalURL: url, ContentType: "text/plain", Raw: []byte(text)}, Article: a, Version: x.Version()}
}

const text1 = "Hậu Giang: dân vận khéo\n\n24/09/2024 05:46\nĐến nay, toàn tỉnh Hậu Giang xây dựng được 11.679 mô hình, điển hình dân vận khéo trên các lĩnh vực. Trong đó, có 2.821 mô hình lĩnh vực kinh tế.\n"
const text2 = "Hòa Bình: dân vận khéo\n\n23/07/2024 16:19\nTính đến tháng 6/2024, toàn tỉnh Hòa Bình hiện có 11.441 mô hình “Dân vận khéo” với nhiều cách làm hay, sáng tạo, hiệu quả thiết thực trong đời sống.\n"

func TestSaveLifecycle(t *testing.T) { storetest.Each(t, testSaveLifecycle) }

func testSaveLifecycle(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, _ := extract.Default()
	st, err := s.Save(ctx, []Item{item(t, x, "u1", text1), item(t, x, "u2", text2)}, SaveOptions{})
	if err != nil || st.New != 2 {
		t.Fatalf("first save: %+v %v", st, err)
	}
	c, _ := s.Counts(ctx)
	if c.Documents != 2 || c.Articles != 2 || c.Figures != 3 || c.IndexRows != 2 {
		t.Fatalf("counts %+v", c)
	}
	it := item(t, x, "u1", text1)
	if k, _ := s.Lookup(ctx, "u1", it.Doc.Hash()); k != KnownUnchanged {
		t.Errorf("lookup same = %v", k)
	}
	// same again: nothing new
	st, _ = s.Save(ctx, []Item{item(t, x, "u1", text1)}, SaveOptions{})
	if st.Unchanged != 1 {
		t.Errorf("second save %+v", st)
	}
	// the same content under another URL is stored once
	st, _ = s.Save(ctx, []Item{item(t, x, "u3", text1)}, SaveOptions{})
	if st.Aliased != 1 {
		t.Errorf("alias save %+v", st)
	}
	if k, _ := s.Lookup(ctx, "u3", ""); k != KnownUnchanged && k != KnownChanged {
		t.Errorf("alias lookup = %v", k)
	}
	// a changed document updates its article
	changed := strings.Replace(text1, "11.679", "11.700", 1)
	st, _ = s.Save(ctx, []Item{item(t, x, "u1", changed)}, SaveOptions{})
	if st.Updated != 1 {
		t.Errorf("update save %+v", st)
	}
	rows, _ := s.Figures(ctx, FigureQuery{})
	var vals []int64
	for _, r := range rows {
		vals = append(vals, r.Value)
	}
	if len(rows) != 3 {
		t.Fatalf("figures after update: %v", vals)
	}
	c, _ = s.Counts(ctx)
	if c.Documents != 2 || c.Articles != 2 || c.IndexRows != 2 {
		t.Errorf("counts after update %+v", c)
	}
}

func seed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNearDuplicates(t *testing.T) { storetest.Each(t, testNearDuplicates) }

func testNearDuplicates(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, _ := extract.Default()
	orig := seed(t, "003_5b4ae347205593fe.txt")
	// the same article syndicated by another site: other furniture, a word changed
	syndicated := strings.Replace(orig, "DetailController", "Báo Hòa Bình điện tử", 1)
	syndicated = strings.Replace(syndicated, "Thời gian qua,", "Thời gian vừa qua,", 1)
	if _, err := s.Save(ctx, []Item{item(t, x, "a", orig), item(t, x, "b", syndicated), item(t, x, "c", seed(t, "000_24419c784506a3c8.txt"))}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Counts(ctx)
	if c.Articles != 3 || c.Duplicates != 1 {
		t.Fatalf("counts %+v, want 3 articles and 1 near-duplicate", c)
	}
	rows, _ := s.Figures(ctx, FigureQuery{})
	all, _ := s.Figures(ctx, FigureQuery{WithDuplicates: true})
	if len(rows) != 12 || len(all) != 19 {
		t.Errorf("figures without duplicates %d (want 12), with %d (want 19)", len(rows), len(all))
	}
	// extracting the same texts again links them as their first ingest did
	links := func() string {
		var out []string
		for _, id := range []int64{1, 2, 3} {
			a, err := s.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(a.ID, "→", a.DuplicateOf != nil && *a.DuplicateOf != 0, a.Duplicates))
		}
		return strings.Join(out, " ")
	}
	before := links()
	docs, _ := s.Documents(ctx, 0, 10, DocFilter{})
	var reps []Replacement
	for i := len(docs) - 1; i >= 0; i-- { // in reverse: the order must not matter
		a, _ := x.Text(string(docs[i].Raw), extract.Options{})
		reps = append(reps, Replacement{DocID: docs[i].ID, Article: a, Version: "again"})
	}
	if err := s.Replace(ctx, reps, "", "", SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if after := links(); after != before {
		t.Errorf("near-duplicate links after reprocessing: %s, before: %s", after, before)
	}
	if c2, _ := s.Counts(ctx); c2.Duplicates != 1 {
		t.Errorf("near-duplicates after reprocessing: %d", c2.Duplicates)
	}
}

func TestSimhash(t *testing.T) {
	body := seed(t, "001_3a29fb2958b006ef.txt")
	a := Simhash(body)
	b := Simhash(strings.Replace(body, "Năm 2024", "Trong năm 2024", 1))
	c := Simhash(seed(t, "002_5438a5ff04bc9beb.txt"))
	if d := popcount(a ^ b); d > nearDistance {
		t.Errorf("one word changed: distance %d", d)
	}
	if d := popcount(a ^ c); d <= nearDistance {
		t.Errorf("different texts: distance %d", d)
	}
}

// TestSimhashStable: hashes stored by earlier builds stay comparable (values
// from the build of 1 Dec, hash/fnv and a branch per bit), and Prepare's
// hash of the folded parts is the hash of the whole.
func TestSimhashStable(t *testing.T) {
	short := "Toàn tỉnh có 11.679 mô hình Dân vận khéo\ntrong đó 2.821 mô hình kinh tế"
	for _, c := range []struct {
		text string
		want uint64
	}{{seed(t, "002_5438a5ff04bc9beb.txt"), 6563404686842120917}, {short, 9760297924941615076}} {
		if got := Simhash(c.text); got != c.want {
			t.Errorf("Simhash(%.30q…) = %d, want %d", c.text, got, c.want)
		}
	}
	title, body, _ := strings.Cut(short, "\n")
	a := &extract.Article{Title: title, Text: title + "\n" + body, BodyStart: len(title) + 1, BodyEnd: len(title) + 1 + len(body)}
	if got := Prepare(a).Simhash; got != Simhash(a.Title+"\n"+a.Body()) {
		t.Errorf("Prepare's hash %d, Simhash of the article %d", got, Simhash(a.Title+"\n"+a.Body()))
	}
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	s, p := openTemp(t)
	s.Save(ctx, []Item{}, SaveOptions{})
	if _, err := s.DB().Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(ctx, p)
	if !errors.Is(err, ErrSchemaTooNew) || !strings.Contains(err.Error(), "99") {
		t.Fatalf("error %v, want ErrSchemaTooNew naming version 99", err)
	}
	// nothing lost: the file still opens as it was
	db, _ := sql.Open("sqlite", p)
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM documents`).Scan(&n); err != nil {
		t.Errorf("data unreadable after refusal: %v", err)
	}
}

func TestLockedByAnotherProcess(t *testing.T) {
	ctx := context.Background()
	p := storetest.SQLite(t)
	s, err := OpenWith(ctx, p, Options{BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	x, _ := extract.Default()
	s.Save(ctx, []Item{item(t, x, "u1", text1)}, SaveOptions{})
	other, err := sql.Open("sqlite", "file:"+p+"?_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, _ := other.Conn(ctx)
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	_, err = s.Save(ctx, []Item{item(t, x, "u2", text2)}, SaveOptions{})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("error %v, want ErrLocked", err)
	}
	conn.ExecContext(ctx, `ROLLBACK`)
	c, _ := s.Counts(ctx)
	if c.Articles != 1 {
		t.Errorf("articles %d after the refused write, want 1", c.Articles)
	}
}

// TestOpenNewFileFromProcesses: several processes opening one new file at
// once migrate it once between them (issue 14.4: the version was read
// outside the transaction and two processes ran migration 1).
func TestOpenNewFileFromProcesses(t *testing.T) {
	if p := os.Getenv("BAOTINH_TEST_OPEN"); p != "" {
		s, err := Open(context.Background(), p)
		if err != nil {
			fmt.Println("open:", err)
			os.Exit(3)
		}
		s.Close()
		os.Exit(0)
	}
	for round := range 5 {
		p := filepath.Join(t.TempDir(), fmt.Sprintf("r%d.db", round))
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		for range 4 {
			cmd := exec.Command(os.Args[0], "-test.run=^TestOpenNewFileFromProcesses$")
			cmd.Env = append(os.Environ(), "BAOTINH_TEST_OPEN="+p)
			out := new(bytes.Buffer)
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs = append(cmds, cmd), append(outs, out)
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("round %d, process %d: %v: %s", round, i, err, outs[i])
			}
		}
		s, err := Open(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		var v int
		if err := s.DB().QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != len(migrations(false)) {
			t.Fatalf("round %d: schema version %d (%v), want %d", round, v, err, len(migrations(false)))
		}
		s.Close()
	}
}

// simhashRef is Simhash as first written: a counter per bit.
func simhashRef(s string) uint64 {
	words := strings.FieldsFunc(extract.Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	var v [64]int
	for i := 0; i+3 <= len(words); i++ {
		x := fnv64a(fnv64a(fnv64a(fnv64a(fnv64a(fnvOffset, words[i]), " "), words[i+1]), " "), words[i+2])
		for b := range 64 {
			if x>>b&1 == 1 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var out uint64
	for b := range 64 {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

func FuzzSimhash(f *testing.F) {
	f.Add("Toàn tỉnh có 11.679 mô hình Dân vận khéo, trong đó 2.821 mô hình kinh tế")
	f.Add(strings.Repeat("a b c d ", 300)) // more than 255 shingles
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Simhash(s), simhashRef(s); got != want {
			t.Fatalf("Simhash(%q) = %d, want %d", s, got, want)
		}
	})
}

func BenchmarkSimhash(b *testing.B) {
	var texts []string
	total := 0
	files, _ := filepath.Glob("../../seeds/*.txt")
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, extract.Fold(string(body)))
		total += len(body)
	}
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, t := range texts {
			simhashFolded(t)
		}
	}
}

// A figure's sentence is kept once, in the body: the figures rows hold
// none, and every way of reading figures gives back the extracted sentence,
// with its Vietnamese letters whole (offsets are bytes, not characters).
func TestEvidenceFromBody(t *testing.T) { storetest.Each(t, testEvidenceFromBody) }

func testEvidenceFromBody(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, _ := extract.Default()
	it := item(t, x, "u1", text1)
	want := map[int64]string{}
	for _, f := range it.Article.Figures {
		want[f.Value] = f.Evidence
	}
	if len(want) != 2 {
		t.Fatalf("extracted %d figures, want 2", len(want))
	}
	if _, err := s.Save(ctx, []Item{it}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	var kept int
	if err := s.DB().QueryRow(`SELECT count(*) FROM figures WHERE evidence <> ''`).Scan(&kept); err != nil || kept != 0 {
		t.Errorf("%d figures rows keep their sentence (%v), want 0", kept, err)
	}
	rows, err := s.Figures(ctx, FigureQuery{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("Figures: %d rows, %v", len(rows), err)
	}
	for _, r := range rows {
		if r.Evidence != want[r.Value] {
			t.Errorf("Figures: %d: evidence %q, want %q", r.Value, r.Evidence, want[r.Value])
		}
	}
	id := rows[0].ArticleID
	figs, err := s.FiguresOf(ctx, []int64{id})
	if err != nil || len(figs[id]) != 2 {
		t.Fatalf("FiguresOf: %v %v", figs, err)
	}
	for _, f := range figs[id] {
		if f.Evidence != want[f.Value] {
			t.Errorf("FiguresOf: %d: evidence %q, want %q", f.Value, f.Evidence, want[f.Value])
		}
	}
}

// Searches read a memory map of the file; what the writer commits (to the
// WAL, then checkpointed into the mapped file) they see at once. The
// writer reads through its own larger page cache.
func TestReadersMapTheFile(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := s.reader.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != readerMmap {
		t.Errorf("readers map %d bytes, want %d", n, readerMmap)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the writer maps %d bytes (%v), want 0: it reads", n, err)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil || n != -writerCacheKB {
		t.Errorf("the writer's page cache is %d (%v), want %d (KB)", n, err, -writerCacheKB)
	}
	for i, text := range []string{text1, text2} {
		if _, err := s.Save(ctx, []Item{item(t, x, fmt.Sprintf("https://example.vn/%d", i), text)}, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
		}
		var docs int
		if err := s.reader.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&docs); err != nil {
			t.Fatal(err)
		}
		if docs != i+1 {
			t.Errorf("after save %d a reader sees %d documents, want %d", i+1, docs, i+1)
		}
	}
}
