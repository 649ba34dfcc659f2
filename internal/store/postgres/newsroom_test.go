package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/newsroomtest"
	"alphadesk/internal/store"
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
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{Now: newsroomtest.NewClock(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.Second).Now})
	d := newsroom.Draft{Headline: "Company reports revenue", Body: []string{"Revenue " + newsroomtest.HoldWord + "."}, DraftedBy: "extractive"}
	c, _ := newsroomtest.Checker(d)
	res, err := svc.SubmitDraft(context.Background(), newsroom.Submission{Key: "k1", Draft: d, Check: &c,
		Sources: []newsroom.Source{{ItemKey: "i1", Name: "Wire"}}, Tags: []newsroom.Tag{{Symbol: "AMZN", Confidence: 1, Salience: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Story
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
func TestNewsroomDataVersion(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	v0, err := db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seedStory(t, db)
	v1, _ := db.DataVersion(ctx)
	if v1 <= v0 {
		t.Errorf("data version %d after a submission, want more than %d", v1, v0)
	}
	seedStory(t, db) // the same submission again
	if v2, _ := db.DataVersion(ctx); v2 != v1 {
		t.Errorf("data version %d after an unchanged re-run, want %d", v2, v1)
	}
}

func BenchmarkSubmitDraft(b *testing.B) {
	db := open(b)
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{})
	ctx := context.Background()
	body := []string{
		"Amazon Web Services said its backlog rose to $364 billion at the end of the quarter, according to the company's statement.",
		"\"Demand for AI infrastructure remains strong,\" Chief Executive Andy Jassy said on the call with analysts.",
		"The company forecast second-quarter sales of $194 billion to $199 billion.",
	}
	b.ResetTimer()
	for i := range b.N {
		d := newsroom.Draft{Headline: fmt.Sprintf("Amazon's AWS backlog grows %d", i), Dek: "Cloud demand stays strong.", Body: body,
			Watch: []string{"Second-quarter results in July."}, DraftedBy: "extractive"}
		c, _ := newsroomtest.Checker(d)
		_, err := svc.SubmitDraft(ctx, newsroom.Submission{Key: fmt.Sprintf("bench-%d", i), Draft: d, Check: &c,
			Sources: []newsroom.Source{{ItemKey: fmt.Sprintf("item-%d", i), Name: "Amazon", Kind: "statement", Text: strings.Join(body, "\n\n")}},
			Tags:    []newsroom.Tag{{Symbol: "AMZN", Confidence: 0.98, Salience: 1, Mentions: []newsroom.Mention{{Start: 0, End: 6, Text: "Amazon", Via: "name"}}}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "stories/s")
}

func BenchmarkReviewQueue(b *testing.B) {
	db := open(b)
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{})
	ctx := context.Background()
	for i := range 2000 {
		d := newsroom.Draft{Headline: fmt.Sprintf("Story %d", i), Body: []string{"Sales " + newsroomtest.HoldWord + "."}, DraftedBy: "extractive"}
		c, _ := newsroomtest.Checker(d)
		if _, err := svc.SubmitDraft(ctx, newsroom.Submission{Key: fmt.Sprintf("q-%d", i), Draft: d, Check: &c,
			Tags: []newsroom.Tag{{Symbol: "AMZN", Confidence: 1, Salience: 1}}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		page, err := svc.ReviewQueue(ctx, newsroom.DefaultLimit, "")
		if err != nil || len(page.Stories) != newsroom.DefaultLimit {
			b.Fatalf("queue: %d stories, %v", len(page.Stories), err)
		}
	}
}

// TestNewsroomWithTx runs service operations inside a caller's
// transaction: they commit and roll back with it, and a failed operation
// undoes only its own writes.
func TestNewsroomWithTx(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	sub := func(key, extra string) newsroom.Submission {
		d := newsroom.Draft{Headline: "Story " + key, Body: []string{"Text. " + extra}, DraftedBy: "extractive"}
		c, _ := newsroomtest.Checker(d)
		return newsroom.Submission{Key: key, Draft: d, Check: &c, Sources: []newsroom.Source{{ItemKey: key, Name: "Wire"}}}
	}
	tests := []struct {
		name    string
		commit  bool
		wantKey bool
	}{
		{"rolled back with the job", false, false},
		{"committed with the job", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := strings.ReplaceAll(tc.name, " ", "-")
			tx, err := db.SQL().Begin()
			if err != nil {
				t.Fatal(err)
			}
			svc := newsroom.NewService(db.Newsroom().WithTx(tx), newsroom.Options{})
			if _, err := svc.SubmitDraft(ctx, sub(key, "")); err != nil {
				t.Fatal(err)
			}
			// An operation that writes and then fails undoes its own writes only.
			repo := db.Newsroom().WithTx(tx)
			boom := errors.New("boom")
			err = repo.InTx(ctx, func(ntx newsroom.Tx) error {
				if _, _, err := ntx.CreateOrGetStory(ctx, newsroom.NewStory{Key: key + "-failed", Slug: key + "-failed", Created: time.Now()}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("failed operation returned %v, want its error", err)
			}
			if _, err := repo.StoryByKey(ctx, key+"-failed"); !errors.Is(err, newsroom.ErrNotFound) {
				t.Errorf("the failed operation's story is visible: %v", err)
			}
			if _, err := repo.StoryByKey(ctx, key); err != nil {
				t.Errorf("the earlier operation's story is gone: %v", err)
			}
			if tc.commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Newsroom().StoryByKey(ctx, key)
			if got := err == nil; got != tc.wantKey {
				t.Errorf("story stored: %v (%v), want %v", got, err, tc.wantKey)
			}
		})
	}
}

// TestNewsroomSectorFilter lists stories by the GICS sector of their
// tagged companies, which lives in the securities master.
func TestNewsroomSectorFilter(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	err := db.Import(ctx, func(tx store.ImportTx) error {
		return tx.PutSecurities(ctx, []market.Security{
			{Symbol: "AMZN", Name: "Amazon", Sector: market.Sector("Consumer Discretionary")},
			{Symbol: "AAPL", Name: "Apple", Sector: market.Sector("Information Technology")},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{})
	slugs := map[string]string{}
	for _, sym := range []string{"AMZN", "AAPL", "ZZZZ"} {
		d := newsroom.Draft{Headline: sym + " story", DraftedBy: "extractive"}
		c, _ := newsroomtest.Checker(d)
		res, err := svc.SubmitDraft(ctx, newsroom.Submission{Key: sym, Draft: d, Check: &c,
			Tags: []newsroom.Tag{{Symbol: sym, Confidence: 1, Salience: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		slugs[sym] = res.Story.Slug
	}
	tests := []struct {
		sector string
		want   []string
	}{
		{"Information Technology", []string{slugs["AAPL"]}},
		{"Consumer Discretionary", []string{slugs["AMZN"]}},
		{"Energy", nil},
	}
	for _, tc := range tests {
		page, err := svc.Stories(ctx, newsroom.StoryFilter{Sector: tc.sector})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range page.Stories {
			got = append(got, s.Slug)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("sector %s: %v, want %v", tc.sector, got, tc.want)
		}
	}
}
