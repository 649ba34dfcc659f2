package demo

import (
	"math"
	"slices"
	"sync"

	"alphadesk/internal/market"
)

const (
	tradingDaysPerYear = 252

	marketDrift = .07 // expected annual return of the market factor
	marketVol   = .16 // long-run annual volatility of the market factor

	// GARCH(1,1) on the market's daily variance: h' = ω + α·ε² + β·h.
	garchAlpha = .08
	garchBeta  = .90

	crashOdds = 1.0 / 750 // chance of a market crash day
	jumpOdds  = 4.0 / tradingDaysPerYear

	maxMove = 5 // the whole window's move is capped at this factor up or down
)

// factors are the shocks every security shares, one value per session.
type factors struct {
	market []float64 // the market's daily log return, less its drift
	stress []float64 // market volatility relative to its long-run level
	sector map[market.Sector][]float64
}

var sharedFactors = sync.OnceValue(func() *factors {
	n := len(sessions())
	f := &factors{market: make([]float64, n), stress: make([]float64, n), sector: map[market.Sector][]float64{}}

	r := newRand("factor", "market")
	longRun := marketVol * marketVol / tradingDaysPerYear
	omega := longRun * (1 - garchAlpha - garchBeta)
	h := longRun
	for t := range n {
		eps := math.Sqrt(h) * r.NormFloat64()
		f.stress[t] = math.Sqrt(h / longRun)
		shock := eps
		if r.Float64() < crashOdds {
			shock += -.035 + .015*r.NormFloat64()
		}
		f.market[t] = shock
		h = clamp(omega+garchAlpha*eps*eps+garchBeta*h, .3*longRun, 8*longRun)
	}
	for _, s := range append(slices.Clone(market.Sectors), "") {
		r := newRand("factor", "sector "+string(s))
		vol := paramsFor(s).sectorVol / math.Sqrt(tradingDaysPerYear)
		xs := make([]float64, n)
		for t := range xs {
			xs[t] = vol * f.stress[t] * r.NormFloat64()
		}
		f.sector[s] = xs
	}
	return f
})

// sectorFactor is the sector's shock series; unknown sectors share one.
func (f *factors) sectorFactor(s market.Sector) []float64 {
	if xs, ok := f.sector[s]; ok {
		return xs
	}
	return f.sector[""]
}

// roundPrice rounds to cents, or to hundredths of a cent below a dollar
// (where US rules allow sub-penny quotes).
func roundPrice(x float64) float64 {
	if x < 1 {
		return math.Max(.0001, math.Round(x*1e4)/1e4)
	}
	return math.Round(x*100) / 100
}

// appendBars simulates p's bars and appends them to dst.
func appendBars(dst []market.Bar, p profile) []market.Bar {
	days := sessions()
	n := len(days)
	f := sharedFactors()
	sector := f.sectorFactor(p.sec.Sector)

	// Pass 1: daily log returns, jumps kept apart to become opening gaps.
	r := newRand("bars", p.sec.Symbol)
	dt := 1.0 / tradingDaysPerYear
	sectorVar := p.p.sectorVol * p.p.sectorVol
	totalVar := p.beta*p.beta*marketVol*marketVol + sectorVar + p.idioVol*p.idioVol
	mu := (p.drift - totalVar/2) * dt
	idio := p.idioVol * math.Sqrt(dt)
	baseSD := math.Sqrt(totalVar * dt)
	ret := make([]float64, n)
	jump := make([]float64, n)
	sd := make([]float64, n) // that day's volatility, for ranges and volume
	var total float64
	for t := range n {
		s := f.stress[t]
		if r.Float64() < jumpOdds {
			jump[t] = p.jumpVol * r.NormFloat64()
		}
		ret[t] = mu + p.beta*f.market[t] + sector[t] + idio*(.6+.4*s)*r.NormFloat64() + jump[t]
		sd[t] = baseSD * s
		total += ret[t]
	}
	// Cap the window's whole move with a constant extra drift.
	var adjust float64
	if lim := math.Log(maxMove); math.Abs(total) > lim {
		adjust = (math.Copysign(lim, total) - total) / float64(n)
	}

	// Pass 2: closes pinned to the last close, then open, high, low, volume.
	r = newRand("ohlc", p.sec.Symbol)
	t0 := tiers[p.size]
	avgVolume := p.shares * t0.turnover
	level := math.Log(p.lastClose) - (total + adjust*float64(n)) // log close before the first session
	prev := math.Exp(level)
	for t := range n {
		level += ret[t] + adjust
		c := math.Exp(level)
		gap := jump[t] + .3*sd[t]*r.NormFloat64()
		o := prev * math.Exp(gap)
		hi := math.Max(o, c) * math.Exp(.5*sd[t]*math.Abs(r.NormFloat64()))
		lo := math.Min(o, c) * math.Exp(-.5*sd[t]*math.Abs(r.NormFloat64()))
		move := math.Abs(ret[t]) / baseSD
		vol := avgVolume * math.Exp(.25*r.NormFloat64()) * (.4 + .75*move)

		b := market.Bar{
			Symbol: p.sec.Symbol,
			Date:   days[t],
			Open:   roundPrice(o),
			Close:  roundPrice(c),
			Volume: math.Max(100, math.Round(vol/100)*100),
			Source: SourceName,
		}
		b.High = math.Max(roundPrice(hi), math.Max(b.Open, b.Close))
		b.Low = math.Min(roundPrice(lo), math.Min(b.Open, b.Close))
		dst = append(dst, b)
		prev = c
	}
	return dst
}
