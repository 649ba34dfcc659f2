package api

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// scoreList is the response of GET /api/v1/scores.
type scoreList struct {
	// AsOf is the date of the scores; null when none was ever saved.
	AsOf   *string      `json:"as_of"`
	Method string       `json:"method"`
	Total  int          `json:"total"` // rows the filters select, over all pages
	Scores []scoreEntry `json:"scores"`
	// Next is the cursor of the next page; null on the last page.
	Next    *string `json:"next"`
	NextURL *string `json:"next_url"`
}

// scoreEntry is one security's score in the ranking.
type scoreEntry struct {
	Rank   int    `json:"rank"` // 1-based among the selected rows; scored first
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
	Sector string `json:"sector"`
	alphaScore
	APIURL string `json:"api_url"`
}

// listScores answers GET /api/v1/scores: the Alpha Scores of one date
// (as_of, or the latest saved), best first, unscored last, ties by symbol.
func (s *Server) listScores(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, perr := parseScoreQuery(r.URL.Query())
	if perr != nil {
		s.badParam(w, r, perr)
		return
	}
	recs, err := s.store.ScoresOn(ctx, ScoreMethod, q.AsOf)
	if err != nil {
		s.serverError(w, r, fmt.Errorf("scores on %v: %w", q.AsOf, err))
		return
	}
	secs, err := s.store.Securities(ctx, store.SecurityFilter{Sector: q.Sector})
	if err != nil {
		s.serverError(w, r, fmt.Errorf("securities: %w", err))
		return
	}
	bySym := make(map[string]market.Security, len(secs))
	for _, sec := range secs {
		bySym[sec.Symbol] = sec
	}
	rows := recs[:0:0]
	for _, rec := range recs {
		if _, ok := bySym[rec.Symbol]; !ok {
			continue // another sector
		}
		if q.Band != "" && rec.Band != q.Band && !(q.Band == "unscored" && rec.Score == nil) {
			continue
		}
		rows = append(rows, rec)
	}
	slices.SortFunc(rows, compareScores)

	out := scoreList{Method: ScoreMethod, Total: len(rows), Scores: []scoreEntry{}}
	asOf := q.AsOf
	if len(recs) > 0 {
		asOf = recs[0].AsOf
	}
	if len(recs) > 0 || !q.AsOf.IsZero() {
		out.AsOf = date(asOf)
	}
	base := s.baseURL(r)
	end := min(q.Offset+q.Limit, len(rows))
	for i := q.Offset; i < end; i++ {
		rec := rows[i]
		sec := bySym[rec.Symbol]
		out.Scores = append(out.Scores, scoreEntry{Rank: i + 1, Symbol: rec.Symbol, Name: sec.DisplayName(),
			Sector: string(sec.Sector), alphaScore: *newAlphaScore(rec), APIURL: base + "/api/v1/stocks/" + rec.Symbol})
	}
	if end < len(rows) {
		c := scoreCursor(asOf, end)
		out.Next = &c
		next := url.Values{}
		next.Set("as_of", asOf.Format(market.DateLayout))
		if q.Sector != "" {
			next.Set("sector", string(q.Sector))
		}
		if q.Band != "" {
			next.Set("band", q.Band)
		}
		if q.Limit != DefaultLimit {
			next.Set("limit", strconv.Itoa(q.Limit))
		}
		next.Set("cursor", c)
		u := base + "/api/v1/scores?" + next.Encode()
		out.NextURL = &u
	}
	s.json(w, r, out)
}

// compareScores orders the ranking: higher score first, unscored last,
// then by symbol.
func compareScores(a, b store.ScoreRecord) int {
	switch {
	case a.Score != nil && b.Score != nil:
		if c := cmp.Compare(*b.Score, *a.Score); c != 0 {
			return c
		}
	case a.Score != nil:
		return -1
	case b.Score != nil:
		return 1
	}
	return cmp.Compare(a.Symbol, b.Symbol)
}
