package tagger

import (
	"unicode"
	"unicode/utf8"
)

// Byte classes for the tokenizer.
const (
	clSep   = iota // anything that is not part of a word
	clLower        // a-z
	clUpper        // A-Z
	clDigit        // 0-9
	clHigh         // first byte of a multi-byte UTF-8 sequence (or an invalid byte)
)

var byteClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = clLower
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = clUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = clDigit
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = clHigh
	}
	return t
}()

// wordByte maps an ASCII word byte to its case-folded form in the low byte
// and the shape bits it contributes in the high byte; anything else maps to
// 0. One table, one load per byte.
var wordByte = func() (t [256]uint16) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = uint16(c) | uint16(shLower|shLetter)<<8
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = uint16(c|0x20) | uint16(shUpper|shLetter)<<8
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = uint16(c) | uint16(shDigit)<<8
	}
	return t
}()

// fold8 packs the first eight bytes of an ASCII word, case-folded: OR-ing
// 0x20 folds letters and leaves digits as they are.
func fold8(w string) uint64 {
	if len(w) >= 8 {
		_ = w[7]
		k := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		return k | 0x2020202020202020
	}
	var k uint64
	for i := 0; i < len(w); i++ {
		k |= uint64(w[i]|0x20) << (8 * i)
	}
	return k
}

// shape describes a token's letters.
type shape uint8

const (
	shFirstUpper shape = 1 << iota // starts with an upper-case letter
	shUpper                        // has an upper-case letter
	shLower                        // has a lower-case letter
	shDigit                        // has a digit
	shLetter                       // has a letter
)

// allUpper reports whether the token has letters and all are upper case.
func (s shape) allUpper() bool { return s&shUpper != 0 && s&shLower == 0 }

// token is one maximal run of letters and digits in the text. Everything
// else (spaces, punctuation, symbols, invalid UTF-8) separates tokens.
type token struct {
	start, end int32
	// entry is the index into Tagger.entries, noEntry when the token is in
	// no list, notLooked when scan did not look it up (see scan).
	entry int32
	shape shape
	hot   hot // what find needs to know about the entry, copied from Tagger.hot
}

// hot are the entry facts find checks on every token, kept in a small
// array so that tokens in no name or ticker cost no trip to the entries.
type hot uint8

const (
	hotTicker hot = 1 << iota // a ticker folds to this word
	hotName                   // a name starts with this word
	hotVenue                  // a listing venue
	hotLower                  // a name that starts with this word may be lower case
)

const (
	noEntry   = -1
	notLooked = -2
)

// bits is a small Bloom filter over token hashes.
type bits []uint64

func (b bits) set(h uint64) {
	i := h & uint64(len(b)*64-1)
	b[i/64] |= 1 << (i % 64)
}

func (b bits) has(h uint64) bool {
	i := h & uint64(len(b)*64-1)
	return b[i/64]&(1<<(i%64)) != 0
}

// FNV-1a, over the case-folded UTF-8 bytes of a token.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// isWordRune reports whether a non-ASCII rune belongs to a word.
func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

// hashFold returns the hash of the case-folded form of word, which must be
// a whole token.
func hashFold(word string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(word); {
		c := word[i]
		switch byteClass[c] {
		case clLower, clDigit:
			h = (h ^ uint64(c)) * fnvPrime
			i++
		case clUpper:
			h = (h ^ uint64(c|0x20)) * fnvPrime
			i++
		default:
			r, size := utf8.DecodeRuneInString(word[i:])
			h = hashRune(h, unicode.ToLower(r))
			i += size
		}
	}
	return h
}

func hashRune(h uint64, r rune) uint64 {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:n] {
		h = (h ^ uint64(b)) * fnvPrime
	}
	return h
}

// fold returns the case-folded form of a token, as hashFold sees it.
func fold(word string) string {
	ascii := true
	for i := 0; i < len(word); i++ {
		if word[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		b := []byte(word)
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[i] = c | 0x20
			}
		}
		return string(b)
	}
	out := make([]byte, 0, len(word))
	for _, r := range word {
		out = utf8.AppendRune(out, unicode.ToLower(r))
	}
	return string(out)
}

// foldEqual reports whether the token word folds to key.
func foldEqual(word, key string) bool {
	j := 0
	for i := 0; i < len(word); {
		c := word[i]
		if c < 0x80 {
			if c >= 'A' && c <= 'Z' {
				c |= 0x20
			}
			if j >= len(key) || key[j] != c {
				return false
			}
			i++
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(word[i:])
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
		if j+n > len(key) || string(buf[:n]) != key[j:j+n] {
			return false
		}
		i += size
		j += n
	}
	return j == len(key)
}

// table is an open-addressing hash table from a folded token to an entry.
type table struct {
	mask  uint64
	slots []slot
}

// slot holds, for one key, the first eight bytes of the key (so that short
// ASCII keys are compared without touching the entry), part of its hash and
// its length (to skip most mismatches), and the entry index + 1 (0: empty).
type slot struct {
	key8  uint64
	tag   uint32 // high hash bits, length in the low byte
	entry int32
}

// slotTag combines a key's hash and length.
func slotTag(h uint64, n int) uint32 { return uint32(h>>32)&^0xff | uint32(min(n, 0xff)) }

// pack8 packs the first eight bytes of a folded ASCII key.
func pack8(key string) uint64 {
	var k uint64
	for i := 0; i < len(key) && i < 8; i++ {
		k |= uint64(key[i]) << (8 * i)
	}
	return k
}

func newTable(n int) table {
	size := 64
	for size < 2*n {
		size <<= 1
	}
	return table{mask: uint64(size - 1), slots: make([]slot, size)}
}

// scan splits text into tokens, appending to toks, and looks each token up
// in the tagger's entries.
func (t *Tagger) scan(text string, toks []token) []token {
	n := len(text)
	i := 0
	for i < n {
		c := text[i]
		cl := byteClass[c]
		if cl == clSep {
			i++
			continue
		}
		if cl == clHigh {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
		}
		start := i
		h := uint64(fnvOffset)
		var sh shape
		ascii := true
		if cl == clUpper {
			sh = shFirstUpper
		}
		for i < n {
			c = text[i]
			if w := wordByte[c]; w != 0 {
				h = (h ^ uint64(w&0xff)) * fnvPrime
				sh |= shape(w >> 8)
				i++
				continue
			}
			if c < 0x80 {
				break
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			ascii = false
			if unicode.IsLetter(r) {
				sh |= shLetter
				if unicode.IsUpper(r) || unicode.IsTitle(r) {
					sh |= shUpper
					if i == start {
						sh |= shFirstUpper
					}
				} else if unicode.IsLower(r) {
					sh |= shLower
				}
			}
			h = hashRune(h, unicode.ToLower(r))
			i += size
		}
		// Only a capitalised token, one after "$", or a lower-case word that
		// may start a name ("eBay") is looked up now; the lower-case rest
		// (three words in four) only if a rule asks about it (doc.entry).
		e, hh := int32(notLooked), hot(0)
		if sh&shFirstUpper != 0 || cl == clDigit || start > 0 && text[start-1] == '$' || t.lowerStarts.has(h) {
			var k8 uint64
			if ascii {
				k8 = fold8(text[start:i])
			}
			if e = t.lookup(h, text[start:i], k8, ascii); e >= 0 {
				hh = t.hot[e]
			}
		}
		toks = append(toks, token{start: int32(start), end: int32(i), entry: e, shape: sh, hot: hh})
	}
	return toks
}

// lookup finds the entry of a token from the hash of its folded form and,
// for an ASCII token, its first eight folded bytes (k8, ascii true).
func (t *Tagger) lookup(h uint64, word string, k8 uint64, ascii bool) int32 {
	if !t.filter.has(h >> 40) {
		return noEntry
	}
	tb := &t.table
	tag := slotTag(h, len(word))
	for p := h & tb.mask; ; p = (p + 1) & tb.mask {
		s := &tb.slots[p]
		if s.entry == 0 {
			return noEntry
		}
		if ascii {
			if s.tag == tag && s.key8 == k8 && (len(word) <= 8 || foldEqual(word[8:], t.entries[s.entry-1].key[8:])) {
				return s.entry - 1
			}
			continue
		}
		if s.tag>>8 == tag>>8 && foldEqual(word, t.entries[s.entry-1].key) {
			return s.entry - 1
		}
	}
}

// lookupWord finds the entry of a whole token.
func (t *Tagger) lookupWord(word string) int32 {
	ascii := true
	var k8 uint64
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		k8 = fold8(word)
	}
	return t.lookup(hashFold(word), word, k8, ascii)
}

// place puts entry idx, whose folded key is key, into the table; the table
// must have room.
func (tb *table) place(key string, h uint64, idx int32) {
	for p := h & tb.mask; ; p = (p + 1) & tb.mask {
		if tb.slots[p].entry == 0 {
			tb.slots[p] = slot{key8: pack8(key), tag: slotTag(h, len(key)), entry: idx + 1}
			return
		}
	}
}

// splitWords splits a name into its tokens (the same runs scan finds),
// keeping their original spelling.
func splitWords(s string) []string {
	var out []string
	i := 0
	for i < len(s) {
		c := s[i]
		if byteClass[c] == clSep {
			i++
			continue
		}
		if byteClass[c] == clHigh {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
		}
		start := i
		for i < len(s) {
			c = s[i]
			cl := byteClass[c]
			if cl == clSep {
				break
			}
			if cl == clHigh {
				r, size := utf8.DecodeRuneInString(s[i:])
				if !isWordRune(r) {
					break
				}
				i += size
				continue
			}
			i++
		}
		out = append(out, s[start:i])
	}
	return out
}
