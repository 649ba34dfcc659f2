package main

import (
	"context"
	"flag"
	"fmt"

	"alphadesk/internal/config"
)

func init() {
	register(command{
		name:    "backup",
		summary: "write a consistent copy of the database",
		usage:   "[--db PATH] DEST",
		help: "Writes a consistent, compacted copy of the SQLite database to DEST while the desk may keep " +
			"running (SQLite VACUUM INTO). DEST must not exist. Restore by stopping alphadesk and putting the copy " +
			"in place of the database file.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			return func(ctx context.Context, e env, args []string) error {
				if len(args) != 1 {
					return usagef("want exactly one destination file, got %d arguments", len(args))
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				db, err := openDatabase(ctx, cfg.DBPath, openOptions{mustExist: true})
				if err != nil {
					return err
				}
				defer db.Close()
				if err := db.Backup(ctx, args[0]); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "backed up %s to %s\n", dbName(cfg.DBPath), args[0])
				return nil
			}
		},
	})
}
