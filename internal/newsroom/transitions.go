package newsroom

import (
	"fmt"
	"strings"
	"time"
)

// This file holds the decision logic as pure functions of plain values;
// the Service applies them inside its transactions. docs/newsroom.md has
// the same rules as a table.

func transitionf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrTransition, fmt.Sprintf(format, args...))
}

// StatusFor returns the status a pipeline check leads to: publish →
// published, hold → held (the review queue), reject → rejected; no check
// yet (nil) → draft.
func StatusFor(c *Check) Status {
	if c == nil {
		return StatusDraft
	}
	switch c.Decision {
	case Publish:
		return StatusPublished
	case Reject:
		return StatusRejected
	}
	return StatusHeld
}

// PipelineLock says why the pipeline may no longer change a story's text,
// or "" when it may: once a story is published, or an editor has acted on
// it, new submissions only add sources.
func PipelineLock(s Story) string {
	switch {
	case s.Status == StatusPublished:
		return "the story is published; the pipeline does not change published text (an editor can edit it)"
	case !s.LastReviewed.IsZero():
		return fmt.Sprintf("an editor (%s) has acted on the story; the pipeline does not overwrite editors' decisions", s.LastReviewedBy)
	}
	return ""
}

// CanApprove reports whether an editor may approve (publish) a story whose
// current version is cur: only a held story whose current version has no
// blocking finding.
func CanApprove(s Story, cur Version) error {
	switch s.Status {
	case StatusHeld:
		if cur.Decision == Reject {
			return transitionf("version %d has blocking findings (%s): edit the story to fix them, then approve it",
				cur.Number, ruleList(cur.Findings, SeverityBlock))
		}
		return nil
	case StatusDraft:
		return transitionf("the story has not been checked by the publishing rules yet: it can be approved once it is in the review queue")
	case StatusPublished:
		return transitionf("the story is already published (since %s): nothing to approve", stamp(s.Published))
	case StatusRejected:
		return transitionf("the story was rejected: edit it to return it to the review queue, then approve it")
	}
	return transitionf("the story has unknown status %q", s.Status)
}

// CanReject reports whether an editor may reject a story: a draft or held
// one. Published stories are corrected, not rejected.
func CanReject(s Story) error {
	switch s.Status {
	case StatusDraft, StatusHeld:
		return nil
	case StatusPublished:
		return transitionf("the story is published (since %s): published stories are corrected, not rejected (resolve a correction with an edit)", stamp(s.Published))
	case StatusRejected:
		return transitionf("the story is already rejected")
	}
	return transitionf("the story has unknown status %q", s.Status)
}

// StatusAfterEdit returns the status an editor's re-checked edit leads
// to. A published story stays published, unless the edit has blocking
// findings: then it is ErrBlocked and nothing is saved. Any other story
// goes to the review queue (held) whatever the check says, so that an edit
// is published only by an explicit approval.
func StatusAfterEdit(s Story, c Check) (Status, error) {
	switch s.Status {
	case StatusPublished:
		if c.Decision == Reject {
			return "", fmt.Errorf("%w: edit not saved: the edited text has blocking findings (%s) and a published story may not carry them; fix them and edit again",
				ErrBlocked, ruleList(c.Findings, SeverityBlock))
		}
		return StatusPublished, nil
	case StatusDraft, StatusHeld, StatusRejected:
		return StatusHeld, nil
	}
	return "", transitionf("the story has unknown status %q", s.Status)
}

// CanReport reports whether readers may report a correction to a story:
// only published ones. Other stories are reported as not found, so the
// public form does not reveal held or rejected stories.
func CanReport(s Story) error {
	if s.Status != StatusPublished {
		return fmt.Errorf("%w: no published story %q", ErrNotFound, s.Slug)
	}
	return nil
}

// CanClose reports whether a correction report may be resolved or
// dismissed: only an open one.
func CanClose(c Correction) error {
	switch c.Status {
	case CorrectionOpen:
		return nil
	case CorrectionResolved, CorrectionDismissed:
		return transitionf("correction %d is already %s (by %s on %s)", c.ID, c.Status, c.Actor, stamp(c.Resolved))
	}
	return transitionf("correction %d has unknown status %q", c.ID, c.Status)
}

// ruleList names the rules of the findings with severity sev, with counts:
// "quote.verbatim ×2, number.traced".
func ruleList(fs []Finding, sev Severity) string {
	n := map[string]int{}
	var order []string
	for _, f := range fs {
		if f.Severity != sev {
			continue
		}
		if n[f.Rule] == 0 {
			order = append(order, f.Rule)
		}
		n[f.Rule]++
	}
	if len(order) == 0 {
		return "none"
	}
	parts := make([]string, len(order))
	for i, r := range order {
		parts[i] = r
		if n[r] > 1 {
			parts[i] += fmt.Sprintf(" ×%d", n[r])
		}
	}
	return strings.Join(parts, ", ")
}

// checkSummary is the audit reason of a pipeline decision.
func checkSummary(c *Check) string {
	if c == nil {
		return "not checked yet"
	}
	s := "decision " + string(c.Decision)
	var parts []string
	for _, sev := range []Severity{SeverityBlock, SeverityHold} {
		if l := ruleList(c.Findings, sev); l != "none" {
			parts = append(parts, string(sev)+": "+l)
		}
	}
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, "; ") + ")"
	}
	return s
}

// stamp formats a time for messages.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "an unknown time"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
