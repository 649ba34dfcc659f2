package web

import (
	"log/slog"
	"net/http"
)

// health answers "ok" when the store answers, for load balancers and
// uptime checks; 503 when it does not.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if _, err := s.store.DataVersion(r.Context()); err != nil {
		s.logger.ErrorContext(r.Context(), "Health check failed",
			slog.Int(logKeyStatus, http.StatusServiceUnavailable), slog.Any(logKeyError, err))
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}
