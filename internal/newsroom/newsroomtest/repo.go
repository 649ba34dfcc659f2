package newsroomtest

import (
	"errors"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
)

// testRepositoryContract checks the Tx guarantees the Service relies on.
func testRepositoryContract(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	ctx := e.ctx
	ns := newsroom.NewStory{Key: "contract", Slug: "contract-story-abc123", Category: newsroom.CategoryStocks, Created: epoch}
	var story newsroom.Story
	err := e.repo.InTx(ctx, func(tx newsroom.Tx) error {
		s, created, err := tx.CreateOrGetStory(ctx, ns)
		if err != nil {
			return err
		}
		if !created || s.ID == 0 || s.Status != newsroom.StatusDraft || s.Version != 0 || s.Slug != ns.Slug ||
			!s.Created.Equal(epoch) || !s.StatusAt.Equal(epoch) || !s.Updated.Equal(epoch) {
			t.Errorf("created story %+v, want a draft at version 0 created at %v", s, epoch)
		}
		again, created, err := tx.CreateOrGetStory(ctx, newsroom.NewStory{Key: "contract", Slug: "other-slug", Created: epoch})
		if err != nil || created || again.ID != s.ID || again.Slug != ns.Slug {
			t.Errorf("second CreateOrGetStory = %+v, %v, %v; want the first story, not created", again, created, err)
		}
		_, _, err = tx.CreateOrGetStory(ctx, newsroom.NewStory{Key: "other", Slug: ns.Slug, Created: epoch})
		if !errors.Is(err, newsroom.ErrSlugTaken) {
			t.Errorf("CreateOrGetStory with a taken slug: %v, want ErrSlugTaken", err)
		}
		story = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	v := newsroom.Version{Story: story.ID, Number: 1, Change: newsroom.ChangeDrafted, Draft: draft(1), Actor: "pipeline",
		Submission: "digest-1", Created: epoch}
	err = e.repo.InTx(ctx, func(tx newsroom.Tx) error {
		if err := tx.AddVersion(ctx, v); err != nil {
			return err
		}
		dup := v
		if err := tx.AddVersion(ctx, dup); !errors.Is(err, newsroom.ErrConflict) {
			t.Errorf("AddVersion with a stored number: %v, want ErrConflict", err)
		}
		gap := v
		gap.Number, gap.Submission = 3, ""
		if err := tx.AddVersion(ctx, gap); !errors.Is(err, newsroom.ErrConflict) {
			t.Errorf("AddVersion leaving a gap: %v, want ErrConflict", err)
		}
		same := v
		same.Number = 2
		if err := tx.AddVersion(ctx, same); !errors.Is(err, newsroom.ErrConflict) {
			t.Errorf("AddVersion with a stored submission digest: %v, want ErrConflict", err)
		}
		got, err := tx.VersionBySubmission(ctx, story.ID, "digest-1")
		if err != nil || got.Number != 1 || got.Headline != v.Headline {
			t.Errorf("VersionBySubmission = %+v, %v; want version 1", got, err)
		}
		next := story
		next.Version, next.Status, next.Updated = 1, newsroom.StatusHeld, epoch.Add(time.Microsecond)
		if err := tx.UpdateStory(ctx, story, next); err != nil {
			return err
		}
		if err := tx.UpdateStory(ctx, story, next); !errors.Is(err, newsroom.ErrConflict) {
			t.Errorf("UpdateStory from a stale story: %v, want ErrConflict", err)
		}
		gone := story
		gone.ID = 424242
		if err := tx.UpdateStory(ctx, gone, next); !errors.Is(err, newsroom.ErrNotFound) {
			t.Errorf("UpdateStory of a missing story: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.repo.StoryByKey(ctx, "contract")
	if err != nil || got.Version != 1 || got.Status != newsroom.StatusHeld || !got.Updated.Equal(epoch.Add(time.Microsecond)) {
		t.Errorf("after UpdateStory: %+v, %v; want held at version 1 updated %v (microsecond times kept)", got, err, epoch.Add(time.Microsecond))
	}

	err = e.repo.InTx(ctx, func(tx newsroom.Tx) error {
		c, err := tx.AddCorrection(ctx, newsroom.Correction{Story: story.ID, Text: "Wrong date.", Status: newsroom.CorrectionOpen, Created: epoch})
		if err != nil {
			return err
		}
		if c.ID == 0 || c.Slug != ns.Slug {
			t.Errorf("AddCorrection = %+v, want an ID and the story's slug", c)
		}
		closed := c
		closed.Status, closed.Note, closed.Actor, closed.Resolved = newsroom.CorrectionDismissed, "fine", "ed", epoch
		if err := tx.UpdateCorrection(ctx, c, closed); err != nil {
			return err
		}
		if err := tx.UpdateCorrection(ctx, c, closed); !errors.Is(err, newsroom.ErrConflict) {
			t.Errorf("UpdateCorrection from a stale report: %v, want ErrConflict", err)
		}
		a, err := tx.AppendAudit(ctx, newsroom.AuditEntry{Story: story.ID, Correction: c.ID, Actor: "ed",
			Action: newsroom.ActionCorrectionDismissed, Reason: "fine", At: epoch})
		if err != nil {
			return err
		}
		if a.ID == 0 {
			t.Error("AppendAudit returned no ID")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	audit, err := e.repo.StoryAudit(ctx, story.ID)
	if err != nil || len(audit) != 1 || audit[0].Correction == 0 || audit[0].Version != 0 || audit[0].Slug != ns.Slug {
		t.Errorf("StoryAudit = %+v, %v; want the dismissal without a version", audit, err)
	}
}

func testNotFound(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	ctx := e.ctx
	checks := []struct {
		name string
		err  func() error
	}{
		{"StoryByID", func() error { _, err := e.repo.StoryByID(ctx, 99); return err }},
		{"StoryBySlug", func() error { _, err := e.repo.StoryBySlug(ctx, "missing"); return err }},
		{"StoryByKey", func() error { _, err := e.repo.StoryByKey(ctx, "missing"); return err }},
		{"Version", func() error { _, err := e.repo.Version(ctx, 99, 1); return err }},
		{"VersionBySubmission", func() error { _, err := e.repo.VersionBySubmission(ctx, 99, "x"); return err }},
		{"Correction", func() error { _, err := e.repo.Correction(ctx, 99); return err }},
		{"Service.Story", func() error { _, err := e.svc.Story(ctx, "missing"); return err }},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if err := c.err(); !errors.Is(err, newsroom.ErrNotFound) {
				t.Errorf("%s of a missing record: %v, want ErrNotFound", c.name, err)
			}
		})
	}
	// Lists of nothing are empty, not errors.
	if vs, err := e.repo.Versions(ctx, 99); err != nil || len(vs) != 0 {
		t.Errorf("Versions of a missing story = %v, %v; want empty", vs, err)
	}
	page, err := e.svc.Stories(ctx, newsroom.StoryFilter{})
	if err != nil || page.Stories == nil || len(page.Stories) != 0 || page.Next != "" {
		t.Errorf("Stories on an empty desk = %+v, %v; want an empty non-nil page", page, err)
	}
}

func testRollback(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	ctx := e.ctx
	boom := errors.New("boom")
	err := e.repo.InTx(ctx, func(tx newsroom.Tx) error {
		s, _, err := tx.CreateOrGetStory(ctx, newsroom.NewStory{Key: "doomed", Slug: "doomed-1", Created: epoch})
		if err != nil {
			return err
		}
		if err := tx.PutSources(ctx, s.ID, []newsroom.Source{source("doomed/1")}); err != nil {
			return err
		}
		if _, err := tx.StoryByKey(ctx, "doomed"); err != nil {
			t.Errorf("a transaction does not see its own write: %v", err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	if _, err := e.repo.StoryByKey(ctx, "doomed"); !errors.Is(err, newsroom.ErrNotFound) {
		t.Errorf("story written by a rolled-back transaction: %v, want ErrNotFound", err)
	}
}
