package web

import "net/http"

// routes lists every page the site serves.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	// Markets front page and stories.
	mux.Handle("GET /{$}", s.page(s.showHome))
	mux.Handle("GET /news/{slug}", s.page(s.showArticle))

	// Stocks.
	mux.Handle("GET /stocks", s.page(s.listStocks))
	mux.Handle("GET /stocks/{symbol}", s.page(s.showStock))

	// Alpha Score.
	mux.Handle("GET /alpha-score", s.page(s.listScores))
	mux.Handle("GET /methodology", s.page(s.showMethodology))

	// Policies and corrections. The form carries a per-client token, so
	// it is never cached and skips the ETag wrapper.
	mux.Handle("GET /editorial-policy", s.page(s.showEditorialPolicy))
	mux.Handle("GET /risk-disclaimer", s.page(s.showRiskDisclaimer))
	mux.HandleFunc("GET /corrections", s.showCorrectionForm)
	mux.Handle("POST /corrections", http.NewCrossOriginProtection().Handler(http.HandlerFunc(s.reportCorrection)))
	mux.HandleFunc("GET /corrections/thanks", s.showCorrectionThanks)

	// Plumbing.
	mux.HandleFunc("GET /healthz", s.health)
	mux.HandleFunc("GET /static/{name}", s.serveStatic)

	// Anything else is a styled 404. Registering it for GET only keeps the
	// mux answering other methods with 405 Method Not Allowed.
	mux.HandleFunc("GET /", s.notFound)
	return mux
}
