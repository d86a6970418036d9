package store

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"sync"
)

// Raw pages are kept gzip-compressed when that makes them smaller: a
// provincial paper's page is mostly markup and Vietnamese text, which
// gzip shrinks three to eight times, and the raw pages are most of what a
// store writes (a page's text is stored again as the article's body).
// documents.raw_encoding says how a row's raw bytes are kept: "" as
// fetched (rows written before this, and pages compression would not
// shrink), "gzip" compressed (RFC 1952, with its CRC of the page).
const (
	rawAsIs = ""
	rawGzip = "gzip"
)

// packMin: pages shorter than this are kept as they are; gzip's header and
// the work of reading them back buy nothing there.
const packMin = 512

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// packRaw returns how raw is best kept and the bytes to store: compressed
// when that saves at least an eighth.
func packRaw(raw []byte) (string, []byte) {
	if len(raw) < packMin {
		return rawAsIs, raw
	}
	var b bytes.Buffer
	b.Grow(len(raw) / 3)
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&b)
	if _, err := w.Write(raw); err != nil {
		return rawAsIs, raw // a bytes.Buffer does not fail; keep the page as it is if it ever did
	}
	if err := w.Close(); err != nil {
		return rawAsIs, raw
	}
	if b.Len() > len(raw)-len(raw)/8 {
		return rawAsIs, raw
	}
	return rawGzip, b.Bytes()
}

// unpackRaw returns the page a row keeps as data with encoding enc.
func unpackRaw(enc string, data []byte) ([]byte, error) {
	switch enc {
	case rawAsIs:
		return data, nil
	case rawGzip:
		r, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("raw page stored as gzip: %w", err)
		}
		page, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("raw page stored as gzip: %w", err)
		}
		return page, nil
	}
	return nil, fmt.Errorf("raw page stored with an unknown encoding %q", enc)
}

// Pack compresses the document's raw page for storing, once; the ingest's
// workers call it so that the single writer does not. Save packs what was
// not packed.
func (d *Document) Pack() {
	if d.stored == nil {
		d.encoding, d.stored = packRaw(d.Raw)
		if d.stored == nil {
			d.stored = []byte{} // an empty page: packed, and NOT NULL in the table
		}
	}
}

// storedRaw returns the raw_encoding and raw values of the document's row.
func (d *Document) storedRaw() (string, []byte) {
	d.Pack()
	return d.encoding, d.stored
}
