// Package sqlite implements store.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go) in WAL mode with foreign keys on. It is
// alphadesk's default store; schema migrations are embedded and numbered.
// The SQL it shares with package postgres is written once
// (store/sqlmarket, sqlnewsroom, sqlaccounts); this package supplies what
// SQLite does its own way (market.go, newsroom.go).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlmarket"
	"alphadesk/internal/store/sqlmigrate"
)

// DB is a store.Store backed by one SQLite file.
type DB struct {
	*marketStore // securities, prices, facts, scores, imports: the shared SQL
	*schema      // SchemaVersion, CheckSchema, Migrate
	sql          *sql.DB
	path         string
}

var _ store.Store = (*DB)(nil)

// ErrNoDatabase is returned by Open with MustExist when the file is missing.
var ErrNoDatabase = errors.New("database does not exist")

// Options tune Open.
type Options struct {
	// MustExist refuses to create a new database file.
	MustExist bool
}

// Open opens (creating if needed, unless opts.MustExist) the database at
// path. It does not migrate: call Migrate, or CheckSchema to refuse an
// outdated file.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if _, err := os.Stat(path); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		if opts.MustExist {
			return nil, fmt.Errorf("%w: %s (create one with `alphadesk demo --no-serve --db %s` or `alphadesk import`)", ErrNoDatabase, path, path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("open database %s: create directory: %w", path, err)
		}
	}
	q := url.Values{}
	for _, p := range []string{
		"foreign_keys(1)",
		"journal_mode(WAL)",
		"synchronous(NORMAL)",
		"busy_timeout(10000)",
		"cache_size(-65536)", // 64 MiB page cache per connection
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(8)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	var fk int
	if err := sqlDB.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("open database %s: foreign keys could not be enabled (%v)", path, err)
	}
	return &DB{marketStore: sqlmarket.New(sqlDB, marketDialect), schema: sqlmigrate.NewSchema(sqlDB, migrationFS, "migrations", path, migrationDialect),
		sql: sqlDB, path: path}, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Backup writes a consistent copy of the database to dest using SQLite's
// VACUUM INTO, which is safe while the desk is running.
func (db *DB) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup to %s: file exists", dest)
	}
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}
