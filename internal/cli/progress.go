package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
)

// progress reports a long job: a bar redrawn in place on a terminal (done,
// items/s and ETA), plain log lines every few seconds otherwise.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	log      *slog.Logger
	tty      bool
	what     string
	total    int64
	start    time.Time
	lastLine time.Time
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newProgress(w io.Writer, log *slog.Logger, what string, total int64) *progress {
	return &progress{w: w, log: log, tty: isTerminal(w), what: what, total: total, start: time.Now()}
}

func (p *progress) update(done int64, detail string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(done) / el
	}
	eta := "?"
	if rate > 0 && p.total > 0 {
		eta = (time.Duration(float64(p.total-done)/rate) * time.Second).Round(time.Second).String()
	}
	if p.tty {
		if now.Sub(p.lastLine) < 100*time.Millisecond && done < p.total {
			return
		}
		fmt.Fprintf(p.w, "\r%s %s %.0f/s ETA %s %s\033[K", p.what, bar(done, p.total), rate, eta, detail)
	} else {
		if now.Sub(p.lastLine) < 2*time.Second {
			return
		}
		p.log.Info(p.what, "done", done, "total", p.total, "per_second", fmt.Sprintf("%.0f", rate), "eta", eta, "detail", detail)
	}
	p.lastLine = now
}

func (p *progress) finish() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// barWidth is the number of cells of a progress bar.
const barWidth = 24

// bar draws done of total as "[██████░░░░] 1234/3005 41%"; without a total
// (not known yet) it is the count alone.
func bar(done, total int64) string {
	if total <= 0 {
		return fmt.Sprintf("%d", done)
	}
	full := int(min(done, total) * barWidth / total)
	return fmt.Sprintf("[%s%s] %d/%d %.0f%%", strings.Repeat("█", full), strings.Repeat("░", barWidth-full), done, total, 100*float64(done)/float64(total))
}
