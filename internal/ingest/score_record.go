package ingest

import (
	"math"

	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// ScoreRecord is the stored form of a score result: the composite, its
// band and coverage, each signal's score, and each signal with the metrics
// behind it. NaN (unscored, missing, unknown) becomes nil. It is the one
// conversion both `alphadesk score --save` and the rescore job use, so a
// saved score reads the same whichever wrote it.
func ScoreRecord(r score.Result) store.ScoreRecord {
	rec := store.ScoreRecord{
		Symbol: r.Symbol, AsOf: r.AsOf, Method: r.Method.String(), Score: optFloat(r.Score), Band: r.Band.String(),
		Coverage: r.Coverage,
		Capped:   r.Capped, Explanation: r.Explanation,
		Momentum: optFloat(r.Signals[score.Momentum].Score), Value: optFloat(r.Signals[score.Value].Score),
		Quality: optFloat(r.Signals[score.Quality].Score), Sentiment: optFloat(r.Signals[score.Sentiment].Score),
		Signals: make(map[string]store.SignalRecord, len(r.Signals)),
	}
	for _, sr := range r.Signals {
		out := store.SignalRecord{Score: optFloat(sr.Score), Band: sr.Band.String(), Reason: sr.Reason,
			Metrics: make([]store.MetricRecord, len(sr.Metrics))}
		for i, m := range sr.Metrics {
			out.Metrics[i] = store.MetricRecord{Name: m.Name, Value: optFloat(m.Value), Rank: optFloat(m.Rank), Text: m.Text}
		}
		rec.Signals[sr.Signal.String()] = out
	}
	return rec
}

// optFloat is v, or nil when v is NaN (or infinite, which no score
// produces but a store could not keep).
func optFloat(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
