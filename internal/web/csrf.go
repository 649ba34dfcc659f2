package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// The correction form is protected against cross-site request forgery in
// two ways: http.CrossOriginProtection rejects cross-origin browser POSTs
// (routes.go), and a signed double-submit token ties the form to the
// browser that loaded it. The browser holds a random nonce in a cookie; the
// form carries HMAC(per-process key, nonce). A forger can neither read the
// cookie nor compute the MAC without the key.

const (
	csrfCookie = "alphadesk_csrf"
	csrfField  = "csrf_token"
	nonceLen   = 32
)

// csrfToken returns the form token for the request's nonce, setting a new
// nonce cookie when the request has none.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	nonce := ""
	if c, err := r.Cookie(csrfCookie); err == nil && validNonce(c.Value) {
		nonce = c.Value
	} else {
		b := make([]byte, nonceLen)
		_, _ = rand.Read(b) // crypto/rand.Read never fails
		nonce = base64.RawURLEncoding.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: nonce, Path: "/corrections",
			HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	}
	return s.mac(nonce)
}

func (s *Server) mac(nonce string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func validNonce(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == nonceLen
}

// csrfOK reports whether the form's token matches the request's cookie.
func (s *Server) csrfOK(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || !validNonce(c.Value) {
		return false
	}
	return hmac.Equal([]byte(r.PostFormValue(csrfField)), []byte(s.mac(c.Value)))
}

// rateLimiter is a token bucket per client address, in memory: each
// client may send burst requests at once and one more every interval.
type rateLimiter struct {
	mu       sync.Mutex
	burst    float64
	interval time.Duration
	buckets  map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the limiter's memory; when full, buckets that have
// refilled are dropped.
const maxBuckets = 10000

func newRateLimiter(burst int, interval time.Duration) *rateLimiter {
	return &rateLimiter{burst: float64(burst), interval: interval, buckets: map[string]*bucket{}}
}

// allow takes a token from key's bucket at now, reporting whether there
// was one and, if not, how long until there is.
func (l *rateLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.at); el > 0 {
		b.tokens = min(l.burst, b.tokens+float64(el)/float64(l.interval))
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.interval))
}

// prune drops the buckets that are full again at now; if that frees
// nothing, it drops a tenth of them, arbitrarily (only a client with
// thousands of addresses can cause that, and it gains a burst at most).
func (l *rateLimiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.interval) >= l.burst {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < maxBuckets*9/10 {
			break
		}
		delete(l.buckets, k)
	}
}
