package rules

// Tests of what the faster code paths rest on: each must give exactly what
// the plainer code it replaced gave.

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"sort"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// The figure index is sorted with slices.SortFunc; sort.Slice, which it
// replaced, runs the same algorithm, so equal values (the same figure in
// two sources) keep the order they had, and so does the source a figure is
// traced to.
func TestAmountOrderMatchesSortSlice(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for n := 0; n < 2000; n += 1 + r.Intn(50) {
		a := make([]indexed, n)
		distinct := 1 + r.Intn(n+1)
		for i := range a {
			a[i] = indexed{value: float64(r.Intn(distinct)), fig: i}
		}
		b := slices.Clone(a)
		sort.Slice(a, func(i, j int) bool { return a[i].value < a[j].value })
		x := newFigureIndex(nil)
		x.amounts = b
		x.sortAmounts()
		if !slices.Equal(a, x.amounts) {
			t.Fatalf("%d amounts (%d distinct values): order differs from sort.Slice", n, distinct)
		}
	}
}

// candidates passes over single source values an exact or approximate
// figure cannot match; the first match must be the one a full walk of the
// value window finds.
func TestCandidatesFindTheFirstMatch(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	kinds := []extract.Kind{extract.Count, extract.Money, extract.Percent, extract.Points, extract.Score, extract.Multiple}
	amount := func() extract.Amount {
		v := []float64{1, 1.5, 28, 28.4, 30, 100, 194, 199, 263.04, 364, 1500, 1512, 364e9, 194e9}[r.Intn(14)]
		v *= []float64{1, 1, 1.001, 0.999, 1.02, 0.5, 2}[r.Intn(7)]
		if r.Intn(5) == 0 {
			v = -v
		}
		step := []float64{0.01, 0.1, 1, 10, 100, 1e8, 1e9}[r.Intn(7)]
		return extract.Amount{Value: v, Step: step, LooseStep: step * []float64{1, 10, 100}[r.Intn(3)], Scale: 1, Signed: r.Intn(3) == 0}
	}
	figure := func() extract.Figure {
		f := extract.Figure{Kind: kinds[r.Intn(len(kinds))], Low: amount(), Hedge: extract.Hedge(r.Intn(4))}
		f.High = f.Low
		if r.Intn(4) == 0 {
			f.Range, f.High = true, amount()
		}
		if r.Intn(3) == 0 {
			f.Currency = "USD"
		}
		return f
	}
	for round := 0; round < 2000; round++ {
		var pool []poolFigure
		for k := 0; k < 5+r.Intn(60); k++ {
			// a source of its own whose direction word before the figure
			// (read only for percentages and points) is random
			f := figure()
			word := []string{"fell ", "", "rose "}[r.Intn(3)]
			f.Start, f.End = len(word), len(word)+2
			pool = append(pool, poolFigure{Figure: &f, source: k % 3, src: &poolSource{text: word + "9%"}})
		}
		x := newFigureIndex(pool)
		for q := 0; q < 20; q++ {
			f, dir := figure(), r.Intn(3)-1
			got := -1
			x.candidates(f, func(i int) bool {
				if figureMatches(f, dir, x.pool[i]) {
					got = i
					return false
				}
				return true
			})
			want := -1
			v := math.Abs(f.Low.Value)
			slack := math.Max(f.Low.Step, f.Low.LooseStep)
			lo, hi := v/(1+BoundTolerance)-slack, v*(1+BoundTolerance)+slack
			for _, a := range x.amounts {
				if a.value >= lo && a.value <= hi && figureMatches(f, dir, x.pool[a.fig]) {
					want = a.fig
					break
				}
			}
			if got != want {
				t.Fatalf("figure %+v: candidates found pool figure %d, the full walk %d", f, got, want)
			}
		}
	}
}

// Distinct facts are counted by a key written with strconv; it must be the
// key fmt wrote, "%s|%s|%.6g|%.6g|%v".
func TestFactKeyMatchesFmt(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	values := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e21, 1e-7, 123456.5, 1234565, 364e9, 263.04}
	for i := 0; i < 20000; i++ {
		values = append(values, math.Float64frombits(r.Uint64()), r.NormFloat64()*math.Pow(10, float64(r.Intn(30)-10)))
	}
	for i, v := range values {
		f := extract.Figure{Kind: extract.Kind(i % 11), Currency: []string{"", "USD", "EUR"}[i%3], Low: extract.Amount{Value: v}, High: extract.Amount{Value: -v},
			Date: extract.DateParts{Year: 2026 * (i % 2), Month: i % 13, Day: i % 32}}
		want := fmt.Sprintf("%s|%s|%.6g|%.6g|%v", f.Kind, f.Currency, f.Low.Value, f.High.Value, f.Date)
		if got := string(factKey(nil, f)); got != want {
			t.Fatalf("factKey = %q, fmt gives %q", got, want)
		}
	}
}

// A sentence's words are counted from the draft's word list; the count must
// be CountWords of the sentence's text.
func TestWordsInMatchesCountWords(t *testing.T) {
	for _, c := range loadEval(t) {
		a, err := NewAnalysis(c.input)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.DraftSentences() {
			if got, want := a.wordsIn(s.Span), extract.CountWords(a.Doc.Text[s.Start:s.End]); got != want {
				t.Fatalf("%s: sentence %q has %d words by the word list, %d by CountWords", c.Name, a.Doc.Text[s.Start:s.End], got, want)
			}
		}
	}
	srcs, text := benchTexts(t)
	for _, s := range append(srcs, source.Source{Text: text}) {
		words := extract.Words(s.Text)
		for _, se := range extract.Sentences(s.Text) {
			from := sort.Search(len(words), func(k int) bool { return words[k].Start >= se.Start })
			to := sort.Search(len(words), func(k int) bool { return words[k].Start >= se.End })
			if got, want := to-from, extract.CountWords(s.Text[se.Start:se.End]); got != want {
				t.Fatalf("sentence %q has %d words by the word list, %d by CountWords", s.Text[se.Start:se.End], got, want)
			}
		}
	}
}

// A check of sources analysed for it alone (a lazy corpus, the figure
// index built anew) must report what a check of prepared sources reports.
func TestColdCheckMatchesPrepared(t *testing.T) {
	for _, c := range loadEval(t) {
		cold, err := Check(c.input)
		if err != nil {
			t.Fatal(err)
		}
		prep, err := PrepareSources(c.input.Sources)
		if err != nil {
			t.Fatal(err)
		}
		in := c.input
		in.Prepared, in.Sources = prep, nil
		warm, err := Check(in)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := reportJSON(t, cold), reportJSON(t, warm); got != want {
			t.Errorf("%s: cold check\n%s\nprepared check\n%s", c.Name, got, want)
		}
	}
	srcs, text := benchTexts(t)
	d, doc, err := draft.Decode([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	prep, err := PrepareSources(srcs)
	if err != nil {
		t.Fatal(err)
	}
	cold, _ := Check(Input{Draft: d, Doc: doc, Sources: srcs, TagConfidence: TagConfidenceUnknown})
	warm, _ := Check(Input{Draft: d, Doc: doc, Prepared: prep, TagConfidence: TagConfidenceUnknown})
	if got, want := reportJSON(t, cold), reportJSON(t, warm); got != want {
		t.Errorf("benchmark draft: cold check\n%s\nprepared check\n%s", got, want)
	}
}

func reportJSON(t *testing.T, r Report) string {
	t.Helper()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// lexiconEntries turns words away on their hash (wordKinds) before the map
// lookup: it must give lexicon[w] for every key, every token of the test
// drafts and sources, and short and non-ASCII words.
func TestLexiconEntriesMatchLookup(t *testing.T) {
	words := []string{"", "a", "i", "’s", "é", "ée", "\xff"}
	for k := range lexicon {
		words = append(words, k, k+"s", k[:len(k)-1], "x"+k)
	}
	srcs, text := benchTexts(t)
	for _, s := range append(srcs, source.Source{Text: text}) {
		for _, tok := range tokensOf(s.Text, extract.Words(s.Text)) {
			words = append(words, tok.w)
		}
	}
	for _, w := range words {
		got, want := lexiconEntries(w), lexicon[w]
		if len(got) != len(want) || len(want) > 0 && &got[0] != &want[0] {
			t.Errorf("lexiconEntries(%q) has %d phrases, want lexicon's %d", w, len(got), len(want))
		}
	}
}
