package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Blocks returns the paragraphs of text: runs of lines separated by one or
// more blank lines, each trimmed of surrounding white space.
func Blocks(text string) []Span {
	var out []Span
	start := -1 // start of the current block, -1 between blocks
	lineStart := 0
	for lineStart <= len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		blank := strings.TrimSpace(text[lineStart:lineEnd]) == ""
		if blank && start >= 0 {
			out = appendTrimmed(out, text, start, lineStart)
			start = -1
		} else if !blank && start < 0 {
			start = lineStart
		}
		lineStart = lineEnd + 1
	}
	if start >= 0 {
		out = appendTrimmed(out, text, start, len(text))
	}
	return out
}

func appendTrimmed(out []Span, text string, s, e int) []Span {
	s, e = trimSpan(text, s, e)
	if s < e {
		out = append(out, Span{s, e})
	}
	return out
}

// trimSpan narrows [s, e) to exclude leading and trailing white space.
func trimSpan(text string, s, e int) (int, int) {
	// ASCII bytes are tested without decoding them first (for ASCII,
	// unicode.IsSpace is "\t" to "\r" and " "); decoding takes over at
	// the first other byte.
	for s < e && text[s] < utf8.RuneSelf && isSpaceByte(text[s]) {
		s++
	}
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s && text[e-1] < utf8.RuneSelf && isSpaceByte(text[e-1]) {
		e--
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// Sentence is one sentence, heading, bullet or table row of a text.
type Sentence struct {
	Span
	// Block is the index of the paragraph (see Blocks) that holds it.
	Block int
	// Terminal reports that it ends with ".", "!" or "?" (before any closing
	// quotation marks or brackets); headings and table rows do not.
	Terminal bool
}

// Sentences splits text into sentences. It never splits inside a double
// quotation, after common abbreviations ("Mr.", "Inc.", "U.S.") or inside
// decimals, and it treats every bullet line and table row as a unit of its own.
func Sentences(text string) []Sentence { return SentencesIn(text, Blocks(text)) }

// SentencesIn is Sentences for text already split into paragraphs:
// blocks must be Blocks(text), found once for this and QuotesIn.
func SentencesIn(text string, blocks []Span) []Sentence {
	// sized for sentences of about 100 bytes, so that the slice is seldom
	// copied as it grows
	out := make([]Sentence, 0, len(text)/100+1)
	var us []Span // the units of one block, reused for the next
	for bi, b := range blocks {
		us = appendUnits(us[:0], text, b)
		for _, u := range us {
			out = splitUnit(out, text, u, bi)
		}
	}
	if len(out) == 0 {
		return nil // as before the slice was sized ahead
	}
	return out
}

// isBulletLine reports lines that start a list item or a table row.
func isBulletLine(line string) bool {
	line = strings.TrimLeft(line, " \t")
	if line == "" {
		return false
	}
	r, n := utf8.DecodeRuneInString(line)
	switch r {
	case '•', '·', '▪', '◦', '|':
		return true
	case '-', '*', '–', '—':
		return len(line) > n && (line[n] == ' ' || line[n] == '\t')
	case '<':
		l := strings.ToLower(line)
		return strings.HasPrefix(l, "<tr") || strings.HasPrefix(l, "<li") || strings.HasPrefix(l, "<table") || strings.HasPrefix(l, "</table")
	}
	return false
}

// appendUnits appends the units of block b to out: runs of ordinary lines
// and single bullet lines.
func appendUnits(out []Span, text string, b Span) []Span {
	block := text[b.Start:b.End]
	if !strings.Contains(block, "\n") {
		return append(out, b)
	}
	start := b.Start
	prevBullet := false
	for i := b.Start; i < b.End; {
		j := strings.IndexByte(text[i:b.End], '\n')
		lineEnd := b.End
		if j >= 0 {
			lineEnd = i + j
		}
		bullet := isBulletLine(text[i:lineEnd])
		if i > start && (bullet || prevBullet) {
			out = appendTrimmed(out, text, start, i)
			start = i
		}
		prevBullet = bullet
		i = lineEnd + 1
	}
	return appendTrimmed(out, text, start, b.End)
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "inc": true, "corp": true, "co": true,
	"ltd": true, "llc": true, "plc": true, "st": true, "jr": true, "sr": true, "vs": true, "e.g": true,
	"i.e": true, "no": true, "nos": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "gov": true,
	"sen": true, "rep": true, "gen": true, "lt": true, "col": true, "u.s": true, "u.k": true, "u.n": true,
	"e.u": true, "a.m": true, "p.m": true, "approx": true, "est": true, "dept": true, "mt": true, "ft": true,
	"n.y": true, "d.c": true, "ph.d": true,
}

// maxAbbreviation is the length of the longest abbreviation.
var maxAbbreviation = func() int {
	n := 0
	for w := range abbreviations {
		n = max(n, len(w))
	}
	return n
}()

func isOpeningQuote(r rune) bool  { return r == '“' || r == '„' || r == '«' || r == '‟' }
func isClosingQuote(r rune) bool  { return r == '”' || r == '»' }
func isDoubleQuote(r rune) bool   { return r == '"' || isOpeningQuote(r) || isClosingQuote(r) }
func isTerminalPunct(r rune) bool { return r == '.' || r == '!' || r == '?' }
func isCloser(r rune) bool {
	return r == ')' || r == ']' || r == '\'' || r == '’' || r == '"' || isClosingQuote(r)
}

// sentenceStops are the bytes splitUnit must look at: terminal
// punctuation, the straight double quotation mark, and the first bytes of
// the curly and angle quotation marks (“ ” „ ‟ start with 0xE2, « » with
// 0xC2). Every other byte, including the rest of any multi-byte character,
// is passed over without decoding; no UTF-8 sequence hides one of these
// bytes inside it, so the result is the same as decoding every rune.
var sentenceStops = newByteSet('"', '.', '!', '?', 0xe2, 0xc2)

// splitUnit appends the sentences of the unit u to out.
func splitUnit(out []Sentence, text string, u Span, block int) []Sentence {
	start := u.Start
	inQuote := false
	emit := func(end int) {
		s, e := trimSpan(text, start, end)
		if s < e {
			out = append(out, Sentence{Span: Span{s, e}, Block: block, Terminal: endsTerminal(text[s:e])})
		}
		start = end
	}
	for i := u.Start; i < u.End; {
		if i = sentenceStops.next(text, i, u.End); i == u.End {
			break
		}
		r, n := utf8.DecodeRuneInString(text[i:u.End])
		switch {
		case r == '"':
			inQuote = !inQuote
			if !inQuote && precededByTerminal(text, u.Start, i) {
				if end := closeRun(text, i+n, u.End); startsNewSentence(text, end, u.End) {
					emit(end)
					i = end
					continue
				}
			}
		case isOpeningQuote(r):
			inQuote = true
		case isClosingQuote(r):
			inQuote = false
			if precededByTerminal(text, u.Start, i) {
				if end := closeRun(text, i+n, u.End); startsNewSentence(text, end, u.End) {
					emit(end)
					i = end
					continue
				}
			}
		case isTerminalPunct(r) && !inQuote:
			if r == '.' && isAbbreviation(text, u.Start, i) {
				break
			}
			end := closeRun(text, i+n, u.End)
			if startsNewSentence(text, end, u.End) {
				emit(end)
				i = end
				continue
			}
		}
		i += n
	}
	emit(u.End)
	return out
}

// closeRun extends i over closing quotation marks and brackets (but not over
// a straight double quote that may open the next quotation after a space).
func closeRun(text string, i, end int) int {
	for i < end {
		r, n := utf8.DecodeRuneInString(text[i:end])
		if r == '"' || !isCloser(r) {
			return i
		}
		i += n
	}
	return i
}

// precededByTerminal reports whether the rune before i (inside the unit
// starting at from) is terminal punctuation.
func precededByTerminal(text string, from, i int) bool {
	if i <= from {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[from:i])
	return isTerminalPunct(r)
}

// startsNewSentence reports whether the text after i (up to end) begins a
// new sentence: end of unit, or white space followed by an upper-case
// letter, a digit, an opening quotation mark or bracket.
func startsNewSentence(text string, i, end int) bool {
	if i >= end {
		return true
	}
	r, n := utf8.DecodeRuneInString(text[i:end])
	if !unicode.IsSpace(r) {
		return false
	}
	for i += n; i < end; i += n {
		r, n = utf8.DecodeRuneInString(text[i:end])
		if !unicode.IsSpace(r) {
			break
		}
	}
	if i >= end {
		return true
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || isDoubleQuote(r) || r == '(' || r == '[' || r == '‘' || r == '\'' || r == '$' || r == '€' || r == '£'
}

// isAbbreviation reports whether the period at i ends an abbreviation or an
// initial ("J. Smith").
func isAbbreviation(text string, from, i int) bool {
	j := i
	for j > from {
		if c := text[j-1]; c < utf8.RuneSelf {
			// ASCII, the common case, without decoding
			if !asciiWord[c] && c != '.' {
				break
			}
			j--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(text[from:j])
		if !(isWordRune(r) || r == '.') {
			break
		}
		j -= n
	}
	w := strings.Trim(text[j:i], ".")
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	// Lower-case ASCII words in a buffer; the lookup does not allocate.
	// Other words go through strings.ToLower, whose Unicode mappings can
	// make ASCII ("İnc" is "inc").
	if len(w) <= 16 && isASCII(w) {
		if len(w) > maxAbbreviation {
			return false // longer than every abbreviation: most words stop here
		}
		var buf [16]byte
		return abbreviations[string(lowerInto(buf[:0], w))]
	}
	return abbreviations[strings.ToLower(w)]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// endsTerminal reports whether s ends with terminal punctuation, ignoring
// closing quotation marks and brackets after it.
func endsTerminal(s string) bool {
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		if isCloser(r) {
			s = s[:len(s)-n]
			continue
		}
		return isTerminalPunct(r)
	}
	return false
}
