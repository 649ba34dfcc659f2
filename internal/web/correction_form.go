package web

import (
	"net/http"

	"alphadesk/internal/newsroom"
)

// correctionPage is the data of the correction form.
type correctionPage struct {
	layout
	Token    string
	Story    string // the slug
	Headline string // of the story, when known
	Text     string
	Contact  string
	Errors   []string
	MinLen   int
	MaxLen   int
}

// maxFormBytes bounds a correction form's body.
const maxFormBytes = 64 << 10

// showCorrectionForm renders the correction form, for the story named by
// ?story= when given.
func (s *Server) showCorrectionForm(w http.ResponseWriter, r *http.Request) {
	p := s.newCorrectionPage(w, r)
	p.Story = storySlug(r.URL.Query().Get("story"))
	if p.Story != "" {
		if h, ok := s.publishedHeadline(r, p.Story); ok {
			p.Headline = h
		}
	}
	s.correctionForm(w, r, http.StatusOK, p)
}

func (s *Server) newCorrectionPage(w http.ResponseWriter, r *http.Request) correctionPage {
	return correctionPage{layout: layout{Title: "Report a correction", Nav: navPolicy,
		Description: "Tell alphadesk's editors about an error in a story."},
		Token: s.csrfToken(w, r), MinLen: newsroom.MinCorrectionLen, MaxLen: newsroom.MaxCorrectionLen}
}

// correctionForm writes the form; it is per client, so never cached.
func (s *Server) correctionForm(w http.ResponseWriter, r *http.Request, status int, p correctionPage) {
	s.html(w, r, status, "correction_form", p)
}

// publishedHeadline returns the headline of a published story.
func (s *Server) publishedHeadline(r *http.Request, slug string) (string, bool) {
	if s.news == nil || len(slug) > 200 {
		return "", false
	}
	d, err := s.news.Story(r.Context(), slug)
	if err != nil || d.Status != newsroom.StatusPublished {
		return "", false
	}
	return d.Current().Headline, true
}
