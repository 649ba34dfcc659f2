package score

import (
	"cmp"
	"math"
	"slices"

	"alphadesk/internal/market"
)

// Fundamental periods. A flow fact (revenue, income, cash flow) counts
// when it spans a year: 300–400 days, an annual report or a
// trailing-twelve-month figure. Quarter-only flows are not annualised.
// Balance-sheet facts are taken at the annual period's end, or up to six
// months after it (share counts from a report's cover page).
const (
	minAnnualDays   = 300
	maxAnnualDays   = 400
	minPriorGapDays = 330 // the prior year's period ends 330–400 days earlier
	maxPriorGapDays = 400
	instantLagDays  = 183
	marginYears     = 5 // operating-margin volatility looks back this many years
	minMarginYears  = 3
)

// snapshot is what was known about a company's fundamentals after one
// filing date: the latest annual period's figures and the quality ratios
// derived from them. Price-dependent value ratios are computed at scoring
// time from the per-share and total figures. NaN means unknown.
type snapshot struct {
	from      int32 // the filing day from which this snapshot is what was known
	filed     int32 // the latest filing day among the facts of the period used (freshness)
	periodEnd int32
	estimated bool // some filing date was estimated (period end + lag)

	eps, shares, netIncome, equity, revenue, debt, fcf, dps, dividendsPaid float64

	grossProfitability, roe, operatingMargin, marginVolatility, debtToAssets, accruals, revenueGrowth float64
	debtToEquity                                                                                      float64
}

type period struct {
	start, end int32 // start is 0 for instants
	filed      int32
	value      float64
	estimated  bool
}

func (q period) annual() bool {
	d := q.end - q.start
	return q.start != 0 && d >= minAnnualDays && d <= maxAnnualDays
}

// metricIndex numbers market.Metrics for the snapshot builder's arrays.
var metricIndex = func() map[market.Metric]int {
	m := make(map[market.Metric]int, len(market.Metrics))
	for k, x := range market.Metrics {
		m[x] = k
	}
	return m
}()

// buildSnapshots turns a company's facts into one snapshot per distinct
// filing date, ascending. At each filing date only facts filed on or
// before it are used; a later filing for the same period (a restatement)
// replaces the earlier value from its own filing date on.
func buildSnapshots(facts []market.Fact, scratch *[]market.Fact) []snapshot {
	fs := (*scratch)[:0]
	for _, f := range facts {
		if _, ok := metricIndex[f.Metric]; ok && finite(f.Value) && !f.PeriodEnd.IsZero() && !f.Filed.IsZero() {
			fs = append(fs, f)
		}
	}
	defer func() { *scratch = fs[:0] }()
	slices.SortStableFunc(fs, func(a, b market.Fact) int {
		return cmp.Or(a.Filed.Compare(b.Filed), cmp.Compare(a.Source, b.Source))
	})
	state := make([][]period, len(market.Metrics))
	var out []snapshot
	for k := 0; k < len(fs); {
		filed := dayOf(fs[k].Filed)
		for ; k < len(fs) && dayOf(fs[k].Filed) == filed; k++ {
			f := fs[k]
			m := metricIndex[f.Metric]
			q := period{end: dayOf(f.PeriodEnd), filed: filed, value: f.Value, estimated: f.FiledEstimated}
			if !f.Metric.Instant() && !f.PeriodStart.IsZero() {
				q.start = dayOf(f.PeriodStart)
			}
			if j := slices.IndexFunc(state[m], func(o period) bool { return o.start == q.start && o.end == q.end }); j >= 0 {
				state[m][j] = q
			} else {
				state[m] = append(state[m], q)
			}
		}
		if s, ok := snapshotOf(state); ok {
			s.from = filed
			out = append(out, s)
		}
	}
	return out
}

// snapshotOf derives the snapshot for the current state, false when no
// annual period is known.
func snapshotOf(state [][]period) (snapshot, bool) {
	nan := math.NaN()
	s := snapshot{eps: nan, shares: nan, netIncome: nan, equity: nan, revenue: nan, debt: nan, fcf: nan, dps: nan, dividendsPaid: nan,
		grossProfitability: nan, roe: nan, operatingMargin: nan, marginVolatility: nan, debtToAssets: nan, accruals: nan, revenueGrowth: nan, debtToEquity: nan}
	var end int32
	for m, ps := range state {
		if market.Metrics[m].Instant() {
			continue
		}
		for _, q := range ps {
			if q.annual() && q.end > end {
				end = q.end
			}
		}
	}
	if end == 0 {
		for m, ps := range state {
			if !market.Metrics[m].Instant() {
				continue
			}
			for _, q := range ps {
				end = max(end, q.end)
			}
		}
	}
	if end == 0 {
		return s, false
	}
	s.periodEnd = end
	used := func(q period) {
		s.filed = max(s.filed, q.filed)
		s.estimated = s.estimated || q.estimated
	}
	val := func(m market.Metric, at int32) float64 {
		ps := state[metricIndex[m]]
		if m.Instant() {
			best := -1
			for k, q := range ps {
				if q.end >= at && q.end <= at+instantLagDays && (best < 0 || q.end < ps[best].end) {
					best = k
				}
			}
			if best < 0 {
				return nan
			}
			if at == end {
				used(ps[best])
			}
			return ps[best].value
		}
		for _, q := range ps {
			if q.end == at && q.annual() {
				if at == end {
					used(q)
				}
				return q.value
			}
		}
		return nan
	}

	rev := val(market.Revenue, end)
	cost := val(market.CostOfRevenue, end)
	gp := val(market.GrossProfit, end)
	if math.IsNaN(gp) {
		gp = rev - cost
	}
	oi := val(market.OperatingIncome, end)
	ni := val(market.NetIncome, end)
	assets := val(market.TotalAssets, end)
	equity := val(market.TotalEquity, end)
	debt := val(market.TotalDebt, end)
	shares := val(market.SharesOutstanding, end)
	ocf := val(market.OperatingCashFlow, end)
	capex := val(market.CapitalExpend, end)

	s.eps = val(market.EPSDiluted, end)
	s.shares = positive(shares)
	s.netIncome = ni
	s.equity = equity
	s.revenue = rev
	s.debt = nonNegative(debt)
	s.fcf = ocf - math.Abs(capex)
	s.dps = nonNegative(val(market.DividendsPerShare, end))
	s.dividendsPaid = nonNegative(math.Abs(val(market.DividendsPaid, end)))

	s.grossProfitability = ratio(gp, positive(assets))
	s.roe = ratio(ni, positive(equity))
	s.operatingMargin = ratio(oi, positive(rev))
	s.debtToAssets = ratio(s.debt, positive(assets))
	s.accruals = ratio(ni-ocf, positive(assets))
	s.debtToEquity = ratio(s.debt, positive(equity))

	// Prior annual periods: revenue growth and the margin history.
	margins := make([]float64, 0, marginYears)
	if !math.IsNaN(s.operatingMargin) {
		margins = append(margins, s.operatingMargin)
	}
	at := end
	for y := 1; y < marginYears; y++ {
		prev := priorEnd(state, at)
		if prev == 0 {
			break
		}
		prevRev := val(market.Revenue, prev)
		if y == 1 {
			s.revenueGrowth = ratio(rev, positive(prevRev)) - 1
		}
		if m := ratio(val(market.OperatingIncome, prev), positive(prevRev)); !math.IsNaN(m) {
			margins = append(margins, m)
		}
		at = prev
	}
	if len(margins) >= minMarginYears {
		s.marginVolatility = stdev(margins)
	}
	for _, p := range []*float64{&s.eps, &s.netIncome, &s.equity, &s.revenue, &s.fcf, &s.grossProfitability, &s.roe,
		&s.operatingMargin, &s.debtToAssets, &s.accruals, &s.revenueGrowth, &s.debtToEquity, &s.marginVolatility} {
		if math.IsInf(*p, 0) {
			*p = nan
		}
	}
	return s, true
}

// priorEnd is the end of the annual revenue (or net income) period 330–400
// days before at, 0 when none.
func priorEnd(state [][]period, at int32) int32 {
	var best int32
	for _, m := range []market.Metric{market.Revenue, market.NetIncome} {
		for _, q := range state[metricIndex[m]] {
			gap := at - q.end
			if q.annual() && gap >= minPriorGapDays && gap <= maxPriorGapDays && q.end > best {
				best = q.end
			}
		}
		if best != 0 {
			return best
		}
	}
	return 0
}

func ratio(a, b float64) float64 {
	r := a / b
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return math.NaN()
	}
	return r
}

func positive(v float64) float64 {
	if v > 0 {
		return v
	}
	return math.NaN()
}

func nonNegative(v float64) float64 {
	if v >= 0 {
		return v
	}
	return math.NaN()
}

func stdev(xs []float64) float64 {
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}
