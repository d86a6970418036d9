// Package cli holds baotinh's commands: it reads the command line and the
// environment (in one place, readEnvironment), wires the packages together
// (store, extractor, ingester, crawler, index, server) and reports what
// they did on stdout and stderr with an exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"
)

// env is what every command shares: streams, logger, global flags and
// the settings read from the environment.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	db     string

	dbDefault  string // BAOTINH_DB, else baotinh.db
	adminToken string // BAOTINH_ADMIN_TOKEN: the admin endpoints' bearer token
	meili      meiliSettings
}

// readEnvironment is the one place the process environment is read.
func (e *env) readEnvironment(getenv func(string) string) {
	e.dbDefault = getenv("BAOTINH_DB")
	if e.dbDefault == "" {
		e.dbDefault = "baotinh.db"
	}
	e.adminToken = getenv("BAOTINH_ADMIN_TOKEN")
	e.meili = meiliSettings{url: getenv("MEILI_URL"), key: getenv("MEILI_API_KEY"), index: getenv("MEILI_INDEX")}
	if e.meili.index == "" {
		e.meili.index = "baotinh"
	}
}

// exitError carries an exit code without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Main runs the command line and returns the process exit code. SIGINT and
// SIGTERM cancel the context every command runs under.
func Main(args []string) int {
	collectorTarget(gcPercent)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, os.Stdin, os.Stdout, os.Stderr)
}

// gcPercent is the collector's target when GOGC is not set: the heap may
// grow by half of what is live between collections, not by all of it. A
// third of what an ingest keeps live for good is go-trafilatura's date
// parser's compiled expressions (21 MB, built at start), which the default
// of 100 doubled. bench --n 100000, pairs on 7 Dec: peak RSS 202–208 →
// 167–168 MB; ingest 1,066 and 1,123 → 986 and 1,173 articles/s (the
// machine's noise is ±10 %); the collector's share of the CPU ~1 → ~2 %.
const gcPercent = 50

// serveGCPercent is serve's: answering searches allocates per request, and
// the collector at 50 cost it throughput and its tail (loadtest, 50
// clients × 30 s, two pairs: 3,532–3,638 → 2,922–3,336 answered/s, p99
// 79–93 → 100–113 ms) to save 23 MB (peak RSS 170 → 147 MB).
const serveGCPercent = 100

// collectorTarget sets the collector's target to percent unless the
// environment's GOGC chose one.
func collectorTarget(percent int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
}

// Run is Main with its streams given, for tests.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	e.readEnvironment(os.Getenv)
	e.log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	root := &cobra.Command{
		Use:           "baotinh",
		Short:         "Vietnamese provincial press: crawl, extract figures, search",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&e.db, "db", e.dbDefault, "store: a SQLite file, or a postgres:// URL for a shared PostgreSQL database (env BAOTINH_DB)")
	root.AddCommand(
		extractCmd(e), ingestCmd(e), reprocessCmd(e), reindexCmd(e),
		crawlCmd(e), sourcesCmd(e), scheduleCmd(e),
		searchCmd(e), figuresCmd(e), statsCmd(e),
		serveCmd(e), migrateCmd(e),
		synthCmd(e), benchCmd(e), loadtestCmd(e),
	)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// SIGINT or SIGTERM: not an error of the command
		fmt.Fprintln(stderr, "baotinh: interrupted; everything committed before is kept, and a new run resumes")
		return 130
	}
	fmt.Fprintf(stderr, "baotinh: %v\n", err)
	return 1
}
