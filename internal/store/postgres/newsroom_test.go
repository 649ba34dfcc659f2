package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/newsroomtest"
	"alphadesk/internal/store/postgres"
)

func TestNewsroomConformance(t *testing.T) {
	newsroomtest.Run(t, func(t *testing.T) newsroom.Repository { return open(t).Newsroom() })
}

// rawExec runs SQL on the database file behind the repository, to prove
// the schema itself refuses what the code never writes.
func rawExec(t *testing.T, db *postgres.DB, query string, args ...any) error {
	t.Helper()
	return db.Newsroom().InTx(context.Background(), func(tx newsroom.Tx) error {
		return postgres.ExecForTest(tx, query, args...)
	})
}

func seedStory(t *testing.T, db *postgres.DB) newsroom.Story {
	t.Helper()
	return newsroomtest.SeedStory(t, db.Newsroom())
}

// TestNewsroomSchemaConstraints shows that duplicates and dangling rows
// are impossible at the database level, not only in the service.
func TestNewsroomSchemaConstraints(t *testing.T) {
	db := open(t)
	s := seedStory(t, db)
	tests := []struct {
		name  string
		query string
		args  []any
		want  string
	}{
		{"duplicate dedupe key", `INSERT INTO stories (dedupe_key, slug, status, created, updated, status_at) VALUES ('k1', 'x', 'draft', '', '', '')`, nil, "unique constraint"},
		{"duplicate slug", `INSERT INTO stories (dedupe_key, slug, status, created, updated, status_at) VALUES ('k2', $1, 'draft', '', '', '')`, []any{s.Slug}, "unique constraint"},
		{"unknown status", `UPDATE stories SET status = 'archived' WHERE id = $1`, []any{s.ID}, "check constraint"},
		{"duplicate version", `INSERT INTO story_versions (story_id, number, change, headline, drafted_by, actor, created) VALUES ($1, 1, 'edited', 'h', 'x', 'a', '')`, []any{s.ID}, "unique constraint"},
		{"version of no story", `INSERT INTO story_versions (story_id, number, change, headline, drafted_by, actor, created) VALUES (999, 1, 'edited', 'h', 'x', 'a', '')`, nil, "foreign key constraint"},
		{"duplicate source link", `INSERT INTO story_sources (story_id, item_key, position, added) VALUES ($1, 'i1', 5, '')`, []any{s.ID}, "unique constraint"},
		{"duplicate tag", `INSERT INTO story_tags (story_id, symbol, rank, confidence, salience) VALUES ($1, 'AMZN', 1, 1, 1)`, []any{s.ID}, "unique constraint"},
		{"confidence out of range", `UPDATE story_tags SET confidence = 2 WHERE story_id = $1`, []any{s.ID}, "check constraint"},
		{"correction resolved without version", `INSERT INTO corrections (story_id, text, status, created, resolved) VALUES ($1, 't', 'resolved', '', 'x')`, []any{s.ID}, "check constraint"},
		{"correction resolved by a missing version", `INSERT INTO corrections (story_id, text, status, version, created, resolved) VALUES ($1, 't', 'resolved', 9, '', 'x')`, []any{s.ID}, "foreign key constraint"},
		{"audit edit", `UPDATE audit_log SET actor = 'someone else'`, nil, "append-only"},
		{"audit delete", `DELETE FROM audit_log`, nil, "append-only"},
		{"story delete with history", `DELETE FROM stories WHERE id = $1`, []any{s.ID}, "foreign key constraint"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := rawExec(t, db, tc.query, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a %s error", err, tc.want)
			}
		})
	}
}

// TestNewsroomDataVersion checks that writes change the data version
// (pages' ETags) and that an idempotent re-run does not.

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
