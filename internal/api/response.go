package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"alphadesk/internal/respcache"
)

// Header values every response shares.
const (
	cacheOK        = "public, max-age=60"
	cacheNone      = "no-store"
	contentJSON    = "application/json; charset=utf-8"
	contentAtom    = "application/atom+xml; charset=utf-8"
	allowedMethods = "GET, HEAD, OPTIONS"
	// contentSecurityPolicy: an API response is data, never a page, so a
	// browser that opens one directly may run and embed nothing.
	contentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'"
	// schemaVersion goes into ETags: bump it when a response's shape changes.
	schemaVersion = "api1"
)

// Error codes of the JSON error body.
const (
	codeBadRequest       = "bad_request"
	codeNotFound         = "not_found"
	codeMethodNotAllowed = "method_not_allowed"
	codeInternal         = "internal"
)

// Log attribute keys.
const (
	logKeyError  = "error"
	logKeyPath   = "path"
	logKeyMethod = "method"
)

// errorBody is the JSON shape of every error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Param names the query parameter at fault, for 400s caused by one.
	Param string `json:"param,omitempty"`
}

// get wraps a handler for a read-only endpoint: CORS headers, preflight,
// 405 for other methods, and the conditional GET on the ETag.
func (s *Server) get(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodOptions:
			h.Set("Allow", allowedMethods)
			h.Set("Access-Control-Allow-Methods", allowedMethods)
			h.Set("Access-Control-Allow-Headers", "If-None-Match")
			h.Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		default:
			h.Set("Allow", allowedMethods)
			s.fail(w, r, http.StatusMethodNotAllowed, codeMethodNotAllowed,
				"method "+r.Method+" is not allowed: the API is read-only (GET, HEAD, OPTIONS)")
			return
		}
		h.Set("Access-Control-Expose-Headers", "ETag")
		v, err := s.store.DataVersion(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		tag := s.etag(v, r)
		if etagMatch(r.Header.Get("If-None-Match"), tag) {
			h.Set("ETag", tag)
			h.Set("Cache-Control", cacheOK)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("ETag", tag) // removed again by fail for error responses
		if c, ok := s.cache.Get(tag); ok {
			s.write(w, c.ContentType, c.Body)
			return
		}
		// One render per response and data version: concurrent requests
		// for it wait for the first and are served from the cache.
		release, _ := s.cache.Claim(r.Context(), tag)
		defer release()
		if c, ok := s.cache.Get(tag); ok {
			s.write(w, c.ContentType, c.Body)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), etagKey{}, respKey{tag: tag, version: v})))
	})
}

// etag hashes what a response depends on.
func (s *Server) etag(version int64, r *http.Request) string {
	var b []byte
	b = append(b, schemaVersion...)
	b = append(b, 0)
	b = append(b, s.opts.BuildID...)
	b = append(b, 0)
	b = strconv.AppendInt(b, version, 10)
	b = append(b, 0)
	b = append(b, s.baseURL(r)...)
	b = append(b, r.URL.RequestURI()...)
	b = append(b, 0)
	b = s.opts.Now().UTC().AppendFormat(b, "2006-01-02T15")
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagMatch reports whether an If-None-Match header lists tag (weak
// comparison, RFC 9110 §13.1.2). "*" is not honoured: a full response is
// always a correct answer.
func etagMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	for c := range strings.SplitSeq(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(c), "W/") == tag {
			return true
		}
	}
	return false
}

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// json writes v as a cacheable 200 JSON response.
func (s *Server) json(w http.ResponseWriter, r *http.Request, v any) {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufferPool.Put(buf)
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // JSON, never HTML: keep & and < readable
	if err := enc.Encode(v); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.ok(w, r, contentJSON, buf.Bytes())
}

// atom writes f as a cacheable 200 Atom document.
func (s *Server) atom(w http.ResponseWriter, r *http.Request, f *atomFeed) {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufferPool.Put(buf)
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		s.serverError(w, r, err)
		return
	}
	buf.WriteByte('\n')
	s.ok(w, r, contentAtom, buf.Bytes())
}

// ok writes a 200 body and keeps a copy in the response cache.
func (s *Server) ok(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	if s.cache != nil {
		k := keyFrom(r.Context())
		s.cache.Put(k.version, k.tag, respcache.Entry{ContentType: contentType, Body: bytes.Clone(body)})
	}
	s.write(w, contentType, body)
}

func (s *Server) write(w http.ResponseWriter, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cacheOK)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// fail writes a JSON error. Errors are not cached.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	s.failParam(w, r, status, code, "", msg)
}

func (s *Server) failParam(w http.ResponseWriter, r *http.Request, status int, code, param, msg string) {
	b, _ := json.Marshal(errorBody{Error: errorDetail{Code: code, Message: msg, Param: param}})
	h := w.Header()
	h.Del("ETag")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Content-Type", contentJSON)
	h.Set("Cache-Control", cacheNone)
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// badParam answers 400 for a query parameter.
func (s *Server) badParam(w http.ResponseWriter, r *http.Request, err *paramError) {
	s.failParam(w, r, http.StatusBadRequest, codeBadRequest, err.Param, err.Error())
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, msg string) {
	s.fail(w, r, http.StatusNotFound, codeNotFound, msg)
}

// serverError logs err and answers 500 without its details.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.ErrorContext(r.Context(), "API request failed",
		slog.String(logKeyMethod, r.Method), slog.String(logKeyPath, r.URL.Path), slog.Any(logKeyError, err))
	s.fail(w, r, http.StatusInternalServerError, codeInternal, "internal error: the desk could not answer; it has been logged")
}

// baseURL is the scheme and host links are built on, without a trailing
// slash.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return strings.TrimSuffix(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}
