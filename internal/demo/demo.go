// Package demo generates the demo database's market data: daily bars and
// annual fundamentals for every security of a universe.
//
// Everything here is SIMULATED. The prices, volumes and financial statements
// are drawn from a random model; they are never real prices or real reported
// figures, and every record carries Source "demo" (SourceName) so the site
// can label it as such. Only the securities themselves (names, sectors,
// CIKs) are real; see internal/universe.
//
// The data is deterministic: the same securities give the same bars and facts
// on every run and every machine. Nothing reads the wall clock: the history
// ends on the fixed session AsOf, and every random draw comes from a PCG
// generator seeded with an FNV-1a hash of the symbol (or of the sector, for
// the shared factors). A security's data depends only on the security itself,
// never on which other securities are generated with it. Outputs are rounded
// (prices to the cent, volumes to 100 shares, amounts to $1,000), so the
// last-bit differences that fused multiply-add may bring on some CPUs do not
// show; testdata/golden.txt pins the output.
//
// # Prices
//
// Each security follows a geometric Brownian motion on the NYSE trading
// calendar (see TradingDays) built from three shocks, so stocks co-move like a
// real market:
//
//   - a market factor with GARCH(1,1) volatility clustering (16% a year in
//     the long run) and rare crash days;
//   - a sector factor, one per GICS sector, whose volatility rises and falls
//     with the market's;
//   - an idiosyncratic shock, plus about four jumps a year (news days) that
//     land overnight, as a gap at the open.
//
// Drift, beta, idiosyncratic volatility and jump size are typical of the
// sector (utilities and staples calm, technology and energy wild) and scaled
// by size tier (small caps more volatile), with a per-security draw around
// them. The path is pinned so its last close is a plausible price for the tier,
// and its whole move over the window is capped at five-fold up or down so the
// first close is plausible too. Shares outstanding are the tier's market
// value divided by that last close, so price × shares is a tier-plausible
// market value. Volume is a tier-typical daily turnover of the shares,
// higher on big-move days.
//
// # Fundamentals
//
// Six fiscal years of annual 10-K facts for every metric in market.Metrics,
// ending with the latest year filed by AsOf. Revenue is sized from the market
// value and a sector price/sales multiple; margins, balance-sheet ratios,
// capital intensity and dividend yields are sector-typical with
// per-company draws. The statements are internally consistent: gross profit
// is revenue minus cost of revenue exactly, diluted EPS is net income over
// the year's average shares, dividends paid are dividends per share times
// average shares. Financials report neither cost of revenue nor gross profit;
// companies that pay no dividend report no dividend facts; some companies
// without a dividend lose money for most of the window, on a path towards
// break-even. The fiscal year ends on the last day of the company's fiscal
// month (universe.Company.FiscalYearEnd; December for securities outside the
// universe), and each year is filed 30 to 75 days after it ends, on a
// weekday. Capital expenditure is a positive amount (cash paid out). REITs
// and partnerships pay no income tax; banks' interest cost is already net in
// their revenue.
//
// # Size tiers
//
// A universe company's tier is universe.Company.Size. A security outside the
// universe gets a tier (large, mid or small), a dividend policy and a
// December year end drawn from its symbol's hash. The tiers set:
//
//	tier   market value      last close   daily turnover   idiosyncratic vol
//	mega   $200B-$2T         $90-$900     0.4%             ×0.8
//	large  $10B-$200B        $25-$450     0.7%             ×1
//	mid    $2B-$10B          $10-$150     1.1%             ×1.25
//	small  $0.3B-$2B         $2-$40       1.6%             ×1.6
//
// Market values are drawn log-skewed towards the bottom of the range, as
// company sizes are; prices log-uniformly.
package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/universe"
)

// SourceName is the Source of every demo bar and fact.
const SourceName = "demo"

// AsOf is the last session of the demo data, Friday 20 November 2026.
const AsOf = "2026-11-20"

// Years is the length of the price history: sessions run from the same
// calendar date Years years before AsOf.
const Years = 6

// asOf is AsOf as a date.
var asOf = date(2026, time.November, 20)

var sessions = sync.OnceValue(func() []time.Time {
	return TradingDays(asOf.AddDate(-Years, 0, 0), asOf)
})

// Sessions lists the demo history's trading days, oldest first.
func Sessions() []time.Time { return slices.Clone(sessions()) }

// Data is one generated data set.
type Data struct {
	// Bars holds every security's bars: grouped by security in input
	// order, oldest first within a security.
	Bars []market.Bar
	// Facts holds every security's facts, grouped the same way, by fiscal
	// year then metric within a security.
	Facts []market.Fact
}

// Generate simulates bars and facts for secs. It fails on a security that
// does not validate or a symbol given twice.
func Generate(secs []market.Security) (Data, error) {
	seen := make(map[string]bool, len(secs))
	for _, s := range secs {
		if err := s.Validate(); err != nil {
			return Data{}, fmt.Errorf("generate demo data: %w", err)
		}
		if seen[s.Symbol] {
			return Data{}, fmt.Errorf("generate demo data: symbol %s given twice", s.Symbol)
		}
		seen[s.Symbol] = true
	}
	d := Data{
		Bars:  make([]market.Bar, 0, len(secs)*len(sessions())),
		Facts: make([]market.Fact, 0, len(secs)*fiscalYears*len(market.Metrics)),
	}
	for _, s := range secs {
		p := profileFor(s)
		d.Bars = appendBars(d.Bars, p)
		d.Facts = appendFacts(d.Facts, p)
	}
	return d, nil
}

// BarsFor simulates one security's bars, the same ones Generate gives it.
func BarsFor(sec market.Security) []market.Bar {
	return appendBars(make([]market.Bar, 0, len(sessions())), profileFor(sec))
}

// FactsFor simulates one security's facts, the same ones Generate gives it.
func FactsFor(sec market.Security) []market.Fact {
	return appendFacts(nil, profileFor(sec))
}

// hash64 is the FNV-1a hash of the parts, separated by NUL bytes.
func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	return h.Sum64()
}

// newRand returns the generator for one purpose ("bars", "facts" …) of one
// key (a symbol or a sector). Separate streams keep a change to one part of
// the model from shifting the draws of another.
func newRand(purpose, key string) *rand.Rand {
	return rand.New(rand.NewPCG(hash64(purpose, key), hash64(key, purpose, "alphadesk-demo")))
}

// logUniform draws from [lo, hi] uniformly on a log scale.
func logUniform(r *rand.Rand, lo, hi float64) float64 {
	return lo * math.Exp(r.Float64()*math.Log(hi/lo))
}

// logSkewed draws from [lo, hi] on a log scale with more mass near lo, as
// company sizes are distributed: the median is lo·(hi/lo)^¼.
func logSkewed(r *rand.Rand, lo, hi float64) float64 {
	u := r.Float64()
	return lo * math.Exp(u*u*math.Log(hi/lo))
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// sectorParams are the sector-typical model parameters; each security draws
// its own values around them.
type sectorParams struct {
	// Prices, annualised.
	drift     float64 // expected (arithmetic) return
	beta      float64 // loading on the market factor
	sectorVol float64 // volatility of the sector factor
	idioVol   float64 // idiosyncratic volatility, for a large cap
	jumpVol   float64 // standard deviation of a news-day jump (log)

	// Fundamentals.
	priceSales float64 // market value / revenue
	growth     float64 // revenue growth a year
	gross      float64 // gross margin
	operating  float64 // operating margin
	assets     float64 // total assets / revenue
	equity     float64 // equity / assets
	debt       float64 // debt / assets
	da         float64 // depreciation and amortisation / revenue
	capex      float64 // capital expenditure / revenue
	yield      float64 // dividend yield of a payer at AsOf
	cyclical   float64 // year-to-year noise in margins and growth
}

var sectors = map[market.Sector]sectorParams{
	market.CommunicationServices: {.09, 1.05, .09, .20, .05, 3.5, .07, .55, .20, 2.0, .45, .30, .10, .12, .012, .02},
	market.ConsumerDiscretionary: {.09, 1.15, .09, .20, .05, 1.8, .07, .38, .11, .9, .30, .35, .04, .05, .015, .03},
	market.ConsumerStaples:       {.07, .60, .06, .12, .03, 1.6, .04, .35, .14, 1.0, .35, .35, .03, .04, .027, .015},
	market.Energy:                {.08, .85, .18, .20, .04, 1.3, .03, .32, .14, 1.6, .45, .25, .09, .12, .035, .06},
	market.Financials:            {.09, 1.05, .10, .14, .04, 3.0, .05, 0, .32, 8.0, .12, .12, .02, .02, .025, .025},
	market.HealthCare:            {.08, .75, .08, .17, .06, 3.5, .06, .62, .20, 1.5, .40, .30, .05, .05, .020, .02},
	market.Industrials:           {.09, 1.05, .08, .15, .04, 2.6, .05, .33, .15, 1.3, .33, .32, .04, .04, .017, .02},
	market.InformationTechnology: {.13, 1.20, .10, .22, .05, 7.0, .10, .62, .26, 1.4, .45, .18, .05, .06, .008, .03},
	market.Materials:             {.07, 1.00, .11, .17, .04, 2.0, .03, .28, .15, 1.5, .45, .28, .07, .08, .022, .05},
	market.RealEstate:            {.06, .85, .09, .14, .03, 8.0, .05, .65, .35, 7.0, .45, .42, .30, .10, .040, .02},
	market.Utilities:             {.07, .50, .07, .11, .025, 2.8, .04, .55, .24, 4.2, .28, .40, .14, .35, .035, .015},
}

// otherSector is used for a security without a (known) sector: the market average.
var otherSector = sectorParams{.08, 1.0, .08, .18, .04, 2.5, .05, .45, .17, 2.0, .38, .30, .06, .07, .02, .025}

func paramsFor(s market.Sector) sectorParams {
	if p, ok := sectors[s]; ok {
		return p
	}
	return otherSector
}

// tier holds the size-dependent parameters.
type tier struct {
	capLo, capHi     float64 // market value range, USD
	priceLo, priceHi float64 // last-close range, USD
	volScale         float64 // idiosyncratic volatility multiplier
	turnover         float64 // average daily volume / shares outstanding
	lossOdds         float64 // chance that a non-payer loses money
}

var tiers = map[universe.Size]tier{
	universe.Mega:  {2e11, 2e12, 90, 900, .8, .004, 0},
	universe.Large: {1e10, 2e11, 25, 450, 1, .007, .12},
	universe.Mid:   {2e9, 1e10, 10, 150, 1.25, .011, .35},
	universe.Small: {3e8, 2e9, 2, 40, 1.6, .016, .6},
}

// profile is everything the model knows about one security.
type profile struct {
	sec      market.Security
	p        sectorParams
	size     universe.Size
	fyEnd    time.Month
	dividend bool
	loss     bool // loses money for most of the window

	marketValue float64 // at AsOf
	lastClose   float64 // close on AsOf
	shares      float64 // outstanding at AsOf

	// Prices.
	drift, beta, idioVol, jumpVol float64
}

// profileFor draws a security's profile from its own generator, after
// looking its size, fiscal year end and dividend policy up in the universe.
func profileFor(sec market.Security) profile {
	r := newRand("profile", sec.Symbol)
	pr := profile{sec: sec, p: paramsFor(sec.Sector), fyEnd: time.December}
	// Draw the fallbacks unconditionally so the stream does not depend on
	// whether the universe knows the symbol.
	u, u2 := r.Float64(), r.Float64()
	switch {
	case u < .15:
		pr.size = universe.Small
	case u < .5:
		pr.size = universe.Mid
	default:
		pr.size = universe.Large
	}
	payOdds := .65
	switch sec.Sector {
	case market.Utilities, market.RealEstate, market.ConsumerStaples:
		payOdds = .9
	case market.InformationTechnology:
		payOdds = .4
	}
	pr.dividend = u2 < payOdds
	if c, ok := universe.Lookup(sec.Symbol); ok {
		pr.size, pr.fyEnd, pr.dividend = c.Size, c.FiscalYearEnd, c.Dividend
	}

	t := tiers[pr.size]
	pr.marketValue = logSkewed(r, t.capLo, t.capHi)
	pr.lastClose = math.Round(logUniform(r, t.priceLo, t.priceHi)*100) / 100
	pr.shares = math.Round(pr.marketValue/pr.lastClose/1000) * 1000
	pr.loss = !pr.dividend && r.Float64() < t.lossOdds

	pr.drift = pr.p.drift + .03*r.NormFloat64()
	pr.beta = clamp(pr.p.beta*(1+.15*r.NormFloat64()), .2, 2.5)
	pr.idioVol = pr.p.idioVol * t.volScale * math.Exp(.2*r.NormFloat64())
	pr.jumpVol = pr.p.jumpVol * t.volScale
	if pr.loss {
		pr.idioVol *= 1.3
		pr.jumpVol *= 1.3
	}
	return pr
}
