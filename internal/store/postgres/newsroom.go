package postgres

import (
	"context"
	"fmt"

	"alphadesk/internal/store/sqlnewsroom"
)

// NewsroomLock is the key of the transaction-level advisory lock every
// newsroom transaction takes first. It serialises newsroom transactions
// as SQLite's BEGIN IMMEDIATE does, so a read-then-write operation never
// loses a race to another (the Service retries only a few times); reads
// outside a transaction take no lock.
const NewsroomLock int64 = 0x616c70686164_02 // "alphad" 02

// newsroomDialect is how the shared newsroom repository runs here: an
// advisory lock per transaction, the data version announced with NOTIFY,
// and serialization failures and deadlocks retried as conflicts.
var newsroomDialect = sqlnewsroom.Dialect{
	Lock: func(ctx context.Context, tx sqlnewsroom.Querier) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, NewsroomLock); err != nil {
			return fmt.Errorf("advisory lock: %w", err)
		}
		return nil
	},
	BumpVersion: func(ctx context.Context, tx sqlnewsroom.Querier) error { return bumpVersion(ctx, tx) },
	Unique:      isUnique,
	Retryable:   isRetryable,
}

// Newsroom returns the database's newsroom repository (the stories,
// versions, sources, tags, corrections and audit log of
// migrations/0003_newsroom.sql).
func (db *DB) Newsroom() *sqlnewsroom.Newsroom { return sqlnewsroom.New(db.sql, newsroomDialect) }
