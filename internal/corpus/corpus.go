// Package corpus reads the documents named on a command line: files
// (.txt, .html, .htm), JSON Lines files of records (.jsonl, one document a
// line with its URL), folders walked recursively in sorted order, and "-"
// for standard input. What flows out is one Item per document.
package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// MaxSize is the largest document read; a bigger one is refused, not
// loaded, so memory stays bounded whatever is thrown at it.
const MaxSize = 16 << 20

// ErrTooLarge reports a document over MaxSize.
var ErrTooLarge = errors.New("document too large")

// Doc is one document to read.
type Doc struct {
	Path  string // as given or found; "-" for standard input
	HTML  bool
	JSONL bool // a file of records, one document a line
}

// IsHTML reports whether the name looks like an HTML page.
func IsHTML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// isJSONL reports whether the name looks like a JSON Lines file.
func isJSONL(name string) bool {
	return strings.ToLower(filepath.Ext(name)) == ".jsonl"
}

func accepted(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".txt" || ext == ".html" || ext == ".htm" || ext == ".jsonl"
}

// List expands the arguments into documents. A file named explicitly is
// taken whatever its extension; inside folders only .txt, .html, .htm and
// .jsonl. stdinJSONL says "-" is a JSON Lines stream.
// Paths that cannot be read are returned as errors beside the list.
func List(args []string, stdinJSONL bool) ([]Doc, []error) {
	var docs []Doc
	var errs []error
	for _, a := range args {
		if a == "-" {
			docs = append(docs, Doc{Path: "-", JSONL: stdinJSONL})
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", a, err))
			continue
		}
		if !st.IsDir() {
			docs = append(docs, Doc{Path: a, HTML: IsHTML(a), JSONL: isJSONL(a)})
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && accepted(d.Name()) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", a, err))
		}
		sort.Strings(found)
		for _, p := range found {
			docs = append(docs, Doc{Path: p, HTML: IsHTML(p), JSONL: isJSONL(p)})
		}
	}
	return docs, errs
}

// Read returns the bytes of a document, refusing more than MaxSize.
func Read(ctx context.Context, d Doc, stdin io.Reader) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r io.Reader
	if d.Path == "-" {
		r = stdin
	} else {
		f, err := os.Open(d.Path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Size() > MaxSize {
			return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, st.Size(), MaxSize)
		}
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSize {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, MaxSize)
	}
	return b, nil
}
