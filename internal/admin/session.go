package admin

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"alphadesk/internal/admin/account"
)

// Cookie names. The session cookie is scoped to the console's path.
const (
	sessionCookie    = "alphadesk_admin"
	loginCSRFCookie  = "alphadesk_admin_login"
	csrfField        = "csrf"
	sessionIDBytes   = 32 // 256 bits
	csrfTokenBytes   = 32
	maxLoginNameSize = 256
)

// session is the logged-in editor of a request.
type session struct {
	account.Session
	// id is the raw session ID from the cookie (never stored).
	id string
}

// randomToken returns n random bytes in unpadded URL-safe base64.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashID is how a session ID is stored: hex SHA-256 of its text.
func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// equal compares two secrets in constant time.
func equal(a, b string) bool {
	return len(a) > 0 && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// secure reports whether cookies must be Secure for r.
func (c *Console) secure(r *http.Request) bool { return r.TLS != nil || c.cfg.BehindProxy }

// clientIP is the address failed logins are counted against.
func (c *Console) clientIP(r *http.Request) string {
	if c.cfg.BehindProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// currentSession returns the request's live session, or nil. A session
// past its idle or absolute timeout is deleted and its cookie cleared.
func (c *Console) currentSession(w http.ResponseWriter, r *http.Request) *session {
	ck, err := r.Cookie(sessionCookie)
	if err != nil || len(ck.Value) != base64.RawURLEncoding.EncodedLen(sessionIDBytes) {
		return nil
	}
	ctx := r.Context()
	idHash := hashID(ck.Value)
	s, err := c.cfg.Accounts.Session(ctx, idHash)
	if err != nil {
		if !errors.Is(err, account.ErrNotFound) {
			c.log.ErrorContext(ctx, "admin: read session", "err", err)
		}
		c.clearCookie(w, r, sessionCookie, "/admin/")
		return nil
	}
	now := c.now()
	if !now.Before(s.Expires) || !now.Before(s.LastSeen.Add(c.cfg.IdleTimeout)) {
		if err := c.cfg.Accounts.DeleteSession(ctx, idHash); err != nil {
			c.log.ErrorContext(ctx, "admin: delete expired session", "err", err)
		}
		c.clearCookie(w, r, sessionCookie, "/admin/")
		return nil
	}
	if now.Sub(s.LastSeen) >= touchGranularity {
		if err := c.cfg.Accounts.TouchSession(ctx, idHash, now); err != nil {
			c.log.ErrorContext(ctx, "admin: touch session", "err", err)
		}
	}
	return &session{Session: s, id: ck.Value}
}

// validCSRF checks a POST's synchroniser token against the session's.
func (c *Console) validCSRF(r *http.Request, s *session) bool {
	return equal(r.PostFormValue(csrfField), s.CSRF)
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value, path string, maxAge time.Duration, mode http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: int(maxAge / time.Second),
		HttpOnly: true, Secure: c.secure(r), SameSite: mode})
}

func (c *Console) clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteLaxMode})
}

// safeNext returns where to go after login: a console path, never another
// site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/admin/") ||
		strings.HasPrefix(next, "//") || strings.Contains(next, "\\") || strings.HasPrefix(u.Path, "/admin/login") {
		return "/admin/"
	}
	return u.RequestURI()
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// loginPage is the login form's data.
type loginPage struct {
	CSRF  string
	Next  string
	User  string
	Error string
}

// loginForm shows the login form with a fresh login CSRF token (a
// double-submit cookie: there is no session yet to tie it to).
func (c *Console) loginForm(w http.ResponseWriter, r *http.Request, s *session) {
	if s != nil {
		http.Redirect(w, r, "/admin/", http.StatusSeeOther)
		return
	}
	c.renderLogin(w, r, http.StatusOK, loginPage{Next: safeNext(r.URL.Query().Get("next"))})
}

func (c *Console) renderLogin(w http.ResponseWriter, r *http.Request, status int, p loginPage) {
	tok, err := randomToken(csrfTokenBytes)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	c.setCookie(w, r, loginCSRFCookie, tok, "/admin/login", time.Hour, http.SameSiteStrictMode)
	p.CSRF = tok
	c.render(w, r, status, "login", page{Title: "Log in", Data: p})
}

// login checks a user name and password and starts a session.
func (c *Console) login(w http.ResponseWriter, r *http.Request, _ *session) {
	if err := r.ParseForm(); err != nil {
		c.badRequest(w, r, "The login form could not be read: "+err.Error())
		return
	}
	ck, err := r.Cookie(loginCSRFCookie)
	if err != nil || !equal(r.PostFormValue(csrfField), ck.Value) {
		c.forbidden(w, "The login form's security token is missing or out of date: reload the login page and try again (cookies must be enabled).")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("user"))
	if len(name) > maxLoginNameSize {
		name = name[:maxLoginNameSize]
	}
	pw := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	now := c.now()
	ip := c.clientIP(r)
	okIP, waitIP := c.byIP.allowed(ip, now)
	okUser, waitUser := c.byUser.allowed(name, now)
	if !okIP || !okUser {
		wait := max(waitIP, waitUser)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		c.renderLogin(w, r, http.StatusTooManyRequests, loginPage{Next: next, User: name,
			Error: "Too many failed logins: wait " + wait.Round(time.Minute).String() + " and try again."})
		return
	}
	ctx := r.Context()
	u, err := c.cfg.Accounts.User(ctx, name)
	hash := u.PasswordHash
	if err != nil {
		if !errors.Is(err, account.ErrNotFound) {
			c.serverError(w, r, err)
			return
		}
		hash = c.dummyHash // same work as a real check
	}
	select {
	case c.verifying <- struct{}{}:
	case <-ctx.Done():
		return
	}
	match, verr := account.Verify(pw, hash)
	<-c.verifying
	if verr != nil {
		c.log.ErrorContext(ctx, "admin: stored password hash unreadable", "user", name, "err", verr)
	}
	if err != nil || !match {
		c.byIP.fail(ip, now)
		c.byUser.fail(name, now)
		c.renderLogin(w, r, http.StatusUnauthorized, loginPage{Next: next, User: name, Error: "Wrong user name or password."})
		return
	}
	c.byUser.reset(name)
	id, err := randomToken(sessionIDBytes)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	csrf, err := randomToken(csrfTokenBytes)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if _, err := c.cfg.Accounts.DeleteExpiredSessions(ctx, now, now.Add(-c.cfg.IdleTimeout)); err != nil {
		c.log.ErrorContext(ctx, "admin: delete expired sessions", "err", err)
	}
	s := account.Session{IDHash: hashID(id), User: u.Name, CSRF: csrf, Created: now, LastSeen: now, Expires: now.Add(c.cfg.AbsoluteTimeout)}
	if err := c.cfg.Accounts.CreateSession(ctx, s); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.clearCookie(w, r, loginCSRFCookie, "/admin/login")
	c.setCookie(w, r, sessionCookie, id, "/admin/", c.cfg.AbsoluteTimeout, http.SameSiteLaxMode)
	c.log.InfoContext(ctx, "admin: login", "user", u.Name)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// logout ends the session.
func (c *Console) logout(w http.ResponseWriter, r *http.Request, s *session) {
	if err := c.cfg.Accounts.DeleteSession(r.Context(), s.IDHash); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.clearCookie(w, r, sessionCookie, "/admin/")
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}
