package newsroomtest

import (
	"strings"
	"testing"

	"alphadesk/internal/newsroom"
)

func testCorrections(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	slug := e.seed(t, stPublished, 1)
	report := newsroom.CorrectionReport{Slug: slug, Text: "  The story says revenue rose; the release says it fell.  ", Contact: "reader@example.com"}
	c, err := e.svc.ReportCorrection(e.ctx, report)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Status != newsroom.CorrectionOpen || c.Slug != slug || c.Text != strings.TrimSpace(report.Text) ||
		c.Contact != report.Contact || c.Created.IsZero() || !c.Resolved.IsZero() || c.Version != 0 {
		t.Errorf("report stored as %+v, want an open report on %s with the trimmed text", c, slug)
	}
	// A double submit of the same form returns the same report.
	again, err := e.svc.ReportCorrection(e.ctx, report)
	if err != nil || again.ID != c.ID {
		t.Errorf("same report again: %d, %v; want report %d", again.ID, err, c.ID)
	}
	second, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: slug, Text: "The headline misspells the company's name."})
	if err != nil {
		t.Fatal(err)
	}
	queue, err := e.svc.Corrections(e.ctx, newsroom.CorrectionFilter{Status: newsroom.CorrectionOpen})
	if err != nil {
		t.Fatal(err)
	}
	if len(queue.Corrections) != 2 || queue.Corrections[0].ID != c.ID || queue.Corrections[1].ID != second.ID {
		t.Fatalf("open queue %+v, want reports %d then %d", queue.Corrections, c.ID, second.ID)
	}

	// Resolve the first by editing the story.
	fixed := draft(1, "Revenue fell in the quarter.")
	note := "An earlier version of this story said revenue rose; it fell."
	resolved, v, err := e.svc.ResolveCorrection(e.ctx, c.ID, newsroom.ResolveRequest{Draft: fixed, Actor: "dana", Note: note}, Checker)
	if err != nil {
		t.Fatal(err)
	}
	if resolved.Status != newsroom.CorrectionResolved || resolved.Note != note || resolved.Version != 2 || resolved.Actor != "dana" ||
		!resolved.Resolved.Equal(v.Created) {
		t.Errorf("resolved report %+v, want resolved by dana with the note at version 2 (%v)", resolved, v.Created)
	}
	if v.Number != 2 || v.Change != newsroom.ChangeCorrected || v.Reason != note || v.Actor != "dana" {
		t.Errorf("correction version %d %s by %s (%q), want 2 corrected by dana with the note", v.Number, v.Change, v.Actor, v.Reason)
	}
	d := e.detail(t, slug)
	if d.Status != newsroom.StatusPublished || d.Version != 2 || d.LastReviewedBy != "dana" || !d.LastReviewed.Equal(v.Created) {
		t.Errorf("story %s v%d reviewed by %s at %v, want published v2 reviewed by dana at %v", d.Status, d.Version, d.LastReviewedBy, d.LastReviewed, v.Created)
	}
	notes := d.Notes()
	if len(notes) != 1 || notes[0].Note != note || notes[0].Resolved.IsZero() {
		t.Errorf("story notes %+v, want the dated correction note", notes)
	}
	if got := countActions(d, newsroom.ActionCorrectionReported); got != 2 {
		t.Errorf("%d correction reports in the audit log, want 2", got)
	}
	for _, a := range d.Audit {
		if strings.Contains(a.Reason, report.Contact) || a.Action == newsroom.ActionCorrectionReported && a.Actor != newsroom.ReaderActor {
			t.Errorf("audit entry %+v: reports are by %q and never copy the contact", a, newsroom.ReaderActor)
		}
		if a.Action == newsroom.ActionCorrectionResolved && (a.Correction != c.ID || a.Version != 2 || a.Actor != "dana") {
			t.Errorf("resolution audit %+v, want correction %d version 2 by dana", a, c.ID)
		}
	}

	// A closed report cannot be closed again.
	_, _, err = e.svc.ResolveCorrection(e.ctx, c.ID, newsroom.ResolveRequest{Draft: fixed, Actor: "dana", Note: note}, Checker)
	wantErr(t, "resolve twice", err, newsroom.ErrTransition, "already resolved")
	_, err = e.svc.DismissCorrection(e.ctx, c.ID, newsroom.Review{Actor: "dana", Reason: "done"})
	wantErr(t, "dismiss a resolved report", err, newsroom.ErrTransition, "already resolved")

	// A blocked correction is not saved and leaves the report open.
	blocked := draft(1, "\""+BlockWord+",\" said the chief.")
	_, _, err = e.svc.ResolveCorrection(e.ctx, second.ID, newsroom.ResolveRequest{Draft: blocked, Actor: "dana", Note: note}, Checker)
	wantErr(t, "blocked correction", err, newsroom.ErrBlocked, "quote.verbatim")
	if got, err := e.repo.Correction(e.ctx, second.ID); err != nil || got.Status != newsroom.CorrectionOpen {
		t.Errorf("after a blocked resolution the report is %s (%v), want open", got.Status, err)
	}
	if d := e.detail(t, slug); d.Version != 2 {
		t.Errorf("blocked correction stored version %d", d.Version)
	}

	// Dismiss the second with a reason.
	dismissed, err := e.svc.DismissCorrection(e.ctx, second.ID, newsroom.Review{Actor: "erin", Reason: "The name is spelled as the company spells it."})
	if err != nil {
		t.Fatal(err)
	}
	if dismissed.Status != newsroom.CorrectionDismissed || dismissed.Note == "" || dismissed.Actor != "erin" || dismissed.Version != 0 || dismissed.Resolved.IsZero() {
		t.Errorf("dismissed report %+v, want dismissed by erin with the reason and no version", dismissed)
	}
	d = e.detail(t, slug)
	if len(d.Notes()) != 1 || d.Version != 2 {
		t.Errorf("dismissal changed the story: %d notes, version %d", len(d.Notes()), d.Version)
	}
	if got := countActions(d, newsroom.ActionCorrectionDismissed); got != 1 {
		t.Errorf("%d dismissals in the audit log, want 1", got)
	}
	queue, err = e.svc.Corrections(e.ctx, newsroom.CorrectionFilter{Status: newsroom.CorrectionOpen})
	if err != nil || len(queue.Corrections) != 0 {
		t.Errorf("open queue %+v (%v), want empty", queue.Corrections, err)
	}
	all, err := e.svc.Corrections(e.ctx, newsroom.CorrectionFilter{Story: d.ID})
	if err != nil || len(all.Corrections) != 2 {
		t.Errorf("story's reports %+v (%v), want 2", all.Corrections, err)
	}
}

func testCorrectionValidation(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	published := e.seed(t, stPublished, 1)
	held := e.seed(t, stHeld, 2)
	c, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: published, Text: "The date of the call is wrong."})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
		err  error
		msg  string
	}{
		{"unknown story", func() error {
			_, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: "nope", Text: "Something is wrong here."})
			return err
		}, newsroom.ErrNotFound, "no published story"},
		{"held story", func() error {
			_, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: held, Text: "Something is wrong here."})
			return err
		}, newsroom.ErrNotFound, "no published story"},
		{"too short", func() error {
			_, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: published, Text: " wrong  "})
			return err
		}, newsroom.ErrInvalid, "at least 10"},
		{"too long", func() error {
			_, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: published, Text: strings.Repeat("é", newsroom.MaxCorrectionLen+1)})
			return err
		}, newsroom.ErrInvalid, "the limit is 5000"},
		{"contact on two lines", func() error {
			_, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: published, Text: "Something is wrong here.", Contact: "a@b.c\nBcc: x@y.z"})
			return err
		}, newsroom.ErrInvalid, "control character"},
		{"contact too long", func() error {
			_, err := e.svc.ReportCorrection(e.ctx, newsroom.CorrectionReport{Slug: published, Text: "Something is wrong here.", Contact: strings.Repeat("a", 300)})
			return err
		}, newsroom.ErrInvalid, "contact"},
		{"resolve unknown", func() error {
			_, _, err := e.svc.ResolveCorrection(e.ctx, 9999, newsroom.ResolveRequest{Draft: draft(1), Actor: "x", Note: "A long enough note."}, Checker)
			return err
		}, newsroom.ErrNotFound, "9999"},
		{"resolve without note", func() error {
			_, _, err := e.svc.ResolveCorrection(e.ctx, c.ID, newsroom.ResolveRequest{Draft: draft(1), Actor: "x"}, Checker)
			return err
		}, newsroom.ErrInvalid, "correction note"},
		{"dismiss without reason", func() error {
			_, err := e.svc.DismissCorrection(e.ctx, c.ID, newsroom.Review{Actor: "x"})
			return err
		}, newsroom.ErrInvalid, "reason is empty"},
		{"dismiss unknown", func() error {
			_, err := e.svc.DismissCorrection(e.ctx, 9999, newsroom.Review{Actor: "x", Reason: "spam"})
			return err
		}, newsroom.ErrNotFound, ""},
		{"bad status filter", func() error {
			_, err := e.svc.Corrections(e.ctx, newsroom.CorrectionFilter{Status: "pending"})
			return err
		}, newsroom.ErrInvalid, "unknown correction status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.name, tc.do(), tc.err, tc.msg) })
	}
	if got, err := e.repo.Correction(e.ctx, c.ID); err != nil || got.Status != newsroom.CorrectionOpen {
		t.Errorf("report is %s (%v) after refused actions, want open", got.Status, err)
	}
}
