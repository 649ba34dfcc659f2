package score

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
)

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestBandOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		score float64
		want  Band
	}{
		{math.NaN(), NoBand},
		{-1, NoBand},
		{0, Poor},
		{29.4, Poor},
		{29.5, Weak}, // shows as 30
		{49.4, Weak},
		{49.5, Moderate},
		{54, Moderate},
		{69.9, Strong}, // shows as 70
		{84.4, Strong},
		{84.5, Excellent}, // shows as 85
		{100, Excellent},
	}
	for _, tc := range tests {
		if got := BandOf(tc.score); got != tc.want {
			t.Errorf("BandOf(%v) = %v, want %v", tc.score, got, tc.want)
		}
	}
	for _, b := range []Band{Poor, Weak, Moderate, Strong, Excellent} {
		if got, ok := ParseBand(b.String()); !ok || got != b {
			t.Errorf("ParseBand(%q) = %v, %v", b.String(), got, ok)
		}
		if strings.ToLower(b.String()) != b.Word() {
			t.Errorf("%v: label %q and word %q differ", b, b.String(), b.Word())
		}
	}
	if Excellent.Article() != "an" || Moderate.Article() != "a" {
		t.Errorf("articles: %q %q", Excellent.Article(), Moderate.Article())
	}
}

func TestOrdinal(t *testing.T) {
	t.Parallel()
	for p, want := range map[float64]string{0.2: "1st percentile", 1.9: "1st percentile", 2: "2nd percentile", 3.5: "3rd percentile",
		11: "11th percentile", 12.9: "12th percentile", 13: "13th percentile", 21: "21st percentile", 91.2: "91st percentile", 99.9: "99th percentile"} {
		if got := ordinal(p); got != want {
			t.Errorf("ordinal(%v) = %q, want %q", p, got, want)
		}
	}
}

// bruteRanks is the ranking rule written out the slow way: winsorise at
// the 1st/99th percentiles (linear interpolation), then 100 × (average
// rank − ½) / n.
func bruteRanks(vals []float64) []float64 {
	var xs []float64
	for _, v := range vals {
		if !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	q := func(p float64) float64 {
		pos := p * float64(len(sorted)-1)
		k := int(pos)
		if k+1 < len(sorted) {
			return sorted[k] + (pos-float64(k))*(sorted[k+1]-sorted[k])
		}
		return sorted[k]
	}
	lo, hi := q(0.01), q(0.99)
	out := make([]float64, len(vals))
	for i, v := range vals {
		out[i] = math.NaN()
		if math.IsNaN(v) {
			continue
		}
		c := min(max(v, lo), hi)
		less, equal := 0, 0
		for _, x := range xs {
			cx := min(max(x, lo), hi)
			switch {
			case cx < c:
				less++
			case cx == c:
				equal++
			}
		}
		out[i] = 100 * (float64(less) + float64(equal)/2) / float64(len(xs))
	}
	return out
}

func TestRankerMatchesBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	var r ranker
	for trial := range 50 {
		n := 1 + rng.IntN(400)
		vals := make([]float64, n)
		for i := range vals {
			// Values on a grid of float32-exact numbers, so the
			// ranker's 7-digit keys see exactly what the brute force sees.
			vals[i] = float64(rng.IntN(200)-100) / 8
			if rng.IntN(10) == 0 {
				vals[i] = math.NaN()
			}
		}
		got := make([]float64, n)
		r.rank(vals, true, nil, 0, got)
		want := bruteRanks(vals)
		for i := range vals {
			if math.Abs(got[i]-want[i]) > 1e-9 || math.IsNaN(got[i]) != math.IsNaN(want[i]) {
				t.Fatalf("trial %d: value %v: percentile %v, want %v", trial, vals[i], got[i], want[i])
			}
		}
	}
}

func TestRankerGroups(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name   string
		vals   []float64
		groups []int8
		higher bool
		want   []float64
	}{
		{"universe", []float64{3, 1, 2, nan}, nil, true, []float64{100 * 2.5 / 3, 100 * 0.5 / 3, 50, nan}},
		{"lower is better", []float64{3, 1, 2}, nil, false, []float64{100 * 0.5 / 3, 100 * 2.5 / 3, 50}},
		{"ties share", []float64{1, 1, 2, 2}, nil, true, []float64{25, 25, 75, 75}},
		{"two sectors of five", []float64{1, 2, 3, 4, 5, 50, 40, 30, 20, 10}, []int8{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, true,
			[]float64{10, 30, 50, 70, 90, 90, 70, 50, 30, 10}},
		// Sector 2 has 2 members: they are ranked among all 7 values.
		{"small sector falls back", []float64{1, 2, 3, 4, 5, 0, 9}, []int8{0, 0, 0, 0, 0, 2, 2}, true,
			[]float64{10, 30, 50, 70, 90, 100 * 0.5 / 7, 100 * 6.5 / 7}},
		{"unknown sector falls back", []float64{1, 2, 3, 4, 5, 3.5}, []int8{0, 0, 0, 0, 0, -1}, true,
			[]float64{10, 30, 50, 70, 90, 100 * 3.5 / 6}},
		{"everyone too small: one ranking", []float64{1, 2, 3}, []int8{0, 1, 2}, true, []float64{100 * 0.5 / 3, 50, 100 * 2.5 / 3}},
	}
	var r ranker
	for _, tc := range tests {
		got := make([]float64, len(tc.vals))
		r.rank(tc.vals, tc.higher, tc.groups, MinSectorMembers, got)
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-9 || math.IsNaN(got[i]) != math.IsNaN(tc.want[i]) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestRankerWinsorises(t *testing.T) {
	t.Parallel()
	// 200 values 1..200 plus an outlier: the top 1% tie after clipping.
	vals := make([]float64, 201)
	for i := range 200 {
		vals[i] = float64(i + 1)
	}
	vals[200] = 1e12
	got := make([]float64, len(vals))
	var r ranker
	r.rank(vals, true, nil, 0, got)
	if got[200] != got[199] || got[199] != got[198] {
		t.Errorf("top values %v %v %v: want the clipped tail to share one percentile", got[198], got[199], got[200])
	}
	if got[0] != got[1] {
		t.Errorf("bottom values %v %v: want the clipped tail to share one percentile", got[0], got[1])
	}
	if !(got[100] < got[101]) {
		t.Errorf("middle values %v %v: want distinct increasing percentiles", got[100], got[101])
	}
}

func fact(m market.Metric, end string, filed string, v float64) market.Fact {
	f := market.Fact{Symbol: "T", Metric: m, PeriodEnd: day(end), Filed: day(filed), Value: v, FiscalPeriod: "FY", Source: "test"}
	if !m.Instant() {
		f.PeriodStart = day(end).AddDate(-1, 0, 1)
	}
	return f
}

func year(end, filed string, rev, ni, equity float64) []market.Fact {
	return []market.Fact{
		fact(market.Revenue, end, filed, rev),
		fact(market.CostOfRevenue, end, filed, rev*0.6),
		fact(market.OperatingIncome, end, filed, rev*0.2),
		fact(market.NetIncome, end, filed, ni),
		fact(market.OperatingCashFlow, end, filed, ni*1.2),
		fact(market.CapitalExpend, end, filed, -rev*0.05),
		fact(market.TotalAssets, end, filed, 2*rev),
		fact(market.TotalEquity, end, filed, equity),
		fact(market.TotalDebt, end, filed, rev/2),
		fact(market.SharesOutstanding, end, filed, 100),
		fact(market.EPSDiluted, end, filed, ni/100),
	}
}

func TestBuildSnapshots(t *testing.T) {
	t.Parallel()
	var facts []market.Fact
	facts = append(facts, year("2012-12-31", "2013-02-15", 1000, 100, 500)...)
	facts = append(facts, year("2013-12-31", "2014-02-15", 1100, 120, 600)...)
	facts = append(facts, year("2014-12-31", "2015-02-15", 1210, 130, -50)...) // negative equity
	// A restatement of 2013 net income filed in mid-2014.
	facts = append(facts, fact(market.NetIncome, "2013-12-31", "2014-06-01", 90))
	snaps := buildSnapshots(facts, new([]market.Fact))
	if len(snaps) != 4 {
		t.Fatalf("%d snapshots, want 4 (one per filing date)", len(snaps))
	}
	at := func(d string) *snapshot {
		p := &Panel{funds: [][]snapshot{snaps}, fundFrom: [][]int32{nil}}
		for _, s := range snaps {
			p.fundFrom[0] = append(p.fundFrom[0], s.from)
		}
		return p.snapshotAt(0, dayOf(day(d)))
	}
	if s := at("2013-02-14"); s != nil {
		t.Errorf("snapshot before the first filing: %+v", s)
	}
	s := at("2014-03-01")
	if s.netIncome != 120 || math.Abs(s.revenueGrowth-0.1) > 1e-12 || math.Abs(s.roe-0.2) > 1e-12 {
		t.Errorf("2014-03-01: net income %v growth %v roe %v, want 120, 0.1, 0.2", s.netIncome, s.revenueGrowth, s.roe)
	}
	if got, want := timeOf(s.filed), day("2014-02-15"); !got.Equal(want) {
		t.Errorf("filed %s, want %s", got.Format(market.DateLayout), want.Format(market.DateLayout))
	}
	if s := at("2014-06-02"); s.netIncome != 90 {
		t.Errorf("after the restatement: net income %v, want 90", s.netIncome)
	}
	s = at("2015-03-01")
	if !math.IsNaN(s.roe) || !math.IsNaN(s.debtToEquity) {
		t.Errorf("negative equity: roe %v debt/equity %v, want not meaningful (NaN)", s.roe, s.debtToEquity)
	}
	if s.equity != -50 {
		t.Errorf("equity %v, want -50 kept for book-to-price", s.equity)
	}
	if math.IsNaN(s.marginVolatility) || s.marginVolatility > 1e-12 {
		t.Errorf("margin volatility over 3 years of a 20%% margin = %v, want 0", s.marginVolatility)
	}
	if math.Abs(s.grossProfitability-0.2) > 1e-12 || math.Abs(s.accruals-(130-156)/2420.0) > 1e-12 {
		t.Errorf("gross profitability %v accruals %v", s.grossProfitability, s.accruals)
	}
	if math.Abs(s.fcf-(156-60.5)) > 1e-9 {
		t.Errorf("free cash flow %v, want operating cash flow minus |capex| = %v", s.fcf, 156-60.5)
	}
}

func TestBuildSnapshotsBadValues(t *testing.T) {
	t.Parallel()
	facts := year("2014-12-31", "2015-02-15", 0, 10, 0) // zero revenue, zero equity
	facts = append(facts, fact(market.TotalAssets, "2014-12-31", "2015-02-15", math.NaN()))
	s := buildSnapshots(facts, new([]market.Fact))
	if len(s) != 1 {
		t.Fatalf("%d snapshots", len(s))
	}
	for name, v := range map[string]float64{"operating margin": s[0].operatingMargin, "roe": s[0].roe, "debt/equity": s[0].debtToEquity} {
		if !math.IsNaN(v) {
			t.Errorf("%s = %v, want NaN for a zero denominator", name, v)
		}
	}
}

func TestRestateShareBasis(t *testing.T) {
	t.Parallel()
	// An AAPL-like 7-for-1 split between FY2013 and FY2014 (with buybacks).
	var facts []market.Fact
	facts = append(facts, year("2013-09-28", "2013-12-27", 1000, 400, 500)...)
	facts = append(facts, year("2014-09-27", "2014-12-26", 1070, 410, 500)...)
	facts[9].Value = 925   // FY2013 shares
	facts[10].Value = 40   // FY2013 EPS
	facts[20].Value = 6088 // FY2014 shares
	facts[21].Value = 6.5
	out, splits := RestateShareBasis(facts)
	if len(splits) != 1 || splits[0].Ratio != 7 {
		t.Fatalf("splits = %+v, want one 7-for-1", splits)
	}
	if out[9].Value != 925*7 || math.Abs(out[10].Value-40.0/7) > 1e-12 || out[20].Value != 6088 {
		t.Errorf("restated shares %v, EPS %v, later shares %v", out[9].Value, out[10].Value, out[20].Value)
	}
	if facts[9].Value != 925 {
		t.Error("RestateShareBasis modified its input")
	}
	// A merger paid in shares doubles the count but brings revenue.
	facts = facts[:0]
	facts = append(facts, year("2013-12-31", "2014-02-15", 1000, 100, 500)...)
	facts = append(facts, year("2014-12-31", "2015-02-15", 2100, 200, 900)...)
	facts[20].Value = 200
	if _, splits := RestateShareBasis(facts); len(splits) != 0 {
		t.Errorf("merger taken for a split: %+v", splits)
	}
}

func TestSuspectJump(t *testing.T) {
	t.Parallel()
	for r, want := range map[float64]bool{0.5: true, 0.505: true, 1.0 / 7: true, 2: true, 10: true, 0.1: true, 1.5: false, 0.6: false, 0.45: false, 1.1: false, 2.3: false} {
		if got := suspectJump(r); got != want {
			t.Errorf("suspectJump(%v) = %v, want %v", r, got, want)
		}
	}
}

// linePanel is a panel of securities whose closes are given by fn(i, t).
func linePanel(t *testing.T, n, days int, fn func(i, t int) float64) *Panel {
	t.Helper()
	secs := make([]Security, n)
	for i := range secs {
		secs[i] = Security{Symbol: genSymbol(i), Sector: market.Sectors[i%3]}
	}
	p, err := NewPanel(secs, genCalendar(days))
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		for u := range days {
			p.SetClose(i, u, fn(i, u))
		}
	}
	p.Seal()
	return p
}

func TestMomentumGapsSplitsAndZeroPrices(t *testing.T) {
	t.Parallel()
	const days = 300
	p := linePanel(t, 4, days, func(i, u int) float64 {
		c := 100 * math.Pow(1.001, float64(u*(i+1)))
		switch {
		case i == 1 && u > 200 && u < 210:
			return math.NaN() // a gap: bridged by the last close
		case i == 2 && u >= 150:
			return c / 2 // an unadjusted 2-for-1 split
		case i == 3 && u == days-3:
			return 0 // a zero price is no bar
		}
		return c
	})
	s, _ := NewScorer(Options{})
	cs, err := s.Score(p, p.Day(days-1))
	if err != nil {
		t.Fatal(err)
	}
	if jumps, bad := p.DataNotes(); jumps != 1 || bad != 1 {
		t.Errorf("DataNotes = %d jumps, %d ignored closes; want 1, 1", jumps, bad)
	}
	want := math.Pow(1.001, 2*231) - 1 // close(t-21)/close(t-252) over 231 days
	if got := cs.metric[mReturn12_1][1]; math.Abs(got-want) > 1e-9 {
		t.Errorf("12-1 return across a gap = %v, want %v", got, want)
	}
	r := cs.Result(2)
	if !math.IsNaN(r.Signals[Momentum].Score) || !strings.Contains(r.Signals[Momentum].Reason, "unadjusted split") {
		t.Errorf("momentum across an unadjusted split: score %v reason %q", r.Signals[Momentum].Score, r.Signals[Momentum].Reason)
	}
	if got := cs.metric[mHigh52][3]; got != 1 {
		t.Errorf("52-week high ratio of a rising series with a zero price = %v, want 1", got)
	}
}

func TestStalePrices(t *testing.T) {
	t.Parallel()
	const days = 300
	p := linePanel(t, 2, days, func(i, u int) float64 {
		if i == 1 && u > days-9 {
			return math.NaN()
		}
		return 100 + float64(u)
	})
	s, _ := NewScorer(Options{})
	cs, _ := s.Score(p, p.Day(days-1))
	r := cs.Result(1)
	want := "no price in 8 trading days (last " + p.Day(days-9).Format(market.DateLayout) + ")"
	if r.Signals[Momentum].Reason != want {
		t.Errorf("reason %q, want %q", r.Signals[Momentum].Reason, want)
	}
	if !math.IsNaN(r.Signals[Momentum].Score) {
		t.Errorf("stale momentum scored %v", r.Signals[Momentum].Score)
	}
}

// TestSentimentMatchesDirect checks the running sums against the sum
// written out story by story.
func TestSentimentMatchesDirect(t *testing.T) {
	t.Parallel()
	p := genPanel(t, genOptions{securities: 30, days: 400, seed: 8, sparseSentiment: true})
	s, _ := NewScorer(Options{})
	for _, u := range []int{0, 10, 61, 62, 63, 64, 200, 399} {
		var cs CrossSection
		if err := s.ScoreDay(p, u, &cs); err != nil {
			t.Fatal(err)
		}
		for i := range 30 {
			var ws, wn, n float64
			for v := u; v >= 0 && p.days[u]-p.days[v] < SentimentWindowDays; v-- {
				w := math.Exp2(-float64(p.days[u]-p.days[v]) / SentimentHalfLifeDays)
				ws += w * float64(p.sentSum[v][i])
				wn += w * float64(p.sentN[v][i])
				n += float64(p.sentN[v][i])
			}
			got := cs.metric[mSentiment][i]
			if n == 0 {
				if !math.IsNaN(got) {
					t.Errorf("day %d %d: sentiment %v without stories", u, i, got)
				}
				continue
			}
			if want := ws / (wn + SentimentPrior); math.Abs(got-want) > 1e-5 {
				t.Errorf("day %d %d: sentiment %v, want %v", u, i, got, want)
			}
			if cs.stories[i] != n {
				t.Errorf("day %d %d: %v stories, want %v", u, i, cs.stories[i], n)
			}
		}
	}
}

func TestSentimentShrinkage(t *testing.T) {
	t.Parallel()
	p := linePanel(t, 1, 10, func(i, u int) float64 { return 10 })
	if err := p.AddSentiment(0, p.Day(9), 0.9); err != nil {
		t.Fatal(err)
	}
	s, _ := NewScorer(Options{})
	cs, _ := s.Score(p, p.Day(9))
	if got := cs.metric[mSentiment][0]; math.Abs(got-0.3) > 1e-6 {
		t.Errorf("one fresh +0.9 story = %v, want 0.9/(1+2) = 0.3", got)
	}
	// A weekend story is first seen on Monday.
	sat := p.Day(7).AddDate(0, 0, 1)
	if sat.Weekday() != time.Saturday {
		t.Fatalf("calendar: %s", sat.Weekday())
	}
	q := linePanel(t, 1, 10, func(i, u int) float64 { return 10 })
	if err := q.AddSentiment(0, sat, -0.5); err != nil {
		t.Fatal(err)
	}
	for u, want := range map[int]float64{7: 0, 8: 1} {
		cs, _ := s.Score(q, q.Day(u))
		if cs.stories[0] != want {
			t.Errorf("stories as of %s = %v, want %v", q.Day(u).Weekday(), cs.stories[0], want)
		}
	}
	if err := q.AddSentiment(0, q.Day(9).AddDate(0, 0, 3), 0.1); err == nil {
		t.Error("a story after the calendar was accepted")
	}
}

func TestAsOfOutsideData(t *testing.T) {
	t.Parallel()
	p := linePanel(t, 1, 10, func(i, u int) float64 { return 10 })
	s, _ := NewScorer(Options{})
	for _, d := range []time.Time{p.Day(0).AddDate(0, 0, -1), p.Day(9).AddDate(0, 1, 0)} {
		if _, err := s.Score(p, d); err == nil {
			t.Errorf("Score as of %s succeeded, want ErrAsOf", d.Format(market.DateLayout))
		}
	}
	if _, err := s.Score(p, p.Day(9).AddDate(0, 0, 2)); err != nil {
		t.Errorf("Score as of the weekend after the data: %v", err)
	}
}

func TestWeightsValidate(t *testing.T) {
	t.Parallel()
	for _, w := range []Weights{{}, {-1, 1, 1, 1}, {math.NaN(), 1, 1, 1}, {math.Inf(1), 1, 1, 1}} {
		if _, err := NewScorer(Options{Weights: w}); err == nil && w != (Weights{}) {
			t.Errorf("weights %v accepted", w)
		}
	}
	if err := (Weights{}).Validate(); err == nil {
		t.Error("all-zero weights validated")
	}
}

func TestCapThree(t *testing.T) {
	t.Parallel()
	for in, want := range map[float64]float64{0: 0, 50: 50, 85: 85, 88: 86, 100: 90} {
		if got := capThree(in); math.Abs(got-want) > 1e-12 {
			t.Errorf("capThree(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestMonthEnds(t *testing.T) {
	t.Parallel()
	p := linePanel(t, 1, 70, func(i, u int) float64 { return 10 })
	var got []string
	for _, u := range p.MonthEnds(time.Time{}, time.Time{}) {
		got = append(got, p.Day(u).Format(market.DateLayout))
	}
	if want := []string{"2008-01-31", "2008-02-29", "2008-03-31"}; !slices.Equal(got, want) {
		t.Errorf("MonthEnds = %v, want %v (April is cut short by the data)", got, want)
	}
}

func TestRestateShareBasisNoise(t *testing.T) {
	t.Parallel()
	shares := func(vals ...float64) []market.Fact {
		var out []market.Fact
		for k, v := range vals {
			end := day("2012-12-31").AddDate(k, 0, 0)
			out = append(out, market.Fact{Symbol: "T", Metric: market.SharesOutstanding, PeriodEnd: end, Filed: end.AddDate(0, 0, 60), Value: v, Source: "t"})
		}
		return out
	}
	tests := []struct {
		name   string
		facts  []market.Fact
		ratios []float64
	}{
		{"3:2 is not inferred", shares(100, 150), nil},
		{"1:2 is not inferred", shares(100, 50), nil},
		{"1:10 reverse split", shares(1000, 100), []float64{0.1}},
		{"a jump undone later is noise", shares(100, 300, 100), nil},
		{"two real splits", shares(100, 200, 400), []float64{2, 2}},
		{"no shares", nil, nil},
	}
	for _, tc := range tests {
		_, splits := RestateShareBasis(tc.facts)
		var got []float64
		for _, s := range splits {
			got = append(got, s.Ratio)
		}
		if !slices.Equal(got, tc.ratios) {
			t.Errorf("%s: ratios %v, want %v", tc.name, got, tc.ratios)
		}
	}
	out, _ := RestateShareBasis(shares(100, 200, 400))
	if out[0].Value != 400 || out[1].Value != 400 || out[2].Value != 400 {
		t.Errorf("restated shares %v %v %v, want all on the latest basis (400)", out[0].Value, out[1].Value, out[2].Value)
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	p := handPanel(t, 40)
	ev, err := Evaluate(p, EvalOptions{Horizon: 10})
	if err != nil {
		t.Fatal(err)
	}
	// The hand panel's prices trend steadily, so past winners keep winning.
	mom := ev.Methods[Alpha].Signals[Momentum]
	if !(mom.IC > 0.5) || !(mom.Q5MinusQ1 > 0) || !(mom.Turnover < 0.2) || mom.Coverage != 1 {
		t.Errorf("momentum on trending prices: %+v, want IC > 0.5, positive spread, low turnover, full coverage", mom)
	}
	if ev.Rebalances != 3 || ev.Horizon != 10 {
		t.Errorf("rebalances %d horizon %d, want 3 month-ends at horizon 10", ev.Rebalances, ev.Horizon)
	}
	if share := ev.Methods[Alpha].MaxTieShare; share > 0.01 {
		t.Errorf("alpha tie share %v", share)
	}
	if len(ev.Metrics) != numAlphaMetrics || ev.Metrics[0].Name != "return_12_1" || ev.Metrics[0].Dates != 3 {
		t.Errorf("metric diagnostics %+v, want every alpha metric, 12-1 return on 3 dates", ev.Metrics)
	}
	if _, err := Evaluate(p, EvalOptions{Horizon: -1}); err == nil {
		t.Error("negative horizon accepted")
	}
	if _, err := Evaluate(p, EvalOptions{Horizon: 400}); err == nil || !strings.Contains(err.Error(), "trading days of prices after it") {
		t.Errorf("horizon beyond the data: %v", err)
	}
	unsealed, _ := NewPanel(nil, nil)
	if _, err := Evaluate(unsealed, EvalOptions{}); err != ErrNotSealed {
		t.Errorf("unsealed panel: %v", err)
	}
}

func TestAverageRanksAndPearson(t *testing.T) {
	t.Parallel()
	var order []int
	got := averageRanks([]float64{3, 1, 3, 2}, nil, &order)
	if want := []float64{3.5, 1, 3.5, 2}; !slices.Equal(got, want) {
		t.Errorf("averageRanks = %v, want %v", got, want)
	}
	if r := pearson([]float64{1, 2, 3}, []float64{2, 4, 6}); math.Abs(r-1) > 1e-12 {
		t.Errorf("pearson of a line = %v", r)
	}
	if r := pearson([]float64{1, 2, 3}, []float64{5, 5, 5}); r != 0 {
		t.Errorf("pearson with a constant = %v, want 0", r)
	}
}

// TestScorerCursor: a scorer reused across dates in any order, and across
// SetFacts, scores exactly like a fresh scorer.
func TestScorerCursor(t *testing.T) {
	t.Parallel()
	p := genPanel(t, genOptions{securities: 70, days: 600, seed: 12, missing: 0.05})
	reused, _ := NewScorer(Options{})
	rng := rand.New(rand.NewPCG(1, 1))
	for step := range 40 {
		u := rng.IntN(600)
		if step == 20 {
			p.SetFacts(3, nil) // facts change under the cursor
		}
		fresh, _ := NewScorer(Options{})
		var a, b CrossSection
		if err := reused.ScoreDay(p, u, &a); err != nil {
			t.Fatal(err)
		}
		if err := fresh.ScoreDay(p, u, &b); err != nil {
			t.Fatal(err)
		}
		if !sameFloats(a.Score, b.Score) {
			t.Fatalf("step %d day %d: reused scorer differs from a fresh one", step, u)
		}
	}
}
