package sqlite

import (
	"database/sql"
	"strings"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/store/sqlnewsroom"
)

// ExecForTest runs raw SQL inside a newsroom transaction.
func ExecForTest(tx newsroom.Tx, query string, args ...any) error {
	return sqlnewsroom.ExecForTest(tx, query, args...)
}

// QueryPlanForTest returns SQLite's query plan for query, one step a line.
func QueryPlanForTest(db *DB, query string, args ...any) (string, error) {
	rows, err := db.sql.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var (
			id, parent, unused int
			detail             string
		)
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		b.WriteString(detail + "\n")
	}
	return b.String(), rows.Err()
}

// BeginForTest opens a transaction on the database, as a job queue would.
func BeginForTest(db *DB) (*sql.Tx, error) { return db.sql.Begin() }

// StoriesQueryForTest returns the SQL and arguments of a story listing.
func StoriesQueryForTest(q newsroom.StoryQuery) (string, []any) {
	return sqlnewsroom.StoriesQueryForTest(q)
}
