package tagger

import "math/bits"

// wordSet is a set of case-folded words that tokens are looked up in: the
// context word lists (abbreviations, determiners, the words that make a
// name an everyday word …). It answers faster than a map[string]bool, which
// hashes the whole string: a word of up to eight bytes, nearly every one,
// is packed little-endian into a uint64 (pack8: a word holds no zero byte,
// so the packing is unique) and found in a small open-addressing table
// with one multiplication. Longer words go to a map.
type wordSet struct {
	short []uint64 // packed words; 0 is an empty slot; length a power of two
	shift uint     // 64 - log2(len(short))
	long  map[string]bool
}

// newWordSet makes a set of the words of set (already folded).
func newWordSet(set map[string]bool) *wordSet {
	n := 0
	for w := range set {
		if len(w) <= 8 {
			n++
		}
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	s := &wordSet{short: make([]uint64, size), shift: uint(64 - bits.TrailingZeros(uint(size))), long: map[string]bool{}}
	for w := range set {
		switch {
		case w == "":
		case len(w) > 8:
			s.long[w] = true
		default:
			k := pack8(w)
			p := s.slot(k)
			for s.short[p] != 0 {
				p = (p + 1) & (len(s.short) - 1)
			}
			s.short[p] = k
		}
	}
	return s
}

func (s *wordSet) slot(k uint64) int { return int(k * hashMul1 >> s.shift) }

// hasPacked reports whether the word packed in k (non-zero) is in the set.
func (s *wordSet) hasPacked(k uint64) bool {
	for p := s.slot(k); ; p = (p + 1) & (len(s.short) - 1) {
		switch s.short[p] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// has reports whether a folded word is in the set.
func (s *wordSet) has(w string) bool {
	if len(w) > 8 {
		return s.long[w]
	}
	return w != "" && s.hasPacked(pack8(w))
}
