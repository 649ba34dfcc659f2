// Package rulecheck connects the newsroom to the publishing rules
// (internal/rules) and the drafter's types (internal/draft): it converts
// drafts and check reports into newsroom values, renders the text that
// findings' draft spans point into, and builds the newsroom.Checker that
// re-checks an editor's edit against the story's stored sources and our
// own market data.
//
// The newsroom package itself does not import the rules, so the service,
// its store and the site can be built and tested without them; the
// pipeline, the CLI and the editor console use this package to join them.
package rulecheck

import (
	"errors"
	"fmt"

	"alphadesk/internal/draft"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/rules"
	"alphadesk/internal/source"
)

// FromDraft converts a drafter's draft: its Method becomes DraftedBy.
// Support spans are not kept (the rules re-derive what they need).
func FromDraft(d draft.Draft) newsroom.Draft {
	return newsroom.Draft{Headline: d.Headline, Dek: d.Dek, Body: d.Body, Watch: d.Watch, DraftedBy: d.Method}
}

// ToDraft converts a newsroom draft back for the rules.
func ToDraft(d newsroom.Draft) draft.Draft {
	return draft.Draft{Headline: d.Headline, Dek: d.Dek, Body: d.Body, Watch: d.Watch, Method: d.DraftedBy}
}

// Text is the text the rules read for d: every finding's draft_span is a
// byte range in it. The site highlights findings in it.
func Text(d newsroom.Draft) string { return ToDraft(d).Doc().Text }

// FromFindings converts the rules' findings.
func FromFindings(fs []rules.Finding) []newsroom.Finding {
	out := make([]newsroom.Finding, len(fs))
	for i, f := range fs {
		out[i] = newsroom.Finding{Rule: f.Rule, Severity: newsroom.Severity(f.Severity), DraftSpan: f.DraftSpan, Message: f.Message}
		if s := f.SourceSpan; s != nil {
			out[i].SourceSpan = &newsroom.SourceSpan{Source: s.Source, Span: s.Span}
		}
	}
	return out
}

// FromReport converts a check report, naming the rules that ran.
func FromReport(r rules.Report, ran []rules.Rule) newsroom.Check {
	names := make([]string, len(ran))
	for i, rule := range ran {
		names[i] = rule.Name()
	}
	return newsroom.Check{Decision: newsroom.Decision(r.Decision), Findings: FromFindings(r.Findings), Rules: names}
}

// Options are the facts a check needs beside the draft and its sources.
type Options struct {
	// Market is our own market data for the story's main security, so
	// figures quoting it trace.
	Market rules.Market
	// TagConfidence is the tagger's confidence in the story's main company
	// tag, or rules.TagConfidenceUnknown.
	TagConfidence float64
	// Rules to run; nil runs every registered rule (rules.All).
	Rules []rules.Rule
}

// ErrNoSourceText is returned by New when no source of the story has its
// text stored, so there is nothing to check an edit against.
var ErrNoSourceText = errors.New("no source text stored to check against")

// New returns a Checker that runs the rules over a draft with the story's
// sources (in the story's order). Sources without stored text are left
// out of the check, and source numbers in findings are mapped back to the
// story's order.
func New(sources []newsroom.Source, opts Options) (newsroom.Checker, error) {
	var (
		srcs  []source.Source
		index []int // check source number → story source number
	)
	for i, s := range sources {
		if s.Text == "" {
			continue
		}
		kind, err := source.ParseKind(s.Kind)
		if err != nil {
			kind = source.News
		}
		srcs = append(srcs, source.Source{Name: s.Name, URL: s.URL, Title: s.Title, Kind: kind, Text: s.Text})
		index = append(index, i)
	}
	if len(srcs) == 0 {
		return nil, fmt.Errorf("%w (%d sources, none with text): the rules cannot re-check this story", ErrNoSourceText, len(sources))
	}
	ran := opts.Rules
	if ran == nil {
		ran = rules.All()
	}
	checker := rules.Checker{Rules: ran}
	return func(d newsroom.Draft) (newsroom.Check, error) {
		rep, err := checker.Check(rules.Input{Draft: ToDraft(d), Sources: srcs,
			Market: opts.Market, TagConfidence: opts.TagConfidence})
		if err != nil {
			return newsroom.Check{}, fmt.Errorf("check draft: %w", err)
		}
		c := FromReport(rep, ran)
		for i := range c.Findings {
			if s := c.Findings[i].SourceSpan; s != nil && s.Source >= 0 && s.Source < len(index) {
				s.Source = index[s.Source]
			}
		}
		return c, nil
	}, nil
}

// ForStory returns a Checker for a stored story: its sources, and the
// confidence of its most salient tag (unknown when untagged).
func ForStory(d newsroom.Detail, market rules.Market) (newsroom.Checker, error) {
	opts := Options{Market: market, TagConfidence: rules.TagConfidenceUnknown}
	if len(d.Tags) > 0 {
		opts.TagConfidence = d.Tags[0].Confidence
		if opts.Market.Symbol == "" {
			opts.Market.Symbol = d.Tags[0].Symbol
		}
	}
	c, err := New(d.Sources, opts)
	if err != nil {
		return nil, fmt.Errorf("story %q: %w", d.Slug, err)
	}
	return c, nil
}
