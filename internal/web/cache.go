package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// page wraps a page handler with conditional GET. A page is a function of
// the data version, the request URL, the build and the hour (for notices
// such as "prices are not current"), so their hash is its ETag: a request
// whose If-None-Match carries it is answered 304 before any page work.
func (s *Server) page(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := s.store.DataVersion(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		tag := s.etag(v, r)
		if etagMatch(r.Header.Get("If-None-Match"), tag) {
			h := w.Header()
			h.Set("ETag", tag)
			h.Set("Cache-Control", cachePage)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), etagKey{}, tag)))
	})
}

func (s *Server) etag(version int64, r *http.Request) string {
	h := sha256.New()
	var b []byte
	b = append(b, s.build...)
	b = append(b, 0)
	b = strconv.AppendInt(b, version, 10)
	b = append(b, 0)
	b = append(b, r.URL.RequestURI()...)
	b = append(b, 0)
	b = s.now().UTC().AppendFormat(b, "2006-01-02T15")
	h.Write(b)
	var sum [sha256.Size]byte
	return `"` + hex.EncodeToString(h.Sum(sum[:0])[:16]) + `"`
}

// etagMatch reports whether an If-None-Match header lists tag, using the
// weak comparison RFC 9110 prescribes for it. "*" is not honoured: the
// check runs before the handler knows whether the page exists, and a full
// response is always a correct answer.
func etagMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	for c := range strings.SplitSeq(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(c), "W/") == strings.TrimPrefix(tag, "W/") {
			return true
		}
	}
	return false
}

type etagKey struct{}

// etagFrom returns the ETag [Server.page] computed for the request, if any.
func etagFrom(ctx context.Context) string {
	tag, _ := ctx.Value(etagKey{}).(string)
	return tag
}
