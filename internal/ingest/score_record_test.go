package ingest

import (
	"math"
	"reflect"
	"testing"
	"time"

	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

func TestScoreRecord(t *testing.T) {
	nan := math.NaN()
	f := func(v float64) *float64 { return &v }
	asOf := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	// signals builds a result's four signals: momentum present with two
	// metrics, the others as given.
	signals := func(value, quality, sentiment score.SignalResult) [4]score.SignalResult {
		return [4]score.SignalResult{
			{Signal: score.Momentum, Score: 72.5, Band: score.Strong, Metrics: []score.MetricResult{
				{Name: "return_12_1", Value: 0.342, Rank: 91.4, Text: "12-1M return +34%, 91st percentile"},
				{Name: "return_6m", Value: nan, Rank: nan, Text: "6M return n/a"},
			}},
			value, quality, sentiment,
		}
	}
	missing := func(sig score.Signal, reason string) score.SignalResult {
		return score.SignalResult{Signal: sig, Score: nan, Band: score.BandOf(nan), Reason: reason}
	}
	present := func(sig score.Signal, v float64, b score.Band) score.SignalResult {
		return score.SignalResult{Signal: sig, Score: v, Band: b, Metrics: []score.MetricResult{
			{Name: sig.String() + "_metric", Value: nan, Rank: v, Text: "not meaningful, ranked"}}}
	}
	momentum := store.SignalRecord{Score: f(72.5), Band: "Strong", Metrics: []store.MetricRecord{
		{Name: "return_12_1", Value: f(0.342), Rank: f(91.4), Text: "12-1M return +34%, 91st percentile"},
		{Name: "return_6m", Text: "6M return n/a"},
	}}
	tests := []struct {
		name string
		in   score.Result
		want store.ScoreRecord
	}{
		{
			name: "all four signals",
			in: score.Result{Symbol: "AMZN", AsOf: asOf, Method: score.Alpha, Score: 61.25, Band: score.Moderate, Coverage: 4,
				Signals:     signals(present(score.Value, 18.3, score.Poor), present(score.Quality, 76.1, score.Strong), present(score.Sentiment, 41, score.Weak)),
				Explanation: "Alpha Score of 61 …"},
			want: store.ScoreRecord{Symbol: "AMZN", AsOf: asOf, Method: "alpha", Score: f(61.25), Band: "Moderate", Coverage: 4,
				Momentum: f(72.5), Value: f(18.3), Quality: f(76.1), Sentiment: f(41), Explanation: "Alpha Score of 61 …",
				Signals: map[string]store.SignalRecord{
					"momentum": momentum,
					"value": {Score: f(18.3), Band: "Poor", Metrics: []store.MetricRecord{
						{Name: "value_metric", Rank: f(18.3), Text: "not meaningful, ranked"}}},
					"quality": {Score: f(76.1), Band: "Strong", Metrics: []store.MetricRecord{
						{Name: "quality_metric", Rank: f(76.1), Text: "not meaningful, ranked"}}},
					"sentiment": {Score: f(41), Band: "Weak", Metrics: []store.MetricRecord{
						{Name: "sentiment_metric", Rank: f(41), Text: "not meaningful, ranked"}}},
				}},
		},
		{
			name: "unscored with missing signals",
			in: score.Result{Symbol: "HAS", AsOf: asOf, Method: score.Alpha, Score: nan, Band: score.BandOf(nan), Coverage: 1,
				Signals: signals(missing(score.Value, "no fundamentals filed"), missing(score.Quality, "no fundamentals filed"),
					missing(score.Sentiment, "no stories in the last 90 days")),
				Explanation: "HAS is unscored."},
			want: store.ScoreRecord{Symbol: "HAS", AsOf: asOf, Method: "alpha", Coverage: 1, Momentum: f(72.5), Explanation: "HAS is unscored.",
				Signals: map[string]store.SignalRecord{
					"momentum":  momentum,
					"value":     {Reason: "no fundamentals filed", Metrics: []store.MetricRecord{}},
					"quality":   {Reason: "no fundamentals filed", Metrics: []store.MetricRecord{}},
					"sentiment": {Reason: "no stories in the last 90 days", Metrics: []store.MetricRecord{}},
				}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ScoreRecord(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ScoreRecord() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}
