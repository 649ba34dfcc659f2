package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
	"time"
)

// scoreListPage is the data of the Alpha Score ranking.
type scoreListPage struct {
	layout
	Sector  market.Sector
	Band    string
	Sectors []filterLink
	Bands   []filterLink
	Rows    []scoreRow
	AsOf    time.Time
	Total   int // companies on the date before filtering
}

// scoreRow is one company of the ranking.
type scoreRow struct {
	Rank              int // 0 when unscored
	Symbol, Name, URL string
	Sector            string
	Score             scoreView
	exact             float64 // the published score, for ordering
}

// bandNames lists the band labels, best first.
func bandNames() []string {
	var out []string
	for _, b := range []score.Band{score.Excellent, score.Strong, score.Moderate, score.Weak, score.Poor} {
		out = append(out, b.String())
	}
	return out
}

// listScores renders the ranking of the latest saved Alpha Scores, with
// sector and band filters.
func (s *Server) listScores(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	p := scoreListPage{layout: layout{Title: "Alpha Score ranking", Nav: navAlphaScore,
		Description: "Every company ranked by its latest Alpha Score, with its band and coverage."}}
	if slug := q.Get("sector"); slug != "" {
		sec, ok := sectorBySlug(slug)
		if !ok {
			s.badRequest(w, r, fmt.Sprintf("Unknown sector %q. Use one of: %s.", truncate(slug, maxParamEcho), strings.Join(sectorSlugs(), ", ")))
			return
		}
		p.Sector = sec
	}
	if b := q.Get("band"); b != "" {
		band, ok := score.ParseBand(b)
		if !ok {
			s.badRequest(w, r, fmt.Sprintf("Unknown band %q. Use one of: %s.", truncate(b, maxParamEcho), strings.Join(bandNames(), ", ")))
			return
		}
		p.Band = band.String()
	}
	link := func(sec market.Sector, band string) string {
		v := url.Values{}
		if sec != "" {
			v.Set("sector", sec.Slug())
		}
		if band != "" {
			v.Set("band", band)
		}
		if len(v) == 0 {
			return "/alpha-score"
		}
		return "/alpha-score?" + v.Encode()
	}
	p.Sectors = append(p.Sectors, filterLink{"All sectors", link("", p.Band), p.Sector == ""})
	for _, sec := range market.Sectors {
		p.Sectors = append(p.Sectors, filterLink{string(sec), link(sec, p.Band), p.Sector == sec})
	}
	p.Bands = append(p.Bands, filterLink{"All bands", link(p.Sector, ""), p.Band == ""})
	for _, b := range bandNames() {
		p.Bands = append(p.Bands, filterLink{b, link(p.Sector, b), p.Band == b})
	}

	recs, err := s.store.ScoresOn(ctx, scoreMethod, time.Time{})
	if err != nil {
		s.serverError(w, r, fmt.Errorf("latest scores: %w", err))
		return
	}
	quotes, err := s.store.Quotes(ctx, store.SecurityFilter{Sector: p.Sector})
	if err != nil {
		s.serverError(w, r, fmt.Errorf("securities: %w", err))
		return
	}
	secs := make(map[string]market.Security, len(quotes))
	for _, qt := range quotes {
		secs[qt.Security.Symbol] = qt.Security
	}
	p.Total = len(recs)
	var rows []scoreRow
	for _, rec := range recs {
		sec, ok := secs[rec.Symbol]
		if !ok {
			continue // another sector
		}
		row := scoreRow{Symbol: rec.Symbol, Name: sec.DisplayName(), URL: stockURL(rec.Symbol),
			Sector: sectorName(sec.Sector), Score: newScoreView(rec)}
		if rec.Score != nil {
			row.exact = *rec.Score
		}
		p.AsOf = rec.AsOf
		rows = append(rows, row)
	}
	// Best first by the published score (three decimals keep ties rare),
	// unscored last; ranks count within the sector shown, before the band
	// filter, so a company keeps its rank when the list is narrowed.
	slices.SortStableFunc(rows, func(a, b scoreRow) int {
		if a.Score.OK != b.Score.OK {
			if a.Score.OK {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.exact, a.exact)
	})
	for i := range rows {
		if rows[i].Score.OK {
			rows[i].Rank = i + 1
		}
		if p.Band == "" || rows[i].Score.Band == p.Band {
			p.Rows = append(p.Rows, rows[i])
		}
	}
	s.html(w, r, http.StatusOK, "score_list", p)
}
