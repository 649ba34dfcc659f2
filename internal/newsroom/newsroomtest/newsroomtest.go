// Package newsroomtest is the conformance suite every newsroom.Repository
// implementation must pass, run through newsroom.Service so it checks the
// behaviour callers rely on: decisions, state transitions, idempotent
// submissions, version history, corrections, pagination and races.
//
// A backend's test calls Run with a function returning a new, empty,
// migrated repository:
//
//	func TestNewsroomConformance(t *testing.T) {
//		newsroomtest.Run(t, func(t *testing.T) newsroom.Repository { return open(t).Newsroom() })
//	}
//
// It also exports test helpers for packages built on the newsroom: a
// stepping Clock and a stand-in Checker.
package newsroomtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
)

// Clock is a test clock: each Now returns a time Step later than the
// previous one (a zero Step stands still). It is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	t    time.Time
	Step time.Duration
}

// NewClock returns a clock starting at start and stepping by step.
func NewClock(start time.Time, step time.Duration) *Clock {
	return &Clock{t: start, Step: step}
}

// Now advances the clock by Step and returns the new time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.Step)
	return c.t
}

// Markers the stand-in Checker reacts to.
const (
	// BlockWord in a draft makes Checker block it (rule quote.verbatim).
	BlockWord = "FABRICATED"
	// HoldWord in a draft makes Checker hold it (rule number.traced).
	HoldWord = "UNTRACED"
)

// Rules is what Checker says it applied.
var Rules = []string{"number.traced", "quote.verbatim"}

// Checker is a stand-in for the publishing rules: each BlockWord in the
// draft is a blocking quote.verbatim finding, each HoldWord a holding
// number.traced finding, and every draft gets an info finding on its
// headline; the decision follows from the findings.
func Checker(d newsroom.Draft) (newsroom.Check, error) {
	text := Text(d)
	fs := []newsroom.Finding{{Rule: "number.traced", Severity: newsroom.SeverityInfo,
		DraftSpan: [2]int{0, len(d.Headline)}, Message: "headline checked"}}
	for _, m := range []struct {
		word, rule string
		sev        newsroom.Severity
	}{{BlockWord, "quote.verbatim", newsroom.SeverityBlock}, {HoldWord, "number.traced", newsroom.SeverityHold}} {
		for i := 0; ; {
			j := strings.Index(text[i:], m.word)
			if j < 0 {
				break
			}
			at := i + j
			fs = append(fs, newsroom.Finding{Rule: m.rule, Severity: m.sev, DraftSpan: [2]int{at, at + len(m.word)},
				SourceSpan: &newsroom.SourceSpan{Source: 0, Span: [2]int{0, 4}}, Message: m.word + " is not in any source"})
			i = at + len(m.word)
		}
	}
	return newsroom.Check{Decision: newsroom.Decide(fs), Findings: fs, Rules: Rules}, nil
}

// Text renders a draft as the rules read it: headline, dek and paragraphs
// separated by blank lines, then "- " bullets on their own lines.
func Text(d newsroom.Draft) string {
	var b strings.Builder
	add := func(s, marker, sep string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(marker + s)
	}
	add(d.Headline, "", "\n\n")
	add(d.Dek, "", "\n\n")
	for _, p := range d.Body {
		add(p, "", "\n\n")
	}
	for i, w := range d.Watch {
		sep := "\n"
		if i == 0 {
			sep = "\n\n"
		}
		add(w, "- ", sep)
	}
	return b.String()
}

// Run runs the suite. newRepo must return a new, empty repository each
// time it is called.
func Run(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, newRepo func(t *testing.T) newsroom.Repository)
	}{
		{"SubmitDecisions", testSubmitDecisions},
		{"SubmitIdempotent", testSubmitIdempotent},
		{"SubmitUpdatesAndLocks", testSubmitUpdatesAndLocks},
		{"SubmitValidation", testSubmitValidation},
		{"Transitions", testTransitions},
		{"ReviewValidation", testReviewValidation},
		{"ApproveRace", testApproveRace},
		{"EditRace", testEditRace},
		{"SubmitRace", testSubmitRace},
		{"VersionHistory", testVersionHistory},
		{"Corrections", testCorrections},
		{"CorrectionValidation", testCorrectionValidation},
		{"Pagination", testPagination},
		{"PaginationTies", testPaginationTies},
		{"ReviewQueue", testReviewQueue},
		{"Filters", testFilters},
		{"Tags", testTags},
		{"Sources", testSources},
		{"RepositoryContract", testRepositoryContract},
		{"NotFound", testNotFound},
		{"Rollback", testRollback},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newRepo) })
	}
}

// env is one test's service over a fresh repository.
type env struct {
	repo  newsroom.Repository
	svc   *newsroom.Service
	clock *Clock
	ctx   context.Context
}

var epoch = time.Date(2026, 4, 30, 20, 0, 0, 0, time.UTC)

func setup(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) *env {
	t.Helper()
	repo := newRepo(t)
	clock := NewClock(epoch, time.Second)
	return &env{repo: repo, svc: newsroom.NewService(repo, newsroom.Options{Now: clock.Now}), clock: clock, ctx: context.Background()}
}

// draft returns a clean draft about company n.
func draft(n int, extra ...string) newsroom.Draft {
	body := []string{fmt.Sprintf("Company %d said revenue rose in the quarter, according to its statement.", n)}
	body = append(body, extra...)
	return newsroom.Draft{
		Headline:  fmt.Sprintf("Company %d reports higher revenue", n),
		Dek:       fmt.Sprintf("Company %d beat its own forecast.", n),
		Body:      body,
		Watch:     []string{"The next report is due in July."},
		DraftedBy: "extractive",
	}
}

func checked(t *testing.T, d newsroom.Draft) *newsroom.Check {
	t.Helper()
	c, err := Checker(d)
	if err != nil {
		t.Fatal(err)
	}
	return &c
}

func source(key string) newsroom.Source {
	return newsroom.Source{ItemKey: key, Name: "Example Wire", URL: "https://example.com/" + key, Kind: "news",
		Title: "Item " + key, Text: "Company text for " + key + "."}
}

// submission builds a checked pipeline submission for key whose draft
// carries the extra body paragraphs.
func submission(t *testing.T, key string, n int, extra ...string) newsroom.Submission {
	d := draft(n, extra...)
	return newsroom.Submission{Key: key, Draft: d, Check: checked(t, d), Sources: []newsroom.Source{source(key + "/1")},
		Tags: []newsroom.Tag{{Symbol: fmt.Sprintf("C%d", n), Name: fmt.Sprintf("Company %d", n), Confidence: 0.9, Salience: 1,
			Mentions: []newsroom.Mention{{Start: 0, End: 9, Text: fmt.Sprintf("Company %d", n), Via: "name"}}}},
		Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.4}}
}

func (e *env) submit(t *testing.T, sub newsroom.Submission) newsroom.SubmitResult {
	t.Helper()
	res, err := e.svc.SubmitDraft(e.ctx, sub)
	if err != nil {
		t.Fatalf("SubmitDraft(%s): %v", sub.Key, err)
	}
	return res
}

// State names a story's situation for the transition tests.
type state string

const (
	stDraft     state = "draft"      // unchecked
	stHeld      state = "held"       // held by the rules
	stBlocked   state = "held-block" // an editor's edit left blocking findings: held, decision reject
	stPublished state = "published"  // published by the rules
	stApproved  state = "approved"   // held, then approved by an editor
	stRejected  state = "rejected"   // rejected by the rules
	stRefused   state = "refused"    // held, then rejected by an editor
)

var states = []state{stDraft, stHeld, stBlocked, stPublished, stApproved, stRejected, stRefused}

// seed creates a story in the given state and returns its slug.
func (e *env) seed(t *testing.T, st state, n int) string {
	t.Helper()
	key := fmt.Sprintf("story-%s-%d", st, n)
	sub := submission(t, key, n)
	switch st {
	case stDraft:
		sub.Check = nil
	case stHeld, stBlocked, stApproved, stRefused:
		sub.Draft.Body = append(sub.Draft.Body, "Sales were "+HoldWord+".")
		sub.Check = checked(t, sub.Draft)
	case stRejected:
		sub.Draft.Body = append(sub.Draft.Body, "\"We "+BlockWord+" this,\" the chief said.")
		sub.Check = checked(t, sub.Draft)
	}
	res := e.submit(t, sub)
	slug := res.Story.Slug
	switch st {
	case stBlocked:
		d := draft(n, BlockWord+" quote added by an editor.")
		if _, _, err := e.svc.Edit(e.ctx, slug, newsroom.EditRequest{Draft: d, Actor: "ed", Reason: "try a quote"}, Checker); err != nil {
			t.Fatal(err)
		}
	case stApproved:
		if _, err := e.svc.Approve(e.ctx, slug, newsroom.Review{Actor: "ed"}); err != nil {
			t.Fatal(err)
		}
	case stRefused:
		if _, err := e.svc.Reject(e.ctx, slug, newsroom.Review{Actor: "ed", Reason: "not news"}); err != nil {
			t.Fatal(err)
		}
	}
	return slug
}

func (e *env) detail(t *testing.T, slug string) newsroom.Detail {
	t.Helper()
	d, err := e.svc.Story(e.ctx, slug)
	if err != nil {
		t.Fatalf("Story(%q): %v", slug, err)
	}
	return d
}

func countActions(d newsroom.Detail, a newsroom.Action) int {
	n := 0
	for _, e := range d.Audit {
		if e.Action == a {
			n++
		}
	}
	return n
}

func wantErr(t *testing.T, what string, err, target error, msg string) {
	t.Helper()
	switch {
	case target == nil && err != nil:
		t.Errorf("%s: error %v, want none", what, err)
	case target != nil && !errors.Is(err, target):
		t.Errorf("%s: error %v, want %v", what, err, target)
	case target != nil && msg != "" && !strings.Contains(err.Error(), msg):
		t.Errorf("%s: error %q does not say %q", what, err, msg)
	}
}
