package extract

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// PassageWord is a word as NextWord reads it and, once ReadKey has been
// called, its key as ContentKey gives it.
type PassageWord struct {
	Span
	Key     uint64
	Content bool // Key is a content word's (see ContentKey)
	plain   bool // ASCII letters and digits only
}

// NextPassageWord returns the first word of text at or after byte i, as
// NextWord reads it, or ok false when there is none; its ReadKey gives its
// key. Together they are NextWord and ContentKey for callers that read a
// few words around many points of a text (the passages around figures)
// and need the keys of some of them only: a word of ASCII letters and
// digits, most words of English text, is found in one pass and its key
// made without the rune handling foldWord needs for other words.
func NextPassageWord(text string, i int) (w PassageWord, ok bool) {
	for i < len(text) && byteClass[text[i]] <= classJoiner {
		i++ // ASCII that is not a word character
	}
	if i >= len(text) {
		return w, false
	}
	if byteClass[text[i]] != classWord {
		s, e, ok := nextWord(text, i)
		w.Span = Span{s, e}
		return w, ok
	}
	s, e := i, alnumEnd(text, i)
	if e < len(text) && byteClass[text[e]] != classOther {
		// a joiner or a multi-byte character: the word may go on
		if e2 := wordEnd(text, e); e2 > e {
			w.Span = Span{s, e2}
			return w, true
		}
	}
	w.Span, w.plain = Span{s, e}, true
	return w, true
}

// ReadKey sets w.Key and w.Content to the key and ok ContentKey gives the
// word, w having been read from text by NextPassageWord.
func (w *PassageWord) ReadKey(text string) {
	if !w.plain {
		w.Key, w.Content = ContentKey(text[w.Start:w.End])
		return
	}
	w.Key, w.Content = plainContentKey(text, w.Start, w.End)
}

// plainContentKey is ContentKey for the word text[s:e] of ASCII letters
// and digits only: lower-casing it is setting bit 0x20 of each byte
// (digits have it already), eight bytes at a time when the text has them,
// and it has no possessive to drop.
func plainContentKey(text string, s, e int) (key uint64, ok bool) {
	n := e - s
	if text[s] <= '9' || n > 48 {
		return ContentKey(text[s:e]) // a number, or a word foldWord truncates
	}
	var buf [48]byte
	if n <= 8 && s+8 <= len(text) {
		binary.LittleEndian.PutUint64(buf[:], load64(text, s)|lowBits*0x20)
	} else {
		for j := range n {
			buf[j] = text[s+j] | 0x20
		}
	}
	b := stem(buf[:n])
	if len(b) < 2 {
		return 0, false
	}
	key = hashBytes(b)
	if stopKeys.has(key) {
		return 0, false
	}
	return key, true
}

// ContentKey returns the key ContentWords gives word, a word as NextWord
// reads it, and ok true when word carries content; ok is false for stop
// words, bare numbers and words that fold to fewer than two bytes, which
// ContentWords passes over.
func ContentKey(word string) (key uint64, ok bool) {
	if word == "" || word[0] >= '0' && word[0] <= '9' {
		return 0, false // figures are compared by the figure rules, not as words
	}
	var buf [48]byte
	folded := foldWord(word, buf[:0])
	if len(folded) < 2 {
		return 0, false
	}
	key = hashBytes(folded)
	if stopKeys.has(key) {
		return 0, false
	}
	return key, true
}

// LastMark returns the index of the last byte of text[lo:hi] that is not
// an ASCII letter, digit or space (punctuation, a line break, or a byte of
// a multi-byte character), or -1 when there is none. Eight bytes are
// tested at once: it lets a caller look back for the punctuation that ends
// a clause without looking at every byte of the words before it.
func LastMark(text string, lo, hi int) int {
	lo, hi = max(lo, 0), min(hi, len(text))
	i := hi
	for ; i-8 >= lo; i -= 8 {
		x := load64(text, i-8)
		if m := ^(alnumMask(x) | zeroBytes(x^lowBits*' ')) & highBits; m != 0 {
			return i - 8 + (63-bits.LeadingZeros64(m))/8
		}
	}
	for i--; i >= lo; i-- {
		if c := text[i]; c >= utf8.RuneSelf || !asciiWord[c] && c != ' ' {
			return i
		}
	}
	return -1
}
