package extract

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// figureInputs are figures and near-figures, by name, whose reading (or
// passing over) testdata/figures.golden pins.
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

// figureFiles are the rules package's evaluation and seed texts: press
// releases, wire copy and drafts, dense in figures.
func figureFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, root := range []string{filepath.Join("..", "rules", "testdata", "eval"), filepath.Join("..", "rules", "testdata", "seed")} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			// the texts, not the evaluation's manifest and results
			if err == nil && !d.IsDir() && d.Name() != "manifest.json" && !strings.HasSuffix(d.Name(), ".golden") && !strings.HasSuffix(d.Name(), ".golden.json") {
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
	return files
}

// TestFiguresGolden pins every figure Figures reads in figureInputs and
// the evaluation and seed texts, with every field (floats written exactly),
// in testdata/figures.golden. A change in what Figures reads shows there
// as a diff to review; refresh it with -update only for an intended one.
func TestFiguresGolden(t *testing.T) {
	var b strings.Builder
	for _, in := range figureInputs {
		writeFigures(&b, "input "+in.name, in.text, Figures(in.text))
	}
	for _, f := range figureFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFigures(&b, filepath.ToSlash(strings.TrimPrefix(f, filepath.Join("..", "rules", "testdata")+string(filepath.Separator))), string(data), Figures(string(data)))
	}
	golden := filepath.Join("testdata", "figures.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with go test ./internal/extract -run TestFiguresGolden -update)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("figures differ from %s at line %d:\n got %s\nwant %s", golden, i+1, g, w)
			}
		}
	}
}

// writeFigures writes one line per figure of text: its span and text, then
// every field.
func writeFigures(b *strings.Builder, name, text string, figs []Figure) {
	fmt.Fprintf(b, "== %s: %d figures\n", name, len(figs))
	amount := func(a Amount) string {
		g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
		s := g(a.Value) + " step " + g(a.Step) + " loose " + g(a.LooseStep) + " scale " + g(a.Scale)
		if math.Signbit(a.Value) && a.Value == 0 {
			s = "-" + s
		}
		if a.Signed {
			s += " signed"
		}
		return s
	}
	for _, f := range figs {
		fmt.Fprintf(b, "%d-%d %q %s", f.Start, f.End, text[f.Start:f.End], f.Kind)
		if f.Currency != "" {
			b.WriteString(" " + f.Currency)
		}
		b.WriteString(" [" + amount(f.Low) + "]")
		if f.Range || f.High != f.Low {
			fmt.Fprintf(b, " to [%s] range=%v", amount(f.High), f.Range)
		}
		if f.Hedge != Exact {
			b.WriteString(" " + f.Hedge.String())
		}
		if f.Date != (DateParts{}) {
			fmt.Fprintf(b, " date %d-%d-%d", f.Date.Year, f.Date.Month, f.Date.Day)
		}
		if f.Denominator != 0 {
			b.WriteString(" /" + strconv.FormatFloat(f.Denominator, 'g', -1, 64))
		}
		b.WriteString("\n")
	}
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

// TestFiguresKeepsNoScratch checks that Figures' results do not share the
// scratch space it keeps between calls: a result is unchanged by later
// calls, also made at the same time from other goroutines (go test -race).
func TestFiguresKeepsNoScratch(t *testing.T) {
	t.Parallel()
	texts := []string{fuzzSeeds[0], fuzzSeeds[2], fuzzSeeds[6], "no figures here", figureInputs[0].text}
	wants := map[string][]Figure{}
	for _, text := range texts {
		wants[text] = Figures(text) // each from a call of its own, before any other
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for n := range 50 {
				text := texts[(g+n)%len(texts)]
				got := Figures(text)
				want := wants[text]
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
