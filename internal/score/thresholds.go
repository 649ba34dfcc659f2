package score

import "math"

// The threshold method reproduces the seed site's published methodology as
// far as its description goes: the same four signals and weights, each
// sub-score built from fixed thresholds (its examples: "P/E below 20
// scores well", "ROE above 15% scores well"), a missing sub-score's weight
// redistributed, and the same 3-of-4 cap. Each metric earns 100 (good),
// 50 (middling) or 0 (poor) points; a sub-score is the mean points of its
// available metrics. The thresholds other than the two quoted are our
// reading of "transparent thresholds"; docs/methodology.md lists them.

// points3 grades v: 100 when good(v), 50 when fair(v), else 0.
func points3(good, fair bool) float64 {
	switch {
	case good:
		return 100
	case fair:
		return 50
	}
	return 0
}

func (s *Scorer) thresholds(p *Panel, t int, cs *CrossSection) {
	n := len(p.secs)
	day := p.days[t]
	cutoff := fundCutoff(p, t)
	closeT := p.close[t]
	var close252 []float64
	if t >= 252 {
		close252 = p.close[t-252]
	}
	m, pts := cs.metric, cs.points
	active := s.syncFundamentals(p, day)
	for k := range pts {
		fill(pts[k], math.NaN())
	}
	for i := range n {
		priceOK := p.lastBar(i, t, FreshPriceDays) >= 0
		price := closeT[i]
		switch {
		case !priceOK && math.IsNaN(price):
			cs.why[Momentum][i] = noPrices
		case !priceOK:
			cs.why[Momentum][i] = stalePrice
		default:
			cs.why[Momentum][i] = present
			if close252 != nil && !p.jumpIn(i, t-252, t) {
				if r := ratio(price, close252[i]) - 1; !math.IsNaN(r) {
					m[tReturn12][i] = r
					pts[tReturn12][i] = points3(r >= 0.15, r >= 0)
				}
			}
			if t >= highWindow-1 && !math.IsNaN(p.close[t-highWindow+1][i]) && !p.jumpIn(i, t-highWindow+1, t) {
				if h := p.high52(i, t); !math.IsNaN(h) {
					m[tHighDistance][i] = h
					pts[tHighDistance][i] = points3(h >= 0.90, h >= 0.75)
				}
			}
		}
		snap := &active[i]
		if !cs.fundamentalsCoverage(i, snap, cutoff, priceOK) {
			continue
		}
		// Quality: ROE above 15% scores well.
		if !math.IsNaN(snap.netIncome) && !math.IsNaN(snap.equity) {
			if snap.equity <= 0 {
				pts[tROE][i] = 0 // negative equity: not meaningful, scored poor
			} else {
				r := snap.netIncome / snap.equity
				m[tROE][i] = r
				pts[tROE][i] = points3(r > 0.15, r >= 0.05)
			}
		}
		if om := snap.operatingMargin; !math.IsNaN(om) {
			m[tOperatingMargin][i] = om
			pts[tOperatingMargin][i] = points3(om > 0.15, om >= 0.05)
		}
		if !math.IsNaN(snap.debt) && !math.IsNaN(snap.equity) {
			if snap.equity <= 0 {
				pts[tDebtToEquity][i] = 0
			} else {
				de := snap.debt / snap.equity
				m[tDebtToEquity][i] = de
				pts[tDebtToEquity][i] = points3(de < 1, de < 2)
			}
		}
		if !priceOK {
			continue
		}
		// Value: P/E below 20 scores well.
		if !math.IsNaN(snap.eps) {
			if snap.eps <= 0 {
				pts[tPE][i] = 0 // losses: P/E not meaningful, scored poor
			} else {
				pe := price / snap.eps
				m[tPE][i] = pe
				pts[tPE][i] = points3(pe < 20, pe < 30)
			}
		}
		if !math.IsNaN(snap.equity) && !math.IsNaN(snap.shares) {
			if snap.equity <= 0 {
				pts[tPB][i] = 0
			} else {
				pb := price * snap.shares / snap.equity
				m[tPB][i] = pb
				pts[tPB][i] = points3(pb < 3, pb < 5)
			}
		}
		dy := ratio(snap.dps, price)
		if math.IsNaN(dy) {
			dy = ratio(snap.dividendsPaid, snap.shares*price)
		}
		if !math.IsNaN(dy) {
			m[tDividendYield][i] = dy
			pts[tDividendYield][i] = points3(dy >= 0.02, dy > 0)
		}
	}
	for i := range n {
		if s.n30[i] == 0 {
			cs.why[Sentiment][i] = noStories
			continue
		}
		cs.why[Sentiment][i] = present
		v := s.s30[i] / s.n30[i]
		m[tSentiment][i] = v
		pts[tSentiment][i] = points3(v > 0.15, v >= -0.15)
	}
	for sig, ks := range thresholdSignalMetrics {
		out := cs.Signal[sig]
		for i := range n {
			out[i] = math.NaN()
			if cs.why[sig][i] != present {
				continue
			}
			sum, got := 0.0, 0
			for _, k := range ks {
				if v := pts[k][i]; !math.IsNaN(v) {
					sum += v
					got++
				}
			}
			if got == 0 {
				cs.why[sig][i] = tooFewMetrics
				if Signal(sig) == Momentum {
					cs.why[sig][i] = shortHistory
				}
				continue
			}
			out[i] = sum / float64(got)
		}
	}
}
