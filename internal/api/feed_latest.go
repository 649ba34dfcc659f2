package api

import (
	"net/http"

	"alphadesk/internal/newsroom"
)

// latestFeed answers GET /feed.atom: the latest published stories.
func (s *Server) latestFeed(w http.ResponseWriter, r *http.Request) {
	if _, perr := params(r.URL.Query()); perr != nil {
		s.badParam(w, r, perr)
		return
	}
	f, err := s.buildFeed(r.Context(), r, newsroom.StoryFilter{}, s.tag("feed/latest"),
		"alphadesk: latest stories", "The latest stories published by the desk.", "/feed.atom", "/")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.atom(w, r, f)
}
