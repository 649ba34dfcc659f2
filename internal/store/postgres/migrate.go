package postgres

import (
	"context"
	"database/sql"
	"embed"

	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlmigrate"
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

var migrationDialect = sqlmigrate.Dialect{
	TableExists: `SELECT to_regclass('schema_migrations') IS NOT NULL`,
	Lock: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock)
		return err
	},
}

// SchemaVersion returns the applied schema version and the version this
// binary expects. It only reads, so checking a read-only replica works.
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
	return sqlmigrate.Migrate(ctx, db.sql, ms, db.name, migrationDialect)
}
