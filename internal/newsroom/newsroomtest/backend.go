package newsroomtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
)

// Backend is a desk database as the newsroom shares it: the store with
// its data version and securities master, the newsroom repository over the
// same database, and the caller-owned transactions a job queue runs
// newsroom operations in.
type Backend struct {
	Store    store.Store
	Newsroom newsroom.Repository
	// Begin starts a transaction on the database; WithTx returns the
	// repository inside it.
	Begin  func() (*sql.Tx, error)
	WithTx func(*sql.Tx) newsroom.Repository
}

// RunBackend checks what a backend's newsroom shares with the rest of the
// desk: every change moves the data version and an unchanged re-run does
// not; operations inside a caller's transaction commit and roll back with
// it, a failed one undoing only its own writes; and listings filter by the
// sector the securities master files a tagged company under. open returns
// a fresh, migrated database.
func RunBackend(t *testing.T, open func(t *testing.T) Backend) {
	t.Run("DataVersion", func(t *testing.T) { testDataVersion(t, open(t)) })
	t.Run("WithTx", func(t *testing.T) { testWithTx(t, open(t)) })
	t.Run("SectorFilter", func(t *testing.T) { testSectorFilter(t, open(t)) })
}

// SeedStory submits one held story ("k1", tagged AMZN) and returns it.
func SeedStory(t *testing.T, repo newsroom.Repository) newsroom.Story {
	t.Helper()
	svc := newsroom.NewService(repo, newsroom.Options{Now: NewClock(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.Second).Now})
	d := newsroom.Draft{Headline: "Company reports revenue", Body: []string{"Revenue " + HoldWord + "."}, DraftedBy: "extractive"}
	c, _ := Checker(d)
	res, err := svc.SubmitDraft(context.Background(), newsroom.Submission{Key: "k1", Draft: d, Check: &c,
		Sources: []newsroom.Source{{ItemKey: "i1", Name: "Wire"}}, Tags: []newsroom.Tag{{Symbol: "AMZN", Confidence: 1, Salience: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Story
}

func testDataVersion(t *testing.T, b Backend) {
	ctx := context.Background()
	v0, err := b.Store.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	SeedStory(t, b.Newsroom)
	v1, _ := b.Store.DataVersion(ctx)
	if v1 <= v0 {
		t.Errorf("data version %d after a submission, want more than %d", v1, v0)
	}
	SeedStory(t, b.Newsroom) // the same submission again
	if v2, _ := b.Store.DataVersion(ctx); v2 != v1 {
		t.Errorf("data version %d after an unchanged re-run, want %d", v2, v1)
	}
}

// testWithTx runs service operations inside a caller's
// transaction: they commit and roll back with it, and a failed operation
// undoes only its own writes.
func testWithTx(t *testing.T, b Backend) {
	ctx := context.Background()
	sub := func(key, extra string) newsroom.Submission {
		d := newsroom.Draft{Headline: "Story " + key, Body: []string{"Text. " + extra}, DraftedBy: "extractive"}
		c, _ := Checker(d)
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
			tx, err := b.Begin()
			if err != nil {
				t.Fatal(err)
			}
			svc := newsroom.NewService(b.WithTx(tx), newsroom.Options{})
			if _, err := svc.SubmitDraft(ctx, sub(key, "")); err != nil {
				t.Fatal(err)
			}
			// An operation that writes and then fails undoes its own writes only.
			repo := b.WithTx(tx)
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
			_, err = b.Newsroom.StoryByKey(ctx, key)
			if got := err == nil; got != tc.wantKey {
				t.Errorf("story stored: %v (%v), want %v", got, err, tc.wantKey)
			}
		})
	}
}

// testSectorFilter lists stories by the GICS sector of their
// tagged companies, which lives in the securities master.
func testSectorFilter(t *testing.T, b Backend) {
	ctx := context.Background()
	err := b.Store.Import(ctx, func(tx store.ImportTx) error {
		return tx.PutSecurities(ctx, []market.Security{
			{Symbol: "AMZN", Name: "Amazon", Sector: market.Sector("Consumer Discretionary")},
			{Symbol: "AAPL", Name: "Apple", Sector: market.Sector("Information Technology")},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := newsroom.NewService(b.Newsroom, newsroom.Options{})
	slugs := map[string]string{}
	for _, sym := range []string{"AMZN", "AAPL", "ZZZZ"} {
		d := newsroom.Draft{Headline: sym + " story", DraftedBy: "extractive"}
		c, _ := Checker(d)
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

// BenchSubmitDraft measures submissions of new single-source stories.
func BenchSubmitDraft(b *testing.B, repo newsroom.Repository) {
	svc := newsroom.NewService(repo, newsroom.Options{})
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
		c, _ := Checker(d)
		_, err := svc.SubmitDraft(ctx, newsroom.Submission{Key: fmt.Sprintf("bench-%d", i), Draft: d, Check: &c,
			Sources: []newsroom.Source{{ItemKey: fmt.Sprintf("item-%d", i), Name: "Amazon", Kind: "statement", Text: strings.Join(body, "\n\n")}},
			Tags:    []newsroom.Tag{{Symbol: "AMZN", Confidence: 0.98, Salience: 1, Mentions: []newsroom.Mention{{Start: 0, End: 6, Text: "Amazon", Via: "name"}}}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "stories/s")
}

// BenchReviewQueue measures the first page of a review queue of 2,000
// held stories.
func BenchReviewQueue(b *testing.B, repo newsroom.Repository) {
	svc := newsroom.NewService(repo, newsroom.Options{})
	ctx := context.Background()
	for i := range 2000 {
		d := newsroom.Draft{Headline: fmt.Sprintf("Story %d", i), Body: []string{"Sales " + HoldWord + "."}, DraftedBy: "extractive"}
		c, _ := Checker(d)
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
