package sqlite

import (
	"context"
	"embed"

	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlmigrate"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaOutdated is returned (wrapped) when the database schema is
// older than this binary expects; run `alphadesk migrate`.
var ErrSchemaOutdated = store.ErrSchemaOutdated

// migrations returns the embedded migrations in order.
func migrations() ([]store.Migration, error) { return store.ReadMigrations(migrationFS, "migrations") }

// migrationDialect: every transaction of this store begins IMMEDIATE
// (Open's _txlock), taking the write lock, so no other lock is needed.
var migrationDialect = sqlmigrate.Dialect{
	TableExists: `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')`,
}

// SchemaVersion returns the applied schema version and the version this
// binary expects.
func (db *DB) SchemaVersion(ctx context.Context) (applied, want int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, 0, err
	}
	applied, err = sqlmigrate.Applied(ctx, db.sql, migrationDialect)
	return applied, len(ms), err
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
	return sqlmigrate.Migrate(ctx, db.sql, ms, db.path, migrationDialect)
}
