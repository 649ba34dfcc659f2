package postgres

import (
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store/sqlnewsroom"
)

// ExecForTest runs raw SQL inside a newsroom transaction.
func ExecForTest(tx newsroom.Tx, query string, args ...any) error {
	return sqlnewsroom.ExecForTest(tx, query, args...)
}
