package sqlite

import (
	"context"
	"errors"

	msqlite "modernc.org/sqlite"

	"alphadesk/internal/store/sqlnewsroom"
)

// newsroomDialect is how the shared newsroom repository runs here. No
// lock: the pool's transactions begin IMMEDIATE (the DSN's _txlock), so
// each holds the write lock from its first statement and read-then-write
// operations are serialised.
var newsroomDialect = sqlnewsroom.Dialect{
	BumpVersion: func(ctx context.Context, tx sqlnewsroom.Querier) error { return bumpVersion(ctx, tx) },
	Unique:      isUnique,
}

// Newsroom returns the database's newsroom repository (the stories,
// versions, sources, tags, corrections and audit log of
// migrations/0003_newsroom.sql).
func (db *DB) Newsroom() *sqlnewsroom.Newsroom { return sqlnewsroom.New(db.sql, newsroomDialect) }

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
		return true
	}
	return false
}
