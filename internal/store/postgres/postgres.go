// Package postgres implements store.Store, the newsroom repository and the
// editor console's account store on PostgreSQL, through database/sql and
// the pgx driver (github.com/jackc/pgx/v5/stdlib). It is the twin of
// package sqlite: the same methods, the same migrations by number and name
// (kept in lock-step by a test), the same conformance suites. The SQL both
// accept is written once (store/sqlmarket, sqlnewsroom, sqlaccounts); this
// package supplies what PostgreSQL does its own way (market.go,
// newsroom.go).
//
// database/sql rather than a pgx pool, so that callers can share a
// *sql.Tx: the ingest pipeline runs newsroom writes inside its job
// queue's transaction (Newsroom.WithTx), as it does on SQLite.
//
// Dates and times keep the SQLite encodings (text that sorts, under
// COLLATE "C"), so both backends read and write the same values; see
// migrations/0001_market.sql.
//
// Every write transaction bumps the data version (DataVersion, the pages'
// ETags) and, in the same transaction, sends
//
//	NOTIFY alphadesk_data, '<new version>'
//
// (pg_notify), which PostgreSQL delivers on commit only: web nodes can
// LISTEN on DataChannel to drop caches when another node writes.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlmarket"
	"alphadesk/internal/store/sqlmigrate"
)

// DataChannel is the LISTEN/NOTIFY channel on which every committed write
// announces the new data version (its payload, in decimal).
const DataChannel = "alphadesk_data"

// DB is a store.Store backed by one PostgreSQL database.
type DB struct {
	*marketStore // securities, prices, facts, scores, imports: the shared SQL
	*schema      // SchemaVersion, CheckSchema, Migrate
	sql          *sql.DB
	// name is the DSN without its password, for messages.
	name string
	dsn  string // for the dedicated connection of WatchDataVersion
}

var _ store.Store = (*DB)(nil)

// ErrNoDatabase is returned by Open with MustExist when the database has
// never been migrated.
var ErrNoDatabase = errors.New("database does not exist")

// Options tune Open.
type Options struct {
	// MustExist refuses a database that holds no alphadesk schema yet
	// (never migrated). PostgreSQL databases themselves are created by
	// their administrator (createdb), never by Open.
	MustExist bool
	// MaxConns caps open connections (0: 10).
	MaxConns int
}

// IsDSN reports whether s names a PostgreSQL database: a postgres:// or
// postgresql:// URL. Anything else is a SQLite file path.
func IsDSN(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Redact returns dsn with its password replaced by "xxxxx", for logs and
// messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable DSN)"
	}
	return u.Redacted()
}

// Open connects to the database dsn names (a postgres:// URL). It does not
// migrate: call Migrate, or CheckSchema to refuse an outdated database.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if !IsDSN(dsn) {
		return nil, fmt.Errorf("open database: %q is not a postgres:// URL", Redact(dsn))
	}
	name := Redact(dsn)
	sqlDB, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", name, err)
	}
	n := opts.MaxConns
	if n <= 0 {
		n = 10
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("open database %s: %w", name, err)
	}
	db := &DB{marketStore: sqlmarket.New(sqlDB, marketDialect), schema: sqlmigrate.NewSchema(sqlDB, migrationFS, "migrations", name, migrationDialect),
		sql: sqlDB, name: name, dsn: dsn}
	if opts.MustExist {
		exists, err := db.Exists(ctx)
		if err != nil {
			_ = sqlDB.Close()
			return nil, fmt.Errorf("open database %s: %w", name, err)
		}
		if !exists {
			_ = sqlDB.Close()
			return nil, fmt.Errorf("%w: %s holds no alphadesk data (run `alphadesk migrate --db …` or `alphadesk import` first)", ErrNoDatabase, name)
		}
	}
	return db, nil
}

// Name is the DSN without its password.
func (db *DB) Name() string { return db.name }

// SQL returns the underlying database handle, for a job queue (River's
// riverdatabasesql driver) that shares transactions with Newsroom.WithTx.
func (db *DB) SQL() *sql.DB { return db.sql }

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// bumpVersion increments the data version inside q's transaction and
// announces it on DataChannel; the notification is delivered when the
// transaction commits, never when it rolls back.
func bumpVersion(ctx context.Context, q querier) error {
	res, err := q.ExecContext(ctx, `WITH v AS (UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version)
		SELECT pg_notify($1, v.version::text) FROM v`, DataChannel)
	if err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("bump data version: %d rows (%v), want the one data_version row", n, err)
	}
	return nil
}
