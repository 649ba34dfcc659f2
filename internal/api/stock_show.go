package api

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// exchangeZone is the time zone of the US sessions the quotes come from.
const exchangeZone = "America/New_York"

// stock is the response of GET /api/v1/stocks/{symbol}.
type stock struct {
	Symbol     string   `json:"symbol"`
	Name       string   `json:"name"`
	LegalName  string   `json:"legal_name"`
	Exchange   string   `json:"exchange"`
	Sector     string   `json:"sector"` // GICS sector; "" when unknown
	Industry   string   `json:"industry"`
	CIK        int64    `json:"cik"`
	ETF        bool     `json:"etf"`
	Aliases    []string `json:"aliases"`
	URL        string   `json:"url"`
	StoriesURL string   `json:"stories_url"`
	FeedURL    string   `json:"feed_url"`
	// Quote is the latest session; null when there are no prices.
	Quote *quoteView `json:"quote"`
	// AlphaScore is the latest saved score; null when never scored.
	AlphaScore *stockScore `json:"alpha_score"`
	KeyFigures keyFigures  `json:"key_figures"`
	// Demo is true when any price or fundamental shown is simulated.
	Demo bool `json:"demo"`
}

// quoteView is the latest session's prices.
type quoteView struct {
	SessionDate string   `json:"session_date"`
	TimeZone    string   `json:"time_zone"`
	CloseTime   string   `json:"close_time"` // the session's close, UTC
	Open        float64  `json:"open"`
	High        float64  `json:"high"`
	Low         float64  `json:"low"`
	Close       float64  `json:"close"`
	Volume      float64  `json:"volume"`
	PrevClose   *float64 `json:"prev_close"`
	Change      *float64 `json:"change"`
	ChangePct   *float64 `json:"change_pct"`
	Source      string   `json:"source"`
}

// alphaScore is one saved Alpha Score. Signal scores are null when the
// signal was missing; score and band are null when unscored.
type alphaScore struct {
	AsOf        string   `json:"as_of"`
	Score       *float64 `json:"score"`
	Band        *string  `json:"band"`
	Coverage    int      `json:"coverage"`
	Capped      bool     `json:"capped"`
	Signals     signals  `json:"signals"`
	Explanation string   `json:"explanation"`
}

type signals struct {
	Momentum  *float64 `json:"momentum"`
	Value     *float64 `json:"value"`
	Quality   *float64 `json:"quality"`
	Sentiment *float64 `json:"sentiment"`
}

// stockScore is the stock's latest saved score with each signal's
// metrics; the ranking (score_list.go) carries only alphaScore.
type stockScore struct {
	alphaScore
	// SignalDetails are the four signals in score order with the metrics
	// behind them; null when the score was saved before metrics were kept.
	SignalDetails []signalDetail `json:"signal_details"`
}

// signalDetail is one signal of a saved score. Score and band are null and
// missing_reason says why when the signal is missing.
type signalDetail struct {
	Signal        string   `json:"signal"`
	Score         *float64 `json:"score"`
	Band          *string  `json:"band"`
	MissingReason *string  `json:"missing_reason"`
	// PercentileScope is what the metric percentiles rank against:
	// "sector" (the GICS sector: value, quality) or "universe" (all
	// companies: momentum, sentiment).
	PercentileScope string         `json:"percentile_scope"`
	Metrics         []signalMetric `json:"metrics"`
}

// signalMetric is one metric behind a signal. Value is in natural units
// (fractions for returns and yields); value and percentile are null when
// unknown, not meaningful or not counted.
type signalMetric struct {
	Name       string   `json:"name"`
	Value      *float64 `json:"value"`
	Percentile *float64 `json:"percentile"`
	Text       string   `json:"text"`
}

// signalOrder is the order of signals in responses (internal/score's).
var signalOrder = []struct{ name, scope string }{
	{"momentum", "universe"}, {"value", "sector"}, {"quality", "sector"}, {"sentiment", "universe"},
}

func newStockScore(r store.ScoreRecord) *stockScore {
	out := &stockScore{alphaScore: *newAlphaScore(r)}
	if len(r.Signals) == 0 {
		return out
	}
	out.SignalDetails = make([]signalDetail, 0, len(signalOrder))
	for _, sig := range signalOrder {
		sr, saved := r.Signals[sig.name]
		d := signalDetail{Signal: sig.name, Score: sr.Score, Band: optString(sr.Band), MissingReason: optString(sr.Reason),
			PercentileScope: sig.scope, Metrics: make([]signalMetric, 0, len(sr.Metrics))}
		if !saved {
			d.MissingReason = optString("not saved with this score")
		}
		if d.Score == nil && d.MissingReason == nil {
			d.MissingReason = optString("missing")
		}
		for _, m := range sr.Metrics {
			d.Metrics = append(d.Metrics, signalMetric{Name: m.Name, Value: roundPtr(m.Value, 6), Percentile: roundPtr(m.Rank, 2), Text: m.Text})
		}
		out.SignalDetails = append(out.SignalDetails, d)
	}
	return out
}

// roundPtr is *p rounded to n decimals (see round); nil stays nil.
func roundPtr(p *float64, n int) *float64 {
	if p == nil {
		return nil
	}
	v := round(*p, n)
	return &v
}

func newAlphaScore(r store.ScoreRecord) *alphaScore {
	return &alphaScore{AsOf: r.AsOf.Format(market.DateLayout), Score: r.Score, Band: optString(r.Band),
		Coverage: r.Coverage, Capped: r.Capped, Explanation: r.Explanation,
		Signals: signals{Momentum: r.Momentum, Value: r.Value, Quality: r.Quality, Sentiment: r.Sentiment}}
}

// keyFigures is the fundamentals summary of the latest fiscal year.
type keyFigures struct {
	FiscalYear *int    `json:"fiscal_year"`
	PeriodEnd  *string `json:"period_end"`
	Filed      *string `json:"filed"`
	// AsOf is the date facts were read as of: the last session, so ratios
	// never mix a price with facts filed after it.
	AsOf    *string  `json:"as_of"`
	Figures []figure `json:"figures"`
}

// figure is one key figure. Value is null when unavailable or not
// meaningful (say, P/E with negative earnings); it is never a stand-in 0.
type figure struct {
	Name           string   `json:"name"`
	Unit           string   `json:"unit"`
	Value          *float64 `json:"value"`
	Available      bool     `json:"available"`
	NotMeaningful  bool     `json:"not_meaningful"`
	FiscalYear     *int     `json:"fiscal_year"`
	Filed          *string  `json:"filed"`
	FiledEstimated bool     `json:"filed_estimated"`
	UsesPrice      bool     `json:"uses_price"`
	Sources        []string `json:"sources"`
}

// figureDefs names the key figures in display order with their units.
var figureDefs = []struct {
	name, unit string
	get        func(*market.KeyFigures) market.Figure
}{
	{"revenue", "currency", func(k *market.KeyFigures) market.Figure { return k.Revenue }},
	{"revenue_growth", "fraction", func(k *market.KeyFigures) market.Figure { return k.RevenueGrowth }},
	{"gross_margin", "fraction", func(k *market.KeyFigures) market.Figure { return k.GrossMargin }},
	{"operating_margin", "fraction", func(k *market.KeyFigures) market.Figure { return k.OperatingMargin }},
	{"net_income", "currency", func(k *market.KeyFigures) market.Figure { return k.NetIncome }},
	{"net_margin", "fraction", func(k *market.KeyFigures) market.Figure { return k.NetMargin }},
	{"eps_diluted", "currency_per_share", func(k *market.KeyFigures) market.Figure { return k.EPSDiluted }},
	{"pe", "multiple", func(k *market.KeyFigures) market.Figure { return k.PE }},
	{"market_cap", "currency", func(k *market.KeyFigures) market.Figure { return k.MarketCap }},
	{"dividend_yield", "fraction", func(k *market.KeyFigures) market.Figure { return k.DividendYield }},
	{"roe", "fraction", func(k *market.KeyFigures) market.Figure { return k.ROE }},
	{"debt_to_equity", "multiple", func(k *market.KeyFigures) market.Figure { return k.DebtToEquity }},
	{"free_cash_flow", "currency", func(k *market.KeyFigures) market.Figure { return k.FreeCashFlow }},
}

func date(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(market.DateLayout)
	return &s
}

func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func newKeyFigures(k market.KeyFigures, asOf time.Time) keyFigures {
	out := keyFigures{FiscalYear: optInt(k.FiscalYear), PeriodEnd: date(k.PeriodEnd), Filed: date(k.Filed),
		AsOf: date(asOf), Figures: make([]figure, 0, len(figureDefs))}
	for _, def := range figureDefs {
		f := def.get(&k)
		fig := figure{Name: def.name, Unit: def.unit, Available: f.OK, NotMeaningful: f.NotMeaningful,
			FiscalYear: optInt(f.FiscalYear), Filed: date(f.Filed), FiledEstimated: f.FiledEstimated,
			UsesPrice: f.UsesPrice, Sources: nonNil(f.Sources)}
		if f.OK && !f.NotMeaningful {
			v := f.Value
			fig.Value = &v
		}
		out.Figures = append(out.Figures, fig)
	}
	return out
}

// showStock answers GET /api/v1/stocks/{symbol}.
func (s *Server) showStock(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	raw := r.PathValue("symbol")
	sym, err := parseSymbol(raw)
	if err != nil {
		s.notFound(w, r, "no security "+quoted(raw)+": "+err.Error())
		return
	}
	sec, err := s.store.Security(ctx, sym)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r, "no security with symbol "+quoted(sym)+" in the securities master")
		return
	}
	if err != nil {
		s.serverError(w, r, fmt.Errorf("security %s: %w", sym, err))
		return
	}
	base := s.baseURL(r)
	out := stock{Symbol: sec.Symbol, Name: sec.DisplayName(), LegalName: sec.LegalName, Exchange: string(sec.Exchange),
		Sector: string(sec.Sector), Industry: sec.Industry, CIK: sec.CIK, ETF: sec.ETF, Aliases: nonNil(sec.Aliases),
		URL: base + "/stocks/" + sec.Symbol, StoriesURL: base + "/api/v1/stories?symbol=" + sec.Symbol,
		FeedURL: base + "/feeds/" + sec.Symbol + ".atom"}

	q, err := s.store.Quote(r.Context(), sec.Symbol)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var factsAsOf time.Time
	if q.HasPrice() {
		out.Quote = newQuote(q)
		factsAsOf = q.Last.Date
		out.Demo = isDemoSource(q.Last.Source) || q.Last.Source == demoDataSource
	} else {
		factsAsOf = s.opts.Now()
	}
	facts, err := s.store.Facts(ctx, sym, factsAsOf)
	if err != nil {
		s.serverError(w, r, fmt.Errorf("facts %s: %w", sym, err))
		return
	}
	k := market.ComputeKeyFigures(facts, q.Last.Close)
	out.KeyFigures = newKeyFigures(k, factsAsOf)
	out.Demo = out.Demo || slices.Contains(k.Sources(), demoDataSource)

	hist, err := s.store.ScoreHistory(ctx, sym, ScoreMethod, time.Time{}, time.Time{})
	if err != nil {
		s.serverError(w, r, fmt.Errorf("score history %s: %w", sym, err))
		return
	}
	if n := len(hist); n > 0 {
		out.AlphaScore = newStockScore(hist[n-1])
	}
	s.json(w, r, out)
}

// round rounds x to n decimals, so float noise (0.30000000000000004)
// does not reach clients.
func round(x float64, n int) float64 {
	p := math.Pow10(n)
	return math.Round(x*p) / p
}

// demoDataSource is the Source of simulated bars and facts (demo.SourceName).
const demoDataSource = "demo"

func newQuote(q store.Quote) *quoteView {
	out := &quoteView{SessionDate: q.Last.Date.Format(market.DateLayout), TimeZone: exchangeZone,
		CloseTime: rfc3339(market.CloseTime(q.Last.Date)), Open: q.Last.Open, High: q.Last.High, Low: q.Last.Low,
		Close: q.Last.Close, Volume: q.Last.Volume, Source: q.Last.Source}
	if abs, pct, ok := q.Change(); ok {
		prev, abs, pct := q.PrevClose, round(abs, 4), round(pct, 4)
		out.PrevClose, out.Change, out.ChangePct = &prev, &abs, &pct
	}
	return out
}
