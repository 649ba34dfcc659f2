package rules

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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

Units are normalised before comparing: $364B = $364 billion = $364bn = 364,000 million dollars = US$364 billion; 10 cents = $0.10; 28%% = 28 percent = 28 per cent = 28 pct; 25 basis points = 0.25 percentage points; 4.5x = 4.5 times; 54/100 = 54 out of 100; April 30, 2026 = 30 April 2026 = 2026-04-30 = 4/30/2026. Ranges are one figure: "$194B-$199B", "$194 billion to $199 billion", "between $194 billion and $199 billion" and "$194–199 billion" all match each other; each end of a draft range may also match a separate single figure of a source, but not an end of a source range: "1.5%% to 2.5%%" does not trace to the two source ranges "2.5%% to 3.5%%" and "1.5%% to 3%%". A single figure may match either end of a source range; but two figures of the same kind written "A to B" or "A-B" ("up from 1.5%% to 2.5%%") are read as one range when one of them matches only an end of a source range, and then the pair must match a source range, or that figure a single source figure. Accounting negatives "($1.5 billion)" and signs "+1.29%%", "-3%%", "−3%%" are read; so are the directions of a percentage: "rose", "gained", "up", "an increase of" just before it or "higher", "a … increase" just after it (positive), and "fell", "declined", "down", "a decline of" before it or "lower", "a … drop" after it (negative). When both figures carry a sign or direction they must agree; otherwise magnitudes are compared.

Rounding tolerance: a figure may round the source value to the precision it is written with, never more. Written with fewer significant digits, it must equal the source value rounded to those digits: 28.4%% → 28%% is fine, $263.04 → $263 is fine, $364.2 billion → $364 billion is fine; 28%% → 30%% is not, and 28%% → 28.4%% (more precision than the source) is not. A range is written to one precision: both ends are compared at the finer of the two, so "4.5%% to 6%%" does not round "4.5%% to 5.5%%". With "about", "around", "approximately", "roughly", "nearly", "almost", "some" or "close to", trailing zeros are not significant and the figure may be up to %.0f%% from the source value (about 1,500 for 1,512). "More than", "over", "above", "at least", "tops" and "exceeds" X need a source value from X to %.1f×X; "less than", "under", "below" and "up to" X need one from X/%.1f to X.

A plain number without a unit matches a source figure of any unit with the same value ("an Alpha Score of 54" for 54/100), unless it counts things — a noun follows it ("seven members", "1,200 jobs") or it is an age between commas after a name ("Anil Malhotra, 58,") — when only a source count matches; a figure with a unit needs the same unit, and money the same currency. A number written after one of the words %s ("week 16", a numbered step) matches only a source number with the same word before or after it ("week 16", "16 weeks", "16-week"), and a source number written after one of them matches only such a draft number; a number with the word only after it ("three months") is otherwise a plain number. A year matches the same year or a date in it; a date matches a source date with the same day and month, and its year, if written, must appear in that source; a month and year ("March 2027") matches a source date in that month and year ("March 31, 2027"). A change given with its basis — year on year ("from a year earlier", "year-over-year") or quarter on quarter ("from the prior quarter", "sequentially") — does not match a source figure given only with the other basis. A ratio in words ("four in five", "one in three", "2 out of 10") is the percentage it rounds (80%%) and matches a source percentage as an approximate figure does ("nearly four in five" for 78.4%%). A figure may also be worked out from two figures of one source sentence of the same kind: their difference ("dwell was cut by 2.6 hours" for "fell to 21.3 hours from 23.9"; "28 basis points" between 2.46%% and 2.18%%), their sum (money and counts: "$225 million" for "$175 million upfront and $50 million on approval"), their ratio ("three times the placebo rate" for 42%% and 14%%) or one count's share of the other ("one in six" for "47 of its 286 branches"); it must round the result and lie within %.1f%% of it (5%% when written "about"). A plain number is worked out from counts only, or from percentages when "points" follows it ("up 28 points from 64%%"), and a numbered step ("week 12") never. A plain number right after basis points in its sentence counts basis points too ("33 basis points, down from 34"). Quarters and halves ("second quarter", "second-quarter", "Q2", "2Q", "first half", "H1") must be ones the sources name, when the sources name any of that sort: "second quarter" is held when the sources speak only of the third; sources that name no quarter do not check one. A period written with its year ("first half of 2027", "Q3 2026") must be named in that year, when the sources name that period only with other years. Not treated as figures otherwise: "one" and "two", other ordinal words, numbers glued to letters ("Q2", "FY25", "A320", "COVID-19"), index and document names ("S&P 500", "Chapter 11", "10-K") and numbers in web addresses.

What this rule does not check: a figure is matched by its value and unit, not by what it describes. A value the sources give for something else — two figures swapped between a drug and a placebo, the premium to one price given as the premium to another — traces; beyond the comparison basis, the label of a numbered step and the reporting period checked above, what each figure measures is for the editor. (Comparing the words around figures caught such swaps in tests but held a third of faithful drafts written from fresh press releases, so it is not used.)

Severity: each figure that matches nothing is **held**, named in the finding with the nearest source figure of the same unit when there is one; a figure read as the end of a range that matches no source range is **held** with the source range it matched; so are a change whose basis the sources give otherwise, and a quarter or half the sources do not name (or name for other years). Each figure worked out from two source figures is listed as **info** with the pair and how it is worked out. Each traced figure is listed as **info** with the source passage or market value it matches.`,
		ApproxTolerance*100, 1+BoundTolerance, 1+BoundTolerance, quotedList(labelWords), derivedTolerance*100)
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
	// Derived, when set, says how a traced figure is worked out from the
	// two source figures Found spans ("the difference of").
	Derived string
	// InRatio reports the numerator of a ratio ("four" of "four in five"),
	// traced with the ratio, whose trace is its denominator's.
	InRatio bool
	// Basis, when set, is the basis (year on year, quarter on quarter) the
	// draft gives a change that the sources give only with the other one
	// (Found).
	Basis int
	// PeriodLength reports the length of a reporting period ("the three
	// months to Sept. 30"), which is not traced: it names the period
	// another figure is of, which the sources may name as a quarter.
	PeriodLength bool
	// PairedWith, when set, is the range "A to B" a figure was read in
	// that matches no source range and whose end this figure is only as
	// the end of another source range.
	PairedWith string
	// rangeEnd reports a single figure traced to an end of a source range.
	rangeEnd bool
}

// FigureTraces traces every figure of the draft; the result is shared by
// the rules of one check.
func (a *Analysis) FigureTraces() []FigureTrace {
	return cached(a, "number.traced", func() []FigureTrace {
		figs := a.DraftFigures()
		out := make([]FigureTrace, len(figs))
		t := tracer{a: a, x: a.src.figureIndex(), market: a.marketPool()}
		for i, f := range figs {
			out[i] = t.trace(f, i, false)
		}
		t.pairs(figs, out)
		t.ratios(figs, out)
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
		if t.InRatio {
			continue // reported with its ratio
		}
		f := t.Figure
		written := a.Doc.Text[f.Start:f.End]
		fd := Finding{DraftSpan: [2]int{f.Start, f.End}, SourceSpan: t.Found}
		// The messages of traced figures, one per figure, are joined
		// directly: fmt would cost more than the tracing.
		switch {
		case t.Traced && t.Market != "":
			fd.Severity = Info
			fd.Message = "figure “" + written + "” matches the market data " + t.Market + " (" + t.FoundText + ")"
		case t.Traced && t.Derived != "":
			fd.Severity = Info
			fd.Message = "figure “" + written + "” is " + t.Derived + " “" + t.FoundText + "” in " + a.sourceLabel(t.Found.Source)
		case t.Traced:
			fd.Severity = Info
			fd.Message = "figure “" + written + "” traced to " + a.sourceLabel(t.Found.Source) + ": “" + t.FoundText + "”"
		case t.Basis != basisNone:
			fd.Severity = Hold
			fd.Message = fmt.Sprintf("figure “%s” (%s) is given as %s, but the sources give “%s” in %s as %s", written, describe(f),
				basisName(t.Basis), t.FoundText, a.sourceLabel(t.Found.Source), basisName(3-t.Basis))
		case t.PeriodLength:
			fd.Severity = Info
			fd.Message = "figure “" + written + "” is the length of a reporting period, not a figure to trace"
		case t.PairedWith != "":
			fd.Severity = Hold
			fd.Message = fmt.Sprintf("figure “%s” (%s) is the end of the range “%s”, which matches no source range; it matches only an end of the source range “%s” in %s",
				written, describe(f), t.PairedWith, t.FoundText, a.sourceLabel(t.Found.Source))
		default:
			fd.Severity = Hold
			fd.Message = fmt.Sprintf("figure “%s” (%s) is not in any source or the market data", written, describe(f))
			if t.Found != nil {
				fd.Message += fmt.Sprintf("; the nearest %s figure is “%s” in %s", f.Kind, t.FoundText, a.sourceLabel(t.Found.Source))
			}
		}
		fs = append(fs, fd)
	}
	return append(fs, periodFindings(a)...)
}

// periodFindings checks the quarters and halves the draft names ("second
// quarter", "Q2", "first half") against those the sources name: when the
// sources name periods of that sort and not this one, it is held. Sources
// that name no quarter (or no half) cannot check one, and do not.
func periodFindings(a *Analysis) []Finding {
	ps := extract.ReadPeriods(a.Doc.Text, true, true).Named
	if len(ps) == 0 {
		return nil
	}
	var fs []Finding
	for _, p := range ps {
		have := a.src.periods(!p.Half)
		name := p.String()
		written := a.Doc.Text[p.Start:p.End]
		fd := Finding{DraftSpan: [2]int{p.Start, p.End}}
		var named []string // the sources' periods of this sort
		prior := ""        // the quarter before a named one, when the sources speak of it
		for _, h := range have.named {
			if h.name == name {
				fd.SourceSpan = &h.where
			}
			named = append(named, h.name)
			if !p.Half && h.name[0] == 'Q' && have.priorQuarter && (int(h.name[1]-'0')+2)%4+1 == p.N {
				prior = h.name
			}
		}
		if fd.SourceSpan == nil && prior != "" {
			fs = append(fs, Finding{Severity: Info, DraftSpan: fd.DraftSpan,
				Message: "period “" + written + "” (" + name + ") is the quarter before " + prior + ", which the sources compare with"})
			continue
		}
		switch {
		case fd.SourceSpan != nil && p.Year != 0 && !yearAgrees(have.named, name, p.Year):
			fd.Severity = Hold
			fd.Message = fmt.Sprintf("period “%s” (%s %d) is not named in any source for %d; they name %s in %s", written, name, p.Year, p.Year, name, yearList(have.named, name))
		case fd.SourceSpan != nil:
			fd.Severity, fd.Message = Info, "period “"+written+"” ("+name+") is named in "+a.sourceLabel(fd.SourceSpan.Source)
		case len(named) > 0:
			fd.Severity = Hold
			fd.Message = fmt.Sprintf("period “%s” (%s) is not named in any source, which name %s", written, name, strings.Join(named, ", "))
		default:
			continue // the sources name no period of this sort: nothing to check against
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
	idx    int // index of the figure in src.figs
	// src is the source the figure is in; nil for market data. What a
	// comparison needs beyond the figure (the direction word before a
	// percentage, the years the source names) is read from it only for
	// the few candidates a draft figure is compared with.
	src *poolSource
	// dir, lbl and lblBefore are the direction word (see direction) and
	// the label (see figureLabel) of a source figure, read once when the
	// index is built: a figure is compared with many draft figures.
	dir       int8
	lbl       string
	lblBefore bool
}

// poolSource is one source's text and figures.
type poolSource struct {
	text string
	figs []extract.Figure
}

// direction is the direction word before the figure (see direction).
func (p poolFigure) direction() int { return int(p.dir) }

// label is the label word of a plain number (see figureLabel).
func (p poolFigure) label() (string, bool) { return p.lbl, p.lblBefore }

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
				pool = append(pool, poolFigure{Figure: f, source: i, text: src.Text[f.Start:f.End], src: &srcs[i], idx: k})
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
	upWords = wordSet(`rose rise rises rising gained gain gains up climbed climbs jumped jump jumps added increased
		increase increases higher advanced surged surges soared soars grew grow grows growth rallied`)
	downWords = wordSet(`fell fall falls falling dropped drop drops declined decline declines down lost slid slipped
		sank tumbled plunged plunges plummeted shed decreased decrease decreases lower shrank retreated dipped dips
		eased slumped slumps`)
	// upAfter and downAfter are the words right after a percentage that
	// give its direction: "6% lower", "a 22% increase".
	upAfter   = wordSet(`increase rise gain jump higher more growth climb advance surge`)
	downAfter = wordSet(`decrease decline drop fall lower less fewer reduction cut slump loss`)
)

// direction reads "rose 3%", "an increase of 3%", "3% higher" and "a 3%
// increase" (+1), and "fell 3%", "a decline of 3%", "3% lower" and "a 3%
// drop" (−1), for percentages: the word right before the figure, or before
// "by" or "of" there, else the word right after it.
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
		case k == 1 && (string(w) == "by" || string(w) == "of"):
			continue
		}
		break
	}
	// the word right after the figure, after spaces only
	after := text[f.End:min(len(text), f.End+24)]
	if s, e, ok := extract.NextWord(after, 0); ok && strings.TrimLeft(after[:s], " ") == "" {
		w := lowerWord(after[s:e], buf[:0])
		switch {
		case upAfter[string(w)]:
			return 1
		case downAfter[string(w)]:
			return -1
		}
	}
	return 0
}

// countsThings reports whether a plain number of the draft counts things:
// a noun follows it ("four members", "1,200 jobs") or it is an age between
// commas after a name ("Anil Malhotra, 58, joined"). Such a number matches
// only a source count, never a percentage, an amount of money, a score or
// market data that happens to have its value.
func countsThings(text string, f extract.Figure) bool {
	if f.Kind != extract.Count || f.Range {
		return false
	}
	if f.End < len(text) && text[f.End] == ',' && f.Start >= 3 && text[f.Start-2:f.Start] == ", " {
		if r, _ := utf8.DecodeLastRuneInString(text[:f.Start-2]); unicode.IsLetter(r) {
			w := text[:f.Start-2]
			w = w[strings.LastIndexAny(w, " \n")+1:]
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
				return true // an age
			}
		}
	}
	after := text[f.End:min(len(text), f.End+32)]
	s, e, ok := extract.NextWord(after, 0)
	if !ok || s == 0 || strings.TrimLeft(after[:s], " ") != "" || e-s < 3 || after[s] < 'a' || after[s] > 'z' {
		return false
	}
	var buf [16]byte
	return !notCounted[string(lowerWord(after[s:e], buf[:0]))]
}

// yearAgrees reports whether the sources name period name in year y, or
// name it without a year (so it may be y).
func yearAgrees(named []namedPeriod, name string, y int) bool {
	for _, h := range named {
		if h.name == name {
			return h.yearless || slices.Contains(h.years, y)
		}
	}
	return true
}

// yearList writes the years the sources name period name in: "2026 and
// 2028".
func yearList(named []namedPeriod, name string) string {
	var ys []string
	for _, h := range named {
		if h.name == name {
			for _, y := range h.years {
				ys = append(ys, strconv.Itoa(y))
			}
		}
	}
	return strings.Join(ys, " and ")
}

// periodLength reports whether a draft number is the length of a reporting
// period: three, six, nine or twelve months after "the", "past", "last",
// "first", "final", "next", "trailing", "latest", "recent", "over", "for",
// "in" or "within"
// ("in the three months to Sept. 30", "over the past 12 months").
func periodLength(text string, f extract.Figure) bool {
	if f.Kind != extract.Count || f.Range || f.Low.Scale != 1 {
		return false
	}
	switch f.Low.Value {
	case 3, 6, 9, 12:
	default:
		return false
	}
	if !followedBy(text, f, "months", "month") {
		return false
	}
	var buf [16]byte
	before := text[max(0, f.Start-16):f.Start]
	var last string
	for i := 0; ; {
		s, e, ok := extract.NextWord(before, i)
		if !ok {
			break
		}
		last, i = before[s:e], e
	}
	switch string(lowerWord(last, buf[:0])) {
	case "the", "past", "last", "first", "final", "next", "trailing", "latest", "recent", "over", "for", "in", "within":
		return true
	}
	return false
}

// followedBy reports whether one of words (lower case) follows figure f
// after one space or hyphen ("28 points", "three-month").
func followedBy(text string, f extract.Figure, words ...string) bool {
	after := text[f.End:min(len(text), f.End+16)]
	if after == "" || after[0] != ' ' && after[0] != '-' {
		return false
	}
	s, e, ok := extract.NextWord(after, 0)
	if !ok || s != 1 {
		return false
	}
	var buf [16]byte
	w := lowerWord(after[s:e], buf[:0])
	for _, x := range words {
		if string(w) == x {
			return true
		}
	}
	return false
}

// notCounted are the lower-case words after a number that do not name what
// it counts.
var notCounted = wordSet(`and the for from with than per after before over under since until into while when which
	that are was were been will would could should can may might has have had out points point percent times`)

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
	months  map[int][]int    // every date by its month, for a draft month-year date
	times   map[float64][]int
}

type indexed struct {
	value float64 // magnitude of one end
	fig   int     // index into pool
}

func newFigureIndex(pool []poolFigure) *figureIndex {
	x := &figureIndex{pool: pool, years: map[int][]int{}, dates: map[[2]int][]int{}, months: map[int][]int{}, times: map[float64][]int{}, amounts: make([]indexed, 0, len(pool)+8)}
	for i, p := range pool {
		if p.src != nil {
			pool[i].dir = int8(direction(p.src.text, *p.Figure))
			pool[i].lbl, pool[i].lblBefore = figureLabel(p.src.text, *p.Figure)
		}
		switch p.Kind {
		case extract.Year:
			for y := int(p.Low.Value); y <= int(p.High.Value) && y-int(p.Low.Value) < 200; y++ {
				x.years[y] = append(x.years[y], i)
			}
		case extract.Date:
			x.dates[[2]int{p.Date.Month, p.Date.Day}] = append(x.dates[[2]int{p.Date.Month, p.Date.Day}], i)
			x.months[p.Date.Month] = append(x.months[p.Date.Month], i)
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
		if f.Date.Day == 0 && f.Date.Year != 0 {
			list = x.months[f.Date.Month] // "March 2027" for "March 31, 2027" (see dateMatches)
		} else {
			list = x.dates[[2]int{f.Date.Month, f.Date.Day}]
		}
	case extract.Time:
		list = x.times[f.Low.Value]
	default:
		x.amountsNear(f.Low, f.Hedge, fn)
		return
	}
	for _, i := range list {
		if !fn(i) {
			return
		}
	}
}

// amountsNear calls fn with each pool amount within reach of amount d
// (written with hedge h), until fn returns false; it reports whether fn
// never did.
func (x *figureIndex) amountsNear(d extract.Amount, h extract.Hedge, fn func(i int) bool) bool {
	v := math.Abs(d.Value)
	slack := math.Max(d.Step, d.LooseStep)
	lo, hi := v/(1+BoundTolerance)-slack, v*(1+BoundTolerance)+slack
	// An exact or approximate figure matches a single source value only
	// within its rounding of it (see amountMatches): other single values
	// in the window are passed over here, without the full comparison.
	// Ranges are always compared, as either end may match.
	near := h == extract.Exact || h == extract.Approx
	for k := sort.Search(len(x.amounts), func(k int) bool { return x.amounts[k].value >= lo }); k < len(x.amounts) && x.amounts[k].value <= hi; k++ {
		a := x.amounts[k]
		if near && !x.pool[a.fig].Range && math.Abs(v-a.value) > slack/2+1e-9*math.Max(1, math.Max(v, a.value)) {
			continue
		}
		if !fn(a.fig) {
			return false
		}
	}
	return true
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

// tracer holds what tracing the figures of one draft reads.
type tracer struct {
	a      *Analysis
	x      *figureIndex
	market []poolFigure
	// bases are the comparison bases of pool figures (basis+1; 0 unread)
	bases []int8
	// otherBasis is a source figure the last traced figure matched but for
	// its basis, or -1
	otherBasis int
	// sentencePairs are the pairs of source figures of one sentence (see
	// sentencePairs), listed when a figure is first looked for in them
	sentencePairs [][2]int
}

// trace finds what a draft figure (the k-th of the draft, or k −1 for an
// end of a draft range) matches: a source figure, else a market value.
// With singles, only source figures that are not ranges count.
func (t *tracer) trace(f extract.Figure, k int, singles bool) FigureTrace {
	a, x := t.a, t.x
	tr := FigureTrace{Figure: f}
	if k >= 0 && periodLength(a.Doc.Text, f) {
		tr.PeriodLength = true
		return tr
	}
	dir := direction(a.Doc.Text, f)
	q := query{f: f, dir: dir, singles: singles}
	q.label, q.labelBefore = figureLabel(a.Doc.Text, f)
	q.counted = countsThings(a.Doc.Text, f)
	if k >= 0 {
		figs := a.DraftFigures()
		q.basis = changeBasis(a.Doc.Text, figs, k)
		q.bps = f.Kind == extract.Count && k > 0 && figs[k-1].Kind == extract.Points && figs[k-1].Low.Scale == 0.01 &&
			f.Start-figs[k-1].End <= 40 && sameSentence(a.Doc.Text[figs[k-1].End:f.Start])
	}
	t.otherBasis = -1
	first := -1
	t.matching(q, func(i int) bool { first = i; return false })
	if first >= 0 {
		p := x.pool[first]
		tr.Traced = true
		tr.FoundText = p.text
		tr.Found = &draft.SourceSpan{Source: p.source, Span: [2]int{p.Start, p.End}}
		tr.rangeEnd = p.Range && !f.Range
		return tr
	}
	for _, p := range t.market {
		if figureMatches(f, dir, p) && !q.labelBefore && !q.counted {
			tr.Traced, tr.FoundText, tr.Market = true, p.text, p.market
			return tr
		}
	}
	if t.otherBasis >= 0 {
		// matched only by source figures of the other basis
		p := x.pool[t.otherBasis]
		tr.Found = &draft.SourceSpan{Source: p.source, Span: [2]int{p.Start, p.End}}
		tr.FoundText, tr.Basis = p.text, q.basis
		return tr
	}
	// A range whose ends are separate single source figures: an end that
	// matches only an end of a source range does not count, as the range
	// it belongs to is not the draft's.
	if f.Range && f.Kind != extract.Date {
		lo, hi := f, f
		lo.Range, hi.Range = false, false
		lo.High, hi.Low = lo.Low, hi.High
		lt, ht := t.trace(lo, -1, true), t.trace(hi, -1, true)
		if lt.Traced && ht.Traced {
			lt.Figure = f
			lt.FoundText = lt.FoundText + " and " + ht.FoundText
			return lt
		}
	}
	// Worked out from two figures of one source sentence.
	if d, ok := t.derived(f); ok && !q.labelBefore {
		return d
	}
	if f.Kind == extract.Count && followedBy(a.Doc.Text, f, "point", "points") {
		// "up 28 points from 64%": percentage points, worked out
		g := f
		g.Kind = extract.Points
		if d, ok := t.derived(g); ok {
			d.Figure = f
			return d
		}
	}
	// Untraced: the nearest figure of the same kind, for the message.
	if i := x.nearest(f); i >= 0 {
		p := x.pool[i]
		tr.Found = &draft.SourceSpan{Source: p.source, Span: [2]int{p.Start, p.End}}
		tr.FoundText = p.text
	}
	return tr
}

// pairs reads two single figures of the same kind written "A to B"
// ("up from 1.5% to 2.5%") as a range when either traced only to an end of
// a source range: the pair must then match a source range with both ends,
// or each figure a single source figure; a figure that does neither is
// not traced.
func (t *tracer) pairs(figs []extract.Figure, out []FigureTrace) {
	text := t.a.Doc.Text
	for i := 0; i+1 < len(figs); i++ {
		f, g := figs[i], figs[i+1]
		if f.Range || g.Range || !sameKind(f, g) || f.Kind == extract.Date || f.Kind == extract.Year || f.Kind == extract.Time ||
			!out[i].rangeEnd && !out[i+1].rangeEnd || f.End > g.Start || !isRangeJoin(text[f.End:g.Start]) {
			continue
		}
		r := f
		r.Range, r.High, r.End = true, g.High, g.End
		if rt := t.trace(r, -1, false); rt.Traced && rt.Market == "" && rt.Found != nil {
			continue
		}
		for k := i; k <= i+1; k++ {
			if !out[k].rangeEnd {
				continue
			}
			if st := t.trace(figs[k], -1, true); st.Traced {
				out[k] = st
				continue
			}
			out[k] = FigureTrace{Figure: figs[k], Found: out[k].Found, FoundText: out[k].FoundText, PairedWith: text[figs[i].Start:figs[i+1].End]}
		}
		i++
	}
}

// isRangeJoin reports whether s, the text between two figures, makes them
// a range: " to ", "-" or "–".
func isRangeJoin(s string) bool {
	return s == " to " || s == "-" || s == "–"
}

// query is a draft figure to trace as read for matching: its direction
// word, its label, and whether only single source figures count.
type query struct {
	f           extract.Figure
	dir         int
	label       string
	labelBefore bool
	singles     bool
	counted     bool // f counts things (see countsThings): only a source count matches
	basis       int  // the change's basis (see changeBasis); a source figure of the other basis does not match
	bps         bool // a plain number right after basis points in its sentence, which it may count too
}

// matching calls fn with each source figure q matches, until fn returns
// false.
func (t *tracer) matching(q query, fn func(i int) bool) {
	if q.bps {
		// "33 basis points, down from 34": the plain number counts basis
		// points, kept as hundredths of a point
		g := q.f
		g.Low.Value, g.Low.Step, g.Low.LooseStep = g.Low.Value*0.01, g.Low.Step*0.01, g.Low.LooseStep*0.01
		g.High = g.Low
		stopped := !t.x.amountsNear(g.Low, g.Hedge, func(i int) bool {
			p := t.x.pool[i]
			return p.Kind != extract.Points || p.Low.Scale != 0.01 || !figureMatches(g, q.dir, p) || fn(i)
		})
		if stopped {
			return
		}
	}
	t.x.candidates(q.f, func(i int) bool {
		p := t.x.pool[i]
		if q.singles && p.Range || q.counted && p.Kind != extract.Count || !figureMatches(q.f, q.dir, p) {
			return true
		}
		if q.basis != basisNone && p.src != nil {
			if b := t.poolBasis(i); b != basisNone && b != q.basis {
				t.otherBasis = i
				return true
			}
		}
		if pl, pb := p.label(); !labelsAgree(q.label, q.labelBefore, pl, pb) {
			return true
		}
		return fn(i)
	})
}

// poolBasis is the comparison basis of pool figure i (see changeBasis),
// read once per check.
func (t *tracer) poolBasis(i int) int {
	if t.bases == nil {
		t.bases = make([]int8, len(t.x.pool))
	}
	if t.bases[i] == 0 {
		p := t.x.pool[i]
		t.bases[i] = int8(changeBasis(p.src.text, p.src.figs, p.idx) + 1)
	}
	return int(t.bases[i]) - 1
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
		// A range is written to one precision: "4.5% to 6%" does not
		// round "4.5% to 5.5%", though 6% alone would round 5.5%.
		lo, hi := f.Low, f.High
		lo.Step, hi.Step = min(lo.Step, hi.Step), min(lo.Step, hi.Step)
		return amountMatches(lo, f.Hedge, dir, p.Low, pdir) && amountMatches(hi, f.Hedge, dir, p.High, pdir)
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
