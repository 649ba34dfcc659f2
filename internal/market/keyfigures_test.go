package market

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// annualFact is a 10-K value for the fiscal year ending end, filed on filed.
func annualFact(m Metric, v float64, fy int, end, filed string) Fact {
	f := Fact{
		Symbol: "AMZN", Metric: m, Value: v, FiscalYear: fy, FiscalPeriod: "FY",
		PeriodEnd: day(end), Filed: day(filed), Form: "10-K", Source: "sec",
	}
	if !m.Instant() {
		f.PeriodStart = f.PeriodEnd.AddDate(-1, 0, 1)
	}
	return f
}

// fy2025 is a complete annual report plus the prior year's revenue.
func fy2025() []Fact {
	const end, filed = "2025-12-31", "2026-02-12"
	return []Fact{
		annualFact(Revenue, 800, 2024, "2024-12-31", "2025-02-07"),
		annualFact(Revenue, 1000, 2025, end, filed),
		annualFact(GrossProfit, 500, 2025, end, filed),
		annualFact(CostOfRevenue, 500, 2025, end, filed),
		annualFact(OperatingIncome, 120, 2025, end, filed),
		annualFact(NetIncome, 100, 2025, end, filed),
		annualFact(EPSDiluted, 2, 2025, end, filed),
		annualFact(SharesOutstanding, 50, 2025, "2026-01-31", filed), // cover page
		annualFact(DividendsPerShare, 1, 2025, end, filed),
		annualFact(TotalEquity, 400, 2025, end, filed),
		annualFact(TotalDebt, 200, 2025, end, filed),
		annualFact(OperatingCashFlow, 150, 2025, end, filed),
		annualFact(CapitalExpend, 60, 2025, end, filed),
	}
}

func without(facts []Fact, m Metric) []Fact {
	return slices.DeleteFunc(slices.Clone(facts), func(f Fact) bool { return f.Metric == m })
}

func with(facts []Fact, more ...Fact) []Fact {
	return append(slices.Clone(facts), more...)
}

func TestComputeKeyFigures(t *testing.T) {
	t.Parallel()
	// want lists the expected value of each figure by name; a missing name
	// means the figure must be absent, nm means present but "n/m".
	type want map[string]float64
	const nm = -999999
	full := want{
		"revenue": 1000, "growth": 0.25, "gross": 0.5, "operating": 0.12,
		"net income": 100, "net margin": 0.1, "eps": 2, "pe": 20, "cap": 2000,
		"yield": 0.025, "roe": 0.25, "d/e": 0.5, "fcf": 90,
	}
	tests := []struct {
		name  string
		facts []Fact
		close float64
		fy    int
		end   string
		want  want
	}{
		{name: "complete report", facts: fy2025(), close: 40, fy: 2025, end: "2025-12-31", want: full},
		{name: "no facts", facts: nil, close: 40, want: want{}},
		{name: "no price drops price figures", facts: fy2025(), close: 0, fy: 2025, end: "2025-12-31",
			want: drop(full, "pe", "cap", "yield")},
		{name: "NaN price drops price figures", facts: fy2025(), close: math.NaN(), fy: 2025, end: "2025-12-31",
			want: drop(full, "pe", "cap", "yield")},
		{name: "negative EPS makes P/E n/m", facts: with(without(fy2025(), EPSDiluted), annualFact(EPSDiluted, -0.5, 2025, "2025-12-31", "2026-02-12")),
			close: 40, fy: 2025, end: "2025-12-31", want: merge(full, want{"eps": -0.5, "pe": nm})},
		{name: "zero EPS makes P/E n/m", facts: with(without(fy2025(), EPSDiluted), annualFact(EPSDiluted, 0, 2025, "2025-12-31", "2026-02-12")),
			close: 40, fy: 2025, end: "2025-12-31", want: merge(full, want{"eps": 0, "pe": nm})},
		{name: "negative equity makes ROE and D/E n/m", facts: with(without(fy2025(), TotalEquity), annualFact(TotalEquity, -10, 2025, "2025-12-31", "2026-02-12")),
			close: 40, fy: 2025, end: "2025-12-31", want: merge(full, want{"roe": nm, "d/e": nm})},
		{name: "missing revenue drops revenue ratios", facts: without(fy2025(), Revenue), close: 40, fy: 2025, end: "2025-12-31",
			want: drop(full, "revenue", "growth", "gross", "operating", "net margin")},
		{name: "zero revenue drops margins but keeps revenue", facts: with(without(fy2025(), Revenue), annualFact(Revenue, 0, 2025, "2025-12-31", "2026-02-12")),
			close: 40, fy: 2025, end: "2025-12-31", want: merge(drop(full, "growth", "gross", "operating", "net margin"), want{"revenue": 0})},
		{name: "gross margin from cost of revenue", facts: with(without(fy2025(), GrossProfit)), close: 40, fy: 2025, end: "2025-12-31", want: full},
		{name: "no gross inputs", facts: without(without(fy2025(), GrossProfit), CostOfRevenue), close: 40, fy: 2025, end: "2025-12-31",
			want: drop(full, "gross")},
		{name: "no prior year", facts: with(without(fy2025(), Revenue), annualFact(Revenue, 1000, 2025, "2025-12-31", "2026-02-12")),
			close: 40, fy: 2025, end: "2025-12-31", want: drop(full, "growth")},
		{name: "no capex drops FCF", facts: without(fy2025(), CapitalExpend), close: 40, fy: 2025, end: "2025-12-31", want: drop(full, "fcf")},
		{name: "negative capex is a magnitude", facts: with(without(fy2025(), CapitalExpend), annualFact(CapitalExpend, -60, 2025, "2025-12-31", "2026-02-12")),
			close: 40, fy: 2025, end: "2025-12-31", want: full},
		{name: "no shares drops market cap", facts: without(fy2025(), SharesOutstanding), close: 40, fy: 2025, end: "2025-12-31", want: drop(full, "cap")},
		{name: "no dividend drops yield", facts: without(fy2025(), DividendsPerShare), close: 40, fy: 2025, end: "2025-12-31", want: drop(full, "yield")},
		{name: "restatement wins", facts: with(fy2025(), annualFact(NetIncome, 90, 2026, "2025-12-31", "2027-02-10")),
			close: 40, fy: 2025, end: "2025-12-31",
			want: merge(full, want{"net income": 90, "net margin": 0.09, "roe": 0.225})},
		{name: "quarterly facts ignored", facts: with(fy2025(),
			Fact{Metric: Revenue, Value: 300, FiscalYear: 2026, FiscalPeriod: "Q1", PeriodStart: day("2026-01-01"), PeriodEnd: day("2026-03-31"), Filed: day("2026-04-30"), Source: "sec"},
			// A three-month value a 10-K labels "FY" is not the year.
			Fact{Metric: Revenue, Value: 280, FiscalYear: 2025, FiscalPeriod: "FY", PeriodStart: day("2025-10-01"), PeriodEnd: day("2025-12-31"), Filed: day("2026-02-12"), Source: "sec"},
		), close: 40, fy: 2025, end: "2025-12-31", want: full},
		{name: "only the older year", facts: []Fact{annualFact(Revenue, 800, 2024, "2024-12-31", "2025-02-07")},
			close: 40, fy: 2024, end: "2024-12-31", want: want{"revenue": 800}},
		{name: "stale balance sheet is not used", facts: with(without(fy2025(), TotalEquity), annualFact(TotalEquity, 400, 2024, "2024-12-31", "2025-02-07")),
			close: 40, fy: 2025, end: "2025-12-31", want: drop(full, "roe", "d/e")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ComputeKeyFigures(tt.facts, tt.close)
			if got.FiscalYear != tt.fy {
				t.Errorf("FiscalYear = %d, want %d", got.FiscalYear, tt.fy)
			}
			if tt.end != "" && !got.PeriodEnd.Equal(day(tt.end)) {
				t.Errorf("PeriodEnd = %s, want %s", got.PeriodEnd.Format(DateLayout), tt.end)
			}
			figs := map[string]Figure{
				"revenue": got.Revenue, "growth": got.RevenueGrowth, "gross": got.GrossMargin,
				"operating": got.OperatingMargin, "net income": got.NetIncome, "net margin": got.NetMargin,
				"eps": got.EPSDiluted, "pe": got.PE, "cap": got.MarketCap, "yield": got.DividendYield,
				"roe": got.ROE, "d/e": got.DebtToEquity, "fcf": got.FreeCashFlow,
			}
			for name, f := range figs {
				w, present := tt.want[name]
				switch {
				case !present && f.OK:
					t.Errorf("%s = %v, want absent", name, f.Value)
				case present && !f.OK:
					t.Errorf("%s absent, want %v", name, w)
				case present && w == nm && !f.NotMeaningful:
					t.Errorf("%s = %v, want n/m", name, f.Value)
				case present && w != nm && (f.NotMeaningful || math.Abs(f.Value-w) > 1e-9):
					t.Errorf("%s = %v (n/m %v), want %v", name, f.Value, f.NotMeaningful, w)
				}
				if f.OK && (f.FiscalYear != tt.fy || f.Filed.IsZero() || len(f.Sources) == 0) {
					t.Errorf("%s lineage = FY%d filed %v sources %v, want FY%d with a filing date and source", name, f.FiscalYear, f.Filed, f.Sources, tt.fy)
				}
			}
		})
	}
}

func drop(w map[string]float64, names ...string) map[string]float64 {
	out := make(map[string]float64, len(w))
	for k, v := range w {
		if !slices.Contains(names, k) {
			out[k] = v
		}
	}
	return out
}

func merge(w, over map[string]float64) map[string]float64 {
	out := drop(w)
	for k, v := range over {
		out[k] = v
	}
	return out
}

func TestComputeKeyFiguresLineage(t *testing.T) {
	t.Parallel()
	facts := with(fy2025(), annualFact(NetIncome, 90, 2026, "2025-12-31", "2027-02-10"))
	facts[2].Source = "kaggle" // gross profit
	facts[2].FiledEstimated = true
	k := ComputeKeyFigures(facts, 40)

	if got, want := k.Filed, day("2027-02-10"); !got.Equal(want) {
		t.Errorf("Filed = %s, want %s (the restatement)", got.Format(DateLayout), want.Format(DateLayout))
	}
	if got, want := k.NetMargin.Filed, day("2027-02-10"); !got.Equal(want) {
		t.Errorf("NetMargin.Filed = %s, want %s", got.Format(DateLayout), want.Format(DateLayout))
	}
	if got, want := k.Revenue.Filed, day("2026-02-12"); !got.Equal(want) {
		t.Errorf("Revenue.Filed = %s, want %s", got.Format(DateLayout), want.Format(DateLayout))
	}
	if got, want := k.GrossMargin.Sources, []string{"kaggle", "sec"}; !slices.Equal(got, want) {
		t.Errorf("GrossMargin.Sources = %v, want %v", got, want)
	}
	if !k.GrossMargin.FiledEstimated || k.Revenue.FiledEstimated {
		t.Errorf("FiledEstimated: gross %v revenue %v, want true false", k.GrossMargin.FiledEstimated, k.Revenue.FiledEstimated)
	}
	if got, want := k.Sources(), []string{"kaggle", "sec"}; !slices.Equal(got, want) {
		t.Errorf("Sources() = %v, want %v", got, want)
	}
	if !k.PE.UsesPrice || !k.MarketCap.UsesPrice || !k.DividendYield.UsesPrice || k.Revenue.UsesPrice {
		t.Errorf("UsesPrice: pe %v cap %v yield %v revenue %v, want true true true false",
			k.PE.UsesPrice, k.MarketCap.UsesPrice, k.DividendYield.UsesPrice, k.Revenue.UsesPrice)
	}
	if got, want := k.MarketCap.PeriodEnd, day("2025-12-31"); !got.Equal(want) {
		t.Errorf("MarketCap.PeriodEnd = %s, want the fiscal year end %s", got.Format(DateLayout), want.Format(DateLayout))
	}
}

func ExampleComputeKeyFigures() {
	end, filed := day("2025-12-31"), day("2026-02-12")
	facts := []Fact{
		{Metric: EPSDiluted, Value: 5.5, FiscalYear: 2025, FiscalPeriod: "FY", PeriodStart: day("2025-01-01"), PeriodEnd: end, Filed: filed, Source: "sec"},
	}
	k := ComputeKeyFigures(facts, 220)
	fmt.Printf("FY%d P/E %.1f, filed %s\n", k.PE.FiscalYear, k.PE.Value, k.PE.Filed.Format("Jan 2, 2006"))
	// Output: FY2025 P/E 40.0, filed Feb 12, 2026
}
