package market

import (
	"fmt"
	"math"
	"time"
)

// Metric is a canonical fundamental concept. Importers map each vendor's or
// XBRL tag's name onto one of these.
type Metric string

// Canonical fundamental metrics. Flow metrics (revenue, income, cash flows)
// cover a period from PeriodStart to PeriodEnd; stock metrics (assets,
// equity, debt, shares) are instants at PeriodEnd.
const (
	Revenue           Metric = "revenue"
	CostOfRevenue     Metric = "cost_of_revenue"
	GrossProfit       Metric = "gross_profit"
	OperatingIncome   Metric = "operating_income"
	NetIncome         Metric = "net_income"
	TotalAssets       Metric = "total_assets"
	TotalEquity       Metric = "total_equity"
	TotalDebt         Metric = "total_debt"
	SharesOutstanding Metric = "shares_outstanding"
	EPSDiluted        Metric = "eps_diluted"
	DividendsPerShare Metric = "dividends_per_share"
	DividendsPaid     Metric = "dividends_paid"
	OperatingCashFlow Metric = "operating_cash_flow"
	CapitalExpend     Metric = "capex"
)

// Metrics lists every canonical metric.
var Metrics = []Metric{
	Revenue, CostOfRevenue, GrossProfit, OperatingIncome, NetIncome,
	TotalAssets, TotalEquity, TotalDebt, SharesOutstanding, EPSDiluted,
	DividendsPerShare, DividendsPaid, OperatingCashFlow, CapitalExpend,
}

// Instant reports whether m is a balance-sheet quantity measured at a
// point in time rather than over a period.
func (m Metric) Instant() bool {
	switch m {
	case TotalAssets, TotalEquity, TotalDebt, SharesOutstanding:
		return true
	}
	return false
}

// Valid reports whether m is a canonical metric.
func (m Metric) Valid() bool {
	for _, x := range Metrics {
		if m == x {
			return true
		}
	}
	return false
}

// Fact is one reported fundamental value, point in time: it became public on
// Filed, and a scorer working "as of" a date may only use facts filed on or
// before it. Restatements are further facts for the same period with a later
// Filed date.
type Fact struct {
	Symbol string `json:"symbol"`
	Metric Metric `json:"metric"`
	// PeriodStart is zero for instant metrics.
	PeriodStart time.Time `json:"period_start,omitzero"`
	PeriodEnd   time.Time `json:"period_end"`
	// FiscalYear and FiscalPeriod ("FY", "Q1".."Q4") as the filer labels them.
	FiscalYear   int    `json:"fiscal_year,omitempty"`
	FiscalPeriod string `json:"fiscal_period,omitempty"`
	// Filed is the date the value became public.
	Filed time.Time `json:"filed"`
	// FiledEstimated is true when the source has no filing date and Filed
	// was derived from PeriodEnd plus a documented reporting lag.
	FiledEstimated bool    `json:"filed_estimated,omitempty"`
	Value          float64 `json:"value"`
	Unit           string  `json:"unit"` // "USD", "shares", "USD/shares"
	Form           string  `json:"form,omitempty"`
	Source         string  `json:"source"`
}

// Validate checks a fact's internal consistency.
func (f Fact) Validate() error {
	if !f.Metric.Valid() {
		return fmt.Errorf("unknown metric %q", f.Metric)
	}
	if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
		return fmt.Errorf("%s value is not a number", f.Metric)
	}
	if f.PeriodEnd.IsZero() {
		return fmt.Errorf("%s has no period end", f.Metric)
	}
	if f.Filed.IsZero() {
		return fmt.Errorf("%s has no filing date", f.Metric)
	}
	if f.Filed.Before(f.PeriodEnd) {
		return fmt.Errorf("%s filed %s before its period ended %s", f.Metric, f.Filed.Format(DateLayout), f.PeriodEnd.Format(DateLayout))
	}
	if !f.PeriodStart.IsZero() && !f.PeriodStart.Before(f.PeriodEnd) {
		return fmt.Errorf("%s period start %s not before end %s", f.Metric, f.PeriodStart.Format(DateLayout), f.PeriodEnd.Format(DateLayout))
	}
	return nil
}
