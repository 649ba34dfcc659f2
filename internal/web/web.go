// Package web serves alphadesk's HTML pages: the stock list and the asset
// profiles, rendered on the server from embedded templates, fast without
// JavaScript.
//
// routes.go lists every page; each page's handler has a file of its own
// (stock_show.go, stock_list.go, health.go). Templates and static assets are
// embedded in the binary, parsed and fingerprinted when [New] runs, so a bad
// template fails the start rather than a request. Responses go through the
// outcome-named helpers in response.go, which write, set caching headers and
// log in one place.
package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"alphadesk/internal/market"
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
	// Bars returns a security's bars with from <= date <= to, oldest first.
	Bars(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error)
	// Facts returns a security's facts filed on or before asOf.
	Facts(ctx context.Context, symbol string, asOf time.Time) ([]market.Fact, error)
	// DataVersion changes whenever data is written.
	DataVersion(ctx context.Context) (int64, error)
}

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
}

// Server is the web UI as an http.Handler.
type Server struct {
	store   Store
	logger  *slog.Logger
	now     func() time.Time
	views   *views
	assets  *assets
	build   string // hash of BuildID, templates and assets
	handler http.Handler
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
	s := &Server{store: st, logger: logger, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
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
	s.handler.ServeHTTP(w, r)
}

// Attribute keys of the records the server logs.
const (
	logKeyMethod = "method"
	logKeyPath   = "path"
	logKeyStatus = "status"
	logKeyError  = "error"
	logKeyReason = "reason"
)
