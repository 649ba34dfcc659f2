package extract

import (
	"bytes"
	"strings"
)

// Period is a reporting period a text names by its place in the year: a
// quarter ("second quarter", "second-quarter", "Q2", "2Q") or a half
// ("first half", "H1"). "The quarter", "last quarter" and "next quarter"
// name none.
type Period struct {
	Span
	// Half reports a half-year; otherwise it is a quarter.
	Half bool
	// N is the quarter (1 to 4) or half (1 or 2).
	N int
}

// String names the period as "Q2" or "H1".
func (p Period) String() string {
	if p.Half {
		return "H" + string(rune('0'+p.N))
	}
	return "Q" + string(rune('0'+p.N))
}

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

// Periods returns the quarters and halves text names, in order.
func Periods(text string) []Period {
	var out []Period
	var buf [16]byte
	prevS, prevE := -1, -1 // the word before
	for i := 0; ; {
		s, e, ok := nextWord(text, i)
		if !ok {
			return out
		}
		i = e
		w := text[s:e]
		switch {
		case len(w) == 2 && (w[0] == 'Q' || w[0] == 'H') && w[1] >= '1' && w[1] <= '4' && (w[0] == 'Q' || w[1] <= '2'):
			out = append(out, Period{Span: Span{s, e}, Half: w[0] == 'H', N: int(w[1] - '0')})
		case len(w) == 2 && w[1] == 'Q' && w[0] >= '1' && w[0] <= '4':
			out = append(out, Period{Span: Span{s, e}, N: int(w[0] - '0')})
		case len(w) <= len(buf):
			// lower-cased into buf: compared and looked up without allocating
			lw := lowerInto(buf[:0], w)
			// "second-quarter" is one word to nextWord or two joined by a
			// hyphen: both are read
			if o, q, ok := bytes.Cut(lw, []byte("-")); ok {
				if n := ordinals[string(o)]; n > 0 && (string(q) == "quarter" || string(q) == "half" && n <= 2) {
					out = append(out, Period{Span: Span{s, e}, Half: string(q) == "half", N: n})
				}
				break
			}
			quarter, half := string(lw) == "quarter", string(lw) == "half"
			if (quarter || half) && prevS >= 0 && strings.TrimRight(text[prevE:s], " -") == "" && prevE-prevS <= len(buf) {
				if n := ordinals[string(lowerInto(buf[:0], text[prevS:prevE]))]; n > 0 && (quarter || n <= 2) {
					out = append(out, Period{Span: Span{prevS, e}, Half: half, N: n})
				}
			}
		}
		prevS, prevE = s, e
	}
}

// priorQuarterPhrases speak of the quarter before the one a report is of.
var priorQuarterPhrases = []string{"prior quarter", "previous quarter", "preceding quarter", "last quarter",
	"linked quarter", "sequential", "quarter-on-quarter", "quarter on quarter", "quarter-over-quarter", "quarter before"}

// MentionsPriorQuarter reports whether text speaks of a quarter relative to
// the one it reports on ("up from the prior quarter", "sequentially").
func MentionsPriorQuarter(text string) bool {
	lower := strings.ToLower(text)
	for _, p := range priorQuarterPhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}
