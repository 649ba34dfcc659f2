package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"alphadesk/internal/recovery"
	"alphadesk/internal/respcache"
)

// Header values the site sends.
const (
	// contentSecurityPolicy allows nothing but this origin. Charts are
	// inline SVG, which needs no exception; there is no inline script or
	// style.
	contentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
	cachePage             = "public, max-age=60, stale-while-revalidate=300"
	cacheImmutable        = "public, max-age=31536000, immutable"
	cacheNone             = "no-store"
	cacheRevalidate       = "public, no-cache" // a page served out of date: ask again before reusing it
)

// secure sets the security headers on every response, and no-store until
// a handler says a response may be cached. It also turns a panic into a
// logged 500 page.
func (s *Server) secure(next http.Handler) http.Handler {
	guarded := recovery.Handler(next, s.serverError)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", cacheNone)
		guarded.ServeHTTP(w, r)
	})
}

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// html renders view into a buffer and writes it with status. Only a 200
// page is cacheable: it gets the ETag that [Server.page] computed.
func (s *Server) html(w http.ResponseWriter, r *http.Request, status int, view string, data any) {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufferPool.Put(buf)
	if err := s.views.render(buf, view, data); err != nil {
		if view == errorView {
			// The error page itself is broken: fall back to plain text.
			s.logger.ErrorContext(r.Context(), "Cannot render the error page", slog.Any(logKeyError, err))
			http.Error(w, http.StatusText(status), status)
			return
		}
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	if status == http.StatusOK {
		if key, ok := pageKeyFrom(r.Context()); ok {
			h.Set("ETag", key.tag)
			h.Set("Cache-Control", cachePage)
			body := bytes.Clone(buf.Bytes()) // kept by both caches, never changed
			s.rendered.Put(key.version, key.tag, respcache.Entry{ContentType: h.Get("Content-Type"), Body: body, Key: r.URL.RequestURI()})
			if r.Method == http.MethodGet && r.URL.RawQuery == "" && r.URL.RawPath == "" {
				s.hot.put(r.URL.Path, key, h, body)
			}
		}
	} else {
		h.Set("Cache-Control", cacheNone)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// errorPage is the data of the error view.
type errorPage struct {
	layout
	Heading string
	Message string
}

const errorView = "error"

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	s.html(w, r, status, errorView, errorPage{
		layout:  layout{Title: heading},
		Heading: heading,
		Message: msg,
	})
}

// notFound answers 404 with a styled page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.logger.DebugContext(r.Context(), "Not found",
		slog.String(logKeyMethod, r.Method), slog.String(logKeyPath, r.URL.Path), slog.Int(logKeyStatus, http.StatusNotFound))
	s.errorPage(w, r, http.StatusNotFound, "Page not found",
		"There is no page at this address. It may be mistyped, or the story or security may not be published here.")
}

// badRequest answers 400, telling the reader what was wrong with msg.
func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	s.logger.InfoContext(r.Context(), "Bad request",
		slog.String(logKeyMethod, r.Method), slog.String(logKeyPath, r.URL.RequestURI()),
		slog.Int(logKeyStatus, http.StatusBadRequest), slog.String(logKeyReason, msg))
	s.errorPage(w, r, http.StatusBadRequest, "Bad request", msg)
}

// serverError answers 500 and logs err; the reader sees no details. When
// the client has gone away (its request context is canceled) there is no
// one to answer and nothing went wrong on our side: it logs at debug level
// and writes nothing.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		s.logger.DebugContext(r.Context(), "Client went away",
			slog.String(logKeyMethod, r.Method), slog.String(logKeyPath, r.URL.RequestURI()), slog.Any(logKeyError, err))
		return
	}
	s.logger.ErrorContext(r.Context(), "Server error",
		slog.String(logKeyMethod, r.Method), slog.String(logKeyPath, r.URL.RequestURI()),
		slog.Int(logKeyStatus, http.StatusInternalServerError), slog.Any(logKeyError, err))
	s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
		"The page could not be built. The error has been logged; please try again shortly.")
}

// movedPermanently redirects to the canonical address of a page.
func (s *Server) movedPermanently(w http.ResponseWriter, r *http.Request, url string) {
	w.Header().Set("Cache-Control", cachePage)
	http.Redirect(w, r, url, http.StatusMovedPermanently)
}
