package main

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"text/tabwriter"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/ingest"
	"alphadesk/internal/store/postgres"
	"alphadesk/internal/store/transfer"
)

func init() {
	register(command{
		name:    "migrate",
		summary: "create or upgrade the database schema; copy a SQLite desk into PostgreSQL",
		usage:   "[--db PATH] [--to postgres://…]",
		help: "Applies every pending schema migration embedded in this binary to the database, each in its own " +
			"transaction, creating the file if needed. Running it again does nothing.\n\n" +
			"With --to, copies the SQLite desk --db names into the PostgreSQL database --to names instead, and " +
			"proves the copy. The source is only read, and its schema must be current (run `alphadesk migrate " +
			"--db FILE` first). The destination must be a fresh database (createdb): it is migrated (desk and job " +
			"queue tables), then every desk table is copied in one transaction, each table's row count and SHA-256 " +
			"checksum are compared on both sides, and the transaction commits only if all match: a failed copy " +
			"leaves the destination empty. Identity sequences continue after the copied ids. The job queue is not " +
			"copied: a desk with unfinished jobs (available, pending, retryable, running, scheduled) is refused " +
			"until `alphadesk run` or `alphadesk worker` has finished them; finished jobs stay behind in the SQLite " +
			"file. Stop every process writing to the SQLite desk during the copy.\n\n" +
			"Exit status: 0 copied and verified; 1 the copy failed or did not verify (nothing was kept); 2 bad " +
			"input (a missing file, --to not a postgres:// URL, a destination that is not empty).",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			to := fs.String("to", "", "copy the SQLite desk into this PostgreSQL `URL` (postgres://…), a fresh database")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				if *to != "" {
					return copyToPostgres(ctx, e, cfg.DBPath, *to)
				}
				return migrateDatabase(ctx, e, cfg.DBPath)
			}
		},
	})
}

// migrateDatabase brings the desk's and the job queue's schemas up to date.
func migrateDatabase(ctx context.Context, e env, target string) error {
	db, err := openDatabase(ctx, target, openOptions{})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	queue, err := ingest.Migrate(ctx, target)
	if err != nil {
		return err
	}
	if len(queue) > 0 {
		fmt.Fprintf(e.stdout, "%s: applied job queue migrations %v\n", dbName(target), queue)
	}
	_, want, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "%s: schema is current (version %d)\n", dbName(target), want)
	} else {
		fmt.Fprintf(e.stdout, "%s: applied migrations %v; schema is at version %d\n", dbName(target), applied, want)
	}
	return nil
}

// copyToPostgres copies the SQLite desk at file into the PostgreSQL
// database at dsn (migrating it first), verifies it, and prints the
// tables with their row counts and checksums.
func copyToPostgres(ctx context.Context, e env, file, dsn string) error {
	if postgres.IsDSN(file) {
		return usagef("--to copies a SQLite desk: --db must name a SQLite file, not %s", dbName(file))
	}
	if !postgres.IsDSN(dsn) {
		return usagef("--to %q is not a PostgreSQL URL (postgres://user:password@host/database)", dsn)
	}
	if _, err := url.Parse(dsn); err != nil {
		return usagef("--to: %v", err)
	}
	src, err := openExisting(ctx, file, false)
	if err != nil {
		return err
	}
	defer src.Close()
	srcSQL, err := openReadOnly(ctx, file)
	if err != nil {
		return err
	}
	defer srcSQL.Close()

	dst, err := openDatabase(ctx, dsn, openOptions{})
	if err != nil {
		return err
	}
	defer dst.Close()
	if _, err := dst.Migrate(ctx); err != nil {
		return err
	}
	if _, err := ingest.Migrate(ctx, dsn); err != nil {
		return err
	}
	pg, ok := dst.Store.(*postgres.DB)
	if !ok {
		return fmt.Errorf("copy to %s: not a PostgreSQL store", dbName(dsn))
	}
	rep, err := transfer.Copy(ctx, srcSQL, pg.SQL(), transfer.Options{Logger: newLogger(e.stderr)})
	if errors.Is(err, transfer.ErrDestinationNotEmpty) {
		return inputError{fmt.Errorf("copy to %s: %w", dbName(dsn), err)}
	}
	if err != nil {
		return fmt.Errorf("copy %s to %s: %w", file, dbName(dsn), err)
	}
	printCopyReport(e.stdout, rep, file, dbName(dsn))
	return nil
}

// openReadOnly opens a second, read-only handle on the SQLite file for the
// copy (the store keeps its handle to itself).
func openReadOnly(ctx context.Context, file string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: file}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", file, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s read-only: %w", file, err)
	}
	return db, nil
}

// printCopyReport writes one line per table and a summary.
func printCopyReport(w io.Writer, rep transfer.Report, from, to string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tSHA-256")
	for _, t := range rep.Tables {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", t.Name, t.Rows, hex.EncodeToString(t.Checksum[:6]))
	}
	tw.Flush()
	secs := rep.Elapsed.Seconds()
	rate := ""
	if secs > 0 {
		rate = fmt.Sprintf(", %.0f rows/s", float64(rep.Rows)/secs)
	}
	fmt.Fprintf(w, "copied %d rows in %d tables from %s to %s in %s%s; row counts and checksums match\n",
		rep.Rows, len(rep.Tables), from, to, rep.Elapsed.Round(time.Millisecond), rate)
}
