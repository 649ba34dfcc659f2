package score

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"alphadesk/internal/market"
)

// genOptions shape a generated panel.
type genOptions struct {
	securities, days int
	seed             uint64
	// missing is the share of facts, closes and stories knocked out.
	missing float64
	// hostile adds zero and negative closes, negative equity, zero
	// revenue and assets, and NaN facts.
	hostile bool
	// noSentiment leaves out every story; sparseSentiment keeps ~5% of days.
	noSentiment, sparseSentiment bool
}

// genCalendar returns weekdays from 2008-01-02.
func genCalendar(days int) []time.Time {
	out := make([]time.Time, 0, days)
	d := time.Date(2008, 1, 2, 0, 0, 0, 0, time.UTC)
	for len(out) < days {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
		d = d.AddDate(0, 0, 1)
	}
	return out
}

// genPanel builds a deterministic random panel: random-walk closes,
// quarterly trailing-twelve-month fundamentals filed 60 days after each
// quarter end, and daily story sentiment.
func genPanel(tb testing.TB, o genOptions) *Panel {
	tb.Helper()
	p, _ := genPanelFacts(tb, o, false)
	return p
}

// genPanelFacts is genPanel that can also return every security's facts.
func genPanelFacts(tb testing.TB, o genOptions, keep bool) (*Panel, [][]market.Fact) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(o.seed, 0x5eed))
	cal := genCalendar(o.days)
	secs := make([]Security, o.securities)
	for i := range secs {
		secs[i] = Security{Symbol: genSymbol(i), Sector: market.Sectors[rng.IntN(len(market.Sectors))]}
		if o.hostile && i%17 == 0 {
			secs[i].Sector = "" // unknown sector
		}
	}
	p, err := NewPanel(secs, cal)
	if err != nil {
		tb.Fatal(err)
	}
	var all [][]market.Fact
	facts := make([]market.Fact, 0, 12*(o.days/63+1))
	for i := range secs {
		px := 20 * math.Exp(rng.NormFloat64()*0.5)
		vol := 0.01 + 0.02*rng.Float64()
		start := 0
		if i%11 == 3 {
			start = rng.IntN(o.days) // listed later
		}
		for t := start; t < o.days; t++ {
			px *= math.Exp(0.0003 + vol*rng.NormFloat64())
			if rng.Float64() < o.missing {
				continue // a gap
			}
			c := px
			if o.hostile {
				switch rng.IntN(500) {
				case 0:
					c = 0
				case 1:
					c = -px
				case 2:
					c = math.NaN()
				case 3:
					c = px / 10 // a misplaced decimal point
				}
			}
			p.SetClose(i, t, c)
		}
		facts = genFacts(rng, facts[:0], secs[i].Symbol, cal, o)
		p.SetFacts(i, facts)
		if keep {
			all = append(all, append([]market.Fact(nil), facts...))
		}
		if o.noSentiment {
			continue
		}
		for t := range o.days {
			if o.sparseSentiment && rng.Float64() > 0.05 {
				continue
			}
			if rng.Float64() < 0.02+o.missing {
				continue
			}
			s := max(-1, min(1, 0.3*rng.NormFloat64()))
			if o.hostile && rng.IntN(1000) == 0 {
				s = math.NaN()
			}
			p.AddSentimentAt(i, t, s)
		}
	}
	p.Seal()
	return p, all
}

func genSymbol(i int) string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	s := []byte{'X'}
	for {
		s = append(s, letters[i%26])
		i /= 26
		if i == 0 {
			break
		}
	}
	return string(s)
}

// genFacts appends one company's quarterly facts to dst.
func genFacts(rng *rand.Rand, dst []market.Fact, sym string, cal []time.Time, o genOptions) []market.Fact {
	revenue := 1e9 * math.Exp(rng.NormFloat64())
	margin := 0.1 + 0.08*rng.NormFloat64()
	shares := 1e8 * math.Exp(rng.NormFloat64()*0.5)
	assets := revenue * (0.8 + rng.Float64())
	lev := max(0, 0.3+0.2*rng.NormFloat64())
	payout := max(0, 0.3*rng.NormFloat64())
	for q := 0; (q+1)*63-1 < len(cal); q++ {
		end := cal[(q+1)*63-1]
		filed := end.AddDate(0, 0, 60)
		revenue *= math.Exp(0.01 + 0.05*rng.NormFloat64())
		margin += 0.01 * rng.NormFloat64()
		assets *= math.Exp(0.01 + 0.03*rng.NormFloat64())
		ni := revenue * margin * 0.75
		equity := assets * (0.4 + 0.1*rng.NormFloat64())
		if o.hostile && rng.IntN(20) == 0 {
			equity = -equity
		}
		rev := revenue
		if o.hostile && rng.IntN(40) == 0 {
			rev = 0
		}
		as := assets
		if o.hostile && rng.IntN(60) == 0 {
			as = 0
		}
		flow := func(m market.Metric, v float64) {
			dst = append(dst, market.Fact{Symbol: sym, Metric: m, PeriodStart: end.AddDate(0, 0, -364), PeriodEnd: end,
				FiscalPeriod: "Q4", Filed: filed, Value: v, Unit: "USD", Source: "gen"})
		}
		instant := func(m market.Metric, v float64) {
			dst = append(dst, market.Fact{Symbol: sym, Metric: m, PeriodEnd: end, Filed: filed, Value: v, Unit: "USD", Source: "gen"})
		}
		flow(market.Revenue, rev)
		flow(market.CostOfRevenue, rev*(0.6+0.1*rng.Float64()))
		flow(market.OperatingIncome, rev*margin)
		flow(market.NetIncome, ni)
		flow(market.EPSDiluted, ni/shares)
		flow(market.OperatingCashFlow, ni*(1+0.3*rng.NormFloat64()))
		flow(market.CapitalExpend, rev*0.05*rng.Float64())
		flow(market.DividendsPerShare, max(0, ni*payout/shares))
		instant(market.TotalAssets, as)
		instant(market.TotalEquity, equity)
		instant(market.TotalDebt, assets*lev)
		instant(market.SharesOutstanding, shares)
		// Knock out some facts; in hostile panels poison some values.
		for k := len(dst) - 12; k < len(dst); k++ {
			if rng.Float64() < o.missing {
				dst[k].Value = math.NaN()
			}
			if o.hostile && rng.IntN(200) == 0 {
				dst[k].Value = math.Inf(1)
			}
		}
	}
	return dst
}
