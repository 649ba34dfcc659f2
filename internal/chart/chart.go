// Package chart turns a time series into the geometry of a line chart:
// an SVG path for the line and the area under it, price gridlines at round
// values, date labels, and markers for the high and the low. It is pure:
// values in, values out, no I/O, so pages render it with a template and tests
// check it without a browser.
package chart

import (
	"math"
	"strconv"
	"time"
)

// Point is one observation: a value at a time. Points are drawn in the order
// given, evenly spaced, as trading days are on a price chart.
type Point struct {
	Time  time.Time
	Value float64
}

// Layout is the size of the chart in SVG user units.
type Layout struct {
	Width, Height float64
	// Margins around the plot area. The right margin holds the price labels
	// and the bottom margin the date labels.
	Left, Right, Top, Bottom float64
	// YTicks is the number of price gridlines to aim for.
	YTicks int
	// MaxPoints caps the vertices of the line: longer series are reduced to
	// the low and high of each horizontal bucket, which keeps their shape.
	MaxPoints int
}

// DefaultLayout is a 720×320 chart suited to a page's main column.
var DefaultLayout = Layout{
	Width: 720, Height: 320,
	Left: 8, Right: 64, Top: 20, Bottom: 28,
	YTicks: 5, MaxPoints: 600,
}

// Rect is the plot area.
type Rect struct{ Left, Top, Right, Bottom float64 }

// Tick is a gridline or axis label at Pos (y for prices, x for dates).
type Tick struct {
	Pos   float64
	Value float64 // the price for y ticks; unused for x ticks
	Label string
}

// Marker is a labelled point: the series' high or low.
type Marker struct {
	Point
	X, Y float64
	// LabelX, LabelY and Anchor ("start", "middle", "end") place the label
	// so it stays inside the chart.
	LabelX, LabelY float64
	Anchor         string
}

// Chart is the geometry of a line chart. All coordinates are finite and
// within the Width×Height view box.
type Chart struct {
	Width, Height float64
	Plot          Rect
	// Line and Area are SVG path data; both are empty when Empty.
	Line, Area string
	// Vertices is the number of points in Line.
	Vertices       int
	YTicks, XTicks []Tick
	High, Low      Marker
	// First and Last are the first and last points drawn.
	First, Last Point
	// Empty is true when no point had a finite value.
	Empty bool
}

// Change is the change from the first to the last point as a fraction of the
// first; ok is false when it is undefined.
func (c Chart) Change() (frac float64, ok bool) {
	if c.Empty || c.First.Value == 0 {
		return 0, false
	}
	frac = (c.Last.Value - c.First.Value) / c.First.Value
	return frac, finite(frac)
}

// Build lays out points in l. Points whose value is NaN or infinite are
// skipped. It never fails: degenerate input gives an Empty chart or a flat
// line.
func Build(points []Point, l Layout) Chart {
	l = l.sane()
	c := Chart{
		Width: l.Width, Height: l.Height,
		Plot: Rect{Left: l.Left, Top: l.Top, Right: l.Width - l.Right, Bottom: l.Height - l.Bottom},
	}
	pts := make([]Point, 0, len(points))
	for _, p := range points {
		if finite(p.Value) {
			pts = append(pts, p)
		}
	}
	if len(pts) == 0 {
		c.Empty = true
		return c
	}
	c.First, c.Last = pts[0], pts[len(pts)-1]

	hi, lo := 0, 0
	for i, p := range pts {
		if p.Value > pts[hi].Value {
			hi = i
		}
		if p.Value < pts[lo].Value {
			lo = i
		}
	}
	dom := niceDomain(pts[lo].Value, pts[hi].Value, l.YTicks)
	xs := xScale{plot: c.Plot, n: len(pts)}
	ys := yScale{plot: c.Plot, lo: dom.lo, hi: dom.hi}

	for i := range dom.n {
		v := dom.start + float64(i)*dom.step
		c.YTicks = append(c.YTicks, Tick{Pos: round1(ys.at(v)), Value: v, Label: FormatNumber(v, dom.decimals)})
	}
	c.XTicks = dateTicks(pts, xs)

	// The path moves to the first vertex, then draws to each next one by
	// its offset from the one before ("l2.6-4.2"): a third shorter than
	// absolute coordinates, and exact, since the offsets are taken between
	// vertices already rounded to tenths (no drift accumulates).
	line := make([]byte, 0, 12*min(len(pts), 2*l.MaxPoints))
	var px, py int64 // the previous vertex, in tenths
	for i, p := range thin(pts, l.MaxPoints) {
		x, y := tenths(xs.at(p.index)), tenths(ys.at(p.Value))
		if i == 0 {
			line = appendTenths(append(line, 'M'), x)
			line = appendTenths(append(line, ' '), y)
		} else {
			line = appendTenths(append(line, 'l'), x-px)
			if y-py >= 0 {
				line = append(line, ' ')
			}
			line = appendTenths(line, y-py)
		}
		px, py = x, y
		c.Vertices++
	}
	if len(pts) == 1 {
		// A lone vertex draws nothing; give it a short flat stroke.
		line = append(line, 'h', '0', '.', '1')
	}
	c.Line = string(line)
	// The area closes the line down to the bottom and back to the start.
	area := appendTenths(append(line, 'V'), tenths(c.Plot.Bottom))
	area = appendTenths(append(area, 'H'), tenths(xs.at(0)))
	c.Area = string(append(area, 'Z'))

	c.High = c.marker(pts[hi], xs.at(hi), ys.at(pts[hi].Value), true)
	c.Low = c.marker(pts[lo], xs.at(lo), ys.at(pts[lo].Value), false)
	return c
}

func (l Layout) sane() Layout {
	d := DefaultLayout
	if !(l.Width > 0 && l.Height > 0 && finite(l.Width) && finite(l.Height)) {
		return d
	}
	if l.Left < 0 || l.Right < 0 || l.Top < 0 || l.Bottom < 0 || l.Left+l.Right >= l.Width || l.Top+l.Bottom >= l.Height {
		l.Left, l.Right, l.Top, l.Bottom = 0, 0, 0, 0
	}
	if l.YTicks < 2 {
		l.YTicks = d.YTicks
	}
	if l.MaxPoints < 2 {
		l.MaxPoints = d.MaxPoints
	}
	return l
}

type xScale struct {
	plot Rect
	n    int
}

func (s xScale) at(i int) float64 {
	if s.n <= 1 {
		return (s.plot.Left + s.plot.Right) / 2
	}
	return s.plot.Left + (s.plot.Right-s.plot.Left)*float64(i)/float64(s.n-1)
}

type yScale struct {
	plot   Rect
	lo, hi float64
}

// at maps v in [lo, hi] to a y coordinate. It works on halves so that the
// differences of extreme finite values cannot overflow.
func (s yScale) at(v float64) float64 {
	span := s.hi/2 - s.lo/2
	t := 0.5
	if span > 0 {
		t = (v/2 - s.lo/2) / span
	}
	if !finite(t) {
		t = 0.5
	}
	t = math.Max(0, math.Min(1, t))
	return s.plot.Bottom - (s.plot.Bottom-s.plot.Top)*t
}

type indexed struct {
	Point
	index int
}

// thin returns the points to draw, at most limit of them: all of them when
// few, else the low and high of each of limit/2 buckets in time order.
func thin(pts []Point, limit int) []indexed {
	out := make([]indexed, 0, min(len(pts), limit))
	if len(pts) <= limit {
		for i, p := range pts {
			out = append(out, indexed{p, i})
		}
		return out
	}
	buckets := limit / 2
	for b := range buckets {
		from, to := b*len(pts)/buckets, (b+1)*len(pts)/buckets
		lo, hi := from, from
		for i := from; i < to; i++ {
			if pts[i].Value < pts[lo].Value {
				lo = i
			}
			if pts[i].Value > pts[hi].Value {
				hi = i
			}
		}
		first, second := min(lo, hi), max(lo, hi)
		out = append(out, indexed{pts[first], first})
		if second != first {
			out = append(out, indexed{pts[second], second})
		}
	}
	return out
}

func (c Chart) marker(p Point, x, y float64, high bool) Marker {
	m := Marker{Point: p, X: round1(x), Y: round1(y), Anchor: "middle"}
	const edge = 60
	lx := x
	switch {
	case x < c.Plot.Left+edge:
		m.Anchor, lx = "start", x-4
	case x > c.Plot.Right-edge:
		m.Anchor, lx = "end", x+4
	}
	ly := y + 18
	if high {
		ly = y - 8
	}
	m.LabelX = round1(clamp(lx, 0, c.Width))
	m.LabelY = round1(clamp(ly, 12, c.Height))
	return m
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// domain is the value range of the y axis and its gridlines.
type domain struct {
	lo, hi      float64
	start, step float64
	n           int // number of gridlines, 0 when none fit
	decimals    int
}

// NiceStep returns a round step (1, 2, 2.5 or 5 times a power of ten) that
// divides span into about target-1 intervals, or 0 when span is not a
// positive finite number.
func NiceStep(span float64, target int) float64 {
	if !(span > 0) || !finite(span) || target < 2 {
		return 0
	}
	raw := span / float64(target-1)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	if !(mag > 0) || !finite(mag) {
		return 0
	}
	var nice float64
	switch f := raw / mag; {
	case f <= 1:
		nice = 1
	case f <= 2:
		nice = 2
	case f <= 2.5:
		nice = 2.5
	case f <= 5:
		nice = 5
	default:
		nice = 10
	}
	return nice * mag
}

// niceDomain widens [lo, hi] to round bounds and lists the gridlines. A flat
// series is given a margin of 1% (or 1 around zero) either side.
func niceDomain(lo, hi float64, target int) domain {
	if hi <= lo {
		v := lo
		pad := math.Abs(v) * 0.01
		if !(pad > 0) {
			pad = 1
		}
		lo, hi = v-pad, v+pad
		// Near the largest float one side overflows; keep the other.
		if !finite(lo) {
			lo = v
		}
		if !finite(hi) {
			hi = v
		}
	}
	d := domain{lo: lo, hi: hi}
	step := NiceStep(hi-lo, target)
	if step == 0 {
		return d
	}
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step) * step
	// Leave room for the high and low labels when an extreme sits on a
	// gridline.
	if lo-start < step/10 {
		start -= step
	}
	if end-hi < step/10 {
		end += step
	}
	n := math.Round((end-start)/step) + 1
	if !finite(start) || !finite(end) || n < 2 || n > float64(2*target+4) {
		return d
	}
	d.lo, d.hi, d.start, d.step, d.n = start, end, start, step, int(n)
	d.decimals = decimalsFor(step)
	return d
}

// decimalsFor is the number of decimals that writes every multiple of step
// exactly (up to 10).
func decimalsFor(step float64) int {
	for d := 0; d < 10; d++ {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*scaled {
			return d
		}
	}
	return 10
}

// FormatNumber writes v with the given decimals and comma thousands
// separators ("12,345.50"). Magnitudes of 1e15 and more use exponent form.
func FormatNumber(v float64, decimals int) string {
	if v == 0 || math.Abs(v) < 0.5*math.Pow(10, -float64(decimals)) {
		v = 0 // no "-0.00"
	}
	if !finite(v) || math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i:]
			break
		}
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	return string(append(out, frac...))
}

// dateTicks labels the first point of each calendar week, month or year,
// at the coarsest unit that keeps the labels readable.
func dateTicks(pts []Point, xs xScale) []Tick {
	if len(pts) < 2 {
		return nil
	}
	u := pickUnit(pts[0].Time, pts[len(pts)-1].Time)
	const minGap = 56 // user units between labels, and from the plot's edges
	var ticks []Tick
	prev := u.bucket(pts[0].Time)
	for i := 1; i < len(pts); i++ {
		b := u.bucket(pts[i].Time)
		if b == prev {
			continue
		}
		prev = b
		x := xs.at(i)
		if x < xs.plot.Left+minGap/2 || x > xs.plot.Right-minGap/2 {
			continue
		}
		if len(ticks) > 0 && x-ticks[len(ticks)-1].Pos < minGap {
			continue
		}
		ticks = append(ticks, Tick{Pos: round1(x), Label: pts[i].Time.Format(u.layout)})
	}
	return ticks
}

// unit is a calendar interval for date labels.
type unit struct {
	days   float64 // approximate length
	bucket func(time.Time) int64
	layout string
}

var units = []unit{
	{7, func(t time.Time) int64 { return weekIndex(t) }, "Jan 2"},
	{14, func(t time.Time) int64 { return weekIndex(t) / 2 }, "Jan 2"},
	{30.4, func(t time.Time) int64 { return monthIndex(t) }, "Jan 2006"},
	{61, func(t time.Time) int64 { return monthIndex(t) / 2 }, "Jan 2006"},
	{91, func(t time.Time) int64 { return monthIndex(t) / 3 }, "Jan 2006"},
	{183, func(t time.Time) int64 { return monthIndex(t) / 6 }, "Jan 2006"},
	{365, func(t time.Time) int64 { return int64(t.Year()) }, "2006"},
	{730, func(t time.Time) int64 { return int64(t.Year()) / 2 }, "2006"},
	{1826, func(t time.Time) int64 { return int64(t.Year()) / 5 }, "2006"},
	{3652, func(t time.Time) int64 { return int64(t.Year()) / 10 }, "2006"},
	{7305, func(t time.Time) int64 { return int64(t.Year()) / 20 }, "2006"},
	{18262, func(t time.Time) int64 { return int64(t.Year()) / 50 }, "2006"},
}

// maxDateLabels is how many date labels a chart aims for at most.
const maxDateLabels = 7

func pickUnit(first, last time.Time) unit {
	span := last.Sub(first).Hours() / 24
	if last.Year()-first.Year() > 250 { // Sub saturates beyond ~292 years
		span = float64(last.Year()-first.Year()) * 365.25
	}
	for _, u := range units {
		if span/u.days <= maxDateLabels {
			return u
		}
	}
	return units[len(units)-1]
}

func weekIndex(t time.Time) int64 {
	// Days since Monday 1 January 0001, in weeks.
	y, m, d := t.Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 + 719162
	return days / 7
}

func monthIndex(t time.Time) int64 { return int64(t.Year())*12 + int64(t.Month()) - 1 }

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// tenths is v rounded to tenths, counted in tenths.
func tenths(v float64) int64 { return int64(math.Round(v * 10)) }

// appendTenths writes t tenths as a decimal: "12.3", "-0.4", "7".
func appendTenths(b []byte, t int64) []byte {
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	b = strconv.AppendInt(b, t/10, 10)
	if t%10 != 0 {
		b = append(b, '.', byte('0'+t%10))
	}
	return b
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
