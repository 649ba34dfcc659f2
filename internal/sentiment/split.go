package sentiment

import (
	"unicode"
	"unicode/utf8"
)

// Span is the byte range [Start, End) of a piece of text.
type Span struct {
	Start, End int
}

// Split returns the sentences of text as byte spans, in order, without
// overlap and trimmed of surrounding white space and list bullets.
//
// A sentence ends at ".", "!" or "?" followed by white space (closing quotes
// and brackets stay with it), at a blank line, before a line that starts
// with a list bullet, and after a first line without final punctuation
// followed by a capitalised line (a headline). A full stop does not end a
// sentence after an initial ("J. Smith"), inside figures ("$1.5 bn", "EUR
// 13.1 mn"), after titles and reference abbreviations ("Mr.", "No. 5",
// "approx."), or after company suffixes and dotted abbreviations ("Inc.",
// "Corp.", "Co.", "Ltd.", "U.S.", "e.g.") unless the next word is one that
// usually starts a sentence ("The", "It", "Shares", ...).
//
// Invalid UTF-8 is tolerated: offsets always refer to the bytes of text.
func Split(text string) []Span {
	return appendSplit(nil, text)
}

// appendSplit appends the sentence spans of text to dst.
func appendSplit(dst []Span, text string) []Span {
	first := len(dst)
	start := -1
	newlineInside := false
	emit := func(end int) {
		for end > start && isSpaceByte(text[end-1]) {
			end--
		}
		if end > start {
			dst = append(dst, Span{start, end})
		}
		start = -1
		newlineInside = false
	}
	i := 0
	for i < len(text) {
		c := text[i]
		if start < 0 {
			if isSpaceByte(c) {
				i++
				continue
			}
			if n := bulletLen(text, i); n > 0 {
				i += n
				continue
			}
			start = i
		}
		switch c {
		case '\n':
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			switch {
			case j < len(text) && text[j] == '\n':
				emit(i) // blank line: paragraph break
			case j < len(text) && bulletLen(text, j) > 0:
				emit(i)
			case !newlineInside && len(dst) == first && looksLikeHeadline(text, start, i, j):
				emit(i)
			default:
				newlineInside = true
			}
			i = j
			continue
		case '.', '!', '?':
			j := i + 1
			for j < len(text) {
				if n := closerLen(text, j); n > 0 {
					j += n
					continue
				}
				break
			}
			if j < len(text) && !isSpaceByte(text[j]) {
				i = j
				continue
			}
			if c == '.' && !dotEndsSentence(text, start, i, j) {
				i = j
				continue
			}
			emit(j)
			i = j
			continue
		}
		i++
	}
	if start >= 0 {
		emit(len(text))
	}
	return dst
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// closerLen returns the length of a mark that stays with the sentence
// before it (a further stop, closing quote or bracket) at text[i], or 0.
func closerLen(text string, i int) int {
	switch text[i] {
	case '.', '!', '?', '"', '\'', ')', ']':
		return 1
	}
	if text[i] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '”', '’', '»', '…':
			return size
		}
	}
	return 0
}

// bulletLen returns the length of a list bullet and the spaces after it at
// text[i] ("• ", "- ", "* ", "1. ", "2) "), or 0.
func bulletLen(text string, i int) int {
	n := 0
	c := text[i]
	switch {
	case c == '-' || c == '*':
		n = 1
	case isDigit(c):
		j := i
		for j < len(text) && j-i < 3 && isDigit(text[j]) {
			j++
		}
		if j < len(text) && (text[j] == '.' || text[j] == ')') && j+1 < len(text) && text[j+1] == ' ' {
			// "1. " is a bullet only at the start of a line.
			if i == 0 || text[i-1] == '\n' || lineIsBlankBefore(text, i) {
				n = j + 1 - i
			}
		}
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '•', '·', '▪', '‣', '◦', '–', '—', '■', '►':
			n = size
		}
	}
	if n == 0 || i+n >= len(text) || text[i+n] != ' ' && text[i+n] != '\t' {
		return 0
	}
	for i+n < len(text) && (text[i+n] == ' ' || text[i+n] == '\t') {
		n++
	}
	return n
}

// lineIsBlankBefore reports whether only spaces precede text[i] on its line.
func lineIsBlankBefore(text string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch text[j] {
		case ' ', '\t':
			continue
		case '\n':
			return true
		}
		return false
	}
	return true
}

// looksLikeHeadline reports whether the line text[start:nl] is a headline:
// no final punctuation, at most 200 bytes, and the next line (at next)
// starts with a capital letter, digit or quote.
func looksLikeHeadline(text string, start, nl, next int) bool {
	end := nl
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	if end == start || end-start > 200 || next >= len(text) {
		return false
	}
	switch text[end-1] {
	case '.', '!', '?', ',', ';', ':', '-':
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[next:])
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '$'
}

// Abbreviations that never end a sentence.
var titleAbbrev = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "messrs": true,
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true,
	"capt": true, "mt": true, "ft": true, "vs": true, "v": true, "approx": true,
	"appr": true, "ca": true, "cf": true, "incl": true, "excl": true, "est": true,
	"dept": true, "st": true, "abt": true, "resp": true, "pres": true, "hon": true,
}

// Abbreviations that do not end a sentence before a figure ("No. 5").
var numberAbbrev = map[string]bool{
	"no": true, "nos": true, "art": true, "fig": true, "vol": true, "p": true, "pp": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// Abbreviations that often end a sentence too ("... of Apple Inc. The
// company ..."): they end it only before a usual sentence opener.
var suffixAbbrev = map[string]bool{
	"inc": true, "corp": true, "co": true, "ltd": true, "plc": true, "llc": true,
	"bros": true, "cos": true, "etc": true, "al": true, "jr": true, "sr": true,
	"esq": true, "oyj": true, "abp": true, "asa": true, "bhd": true, "pty": true,
	"lp": true, "llp": true, "ag": true, "sa": true, "nv": true, "bv": true, "ab": true,
}

// Words that usually open a sentence after an ambiguous abbreviation.
var openers = map[string]bool{
	"The": true, "A": true, "An": true, "It": true, "Its": true, "In": true, "On": true,
	"At": true, "For": true, "But": true, "And": true, "As": true, "However": true,
	"This": true, "That": true, "These": true, "Those": true, "There": true, "They": true,
	"We": true, "He": true, "She": true, "I": true, "Shares": true, "Sales": true,
	"Net": true, "Operating": true, "Revenue": true, "Analysts": true, "According": true,
	"Meanwhile": true, "Also": true, "After": true, "Before": true, "During": true,
	"With": true, "While": true, "Under": true, "Since": true, "If": true, "When": true,
	"Our": true, "Their": true, "His": true, "Her": true, "Profit": true, "Earnings": true,
	"Its'": true, "Last": true, "Earlier": true, "Later": true, "Both": true, "Each": true,
}

// dotEndsSentence decides whether the full stop at text[dot] (with closers
// up to next) ends the sentence that started at start.
func dotEndsSentence(text string, start, dot, next int) bool {
	// The word before the stop, with inner dots ("U.S", "e.g").
	k := dot
	for k > start {
		c := text[k-1]
		if isASCIILetter(c) || c == '.' {
			k--
			continue
		}
		break
	}
	word := text[k:dot]
	if word == "" {
		return true // after a figure or a symbol
	}
	nextWord, nextIsDigit := wordAfter(text, next)
	if len(word) == 1 && word[0] >= 'A' && word[0] <= 'Z' {
		return false // an initial
	}
	if containsByte(word, '.') {
		return openers[nextWord]
	}
	var lw [8]byte
	if len(word) > len(lw) {
		return true
	}
	for i := 0; i < len(word); i++ {
		lw[i] = word[i] | 0x20
	}
	low := lw[:len(word)]
	switch {
	case titleAbbrev[string(low)]:
		return false
	case numberAbbrev[string(low)]:
		return !nextIsDigit
	case suffixAbbrev[string(low)]:
		return openers[nextWord]
	}
	return true
}

// wordAfter returns the letters of the first word at or after text[i] and
// whether a digit comes first instead.
func wordAfter(text string, i int) (string, bool) {
	for i < len(text) && isSpaceByte(text[i]) {
		i++
	}
	if i < len(text) && (text[i] == '$' || isDigit(text[i])) {
		return "", true
	}
	j := i
	for j < len(text) && (isASCIILetter(text[j]) || text[j] == '\'') {
		j++
	}
	return text[i:j], false
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}
