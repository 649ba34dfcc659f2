package storetest

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// testPanels checks the bulk read path the scorer uses (EachBar, EachFact)
// and the score history (SaveScores, ScoreHistory, ScoresOn). The cases
// share one store and run in order.
func testPanels(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn, has, brkb)
	bars := []market.Bar{
		bar("HAS", "2026-11-19", 50), bar("AMZN", "2026-11-18", 200), bar("AMZN", "2026-11-20", 210),
		bar("AMZN", "2026-11-19", 205), bar("BRK.B", "2026-11-20", 500), bar("HAS", "2026-11-20", 51),
	}
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error { return tx.PutBars(ctx, bars) })
	facts := []market.Fact{
		{Symbol: "HAS", Metric: market.Revenue, PeriodStart: day("2025-01-01"), PeriodEnd: day("2025-12-31"), FiscalYear: 2025,
			FiscalPeriod: "FY", Filed: day("2026-02-20"), Value: 4e9, Unit: "USD", Source: "t"},
		{Symbol: "AMZN", Metric: market.NetIncome, PeriodStart: day("2025-01-01"), PeriodEnd: day("2025-12-31"), FiscalYear: 2025,
			FiscalPeriod: "FY", Filed: day("2026-02-06"), Value: 60e9, Unit: "USD", Source: "t", FiledEstimated: true},
		{Symbol: "AMZN", Metric: market.NetIncome, PeriodStart: day("2025-01-01"), PeriodEnd: day("2025-12-31"), FiscalYear: 2025,
			FiscalPeriod: "FY", Filed: day("2026-06-01"), Value: 61e9, Unit: "USD", Form: "10-K/A", Source: "t"},
		{Symbol: "AMZN", Metric: market.SharesOutstanding, PeriodEnd: day("2025-12-31"), Filed: day("2026-02-06"), Value: 10.6e9, Unit: "shares", Source: "t"},
	}
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error { return tx.PutFacts(ctx, facts) })
	ctx := context.Background()

	t.Run("EachBar", func(t *testing.T) {
		tests := []struct {
			name     string
			symbols  []string
			from, to time.Time
			want     []string // symbol@date
		}{
			{"all, by symbol then date", nil, time.Time{}, time.Time{},
				[]string{"AMZN@2026-11-18", "AMZN@2026-11-19", "AMZN@2026-11-20", "BRK.B@2026-11-20", "HAS@2026-11-19", "HAS@2026-11-20"}},
			{"symbols in any order", []string{"HAS", "AMZN"}, day("2026-11-19"), day("2026-11-19"), []string{"AMZN@2026-11-19", "HAS@2026-11-19"}},
			{"unknown symbol", []string{"ZZZZ"}, time.Time{}, time.Time{}, nil},
			{"empty list selects none", []string{}, time.Time{}, time.Time{}, nil},
		}
		for _, tc := range tests {
			var got []string
			err := st.EachBar(ctx, tc.symbols, tc.from, tc.to, func(b market.Bar) error {
				got = append(got, b.Symbol+"@"+b.Date.Format(market.DateLayout))
				return nil
			})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
		var first market.Bar
		stop := errors.New("stop")
		err := st.EachBar(ctx, nil, time.Time{}, time.Time{}, func(b market.Bar) error { first = b; return stop })
		if !errors.Is(err, stop) {
			t.Errorf("EachBar returned %v, want the callback's error", err)
		}
		if want := bars[1]; !reflect.DeepEqual(first, want) {
			t.Errorf("first bar = %+v, want %+v", first, want)
		}
	})

	t.Run("EachFact", func(t *testing.T) {
		var got []market.Fact
		err := st.EachFact(ctx, nil, day("2026-03-01"), func(f market.Fact) error { got = append(got, f); return nil })
		if err != nil {
			t.Fatal(err)
		}
		// Ordered by symbol, metric, period end, filed; the restatement
		// filed in June is not known on 2026-03-01.
		if want := []market.Fact{facts[1], facts[3], facts[0]}; !reflect.DeepEqual(got, want) {
			t.Errorf("EachFact as of 2026-03-01 = %+v, want %+v", got, want)
		}
		got = nil
		if err := st.EachFact(ctx, []string{"AMZN"}, time.Time{}, func(f market.Fact) error { got = append(got, f); return nil }); err != nil {
			t.Fatal(err)
		}
		if want := []market.Fact{facts[1], facts[2], facts[3]}; !reflect.DeepEqual(got, want) {
			t.Errorf("EachFact(AMZN) = %+v, want %+v", got, want)
		}
	})

	t.Run("SaveScores", func(t *testing.T) {
		f := func(v float64) *float64 { return &v }
		d1, d2 := day("2026-10-30"), day("2026-11-20")
		first := []store.ScoreRecord{
			{Symbol: "AMZN", AsOf: d1, Method: "alpha", Score: f(54.2), Band: "Moderate", Coverage: 4,
				Momentum: f(81), Value: f(12.5), Quality: f(77), Sentiment: f(40), Explanation: "Alpha Score of 54 reflects a moderate overall profile.",
				// Signals round-trip whole: nil numbers stay nil, an empty
				// metric list stays empty, order of metrics is kept.
				Signals: map[string]store.SignalRecord{
					"momentum": {Score: f(81), Band: "Excellent", Metrics: []store.MetricRecord{
						{Name: "ret_12_1", Value: f(0.342), Rank: f(91), Text: "12-1M return +34%, 91st percentile"},
						{Name: "ret_6_1", Value: f(-0.05), Rank: f(0), Text: "6-1M return -5%, 0th percentile"},
					}},
					"value": {Score: f(12.5), Band: "Weak", Metrics: []store.MetricRecord{
						{Name: "earnings_yield", Value: nil, Rank: f(3), Text: "Earnings yield not meaningful, 3rd percentile"},
						{Name: "fcf_yield", Text: "FCF yield n/a"},
					}},
					"quality":   {Score: f(77), Band: "Strong", Metrics: []store.MetricRecord{}},
					"sentiment": {Reason: "fewer than 3 stories in 90 days"},
				}},
			{Symbol: "HAS", AsOf: d1, Method: "alpha", Coverage: 1, Momentum: f(30), Explanation: "HAS is unscored."},
		}
		v0, _ := st.DataVersion(ctx)
		for range 2 { // saving a date twice replaces it
			if err := st.SaveScores(ctx, "alpha", d1, first); err != nil {
				t.Fatal(err)
			}
		}
		if v1, _ := st.DataVersion(ctx); v1 == v0 {
			t.Error("SaveScores did not change the data version")
		}
		second := []store.ScoreRecord{{Symbol: "AMZN", AsOf: d2, Method: "alpha", Score: f(60), Band: "Moderate", Coverage: 3, Capped: true,
			Momentum: f(90), Value: f(20), Quality: f(80)}}
		if err := st.SaveScores(ctx, "alpha", d2, second); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveScores(ctx, "thresholds", d2, []store.ScoreRecord{{Symbol: "AMZN", AsOf: d2, Method: "thresholds", Score: f(50), Band: "Moderate", Coverage: 4}}); err != nil {
			t.Fatal(err)
		}
		hist, err := st.ScoreHistory(ctx, "AMZN", "alpha", time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if want := []store.ScoreRecord{first[0], second[0]}; !reflect.DeepEqual(hist, want) {
			t.Errorf("ScoreHistory = %+v, want %+v", hist, want)
		}
		// Re-saving a date with fewer records drops the others.
		if err := st.SaveScores(ctx, "alpha", d1, first[:1]); err != nil {
			t.Fatal(err)
		}
		on, err := st.ScoresOn(ctx, "alpha", d1)
		if err != nil {
			t.Fatal(err)
		}
		if want := first[:1]; !reflect.DeepEqual(on, want) {
			t.Errorf("ScoresOn(%s) after re-saving = %+v, want %+v", d1.Format(market.DateLayout), on, want)
		}
		latest, err := st.ScoresOn(ctx, "alpha", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(latest) != 1 || !latest[0].AsOf.Equal(d2) {
			t.Errorf("ScoresOn(latest) = %+v, want the %s record", latest, d2.Format(market.DateLayout))
		}
		none, err := st.ScoresOn(ctx, "nope", time.Time{})
		if err != nil || none == nil || len(none) != 0 {
			t.Errorf("ScoresOn(unknown method) = %v, %v; want an empty list", none, err)
		}
		err = st.SaveScores(ctx, "alpha", d1, []store.ScoreRecord{{Symbol: "ZZZZ", AsOf: d1, Method: "alpha"}})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SaveScores(unknown symbol) = %v, want ErrNotFound", err)
		}
		if on, _ := st.ScoresOn(ctx, "alpha", d1); len(on) != 1 {
			t.Errorf("a refused save changed the saved scores: %+v", on)
		}
		if err := st.SaveScores(ctx, "alpha", d1, []store.ScoreRecord{{Symbol: "AMZN", AsOf: d1, Method: "alpha", Score: f(101)}}); err == nil {
			t.Error("SaveScores accepted a score of 101")
		}
		nan := math.NaN()
		bad := []store.ScoreRecord{{Symbol: "AMZN", AsOf: d1, Method: "alpha", Signals: map[string]store.SignalRecord{
			"momentum": {Metrics: []store.MetricRecord{{Name: "ret_12_1", Value: &nan}}}}}}
		if err := st.SaveScores(ctx, "alpha", d1, bad); err == nil {
			t.Error("SaveScores accepted a NaN metric value")
		}
		if on, _ := st.ScoresOn(ctx, "alpha", d1); !reflect.DeepEqual(on, first[:1]) {
			t.Errorf("a refused save changed the saved scores: %+v", on)
		}
	})
}
