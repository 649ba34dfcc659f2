package main

import (
	"context"
	"flag"
	"fmt"

	"alphadesk/internal/config"
	"alphadesk/internal/ingest"
)

func init() {
	register(command{
		name:    "migrate",
		summary: "create or upgrade the database schema",
		usage:   "[--db PATH]",
		help: "Applies every pending schema migration embedded in this binary to the database, each in its own " +
			"transaction, creating the file if needed. Running it again does nothing.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			return func(ctx context.Context, e env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				db, err := openDatabase(ctx, cfg.DBPath, openOptions{})
				if err != nil {
					return err
				}
				defer db.Close()
				applied, err := db.Migrate(ctx)
				if err != nil {
					return err
				}
				queue, err := ingest.Migrate(ctx, cfg.DBPath)
				if err != nil {
					return err
				}
				if len(queue) > 0 {
					fmt.Fprintf(e.stdout, "%s: applied job queue migrations %v\n", dbName(cfg.DBPath), queue)
				}
				_, want, err := db.SchemaVersion(ctx)
				if err != nil {
					return err
				}
				if len(applied) == 0 {
					fmt.Fprintf(e.stdout, "%s: schema is current (version %d)\n", dbName(cfg.DBPath), want)
				} else {
					fmt.Fprintf(e.stdout, "%s: applied migrations %v; schema is at version %d\n", dbName(cfg.DBPath), applied, want)
				}
				return nil
			}
		},
	})
}
