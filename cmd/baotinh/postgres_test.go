package main

import (
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"baotinh/internal/store/storetest"
)

// TestPostgresTwoIngestsAtOnce: two processes ingesting the same 5,000
// generated articles into one PostgreSQL database at the same time leave
// exactly what one process leaves in SQLite.
func TestPostgresTwoIngestsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	pg := storetest.Postgres(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if out, err := exec.Command(bin, "synth", "--n", "5000", corpus).CombinedOutput(); err != nil {
		t.Fatalf("synth: %v %s", err, out)
	}
	lite := filepath.Join(dir, "one.db")
	if _, stderr, err := baotinh(t, lite, "ingest", corpus); err != nil {
		t.Fatalf("ingest: %v %s", err, stderr)
	}
	want := storedCounts(t, lite)
	// the schema is created by the first process to start; both start together
	var wg sync.WaitGroup
	outs := make([]string, 2)
	errs := make([]error, 2)
	start := time.Now()
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var stderr string
			outs[i], stderr, errs[i] = baotinh(t, pg, "ingest", corpus)
			if errs[i] != nil {
				outs[i] += stderr
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("ingest %d: %v %s", i, err, outs[i])
		}
	}
	t.Logf("two ingests at once in %v:\n%s%s", time.Since(start).Round(time.Millisecond), outs[0], outs[1])
	if got := storedCounts(t, pg); got != want {
		t.Errorf("PostgreSQL after two ingests: %s, want %s (one ingest into SQLite)", got, want)
	}
	// and the searches answer alike
	for _, q := range []string{"dan van kheo", "mô hình kinh tế"} {
		a, b := search(t, lite, q), search(t, pg, q)
		if a.Total != b.Total || a.Total == 0 {
			t.Errorf("search %q: SQLite %d, PostgreSQL %d", q, a.Total, b.Total)
		}
	}
	// a rule change reprocessed in both stores changes the same figures
	rules := filepath.Join(dir, "rules.yaml")
	os.WriteFile(rules, []byte("replace: [approximators]\napproximators:\n  nearly: [gần]\n"), 0o644)
	var reports [2]string
	for i, db := range []string{lite, pg} {
		out, stderr, err := baotinh(t, db, "reprocess", "--rules", rules)
		if err != nil {
			t.Fatalf("reprocess %s: %v %s", db, err, stderr)
		}
		reports[i] = strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	}
	if reports[0] != reports[1] || storedCounts(t, lite) != storedCounts(t, pg) {
		t.Errorf("reprocess: SQLite %q %s, PostgreSQL %q %s", reports[0], counts(t, lite), reports[1], counts(t, pg))
	}
	t.Logf("reprocess on both: %s", reports[1])
}

// TestMigrateToPostgres: seeds ingested into SQLite and migrated give the
// same figures CSV as seeds ingested into PostgreSQL; a migration killed
// at a random moment resumes and ends with everything copied.
func TestMigrateToPostgres(t *testing.T) {
	dir := t.TempDir()
	lite := filepath.Join(dir, "seeds.db")
	if _, stderr, err := baotinh(t, lite, "ingest", "../../seeds"); err != nil {
		t.Fatalf("ingest: %v %s", err, stderr)
	}
	migrated, direct := storetest.Postgres(t), storetest.Postgres(t)
	out, stderr, err := baotinh(t, lite, "migrate", "--from", lite, "--to", migrated)
	if err != nil || !strings.Contains(out, "migrated 5 documents, 5 articles, 20 figures") {
		t.Fatalf("migrate: %v %s %s", err, out, stderr)
	}
	if _, stderr, err := baotinh(t, direct, "ingest", "../../seeds"); err != nil {
		t.Fatalf("ingest into PostgreSQL: %v %s", err, stderr)
	}
	csv := func(db string) string {
		out, stderr, err := baotinh(t, db, "figures", "--format", "csv")
		if err != nil {
			t.Fatalf("figures %s: %v %s", db, err, stderr)
		}
		return out
	}
	a, b, c := csv(lite), csv(migrated), csv(direct)
	if strings.Count(a, "\n") != 21 || a != b || a != c {
		t.Errorf("figures CSV differ:\nSQLite (%d lines)\n%s\nmigrated (%d lines)\n%s\ndirect (%d lines)\n%s",
			strings.Count(a, "\n"), a, strings.Count(b, "\n"), b, strings.Count(c, "\n"), c)
	}
	if _, _, err := baotinh(t, lite, "migrate", "--from", lite, "--to", migrated); err == nil {
		t.Errorf("a second migration into a full store was accepted")
	}

	if testing.Short() {
		return
	}
	corpus := filepath.Join(dir, "corpus")
	if out, err := exec.Command(bin, "synth", "--n", "3000", corpus).CombinedOutput(); err != nil {
		t.Fatalf("synth: %v %s", err, out)
	}
	big := filepath.Join(dir, "big.db")
	if _, stderr, err := baotinh(t, big, "ingest", corpus); err != nil {
		t.Fatalf("ingest: %v %s", err, stderr)
	}
	want := counts(t, big)
	clean := storetest.Postgres(t)
	start := time.Now()
	if _, stderr, err := baotinh(t, big, "migrate", "--from", big, "--to", clean); err != nil {
		t.Fatalf("migrate: %v %s", err, stderr)
	}
	took := time.Since(start)
	if got := counts(t, clean); got != want {
		t.Errorf("migrated: %s, want %s", got, want)
	}
	killed := storetest.Postgres(t)
	// in the first half: the same migration may run faster this time
	at := time.Duration(rand.Int63n(int64(took)*3/10)) + took*2/10
	if killAfter(t, at, bin, "migrate", "--from", big, "--to", killed) {
		t.Logf("migrate of 3,000 took %v; killed after %v: %s", took, at, counts(t, killed))
		out, stderr, err = baotinh(t, big, "migrate", "--from", big, "--to", killed)
		if err != nil {
			t.Fatalf("migrate again: %v %s", err, stderr)
		}
		t.Log(strings.TrimSpace(out))
	}
	if got := counts(t, killed); got != want {
		t.Errorf("after kill and resume: %s, want %s", got, want)
	}
	if x, y := search(t, big, "dan van kheo"), search(t, killed, "dan van kheo"); x.Total != y.Total {
		t.Errorf("search after migration: %d, SQLite %d", y.Total, x.Total)
	}
}
