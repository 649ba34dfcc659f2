package web

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// homePageSize is how many stories the front page lists at a time.
const homePageSize = 20

// homeParams are the front page's filters, validated.
type homeParams struct {
	Category  newsroom.Category
	Sector    market.Sector
	Sentiment string
	After     string // the listing cursor
}

// parseHomeParams validates the front page's query; its errors are
// messages for the reader.
func parseHomeParams(q url.Values) (homeParams, error) {
	var p homeParams
	if c := q.Get("category"); c != "" {
		cat, err := newsroom.ParseCategory(c)
		if err != nil {
			return p, badParam("Unknown category %q. Use one of: Stocks, Earnings, Deals, Filings, Macro.", truncate(c, maxParamEcho))
		}
		p.Category = cat
	}
	if slug := q.Get("sector"); slug != "" {
		sec, ok := sectorBySlug(slug)
		if !ok {
			return p, badParam("Unknown sector %q. Use one of: %s.", truncate(slug, maxParamEcho), strings.Join(sectorSlugs(), ", "))
		}
		p.Sector = sec
	}
	switch st := q.Get("sentiment"); st {
	case "", "positive", "negative", "neutral":
		p.Sentiment = st
	default:
		return p, badParam("Unknown sentiment %q. Use positive, negative or neutral.", truncate(st, maxParamEcho))
	}
	if a := q.Get("after"); a != "" {
		if _, err := newsroom.ParseCursor(a); err != nil || len(a) > 200 {
			return p, badParam("The page marker %q is not one this site made. Start again from the first page.", truncate(a, maxParamEcho))
		}
		p.After = a
	}
	return p, nil
}

// URL is the front page's address with these filters, defaults left out.
func (p homeParams) URL() string {
	v := url.Values{}
	if p.Category != "" {
		v.Set("category", string(p.Category))
	}
	if p.Sector != "" {
		v.Set("sector", p.Sector.Slug())
	}
	if p.Sentiment != "" {
		v.Set("sentiment", p.Sentiment)
	}
	if p.After != "" {
		v.Set("after", p.After)
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// filterLink is one choice of a filter.
type filterLink struct {
	Label, URL string
	Current    bool
}

// homePage is the data of the markets front page.
type homePage struct {
	layout
	Params     homeParams
	Filtered   bool
	Categories []filterLink
	Sectors    []filterLink
	Sentiments []filterLink
	Stories    []storyRow
	Next       string // URL of older stories
	First      string // URL of the newest page, when not on it
	NoNews     bool
	Movers     []mover
	MoversFrom time.Time
	MoversTo   time.Time
}

// storyRow is one story in a listing.
type storyRow struct {
	URL, Headline, Dek, Category string
	Sentiment                    badge
	Tickers                      []chip
	Published                    stamp
}

// mover is one company whose Alpha Score moved most between the two latest
// score dates.
type mover struct {
	Symbol, URL string
	Now         scoreView
	Delta       string // "+4", "−7"
	Dir         string // "up" or "down"
}

// moversShown is how many movers the strip shows.
const moversShown = 6

func summaryRow(sm newsroom.Summary) storyRow {
	return storyRow{URL: storyURL(sm.Slug), Headline: sm.Headline, Dek: sm.Dek, Category: string(sm.Category),
		Sentiment: sentimentBadge(sm.Sentiment), Tickers: chips(sm.Tickers), Published: newStamp(sm.Published)}
}

// showHome renders the markets front page: the latest published stories,
// filtered and paged, and the score movers.
func (s *Server) showHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := parseHomeParams(r.URL.Query())
	if err != nil {
		s.badRequest(w, r, err.Error())
		return
	}
	page := homePage{
		layout: layout{Title: "Markets", Nav: navMarkets,
			Description: "The latest market news from alphadesk, with sentiment, tickers and Alpha Scores."},
		Params:   p,
		Filtered: p.Category != "" || p.Sector != "" || p.Sentiment != "",
	}
	withCat := func(c newsroom.Category) string { q := p; q.Category, q.After = c, ""; return q.URL() }
	page.Categories = append(page.Categories, filterLink{"All", withCat(""), p.Category == ""})
	for _, c := range newsroom.Categories {
		page.Categories = append(page.Categories, filterLink{string(c), withCat(c), p.Category == c})
	}
	withSec := func(sec market.Sector) string { q := p; q.Sector, q.After = sec, ""; return q.URL() }
	page.Sectors = append(page.Sectors, filterLink{"All sectors", withSec(""), p.Sector == ""})
	for _, sec := range market.Sectors {
		page.Sectors = append(page.Sectors, filterLink{string(sec), withSec(sec), p.Sector == sec})
	}
	withSent := func(st string) string { q := p; q.Sentiment, q.After = st, ""; return q.URL() }
	page.Sentiments = []filterLink{{"Any", withSent(""), p.Sentiment == ""},
		{"Positive", withSent("positive"), p.Sentiment == "positive"},
		{"Neutral", withSent("neutral"), p.Sentiment == "neutral"},
		{"Negative", withSent("negative"), p.Sentiment == "negative"}}

	if s.news == nil {
		page.NoNews = true
	} else {
		sp, err := s.news.Stories(ctx, newsroom.StoryFilter{Status: newsroom.StatusPublished, Category: p.Category,
			Sector: string(p.Sector), Sentiment: p.Sentiment, Limit: homePageSize, After: p.After})
		if errors.Is(err, newsroom.ErrInvalid) {
			s.badRequest(w, r, "The page marker is not one this site made. Start again from the first page.")
			return
		}
		if err != nil {
			s.serverError(w, r, fmt.Errorf("front page stories: %w", err))
			return
		}
		for _, sm := range sp.Stories {
			page.Stories = append(page.Stories, summaryRow(sm))
		}
		if len(sp.Stories) > 0 {
			// A demo database is simulated throughout, so the first story's
			// sources tell whether the page shows simulated news; reading
			// every story's record for the banner would cost a query set
			// per story.
			d, err := s.news.Story(ctx, sp.Stories[0].Slug)
			if err != nil {
				s.serverError(w, r, fmt.Errorf("front page story %q: %w", sp.Stories[0].Slug, err))
				return
			}
			page.Demo = slices.ContainsFunc(d.Sources, isDemoSource)
		}
		if sp.Next != "" {
			q := p
			q.After = sp.Next
			page.Next = q.URL()
		}
		if p.After != "" {
			q := p
			q.After = ""
			page.First = q.URL()
		}
	}
	if p.After == "" {
		if err := s.scoreMovers(r, &page); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.html(w, r, http.StatusOK, "home", page)
}

// moverLookback is how far before the latest score date the strip looks
// for the previous one.
const moverLookback = 90 * 24 * time.Hour

// scoreMovers fills the movers strip: the largest Alpha Score changes
// between the two latest score dates, when there are two.
func (s *Server) scoreMovers(r *http.Request, page *homePage) error {
	ctx := r.Context()
	latest, err := s.store.ScoresOn(ctx, scoreMethod, time.Time{})
	if err != nil {
		return fmt.Errorf("latest scores: %w", err)
	}
	if len(latest) == 0 {
		return nil
	}
	to := latest[0].AsOf
	// The previous date is the latest one before it in any company's
	// history; one company's history finds it in one query.
	sym := latest[0].Symbol
	hist, err := s.store.ScoreHistory(ctx, sym, scoreMethod, to.Add(-moverLookback), to.AddDate(0, 0, -1))
	if err != nil {
		return fmt.Errorf("score history %s: %w", sym, err)
	}
	if len(hist) == 0 {
		return nil
	}
	prevDate := hist[len(hist)-1].AsOf
	prev, err := s.store.ScoresOn(ctx, scoreMethod, prevDate)
	if err != nil {
		return fmt.Errorf("scores on %s: %w", prevDate.Format(market.DateLayout), err)
	}
	page.Movers = movers(prev, latest, moversShown)
	page.MoversFrom, page.MoversTo = prevDate, to
	return nil
}

// movers returns the n companies scored on both dates whose whole Alpha
// Score changed most, largest change first (ties by symbol).
func movers(prev, latest []store.ScoreRecord, n int) []mover {
	before := make(map[string]float64, len(prev))
	for _, r := range prev {
		if r.Score != nil {
			before[r.Symbol] = *r.Score
		}
	}
	type cand struct {
		rec   store.ScoreRecord
		delta int
	}
	var cs []cand
	for _, r := range latest {
		b, ok := before[r.Symbol]
		if r.Score == nil || !ok {
			continue
		}
		if d := score.Whole(*r.Score) - score.Whole(b); d != 0 {
			cs = append(cs, cand{r, d})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(math.Abs(float64(b.delta)), math.Abs(float64(a.delta))); c != 0 {
			return c
		}
		return strings.Compare(a.rec.Symbol, b.rec.Symbol)
	})
	var out []mover
	for _, c := range cs[:min(n, len(cs))] {
		m := mover{Symbol: c.rec.Symbol, URL: stockURL(c.rec.Symbol), Now: newScoreView(c.rec), Dir: "up"}
		m.Delta = signed(float64(c.delta), 0, true)
		if c.delta < 0 {
			m.Dir = "down"
		}
		out = append(out, m)
	}
	return out
}
