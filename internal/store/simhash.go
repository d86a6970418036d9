package store

import (
	"strings"

	"baotinh/extract"
)

// Simhash is a 64-bit SimHash of the folded words of s, over shingles of
// three words: two texts that differ by a few words differ by a few bits.
func Simhash(s string) uint64 { return simhashFolded(extract.Fold(s)) }

// simhashFolded is Simhash of a text already folded (Prepare has the
// folded title and body at hand: folding them again was a third of the
// hash's time).
func simhashFolded(folded string) uint64 {
	words := strings.FieldsFunc(folded, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	var v [64]int
	n := 0
	for i := 0; i+3 <= len(words); i++ {
		x := fnv64a(fnv64a(fnv64a(fnv64a(fnv64a(fnvOffset, words[i]), " "), words[i+1]), " "), words[i+2])
		for b := range 64 {
			v[b] += int(x>>b&1)*2 - 1 // +1 for a set bit, -1 else; no branch to mispredict
		}
		n++
	}
	if n == 0 {
		return 0
	}
	var out uint64
	for b := range 64 {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

// FNV-1a, 64 bits (hash/fnv's), over strings without copying them.
const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

func fnv64a(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}
