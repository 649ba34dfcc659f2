package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// BenchmarkPutBars measures bulk bar writes in one import transaction,
// reported as rows/s; it mirrors the SQLite store's benchmark of the same
// name (run both with `go test -bench PutBars ./internal/store/...`).
func BenchmarkPutBars(b *testing.B) {
	ctx := context.Background()
	const symbols, days = 20, 5000
	var secs []market.Security
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
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := open(b)
		if err := db.Import(ctx, func(tx store.ImportTx) error { return tx.PutSecurities(ctx, secs) }); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		err := db.Import(ctx, func(tx store.ImportTx) error {
			for i := 0; i < len(bars); i += 5000 {
				if err := tx.PutBars(ctx, bars[i:min(i+5000, len(bars))]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(bars)*b.N)/b.Elapsed().Seconds(), "rows/s")
}
