package score

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
)

// propertyPanels are the random panels the property tests run on: full
// data, gappy data, hostile data, and sparse stories (so that many
// securities have 3 of 4 signals).
var propertyPanels = []genOptions{
	{securities: 120, days: 600, seed: 1, missing: 0.0},
	{securities: 150, days: 700, seed: 2, missing: 0.05},
	{securities: 90, days: 520, seed: 3, missing: 0.08, hostile: true},
	{securities: 200, days: 560, seed: 4, missing: 0.03, sparseSentiment: true},
}

func (o genOptions) String() string {
	return fmt.Sprintf("n%d_d%d_seed%d_missing%g_hostile%t_sparse%t", o.securities, o.days, o.seed, o.missing, o.hostile, o.sparseSentiment)
}

// eachCrossSection calls fn for every method on several dates of every
// property panel.
func eachCrossSection(t *testing.T, fn func(t *testing.T, p *Panel, cs *CrossSection)) {
	t.Helper()
	for _, o := range propertyPanels {
		p := genPanel(t, o)
		_, days := p.Len()
		for _, m := range Methods {
			s, err := NewScorer(Options{Method: m})
			if err != nil {
				t.Fatal(err)
			}
			for _, day := range []int{30, 260, days / 2, days - 1} {
				cs := &CrossSection{}
				if err := s.ScoreDay(p, day, cs); err != nil {
					t.Fatal(err)
				}
				t.Run(fmt.Sprintf("%s/%s/day%d", o, m, day), func(t *testing.T) { fn(t, p, cs) })
			}
		}
	}
}

func TestPropertyCoverageRules(t *testing.T) {
	t.Parallel()
	eachCrossSection(t, func(t *testing.T, p *Panel, cs *CrossSection) {
		for i := range cs.Len() {
			r := cs.Result(i)
			cov := 0
			for _, s := range r.Signals {
				if !math.IsNaN(s.Score) {
					cov++
				} else if s.Reason == "" {
					t.Errorf("%s: %s missing without a reason", r.Symbol, s.Signal)
				}
			}
			if cov != r.Coverage || len(r.Missing) != 4-cov {
				t.Fatalf("%s: coverage %d, missing %v; counted %d present signals", r.Symbol, r.Coverage, r.Missing, cov)
			}
			switch {
			case cov == 4:
				if !r.Scored() || r.Capped {
					t.Errorf("%s: 4 of 4 signals: scored %v capped %v, want scored and not capped", r.Symbol, r.Scored(), r.Capped)
				}
			case cov == 3:
				if !r.Scored() || !r.Capped || r.Score > CapThreeSignals {
					t.Errorf("%s: 3 of 4 signals: score %v capped %v, want a score ≤ 90, capped", r.Symbol, r.Score, r.Capped)
				}
				if !strings.Contains(r.Explanation, "Based on 3 of 4 signals — capped at 90 until the remaining data arrives.") {
					t.Errorf("%s: 3 of 4 signals, explanation lacks the cap note: %q", r.Symbol, r.Explanation)
				}
			default:
				if r.Scored() || r.Band != NoBand {
					t.Errorf("%s: %d of 4 signals: score %v band %v, want unscored", r.Symbol, cov, r.Score, r.Band)
				}
				for _, m := range r.Missing {
					if !strings.Contains(r.Explanation, m.Signal+": "+m.Reason) {
						t.Errorf("%s: unscored explanation %q does not name %s (%s)", r.Symbol, r.Explanation, m.Signal, m.Reason)
					}
				}
			}
			// The composite is the weighted mean of the signals shown.
			if r.Scored() {
				num, den := 0.0, 0.0
				for k, s := range r.Signals {
					if !math.IsNaN(s.Score) {
						num += DefaultWeights[k] * s.Score
						den += DefaultWeights[k]
					}
				}
				want := roundScore(num / den)
				if cov == 3 {
					want = roundScore(capThree(num / den))
					if BandOf(want) != BandOf(roundScore(num/den)) {
						t.Errorf("%s: the cap moved %v from %s to %s", r.Symbol, num/den, BandOf(num/den), BandOf(want))
					}
				}
				// Signals are published rounded to 0.1; the composite is
				// computed before rounding.
				if math.Abs(r.Score-want) > 0.05+1e-9 {
					t.Errorf("%s: score %v, want weighted mean %v", r.Symbol, r.Score, want)
				}
			}
		}
	})
}

var sentenceRE = regexp.MustCompile(`^Alpha Score of (\d+) reflects an? (\w+) overall profile: ([^.;]+)[.;]`)

func TestPropertyBandsMatchSentences(t *testing.T) {
	t.Parallel()
	eachCrossSection(t, func(t *testing.T, p *Panel, cs *CrossSection) {
		for i := range cs.Len() {
			r := cs.Result(i)
			line, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Score   *float64 `json:"score"`
				Band    *string  `json:"band"`
				Signals map[string]struct {
					Score *float64 `json:"score"`
					Band  *string  `json:"band"`
				} `json:"signals"`
			}
			if err := json.Unmarshal(line, &got); err != nil {
				t.Fatalf("%s: %v in %s", r.Symbol, err, line)
			}
			if !r.Scored() {
				if got.Score != nil || got.Band != nil {
					t.Errorf("%s: unscored but JSON has score %v band %v", r.Symbol, got.Score, got.Band)
				}
				continue
			}
			m := sentenceRE.FindStringSubmatch(r.Explanation)
			if m == nil {
				t.Fatalf("%s: explanation %q does not start with the score sentence", r.Symbol, r.Explanation)
			}
			whole, _ := strconv.Atoi(m[1])
			if got.Score == nil || got.Band == nil {
				t.Fatalf("%s: scored but JSON score or band is null: %s", r.Symbol, line)
			}
			if whole != Whole(*got.Score) || BandOf(float64(whole)).Word() != m[2] || *got.Band != BandOf(*got.Score).String() ||
				!strings.EqualFold(*got.Band, m[2]) {
				t.Errorf("%s: JSON score %v band %q but sentence says %s %q", r.Symbol, *got.Score, *got.Band, m[1], m[2])
			}
			// Every signal word in the sentence agrees with the signal's band.
			for _, part := range strings.Split(m[3], ", ") {
				word, name, ok := strings.Cut(part, " ")
				sig := got.Signals[name]
				if !ok || sig.Score == nil || sig.Band == nil {
					t.Fatalf("%s: sentence part %q names no present signal (%s)", r.Symbol, part, line)
				}
				if BandOf(*sig.Score).Word() != word || !strings.EqualFold(*sig.Band, word) {
					t.Errorf("%s: %s is %v (%s) but the sentence says %q", r.Symbol, name, *sig.Score, *sig.Band, word)
				}
			}
		}
	})
}

// TestPropertyMonotone raises one metric of one security and checks that
// its signal and its score never fall.
func TestPropertyMonotone(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 9))
	for _, o := range propertyPanels {
		p := genPanel(t, o)
		_, days := p.Len()
		s, _ := NewScorer(Options{})
		cs := &CrossSection{}
		if err := s.ScoreDay(p, days-1, cs); err != nil {
			t.Fatal(err)
		}
		for range 300 {
			k := rng.IntN(numAlphaMetrics)
			i := rng.IntN(cs.Len())
			v := cs.metric[k][i]
			if math.IsNaN(v) {
				continue
			}
			sig := alphaMetrics[k].signal
			beforeSig, beforeScore := cs.Signal[sig][i], cs.Score[i]
			step := math.Abs(v)*rng.Float64()*2 + 1e-3
			if !alphaMetrics[k].higher {
				step = -step
			}
			cs.metric[k][i] = v + step
			s.rankAlpha(p, cs)
			s.composite(cs)
			if after := cs.Signal[sig][i]; after < beforeSig {
				t.Errorf("%s: raising %s of %s from %v to %v lowered %s from %v to %v",
					o, alphaMetrics[k].name, cs.Symbol(i), v, v+step, sig, beforeSig, after)
			}
			if after := cs.Score[i]; after < beforeScore {
				t.Errorf("%s: raising %s of %s lowered the score from %v to %v", o, alphaMetrics[k].name, cs.Symbol(i), beforeScore, after)
			}
			cs.metric[k][i] = v
			s.rankAlpha(p, cs)
			s.composite(cs)
		}
	}
}

// truncatedPanel rebuilds a generated panel from its inputs keeping only
// what was known on day cut: closes and stories up to it, facts filed by it.
func truncatedPanel(t *testing.T, full *Panel, facts [][]market.Fact, cut int) *Panel {
	t.Helper()
	days := make([]time.Time, cut+1)
	for u := range days {
		days[u] = full.Day(u)
	}
	p, err := NewPanel(full.secs, days)
	if err != nil {
		t.Fatal(err)
	}
	for u := range days {
		for i := range full.secs {
			if full.hasReal(i, u) {
				p.SetClose(i, u, full.close[u][i])
			}
			p.sentSum[u][i], p.sentN[u][i] = full.sentSum[u][i], full.sentN[u][i]
		}
	}
	cutDay := full.Day(cut)
	for i, fs := range facts {
		var known []market.Fact
		for _, f := range fs {
			if !f.Filed.After(cutDay) {
				known = append(known, f)
			}
		}
		p.SetFacts(i, known)
	}
	p.Seal()
	return p
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] && !(math.IsNaN(a[k]) && math.IsNaN(b[k])) {
			return false
		}
	}
	return true
}

// TestPropertyPointInTime checks that data after D never changes a score as
// of D: a panel cut at D scores exactly like the full panel.
func TestPropertyPointInTime(t *testing.T) {
	t.Parallel()
	for _, o := range propertyPanels[1:3] {
		full, facts := genPanelFacts(t, o, true)
		for _, cut := range []int{300, o.days - 120} {
			cutPanel := truncatedPanel(t, full, facts, cut)
			for _, m := range Methods {
				s, _ := NewScorer(Options{Method: m})
				var a, b CrossSection
				if err := s.ScoreDay(full, cut, &a); err != nil {
					t.Fatal(err)
				}
				if err := s.ScoreDay(cutPanel, cut, &b); err != nil {
					t.Fatal(err)
				}
				if !sameFloats(a.Score, b.Score) {
					t.Errorf("%s %s as of day %d: scores differ once later data is added", o, m, cut)
				}
				for k := range a.metric {
					if !sameFloats(a.metric[k], b.metric[k]) {
						t.Errorf("%s %s as of day %d: metric %d differs once later data is added", o, m, cut, k)
					}
				}
			}
		}
	}
}

// TestAppendDayMatchesBatch grows a panel one day at a time and checks it
// scores exactly like the panel built in one go.
func TestAppendDayMatchesBatch(t *testing.T) {
	t.Parallel()
	o := genOptions{securities: 80, days: 560, seed: 5, missing: 0.05, hostile: true}
	full, facts := genPanelFacts(t, o, true)
	start := 250
	grown := truncatedPanel(t, full, facts, start)
	for i, fs := range facts {
		grown.SetFacts(i, fs) // facts carry their own filing dates
	}
	closes := make([]float64, len(full.secs))
	for u := start + 1; u < o.days; u++ {
		for i := range closes {
			closes[i] = math.NaN()
			if full.hasReal(i, u) {
				closes[i] = full.close[u][i]
			}
		}
		if _, err := grown.AppendDay(full.Day(u), closes); err != nil {
			t.Fatal(err)
		}
		for i := range closes {
			for range int(full.sentN[u][i]) {
				// Stories of one day add up; adding their mean n times
				// rebuilds the same sum.
				grown.AddSentimentAt(i, u, float64(full.sentSum[u][i]/full.sentN[u][i]))
			}
		}
	}
	s, _ := NewScorer(Options{})
	for _, u := range []int{start + 1, 300, 400, o.days - 1} {
		var a, b CrossSection
		if err := s.ScoreDay(full, u, &a); err != nil {
			t.Fatal(err)
		}
		if err := s.ScoreDay(grown, u, &b); err != nil {
			t.Fatal(err)
		}
		for i := range a.Score {
			if math.Abs(a.Score[i]-b.Score[i]) > 0.1 || math.IsNaN(a.Score[i]) != math.IsNaN(b.Score[i]) {
				t.Errorf("day %d %s: appended panel scores %v, batch panel %v", u, a.Symbol(i), b.Score[i], a.Score[i])
			}
		}
	}
}

// maxTieShare is the largest share of scored securities sharing one score.
func maxTieShare(scores []float64) (share float64, value float64, scored int) {
	counts := map[float64]int{}
	for _, v := range scores {
		if !math.IsNaN(v) {
			counts[v]++
			scored++
		}
	}
	best := 0
	for v, c := range counts {
		if c > best {
			best, value = c, v
		}
	}
	if scored == 0 {
		return 0, math.NaN(), 0
	}
	return float64(best) / float64(scored), value, scored
}

// TestPropertyDiscrimination: no single score value is shared by more than
// 1% of scored securities on any date, for the alpha method; the threshold
// baseline clumps.
func TestPropertyDiscrimination(t *testing.T) {
	t.Parallel()
	p := genPanel(t, genOptions{securities: 1500, days: 520, seed: 11, missing: 0.02})
	for _, m := range Methods {
		s, _ := NewScorer(Options{Method: m})
		worst := 0.0
		err := s.History(p, p.MonthEnds(time.Time{}, time.Time{}), func(cs *CrossSection) error {
			share, v, n := maxTieShare(cs.Score)
			if n < 500 {
				return nil
			}
			worst = max(worst, share)
			if m == Alpha && share > 0.01 {
				t.Errorf("alpha %s: %.1f%% of %d scored securities share the score %v, want at most 1%%", cs.AsOf.Format(market.DateLayout), 100*share, n, v)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if m == Thresholds && worst <= 0.01 {
			t.Errorf("thresholds: worst tie share %.2f%%; the fixed-threshold baseline was expected to clump", 100*worst)
		}
		t.Logf("%s: worst tie share %.2f%%", m, 100*worst)
	}
}

// TestPropertyNoNaN: on hostile panels (NaN, zero and negative inputs) no
// output is NaN except an absent score, and the JSON is valid.
func TestPropertyNoNaN(t *testing.T) {
	t.Parallel()
	eachCrossSection(t, func(t *testing.T, p *Panel, cs *CrossSection) {
		checkNoNaN(t, cs)
	})
}

func checkNoNaN(t testing.TB, cs *CrossSection) {
	t.Helper()
	for i := range cs.Len() {
		r := cs.Result(i)
		if r.Scored() && !(r.Score >= 0 && r.Score <= 100) {
			t.Fatalf("%s: score %v outside 0–100", r.Symbol, r.Score)
		}
		if r.Scored() != (r.Coverage >= MinSignals) {
			t.Fatalf("%s: scored %v with coverage %d", r.Symbol, r.Scored(), r.Coverage)
		}
		for _, s := range r.Signals {
			if !math.IsNaN(s.Score) && !(s.Score >= 0 && s.Score <= 100) {
				t.Fatalf("%s: %s score %v outside 0–100", r.Symbol, s.Signal, s.Score)
			}
			for _, m := range s.Metrics {
				if math.IsInf(m.Value, 0) || (!math.IsNaN(m.Rank) && !(m.Rank >= 0 && m.Rank <= 100)) {
					t.Fatalf("%s: metric %s value %v rank %v", r.Symbol, m.Name, m.Value, m.Rank)
				}
			}
		}
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("%s: %v", r.Symbol, err)
		}
		if !json.Valid(line) || strings.Contains(string(line), "NaN") || strings.Contains(r.Explanation, "NaN") {
			t.Fatalf("%s: bad output %s", r.Symbol, line)
		}
	}
}

// FuzzScorePanel scores small random hostile panels built from the fuzzer's
// seed and checks that nothing comes out NaN or out of range.
func FuzzScorePanel(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 42} {
		f.Add(seed, uint8(20), uint16(300), uint8(10))
	}
	f.Fuzz(func(t *testing.T, seed uint64, n uint8, days uint16, missing uint8) {
		o := genOptions{securities: int(n%60) + 1, days: int(days%700) + 1, seed: seed, missing: float64(missing%50) / 100, hostile: true,
			sparseSentiment: seed%2 == 0}
		p := genPanel(t, o)
		for _, m := range Methods {
			s, _ := NewScorer(Options{Method: m})
			var cs CrossSection
			for _, day := range []int{0, o.days / 2, o.days - 1} {
				if err := s.ScoreDay(p, day, &cs); err != nil {
					t.Fatal(err)
				}
				checkNoNaN(t, &cs)
			}
		}
	})
}

// TestMissingNeverFifty: a security without fundamentals has no value or
// quality percentile at all, not a neutral 50.
func TestMissingNeverFifty(t *testing.T) {
	t.Parallel()
	p := genPanel(t, genOptions{securities: 60, days: 400, seed: 6})
	p.SetFacts(0, nil)
	s, _ := NewScorer(Options{})
	cs, err := s.Score(p, p.Day(399))
	if err != nil {
		t.Fatal(err)
	}
	r := cs.Result(0)
	for _, sig := range []Signal{Value, Quality} {
		got := r.Signals[sig]
		if !math.IsNaN(got.Score) || got.Reason != "no fundamentals filed" {
			t.Errorf("%s without facts: score %v reason %q, want absent with reason %q", sig, got.Score, got.Reason, "no fundamentals filed")
		}
		for _, m := range got.Metrics {
			if !math.IsNaN(m.Rank) {
				t.Errorf("%s metric %s has percentile %v without facts", sig, m.Name, m.Rank)
			}
		}
	}
	if r.Scored() {
		t.Errorf("score %v with 2 of 4 signals, want unscored", r.Score)
	}
}
