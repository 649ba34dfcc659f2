package newsroomtest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
)

// action is an editor's action in the transition table.
type action string

const (
	approve   action = "approve"
	reject    action = "reject"
	editClean action = "edit-clean" // an edit the rules publish
	editHold  action = "edit-hold"  // an edit the rules hold
	editBlock action = "edit-block" // an edit the rules block
)

var actions = []action{approve, reject, editClean, editHold, editBlock}

func (e *env) act(slug string, a action, n int) error {
	var err error
	switch a {
	case approve:
		_, err = e.svc.Approve(e.ctx, slug, newsroom.Review{Actor: "alice", Reason: "checked against the release"})
	case reject:
		_, err = e.svc.Reject(e.ctx, slug, newsroom.Review{Actor: "alice", Reason: "duplicate of an earlier story"})
	case editClean, editHold, editBlock:
		d := draft(n, "An editor's paragraph.")
		switch a {
		case editHold:
			d.Body = append(d.Body, "Orders were "+HoldWord+".")
		case editBlock:
			d.Body = append(d.Body, "\"We "+BlockWord+" it,\" she said.")
		}
		_, _, err = e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: d, Actor: "alice", Reason: "tighten the lead"}, Checker)
	}
	return err
}

func testTransitions(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	type want struct {
		status newsroom.Status
		err    error
		msg    string
	}
	ok := func(s newsroom.Status) want { return want{status: s} }
	fail := func(err error, msg string) want { return want{err: err, msg: msg} }
	published := map[action]want{
		approve:   fail(newsroom.ErrTransition, "already published"),
		reject:    fail(newsroom.ErrTransition, "corrected, not rejected"),
		editClean: ok(newsroom.StatusPublished),
		editHold:  ok(newsroom.StatusPublished),
		editBlock: fail(newsroom.ErrBlocked, "edit not saved"),
	}
	rejected := map[action]want{
		approve:   fail(newsroom.ErrTransition, "edit it to return it to the review queue"),
		reject:    fail(newsroom.ErrTransition, "already rejected"),
		editClean: ok(newsroom.StatusHeld),
		editHold:  ok(newsroom.StatusHeld),
		editBlock: ok(newsroom.StatusHeld),
	}
	table := map[state]map[action]want{
		stDraft: {
			approve:   fail(newsroom.ErrTransition, "not been checked"),
			reject:    ok(newsroom.StatusRejected),
			editClean: ok(newsroom.StatusHeld),
			editHold:  ok(newsroom.StatusHeld),
			editBlock: ok(newsroom.StatusHeld),
		},
		stHeld: {
			approve:   ok(newsroom.StatusPublished),
			reject:    ok(newsroom.StatusRejected),
			editClean: ok(newsroom.StatusHeld),
			editHold:  ok(newsroom.StatusHeld),
			editBlock: ok(newsroom.StatusHeld),
		},
		stBlocked: {
			approve:   fail(newsroom.ErrTransition, "blocking findings (quote.verbatim)"),
			reject:    ok(newsroom.StatusRejected),
			editClean: ok(newsroom.StatusHeld),
			editHold:  ok(newsroom.StatusHeld),
			editBlock: ok(newsroom.StatusHeld),
		},
		stPublished: published,
		stApproved:  published,
		stRejected:  rejected,
		stRefused:   rejected,
	}
	e := setup(t, newRepo)
	n := 0
	for _, st := range states {
		for _, a := range actions {
			w := table[st][a]
			n++
			t.Run(fmt.Sprintf("%s/%s", st, a), func(t *testing.T) {
				slug := e.seed(t, st, n)
				before := e.detail(t, slug)
				err := e.act(slug, a, n)
				after := e.detail(t, slug)
				if w.err != nil {
					wantErr(t, string(a), err, w.err, w.msg)
					if after.Status != before.Status || after.Version != before.Version || len(after.Audit) != len(before.Audit) ||
						!after.Updated.Equal(before.Updated) {
						t.Errorf("refused %s changed the story: %s v%d (%d audit) → %s v%d (%d audit)", a,
							before.Status, before.Version, len(before.Audit), after.Status, after.Version, len(after.Audit))
					}
					return
				}
				if err != nil {
					t.Fatalf("%s: %v, want status %s", a, err, w.status)
				}
				if after.Status != w.status {
					t.Errorf("status %s, want %s", after.Status, w.status)
				}
				wantVersion := before.Version
				if a != approve && a != reject {
					wantVersion++
				}
				if after.Version != wantVersion {
					t.Errorf("version %d, want %d", after.Version, wantVersion)
				}
				last := after.Audit[len(after.Audit)-1]
				wantAction := map[action]newsroom.Action{approve: newsroom.ActionApproved, reject: newsroom.ActionRejected}[a]
				if wantAction == "" {
					wantAction = newsroom.ActionEdited
				}
				if len(after.Audit) != len(before.Audit)+1 || last.Action != wantAction || last.From != before.Status ||
					last.To != w.status || last.Actor != "alice" || last.Version != after.Version || last.Reason == "" {
					t.Errorf("audit gained %d entries, last %+v; want one %s %s→%s by alice on version %d with a reason",
						len(after.Audit)-len(before.Audit), last, wantAction, before.Status, w.status, after.Version)
				}
				if !after.LastReviewed.Equal(last.At) || after.LastReviewedBy != "alice" {
					t.Errorf("last reviewed %v by %q, want %v by alice", after.LastReviewed, after.LastReviewedBy, last.At)
				}
				if w.status == newsroom.StatusPublished {
					if after.Published.IsZero() {
						t.Error("published story has no publication time")
					}
					if !before.Published.IsZero() && !after.Published.Equal(before.Published) {
						t.Errorf("publication time moved from %v to %v", before.Published, after.Published)
					}
				}
			})
		}
	}

	// Paths out of the dead ends: fix a blocked edit, revive a rejected story.
	for _, st := range []state{stBlocked, stRejected, stRefused} {
		t.Run(string(st)+"/edit-then-approve", func(t *testing.T) {
			n++
			slug := e.seed(t, st, n)
			if err := e.act(slug, editClean, n); err != nil {
				t.Fatal(err)
			}
			if err := e.act(slug, approve, n); err != nil {
				t.Fatalf("approve after a clean edit: %v", err)
			}
			if d := e.detail(t, slug); d.Status != newsroom.StatusPublished {
				t.Errorf("status %s, want published", d.Status)
			}
		})
	}
}

func testReviewValidation(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	slug := e.seed(t, stHeld, 1)
	failing := func(newsroom.Draft) (newsroom.Check, error) { return newsroom.Check{}, errors.New("rules unavailable") }
	lying := func(newsroom.Draft) (newsroom.Check, error) {
		return newsroom.Check{Decision: newsroom.Publish, Findings: []newsroom.Finding{{Rule: "quote.verbatim", Severity: newsroom.SeverityBlock}}}, nil
	}
	tests := []struct {
		name string
		do   func() error
		err  error
		msg  string
	}{
		{"approve without actor", func() error { _, err := e.svc.Approve(e.ctx, slug, newsroom.Review{}); return err }, newsroom.ErrInvalid, "actor is empty"},
		{"reject without reason", func() error {
			_, err := e.svc.Reject(e.ctx, slug, newsroom.Review{Actor: "bo"})
			return err
		}, newsroom.ErrInvalid, "reason is empty"},
		{"reason too long", func() error {
			_, err := e.svc.Reject(e.ctx, slug, newsroom.Review{Actor: "bo", Reason: strings.Repeat("x", newsroom.MaxReasonLen+1)})
			return err
		}, newsroom.ErrInvalid, ""},
		{"edit without reason", func() error {
			_, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: draft(1), Actor: "bo"}, Checker)
			return err
		}, newsroom.ErrInvalid, "reason is empty"},
		{"edit without headline", func() error {
			_, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: newsroom.Draft{Body: []string{"x"}}, Actor: "bo", Reason: "r"}, Checker)
			return err
		}, newsroom.ErrInvalid, "headline is empty"},
		{"edit without checker", func() error {
			_, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: draft(1), Actor: "bo", Reason: "r"}, nil)
			return err
		}, nil, "no checker"},
		{"checker fails", func() error {
			_, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: draft(1), Actor: "bo", Reason: "r"}, failing)
			return err
		}, nil, "rules unavailable"},
		{"checker contradicts itself", func() error {
			_, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: draft(1), Actor: "bo", Reason: "r"}, lying)
			return err
		}, newsroom.ErrInvalid, "contradicts"},
		{"unknown story", func() error {
			_, err := e.svc.Approve(e.ctx, "no-such-story", newsroom.Review{Actor: "bo"})
			return err
		}, newsroom.ErrNotFound, "no-such-story"},
		{"stale approval", func() error {
			_, err := e.svc.Approve(e.ctx, slug, newsroom.Review{Actor: "bo", Version: 7})
			return err
		}, newsroom.ErrStale, "version 7"},
		{"stale edit", func() error {
			_, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: draft(1), Actor: "bo", Reason: "r", Version: 2}, Checker)
			return err
		}, newsroom.ErrStale, "now at version 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if err == nil {
				t.Fatalf("no error, want one saying %q", tc.msg)
			}
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err, tc.msg)
			} else if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
		})
	}
	d := e.detail(t, slug)
	if d.Status != newsroom.StatusHeld || d.Version != 1 || len(d.Audit) != 1 {
		t.Errorf("refused actions changed the story: %s v%d with %d audit entries", d.Status, d.Version, len(d.Audit))
	}
	// The current version is accepted as the base.
	if _, err := e.svc.Approve(e.ctx, slug, newsroom.Review{Actor: "bo", Version: 1}); err != nil {
		t.Errorf("approve at the current version: %v", err)
	}
}

func testApproveRace(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	slug := e.seed(t, stHeld, 1)
	const n = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		winners []string
		others  []error
	)
	for i := range n {
		wg.Go(func() {
			actor := fmt.Sprintf("editor-%d", i)
			_, err := e.svc.Approve(e.ctx, slug, newsroom.Review{Actor: actor})
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				winners = append(winners, actor)
			} else {
				others = append(others, err)
			}
		})
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("%d approvals succeeded (%v), want exactly 1", len(winners), winners)
	}
	for _, err := range others {
		wantErr(t, "losing approval", err, newsroom.ErrTransition, "already published")
	}
	d := e.detail(t, slug)
	if d.Status != newsroom.StatusPublished || d.LastReviewedBy != winners[0] {
		t.Errorf("story %s reviewed by %q, want published by %s", d.Status, d.LastReviewedBy, winners[0])
	}
	if got := countActions(d, newsroom.ActionApproved); got != 1 {
		t.Errorf("%d approvals in the audit log, want 1", got)
	}
	if last := d.Audit[len(d.Audit)-1]; last.Actor != winners[0] || last.From != newsroom.StatusHeld || last.To != newsroom.StatusPublished {
		t.Errorf("audit %+v does not record %s's approval held→published", last, winners[0])
	}
}

func testEditRace(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	slug := e.seed(t, stHeld, 1)
	const n = 6
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for i := range n {
		wg.Go(func() {
			d := draft(1, fmt.Sprintf("Edit number %d.", i))
			_, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: d, Actor: fmt.Sprintf("editor-%d", i), Reason: "race"}, Checker)
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Errorf("concurrent edit: %v", err)
	}
	d := e.detail(t, slug)
	if d.Version != n+1 || len(d.Versions) != n+1 {
		t.Fatalf("version %d with %d versions stored, want %d", d.Version, len(d.Versions), n+1)
	}
	for i, v := range d.Versions {
		if v.Number != i+1 {
			t.Errorf("version %d has number %d: want numbers without gaps", i+1, v.Number)
		}
	}
	if got := countActions(d, newsroom.ActionEdited); got != n {
		t.Errorf("%d edits in the audit log, want %d", got, n)
	}
}

func testVersionHistory(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	slug := e.seed(t, stHeld, 1)
	edits := []struct {
		actor, reason string
		body          string
	}{
		{"alice", "trace the sales figure", "Sales rose."},
		{"bob", "shorter lead", "Sales rose sharply."},
	}
	for _, ed := range edits {
		if _, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: draft(1, ed.body), Actor: ed.actor, Reason: ed.reason}, Checker); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.Approve(e.ctx, slug, newsroom.Review{Actor: "carol", Version: 3}); err != nil {
		t.Fatal(err)
	}
	d := e.detail(t, slug)
	want := []struct {
		change newsroom.Change
		actor  string
		reason string
		last   string
	}{
		{newsroom.ChangeDrafted, newsroom.PipelineActor, "", "Sales were " + HoldWord + "."},
		{newsroom.ChangeEdited, "alice", "trace the sales figure", "Sales rose."},
		{newsroom.ChangeEdited, "bob", "shorter lead", "Sales rose sharply."},
	}
	if len(d.Versions) != len(want) {
		t.Fatalf("%d versions, want %d", len(d.Versions), len(want))
	}
	for i, w := range want {
		v := d.Versions[i]
		if v.Number != i+1 || v.Change != w.change || v.Actor != w.actor || v.Reason != w.reason || v.Body[len(v.Body)-1] != w.last {
			t.Errorf("version %d: %d %s by %s (%q), last paragraph %q; want %s by %s (%q), %q",
				i+1, v.Number, v.Change, v.Actor, v.Reason, v.Body[len(v.Body)-1], w.change, w.actor, w.reason, w.last)
		}
		if v.DraftedBy != "extractive" {
			t.Errorf("version %d drafted by %q, want the original drafter extractive", i+1, v.DraftedBy)
		}
		if i > 0 && !v.Created.After(d.Versions[i-1].Created) {
			t.Errorf("version %d created %v, not after version %d (%v)", i+1, v.Created, i, d.Versions[i-1].Created)
		}
		if v.Created.Location() != time.UTC || v.Created.Nanosecond()%1000 != 0 {
			t.Errorf("version %d time %v: want UTC at microsecond precision", i+1, v.Created)
		}
	}
	if cur := d.Current(); cur.Number != 3 || cur.Actor != "bob" {
		t.Errorf("current version %d by %s, want 3 by bob", cur.Number, cur.Actor)
	}
	if d.Versions[0].Decision != newsroom.Hold || d.Versions[1].Decision != newsroom.Publish || len(d.Versions[0].Rules) != len(Rules) {
		t.Errorf("decisions %s, %s and rules %v: want hold then publish, rules %v", d.Versions[0].Decision, d.Versions[1].Decision, d.Versions[0].Rules, Rules)
	}
	if d.Status != newsroom.StatusPublished || d.LastReviewedBy != "carol" {
		t.Errorf("status %s reviewed by %s, want published by carol", d.Status, d.LastReviewedBy)
	}
	actionsWant := []newsroom.Action{newsroom.ActionSubmitted, newsroom.ActionEdited, newsroom.ActionEdited, newsroom.ActionApproved}
	if len(d.Audit) != len(actionsWant) {
		t.Fatalf("audit %+v, want actions %v", d.Audit, actionsWant)
	}
	for i, a := range actionsWant {
		if d.Audit[i].Action != a || d.Audit[i].Slug != slug {
			t.Errorf("audit %d: %s on %q, want %s on %q", i, d.Audit[i].Action, d.Audit[i].Slug, a, slug)
		}
		if i > 0 && d.Audit[i].ID <= d.Audit[i-1].ID {
			t.Errorf("audit IDs %d then %d: want increasing", d.Audit[i-1].ID, d.Audit[i].ID)
		}
	}
}
