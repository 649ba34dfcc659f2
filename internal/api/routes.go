package api

import (
	"net/http"

	"alphadesk/internal/recovery"
)

// routes lists every endpoint. Patterns carry no method: [Server.get]
// answers OPTIONS (CORS preflight) and 405 with a JSON error itself.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	// Stories (published only).
	mux.Handle("/api/v1/stories", s.get(s.listStories))
	mux.Handle("/api/v1/stories/{slug}", s.get(s.showStory))

	// Market data.
	mux.Handle("/api/v1/stocks/{symbol}", s.get(s.showStock))
	mux.Handle("/api/v1/scores", s.get(s.listScores))

	// Atom feeds: the latest stories, and per ticker.
	mux.Handle("/feed.atom", s.get(s.latestFeed))
	mux.Handle("/feeds/{file}", s.get(s.symbolFeed))

	// Anything else under the API is a JSON 404.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, codeNotFound, "no such endpoint "+r.URL.Path+": see docs/api.md for the endpoints")
	})
	return recovery.Handler(mux, s.serverError) // a handler panic is a logged 500
}
