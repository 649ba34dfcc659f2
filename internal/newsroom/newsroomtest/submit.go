package newsroomtest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"alphadesk/internal/newsroom"
)

func testSubmitDecisions(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	tests := []struct {
		name         string
		extra        []string
		unchecked    bool
		wantStatus   newsroom.Status
		wantDecision newsroom.Decision
		wantFindings int // block and hold findings in the summary
	}{
		{name: "publish", wantStatus: newsroom.StatusPublished, wantDecision: newsroom.Publish},
		{name: "hold", extra: []string{"Margins were " + HoldWord + "."}, wantStatus: newsroom.StatusHeld, wantDecision: newsroom.Hold, wantFindings: 1},
		{name: "reject", extra: []string{BlockWord + " and " + HoldWord}, wantStatus: newsroom.StatusRejected, wantDecision: newsroom.Reject, wantFindings: 2},
		{name: "unchecked", unchecked: true, wantStatus: newsroom.StatusDraft},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sub := submission(t, "decision-"+tc.name, i, tc.extra...)
			if tc.unchecked {
				sub.Check = nil
			}
			res := e.submit(t, sub)
			if res.Outcome != newsroom.OutcomeCreated {
				t.Errorf("outcome %s, want created", res.Outcome)
			}
			if res.Story.Status != tc.wantStatus {
				t.Errorf("status %s, want %s", res.Story.Status, tc.wantStatus)
			}
			if res.Version.Number != 1 || res.Version.Change != newsroom.ChangeDrafted || res.Version.Decision != tc.wantDecision {
				t.Errorf("version %d %s decision %q, want 1 drafted %q", res.Version.Number, res.Version.Change, res.Version.Decision, tc.wantDecision)
			}
			d := e.detail(t, res.Story.Slug)
			if d.Status != tc.wantStatus || d.Version != 1 {
				t.Errorf("stored status %s version %d, want %s 1", d.Status, d.Version, tc.wantStatus)
			}
			if tc.wantStatus == newsroom.StatusPublished && (d.Published.IsZero() || !d.LastReviewed.IsZero()) {
				t.Errorf("published %v, last reviewed %v: want a publication time and no review", d.Published, d.LastReviewed)
			}
			if tc.wantStatus != newsroom.StatusPublished && !d.Published.IsZero() {
				t.Errorf("published time %v on a %s story", d.Published, d.Status)
			}
			if len(d.Audit) != 1 || d.Audit[0].Action != newsroom.ActionSubmitted || d.Audit[0].From != newsroom.StatusDraft ||
				d.Audit[0].To != tc.wantStatus || d.Audit[0].Actor != newsroom.PipelineActor || d.Audit[0].Version != 1 {
				t.Errorf("audit %+v, want one submitted draft→%s entry by the pipeline on version 1", d.Audit, tc.wantStatus)
			}
			page, err := e.svc.Stories(e.ctx, newsroom.StoryFilter{Status: tc.wantStatus})
			if err != nil {
				t.Fatal(err)
			}
			var sum *newsroom.Summary
			for i := range page.Stories {
				if page.Stories[i].Slug == res.Story.Slug {
					sum = &page.Stories[i]
				}
			}
			if sum == nil {
				t.Fatalf("story %s not listed under %s", res.Story.Slug, tc.wantStatus)
			}
			if len(sum.Findings) != tc.wantFindings || sum.Headline != sub.Draft.Headline || len(sum.Tickers) != 1 {
				t.Errorf("summary findings %d headline %q tickers %v, want %d findings, %q, one ticker", len(sum.Findings), sum.Headline, sum.Tickers, tc.wantFindings, sub.Draft.Headline)
			}
		})
	}
}

func testSubmitIdempotent(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	sub := submission(t, "same-story", 1, "Profit was "+HoldWord+".")
	first := e.submit(t, sub)
	for i := range 3 {
		again := e.submit(t, sub)
		if again.Outcome != newsroom.OutcomeUnchanged {
			t.Errorf("submission %d: outcome %s, want unchanged", i+2, again.Outcome)
		}
		if again.Story.ID != first.Story.ID || again.Version.Number != 1 {
			t.Errorf("submission %d: story %d version %d, want story %d version 1", i+2, again.Story.ID, again.Version.Number, first.Story.ID)
		}
	}
	d := e.detail(t, first.Story.Slug)
	if len(d.Versions) != 1 || len(d.Sources) != 1 || len(d.Tags) != 1 || len(d.Audit) != 1 {
		t.Errorf("after 4 identical submissions: %d versions, %d sources, %d tags, %d audit entries; want 1 of each",
			len(d.Versions), len(d.Sources), len(d.Tags), len(d.Audit))
	}
	page, err := e.svc.Stories(e.ctx, newsroom.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) != 1 {
		t.Errorf("%d stories listed, want 1", len(page.Stories))
	}
	// The slug depends only on the key.
	if want := newsroom.Slug(sub.Draft.Headline, sub.Key, newsroom.SlugHashLen); first.Story.Slug != want {
		t.Errorf("slug %q, want %q", first.Story.Slug, want)
	}
}

func testSubmitUpdatesAndLocks(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)

	// An unreviewed held story takes new text and re-checks.
	sub := submission(t, "evolving", 1, "Costs were "+HoldWord+".")
	first := e.submit(t, sub)
	recheck := sub
	c := *sub.Check
	c.Rules = append([]string{"story.thin"}, c.Rules...)
	recheck.Check = &c
	res := e.submit(t, recheck)
	if res.Outcome != newsroom.OutcomeUpdated || res.Version.Number != 2 || res.Version.Change != newsroom.ChangeRechecked {
		t.Errorf("re-check: outcome %s version %d %s, want updated 2 rechecked", res.Outcome, res.Version.Number, res.Version.Change)
	}
	fixed := submission(t, "evolving", 1)
	fixed.Sources = append(fixed.Sources, source("evolving/2"))
	res = e.submit(t, fixed)
	if res.Outcome != newsroom.OutcomeUpdated || res.Version.Number != 3 || res.Version.Change != newsroom.ChangeRedrafted ||
		res.Story.Status != newsroom.StatusPublished || res.Story.Slug != first.Story.Slug {
		t.Errorf("redraft: outcome %s version %d %s status %s slug %s; want updated 3 redrafted published %s",
			res.Outcome, res.Version.Number, res.Version.Change, res.Story.Status, res.Story.Slug, first.Story.Slug)
	}
	// Re-submitting an earlier submission after a later one changes nothing.
	if res := e.submit(t, sub); res.Outcome != newsroom.OutcomeLocked && res.Outcome != newsroom.OutcomeUnchanged {
		t.Errorf("old submission again: outcome %s, want unchanged or locked", res.Outcome)
	}
	// Published: the text is locked, new sources still link.
	late := submission(t, "evolving", 1, "A late paragraph.")
	late.Sources = []newsroom.Source{source("evolving/3")}
	res = e.submit(t, late)
	if res.Outcome != newsroom.OutcomeLocked || res.Note == "" || res.Version.Number != 3 {
		t.Errorf("published story: outcome %s note %q version %d, want locked with a note at version 3", res.Outcome, res.Note, res.Version.Number)
	}
	d := e.detail(t, first.Story.Slug)
	if len(d.Versions) != 3 || len(d.Sources) != 3 {
		t.Errorf("%d versions %d sources, want 3 and 3", len(d.Versions), len(d.Sources))
	}
	for i, s := range d.Sources {
		if want := fmt.Sprintf("evolving/%d", i+1); s.ItemKey != want {
			t.Errorf("source %d is %s, want %s (order of first submission)", i, s.ItemKey, want)
		}
	}

	// Reviewed by an editor: locked too.
	slug := e.seed(t, stHeld, 7)
	if _, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: draft(7), Actor: "ed", Reason: "fix figure"}, Checker); err != nil {
		t.Fatal(err)
	}
	res = e.submit(t, submission(t, "story-held-7", 7, "Pipeline redraft."))
	if res.Outcome != newsroom.OutcomeLocked || res.Version.Number != 2 || res.Version.Actor != "ed" {
		t.Errorf("edited story: outcome %s version %d by %s, want locked at the editor's version 2", res.Outcome, res.Version.Number, res.Version.Actor)
	}
}

func testSubmitValidation(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	tests := []struct {
		name   string
		modify func(s *newsroom.Submission)
		msg    string
	}{
		{"no key", func(s *newsroom.Submission) { s.Key = " " }, "dedupe key is empty"},
		{"no headline", func(s *newsroom.Submission) { s.Draft.Headline = "" }, "headline is empty"},
		{"headline too long", func(s *newsroom.Submission) { s.Draft.Headline = strings.Repeat("x", 400) }, "headline"},
		{"no drafter", func(s *newsroom.Submission) { s.Draft.DraftedBy = "" }, "drafted_by"},
		{"control character", func(s *newsroom.Submission) { s.Draft.Headline = "Bell\a" }, "control character"},
		{"invalid UTF-8", func(s *newsroom.Submission) { s.Draft.Body = []string{"\xff"} }, "UTF-8"},
		{"decision contradicts findings", func(s *newsroom.Submission) {
			s.Check.Decision = newsroom.Publish
			s.Check.Findings[0].Severity = newsroom.SeverityHold
		}, "contradicts"},
		{"unknown decision", func(s *newsroom.Submission) { s.Check.Decision = "maybe" }, "unknown decision"},
		{"unknown severity", func(s *newsroom.Submission) { s.Check.Findings[0].Severity = "grave" }, "unknown severity"},
		{"finding without rule", func(s *newsroom.Submission) { s.Check.Findings[0].Rule = "" }, "no rule"},
		{"bad draft span", func(s *newsroom.Submission) { s.Check.Findings[0].DraftSpan = [2]int{5, 2} }, "not a range"},
		{"duplicate item", func(s *newsroom.Submission) { s.Sources = append(s.Sources, s.Sources[0]) }, "listed twice"},
		{"source without item key", func(s *newsroom.Submission) { s.Sources[0].ItemKey = "" }, "item key is empty"},
		{"anonymous source", func(s *newsroom.Submission) { s.Sources[0].Name, s.Sources[0].URL = "", "" }, "neither a name nor a URL"},
		{"script URL", func(s *newsroom.Submission) { s.Sources[0].URL = "javascript:alert(1)" }, "http"},
		{"confidence over 1", func(s *newsroom.Submission) { s.Tags[0].Confidence = 1.5 }, "confidence"},
		{"duplicate tag", func(s *newsroom.Submission) { s.Tags = append(s.Tags, s.Tags[0]) }, "tagged twice"},
		{"bad sentiment", func(s *newsroom.Submission) { s.Sentiment.Label = "bullish" }, "sentiment label"},
		{"sentiment out of range", func(s *newsroom.Submission) { s.Sentiment.Score = 3 }, "sentiment score"},
		{"unknown category", func(s *newsroom.Submission) { s.Category = "Gossip" }, "unknown category"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sub := submission(t, fmt.Sprintf("invalid-%d", i), i)
			tc.modify(&sub)
			_, err := e.svc.SubmitDraft(e.ctx, sub)
			wantErr(t, "SubmitDraft", err, newsroom.ErrInvalid, tc.msg)
		})
	}
	page, err := e.svc.Stories(e.ctx, newsroom.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) != 0 {
		t.Errorf("invalid submissions stored %d stories", len(page.Stories))
	}
}

func testSubmitRace(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	sub := submission(t, "raced", 1)
	const n = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		created int
		errs    []error
	)
	for range n {
		wg.Go(func() {
			res, err := e.svc.SubmitDraft(e.ctx, sub)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			if res.Outcome == newsroom.OutcomeCreated {
				created++
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Errorf("concurrent submission: %v", err)
	}
	if created != 1 {
		t.Errorf("%d submissions created the story, want exactly 1", created)
	}
	page, err := e.svc.Stories(e.ctx, newsroom.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) != 1 {
		t.Fatalf("%d stories, want 1", len(page.Stories))
	}
	d := e.detail(t, page.Stories[0].Slug)
	if len(d.Versions) != 1 || len(d.Audit) != 1 || len(d.Sources) != 1 {
		t.Errorf("%d versions %d audit entries %d sources, want 1 each", len(d.Versions), len(d.Audit), len(d.Sources))
	}
}
