package sqlite_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/newsroomtest"
	"alphadesk/internal/store/sqlite"
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
		return repo.InTx(ctx, func(tx newsroom.Tx) error { return sqlite.ExecForTest(tx, query, args...) })
	}, sqltest.Refusals{Unique: "UNIQUE", Check: "CHECK", ForeignKey: "FOREIGN KEY"})
}

// TestNewsroomQueryPlans checks that the queue, listing and lookup
// queries use indexes rather than scanning tables.
func TestNewsroomQueryPlans(t *testing.T) {
	db := open(t)
	newsroomtest.SeedStory(t, db.Newsroom())
	listing := func(q newsroom.StoryQuery) (string, []any) {
		q.Limit = 50
		return sqlite.StoriesQueryForTest(q)
	}
	after := newsroom.Cursor{At: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), ID: 10}
	type query struct {
		sql  string
		args []any
	}
	q := func(sql string, args ...any) query { return query{sql, args} }
	lq := func(f newsroom.StoryQuery) query { s, a := listing(f); return query{s, a} }
	tests := []struct {
		name      string
		query     query
		wantIndex string
	}{
		{"review queue", lq(newsroom.StoryQuery{Status: newsroom.StatusHeld, Oldest: true}), "stories_by_status"},
		{"review queue next page", lq(newsroom.StoryQuery{Status: newsroom.StatusHeld, Oldest: true, After: after}), "stories_by_status"},
		{"published, newest first", lq(newsroom.StoryQuery{Status: newsroom.StatusPublished, After: after}), "stories_by_status"},
		{"all stories", lq(newsroom.StoryQuery{After: after}), "stories_by_time"},
		{"by symbol", lq(newsroom.StoryQuery{Symbol: "AMZN"}), "story_tags_symbol"},
		{"corrections queue", q(`SELECT id FROM corrections c WHERE c.id > 0 AND c.status = 'open' ORDER BY c.id LIMIT 50`), "corrections_by_status"},
		{"source item", q(`SELECT story_id FROM story_sources WHERE item_key = 'i1'`), "story_sources_item"},
		{"slug", q(`SELECT id FROM stories WHERE slug = 'x'`), "sqlite_autoindex_stories"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := sqlite.QueryPlanForTest(db, tc.query.sql, tc.query.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, tc.wantIndex) || strings.Contains(plan, "SCAN s\n") || strings.Contains(plan, "SCAN v") {
				t.Errorf("plan:\n%s\nwant it to use %s without a table scan", plan, tc.wantIndex)
			}
			if tc.name != "by symbol" && strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("plan:\n%s\nsorts in a temporary B-tree; want the index order", plan)
			}
		})
	}
}

// TestNewsroomBackend runs what the newsroom shares with the rest of the
// desk (data version, caller transactions, securities master).
func TestNewsroomBackend(t *testing.T) {
	newsroomtest.RunBackend(t, func(t *testing.T) newsroomtest.Backend {
		db := open(t)
		return newsroomtest.Backend{Store: db, Newsroom: db.Newsroom(), Begin: func() (*sql.Tx, error) { return sqlite.BeginForTest(db) }, WithTx: func(tx *sql.Tx) newsroom.Repository { return db.Newsroom().WithTx(tx) }}
	})
}

func BenchmarkSubmitDraft(b *testing.B) { newsroomtest.BenchSubmitDraft(b, open(b).Newsroom()) }

func BenchmarkReviewQueue(b *testing.B) { newsroomtest.BenchReviewQueue(b, open(b).Newsroom()) }
