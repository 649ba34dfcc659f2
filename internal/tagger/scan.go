package tagger

import (
	"math/bits"
	"slices"
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

// shape describes a token's letters.
type shape uint8

// The order of the bits matters: scan computes shUpper to shLetter for
// eight bytes at once by shifting the high bit of each byte to bits 1 to 4.
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
	hot   hot       // what find needs to know about the entry, from its table slot
	flags entryFlag // the entry's flags, from its table slot
}

// hot are the entry facts find checks on every token. The entry's table
// slot holds them, so that a token gets them with its lookup, and tokens in
// no name or ticker cost no trip to the entries.
type hot uint8

const (
	hotTicker    hot = 1 << iota // a ticker folds to this word
	hotName                      // a name starts with this word
	hotVenue                     // a listing venue
	hotLower                     // a name that starts with this word may be lower case
	hotForm                      // the word is a name by itself (its trie root has a form)
	hotLowerNext                 // a name that starts with this word may have a lower-case second word
)

const (
	noEntry   = -1
	notLooked = -2
)

// The Bloom filters (one bit per key) have fixed sizes, so that testing a
// bit needs no bounds check.
type (
	// lowerBloom holds the hashes of name-starting words that may be
	// written in lower case: 32,768 bits, 4 KiB.
	lowerBloom [1 << 9]uint64
	// keyBloom holds the hashes (shifted right by 40) of all keys: 262,144
	// bits, 32 KiB.
	keyBloom [1 << 12]uint64
	// edgeBloom holds the edges from the trie's roots (edgeHash): 131,072
	// bits, 16 KiB.
	edgeBloom [1 << 11]uint64
)

func (b *lowerBloom) set(h uint64)      { b[h>>6%uint64(len(b))] |= 1 << (h % 64) }
func (b *lowerBloom) has(h uint64) bool { return b[h>>6%uint64(len(b))]&(1<<(h%64)) != 0 }

// bit is has as 1 or 0, for a test without a branch.
func (b *lowerBloom) bit(h uint64) uint64 { return b[h>>6%uint64(len(b))] >> (h % 64) & 1 }

func (b *keyBloom) set(h uint64)       { b[h>>6%uint64(len(b))] |= 1 << (h % 64) }
func (b *keyBloom) has(h uint64) bool  { return b[h>>6%uint64(len(b))]&(1<<(h%64)) != 0 }
func (b *edgeBloom) set(h uint64)      { b[h>>6%uint64(len(b))] |= 1 << (h % 64) }
func (b *edgeBloom) has(h uint64) bool { return b[h>>6%uint64(len(b))]&(1<<(h%64)) != 0 }

// edgeHash is the hash of the trie edge from root entry e by word k.
func edgeHash(e, k int32) uint64 { return hashEnd(uint64(uint32(e))<<32 | uint64(uint32(k))) }

// b2u returns 1 for true and 0 for false; the compiler makes it a SETcc
// rather than a branch.
func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// isWordRune reports whether a non-ASCII rune belongs to a word.
func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

// Word-at-a-time (SWAR) tokenizing. Nearly all news text is ASCII, and most
// tokens are shorter than eight bytes, so scan reads the text eight bytes at
// a time into a uint64 and classifies all eight with a few arithmetic
// operations instead of a table load and a branch per byte. Each result
// below has the high bit of a byte set where the byte is in the class.
const (
	lsb = 0x0101010101010101 // the low bit of every byte
	msb = 0x8080808080808080 // the high bit of every byte
)

// classify returns the ASCII letters and digits among the eight bytes of
// x, x without the high bits (y), and the bytes that are not ASCII (0x80
// and up). A letter is upper case where bit 5 of y is clear: y<<2 moves it
// to the byte's high bit.
//
// For a byte b below 0x80, b + (0x80-lo) sets the byte's high bit exactly
// when b >= lo and cannot carry into the next byte, so a range [lo, hi] is
// ge(lo) &^ ge(hi+1). OR-ing 0x20 maps both cases of a letter to lower
// case.
func classify(x uint64) (letter, digit, y, high uint64) {
	high = x & msb
	y = x &^ msb
	f := y | 0x20*lsb
	letter = (f + (0x80-'a')*lsb) &^ (f + (0x80-'z'-1)*lsb) & msb &^ high
	digit = (y + (0x80-'0')*lsb) &^ (y + (0x80-'9'-1)*lsb) & msb &^ high
	return letter, digit, y, high
}

// load64 returns the eight bytes of s from i, little-endian; i+8 must not
// exceed len(s). The compiler merges the eight loads into one.
//
// scan reads the chunk at i as load64(s, j) >> (8*(i-j)) with j = min(i,
// len(s)-8): near the end of s it reads the last eight bytes and shifts out
// those before i, which leaves zero bytes (separators) past the end. That
// needs neither a branch nor a call (a helper doing it would be too big to
// inline, and a call in scan's loop costs more than the rest of it).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Token hashing. A key is hashed eight bytes at a time: every full chunk,
// then one last, zero-padded chunk (empty when the length is a multiple of
// eight). Keys hold no zero bytes, so the padding cannot make two keys
// alike. The step and the finalizer are multiply-rotate and xor-shift-
// multiply mixes: a one-chunk token, the common case, costs two
// multiplications rather than one per byte.
const (
	hashSeed = 0x243f6a8885a308d3
	hashMul1 = 0x9e3779b97f4a7c15
	hashMul2 = 0xbf58476d1ce4e5b9
)

func hashStep(h, chunk uint64) uint64 { return bits.RotateLeft64((h^chunk)*hashMul1, 29) }

func hashEnd(h uint64) uint64 {
	h ^= h >> 32
	h *= hashMul2
	return h ^ h>>29
}

// hashKey returns the hash of a case-folded key: the hash scan computes
// for every token that folds to it.
func hashKey[S string | []byte](key S) uint64 {
	h := uint64(hashSeed)
	for off := 0; ; off += 8 {
		var c uint64
		for k := 0; k < 8 && off+k < len(key); k++ {
			c |= uint64(key[off+k]) << (8 * k)
		}
		h = hashStep(h, c)
		if len(key)-off < 8 {
			return hashEnd(h)
		}
	}
}

// hashFold returns the hash of the case-folded form of word: hashKey of
// fold(word), without allocating for words of up to 64 bytes.
func hashFold(word string) uint64 {
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(word); {
		c := word[i]
		if c < 0x80 {
			if c >= 'A' && c <= 'Z' {
				c |= 0x20
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(word[i:])
		b = utf8.AppendRune(b, unicode.ToLower(r))
		i += size
	}
	return hashKey(b)
}

// fold returns the case-folded form of a token, the bytes hashFold hashes.
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
// its length (to skip most mismatches), and its entry index + 1 (0: empty)
// with the entry's hot bits, so that scan learns them from the slot.
type slot struct {
	key8 uint64
	tag  uint32 // 16 hash bits, then the entry's flags, then the length
	ref  uint32 // entry index + 1 in the low 24 bits, hot bits in the high 8
}

// tagKey keeps a tag's hash and length, the parts a lookup compares.
const tagKey = 0xffff00ff

// maxEntries bounds the entries a slot can refer to.
const maxEntries = 1 << 24

func (s *slot) entry() int32 { return int32(s.ref&(maxEntries-1)) - 1 }
func (s *slot) hot() hot     { return hot(s.ref >> 24) }

// flags returns the entry's flags, which the slot holds so that a token's
// flags come with its lookup, without a trip to the entries.
func (s *slot) flags() entryFlag { return entryFlag(s.tag >> 8) }

// slotTag combines a key's hash and length (the flags bits clear).
func slotTag(h uint64, n int) uint32 { return uint32(h>>48)<<16 | uint32(min(n, 0xff)) }

// pack8 packs the first eight bytes of a folded key.
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

// query is a token scan looks up: its index, and the hash and first
// eight folded bytes (ASCII tokens only) of its folded form.
type query struct {
	h, k8 uint64
	tok   int32
	ascii bool
}

// scan splits text into tokens and looks tokens up in the tagger's
// entries. It returns the tokens and the indices of those with hot bits,
// in text order, using sc's buffers.
//
// Only a capitalised token, one after "$", one starting with a digit, or a
// lower-case word that may start a name ("eBay") is looked up; the lower-
// case rest (three words in four) only if a rule asks about it (doc.entry).
//
// The work is split for speed. scanASCII, which splits plain ASCII text,
// makes no calls, so that the Go compiler keeps its state in registers (a
// call anywhere in a loop makes it reload the loop's values on every
// turn); scanOther takes the rest one token at a time. The lookups come
// after the splitting, in a loop of their own for the same reason.
func (t *Tagger) scan(text string, sc *scratch) ([]token, []int32) {
	if len(text) < 8 {
		// scanASCII reads eight bytes at a time: pad with spaces, which
		// separate tokens and so change none. The short concatenation
		// stays on the stack.
		text += "        "[len(text):]
	}
	toks, queries := sc.toks[:0], sc.queries[:0]
	for i := 0; i < len(text); {
		if i, toks, queries = t.scanASCII(text, i, toks, queries); i >= len(text) {
			break
		}
		if len(toks) == cap(toks) || len(queries) == cap(queries) {
			// Room for about as many tokens as the rest of the text holds.
			toks = slices.Grow(toks, (len(text)-i)/6+16)
			queries = slices.Grow(queries, (len(text)-i)/8+16)
			continue
		}
		i, toks, queries = t.scanOther(text, i, toks, queries)
	}
	sc.queries = queries
	hots := slices.Grow(sc.hots[:0], len(queries))
	hots, np := t.lookupFast(toks, queries, hots)
	if np == len(queries) {
		return toks, hots
	}
	// The long and non-ASCII words lookupFast left, listed at the back of
	// the hots buffer.
	reorder := false
	for _, k := range hots[np:len(queries)] {
		q := queries[k]
		tk := &toks[q.tok]
		tk.entry, tk.hot, tk.flags = t.probe(q.h, text[tk.start:tk.end], q.k8, q.ascii)
		reorder = reorder || tk.hot != 0
	}
	if reorder {
		// The hots go in text order: list them again.
		hots = hots[:0]
		for _, q := range queries {
			if toks[q.tok].hot != 0 {
				hots = append(hots, q.tok)
			}
		}
	}
	return toks, hots
}

// lookupFast does the lookups of the queries for ASCII words of up to
// eight bytes, nearly all of them, which compare the slots' first eight
// bytes and need no call: it has a function of its own so that its loop
// keeps its values in registers. It appends the hot tokens to hots (which
// must have room for one per query) and lists the indices of the other
// queries from the back of hots' buffer, from np to len(queries).
func (t *Tagger) lookupFast(toks []token, queries []query, hots []int32) ([]int32, int) {
	hb, nh, np := hots[len(hots):len(hots)+len(queries)], 0, len(queries)
	filter, tb := &t.filter, &t.table
	for k, q := range queries {
		tk := &toks[q.tok]
		tk.entry = noEntry
		if !filter.has(q.h >> 40) {
			continue
		}
		n := int(tk.end - tk.start)
		if !q.ascii || n > 8 {
			np--
			hb[np] = int32(k)
			continue
		}
		tag := slotTag(q.h, n)
		for p := q.h & tb.mask; ; p = (p + 1) & tb.mask {
			s := &tb.slots[p]
			if s.ref == 0 {
				break
			}
			if s.key8 == q.k8 && s.tag&tagKey == tag {
				tk.flags = s.flags()
				if tk.entry, tk.hot = s.entry(), s.hot(); tk.hot != 0 {
					hb[nh] = q.tok
					nh++
				}
				break
			}
		}
	}
	return hots[:len(hots)+nh], len(hots) + np
}

// scanASCII splits text from i into tokens for as long as it is ASCII and
// toks and queries have room. It returns where it stopped: at the end of
// text, when a slice is full, or at a token or separator that needs
// scanOther (a non-ASCII byte). i must not fall inside a word, and text
// must be eight bytes or longer.
//
// It reads eight bytes at a time, and for a token it computes everything
// scan needs from the chunk: its end, its shape, the hash of its folded
// form and its first eight folded bytes, and where the next token starts.
func (t *Tagger) scanASCII(text string, i int, toks []token, queries []query) (int, []token, []query) {
	n := len(text)
	lower := &t.lowerStarts
	// There are no more queries than tokens: one bound serves both.
	room := min(cap(toks)-len(toks), cap(queries)-len(queries))
	tb, nt := toks[len(toks):len(toks)+room], 0
	qb, nq := queries[len(queries):len(queries)+room], 0
	base := int32(len(toks))
	for i < n && nt < len(tb) {
		j := min(i, n-8)
		x := load64(text, j) >> (8 * (i - j))
		letter, digit, y, high := classify(x)
		word := letter | digit
		if word&0x80 == 0 {
			if high&0x80 != 0 {
				break // a non-ASCII byte: scanOther
			}
			// Skip the ASCII separators before the next word or non-ASCII
			// byte (all eight bytes when there is none).
			i += bits.TrailingZeros64(word|high) >> 3
			continue
		}
		// A word starts at i: its bytes in the chunk (in), its upper-case,
		// lower-case and digit bytes as bits 1 to 3 of each byte (flags),
		// and its folded bytes (y|0x20: OR-ing 0x20 folds letters and
		// leaves digits as they are) into the hash.
		start, first := i, byte(x)
		end, flags, h, k8 := 0, uint64(0), uint64(hashSeed), uint64(0)
		run := bits.TrailingZeros64(^word&msb) >> 3
		if run == 8 {
			// A word of eight bytes or more: take the whole chunk, then
			// go on in the next one. Sixteen bytes or more is rare enough
			// for a call.
			flags = (letter&^(y<<2))>>6 | (letter&(y<<2))>>5 | digit>>4
			k8 = y | 0x20*lsb
			h = hashStep(h, k8)
			i += 8
			j := min(i, n-8)
			x = load64(text, j) >> (8 * (i - j))
			letter, digit, y, high = classify(x)
			word = letter | digit
			if run = bits.TrailingZeros64(^word&msb) >> 3; run == 8 {
				var ok bool
				if end, flags, h, ok = longWord(text, start); !ok {
					i = start
					break
				}
				i = end
				goto done
			}
		}
		{
			// The word ends in this chunk: the common case, kept free of
			// calls so that the compiler keeps it in registers.
			in := uint64(1)<<(8*run) - 1
			m := in & msb
			flags |= (letter&m&^(y<<2))>>6 | (letter&m&(y<<2))>>5 | (digit&m)>>4
			c := (y | 0x20*lsb) & in
			if i == start {
				k8 = c
			}
			h = hashStep(h, c)
			end = i + run
			if high>>(8*run)&0x80 != 0 {
				// A non-ASCII letter may continue the word ("Nestlé"), or
				// a curly quote end it: scanOther decides.
				i = start
				break
			}
			// The chunk often holds the start of the next token too:
			// resume there instead of reloading the chunk after the word
			// only to skip the separators. With no such byte, the count
			// of trailing zeros is 64: the next chunk, without a branch.
			i += bits.TrailingZeros64((word|high)&^in) >> 3
		}
	done:
		// OR the bytes' flags together; a token with an upper- or lower-
		// case letter has a letter.
		flags |= flags >> 32
		flags |= flags >> 16
		flags |= flags >> 8
		sh := shape(flags&0xe) | shape((flags>>1|flags>>2)&1)<<4
		if first-'A' < 26 {
			sh |= shFirstUpper
		}
		h = hashEnd(h)
		// Whether to look the word up (see scan), reckoned without
		// branches, which the processor would often guess wrong: the query
		// is written anyway and kept only then. shFirstUpper is bit 0.
		look := uint64(sh&shFirstUpper) | b2u(first-'0' < 10) | lower.bit(h)
		if start > 0 {
			look |= b2u(text[start-1] == '$')
		}
		qb[nq] = query{h: h, k8: k8, tok: base + int32(nt), ascii: true}
		nq += int(look)
		tb[nt] = token{start: int32(start), end: int32(end), entry: notLooked, shape: sh}
		nt++
	}
	return i, toks[:len(toks)+nt], queries[:len(queries)+nq]
}

// longWord reads an ASCII word of eight bytes or more that starts at p,
// eight bytes at a time, for scanASCII: where it ends, its flags and its
// hash (not yet finished with hashEnd): every full chunk, then the last,
// partial or empty one. It returns false if a non-ASCII byte follows the
// word.
func longWord(text string, p int) (end int, flags, h uint64, ok bool) {
	n := len(text)
	h = hashSeed
	for {
		j := min(p, n-8)
		x := load64(text, j) >> (8 * (p - j))
		letter, digit, y, high := classify(x)
		run := bits.TrailingZeros64(^(letter|digit)&msb) >> 3
		in := ^uint64(0)
		if run < 8 {
			in = 1<<(8*run) - 1
		}
		m := in & msb
		flags |= (letter&m&^(y<<2))>>6 | (letter&m&(y<<2))>>5 | (digit&m)>>4
		h = hashStep(h, (y|0x20*lsb)&in)
		if run < 8 {
			return p + run, flags, h, high>>(8*run)&0x80 == 0
		}
		p += 8
	}
}

// scanOther reads what scanASCII leaves at i, a rune at a time: separators
// up to the next token, and the token, which may hold non-ASCII letters. It
// returns the index after the token.
func (t *Tagger) scanOther(text string, i int, toks []token, queries []query) (int, []token, []query) {
	for i < len(text) {
		c := text[i]
		if c < 0x80 {
			if byteClass[c] != clSep {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			break
		}
		i += size
	}
	if i >= len(text) {
		return i, toks, queries
	}
	start := i
	end, sh := scanRunes(text, start)
	word := text[start:end]
	ascii := true
	for k := 0; k < len(word); k++ {
		if word[k] >= 0x80 {
			ascii = false
			break
		}
	}
	var k8 uint64
	if ascii {
		k8 = asciiKey8(word)
	}
	h := hashFold(word)
	if sh&shFirstUpper != 0 || byteClass[text[start]] == clDigit || start > 0 && text[start-1] == '$' || t.lowerStarts.has(h) {
		queries = append(queries, query{h: h, k8: k8, tok: int32(len(toks)), ascii: ascii})
	}
	toks = append(toks, token{start: int32(start), end: int32(end), entry: notLooked, shape: sh})
	return end, toks, queries
}

// scanRunes reads the token that starts at i and holds non-ASCII runes, a
// rune at a time. It returns where the token ends and its shape.
func scanRunes(text string, i int) (int, shape) {
	start := i
	var sh shape
	if byteClass[text[i]] == clUpper {
		sh = shFirstUpper
	}
	for i < len(text) {
		c := text[i]
		switch byteClass[c] {
		case clLower:
			sh |= shLower | shLetter
			i++
			continue
		case clUpper:
			sh |= shUpper | shLetter
			i++
			continue
		case clDigit:
			sh |= shDigit
			i++
			continue
		case clSep:
			return i, sh
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
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
		i += size
	}
	return i, sh
}

// lookup finds the entry of a token, and its hot bits and flags, from the hash of its
// folded form and, for an ASCII token, its first eight folded bytes (k8,
// ascii true).
func (t *Tagger) lookup(h uint64, word string, k8 uint64, ascii bool) (int32, hot, entryFlag) {
	if !t.filter.has(h >> 40) {
		return noEntry, 0, 0
	}
	return t.probe(h, word, k8, ascii)
}

// probe is lookup past the filter: it searches the table.
func (t *Tagger) probe(h uint64, word string, k8 uint64, ascii bool) (int32, hot, entryFlag) {
	tb := &t.table
	tag := slotTag(h, len(word))
	for p := h & tb.mask; ; p = (p + 1) & tb.mask {
		s := &tb.slots[p]
		if s.ref == 0 {
			return noEntry, 0, 0
		}
		if ascii {
			if s.tag&tagKey == tag && s.key8 == k8 && (len(word) <= 8 || foldEqual(word[8:], t.entries[s.entry()].key[8:])) {
				return s.entry(), s.hot(), s.flags()
			}
			continue
		}
		if s.tag>>16 == tag>>16 && foldEqual(word, t.entries[s.entry()].key) {
			return s.entry(), s.hot(), s.flags()
		}
	}
}

// lookupToken finds the entry of the token text[start:end], and its hot
// bits and flags. An ASCII token shorter than eight bytes is folded and hashed from
// one chunk, as scanASCII does; the others go through lookupWord.
func (t *Tagger) lookupToken(text string, start, end int) (int32, hot, entryFlag) {
	if n := end - start; n < 8 && len(text) >= 8 {
		j := min(start, len(text)-8)
		in := uint64(1)<<(8*n) - 1
		if x := load64(text, j) >> (8 * (start - j)) & in; x&msb == 0 {
			// ASCII letters and digits: OR-ing 0x20 folds them.
			k8 := (x | 0x20*lsb) & in
			return t.lookup(hashEnd(hashStep(hashSeed, k8)), text[start:end], k8, true)
		}
	}
	return t.lookupWord(text[start:end])
}

// lookupWord finds the entry of a whole token, and its hot bits and flags.
func (t *Tagger) lookupWord(word string) (int32, hot, entryFlag) {
	for i := 0; i < len(word); i++ {
		if word[i] >= 0x80 {
			return t.lookup(hashFold(word), word, 0, false)
		}
	}
	return t.lookup(hashFold(word), word, asciiKey8(word), true)
}

// asciiKey8 packs the first eight bytes of an ASCII word, case-folded, as
// the table's slots hold them.
func asciiKey8(word string) uint64 {
	var k8 uint64
	for i := 0; i < len(word) && i < 8; i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c |= 0x20
		}
		k8 |= uint64(c) << (8 * i)
	}
	return k8
}

// place puts entry idx, whose folded key is key, into the table with its
// hot bits and flags; the table must have room.
func (tb *table) place(key string, h uint64, idx int32, hh hot, flags entryFlag) {
	for p := h & tb.mask; ; p = (p + 1) & tb.mask {
		if tb.slots[p].ref == 0 {
			tb.slots[p] = slot{key8: pack8(key), tag: slotTag(h, len(key)) | uint32(flags)<<8, ref: uint32(idx+1) | uint32(hh)<<24}
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
