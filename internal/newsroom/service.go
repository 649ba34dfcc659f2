package newsroom

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// PipelineActor is the actor of the pipeline's submissions.
const PipelineActor = "pipeline"

// ReaderActor is the actor of readers' correction reports in the audit log
// (their contact details are not copied there).
const ReaderActor = "reader"

// conflictRetries is how many times an operation that lost a race
// (ErrConflict) is run again before the error is returned.
const conflictRetries = 4

// Service applies the newsroom's rules: every operation runs in one
// repository transaction and appends what it decided to the audit log. It
// is safe for concurrent use.
type Service struct {
	repo Repository
	now  func() time.Time
}

// Options configure a Service.
type Options struct {
	// Now is the clock; nil means time.Now. Times are stored in UTC at
	// microsecond precision.
	Now func() time.Time
}

// NewService returns a Service over repo.
func NewService(repo Repository, opts Options) *Service {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Service{repo: repo, now: now}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// inTx runs fn in a transaction, again when it loses a race.
func (s *Service) inTx(ctx context.Context, fn func(tx Tx) error) error {
	var err error
	for range conflictRetries {
		if err = s.repo.InTx(ctx, fn); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

// Submission is one pipeline result for a story: its draft, the rules'
// check, its sources, tags and sentiment.
type Submission struct {
	// Key is the dedupe key: submissions with the same key are one story.
	Key   string
	Draft Draft
	// Check is the rules' verdict on Draft; nil records an unchecked draft
	// (status draft) for a pipeline that checks in a later stage.
	Check   *Check
	Sources []Source
	// Tags, when non-nil, replace the story's tags (order does not
	// matter; they are stored most salient first).
	Tags []Tag
	// Sentiment, when set, replaces the story's document sentiment.
	Sentiment Sentiment
	// Category, when set, files the story; otherwise CategoryFor does.
	Category Category
	// Actor defaults to PipelineActor.
	Actor string
}

// Outcome says what a submission changed.
type Outcome string

// Submission outcomes.
const (
	OutcomeCreated   Outcome = "created"   // a new story with its first version
	OutcomeUpdated   Outcome = "updated"   // a new version of an existing story
	OutcomeUnchanged Outcome = "unchanged" // this exact submission was already recorded
	OutcomeLocked    Outcome = "locked"    // the story is published or reviewed: only sources were added
)

// SubmitResult is what SubmitDraft did.
type SubmitResult struct {
	Story Story
	// Version is the version the submission produced, or for unchanged and
	// locked outcomes the story's current version.
	Version Version
	Outcome Outcome
	// Note explains a locked outcome.
	Note string
}

// SubmitDraft records a pipeline draft and its check for the story with
// sub.Key, creating the story on first sight. The check's decision sets
// the status: publish → published, hold → held (review queue), reject →
// rejected, no check → draft.
//
// It is idempotent: submitting the same draft and check again changes
// nothing (OutcomeUnchanged), and sources and tags are keyed so they are
// never duplicated. A story that is published or that an editor has acted
// on keeps its text and tags (OutcomeLocked); new sources are still linked.
func (s *Service) SubmitDraft(ctx context.Context, sub Submission) (SubmitResult, error) {
	key, err := checkText("dedupe key", sub.Key, 1, MaxKeyLen, false)
	if err != nil {
		return SubmitResult{}, fmt.Errorf("submit draft: %w", err)
	}
	errf := func(err error) error { return fmt.Errorf("submit draft %q: %w", key, err) }
	d, err := CheckDraft(sub.Draft)
	if err != nil {
		return SubmitResult{}, errf(err)
	}
	var check *Check
	if sub.Check != nil {
		c, err := CheckCheck(*sub.Check)
		if err != nil {
			return SubmitResult{}, errf(err)
		}
		check = &c
	}
	sources, err := checkSources(sub.Sources)
	if err != nil {
		return SubmitResult{}, errf(err)
	}
	var tags []Tag
	if sub.Tags != nil {
		if tags, err = checkTags(sub.Tags); err != nil {
			return SubmitResult{}, errf(err)
		}
	}
	if err := checkSentiment("story", sub.Sentiment); err != nil {
		return SubmitResult{}, errf(err)
	}
	if sub.Category != "" {
		if _, err := ParseCategory(string(sub.Category)); err != nil {
			return SubmitResult{}, errf(err)
		}
	}
	actor := PipelineActor
	if sub.Actor != "" {
		if actor, err = checkActor(sub.Actor); err != nil {
			return SubmitResult{}, errf(err)
		}
	}
	digest := Digest(d, check)

	var res SubmitResult
	err = s.inTx(ctx, func(tx Tx) error {
		res = SubmitResult{}
		now := s.clock()
		category := sub.Category
		if category == "" {
			kinds := make([]string, len(sources))
			for i, src := range sources {
				kinds[i] = src.Kind
			}
			if sub.Tags == nil {
				old, err := tx.StoryByKey(ctx, key)
				if err == nil {
					ts, err := tx.StoryTags(ctx, old.ID)
					if err != nil {
						return err
					}
					tags = ts
				} else if !errors.Is(err, ErrNotFound) {
					return err
				}
			}
			category = CategoryFor(kinds, d.Headline, d.Dek, len(tags))
		}
		story, created, err := s.createOrGet(ctx, tx, NewStory{Key: key, Category: category, Created: now}, d.Headline)
		if err != nil {
			return err
		}
		for i := range sources {
			sources[i].Added = now
		}
		if err := tx.PutSources(ctx, story.ID, sources); err != nil {
			return err
		}
		if v, err := tx.VersionBySubmission(ctx, story.ID, digest); err == nil {
			if sub.Tags != nil && PipelineLock(story) == "" {
				if err := tx.PutTags(ctx, story.ID, tags); err != nil {
					return err
				}
			}
			res = SubmitResult{Story: story, Version: v, Outcome: OutcomeUnchanged}
			return nil
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		var cur Version
		if story.Version > 0 {
			if cur, err = tx.Version(ctx, story.ID, story.Version); err != nil {
				return err
			}
		}
		if lock := PipelineLock(story); lock != "" && !created {
			res = SubmitResult{Story: story, Version: cur, Outcome: OutcomeLocked, Note: lock}
			return nil
		}
		v := Version{Story: story.ID, Number: story.Version + 1, Draft: d, Actor: actor,
			Submission: digest, Created: now}
		if check != nil {
			v.Check = *check
		}
		switch {
		case story.Version == 0:
			v.Change = ChangeDrafted
		case sameText(cur.Draft, d):
			v.Change = ChangeRechecked
		default:
			v.Change = ChangeRedrafted
		}
		if err := tx.AddVersion(ctx, v); err != nil {
			return err
		}
		if sub.Tags != nil {
			if err := tx.PutTags(ctx, story.ID, tags); err != nil {
				return err
			}
		}
		next := story
		next.Version, next.Category, next.Updated = v.Number, category, now
		if sub.Sentiment != (Sentiment{}) {
			next.Sentiment = sub.Sentiment
		}
		setStatus(&next, StatusFor(check), now)
		if err := tx.UpdateStory(ctx, story, next); err != nil {
			return err
		}
		if _, err := tx.AppendAudit(ctx, AuditEntry{Story: story.ID, Version: v.Number, Actor: actor,
			Action: ActionSubmitted, From: story.Status, To: next.Status, Reason: checkSummary(check), At: now}); err != nil {
			return err
		}
		res = SubmitResult{Story: next, Version: v, Outcome: OutcomeUpdated}
		if created {
			res.Outcome = OutcomeCreated
		}
		return nil
	})
	if err != nil {
		return SubmitResult{}, errf(err)
	}
	return res, nil
}

// createOrGet creates or finds the story, lengthening the slug's hash
// when another story holds the slug.
func (s *Service) createOrGet(ctx context.Context, tx Tx, ns NewStory, headline string) (Story, bool, error) {
	var err error
	for _, n := range []int{SlugHashLen, 12, 64} {
		ns.Slug = Slug(headline, ns.Key, n)
		var (
			st      Story
			created bool
		)
		st, created, err = tx.CreateOrGetStory(ctx, ns)
		if !errors.Is(err, ErrSlugTaken) {
			return st, created, err
		}
	}
	return Story{}, false, err
}

// setStatus moves s to status at now, stamping StatusAt on a change and
// Published on the first publication.
func setStatus(s *Story, status Status, now time.Time) {
	if s.Status != status {
		s.Status, s.StatusAt = status, now
	}
	if status == StatusPublished && s.Published.IsZero() {
		s.Published = now
	}
}

// Review is an editor's decision on a story or a correction report.
type Review struct {
	Actor  string
	Reason string
	// Version, when non-zero, is the story version the editor looked at;
	// if the story has changed since, the decision is ErrStale.
	Version int
}

// storyForReview reads a story in tx and checks the editor's base version.
func storyForReview(ctx context.Context, tx Tx, slug string, base int) (Story, Version, error) {
	st, err := tx.StoryBySlug(ctx, slug)
	if err != nil {
		return Story{}, Version{}, err
	}
	if base != 0 && base != st.Version {
		return Story{}, Version{}, fmt.Errorf("%w: you acted on version %d, the story is now at version %d: reload it and decide again", ErrStale, base, st.Version)
	}
	var cur Version
	if st.Version > 0 {
		if cur, err = tx.Version(ctx, st.ID, st.Version); err != nil {
			return Story{}, Version{}, err
		}
	}
	return st, cur, nil
}

// Approve publishes a held story: it stamps the publication (first time
// only) and last-reviewed times and records the approval. Approving a
// story in any other status, or one whose current version has blocking
// findings, is ErrTransition.
func (s *Service) Approve(ctx context.Context, slug string, r Review) (Story, error) {
	return s.decide(ctx, "approve", slug, r, decision{
		reasonRequired: false,
		allowed:        CanApprove,
		to:             StatusPublished,
		action:         ActionApproved,
	})
}

// Reject rejects a draft or held story with a reason (required).
func (s *Service) Reject(ctx context.Context, slug string, r Review) (Story, error) {
	return s.decide(ctx, "reject", slug, r, decision{
		reasonRequired: true,
		allowed:        func(st Story, _ Version) error { return CanReject(st) },
		to:             StatusRejected,
		action:         ActionRejected,
	})
}

// decision is one editor decision that moves a story to a new status.
type decision struct {
	reasonRequired bool
	allowed        func(st Story, cur Version) error
	to             Status
	action         Action
}

// decide applies an editor decision in one transaction: it checks the
// actor, the reason and the transition, stamps the review and appends the
// audit entry.
func (s *Service) decide(ctx context.Context, op, slug string, r Review, d decision) (Story, error) {
	errf := func(err error) error { return fmt.Errorf("%s %q: %w", op, slug, err) }
	actor, err := checkActor(r.Actor)
	if err != nil {
		return Story{}, errf(err)
	}
	reason, err := checkReason(r.Reason, d.reasonRequired)
	if err != nil {
		return Story{}, errf(err)
	}
	var out Story
	err = s.inTx(ctx, func(tx Tx) error {
		st, cur, err := storyForReview(ctx, tx, slug, r.Version)
		if err != nil {
			return err
		}
		if err := d.allowed(st, cur); err != nil {
			return err
		}
		now := s.clock()
		next := st
		setStatus(&next, d.to, now)
		next.Updated, next.LastReviewed, next.LastReviewedBy = now, now, actor
		if err := tx.UpdateStory(ctx, st, next); err != nil {
			return err
		}
		if _, err := tx.AppendAudit(ctx, AuditEntry{Story: st.ID, Version: st.Version, Actor: actor,
			Action: d.action, From: st.Status, To: next.Status, Reason: reason, At: now}); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Story{}, errf(err)
	}
	return out, nil
}

// EditRequest is an editor's new text for a story.
type EditRequest struct {
	Draft Draft
	// Actor and Reason (both required) say who changed the text and why.
	Actor, Reason string
	// Version, when non-zero, is the version the editor edited (ErrStale
	// if the story has changed since).
	Version int
}

// prepareEdit validates an edit's input and runs the checker (outside
// any transaction: the rules are pure and may take a while).
func prepareEdit(d Draft, actor, reasonWhat, reason string, minReason, maxReason int, check Checker) (Draft, string, string, Check, error) {
	if check == nil {
		return Draft{}, "", "", Check{}, errors.New("no checker: an edit must be re-checked by the publishing rules (build one with rulecheck.New)")
	}
	actor, err := checkActor(actor)
	if err != nil {
		return Draft{}, "", "", Check{}, err
	}
	reason, err = checkText(reasonWhat, reason, minReason, maxReason, true)
	if err != nil {
		return Draft{}, "", "", Check{}, err
	}
	if d.DraftedBy == "" {
		d.DraftedBy = "editor" // replaced by the original drafter below
	}
	if d, err = CheckDraft(d); err != nil {
		return Draft{}, "", "", Check{}, err
	}
	c, err := check(d)
	if err != nil {
		return Draft{}, "", "", Check{}, fmt.Errorf("re-check: %w", err)
	}
	if c, err = CheckCheck(c); err != nil {
		return Draft{}, "", "", Check{}, fmt.Errorf("re-check result: %w", err)
	}
	return d, actor, reason, c, nil
}

// Edit stores an editor's new text as a new version, re-checked by check.
// A published story stays published (an edit with blocking findings is
// ErrBlocked and not saved); any other story goes to the review queue with
// the new findings, to be approved explicitly. The version keeps the
// original drafter in DraftedBy; Actor is the editor.
func (s *Service) Edit(ctx context.Context, slug string, req EditRequest, check Checker) (Story, Version, error) {
	errf := func(err error) error { return fmt.Errorf("edit %q: %w", slug, err) }
	d, actor, reason, c, err := prepareEdit(req.Draft, req.Actor, "reason", req.Reason, 1, MaxReasonLen, check)
	if err != nil {
		return Story{}, Version{}, errf(err)
	}
	var (
		out Story
		ver Version
	)
	err = s.inTx(ctx, func(tx Tx) error {
		st, cur, err := storyForReview(ctx, tx, slug, req.Version)
		if err != nil {
			return err
		}
		out, ver, err = s.applyEdit(ctx, tx, st, cur, d, c, actor, reason, ChangeEdited, 0)
		return err
	})
	if err != nil {
		return Story{}, Version{}, errf(err)
	}
	return out, ver, nil
}

// applyEdit records an edit of st (current version cur) in tx.
func (s *Service) applyEdit(ctx context.Context, tx Tx, st Story, cur Version, d Draft, c Check, actor, reason string, change Change, correction int64) (Story, Version, error) {
	status, err := StatusAfterEdit(st, c)
	if err != nil {
		return Story{}, Version{}, err
	}
	if cur.DraftedBy != "" {
		d.DraftedBy = cur.DraftedBy
	}
	now := s.clock()
	v := Version{Story: st.ID, Number: st.Version + 1, Change: change, Draft: d, Check: c,
		Actor: actor, Reason: reason, Created: now}
	if err := tx.AddVersion(ctx, v); err != nil {
		return Story{}, Version{}, err
	}
	next := st
	setStatus(&next, status, now)
	next.Version, next.Updated, next.LastReviewed, next.LastReviewedBy = v.Number, now, now, actor
	if err := tx.UpdateStory(ctx, st, next); err != nil {
		return Story{}, Version{}, err
	}
	action := ActionEdited
	if change == ChangeCorrected {
		action = ActionCorrectionResolved
	}
	if _, err := tx.AppendAudit(ctx, AuditEntry{Story: st.ID, Correction: correction, Version: v.Number, Actor: actor,
		Action: action, From: st.Status, To: next.Status, Reason: reason + " [" + checkSummary(&c) + "]", At: now}); err != nil {
		return Story{}, Version{}, err
	}
	return next, v, nil
}

// CorrectionReport is a reader's correction report.
type CorrectionReport struct {
	Slug string
	// Text says what is wrong (MinCorrectionLen to MaxCorrectionLen
	// characters).
	Text string
	// Contact is optional: how to reach the reader (never published).
	Contact string
}

// ReportCorrection stores a reader's report on a published story and
// queues it for editors. A story that does not exist or is not published
// is ErrNotFound. Submitting the same report twice while it is open
// returns the first.
func (s *Service) ReportCorrection(ctx context.Context, r CorrectionReport) (Correction, error) {
	errf := func(err error) error { return fmt.Errorf("report correction to %q: %w", r.Slug, err) }
	text, err := checkText("correction text", r.Text, MinCorrectionLen, MaxCorrectionLen, true)
	if err != nil {
		return Correction{}, errf(err)
	}
	contact, err := checkText("contact", r.Contact, 0, MaxContactLen, false)
	if err != nil {
		return Correction{}, errf(err)
	}
	var out Correction
	err = s.inTx(ctx, func(tx Tx) error {
		st, err := tx.StoryBySlug(ctx, r.Slug)
		if err != nil {
			if errors.Is(err, ErrNotFound) {
				return fmt.Errorf("%w: no published story %q", ErrNotFound, r.Slug)
			}
			return err
		}
		if err := CanReport(st); err != nil {
			return err
		}
		open, err := tx.Corrections(ctx, CorrectionQuery{Status: CorrectionOpen, Story: st.ID, Limit: MaxLimit})
		if err != nil {
			return err
		}
		for _, c := range open {
			if c.Text == text && c.Contact == contact {
				out = c
				return nil
			}
		}
		now := s.clock()
		c, err := tx.AddCorrection(ctx, Correction{Story: st.ID, Slug: st.Slug, Text: text, Contact: contact,
			Status: CorrectionOpen, Created: now})
		if err != nil {
			return err
		}
		if _, err := tx.AppendAudit(ctx, AuditEntry{Story: st.ID, Correction: c.ID, Actor: ReaderActor,
			Action: ActionCorrectionReported, From: st.Status, To: st.Status, At: now}); err != nil {
			return err
		}
		out = c
		return nil
	})
	if err != nil {
		return Correction{}, errf(err)
	}
	return out, nil
}

// ResolveRequest resolves a correction report with an edit.
type ResolveRequest struct {
	// Draft is the corrected text.
	Draft Draft
	Actor string
	// Note is the correction note shown, dated, on the story
	// (MinNoteLen to MaxNoteLen characters): "An earlier version of this
	// story misstated the quarter's revenue."
	Note string
	// Version, when non-zero, is the version the editor corrected.
	Version int
}

// ResolveCorrection resolves an open report by editing its story: the
// corrected text becomes a new version (change "corrected", re-checked by
// check; blocking findings are ErrBlocked) and the report is closed with
// its public note and the version that fixed it.
func (s *Service) ResolveCorrection(ctx context.Context, id int64, req ResolveRequest, check Checker) (Correction, Version, error) {
	errf := func(err error) error { return fmt.Errorf("resolve correction %d: %w", id, err) }
	d, actor, note, c, err := prepareEdit(req.Draft, req.Actor, "correction note", req.Note, MinNoteLen, MaxNoteLen, check)
	if err != nil {
		return Correction{}, Version{}, errf(err)
	}
	var (
		out Correction
		ver Version
	)
	err = s.inTx(ctx, func(tx Tx) error {
		corr, err := tx.Correction(ctx, id)
		if err != nil {
			return err
		}
		if err := CanClose(corr); err != nil {
			return err
		}
		st, err := tx.StoryByID(ctx, corr.Story)
		if err != nil {
			return err
		}
		if st.Status != StatusPublished {
			return transitionf("story %q is %s, not published: edit it instead of resolving a correction", st.Slug, st.Status)
		}
		st, cur, err := storyForReview(ctx, tx, st.Slug, req.Version)
		if err != nil {
			return err
		}
		_, ver, err = s.applyEdit(ctx, tx, st, cur, d, c, actor, note, ChangeCorrected, corr.ID)
		if err != nil {
			return err
		}
		next := corr
		next.Status, next.Note, next.Version, next.Actor, next.Resolved = CorrectionResolved, note, ver.Number, actor, ver.Created
		if err := tx.UpdateCorrection(ctx, corr, next); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Correction{}, Version{}, errf(err)
	}
	return out, ver, nil
}

// DismissCorrection closes an open report without changing the story; the
// reason (required) is kept with the report and in the audit log, and is
// not shown publicly.
func (s *Service) DismissCorrection(ctx context.Context, id int64, r Review) (Correction, error) {
	errf := func(err error) error { return fmt.Errorf("dismiss correction %d: %w", id, err) }
	actor, err := checkActor(r.Actor)
	if err != nil {
		return Correction{}, errf(err)
	}
	reason, err := checkReason(r.Reason, true)
	if err != nil {
		return Correction{}, errf(err)
	}
	var out Correction
	err = s.inTx(ctx, func(tx Tx) error {
		corr, err := tx.Correction(ctx, id)
		if err != nil {
			return err
		}
		if err := CanClose(corr); err != nil {
			return err
		}
		st, err := tx.StoryByID(ctx, corr.Story)
		if err != nil {
			return err
		}
		now := s.clock()
		next := corr
		next.Status, next.Note, next.Actor, next.Resolved = CorrectionDismissed, reason, actor, now
		if err := tx.UpdateCorrection(ctx, corr, next); err != nil {
			return err
		}
		if _, err := tx.AppendAudit(ctx, AuditEntry{Story: corr.Story, Correction: corr.ID, Actor: actor,
			Action: ActionCorrectionDismissed, From: st.Status, To: st.Status, Reason: reason, At: now}); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Correction{}, errf(err)
	}
	return out, nil
}

// Story returns a story by slug with its whole record: versions, sources,
// tags, corrections and audit log.
func (s *Service) Story(ctx context.Context, slug string) (Detail, error) {
	errf := func(err error) error { return fmt.Errorf("story %q: %w", slug, err) }
	st, err := s.repo.StoryBySlug(ctx, slug)
	if err != nil {
		return Detail{}, errf(err)
	}
	d := Detail{Story: st}
	// Versions are append-only and read after the story, so the story's
	// current version is always among them.
	if d.Versions, err = s.repo.Versions(ctx, st.ID); err != nil {
		return Detail{}, errf(err)
	}
	if d.Sources, err = s.repo.StorySources(ctx, st.ID); err != nil {
		return Detail{}, errf(err)
	}
	if d.Tags, err = s.repo.StoryTags(ctx, st.ID); err != nil {
		return Detail{}, errf(err)
	}
	if d.Corrections, err = s.repo.Corrections(ctx, CorrectionQuery{Story: st.ID, Limit: MaxLimit}); err != nil {
		return Detail{}, errf(err)
	}
	if d.Audit, err = s.repo.StoryAudit(ctx, st.ID); err != nil {
		return Detail{}, errf(err)
	}
	return d, nil
}

// Stories lists story summaries a page at a time, newest first unless
// f.Oldest.
func (s *Service) Stories(ctx context.Context, f StoryFilter) (StoryPage, error) {
	n, err := limit(f.Limit)
	if err != nil {
		return StoryPage{}, fmt.Errorf("list stories: %w", err)
	}
	after, err := ParseCursor(f.After)
	if err != nil {
		return StoryPage{}, fmt.Errorf("list stories: %w", err)
	}
	if _, err := ParseStatus(string(f.Status)); err != nil {
		return StoryPage{}, fmt.Errorf("list stories: %w", err)
	}
	if _, err := ParseCategory(string(f.Category)); err != nil {
		return StoryPage{}, fmt.Errorf("list stories: %w", err)
	}
	switch f.Sentiment {
	case "", "positive", "negative", "neutral":
	default:
		return StoryPage{}, fmt.Errorf("list stories: %w", invalidf("unknown sentiment %q: want positive, negative or neutral", f.Sentiment))
	}
	rows, err := s.repo.Stories(ctx, StoryQuery{Status: f.Status, Category: f.Category, Symbol: f.Symbol,
		Sector: f.Sector, Sentiment: f.Sentiment, Oldest: f.Oldest, Limit: n + 1, After: after})
	if err != nil {
		return StoryPage{}, fmt.Errorf("list stories: %w", err)
	}
	var page StoryPage
	page.Stories, page.Next = onePage(rows, n, func(last Summary) Cursor { return Cursor{At: last.StatusAt, ID: last.ID} })
	return page, nil
}

// onePage cuts rows, read with a limit of n+1, to a page of n and returns
// the cursor of the next page ("" on the last page, which the extra row's
// absence shows). An empty page is an empty slice, never nil, so that it
// encodes as [] in JSON.
func onePage[T any](rows []T, n int, cursor func(last T) Cursor) ([]T, string) {
	next := ""
	if len(rows) > n {
		rows, next = rows[:n], cursor(rows[n-1]).String()
	}
	if rows == nil {
		rows = []T{}
	}
	return rows, next
}

// ReviewQueue lists held stories with their blocking and holding
// findings, longest waiting first.
func (s *Service) ReviewQueue(ctx context.Context, limit int, after string) (StoryPage, error) {
	return s.Stories(ctx, StoryFilter{Status: StatusHeld, Oldest: true, Limit: limit, After: after})
}

// Correction returns one correction report, or ErrNotFound.
func (s *Service) Correction(ctx context.Context, id int64) (Correction, error) {
	c, err := s.repo.Correction(ctx, id)
	if err != nil {
		return Correction{}, fmt.Errorf("correction %d: %w", id, err)
	}
	return c, nil
}

// Corrections lists correction reports oldest first: with Status open, the
// corrections queue.
func (s *Service) Corrections(ctx context.Context, f CorrectionFilter) (CorrectionPage, error) {
	n, err := limit(f.Limit)
	if err != nil {
		return CorrectionPage{}, fmt.Errorf("list corrections: %w", err)
	}
	after, err := ParseCursor(f.After)
	if err != nil {
		return CorrectionPage{}, fmt.Errorf("list corrections: %w", err)
	}
	if _, err := ParseCorrectionStatus(string(f.Status)); err != nil {
		return CorrectionPage{}, fmt.Errorf("list corrections: %w", err)
	}
	rows, err := s.repo.Corrections(ctx, CorrectionQuery{Status: f.Status, Story: f.Story, Limit: n + 1, AfterID: after.ID})
	if err != nil {
		return CorrectionPage{}, fmt.Errorf("list corrections: %w", err)
	}
	var page CorrectionPage
	page.Corrections, page.Next = onePage(rows, n, func(last Correction) Cursor { return Cursor{ID: last.ID} })
	return page, nil
}
