package extract

import (
	"math"
	"os"
	"path/filepath"

	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The tests below hold Figures to refFigures, a copy of Figures and its
// parsers (figures.go, figure_words.go, figure_dates.go) as they were
// before figures were parsed in place (November 2026), so that the
// optimised parser must give identical figures on every input. The copy
// is verbatim except that each of its top-level names, also where comments
// mention them, has a "ref" prefix; it shares only the Figure types and the
// word helpers of words.go and scan.go, which it did not change.

// figureInputs are the texts TestFiguresMatchRefFigures compares on, by
// name: figures and near-figures Figures must read (or pass over) exactly
// as refFigures does.
var figureInputs = []struct{ name, text string }{
	{"dash range", "sales of $194B-$199B in the quarter"},
	{"word range", "$194 billion to $199 billion, or US$194 billion to US$199 billion"},
	{"between range", "between 28% and 30%; between $1 and 2 billion; Between 5 And 6"},
	{"ranges of units", "$194-$199 billion, 28-30%, $194B-199B, 3-5x, 2025-2026, 2025–26, 10—12 bps"},
	{"change not range", "rose 5% to $12.6 billion; grew 2 points to 14%; from 3 to 4; cut 10 to 20"},
	{"dollar prefixes", "US$364 billion, C$3 billion, A$1, HK$20m, NZ$5, R$9, S$4, XX$5, US$ 5"},
	{"codes", "USD 5 billion, EUR 3m, GBP 100, JPY 2, usd 5, 5 USD, 5 usd, 0 EUR 0, CHF10"},
	{"negatives", "(1.5) and ($3.2) and (3.2%) and (3) in prose, (12 and ($5"},
	{"signs", "+1.29%, -3%, −3%, $-3, -$3, 5-10, mid-2026, 5%-6%, x-3, )-4"},
	{"percent words", "28 per cent, 28 percent, 28 pct, 28pc, 28 PERCENT, 28 Per Cent, 2 percentage points"},
	{"points", "25 basis points, 25 bps, 25bp, 25 Basis Point, 3 percentage point"},
	{"scores", "54/100, 54 out of 100, 7 out of 10, 4/5, 24/7, 9/11, 101/100, $5/100, 3 out of 7"},
	{"dates", "April 30, 2026; 30 April 2026; 2026-04-30; 4/30/2026; April 2026; Apr. 30; Sept 3; May 1st, 2026"},
	{"bad dates", "2026-13-01, 2026-04-32, 13/30/2026, April 32, 30 Aprils, Mayday 5, 2026-04-301"},
	{"times", "10:30 a.m., 2 p.m., 12 am, 12:00 PM, 9:75, 10:30pm, 25:00, 7am"},
	{"labels", "Q2, FY25, A320, COVID-19, S&P 500, Chapter 11, 10-K, 8-K, 10-year, 4G, 5nm, 3rd, 1990s, #1, @2"},
	{"names", "Russell 2000, Nasdaq 100, Form 10, Boeing 737, iPhone 15, Windows 11, Section 230, No. 5, s&p 500"},
	{"more names", "Route 66, Highway 1, Interstate 95, Gen 2, Generation 3, Phase 3, Tier 1, Class 4, Item 7, Schedule 13, " +
		"Version 2, Article 5, Proposition 22, Model 3, Series 7, Title 42, Rule 10, Covid 19, Number 9, Galaxy 5, Pixel 8, " +
		"Airbus 320, FTSE 100, Stoxx 600, Nikkei 225, DAX 40, CAC 40, Topix 500, Kospi 200, Fortune 500, Chapter 7, NO 4, " +
		"Routes 5, propositions 6, PROPOSITION 7"},
	{"urls", "see https://example.com/2026/04/30 and www.x.com/5 or HTTP://A.B/1?x=2, then 5"},
	{"word numbers", "twenty-eight percent, twenty-eight, three-year, Three billion, a dozen, dozen, nine per cent"},
	{"one and two", "one, two, One, Two, one million, two percent, twenty-one, twenty-two"},
	{"ordinals", "second quarter, third, 3rd, 21st, twentieth, first-half"},
	{"hedges", "about $5, more than 20%, up to 10, Nearly 3, just under 4, ~5, over 6, moreover 7, at least 8, approx. 9"},
	{"more hedges", "close to 1, roughly 2, in excess of 3, no more than 4, south of 5, fewer than 6, discover 7"},
	{"magnitudes", "$364B, 3M, 5k, 2bn, 3 mln, 4 trillion, 5T, $5T, 6 Tn, 7 thousand, 8 billions, 9 BN"},
	{"cents and multiples", "58 cents, 1.5x, 2×, 3X, 4¢, $5¢, 6 cent"},
	{"currency words", "263.04 dollars, 5 euros, 6 yen, 7 yuan, 8 rupees, 9 francs, 10 sterling, 11 GBP, 12 Euro"},
	{"currency symbols", "€2.1 billion, £300m, ¥500, ₹80, €, £, −€5, (€6)"},
	{"years", "2026, fiscal 2025, Fiscal 2026, in 1899, 2101, 2,026, 2026.5"},
	{"numbers", "1,500, 1,50, 1,5000, 0.25, .5, 5., 1,000,000.00, 007, 0"},
	{"long numbers", "12345678901234567890, 1.234567890123456789012345, 99999999999999999, 9007199254740993, 900719925474099.3, " +
		"0.0000000000000000000001, 0.00000000000000000000001, 1,234,567,890,123,456, 1" + strings.Repeat("0", 400) + " and 5"},
	{"wrapped", "$364\nbillion, 28\n%, 5\n\nmillion, 5\u00a0billion, 6\u202fpercent, 7\u2009bn"},
	{"invalid utf-8", "\xff$5\xfe, 5\xff%, \xc2, €\xff5, April\xff 30, \xe2\x88"},
	{"non-ascii words", "éthree 5, Ülke 2026, naïve 5 million, 5 milliards"},
	{"empty", ""},
}

// figureTexts returns figureInputs' texts, fuzzSeeds, the files under
// testdata and the rules package's evaluation and seed texts, whole and
// line by line (a figure read at the start of a line may read on over the
// end of the previous one).
func figureTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, in := range figureInputs {
		texts = append(texts, in.text)
	}
	texts = append(texts, fuzzSeeds...)
	var files []string
	for _, root := range []string{"testdata", filepath.Join("..", "rules", "testdata", "eval"), filepath.Join("..", "rules", "testdata", "seed")} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatalf("list %s: %v", root, err)
		}
	}
	if len(files) < 30 {
		t.Fatalf("found %d test files, want the evaluation and seed texts", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
		for _, line := range strings.Split(string(data), "\n") {
			texts = append(texts, line)
			// a fuzz corpus entry: string("...")
			if s, ok := strings.CutPrefix(line, "string("); ok {
				if u, err := strconv.Unquote(strings.TrimSuffix(s, ")")); err == nil {
					texts = append(texts, u)
				}
			}
		}
	}
	return texts
}

// sameFigures reports whether got and want are identical, down to the bits
// of every float (-0 and 0 differ) and nil against empty.
func sameFigures(got, want []Figure) bool {
	if (got == nil) != (want == nil) || len(got) != len(want) {
		return false
	}
	same := func(a, b Amount) bool {
		return math.Float64bits(a.Value) == math.Float64bits(b.Value) && math.Float64bits(a.Step) == math.Float64bits(b.Step) &&
			math.Float64bits(a.LooseStep) == math.Float64bits(b.LooseStep) && math.Float64bits(a.Scale) == math.Float64bits(b.Scale) &&
			a.Signed == b.Signed
	}
	for k := range got {
		g, w := got[k], want[k]
		if g != w || !same(g.Low, w.Low) || !same(g.High, w.High) || math.Float64bits(g.Denominator) != math.Float64bits(w.Denominator) {
			return false
		}
	}
	return true
}

func TestFiguresMatchRefFigures(t *testing.T) {
	t.Parallel()
	compared := 0
	for _, text := range figureTexts(t) {
		got, want := Figures(text), refFigures(text)
		if !sameFigures(got, want) {
			t.Errorf("Figures(%.200q):\n got %+v\nwant %+v", text, got, want)
			continue
		}
		compared += len(got)
	}
	if compared < 1000 {
		t.Errorf("compared %d figures, want the test texts' thousands", compared)
	}
}

// TestFiguresMatchRefFiguresTable reports differences on figureInputs by
// name, and checks that each case finds something where it should.
func TestFiguresMatchRefFiguresTable(t *testing.T) {
	t.Parallel()
	for _, tc := range figureInputs {
		t.Run(tc.name, func(t *testing.T) {
			got, want := Figures(tc.text), refFigures(tc.text)
			if !sameFigures(got, want) {
				t.Errorf("Figures(%q):\n got %+v\nwant %+v", tc.text, got, want)
			}
		})
	}
}

// TestFiguresMatchRefFiguresMixed compares on texts pieced together from
// the tricky inputs, so that figures meet each other's neighbours.
func TestFiguresMatchRefFiguresMixed(t *testing.T) {
	t.Parallel()
	var pieces []string
	for _, in := range figureInputs {
		pieces = append(pieces, strings.Fields(in.text)...)
	}
	pieces = append(pieces, " ", "\n", "-", "–", "to", "and", "between", "about", "(", ")", "$", "%", "billion", "per", "cent")
	state := uint64(11)
	next := func(n int) int { // a xorshift: reproducible without math/rand
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return int(state % uint64(n))
	}
	for range 20000 {
		var b strings.Builder
		for k := next(12); k >= 0; k-- {
			b.WriteString(pieces[next(len(pieces))])
			if next(3) > 0 {
				b.WriteByte(' ')
			}
		}
		text := b.String()
		if got, want := Figures(text), refFigures(text); !sameFigures(got, want) {
			t.Fatalf("Figures(%q):\n got %+v\nwant %+v", text, got, want)
		}
	}
}

// TestFiguresKeepsNoScratch checks that Figures' results do not share the
// scratch space it keeps between calls: a result is unchanged by later
// calls, also made at the same time from other goroutines (go test -race).
func TestFiguresKeepsNoScratch(t *testing.T) {
	t.Parallel()
	texts := []string{fuzzSeeds[0], fuzzSeeds[2], fuzzSeeds[6], "no figures here", figureInputs[0].text}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for n := range 50 {
				text := texts[(g+n)%len(texts)]
				got := Figures(text)
				want := refFigures(text)
				Figures(texts[(g+n+1)%len(texts)])
				if !sameFigures(got, want) {
					t.Errorf("Figures(%q) changed to %+v by a later call, want %+v", text, got, want)
					return
				}
				if len(got) != cap(got) {
					t.Errorf("Figures(%q) has capacity %d for %d figures, want the result sized exactly", text, cap(got), len(got))
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestFigureWordStarts3PrecedeCandidates checks what Figures relies on to
// call wordFigureCandidate less: a word of three to nine ASCII letters not
// followed by "$" whose first three letters are not in figureWordStarts3 is
// never a candidate.
func TestFigureWordStarts3PrecedeCandidates(t *testing.T) {
	t.Parallel()
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var words []string
	for _, a := range letters {
		for _, b := range letters {
			for _, c := range "adehilnoprstuvwxyzADEHNORSTY" {
				w := string([]rune{a, b, c})
				words = append(words, w, w+"en", w+"teen", w+"ember", w+"ty")
			}
		}
	}
	checked := 0
	for _, w := range words {
		for _, text := range []string{w, " " + w + " ", "(" + w + ", 5", w + "."} {
			i := strings.Index(text, w)
			if startsFigureWord(w) {
				continue
			}
			checked++
			if (figureParser{text: text}).wordFigureCandidate(i, i+len(w)) {
				t.Errorf("wordFigureCandidate(%q at %d) = true, though startsFigureWord(%q) = false", text, i, w)
			}
		}
	}
	for _, w := range []string{"three", "THIRTY", "Fiscal", "USD", "Sept", "December", "dozen", "ninety"} {
		if !startsFigureWord(w) {
			t.Errorf("startsFigureWord(%q) = false, want true", w)
		}
	}
	if checked == 0 {
		t.Error("no word checked")
	}
}

func FuzzFiguresMatchReference(f *testing.F) {
	for _, in := range figureInputs {
		f.Add(in.text)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := Figures(text), refFigures(text); !sameFigures(got, want) {
			t.Fatalf("Figures(%q):\n got %+v\nwant %+v", text, got, want)
		}
	})
}

// ---- The reference: Figures as it was (see the top of this file). ----

// refFigures returns the figures of text in order. Ordinal words ("second
// quarter"), "one" and "two", quarter and model labels attached to refLetters
// ("Q2", "FY25", "A320", "COVID-19"), the numbers in index and document
// names ("S&P 500", "Chapter 11", "10-K") and numbers inside web addresses
// are not figures.
func refFigures(text string) []Figure {
	p := refFigureParser{text: text}
	// Sized for a figure-dense text (about one in every 100 bytes) so that
	// the slice, of large structs, is rarely copied as it grows.
	out := make([]Figure, 0, len(text)/100+4)
	for i := 0; i < len(text); {
		c := text[i]
		// Bytes are sorted by one table lookup (refFigureClass); the scan runs
		// over every byte of every source and draft.
		switch refFigureClass[c] {
		case refFigSkip:
			i++
		case refFigNumber:
			if f, end, ok := p.refNumeric(i); ok {
				out = append(out, f)
				i, p.floor = end, end
				continue
			}
			if c >= '0' && c <= '9' {
				i = p.refSkipToken(i)
				continue
			}
			i++
		case refFigLetter, refFigLetterStart:
			// An ASCII letter: most words cannot start a figure and are
			// skipped whole (the default case below does the same for
			// other refLetters, after decoding them). The run of ASCII
			// refLetters is read once for both.
			j := letterEnd(text, i+1)
			// Every figure word but refLetters before "$" has 3 to 9 refLetters
			// (see refWordFigureCandidate); others are not looked at further.
			// (refFigureWordStarts is also refWordFigureCandidate's test, made
			// here first to spare most words the call.)
			if refFigureClass[c] == refFigLetterStart && (j-i >= 3 && j-i <= 9 && refFigureWordStarts[int(c|0x20-'a')*26+int(text[i+1]|0x20-'a')] ||
				j < len(text) && text[j] == '$') && p.refWordFigureCandidate(i, j) {
				if f, end, ok := p.refWordFigure(i); ok {
					out = append(out, f)
					i, p.floor = end, end
					continue
				}
			}
			// The word ends where its refLetters do when an ASCII byte that
			// is no letter or digit follows, unless it may be a web
			// address (refSkipWordFrom reads those to the next space).
			if j < len(text) && refFigureClass[text[j]] != refFigMulti && !asciiWord[text[j]] && c|0x20 != 'h' && c|0x20 != 'w' {
				i = j
				if text[j] == ' ' {
					i++ // the space after a word starts nothing (refFigSkip)
				}
				continue
			}
			i = p.refSkipWordFrom(i, j)
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == '€' || r == '£' || r == '¥' || r == '₹' || r == '−' {
				if f, end, ok := p.refNumeric(i); ok {
					out = append(out, f)
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
			if !refMayStartFigure(c) {
				i = p.refSkipWord(i)
				continue
			}
			if f, end, ok := p.refWordFigure(i); ok {
				out = append(out, f)
				i, p.floor = end, end
				continue
			}
			i = p.refSkipWord(i)
		}
	}
	if len(out) == 0 {
		return nil // as before the slice was sized ahead
	}
	return out
}

// Byte classes for refFigures. refFigLetterStart has the refFigLetter bit set, so
// that one test finds both kinds of letter.
const (
	refFigSkip        = 0 // ASCII that starts nothing
	refFigNumber      = 1 // a digit, "$", "+", "-" or "(", which may start a figure
	refFigLetter      = 2 // an ASCII letter no figure word starts with
	refFigLetterStart = 3 // an ASCII letter that may start one (see refMayStartFigure)
	refFigMulti       = 4 // a byte of a multi-byte character
)

var refFigureClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch b := byte(c); {
		case b >= utf8.RuneSelf:
			t[c] = refFigMulti
		case b >= '0' && b <= '9', b == '$', b == '+', b == '-', b == '(':
			t[c] = refFigNumber
		case refIsASCIILetter(b) && refMayStartFigure(b):
			t[c] = refFigLetterStart
		case refIsASCIILetter(b):
			t[c] = refFigLetter
		}
	}
	return t
}()

func refIsASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// refMayStartFigure reports whether a word starting with byte c can begin a
// figure: capitalised words (months, currency codes, "US$"), spelled
// numbers (three … ninety, dozen) and "fiscal", and non-ASCII refLetters.
func refMayStartFigure(c byte) bool {
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
func refIsDigit(c byte) bool { return c >= '0' && c <= '9' }

type refFigureParser struct {
	text string
	// floor is where the previous figure ended: nothing before it may be
	// read as part of the next one (the "EUR" of "0 EUR 0" belongs to the
	// first figure, not also to the second).
	floor int
}

// refSkipWord advances over a word, and over a whole web address.
func (p refFigureParser) refSkipWord(i int) int { return p.refSkipWordFrom(i, i) }

// refSkipWordFrom is refSkipWord(i) for a word whose bytes [i, j) are known to
// be word characters.
func (p refFigureParser) refSkipWordFrom(i, j int) int {
	t := p.text
	// Only a word starting with h or w can be a web address; testing the
	// first byte saves three case-folding comparisons on every other word.
	if c := t[i] | 0x20; (c == 'h' || c == 'w') && (refHasPrefixFold(t[i:], "http://") || refHasPrefixFold(t[i:], "https://") || refHasPrefixFold(t[i:], "www.")) {
		for i < len(t) && !refIsSpaceByte(t[i]) {
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

// refSkipToken advances over a run of word characters and joiners that did not
// form a figure ("Q2", "4G", "10-K", "9/11").
func (p refFigureParser) refSkipToken(i int) int {
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

func refIsSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func refHasPrefixFold(s, refPrefix string) bool {
	return len(s) >= len(refPrefix) && strings.EqualFold(s[:len(refPrefix)], refPrefix)
}

// refSkipSpaces skips blanks (including no-break spaces) and at most one line
// break, so hard-wrapped text still joins "$364" and "billion".
func (p refFigureParser) refSkipSpaces(i int) int {
	t := p.text
	newlines := 0
	for i < len(t) {
		switch {
		case t[i] == ' ' || t[i] == '\t' || t[i] == '\r':
			i++
		case t[i] == '\n' && newlines == 0:
			newlines++
			i++
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

// refLetters returns the run of ASCII refLetters (and periods inside it, for
// "a.m.") at i.
func (p refFigureParser) refLetters(i int) (string, int) {
	t := p.text
	j := i
	for j < len(t) && (refIsASCIILetter(t[j]) || t[j] == '.' && j > i && j+1 < len(t) && refIsASCIILetter(t[j+1])) {
		j++
	}
	return t[i:j], j
}

// refWordBoundaryAt reports whether a word ends at i (no letter or digit follows).
func (p refFigureParser) refWordBoundaryAt(i int) bool {
	if i >= len(p.text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(p.text[i:])
	return !isWordRune(r)
}

// refNumber is a written refNumber: digits with thousands separators and a
// decimal part.
type refNumber struct {
	value         float64
	decimals      int // digits after the decimal point
	trailingZeros int // of a whole refNumber: "1,500" has 2
	integerDigits int
	hasSeparators bool
	start, end    int
}

// refReadNumber reads the refNumber at i.
func (p refFigureParser) refReadNumber(i int) (refNumber, bool) {
	t := p.text
	n := refNumber{start: i}
	j := i
	for j < len(t) && refIsDigit(t[j]) {
		j++
	}
	if j == i {
		return n, false
	}
	// thousands separators: groups of exactly three digits
	for j+4 <= len(t) && t[j] == ',' && refIsDigit(t[j+1]) && refIsDigit(t[j+2]) && refIsDigit(t[j+3]) && (j+4 == len(t) || !refIsDigit(t[j+4])) {
		n.hasSeparators = true
		j += 4
	}
	intEnd := j
	if j+1 < len(t) && t[j] == '.' && refIsDigit(t[j+1]) {
		j++
		for j < len(t) && refIsDigit(t[j]) {
			j++
		}
		n.decimals = j - intEnd - 1
	}
	n.end = j
	var buf [64]byte
	digits := buf[:0]
	for k := i; k < j; k++ {
		if t[k] != ',' {
			digits = append(digits, t[k])
		}
	}
	v, ok := refParseDecimal(digits, n.decimals)
	if !ok {
		return n, false
	}
	n.value = v
	n.integerDigits = len(digits) - n.decimals
	if n.decimals > 0 {
		n.integerDigits-- // the point
	} else {
		for k := len(digits) - 1; k >= 0 && digits[k] == '0'; k-- {
			n.trailingZeros++
		}
		if n.trailingZeros == len(digits) {
			n.trailingZeros = 0 // "0"
		}
	}
	return n, true
}

// refParseDecimal is strconv.ParseFloat for a run of digits with an optional
// decimal point, decimals digits after it. Numbers of up to 15 significant
// digits with at most 22 decimals, nearly all of them, are converted
// directly: the digits are an exact float64 and so is the power of ten, and
// one IEEE division rounds correctly, so the result is the one ParseFloat
// gives (it uses the same fast path) without its string conversion.
func refParseDecimal(digits []byte, decimals int) (float64, bool) {
	if len(digits) <= 16 && decimals <= 22 {
		var m uint64
		for _, c := range digits {
			if c != '.' {
				m = m*10 + uint64(c-'0')
			}
		}
		if m < 1<<53 {
			return float64(m) / refPow10[decimals], true
		}
	}
	v, err := strconv.ParseFloat(string(digits), 64)
	return v, err == nil
}

// refPow10 holds the powers of ten that are exact in a float64.
var refPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
	1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// refMagnitudeWord returns the magnitude a lower-case word written after a
// refNumber gives it ("billion", "bn"), or 0. It is a switch rather than a map
// lookup: the word after every refNumber is looked up.
func refMagnitudeWord(w string) float64 {
	switch w {
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

var refAttachedMagnitudes = map[string]float64{
	"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9,
	"bln": 1e9, "Bn": 1e9, "BN": 1e9, "tn": 1e12, "trn": 1e12, "T": 1e12, "Tn": 1e12,
}

// refCurrencyWord returns the ISO code of a lower-case currency name written
// after a refNumber ("dollars"), or "". A switch, like refMagnitudeWord.
func refCurrencyWord(w string) string {
	switch w {
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

// refCurrencyCodes may precede an amount ("USD 5 billion", "EUR 3m").
var refCurrencyCodes = map[string]string{
	"USD": "USD", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY", "CAD": "CAD", "AUD": "AUD", "CHF": "CHF",
	"CNY": "CNY", "HKD": "HKD", "INR": "INR", "SGD": "SGD",
}

// refCurrencyCode returns the ISO code w is, or "". Every code has three
// refLetters, so other words skip the map lookup.
func refCurrencyCode(w string) string {
	if len(w) != 3 || w[0] < 'A' || w[0] > 'Z' {
		return ""
	}
	return refCurrencyCodes[w]
}

// refDollarPrefixes are refLetters written before "$".
var refDollarPrefixes = map[string]string{
	"US": "USD", "C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD", "HK": "HKD", "S": "SGD", "NZ": "NZD", "R": "BRL",
}

// refNameNumbers are words after which a bare refNumber is part of a name.
var refNameNumbers = map[string]bool{
	"russell": true, "nasdaq": true, "ftse": true, "fortune": true, "stoxx": true, "nikkei": true, "dax": true,
	"cac": true, "topix": true, "kospi": true, "chapter": true, "section": true, "rule": true, "title": true,
	"form": true, "boeing": true, "airbus": true, "iphone": true, "pixel": true, "galaxy": true, "windows": true,
	"model": true, "series": true, "proposition": true, "article": true, "item": true, "schedule": true,
	"version": true, "phase": true, "tier": true, "class": true, "no": true, "number": true, "covid": true,
	"route": true, "highway": true, "interstate": true, "gen": true, "generation": true, "s&p": true,
}

// refLowerInto appends the ASCII lower case of s to buf (other bytes as they are).
func refLowerInto(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// refHedgeBefore reads the qualifier written just before i.
func (p refFigureParser) refHedgeBefore(i int) Hedge {
	lo := max(0, i-24)
	before := refTrimRightBlank(p.text[lo:i])
	if strings.HasSuffix(before, "~") {
		return Approx
	}
	if before == "" {
		return Exact
	}
	// Only the phrases ending with before's last byte can match; they are
	// tried in refHedgePhrases order, so "just under" still wins over "under".
	for _, hi := range refHedgeByEnd[before[len(before)-1]] {
		h := refHedgePhrases[hi]
		k := len(before) - len(h.phrase)
		if k < 0 || !refEqualFoldASCII(before[k:], h.phrase) {
			continue
		}
		if at := lo + k; at > 0 && refIsWordByte(p.text[at-1]) {
			continue // the end of a longer word: "moreover", "discover"
		}
		return h.hedge
	}
	return Exact
}

// refTrimRightBlank is strings.TrimRight(s, " \u00a0\t\n") without the
// rune-by-rune cut-set search.
func refTrimRightBlank(s string) string {
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

// refHedgeByEnd lists, for each byte, the refHedgePhrases (by index, in order)
// ending with it in either case.
var refHedgeByEnd = func() (t [256][]uint8) {
	for i, h := range refHedgePhrases {
		c := h.phrase[len(h.phrase)-1]
		t[c] = append(t[c], uint8(i))
		if refIsASCIILetter(c) {
			t[c^0x20] = append(t[c^0x20], uint8(i))
		}
	}
	return t
}()

// refEqualFoldASCII is strings.EqualFold(s, phrase) for a lower-case ASCII
// phrase: s must be the phrase with any of its refLetters in upper case
// (EqualFold matches an ASCII phrase only with ASCII, as any other rune
// takes more than one byte). It compares from the end, where the words
// before a figure usually differ.
func refEqualFoldASCII(s, phrase string) bool {
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

func refIsWordByte(c byte) bool { return refIsASCIILetter(c) || refIsDigit(c) || c >= utf8.RuneSelf }

var refHedgePhrases = []struct {
	phrase string
	hedge  Hedge
}{
	{"about", Approx}, {"around", Approx}, {"approximately", Approx}, {"roughly", Approx}, {"nearly", Approx},
	{"almost", Approx}, {"some", Approx}, {"close to", Approx}, {"estimated", Approx}, {"just under", Approx},
	{"just over", Approx}, {"just shy of", Approx}, {"approx.", Approx}, {"circa", Approx},
	{"more than", AtLeast}, {"over", AtLeast}, {"above", AtLeast}, {"at least", AtLeast}, {"exceeding", AtLeast},
	{"upwards of", AtLeast}, {"north of", AtLeast}, {"in excess of", AtLeast}, {"topping", AtLeast},
	{"less than", AtMost}, {"under", AtMost}, {"below", AtMost}, {"fewer than", AtMost}, {"at most", AtMost},
	{"up to", AtMost}, {"no more than", AtMost}, {"south of", AtMost},
}

// refPrevWord returns the word (refLetters, digits, &) ending just before i,
// skipping one run of spaces.
func (p refFigureParser) refPrevWord(i int) string {
	t := p.text
	j := i
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j == i {
		return ""
	}
	k := j
	for k > 0 && (refIsASCIILetter(t[k-1]) || t[k-1] == '&' || refIsDigit(t[k-1])) {
		k--
	}
	return t[k:j]
}

// refAttachedBefore reports a refNumber glued to a word before it: "Q2", "A320",
// "COVID-19" (but not "mid-2026", "$", "(", "+").
func (p refFigureParser) refAttachedBefore(i int) bool {
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
		w := strings.ToLower(p.refPrevWordRaw(j))
		return w != "mid" && w != "late" && w != "early" && w != "pre" && w != "post" && w != "end"
	}
	return false
}

func (p refFigureParser) refPrevWordRaw(j int) string {
	k := j
	for k > 0 && refIsASCIILetter(p.text[k-1]) {
		k--
	}
	return p.text[k:j]
}

// refPrefix is what may stand before the digits of a figure.
type refPrefix struct {
	start    int // where the figure starts
	digits   int // where the refNumber starts
	currency string
	negative bool
	signed   bool
	paren    bool
}

// refReadPrefix reads sign, parenthesis and currency symbol at i.
func (p refFigureParser) refReadPrefix(i int) (refPrefix, bool) {
	t := p.text
	pr := refPrefix{start: i}
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
	case j < len(t) && t[j] == '$':
		pr.currency = "USD"
		j++
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
	if j >= len(t) || !refIsDigit(t[j]) {
		return pr, false
	}
	pr.digits = j
	return pr, true
}

// refNumeric parses a figure that starts with a sign, bracket, currency symbol
// or digit at i.
func (p refFigureParser) refNumeric(i int) (Figure, int, bool) {
	pr, ok := p.refReadPrefix(i)
	if !ok {
		return Figure{}, 0, false
	}
	if pr.start == pr.digits && p.refAttachedBefore(i) {
		return Figure{}, 0, false
	}
	f, end, ok := p.refAmountAfterPrefix(pr)
	if !ok {
		return Figure{}, 0, false
	}
	if f.Kind != Date && f.Kind != Time && f.Kind != Year {
		f, end = p.refRangeAfter(f, end)
	}
	return f, end, true
}

// refAmountAfterPrefix reads the refNumber and its unit.
func (p refFigureParser) refAmountAfterPrefix(pr refPrefix) (Figure, int, bool) {
	t := p.text
	n, ok := p.refReadNumber(pr.digits)
	if !ok {
		return Figure{}, 0, false
	}
	f := Figure{Span: Span{pr.start, n.end}, Kind: Count, Currency: pr.currency, Hedge: p.refHedgeBefore(pr.start)}
	if pr.currency != "" {
		f.Kind = Money
	} else if pr.start > 0 {
		// a currency refPrefix written before "$" ("US$", "C$") or as a code
		if cur, s := p.refCurrencyBefore(pr.start); cur != "" {
			f.Currency, f.Kind = cur, Money
			f.Span.Start = s
			f.Hedge = p.refHedgeBefore(s)
		}
	}
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
		case c == ':' && j+2 < len(t) && refIsDigit(t[j+1]) && refIsDigit(t[j+2]) && !n.hasSeparators && n.decimals == 0 && n.value < 24:
			return p.refTimeAt(f, n, j)
		case c == '/' && j+1 < len(t) && refIsDigit(t[j+1]):
			return p.refSlashAt(f, n, j)
		case c == '-' && n.integerDigits == 4 && !n.hasSeparators && n.decimals == 0 && j+5 < len(t) && t[j+3] == '-':
			if d, end, ok := p.refIsoDate(n, j); ok {
				d.Span.Start = f.Start
				return d, end, true
			}
		case c == '-' && j+1 < len(t) && refIsASCIILetter(t[j+1]):
			// "10-K", "8-K": a form name. "10-year" keeps the refNumber.
			w, e := p.refLetters(j + 1)
			if len(w) == 1 && unicode.IsUpper(rune(w[0])) && p.refWordBoundaryAt(e) {
				return Figure{}, 0, false
			}
		case refIsASCIILetter(c):
			w, e := p.refLetters(j)
			switch {
			case refAttachedMagnitudes[w] > 0 && p.refWordBoundaryAt(e) && (w != "T" && w != "t" || f.Kind == Money):
				scale = refAttachedMagnitudes[w]
				j = e
			case (w == "pc" || w == "pct") && p.refWordBoundaryAt(e):
				f.Kind = Percent
				j = e
				unitDone = true
			case (w == "bps" || w == "bp") && p.refWordBoundaryAt(e):
				f.Kind = Points
				scale = 0.01
				j = e
				unitDone = true
			case (w == "x" || w == "X") && p.refWordBoundaryAt(e):
				f.Kind = Multiple
				j = e
				unitDone = true
			case strings.EqualFold(w, "am") || strings.EqualFold(w, "pm") || strings.EqualFold(w, "a.m") || strings.EqualFold(w, "p.m"):
				return p.refClockAt(f, n, n.end)
			default:
				return Figure{}, 0, false // "4G", "5nm", "3rd", "1990s"
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
		k := p.refSkipSpaces(j)
		w, e := p.refLetters(k)
		lw := strings.ToLower(w)
		if m := refMagnitudeWord(lw); m > 0 && scale == 1 && k > j {
			scale = m
			j = e
			k = p.refSkipSpaces(j)
			w, e = p.refLetters(k)
			lw = strings.ToLower(w)
		}
		switch {
		case k < len(t) && t[k] == '%':
			f.Kind = Percent
			j = k + 1
		case lw == "percent" || lw == "pct":
			f.Kind = Percent
			j = e
		case lw == "per":
			if w2, e2 := p.refLetters(p.refSkipSpaces(e)); strings.EqualFold(w2, "cent") {
				f.Kind = Percent
				j = e2
			}
		case lw == "percentage":
			if w2, e2 := p.refLetters(p.refSkipSpaces(e)); strings.EqualFold(w2, "point") || strings.EqualFold(w2, "points") {
				f.Kind = Points
				j = e2
			}
		case lw == "basis":
			if w2, e2 := p.refLetters(p.refSkipSpaces(e)); strings.EqualFold(w2, "point") || strings.EqualFold(w2, "points") {
				f.Kind = Points
				scale *= 0.01
				j = e2
			}
		case lw == "bps" || lw == "bp":
			f.Kind = Points
			scale *= 0.01
			j = e
		case (lw == "cents" || lw == "cent") && f.Currency == "" && scale == 1 && k > j:
			// "58 cents" is $0.58 (in whatever currency the cents are of)
			f.Kind = Money
			scale = 0.01
			j = e
		case refCurrencyWord(lw) != "" && f.Currency == "" && k > j && (lw != "usd" || w == "USD"):
			f.Kind, f.Currency = Money, refCurrencyWord(lw)
			j = e
		case lw == "out":
			if w2, e2 := p.refLetters(p.refSkipSpaces(e)); strings.EqualFold(w2, "of") {
				if d, ok := p.refReadNumber(p.refSkipSpaces(e2)); ok && (d.value == 100 || d.value == 10 || d.value == 5) {
					f.Kind = Score
					f.Denominator = d.value
					j = d.end
				}
			}
		case lw == "a.m" || lw == "p.m" || lw == "am" || lw == "pm":
			if n.decimals == 0 && !n.hasSeparators && n.value >= 1 && n.value <= 12 && f.Kind == Count {
				return p.refClockAt(f, n, k)
			}
		}
		if f.Kind == Count && scale == 1 && !n.hasSeparators && n.decimals == 0 && n.value >= 1 && n.value <= 31 {
			if m, e2, ok := p.refMonthAt(p.refSkipSpaces(n.end)); ok && p.refSkipSpaces(n.end) > n.end {
				// "30 April", "30 April 2026"
				d := Figure{Span: Span{f.Start, e2}, Kind: Date, Date: DateParts{Month: m, Day: int(n.value)}}
				if y, e3, ok := p.refYearAfter(e2, false); ok {
					d.Date.Year, d.End = y, e3
				}
				return d, d.End, true
			}
		}
	}
	if pr.paren {
		if j < len(t) && t[j] == ')' && (f.Kind != Count || f.Currency != "") {
			j++
			pr.negative, pr.signed = true, true
		} else if j < len(t) && t[j] == ')' {
			// "(3)" in prose: a plain parenthetical refNumber, not a negative.
			f.Span.Start = pr.digits
		} else {
			f.Span.Start = pr.digits
		}
	}
	if f.Kind == Count && scale == 1 && !pr.signed && f.Currency == "" {
		var buf [24]byte
		if refNameNumbers[string(refLowerInto(buf[:0], p.refPrevWord(f.Start)))] {
			return Figure{}, 0, false
		}
		if n.integerDigits == 4 && !n.hasSeparators && n.decimals == 0 && n.value >= 1900 && n.value <= 2100 {
			f.Kind = Year
			f.Hedge = Exact
			f.Date.Year = int(n.value)
			f.Low = Amount{Value: n.value, Step: 1, LooseStep: 1, Scale: 1}
			f.High = f.Low
			f.End = n.end
			if y, end, ok := p.refYearRange(f, n.end); ok {
				return y, end, true
			}
			return f, n.end, true
		}
	}
	f.End = j
	amt := refAmountOf(n, scale, pr.negative, pr.signed)
	f.Low, f.High = amt, amt
	return f, j, true
}

func refAmountOf(n refNumber, scale float64, negative, signed bool) Amount {
	v := n.value * scale
	if negative {
		v = -v
	}
	step := scale * refPowTen(-n.decimals)
	loose := step
	if n.decimals == 0 && n.trailingZeros > 0 {
		loose = scale * refPowTen(n.trailingZeros)
	}
	return Amount{Value: v, Step: step, LooseStep: loose, Scale: scale, Signed: signed}
}

// refPowTens holds math.Pow(10, k) for k in [-refPowTenRange, refPowTenRange],
// computed by math.Pow itself so that the values are the ones it returns.
const refPowTenRange = 32

var refPowTens = func() (t [2*refPowTenRange + 1]float64) {
	for k := range t {
		t[k] = math.Pow(10, float64(k-refPowTenRange))
	}
	return t
}()

// refPowTen is math.Pow(10, k), from a table for the exponents figures have.
func refPowTen(k int) float64 {
	if k >= -refPowTenRange && k <= refPowTenRange {
		return refPowTens[k+refPowTenRange]
	}
	return math.Pow(10, float64(k))
}

// refCurrencyBefore reads "US$", "C$" or a code ("USD ") written before the
// figure starting at i (which holds "$" or a digit).
func (p refFigureParser) refCurrencyBefore(i int) (string, int) {
	t := p.text
	// a code followed by a space: "USD 5"
	j := i
	for j > p.floor && t[j-1] == ' ' {
		j--
	}
	if j < i {
		k := j
		for k > p.floor && refIsASCIILetter(t[k-1]) {
			k--
		}
		if code, ok := refCurrencyCodes[t[k:j]]; ok {
			return code, k
		}
	}
	return "", i
}

// refChangeWords before a figure make a following "to" a change, not a range:
// "rose 5% to $12.6 billion", "grew 2 points to 14%".
var refChangeWords = map[string]bool{
	"rose": true, "rise": true, "rises": true, "rising": true, "fell": true, "fall": true, "falls": true, "falling": true,
	"grew": true, "grow": true, "grows": true, "growing": true, "increased": true, "increase": true, "decreased": true,
	"climbed": true, "jumped": true, "dropped": true, "declined": true, "gained": true, "slipped": true, "slid": true,
	"surged": true, "soared": true, "plunged": true, "tumbled": true, "up": true, "down": true, "by": true, "from": true,
	"cut": true, "raised": true, "lowered": true, "lifted": true, "boosted": true, "reduced": true, "widened": true,
	"narrowed": true, "improved": true, "eased": true, "slowed": true, "accelerated": true,
}

// refRangeAfter extends f into a range when another figure of the same kind
// follows after "-", "–", "to", or "and" (after "between").
func (p refFigureParser) refRangeAfter(f Figure, end int) (Figure, int) {
	t := p.text
	k := p.refSkipSpaces(end)
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
		w, e := p.refLetters(k)
		switch {
		case refEqualFoldASCII(w, "to"):
			var buf [24]byte
			if refChangeWords[string(refLowerInto(buf[:0], p.refPrevWord(f.Start)))] {
				return f, end
			}
		case refEqualFoldASCII(w, "and"):
			if !refEqualFoldASCII(p.refPrevWord(f.Start), "between") {
				return f, end
			}
		default:
			return f, end
		}
		if k == end {
			return f, end
		}
		k = e
	}
	k = p.refSkipSpaces(k)
	pr, ok := p.refReadPrefix(k)
	if !ok {
		// "US$194 billion to US$199 billion"
		w, e := p.refLetters(k)
		code, isPrefix := refDollarPrefixes[w]
		if !isPrefix || e >= len(t) || t[e] != '$' {
			return f, end
		}
		if pr, ok = p.refReadPrefix(e); !ok {
			return f, end
		}
		pr.start, pr.currency = k, code
	}
	g, gEnd, ok := p.refAmountAfterPrefix(pr)
	if !ok || g.Kind == Date || g.Kind == Time || g.Kind == Year {
		return f, end
	}
	r := f // the range, built on a copy so that f is returned unchanged on failure
	// Units written once for both ends: "$194-$199 billion", "28-30%",
	// "$194B-199B".
	if r.Low.Scale == 1 && g.Low.Scale > 1 && r.Low.Value*g.Low.Scale <= g.Low.Value {
		r.Low = refRescale(r.Low, g.Low.Scale)
	}
	if r.Kind == Count && g.Kind != Count {
		r.Kind, r.Currency = g.Kind, g.Currency
	}
	if g.Kind == Count && r.Kind != Count && dash {
		if g.Low.Scale == 1 && r.Low.Scale > 1 {
			g.Low = refRescale(g.Low, r.Low.Scale)
		}
		g.Kind, g.Currency = r.Kind, r.Currency
	}
	if g.Kind != r.Kind || g.Currency != r.Currency || g.Low.Value < r.Low.Value || r.Low.Value > 0 && g.Low.Value > 20*r.Low.Value {
		return f, end
	}
	r.High = g.Low
	r.Range = true
	r.End = gEnd
	return r, gEnd
}

// refRescale applies a magnitude written only once for both ends of a range.
func refRescale(a Amount, m float64) Amount {
	a.Value *= m
	a.Step *= m
	a.LooseStep *= m
	a.Scale = m
	return a
}

// refNumberWord returns the value of a lower-case spelled-out count. "one"
// and "two" are left out because they are used as pronouns and
// determiners far more than as figures. Every lower-case word starting
// with t, f, s, e, n or d and every capitalised word is looked up, so this
// is a switch (compared without hashing) rather than a map.
func refNumberWord(w []byte) (float64, bool) {
	if len(w) < 3 || w[0] < 'a' || w[0] > 'z' || w[1] < 'a' || w[1] > 'z' || !refNumberStarts[int(w[0]-'a')*26+int(w[1]-'a')] {
		return 0, false // most words stop here, on their first two refLetters
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

// refFigureWordStarts marks, lower-cased, the first two refLetters of the words
// refWordFigureCandidate accepts: months (and their abbreviations), spelled
// numbers, "fiscal" and currency codes.
var refFigureWordStarts = func() (t [26 * 26]bool) {
	for _, p := range []string{
		"ja", "fe", "ma", "ap", "ju", "au", "se", "oc", "no", "de", // months
		"th", "te", "tw", "fo", "fi", "si", "ei", "el", "ni", "do", // numbers, fiscal
		"us", "eu", "gb", "jp", "ca", "ch", "cn", "hk", "in", "sg", // currency codes
	} {
		t[int(p[0]-'a')*26+int(p[1]-'a')] = true
	}
	return t
}()

// refNumberStarts marks the first two refLetters of the words refNumberWord knows.
var refNumberStarts = func() (t [26 * 26]bool) {
	for _, p := range []string{"th", "te", "tw", "fo", "fi", "si", "se", "ei", "el", "ni", "do"} {
		t[int(p[0]-'a')*26+int(p[1]-'a')] = true
	}
	return t
}()

var refUnitWords = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

// refWordFigureCandidate is a quick test before refWordFigure for a word whose
// ASCII refLetters run over [i, j): when it reports false, refWordFigure(i)
// finds no figure. It looks only at the word itself (is it a month, a
// spelled-out refNumber, "fiscal", a currency code, or refLetters before "$"),
// so the great majority of words are passed over without building a
// Figure.
func (p refFigureParser) refWordFigureCandidate(i, j int) bool {
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
	if j+1 < len(t) && t[j] == '.' && refIsASCIILetter(t[j+1]) {
		// p.refLetters(i) reads on over the period ("U.S"): no word below
		// holds one, nor does any refLetters-before-"$" refPrefix.
		return false
	}
	w := t[i:j] // what p.refLetters(i) reads
	switch {
	case j < len(t) && t[j] == '$':
		return true // "US$5"
	case len(w) < 3 || len(w) > 9:
		return false // shorter or longer than every word below
	}
	if a, b := w[0]|0x20, w[1]|0x20; !refFigureWordStarts[int(a-'a')*26+int(b-'a')] {
		return false // most words stop here, on their first two refLetters
	}
	var buf [16]byte
	lw := refLowerInto(buf[:0], w)
	switch t[i] {
	case 'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D':
		if refMonthNumber(lw) != 0 {
			return true
		}
	}
	if _, ok := refNumberWord(lw); ok {
		return true
	}
	return w == "fiscal" || w == "Fiscal" || refCurrencyCode(w) != ""
}

// refWordFigure parses a figure that starts with a word at i: a date ("April
// 30, 2026", "April 2026"), a spelled-out count ("three", "twenty-five
// million"), or an amount after a currency code or dollar refPrefix ("USD 5",
// "US$5").
func (p refFigureParser) refWordFigure(i int) (Figure, int, bool) {
	t := p.text
	if i > 0 {
		if c := t[i-1]; c < utf8.RuneSelf {
			if asciiWord[c] {
				return Figure{}, 0, false
			}
		} else if r, _ := utf8.DecodeLastRuneInString(t[:i]); isWordRune(r) {
			return Figure{}, 0, false
		}
	}
	w, e := p.refLetters(i)
	if w == "" {
		return Figure{}, 0, false
	}
	// "US$5", "C$3 billion"
	if e < len(t) && t[e] == '$' {
		if code, ok := refDollarPrefixes[w]; ok {
			pr, ok := p.refReadPrefix(e)
			if ok {
				pr.start = i
				pr.currency = code
				f, end, ok := p.refAmountAfterPrefix(pr)
				if ok {
					f.Hedge = p.refHedgeBefore(i)
					f, end = p.refRangeAfter(f, end)
					return f, end, true
				}
			}
		}
		return Figure{}, 0, false
	}
	// Every word below is 3 to 9 refLetters long ("May" to "September",
	// "three" to "seventeen", "fiscal", currency codes): the many other
	// words stop here, before any lookup.
	if len(w) < 3 || len(w) > 9 {
		return Figure{}, 0, false
	}
	if m, me, ok := p.refMonthOf(i, w, e); ok {
		k := p.refSkipSpaces(me)
		if k > me {
			if n, ok := p.refReadNumber(k); ok && !n.hasSeparators && n.decimals == 0 {
				end := n.end
				if w, e2 := p.refLetters(end); w == "st" || w == "nd" || w == "rd" || w == "th" {
					end = e2
				}
				switch {
				case n.integerDigits <= 2 && n.value >= 1 && n.value <= 31 && p.refWordBoundaryAt(end) && !(end < len(t) && t[end] == '%'):
					f := Figure{Span: Span{i, end}, Kind: Date, Date: DateParts{Month: m, Day: int(n.value)}}
					if y, e3, ok := p.refYearAfter(end, false); ok {
						f.Date.Year, f.End = y, e3
					}
					return f, f.End, true
				case n.integerDigits == 4 && n.value >= 1900 && n.value <= 2100 && p.refWordBoundaryAt(n.end):
					return Figure{Span: Span{i, n.end}, Kind: Date, Date: DateParts{Year: int(n.value), Month: m}}, n.end, true
				}
			}
		}
		return Figure{}, 0, false
	}
	if w[0] < 'A' || w[0] > 'Z' {
		if w == "fiscal" {
			return p.refFiscalYear(e)
		}
		return p.refSpelledCount(i, w, e)
	}
	if code := refCurrencyCode(w); code != "" {
		k := p.refSkipSpaces(e)
		if k > e && k < len(t) && refIsDigit(t[k]) {
			pr := refPrefix{start: i, digits: k, currency: code}
			f, end, ok := p.refAmountAfterPrefix(pr)
			if ok {
				f, end = p.refRangeAfter(f, end)
				return f, end, true
			}
		}
		return Figure{}, 0, false
	}
	if w == "Fiscal" {
		return p.refFiscalYear(e)
	}
	return p.refSpelledCount(i, w, e)
}

// refFiscalYear reads the year after "fiscal" (which ends at e).
func (p refFigureParser) refFiscalYear(e int) (Figure, int, bool) {
	k := p.refSkipSpaces(e)
	y, ye, ok := p.refYearAfter(k, false)
	if !ok {
		return Figure{}, 0, false
	}
	f := Figure{Span: Span{k, ye}, Kind: Year, Date: DateParts{Year: y}}
	f.Low = Amount{Value: float64(y), Step: 1, LooseStep: 1, Scale: 1}
	f.High = f.Low
	return f, ye, true
}

// refSpelledCount reads "three", "twenty-five", "a dozen" with an optional
// magnitude and percent ("three billion", "five percent").
func (p refFigureParser) refSpelledCount(i int, w string, e int) (Figure, int, bool) {
	t := p.text
	if len(w) < 3 || len(w) > 9 {
		return Figure{}, 0, false
	}
	var buf [16]byte
	v, ok := refNumberWord(refLowerInto(buf[:0], w))
	if !ok {
		return Figure{}, 0, false
	}
	if e < len(t) && t[e] == '-' {
		// "twenty-five", but not "three-year" (kept as 3)
		w2, e2 := p.refLetters(e + 1)
		if u, ok := refUnitWords[strings.ToLower(w2)]; ok && v >= 20 && p.refWordBoundaryAt(e2) {
			v += u
			e = e2
		}
	}
	if !p.refWordBoundaryAt(e) && !(e < len(t) && t[e] == '-') {
		return Figure{}, 0, false
	}
	if strings.EqualFold(w, "dozen") {
		if !strings.EqualFold(p.refPrevWord(i), "a") {
			return Figure{}, 0, false
		}
	}
	f := Figure{Span: Span{i, e}, Kind: Count, Hedge: p.refHedgeBefore(i)}
	scale := 1.0
	end := e
	k := p.refSkipSpaces(e)
	w2, e2 := p.refLetters(k)
	if m := refMagnitudeWord(strings.ToLower(w2)); m > 0 && k > e {
		scale = m
		end = e2
		k = p.refSkipSpaces(e2)
		w2, e2 = p.refLetters(k)
	}
	switch strings.ToLower(w2) {
	case "percent":
		f.Kind = Percent
		end = e2
	case "per":
		if w3, e3 := p.refLetters(p.refSkipSpaces(e2)); strings.EqualFold(w3, "cent") {
			f.Kind = Percent
			end = e3
		}
	}
	f.End = end
	a := Amount{Value: v * scale, Step: scale, LooseStep: scale, Scale: scale}
	f.Low, f.High = a, a
	return f, end, true
}

// refYearRange reads "2025-2026" and "2025–26" after a year.
func (p refFigureParser) refYearRange(f Figure, end int) (Figure, int, bool) {
	t := p.text
	k := end
	switch {
	case k < len(t) && t[k] == '-':
		k++
	case strings.HasPrefix(t[k:], "–"), strings.HasPrefix(t[k:], "—"):
		k += len("–")
	default:
		return f, end, false
	}
	n, ok := p.refReadNumber(k)
	if !ok || n.hasSeparators || n.decimals > 0 || !p.refWordBoundaryAt(n.end) {
		return f, end, false
	}
	y := int(n.value)
	switch n.integerDigits {
	case 2:
		y += f.Date.Year / 100 * 100
	case 4:
	default:
		return f, end, false
	}
	if y <= f.Date.Year || y > f.Date.Year+50 {
		return f, end, false
	}
	f.High = Amount{Value: float64(y), Step: 1, LooseStep: 1, Scale: 1}
	f.Range = true
	f.End = n.end
	return f, n.end, true
}

// refTimeAt reads "10:30" and an optional "a.m."/"p.m." after it.
func (p refFigureParser) refTimeAt(f Figure, n refNumber, colon int) (Figure, int, bool) {
	t := p.text
	mins := float64(t[colon+1]-'0')*10 + float64(t[colon+2]-'0')
	if mins >= 60 || colon+3 < len(t) && refIsDigit(t[colon+3]) {
		return Figure{}, 0, false
	}
	end := colon + 3
	h := n.value
	k := p.refSkipSpaces(end)
	if w, e := p.refLetters(k); refIsMeridiem(w) {
		h = refMeridiem(h, w)
		end = e
		if end < len(t) && t[end] == '.' {
			end++
		}
	}
	f.Kind, f.Currency = Time, ""
	f.Low = Amount{Value: h*60 + mins, Step: 1, LooseStep: 1, Scale: 1}
	f.High = f.Low
	f.End = end
	return f, end, true
}

func refIsMeridiem(w string) bool {
	switch strings.ToLower(w) {
	case "am", "pm", "a.m", "p.m":
		return true
	}
	return false
}

func refMeridiem(h float64, w string) float64 {
	pm := strings.HasPrefix(strings.ToLower(w), "p")
	switch {
	case pm && h < 12:
		return h + 12
	case !pm && h == 12:
		return 0
	}
	return h
}

// refClockAt reads "2 p.m." whose refMeridiem starts at k.
func (p refFigureParser) refClockAt(f Figure, n refNumber, k int) (Figure, int, bool) {
	t := p.text
	k = p.refSkipSpaces(k)
	w, e := p.refLetters(k)
	if !refIsMeridiem(w) || n.decimals > 0 || n.value < 1 || n.value > 12 {
		return Figure{}, 0, false
	}
	if e < len(t) && t[e] == '.' {
		e++
	}
	f.Kind, f.Currency = Time, ""
	f.Low = Amount{Value: refMeridiem(n.value, w) * 60, Step: 1, LooseStep: 1, Scale: 1}
	f.High = f.Low
	f.End = e
	return f, e, true
}

// refSlashAt reads "54/100" (a score) and "4/30/2026" (a US date); other
// fractions and ratios ("24/7", "9/11") are not figures.
func (p refFigureParser) refSlashAt(f Figure, n refNumber, slash int) (Figure, int, bool) {
	t := p.text
	d, ok := p.refReadNumber(slash + 1)
	if !ok {
		return Figure{}, 0, false
	}
	if d.end < len(t) && t[d.end] == '/' && n.decimals == 0 && d.decimals == 0 {
		y, ok := p.refReadNumber(d.end + 1)
		if ok && y.integerDigits == 4 && !y.hasSeparators && y.decimals == 0 && n.value >= 1 && n.value <= 12 && d.value >= 1 && d.value <= 31 && p.refWordBoundaryAt(y.end) {
			return Figure{Span: Span{f.Start, y.end}, Kind: Date, Date: DateParts{Year: int(y.value), Month: int(n.value), Day: int(d.value)}}, y.end, true
		}
		return Figure{}, 0, false
	}
	if (d.value == 100 || d.value == 10 || d.value == 5) && d.decimals == 0 && !d.hasSeparators && p.refWordBoundaryAt(d.end) && n.value <= d.value && f.Currency == "" {
		f.Kind = Score
		f.Denominator = d.value
		amt := refAmountOf(n, 1, false, false)
		f.Low, f.High = amt, amt
		f.End = d.end
		return f, d.end, true
	}
	return Figure{}, 0, false
}

// refIsoDate reads "2026-04-30" whose first dash is at dash.
func (p refFigureParser) refIsoDate(y refNumber, dash int) (Figure, int, bool) {
	t := p.text
	if dash+5 >= len(t) {
		return Figure{}, 0, false
	}
	for _, k := range []int{dash + 1, dash + 2, dash + 4, dash + 5} {
		if !refIsDigit(t[k]) {
			return Figure{}, 0, false
		}
	}
	m := int(t[dash+1]-'0')*10 + int(t[dash+2]-'0')
	d := int(t[dash+4]-'0')*10 + int(t[dash+5]-'0')
	end := dash + 6
	if m < 1 || m > 12 || d < 1 || d > 31 || !p.refWordBoundaryAt(end) {
		return Figure{}, 0, false
	}
	return Figure{Span: Span{y.start, end}, Kind: Date, Date: DateParts{Year: int(y.value), Month: m, Day: d}}, end, true
}

// refMonthNumber returns the month a lower-case month name or abbreviation
// names, or 0. It is a switch rather than a map because every capitalised
// word starting like a month is looked up: the compiled switch compares
// lengths and bytes without hashing.
func refMonthNumber(w []byte) int {
	switch string(w) {
	case "january", "jan":
		return 1
	case "february", "feb":
		return 2
	case "march", "mar":
		return 3
	case "april", "apr":
		return 4
	case "may":
		return 5
	case "june", "jun":
		return 6
	case "july", "jul":
		return 7
	case "august", "aug":
		return 8
	case "september", "sep", "sept":
		return 9
	case "october", "oct":
		return 10
	case "november", "nov":
		return 11
	case "december", "dec":
		return 12
	}
	return 0
}

// refMonthAt reads a capitalised month name (or abbreviation with an optional
// period) at i.
func (p refFigureParser) refMonthAt(i int) (int, int, bool) {
	t := p.text
	if i >= len(t) {
		return 0, 0, false
	}
	switch t[i] { // the first refLetters of month names
	case 'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D':
	default:
		return 0, 0, false
	}
	w, e := p.refLetters(i)
	return p.refMonthOf(i, w, e)
}

// refMonthOf is refMonthAt for the refLetters w, ending at e, that p.refLetters(i)
// read.
func (p refFigureParser) refMonthOf(i int, w string, e int) (int, int, bool) {
	t := p.text
	switch t[i] {
	case 'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D':
	default:
		return 0, 0, false
	}
	if len(w) < 3 {
		return 0, 0, false
	}
	var buf [16]byte
	if len(w) > len(buf) {
		return 0, 0, false
	}
	m := refMonthNumber(refLowerInto(buf[:0], w))
	if m == 0 || !p.refWordBoundaryAt(e) && !(e < len(t) && t[e] == '.') {
		return 0, 0, false
	}
	if len(w) <= 4 && e < len(t) && t[e] == '.' {
		e++
	}
	return m, e, true
}

// refYearAfter reads ", 2026" or " 2026" after i.
func (p refFigureParser) refYearAfter(i int, needComma bool) (int, int, bool) {
	t := p.text
	k := i
	if k < len(t) && t[k] == ',' {
		k++
	} else if needComma {
		return 0, 0, false
	}
	k = p.refSkipSpaces(k)
	n, ok := p.refReadNumber(k)
	if !ok || n.integerDigits != 4 || n.hasSeparators || n.decimals > 0 || n.value < 1900 || n.value > 2100 || !p.refWordBoundaryAt(n.end) {
		return 0, 0, false
	}
	return int(n.value), n.end, true
}
