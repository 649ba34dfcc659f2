package extract

import (
	"math/bits"
	"unicode/utf8"
)

// byteSet is a set of bytes a scanner stops at, with a fast way past the
// long runs of ordinary ASCII between them. The sentence splitter and the
// quotation finder stop at a few ASCII punctuation marks and at the first
// bytes of curly quotation marks; everything else is passed over eight
// bytes at a time: a word of text is loaded at once and tested for any of
// the set's ASCII bytes, and for any byte with the high bit set (where a
// multi-byte character starts or continues), with a few integer
// operations. Only the bytes that may be stops are looked up.
type byteSet struct {
	stop [256]bool
	// each ASCII stop byte repeated in every byte lane; unused lanes repeat
	// the first, so that next tests two or four
	lanes [4]uint64
	four  bool // more than two ASCII stop bytes
}

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// newByteSet returns the set of the given bytes. Any byte >= 0x80 in it
// only makes non-ASCII words slow, so sets should hold few of them.
func newByteSet(bs ...byte) *byteSet {
	s := &byteSet{}
	var ascii []byte
	for _, b := range bs {
		s.stop[b] = true
		if b < 0x80 {
			ascii = append(ascii, b)
		}
	}
	if len(ascii) == 0 || len(ascii) > len(s.lanes) {
		panic("extract: a byteSet takes one to four ASCII bytes")
	}
	s.four = len(ascii) > 2
	for k := range s.lanes {
		s.lanes[k] = lowBits * uint64(ascii[min(k, len(ascii)-1)])
	}
	return s
}

// next returns the index of the first byte of text[i:end] in the set, or
// end. Each eight bytes are loaded at once; the bytes that may be stops
// (an ASCII stop byte, or any byte with the high bit set) are found
// exactly, and only those are looked up.
func (s *byteSet) next(text string, i, end int) int {
	for ; i+8 <= end; i += 8 {
		x := load64(text, i)
		m := x&highBits | zeroBytes(x^s.lanes[0]) | zeroBytes(x^s.lanes[1])
		if s.four {
			m |= zeroBytes(x^s.lanes[2]) | zeroBytes(x^s.lanes[3])
		}
		for ; m != 0; m &= m - 1 {
			if p := i + bits.TrailingZeros64(m)/8; s.stop[text[p]] {
				return p
			}
		}
	}
	for ; i < end; i++ {
		if s.stop[text[i]] {
			return i
		}
	}
	return end
}

// zeroBytes returns 0x80 in each byte of x that is zero and 0 elsewhere,
// exactly: adding 0x7f to a byte's low seven bits sets its high bit unless
// they are all zero, and never carries into the next byte.
func zeroBytes(x uint64) uint64 {
	const low7 = ^uint64(highBits)
	return ^((x&low7 + low7) | x | low7)
}

// load64 reads the eight bytes of s at i as a little-endian word; the
// compiler turns it into one load.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Runs of byte classes, found eight bytes at a time. Besides taking fewer
// steps, this takes fewer branches, whose outcome on real text (words of
// every length) the processor cannot predict well: a byte-by-byte loop
// mispredicts the end of nearly every word.

// inRange returns, for each byte of x (all ASCII), 0x80 where the byte is
// in [lo, hi] and 0 elsewhere. Adding 0x80-lo to a byte below 0x80 sets
// its high bit exactly when the byte is at least lo, without carrying into
// the next byte.
func inRange(x uint64, lo, hi byte) uint64 {
	ge := x + lowBits*uint64(0x80-lo)
	gt := x + lowBits*uint64(0x80-hi-1)
	return ge &^ gt & highBits
}

// alnumMask returns 0x80 in each byte of x that is an ASCII letter or
// digit (bytes with the high bit set are not).
func alnumMask(x uint64) uint64 {
	ascii := x &^ highBits
	m := inRange(ascii|lowBits*0x20, 'a', 'z') | inRange(ascii, '0', '9')
	return m &^ x
}

// alnumEnd returns the end of the run of ASCII letters and digits at i.
func alnumEnd(text string, i int) int {
	for i+8 <= len(text) {
		// alnumMask, written out: the call is too costly to be inlined
		x := load64(text, i)
		ascii := x &^ highBits
		alnum := (inRange(ascii|lowBits*0x20, 'a', 'z') | inRange(ascii, '0', '9')) &^ x
		if m := ^alnum & highBits; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(text) && text[i] < utf8.RuneSelf && asciiWord[text[i]] {
		i++
	}
	return i
}

// letterEnd returns the end of the run of ASCII letters at i.
func letterEnd(text string, i int) int {
	for i+8 <= len(text) {
		x := load64(text, i)
		if m := ^(inRange(x&^highBits|lowBits*0x20, 'a', 'z') &^ x) & highBits; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(text) && isASCIILetter(text[i]) {
		i++
	}
	return i
}

// eqMask returns 0x80 in each byte of x equal to c, and 0 elsewhere.
func eqMask(x uint64, c byte) uint64 {
	t := x ^ lowBits*uint64(c)
	nonZero := ((t &^ highBits) + (highBits - lowBits)) | t
	return ^nonZero & highBits
}
