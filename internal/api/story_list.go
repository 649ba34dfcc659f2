package api

import (
	"net/http"
	"net/url"
	"strconv"

	"alphadesk/internal/newsroom"
)

// listStories answers GET /api/v1/stories: published stories, newest
// first, a page at a time.
func (s *Server) listStories(w http.ResponseWriter, r *http.Request) {
	q, perr := parseStoryQuery(r.URL.Query())
	if perr != nil {
		s.badParam(w, r, perr)
		return
	}
	page, err := s.news.Stories(r.Context(), newsroom.StoryFilter{
		Status: newsroom.StatusPublished, Category: q.Category, Symbol: q.Symbol, Sector: string(q.Sector),
		Sentiment: q.Sentiment, Limit: q.Limit, After: q.Cursor,
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := s.baseURL(r)
	out := storyList{Stories: make([]storyItem, 0, len(page.Stories))}
	for _, st := range page.Stories {
		out.Stories = append(out.Stories, newStoryItem(base, st))
	}
	if page.Next != "" {
		out.Next = &page.Next
		next := url.Values{}
		for k, v := range map[string]string{"category": string(q.Category), "symbol": q.Symbol,
			"sector": string(q.Sector), "sentiment": q.Sentiment} {
			if v != "" {
				next.Set(k, v)
			}
		}
		if q.Limit != DefaultLimit {
			next.Set("limit", strconv.Itoa(q.Limit))
		}
		next.Set("cursor", page.Next)
		u := base + "/api/v1/stories?" + next.Encode()
		out.NextURL = &u
	}
	s.json(w, r, out)
}
