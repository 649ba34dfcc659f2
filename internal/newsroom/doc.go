// Package newsroom is the desk's editorial record: stories with every
// version of their text, the sources and tags behind them, the review queue
// of held stories, readers' correction reports, and an append-only audit
// log of every decision.
//
// The package has three parts:
//
//   - plain domain types (Story, Version, Source, Tag, Correction,
//     AuditEntry) and the pure rules that govern them: which status a check
//     decision leads to, which editor action is allowed in which status
//     (see docs/newsroom.md), how a story's slug and category are derived;
//   - Repository, the persistence seam: ctx-first, ErrNotFound for missing
//     records, idempotent upserts, one transaction per service operation
//     (InTx). internal/store/sqlite implements it and newsroomtest is the
//     conformance suite every implementation must pass;
//   - Service, which applies the rules inside one transaction per
//     operation and appends every decision to the audit log. Its clock is
//     injected; re-checks of edited text are injected as a Checker, so the
//     package does not depend on the publishing rules' internals
//     (rulecheck adapts internal/rules to a Checker).
//
// The pipeline submits drafts (SubmitDraft); editors approve, reject and
// edit held stories and resolve or dismiss corrections; the site reads
// stories, the review queue and the corrections queue through the same
// Service.
package newsroom
