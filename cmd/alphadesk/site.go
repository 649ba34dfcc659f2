package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"alphadesk/internal/api"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
	"alphadesk/internal/web"
)

// siteOptions are the extra surfaces a serving command mounts.
type siteOptions struct {
	// metrics, when set, is served at /metrics.
	metrics http.Handler
}

// siteHandler composes everything a serving command (serve, demo, run)
// answers: the reader site and, beside it, the other surfaces. It is the
// one place where surfaces are mounted. Work it starts in the background
// (watching a PostgreSQL desk for writes) ends with ctx.
func siteHandler(ctx context.Context, db *database, logger *slog.Logger, o siteOptions) (http.Handler, error) {
	// Pages and API responses are cached by the data version. On SQLite
	// the site reads the version at most every 250 ms; on PostgreSQL every
	// committed write announces the new version (LISTEN/NOTIFY), so a
	// node's caches follow writes from any node or worker at once, and the
	// version is read from the database only as a safety net.
	var (
		st  store.Store = db
		ttl             = 250 * time.Millisecond
	)
	if db.pg != nil {
		versions := store.NewVersionCache(db.Store, 5*time.Second)
		go db.pg.WatchDataVersion(ctx, versions.Set, func(err error) { // returns when ctx ends
			logger.Warn("cache invalidation: PostgreSQL notifications lost; pages may lag writes by up to 5s", "err", err)
		})
		st, ttl = versions, 0
	}
	site, err := web.New(st, logger, web.Options{BuildID: buildID(), Newsroom: newsroom.NewService(db.Newsroom, newsroom.Options{}), VersionTTL: ttl})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	if o.metrics != nil {
		mux.Handle("GET /metrics", o.metrics)
	}
	// Public JSON API and Atom feeds (internal/api, docs/api.md).
	pub, err := api.New(api.Deps{Store: st, Newsroom: newsroom.NewService(db.Newsroom, newsroom.Options{})},
		logger, api.Options{BuildID: buildID()})
	if err != nil {
		return nil, err
	}
	mux.Handle("/api/", pub)
	mux.Handle("/feed.atom", pub)
	mux.Handle("/feeds/", pub)
	// Editor console (internal/admin, docs/editor-console.md).
	console, err := adminConsole(db, logger)
	if err != nil {
		return nil, err
	}
	mux.Handle("/admin/", console)
	mux.Handle("/", site)
	// Pages the site has already rendered for the current data are
	// answered before any routing: they are most of the traffic.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if site.ServeCached(w, r) {
			return
		}
		mux.ServeHTTP(w, r)
	}), nil
}
