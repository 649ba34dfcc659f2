package api

import (
	"errors"
	"net/http"

	"alphadesk/internal/newsroom"
)

// showStory answers GET /api/v1/stories/{slug}: one published story with
// its text, tags, sources, correction notes and how it was produced.
// Stories that are not published are 404, exactly like missing ones.
func (s *Server) showStory(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	missing := "no published story with slug " + quoted(slug)
	if len(slug) > maxParamLen {
		s.notFound(w, r, "no published story with that slug")
		return
	}
	d, err := s.news.Story(r.Context(), slug)
	if errors.Is(err, newsroom.ErrNotFound) || (err == nil && d.Status != newsroom.StatusPublished) {
		s.notFound(w, r, missing)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.json(w, r, newStoryDetail(s.baseURL(r), d))
}
