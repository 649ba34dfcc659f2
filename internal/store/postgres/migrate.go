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

// schema gives DB SchemaVersion, CheckSchema and Migrate (embedded under an
// unexported name). SchemaVersion only reads, so checking a read-only
// replica works; each step of Migrate holds the advisory lock and reads
// the version again under it.
type schema = sqlmigrate.Schema

var migrationDialect = sqlmigrate.Dialect{
	TableExists: `SELECT to_regclass('schema_migrations') IS NOT NULL`,
	Lock: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock)
		return err
	},
}
