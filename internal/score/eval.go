package score

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"alphadesk/internal/market"
)

// DefaultHorizon is the evaluation's forward-return horizon in trading days.
const DefaultHorizon = 21

// minEvalNames is the fewest scored securities with a forward return a
// rebalance date needs to count for a series (five per quintile and more).
const minEvalNames = 25

// EvalOptions configure [Evaluate].
type EvalOptions struct {
	// From and To bound the rebalance dates (month-ends). Zero From is the
	// first month-end with a year of prices before it; zero To the last
	// month-end with Horizon trading days of prices after it.
	From, To time.Time
	// Horizon is the forward-return horizon in trading days (0: 21).
	Horizon int
	// Weights of the alpha method's composite (zero: DefaultWeights). The
	// threshold method always uses the seed's 30/25/25/20.
	Weights Weights
}

// Stat summarises how one series of scores predicted forward returns over
// the rebalance dates. Undefined figures are NaN.
type Stat struct {
	// IC is the mean over dates of the rank (Spearman) correlation between
	// the score and the forward return across scored securities.
	IC float64
	// ICT is IC's t-statistic: mean / (standard deviation / √dates).
	ICT float64
	// Q5MinusQ1 is the mean over dates of the average forward return of
	// the top score quintile minus that of the bottom quintile.
	Q5MinusQ1 float64
	// Turnover is the mean share of the top quintile that was not in the
	// previous date's top quintile.
	Turnover float64
	// Coverage is the mean share of the universe (securities with a fresh
	// price) that had a score.
	Coverage float64
	// Dates is the number of rebalance dates with an IC; MeanN the mean
	// number of securities in them.
	Dates int
	MeanN float64
}

// MethodEval holds one method's statistics for the composite and each signal.
type MethodEval struct {
	Composite Stat
	Signals   [numSignals]Stat
	// MaxTieShare is the largest share of scored securities sharing one
	// composite score on any rebalance date (the discrimination rule asks
	// for at most 1%), on MaxTieDate.
	MaxTieShare float64
	MaxTieDate  time.Time
}

// Evaluation is the result of [Evaluate].
type Evaluation struct {
	// From and To are the first and last rebalance dates used.
	From, To time.Time
	Horizon  int
	// Rebalances is the number of month-ends evaluated; Universe the mean
	// number of securities with a fresh price on them.
	Rebalances int
	Universe   float64
	Methods    [2]MethodEval // indexed by Method
	// Metrics are diagnostics: each alpha metric's own statistics, the
	// metric's raw value oriented so that higher is better, on the dates
	// and securities where it is present.
	Metrics []MetricStat
}

// MetricStat is one alpha metric's evaluation.
type MetricStat struct {
	Name   string
	Signal Signal
	Stat
}

// series accumulates one score series over the rebalance dates.
type series struct {
	ics, spreads, turnovers, coverages []float64
	ns                                 []float64
	prevTop                            []bool
	hasPrev                            bool
}

// Evaluate rebalances monthly over the panel's history: on every month-end
// in range with Horizon more trading days of data after it, it scores the
// universe with both methods and compares each method's composite and
// signal scores with the securities' forward returns.
//
// The universe on a date is every security with a fresh price on it. A
// security whose prices stop within the horizon earns its return up to
// its last price (a delisting return is not known). Scores use only data
// up to the rebalance date; see the package documentation for the
// point-in-time rules.
func Evaluate(p *Panel, o EvalOptions) (Evaluation, error) {
	if !p.sealed {
		return Evaluation{}, ErrNotSealed
	}
	h := o.Horizon
	if h == 0 {
		h = DefaultHorizon
	}
	if h < 1 {
		return Evaluation{}, fmt.Errorf("evaluate: horizon %d: want at least 1 trading day", h)
	}
	from := o.From
	if from.IsZero() && len(p.days) > 0 {
		// Nothing has a momentum signal before a year of prices.
		from = p.Day(min(highWindow-1, len(p.days)-1))
	}
	var days []int
	for _, t := range p.MonthEnds(from, o.To) {
		if t+h < len(p.days) {
			days = append(days, t)
		}
	}
	if len(days) == 0 {
		return Evaluation{}, fmt.Errorf("evaluate: no month-end between %s and %s has %d trading days of prices after it",
			dateOrOpen(o.From), dateOrOpen(o.To), h)
	}
	ev := Evaluation{From: p.Day(days[0]), To: p.Day(days[len(days)-1]), Horizon: h, Rebalances: len(days)}
	n := len(p.secs)
	fwd := make([]float64, n)
	inUniverse := make([]bool, n)
	universeOf := func(t int) int {
		size := 0
		for i := range n {
			fwd[i] = math.NaN()
			inUniverse[i] = p.lastBar(i, t, FreshPriceDays) >= 0
			if inUniverse[i] {
				size++
				fwd[i] = ratio(p.close[t+h][i], p.close[t][i]) - 1
			}
		}
		return size
	}
	for _, m := range Methods {
		w := o.Weights
		if m == Thresholds {
			w = DefaultWeights
		}
		sc, err := NewScorer(Options{Method: m, Weights: w})
		if err != nil {
			return Evaluation{}, err
		}
		var acc [1 + numSignals]series
		var metrics [numAlphaMetrics]series
		oriented := make([]float64, n)
		var sc1 scratch
		universeSum := 0.0
		me := &ev.Methods[m]
		err = sc.History(p, days, func(cs *CrossSection) error {
			size := universeOf(cs.t)
			universeSum += float64(size)
			if m == Alpha {
				for k, def := range alphaMetrics {
					for i, v := range cs.metric[k] {
						oriented[i] = v
						if !def.higher {
							oriented[i] = -v
						}
						if math.IsNaN(cs.points[k][i]) {
							oriented[i] = math.NaN() // not ranked: stale or missing
						}
					}
					metrics[k].add(oriented, fwd, inUniverse, size, &sc1)
				}
			}
			if share := tieShare(cs.Score, inUniverse, &sc1.xs); share > me.MaxTieShare {
				me.MaxTieShare, me.MaxTieDate = share, cs.AsOf
			}
			acc[0].add(cs.Score, fwd, inUniverse, size, &sc1)
			for k := range numSignals {
				acc[1+k].add(cs.Signal[k], fwd, inUniverse, size, &sc1)
			}
			return nil
		})
		if err != nil {
			return Evaluation{}, err
		}
		ev.Universe = universeSum / float64(len(days))
		me.Composite = acc[0].stat()
		for k := range numSignals {
			me.Signals[k] = acc[1+k].stat()
		}
		if m == Alpha {
			for k, def := range alphaMetrics {
				ev.Metrics = append(ev.Metrics, MetricStat{Name: def.name, Signal: def.signal, Stat: metrics[k].stat()})
			}
		}
	}
	return ev, nil
}

// tieShare is the largest share of the scored universe members sharing one
// score: 0 when no two share one or fewer than minEvalNames are scored.
func tieShare(score []float64, universe []bool, buf *[]float64) float64 {
	xs := (*buf)[:0]
	for i, v := range score {
		if universe[i] && !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	*buf = xs
	if len(xs) < minEvalNames {
		return 0
	}
	slices.Sort(xs)
	best := 0
	for a := 0; a < len(xs); {
		b := a + 1
		for b < len(xs) && xs[b] == xs[a] {
			b++
		}
		best = max(best, b-a)
		a = b
	}
	if best < 2 {
		return 0 // no value is shared
	}
	return float64(best) / float64(len(xs))
}

func dateOrOpen(t time.Time) string {
	if t.IsZero() {
		return "the open end"
	}
	return t.Format(market.DateLayout)
}

type scratch struct {
	idx    []int
	xs, ys []float64
	rx, ry []float64
	order  []int
	top    []bool
}

// add records one rebalance date of a series.
func (s *series) add(score, fwd []float64, universe []bool, size int, sc *scratch) {
	sc.idx, sc.xs, sc.ys = sc.idx[:0], sc.xs[:0], sc.ys[:0]
	scored := 0
	for i, v := range score {
		if !universe[i] || math.IsNaN(v) {
			continue
		}
		scored++
		if math.IsNaN(fwd[i]) {
			continue
		}
		sc.idx = append(sc.idx, i)
		sc.xs = append(sc.xs, v)
		sc.ys = append(sc.ys, fwd[i])
	}
	cov := 0.0
	if size > 0 {
		cov = float64(scored) / float64(size)
	}
	s.coverages = append(s.coverages, cov)
	m := len(sc.xs)
	if m < minEvalNames {
		s.hasPrev = false
		return
	}
	sc.rx = averageRanks(sc.xs, sc.rx, &sc.order)
	sc.ry = averageRanks(sc.ys, sc.ry, &sc.order)
	s.ics = append(s.ics, pearson(sc.rx, sc.ry))
	s.ns = append(s.ns, float64(m))
	// Quintiles by score rank; a tie group falls into one quintile.
	var sum [5]float64
	var cnt [5]int
	if cap(sc.top) < len(score) {
		sc.top = make([]bool, len(score))
	}
	top := sc.top[:len(score)]
	clear(top)
	topN := 0
	for j, r := range sc.rx {
		q := min(4, int((r-0.5)/float64(m)*5))
		sum[q] += sc.ys[j]
		cnt[q]++
		if q == 4 {
			top[sc.idx[j]] = true
			topN++
		}
	}
	if cnt[0] > 0 && cnt[4] > 0 {
		s.spreads = append(s.spreads, sum[4]/float64(cnt[4])-sum[0]/float64(cnt[0]))
	}
	if s.hasPrev && topN > 0 {
		kept := 0
		for i, in := range top {
			if in && s.prevTop[i] {
				kept++
			}
		}
		s.turnovers = append(s.turnovers, 1-float64(kept)/float64(topN))
	}
	if len(s.prevTop) != len(top) {
		s.prevTop = make([]bool, len(top))
	}
	copy(s.prevTop, top)
	s.hasPrev = topN > 0
}

func (s *series) stat() Stat {
	st := Stat{IC: mean(s.ics), Q5MinusQ1: mean(s.spreads), Turnover: mean(s.turnovers), Coverage: mean(s.coverages),
		Dates: len(s.ics), MeanN: mean(s.ns), ICT: math.NaN()}
	if len(s.ics) >= 2 {
		if sd := stdev(s.ics); sd > 0 {
			st.ICT = st.IC / (sd / math.Sqrt(float64(len(s.ics))))
		}
	}
	return st
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// averageRanks returns 1-based ranks of xs with ties sharing their average.
func averageRanks(xs, out []float64, order *[]int) []float64 {
	n := len(xs)
	if cap(out) < n {
		out = make([]float64, n)
	}
	out = out[:n]
	o := (*order)[:0]
	for j := range n {
		o = append(o, j)
	}
	slices.SortStableFunc(o, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		}
		return 0
	})
	for a := 0; a < n; {
		b := a + 1
		for b < n && xs[o[b]] == xs[o[a]] {
			b++
		}
		r := float64(a+b+1) / 2
		for _, j := range o[a:b] {
			out[j] = r
		}
		a = b
	}
	*order = o
	return out
}

func pearson(x, y []float64) float64 {
	mx, my := mean(x), mean(y)
	var sxy, sxx, syy float64
	for j := range x {
		dx, dy := x[j]-mx, y[j]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// MarshalJSON writes the `alphadesk score eval --json` object:
// {"from","to","horizon","methods":{"alpha":{"composite":{…},"momentum":…},"thresholds":…}}
// with ic, ic_t, q5_minus_q1, turnover and coverage per series (null when
// undefined).
func (e Evaluation) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"from":"%s","to":"%s","horizon":%d,"methods":{`, e.From.Format(market.DateLayout), e.To.Format(market.DateLayout), e.Horizon)
	for k, m := range Methods {
		if k > 0 {
			b.WriteByte(',')
		}
		me := e.Methods[m]
		fmt.Fprintf(&b, `"%s":{"composite":%s`, m, me.Composite.json())
		for _, sig := range Signals {
			fmt.Fprintf(&b, `,"%s":%s`, sig, me.Signals[sig].json())
		}
		b.WriteByte('}')
	}
	b.WriteString("}}")
	return b.Bytes(), nil
}

func (s Stat) json() string {
	return fmt.Sprintf(`{"ic":%s,"ic_t":%s,"q5_minus_q1":%s,"turnover":%s,"coverage":%s}`,
		numN(s.IC, 4), numN(s.ICT, 2), numN(s.Q5MinusQ1, 4), numN(s.Turnover, 3), numN(s.Coverage, 3))
}

// numN writes v rounded to d decimals (trailing zeros dropped), null for NaN.
func numN(v float64, d int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
