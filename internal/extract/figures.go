package extract

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kind is what a figure measures.
type Kind uint8

// Figure kinds.
const (
	Count    Kind = iota + 1 // a plain number: "1,500", "three", "3M"
	Money                    // "$364B", "€2.1 billion", "263.04 dollars"
	Percent                  // "28%", "28 percent", "28 per cent"
	Points                   // percentage points; basis points are converted ("25 bps" = 0.25)
	Multiple                 // "1.5x"
	Score                    // "54/100", "54 out of 100"
	Year                     // "2026", "fiscal 2025"
	Date                     // "April 30", "30 April 2026", "2026-04-30", "April 2026"
	Time                     // "10:30 a.m.", "2 p.m." (minutes after midnight)
)

var kindNames = [...]string{"", "count", "money", "percent", "points", "multiple", "score", "year", "date", "time"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k > 0 {
		return kindNames[k]
	}
	return "unknown"
}

// Hedge is the qualifier written before a figure.
type Hedge uint8

// Hedges.
const (
	Exact   Hedge = iota
	Approx        // about, around, roughly, nearly, almost, some, close to, an estimated
	AtLeast       // more than, over, above, at least, exceeding, upwards of
	AtMost        // less than, under, below, fewer than, up to, at most
)

var hedgeNames = [...]string{"exact", "approximately", "at least", "at most"}

func (h Hedge) String() string {
	if int(h) < len(hedgeNames) {
		return hedgeNames[h]
	}
	return "unknown"
}

// Amount is one written number in base units (dollars, percent, count).
type Amount struct {
	Value float64
	// Step is the written precision in base units: 0.01 for "$263.04", 1e9
	// for "$364B", 1e8 for "$364.2 billion", 1 for "28%".
	Step float64
	// LooseStep treats trailing zeros of a whole number as not significant:
	// 100 for "1,500". It is used for hedged figures ("about 1,500").
	LooseStep float64
	// Scale is the magnitude the number was written with: 1e9 for "$364B"
	// and "$364 billion", 0.01 for basis points, 1 otherwise.
	Scale float64
	// Signed reports an explicit sign: "+1.29%", "-3%", "−3%", "($3.2)".
	Signed bool
}

// DateParts holds the parts of a date that were written; zero means absent.
type DateParts struct {
	Year, Month, Day int
}

// Figure is one number in a text with its unit and written precision.
type Figure struct {
	Span
	Kind Kind
	// Currency is an ISO 4217 code for money ("USD" for a bare "$").
	Currency string
	// Low is the figure, or the low end of a range; High equals Low unless
	// Range is set ("$194B-$199B", "between 28% and 30%").
	Low, High Amount
	Range     bool
	Hedge     Hedge
	// Date holds the written parts of a Date or Year figure.
	Date DateParts
	// Denominator is the scale of a Score (100 for "54/100").
	Denominator float64
}

// Figures returns the figures of text in order. Ordinal words ("second
// quarter"), "one" and "two", quarter and model labels attached to letters
// ("Q2", "FY25", "A320", "COVID-19"), the numbers in index and document
// names ("S&P 500", "Chapter 11", "10-K") and numbers inside web addresses
// are not figures.
func Figures(text string) []Figure {
	p := figureParser{text: text}
	// Each figure is parsed in place, into the slot after the last one in
	// out (see numericInto), or into spare when out is full. out is scratch
	// space kept from call to call; the result is a copy of its figures.
	scratch := figureScratch.Get().(*[]Figure)
	out := (*scratch)[:0]
	var spare Figure
	for i := 0; i < len(text); {
		c := text[i]
		// Bytes are sorted by one table lookup (figureClass); the scan runs
		// over every byte of every source and draft.
		switch figureClass[c] {
		case figSkip:
			i++
		case figNumber:
			f := nextSlot(out, &spare)
			if end, ok := p.numericInto(f, i); ok {
				out = keep(out, f, &spare)
				i, p.floor = end, end
				continue
			}
			if c >= '0' && c <= '9' {
				i = p.skipToken(i)
				continue
			}
			i++
		case figLetter, figLetterStart:
			// An ASCII letter: most words cannot start a figure and are
			// skipped whole (the default case below does the same for
			// other letters, after decoding them). The run of ASCII
			// letters is read once for both.
			j := letterEnd(text, i+1)
			// Every figure word but letters before "$" has 3 to 9 letters
			// (see wordFigureCandidate); others are not looked at further.
			// (figureWordStarts3 is a stricter form of wordFigureCandidate's
			// first test, made here first to spare most words the call.)
			if figureClass[c] == figLetterStart && (j-i >= 3 && j-i <= 9 && startsFigureWord(text[i:j]) ||
				j < len(text) && text[j] == '$') && p.wordFigureCandidate(i, j) {
				f := nextSlot(out, &spare)
				if end, ok := p.wordFigureInto(f, i); ok {
					out = keep(out, f, &spare)
					i, p.floor = end, end
					continue
				}
			}
			// The word ends where its letters do when an ASCII byte that
			// is no letter or digit follows, unless it may be a web
			// address (skipWordFrom reads those to the next space).
			if j < len(text) && asciiNonWord[text[j]] && !mayStartWebAddress(text, i) {
				i = j
				if text[j] == ' ' {
					i++ // the space after a word starts nothing (figSkip)
				}
				continue
			}
			i = p.skipWordFrom(i, j)
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == '€' || r == '£' || r == '¥' || r == '₹' || r == '−' {
				f := nextSlot(out, &spare)
				if end, ok := p.numericInto(f, i); ok {
					out = keep(out, f, &spare)
					i, p.floor = end, end
					continue
				}
				i += n
				continue
			}
			if !isLetterRune(r) {
				i += n
				continue
			}
			if !mayStartFigure(c) {
				i = p.skipWord(i)
				continue
			}
			f := nextSlot(out, &spare)
			if end, ok := p.wordFigureInto(f, i); ok {
				out = keep(out, f, &spare)
				i, p.floor = end, end
				continue
			}
			i = p.skipWord(i)
		}
	}
	var figs []Figure // nil when there is no figure
	if len(out) > 0 {
		figs = make([]Figure, len(out))
		copy(figs, out)
	}
	if cap(out) <= maxScratchFigures {
		*scratch = out
		figureScratch.Put(scratch)
	}
	return figs
}

// figureScratch holds Figures' scratch space, so that the slice of
// figures (large structs) is allocated once, at its final size, rather
// than guessed at, zeroed and grown. It holds memory only: no result
// depends on it. (Scratch on the stack instead, 128 figures, made a whole
// rules check about 3% slower: it is zeroed on every call.)
var figureScratch = sync.Pool{New: func() any { return new([]Figure) }}

// maxScratchFigures bounds the scratch space kept for the next call (160
// KB): the figures of a very long text are not held on to.
const maxScratchFigures = 1024

// nextSlot returns where the next figure is parsed: the slot after out's
// figures, or spare when out has no room.
func nextSlot(out []Figure, spare *Figure) *Figure {
	if len(out) < cap(out) {
		return &out[:len(out)+1][len(out)]
	}
	return spare
}

// keep adds the figure just parsed into f, which nextSlot returned, to out.
func keep(out []Figure, f, spare *Figure) []Figure {
	if f != spare {
		return out[:len(out)+1]
	}
	return append(out, *f)
}

// asciiNonWord marks the ASCII bytes that are not word characters.
var asciiNonWord = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = !asciiWord[c]
	}
	return t
}()

// mayStartWebAddress reports whether the word at i, of at least two bytes,
// may start a web address: "http://", "https://" or "www." in any case.
// Testing two bytes passes over "which" and "have" without the
// case-folding comparisons of skipWordFrom.
func mayStartWebAddress(t string, i int) bool {
	two := (uint16(t[i]) | uint16(t[i+1])<<8) | 0x2020 // in lower case
	return two == 'h'|'t'<<8 || two == 'w'|'w'<<8
}

// Byte classes for Figures. figLetterStart has the figLetter bit set, so
// that one test finds both kinds of letter.
const (
	figSkip        = 0 // ASCII that starts nothing
	figNumber      = 1 // a digit, "$", "+", "-" or "(", which may start a figure
	figLetter      = 2 // an ASCII letter no figure word starts with
	figLetterStart = 3 // an ASCII letter that may start one (see mayStartFigure)
	figMulti       = 4 // a byte of a multi-byte character
)

var figureClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch b := byte(c); {
		case b >= utf8.RuneSelf:
			t[c] = figMulti
		case b >= '0' && b <= '9', b == '$', b == '+', b == '-', b == '(':
			t[c] = figNumber
		case isASCIILetter(b) && mayStartFigure(b):
			t[c] = figLetterStart
		case isASCIILetter(b):
			t[c] = figLetter
		}
	}
	return t
}()

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// mayStartFigure reports whether a word starting with byte c can begin a
// figure: capitalised words (months, currency codes, "US$"), spelled
// numbers (three … ninety, dozen) and "fiscal", and non-ASCII letters.
func mayStartFigure(c byte) bool {
	switch {
	case c >= 'A' && c <= 'Z', c >= utf8.RuneSelf:
		return true
	}
	switch c {
	case 't', 'f', 's', 'e', 'n', 'd':
		return true
	}
	return false
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

type figureParser struct {
	text string
	// floor is where the previous figure ended: nothing before it may be
	// read as part of the next one (the "EUR" of "0 EUR 0" belongs to the
	// first figure, not also to the second).
	floor int
}

// skipWord advances over a word, and over a whole web address.
func (p figureParser) skipWord(i int) int { return p.skipWordFrom(i, i) }

// skipWordFrom is skipWord(i) for a word whose bytes [i, j) are known to
// be word characters.
func (p figureParser) skipWordFrom(i, j int) int {
	t := p.text
	// Only a word starting with "ht" or "ww" can be a web address; testing
	// those first saves three case-folding comparisons on every other word.
	if i+1 < len(t) && mayStartWebAddress(t, i) && (hasPrefixFold(t[i:], "http://") || hasPrefixFold(t[i:], "https://") || hasPrefixFold(t[i:], "www.")) {
		for i < len(t) && !isSpaceByte(t[i]) {
			i++
		}
		return i
	}
	for i = max(i, j); i < len(t); {
		if c := t[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				break
			}
			i++
			continue
		}
		w, n := wordRuneAt(t, i)
		if !w {
			break
		}
		i += n
	}
	return i
}

// skipToken advances over a run of word characters and joiners that did not
// form a figure ("Q2", "4G", "10-K", "9/11").
func (p figureParser) skipToken(i int) int {
	t := p.text
	for i < len(t) {
		r, n := utf8.DecodeRuneInString(t[i:])
		if isWordRune(r) || (r == '-' || r == '/' || r == '.' || r == ',' || r == ':') && i+n < len(t) && isWordRune(rune(t[i+n])) {
			i += n
			continue
		}
		break
	}
	return i
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// skipSpaces skips blanks (including no-break spaces) and at most one line
// break, so hard-wrapped text still joins "$364" and "billion".
func (p figureParser) skipSpaces(i int) int {
	t := p.text
	newlines := 0
	for i < len(t) {
		switch {
		case t[i] == ' ' || t[i] == '\t' || t[i] == '\r':
			i++
		case t[i] == '\n' && newlines == 0:
			newlines++
			i++
		case t[i] < utf8.RuneSelf:
			return i
		case strings.HasPrefix(t[i:], "\u00a0"), strings.HasPrefix(t[i:], "\u202f"), strings.HasPrefix(t[i:], "\u2009"):
			i += 2
			if t[i-2] == 0xe2 {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// letters returns the run of ASCII letters (and periods inside it, for
// "a.m.") at i.
func (p figureParser) letters(i int) (string, int) {
	t := p.text
	j := i
	for j < len(t) && (isASCIILetter(t[j]) || t[j] == '.' && j > i && j+1 < len(t) && isASCIILetter(t[j+1])) {
		j++
	}
	return t[i:j], j
}

// wordBoundaryAt reports whether a word ends at i (no letter or digit follows).
func (p figureParser) wordBoundaryAt(i int) bool {
	if i >= len(p.text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(p.text[i:])
	return !isWordRune(r)
}

// number is a written number: digits with thousands separators and a
// decimal part.
type number struct {
	value         float64
	decimals      int // digits after the decimal point
	trailingZeros int // of a whole number: "1,500" has 2
	integerDigits int
	hasSeparators bool
	start, end    int
}

// readNumber reads the number at i. It reads the digits once, adding them
// up as it goes: numbers of up to 16 characters (digits and point) whose
// digits make less than 2^53, nearly all, are then converted as
// parseDecimal would, without copying the digits out first.
func (p figureParser) readNumber(i int) (number, bool) {
	t := p.text
	n := number{start: i}
	var m uint64  // the digits read, as an integer (meaningless past 19 digits)
	var count int // digits read
	var zeros int // trailing zeros among them
	digit := func(c byte) {
		m = m*10 + uint64(c-'0')
		count++
		if c == '0' {
			zeros++
		} else {
			zeros = 0
		}
	}
	j := i
	for j < len(t) && isDigit(t[j]) {
		digit(t[j])
		j++
	}
	if j == i {
		return n, false
	}
	// thousands separators: groups of exactly three digits
	for j+4 <= len(t) && t[j] == ',' && isDigit(t[j+1]) && isDigit(t[j+2]) && isDigit(t[j+3]) && (j+4 == len(t) || !isDigit(t[j+4])) {
		n.hasSeparators = true
		digit(t[j+1])
		digit(t[j+2])
		digit(t[j+3])
		j += 4
	}
	intEnd := j
	n.integerDigits = count
	if j+1 < len(t) && t[j] == '.' && isDigit(t[j+1]) {
		j++
		for j < len(t) && isDigit(t[j]) {
			digit(t[j])
			j++
		}
		n.decimals = j - intEnd - 1
	}
	n.end = j
	if n.decimals == 0 && zeros < count {
		n.trailingZeros = zeros // not for "0"
	}
	chars := count // the digits parseDecimal would be given, with the point
	if n.decimals > 0 {
		chars++
	}
	if chars <= 16 && n.decimals <= 22 && m < 1<<53 {
		n.value = float64(m) / pow10[n.decimals] // parseDecimal's fast path
		return n, true
	}
	var buf [64]byte
	digits := buf[:0]
	for k := i; k < j; k++ {
		if t[k] != ',' {
			digits = append(digits, t[k])
		}
	}
	v, ok := parseDecimal(digits, n.decimals)
	if !ok {
		return n, false
	}
	n.value = v
	return n, true
}

// parseDecimal is strconv.ParseFloat for a run of digits with an optional
// decimal point, decimals digits after it. Numbers of up to 15 significant
// digits with at most 22 decimals, nearly all of them, are converted
// directly: the digits are an exact float64 and so is the power of ten, and
// one IEEE division rounds correctly, so the result is the one ParseFloat
// gives (it uses the same fast path) without its string conversion.
func parseDecimal(digits []byte, decimals int) (float64, bool) {
	if len(digits) <= 16 && decimals <= 22 {
		var m uint64
		for _, c := range digits {
			if c != '.' {
				m = m*10 + uint64(c-'0')
			}
		}
		if m < 1<<53 {
			return float64(m) / pow10[decimals], true
		}
	}
	v, err := strconv.ParseFloat(string(digits), 64)
	return v, err == nil
}

// pow10 holds the powers of ten that are exact in a float64.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
	1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// magnitudeWord returns the magnitude a lower-case word written after a
// number gives it ("billion", "bn"), or 0. It is a switch rather than a map
// lookup: the word after every number is looked up.
func magnitudeWord(w []byte) float64 {
	switch string(w) {
	case "thousand":
		return 1e3
	case "million", "mln", "mn", "millions":
		return 1e6
	case "billion", "bln", "bn", "billions":
		return 1e9
	case "trillion", "tn", "trn":
		return 1e12
	}
	return 0
}

// attachedMagnitude returns the magnitude of letters written right after a
// number ("$364B", "3bn", "5k"), or 0. Case matters: "m" and "M" are
// millions, "T" trillions but "t" nothing.
func attachedMagnitude(w string) float64 {
	switch w {
	case "k", "K":
		return 1e3
	case "m", "M", "mn", "mln":
		return 1e6
	case "b", "B", "bn", "bln", "Bn", "BN":
		return 1e9
	case "tn", "trn", "T", "Tn":
		return 1e12
	}
	return 0
}

// currencyWord returns the ISO code of a lower-case currency name written
// after a number ("dollars"), or "". A switch, like magnitudeWord.
func currencyWord(w []byte) string {
	switch string(w) {
	case "dollars", "dollar", "usd":
		return "USD"
	case "euros", "euro", "eur":
		return "EUR"
	case "yen":
		return "JPY"
	case "yuan", "renminbi":
		return "CNY"
	case "rupees":
		return "INR"
	case "francs":
		return "CHF"
	case "gbp", "sterling":
		return "GBP"
	}
	return ""
}

// unitWordMax is the longest word lowerUnitWord lower-cases: longer than
// any unit, magnitude or currency word ("percentage" has 10 letters).
const unitWordMax = 16

// lowerUnitWord returns the lower case of the ASCII letters w, written into
// buf, or nil when w is longer than any word it is compared with.
func lowerUnitWord(buf *[unitWordMax]byte, w string) []byte {
	if len(w) > len(buf) {
		return nil
	}
	b := buf[:len(w)]
	for i := range len(w) {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
}

// currencyCode returns the ISO code w is ("USD", "EUR"), or "". Every code
// has three letters, so other words stop at the length test.
func currencyCode(w string) string {
	if len(w) != 3 || w[0] < 'A' || w[0] > 'Z' {
		return ""
	}
	switch w {
	case "USD":
		return "USD"
	case "EUR":
		return "EUR"
	case "GBP":
		return "GBP"
	case "JPY":
		return "JPY"
	case "CAD":
		return "CAD"
	case "AUD":
		return "AUD"
	case "CHF":
		return "CHF"
	case "CNY":
		return "CNY"
	case "HKD":
		return "HKD"
	case "INR":
		return "INR"
	case "SGD":
		return "SGD"
	}
	return ""
}

// dollarPrefixes are letters written before "$".
var dollarPrefixes = map[string]string{
	"US": "USD", "C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD", "HK": "HKD", "S": "SGD", "NZ": "NZD", "R": "BRL",
}

// isNameWord reports whether w, in any case, is a word after which a bare
// number is part of a name ("Chapter 11", "Russell 2000", "S&P 500"). It
// is looked up before every plain number: a switch on the lower-cased word
// rather than a map, whose lookup hashed it.
func isNameWord(w string) bool {
	var buf [len("proposition")]byte // the longest name word
	if len(w) < 2 || len(w) > len(buf) {
		return false
	}
	switch string(lowerInto(buf[:0], w)) {
	case "russell", "nasdaq", "ftse", "fortune", "stoxx", "nikkei", "dax",
		"cac", "topix", "kospi", "chapter", "section", "rule", "title",
		"form", "boeing", "airbus", "iphone", "pixel", "galaxy", "windows",
		"model", "series", "proposition", "article", "item", "schedule",
		"version", "phase", "tier", "class", "no", "number", "covid",
		"route", "highway", "interstate", "gen", "generation", "s&p":
		return true
	}
	return false
}

// lowerInto appends the ASCII lower case of s to buf (other bytes as they are).
func lowerInto(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// hedgeBefore reads the qualifier written just before i.
func (p figureParser) hedgeBefore(i int) Hedge {
	lo := max(0, i-24)
	before := trimRightBlank(p.text[lo:i])
	if strings.HasSuffix(before, "~") {
		return Approx
	}
	if before == "" {
		return Exact
	}
	// Only the phrases ending with before's last byte can match; they are
	// tried in hedgePhrases order, so "just under" still wins over "under".
	for _, hi := range hedgeByEnd[before[len(before)-1]] {
		h := hedgePhrases[hi]
		k := len(before) - len(h.phrase)
		if k < 0 || !equalFoldASCII(before[k:], h.phrase) {
			continue
		}
		if at := lo + k; at > 0 && isWordByte(p.text[at-1]) {
			continue // the end of a longer word: "moreover", "discover"
		}
		return h.hedge
	}
	return Exact
}

// trimRightBlank is strings.TrimRight(s, " \u00a0\t\n") without the
// rune-by-rune cut-set search.
func trimRightBlank(s string) string {
	for len(s) > 0 {
		switch c := s[len(s)-1]; {
		case c == ' ' || c == '\t' || c == '\n':
			s = s[:len(s)-1]
		case c == 0xa0 && len(s) >= 2 && s[len(s)-2] == 0xc2:
			s = s[:len(s)-2] // U+00A0, no-break space
		default:
			return s
		}
	}
	return s
}

// hedgeByEnd lists, for each byte, the hedgePhrases (by index, in order)
// ending with it in either case.
var hedgeByEnd = func() (t [256][]uint8) {
	for i, h := range hedgePhrases {
		c := h.phrase[len(h.phrase)-1]
		t[c] = append(t[c], uint8(i))
		if isASCIILetter(c) {
			t[c^0x20] = append(t[c^0x20], uint8(i))
		}
	}
	return t
}()

// equalFoldASCII is strings.EqualFold(s, phrase) for a lower-case ASCII
// phrase: s must be the phrase with any of its letters in upper case
// (EqualFold matches an ASCII phrase only with ASCII, as any other rune
// takes more than one byte). It compares from the end, where the words
// before a figure usually differ.
func equalFoldASCII(s, phrase string) bool {
	if len(s) != len(phrase) {
		return false
	}
	for i := len(s) - 1; i >= 0; i-- {
		c, p := s[i], phrase[i]
		if c != p && !(p >= 'a' && p <= 'z' && c == p-('a'-'A')) {
			return false
		}
	}
	return true
}

func isWordByte(c byte) bool { return isASCIILetter(c) || isDigit(c) || c >= utf8.RuneSelf }

var hedgePhrases = []struct {
	phrase string
	hedge  Hedge
}{
	{"about", Approx}, {"around", Approx}, {"approximately", Approx}, {"roughly", Approx}, {"nearly", Approx},
	{"almost", Approx}, {"some", Approx}, {"close to", Approx}, {"estimated", Approx}, {"just under", Approx},
	{"just over", Approx}, {"just shy of", Approx}, {"approx.", Approx}, {"circa", Approx},
	{"more than", AtLeast}, {"over", AtLeast}, {"above", AtLeast}, {"at least", AtLeast}, {"exceeding", AtLeast},
	{"upwards of", AtLeast}, {"north of", AtLeast}, {"in excess of", AtLeast}, {"topping", AtLeast},
	{"tops", AtLeast}, {"topped", AtLeast}, {"top", AtLeast}, {"exceeds", AtLeast}, {"exceeded", AtLeast},
	{"surpasses", AtLeast}, {"surpassed", AtLeast},
	{"less than", AtMost}, {"under", AtMost}, {"below", AtMost}, {"fewer than", AtMost}, {"at most", AtMost},
	{"up to", AtMost}, {"no more than", AtMost}, {"south of", AtMost},
}

// prevWord returns the word (letters, digits, &) ending just before i,
// skipping one run of spaces.
func (p figureParser) prevWord(i int) string {
	t := p.text
	j := i
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j == i {
		return ""
	}
	k := j
	for k > 0 && (isASCIILetter(t[k-1]) || t[k-1] == '&' || isDigit(t[k-1])) {
		k--
	}
	return t[k:j]
}

// attachedBefore reports a number glued to a word before it: "Q2", "A320",
// "COVID-19" (but not "mid-2026", "$", "(", "+").
func (p figureParser) attachedBefore(i int) bool {
	if i == 0 {
		return false
	}
	t := p.text
	r, n := utf8.DecodeLastRuneInString(t[:i])
	if isWordRune(r) || r == '.' || r == '_' || r == '#' || r == '@' || r == '/' || r == ':' || r == '&' {
		return true
	}
	if r == '-' || r == '–' {
		j := i - n
		if j == 0 {
			return false
		}
		r2, _ := utf8.DecodeLastRuneInString(t[:j])
		if !isWordRune(r2) {
			return false
		}
		w := strings.ToLower(p.prevWordRaw(j))
		return w != "mid" && w != "late" && w != "early" && w != "pre" && w != "post" && w != "end"
	}
	return false
}

func (p figureParser) prevWordRaw(j int) string {
	k := j
	for k > 0 && isASCIILetter(p.text[k-1]) {
		k--
	}
	return p.text[k:j]
}

// prefix is what may stand before the digits of a figure.
type prefix struct {
	start    int // where the figure starts
	digits   int // where the number starts
	currency string
	negative bool
	signed   bool
	paren    bool
}

// readPrefix reads sign, parenthesis and currency symbol at i.
func (p figureParser) readPrefix(i int) (prefix, bool) {
	t := p.text
	if i < len(t) && isDigit(t[i]) {
		return prefix{start: i, digits: i}, true // most figures: no prefix
	}
	pr := prefix{start: i}
	j := i
	sign := func() {
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			pr.signed, pr.negative = true, t[j] == '-'
			j++
		} else if strings.HasPrefix(t[j:], "−") {
			pr.signed, pr.negative = true, true
			j += len("−")
		}
	}
	if j < len(t) && (t[j] == '+' || t[j] == '-' || strings.HasPrefix(t[j:], "−")) {
		// a sign, unless it joins two words or numbers ("5-10", "mid-2026")
		if j > 0 {
			r, _ := utf8.DecodeLastRuneInString(t[:j])
			if isWordRune(r) || r == '%' || r == ')' {
				return pr, false
			}
		}
		sign()
	}
	if j < len(t) && t[j] == '(' {
		pr.paren = true
		j++
	}
	switch {
	case j >= len(t):
	case t[j] == '$':
		pr.currency = "USD"
		j++
	case t[j] < utf8.RuneSelf:
		// no currency sign: the tests below are for multi-byte ones
	case strings.HasPrefix(t[j:], "€"):
		pr.currency = "EUR"
		j += len("€")
	case strings.HasPrefix(t[j:], "£"):
		pr.currency = "GBP"
		j += len("£")
	case strings.HasPrefix(t[j:], "¥"):
		pr.currency = "JPY"
		j += len("¥")
	case strings.HasPrefix(t[j:], "₹"):
		pr.currency = "INR"
		j += len("₹")
	}
	if pr.currency != "" && !pr.signed {
		sign() // "$-3"
	}
	if j >= len(t) || !isDigit(t[j]) {
		return pr, false
	}
	pr.digits = j
	return pr, true
}

// numericInto parses a figure that starts with a sign, bracket, currency
// symbol or digit at i into f, where Figures passes the slot the
// figure will take in its scratch space. A Figure is 160 bytes: returned by
// value from each parser and then appended, it was copied four or five
// times, about 15% of Figures' time in a CPU profile. On failure f holds
// garbage.
func (p figureParser) numericInto(f *Figure, i int) (int, bool) {
	pr, ok := p.readPrefix(i)
	if !ok {
		return 0, false
	}
	if pr.start == pr.digits && p.attachedBefore(i) {
		return 0, false
	}
	end, ok := p.amountAfterPrefix(f, pr)
	if !ok {
		return 0, false
	}
	if f.Kind != Date && f.Kind != Time && f.Kind != Year {
		end = p.rangeAfter(f, end)
	}
	return end, true
}

// amountAfterPrefix reads the number and its unit into f (all of whose
// fields it sets) and returns where the figure ends. On failure f holds
// garbage.
func (p figureParser) amountAfterPrefix(f *Figure, pr prefix) (int, bool) {
	t := p.text
	n, ok := p.readNumber(pr.digits)
	if !ok {
		return 0, false
	}
	start, kind, currency := pr.start, Count, pr.currency
	if pr.currency != "" {
		kind = Money
	} else if pr.start > 0 {
		// a currency prefix written before "$" ("US$", "C$") or as a code
		if cur, s := p.currencyBefore(pr.start); cur != "" {
			kind, currency, start = Money, cur, s
		}
	}
	*f = Figure{Span: Span{start, n.end}, Kind: kind, Currency: currency, Hedge: p.hedgeBefore(start)}
	scale := 1.0
	j := n.end
	unitDone := false

	// Attached suffixes.
	if j < len(t) {
		switch c := t[j]; {
		case c == '%':
			f.Kind = Percent
			j++
			unitDone = true
		case c == ':' && j+2 < len(t) && isDigit(t[j+1]) && isDigit(t[j+2]) && !n.hasSeparators && n.decimals == 0 && n.value < 24:
			return p.timeAt(f, n, j)
		case c == '/' && j+1 < len(t) && isDigit(t[j+1]):
			return p.slashAt(f, n, j)
		case c == '-' && n.integerDigits == 4 && !n.hasSeparators && n.decimals == 0 && j+5 < len(t) && t[j+3] == '-':
			start := f.Start
			if end, ok := p.isoDate(f, n, j); ok {
				f.Start = start
				return end, true
			}
		case c == '-' && j+1 < len(t) && isASCIILetter(t[j+1]):
			// "10-K", "8-K": a form name. "10-year" keeps the number.
			w, e := p.letters(j + 1)
			if len(w) == 1 && unicode.IsUpper(rune(w[0])) && p.wordBoundaryAt(e) {
				return 0, false
			}
			// "a 1.6-million-tonne furnace": the magnitude joined on
			var buf [unitWordMax]byte
			if m := magnitudeWord(lowerUnitWord(&buf, w)); m > 0 {
				scale = m
				j = e
				unitDone = true
			}
		case isASCIILetter(c):
			w, e := p.letters(j)
			switch m := attachedMagnitude(w); {
			case m > 0 && p.wordBoundaryAt(e) && (w != "T" && w != "t" || f.Kind == Money):
				scale = m
				j = e
			case (w == "pc" || w == "pct") && p.wordBoundaryAt(e):
				f.Kind = Percent
				j = e
				unitDone = true
			case (w == "bps" || w == "bp") && p.wordBoundaryAt(e):
				f.Kind = Points
				scale = 0.01
				j = e
				unitDone = true
			case (w == "x" || w == "X") && p.wordBoundaryAt(e):
				f.Kind = Multiple
				j = e
				unitDone = true
			case strings.EqualFold(w, "am") || strings.EqualFold(w, "pm") || strings.EqualFold(w, "a.m") || strings.EqualFold(w, "p.m"):
				return p.clockAt(f, n, n.end)
			default:
				return 0, false // "4G", "5nm", "3rd", "1990s"
			}
		case c >= utf8.RuneSelf:
			switch {
			case strings.HasPrefix(t[j:], "×"):
				f.Kind = Multiple
				j += len("×")
				unitDone = true
			case strings.HasPrefix(t[j:], "¢") && f.Currency == "":
				f.Kind = Money
				scale = 0.01
				j += len("¢")
				unitDone = true
			}
		}
	}

	// Words after a space.
	if !unitDone {
		k := p.skipSpaces(j)
		w, e := p.letters(k)
		// The word is lower-cased into a buffer on the stack (strings.ToLower
		// scanned it twice); the words below are all compared as lw.
		var buf [unitWordMax]byte
		lw := lowerUnitWord(&buf, w)
		if m := magnitudeWord(lw); m > 0 && scale == 1 && k > j {
			scale = m
			j = e
			k = p.skipSpaces(j)
			w, e = p.letters(k)
			lw = lowerUnitWord(&buf, w)
		}
		// One switch on the word (the cases used to be tried in turn).
		switch string(lw) {
		case "": // no letters: "28 %", or a longer word (lw is nil)
			if k < len(t) && t[k] == '%' {
				f.Kind = Percent
				j = k + 1
			}
		case "percent", "pct":
			f.Kind = Percent
			j = e
		case "per":
			if w2, e2 := p.letters(p.skipSpaces(e)); strings.EqualFold(w2, "cent") {
				f.Kind = Percent
				j = e2
			}
		case "percentage":
			if w2, e2 := p.letters(p.skipSpaces(e)); strings.EqualFold(w2, "point") || strings.EqualFold(w2, "points") {
				f.Kind = Points
				j = e2
			}
		case "basis":
			if w2, e2 := p.letters(p.skipSpaces(e)); strings.EqualFold(w2, "point") || strings.EqualFold(w2, "points") {
				f.Kind = Points
				scale *= 0.01
				j = e2
			}
		case "bps", "bp":
			f.Kind = Points
			scale *= 0.01
			j = e
		case "times":
			if f.Kind == Count && f.Currency == "" && scale == 1 && k > j {
				f.Kind = Multiple // "4.5 times the issue size", as "4.5x"
				j = e
			}
		case "cents", "cent":
			if f.Currency == "" && scale == 1 && k > j {
				// "58 cents" is $0.58 (in whatever currency the cents are of)
				f.Kind = Money
				scale = 0.01
				j = e
			}
		case "out":
			if w2, e2 := p.letters(p.skipSpaces(e)); strings.EqualFold(w2, "of") {
				if d, ok := p.readNumber(p.skipSpaces(e2)); ok && (d.value == 100 || d.value == 10 || d.value == 5) {
					f.Kind = Score
					f.Denominator = d.value
					j = d.end
				}
			}
		case "a.m", "p.m", "am", "pm":
			if n.decimals == 0 && !n.hasSeparators && n.value >= 1 && n.value <= 12 && f.Kind == Count {
				return p.clockAt(f, n, k)
			}
		default:
			if cur := currencyWord(lw); cur != "" && f.Currency == "" && k > j && (string(lw) != "usd" || w == "USD") {
				f.Kind, f.Currency = Money, cur
				j = e
			}
		}
		if f.Kind == Count && scale == 1 && !n.hasSeparators && n.decimals == 0 && n.value >= 1 && n.value <= 31 {
			if m, e2, ok := p.monthAt(p.skipSpaces(n.end)); ok && p.skipSpaces(n.end) > n.end {
				// "30 April", "30 April 2026"
				*f = Figure{Span: Span{f.Start, e2}, Kind: Date, Date: DateParts{Month: m, Day: int(n.value)}}
				if y, e3, ok := p.yearAfter(e2, false); ok {
					f.Date.Year, f.End = y, e3
				}
				return f.End, true
			}
		}
	}
	if pr.paren {
		if j < len(t) && t[j] == ')' && (f.Kind != Count || f.Currency != "") {
			j++
			pr.negative, pr.signed = true, true
		} else if j < len(t) && t[j] == ')' {
			// "(3)" in prose: a plain parenthetical number, not a negative.
			f.Span.Start = pr.digits
		} else {
			f.Span.Start = pr.digits
		}
	}
	if f.Kind == Count && scale == 1 && !pr.signed && f.Currency == "" {
		if isNameWord(p.prevWord(f.Start)) {
			return 0, false
		}
		if n.integerDigits == 4 && !n.hasSeparators && n.decimals == 0 && n.value >= 1900 && n.value <= 2100 {
			f.Kind = Year
			f.Hedge = Exact
			f.Date.Year = int(n.value)
			f.Low = Amount{Value: n.value, Step: 1, LooseStep: 1, Scale: 1}
			f.High = f.Low
			f.End = n.end
			return p.yearRange(f, n.end), true
		}
	}
	f.End = j
	f.Low = amountOf(n, scale, pr.negative, pr.signed)
	f.High = f.Low
	return j, true
}

func amountOf(n number, scale float64, negative, signed bool) Amount {
	v := n.value * scale
	if negative {
		v = -v
	}
	step := scale * powTen(-n.decimals)
	loose := step
	if n.decimals == 0 && n.trailingZeros > 0 {
		loose = scale * powTen(n.trailingZeros)
	}
	return Amount{Value: v, Step: step, LooseStep: loose, Scale: scale, Signed: signed}
}

// powTens holds math.Pow(10, k) for k in [-powTenRange, powTenRange],
// computed by math.Pow itself so that the values are the ones it returns.
const powTenRange = 32

var powTens = func() (t [2*powTenRange + 1]float64) {
	for k := range t {
		t[k] = math.Pow(10, float64(k-powTenRange))
	}
	return t
}()

// powTen is math.Pow(10, k), from a table for the exponents figures have.
func powTen(k int) float64 {
	if k >= -powTenRange && k <= powTenRange {
		return powTens[k+powTenRange]
	}
	return math.Pow(10, float64(k))
}

// currencyBefore reads "US$", "C$" or a code ("USD ") written before the
// figure starting at i (which holds "$" or a digit).
func (p figureParser) currencyBefore(i int) (string, int) {
	t := p.text
	// a code followed by a space: "USD 5"
	j := i
	for j > p.floor && t[j-1] == ' ' {
		j--
	}
	if j < i {
		// Codes have three letters: a run of four is read no further.
		k := j
		for k > p.floor && k > j-4 && isASCIILetter(t[k-1]) {
			k--
		}
		if code := currencyCode(t[k:j]); code != "" {
			return code, k
		}
	}
	return "", i
}

// changeWords before a figure make a following "to" a change, not a range:
// "rose 5% to $12.6 billion", "grew 2 points to 14%".
var changeWords = map[string]bool{
	"rose": true, "rise": true, "rises": true, "rising": true, "fell": true, "fall": true, "falls": true, "falling": true,
	"grew": true, "grow": true, "grows": true, "growing": true, "increased": true, "increase": true, "decreased": true,
	"climbed": true, "jumped": true, "dropped": true, "declined": true, "gained": true, "slipped": true, "slid": true,
	"surged": true, "soared": true, "plunged": true, "tumbled": true, "up": true, "down": true, "by": true, "from": true,
	"cut": true, "raised": true, "lowered": true, "lifted": true, "boosted": true, "reduced": true, "widened": true,
	"narrowed": true, "improved": true, "eased": true, "slowed": true, "accelerated": true,
}

// rangeAfter extends f, which ends at end, into a range when another figure
// of the same kind follows after "-", "–", "to", or "and" (after
// "between"), and returns where f then ends. f is changed only then.
func (p figureParser) rangeAfter(f *Figure, end int) int {
	t := p.text
	k := p.skipSpaces(end)
	dash := false
	switch {
	case k < len(t) && (t[k] == '-'):
		k++
		dash = true
	case strings.HasPrefix(t[k:], "–"), strings.HasPrefix(t[k:], "—"):
		k += len("–")
		dash = true
	default:
		// "to" or "and": the word before the figure is read only then
		// (most figures are followed by neither).
		w, e := p.letters(k)
		switch {
		case equalFoldASCII(w, "to"):
			var buf [24]byte
			if changeWords[string(lowerInto(buf[:0], p.prevWord(f.Start)))] {
				return end
			}
		case equalFoldASCII(w, "and"):
			if !equalFoldASCII(p.prevWord(f.Start), "between") {
				return end
			}
		default:
			return end
		}
		if k == end {
			return end
		}
		k = e
	}
	k = p.skipSpaces(k)
	pr, ok := p.readPrefix(k)
	if !ok {
		// "US$194 billion to US$199 billion"
		w, e := p.letters(k)
		code, isPrefix := dollarPrefixes[w]
		if !isPrefix || e >= len(t) || t[e] != '$' {
			return end
		}
		if pr, ok = p.readPrefix(e); !ok {
			return end
		}
		pr.start, pr.currency = k, code
	}
	var g Figure // the high end, parsed on the stack
	gEnd, ok := p.amountAfterPrefix(&g, pr)
	if !ok || g.Kind == Date || g.Kind == Time || g.Kind == Year {
		return end
	}
	// The range's low end, kind and currency are worked out apart from f,
	// which is left unchanged when there is no range after all.
	low, kind, currency := f.Low, f.Kind, f.Currency
	// Units written once for both ends: "$194-$199 billion", "28-30%",
	// "$194B-199B".
	if low.Scale == 1 && g.Low.Scale > 1 && low.Value*g.Low.Scale <= g.Low.Value {
		low = rescale(low, g.Low.Scale)
	}
	if kind == Count && g.Kind != Count {
		kind, currency = g.Kind, g.Currency
	}
	if g.Kind == Count && kind != Count && dash {
		if g.Low.Scale == 1 && low.Scale > 1 {
			g.Low = rescale(g.Low, low.Scale)
		}
		g.Kind, g.Currency = kind, currency
	}
	if g.Kind != kind || g.Currency != currency || g.Low.Value < low.Value || low.Value > 0 && g.Low.Value > 20*low.Value {
		return end
	}
	f.Low, f.Kind, f.Currency = low, kind, currency
	f.High = g.Low
	f.Range = true
	f.End = gEnd
	return gEnd
}

// rescale applies a magnitude written only once for both ends of a range.
func rescale(a Amount, m float64) Amount {
	a.Value *= m
	a.Step *= m
	a.LooseStep *= m
	a.Scale = m
	return a
}
