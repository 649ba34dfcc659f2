package rules

import (
	"strings"

	"alphadesk/internal/extract"
)

// This file holds ratios of a few, written in words: "four in five", "one
// in three", "2 out of 10". Each is a rounded percentage (80%, 33.3%, 20%)
// and is traced as one, approximately: "nearly four in five patients" for
// a source's 78.4%.

// ratioNumerators are the numerators a ratio may be written with; "one"
// and "two" are not figures of their own (see extract.Figures).
var ratioNumerators = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9}

// ratioAt reads the ratio that the draft count f, from 2 to 10, is the
// denominator of ("five" in "four in five"): the ratio as an approximate
// percentage spanning it, or ok false.
func ratioAt(text string, f extract.Figure) (extract.Figure, bool) {
	den := f.Low.Value
	if f.Kind != extract.Count || f.Range || den < 2 || den > 10 || den != float64(int(den)) || f.Low.Scale != 1 {
		return extract.Figure{}, false
	}
	before := text[:f.Start]
	switch {
	case strings.HasSuffix(before, " in "):
		before = before[:len(before)-len(" in ")]
	case strings.HasSuffix(before, " out of "):
		before = before[:len(before)-len(" out of ")]
	default:
		return extract.Figure{}, false
	}
	ws := strings.LastIndexAny(before, " \n(") + 1
	var buf [8]byte
	num, ok := ratioNumerators[string(lowerWord(before[ws:], buf[:0]))]
	if !ok || num >= den {
		return extract.Figure{}, false
	}
	r := extract.Figure{Span: extract.Span{Start: ws, End: f.End}, Kind: extract.Percent, Hedge: extract.Approx}
	// as loose as a ratio of den is (within ApproxTolerance, as any
	// approximate figure), never exact
	r.Low = extract.Amount{Value: num / den * 100, Step: 0.01, LooseStep: 100 / den, Scale: 1}
	r.High = r.Low
	return r, true
}

// ratios traces each ratio of the draft as a percentage: the trace of its
// denominator becomes the ratio's, and its numerator's, when that is a
// figure of its own, is folded into it (InRatio).
func (t *tracer) ratios(figs []extract.Figure, out []FigureTrace) {
	text := t.a.Doc.Text
	for k, f := range figs {
		r, ok := ratioAt(text, f)
		if !ok {
			continue
		}
		out[k] = t.trace(r, -1, false)
		if k > 0 && figs[k-1].Start >= r.Start {
			out[k-1] = FigureTrace{Figure: figs[k-1], Traced: out[k].Traced, InRatio: true}
		}
	}
}
