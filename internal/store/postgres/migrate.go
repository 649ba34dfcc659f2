package postgres

import (
	"context"
	"embed"
	"fmt"
	"time"

	"alphadesk/internal/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaOutdated is returned (wrapped) when the database schema is
// older than this binary expects; run `alphadesk migrate`.
var ErrSchemaOutdated = store.ErrSchemaOutdated

// migrateLock is the key of the advisory lock Migrate holds, so that two
// processes migrating one database at once apply each step once.
const migrateLock int64 = 0x616c70686164_01 // "alphad" 01

// migrations returns the embedded migrations in order.
func migrations() ([]store.Migration, error) { return store.ReadMigrations(migrationFS, "migrations") }

const createSchemaMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version integer PRIMARY KEY, name text NOT NULL, applied text NOT NULL)`

// SchemaVersion returns the applied schema version and the version this
// binary expects.
func (db *DB) SchemaVersion(ctx context.Context) (applied, want int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, 0, err
	}
	applied, err = appliedVersion(ctx, db.sql)
	return applied, len(ms), err
}

// appliedVersion reads the schema version; a database without the
// schema_migrations table is at version 0. It only reads, so checking a
// read-only replica works.
func appliedVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
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

// CheckSchema returns ErrSchemaOutdated (wrapped, with the fix) when the
// database needs migrating, and an error when it is newer than the binary.
func (db *DB) CheckSchema(ctx context.Context) error {
	applied, want, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	return store.CheckSchemaVersion(db.name, applied, want)
}

// Migrate applies every pending migration, each in its own transaction
// that also records it in schema_migrations, and returns the versions it
// applied. Each transaction holds an advisory lock and reads the version
// again under it, so concurrent Migrate calls apply each step once.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	var done []int
	for _, m := range ms {
		ok, err := db.migrateOne(ctx, m, len(ms))
		if err != nil {
			return done, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if ok {
			done = append(done, m.Version)
		}
	}
	return done, nil
}

// migrateOne applies m unless the database already has it, and says
// whether it did.
func (db *DB) migrateOne(ctx context.Context, m store.Migration, want int) (bool, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
		return false, fmt.Errorf("lock: %w", err)
	}
	// Under the lock: CREATE TABLE IF NOT EXISTS is not safe against a
	// concurrent twin.
	if _, err := tx.ExecContext(ctx, createSchemaMigrations); err != nil {
		return false, fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := appliedVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if applied > want {
		return false, fmt.Errorf("database %s is at schema version %d, newer than this alphadesk (%d): upgrade alphadesk", db.name, applied, want)
	}
	if applied >= m.Version {
		return false, nil
	}
	// No arguments: the driver sends the file as one simple-protocol
	// query, so it may hold many statements.
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
