package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCommandLineDefects: the command-line defects of issue 12, each as a
// user meets it.
func TestCommandLineDefects(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if _, stderr, err := baotinh(t, db, "ingest", "../../seeds"); err != nil {
		t.Fatalf("ingest: %v %s", err, stderr)
	}

	t.Run("--db in a folder that does not exist is refused, not created", func(t *testing.T) {
		missing := filepath.Join(dir, "no", "such", "x.db")
		_, stderr, err := baotinh(t, missing, "stats")
		if err == nil || !strings.Contains(stderr, "does not exist") {
			t.Errorf("%v %s", err, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
			t.Error("the folder was created")
		}
	})
	t.Run("figures --source filters", func(t *testing.T) {
		all, _, err := baotinh(t, db, "figures", "--format", "csv")
		if err != nil {
			t.Fatal(err)
		}
		none, _, err := baotinh(t, db, "figures", "--format", "csv", "--source", "baohaugiang")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(all, "\n") != 21 || strings.Count(none, "\n") != 1 {
			t.Errorf("%d rows without --source, %d with a source that has none", strings.Count(all, "\n")-1, strings.Count(none, "\n")-1)
		}
		if _, stderr, err := baotinh(t, db, "figures", "--metric", "bogus"); err == nil || !strings.Contains(stderr, "models") {
			t.Errorf("--metric bogus: %v %s", err, stderr)
		}
	})
	t.Run("reprocess progress knows its total", func(t *testing.T) {
		_, stderr, err := baotinh(t, db, "reprocess")
		if err != nil || !strings.Contains(stderr, "total=5") || strings.Contains(stderr, "total=0") {
			t.Errorf("%v\n%s", err, stderr)
		}
	})
	t.Run("a crawl in which every fetch failed exits non-zero", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nobody listens there now
		src := filepath.Join(dir, "s.yaml")
		os.WriteFile(src, []byte("sources:\n  - {id: gone, province: Hậu Giang, url: \"http://"+addr+"/\", listings: [\"http://"+addr+"/x\"], article: '.*'}\n"), 0o644)
		out, stderr, err := baotinh(t, db, "crawl", "--sources", src, "--no-politeness")
		if err == nil || !strings.Contains(stderr, "nothing could be fetched") || !strings.Contains(out, "gone") {
			t.Errorf("%v\n%s\n%s", err, out, stderr)
		}
	})
	t.Run("YAML errors in words, not Go types", func(t *testing.T) {
		src := filepath.Join(dir, "bad.yaml")
		os.WriteFile(src, []byte("sources:\n  - {id: x, province: Hậu Giang, url: \"http://127.0.0.1:1/\", listings: [\"http://127.0.0.1:1/x\"], article: '.*', max_pages: abc}\n"), 0o644)
		_, stderr, err := baotinh(t, db, "crawl", "--sources", src)
		if err == nil || !strings.Contains(stderr, "bad.yaml:2: `abc` is not a whole number") || strings.Contains(stderr, "unmarshal") {
			t.Errorf("%v %s", err, stderr)
		}
	})
	t.Run("serve --ingest on a busy port fails before ingesting", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		fresh := filepath.Join(dir, "fresh.db")
		_, stderr, err := baotinh(t, fresh, "serve", "--addr", ln.Addr().String(), "--ingest", "../../seeds", "--no-schedule")
		if err == nil || !strings.Contains(stderr, "--addr") || strings.Contains(stderr, "ingested at start") {
			t.Errorf("%v %s", err, stderr)
		}
	})
	t.Run("SIGINT is an interruption, not an error", func(t *testing.T) {
		seed, err := os.ReadFile("../../seeds/003_5b4ae347205593fe.txt")
		if err != nil {
			t.Fatal(err)
		}
		corpus := filepath.Join(dir, "many")
		os.Mkdir(corpus, 0o755)
		for i := range 4000 {
			os.WriteFile(filepath.Join(corpus, fmt.Sprintf("%05d.txt", i)), append(seed, fmt.Sprintf("\nSố %d.\n", i)...), 0o644)
		}
		cmd := exec.Command(bin, "--db", filepath.Join(dir, "i.db"), "ingest", corpus)
		var errb syncBuffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(30 * time.Second); !strings.Contains(errb.String(), "msg=ingest"); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("ingest never reported progress: %s", errb.String())
			}
		}
		cmd.Process.Signal(syscall.SIGINT)
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 || strings.Contains(errb.String(), "context canceled") || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("exit %v; stderr:\n%s", err, errb.String())
		}
	})
}

// syncBuffer is a buffer a child process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
