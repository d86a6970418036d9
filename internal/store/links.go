package store

import (
	"context"
	"database/sql"
	"math"
	"math/bits"
	"strconv"
)

// nearDistance is the largest Hamming distance between the SimHashes of
// two articles taken as the same text (syndicated, lightly edited).
const nearDistance = 3

// maxBandCandidates bounds the articles compared per band: boilerplate-heavy
// pages share bands with thousands of others, and comparing all of them
// made each insert cost grow with the store. The newest are compared:
// syndicated copies appear within days of each other.
const maxBandCandidates = 64

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
	return a != 0 && b != 0 && bits.OnesCount64(a^b) <= nearDistance
}

// linkBatch decides the near-duplicate links of a batch of articles about
// to be written (batch: their ids, keys and hashes; the stored rows of
// replaced ones have their bands removed already) and of the stored
// articles the batch changes: those near a batch article, and those whose
// original is a replaced article. It returns each batch article's original
// (0 for none) and, for stored articles whose original changes, the new
// one (0: none any more).
func (s *Store) linkBatch(ctx context.Context, tx *stmtTx, batch []linkNode, replaced []int64) ([]int64, map[int64]int64, error) {
	if err := s.eng.lockLinks(ctx, tx.Tx); err != nil {
		return nil, nil, err
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
	more := map[int64]bool{}
	for _, ids := range nearStored {
		for _, id := range ids {
			if _, ok := nodes[id]; !ok {
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
// itself within NearDistance bits of it.
func (s *Store) bandMatches(ctx context.Context, tx *stmtTx, nodes []linkNode) ([][]int64, error) {
	out := make([][]int64, len(nodes))
	err := s.eng.bandCandidates(ctx, tx, nodes, func(k int, other int64, hash uint64) {
		if near(hash, nodes[k].hash) {
			out[k] = append(out[k], other)
		}
	})
	if err != nil {
		return nil, err
	}
	return dedupeIDs(out), nil
}

// scanCandidates reads rows of (node index, article id, SimHash) into f and
// closes them.
func scanCandidates(rows *sql.Rows, f func(k int, other int64, hash uint64)) error {
	defer rows.Close()
	for rows.Next() {
		var k int
		var other, h int64
		if err := rows.Scan(&k, &other, &h); err != nil {
			return err
		}
		f(k, other, uint64(h))
	}
	return rows.Err()
}

// bandValue is band b (0–3) of a SimHash: the articles that share a band
// are the candidates compared bit by bit.
func bandValue(hash uint64, b int) int64 { return int64((hash >> (16 * b)) & 0xFFFF) }

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
