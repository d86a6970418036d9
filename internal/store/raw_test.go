package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"baotinh/extract"
	"baotinh/internal/store/storetest"
)

func TestPackRaw(t *testing.T) {
	page := []byte(strings.Repeat("<p>Đến nay, toàn tỉnh có 11.679 mô hình “Dân vận khéo”.</p>\n", 40))
	noise := make([]byte, 4096)
	rand.Read(noise)
	tests := []struct {
		name    string
		raw     []byte
		wantEnc string
	}{
		{"empty", []byte{}, rawAsIs},
		{"short page", []byte("<p>toàn tỉnh có 9 mô hình</p>"), rawAsIs},
		{"page", page, rawZstd},
		{"incompressible", noise, rawAsIs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, data := packRaw(tt.raw)
			if enc != tt.wantEnc {
				t.Fatalf("encoding %q, want %q", enc, tt.wantEnc)
			}
			if enc == rawZstd && len(data) > len(tt.raw)/3 {
				t.Errorf("zstd kept %d of %d bytes", len(data), len(tt.raw))
			}
			back, err := unpackRaw(enc, data)
			if err != nil || !bytes.Equal(back, tt.raw) {
				t.Fatalf("unpacked %d bytes, %v; want the %d bytes packed", len(back), err, len(tt.raw))
			}
		})
	}
}

// The encoder's state is kept for the life of the process, one per
// GOMAXPROCS: it must stay small beside the pages it packs (a 300 KB
// page, as real pages are).
func TestRawEncoderMemory(t *testing.T) {
	page := []byte(strings.Repeat("<p>Đến nay, toàn tỉnh có 11.679 mô hình “Dân vận khéo”.</p>\n", 4000))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	e := newRawEncoder()
	packed := e.EncodeAll(page, nil)
	runtime.GC()
	runtime.ReadMemStats(&after)
	kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if kept > 4<<20 {
		t.Errorf("one encoder state keeps %d KB after packing a %d KB page, want under 4 MB", kept>>10, len(page)>>10)
	}
	if back, err := unpackRaw(rawZstd, packed); err != nil || !bytes.Equal(back, page) {
		t.Fatalf("unpacked %d bytes, %v", len(back), err)
	}
	runtime.KeepAlive(e)
}

func TestUnpackRawErrors(t *testing.T) {
	for _, tt := range []struct{ enc, data, want string }{
		{"lz4", "x", `unknown encoding "lz4"`},
		{rawZstd, "not zstd at all", "raw page stored as zstd"},
		{rawGzip, "not gzip at all", "raw page stored as gzip"},
	} {
		if _, err := unpackRaw(tt.enc, []byte(tt.data)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("unpackRaw(%q, %q) = %v, want an error with %q", tt.enc, tt.data, err, tt.want)
		}
	}
	// a truncated stream fails, it does not come back short
	_, data := packRaw([]byte(strings.Repeat("mô hình dân vận khéo ", 100)))
	if _, err := unpackRaw(rawZstd, data[:len(data)-6]); err == nil {
		t.Error("a truncated zstd page was read without an error")
	}
}

// A page an earlier build stored as gzip reads back.
func TestUnpackGzip(t *testing.T) {
	page := []byte(strings.Repeat("toàn tỉnh có 11.679 mô hình “Dân vận khéo” ", 20))
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(page)
	w.Close()
	if got, err := unpackRaw(rawGzip, b.Bytes()); err != nil || !bytes.Equal(got, page) {
		t.Fatalf("gzip page: %d bytes, %v", len(got), err)
	}
	if _, err := unpackRaw(rawGzip, b.Bytes()[:b.Len()-4]); err == nil {
		t.Error("a truncated gzip page was read without an error")
	}
}

// FuzzRawRoundTrip: every page comes back byte for byte, and reading any
// stored bytes as zstd or gzip fails or succeeds without a panic.
func FuzzRawRoundTrip(f *testing.F) {
	f.Add([]byte(strings.Repeat("toàn tỉnh có 11.679 mô hình ", 30)))
	f.Add([]byte("\x1f\x8b\x08\x00"))
	f.Add([]byte("\x28\xb5\x2f\xfd\x00\x58"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		enc, data := packRaw(raw)
		back, err := unpackRaw(enc, data)
		if err != nil || !bytes.Equal(back, raw) {
			t.Fatalf("round trip of %d bytes (%q): %d bytes, %v", len(raw), enc, len(back), err)
		}
		unpackRaw(rawGzip, raw)
		unpackRaw(rawZstd, raw)
	})
}

func TestRawStored(t *testing.T) { storetest.Each(t, testRawStored) }

// A page is stored compressed when that shrinks it, comes back as it was
// read, rows kept as fetched (before compression) still read, and a row
// whose encoding the build does not know is an error naming the document,
// with nothing lost.
func testRawStored(t *testing.T, loc string) {
	ctx := context.Background()
	s, _ := openAt(t, loc)
	x, _ := extract.Default()
	long := item(t, x, "u-long", text1+strings.Repeat("Mô hình được nhân rộng trên địa bàn toàn tỉnh.\n", 30))
	short := item(t, x, "u-short", text2)
	if _, err := s.Save(ctx, []Item{long, short}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	stored := func(url string) (enc string, n, size int) {
		t.Helper()
		if err := s.db.QueryRowContext(ctx, s.bind(`SELECT raw_encoding, length(raw), size FROM documents WHERE canonical_url = ?`), url).Scan(&enc, &n, &size); err != nil {
			t.Fatal(err)
		}
		return enc, n, size
	}
	if enc, n, size := stored("u-long"); enc != rawZstd || n >= size/2 || size != len(long.Doc.Raw) {
		t.Errorf("long page stored as %q, %d bytes for %d (size %d)", enc, n, len(long.Doc.Raw), size)
	}
	if enc, n, _ := stored("u-short"); enc != rawAsIs || n != len(short.Doc.Raw) {
		t.Errorf("short page stored as %q, %d bytes for %d", enc, n, len(short.Doc.Raw))
	}
	read := func() (map[string][]byte, error) {
		docs, err := s.Documents(ctx, 0, 10, DocFilter{})
		out := map[string][]byte{}
		for _, d := range docs {
			out[d.CanonicalURL] = d.Raw
		}
		return out, err
	}
	got, err := read()
	if err != nil || !bytes.Equal(got["u-long"], long.Doc.Raw) || !bytes.Equal(got["u-short"], short.Doc.Raw) {
		t.Fatalf("read back %d documents, %v: not the pages saved", len(got), err)
	}
	// a row written before pages were compressed
	if _, err := s.db.ExecContext(ctx, s.bind(`UPDATE documents SET raw_encoding = '', raw = ? WHERE canonical_url = ?`), long.Doc.Raw, "u-long"); err != nil {
		t.Fatal(err)
	}
	if got, err := read(); err != nil || !bytes.Equal(got["u-long"], long.Doc.Raw) {
		t.Fatalf("a row kept as fetched: %v", err)
	}
	if _, err := s.db.ExecContext(ctx, s.bind(`UPDATE documents SET raw_encoding = 'lz4' WHERE canonical_url = ?`), "u-short"); err != nil {
		t.Fatal(err)
	}
	if _, err := read(); err == nil || !strings.Contains(err.Error(), "u-short") || !strings.Contains(err.Error(), `"lz4"`) {
		t.Fatalf("unknown encoding: %v, want an error naming u-short and lz4", err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d documents after the failed read, %v", n, err)
	}
}

// BenchmarkPackRaw packs the seed articles one by one, as the ingest's
// workers pack pages: MB/s of raw text and the bytes kept per byte read.
func BenchmarkPackRaw(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	var pages [][]byte
	total := 0
	for _, f := range files {
		p, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages, total = append(pages, p), total+len(p)
	}
	if total == 0 {
		b.Fatal("no seeds")
	}
	b.SetBytes(int64(total))
	kept := 0
	for b.Loop() {
		kept = 0
		for _, p := range pages {
			_, data := packRaw(p)
			kept += len(data)
		}
	}
	b.ReportMetric(float64(kept)/float64(total), "kept/byte")
}
