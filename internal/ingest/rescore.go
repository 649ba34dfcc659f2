package ingest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"alphadesk/internal/market"
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
		all, err := st.Securities(ctx, store.SecurityFilter{})
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		var secs []score.Security
		col := map[string]int{}
		for _, s := range all {
			if s.ETF {
				continue
			}
			col[s.Symbol] = len(secs)
			secs = append(secs, score.Security{Symbol: s.Symbol, Sector: s.Sector})
		}
		type cell struct {
			col   int
			day   time.Time
			close float64
		}
		var cells []cell
		days := map[time.Time]bool{}
		err = st.EachBar(ctx, nil, time.Time{}, time.Time{}, func(b market.Bar) error {
			if i, ok := col[b.Symbol]; ok {
				days[b.Date] = true
				cells = append(cells, cell{i, b.Date, b.Close})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("rescore: read prices: %w", err)
		}
		if len(days) == 0 {
			return nil
		}
		cal := make([]time.Time, 0, len(days))
		for d := range days {
			cal = append(cal, d)
		}
		slices.SortFunc(cal, func(a, b time.Time) int { return a.Compare(b) })
		// A year and a quarter of prices is what momentum reads.
		from := cal[len(cal)-1].AddDate(-1, -3, 0)
		first, _ := slices.BinarySearchFunc(cal, from, func(a, b time.Time) int { return a.Compare(b) })
		cal = cal[first:]
		p, err := score.NewPanel(secs, cal)
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		index := make(map[time.Time]int, len(cal))
		for t, d := range cal {
			index[d] = t
		}
		for _, c := range cells {
			if t, ok := index[c.day]; ok {
				p.SetClose(c.col, t, c.close)
			}
		}
		facts := make([][]market.Fact, len(secs))
		err = st.EachFact(ctx, nil, time.Time{}, func(f market.Fact) error {
			if i, ok := col[f.Symbol]; ok {
				facts[i] = append(facts[i], f)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("rescore: read fundamentals: %w", err)
		}
		for i, fs := range facts {
			restated, _ := score.RestateShareBasis(fs)
			p.SetFacts(i, restated)
		}
		obs, err := db.StorySentiment(ctx)
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		for _, o := range obs {
			if i, ok := col[o.Symbol]; ok && !o.Date.After(cal[len(cal)-1].AddDate(0, 0, 1)) {
				_ = p.AddSentiment(i, o.Date, o.Score) // a story outside the calendar does not count
			}
		}
		p.Seal()
		sc, err := score.NewScorer(score.Options{})
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		cs, err := sc.Score(p, cal[len(cal)-1])
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
