package rules

import (
	"math"
	"strings"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
)

// This file holds figures a draft works out from two figures of one source
// sentence, as reporters do: the difference ("dwell was cut by 2.6 hours"
// for "fell to 21.3 hours from 23.9"; "28 basis points" between 2.46% and
// 2.18%), the sum ("$225 million" of "$175 million upfront and $50 million
// on approval"), the ratio ("roughly three times the placebo rate") and a
// count's share of another ("one in six" of "47 of its 286 branches").

// maxDerivedGap bounds the text between the two figures of a pair.
const maxDerivedGap = 240

// derivedTolerance is how far, relative to the worked-out value, a figure
// written without "about" may be from it.
const derivedTolerance = 0.025

// derived reports the pair of figures of one source sentence that draft
// figure f is worked out from, as a trace, or ok false.
func (t *tracer) derived(f extract.Figure) (FigureTrace, bool) {
	switch f.Kind {
	case extract.Date, extract.Year, extract.Time, extract.Score:
		return FigureTrace{}, false
	}
	if f.Range {
		return FigureTrace{}, false
	}
	if t.sentencePairs == nil {
		t.sentencePairs = sentencePairs(t.x.pool)
	}
	for _, pr := range t.sentencePairs {
		a, b := t.x.pool[pr[0]], t.x.pool[pr[1]]
		if how, ok := derivedFrom(f, a.Low.Value, b.Low.Value, a.Kind); ok {
			return FigureTrace{Figure: f, Traced: true, Derived: how,
				Found:     &draft.SourceSpan{Source: a.source, Span: [2]int{a.Start, b.End}},
				FoundText: a.text + "” and “" + b.text}, true
		}
	}
	return FigureTrace{}, false
}

// sentencePairs lists the pairs of source figures a draft figure may be
// worked out from: single figures of one kind (money of one currency) in
// one sentence of one source, the first before the second.
func sentencePairs(pool []poolFigure) [][2]int {
	out := [][2]int{}
	for i := range pool {
		a := pool[i]
		if a.src == nil || a.Range || !derivable(a.Kind) {
			continue
		}
		for j := i + 1; j < len(pool) && pool[j].source == a.source; j++ {
			b := pool[j]
			if b.Start-a.End > maxDerivedGap || !sameSentence(a.src.text[a.End:max(a.End, b.Start)]) {
				break
			}
			if !b.Range && sameKind(*a.Figure, *b.Figure) {
				out = append(out, [2]int{i, j})
			}
		}
	}
	return out
}

// derivable reports whether figures of kind k may be worked with.
func derivable(k extract.Kind) bool {
	switch k {
	case extract.Count, extract.Money, extract.Percent, extract.Points, extract.Multiple:
		return true
	}
	return false
}

// derivedFrom reports how draft figure f is worked out from two source
// values x and y of kind k: "the difference of", "the sum of", "the ratio
// of" or "the share of", or ok false.
func derivedFrom(f extract.Figure, x, y float64, k extract.Kind) (string, bool) {
	x, y = math.Abs(x), math.Abs(y)
	hi, lo := math.Max(x, y), math.Min(x, y)
	// A worked-out figure must round the result and also lie close to it:
	// within 2.5% of it (5% when written "about"), so that rounding a
	// small difference ("3" for 2.6) or a loose ratio ("four times" for
	// 3.9) does not trace a figure by accident.
	tol := derivedTolerance
	if f.Hedge == extract.Approx {
		tol = ApproxTolerance
	}
	matches := func(v float64) bool {
		return v > 0 && math.Abs(math.Abs(f.Low.Value)-v) <= tol*v+1e-9 && amountMatches(f.Low, f.Hedge, 0, extract.Amount{Value: v}, 0)
	}
	plain := f.Kind == extract.Count && k == extract.Count // a plain number is worked out from counts only
	switch {
	case (f.Kind == k && k != extract.Percent || plain || k == extract.Percent && f.Kind == extract.Points) && matches(hi-lo):
		return "the difference of", true
	case (f.Kind == k || plain) && (k == extract.Money || k == extract.Count) && matches(x+y):
		return "the sum of", true
	case f.Kind == extract.Multiple && lo > 0 && matches(hi/lo):
		return "the ratio of", true
	case f.Kind == extract.Percent && k == extract.Count && hi > 0 && matches(lo/hi*100):
		return "the share of", true
	}
	return "", false
}

// sameSentence reports whether the text between two figures stays within
// a sentence: no line break and no full stop, question or exclamation
// mark followed by a space.
func sameSentence(between string) bool {
	if strings.ContainsRune(between, '\n') {
		return false
	}
	for _, end := range []string{". ", "? ", "! "} {
		if strings.Contains(between, end) {
			return false
		}
	}
	return true
}
