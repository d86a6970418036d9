package store

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

// Raw pages are kept compressed when that makes them smaller: a
// provincial paper's page is mostly markup and Vietnamese text, which
// shrinks to a third or less, and the raw pages are most of what a store
// writes (a page's text is stored again as the article's body).
// documents.raw_encoding says how a row's raw bytes are kept: "" as
// fetched (rows written before compression, and pages it would not
// shrink), "zstd" (RFC 8878, at its fastest level: 100–140 MB/s on the
// seeds here, twice gzip's fastest, for 40 % of the bytes), or "gzip", as
// one earlier build wrote them.
const (
	rawAsIs = ""
	rawGzip = "gzip"
	rawZstd = "zstd"
)

// packMin: pages shorter than this are kept as they are; a frame's header
// and the work of reading them back buy nothing there.
const packMin = 512

// zstdEncoder packs pages on up to GOMAXPROCS goroutines at once
// (EncodeAll); its low-memory mode was a third slower on the seeds.
var zstdEncoder = newRawEncoder()

// rawWindow bounds how far back a match may reach in a page being packed.
// Each of the encoder's GOMAXPROCS states keeps its history for as long as
// the process lives: with zstd's default 8 MB window, packing one 300 KB
// page (a real page's size; the synthetic ones of bench are 5 KB and take
// another path) left 9.3 MB per state. A page is packed alone, so a page
// up to the window packs exactly as before; the largest saved are < 1 MB.
const rawWindow = 1 << 20

func newRawEncoder() *zstd.Encoder {
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithWindowSize(rawWindow))
	if err != nil {
		panic(fmt.Sprintf("store: zstd encoder: %v", err)) // options are constants
	}
	return e
}

// zstdDecoder reads them back, on as many goroutines as ask, and refuses a
// frame that claims more than maxPage.
var zstdDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxMemory(maxPage))

// maxPage bounds a page read back: far above any real page (the largest
// saved pages are under 1 MB), far below what would hurt the process.
const maxPage = 256 << 20

// packRaw returns how raw is best kept and the bytes to store: compressed
// when that saves at least an eighth.
func packRaw(raw []byte) (string, []byte) {
	if len(raw) < packMin {
		return rawAsIs, raw
	}
	packed := zstdEncoder.EncodeAll(raw, make([]byte, 0, len(raw)/3))
	if len(packed) > len(raw)-len(raw)/8 {
		return rawAsIs, raw
	}
	return rawZstd, packed
}

// unpackRaw returns the page a row keeps as data with encoding enc.
func unpackRaw(enc string, data []byte) ([]byte, error) {
	switch enc {
	case rawAsIs:
		return data, nil
	case rawZstd:
		page, err := zstdDecoder.DecodeAll(data, nil)
		if err != nil {
			return nil, fmt.Errorf("raw page stored as zstd: %w", err)
		}
		return page, nil
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
