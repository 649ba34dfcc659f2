package dedupe

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Fingerprint is a 64-bit SimHash of a text.
type Fingerprint uint64

// Fingerprint parameters.
const (
	// ShingleWords is the number of consecutive words in a shingle. Three
	// keeps the order of words (two stories on the same company share
	// names, not phrases) while a single edited word disturbs only three
	// shingles.
	ShingleWords = 3
	// MinWords is the fewest words a text needs for a fingerprint: below it
	// a few edits move too many bits for the threshold to mean anything.
	MinWords = 30
	// Threshold is the largest Distance at which two fingerprints are
	// taken as copies of one story. Chosen by
	// TestThresholdSeparatesSyndicatedCopies on the project's pairs in
	// testdata/syndication: syndicated copies (a new headline, bylines and
	// copyright lines, an editor's note, an added or trimmed paragraph,
	// "15%" written "15 percent") were 8 to 12 bits apart; different
	// stories, even in the same earnings template or a follow-up reusing
	// two background paragraphs, were 24 or more apart. 14 leaves two bits
	// of margin for copies edited more than ours and ten below the closest
	// different stories. See docs/sources.md.
	Threshold = 14
)

// SimHash returns the fingerprint of text and true, or false when the text
// has fewer than MinWords words. Words are runs of letters and digits,
// lower-cased; every 3-word shingle casts a vote of ±1 on each of the 64
// bits according to the bits of its hash, and a bit is set when its votes
// sum above zero. Texts that share most shingles share most bits.
func SimHash(text string) (Fingerprint, bool) {
	var (
		votes  [64]int32
		window [ShingleWords]uint64
		words  int
	)
	forEachWord(text, func(h uint64) {
		copy(window[:], window[1:])
		window[ShingleWords-1] = h
		words++
		if words < ShingleWords {
			return
		}
		s := shingleHash(window)
		for i := range 64 {
			// branch-free: +1 when bit i is set, -1 otherwise
			votes[i] += int32(s>>uint(i)&1)*2 - 1
		}
	})
	if words < MinWords {
		return 0, false
	}
	var fp uint64
	for i, v := range votes {
		if v > 0 {
			fp |= 1 << uint(i)
		}
	}
	return Fingerprint(fp), true
}

// Distance is the number of bits in which a and b differ (0 to 64).
func Distance(a, b Fingerprint) int { return bits.OnesCount64(uint64(a ^ b)) }

// Words counts the words SimHash sees in text.
func Words(text string) int {
	n := 0
	forEachWord(text, func(uint64) { n++ })
	return n
}

// forEachWord calls fn with the FNV-1a hash of each lower-cased word.
func forEachWord(text string, fn func(uint64)) {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h, in := uint64(offset), false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
		default:
			if in {
				fn(h)
				h, in = offset, false
			}
			continue
		}
		in = true
		for r > 0 { // hash the rune's bytes, low byte first
			h ^= uint64(r & 0xff)
			h *= prime
			r >>= 8
		}
	}
	if in {
		fn(h)
	}
}

// mix is the SplitMix64 finaliser: it spreads every input bit over the
// output so that SimHash's bit votes are unbiased.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// MinResemblance is the share of 3-word shingles two texts must have in
// common (Jaccard index) to be confirmed as copies of one story. Chosen by
// TestThresholdSeparatesSyndicatedCopies alongside Threshold.
const MinResemblance = 0.5

// Resemblance is the Jaccard index of the 3-word shingle sets of a and b:
// 1 for the same text, near 0 for different stories. It is exact (no
// sampling), so it confirms a fingerprint match: two unrelated fingerprints
// come within Threshold bits of each other by chance about once in a few
// million pairs, which a large index would meet.
func Resemblance(a, b string) float64 {
	sa, sb := shingleSet(a), shingleSet(b)
	if len(sa) == 0 && len(sb) == 0 {
		return 0
	}
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	common := 0
	for s := range sa {
		if _, ok := sb[s]; ok {
			common++
		}
	}
	return float64(common) / float64(len(sa)+len(sb)-common)
}

func shingleSet(text string) map[uint64]struct{} {
	set := map[uint64]struct{}{}
	var window [ShingleWords]uint64
	words := 0
	forEachWord(text, func(h uint64) {
		copy(window[:], window[1:])
		window[ShingleWords-1] = h
		words++
		if words >= ShingleWords {
			set[shingleHash(window)] = struct{}{}
		}
	})
	return set
}

func shingleHash(w [ShingleWords]uint64) uint64 {
	return mix(w[0]*0x9e3779b97f4a7c15 ^ bits.RotateLeft64(w[1], 21) ^ bits.RotateLeft64(w[2], 42))
}
