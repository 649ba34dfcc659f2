package main

import (
	"log/slog"
	"net/http"
	"time"

	"alphadesk/internal/api"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/web"
)

// siteOptions are the extra surfaces a serving command mounts.
type siteOptions struct {
	// metrics, when set, is served at /metrics.
	metrics http.Handler
}

// siteHandler composes everything a serving command (serve, demo, run)
// answers: the reader site and, beside it, the other surfaces. It is the
// one place where surfaces are mounted.
func siteHandler(db *database, logger *slog.Logger, o siteOptions) (http.Handler, error) {
	site, err := web.New(db, logger, web.Options{BuildID: buildID(), Newsroom: newsroom.NewService(db.Newsroom, newsroom.Options{}), VersionTTL: 250 * time.Millisecond})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	if o.metrics != nil {
		mux.Handle("GET /metrics", o.metrics)
	}
	// Public JSON API and Atom feeds (internal/api, docs/api.md).
	pub, err := api.New(api.Deps{Store: db, Newsroom: newsroom.NewService(db.Newsroom, newsroom.Options{})},
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
