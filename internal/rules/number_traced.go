package rules

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
)

// Tolerances for figures written with a qualifier.
const (
	// ApproxTolerance is how far (relative to the source value) a figure
	// written with "about", "nearly", "roughly"… may be from it, on top of
	// rounding to its significant digits.
	ApproxTolerance = 0.05
	// BoundTolerance is how far past a bound ("more than $1 billion",
	// "less than 5%") the source value may be: more than X traces to a
	// value in [X, 1.5·X].
	BoundTolerance = 0.5
)

// NumberTraced checks that every figure in the draft comes from a source or
// from the market data supplied with the check.
type NumberTraced struct{}

func init() { Register(NumberTraced{}) }

// Name implements Rule.
func (NumberTraced) Name() string { return "number.traced" }

// Description implements Rule.
func (NumberTraced) Description() string {
	return fmt.Sprintf(`Every figure in the draft — money, percentages, percentage and basis points, counts, multiples, scores, years, dates, times, and ranges of them — must match a figure in a source or in our own market data supplied with the check (price, day change, Alpha Score).

Units are normalised before comparing: $364B = $364 billion = $364bn = 364,000 million dollars = US$364 billion; 10 cents = $0.10; 28%% = 28 percent = 28 per cent = 28 pct; 25 basis points = 0.25 percentage points; 54/100 = 54 out of 100; April 30, 2026 = 30 April 2026 = 2026-04-30 = 4/30/2026. Ranges are one figure: "$194B-$199B", "$194 billion to $199 billion", "between $194 billion and $199 billion" and "$194–199 billion" all match each other; each end of a range may also match a separate figure, and a single figure may match either end of a source range. Accounting negatives "($1.5 billion)" and signs "+1.29%%", "-3%%", "−3%%" are read; so are the directions "rose", "gained", "up" (positive) and "fell", "declined", "down" (negative) just before a percentage. When both figures carry a sign or direction they must agree; otherwise magnitudes are compared.

Rounding tolerance: a figure may round the source value to the precision it is written with, never more. Written with fewer significant digits, it must equal the source value rounded to those digits: 28.4%% → 28%% is fine, $263.04 → $263 is fine, $364.2 billion → $364 billion is fine; 28%% → 30%% is not, and 28%% → 28.4%% (more precision than the source) is not. With "about", "around", "approximately", "roughly", "nearly", "almost", "some" or "close to", trailing zeros are not significant and the figure may be up to %.0f%% from the source value (about 1,500 for 1,512). "More than", "over", "above" and "at least" X need a source value from X to %.1f×X; "less than", "under", "below" and "up to" X need one from X/%.1f to X.

A plain number without a unit matches a source figure of any unit with the same value ("an Alpha Score of 54" for 54/100); a figure with a unit needs the same unit, and money the same currency. A year matches the same year or a date in it; a date matches a source date with the same day and month, and its year, if written, must appear in that source. Not treated as figures: "one" and "two", ordinal words ("second quarter"), numbers glued to letters ("Q2", "FY25", "A320", "COVID-19"), index and document names ("S&P 500", "Chapter 11", "10-K") and numbers in web addresses.

Severity: each figure that matches nothing is **held**, named in the finding with the nearest source figure of the same unit when there is one. Each traced figure is listed as **info** with the source passage or market value it matches.`,
		ApproxTolerance*100, 1+BoundTolerance, 1+BoundTolerance)
}

// FigureTrace is the verdict on one draft figure.
type FigureTrace struct {
	Figure extract.Figure
	// Traced reports a match in a source or the market data.
	Traced bool
	// Market names the market value matched ("price"), when it was one.
	Market string
	// Found is the matching source figure or, when untraced, the nearest.
	Found *draft.SourceSpan
	// FoundText is the text of Found or the market value.
	FoundText string
}

// FigureTraces traces every figure of the draft; the result is shared by
// the rules of one check.
func (a *Analysis) FigureTraces() []FigureTrace {
	return cached(a, "number.traced", func() []FigureTrace {
		figs := a.DraftFigures()
		out := make([]FigureTrace, len(figs))
		idx, market := a.src.figureIndex(), a.marketPool()
		for i, f := range figs {
			out[i] = trace(a, f, idx, market)
		}
		return out
	})
}

// Check implements Rule.
func (NumberTraced) Check(a *Analysis) []Finding {
	traces := a.FigureTraces()
	var fs []Finding
	if len(traces) > 0 {
		fs = make([]Finding, 0, len(traces)) // one finding per figure
	}
	for _, t := range traces {
		f := t.Figure
		written := a.Doc.Text[f.Start:f.End]
		fd := Finding{DraftSpan: [2]int{f.Start, f.End}, SourceSpan: t.Found}
		// The messages of traced figures, one per figure, are joined
		// directly: fmt would cost more than the tracing.
		switch {
		case t.Traced && t.Market != "":
			fd.Severity = Info
			fd.Message = "figure “" + written + "” matches the market data " + t.Market + " (" + t.FoundText + ")"
		case t.Traced:
			fd.Severity = Info
			fd.Message = "figure “" + written + "” traced to " + a.sourceLabel(t.Found.Source) + ": “" + t.FoundText + "”"
		default:
			fd.Severity = Hold
			fd.Message = fmt.Sprintf("figure “%s” (%s) is not in any source or the market data", written, describe(f))
			if t.Found != nil {
				fd.Message += fmt.Sprintf("; the nearest %s figure is “%s” in %s", f.Kind, t.FoundText, a.sourceLabel(t.Found.Source))
			}
		}
		fs = append(fs, fd)
	}
	return fs
}

// describe spells out what a figure was read as.
func describe(f extract.Figure) string {
	switch f.Kind {
	case extract.Date:
		return fmt.Sprintf("date %04d-%02d-%02d", f.Date.Year, f.Date.Month, f.Date.Day)
	case extract.Year:
		if f.Range {
			return fmt.Sprintf("years %d to %d", int(f.Low.Value), int(f.High.Value))
		}
		return fmt.Sprintf("year %d", f.Date.Year)
	}
	v := fmt.Sprintf("%s %s", f.Kind, num(f.Low.Value))
	if f.Range {
		v += " to " + num(f.High.Value)
	}
	if f.Currency != "" {
		v += " " + f.Currency
	}
	if f.Hedge != extract.Exact {
		v = f.Hedge.String() + " " + v
	}
	return v
}

func num(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e12:
		return trimFloat(v/1e12) + " trillion"
	case a >= 1e9:
		return trimFloat(v/1e9) + " billion"
	case a >= 1e6:
		return trimFloat(v/1e6) + " million"
	}
	return trimFloat(v)
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.4f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// poolFigure is a figure a draft figure may match. It points at the
// figure (in its source's list of figures) rather than copying it: the
// pool holds every figure of every source, and a check of sources analysed
// for it alone builds the pool each time.
type poolFigure struct {
	*extract.Figure
	source int    // -1 for market data
	market string // which market value
	text   string
	// src is the source the figure is in; nil for market data. What a
	// comparison needs beyond the figure (the direction word before a
	// percentage, the years the source names) is read from it only for
	// the few candidates a draft figure is compared with.
	src *poolSource
}

// poolSource is one source's text and figures.
type poolSource struct {
	text string
	figs []extract.Figure
}

// direction is the direction word before the figure (see direction).
func (p poolFigure) direction() int {
	if p.src == nil {
		return 0
	}
	return direction(p.src.text, *p.Figure)
}

// hasYear reports whether the figure's source names year y: a date in it,
// a year, or a range of years holding it.
func (p poolFigure) hasYear(y int) bool {
	if p.src == nil {
		return false
	}
	for _, f := range p.src.figs {
		if f.Date.Year == y || f.Kind == extract.Year && f.Range && y >= int(f.Low.Value) && y <= int(f.High.Value) && y-int(f.Low.Value) < 200 {
			return true
		}
	}
	return false
}

// figureIndex indexes the figures of every source.
func (s *Sources) figureIndex() *figureIndex {
	return sourceCached(s, "figure.index", func() *figureIndex {
		n := 0
		for i := range s.list {
			n += len(s.figures(i))
		}
		pool := make([]poolFigure, 0, n)
		srcs := make([]poolSource, len(s.list))
		for i, src := range s.list {
			figs := s.figures(i)
			srcs[i] = poolSource{text: src.Text, figs: figs}
			for k := range figs {
				f := &figs[k]
				pool = append(pool, poolFigure{Figure: f, source: i, text: src.Text[f.Start:f.End], src: &srcs[i]})
			}
		}
		return newFigureIndex(pool)
	})
}

// marketPool turns the market data into figures.
func (a *Analysis) marketPool() []poolFigure {
	var pool []poolFigure
	m := a.Market
	if m.Price != nil {
		pool = append(pool, marketFigure(extract.Money, "USD", *m.Price, false, "price", fmt.Sprintf("$%.2f", *m.Price)))
	}
	if m.DayChangePct != nil {
		pool = append(pool, marketFigure(extract.Percent, "", *m.DayChangePct, true, "day change", fmt.Sprintf("%+.2f%%", *m.DayChangePct)))
	}
	if m.AlphaScore != nil {
		f := marketFigure(extract.Score, "", *m.AlphaScore, false, "Alpha Score", fmt.Sprintf("%s/100", trimFloat(*m.AlphaScore)))
		f.Denominator = 100
		pool = append(pool, f)
	}
	return pool
}

func marketFigure(k extract.Kind, cur string, v float64, signed bool, name, text string) poolFigure {
	a := extract.Amount{Value: v, Step: 0, LooseStep: 0, Scale: 1, Signed: signed}
	return poolFigure{Figure: &extract.Figure{Kind: k, Currency: cur, Low: a, High: a}, source: -1, market: name, text: text}
}

var (
	upWords   = map[string]bool{"rose": true, "rise": true, "rises": true, "rising": true, "gained": true, "gain": true, "gains": true, "up": true, "climbed": true, "jumped": true, "added": true, "increased": true, "higher": true, "advanced": true, "surged": true, "soared": true, "grew": true, "grow": true, "grows": true, "rallied": true}
	downWords = map[string]bool{"fell": true, "fall": true, "falls": true, "falling": true, "dropped": true, "drop": true, "declined": true, "decline": true, "declines": true, "down": true, "lost": true, "slid": true, "slipped": true, "sank": true, "tumbled": true, "plunged": true, "shed": true, "decreased": true, "lower": true, "shrank": true, "retreated": true}
)

// direction reads "rose 3%" (+1) and "fell 3%" (−1) for percentages: the
// word right before the figure, or before "by".
func direction(text string, f extract.Figure) int {
	if f.Kind != extract.Percent && f.Kind != extract.Points {
		return 0
	}
	// the last two words of the 40 bytes before the figure, walked without
	// building a slice of all of them
	lo := max(0, f.Start-40)
	window := text[lo:f.Start]
	var last [2]extract.Span // last[1] is the word nearest the figure
	n := 0
	for i := 0; ; {
		s, e, ok := extract.NextWord(window, i)
		if !ok {
			break
		}
		i = e
		last[0], last[1] = last[1], extract.Span{Start: s, End: e}
		n++
	}
	var buf [16]byte
	for k := 1; k >= 0 && k >= 2-n; k-- {
		w := lowerWord(window[last[k].Start:last[k].End], buf[:0])
		switch { // string(w) in a map index or comparison does not allocate
		case upWords[string(w)]:
			return 1
		case downWords[string(w)]:
			return -1
		case string(w) == "by":
			continue
		default:
			return 0
		}
	}
	return 0
}

// lowerWord is strings.ToLower(w) as bytes, written into buf for short
// ASCII words so that looking it up in a map does not allocate.
func lowerWord(w string, buf []byte) []byte {
	if len(w) > cap(buf) {
		return []byte(strings.ToLower(w))
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return []byte(strings.ToLower(w)) // Unicode case mappings
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// figureIndex finds the pool figures a draft figure may match without
// comparing it with every one: amounts sorted by magnitude (each range
// under both ends), dates, years and times by key.
type figureIndex struct {
	pool    []poolFigure
	amounts []indexed // sorted by value
	years   map[int][]int
	dates   map[[2]int][]int // month, day (0 for a month-year date)
	times   map[float64][]int
}

type indexed struct {
	value float64 // magnitude of one end
	fig   int     // index into pool
}

func newFigureIndex(pool []poolFigure) *figureIndex {
	x := &figureIndex{pool: pool, years: map[int][]int{}, dates: map[[2]int][]int{}, times: map[float64][]int{}, amounts: make([]indexed, 0, len(pool)+8)}
	for i, p := range pool {
		switch p.Kind {
		case extract.Year:
			for y := int(p.Low.Value); y <= int(p.High.Value) && y-int(p.Low.Value) < 200; y++ {
				x.years[y] = append(x.years[y], i)
			}
		case extract.Date:
			x.dates[[2]int{p.Date.Month, p.Date.Day}] = append(x.dates[[2]int{p.Date.Month, p.Date.Day}], i)
			if p.Date.Year != 0 {
				x.years[p.Date.Year] = append(x.years[p.Date.Year], i)
			}
		case extract.Time:
			x.times[p.Low.Value] = append(x.times[p.Low.Value], i)
		default:
			x.amounts = append(x.amounts, indexed{math.Abs(p.Low.Value), i})
			if p.Range {
				x.amounts = append(x.amounts, indexed{math.Abs(p.High.Value), i})
			}
		}
	}
	x.sortAmounts()
	return x
}

// sortAmounts sorts the amounts by value. slices.SortFunc runs the same
// pattern-defeating quicksort as the sort.Slice this replaced (both are
// generated from one template), so equal values (the same figure in two
// sources) end in the same order, without sort.Slice's reflection.
func (x *figureIndex) sortAmounts() {
	slices.SortFunc(x.amounts, func(a, b indexed) int {
		switch {
		case a.value < b.value:
			return -1
		case b.value < a.value:
			return 1
		}
		return 0
	})
}

// candidates calls fn with each pool figure that could match f, until fn
// returns false.
func (x *figureIndex) candidates(f extract.Figure, fn func(i int) bool) {
	var list []int
	switch f.Kind {
	case extract.Year:
		list = x.years[int(f.Low.Value)]
	case extract.Date:
		list = x.dates[[2]int{f.Date.Month, f.Date.Day}]
	case extract.Time:
		list = x.times[f.Low.Value]
	default:
		v := math.Abs(f.Low.Value)
		slack := math.Max(f.Low.Step, f.Low.LooseStep)
		lo, hi := v/(1+BoundTolerance)-slack, v*(1+BoundTolerance)+slack
		// An exact or approximate figure matches a single source value only
		// within its rounding of it (see amountMatches): other single values
		// in the window are passed over here, without the full comparison.
		// Ranges are always compared, as either end may match.
		near := f.Hedge == extract.Exact || f.Hedge == extract.Approx
		for k := sort.Search(len(x.amounts), func(k int) bool { return x.amounts[k].value >= lo }); k < len(x.amounts) && x.amounts[k].value <= hi; k++ {
			a := x.amounts[k]
			if near && !x.pool[a.fig].Range && math.Abs(v-a.value) > slack/2+1e-9*math.Max(1, math.Max(v, a.value)) {
				continue
			}
			if !fn(a.fig) {
				return
			}
		}
		return
	}
	for _, i := range list {
		if !fn(i) {
			return
		}
	}
}

// nearest returns the source figure of f's kind closest in value to f, or -1.
func (x *figureIndex) nearest(f extract.Figure) int {
	if f.Kind == extract.Date || f.Kind == extract.Year || f.Kind == extract.Time {
		return -1
	}
	v := math.Abs(f.Low.Value)
	k := sort.Search(len(x.amounts), func(k int) bool { return x.amounts[k].value >= v })
	best, bestD := -1, math.Inf(1)
	for _, dir := range []int{-1, 1} {
		start := k
		if dir < 0 {
			start = k - 1
		}
		for j, n := start, 0; j >= 0 && j < len(x.amounts) && n < 64; j, n = j+dir, n+1 {
			p := x.pool[x.amounts[j].fig]
			if p.Kind != f.Kind {
				continue
			}
			if d := math.Abs(x.amounts[j].value-v) / math.Max(x.amounts[j].value, 1e-9); d < bestD {
				best, bestD = x.amounts[j].fig, d
			}
			break
		}
	}
	return best
}

// trace finds what a draft figure matches: a source figure, else a market
// value.
func trace(a *Analysis, f extract.Figure, x *figureIndex, market []poolFigure) FigureTrace {
	t := FigureTrace{Figure: f}
	dir := direction(a.Doc.Text, f)
	x.candidates(f, func(i int) bool {
		p := x.pool[i]
		if !figureMatches(f, dir, p) {
			return true
		}
		t.Traced = true
		t.FoundText = p.text
		t.Found = &draft.SourceSpan{Source: p.source, Span: [2]int{p.Start, p.End}}
		return false
	})
	if t.Traced {
		return t
	}
	for _, p := range market {
		if figureMatches(f, dir, p) {
			t.Traced, t.FoundText, t.Market = true, p.text, p.market
			return t
		}
	}
	// A range whose ends are separate source figures.
	if f.Range && f.Kind != extract.Date {
		lo, hi := f, f
		lo.Range, hi.Range = false, false
		lo.High, hi.Low = lo.Low, hi.High
		lt, ht := trace(a, lo, x, market), trace(a, hi, x, market)
		if lt.Traced && ht.Traced {
			lt.Figure = f
			lt.FoundText = lt.FoundText + " and " + ht.FoundText
			return lt
		}
	}
	// Untraced: the nearest figure of the same kind, for the message.
	if i := x.nearest(f); i >= 0 {
		p := x.pool[i]
		t.Found = &draft.SourceSpan{Source: p.source, Span: [2]int{p.Start, p.End}}
		t.FoundText = p.text
	}
	return t
}

// kindsCompatible reports whether a draft figure of kind d may match a
// source figure of kind s.
func kindsCompatible(d, s extract.Kind) bool {
	if d == s {
		return true
	}
	switch d {
	case extract.Count:
		return s == extract.Money || s == extract.Percent || s == extract.Points || s == extract.Multiple || s == extract.Score
	case extract.Score:
		return s == extract.Count
	}
	return false
}

func figureMatches(f extract.Figure, dir int, p poolFigure) bool {
	switch f.Kind {
	case extract.Date:
		return dateMatches(f, p)
	case extract.Year:
		switch p.Kind {
		case extract.Year:
			return f.Low.Value == p.Low.Value && f.High.Value == p.High.Value ||
				!f.Range && f.Low.Value >= p.Low.Value && f.Low.Value <= p.High.Value
		case extract.Date:
			return !f.Range && p.Date.Year == f.Date.Year
		}
		return false
	case extract.Time:
		return p.Kind == extract.Time && f.Low.Value == p.Low.Value
	}
	if !kindsCompatible(f.Kind, p.Kind) {
		return false
	}
	if f.Currency != "" && p.Currency != "" && f.Currency != p.Currency {
		return false
	}
	// The source's direction word counts only against a draft figure with
	// a sign or direction of its own (see amountMatches): it is read only
	// then.
	pdir := 0
	if dir != 0 || f.Low.Signed || f.High.Signed {
		pdir = p.direction()
	}
	switch {
	case f.Range && p.Range:
		return amountMatches(f.Low, f.Hedge, dir, p.Low, pdir) && amountMatches(f.High, f.Hedge, dir, p.High, pdir)
	case f.Range:
		return false
	case p.Range:
		return amountMatches(f.Low, f.Hedge, dir, p.Low, pdir) || amountMatches(f.Low, f.Hedge, dir, p.High, pdir)
	}
	return amountMatches(f.Low, f.Hedge, dir, p.Low, pdir)
}

func dateMatches(f extract.Figure, p poolFigure) bool {
	if p.Kind != extract.Date {
		return false
	}
	d, s := f.Date, p.Date
	if d.Month != s.Month {
		return false
	}
	if d.Day != 0 && d.Day != s.Day {
		return false
	}
	if d.Day == 0 && s.Day != 0 && d.Year == 0 {
		return false
	}
	if d.Year != 0 && d.Year != s.Year {
		return s.Year == 0 && p.hasYear(d.Year)
	}
	return true
}

// sign returns the explicit sign of an amount, or the direction word's.
func sign(a extract.Amount, dir int) int {
	if a.Signed {
		switch {
		case a.Value < 0:
			return -1
		case a.Value > 0:
			return 1
		}
		return 0
	}
	return dir
}

// amountMatches compares a draft amount with a source amount under the
// rounding and hedge tolerances.
func amountMatches(d extract.Amount, h extract.Hedge, ddir int, s extract.Amount, sdir int) bool {
	ds, ss := sign(d, ddir), sign(s, sdir)
	if ds != 0 && ss != 0 && ds != ss {
		return false
	}
	dv, sv := math.Abs(d.Value), math.Abs(s.Value)
	eps := 1e-9 * math.Max(1, math.Max(dv, sv))
	diff := math.Abs(dv - sv)
	if diff <= d.Step/2+eps {
		return true
	}
	switch h {
	case extract.Approx:
		return diff <= math.Max(d.LooseStep/2, d.Step/2)+eps && diff <= ApproxTolerance*sv+eps
	case extract.AtLeast:
		return sv+eps >= dv && sv <= dv*(1+BoundTolerance)+eps
	case extract.AtMost:
		return sv <= dv+eps && sv*(1+BoundTolerance)+eps >= dv
	}
	return false
}
