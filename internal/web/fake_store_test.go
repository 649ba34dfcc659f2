package web

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// fakeStore is an in-memory Store over fixed data. It follows the
// documented semantics of store.Store (symbol order, query matching,
// limit and offset). Set an XxxFunc to override one method, e.g. to fail.
type fakeStore struct {
	secs    []market.Security // sorted by symbol
	bars    map[string][]market.Bar
	facts   map[string][]market.Fact
	scores  []store.ScoreRecord // any order
	version int64

	DataVersionFunc func(ctx context.Context) (int64, error)
	QuotesFunc      func(ctx context.Context, f store.SecurityFilter) ([]store.Quote, error)
}

var _ Store = (*fakeStore)(nil)

func (s *fakeStore) Security(_ context.Context, symbol string) (market.Security, error) {
	for _, sec := range s.secs {
		if sec.Symbol == symbol {
			return sec, nil
		}
	}
	return market.Security{}, fmt.Errorf("security %s: %w", symbol, store.ErrNotFound)
}

func (s *fakeStore) match(f store.SecurityFilter) []market.Security {
	var out []market.Security
	q := strings.ToLower(f.Query)
	for _, sec := range s.secs {
		if f.Sector != "" && sec.Sector != f.Sector {
			continue
		}
		if q != "" && !strings.HasPrefix(strings.ToLower(sec.Symbol), q) &&
			!strings.Contains(strings.ToLower(sec.Name), q) &&
			!strings.Contains(strings.ToLower(sec.LegalName), q) &&
			!slices.ContainsFunc(sec.Aliases, func(a string) bool { return strings.Contains(strings.ToLower(a), q) }) {
			continue
		}
		out = append(out, sec)
	}
	if f.Offset > 0 {
		out = out[min(f.Offset, len(out)):]
	}
	if f.Limit > 0 {
		out = out[:min(f.Limit, len(out))]
	}
	return out
}

func (s *fakeStore) CountSecurities(_ context.Context, f store.SecurityFilter) (int, error) {
	f.Limit, f.Offset = 0, 0
	return len(s.match(f)), nil
}

func (s *fakeStore) Quotes(ctx context.Context, f store.SecurityFilter) ([]store.Quote, error) {
	if s.QuotesFunc != nil {
		return s.QuotesFunc(ctx, f)
	}
	var out []store.Quote
	for _, sec := range s.match(f) {
		q := store.Quote{Security: sec}
		if bars := s.bars[sec.Symbol]; len(bars) > 0 {
			q.Last = bars[len(bars)-1]
			if len(bars) > 1 {
				q.PrevClose = bars[len(bars)-2].Close
			}
		}
		out = append(out, q)
	}
	return out, nil
}

func (s *fakeStore) Quote(ctx context.Context, symbol string) (store.Quote, error) {
	sec, err := s.Security(ctx, symbol)
	if err != nil {
		return store.Quote{}, err
	}
	q := store.Quote{Security: sec}
	if bars := s.bars[symbol]; len(bars) > 0 {
		q.Last = bars[len(bars)-1]
		if len(bars) > 1 {
			q.PrevClose = bars[len(bars)-2].Close
		}
	}
	return q, nil
}

func (s *fakeStore) Bars(_ context.Context, symbol string, from, to time.Time) ([]market.Bar, error) {
	var out []market.Bar
	for _, b := range s.bars[symbol] {
		if (from.IsZero() || !b.Date.Before(from)) && (to.IsZero() || !b.Date.After(to)) {
			out = append(out, b)
		}
	}
	return out, nil
}

func (s *fakeStore) Facts(_ context.Context, symbol string, asOf time.Time) ([]market.Fact, error) {
	var out []market.Fact
	for _, f := range s.facts[symbol] {
		if asOf.IsZero() || !f.Filed.After(asOf) {
			out = append(out, f)
		}
	}
	return out, nil
}

func (s *fakeStore) ScoreHistory(_ context.Context, symbol, method string, from, to time.Time) ([]store.ScoreRecord, error) {
	out := []store.ScoreRecord{}
	for _, r := range s.scores {
		if r.Symbol == symbol && r.Method == method && (from.IsZero() || !r.AsOf.Before(from)) && (to.IsZero() || !r.AsOf.After(to)) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.ScoreRecord) int { return a.AsOf.Compare(b.AsOf) })
	return out, nil
}

func (s *fakeStore) ScoresOn(_ context.Context, method string, asOf time.Time) ([]store.ScoreRecord, error) {
	if asOf.IsZero() {
		for _, r := range s.scores {
			if r.Method == method && r.AsOf.After(asOf) {
				asOf = r.AsOf
			}
		}
	}
	out := []store.ScoreRecord{}
	for _, r := range s.scores {
		if r.Method == method && r.AsOf.Equal(asOf) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.ScoreRecord) int { return strings.Compare(a.Symbol, b.Symbol) })
	return out, nil
}

func (s *fakeStore) DataVersion(ctx context.Context) (int64, error) {
	if s.DataVersionFunc != nil {
		return s.DataVersionFunc(ctx)
	}
	return s.version, nil
}

// Fixed clock and data for every test: the last session is Friday
// 20 November 2026 and the clock reads the next afternoon.
var (
	testNow     = time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC)
	lastSession = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
)

// sessions returns the n weekdays ending on last, oldest first.
func sessions(n int, last time.Time) []time.Time {
	out := make([]time.Time, 0, n)
	for d := last; len(out) < n; d = d.AddDate(0, 0, -1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
	}
	slices.Reverse(out)
	return out
}

// makeBars draws a deterministic price path around base.
func makeBars(symbol, source string, n int, base float64) []market.Bar {
	days := sessions(n, lastSession)
	bars := make([]market.Bar, len(days))
	for i, d := range days {
		x := float64(i)
		c := base * (1 + 0.25*math.Sin(x/45) + 0.08*math.Sin(x/7) + x/float64(4*n))
		c = math.Round(c*100) / 100
		bars[i] = market.Bar{Symbol: symbol, Date: d, Open: c, High: c * 1.01, Low: c * 0.99, Close: c, Volume: 1e6, Source: source}
	}
	return bars
}

func annual(symbol, source string, m market.Metric, v float64, fy int) market.Fact {
	end := time.Date(fy, 12, 31, 0, 0, 0, 0, time.UTC)
	f := market.Fact{
		Symbol: symbol, Metric: m, Value: v, FiscalYear: fy, FiscalPeriod: "FY",
		PeriodEnd: end, Filed: time.Date(fy+1, 2, 6, 0, 0, 0, 0, time.UTC),
		Unit: "USD", Form: "10-K", Source: source,
	}
	if !m.Instant() {
		f.PeriodStart = time.Date(fy, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return f
}

func amazonFacts(symbol, source string) []market.Fact {
	return []market.Fact{
		annual(symbol, source, market.Revenue, 637.959e9, 2024),
		annual(symbol, source, market.Revenue, 716.924e9, 2025),
		annual(symbol, source, market.GrossProfit, 358.1e9, 2025),
		annual(symbol, source, market.OperatingIncome, 79.975e9, 2025),
		annual(symbol, source, market.NetIncome, 77.67e9, 2025),
		annual(symbol, source, market.EPSDiluted, 7.17, 2025),
		annual(symbol, source, market.SharesOutstanding, 10.69e9, 2025),
		annual(symbol, source, market.TotalEquity, 411.1e9, 2025),
		annual(symbol, source, market.TotalDebt, 65.6e9, 2025),
		annual(symbol, source, market.OperatingCashFlow, 139.5e9, 2025),
		annual(symbol, source, market.CapitalExpend, 131.8e9, 2025),
	}
}

// newFakeStore returns the fixture every handler test reads: a few named
// securities, one with simulated demo data, one without prices, and enough
// generated ones to fill three pages of the list.
func newFakeStore() *fakeStore {
	s := &fakeStore{
		version: 7,
		bars:    map[string][]market.Bar{},
		facts:   map[string][]market.Fact{},
	}
	s.secs = []market.Security{
		{Symbol: "AAPL", LegalName: "Apple Inc.", Name: "Apple", Exchange: market.NASDAQ, Sector: market.InformationTechnology, Industry: "Technology Hardware, Storage & Peripherals", CIK: 320193},
		{Symbol: "AMZN", LegalName: "Amazon.com, Inc.", Name: "Amazon", Aliases: []string{"Amazon.com"}, Exchange: market.NASDAQ, Sector: market.ConsumerDiscretionary, Industry: "Broadline Retail", CIK: 1018724},
		{Symbol: "BRK.B", ShareClass: "B", LegalName: "Berkshire Hathaway Inc.", Name: "Berkshire Hathaway", Exchange: market.NYSE, Sector: market.Financials, Industry: "Multi-Sector Holdings", CIK: 1067983},
		{Symbol: "NOPX", LegalName: "No Price Holdings Corp.", Exchange: market.NYSE, Sector: market.Utilities},
		{Symbol: "XMPL", LegalName: "Example Demo Corp.", Name: "Example Demo", Exchange: market.NASDAQ, Sector: market.HealthCare, Industry: "Biotechnology"},
	}
	s.bars["AAPL"] = makeBars("AAPL", "stooq", 300, 230)
	s.bars["AMZN"] = makeBars("AMZN", "stooq", 1500, 180)
	s.bars["BRK.B"] = makeBars("BRK.B", "stooq", 2, 480)
	s.bars["XMPL"] = makeBars("XMPL", demoSource, 300, 42)
	s.facts["AMZN"] = amazonFacts("AMZN", "sec-companyfacts")
	s.facts["XMPL"] = amazonFacts("XMPL", demoSource)
	for i := range 110 {
		sym := fmt.Sprintf("T%03d", i)
		sec := market.Sectors[i%len(market.Sectors)]
		s.secs = append(s.secs, market.Security{Symbol: sym, LegalName: fmt.Sprintf("Test Company %03d Inc.", i), Exchange: market.NYSE, Sector: sec})
		if i%10 != 9 { // every tenth has no prices
			// Two sessions, the day's change from −3% to +3%.
			bars := makeBars(sym, "stooq", 2, 10+float64(i))
			bars[0].Close = 10 + float64(i)
			bars[1].Close = math.Round(bars[0].Close*(100+float64(i%7-3))) / 100
			s.bars[sym] = bars
		}
	}
	slices.SortFunc(s.secs, func(a, b market.Security) int { return strings.Compare(a.Symbol, b.Symbol) })
	s.scores = testScores()
	return s
}

func fp(v float64) *float64 { return &v }

// testScores are two score dates: AMZN with all four signals, XMPL with
// three (capped), BRK.B unscored; AAPL has no record at all. AMZN moved
// up 6 between the dates and XMPL down 3.
func testScores() []store.ScoreRecord {
	prev, last := lastSession.AddDate(0, 0, -7), lastSession
	return []store.ScoreRecord{
		{Symbol: "AMZN", AsOf: prev, Method: "alpha", Score: fp(48.4), Band: "Weak", Coverage: 4,
			Momentum: fp(40), Value: fp(30), Quality: fp(80), Sentiment: fp(45),
			Explanation: "Alpha Score of 48 reflects a weak overall profile: weak momentum, weak value, strong quality, weak sentiment."},
		{Symbol: "AMZN", AsOf: last, Method: "alpha", Score: fp(54.2), Band: "Moderate", Coverage: 4,
			Momentum: fp(72.5), Value: fp(18.3), Quality: fp(76.1), Sentiment: fp(41.0),
			Explanation: "Alpha Score of 54 reflects a moderate overall profile: strong momentum, poor value, strong quality, weak sentiment.",
			Signals:     testSignals()},
		{Symbol: "XMPL", AsOf: prev, Method: "alpha", Score: fp(50.1), Band: "Moderate", Coverage: 3, Capped: true,
			Momentum: fp(50), Value: fp(20), Quality: fp(70),
			Explanation: "Alpha Score of 50 reflects a moderate overall profile: moderate momentum, poor value, strong quality; no sentiment signal (no stories in the last 90 days). Based on 3 of 4 signals — capped at 90 until the remaining data arrives."},
		{Symbol: "XMPL", AsOf: last, Method: "alpha", Score: fp(46.6), Band: "Weak", Coverage: 3, Capped: true,
			Momentum: fp(55.0), Value: fp(21.0), Quality: fp(60.2),
			Explanation: "Alpha Score of 47 reflects a weak overall profile: moderate momentum, poor value, moderate quality; no sentiment signal (no stories in the last 90 days). Based on 3 of 4 signals — capped at 90 until the remaining data arrives.",
			Signals: map[string]store.SignalRecord{
				"momentum": {Score: fp(55.0), Band: "Moderate", Metrics: []store.MetricRecord{
					{Name: "return_12_1", Value: fp(0.08), Rank: fp(55), Text: "12-1M return +8%, 55th percentile"}}},
				"value": {Score: fp(21.0), Band: "Weak", Metrics: []store.MetricRecord{
					{Name: "earnings_yield", Rank: fp(21), Text: "earnings yield not meaningful, 21st percentile"}}},
				"quality": {Score: fp(60.2), Band: "Moderate", Metrics: []store.MetricRecord{
					{Name: "roe", Value: fp(0.12), Rank: fp(60.2), Text: "ROE 12%, 60th percentile"}}},
				"sentiment": {Reason: "no stories in the last 90 days", Metrics: []store.MetricRecord{
					{Name: "sentiment", Text: "story sentiment n/a"}}},
			}},
		{Symbol: "BRK.B", AsOf: last, Method: "alpha", Coverage: 2, Momentum: fp(60), Quality: fp(55),
			Explanation: "BRK.B is unscored: 2 of 4 signals available (missing value: no fundamentals filed; sentiment: no stories in the last 90 days)."},
	}
}

// testSignals are AMZN's latest signals with a few metrics each, as
// internal/ingest.ScoreRecord saves them.
func testSignals() map[string]store.SignalRecord {
	return map[string]store.SignalRecord{
		"momentum": {Score: fp(72.5), Band: "Strong", Metrics: []store.MetricRecord{
			{Name: "return_12_1", Value: fp(0.342), Rank: fp(91.4), Text: "12-1M return +34%, 91st percentile"},
			{Name: "return_6m", Value: fp(0.051), Rank: fp(58), Text: "6M return +5%, 58th percentile"},
			{Name: "high_52w", Value: fp(0.93), Rank: fp(67), Text: "7% below its 52-week high, 67th percentile"},
		}},
		"value": {Score: fp(18.3), Band: "Poor", Metrics: []store.MetricRecord{
			{Name: "earnings_yield", Value: fp(0.024), Rank: fp(12), Text: "earnings yield 2.4%, 12th percentile"},
			{Name: "dividend_yield", Text: "dividend yield n/a"},
		}},
		"quality": {Score: fp(76.1), Band: "Strong", Metrics: []store.MetricRecord{
			{Name: "roe", Value: fp(0.24), Rank: fp(81), Text: "ROE 24%, 81st percentile"},
		}},
		"sentiment": {Score: fp(41.0), Band: "Weak", Metrics: []store.MetricRecord{
			{Name: "sentiment", Value: fp(-0.08), Rank: fp(41), Text: "decayed story sentiment -0.08 from 6 stories, 41st percentile"},
		}},
	}
}
