package newsroom

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Errors callers branch on with errors.Is. Every error the Service returns
// wraps at most one of them, with a message saying what and how to fix it.
var (
	// ErrNotFound: the story or correction does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the input is unusable (empty reason, text too long, a
	// decision that contradicts its findings, a bad cursor).
	ErrInvalid = errors.New("invalid input")
	// ErrTransition: the action is not allowed in the record's current
	// status (approving a published story, resolving a dismissed report).
	ErrTransition = errors.New("not allowed")
	// ErrBlocked: an edit of a published story was re-checked and has
	// blocking findings, so it was not saved.
	ErrBlocked = errors.New("blocked by the publishing rules")
	// ErrStale: the caller acted on a version of the story that is no
	// longer current (someone else changed it meanwhile).
	ErrStale = errors.New("story changed since it was read")
	// ErrConflict: a repository compare-and-set or uniqueness check lost a
	// race. The Service retries the operation; callers rarely see it.
	ErrConflict = errors.New("concurrent update")
	// ErrSlugTaken: CreateOrGetStory was given a slug another story holds.
	// The Service retries with a longer hash.
	ErrSlugTaken = errors.New("slug taken")
)

// Status is where a story is in its life.
type Status string

// Story statuses. See docs/newsroom.md for the transitions.
const (
	// StatusDraft: drafted but not yet checked by the publishing rules.
	StatusDraft Status = "draft"
	// StatusHeld: waiting in the review queue for an editor.
	StatusHeld Status = "held"
	// StatusPublished: on the site.
	StatusPublished Status = "published"
	// StatusRejected: not published; an editor may edit it back into the
	// review queue.
	StatusRejected Status = "rejected"
)

// Statuses lists every status.
var Statuses = []Status{StatusDraft, StatusHeld, StatusPublished, StatusRejected}

// ParseStatus reads a status name; the empty string is "" (any status).
func ParseStatus(s string) (Status, error) {
	st := Status(strings.ToLower(strings.TrimSpace(s)))
	if st == "" || slices.Contains(Statuses, st) {
		return st, nil
	}
	return "", fmt.Errorf("%w: unknown story status %q: want draft, held, published or rejected", ErrInvalid, s)
}

// Decision is the publishing rules' verdict on one version.
type Decision string

// Decisions, as internal/rules names them.
const (
	Publish Decision = "publish"
	Hold    Decision = "hold"
	Reject  Decision = "reject"
)

// Severity is how much a finding weighs, as internal/rules names it.
type Severity string

// Severities, from heaviest.
const (
	SeverityBlock Severity = "block" // must not be published: the decision is reject
	SeverityHold  Severity = "hold"  // an editor must look first: the decision is hold
	SeverityInfo  Severity = "info"  // a record of what was checked; no effect
)

// SourceSpan is a byte range [start, end) in the text of the story's
// source number Source (sources in the order the story lists them).
type SourceSpan struct {
	Source int    `json:"source"`
	Span   [2]int `json:"span"`
}

// Finding is one thing a publishing rule found in a version. It has the
// JSON shape of internal/rules.Finding, so a check report's findings decode
// into it unchanged.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// DraftSpan is a byte range [start, end) in the version's text as the
	// rules read it (see the Draft type).
	DraftSpan  [2]int      `json:"draft_span"`
	SourceSpan *SourceSpan `json:"source_span,omitempty"`
	Message    string      `json:"message"`
}

// Decide returns the decision findings lead to: reject if any blocks, else
// hold if any holds, else publish (the rule internal/rules applies).
func Decide(fs []Finding) Decision {
	d := Publish
	for _, f := range fs {
		switch f.Severity {
		case SeverityBlock:
			return Reject
		case SeverityHold:
			d = Hold
		}
	}
	return d
}

// Draft is the text of one story version, in the JSON shape of
// internal/draft.Draft (drafted_by is that type's "method"). The rules read
// it as one text: headline, dek, paragraphs and "- " bullets separated by
// blank lines (bullets by single line breaks); every finding's draft_span
// is a byte range in that text. rulecheck.Text renders it.
type Draft struct {
	Headline string   `json:"headline"`
	Dek      string   `json:"dek"`
	Body     []string `json:"body"`
	Watch    []string `json:"watch,omitempty"`
	// DraftedBy names the drafter: "extractive" or "llm:MODEL".
	DraftedBy string `json:"drafted_by"`
}

// Check is the outcome of running the publishing rules over a draft.
type Check struct {
	Decision Decision  `json:"decision"`
	Findings []Finding `json:"findings"`
	// Rules names the rules applied, so a story can say how it was checked.
	Rules []string `json:"rules"`
}

// Checker re-checks an edited draft with the publishing rules. The caller
// builds it with the story's sources and market data (rulecheck.New); the
// Service calls it before its transaction.
type Checker func(Draft) (Check, error)

// Category is the desk section a story is filed under.
type Category string

// Categories, in the order the site lists them.
const (
	CategoryStocks   Category = "Stocks"
	CategoryEarnings Category = "Earnings"
	CategoryDeals    Category = "Deals"
	CategoryFilings  Category = "Filings"
	CategoryMacro    Category = "Macro"
)

// Categories lists every category.
var Categories = []Category{CategoryStocks, CategoryEarnings, CategoryDeals, CategoryFilings, CategoryMacro}

// ParseCategory reads a category name in any case; "" is "" (any).
func ParseCategory(s string) (Category, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, c := range Categories {
		if strings.EqualFold(s, string(c)) {
			return c, nil
		}
	}
	return "", fmt.Errorf("%w: unknown category %q: want Stocks, Earnings, Deals, Filings or Macro", ErrInvalid, s)
}

// Sentiment is a label ("positive", "negative", "neutral") with a score in
// [-1, 1]. The zero value means not measured.
type Sentiment struct {
	Label string  `json:"label"`
	Score float64 `json:"score"`
}

// Story is one story: its identity, status and current version number.
// The text lives in its versions.
type Story struct {
	ID int64 `json:"id"`
	// Key is the pipeline's dedupe key: every submission with the same key
	// is the same story.
	Key string `json:"key"`
	// Slug is the story's URL name, stable for its life (see Slug).
	Slug     string   `json:"slug"`
	Status   Status   `json:"status"`
	Category Category `json:"category"`
	// Version is the current version number; 0 before the first.
	Version   int       `json:"version"`
	Sentiment Sentiment `json:"sentiment,omitzero"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	// StatusAt is when the story entered its current status; the review
	// queue and listings are ordered by it.
	StatusAt time.Time `json:"status_at"`
	// Published is when the story was first published (zero: never).
	Published time.Time `json:"published,omitzero"`
	// LastReviewed is when an editor last acted on the story, and by whom
	// (zero: never; the pipeline decided alone).
	LastReviewed   time.Time `json:"last_reviewed,omitzero"`
	LastReviewedBy string    `json:"last_reviewed_by,omitempty"`
}

// Change says why a version exists.
type Change string

// Version changes.
const (
	ChangeDrafted   Change = "drafted"   // the pipeline's first version
	ChangeRedrafted Change = "redrafted" // the pipeline submitted new text
	ChangeRechecked Change = "rechecked" // same text, checked again
	ChangeEdited    Change = "edited"    // an editor changed the text
	ChangeCorrected Change = "corrected" // an editor resolved a correction
)

// Version is one immutable version of a story's text with how it was
// produced and checked: who drafted it, which rules ran, their decision and
// findings, who made the change and why.
type Version struct {
	Story  int64  `json:"story"`
	Number int    `json:"number"`
	Change Change `json:"change"`
	Draft
	// Check is zero (no decision) for a version not yet checked.
	Check
	// Actor is who made the version: "pipeline" or an editor.
	Actor  string `json:"actor"`
	Reason string `json:"reason,omitempty"`
	// Submission is the digest of the pipeline submission that produced the
	// version ("" for editors' versions); a submission is recorded once.
	Submission string    `json:"-"`
	Created    time.Time `json:"created"`
}

// Source is one named source of a story: a feed item, a filing, a release.
type Source struct {
	// ItemKey identifies the item upstream (the feed engine's GUID or URL
	// hash); a story links each item once.
	ItemKey string `json:"item_key"`
	Name    string `json:"name"`
	URL     string `json:"url,omitempty"`
	// Kind is news, statement, filing or transcript (internal/source kinds).
	Kind  string `json:"kind,omitempty"`
	Title string `json:"title,omitempty"`
	// Text is the source text the rules checked the story against, kept so
	// that an edit can be re-checked against the same text.
	Text  string    `json:"text,omitempty"`
	Added time.Time `json:"added"`
}

// Mention is one piece of tagging evidence: a byte range [start, end) in
// the text the pipeline tagged, the text there, and its kind ("name",
// "alias", "ticker", "cashtag", "exchange").
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Via   string `json:"via"`
}

// Tag is one company a story is about, with the tagger's evidence and the
// sentiment toward it.
type Tag struct {
	Symbol     string    `json:"symbol"`
	Name       string    `json:"name,omitempty"`
	Confidence float64   `json:"confidence"`
	Salience   float64   `json:"salience"`
	Mentions   []Mention `json:"mentions"`
	Sentiment  Sentiment `json:"sentiment,omitzero"`
}

// Action is what an audit entry records.
type Action string

// Audited actions.
const (
	ActionSubmitted           Action = "submitted" // the pipeline recorded a version and its decision
	ActionApproved            Action = "approved"
	ActionRejected            Action = "rejected"
	ActionEdited              Action = "edited"
	ActionCorrectionReported  Action = "correction_reported"
	ActionCorrectionResolved  Action = "correction_resolved"
	ActionCorrectionDismissed Action = "correction_dismissed"
)

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	ID    int64  `json:"id"`
	Story int64  `json:"story"`
	Slug  string `json:"slug,omitempty"`
	// Correction is the correction acted on (0: none).
	Correction int64 `json:"correction,omitempty"`
	// Version is the version the action created or acted on (0: none).
	Version int    `json:"version,omitempty"`
	Actor   string `json:"actor"`
	Action  Action `json:"action"`
	// From and To are the story's status before and after.
	From   Status    `json:"from,omitempty"`
	To     Status    `json:"to,omitempty"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// CorrectionStatus is where a correction report is.
type CorrectionStatus string

// Correction statuses.
const (
	CorrectionOpen      CorrectionStatus = "open"
	CorrectionResolved  CorrectionStatus = "resolved"  // fixed by a new version; the note is shown on the story
	CorrectionDismissed CorrectionStatus = "dismissed" // closed without change; the note is the reason (not public)
)

// ParseCorrectionStatus reads a correction status; "" and "all" are "" (any).
func ParseCorrectionStatus(s string) (CorrectionStatus, error) {
	switch st := CorrectionStatus(strings.ToLower(strings.TrimSpace(s))); st {
	case "", "all":
		return "", nil
	case CorrectionOpen, CorrectionResolved, CorrectionDismissed:
		return st, nil
	}
	return "", fmt.Errorf("%w: unknown correction status %q: want open, resolved, dismissed or all", ErrInvalid, s)
}

// Correction is a reader's correction report and what an editor did with
// it.
type Correction struct {
	ID    int64  `json:"id"`
	Story int64  `json:"story"`
	Slug  string `json:"slug,omitempty"`
	// Text is the reader's report; Contact is optional (an e-mail address
	// or name) and never shown publicly.
	Text    string           `json:"text"`
	Contact string           `json:"contact,omitempty"`
	Status  CorrectionStatus `json:"status"`
	// Note is, when resolved, the dated correction note shown on the story;
	// when dismissed, the editor's reason.
	Note string `json:"note,omitempty"`
	// Version is the story version that resolved the report (0: none).
	Version  int       `json:"version,omitempty"`
	Actor    string    `json:"actor,omitempty"`
	Created  time.Time `json:"created"`
	Resolved time.Time `json:"resolved,omitzero"`
}

// Summary is a story with its current version's headline and the facts a
// listing shows.
type Summary struct {
	Story
	Headline  string   `json:"headline"`
	Dek       string   `json:"dek"`
	DraftedBy string   `json:"drafted_by"`
	Decision  Decision `json:"decision"`
	// Findings are the current version's block and hold findings (info
	// findings are in the full version).
	Findings []Finding `json:"findings"`
	// Tickers are the tagged symbols, most salient first.
	Tickers []string `json:"tickers"`
}

// Detail is a story with its whole record.
type Detail struct {
	Story
	// Versions are oldest first; the last is current.
	Versions    []Version    `json:"versions"`
	Sources     []Source     `json:"sources"`
	Tags        []Tag        `json:"tags"`
	Corrections []Correction `json:"corrections"`
	Audit       []AuditEntry `json:"audit"`
}

// Current returns the current version (zero when there is none).
func (d Detail) Current() Version {
	for i := len(d.Versions) - 1; i >= 0; i-- {
		if d.Versions[i].Number == d.Version {
			return d.Versions[i]
		}
	}
	return Version{}
}

// Notes returns the resolved corrections, oldest first: the dated
// correction notes the story page shows.
func (d Detail) Notes() []Correction {
	var out []Correction
	for _, c := range d.Corrections {
		if c.Status == CorrectionResolved {
			out = append(out, c)
		}
	}
	return out
}

// Blocking returns the findings that hold or block (severity hold or
// block), in their order.
func Blocking(fs []Finding) []Finding {
	out := []Finding{}
	for _, f := range fs {
		if f.Severity == SeverityBlock || f.Severity == SeverityHold {
			out = append(out, f)
		}
	}
	return out
}
