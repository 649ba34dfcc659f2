package extract

import (
	"strings"
	"unicode/utf8"
)

// numberWord returns the value of a lower-case spelled-out count. "one"
// and "two" are left out because they are used as pronouns and
// determiners far more than as figures. Every lower-case word starting
// with t, f, s, e, n or d and every capitalised word is looked up, so this
// is a switch (compared without hashing) rather than a map.
func numberWord(w []byte) (float64, bool) {
	if len(w) < 3 || w[0] < 'a' || w[0] > 'z' || w[1] < 'a' || w[1] > 'z' || !numberStarts[int(w[0]-'a')*26+int(w[1]-'a')] {
		return 0, false // most words stop here, on their first two letters
	}
	switch string(w) {
	case "three":
		return 3, true
	case "four":
		return 4, true
	case "five":
		return 5, true
	case "six":
		return 6, true
	case "seven":
		return 7, true
	case "eight":
		return 8, true
	case "nine":
		return 9, true
	case "ten":
		return 10, true
	case "eleven":
		return 11, true
	case "twelve", "dozen":
		return 12, true
	case "thirteen":
		return 13, true
	case "fourteen":
		return 14, true
	case "fifteen":
		return 15, true
	case "sixteen":
		return 16, true
	case "seventeen":
		return 17, true
	case "eighteen":
		return 18, true
	case "nineteen":
		return 19, true
	case "twenty":
		return 20, true
	case "thirty":
		return 30, true
	case "forty":
		return 40, true
	case "fifty":
		return 50, true
	case "sixty":
		return 60, true
	case "seventy":
		return 70, true
	case "eighty":
		return 80, true
	case "ninety":
		return 90, true
	}
	return 0, false
}

// figureWordStarts marks, lower-cased, the first two letters of the words
// wordFigureCandidate accepts: months (and their abbreviations), spelled
// numbers, "fiscal" and currency codes.
var figureWordStarts = func() (t [26 * 26]bool) {
	for _, p := range []string{
		"ja", "fe", "ma", "ap", "ju", "au", "se", "oc", "no", "de", // months
		"th", "te", "tw", "fo", "fi", "si", "ei", "el", "ni", "do", // numbers, fiscal
		"us", "eu", "gb", "jp", "ca", "ch", "cn", "hk", "in", "sg", // currency codes
	} {
		t[int(p[0]-'a')*26+int(p[1]-'a')] = true
	}
	return t
}()

// figureWordStarts3 is figureWordStarts for the first three letters, as a
// bit set: it passes over "the", "that", "they", "second", "details" and
// other common words figureWordStarts lets through to wordFigureCandidate.
var figureWordStarts3 = func() (t [(26*26*26 + 63) / 64]uint64) {
	words := []string{"fiscal", "dozen", "usd", "eur", "gbp", "jpy", "cad", "aud", "chf", "cny", "hkd", "inr", "sgd",
		"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
		"three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
		"sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	for _, w := range words {
		n := (int(w[0]-'a')*26+int(w[1]-'a'))*26 + int(w[2]-'a')
		t[n/64] |= 1 << (n % 64)
	}
	return t
}()

// startsFigureWord reports whether the ASCII letters w, at least three,
// start like a word wordFigureCandidate accepts (other than letters before
// "$"), in any case.
func startsFigureWord(w string) bool {
	n := (uint(w[0]|0x20-'a')*26+uint(w[1]|0x20-'a'))*26 + uint(w[2]|0x20-'a')
	return figureWordStarts3[n/64]&(1<<(n%64)) != 0
}

// numberStarts marks the first two letters of the words numberWord knows.
var numberStarts = func() (t [26 * 26]bool) {
	for _, p := range []string{"th", "te", "tw", "fo", "fi", "si", "se", "ei", "el", "ni", "do"} {
		t[int(p[0]-'a')*26+int(p[1]-'a')] = true
	}
	return t
}()

// unitWord returns the value of a lower-case unit after a hyphen ("five"
// in "twenty-five"), or 0.
func unitWord(w []byte) float64 {
	switch string(w) {
	case "one":
		return 1
	case "two":
		return 2
	case "three":
		return 3
	case "four":
		return 4
	case "five":
		return 5
	case "six":
		return 6
	case "seven":
		return 7
	case "eight":
		return 8
	case "nine":
		return 9
	}
	return 0
}

// wordFigureCandidate is a quick test before wordFigureInto for a word whose
// ASCII letters run over [i, j): when it reports false, wordFigureInto(f, i)
// finds no figure. It looks only at the word itself (is it a month, a
// spelled-out number, "fiscal", a currency code, or letters before "$"),
// so the great majority of words are passed over without building a
// Figure.
func (p figureParser) wordFigureCandidate(i, j int) bool {
	t := p.text
	if i > 0 {
		if c := t[i-1]; c < utf8.RuneSelf {
			if asciiWord[c] {
				return false
			}
		} else if r, _ := utf8.DecodeLastRuneInString(t[:i]); isWordRune(r) {
			return false
		}
	}
	if j+1 < len(t) && t[j] == '.' && isASCIILetter(t[j+1]) {
		// p.letters(i) reads on over the period ("U.S"): no word below
		// holds one, nor does any letters-before-"$" prefix.
		return false
	}
	w := t[i:j] // what p.letters(i) reads
	switch {
	case j < len(t) && t[j] == '$':
		return true // "US$5"
	case len(w) < 3 || len(w) > 9:
		return false // shorter or longer than every word below
	}
	if a, b := w[0]|0x20, w[1]|0x20; !figureWordStarts[int(a-'a')*26+int(b-'a')] {
		return false // most words stop here, on their first two letters
	}
	var buf [16]byte
	lw := lowerInto(buf[:0], w)
	switch t[i] {
	case 'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D':
		if monthNumber(lw) != 0 {
			return true
		}
	}
	if _, ok := numberWord(lw); ok {
		return true
	}
	return w == "fiscal" || w == "Fiscal" || currencyCode(w) != ""
}

// wordFigureInto parses a figure that starts with a word at i into f (see
// numericInto): a date ("April 30, 2026", "April 2026"), a spelled-out
// count ("three", "twenty-five million"), or an amount after a currency
// code or dollar prefix ("USD 5", "US$5"). On failure f holds garbage.
func (p figureParser) wordFigureInto(f *Figure, i int) (int, bool) {
	t := p.text
	if i > 0 {
		if c := t[i-1]; c < utf8.RuneSelf {
			if asciiWord[c] {
				return 0, false
			}
		} else if r, _ := utf8.DecodeLastRuneInString(t[:i]); isWordRune(r) {
			return 0, false
		}
	}
	w, e := p.letters(i)
	if w == "" {
		return 0, false
	}
	// "US$5", "C$3 billion"
	if e < len(t) && t[e] == '$' {
		if code, ok := dollarPrefixes[w]; ok {
			pr, ok := p.readPrefix(e)
			if ok {
				pr.start = i
				pr.currency = code
				if end, ok := p.amountAfterPrefix(f, pr); ok {
					f.Hedge = p.hedgeBefore(i)
					return p.rangeAfter(f, end), true
				}
			}
		}
		return 0, false
	}
	// Every word below is 3 to 9 letters long ("May" to "September",
	// "three" to "seventeen", "fiscal", currency codes): the many other
	// words stop here, before any lookup.
	if len(w) < 3 || len(w) > 9 {
		return 0, false
	}
	if m, me, ok := p.monthOf(i, w, e); ok {
		k := p.skipSpaces(me)
		if k > me {
			if n, ok := p.readNumber(k); ok && !n.hasSeparators && n.decimals == 0 {
				end := n.end
				if w, e2 := p.letters(end); w == "st" || w == "nd" || w == "rd" || w == "th" {
					end = e2
				}
				switch {
				case n.integerDigits <= 2 && n.value >= 1 && n.value <= 31 && p.wordBoundaryAt(end) && !(end < len(t) && t[end] == '%'):
					*f = Figure{Span: Span{i, end}, Kind: Date, Date: DateParts{Month: m, Day: int(n.value)}}
					if y, e3, ok := p.yearAfter(end, false); ok {
						f.Date.Year, f.End = y, e3
					}
					return f.End, true
				case n.integerDigits == 4 && n.value >= 1900 && n.value <= 2100 && p.wordBoundaryAt(n.end):
					*f = Figure{Span: Span{i, n.end}, Kind: Date, Date: DateParts{Year: int(n.value), Month: m}}
					return n.end, true
				}
			}
		}
		return 0, false
	}
	if w[0] < 'A' || w[0] > 'Z' {
		if w == "fiscal" {
			return p.fiscalYear(f, e)
		}
		return p.spelledCount(f, i, w, e)
	}
	if code := currencyCode(w); code != "" {
		k := p.skipSpaces(e)
		if k > e && k < len(t) && isDigit(t[k]) {
			pr := prefix{start: i, digits: k, currency: code}
			if end, ok := p.amountAfterPrefix(f, pr); ok {
				return p.rangeAfter(f, end), true
			}
		}
		return 0, false
	}
	if w == "Fiscal" {
		return p.fiscalYear(f, e)
	}
	return p.spelledCount(f, i, w, e)
}

// fiscalYear reads the year after "fiscal" (which ends at e) into f.
func (p figureParser) fiscalYear(f *Figure, e int) (int, bool) {
	k := p.skipSpaces(e)
	y, ye, ok := p.yearAfter(k, false)
	if !ok {
		return 0, false
	}
	*f = Figure{Span: Span{k, ye}, Kind: Year, Date: DateParts{Year: y}}
	f.Low = Amount{Value: float64(y), Step: 1, LooseStep: 1, Scale: 1}
	f.High = f.Low
	return ye, true
}

// spelledCount reads "three", "twenty-five", "a dozen" with an optional
// magnitude and percent ("three billion", "five percent") into f.
func (p figureParser) spelledCount(f *Figure, i int, w string, e int) (int, bool) {
	t := p.text
	if len(w) < 3 || len(w) > 9 {
		return 0, false
	}
	var buf [16]byte
	v, ok := numberWord(lowerInto(buf[:0], w))
	if !ok {
		return 0, false
	}
	var ubuf [unitWordMax]byte
	if e < len(t) && t[e] == '-' {
		// "twenty-five", but not "three-year" (kept as 3)
		w2, e2 := p.letters(e + 1)
		if u := unitWord(lowerUnitWord(&ubuf, w2)); u > 0 && v >= 20 && p.wordBoundaryAt(e2) {
			v += u
			e = e2
		}
	}
	if !p.wordBoundaryAt(e) && !(e < len(t) && t[e] == '-') {
		return 0, false
	}
	if strings.EqualFold(w, "dozen") {
		if !strings.EqualFold(p.prevWord(i), "a") {
			return 0, false
		}
	}
	*f = Figure{Span: Span{i, e}, Kind: Count, Hedge: p.hedgeBefore(i)}
	scale := 1.0
	end := e
	k := p.skipSpaces(e)
	w2, e2 := p.letters(k)
	if m := magnitudeWord(lowerUnitWord(&ubuf, w2)); m > 0 && k > e {
		scale = m
		end = e2
		k = p.skipSpaces(e2)
		w2, e2 = p.letters(k)
	}
	switch string(lowerUnitWord(&ubuf, w2)) {
	case "percent":
		f.Kind = Percent
		end = e2
	case "times":
		if scale == 1 {
			f.Kind = Multiple // "three times", as "3x"
			end = e2
		}
	case "basis":
		if w3, e3 := p.letters(p.skipSpaces(e2)); scale == 1 && (strings.EqualFold(w3, "point") || strings.EqualFold(w3, "points")) {
			f.Kind = Points // "nine basis points", as "9 bps"
			scale = 0.01
			end = e3
		}
	case "bps", "bp":
		if scale == 1 {
			f.Kind = Points
			scale = 0.01
			end = e2
		}
	case "percentage":
		if w3, e3 := p.letters(p.skipSpaces(e2)); scale == 1 && (strings.EqualFold(w3, "point") || strings.EqualFold(w3, "points")) {
			f.Kind = Points // "two percentage points"
			end = e3
		}
	case "per":
		if w3, e3 := p.letters(p.skipSpaces(e2)); strings.EqualFold(w3, "cent") {
			f.Kind = Percent
			end = e3
		}
	}
	f.End = end
	a := Amount{Value: v * scale, Step: scale, LooseStep: scale, Scale: scale}
	f.Low, f.High = a, a
	return end, true
}
