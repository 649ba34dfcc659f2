package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/demo"
	"alphadesk/internal/store/sqlite"
)

func init() {
	register(command{
		name:    "demo",
		summary: "load the embedded demo data and serve the site",
		usage:   "[--db PATH] [--addr HOST:PORT] [--no-serve]",
		help: "Creates or refreshes a database from the embedded demo: a universe of real US-listed companies " +
			"with SIMULATED prices and fundamentals (labelled as such on every page), then serves the site. " +
			"Running it again refreshes the same records without duplicating them.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			addrFlag(fs, cfg)
			noServe := fs.Bool("no-serve", false, "load the demo data and exit without serving")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				db, err := sqlite.Open(ctx, cfg.DBPath, sqlite.Options{})
				if err != nil {
					return err
				}
				defer db.Close()
				if _, err := db.Migrate(ctx); err != nil {
					return err
				}
				start := time.Now()
				sum, err := demo.Load(ctx, db, start)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "demo: loaded %d securities, %d simulated daily bars and %d simulated fundamental facts into %s in %s\n",
					sum.Securities, sum.Bars, sum.Facts, cfg.DBPath, time.Since(start).Round(time.Millisecond))
				if *noServe {
					return nil
				}
				return serveSite(ctx, e, *cfg, db)
			}
		},
	})
}
