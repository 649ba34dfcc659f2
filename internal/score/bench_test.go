package score

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// The speed bar: 5,000 securities × 2,520 trading days with quarterly
// fundamentals and daily sentiment, the size score_reference.py uses.
const (
	benchSecurities = 5000
	benchDays       = 2520
)

var (
	benchOnce  sync.Once
	benchPanel *Panel
)

func benchmarkPanel(b *testing.B) *Panel {
	benchOnce.Do(func() {
		benchPanel = genPanel(b, genOptions{securities: benchSecurities, days: benchDays, seed: 7, missing: 0.03})
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.Logf("panel %d×%d: heap in use %.0f MiB", benchSecurities, benchDays, float64(ms.HeapInuse)/(1<<20))
	})
	return benchPanel
}

// BenchmarkCrossSection scores one full cross-section: all metrics,
// winsorising, sector ranks, signals, composite and coverage.
func BenchmarkCrossSection(b *testing.B) {
	p := benchmarkPanel(b)
	s, _ := NewScorer(Options{})
	var cs CrossSection
	t := benchDays - 1
	b.ResetTimer()
	for b.Loop() {
		if err := s.ScoreDay(p, t, &cs); err != nil {
			b.Fatal(err)
		}
	}
	scored := 0
	for _, v := range cs.Score {
		if !math.IsNaN(v) {
			scored++
		}
	}
	b.ReportMetric(float64(scored), "scored")
}

// BenchmarkHistory scores a monthly history in one call, on the dates
// score_reference.py scores: every 21st trading day back from the last,
// for 120 months, keeping those with a year of prices before them (108).
func BenchmarkHistory(b *testing.B) {
	p := benchmarkPanel(b)
	s, _ := NewScorer(Options{})
	var days []int
	for k := range 120 {
		if t := benchDays - 1 - 21*k; t >= 252 {
			days = append(days, t)
		}
	}
	slices.Reverse(days)
	b.ResetTimer()
	for b.Loop() {
		if err := s.History(p, days, func(*CrossSection) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(days)), "cross-sections")
}

// BenchmarkAddDay measures the incremental cost of one new trading day on
// a stored history: appending the day's closes and stories to the panel
// (running maxima, running story sums), then scoring the new day.
func BenchmarkAddDay(b *testing.B) {
	p := benchmarkPanel(b)
	n, _ := p.Len()
	closes := make([]float64, n)
	s, _ := NewScorer(Options{})
	var cs CrossSection
	for _, score := range []bool{false, true} {
		name := "append"
		if score {
			name = "append+score"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_, days := p.Len()
				last := p.Day(days - 1)
				next := last.AddDate(0, 0, 1)
				for i := range closes {
					closes[i] = p.close[days-1][i] * (1 + 0.01*math.Sin(float64(i+days)))
				}
				t, err := p.AppendDay(next, closes)
				if err != nil {
					b.Fatal(err)
				}
				for i := range n {
					p.AddSentimentAt(i, t, 0.1*math.Cos(float64(i*t)))
				}
				if score {
					if err := s.ScoreDay(p, t, &cs); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkBuildPanel measures building the 5,000 × 2,520 panel from
// scratch: closes, quarterly facts into snapshots, daily stories, Seal.
func BenchmarkBuildPanel(b *testing.B) {
	for b.Loop() {
		genPanel(b, genOptions{securities: benchSecurities, days: benchDays, seed: 7, missing: 0.03})
	}
}
