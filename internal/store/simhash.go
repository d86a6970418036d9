package store

import (
	"hash/fnv"
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
