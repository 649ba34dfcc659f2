package postgres

import (
	"context"

	"alphadesk/internal/newsroom"
)

// ExecForTest runs raw SQL inside a newsroom transaction.
func ExecForTest(tx newsroom.Tx, query string, args ...any) error {
	_, err := tx.(*nrTx).q.ExecContext(context.Background(), query, args...)
	return err
}
