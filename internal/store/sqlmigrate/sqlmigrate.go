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
	"io/fs"
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
	exists, err := tableExists(ctx, q, d)
	if err != nil || !exists {
		return 0, err
	}
	var v int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// Schema is one database's schema as a backend migrates it: the steps it
// embeds, its dialect and the name messages give the database. A backend's
// DB embeds it for SchemaVersion, CheckSchema and Migrate.
type Schema struct {
	db   *sql.DB
	fsys fs.FS
	dir  string
	name string
	d    Dialect
}

// NewSchema returns the schema of db, whose migrations are the files of
// dir in fsys (see store.ReadMigrations); name names db in messages.
func NewSchema(db *sql.DB, fsys fs.FS, dir, name string, d Dialect) *Schema {
	return &Schema{db: db, fsys: fsys, dir: dir, name: name, d: d}
}

// Exists reports whether the database has a schema_migrations table, that
// is, whether it was ever migrated.
func (s *Schema) Exists(ctx context.Context) (bool, error) { return tableExists(ctx, s.db, s.d) }

// tableExists runs the dialect's TableExists.
func tableExists(ctx context.Context, q Querier, d Dialect) (bool, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, d.TableExists).Scan(&exists); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	return exists, nil
}

// SchemaVersion returns the applied schema version and the version this
// binary expects. It only reads, so a read-only database can be checked.
func (s *Schema) SchemaVersion(ctx context.Context) (applied, want int, err error) {
	ms, err := store.ReadMigrations(s.fsys, s.dir)
	if err != nil {
		return 0, 0, err
	}
	applied, err = Applied(ctx, s.db, s.d)
	return applied, len(ms), err
}

// CheckSchema returns store.ErrSchemaOutdated (wrapped, with the fix) when
// the database needs migrating, and an error when it is newer than the
// binary.
func (s *Schema) CheckSchema(ctx context.Context) error {
	applied, want, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	return store.CheckSchemaVersion(s.name, applied, want)
}

// Migrate applies every pending step (see the package comment) and
// returns the versions it applied.
func (s *Schema) Migrate(ctx context.Context) ([]int, error) {
	ms, err := store.ReadMigrations(s.fsys, s.dir)
	if err != nil {
		return nil, err
	}
	return Migrate(ctx, s.db, ms, s.name, s.d)
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
