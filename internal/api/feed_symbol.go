package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
)

// symbolFeed answers GET /feeds/{SYMBOL}.atom: the latest published
// stories tagged with one company. (/stocks/{SYMBOL}/... belongs to the
// reader site, so per-ticker feeds live under /feeds/.)
func (s *Server) symbolFeed(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	raw, ok := strings.CutSuffix(file, ".atom")
	if !ok || raw == "" {
		s.notFound(w, r, "no feed "+quoted(file)+": per-ticker feeds are /feeds/{SYMBOL}.atom, e.g. /feeds/AAPL.atom")
		return
	}
	if _, perr := params(r.URL.Query()); perr != nil {
		s.badParam(w, r, perr)
		return
	}
	sym, err := parseSymbol(raw)
	if err != nil {
		s.notFound(w, r, "no feed for "+quoted(raw)+": "+err.Error())
		return
	}
	if raw != sym {
		// One URL per feed: /feeds/aapl.atom is /feeds/AAPL.atom.
		h := w.Header()
		h.Del("ETag")
		h.Set("Location", "/feeds/"+sym+".atom")
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	sec, err := s.store.Security(r.Context(), sym)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r, "no security with symbol "+quoted(sym)+" in the securities master")
		return
	}
	if err != nil {
		s.serverError(w, r, fmt.Errorf("security %s: %w", sym, err))
		return
	}
	f, err := s.buildFeed(r.Context(), r, newsroom.StoryFilter{Symbol: sym}, s.tag("feed/stocks/"+sym),
		fmt.Sprintf("alphadesk: %s (%s)", sec.DisplayName(), sym),
		fmt.Sprintf("The latest stories about %s published by the desk.", sec.DisplayName()),
		"/feeds/"+sym+".atom", "/stocks/"+sym)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.atom(w, r, f)
}
