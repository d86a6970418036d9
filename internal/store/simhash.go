package store

import (
	"baotinh/extract"
)

// Simhash is a 64-bit SimHash of the folded words of s, over shingles of
// three words: two texts that differ by a few words differ by a few bits.
func Simhash(s string) uint64 { return simhashFolded(extract.Fold(s)) }

// simhashFolded is Simhash of a text already folded (Prepare has the
// folded title and body at hand: folding them again was a third of the
// hash's time).
func simhashFolded(folded string) uint64 {
	// the set bits of the shingles' hashes, counted per position eight
	// positions at a time: byte k of lanes[j] counts bit 8k+j, and holds 255,
	// so the lanes are emptied into count every 255 shingles (the plain loop
	// over 64 bits was most of an ingest worker's hashing time)
	const ones = 0x0101010101010101
	var lanes [8]uint64
	var count [64]int
	empty := func() {
		for j, l := range lanes {
			for k := range 8 {
				count[8*k+j] += int(l >> (8 * k) & 0xFF)
			}
		}
		lanes = [8]uint64{}
	}
	n := 0
	var w0, w1 string // the two words before w
	words := 0
	for i := 0; i < len(folded); {
		// the words are the runs of a-z and 0-9 (folded text is ASCII
		// but for what folding keeps: every other byte separates)
		for i < len(folded) && !hashByte(folded[i]) {
			i++
		}
		j := i
		for j < len(folded) && hashByte(folded[j]) {
			j++
		}
		if j == i {
			break
		}
		w := folded[i:j]
		i = j
		if words++; words >= 3 {
			x := fnv64a(fnv64a(fnv64a(fnv64a(fnv64a(fnvOffset, w0), " "), w1), " "), w)
			for k := range lanes {
				lanes[k] += x >> k & ones
			}
			if n++; n%255 == 0 {
				empty()
			}
		}
		w0, w1 = w1, w
	}
	if n == 0 {
		return 0
	}
	empty()
	var out uint64
	for b, c := range count {
		if 2*c > n { // more shingles set the bit than not
			out |= 1 << b
		}
	}
	return out
}

func hashByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// FNV-1a, 64 bits (hash/fnv's), over strings without copying them.
const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

func fnv64a(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}
