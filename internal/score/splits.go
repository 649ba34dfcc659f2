package score

import (
	"math"
	"slices"
	"time"

	"alphadesk/internal/market"
)

// InferredSplit is a stock split inferred from a company's share counts:
// between two consecutive reported share counts the count changed by a
// standard split ratio while revenue stayed comparable.
type InferredSplit struct {
	Symbol string
	// After and Before are the period ends of the share counts around it.
	After, Before time.Time
	// Ratio is new shares per old share: 7 for a 7-for-1 split, 0.5 for a
	// 1-for-2 reverse split.
	Ratio float64
}

// Split inference tolerances: the share-count ratio must be within
// splitShareTolerance of a standard ratio, and revenue may change by at
// most a factor of splitRevenueBand (a stock-financed merger also
// multiplies the share count, but brings revenue with it).
const (
	splitShareTolerance = 0.12
	splitRevenueBand    = 1.5
)

// RestateShareBasis puts one company's per-share figures and share counts
// on the share basis of its latest report, the basis of prices that were
// adjusted for splits after the fact, and returns the splits it inferred.
//
// Price files such as Stooq's are adjusted backwards for every later split:
// a 2013 close of a company that split 7-for-1 in 2014 appears as a
// seventh of what traded. Multiplying it by the 2013 share count gives a
// market value seven times too small, so the company looks seven times
// cheaper than it was — and because companies split after their shares
// have risen, that error would favour future winners. Restating the old
// share count (×7) and EPS (÷7) undoes the adjustment and reproduces the
// market value that was really observable. It uses later reports only to
// convert units, never as a signal.
//
// Splits after the company's latest report cannot be inferred; facts of
// other metrics are returned unchanged. facts may be in any order.
func RestateShareBasis(facts []market.Fact) ([]market.Fact, []InferredSplit) {
	type obs struct {
		end   time.Time
		filed time.Time
		v     float64
	}
	latest := func(m market.Metric, annualOnly bool) []obs {
		var out []obs
		for _, f := range facts {
			if f.Metric != m || !(f.Value > 0) || math.IsInf(f.Value, 0) {
				continue
			}
			if annualOnly {
				d := f.PeriodEnd.Sub(f.PeriodStart).Hours() / 24
				if f.PeriodStart.IsZero() || d < minAnnualDays || d > maxAnnualDays {
					continue
				}
			}
			k := slices.IndexFunc(out, func(o obs) bool { return o.end.Equal(f.PeriodEnd) })
			switch {
			case k < 0:
				out = append(out, obs{f.PeriodEnd, f.Filed, f.Value})
			case f.Filed.After(out[k].filed):
				out[k] = obs{f.PeriodEnd, f.Filed, f.Value}
			}
		}
		slices.SortFunc(out, func(a, b obs) int { return a.end.Compare(b.end) })
		return out
	}
	shares := latest(market.SharesOutstanding, false)
	revenue := latest(market.Revenue, true)
	revAt := func(end time.Time) float64 {
		for _, r := range revenue {
			if r.end.Equal(end) {
				return r.v
			}
		}
		return math.NaN()
	}
	var splits []InferredSplit
	for k := 1; k < len(shares); k++ {
		r := shares[k].v / shares[k-1].v
		k0 := splitRatioNear(r)
		if k0 == 0 {
			continue
		}
		if rr := revAt(shares[k].end) / revAt(shares[k-1].end); !math.IsNaN(rr) && (rr > splitRevenueBand || rr < 1/splitRevenueBand) {
			continue
		}
		sym := ""
		if len(facts) > 0 {
			sym = facts[0].Symbol
		}
		splits = append(splits, InferredSplit{Symbol: sym, After: shares[k-1].end, Before: shares[k].end, Ratio: k0})
	}
	// A "split" undone at the next report is noise in the share counts.
	for k := 0; k+1 < len(splits); k++ {
		if math.Abs(splits[k].Ratio*splits[k+1].Ratio-1) <= splitShareTolerance {
			splits = slices.Delete(splits, k, k+2)
			k--
		}
	}
	if len(splits) == 0 {
		return facts, nil
	}
	out := slices.Clone(facts)
	for j, f := range out {
		factor := 1.0
		for _, s := range splits {
			if !f.PeriodEnd.After(s.After) {
				factor *= s.Ratio
			}
		}
		if factor == 1 {
			continue
		}
		switch f.Metric {
		case market.SharesOutstanding:
			out[j].Value = f.Value * factor
		case market.EPSDiluted, market.DividendsPerShare:
			out[j].Value = f.Value / factor
		}
	}
	return out, splits
}

// Share counts derived from earnings (net income / EPS, as in the Kaggle
// file) jump for reasons other than splits: preferred dividends, mergers,
// large buybacks. Checked by hand against known splits, ratios of 3:2 and
// 1:2 were mostly such noise, so only whole forward ratios and reverse
// ratios of 1:3 or more are inferred.
var (
	forwardSplitRatios = [...]float64{2, 3, 4, 5, 7, 8, 10, 15, 20}
	reverseSplitRatios = [...]float64{3, 4, 5, 10, 15, 20}
)

// splitRatioNear returns the split ratio within splitShareTolerance of r
// (new shares per old share), or 0.
func splitRatioNear(r float64) float64 {
	if !(r > 0) || math.IsInf(r, 0) {
		return 0
	}
	for _, k := range forwardSplitRatios {
		if math.Abs(r/k-1) <= splitShareTolerance {
			return k
		}
	}
	for _, k := range reverseSplitRatios {
		if math.Abs(r*k-1) <= splitShareTolerance {
			return 1 / k
		}
	}
	return 0
}
