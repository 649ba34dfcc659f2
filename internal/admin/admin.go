// Package admin is the editor console mounted at /admin/: editors log in
// (argon2id passwords, see internal/admin/account), work the review queue
// with the rules' findings highlighted in the text, approve, reject or
// edit held stories (every edit re-checked by the publishing rules), read
// a story's versions and the word diff between them, resolve or dismiss
// readers' correction reports, and look at the pipeline's sources and dead
// jobs.
//
// Security properties (docs/editor-console.md): every route but the login
// page and the stylesheet needs a session; sessions are 256-bit random IDs
// stored only as SHA-256 hashes, with idle and absolute timeouts; the
// cookie is HttpOnly, SameSite=Lax, and Secure over TLS or behind a proxy;
// every state-changing route is POST-only and checks the session's
// synchroniser CSRF token in constant time; failed logins are rate-limited
// per client address and per user name; pages carry a strict
// Content-Security-Policy and no script. Every decision goes through
// newsroom.Service with the logged-in editor as the actor.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"alphadesk/internal/admin/account"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/recovery"
	"alphadesk/internal/rules"
)

// Prefix is where the console is mounted.
const Prefix = "/admin/"

// Default session lifetimes.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
)

// Login rate limits: failures within loginWindow before a client address
// or a user name is refused until the window ends.
const (
	loginWindow      = 15 * time.Minute
	maxFailuresIP    = 20
	maxFailuresUser  = 5
	maxLimiterKeys   = 10000
	maxFormBytes     = 1 << 20
	maxVerifying     = 2
	touchGranularity = time.Minute
)

// Config is what the console needs.
type Config struct {
	// Newsroom applies every editor decision (required).
	Newsroom *newsroom.Service
	// Accounts stores users and sessions (required).
	Accounts account.Store
	// Ops lists the pipeline's sources and dead jobs; nil shows that the
	// pipeline's records are not available.
	Ops Ops
	// Market returns our market data for a symbol, for re-checking edits;
	// nil checks edits without market data.
	Market func(ctx context.Context, symbol string) rules.Market
	// Checker builds the re-check of an edit of a story; nil uses the
	// publishing rules over the story's stored sources with Market's data
	// (rulecheck.ForStory).
	Checker func(ctx context.Context, d newsroom.Detail) (newsroom.Checker, error)
	// Logger receives server errors; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// BehindProxy says a TLS-terminating reverse proxy is in front: cookies
	// are always Secure and the client address for rate limiting is the
	// last X-Forwarded-For entry.
	BehindProxy bool
	// IdleTimeout and AbsoluteTimeout end sessions after that long without
	// a request, and that long after login; zero means the defaults.
	IdleTimeout, AbsoluteTimeout time.Duration
	// PasswordParams are used to upgrade nothing and to hash the dummy
	// password that unknown user names are checked against (so a login for
	// an unknown name takes as long as one for a known name); zero means
	// account.DefaultParams.
	PasswordParams account.Params
}

// Console is the editor console's http.Handler.
type Console struct {
	cfg       Config
	log       *slog.Logger
	now       func() time.Time
	handler   http.Handler // the routes, each behind its access rule, behind panic recovery
	routes    []route
	tmpl      *templates
	byIP      *limiter
	byUser    *limiter
	dummyHash string
	// verifying bounds concurrent password checks (each takes tens of
	// MiB), so a burst of logins cannot exhaust memory.
	verifying chan struct{}
}

// New returns the console. Templates are parsed here, so a broken template
// fails at start-up.
func New(cfg Config) (*Console, error) {
	if cfg.Newsroom == nil || cfg.Accounts == nil {
		return nil, errors.New("admin console: Newsroom and Accounts are required")
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.AbsoluteTimeout <= 0 {
		cfg.AbsoluteTimeout = DefaultAbsoluteTimeout
	}
	if cfg.PasswordParams == (account.Params{}) {
		cfg.PasswordParams = account.DefaultParams
	}
	c := &Console{cfg: cfg, log: cfg.Logger, now: cfg.Now,
		byIP:      newLimiter(maxFailuresIP, loginWindow, maxLimiterKeys),
		byUser:    newLimiter(maxFailuresUser, loginWindow, maxLimiterKeys),
		verifying: make(chan struct{}, maxVerifying)}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	var err error
	if c.tmpl, err = parseTemplates(); err != nil {
		return nil, fmt.Errorf("admin console: %w", err)
	}
	if c.dummyHash, err = account.Hash("not a real password, only for timing", cfg.PasswordParams); err != nil {
		return nil, fmt.Errorf("admin console: %w", err)
	}
	c.routes = c.table()
	mux := http.NewServeMux()
	for _, rt := range c.routes {
		mux.Handle(rt.method+" "+rt.pattern, c.wrap(rt))
	}
	c.handler = recovery.Handler(mux, c.serverError) // a handler panic is a logged 500
	return c, nil
}

// route is one entry of the console's route table.
type route struct {
	method  string
	pattern string
	// public routes need no session (the login page and the stylesheet);
	// every other route needs one, and every POST route its CSRF token.
	public bool
	h      func(w http.ResponseWriter, r *http.Request, s *session)
}

// table is the console's table of contents.
func (c *Console) table() []route {
	return []route{
		{method: "GET", pattern: "/admin/static/admin.css", public: true, h: c.stylesheet},
		{method: "GET", pattern: "/admin/login", public: true, h: c.loginForm},
		{method: "POST", pattern: "/admin/login", public: true, h: c.login},
		{method: "POST", pattern: "/admin/logout", h: c.logout},

		{method: "GET", pattern: "/admin/{$}", h: c.queue},
		{method: "GET", pattern: "/admin/stories/{slug}", h: c.storyShow},
		{method: "GET", pattern: "/admin/stories/{slug}/diff", h: c.storyDiff},
		{method: "POST", pattern: "/admin/stories/{slug}/approve", h: c.storyApprove},
		{method: "POST", pattern: "/admin/stories/{slug}/reject", h: c.storyReject},
		{method: "POST", pattern: "/admin/stories/{slug}/edit", h: c.storyEdit},

		{method: "GET", pattern: "/admin/corrections", h: c.correctionList},
		{method: "GET", pattern: "/admin/corrections/{id}", h: c.correctionShow},
		{method: "POST", pattern: "/admin/corrections/{id}/resolve", h: c.correctionResolve},
		{method: "POST", pattern: "/admin/corrections/{id}/dismiss", h: c.correctionDismiss},

		{method: "GET", pattern: "/admin/sources", h: c.sources},
		{method: "GET", pattern: "/admin/jobs", h: c.deadJobs},
	}
}

// contentSecurityPolicy allows our own stylesheet and nothing else: no
// script at all, no framing, forms only to ourselves.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'"

// ServeHTTP implements http.Handler.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	c.handler.ServeHTTP(w, r)
}

// wrap applies a route's access rule: a session for every non-public
// route (anonymous GETs are sent to the login page, anything else is
// 403), and a valid CSRF token for every POST.
func (c *Console) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		s := c.currentSession(w, r)
		if rt.public {
			rt.h(w, r, s)
			return
		}
		if s == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/admin/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			c.forbidden(w, "You are not logged in (or your session has ended): log in again.")
			return
		}
		if r.Method == http.MethodPost && !c.validCSRF(r, s) {
			c.forbidden(w, "The form's security token is missing or out of date: go back, reload the page and try again.")
			return
		}
		rt.h(w, r, s)
	})
}
