package extract

import (
	"strings"
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
	return unicode.IsLetter(r) || unicode.IsDigit(r)
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
func nextWord(text string, i int) (start, end int, ok bool) {
	for i < len(text) {
		w, n := wordRuneAt(text, i)
		if w {
			break
		}
		i += n
	}
	if i >= len(text) {
		return 0, 0, false
	}
	start = i
	for i < len(text) {
		w, n := wordRuneAt(text, i)
		if w {
			i += n
			continue
		}
		c := text[i]
		if c == '\'' || c == '-' || c == '.' || c == 0xe2 && strings.HasPrefix(text[i:], "’") {
			if j := i + n; j < len(text) {
				if next, m := wordRuneAt(text, j); next {
					i = j + m
					continue
				}
			}
		}
		break
	}
	return start, i, true
}

// Words returns the spans of the words of text in order.
func Words(text string) []Span {
	var out []Span
	for i := 0; ; {
		s, e, ok := nextWord(text, i)
		if !ok {
			return out
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
	for i := 0; i < len(word); {
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

// stem removes one inflectional suffix from a lower-case word.
func stem(b []byte) []byte {
	switch {
	case len(b) > 5 && hasSuffix(b, "ing"):
		return b[:len(b)-3]
	case len(b) > 4 && hasSuffix(b, "ies"):
		b = b[:len(b)-3]
		return append(b, 'y')
	case len(b) > 4 && hasSuffix(b, "ed"):
		return b[:len(b)-2]
	case len(b) > 4 && hasSuffix(b, "es") && (hasSuffix(b[:len(b)-2], "s") || hasSuffix(b[:len(b)-2], "x") || hasSuffix(b[:len(b)-2], "ch") || hasSuffix(b[:len(b)-2], "sh")):
		return b[:len(b)-2]
	case len(b) > 3 && hasSuffix(b, "s") && !hasSuffix(b, "ss") && !hasSuffix(b, "us") && !hasSuffix(b, "is"):
		b = b[:len(b)-1]
	}
	if len(b) > 4 && hasSuffix(b, "e") {
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
		s, e, ok := nextWord(text, i)
		if !ok {
			return
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
		if _, stop := stopKeys[k]; stop {
			continue
		}
		fn(k, s, e)
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
var stopKeys = func() map[uint64]struct{} {
	m := make(map[uint64]struct{}, len(stopWords))
	for _, w := range stopWords {
		m[WordKey(w)] = struct{}{}
	}
	return m
}()
