package demo

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/universe"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt")

// setup generates the whole universe once for the tests that only read it.
var setup = sync.OnceValues(func() (generated, error) {
	secs, err := universe.Securities()
	if err != nil {
		return generated{}, err
	}
	d, err := Generate(secs)
	if err != nil {
		return generated{}, err
	}
	g := generated{secs: secs, data: d, bars: map[string][]market.Bar{}, facts: map[string][]market.Fact{}}
	for _, b := range d.Bars {
		g.bars[b.Symbol] = append(g.bars[b.Symbol], b)
	}
	for _, f := range d.Facts {
		g.facts[f.Symbol] = append(g.facts[f.Symbol], f)
	}
	return g, nil
})

type generated struct {
	secs  []market.Security
	data  Data
	bars  map[string][]market.Bar
	facts map[string][]market.Fact
}

func universeData(t *testing.T) generated {
	t.Helper()
	g, err := setup()
	if err != nil {
		t.Fatalf("generate the universe: %v", err)
	}
	return g
}

func lookup(t *testing.T, symbol string) market.Security {
	t.Helper()
	c, ok := universe.Lookup(symbol)
	if !ok {
		t.Fatalf("%s not in the universe", symbol)
	}
	return c.Security
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	g := universeData(t)
	again, err := Generate(g.secs)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.data.Bars, again.Bars) || !slices.Equal(g.data.Facts, again.Facts) {
		t.Fatal("two runs over the universe differ")
	}
	// A security's data does not depend on the company it keeps.
	for _, sym := range []string{"AMZN", "QTWO", "BRK.B"} {
		sec := lookup(t, sym)
		if !slices.Equal(BarsFor(sec), g.bars[sym]) {
			t.Errorf("%s: BarsFor differs from its bars in Generate(universe)", sym)
		}
		alone, err := Generate([]market.Security{sec})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(alone.Facts, g.facts[sym]) || !slices.Equal(FactsFor(sec), g.facts[sym]) {
			t.Errorf("%s: facts differ when generated alone", sym)
		}
	}
}

// summary is one golden line: a symbol's last close and volume, and a hash
// of every bar and fact.
func summary(sym string, bars []market.Bar, facts []market.Fact) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	hb := sha256.New()
	for _, b := range bars {
		fmt.Fprintln(hb, b.Date.Format(time.DateOnly), f(b.Open), f(b.High), f(b.Low), f(b.Close), f(b.Volume))
	}
	hf := sha256.New()
	for _, x := range facts {
		fmt.Fprintln(hf, x.Metric, x.PeriodStart.Format(time.DateOnly), x.PeriodEnd.Format(time.DateOnly), x.Filed.Format(time.DateOnly), f(x.Value), x.Unit)
	}
	first, last := bars[0], bars[len(bars)-1]
	return fmt.Sprintf("%s sessions=%d first=%s:%s last=%s:%s volume=%s bars=%x facts=%d:%x",
		sym, len(bars), first.Date.Format(time.DateOnly), f(first.Close), last.Date.Format(time.DateOnly), f(last.Close),
		f(last.Volume), hb.Sum(nil)[:8], len(facts), hf.Sum(nil)[:8])
}

func TestGolden(t *testing.T) {
	t.Parallel()
	secs := []market.Security{
		lookup(t, "AMZN"), lookup(t, "AAPL"), lookup(t, "JPM"), lookup(t, "O"), lookup(t, "QTWO"), lookup(t, "OPEN"),
		{Symbol: "ZZZZ", LegalName: "Not In The Universe Corp."}, // hash-drawn profile, no sector
	}
	var lines []string
	for _, s := range secs {
		lines = append(lines, summary(s.Symbol, BarsFor(s), FactsFor(s)))
	}
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "golden.txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("demo output changed; if intended, run go test ./internal/demo -update\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestBars(t *testing.T) {
	t.Parallel()
	g := universeData(t)
	days := Sessions()
	if len(days) < 1260 {
		t.Fatalf("got %d sessions, want at least 1,260 (five years)", len(days))
	}
	if got := days[len(days)-1].Format(time.DateOnly); got != AsOf {
		t.Errorf("last session %s, want AsOf %s", got, AsOf)
	}
	if span := days[len(days)-1].Sub(days[0]); span < 6*365*24*time.Hour {
		t.Errorf("sessions span %v, want six years", span)
	}
	for _, d := range days {
		if !IsTradingDay(d) {
			t.Fatalf("session %s is not a trading day", d.Format(time.DateOnly))
		}
	}
	if len(g.data.Bars) != len(g.secs)*len(days) {
		t.Errorf("got %d bars, want %d securities × %d sessions", len(g.data.Bars), len(g.secs), len(days))
	}
	for _, s := range g.secs {
		bars := g.bars[s.Symbol]
		if len(bars) != len(days) {
			t.Errorf("%s: %d bars, want %d", s.Symbol, len(bars), len(days))
			continue
		}
		for i, b := range bars {
			if err := b.Validate(); err != nil {
				t.Fatalf("%s %s: %v", s.Symbol, b.Date.Format(time.DateOnly), err)
			}
			if !b.Date.Equal(days[i]) || b.Source != SourceName || b.Volume < 100 {
				t.Fatalf("%s bar %d: %+v", s.Symbol, i, b)
			}
			if b.High < math.Max(b.Open, b.Close) || b.Low > math.Min(b.Open, b.Close) {
				t.Fatalf("%s %s: high/low do not bracket open and close: %+v", s.Symbol, b.Date.Format(time.DateOnly), b)
			}
		}
		first, last := bars[0].Close, bars[len(bars)-1].Close
		if first < .25 || first > 5000 || last < 1 || last > 1000 {
			t.Errorf("%s: implausible prices: first close %v, last %v", s.Symbol, first, last)
		}
		// The cap holds from the close before the first session: allow one day's move.
		if r := last / first; r > maxMove*1.15 || r < 1/(maxMove*1.15) {
			t.Errorf("%s: moved %.1f-fold over the window, cap is %d", s.Symbol, r, maxMove)
		}
	}
}

// returns gives daily log returns of closes.
func returns(bars []market.Bar) []float64 {
	r := make([]float64, len(bars)-1)
	for i := range r {
		r[i] = math.Log(bars[i+1].Close / bars[i].Close)
	}
	return r
}

func correlation(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func annualVol(r []float64) float64 {
	var ss float64
	for _, x := range r {
		ss += x * x
	}
	return math.Sqrt(ss / float64(len(r)) * tradingDaysPerYear)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestMarketLike checks the stylised facts the factor model exists for:
// stocks co-move, more so within a sector, and utilities are calmer than
// technology.
func TestMarketLike(t *testing.T) {
	t.Parallel()
	g := universeData(t)
	rets := map[string][]float64{}
	for _, s := range g.secs {
		rets[s.Symbol] = returns(g.bars[s.Symbol])
	}
	var within, across []float64
	for i, a := range g.secs {
		for _, b := range g.secs[i+1:] {
			if (i+len(b.Symbol))%7 != 0 { // a deterministic sample of pairs
				continue
			}
			c := correlation(rets[a.Symbol], rets[b.Symbol])
			if a.Sector == b.Sector {
				within = append(within, c)
			} else {
				across = append(across, c)
			}
		}
	}
	mw, ma := median(within), median(across)
	t.Logf("median return correlation: within sectors %.2f (%d pairs), across %.2f (%d pairs)", mw, len(within), ma, len(across))
	if !(mw > ma && ma > .1 && mw < .9) {
		t.Errorf("correlations within %.2f, across %.2f: want within > across > 0.1", mw, ma)
	}

	vols := map[market.Sector][]float64{}
	for _, s := range g.secs {
		vols[s.Sector] = append(vols[s.Sector], annualVol(rets[s.Symbol]))
	}
	util, tech := median(vols[market.Utilities]), median(vols[market.InformationTechnology])
	t.Logf("median annual volatility: utilities %.0f%%, technology %.0f%%", 100*util, 100*tech)
	if !(util < tech && util > .08 && tech < .6) {
		t.Errorf("volatility: utilities %.2f, technology %.2f; want calm utilities, livelier tech", util, tech)
	}
}

// latest returns the values of the last fiscal year's facts.
func latest(facts []market.Fact) map[market.Metric]float64 {
	m := map[market.Metric]float64{}
	last := facts[len(facts)-1].FiscalYear
	for _, f := range facts {
		if f.FiscalYear == last {
			m[f.Metric] = f.Value
		}
	}
	return m
}

func TestMarketValue(t *testing.T) {
	t.Parallel()
	g := universeData(t)
	for _, s := range g.secs {
		c, _ := universe.Lookup(s.Symbol)
		bars := g.bars[s.Symbol]
		cap := bars[len(bars)-1].Close * latest(g.facts[s.Symbol])[market.SharesOutstanding]
		tr := tiers[c.Size]
		// Shares moved by buybacks or dilution since the fiscal year end.
		if cap < tr.capLo*.9 || cap > tr.capHi*1.1 {
			t.Errorf("%s (%s): market value %.3g outside the tier's %.3g..%.3g", s.Symbol, c.Size, cap, tr.capLo, tr.capHi)
		}
	}
}

func TestFacts(t *testing.T) {
	t.Parallel()
	g := universeData(t)
	near := func(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want)+.01 }
	for _, s := range g.secs {
		c, _ := universe.Lookup(s.Symbol)
		facts := g.facts[s.Symbol]
		years := map[int]map[market.Metric]market.Fact{}
		var order []int
		for _, f := range facts {
			if err := f.Validate(); err != nil {
				t.Fatalf("%s: %v", s.Symbol, err)
			}
			if f.Source != SourceName || f.FiscalPeriod != "FY" || f.Form != "10-K" || f.FiledEstimated {
				t.Fatalf("%s: labels: %+v", s.Symbol, f)
			}
			if f.Metric.Instant() != f.PeriodStart.IsZero() {
				t.Errorf("%s %s: instant metric must have no period start, flows must: %+v", s.Symbol, f.Metric, f)
			}
			lag := f.Filed.Sub(f.PeriodEnd).Hours() / 24
			if lag < minLag || lag > maxLag || f.Filed.After(asOf) || f.Filed.Weekday() == time.Saturday || f.Filed.Weekday() == time.Sunday {
				t.Errorf("%s FY%d: filed %s, %v days after %s", s.Symbol, f.FiscalYear, f.Filed.Format(time.DateOnly), lag, f.PeriodEnd.Format(time.DateOnly))
			}
			if f.PeriodEnd.Month() != c.FiscalYearEnd || f.PeriodEnd.AddDate(0, 0, 1).Day() != 1 {
				t.Errorf("%s: period ends %s, want the last day of %v", s.Symbol, f.PeriodEnd.Format(time.DateOnly), c.FiscalYearEnd)
			}
			if years[f.FiscalYear] == nil {
				years[f.FiscalYear] = map[market.Metric]market.Fact{}
				order = append(order, f.FiscalYear)
			}
			years[f.FiscalYear][f.Metric] = f
		}
		if len(order) != fiscalYears || !slices.IsSorted(order) {
			t.Errorf("%s: fiscal years %v, want %d in order", s.Symbol, order, fiscalYears)
		}
		for i, y := range order {
			m := years[y]
			v := func(x market.Metric) float64 { return m[x].Value }
			want := len(market.Metrics)
			if s.Sector == market.Financials {
				want -= 2
				if _, ok := m[market.GrossProfit]; ok {
					t.Errorf("%s: a financial reports gross profit", s.Symbol)
				}
			} else if v(market.GrossProfit) != v(market.Revenue)-v(market.CostOfRevenue) {
				t.Errorf("%s FY%d: gross profit %v != revenue %v - cost %v", s.Symbol, y, v(market.GrossProfit), v(market.Revenue), v(market.CostOfRevenue))
			}
			if !c.Dividend {
				want -= 2
			} else {
				if !near(v(market.DividendsPaid), v(market.DividendsPerShare)*v(market.SharesOutstanding), .06) {
					t.Errorf("%s FY%d: dividends paid %v, DPS %v × shares %v", s.Symbol, y, v(market.DividendsPaid), v(market.DividendsPerShare), v(market.SharesOutstanding))
				}
			}
			if len(m) != want {
				t.Errorf("%s FY%d: %d metrics, want %d", s.Symbol, y, len(m), want)
			}
			if eps := v(market.NetIncome) / v(market.SharesOutstanding); !near(v(market.EPSDiluted), eps, .06) {
				t.Errorf("%s FY%d: EPS %v, net income / shares = %v", s.Symbol, y, v(market.EPSDiluted), eps)
			}
			if v(market.Revenue) <= 0 || v(market.TotalAssets) <= 0 || v(market.TotalEquity) <= 0 || v(market.TotalDebt) < 0 ||
				v(market.SharesOutstanding) <= 0 || v(market.CapitalExpend) <= 0 || v(market.OperatingIncome) > v(market.Revenue) {
				t.Errorf("%s FY%d: implausible statement %v", s.Symbol, y, m)
			}
			if i > 0 {
				prevEnd := years[order[i-1]][market.Revenue].PeriodEnd
				if !m[market.Revenue].PeriodStart.Equal(prevEnd.AddDate(0, 0, 1)) {
					t.Errorf("%s FY%d: starts %s, previous year ended %s", s.Symbol, y, m[market.Revenue].PeriodStart.Format(time.DateOnly), prevEnd.Format(time.DateOnly))
				}
			}
		}
	}
}

func TestFiscalYearEnds(t *testing.T) {
	t.Parallel()
	tests := []struct{ symbol, lastEnd string }{
		{"AMZN", "2025-12-31"},
		{"MSFT", "2026-06-30"},
		{"WMT", "2026-01-31"},
		{"COST", "2026-08-31"},
	}
	g := universeData(t)
	for _, tt := range tests {
		facts := g.facts[tt.symbol]
		if got := facts[len(facts)-1].PeriodEnd.Format(time.DateOnly); got != tt.lastEnd {
			t.Errorf("%s: last fiscal year ends %s, want %s", tt.symbol, got, tt.lastEnd)
		}
	}
}

// TestSectorFundamentals checks the sector patterns a reader expects.
func TestSectorFundamentals(t *testing.T) {
	t.Parallel()
	g := universeData(t)
	yield := map[market.Sector][]float64{}
	gross := map[market.Sector][]float64{}
	losers, payers := 0, 0
	for _, s := range g.secs {
		m := latest(g.facts[s.Symbol])
		bars := g.bars[s.Symbol]
		yield[s.Sector] = append(yield[s.Sector], m[market.DividendsPerShare]/bars[len(bars)-1].Close)
		if s.Sector != market.Financials {
			gross[s.Sector] = append(gross[s.Sector], m[market.GrossProfit]/m[market.Revenue])
		}
		if m[market.DividendsPerShare] > 0 {
			payers++
		}
		for _, f := range g.facts[s.Symbol] {
			if f.Metric == market.NetIncome && f.Value < 0 {
				losers++
				break
			}
		}
	}
	t.Logf("%d companies with a loss year, %d dividend payers of %d", losers, payers, len(g.secs))
	if losers < 3 || payers == len(g.secs) || payers < len(g.secs)/2 {
		t.Errorf("want some loss-makers and some non-payers: %d losers, %d payers", losers, payers)
	}
	for _, income := range []market.Sector{market.Utilities, market.RealEstate} {
		y, tech := median(yield[income]), median(yield[market.InformationTechnology])
		if y < .02 || y < 2*tech {
			t.Errorf("median yield: %s %.3f, technology %.3f", income, y, tech)
		}
	}
	if tech, staples := median(gross[market.InformationTechnology]), median(gross[market.ConsumerStaples]); tech < staples+.1 {
		t.Errorf("median gross margin: technology %.2f, staples %.2f", tech, staples)
	}
}

func TestOutsideTheUniverse(t *testing.T) {
	t.Parallel()
	for _, s := range []market.Security{
		{Symbol: "ZZZZ", Name: "Nowhere"},
		{Symbol: "YYY.A", ShareClass: "A", Name: "Elsewhere", Sector: market.Energy},
	} {
		bars, facts := BarsFor(s), FactsFor(s)
		if len(bars) != len(Sessions()) || len(facts) < fiscalYears*(len(market.Metrics)-2) {
			t.Errorf("%s: %d bars, %d facts", s.Symbol, len(bars), len(facts))
		}
		for _, b := range bars {
			if err := b.Validate(); err != nil {
				t.Fatalf("%s: %v", s.Symbol, err)
			}
		}
		for _, f := range facts {
			if err := f.Validate(); err != nil || f.PeriodEnd.Month() != time.December {
				t.Fatalf("%s: %v %+v", s.Symbol, err, f)
			}
		}
	}
}

func TestGenerateRejects(t *testing.T) {
	t.Parallel()
	amzn := lookup(t, "AMZN")
	tests := []struct {
		name string
		secs []market.Security
		want string
	}{
		{"bad symbol", []market.Security{{Symbol: "amzn", Name: "Amazon"}}, "not canonical"},
		{"no name", []market.Security{{Symbol: "AMZN"}}, "no name"},
		{"duplicate", []market.Security{amzn, amzn}, "given twice"},
	}
	for _, tt := range tests {
		if _, err := Generate(tt.secs); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
	if d, err := Generate(nil); err != nil || len(d.Bars)+len(d.Facts) != 0 {
		t.Errorf("Generate(nil) = %d bars, %v", len(d.Bars), err)
	}
}

func BenchmarkGenerate(b *testing.B) {
	secs, err := universe.Securities()
	if err != nil {
		b.Fatal(err)
	}
	sharedFactors() // built once per process; not part of a run
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(secs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(secs)), "securities")
}
