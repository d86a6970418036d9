package cli

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestBar(t *testing.T) {
	for _, c := range []struct {
		done, total int64
		want        string
	}{
		{0, 10, "[░░░░░░░░░░░░░░░░░░░░░░░░] 0/10 0%"},
		{5, 10, "[████████████░░░░░░░░░░░░] 5/10 50%"},
		{10, 10, "[████████████████████████] 10/10 100%"},
		{12, 10, "[████████████████████████] 12/10 120%"}, // a total that grew: the bar stays full
		{7, 0, "7"},
	} {
		if got := bar(c.done, c.total); got != c.want {
			t.Errorf("bar(%d, %d) = %q, want %q", c.done, c.total, got, c.want)
		}
	}
}

// TestProgressOnTerminalAndLog: on a terminal the bar is redrawn in place
// with the rate and the ETA; elsewhere it is log lines, at most one every
// two seconds.
func TestProgressOnTerminalAndLog(t *testing.T) {
	var term bytes.Buffer
	p := &progress{w: &term, tty: true, what: "ingest", total: 100, start: time.Now().Add(-10 * time.Second)}
	p.update(50, "new 50")
	p.finish()
	out := term.String()
	if !strings.HasPrefix(out, "\ringest [████████████░░░░░░░░░░░░] 50/100 50% 5/s ETA 10s new 50\033[K") || !strings.HasSuffix(out, "\n") {
		t.Errorf("terminal: %q", out)
	}
	var logs bytes.Buffer
	q := &progress{w: &bytes.Buffer{}, log: slog.New(slog.NewTextHandler(&logs, nil)), what: "reprocess", total: 100, start: time.Now().Add(-time.Second)}
	q.update(10, "")
	q.update(20, "") // within two seconds of the first: not logged
	if n := strings.Count(logs.String(), "msg=reprocess"); n != 1 || !strings.Contains(logs.String(), "done=10 total=100") {
		t.Errorf("log: %q", logs.String())
	}
}
