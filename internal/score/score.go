package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"alphadesk/internal/market"
)

// Method selects the scoring method.
type Method uint8

const (
	// Alpha is alphadesk's method: winsorised percentile ranks of
	// literature factors, sector-relative for value and quality.
	Alpha Method = iota
	// Thresholds is the seed site's published method, kept as the
	// baseline: fixed thresholds per metric, 0/50/100 points.
	Thresholds
)

// Methods lists the methods in output order.
var Methods = []Method{Alpha, Thresholds}

func (m Method) String() string {
	switch m {
	case Alpha:
		return "alpha"
	case Thresholds:
		return "thresholds"
	}
	return fmt.Sprintf("Method(%d)", m)
}

// ParseMethod maps "alpha" or "thresholds" to a Method.
func ParseMethod(s string) (Method, error) {
	for _, m := range Methods {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown method %q: want alpha or thresholds", s)
}

// Rules of coverage and freshness. They are documented in
// docs/methodology.md; change both together.
const (
	// FreshPriceDays: a price is fresh when the last bar is at most this
	// many trading days before the as-of day.
	FreshPriceDays = 5
	// FundamentalsMaxAgeMonths: fundamentals are fresh when the period
	// used was filed within this many months of the as-of day.
	FundamentalsMaxAgeMonths = 15
	// SentimentWindowDays: stories dated within this many calendar days
	// up to the as-of day count.
	SentimentWindowDays = 90
	// SentimentHalfLifeDays: a story's weight halves every this many days.
	SentimentHalfLifeDays = 14
	// SentimentPrior: the decayed average is shrunk toward neutral as if
	// this many fresh neutral stories had been added.
	SentimentPrior = 2
	// MinSectorMembers: a sector with fewer securities having a metric
	// ranks those securities across the universe instead.
	MinSectorMembers = 5
	// CapThreeSignals caps the score of a security with 3 of 4 signals;
	// see capThree for the cap's shape.
	CapThreeSignals = 90
	// capKnee is where the 3-of-4 cap starts to compress.
	capKnee = 85
	// MinSignals is the fewest signals a security needs to be scored.
	MinSignals = 3
	// thresholdSentimentDays is the threshold method's sentiment window.
	thresholdSentimentDays = 30
	// maxAsOfGapDays: an as-of date may lie this many calendar days past
	// the panel's last trading day (a weekend, a holiday).
	maxAsOfGapDays = 7
)

// reason says why a signal is missing.
type reason uint8

const (
	present reason = iota
	noPrices
	stalePrice
	shortHistory
	noFundamentals
	staleFundamentals
	tooFewMetrics
	noStories
)

// Options configure a [Scorer]. The zero value is the alpha method with
// the default weights.
type Options struct {
	Method  Method
	Weights Weights // zero: DefaultWeights
}

// Scorer computes cross-sections. It keeps scratch buffers between calls,
// so reuse one Scorer (per goroutine) for many dates.
type Scorer struct {
	method  Method
	weights Weights
	r       ranker
	avg     []float64
	// sentiment accumulators
	ws, wn, n90, s30, n30 []float64
	// The fundamentals cursor: each security's current snapshot, copied
	// into one contiguous array so that a cross-section reads it in order.
	// Scoring dates in ascending order (a history) only advances it.
	fundPanel   *Panel
	fundVersion uint64
	fundDay     int32
	fundCur     []int32
	active      []snapshot
}

// syncFundamentals points the cursor at each security's snapshot as of
// day number d and returns the active snapshots (from is -1 for none).
func (s *Scorer) syncFundamentals(p *Panel, d int32) []snapshot {
	n := len(p.secs)
	full := s.fundPanel != p || s.fundVersion != p.factsVersion || d < s.fundDay || len(s.fundCur) != n
	if full {
		s.fundCur = slices.Grow(s.fundCur[:0], n)[:n]
		s.active = slices.Grow(s.active[:0], n)[:n]
	}
	for i := range n {
		k := int(s.fundCur[i])
		if full {
			k = p.snapshotIndex(i, d)
		} else {
			from := p.fundFrom[i]
			for k+1 < len(from) && from[k+1] <= d {
				k++
			}
		}
		if full || k != int(s.fundCur[i]) {
			if k < 0 {
				s.active[i] = snapshot{from: -1}
			} else {
				s.active[i] = p.funds[i][k]
			}
			s.fundCur[i] = int32(k)
		}
	}
	s.fundPanel, s.fundVersion, s.fundDay = p, p.factsVersion, d
	return s.active
}

// NewScorer returns a scorer for the options.
func NewScorer(o Options) (*Scorer, error) {
	w := o.Weights
	if w == (Weights{}) {
		w = DefaultWeights
	}
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("score weights: %w", err)
	}
	if o.Method != Alpha && o.Method != Thresholds {
		return nil, fmt.Errorf("score: unknown method %d", o.Method)
	}
	return &Scorer{method: o.Method, weights: w}, nil
}

// CrossSection is one scoring date's results for every security of a
// panel, column by column. Scores are rounded to three decimals and signal
// scores to one; NaN marks an unscored security or a missing signal. Use
// [CrossSection.Result] for one security's full, explained result.
type CrossSection struct {
	Method Method
	// AsOf is the trading day scored: the last one on or before the date asked.
	AsOf     time.Time
	Score    []float64
	Coverage []uint8
	Signal   [numSignals][]float64

	panel   *Panel
	t       int
	weights Weights
	metric  [][]float64 // raw metric values by metric, then column
	points  [][]float64 // percentiles (alpha) or points (thresholds); NaN = metric missing
	why     [numSignals][]reason
	stories []float64 // stories in the sentiment window
}

// ErrAsOf is returned (wrapped) for an as-of date the panel cannot score.
var ErrAsOf = errors.New("as-of date outside the data")

// Score scores every security of p as of the last trading day on or
// before asOf.
func (s *Scorer) Score(p *Panel, asOf time.Time) (*CrossSection, error) {
	t, err := asOfIndex(p, asOf)
	if err != nil {
		return nil, err
	}
	cs := &CrossSection{}
	if err := s.ScoreDay(p, t, cs); err != nil {
		return nil, err
	}
	return cs, nil
}

func asOfIndex(p *Panel, asOf time.Time) (int, error) {
	if !p.sealed {
		return 0, ErrNotSealed
	}
	t := p.DayIndex(asOf)
	if t < 0 {
		return 0, fmt.Errorf("%w: %s is before the first trading day in the data", ErrAsOf, asOf.Format(market.DateLayout))
	}
	if gap := dayOf(asOf) - p.days[len(p.days)-1]; gap > maxAsOfGapDays {
		return 0, fmt.Errorf("%w: %s is %d days after the last trading day in the data (%s); import newer prices or pick an earlier date",
			ErrAsOf, asOf.Format(market.DateLayout), gap, p.Day(len(p.days)-1).Format(market.DateLayout))
	}
	return t, nil
}

// ScoreDay scores trading day t of p into cs, reusing cs's buffers.
func (s *Scorer) ScoreDay(p *Panel, t int, cs *CrossSection) error {
	if !p.sealed {
		return ErrNotSealed
	}
	if t < 0 || t >= len(p.days) {
		return fmt.Errorf("%w: day %d of %d", ErrAsOf, t, len(p.days))
	}
	n := len(p.secs)
	nm := numAlphaMetrics
	if s.method == Thresholds {
		nm = numThresholdMetrics
	}
	cs.reset(p, t, s.method, s.weights, n, nm)
	s.sentiment(p, t, cs)
	if s.method == Alpha {
		s.alpha(p, t, cs)
	} else {
		s.thresholds(p, t, cs)
	}
	s.composite(cs)
	return nil
}

func (cs *CrossSection) reset(p *Panel, t int, m Method, w Weights, n, nm int) {
	cs.Method, cs.panel, cs.t, cs.weights = m, p, t, w
	cs.AsOf = p.Day(t)
	grow := func(b []float64) []float64 {
		if cap(b) < n {
			return make([]float64, n)
		}
		return b[:n]
	}
	cs.Score = grow(cs.Score)
	cs.stories = grow(cs.stories)
	if cap(cs.Coverage) < n {
		cs.Coverage = make([]uint8, n)
	}
	cs.Coverage = cs.Coverage[:n]
	for k := range cs.Signal {
		cs.Signal[k] = grow(cs.Signal[k])
		if cap(cs.why[k]) < n {
			cs.why[k] = make([]reason, n)
		}
		cs.why[k] = cs.why[k][:n]
	}
	if len(cs.metric) != nm {
		cs.metric = make([][]float64, nm)
		cs.points = make([][]float64, nm)
	}
	nan := math.NaN()
	for k := range nm {
		cs.metric[k] = grow(cs.metric[k])
		cs.points[k] = grow(cs.points[k])
		fill(cs.metric[k], nan)
	}
}

func fill(b []float64, v float64) {
	for i := range b {
		b[i] = v
	}
}

// sentiment fills the story windows of day t: for the alpha method the
// decay-weighted sums over SentimentWindowDays (two lookups in the panel's
// running sums), for the threshold method plain sums over its window.
func (s *Scorer) sentiment(p *Panel, t int, cs *CrossSection) {
	n := len(p.secs)
	for _, b := range []*[]float64{&s.ws, &s.wn, &s.n90, &s.s30, &s.n30} {
		if cap(*b) < n {
			*b = make([]float64, n)
		}
		*b = (*b)[:n]
	}
	if s.method == Thresholds {
		clear(s.s30)
		clear(s.n30)
		day := p.days[t]
		for u := t; u >= 0 && day-p.days[u] < thresholdSentimentDays; u-- {
			sum, cnt := p.sentSum[u], p.sentN[u]
			for i := range n {
				s.s30[i] += float64(sum[i])
				s.n30[i] += float64(cnt[i])
			}
		}
		copy(cs.stories, s.n30)
		return
	}
	es, en, st := p.emaSum[t], p.emaN[t], p.stories[t]
	u, d := p.storyWindow(t)
	if u < 0 {
		for i := range n {
			s.ws[i], s.wn[i], s.n90[i] = float64(es[i]), float64(en[i]), float64(st[i])
		}
	} else {
		us, un, ust := p.emaSum[u], p.emaN[u], p.stories[u]
		for i := range n {
			s.ws[i] = float64(es[i] - d*us[i])
			s.wn[i] = float64(en[i] - d*un[i])
			s.n90[i] = float64(st[i] - ust[i])
		}
	}
	copy(cs.stories, s.n90)
}

// fundCutoff is the earliest filing day that is still fresh on day t.
func fundCutoff(p *Panel, t int) int32 {
	return dayOf(p.Day(t).AddDate(0, -FundamentalsMaxAgeMonths, 0))
}

// fundamentalsCoverage records why security i's value and quality signals
// are present or missing (no fundamentals, or none filed since cutoff; value
// also needs a price) — the same freshness rule for every method — and
// reports whether its fundamentals may be used.
func (cs *CrossSection) fundamentalsCoverage(i int, snap *snapshot, cutoff int32, priceOK bool) bool {
	why := present
	switch {
	case snap.from < 0:
		why = noFundamentals
	case snap.filed < cutoff:
		why = staleFundamentals
	}
	cs.why[Quality][i] = why
	cs.why[Value][i] = why
	if why == present && !priceOK {
		cs.why[Value][i] = cs.why[Momentum][i]
	}
	return why == present
}

// alpha computes the alpha method's metrics, ranks and signals.
func (s *Scorer) alpha(p *Panel, t int, cs *CrossSection) {
	n := len(p.secs)
	day := p.days[t]
	cutoff := fundCutoff(p, t)
	closeT := p.close[t]
	var close21, close126, close252 []float64
	if t >= 21 {
		close21 = p.close[t-21]
	}
	if t >= 126 {
		close126 = p.close[t-126]
	}
	if t >= 252 {
		close252 = p.close[t-252]
	}
	m := cs.metric
	active := s.syncFundamentals(p, day)
	for i := range n {
		// Momentum: needs a fresh price.
		priceOK := p.lastBar(i, t, FreshPriceDays) >= 0
		price := closeT[i]
		switch {
		case !priceOK && math.IsNaN(price):
			cs.why[Momentum][i] = noPrices
		case !priceOK:
			cs.why[Momentum][i] = stalePrice
		default:
			cs.why[Momentum][i] = present
			if close252 != nil && !p.jumpIn(i, t-252, t-21) {
				m[mReturn12_1][i] = ratio(close21[i], close252[i]) - 1
			}
			if close126 != nil && !p.jumpIn(i, t-126, t) {
				m[mReturn6][i] = ratio(price, close126[i]) - 1
			}
			if t >= highWindow-1 && !math.IsNaN(p.close[t-highWindow+1][i]) && !p.jumpIn(i, t-highWindow+1, t) {
				m[mHigh52][i] = p.high52(i, t)
			}
		}
		// Fundamentals.
		snap := &active[i]
		if !cs.fundamentalsCoverage(i, snap, cutoff, priceOK) {
			continue
		}
		m[mGrossProfitability][i] = snap.grossProfitability
		m[mROE][i] = snap.roe
		m[mOperatingMargin][i] = snap.operatingMargin
		m[mMarginVolatility][i] = snap.marginVolatility
		m[mDebtToAssets][i] = snap.debtToAssets
		m[mAccruals][i] = snap.accruals
		m[mRevenueGrowth][i] = snap.revenueGrowth
		if !priceOK {
			continue
		}
		mcap := snap.shares * price
		if ey := ratio(snap.eps, price); !math.IsNaN(ey) {
			m[mEarningsYield][i] = ey
		} else {
			m[mEarningsYield][i] = ratio(snap.netIncome, mcap)
		}
		m[mBookToPrice][i] = ratio(snap.equity, mcap)
		m[mSalesToEV][i] = ratio(snap.revenue, positive(mcap+snap.debt))
		m[mFCFYield][i] = ratio(snap.fcf, mcap)
		if dy := ratio(snap.dps, price); !math.IsNaN(dy) {
			m[mDividendYield][i] = dy
		} else {
			m[mDividendYield][i] = ratio(snap.dividendsPaid, mcap)
		}
	}
	// Sentiment: decayed, shrunk average of the window's stories.
	for i := range n {
		if s.n90[i] == 0 {
			cs.why[Sentiment][i] = noStories
			continue
		}
		cs.why[Sentiment][i] = present
		m[mSentiment][i] = s.ws[i] / (s.wn[i] + SentimentPrior)
	}
	s.rankAlpha(p, cs)
}

// rankAlpha turns the alpha metrics of cs into percentiles and signals.
func (s *Scorer) rankAlpha(p *Panel, cs *CrossSection) {
	n := len(p.secs)
	m := cs.metric
	for k, def := range alphaMetrics {
		var groups []int8
		if def.signal == Value || def.signal == Quality {
			groups = p.sector
		}
		s.r.rank(m[k], def.higher, groups, MinSectorMembers, cs.points[k])
	}
	// Signals: the mean of present metric percentiles when at least half
	// of the signal's metrics are present, spread into an interpolated
	// percentile across the universe.
	if cap(s.avg) < n {
		s.avg = make([]float64, n)
	}
	avg := s.avg[:n]
	for sig, ks := range signalMetrics {
		for i := range n {
			avg[i] = math.NaN()
			if w := cs.why[sig][i]; w != present && w != tooFewMetrics && w != shortHistory {
				continue // no fresh data
			}
			cs.why[sig][i] = present
			sum, got := 0.0, 0
			for _, k := range ks {
				if v := cs.points[k][i]; !math.IsNaN(v) {
					sum += v
					got++
				}
			}
			if 2*got < len(ks) || got == 0 {
				cs.why[sig][i] = tooFewMetrics
				if Signal(sig) == Momentum {
					cs.why[sig][i] = shortHistory
				}
				continue
			}
			avg[i] = sum / float64(got)
		}
		s.r.spread(avg, cs.Signal[sig])
	}
}

// capThree caps the score of a security with 3 of 4 signals at 90. A
// hard clip would put every such security above 90 on the one value 90.0,
// so the cap compresses instead: scores up to 85 are unchanged, and
// 85–100 maps linearly onto 85–90. The order of scores is kept, no two
// different scores are forced onto one value, and the band (85 is the
// floor of Excellent) is the band of the uncapped score.
func capThree(s float64) float64 {
	if s <= capKnee {
		return s
	}
	return capKnee + (s-capKnee)*(CapThreeSignals-capKnee)/(100-capKnee)
}

// composite combines the signals into the score with the coverage rules,
// then rounds the signals for publication. The composite is computed from
// the unrounded signals, so it is continuous: computed from signals
// rounded to a tenth it would sit on a coarse lattice (swapping two equally
// weighted signals gives the same sum) and companies would share values.
func (s *Scorer) composite(cs *CrossSection) {
	w := s.weights
	for i := range cs.Score {
		num, den, cov := 0.0, 0.0, 0
		for k := range numSignals {
			v := cs.Signal[k][i]
			if math.IsNaN(v) {
				continue
			}
			cov++
			num += w[k] * v
			den += w[k]
		}
		cs.Coverage[i] = uint8(cov)
		score := math.NaN()
		if cov >= MinSignals && den > 0 {
			score = num / den
			if cov < len(Signals) {
				score = capThree(score)
			}
			score = roundScore(max(0, min(100, score)))
		}
		cs.Score[i] = score
	}
	for k := range cs.Signal {
		for i, v := range cs.Signal[k] {
			cs.Signal[k][i] = round1(v)
		}
	}
}
