package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"strings"

	"baotinh/extract"
)

// Simhash is a 64-bit SimHash of the folded words of s, over shingles of
// three words: two texts that differ by a few words differ by a few bits.
func Simhash(s string) uint64 {
	words := strings.FieldsFunc(extract.Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	var v [64]int
	n := 0
	for i := 0; i+3 <= len(words); i++ {
		h := fnv.New64a()
		h.Write([]byte(words[i]))
		h.Write([]byte{' '})
		h.Write([]byte(words[i+1]))
		h.Write([]byte{' '})
		h.Write([]byte(words[i+2]))
		x := h.Sum64()
		for b := 0; b < 64; b++ {
			if x&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
		n++
	}
	if n == 0 {
		return 0
	}
	var out uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

// NearDistance is the largest Hamming distance between the SimHashes of
// two articles taken as the same text (syndicated, lightly edited).
const NearDistance = 3

// oldestMatch returns the oldest stored article older than id (any when id
// is 0) whose SimHash is within NearDistance bits of hash.
func oldestMatch(ctx context.Context, tx *stmtTx, id int64, hash uint64) (int64, error) {
	if hash == 0 {
		return 0, nil
	}
	if id == 0 {
		id = math.MaxInt64
	}
	// the four bands in one statement: one round trip instead of four
	var arms []string
	var args []any
	for band := 0; band < 4; band++ {
		val := int64((hash >> (16 * band)) & 0xFFFF)
		arms = append(arms, fmt.Sprintf(`SELECT * FROM (SELECT article_id, simhash FROM simhash_bands
			WHERE band = ? AND value = ? AND article_id < ? ORDER BY article_id DESC LIMIT ?) AS b%d`, band))
		args = append(args, band, val, id, maxBandCandidates)
	}
	rows, err := tx.QueryContext(ctx, strings.Join(arms, " UNION ALL "), args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var best int64
	for rows.Next() {
		var other, h int64
		if err := rows.Scan(&other, &h); err != nil {
			return 0, err
		}
		if bits.OnesCount64(uint64(h)^hash) <= NearDistance && (best == 0 || other < best) {
			best = other
		}
	}
	return best, rows.Err()
}

// maxBandCandidates bounds the articles compared per band: boilerplate-heavy
// pages share bands with thousands of others, and comparing all of them
// made each insert cost grow with the store. The newest are compared:
// syndicated copies appear within days of each other.
const maxBandCandidates = 64
