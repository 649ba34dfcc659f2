package web

import "net/http"

// showRiskDisclaimer renders the risk disclaimer.
func (s *Server) showRiskDisclaimer(w http.ResponseWriter, r *http.Request) {
	s.html(w, r, http.StatusOK, "risk_disclaimer", struct{ layout }{layout{Title: "Risk Disclaimer", Nav: navPolicy,
		Description: "alphadesk publishes information, not investment advice."}})
}
