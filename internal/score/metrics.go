package score

import (
	"fmt"
	"math"
)

// Signal is one of the four parts of the Alpha Score.
type Signal uint8

// The signals, in the order they are listed everywhere.
const (
	Momentum Signal = iota
	Value
	Quality
	Sentiment
	numSignals
)

// Signals lists the four signals in display order.
var Signals = [numSignals]Signal{Momentum, Value, Quality, Sentiment}

var signalNames = [numSignals]string{"momentum", "value", "quality", "sentiment"}

// String is the signal's name as used in JSON and sentences ("momentum").
func (s Signal) String() string {
	if s < numSignals {
		return signalNames[s]
	}
	return fmt.Sprintf("Signal(%d)", s)
}

// Weights are the composite's weights per signal, in [Signals] order. Only
// their ratios matter; the weights of missing signals are left out.
type Weights [numSignals]float64

// DefaultWeights are momentum 30, value 25, quality 25, sentiment 20.
var DefaultWeights = Weights{30, 25, 25, 20}

// Validate reports weights that are negative, not finite, or all zero.
func (w Weights) Validate() error {
	sum := 0.0
	for k, x := range w {
		if !(x >= 0) || math.IsInf(x, 0) {
			return fmt.Errorf("weight of %s is %v: weights must be finite and not negative", Signals[k], x)
		}
		sum += x
	}
	if sum == 0 {
		return fmt.Errorf("all weights are zero")
	}
	return nil
}

// metricDef describes one metric: its JSON name, the signal it feeds,
// whether larger is better, and how its value reads in a sentence.
type metricDef struct {
	name   string
	label  string // the metric's name in running text
	signal Signal
	higher bool
	text   func(v float64) string
}

func pct0(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }
func signedPct(v float64) string {
	s := fmt.Sprintf("%+.0f%%", 100*v)
	if s == "-0%" {
		s = "+0%"
	}
	return s
}
func pct1(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

// Alpha method metrics. The order fixes the column of each metric in a
// CrossSection and the order of metrics in output.
const (
	mReturn12_1 = iota
	mReturn6
	mHigh52
	mEarningsYield
	mBookToPrice
	mSalesToEV
	mFCFYield
	mDividendYield
	mGrossProfitability
	mROE
	mOperatingMargin
	mMarginVolatility
	mDebtToAssets
	mAccruals
	mRevenueGrowth
	mSentiment
	numAlphaMetrics
)

var alphaMetrics = [numAlphaMetrics]metricDef{
	mReturn12_1: {"return_12_1", "12-1M return", Momentum, true, func(v float64) string { return "12-1M return " + signedPct(v) }},
	mReturn6:    {"return_6m", "6M return", Momentum, true, func(v float64) string { return "6M return " + signedPct(v) }},
	mHigh52: {"high_52w", "distance to the 52-week high", Momentum, true, func(v float64) string {
		if v >= 0.9995 {
			return "at its 52-week high"
		}
		return pct0(1-v) + " below its 52-week high"
	}},
	mEarningsYield: {"earnings_yield", "earnings yield", Value, true, func(v float64) string { return "earnings yield " + pct1(v) }},
	mBookToPrice:   {"book_to_price", "book-to-price", Value, true, func(v float64) string { return fmt.Sprintf("book-to-price %.2f", v) }},
	mSalesToEV:     {"sales_to_ev", "sales-to-EV", Value, true, func(v float64) string { return fmt.Sprintf("sales-to-EV %.2f", v) }},
	mFCFYield:      {"fcf_yield", "free-cash-flow yield", Value, true, func(v float64) string { return "free-cash-flow yield " + pct1(v) }},
	mDividendYield: {"dividend_yield", "dividend yield", Value, true, func(v float64) string { return "dividend yield " + pct1(v) }},
	mGrossProfitability: {"gross_profitability", "gross profits/assets", Quality, true, func(v float64) string {
		return "gross profits/assets " + pct0(v)
	}},
	mROE:             {"roe", "ROE", Quality, true, func(v float64) string { return "ROE " + pct0(v) }},
	mOperatingMargin: {"operating_margin", "operating margin", Quality, true, func(v float64) string { return "operating margin " + pct0(v) }},
	mMarginVolatility: {"margin_volatility", "operating-margin volatility", Quality, false, func(v float64) string {
		return fmt.Sprintf("operating-margin s.d. %.1f pts", 100*v)
	}},
	mDebtToAssets:  {"debt_to_assets", "debt/assets", Quality, false, func(v float64) string { return "debt/assets " + pct0(v) }},
	mAccruals:      {"accruals", "accruals", Quality, false, func(v float64) string { return "accruals " + signedPct(v) + " of assets" }},
	mRevenueGrowth: {"revenue_growth", "revenue growth", Quality, true, func(v float64) string { return "revenue growth " + signedPct(v) }},
	mSentiment: {"sentiment", "story sentiment", Sentiment, true, func(v float64) string {
		return fmt.Sprintf("decayed story sentiment %+.2f", v)
	}},
}

// signalMetrics lists each signal's alpha metrics.
var signalMetrics = func() [numSignals][]int {
	var out [numSignals][]int
	for k, m := range alphaMetrics {
		out[m.signal] = append(out[m.signal], k)
	}
	return out
}()

// Threshold method metrics (the seed site's published method).
const (
	tReturn12 = iota
	tHighDistance
	tPE
	tPB
	tDividendYield
	tROE
	tOperatingMargin
	tDebtToEquity
	tSentiment
	numThresholdMetrics
)

var thresholdMetrics = [numThresholdMetrics]metricDef{
	tReturn12: {"return_12m", "12M return", Momentum, true, func(v float64) string { return "12M return " + signedPct(v) }},
	tHighDistance: {"high_52w", "distance to the 52-week high", Momentum, true, func(v float64) string {
		return alphaMetrics[mHigh52].text(v)
	}},
	tPE:              {"pe", "P/E", Value, false, func(v float64) string { return fmt.Sprintf("P/E %.1f", v) }},
	tPB:              {"pb", "P/B", Value, false, func(v float64) string { return fmt.Sprintf("P/B %.1f", v) }},
	tDividendYield:   {"dividend_yield", "dividend yield", Value, true, func(v float64) string { return "dividend yield " + pct1(v) }},
	tROE:             {"roe", "ROE", Quality, true, func(v float64) string { return "ROE " + pct0(v) }},
	tOperatingMargin: {"operating_margin", "operating margin", Quality, true, func(v float64) string { return "operating margin " + pct0(v) }},
	tDebtToEquity:    {"debt_to_equity", "debt/equity", Quality, false, func(v float64) string { return fmt.Sprintf("debt/equity %.2f", v) }},
	tSentiment:       {"sentiment_30d", "30-day story sentiment", Sentiment, true, func(v float64) string { return fmt.Sprintf("30-day story sentiment %+.2f", v) }},
}

var thresholdSignalMetrics = func() [numSignals][]int {
	var out [numSignals][]int
	for k, m := range thresholdMetrics {
		out[m.signal] = append(out[m.signal], k)
	}
	return out
}()

// ordinal writes a percentile as "91st percentile"; it is shown between
// 1st and 99th so that neither end reads as "0th" or "100th".
func ordinal(p float64) string {
	n := int(math.Floor(p))
	n = max(1, min(99, n))
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s percentile", n, suffix)
}
