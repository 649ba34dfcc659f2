// Package rules holds the publishing rules that gate every draft, and the
// engine that runs them: Check takes a draft, its named sources and our own
// market data, and returns a decision (publish, hold or reject), findings
// that say exactly where each problem is in the draft and in which source,
// and the cleaned draft with low-information tables removed.
//
// Each rule is a small type in a file of its own with a name, a public
// description (the editorial-policy page, docs/publishing-rules.md, is
// generated from them) and a Check over an Analysis of plain values. A rule
// registers itself in its file's init, so adding one needs no edit
// elsewhere. The package is pure: no I/O, no clock, no state beyond the
// registry, which is filled at start-up and only read afterwards.
package rules

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// Severity is how much a finding weighs.
type Severity string

// Severities, from heaviest.
const (
	Block Severity = "block" // the draft must not be published: reject
	Hold  Severity = "hold"  // an editor must look first
	Info  Severity = "info"  // recorded (what was traced, what was removed); no effect on the decision
)

func (s Severity) rank() int {
	switch s {
	case Block:
		return 0
	case Hold:
		return 1
	}
	return 2
}

// Decision is the gate's verdict.
type Decision string

// Decisions.
const (
	Publish Decision = "publish"
	HoldFor Decision = "hold"
	Reject  Decision = "reject"
)

// Decide returns reject if any finding blocks, hold if any holds, else
// publish.
func Decide(fs []Finding) Decision {
	d := Publish
	for _, f := range fs {
		switch f.Severity {
		case Block:
			return Reject
		case Hold:
			d = HoldFor
		}
	}
	return d
}

// Finding is one thing a rule found.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// DraftSpan is the byte range [start, end) in the draft text (Doc.Text)
	// the finding is about; story-level findings span the whole text.
	DraftSpan [2]int `json:"draft_span"`
	// SourceSpan, when set, is the source passage the finding points to:
	// where a quotation or figure was traced, or the nearest thing to it.
	SourceSpan *draft.SourceSpan `json:"source_span,omitempty"`
	Message    string            `json:"message"`
	// Remove marks a draft span to cut from the cleaned draft.
	Remove bool `json:"-"`
}

// Rule is one publishing rule.
type Rule interface {
	// Name is the rule's dotted identifier, e.g. "quote.verbatim".
	Name() string
	// Description explains the rule for the public editorial-policy page:
	// what it checks, its thresholds and tolerances, and the severity of
	// what it finds. It is Markdown.
	Description() string
	// Check returns the rule's findings for one draft.
	Check(a *Analysis) []Finding
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Rule{}
)

// Register adds a rule to the set Check runs. Rules call it from init; a
// second rule with the same name is a programming error and panics.
func Register(r Rule) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[r.Name()]; dup {
		panic("rules: rule " + r.Name() + " registered twice")
	}
	registry[r.Name()] = r
}

// All returns the registered rules sorted by name.
func All() []Rule {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Lookup returns the registered rule with the given name.
func Lookup(name string) (Rule, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	r, ok := registry[name]
	return r, ok
}

// Market is our own market data for the story's security, supplied with a
// check so that figures quoting it trace. Nil fields are unknown.
type Market struct {
	Symbol string `json:"symbol,omitempty"`
	// Price is the last price in US dollars.
	Price *float64 `json:"price,omitempty"`
	// DayChangePct is the day's change in percent, signed (+1.29 for +1.29%).
	DayChangePct *float64 `json:"day_change_pct,omitempty"`
	// AlphaScore is the security's Alpha Score, 0 to 100.
	AlphaScore *float64 `json:"alpha_score,omitempty"`
	// Exchange is the listing venue ("NASDAQ", "OTC").
	Exchange string `json:"exchange,omitempty"`
}

// TagConfidenceUnknown marks a draft whose tagging confidence was not
// measured: the low-confidence check is skipped. Any other value is a
// confidence in [0, 1]; zero (the default) is a measured zero and holds.
const TagConfidenceUnknown = -1

// Input is one draft to check.
type Input struct {
	Draft draft.Draft
	// Doc is the text the rules read. Leave it zero to use Draft.Doc();
	// draft.Decode returns the right one for plain-text drafts.
	Doc     draft.Doc
	Sources []source.Source
	// Prepared, when set, holds sources analysed ahead by PrepareSources
	// and is used instead of Sources.
	Prepared *Sources
	Market   Market
	// TagConfidence is the tagger's confidence in the story's company tags,
	// or TagConfidenceUnknown.
	TagConfidence float64
}

// Report is the gate's answer for one draft.
type Report struct {
	Decision Decision    `json:"decision"`
	Findings []Finding   `json:"findings"`
	Cleaned  draft.Draft `json:"cleaned"`
}

// Limits on what Check accepts and checks.
const (
	MaxSources = 20
	// MaxSourceBytes limits the sources' text taken together.
	MaxSourceBytes = 4 << 20
	// MaxQuotations is the most quotations one draft may hold; a draft with
	// more is blocked rather than partly checked.
	MaxQuotations = 300
)

// Errors Check returns for input it cannot check.
var (
	ErrNoSources = errors.New("no sources to check against")
	ErrNoText    = errors.New("draft has no text")
)

// Checker runs a set of rules.
type Checker struct {
	Rules []Rule
}

// Check runs every registered rule (see All).
func Check(in Input) (Report, error) {
	return Checker{Rules: All()}.Check(in)
}

// Check runs the checker's rules over one draft.
func (c Checker) Check(in Input) (Report, error) {
	a, err := NewAnalysis(in)
	if err != nil {
		return Report{}, err
	}
	// Each rule's findings are gathered first, so that the report's slice
	// is allocated once at its size.
	found := make([][]Finding, len(c.Rules))
	n := 0
	for i, r := range c.Rules {
		found[i] = r.Check(a)
		n += len(found[i])
	}
	var fs []Finding
	if n > 0 {
		fs = make([]Finding, 0, n)
	}
	var cut []extract.Span
	for i, r := range c.Rules {
		for _, f := range found[i] {
			if f.Rule == "" {
				f.Rule = r.Name()
			}
			if f.Remove {
				cut = append(cut, extract.Span{Start: f.DraftSpan[0], End: f.DraftSpan[1]})
			}
			fs = append(fs, f)
		}
	}
	// A stable sort's result is fixed by the comparison alone; the generic
	// one avoids sort.SliceStable's reflection.
	slices.SortStableFunc(fs, func(x, y Finding) int {
		if rx, ry := x.Severity.rank(), y.Severity.rank(); rx != ry {
			return cmp.Compare(rx, ry)
		}
		if x.DraftSpan[0] != y.DraftSpan[0] {
			return cmp.Compare(x.DraftSpan[0], y.DraftSpan[0])
		}
		return strings.Compare(x.Rule, y.Rule)
	})
	if fs == nil {
		fs = []Finding{}
	}
	return Report{Decision: Decide(fs), Findings: fs, Cleaned: draft.Without(in.Draft, a.Doc, cut)}, nil
}

// validateSources reports sources the rules cannot check against.
func validateSources(sources []source.Source) error {
	if len(sources) == 0 {
		return ErrNoSources
	}
	if len(sources) > MaxSources {
		return fmt.Errorf("%d sources, the limit is %d", len(sources), MaxSources)
	}
	total := 0
	for i, s := range sources {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("source %d (%s): %w", i, s.Name, err)
		}
		total += len(s.Text)
	}
	if total > MaxSourceBytes {
		return fmt.Errorf("sources hold %d bytes of text together, the limit is %d", total, MaxSourceBytes)
	}
	return nil
}

// validateDoc reports a draft text the rules cannot check.
func validateDoc(doc draft.Doc) error {
	if strings.TrimSpace(doc.Text) == "" {
		return ErrNoText
	}
	if len(doc.Text) > draft.MaxDraftBytes {
		return fmt.Errorf("%w: %d bytes, the limit is %d", draft.ErrTooLarge, len(doc.Text), draft.MaxDraftBytes)
	}
	for _, b := range doc.Blocks {
		if b.Start < 0 || b.End > len(doc.Text) || b.Start > b.End {
			return fmt.Errorf("draft block %s %d has span [%d,%d) outside the %d-byte text", b.Field, b.Index, b.Start, b.End, len(doc.Text))
		}
	}
	return nil
}
