package extract

import "testing"

func BenchmarkZZNormalize(b *testing.B) {
	docs := loadSeeds(b)
	b.SetBytes(int64(totalLen(docs)))
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			normalizeLowered(d)
		}
	}
}
func BenchmarkZZLower(b *testing.B) {
	docs := loadSeeds(b)
	b.SetBytes(int64(totalLen(docs)))
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			_, l := normalizeLowered(d)
			l.lower()
		}
	}
}

var sink int

func BenchmarkZZByteLoop(b *testing.B) {
	docs := loadSeeds(b)
	b.SetBytes(int64(totalLen(docs)))
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			n := 0
			for j := 0; j < len(d); j++ {
				if d[j] >= 0x80 {
					n++
				}
			}
			sink += n
		}
	}
}
func BenchmarkZZRuneLoop(b *testing.B) {
	docs := loadSeeds(b)
	b.SetBytes(int64(totalLen(docs)))
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			n := 0
			for _, r := range d {
				if r == 'a' {
					n++
				}
			}
			sink += n
		}
	}
}
