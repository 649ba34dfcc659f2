package sqltest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// Open returns a fresh, migrated store of one backend.
type Open func(b *testing.B) store.Store

// benchData is a universe of symbols securities with days daily bars each.
func benchData(symbols, days int) ([]market.Security, []market.Bar) {
	secs := make([]market.Security, 0, symbols)
	for i := range symbols {
		secs = append(secs, market.Security{Symbol: fmt.Sprintf("S%03d", i), LegalName: "Bench Co"})
	}
	start, _ := market.ParseDate("2000-01-03")
	bars := make([]market.Bar, 0, symbols*days)
	for _, s := range secs {
		for d := range days {
			c := 100 + float64(d%97)
			bars = append(bars, market.Bar{Symbol: s.Symbol, Date: start.AddDate(0, 0, d), Open: c, High: c + 1, Low: c - 1, Close: c, Volume: 1e6, Source: "bench"})
		}
	}
	return secs, bars
}

// PutAll writes secs, bars and facts in one import, bars 5,000 a call as
// the price importers do.
func PutAll(ctx context.Context, st store.Store, secs []market.Security, bars []market.Bar, facts []market.Fact) error {
	return st.Import(ctx, func(tx store.ImportTx) error {
		if err := tx.PutSecurities(ctx, secs); err != nil {
			return err
		}
		for i := 0; i < len(bars); i += 5000 {
			if err := tx.PutBars(ctx, bars[i:min(i+5000, len(bars))]); err != nil {
				return err
			}
		}
		return tx.PutFacts(ctx, facts)
	})
}

// BenchPutBars measures bulk bar writes in one import transaction (20
// securities of 5,000 days, into a fresh database), reported as rows/s.
func BenchPutBars(b *testing.B, open Open) {
	ctx := context.Background()
	secs, bars := benchData(20, 5000)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st := open(b)
		if err := PutAll(ctx, st, secs, nil, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := PutAll(ctx, st, nil, bars, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(bars)*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchReads measures the market reads pages and the scorer make, on 600
// securities of 250 days: the quote listing (first page, and a query),
// one security's history, and the whole panel streamed by EachBar (all
// symbols, and a list of all of them, which SQLite reads in chunks).
func BenchReads(b *testing.B, open Open) {
	ctx := context.Background()
	secs, bars := benchData(600, 250)
	st := open(b)
	if err := PutAll(ctx, st, secs, bars, nil); err != nil {
		b.Fatal(err)
	}
	symbols := make([]string, len(secs))
	for i, s := range secs {
		symbols[i] = s.Symbol
	}
	count := func(n *int) func(market.Bar) error { return func(market.Bar) error { *n++; return nil } }
	tests := []struct {
		name string
		fn   func() (int, error)
	}{
		{"Quotes", func() (int, error) {
			qs, err := st.Quotes(ctx, store.SecurityFilter{Limit: 50, Offset: 100})
			return len(qs), err
		}},
		{"QuotesQuery", func() (int, error) {
			qs, err := st.Quotes(ctx, store.SecurityFilter{Query: "s01"})
			return len(qs), err
		}},
		{"Bars", func() (int, error) {
			bs, err := st.Bars(ctx, "S123", time.Time{}, time.Time{})
			return len(bs), err
		}},
		{"EachBarAll", func() (int, error) {
			n := 0
			err := st.EachBar(ctx, nil, time.Time{}, time.Time{}, count(&n))
			return n, err
		}},
		{"EachBarList", func() (int, error) {
			n := 0
			err := st.EachBar(ctx, symbols, time.Time{}, time.Time{}, count(&n))
			return n, err
		}},
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				n, err := tc.fn()
				if err != nil || n == 0 {
					b.Fatalf("read %d rows, %v", n, err)
				}
			}
		})
	}
}
