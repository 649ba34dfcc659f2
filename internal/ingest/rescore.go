package ingest

import (
	"context"
	"errors"
	"fmt"

	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// Rescorer returns the rescore stage's work: it scores every security as of
// the latest trading day in st with the Alpha Score method, the published
// stories' sentiment toward each company included, and saves the scores
// (saving a date again replaces its rows, so a rescore never duplicates a
// score row). The whole universe is rescored, not only the companies the new
// stories are tagged with, because scores rank companies against each other:
// one company's new sentiment moves its peers' ranks too. A database without
// prices has nothing to score and the stage does nothing.
func Rescorer(st store.Store, db *DB) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		obs, err := db.StorySentiment(ctx)
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		// A year and a quarter of prices is what momentum reads.
		p, _, err := LoadPanel(ctx, st, PanelOptions{LookbackMonths: 15, Sentiment: obs})
		if errors.Is(err, ErrNoPrices) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		sc, err := score.NewScorer(score.Options{})
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		_, n := p.Len()
		cs, err := sc.Score(p, p.Day(n-1))
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		recs := make([]store.ScoreRecord, 0, cs.Len())
		for i := range cs.Len() {
			recs = append(recs, ScoreRecord(cs.Result(i)))
		}
		if err := st.SaveScores(ctx, cs.Method.String(), cs.AsOf, recs); err != nil {
			return fmt.Errorf("rescore: save: %w", err)
		}
		return nil
	}
}
