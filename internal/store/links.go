package store

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"

	"baotinh/index"
)

// NearDistance is the largest Hamming distance between the SimHashes of
// two articles taken as the same text (syndicated, lightly edited).
const NearDistance = 3

// maxBandCandidates bounds the articles compared per band: boilerplate-heavy
// pages share bands with thousands of others, and comparing all of them
// made each insert cost grow with the store. The newest are compared:
// syndicated copies appear within days of each other.
const maxBandCandidates = 64

// linkLock is the PostgreSQL advisory lock under which a transaction links
// near-duplicates, so that the second of two concurrent writers sees the
// first one's articles (SQLite's single writer gives this for free).
const linkLock = 0x6261_6f74_6c6e6b // "baotlnk"

// linkKey orders articles for near-duplicate links. An article's original
// is the first, in this order, of the articles its text is near: the
// earliest published (undated ones last), then by URL, then by id. The
// order depends only on the articles, so the links do not depend on the
// order, batching, timing or concurrency of the ingests that stored them.
type linkKey struct {
	pub int64 // Unix seconds; math.MaxInt64 when undated
	url string
	id  int64
}

func (a linkKey) less(b linkKey) bool {
	if a.pub != b.pub {
		return a.pub < b.pub
	}
	if a.url != b.url {
		return a.url < b.url
	}
	return a.id < b.id
}

// linkNode is an article as linking sees it.
type linkNode struct {
	key  linkKey
	hash uint64
	link int64 // its stored original, 0 for none
}

// near reports whether two SimHashes are of the same text.
func near(a, b uint64) bool {
	return a != 0 && b != 0 && bits.OnesCount64(a^b) <= NearDistance
}

// linkBatch decides the near-duplicate links of a batch of articles about
// to be written (batch: their ids, keys and hashes; the stored rows of
// replaced ones have their bands removed already) and of the stored
// articles the batch changes: those near a batch article, and those whose
// original is a replaced article. It returns each batch article's original
// (0 for none) and, for stored articles whose original changes, the new
// one (0: none any more).
func (s *Store) linkBatch(ctx context.Context, tx *stmtTx, batch []linkNode, replaced []int64) ([]int64, map[int64]int64, error) {
	if s.pg {
		if _, err := tx.Tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(linkLock)); err != nil {
			return nil, nil, fmt.Errorf("near-duplicate lock: %w", err)
		}
	}
	inBatch := map[int64]bool{}
	for _, n := range batch {
		inBatch[n.key.id] = true
	}
	// the stored articles near each batch article
	nearBatch, err := s.bandMatches(ctx, tx, batch)
	if err != nil {
		return nil, nil, err
	}
	// the stored articles whose links may change
	affected := map[int64]bool{}
	for _, ids := range nearBatch {
		for _, id := range ids {
			affected[id] = true
		}
	}
	if len(replaced) > 0 {
		var args []any
		for _, id := range replaced {
			args = append(args, id)
		}
		for i := 0; i < len(args); i += 1000 {
			chunk := args[i:min(i+1000, len(args))]
			ids, err := s.ids(ctx, tx, `SELECT id FROM articles WHERE duplicate_of IN (`+inList(len(chunk))+`)`, chunk)
			if err != nil {
				return nil, nil, err
			}
			for _, id := range ids {
				if !inBatch[id] {
					affected[id] = true
				}
			}
		}
	}
	stored, err := s.linkNodes(ctx, tx, affected)
	if err != nil {
		return nil, nil, err
	}
	// every node the links are chosen among: the batch, and the stored
	// articles near it (each affected one's other stored matches are read
	// below)
	nodes := map[int64]linkNode{}
	for _, n := range batch {
		nodes[n.key.id] = n
	}
	for _, n := range stored {
		nodes[n.key.id] = n
	}
	// an article's original is the first node before it among its matches
	first := func(self linkNode, matches []int64) int64 {
		var best linkNode
		found := false
		for _, id := range matches {
			m, ok := nodes[id]
			if !ok || id == self.key.id || !m.key.less(self.key) {
				continue
			}
			if !found || m.key.less(best.key) {
				best, found = m, true
			}
		}
		if !found {
			return 0
		}
		return best.key.id
	}
	links := make([]int64, len(batch))
	for k, n := range batch {
		matches := append([]int64(nil), nearBatch[k]...)
		for _, m := range batch {
			if m.key.id != n.key.id && near(m.hash, n.hash) {
				matches = append(matches, m.key.id)
			}
		}
		links[k] = first(n, matches)
	}
	// each affected stored article, recomputed over all its matches
	nearStored, err := s.bandMatches(ctx, tx, stored)
	if err != nil {
		return nil, nil, err
	}
	var more map[int64]bool
	for _, ids := range nearStored {
		for _, id := range ids {
			if _, ok := nodes[id]; !ok {
				if more == nil {
					more = map[int64]bool{}
				}
				more[id] = true
			}
		}
	}
	extra, err := s.linkNodes(ctx, tx, more)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range extra {
		nodes[n.key.id] = n
	}
	changes := map[int64]int64{}
	for k, n := range stored {
		matches := nearStored[k]
		for _, m := range batch {
			if near(m.hash, n.hash) {
				matches = append(matches, m.key.id)
			}
		}
		if l := first(n, matches); l != n.link {
			changes[n.key.id] = l
		}
	}
	return links, changes, nil
}

// ids runs a query of one id column.
func (s *Store) ids(ctx context.Context, tx *stmtTx, q string, args []any) ([]int64, error) {
	rows, err := tx.Tx.QueryContext(ctx, s.bind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// linkNodes reads the stored articles of ids as linking sees them, in
// ascending id order.
func (s *Store) linkNodes(ctx context.Context, tx *stmtTx, ids map[int64]bool) ([]linkNode, error) {
	var args []any
	for id := range ids {
		args = append(args, id)
	}
	var out []linkNode
	for i := 0; i < len(args); i += 1000 {
		chunk := args[i:min(i+1000, len(args))]
		rows, err := tx.Tx.QueryContext(ctx, s.bind(`SELECT id, coalesce(published_at, `+strconv.FormatInt(math.MaxInt64, 10)+`), url, simhash, coalesce(duplicate_of, 0)
			FROM articles WHERE id IN (`+inList(len(chunk))+`) ORDER BY id`), chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n linkNode
			var h int64
			if err := rows.Scan(&n.key.id, &n.key.pub, &n.key.url, &h, &n.link); err != nil {
				rows.Close()
				return nil, err
			}
			n.hash = uint64(h)
			out = append(out, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bandMatches returns, for each node, the stored articles other than
// itself whose SimHash is within NearDistance bits of its own, found
// through the bands they share (at most maxBandCandidates per band).
func (s *Store) bandMatches(ctx context.Context, tx *stmtTx, nodes []linkNode) ([][]int64, error) {
	out := make([][]int64, len(nodes))
	add := func(k int, other, h int64) {
		if near(uint64(h), nodes[k].hash) {
			out[k] = append(out[k], other)
		}
	}
	if !s.pg {
		// the four bands in one statement: one round trip instead of four
		var arms []string
		for band := range 4 {
			arms = append(arms, fmt.Sprintf(`SELECT * FROM (SELECT article_id, simhash FROM simhash_bands
				WHERE band = ? AND value = ? AND article_id <> ? ORDER BY article_id DESC LIMIT ?) AS b%d`, band))
		}
		q := strings.Join(arms, " UNION ALL ")
		for k, n := range nodes {
			if n.hash == 0 {
				continue
			}
			var args []any
			for band := range 4 {
				args = append(args, band, int64((n.hash>>(16*band))&0xFFFF), n.key.id, maxBandCandidates)
			}
			if err := scanPairs(ctx, tx, q, args, func(other, h int64) { add(k, other, h) }); err != nil {
				return nil, err
			}
		}
		return dedupeIDs(out), nil
	}
	// every band of every node in one statement
	var vals []string
	var args []any
	for k, n := range nodes {
		if n.hash == 0 {
			continue
		}
		for band := range 4 {
			vals = append(vals, "(CAST(? AS INTEGER), CAST(? AS SMALLINT), CAST(? AS INTEGER), CAST(? AS BIGINT))")
			args = append(args, k, band, int64((n.hash>>(16*band))&0xFFFF), n.key.id)
		}
	}
	for start := 0; start < len(vals); start += maxParams / 4 {
		end := min(start+maxParams/4, len(vals))
		q := index.Rebind(`SELECT v.k, c.article_id, c.simhash FROM (VALUES ` + strings.Join(vals[start:end], ",") + `) AS v(k, band, value, id)
			CROSS JOIN LATERAL (SELECT article_id, simhash FROM simhash_bands b WHERE b.band = v.band AND b.value = v.value AND b.article_id <> v.id
			ORDER BY article_id DESC LIMIT ` + strconv.Itoa(maxBandCandidates) + `) c`)
		rows, err := tx.Tx.QueryContext(ctx, q, args[start*4:end*4]...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k int
			var other, h int64
			if err := rows.Scan(&k, &other, &h); err != nil {
				rows.Close()
				return nil, err
			}
			add(k, other, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return dedupeIDs(out), nil
}

// scanPairs runs q and hands each row's two integers to f.
func scanPairs(ctx context.Context, tx *stmtTx, q string, args []any, f func(a, b int64)) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		f(a, b)
	}
	return rows.Err()
}

// dedupeIDs drops the repeats within each list (an article sharing two
// bands is found twice).
func dedupeIDs(lists [][]int64) [][]int64 {
	for k, l := range lists {
		seen := map[int64]bool{}
		out := l[:0]
		for _, id := range l {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		lists[k] = out
	}
	return lists
}
