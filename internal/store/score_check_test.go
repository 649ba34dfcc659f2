package store

import (
	"math"
	"testing"
)

func TestScoreRecordCheck(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name string
		r    ScoreRecord
		ok   bool
	}{
		{"unscored", ScoreRecord{Symbol: "X"}, true},
		{"scored", ScoreRecord{Symbol: "X", Score: f(90), Momentum: f(0), Value: f(100), Coverage: 3}, true},
		{"score over 100", ScoreRecord{Symbol: "X", Score: f(100.5)}, false},
		{"negative signal", ScoreRecord{Symbol: "X", Quality: f(-1)}, false},
		{"NaN sentiment", ScoreRecord{Symbol: "X", Sentiment: f(math.NaN())}, false},
		{"coverage 5", ScoreRecord{Symbol: "X", Coverage: 5}, false},
		{"coverage -1", ScoreRecord{Symbol: "X", Coverage: -1}, false},
	}
	for _, tt := range tests {
		if err := tt.r.Check(); (err == nil) != tt.ok {
			t.Errorf("%s: Check() = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
