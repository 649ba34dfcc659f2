// Package web serves alphadesk's reader pages: the markets front page,
// story pages with their Research Snapshot, the stock list and asset
// profiles, the Alpha Score ranking and methodology, the policy pages and
// the correction form, rendered on the server from embedded templates,
// fast without JavaScript.
//
// routes.go lists every page; each page's handler has a file of its own
// (home_show.go, article_show.go, stock_show.go, stock_list.go,
// score_list.go, methodology_show.go, editorial_policy_show.go,
// risk_disclaimer_show.go, correction_form.go, correction_report.go,
// correction_thanks.go, health.go); news.go holds what the story and score
// pages share. Stories come from a [Newsroom] (newsroom.Service), market
// data and saved scores from a [Store]. Only published stories are ever
// shown. Pages are cached by ETag (cache.go): a page is a function of the
// data version, URL, build and hour, so a rendered page is reused until the
// data changes. Templates and static assets are
// embedded in the binary, parsed and fingerprinted when [New] runs, so a bad
// template fails the start rather than a request. Responses go through the
// outcome-named helpers in response.go, which write, set caching headers and
// log in one place.
package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/respcache"
	"alphadesk/internal/store"
)

// Store is the part of [store.Store] the pages read.
type Store interface {
	// Security returns one security by canonical symbol, or store.ErrNotFound.
	Security(ctx context.Context, symbol string) (market.Security, error)
	// CountSecurities counts the securities a filter selects.
	CountSecurities(ctx context.Context, f store.SecurityFilter) (int, error)
	// Quotes lists securities with their latest prices, ordered by symbol.
	Quotes(ctx context.Context, f store.SecurityFilter) ([]store.Quote, error)
	// Quote returns one security's latest bar and the close before it.
	Quote(ctx context.Context, symbol string) (store.Quote, error)
	// Bars returns a security's bars with from <= date <= to, oldest first.
	Bars(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error)
	// Facts returns a security's facts filed on or before asOf.
	Facts(ctx context.Context, symbol string, asOf time.Time) ([]market.Fact, error)
	// DataVersion changes whenever data is written.
	DataVersion(ctx context.Context) (int64, error)
	// ScoreHistory returns a security's saved scores of method with
	// from <= as-of <= to (zero: open), oldest first.
	ScoreHistory(ctx context.Context, symbol, method string, from, to time.Time) ([]store.ScoreRecord, error)
	// ScoresOn returns every saved score of method on asOf (zero: the
	// latest date saved), ordered by symbol.
	ScoresOn(ctx context.Context, method string, asOf time.Time) ([]store.ScoreRecord, error)
}

// Newsroom is the part of [newsroom.Service] the reader pages use.
type Newsroom interface {
	// Stories lists story summaries a page at a time, newest first.
	Stories(ctx context.Context, f newsroom.StoryFilter) (newsroom.StoryPage, error)
	// Story returns one story with its whole record, or newsroom.ErrNotFound.
	Story(ctx context.Context, slug string) (newsroom.Detail, error)
	// ReportCorrection stores a reader's correction report.
	ReportCorrection(ctx context.Context, r newsroom.CorrectionReport) (newsroom.Correction, error)
}

var _ Newsroom = (*newsroom.Service)(nil)

var _ Store = store.Store(nil)

// Options tunes a [Server]. The zero value is ready to use.
type Options struct {
	// Now returns the current time. Pages read the clock only through it,
	// so tests can fix it. Nil means time.Now.
	Now func() time.Time
	// BuildID identifies the running build (a version or VCS revision). It
	// goes into every ETag so that a deploy invalidates cached pages even
	// when the data has not changed. Templates and assets are hashed in as
	// well, so it may be empty.
	BuildID string
	// Newsroom serves the stories. Nil leaves the site without news: the
	// front page lists none and story addresses are 404.
	Newsroom Newsroom
	// CorrectionLimit is how many correction reports one client address
	// may send in a burst; one more is allowed every CorrectionEvery.
	// Zero means 5 and 10 minutes.
	CorrectionLimit int
	CorrectionEvery time.Duration
	// VersionTTL is how long a reading of the store's data version is
	// reused for ETags and the rendered-page cache. Zero reads it on
	// every request; a few hundred milliseconds spares the database on a
	// busy site at the cost of pages lagging a write by at most that long.
	VersionTTL time.Duration
	// MaxStale is how long after the data changes a page may still be
	// answered as the previous data rendered it, to a reader who arrives
	// while another request renders it anew (instead of waiting for that
	// render; the answer is marked for revalidation). Zero means 5
	// seconds; a negative value makes every reader wait for the render.
	MaxStale time.Duration
}

// defaultMaxStale is Options.MaxStale's zero value.
const defaultMaxStale = 5 * time.Second

// Bounds of the rendered-page cache.
const (
	pageCacheEntries = 1024
	pageCacheBytes   = 32 << 20
)

// Server is the web UI as an http.Handler.
type Server struct {
	store   Store
	logger  *slog.Logger
	now     func() time.Time
	views   *views
	assets  *assets
	build   string // hash of BuildID, templates and assets
	handler http.Handler

	news        Newsroom // nil: no stories
	csrfKey     []byte   // per-process secret of the correction form's tokens
	limiter     *rateLimiter
	policyRules []policyRule
	rendered    *respcache.Cache // rendered pages of the current data version by ETag
	hot         hotPages         // rendered pages of the current version by path

	versions *store.VersionMemo // nil: the version is read on every request
}

// New returns the web UI reading from st and logging to logger (nil: no
// logging). It parses every template and fingerprints every asset first,
// and fails if one is broken.
func New(st Store, logger *slog.Logger, opts Options) (*Server, error) {
	if st == nil {
		return nil, fmt.Errorf("web: nil store")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{store: st, logger: logger, now: opts.Now, news: opts.Newsroom}
	if opts.VersionTTL > 0 {
		s.versions = store.NewVersionMemo(st.DataVersion, opts.VersionTTL)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if isNilNewsroom(s.news) {
		s.news = nil
	}
	s.csrfKey = make([]byte, 32)
	if _, err := rand.Read(s.csrfKey); err != nil {
		return nil, fmt.Errorf("web: csrf key: %w", err)
	}
	limit, every := opts.CorrectionLimit, opts.CorrectionEvery
	if limit <= 0 {
		limit = 5
	}
	if every <= 0 {
		every = 10 * time.Minute
	}
	s.limiter = newRateLimiter(limit, every)
	s.policyRules = policyRules()
	s.rendered = respcache.New(pageCacheBytes, pageCacheEntries)
	switch {
	case opts.MaxStale == 0:
		s.rendered.SetMaxStale(defaultMaxStale)
	case opts.MaxStale > 0:
		s.rendered.SetMaxStale(opts.MaxStale)
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, fmt.Errorf("web: load assets: %w", err)
	}
	if s.views, err = parseViews(templateFuncs(s.assets)); err != nil {
		return nil, fmt.Errorf("web: parse templates: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s", opts.BuildID, s.assets.hash, s.views.hash)
	s.build = hex.EncodeToString(h.Sum(nil))
	s.handler = s.secure(s.routes())
	return s, nil
}

// ServeHTTP serves the pages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveHot(w, r) {
		return
	}
	s.handler.ServeHTTP(w, r)
}

// Attribute keys of the records the server logs.
const (
	logKeyMethod = "method"
	logKeyPath   = "path"
	logKeyStatus = "status"
	logKeyError  = "error"
	logKeyReason = "reason"
	logKeyStory  = "story"
)

// isNilNewsroom reports whether n is nil or a nil *newsroom.Service (a
// typed nil that would otherwise pass a nil check).
func isNilNewsroom(n Newsroom) bool {
	if n == nil {
		return true
	}
	svc, ok := n.(*newsroom.Service)
	return ok && svc == nil
}
