package extract

import (
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) in a text.
type Span struct {
	Start, End int
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// isWordRune reports whether r can be part of a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	if word, _, ok := runeTable.lookup(r); ok {
		return word
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isLetterRune is unicode.IsLetter, answered from runeTable when it can be.
func isLetterRune(r rune) bool {
	if _, letter, ok := runeTable.lookup(r); ok {
		return letter
	}
	return unicode.IsLetter(r)
}

// runeBits holds, for the runes of some Unicode blocks, whether each is a
// letter and whether it is a letter or a digit. The non-ASCII characters of
// English news text are mostly typography (curly quotation marks, dashes,
// the ellipsis, currency signs: General Punctuation and Currency Symbols)
// and accented Latin letters; unicode.IsLetter and IsDigit answer for runes
// above U+00FF by searching range tables, which is slow for scans that test
// every such character, so their answers for those blocks are worked out
// once, from those functions, into bit tables.
type runeBits struct {
	blocks [2]struct {
		from, to      rune // [from, to)
		letter, wordy []uint64
	}
}

var runeTable = func() *runeBits {
	t := &runeBits{}
	for i, b := range [2][2]rune{{0x0100, 0x0250}, {0x2000, 0x20d0}} { // Latin Extended-A and B; punctuation to currency
		blk := &t.blocks[i]
		blk.from, blk.to = b[0], b[1]
		n := (b[1] - b[0] + 63) / 64
		blk.letter, blk.wordy = make([]uint64, n), make([]uint64, n)
		for r := b[0]; r < b[1]; r++ {
			k := r - b[0]
			if unicode.IsLetter(r) {
				blk.letter[k>>6] |= 1 << (k & 63)
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				blk.wordy[k>>6] |= 1 << (k & 63)
			}
		}
	}
	return t
}()

// lookup returns whether r is a letter or digit and whether it is a letter,
// or ok false when r is in none of the table's blocks.
func (t *runeBits) lookup(r rune) (word, letter, ok bool) {
	for i := range t.blocks {
		if b := &t.blocks[i]; r >= b.from && r < b.to {
			k := r - b.from
			return b.wordy[k>>6]&(1<<(k&63)) != 0, b.letter[k>>6]&(1<<(k&63)) != 0, true
		}
	}
	return false, false, false
}

// asciiWord marks the ASCII bytes that are word characters.
var asciiWord = func() (t [128]bool) {
	for c := 0; c < 128; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

// wordRuneAt reports whether a word character starts at i, and its length.
func wordRuneAt(text string, i int) (bool, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return asciiWord[c], 1
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r), n
}

// nextWord returns the span of the first word at or after i, or ok false.
// A word is a run of letters and digits, joined by single apostrophes,
// hyphens or periods between word characters ("Amazon's", "mid-2026",
// "U.S", "3.5").
//
// It runs over every byte of every source and draft, so bytes are
// classified by one table lookup (byteClass) in tight loops, and only
// bytes of multi-byte characters are decoded as runes.
func nextWord(text string, i int) (start, end int, ok bool) {
	for {
		for i < len(text) && byteClass[text[i]] <= classJoiner {
			i++ // ASCII that is not a word character
		}
		if i >= len(text) {
			return 0, 0, false
		}
		if byteClass[text[i]] == classWord {
			break
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			break
		}
		i += n
	}
	return i, wordEnd(text, i), true
}

// wordEnd returns the end of the word that starts at i (see nextWord).
func wordEnd(text string, i int) int {
	for {
		i = alnumEnd(text, i)
		if i >= len(text) {
			return i
		}
		n := 1
		switch byteClass[text[i]] {
		case classOther:
			return i
		case classMulti:
			var r rune
			r, n = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += n
				continue
			}
			if r != '’' {
				return i
			}
		}
		// a joiner: the word goes on if a word character follows it
		if j := i + n; j < len(text) {
			if next, m := wordRuneAt(text, j); next {
				i = j + m
				continue
			}
		}
		return i
	}
}

// Byte classes for nextWord.
const (
	classOther  = iota // ASCII that neither is nor joins word characters
	classJoiner        // ' - . (join word characters)
	classWord          // ASCII letter or digit
	classMulti         // part of a multi-byte character
)

var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = classMulti
		case asciiWord[c]:
			t[c] = classWord
		case c == '\'' || c == '-' || c == '.':
			t[c] = classJoiner
		}
	}
	return t
}()

// NextWord returns the span of the first word of text at or after byte i
// (see Words for what a word is), or ok false when there is none. It lets
// callers walk the words without building a slice.
func NextWord(text string, i int) (start, end int, ok bool) { return nextWord(text, i) }

// Words returns the spans of the words of text in order.
func Words(text string) []Span {
	var out []Span
	for i := 0; ; {
		s, e, ok := nextWord(text, i)
		if !ok {
			return out
		}
		if out == nil {
			// sized for English text, about one word in six bytes, so that
			// the slice is seldom copied as it grows
			out = make([]Span, 0, min(len(text)/6+1, 1<<16))
		}
		out = append(out, Span{s, e})
		i = e
	}
}

// CountWords counts the words of text without allocating.
func CountWords(text string) int {
	n := 0
	for i := 0; ; n++ {
		_, e, ok := nextWord(text, i)
		if !ok {
			return n
		}
		i = e
	}
}

// foldWord writes the lower-case form of word into buf (truncating very
// long words), drops a possessive "'s", and strips common English suffixes
// so that "projects", "projected" and "projecting" share a stem.
func foldWord(word string, buf []byte) []byte {
	buf = buf[:0]
	i := 0
	// ASCII prefix that fits: lower-cased byte by byte with no rune decoding
	// and no capacity check per byte.
	for n := min(len(word), cap(buf)); i < n; i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			break
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	for i < len(word) {
		c := word[i]
		if c < utf8.RuneSelf {
			if len(buf) == cap(buf) {
				break
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(word[i:])
		i += n
		if r == '’' {
			r = '\''
		}
		r = unicode.ToLower(r)
		if len(buf)+utf8.RuneLen(r) > cap(buf) {
			break
		}
		buf = utf8.AppendRune(buf, r)
	}
	n := len(buf)
	if n > 2 && buf[n-2] == '\'' && buf[n-1] == 's' {
		buf = buf[:n-2]
	} else if n > 1 && buf[n-1] == '\'' {
		buf = buf[:n-1]
	}
	return stem(buf)
}

func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

// stem removes one inflectional suffix from a lower-case word. The last
// byte picks the only suffixes that can apply, so most words cost one
// comparison.
func stem(b []byte) []byte {
	n := len(b)
	if n < 4 {
		return b
	}
	switch b[n-1] {
	case 'g':
		if n > 5 && b[n-3] == 'i' && b[n-2] == 'n' {
			return b[:n-3]
		}
	case 'd':
		if n > 4 && b[n-2] == 'e' {
			return b[:n-2]
		}
	case 's':
		switch {
		case n > 4 && hasSuffix(b, "ies"):
			b = b[:n-3]
			return append(b, 'y')
		case n > 4 && b[n-2] == 'e' && (hasSuffix(b[:n-2], "s") || hasSuffix(b[:n-2], "x") || hasSuffix(b[:n-2], "ch") || hasSuffix(b[:n-2], "sh")):
			return b[:n-2]
		case b[n-2] != 's' && b[n-2] != 'u' && b[n-2] != 'i':
			b = b[:n-1]
		}
	}
	if len(b) > 4 && b[len(b)-1] == 'e' {
		b = b[:len(b)-1] // "increase", "increased" and "increases" all become "increas"
	}
	return b
}

// hashBytes is 64-bit FNV-1a.
func hashBytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// WordKey returns the key that ContentWords uses for word: a hash of its
// folded, stemmed form.
func WordKey(word string) uint64 {
	var buf [48]byte
	return hashBytes(foldWord(word, buf[:0]))
}

// ContentWords calls fn for every word of text that carries content: words
// that are not stop words or bare numbers. key identifies the folded,
// stemmed word (see WordKey); start and end locate it in text.
func ContentWords(text string, fn func(key uint64, start, end int)) {
	var buf [48]byte
	for i := 0; ; {
		k, s, e, ok := nextContentWord(text, i, buf[:0])
		if !ok {
			return
		}
		i = e
		fn(k, s, e)
	}
}

// nextContentWord returns the key and span of the first content word at or
// after i (see ContentWords); buf is scratch space of capacity 48.
func nextContentWord(text string, i int, buf []byte) (key uint64, start, end int, ok bool) {
	key, start, end, _, ok = nextContentWordFolded(text, i, buf)
	return key, start, end, ok
}

// nextContentWordFolded is nextContentWord that also returns the folded,
// stemmed word (in buf).
func nextContentWordFolded(text string, i int, buf []byte) (key uint64, start, end int, folded []byte, ok bool) {
	for {
		s, e, ok := nextWord(text, i)
		if !ok {
			return 0, 0, 0, nil, false
		}
		i = e
		w := text[s:e]
		if w[0] >= '0' && w[0] <= '9' {
			continue // figures are compared by the figure rules, not as words
		}
		folded := foldWord(w, buf[:0])
		if len(folded) < 2 {
			continue
		}
		k := hashBytes(folded)
		if stopKeys.has(k) {
			continue
		}
		return k, s, e, folded, true
	}
}

// stopWords are function words and newsroom boilerplate (attribution verbs)
// that say nothing about what a sentence reports.
var stopWords = []string{
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
	"does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
	"her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
	"itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
	"other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
	"their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
	"until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
	"with", "would", "you", "your", "said", "says", "say", "according", "told", "added", "statement", "per", "cent",
	"percent", "billion", "million", "trillion", "thousand", "year", "new", "one", "two", "may", "might", "must",
	"since", "still", "yet", "however", "already", "around", "within", "among", "across", "amid", "us", "we're",
	"it's", "that's", "company", "firm",
}

// stopKeys holds the keys of stopWords; it is built once and never changed.
var stopKeys = func() *keyTable {
	t := newKeyTable(len(stopWords))
	for _, w := range stopWords {
		t.put(WordKey(w), 0)
	}
	return t
}()
