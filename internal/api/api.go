// Package api serves alphadesk's public, read-only JSON API under /api/v1/
// and its Atom feeds (/feed.atom and /feeds/{SYMBOL}.atom). It only ever
// shows published stories. docs/api.md documents every endpoint.
//
// Every response is a function of the store's data version, the request
// URL, the API's schema version and the hour, so their hash is the ETag:
// a request carrying it in If-None-Match is answered 304 before any work.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/respcache"
	"alphadesk/internal/store"
)

// Store is what the API reads of the market store (store.Store satisfies
// it). Tests pass a hand-written fake.
type Store interface {
	DataVersion(ctx context.Context) (int64, error)
	Security(ctx context.Context, symbol string) (market.Security, error)
	Securities(ctx context.Context, f store.SecurityFilter) ([]market.Security, error)
	Quote(ctx context.Context, symbol string) (store.Quote, error)
	Facts(ctx context.Context, symbol string, asOf time.Time) ([]market.Fact, error)
	ScoresOn(ctx context.Context, method string, asOf time.Time) ([]store.ScoreRecord, error)
	ScoreHistory(ctx context.Context, symbol, method string, from, to time.Time) ([]store.ScoreRecord, error)
}

// Newsroom is what the API reads of the newsroom (*newsroom.Service
// satisfies it).
type Newsroom interface {
	Stories(ctx context.Context, f newsroom.StoryFilter) (newsroom.StoryPage, error)
	Story(ctx context.Context, slug string) (newsroom.Detail, error)
}

// Deps are the API's data sources.
type Deps struct {
	Store    Store
	Newsroom Newsroom
}

// Options configure the API.
type Options struct {
	// Now is the clock (nil: time.Now). It dates an empty feed and goes
	// into ETags by the hour.
	Now func() time.Time
	// BaseURL, when set ("https://desk.example.com"), prefixes the links of
	// feeds and JSON; otherwise they are built from the request's Host.
	BaseURL string
	// TagAuthority is the authority of the feeds' tag: URIs (RFC 4151), a
	// domain name the desk controls. Default "alphadesk.invalid"; set it
	// once and never change it, or every reader sees every entry again.
	TagAuthority string
	// BuildID goes into ETags so a deploy invalidates cached responses.
	BuildID string
	// CacheBytes bounds the in-memory cache of response bodies, keyed by
	// ETag: 0 means DefaultCacheBytes, a negative value turns it off.
	CacheBytes int
}

// DefaultTagAuthority is the tag: URI authority when Options leave it empty.
const DefaultTagAuthority = "alphadesk.invalid"

// ScoreMethod is the scoring method the API reports.
const ScoreMethod = "alpha"

// Server is the API as an http.Handler.
type Server struct {
	store   Store
	news    Newsroom
	logger  *slog.Logger
	opts    Options
	cache   *respcache.Cache
	handler http.Handler
}

// New returns the API handler. It answers /api/v1/..., /feed.atom and
// /feeds/{SYMBOL}.atom; mount it at those paths.
func New(deps Deps, logger *slog.Logger, opts Options) (*Server, error) {
	if deps.Store == nil || deps.Newsroom == nil {
		return nil, errors.New("api: Deps need both a Store and a Newsroom")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TagAuthority == "" {
		opts.TagAuthority = DefaultTagAuthority
	}
	s := &Server{store: deps.Store, news: deps.Newsroom, logger: logger, opts: opts, cache: newRespCache(opts.CacheBytes)}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
