package web

import (
	"html/template"
	"math"
	"strings"
	"time"

	"alphadesk/internal/chart"
	"alphadesk/internal/market"
)

// Display layouts for dates and times.
const (
	dateLayout    = "Jan 2, 2006"
	closeLayout   = "Mon Jan 2, 2006 3:04 PM"
	minus         = "\u2212" // a true minus sign, as typeset figures use
	demoSource    = "demo"
	notAvailable  = "—"
	notMeaningful = "n/m"
)

func templateFuncs(a *assets) template.FuncMap {
	return template.FuncMap{
		"asset":   a.url,
		"money":   money,
		"date":    func(t time.Time) string { return t.Format(dateLayout) },
		"isoDate": func(t time.Time) string { return t.Format(market.DateLayout) },
		"sources": sourceList,
		"tick":    func(y float64) float64 { return y + 5 }, // length of a date tick mark
	}
}

// money writes a price with two decimals and thousands separators.
func money(v float64) string { return signed(v, 2, false) }

// signed writes v with the given decimals, a true minus for negatives and,
// when plus is set, a plus sign for positives.
func signed(v float64, decimals int, plus bool) string {
	s := chart.FormatNumber(v, decimals)
	switch {
	case strings.HasPrefix(s, "-"):
		return minus + s[1:]
	case plus && s != chart.FormatNumber(0, decimals):
		return "+" + s
	}
	return s
}

// percent writes a fraction as a percentage: 0.1234 → "12.3%".
func percent(frac float64, decimals int, plus bool) string {
	return signed(frac*100, decimals, plus) + "%"
}

// bigMoney writes an amount of dollars compactly: "$1.23T", "−$456.7M".
func bigMoney(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = minus, -v
	}
	var s string
	switch {
	case v >= 1e12:
		s = chart.FormatNumber(v/1e12, 2) + "T"
	case v >= 1e9:
		s = chart.FormatNumber(v/1e9, 2) + "B"
	case v >= 1e6:
		s = chart.FormatNumber(v/1e6, 1) + "M"
	default:
		s = chart.FormatNumber(v, 0)
	}
	return sign + "$" + s
}

// multiple writes a ratio such as P/E: 31.2.
func multiple(v float64) string { return signed(v, 1, false) }

// sourceName is how a data source is shown to readers.
func sourceName(src string) string {
	if src == demoSource {
		return "simulated demo data"
	}
	return src
}

// sourceList joins source names for a lineage line.
func sourceList(srcs []string) string {
	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = sourceName(s)
	}
	return strings.Join(names, ", ")
}

// change is a price change ready to show: with a text sign and an arrow,
// so it does not rely on colour.
type change struct {
	OK       bool
	Dir      string // "up", "down" or "flat": the CSS class
	Arrow    string
	Abs, Pct string
}

func newChange(abs, pct float64, ok bool) change {
	if !ok || math.IsNaN(abs) || math.IsNaN(pct) {
		return change{}
	}
	c := change{OK: true, Abs: signed(abs, 2, true), Pct: signed(pct, 2, true) + "%"}
	switch {
	case strings.HasPrefix(c.Abs, "+"):
		c.Dir, c.Arrow = "up", "▲"
	case strings.HasPrefix(c.Abs, minus):
		c.Dir, c.Arrow = "down", "▼"
	default:
		c.Dir, c.Arrow = "flat", "■"
	}
	return c
}
