package postgres_test

import (
	"context"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// TestScoreSignalsColumn checks migration 0006 on rows written without
// the signals column (as every row saved before it was): they read back
// with nil Signals, and the column refuses text that is not JSON.
func TestScoreSignalsColumn(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	err := db.Import(ctx, func(tx store.ImportTx) error {
		return tx.PutSecurities(ctx, []market.Security{{Symbol: "AMZN", LegalName: "Amazon.com, Inc.", Exchange: market.NASDAQ}})
	})
	if err != nil {
		t.Fatal(err)
	}
	insert := func(day, signals string) error {
		q := `INSERT INTO scores (security_id, method, as_of, score, band, coverage, momentum)
			SELECT id, 'alpha', $1, 50, 'Moderate', 1, 50 FROM securities WHERE symbol = 'AMZN'`
		args := []any{day}
		if signals != "" {
			q = `INSERT INTO scores (security_id, method, as_of, score, band, coverage, momentum, signals)
				SELECT id, 'alpha', $1, 50, 'Moderate', 1, 50, $2 FROM securities WHERE symbol = 'AMZN'`
			args = append(args, signals)
		}
		_, err := db.SQL().ExecContext(ctx, q, args...)
		return err
	}
	if err := insert("2026-11-20", ""); err != nil {
		t.Fatalf("insert a row without signals: %v", err)
	}
	hist, err := db.ScoreHistory(ctx, "AMZN", "alpha", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 1 || hist[0].Signals != nil || hist[0].Momentum == nil {
		t.Errorf("ScoreHistory of a row saved without signals = %+v, want one record with nil Signals", hist)
	}
	if err := insert("2026-11-21", "not json"); err == nil {
		t.Error("the signals column accepted text that is not JSON")
	}
}

// TestLimits covers what the shared suite leaves out: an offset without a
// limit, and the whole import log.
func TestLimits(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	err := db.Import(ctx, func(tx store.ImportTx) error {
		if err := tx.PutSecurities(ctx, []market.Security{{Symbol: "A", LegalName: "A"}, {Symbol: "B", LegalName: "B"}, {Symbol: "C", LegalName: "C"}}); err != nil {
			return err
		}
		for _, f := range []string{"a.csv", "b.csv", "c.csv"} {
			if err := tx.LogImport(ctx, store.ImportRecord{Kind: "prices", Format: "f", File: f}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    store.SecurityFilter
		want int
	}{
		{"offset only", store.SecurityFilter{Offset: 1}, 2},
		{"limit only", store.SecurityFilter{Limit: 2}, 2},
		{"past the end", store.SecurityFilter{Limit: 5, Offset: 3}, 0},
		{"case-insensitive query", store.SecurityFilter{Query: "b"}, 1},
	}
	for _, tc := range tests {
		secs, err := db.Securities(ctx, tc.f)
		if err != nil || len(secs) != tc.want {
			t.Errorf("%s: %d securities, %v; want %d", tc.name, len(secs), err, tc.want)
		}
		qs, err := db.Quotes(ctx, tc.f)
		if err != nil || len(qs) != tc.want {
			t.Errorf("%s: %d quotes, %v; want %d", tc.name, len(qs), err, tc.want)
		}
	}
	for _, limit := range []int{0, -1, 2} {
		want := 3
		if limit > 0 {
			want = limit
		}
		if got, err := db.Imports(ctx, limit); err != nil || len(got) != want {
			t.Errorf("Imports(%d) = %d records, %v; want %d", limit, len(got), err, want)
		}
	}
}
