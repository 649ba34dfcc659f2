package demo

import (
	"context"
	"fmt"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/universe"
)

// Summary counts what Load wrote.
type Summary struct {
	Securities, Bars, Facts int
}

// writeBatch is how many bars or facts go to the store per call.
const writeBatch = 10_000

// Load writes the embedded universe and its simulated market data into st,
// in one transaction, and records it in the import log. Loading again
// refreshes the same records (writes are upserts), so it never duplicates.
// now stamps the import log entry.
func Load(ctx context.Context, st store.Store, now time.Time) (Summary, error) {
	secs, err := universe.Securities()
	if err != nil {
		return Summary{}, fmt.Errorf("demo: universe: %w", err)
	}
	data, err := Generate(secs)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: generate: %w", err)
	}
	sum := Summary{Securities: len(secs), Bars: len(data.Bars), Facts: len(data.Facts)}
	err = st.Import(ctx, func(tx store.ImportTx) error {
		if err := tx.PutSecurities(ctx, secs); err != nil {
			return err
		}
		if err := inBatches(data.Bars, func(b []market.Bar) error { return tx.PutBars(ctx, b) }); err != nil {
			return err
		}
		if err := inBatches(data.Facts, func(f []market.Fact) error { return tx.PutFacts(ctx, f) }); err != nil {
			return err
		}
		return tx.LogImport(ctx, store.ImportRecord{
			Kind: "demo", Format: SourceName, File: "embedded universe (simulated prices and fundamentals)",
			Rows: sum.Securities + sum.Bars + sum.Facts, Imported: now,
		})
	})
	if err != nil {
		return Summary{}, fmt.Errorf("demo: load: %w", err)
	}
	return sum, nil
}

func inBatches[T any](xs []T, put func([]T) error) error {
	for i := 0; i < len(xs); i += writeBatch {
		if err := put(xs[i:min(i+writeBatch, len(xs))]); err != nil {
			return err
		}
	}
	return nil
}
