package extract

import (
	"strings"
	"unicode/utf8"
)

// numberWords are spelled-out counts; "one" and "two" are left out because
// they are used as pronouns and determiners far more than as figures.
var numberWords = map[string]float64{
	"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
	"twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}

var unitWords = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

// wordFigure parses a figure that starts with a word at i: a date ("April
// 30, 2026", "April 2026"), a spelled-out count ("three", "twenty-five
// million"), or an amount after a currency code or dollar prefix ("USD 5",
// "US$5").
func (p figureParser) wordFigure(i int) (Figure, int, bool) {
	t := p.text
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(t[:i])
		if isWordRune(r) {
			return Figure{}, 0, false
		}
	}
	w, e := p.letters(i)
	if w == "" {
		return Figure{}, 0, false
	}
	// "US$5", "C$3 billion"
	if e < len(t) && t[e] == '$' {
		if code, ok := dollarPrefixes[w]; ok {
			pr, ok := p.readPrefix(e)
			if ok {
				pr.start = i
				pr.currency = code
				f, end, ok := p.amountAfterPrefix(pr)
				if ok {
					f.Hedge = p.hedgeBefore(i)
					f, end = p.rangeAfter(f, end)
					return f, end, true
				}
			}
		}
		return Figure{}, 0, false
	}
	if m, me, ok := p.monthAt(i); ok {
		k := p.skipSpaces(me)
		if k > me {
			if n, ok := p.readNumber(k); ok && !n.hasSeparators && n.decimals == 0 {
				end := n.end
				if w, e2 := p.letters(end); w == "st" || w == "nd" || w == "rd" || w == "th" {
					end = e2
				}
				switch {
				case n.integerDigits <= 2 && n.value >= 1 && n.value <= 31 && p.wordBoundaryAt(end) && !(end < len(t) && t[end] == '%'):
					f := Figure{Span: Span{i, end}, Kind: Date, Date: DateParts{Month: m, Day: int(n.value)}}
					if y, e3, ok := p.yearAfter(end, false); ok {
						f.Date.Year, f.End = y, e3
					}
					return f, f.End, true
				case n.integerDigits == 4 && n.value >= 1900 && n.value <= 2100 && p.wordBoundaryAt(n.end):
					return Figure{Span: Span{i, n.end}, Kind: Date, Date: DateParts{Year: int(n.value), Month: m}}, n.end, true
				}
			}
		}
		return Figure{}, 0, false
	}
	if w[0] < 'A' || w[0] > 'Z' {
		if w == "fiscal" {
			return p.fiscalYear(e)
		}
		return p.spelledCount(i, w, e)
	}
	if code, ok := currencyCodes[w]; ok {
		k := p.skipSpaces(e)
		if k > e && k < len(t) && isDigit(t[k]) {
			pr := prefix{start: i, digits: k, currency: code}
			f, end, ok := p.amountAfterPrefix(pr)
			if ok {
				f, end = p.rangeAfter(f, end)
				return f, end, true
			}
		}
		return Figure{}, 0, false
	}
	if w == "Fiscal" {
		return p.fiscalYear(e)
	}
	return p.spelledCount(i, w, e)
}

// fiscalYear reads the year after "fiscal" (which ends at e).
func (p figureParser) fiscalYear(e int) (Figure, int, bool) {
	k := p.skipSpaces(e)
	y, ye, ok := p.yearAfter(k, false)
	if !ok {
		return Figure{}, 0, false
	}
	f := Figure{Span: Span{k, ye}, Kind: Year, Date: DateParts{Year: y}}
	f.Low = Amount{Value: float64(y), Step: 1, LooseStep: 1, Scale: 1}
	f.High = f.Low
	return f, ye, true
}

// spelledCount reads "three", "twenty-five", "a dozen" with an optional
// magnitude and percent ("three billion", "five percent").
func (p figureParser) spelledCount(i int, w string, e int) (Figure, int, bool) {
	t := p.text
	if len(w) < 3 || len(w) > 9 {
		return Figure{}, 0, false
	}
	var buf [16]byte
	v, ok := numberWords[string(lowerInto(buf[:0], w))]
	if !ok {
		return Figure{}, 0, false
	}
	if e < len(t) && t[e] == '-' {
		// "twenty-five", but not "three-year" (kept as 3)
		w2, e2 := p.letters(e + 1)
		if u, ok := unitWords[strings.ToLower(w2)]; ok && v >= 20 && p.wordBoundaryAt(e2) {
			v += u
			e = e2
		}
	}
	if !p.wordBoundaryAt(e) && !(e < len(t) && t[e] == '-') {
		return Figure{}, 0, false
	}
	if strings.EqualFold(w, "dozen") {
		if !strings.EqualFold(p.prevWord(i), "a") {
			return Figure{}, 0, false
		}
	}
	f := Figure{Span: Span{i, e}, Kind: Count, Hedge: p.hedgeBefore(i)}
	scale := 1.0
	end := e
	k := p.skipSpaces(e)
	w2, e2 := p.letters(k)
	if m := magnitudeWords[strings.ToLower(w2)]; m > 0 && k > e {
		scale = m
		end = e2
		k = p.skipSpaces(e2)
		w2, e2 = p.letters(k)
	}
	switch strings.ToLower(w2) {
	case "percent":
		f.Kind = Percent
		end = e2
	case "per":
		if w3, e3 := p.letters(p.skipSpaces(e2)); strings.EqualFold(w3, "cent") {
			f.Kind = Percent
			end = e3
		}
	}
	f.End = end
	a := Amount{Value: v * scale, Step: scale, LooseStep: scale, Scale: scale}
	f.Low, f.High = a, a
	return f, end, true
}
