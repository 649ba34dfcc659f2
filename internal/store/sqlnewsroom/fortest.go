package sqlnewsroom

import (
	"context"
	"fmt"

	"alphadesk/internal/newsroom"
)

// ExecForTest runs raw SQL inside a newsroom transaction (tx from InTx):
// the stores' tests use it to show that the schema itself refuses
// duplicates and dangling rows.
func ExecForTest(tx newsroom.Tx, query string, args ...any) error {
	t, ok := tx.(*nrTx)
	if !ok {
		return fmt.Errorf("ExecForTest: %T is not a transaction of this package", tx)
	}
	_, err := t.q.ExecContext(context.Background(), query, args...)
	return err
}

// StoriesQueryForTest returns the SQL and arguments of a story listing, for
// the stores' query-plan tests.
func StoriesQueryForTest(q newsroom.StoryQuery) (string, []any) { return nrStoriesSQL(q) }
