package corpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Item is one document to extract or ingest: a file's bytes, or one record
// of a JSON Lines file with the URL it was fetched from.
type Item struct {
	Path      string // the file it came from; "-" for standard input
	Line      int    // its line in a JSON Lines file; 0 for a whole file
	ID        string // the record's "id"
	URL       string // the record's "url": where the page was fetched
	Published string // the record's "published", when it states one
	Raw       []byte
	HTML      bool
}

// Source names the item in output: the record's id, else its URL, else the
// file's path.
func (it Item) Source() string {
	switch {
	case it.ID != "":
		return it.ID
	case it.URL != "":
		return it.URL
	}
	return it.Path
}

// Where names the item in messages: the file, and the line for a record.
func (it Item) Where() string {
	if it.Line > 0 {
		return fmt.Sprintf("%s:%d", it.Path, it.Line)
	}
	return it.Path
}

// record is one line of a JSON Lines corpus.
type record struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	Published string `json:"published"`
}

// ErrRecord reports a JSON Lines record that cannot be used.
var ErrRecord = errors.New("bad record")

// Items reads every document in docs and calls fn with each, in order. A
// document or record that cannot be read is passed to onErr (naming it)
// and skipped; the others go on. It stops early only when ctx is cancelled
// or fn returns an error, and returns that error.
func Items(ctx context.Context, docs []Doc, stdin io.Reader, fn func(Item) error, onErr func(where string, err error)) error {
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.JSONL {
			if err := records(ctx, d, stdin, fn, onErr); err != nil {
				return err
			}
			continue
		}
		raw, err := Read(ctx, d, stdin)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			onErr(d.Path, err)
			continue
		}
		if err := fn(Item{Path: d.Path, Raw: raw, HTML: d.HTML}); err != nil {
			return err
		}
	}
	return nil
}

// records reads a JSON Lines file, a record a line. Blank lines are
// skipped; a line over MaxSize or not a record is reported and skipped.
func records(ctx context.Context, d Doc, stdin io.Reader, fn func(Item) error, onErr func(string, error)) error {
	var r io.Reader = stdin
	if d.Path != "-" {
		f, err := os.Open(d.Path)
		if err != nil {
			onErr(d.Path, err)
			return nil
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := readLine(br)
		where := fmt.Sprintf("%s:%d", d.Path, n)
		if errors.Is(err, ErrTooLarge) {
			onErr(where, err)
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			onErr(where, err)
			return nil
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			it, perr := parseRecord(t)
			if perr != nil {
				onErr(where, perr)
			} else {
				it.Path, it.Line = d.Path, n
				if ferr := fn(it); ferr != nil {
					return ferr
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// readLine reads one line without its newline. A line longer than MaxSize
// is read through and dropped, reported as ErrTooLarge.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(out)+len(chunk) > MaxSize {
				tooLong, out = true, nil
			} else {
				out = append(out, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong && (err == nil || errors.Is(err, io.EOF)) {
			return nil, fmt.Errorf("%w: a line over %d bytes", ErrTooLarge, MaxSize)
		}
		if tooLong {
			return nil, err
		}
		return bytes.TrimSuffix(out, []byte("\n")), err
	}
}

// parseRecord reads one record; keys other than the record's own ("gold",
// "meta") are the corpus's business and ignored.
func parseRecord(line []byte) (Item, error) {
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return Item{}, fmt.Errorf("%w: not a JSON object of strings: %v", ErrRecord, err)
	}
	switch {
	case rec.Text != "" && rec.HTML != "":
		return Item{}, fmt.Errorf("%w: both \"text\" and \"html\"; give one", ErrRecord)
	case rec.Text == "" && rec.HTML == "":
		return Item{}, fmt.Errorf("%w: no \"text\" or \"html\"", ErrRecord)
	case rec.ID == "" && rec.URL == "":
		return Item{}, fmt.Errorf("%w: no \"id\" or \"url\" to name it", ErrRecord)
	}
	it := Item{ID: rec.ID, URL: rec.URL, Published: rec.Published, Raw: []byte(rec.Text)}
	if rec.HTML != "" {
		it.Raw, it.HTML = []byte(rec.HTML), true
	}
	return it, nil
}
