package web

import "net/http"

// routes lists every page the site serves.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	// Markets front page: not built yet, the stock list stands in.
	mux.Handle("GET /{$}", http.RedirectHandler("/stocks", http.StatusFound))

	// Stocks.
	mux.Handle("GET /stocks", s.page(s.listStocks))
	mux.Handle("GET /stocks/{symbol}", s.page(s.showStock))

	// Plumbing.
	mux.HandleFunc("GET /healthz", s.health)
	mux.HandleFunc("GET /static/{name}", s.serveStatic)

	// Anything else is a styled 404. Registering it for GET only keeps the
	// mux answering other methods with 405 Method Not Allowed.
	mux.HandleFunc("GET /", s.notFound)
	return mux
}
