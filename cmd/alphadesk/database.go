package main

import (
	"context"
	"errors"
	"fmt"

	"alphadesk/internal/admin/account"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
	"alphadesk/internal/store/postgres"
	"alphadesk/internal/store/sqlite"
)

// database is the desk's database as commands use it: SQLite (a file path,
// the default) or PostgreSQL (a postgres:// URL), chosen by --db or
// ALPHADESK_DB. Both backends pass the same conformance suites; this is
// the one place that tells them apart.
type database struct {
	store.Store
	// Target is what --db named: the file, or the URL (see Name).
	Target string
	// Newsroom holds stories, versions, corrections and the audit log.
	Newsroom newsroom.Repository
	// Accounts holds the editor console's users and sessions.
	Accounts account.Store

	schema interface {
		Migrate(ctx context.Context) ([]int, error)
		CheckSchema(ctx context.Context) error
		SchemaVersion(ctx context.Context) (applied, want int, err error)
	}
	lite *sqlite.DB   // nil on PostgreSQL
	pg   *postgres.DB // nil on SQLite
}

// dbName is the database target for messages: a file path as given, a
// PostgreSQL URL without its password.
func dbName(target string) string {
	if postgres.IsDSN(target) {
		return postgres.Redact(target)
	}
	return target
}

// openOptions tune openDatabase.
type openOptions struct {
	// mustExist refuses a database that does not exist yet (a SQLite file
	// that is missing, a PostgreSQL database never migrated) with an error
	// whose message says how to create it.
	mustExist bool
}

// openDatabase opens the database target names, without migrating it.
func openDatabase(ctx context.Context, target string, o openOptions) (*database, error) {
	if postgres.IsDSN(target) {
		db, err := postgres.Open(ctx, target, postgres.Options{MustExist: o.mustExist})
		if err != nil {
			return nil, err
		}
		return &database{Store: db, Target: target, Newsroom: db.Newsroom(), Accounts: db.Accounts(), schema: db, pg: db}, nil
	}
	db, err := sqlite.Open(ctx, target, sqlite.Options{MustExist: o.mustExist})
	if err != nil {
		return nil, err
	}
	return &database{Store: db, Target: target, Newsroom: db.Newsroom(), Accounts: db.Accounts(), schema: db, lite: db}, nil
}

// Name is the database for messages: the file, or the URL without its
// password.
func (db *database) Name() string { return dbName(db.Target) }

// Postgres reports whether the database is PostgreSQL.
func (db *database) Postgres() bool { return db.lite == nil }

// Migrate applies the desk's pending schema migrations.
func (db *database) Migrate(ctx context.Context) ([]int, error) { return db.schema.Migrate(ctx) }

// CheckSchema fails, naming the fix, when the schema is behind this binary.
func (db *database) CheckSchema(ctx context.Context) error { return db.schema.CheckSchema(ctx) }

// SchemaVersion reports the applied and the wanted schema versions.
func (db *database) SchemaVersion(ctx context.Context) (applied, want int, err error) {
	return db.schema.SchemaVersion(ctx)
}

// Backup writes a consistent copy of a SQLite desk to dest. PostgreSQL
// desks are backed up with pg_dump (docs/operations.md).
func (db *database) Backup(ctx context.Context, dest string) error {
	if db.lite == nil {
		return inputError{fmt.Errorf("backup: %s is a PostgreSQL database; back it up with pg_dump (see docs/operations.md)", db.Name())}
	}
	return db.lite.Backup(ctx, dest)
}

// openExisting opens the database target names, which must exist (a
// missing one is an input error, exit 2, whose message says how to create
// one), and brings its schema up to date when migrate is set or otherwise
// checks that it is current.
func openExisting(ctx context.Context, target string, migrate bool) (*database, error) {
	db, err := openDatabase(ctx, target, openOptions{mustExist: true})
	if err != nil {
		if errors.Is(err, sqlite.ErrNoDatabase) || errors.Is(err, postgres.ErrNoDatabase) {
			return nil, inputError{err}
		}
		return nil, err
	}
	if migrate {
		_, err = db.Migrate(ctx)
	} else {
		err = db.CheckSchema(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
