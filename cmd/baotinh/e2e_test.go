package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// serveForBrowser starts the real binary on a fresh database that ingests
// the given folders first, and returns its base URL; it is stopped with
// the test.
func serveForBrowser(t *testing.T, ingest ...string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "e2e.db")
	args := []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--no-schedule"}
	for _, dir := range ingest {
		args = append(args, "--ingest", dir)
	}
	cmd := exec.Command(bin, args...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "baotinh listening on "); ok {
				lines <- u
			}
		}
	}()
	select {
	case base := <-lines:
		return base
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not start")
	}
	return ""
}

// browser is a headless Chromium for the test, or a skip when none is
// installed (.ci/run installs Debian's).
func browser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	chrome := chromiumPath()
	if chrome == "" {
		t.Skip("chromium is not installed (.ci/run installs Debian's chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.NoFirstRun,
		chromedp.WindowSize(1200, 900), chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return ctx
}

// TestDashboardInChromium starts the real binary on a fresh database with
// the seeds and reads the dashboard as a person would, in headless Chromium.
func TestDashboardInChromium(t *testing.T) {
	ctx := browser(t, 90*time.Second)
	base := serveForBrowser(t, "../../seeds")

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

// TestDashboardOnSyntheticStore drives the dashboard over 600 synthetic
// articles and the seeds in headless Chromium (issue 12): a province
// filter changes the coverage chart's series and time range to the
// filtered ones; the map has a cell for each of the 63 old units and of
// the 34 current ones; a click on a cell opens the province page, whose
// series has at least two points; the CSV links download what the pages
// show. With BAOTINH_SCREENSHOTS=DIR it writes screenshots of /, /figures,
// a province page and an article page there.
func TestDashboardOnSyntheticStore(t *testing.T) {
	ctx := browser(t, 180*time.Second)
	dir := t.TempDir()
	if out, err := exec.Command(bin, "synth", "--n", "600", dir).CombinedOutput(); err != nil {
		t.Fatalf("synth: %v\n%s", err, out)
	}
	base := serveForBrowser(t, dir, "../../seeds")
	// open navigates and waits for what the page must show; a navigation
	// right after another can be reported aborted, and is tried again
	open := func(url, ready string) {
		t.Helper()
		var err error
		for try := 0; try < 3; try++ {
			if err = chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(ready)); err == nil {
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
		t.Fatalf("%s: %v", url, err)
	}
	shoot := func(name string) {
		dir := os.Getenv("BAOTINH_SCREENSHOTS")
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// the chart's points: their periods and values, as the page draws them
	type chartPoint struct {
		Period string  `json:"period"`
		Value  float64 `json:"value"`
	}
	points := func(sel string) []chartPoint {
		t.Helper()
		return evalJS[[]chartPoint](t, ctx, `[...document.querySelectorAll('`+sel+` circle.pt')].map(c => { const m = c.textContent.match(/ (\S+): ([\d.]+)/); return {period: m[1], value: +m[2].replaceAll('.', '')} })`)
	}
	sum := func(pts []chartPoint) (n float64) {
		for _, p := range pts {
			n += p.Value
		}
		return n
	}

	// the search page's chart before and after a province filter
	open(base+"/?q=dan+van+kheo", `#coverage`)
	all := points("#coverage")
	if len(all) < 2 || all[0].Period >= "2024-01" {
		t.Fatalf("unfiltered chart: %d points from %v: want the synthetic years before 2024", len(all), all[:min(1, len(all))])
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(`input[name=province]`, "Cần Thơ"),
		chromedp.SetValue(`input[name=from]`, "2024-01-01"),
		chromedp.Submit(`input[name=province]`),
		chromedp.WaitReady(`#coverage`),
	); err != nil {
		t.Fatal(err)
	}
	var loc string
	for try := 0; try < 20 && !strings.Contains(loc, "province="); try++ {
		time.Sleep(100 * time.Millisecond)
		loc = evalJS[string](t, ctx, `location.search`)
	}
	open(base+"/"+loc, `#coverage`) // the same address, read once it has settled
	got := points("#coverage")
	total := evalJS[string](t, ctx, `document.querySelector('#total strong').textContent`)
	var want struct {
		Points []struct {
			Period string `json:"period"`
			Count  int    `json:"count"`
		} `json:"points"`
	}
	getJSON(t, base+"/api/coverage?q=dan+van+kheo&province=C%E1%BA%A7n+Th%C6%A1&from=2024-01-01&by=all", &want)
	if len(got) == 0 || len(got) != len(want.Points) || got[0].Period != "2024-01" || got[len(got)-1].Period != want.Points[len(want.Points)-1].Period {
		t.Errorf("filtered chart: %d points %v…, want the %d periods of the filter from 2024-01", len(got), got[:min(2, len(got))], len(want.Points))
	}
	if n, _ := strconv.Atoi(strings.ReplaceAll(total, ".", "")); float64(n) != sum(got) || n == 0 || sum(got) >= sum(all) {
		t.Errorf("filtered chart sums to %v, the page's total is %s, the unfiltered chart %v", sum(got), total, sum(all))
	}
	covCSV := evalJS[string](t, ctx, `document.querySelector('#coverage-csv').href`)
	if rows := csvRows(t, covCSV); len(rows) != len(got) || sumColumn(rows, 3) != sum(got) {
		t.Errorf("coverage CSV: %d rows summing to %v, the chart %d points summing to %v", len(rows), sumColumn(rows, 3), len(got), sum(got))
	}
	resultsCSV := evalJS[string](t, ctx, `document.querySelector('#results-csv').href`)
	hits := evalJS[int](t, ctx, `document.querySelectorAll('#hits .hit').length`)
	if rows := csvRows(t, resultsCSV); len(rows) != hits || hits == 0 {
		t.Errorf("results CSV: %d rows, the page shows %d hits", len(rows), hits)
	}
	shoot("search")

	// the map of both levels, and the latest figures against their CSV
	for _, c := range []struct {
		url   string
		cells int
	}{{base + "/figures", 63}, {base + "/figures?level=current", 34}} {
		open(c.url, `#map`)
		n := evalJS[int](t, ctx, `document.querySelectorAll('#map a.tile').length`)
		if n != c.cells {
			t.Errorf("%s: %d cells on the map, want %d", c.url, n, c.cells)
		}
	}
	open(base+"/figures", `#map`)
	shoot("figures")
	filled := evalJS[int](t, ctx, `[...document.querySelectorAll('#latest tbody td.num a')].length`)
	latestCSV := evalJS[string](t, ctx, `document.querySelector('#csv').href`)
	if rows := csvRows(t, latestCSV); len(rows) != filled || filled == 0 {
		t.Errorf("latest figures CSV: %d rows, the table shows %d figures", len(rows), filled)
	}

	// a click on a cell opens its province page, with a series
	if err := chromedp.Do(ctx, chromedp.Click(`#map a.tile[data-unit="Hậu Giang"]`), chromedp.WaitReady(`#series`)); err != nil {
		t.Fatal(err)
	}
	heading := evalJS[string](t, ctx, `document.querySelector('h2').textContent`)
	series := points("#series")
	facts := evalJS[int](t, ctx, `document.querySelectorAll('#facts tbody tr').length`)
	if heading != "Hậu Giang" || len(series) < 2 || facts != len(series) {
		t.Errorf("province page %q: %d points in the series, %d facts in the table", heading, len(series), facts)
	}
	seriesCSV := evalJS[string](t, ctx, `document.querySelector('#series-csv').href`)
	if rows := csvRows(t, seriesCSV); len(rows) != facts {
		t.Errorf("series CSV: %d rows, the page lists %d facts", len(rows), facts)
	}
	t.Logf("chart: %d points (%s…%s, %v articles) unfiltered, %d (%s…%s, %v) for Cần Thơ from 2024-01; province page: %d facts",
		len(all), all[0].Period, all[len(all)-1].Period, sum(all), len(got), got[0].Period, got[len(got)-1].Period, sum(got), facts)
	shoot("province")
	open(base+"/articles/1", `.fig`)
	shoot("article")
}

// csvRows downloads a CSV link and returns its rows without the header.
func csvRows(t *testing.T, url string) [][]string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil || resp.StatusCode != 200 || len(rows) == 0 {
		t.Fatalf("%s: %d, %v", url, resp.StatusCode, err)
	}
	return rows[1:]
}

func sumColumn(rows [][]string, col int) (n float64) {
	for _, r := range rows {
		v, _ := strconv.ParseFloat(r[col], 64)
		n += v
	}
	return n
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d, %v", url, resp.StatusCode, err)
	}
}

// evalJS evaluates a script in the page and decodes its value.
func evalJS[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}
