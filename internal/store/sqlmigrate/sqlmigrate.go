// Package sqlmigrate applies a backend's embedded schema migrations (see
// store.ReadMigrations) over database/sql, the same way on SQLite and
// PostgreSQL: each step runs in a transaction of its own that also records
// it in schema_migrations, and reads the applied version again inside that
// transaction, under a lock that keeps out any other process migrating the
// same database, so that each step is applied once. (SQLite's transactions
// take the database's write lock when they begin; PostgreSQL's take an
// advisory lock, the dialect's Lock.)
package sqlmigrate

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"alphadesk/internal/store"
)

// Dialect is what a backend does its own way.
type Dialect struct {
	// TableExists is a query of one boolean: whether schema_migrations
	// exists. Reading the version only reads, so a read-only database can
	// be checked.
	TableExists string
	// Lock, when set, runs first in each step's transaction and holds,
	// until the transaction ends, a lock every other migrator waits for.
	Lock func(ctx context.Context, tx *sql.Tx) error
}

// createTable is the same on both backends.
const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`

// Querier is what *sql.DB and *sql.Tx share that Applied needs.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Applied returns the schema version applied to the database: 0 when it
// has no schema_migrations table.
func Applied(ctx context.Context, q Querier, d Dialect) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, d.TableExists).Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// Migrate applies the steps of ms (in order, numbered from 1) that the
// database named name does not have yet, and returns the versions it
// applied. A database at a version newer than len(ms) is refused.
func Migrate(ctx context.Context, db *sql.DB, ms []store.Migration, name string, d Dialect) ([]int, error) {
	var done []int
	for _, m := range ms {
		ok, err := step(ctx, db, m, len(ms), name, d)
		if err != nil {
			return done, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if ok {
			done = append(done, m.Version)
		}
	}
	return done, nil
}

// step applies m unless the database already has it, and says whether it
// did.
func step(ctx context.Context, db *sql.DB, m store.Migration, want int, name string, d Dialect) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if d.Lock != nil {
		if err := d.Lock(ctx, tx); err != nil {
			return false, fmt.Errorf("lock: %w", err)
		}
	}
	// Under the lock: CREATE TABLE IF NOT EXISTS is not safe against a
	// concurrent twin.
	if _, err := tx.ExecContext(ctx, createTable); err != nil {
		return false, fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := Applied(ctx, tx, d)
	if err != nil {
		return false, err
	}
	if applied > want {
		return false, fmt.Errorf("database %s is at schema version %d, newer than this alphadesk (%d): upgrade alphadesk", name, applied, want)
	}
	if applied >= m.Version {
		return false, nil
	}
	// No arguments: both drivers run the file's statements one after
	// another (pgx sends it as one simple-protocol query).
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES ($1, $2, $3)`,
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("record: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit: %w", err)
	}
	return true, nil
}
