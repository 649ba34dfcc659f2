package sqlite

import "context"

// ExecSQLForTest runs raw SQL on the database, around the store's API.
func ExecSQLForTest(ctx context.Context, db *DB, query string, args ...any) error {
	_, err := db.sql.ExecContext(ctx, query, args...)
	return err
}
