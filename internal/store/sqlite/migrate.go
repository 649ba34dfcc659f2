package sqlite

import (
	"embed"

	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlmigrate"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaOutdated is returned (wrapped) when the database schema is
// older than this binary expects; run `alphadesk migrate`.
var ErrSchemaOutdated = store.ErrSchemaOutdated

// schema gives DB SchemaVersion, CheckSchema and Migrate (embedded under an
// unexported name).
type schema = sqlmigrate.Schema

// migrationDialect: every transaction of this store begins IMMEDIATE
// (Open's _txlock), taking the write lock, so no other lock is needed.
var migrationDialect = sqlmigrate.Dialect{
	TableExists: `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')`,
}
