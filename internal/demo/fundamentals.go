package demo

import (
	"math"
	"strings"
	"time"

	"alphadesk/internal/market"
)

const (
	fiscalYears  = 6   // fiscal years of facts per security
	taxRate      = .21 // on positive pre-tax income
	interestRate = .045
	minLag       = 30 // days from fiscal year end to filing
	maxLag       = 75
)

// fiscalYear is one annual reporting period.
type fiscalYear struct {
	year       int // the calendar year the period ends in
	start, end time.Time
	filed      time.Time
}

// yearEnd is the last day of month m of year y.
func yearEnd(y int, m time.Month) time.Time { return date(y, m+1, 0) }

// filingDate is when the 10-K for the year ending on end was filed: 30 to
// 73 days later by the symbol's hash, moved off a weekend (so at most 75).
func filingDate(symbol string, end time.Time) time.Time {
	lag := minLag + int(hash64("filed", symbol, end.Format(time.DateOnly))%(maxLag-minLag-1))
	d := end.AddDate(0, 0, lag)
	switch d.Weekday() {
	case time.Saturday:
		d = d.AddDate(0, 0, 2)
	case time.Sunday:
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// periods lists the fiscalYears latest years filed by AsOf, oldest first.
func periods(symbol string, fyEnd time.Month) []fiscalYear {
	var ys []fiscalYear
	for y := asOf.Year(); len(ys) < fiscalYears; y-- {
		end := yearEnd(y, fyEnd)
		filed := filingDate(symbol, end)
		if filed.After(asOf) {
			continue
		}
		ys = append(ys, fiscalYear{year: y, start: yearEnd(y-1, fyEnd).AddDate(0, 0, 1), end: end, filed: filed})
	}
	for i, j := 0, len(ys)-1; i < j; i, j = i+1, j-1 {
		ys[i], ys[j] = ys[j], ys[i]
	}
	return ys
}

// untaxed reports whether the company pays no entity-level income tax:
// REITs and master limited partnerships pass income through.
func untaxed(sec market.Security) bool {
	return strings.HasSuffix(sec.Industry, "REITs") ||
		strings.HasSuffix(sec.LegalName, " LP") || strings.HasSuffix(sec.LegalName, " L.P.")
}

func roundTo(x, unit float64) float64 { return math.Round(x/unit) * unit }

// appendFacts simulates p's annual statements and appends them to dst.
func appendFacts(dst []market.Fact, p profile) []market.Fact {
	r := newRand("facts", p.sec.Symbol)
	ps := p.p
	ys := periods(p.sec.Symbol, p.fyEnd)
	n := len(ys)
	financial := p.sec.Sector == market.Financials

	// Company-level draws around the sector's typical values.
	priceSales := ps.priceSales * math.Exp(.3*r.NormFloat64())
	growth := ps.growth + .04*r.NormFloat64()
	gross := clamp(ps.gross*math.Exp(.15*r.NormFloat64()), .08, .92)
	if financial {
		gross = 1 // no cost of revenue: the gross-margin cap must not bind
	}
	operating := clamp(ps.operating*math.Exp(.35*r.NormFloat64()), .02, gross-.03)
	trend := .005 * r.NormFloat64() // margin drift a year
	if p.loss {
		growth += .10
		operating = -.15 * r.Float64() // latest year: at or near break-even
		trend = .01 + .04*r.Float64()  // improving each year
		priceSales *= 1.5              // the market pays for growth
		gross = math.Max(gross, .3)    // losses come from opex, not gross margin
	}
	assetsTurn := ps.assets * math.Exp(.2*r.NormFloat64())
	equity := clamp(ps.equity*math.Exp(.2*r.NormFloat64()), .04, .85)
	debt := clamp(ps.debt*math.Exp(.25*r.NormFloat64()), 0, .9-equity)
	da := ps.da * math.Exp(.2*r.NormFloat64())
	capex := ps.capex * math.Exp(.25*r.NormFloat64())
	shareGrowth := .005 + .01*r.NormFloat64()
	switch {
	case p.loss:
		shareGrowth = .04 + .02*math.Abs(r.NormFloat64()) // dilution
	case p.dividend:
		shareGrowth = -.015 + .01*r.NormFloat64() // buybacks
	}
	dps := roundTo(p.lastClose*ps.yield*math.Exp(.25*r.NormFloat64()), .01)
	dpsGrowth := clamp(.05+.03*r.NormFloat64(), .01, .12)
	tax := taxRate
	if untaxed(p.sec) {
		tax = 0
	}

	// Revenue backwards from the latest year, sized from the market value.
	revenue := make([]float64, n)
	revenue[n-1] = p.marketValue / priceSales
	for k := n - 1; k > 0; k-- {
		g := math.Max(-.35, growth+ps.cyclical*r.NormFloat64())
		revenue[k-1] = revenue[k] / (1 + g)
	}
	shares := func(k int) float64 { // outstanding at the end of year k
		return roundTo(p.shares/math.Pow(1+shareGrowth, float64(n-1-k)), 1000)
	}

	for k, y := range ys {
		rev := roundTo(revenue[k], 1000)
		grossK := clamp(gross+ps.cyclical/3*r.NormFloat64(), .05, .95)
		cost := roundTo(rev*(1-grossK), 1000)
		if financial {
			cost = 0
		}
		opMargin := operating + trend*float64(k-(n-1)) + ps.cyclical/2*r.NormFloat64()
		opMargin = clamp(opMargin, -.8, (rev-cost)/rev-.02)
		opIncome := roundTo(rev*opMargin, 1000)

		assets := roundTo(rev*assetsTurn*math.Exp(.03*r.NormFloat64()), 1000)
		eq := roundTo(assets*equity, 1000)
		dbt := roundTo(assets*debt, 1000)
		pretax := opIncome
		if !financial { // a bank's interest expense is already netted in its revenue
			pretax -= dbt * interestRate
		}
		net := pretax
		if pretax > 0 {
			net = pretax * (1 - tax)
		}
		net = roundTo(net, 1000)

		sh := shares(k)
		avgShares := (shares(k-1) + sh) / 2
		eps := roundTo(net/avgShares, .01)
		ocf := roundTo(net+rev*da+rev*.02*r.NormFloat64(), 1000)
		cx := roundTo(rev*capex*math.Exp(.1*r.NormFloat64()), 1000)

		add := func(m market.Metric, v float64) {
			f := market.Fact{
				Symbol:       p.sec.Symbol,
				Metric:       m,
				PeriodEnd:    y.end,
				FiscalYear:   y.year,
				FiscalPeriod: "FY",
				Filed:        y.filed,
				Value:        v,
				Unit:         "USD",
				Form:         "10-K",
				Source:       SourceName,
			}
			if !m.Instant() {
				f.PeriodStart = y.start
			}
			switch m {
			case market.SharesOutstanding:
				f.Unit = "shares"
			case market.EPSDiluted, market.DividendsPerShare:
				f.Unit = "USD/shares"
			}
			dst = append(dst, f)
		}
		add(market.Revenue, rev)
		if !financial {
			add(market.CostOfRevenue, cost)
			add(market.GrossProfit, rev-cost)
		}
		add(market.OperatingIncome, opIncome)
		add(market.NetIncome, net)
		add(market.TotalAssets, assets)
		add(market.TotalEquity, eq)
		add(market.TotalDebt, dbt)
		add(market.SharesOutstanding, sh)
		add(market.EPSDiluted, eps)
		if p.dividend {
			d := math.Max(.01, roundTo(dps/math.Pow(1+dpsGrowth, float64(n-1-k)), .01))
			add(market.DividendsPerShare, d)
			add(market.DividendsPaid, roundTo(d*avgShares, 1000))
		}
		add(market.OperatingCashFlow, ocf)
		add(market.CapitalExpend, cx)
	}
	return dst
}
