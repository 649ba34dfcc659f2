package sqlite

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

// migrations returns the embedded migrations in order.
func migrations() ([]store.Migration, error) { return store.ReadMigrations(migrationFS, "migrations") }

// SchemaVersion returns the applied schema version and the version this
// binary expects.
func (db *DB) SchemaVersion(ctx context.Context) (applied, want int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, 0, err
	}
	applied, err = db.appliedVersion(ctx)
	return applied, len(ms), err
}

func (db *DB) appliedVersion(ctx context.Context) (int, error) {
	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	var v int
	if err := db.sql.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
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
	return store.CheckSchemaVersion(db.path, applied, want)
}

// Migrate applies every pending migration, each in its own transaction, and
// returns the versions it applied.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	applied, err := db.appliedVersion(ctx)
	if err != nil {
		return nil, err
	}
	if applied > len(ms) {
		return nil, fmt.Errorf("database %s is at schema version %d, newer than this alphadesk (%d): upgrade alphadesk", db.path, applied, len(ms))
	}
	var done []int
	for _, m := range ms[applied:] {
		tx, err := db.sql.BeginTx(ctx, nil)
		if err != nil {
			return done, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			_ = tx.Rollback()
			return done, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`,
			m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			_ = tx.Rollback()
			return done, fmt.Errorf("migration %04d_%s: record: %w", m.Version, m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return done, fmt.Errorf("migration %04d_%s: commit: %w", m.Version, m.Name, err)
		}
		done = append(done, m.Version)
	}
	return done, nil
}
