package importer

import (
	"errors"
	"io"
	"math"
	"strings"
	"time"

	"alphadesk/internal/market"
)

// ReportingLag is how long after a fiscal year's end its figures are taken
// to be public when a source gives no filing date (kaggle-fundamentals).
// Large accelerated filers must file a 10-K within 60 days, others within
// 75 or 90; 90 days is the conservative bound, so a point-in-time scorer
// never sees a figure before it was really public. Such facts carry
// FiledEstimated.
const ReportingLag = 90 * 24 * time.Hour

var kaggleFundamentalsColumns = &columnSet{
	required: []string{"Ticker Symbol", "Period Ending", "Total Revenue", "Net Income", "Total Assets"},
}

// kaggleMetric maps columns of fundamentals.csv to a canonical metric. The
// columns' values are added (total debt has two parts), then multiplied by
// sign: the file writes cash outflows (capital expenditures, dividends) as
// negative numbers, alphadesk stores them as positive outflows.
type kaggleMetric struct {
	metric market.Metric
	cols   []string
	sign   float64
	unit   string
}

var kaggleMetrics = []kaggleMetric{
	{market.Revenue, []string{"Total Revenue"}, 1, "USD"},
	{market.CostOfRevenue, []string{"Cost of Revenue"}, 1, "USD"},
	{market.GrossProfit, []string{"Gross Profit"}, 1, "USD"},
	{market.OperatingIncome, []string{"Operating Income"}, 1, "USD"},
	{market.NetIncome, []string{"Net Income"}, 1, "USD"},
	{market.TotalAssets, []string{"Total Assets"}, 1, "USD"},
	{market.TotalEquity, []string{"Total Equity"}, 1, "USD"},
	// Long-term debt plus short-term debt and the current portion of
	// long-term debt: all interest-bearing debt on the balance sheet.
	{market.TotalDebt, []string{"Long-Term Debt", "Short-Term Debt / Current Portion of Long-Term Debt"}, 1, "USD"},
	{market.SharesOutstanding, []string{"Estimated Shares Outstanding"}, 1, "shares"},
	// The file's only EPS column; it does not say basic or diluted.
	{market.EPSDiluted, []string{"Earnings Per Share"}, 1, "USD/shares"},
	{market.OperatingCashFlow, []string{"Net Cash Flow-Operating"}, 1, "USD"},
	{market.CapitalExpend, []string{"Capital Expenditures"}, -1, "USD"},
	// Not in the Kaggle file as published; read when a variant has it.
	{market.DividendsPaid, []string{"Dividends Paid"}, -1, "USD"},
}

// kaggleColumns is where one metric's columns sit in a particular file.
type kaggleColumns struct {
	kaggleMetric
	idx []int
}

// kaggleLayout is the column layout of one fundamentals.csv.
type kaggleLayout struct {
	names             []string
	ticker, end, year int
	metrics           []kaggleColumns
	source            string
}

func parseKaggleFundamentals(p *parser) error {
	r := p.csvReader()
	names, pos, err := p.csvHeader(r, kaggleFundamentalsColumns)
	if err != nil {
		return err
	}
	col := func(name string) int {
		if i, ok := pos[columnKey(name)]; ok {
			return i
		}
		return -1
	}
	lay := kaggleLayout{names: names, ticker: col("Ticker Symbol"), end: col("Period Ending"), year: col("For Year"), source: p.format.Source}
	for _, m := range kaggleMetrics {
		mc := kaggleColumns{kaggleMetric: m}
		for _, c := range m.cols {
			if i := col(c); i >= 0 {
				mc.idx = append(mc.idx, i)
			}
		}
		if len(mc.idx) > 0 {
			lay.metrics = append(lay.metrics, mc)
		}
	}
	var facts []market.Fact
	for {
		rec, line, err := p.csvRow(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if rec == nil {
			continue
		}
		if err := p.tick(); err != nil {
			return err
		}
		var reason string
		facts, reason = lay.row(rec, facts[:0])
		if reason != "" {
			if err := p.bad(line, "%s", reason); err != nil {
				return err
			}
			continue
		}
		if len(facts) == 0 {
			p.sink.Skip("no figures")
			continue
		}
		if err := p.sink.Facts(line, facts); err != nil {
			return err
		}
	}
}

// row turns one fundamentals.csv row into facts appended to facts, or
// gives the reason the row is bad.
func (lay *kaggleLayout) row(rec []string, facts []market.Fact) ([]market.Fact, string) {
	if err := checkText(lay.names, rec); err != nil {
		return nil, err.Error()
	}
	sym, _, err := market.NormalizeSymbol(rec[lay.ticker])
	if err != nil {
		return nil, err.Error()
	}
	end, err := parseDate(strings.TrimSpace(rec[lay.end]))
	if err != nil {
		return nil, "Period Ending: " + err.Error()
	}
	fy := end.Year()
	if lay.year >= 0 {
		// "For Year" is a float ("2012.0"), empty on some rows and once a
		// typo ("1215.0"); only a year next to the period end is believed.
		if v, err := parseNumber(strings.TrimSpace(rec[lay.year])); err == nil && v == math.Trunc(v) && math.Abs(v-float64(end.Year())) <= 1 {
			fy = int(v)
		}
	}
	base := market.Fact{
		Symbol:         sym,
		PeriodEnd:      end,
		FiscalYear:     fy,
		FiscalPeriod:   "FY",
		Filed:          end.Add(ReportingLag),
		FiledEstimated: true,
		Form:           "10-K",
		Source:         lay.source,
	}
	start := end.AddDate(-1, 0, 1)
	for _, m := range lay.metrics {
		sum, seen := 0.0, false
		for _, i := range m.idx {
			cell := strings.TrimSpace(rec[i])
			if cell == "" {
				continue
			}
			v, err := parseNumber(cell)
			if err != nil {
				return nil, lay.names[i] + ": " + err.Error()
			}
			sum += v
			seen = true
		}
		if !seen {
			continue
		}
		f := base
		f.Metric = m.metric
		f.Value = sum * m.sign
		if f.Value == 0 {
			f.Value = 0 // no negative zero from the sign flip
		}
		f.Unit = m.unit
		if !m.metric.Instant() {
			f.PeriodStart = start
		}
		if err := f.Validate(); err != nil {
			return nil, err.Error()
		}
		facts = append(facts, f)
	}
	return facts, ""
}
