package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/newsroomtest"
	"alphadesk/internal/store/postgres"
	"alphadesk/internal/store/sqltest"
)

func TestNewsroomConformance(t *testing.T) {
	newsroomtest.Run(t, func(t *testing.T) newsroom.Repository { return open(t).Newsroom() })
}

// TestNewsroomSchemaConstraints shows that duplicates and dangling rows
// are impossible at the database level, not only in the service.
func TestNewsroomSchemaConstraints(t *testing.T) {
	repo := open(t).Newsroom()
	sqltest.NewsroomSchemaConstraints(t, repo, func(ctx context.Context, query string, args ...any) error {
		return repo.InTx(ctx, func(tx newsroom.Tx) error { return postgres.ExecForTest(tx, query, args...) })
	}, sqltest.Refusals{Unique: "unique constraint", Check: "check constraint", ForeignKey: "foreign key constraint"})
}

// TestNewsroomBackend runs what the newsroom shares with the rest of the
// desk (data version, caller transactions, securities master).
func TestNewsroomBackend(t *testing.T) {
	newsroomtest.RunBackend(t, func(t *testing.T) newsroomtest.Backend {
		db := open(t)
		return newsroomtest.Backend{Store: db, Newsroom: db.Newsroom(), Begin: db.SQL().Begin, WithTx: func(tx *sql.Tx) newsroom.Repository { return db.Newsroom().WithTx(tx) }}
	})
}

func BenchmarkSubmitDraft(b *testing.B) { newsroomtest.BenchSubmitDraft(b, open(b).Newsroom()) }

func BenchmarkReviewQueue(b *testing.B) { newsroomtest.BenchReviewQueue(b, open(b).Newsroom()) }
