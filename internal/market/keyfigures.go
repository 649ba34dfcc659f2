package market

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Figure is one key figure with the lineage a page needs to qualify it
// ("FY2025, filed Feb 12, 2026"). The zero Figure is absent: OK is false
// whenever an input was missing, and such a figure must be shown as
// unavailable, never as zero.
type Figure struct {
	// OK reports that the figure could be computed.
	OK bool
	// Value is the figure: money in the facts' currency, ratios as
	// fractions (0.25 is 25%), P/E and debt/equity as plain multiples.
	Value float64
	// NotMeaningful marks a figure whose inputs exist but make the ratio
	// meaningless, e.g. P/E with non-positive earnings ("n/m"). Value is
	// zero then.
	NotMeaningful bool
	// FiscalYear, PeriodEnd and Filed describe the newest fundamental input:
	// the annual period the figure belongs to and the latest date one of
	// its inputs became public.
	FiscalYear int
	PeriodEnd  time.Time
	Filed      time.Time
	// FiledEstimated is true when any input's filing date was estimated.
	FiledEstimated bool
	// UsesPrice is true for figures that combine facts with the last close
	// (P/E, market cap, dividend yield).
	UsesPrice bool
	// Sources lists the distinct sources of the fundamental inputs, sorted.
	Sources []string
}

// KeyFigures is a fundamentals summary as of the latest annual ("FY")
// period a security has reported. See [ComputeKeyFigures].
type KeyFigures struct {
	// FiscalYear and PeriodEnd identify the latest annual period; both are
	// zero when there are no annual facts at all.
	FiscalYear int
	PeriodEnd  time.Time
	// Filed is the latest filing date among the facts used.
	Filed time.Time

	Revenue         Figure
	RevenueGrowth   Figure // year over year, as a fraction
	GrossMargin     Figure
	OperatingMargin Figure
	NetIncome       Figure
	NetMargin       Figure
	EPSDiluted      Figure
	PE              Figure // last close / diluted EPS; NotMeaningful when EPS <= 0
	MarketCap       Figure // last close × shares outstanding
	DividendYield   Figure // dividends per share / last close
	ROE             Figure // net income / total equity; NotMeaningful when equity <= 0
	DebtToEquity    Figure // total debt / total equity; NotMeaningful when equity <= 0
	FreeCashFlow    Figure // operating cash flow − capital expenditure
}

// Sources lists the distinct sources of every figure present, sorted.
func (k KeyFigures) Sources() []string {
	var out []string
	for _, f := range k.All() {
		if f.OK {
			out = append(out, f.Sources...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// All returns pointers to every figure, in display order.
func (k *KeyFigures) All() []*Figure {
	return []*Figure{
		&k.Revenue, &k.RevenueGrowth, &k.GrossMargin, &k.OperatingMargin,
		&k.NetIncome, &k.NetMargin, &k.EPSDiluted, &k.PE, &k.MarketCap,
		&k.DividendYield, &k.ROE, &k.DebtToEquity, &k.FreeCashFlow,
	}
}

// Annual periods are recognised by their length, so that quarterly values
// a 10-K carries under fiscal period "FY" are not mistaken for the year.
const (
	minAnnualDays = 300
	maxAnnualDays = 400
	// Growth compares with the annual period ending this long before.
	minPriorGapDays = 330
	maxPriorGapDays = 400
	// Balance-sheet values may be dated after the fiscal year end when
	// they come from a report's cover page (shares outstanding).
	instantLagDays = 183
)

// ComputeKeyFigures summarises facts as of the latest annual period and the
// last close (pass 0 when there is no price; price-based figures are then
// absent). Facts are taken as given: a caller working as of a date passes
// only facts filed on or before it.
//
// The latest annual period is the newest period end among facts whose
// fiscal period is "FY" (for flow metrics, also spanning 300–400 days).
// For each metric the value at that period end with the latest filing
// date wins, so restatements replace originals. Balance-sheet metrics may
// be dated up to six months after the period end (cover-page share counts);
// the latest such value is used. Capital expenditure is subtracted as a
// magnitude, whatever sign the source used. A figure whose inputs are
// missing or not finite is absent.
func ComputeKeyFigures(facts []Fact, lastClose float64) KeyFigures {
	annual := make([]Fact, 0, len(facts))
	for _, f := range facts {
		if isAnnual(f) {
			annual = append(annual, f)
		}
	}
	var k KeyFigures
	end := latestAnnualEnd(annual)
	if end.IsZero() {
		return k
	}
	k.PeriodEnd = end
	k.FiscalYear = fiscalYear(annual, end)

	pick := func(m Metric) (Fact, bool) { return pickFact(annual, m, end) }
	fig := func(v float64, inputs ...Fact) Figure { return k.figure(v, inputs...) }

	rev, hasRev := pick(Revenue)
	ni, hasNI := pick(NetIncome)
	eps, hasEPS := pick(EPSDiluted)
	equity, hasEquity := pick(TotalEquity)
	price := lastClose > 0 && finite(lastClose)

	if hasRev {
		k.Revenue = fig(rev.Value, rev)
		if prev, ok := priorRevenue(annual, end); ok && prev.Value > 0 {
			k.RevenueGrowth = fig(rev.Value/prev.Value-1, rev, prev)
		}
	}
	if hasRev && rev.Value > 0 {
		if gp, ok := pick(GrossProfit); ok {
			k.GrossMargin = fig(gp.Value/rev.Value, rev, gp)
		} else if cost, ok := pick(CostOfRevenue); ok {
			k.GrossMargin = fig((rev.Value-cost.Value)/rev.Value, rev, cost)
		}
		if oi, ok := pick(OperatingIncome); ok {
			k.OperatingMargin = fig(oi.Value/rev.Value, rev, oi)
		}
		if hasNI {
			k.NetMargin = fig(ni.Value/rev.Value, rev, ni)
		}
	}
	if hasNI {
		k.NetIncome = fig(ni.Value, ni)
	}
	if hasEPS {
		k.EPSDiluted = fig(eps.Value, eps)
		if price {
			k.PE = fig(lastClose/eps.Value, eps)
			k.PE.NotMeaningful = eps.Value <= 0
		}
	}
	if sh, ok := pick(SharesOutstanding); ok && price && sh.Value > 0 {
		k.MarketCap = fig(lastClose*sh.Value, sh)
	}
	if dps, ok := pick(DividendsPerShare); ok && price && dps.Value >= 0 {
		k.DividendYield = fig(dps.Value/lastClose, dps)
	}
	if hasNI && hasEquity {
		k.ROE = fig(ni.Value/equity.Value, ni, equity)
		k.ROE.NotMeaningful = equity.Value <= 0
	}
	if debt, ok := pick(TotalDebt); ok && hasEquity {
		k.DebtToEquity = fig(debt.Value/equity.Value, debt, equity)
		k.DebtToEquity.NotMeaningful = equity.Value <= 0
	}
	if ocf, ok := pick(OperatingCashFlow); ok {
		if capex, ok := pick(CapitalExpend); ok {
			k.FreeCashFlow = fig(ocf.Value-math.Abs(capex.Value), ocf, capex)
		}
	}
	for _, f := range k.All() {
		switch {
		case f.OK && f.NotMeaningful:
			f.Value = 0
		case f.OK && !finite(f.Value):
			*f = Figure{} // e.g. a ratio over a zero denominator
		}
		if f.OK && f.Filed.After(k.Filed) {
			k.Filed = f.Filed
		}
	}
	k.PE.UsesPrice = k.PE.OK
	k.MarketCap.UsesPrice = k.MarketCap.OK
	k.DividendYield.UsesPrice = k.DividendYield.OK
	return k
}

// figure builds a present Figure from its value and the facts it came from.
func (k *KeyFigures) figure(v float64, inputs ...Fact) Figure {
	f := Figure{OK: true, Value: v, FiscalYear: k.FiscalYear, PeriodEnd: k.PeriodEnd}
	for _, in := range inputs {
		if in.Filed.After(f.Filed) {
			f.Filed = in.Filed
		}
		f.FiledEstimated = f.FiledEstimated || in.FiledEstimated
		if !slices.Contains(f.Sources, in.Source) {
			f.Sources = append(f.Sources, in.Source)
		}
	}
	slices.Sort(f.Sources)
	return f
}

func isAnnual(f Fact) bool {
	if !strings.EqualFold(strings.TrimSpace(f.FiscalPeriod), "FY") || f.PeriodEnd.IsZero() || !finite(f.Value) {
		return false
	}
	if f.Metric.Instant() || f.PeriodStart.IsZero() {
		return true
	}
	days := f.PeriodEnd.Sub(f.PeriodStart).Hours() / 24
	return days >= minAnnualDays && days <= maxAnnualDays
}

// latestAnnualEnd is the newest period end of an annual flow fact, or of
// any annual fact when there are no flow facts.
func latestAnnualEnd(annual []Fact) time.Time {
	var flow, latest time.Time
	for _, f := range annual {
		if f.PeriodEnd.After(latest) {
			latest = f.PeriodEnd
		}
		if !f.Metric.Instant() && f.PeriodEnd.After(flow) {
			flow = f.PeriodEnd
		}
	}
	if !flow.IsZero() {
		return flow
	}
	return latest
}

// fiscalYear is the filer's label for the period ending at end. Sources
// such as SEC companyfacts label a value with the fiscal year of the
// filing that carries it, so a restatement in the next year's report
// carries the next year's label; the smallest label is the original one.
func fiscalYear(annual []Fact, end time.Time) int {
	fy := 0
	for _, f := range annual {
		if f.PeriodEnd.Equal(end) && f.FiscalYear > 0 && (fy == 0 || f.FiscalYear < fy) {
			fy = f.FiscalYear
		}
	}
	if fy == 0 {
		fy = end.Year()
	}
	return fy
}

// pickFact returns the value of m for the annual period ending at end: for
// flow metrics the fact ending exactly then, for instants the newest fact
// dated within instantLagDays after it; ties go to the latest filing.
func pickFact(annual []Fact, m Metric, end time.Time) (Fact, bool) {
	var best Fact
	found := false
	for _, f := range annual {
		if f.Metric != m {
			continue
		}
		if m.Instant() {
			if f.PeriodEnd.Before(end) || f.PeriodEnd.After(end.AddDate(0, 0, instantLagDays)) {
				continue
			}
		} else if !f.PeriodEnd.Equal(end) {
			continue
		}
		if !found || newer(f, best) {
			best, found = f, true
		}
	}
	return best, found
}

// newer orders candidate facts for one metric: later period end, then
// later filing, then source name for determinism.
func newer(a, b Fact) bool {
	if !a.PeriodEnd.Equal(b.PeriodEnd) {
		return a.PeriodEnd.After(b.PeriodEnd)
	}
	if !a.Filed.Equal(b.Filed) {
		return a.Filed.After(b.Filed)
	}
	return a.Source > b.Source
}

// priorRevenue finds revenue for the annual period ending about a year
// before end, preferring the period end closest to 365 days earlier.
func priorRevenue(annual []Fact, end time.Time) (Fact, bool) {
	var best Fact
	bestGap := math.Inf(1)
	found := false
	for _, f := range annual {
		if f.Metric != Revenue {
			continue
		}
		days := end.Sub(f.PeriodEnd).Hours() / 24
		if days < minPriorGapDays || days > maxPriorGapDays {
			continue
		}
		gap := math.Abs(days - 365)
		if !found || gap < bestGap || gap == bestGap && newer(f, best) {
			best, bestGap, found = f, gap, true
		}
	}
	return best, found
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
