package sentiment

import (
	"unicode"
	"unicode/utf8"
)

// tokKind is what a token is.
type tokKind uint8

const (
	tokWord  tokKind = iota + 1 // letters, with inner hyphens, apostrophes and digits
	tokNum                      // a figure: digits with separators, maybe signed
	tokPunct                    // one punctuation mark or symbol, in ch
)

// Punctuation codes stored in token.ch for marks that are not ASCII.
const (
	chDollar = '$'
	chEuro   = 1   // €
	chPound  = 2   // £
	chYen    = 3   // ¥
	chDash   = '-' // - – — and a spaced minus
	chQuote  = '"' // " “ ” „
)

// isCurrencyMark reports whether ch is one of the currency symbols.
func isCurrencyMark(ch byte) bool {
	return ch == chDollar || ch == chEuro || ch == chPound || ch == chYen
}

// currencyCode returns the code of a currency symbol, matching the
// codes of the lexicon's currency words (1 euro, 2 US dollar, 3 other).
func currencyCode(ch byte) float64 {
	switch ch {
	case chEuro:
		return 1
	case chDollar:
		return 2
	}
	return 3
}

// token is one word, figure or mark of a sentence.
type token struct {
	start, end int32 // byte offsets in the sentence
	lo, hi     int32 // words: the lower-cased form in the analyser's buffer
	kind       tokKind
	ch         byte    // tokPunct: the mark (see the ch* constants)
	sign       int8    // tokNum: -1 or +1 when written with a sign, else 0
	hyphen     bool    // tokWord: contains a hyphen
	val        float64 // tokNum: the value as written (before scale words)
}

// tokenize appends the tokens of s to toks and their lower-cased forms to
// buf. It never fails: bytes that are not valid UTF-8 and symbols it does
// not know are skipped like spaces.
func tokenize(toks []token, buf []byte, s string) ([]token, []byte) {
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isASCIILetter(c) || c >= utf8.RuneSelf && startsLetter(s[i:]):
			var t token
			start := i
			t, buf, i = scanWord(s, i, buf)
			if d := gluedCurrency(buf[t.lo:t.hi]); d > 0 && int(t.end-t.start) == int(t.hi-t.lo) {
				// "EUR10" or "USD0": a currency code glued to a figure.
				t.end, t.hi = t.start+int32(d), t.lo+int32(d)
				buf = buf[:t.hi]
				i = start + d
			}
			toks = append(toks, t)
		case c == '.' && i+1 < len(s) && isDigit(s[i+1]) && i > 0 && s[i-1] == ' ' &&
			len(toks) > 0 && toks[len(toks)-1].kind == tokNum && int(toks[len(toks)-1].end) == i-1:
			// "EUR10 .5 m": a decimal part split off by a tokeniser.
			t := &toks[len(toks)-1]
			j := i + 1
			frac, div := 0.0, 1.0
			for j < len(s) && isDigit(s[j]) {
				frac = frac*10 + float64(s[j]-'0')
				div *= 10
				j++
			}
			if t.val < 0 {
				frac = -frac
			}
			t.val += frac / div
			t.end = int32(j)
			i = j
		case c == ',' && i+3 < len(s) && i > 0 && s[i-1] == ' ' && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) &&
			(i+4 == len(s) || !isDigit(s[i+4])) && len(toks) > 0 && toks[len(toks)-1].kind == tokNum &&
			int(toks[len(toks)-1].end) == i-1 && toks[len(toks)-1].val == float64(int64(toks[len(toks)-1].val)):
			// "EUR416 ,000": a thousands group split off by a tokeniser.
			t := &toks[len(toks)-1]
			g := float64(s[i+1]-'0')*100 + float64(s[i+2]-'0')*10 + float64(s[i+3]-'0')
			if t.val < 0 {
				g = -g
			}
			t.val = t.val*1000 + g
			t.end = int32(i + 4)
			i += 4
		case c == '-' && i+1 < len(s) && isDigit(s[i+1]) && len(toks) > 0 && toks[len(toks)-1].kind == tokNum:
			i++ // the dash of a range ("0.8 -1.2", "10-15")
		case c == '-' && i > 0 && i+1 < len(s) && isAlnum(s[i-1]) && isAlnum(s[i+1]):
			i++ // an attached hyphen ("3.3-percent", "12-month") joins, it does not separate
		case isDigit(c):
			var t token
			t, i = scanNumber(s, i, 0)
			toks = append(toks, t)
		case (c == '-' || c == '+') && i+1 < len(s) && isDigit(s[i+1]) && signable(s, i) &&
			(len(toks) == 0 || toks[len(toks)-1].kind != tokNum):
			// A sign, not the dash of a range ("0.8 -1.2").
			sign := int8(1)
			if c == '-' {
				sign = -1
			}
			t, j := scanNumber(s, i+1, sign)
			t.start = int32(i)
			toks = append(toks, t)
			i = j
		case c == '\'' && i+1 < len(s) && isASCIILetter(s[i+1]):
			// A detached clitic such as "'s" or "n't" in pre-tokenised text.
			var t token
			t, buf, i = scanWord(s, i, buf)
			toks = append(toks, t)
		case c < utf8.RuneSelf:
			i++
			switch c {
			case ',', ';', ':', '(', ')', '[', ']', '.', '!', '?', '%', '/', '&', '+', '=':
				toks = append(toks, token{start: int32(i - 1), end: int32(i), kind: tokPunct, ch: c})
			case '$':
				toks = append(toks, token{start: int32(i - 1), end: int32(i), kind: tokPunct, ch: chDollar})
			case '-':
				toks = append(toks, token{start: int32(i - 1), end: int32(i), kind: tokPunct, ch: chDash})
			case '"':
				toks = append(toks, token{start: int32(i - 1), end: int32(i), kind: tokPunct, ch: chQuote})
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			start := i
			i += size
			switch r {
			case '€':
				toks = append(toks, token{start: int32(start), end: int32(i), kind: tokPunct, ch: chEuro})
			case '£':
				toks = append(toks, token{start: int32(start), end: int32(i), kind: tokPunct, ch: chPound})
			case '¥':
				toks = append(toks, token{start: int32(start), end: int32(i), kind: tokPunct, ch: chYen})
			case '–', '—':
				toks = append(toks, token{start: int32(start), end: int32(i), kind: tokPunct, ch: chDash})
			case '“', '”', '„':
				toks = append(toks, token{start: int32(start), end: int32(i), kind: tokPunct, ch: chQuote})
			case '−': // minus sign
				if i < len(s) && isDigit(s[i]) && signable(s, start) {
					t, j := scanNumber(s, i, -1)
					t.start = int32(start)
					toks = append(toks, t)
					i = j
				} else {
					toks = append(toks, token{start: int32(start), end: int32(i), kind: tokPunct, ch: chDash})
				}
			}
		}
	}
	return toks, buf
}

// signable reports whether a sign at s[i] belongs to a figure: it must not
// follow a letter or digit ("EUR-5" is a hyphen, "(-5" and " -5" are signs).
func signable(s string, i int) bool {
	if i == 0 {
		return true
	}
	p := s[i-1]
	return !isASCIILetter(p) && !isDigit(p) && p < utf8.RuneSelf
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isAlnum(c byte) bool       { return isASCIILetter(c) || isDigit(c) }

// gluedCurrency returns the length of a currency code that starts the
// lower-cased word w and is followed by a digit ("eur10", "usd0"), or 0.
func gluedCurrency(w []byte) int {
	d := 0
	for d < len(w) && w[d] >= 'a' && w[d] <= 'z' {
		d++
	}
	if d == 0 || d == len(w) || !isDigit(w[d]) {
		return 0
	}
	switch string(w[:d]) {
	case "eur", "euro", "usd", "sek", "nok", "dkk", "gbp", "chf", "jpy", "lvl", "ltl", "eek", "rub", "pln", "isk", "cny":
		return d
	}
	return 0
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// startsLetter reports whether s starts with a non-ASCII letter.
func startsLetter(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	return size > 0 && r != utf8.RuneError && unicode.IsLetter(r)
}

// scanWord reads a word starting at s[i] and appends its lower-cased form
// (curly apostrophes folded to ') to buf.
func scanWord(s string, i int, buf []byte) (token, []byte, int) {
	t := token{start: int32(i), kind: tokWord, lo: int32(len(buf))}
	for i < len(s) {
		c := s[i]
		switch {
		case isASCIILetter(c):
			buf = append(buf, c|0x20)
			i++
		case isDigit(c):
			buf = append(buf, c)
			i++
		case (c == '\'' || c == '-') && i+1 < len(s) && (isASCIILetter(s[i+1]) || isDigit(s[i+1]) && c == '-'):
			// Inner hyphen or apostrophe; also the leading one of "'s".
			if c == '-' {
				t.hyphen = true
			}
			buf = append(buf, c)
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '’' && i+size < len(s) && isASCIILetter(s[i+size]) {
				buf = append(buf, '\'')
				i += size
				continue
			}
			if r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsMark(r) {
				goto done
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			i += size
		default:
			goto done
		}
	}
done:
	t.end = int32(i)
	t.hi = int32(len(buf))
	return t, buf, i
}

// scanNumber reads a figure starting at the digit s[i]: digits with "." and
// "," separators. Commas followed by three digits group thousands; a lone
// comma followed by one or two digits is a decimal comma.
func scanNumber(s string, i int, sign int8) (token, int) {
	t := token{start: int32(i), kind: tokNum, sign: sign}
	start := i
	for i < len(s) {
		c := s[i]
		if isDigit(c) {
			i++
			continue
		}
		if (c == '.' || c == ',') && i+1 < len(s) && isDigit(s[i+1]) {
			i++
			continue
		}
		break
	}
	t.end = int32(i)
	t.val = parseFigure(s[start:i])
	if sign < 0 {
		t.val = -t.val
	}
	return t, i
}

// parseFigure converts "1,234.5", "13.1", "13,1" or "1.234.567" to a value.
// It reads only what makes sense and ignores the rest; it never fails.
func parseFigure(s string) float64 {
	dots, commas := 0, 0
	lastSep := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
			dots++
			lastSep = i
		case ',':
			commas++
			lastSep = i
		}
	}
	// Decide which separator is the decimal mark.
	var dec byte
	switch {
	case dots == 1 && commas == 0:
		dec = '.'
	case commas == 1 && dots == 0:
		if len(s)-lastSep-1 != 3 {
			dec = ','
		}
	case dots > 0 && commas > 0:
		dec = s[lastSep]
	}
	var v, frac float64
	div := 1.0
	inFrac := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			if inFrac {
				div *= 10
				frac = frac*10 + float64(c-'0')
			} else {
				v = v*10 + float64(c-'0')
			}
		case c == dec:
			if inFrac {
				return v + frac/div
			}
			inFrac = true
		}
	}
	return v + frac/div
}
