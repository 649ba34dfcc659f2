package extract

import (
	"slices"
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
	// Year is the year written right after it ("first half of 2027", "Q3
	// 2026"), or 0.
	Year int
}

var periodNames = [2][5]string{{"", "Q1", "Q2", "Q3", "Q4"}, {"", "H1", "H2", "", ""}}

// String names the period as "Q2" or "H1".
func (p Period) String() string {
	h := 0
	if p.Half {
		h = 1
	}
	if p.N < 1 || p.N > 4 {
		return ""
	}
	return periodNames[h][p.N]
}

// Periods is what a text says of reporting periods.
type Periods struct {
	// Named are the quarters and halves it names, in order.
	Named []Period
	// PriorQuarter reports that it speaks of the quarter before the one it
	// reports on: "the prior quarter" (or previous, preceding, last,
	// linked), "quarter-on-quarter", "quarter-over-quarter", "the quarter
	// before", "sequentially".
	PriorQuarter bool
}

// ordinals are the words that number a quarter or half.
var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

// ReadPeriods reads the quarters (when quarters is set) and halves (when
// halves is) a text names. It looks only where "q", "Q", "H" or "half"
// occur, so that a long text costs a few byte searches; quarters alone
// cost the least, as q and Q are rare in English.
func ReadPeriods(text string, quarters, halves bool) Periods {
	var out Periods
	if quarters {
		for _, q := range []byte{'q', 'Q'} {
			for i := 0; ; i++ {
				k := strings.IndexByte(text[i:], q)
				if k < 0 {
					break
				}
				i += k
				out.readQ(text, i)
			}
		}
	}
	if halves {
		for i := 0; ; i++ { // "H1", "H2"
			k := strings.IndexByte(text[i:], 'H')
			if k < 0 {
				break
			}
			i += k
			if i+1 < len(text) && (text[i+1] == '1' || text[i+1] == '2') && standsAlone(text, i, i+2) {
				out.Named = append(out.Named, Period{Span: Span{i, i + 2}, Half: true, N: int(text[i+1] - '0')})
			}
		}
		for _, w := range []string{"half", "Half"} {
			for i := 0; ; i++ {
				k := strings.Index(text[i:], w)
				if k < 0 {
					break
				}
				i += k
				if p, ok := ordinalBefore(text, i); ok && p.N <= 2 && standsAlone(text, i, i+len(w)) {
					p.End, p.Half = i+len(w), true
					out.Named = append(out.Named, p)
				}
			}
		}
	}
	slices.SortFunc(out.Named, func(a, b Period) int { return a.Start - b.Start })
	for k := range out.Named {
		out.Named[k].Year = yearAfter(text, out.Named[k].End)
	}
	return out
}

// yearAfter reads a year (1900 to 2099) written at text[i:] after " of ",
// " " or "-": "of 2027", " 2026".
func yearAfter(text string, i int) int {
	switch {
	case strings.HasPrefix(text[i:], " of "):
		i += len(" of ")
	case strings.HasPrefix(text[i:], " ") || strings.HasPrefix(text[i:], "-"):
		i++
	default:
		return 0
	}
	if i+4 > len(text) || !(text[i] == '1' && text[i+1] == '9' || text[i] == '2' && text[i+1] == '0') ||
		text[i+2] < '0' || text[i+2] > '9' || text[i+3] < '0' || text[i+3] > '9' ||
		i+4 < len(text) && isASCIILetterOrDigit(text[i+4]) {
		return 0
	}
	return int(text[i]-'0')*1000 + int(text[i+1]-'0')*100 + int(text[i+2]-'0')*10 + int(text[i+3]-'0')
}

// readQ reads what starts at text[i], a q or Q: "Q2", "2Q", "(second)
// quarter" and the phrases of PriorQuarter.
func (out *Periods) readQ(text string, i int) {
	switch {
	case text[i] == 'Q' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '4' && standsAlone(text, i, i+2):
		out.Named = append(out.Named, Period{Span: Span{i, i + 2}, N: int(text[i+1] - '0')})
		return
	case text[i] == 'Q' && i > 0 && text[i-1] >= '1' && text[i-1] <= '4' && standsAlone(text, i-1, i+1):
		out.Named = append(out.Named, Period{Span: Span{i - 1, i + 1}, N: int(text[i-1] - '0')})
		return
	case foldedPrefix(text[i:], "quential"):
		// "sequential", "sequentially"
		out.PriorQuarter = out.PriorQuarter || i >= 2 && foldedPrefix(text[i-2:], "se")
		return
	}
	e := i + len("quarter")
	if !foldedPrefix(text[i:], "quarter") {
		return
	}
	if standsAlone(text, i, e) {
		if p, ok := ordinalBefore(text, i); ok {
			p.End = e
			out.Named = append(out.Named, p)
		}
	}
	if out.PriorQuarter {
		return
	}
	rest := text[e:min(len(text), e+14)]
	for _, p := range []string{"-on-quarter", " on quarter", "-over-quarter", " over quarter", " before"} {
		if strings.HasPrefix(rest, p) {
			out.PriorQuarter = true
			return
		}
	}
	before := strings.TrimRight(text[max(0, i-12):i], " ")
	for _, w := range []string{"prior", "previous", "preceding", "last", "linked"} {
		if len(before) >= len(w) && strings.EqualFold(before[len(before)-len(w):], w) {
			out.PriorQuarter = true
			return
		}
	}
}

// foldedPrefix reports whether s starts with the lower-case ASCII word w,
// in any case (each letter compared with its case bit set).
func foldedPrefix(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for j := 0; j < len(w); j++ {
		if s[j]|0x20 != w[j] {
			return false
		}
	}
	return true
}

// ordinalBefore reads the ordinal ("second", "2nd") that ends, after
// spaces or a hyphen, just before s: the period's start and number.
func ordinalBefore(text string, s int) (Period, bool) {
	j := s
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '-') && s-j < 2 {
		j--
	}
	if j == s {
		return Period{}, false
	}
	ws := j
	for ws > 0 && isASCIILetterOrDigit(text[ws-1]) && j-ws <= 6 {
		ws--
	}
	if ws == j || j-ws > 6 || ws > 0 && (isASCIILetterOrDigit(text[ws-1]) || text[ws-1] >= 0x80) {
		return Period{}, false
	}
	var buf [8]byte
	n := ordinals[string(lowerInto(buf[:0], text[ws:j]))]
	return Period{Span: Span{Start: ws}, N: n}, n > 0
}

// standsAlone reports whether text[s:e] is a word of its own: no letter or
// digit touches it on either side, nor a hyphen joining a word after it.
func standsAlone(text string, s, e int) bool {
	if s > 0 && (isASCIILetterOrDigit(text[s-1]) || text[s-1] >= 0x80) {
		return false
	}
	if e < len(text) && (isASCIILetterOrDigit(text[e]) || text[e] >= 0x80) {
		return false
	}
	// joined by a hyphen to the word after: "half-hour", "quarter-end"
	return !(e+1 < len(text) && text[e] == '-' && isASCIILetter(text[e+1]))
}

func isASCIILetterOrDigit(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' }
