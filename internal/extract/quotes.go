package extract

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Quote is one direct quotation.
type Quote struct {
	// Span covers the quotation including its marks.
	Span
	// Inner covers the quoted words, without the marks.
	Inner Span
	// Single reports a quotation in single marks (‘…’ or '…') outside any
	// double-quoted one. Single marks inside a double-quoted quotation are
	// part of it ("He said 'no' twice").
	Single bool
	// Continued reports a quotation that runs on into the next paragraph,
	// which reopens it (the newspaper convention for long quotations).
	Continued bool
}

// Problem is quotation typography that cannot be read unambiguously.
type Problem struct {
	Span
	Message string
}

// Quotes finds the direct quotations of text, paragraph by paragraph.
// Straight and curly double marks, low-9 („) and guillemets (« ») are
// recognised; single marks delimit a quotation only when they open at the
// start of a word, close after one and enclose at least two words, so that
// apostrophes ("Amazon’s", "investors’") are not taken for quotation marks.
// A quotation left open at the end of a paragraph that the next paragraph
// does not reopen, and a closing mark with no opening one, are reported as
// problems rather than guessed at.
func Quotes(text string) ([]Quote, []Problem) { return quotesIn(text, Blocks(text)) }

// QuotesAndSpeakers is Quotes and then Speakers of the quotations found,
// with the paragraphs found once for both.
func QuotesAndSpeakers(text string) ([]Quote, []Problem, []Speaker) {
	return QuotesAndSpeakersIn(text, Blocks(text))
}

// QuotesAndSpeakersIn is QuotesAndSpeakers for text already split into
// paragraphs: blocks must be Blocks(text), found once for this and
// SentencesIn.
func QuotesAndSpeakersIn(text string, blocks []Span) ([]Quote, []Problem, []Speaker) {
	qs, ps := quotesIn(text, blocks)
	sps := quoteSpeakersIn(text, qs, blocks) // not allocated: only its speakers are returned
	return qs, ps, sps.All()
}

// QuotesAndLazySpeakersIn is QuotesAndSpeakersIn with the speakers read
// only as they are asked for (see QuoteSpeakers).
func QuotesAndLazySpeakersIn(text string, blocks []Span) ([]Quote, []Problem, *QuoteSpeakers) {
	qs, ps := quotesIn(text, blocks)
	sps := quoteSpeakersIn(text, qs, blocks)
	return qs, ps, &sps
}

// quotesIn is Quotes for text split into blocks (see Blocks).
func quotesIn(text string, blocks []Span) ([]Quote, []Problem) {
	var qs []Quote
	var ps []Problem
	for bi, b := range blocks {
		open := -1 // byte offset of the opening mark, -1 outside a quotation
		var opener rune
		innerStart := 0
		for i := b.Start; i < b.End; {
			if i = quoteStops.next(text, i, b.End); i == b.End {
				break
			}
			r, n := utf8.DecodeRuneInString(text[i:b.End])
			if open < 0 {
				switch {
				case r == '"':
					if looksClosing(text, b, i, n) {
						ps = append(ps, Problem{Span{i, i + n}, fmt.Sprintf("closing quotation mark at byte %d has no opening mark", i)})
					} else {
						open, opener, innerStart = i, r, i+n
					}
				case isOpeningQuote(r):
					open, opener, innerStart = i, r, i+n
				case isClosingQuote(r):
					ps = append(ps, Problem{Span{i, i + n}, fmt.Sprintf("closing quotation mark at byte %d has no opening mark", i)})
				case r == '‘' || r == '\'':
					if q, ok := singleQuote(text, b, i, n); ok {
						qs = append(qs, q)
						i = q.End
						continue
					}
				}
				i += n
				continue
			}
			closes := r == '"' || isClosingQuote(r) || (opener == '„' && r == '“')
			switch {
			case closes:
				if hasWord(text[innerStart:i]) {
					qs = append(qs, Quote{Span: Span{open, i + n}, Inner: trimmed(text, innerStart, i)})
				}
				open = -1
			case isOpeningQuote(r):
				ps = append(ps, unclosed(open, i))
				open, opener, innerStart = i, r, i+n
			}
			i += n
		}
		if open < 0 {
			continue
		}
		if bi+1 < len(blocks) && opensWithQuote(text, blocks[bi+1]) && hasWord(text[innerStart:b.End]) {
			qs = append(qs, Quote{Span: Span{open, b.End}, Inner: trimmed(text, innerStart, b.End), Continued: true})
			continue
		}
		ps = append(ps, unclosed(open, b.End))
	}
	return qs, ps
}

// quoteStops are the bytes Quotes must look at: the straight quotation
// marks and the first bytes of the curly and angle ones (0xE2 for ‘ “ ” „ ‟,
// 0xC2 for « »). Other bytes, the rest of multi-byte characters included,
// are passed over without decoding: no UTF-8 sequence hides one of these
// bytes inside it, so the result is the same as decoding every rune.
var quoteStops = newByteSet('"', '\'', 0xe2, 0xc2)

func unclosed(open, end int) Problem {
	return Problem{Span{open, end}, fmt.Sprintf("quotation mark opened at byte %d is not closed in its paragraph", open)}
}

func trimmed(text string, s, e int) Span {
	s, e = trimSpan(text, s, e)
	return Span{s, e}
}

func hasWord(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

// looksClosing reports a straight double mark that can only close: it
// follows a word or punctuation and is followed by a space, punctuation or
// the end of the paragraph.
func looksClosing(text string, b Span, i, n int) bool {
	if i == b.Start {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[b.Start:i])
	if unicode.IsSpace(prev) || prev == '(' || prev == '[' || prev == '—' || prev == '–' || prev == ':' {
		return false
	}
	if i+n >= b.End {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[i+n : b.End])
	return unicode.IsSpace(next) || unicode.IsPunct(next)
}

func opensWithQuote(text string, b Span) bool {
	r, _ := utf8.DecodeRuneInString(text[b.Start:b.End])
	return r == '"' || isOpeningQuote(r)
}

// singleQuote tries to read a quotation in single marks opening at i.
func singleQuote(text string, b Span, i, n int) (Quote, bool) {
	if i > b.Start {
		prev, _ := utf8.DecodeLastRuneInString(text[b.Start:i])
		if !(unicode.IsSpace(prev) || prev == '(' || prev == '[' || prev == '—' || prev == '–' || prev == ':') {
			return Quote{}, false // an apostrophe inside or after a word
		}
	}
	if i+n >= b.End {
		return Quote{}, false
	}
	first, _ := utf8.DecodeRuneInString(text[i+n : b.End])
	if !isLetterRune(first) {
		return Quote{}, false // "'90s", "' "
	}
	for j := i + n; j < b.End; {
		r, m := utf8.DecodeRuneInString(text[j:b.End])
		if r == '"' || isDoubleQuote(r) {
			return Quote{}, false
		}
		if r == '’' || r == '\'' {
			prev, _ := utf8.DecodeLastRuneInString(text[i+n : j])
			var next rune
			if j+m < b.End {
				next, _ = utf8.DecodeRuneInString(text[j+m : b.End])
			}
			if j > i+n && !unicode.IsSpace(prev) && !isWordRune(next) {
				inner := trimmed(text, i+n, j)
				if CountWords(text[inner.Start:inner.End]) < 2 {
					return Quote{}, false
				}
				return Quote{Span: Span{i, j + m}, Inner: inner, Single: true}, true
			}
		}
		j += m
	}
	return Quote{}, false
}
