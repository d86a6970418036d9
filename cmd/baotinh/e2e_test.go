package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's chromium; .ci/run installs it when missing.
func chromiumPath() string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

// TestDashboardInChromium starts the real binary on a fresh database with
// the seeds and reads the dashboard as a person would, in headless Chromium.
func TestDashboardInChromium(t *testing.T) {
	chrome := chromiumPath()
	if chrome == "" {
		t.Skip("chromium is not installed (.ci/run installs Debian's chromium)")
	}
	db := filepath.Join(t.TempDir(), "e2e.db")
	cmd := exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0", "--ingest", "../../seeds", "--no-schedule")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "baotinh listening on "); ok {
				lines <- u
			}
		}
	}()
	var base string
	select {
	case base = <-lines:
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not start")
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`input[name=q]`),
		chromedp.SendKeys(`input[name=q]`, "dan van kheo"),
		chromedp.Submit(`input[name=q]`),
		chromedp.WaitVisible(`#total`),
	); err != nil {
		t.Fatal(err)
	}
	// the first page shows a #total too: a read that lands while the results
	// page replaces it finds its node gone, and is read again
	var total, facet string
	var hits int
	var err error
	for try := 0; try < 5; try++ {
		if total, err = chromedp.Run(ctx, chromedp.Text(`#total`)); err == nil && strings.HasPrefix(total, "5 ") {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	facet, err = chromedp.Run(ctx, chromedp.Text(`#facet-province`))
	if err != nil {
		t.Fatal(err)
	}
	hits, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#hits .hit').length`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(total, "5 ") || hits != 5 || !strings.Contains(facet, "Hậu Giang") {
		t.Errorf("search: total %q, %d hits, province facet %q", total, hits, facet)
	}
	// a navigation right after a form submit can be reported aborted: try again
	var navErr error
	for try := 0; try < 3; try++ {
		if navErr = chromedp.Do(ctx, chromedp.Navigate(base+"/figures"), chromedp.WaitVisible(`#latest`)); navErr == nil {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if navErr != nil {
		t.Fatal(navErr)
	}
	cell := func(unit string) string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#latest tbody tr')].find(r => r.cells[0].innerText.trim() === '`+unit+`').cells[1].innerText.trim()`))
		if err != nil {
			t.Fatalf("%s: %v", unit, err)
		}
		return v
	}
	hauGiang, hoaBinh := cell("Hậu Giang"), cell("Hòa Bình")
	if hauGiang != "11.679" || hoaBinh != "11.441" {
		t.Errorf("figures page: Hậu Giang %q, Hòa Bình %q", hauGiang, hoaBinh)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(os.TempDir(), "baotinh-e2e-figures.png")
	if dir := os.Getenv("BAOTINH_SCREENSHOTS"); dir != "" {
		path = filepath.Join(dir, "baotinh-e2e-figures.png")
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(shot))
}
