package web

import "net/http"

// showCorrectionThanks thanks the reader after a report.
func (s *Server) showCorrectionThanks(w http.ResponseWriter, r *http.Request) {
	p := correctionPage{layout: layout{Title: "Thank you", Nav: navPolicy}}
	slug := r.URL.Query().Get("story")
	if h, ok := s.publishedHeadline(r, slug); ok {
		p.Story, p.Headline = slug, h
	}
	s.html(w, r, http.StatusOK, "correction_thanks", p)
}
