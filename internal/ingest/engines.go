package ingest

// This file is the one place that adapts the engines the pipeline runs
// (internal/tagger, internal/sentiment, internal/draft, internal/rules) to
// the newsroom's types. When an engine's API moves, this is the file to
// change.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"alphadesk/internal/draft"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/rules"
	"alphadesk/internal/sentiment"
	"alphadesk/internal/source"
	"alphadesk/internal/tagger"
)

// Engines are the pure engines the stages run. Build them once per process
// (NewEngines); they are safe for concurrent use.
type Engines struct {
	Tagger    *tagger.Tagger
	Sentiment *sentiment.Model
	// Drafter drafts a story from its sources; draft.Extractive{} by default.
	Drafter draft.Drafter
	// Check runs the publishing rules; rules.Check by default.
	Check func(rules.Input) (rules.Report, error)
}

// NewEngines builds the default engines: the tagger over secs, the
// built-in sentiment model, the extractive drafter and every registered
// publishing rule.
func NewEngines(tg *tagger.Tagger) (*Engines, error) {
	if tg == nil {
		return nil, errors.New("engines: no tagger")
	}
	m, err := sentiment.New(sentiment.Options{})
	if err != nil {
		return nil, fmt.Errorf("engines: sentiment model: %w", err)
	}
	return &Engines{Tagger: tg, Sentiment: m, Drafter: draft.Extractive{}, Check: rules.Check}, nil
}

// TagText tags an item's text and returns the tags in the newsroom's shape,
// most salient first, keeping those at or above minConfidence.
func (e *Engines) TagText(text string, minConfidence float64) ([]newsroom.Tag, error) {
	res, err := e.Tagger.Tag(text)
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	tags := make([]newsroom.Tag, 0, len(res.Tags))
	for _, t := range res.Tags {
		if t.Confidence < minConfidence {
			continue
		}
		nt := newsroom.Tag{Symbol: t.Symbol, Name: t.Name, Confidence: clamp01(t.Confidence), Salience: clamp01(t.Salience)}
		for _, m := range t.Mentions {
			nt.Mentions = append(nt.Mentions, newsroom.Mention{Start: m.Start, End: m.End, Text: m.Text, Via: string(m.Via)})
		}
		if len(nt.Mentions) > newsroom.MaxMentions {
			nt.Mentions = nt.Mentions[:newsroom.MaxMentions]
		}
		tags = append(tags, nt)
	}
	if len(tags) > newsroom.MaxTags {
		tags = tags[:newsroom.MaxTags]
	}
	return tags, nil
}

// Measure scores the tone of text as a whole and toward each tagged
// company, whose mentions are offsets into text. It fills each tag's
// Sentiment and returns the document's.
func (e *Engines) Measure(text string, tags []newsroom.Tag) (newsroom.Sentiment, []newsroom.Tag) {
	doc := e.Sentiment.Document(text)
	var mentions []sentiment.Mention
	for _, t := range tags {
		for _, m := range t.Mentions {
			mentions = append(mentions, sentiment.Mention{Symbol: t.Symbol, Start: m.Start, End: m.End})
		}
	}
	bySymbol := map[string]newsroom.Sentiment{}
	for _, ent := range e.Sentiment.Entities(doc, mentions) {
		bySymbol[ent.Symbol] = newsroom.Sentiment{Label: ent.Label.String(), Score: clampScore(ent.Score)}
	}
	out := make([]newsroom.Tag, len(tags))
	for i, t := range tags {
		t.Sentiment = bySymbol[t.Symbol]
		out[i] = t
	}
	return newsroom.Sentiment{Label: doc.Label.String(), Score: clampScore(doc.Score)}, out
}

// Draft drafts a story from its sources and returns it in the newsroom's
// shape.
func (e *Engines) Draft(ctx context.Context, srcs []source.Source) (newsroom.Draft, error) {
	d, err := e.Drafter.Draft(ctx, srcs)
	if err != nil {
		return newsroom.Draft{}, fmt.Errorf("draft: %w", err)
	}
	method := d.Method
	if method == "" {
		method = "extractive"
	}
	// A headline is one line in the newsroom; an extracted sentence may
	// span a line break of a hard-wrapped source.
	headline := strings.Join(strings.Fields(d.Headline), " ")
	return newsroom.Draft{Headline: headline, Dek: d.Dek, Body: d.Body, Watch: d.Watch, DraftedBy: method}, nil
}

// CheckDraft runs the publishing rules over a draft and its sources and
// returns the check in the newsroom's shape. tagConfidence is the lowest
// confidence of the story's company tags, or rules.TagConfidenceUnknown.
func (e *Engines) CheckDraft(d newsroom.Draft, srcs []source.Source, tagConfidence float64) (newsroom.Check, error) {
	refs := make([]draft.SourceRef, len(srcs))
	for i, s := range srcs {
		refs[i] = draft.SourceRef{Name: s.Name, URL: s.URL}
	}
	in := rules.Input{
		Draft:         draft.Draft{Headline: d.Headline, Dek: d.Dek, Body: d.Body, Watch: d.Watch, Sources: refs, Method: d.DraftedBy},
		Sources:       srcs,
		TagConfidence: tagConfidence,
	}
	rep, err := e.Check(in)
	if err != nil {
		return newsroom.Check{}, fmt.Errorf("check: %w", err)
	}
	c := newsroom.Check{Decision: newsroom.Decision(rep.Decision), Findings: make([]newsroom.Finding, 0, len(rep.Findings))}
	for _, f := range rep.Findings {
		nf := newsroom.Finding{Rule: f.Rule, Severity: newsroom.Severity(f.Severity), DraftSpan: f.DraftSpan, Message: f.Message}
		if f.SourceSpan != nil {
			nf.SourceSpan = &newsroom.SourceSpan{Source: f.SourceSpan.Source, Span: f.SourceSpan.Span}
		}
		c.Findings = append(c.Findings, nf)
	}
	for _, r := range rules.All() {
		c.Rules = append(c.Rules, r.Name())
	}
	return c, nil
}

func clamp01(v float64) float64 {
	switch {
	case v < 0 || v != v:
		return 0
	case v > 1:
		return 1
	}
	return v
}

func clampScore(v float64) float64 {
	switch {
	case v != v:
		return 0
	case v < -1:
		return -1
	case v > 1:
		return 1
	}
	return v
}
