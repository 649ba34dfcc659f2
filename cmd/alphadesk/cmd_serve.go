package main

import (
	"context"
	"flag"
	"runtime/debug"

	"alphadesk/internal/config"
)

func init() {
	register(command{
		name:    "serve",
		summary: "serve the site from an existing database",
		usage:   "[--db PATH] [--addr HOST:PORT]",
		help: "Serves the site (stock pages, stock list, health check) from an existing database until " +
			"interrupted. The database must exist and its schema be current (see 'alphadesk migrate').",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			addrFlag(fs, cfg)
			return func(ctx context.Context, e env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				db, err := openDatabase(ctx, cfg.DBPath, openOptions{mustExist: true})
				if err != nil {
					return err
				}
				defer db.Close()
				if err := db.CheckSchema(ctx); err != nil {
					return err
				}
				return serveSite(ctx, e, *cfg, db)
			}
		},
	})
}

// serveSite builds the web handler over db and serves it on cfg.Addr.
func serveSite(ctx context.Context, e env, cfg config.Config, db *database) error {
	logger := newLogger(e.stderr)
	site, err := siteHandler(ctx, db, logger, siteOptions{})
	if err != nil {
		return err
	}
	return serveHTTP(ctx, e, cfg.Addr, site, logger)
}

// buildID is the VCS revision the binary was built from, when known.
func buildID() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	id := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			id = s.Value
		}
	}
	return id
}
