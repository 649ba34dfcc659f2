package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"alphadesk/internal/chart"
	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// staleAfter is how old the last close may be before the page says prices
// are not current (a long weekend is four days).
const staleAfter = 5 * 24 * time.Hour

// stockShowPage is the data of the asset profile.
type stockShowPage struct {
	layout
	Security   market.Security
	SectorSlug string

	// Latest session; HasPrice is false when there are no bars.
	HasPrice bool
	Last     market.Bar
	Change   change
	CloseAt  time.Time // the session's close, New York time
	Stale    bool

	Range      chartRange
	Ranges     []rangeLink
	Chart      chart.Chart
	ChartTitle string
	ChartDesc  string
	RangeBars  int
	FirstBar   market.Bar
	RangeMove  string // change over the range, "+12.4%"

	Key       market.KeyFigures
	Figures   []figureRow
	DemoFacts bool // the key figures rest on simulated facts
	// FactsAsOf is the date fundamentals were read as of: the last close,
	// so ratios never mix a price with facts filed after it.
	FactsAsOf time.Time

	// Alpha Score: the latest saved record and the history chart.
	HasScore       bool
	Score          scoreView
	ScoreChart     chart.Chart
	ScoreChartDesc string
	ScorePoints    int
	// Signals are the latest score's signals with their metrics; nil when
	// that score was saved without them.
	Signals []signalDetail
	// Stories are the latest published stories tagging the company.
	Stories []storyRow
}

type rangeLink struct {
	Label, Title, URL string
	Current           bool
}

// figureRow is one line of the key-figures table.
type figureRow struct {
	Label string
	Value string // notAvailable when absent
	Note  string // "FY2025, filed Feb 12, 2026"
	OK    bool
}

// showStock renders the asset profile of one security.
func (s *Server) showStock(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	raw := r.PathValue("symbol")
	sym, _, err := market.NormalizeSymbol(raw)
	if err != nil {
		s.notFound(w, r)
		return
	}
	rng, err := parseRange(r.URL.Query().Get("range"))
	if err != nil {
		s.badRequest(w, r, err.Error())
		return
	}
	sec, err := s.store.Security(ctx, sym)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, fmt.Errorf("security %s: %w", sym, err))
		return
	}
	if raw != sym {
		u := url.URL{Path: "/stocks/" + sym, RawQuery: r.URL.RawQuery}
		s.movedPermanently(w, r, u.String())
		return
	}

	now := s.now()
	shown, prev, err := s.rangeBars(r, sym, rng)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := stockShowPage{
		layout:     layout{Title: fmt.Sprintf("%s (%s)", sec.DisplayName(), sec.Symbol), Nav: navStocks},
		Security:   sec,
		SectorSlug: sec.Sector.Slug(),
		Range:      rng,
		FactsAsOf:  now,
	}
	if n := len(shown); n > 0 {
		last := shown[n-1]
		p.HasPrice, p.Last = true, last
		p.Change = newChange(store.Quote{Security: sec, Last: last, PrevClose: prev}.Change())
		p.CloseAt = market.CloseTime(last.Date)
		p.Stale = now.Sub(p.CloseAt) > staleAfter
		p.FactsAsOf = last.Date
	}
	p.Description = fmt.Sprintf("%s (%s): price chart, key figures and data sources.", sec.DisplayName(), sec.Symbol)

	facts, err := s.store.Facts(ctx, sym, p.FactsAsOf)
	if err != nil {
		s.serverError(w, r, fmt.Errorf("facts %s: %w", sym, err))
		return
	}
	p.Key = market.ComputeKeyFigures(facts, p.Last.Close)
	p.Figures = figureRows(p.Key, p.Last.Date)

	p.Lineage.Prices = barSources(shown, p.Last)
	p.Lineage.Fundamentals = p.Key.Sources()
	p.DemoFacts = slices.Contains(p.Lineage.Fundamentals, demoSource)
	p.Demo = p.DemoFacts || slices.Contains(p.Lineage.Prices, demoSource)

	for _, rr := range chartRanges {
		u := "/stocks/" + url.PathEscape(sym)
		if rr != rangeDefault {
			u += "?range=" + string(rr)
		}
		p.Ranges = append(p.Ranges, rangeLink{Label: rr.Label(), Title: rr.Title(), URL: u, Current: rr == rng})
	}
	s.buildChart(&p, shown)
	if err := s.stockScore(r, &p, now); err != nil {
		s.serverError(w, r, err)
		return
	}
	if s.news != nil {
		sp, err := s.news.Stories(ctx, newsroom.StoryFilter{Status: newsroom.StatusPublished, Symbol: sym, Limit: stockStories})
		if err != nil {
			s.serverError(w, r, fmt.Errorf("stories of %s: %w", sym, err))
			return
		}
		for _, sm := range sp.Stories {
			p.Stories = append(p.Stories, summaryRow(sm))
		}
	}
	s.html(w, r, http.StatusOK, "stock_show", p)
}

// stockStories is how many recent stories a stock page lists.
const stockStories = 5

// stockScore adds the latest Alpha Score and its history chart.
func (s *Server) stockScore(r *http.Request, p *stockShowPage, now time.Time) error {
	sym := p.Security.Symbol
	hist, err := s.store.ScoreHistory(r.Context(), sym, scoreMethod, time.Time{}, time.Time{})
	if err != nil {
		return fmt.Errorf("score history %s: %w", sym, err)
	}
	if len(hist) == 0 {
		return nil
	}
	latest := hist[len(hist)-1]
	p.HasScore, p.Score = true, newScoreView(latest)
	p.Signals = signalDetails(latest, p.Security.Sector)
	var pts []chart.Point
	for _, rec := range hist {
		if rec.Score != nil {
			pts = append(pts, chart.Point{Time: rec.AsOf, Value: *rec.Score})
		}
	}
	p.ScorePoints = len(pts)
	if len(pts) < 2 {
		return nil
	}
	p.ScoreChart = chart.Build(pts, chart.DefaultLayout)
	c := p.ScoreChart
	p.ScoreChartDesc = fmt.Sprintf("Alpha Score from %d on %s to %d on %s; high %d on %s, low %d on %s.",
		score.Whole(c.First.Value), date(c.First.Time), score.Whole(c.Last.Value), date(c.Last.Time),
		score.Whole(c.High.Value), date(c.High.Time), score.Whole(c.Low.Value), date(c.Low.Time))
	return nil
}

func date(t time.Time) string { return t.Format(dateLayout) }

// rangeBars returns the bars of range rng ending at the security's last
// session, and the close of the session before that one (0 if none). The
// range is counted back from the last session, not from now, so a history
// that ended years ago still charts; only the range's bars are read.
func (s *Server) rangeBars(r *http.Request, sym string, rng chartRange) (shown []market.Bar, prev float64, err error) {
	ctx := r.Context()
	q, err := s.store.Quote(ctx, sym)
	if err != nil {
		return nil, 0, fmt.Errorf("quote %s: %w", sym, err)
	}
	if !q.HasPrice() {
		return nil, 0, nil
	}
	var from time.Time
	if rng != rangeMax {
		from = rng.start(q.Last.Date)
	}
	if shown, err = s.store.Bars(ctx, sym, from, time.Time{}); err != nil {
		return nil, 0, fmt.Errorf("bars %s: %w", sym, err)
	}
	return shown, q.PrevClose, nil
}

// buildChart lays out the closes of bars and writes the chart's accessible
// title and description.
func (s *Server) buildChart(p *stockShowPage, bars []market.Bar) {
	pts := make([]chart.Point, len(bars))
	for i, b := range bars {
		pts[i] = chart.Point{Time: b.Date, Value: b.Close}
	}
	p.Chart = chart.Build(pts, chart.DefaultLayout)
	p.RangeBars = len(bars)
	p.ChartTitle = fmt.Sprintf("%s daily closing price, %s", p.Security.Symbol, p.Range.Title())
	if p.Chart.Empty {
		p.ChartDesc = "No prices in this range."
		return
	}
	p.FirstBar = bars[0]
	c := p.Chart
	p.ChartDesc = fmt.Sprintf("From %s on %s to %s on %s. High %s on %s; low %s on %s.",
		money(c.First.Value), c.First.Time.Format(dateLayout), money(c.Last.Value), c.Last.Time.Format(dateLayout),
		money(c.High.Value), c.High.Time.Format(dateLayout), money(c.Low.Value), c.Low.Time.Format(dateLayout))
	if frac, ok := c.Change(); ok {
		p.RangeMove = percent(frac, 1, true)
		p.ChartDesc += " Change over the period " + p.RangeMove + "."
	}
}

// figureRows lays out the key figures in display order; absent ones stay,
// marked not available, so the table keeps its shape.
func figureRows(k market.KeyFigures, priceDate time.Time) []figureRow {
	if k.PeriodEnd.IsZero() {
		return nil
	}
	pct := func(f market.Figure) string { return percent(f.Value, 1, false) }
	rows := []struct {
		label  string
		f      market.Figure
		format func(market.Figure) string
	}{
		{"Revenue", k.Revenue, func(f market.Figure) string { return bigMoney(f.Value) }},
		{"Revenue growth (y/y)", k.RevenueGrowth, func(f market.Figure) string { return percent(f.Value, 1, true) }},
		{"Gross margin", k.GrossMargin, pct},
		{"Operating margin", k.OperatingMargin, pct},
		{"Net income", k.NetIncome, func(f market.Figure) string { return bigMoney(f.Value) }},
		{"Net margin", k.NetMargin, pct},
		{"Diluted EPS", k.EPSDiluted, func(f market.Figure) string { return "$" + money(f.Value) }},
		{"P/E", k.PE, func(f market.Figure) string { return multiple(f.Value) }},
		{"Market cap", k.MarketCap, func(f market.Figure) string { return bigMoney(f.Value) }},
		{"Dividend yield", k.DividendYield, func(f market.Figure) string { return percent(f.Value, 2, false) }},
		{"Return on equity", k.ROE, pct},
		{"Debt/equity", k.DebtToEquity, func(f market.Figure) string { return signed(f.Value, 2, false) }},
		{"Free cash flow", k.FreeCashFlow, func(f market.Figure) string { return bigMoney(f.Value) }},
	}
	out := make([]figureRow, len(rows))
	for i, row := range rows {
		f := row.f
		out[i] = figureRow{Label: row.label, Value: notAvailable}
		if !f.OK {
			out[i].Note = "Not reported"
			continue
		}
		out[i].OK = true
		if f.NotMeaningful {
			out[i].Value = notMeaningful
		} else {
			out[i].Value = row.format(f)
		}
		filed := "filed "
		if f.FiledEstimated {
			filed = "filing date estimated "
		}
		out[i].Note = fmt.Sprintf("FY%d, %s%s", f.FiscalYear, filed, f.Filed.Format(dateLayout))
		if f.UsesPrice {
			out[i].Note += "; price " + priceDate.Format(dateLayout)
		}
	}
	return out
}

// barSources lists the distinct sources of the bars shown and of the last
// bar (whose close the page quotes), sorted.
func barSources(bars []market.Bar, last market.Bar) []string {
	var out []string
	if last.Source != "" {
		out = append(out, last.Source)
	}
	for _, b := range bars {
		if b.Source != "" && !slices.Contains(out, b.Source) {
			out = append(out, b.Source)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
