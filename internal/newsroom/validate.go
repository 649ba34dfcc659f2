package newsroom

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what the Service accepts. Text lengths are in characters
// (runes) unless they say bytes.
const (
	MaxKeyLen        = 512
	MaxActorLen      = 100
	MaxReasonLen     = 2000
	MaxHeadlineLen   = 300
	MaxDraftBytes    = 256 << 10 // the whole draft text, as internal/draft limits it
	MaxSources       = 50
	MaxSourceBytes   = 1 << 20 // one source's text
	MaxTags          = 100
	MaxMentions      = 1000 // per tag
	MaxNameLen       = 300  // source names and titles, tag names
	MaxURLLen        = 2048
	MinCorrectionLen = 10
	MaxCorrectionLen = 5000
	MaxContactLen    = 254 // the longest e-mail address
	MinNoteLen       = 10
	MaxNoteLen       = 1000
)

// invalidf returns an ErrInvalid error.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// checkText validates free text: valid UTF-8, no control characters other
// than line breaks and tabs (when multiline), within [minLen, maxLen]
// characters after trimming. It returns the trimmed text.
func checkText(what, s string, minLen, maxLen int, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalidf("%s is not valid UTF-8", what)
	}
	s = strings.TrimSpace(s)
	for i, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r')) {
			return "", invalidf("%s has a control character (U+%04X) at byte %d", what, r, i)
		}
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && minLen > 0:
		return "", invalidf("%s is empty", what)
	case n < minLen:
		return "", invalidf("%s is %d characters, at least %d are needed", what, n, minLen)
	case n > maxLen:
		return "", invalidf("%s is %d characters, the limit is %d", what, n, maxLen)
	}
	return s, nil
}

// checkActor validates who is acting.
func checkActor(actor string) (string, error) {
	a, err := checkText("actor", actor, 1, MaxActorLen, false)
	if err != nil {
		return "", fmt.Errorf("%w (name who is making the decision)", err)
	}
	return a, nil
}

// checkReason validates a reason; required ones may not be empty.
func checkReason(reason string, required bool) (string, error) {
	minLen := 0
	if required {
		minLen = 1
	}
	r, err := checkText("reason", reason, minLen, MaxReasonLen, true)
	if err != nil && required {
		return "", fmt.Errorf("%w (say why: it is kept in the audit log)", err)
	}
	return r, err
}

// CheckDraft validates a draft and returns it with its text trimmed and
// empty paragraphs and bullets dropped.
func CheckDraft(d Draft) (Draft, error) {
	var err error
	if d.Headline, err = checkText("headline", d.Headline, 1, MaxHeadlineLen, false); err != nil {
		return Draft{}, err
	}
	if d.Dek, err = checkText("dek", d.Dek, 0, MaxDraftBytes, true); err != nil {
		return Draft{}, err
	}
	if d.DraftedBy, err = checkText("drafted_by", d.DraftedBy, 1, MaxNameLen, false); err != nil {
		return Draft{}, fmt.Errorf("%w (name the drafter: extractive or llm:MODEL)", err)
	}
	total := len(d.Headline) + len(d.Dek)
	clean := func(field string, ps []string) ([]string, error) {
		out := []string{}
		for i, p := range ps {
			p, err := checkText(fmt.Sprintf("%s %d", field, i+1), p, 0, MaxDraftBytes, true)
			if err != nil {
				return nil, err
			}
			if p != "" {
				out = append(out, p)
				total += len(p)
			}
		}
		return out, nil
	}
	if d.Body, err = clean("body paragraph", d.Body); err != nil {
		return Draft{}, err
	}
	if d.Watch, err = clean("watch bullet", d.Watch); err != nil {
		return Draft{}, err
	}
	if total > MaxDraftBytes {
		return Draft{}, invalidf("draft is %d bytes, the limit is %d", total, MaxDraftBytes)
	}
	return d, nil
}

// CheckCheck validates a check result: a known decision (or none, which
// is taken from the findings), findings with known severities and sane
// spans, and a decision that agrees with its findings.
func CheckCheck(c Check) (Check, error) {
	out := Check{Decision: c.Decision, Findings: []Finding{}, Rules: []string{}}
	for i, f := range c.Findings {
		switch f.Severity {
		case SeverityBlock, SeverityHold, SeverityInfo:
		default:
			return Check{}, invalidf("finding %d (%s): unknown severity %q: want block, hold or info", i+1, f.Rule, f.Severity)
		}
		if strings.TrimSpace(f.Rule) == "" {
			return Check{}, invalidf("finding %d has no rule name", i+1)
		}
		if f.DraftSpan[0] < 0 || f.DraftSpan[1] < f.DraftSpan[0] {
			return Check{}, invalidf("finding %d (%s): draft span [%d,%d) is not a range", i+1, f.Rule, f.DraftSpan[0], f.DraftSpan[1])
		}
		if s := f.SourceSpan; s != nil && (s.Source < 0 || s.Span[0] < 0 || s.Span[1] < s.Span[0]) {
			return Check{}, invalidf("finding %d (%s): source span %d [%d,%d) is not a range", i+1, f.Rule, s.Source, s.Span[0], s.Span[1])
		}
		out.Findings = append(out.Findings, f)
	}
	for _, r := range c.Rules {
		if r = strings.TrimSpace(r); r != "" && !slices.Contains(out.Rules, r) {
			out.Rules = append(out.Rules, r)
		}
	}
	want := Decide(out.Findings)
	switch out.Decision {
	case "":
		out.Decision = want
	case Publish, Hold, Reject:
		if out.Decision != want {
			return Check{}, invalidf("decision %s contradicts the findings, which lead to %s", out.Decision, want)
		}
	default:
		return Check{}, invalidf("unknown decision %q: want publish, hold or reject", out.Decision)
	}
	return out, nil
}

// checkSentiment validates a sentiment (the zero value is allowed).
func checkSentiment(what string, s Sentiment) error {
	if s == (Sentiment{}) {
		return nil
	}
	switch s.Label {
	case "positive", "negative", "neutral":
	default:
		return invalidf("%s sentiment label %q: want positive, negative or neutral", what, s.Label)
	}
	if math.IsNaN(s.Score) || s.Score < -1 || s.Score > 1 {
		return invalidf("%s sentiment score %v: want a number from -1 to 1", what, s.Score)
	}
	return nil
}

// checkSources validates sources: each with an item key (unique in the
// list), a name or URL, an http(s) URL when given and bounded text.
func checkSources(sources []Source) ([]Source, error) {
	if len(sources) > MaxSources {
		return nil, invalidf("%d sources, the limit is %d", len(sources), MaxSources)
	}
	out := make([]Source, 0, len(sources))
	seen := map[string]bool{}
	for i, s := range sources {
		what := fmt.Sprintf("source %d", i+1)
		var err error
		if s.ItemKey, err = checkText(what+" item key", s.ItemKey, 1, MaxKeyLen, false); err != nil {
			return nil, err
		}
		if seen[s.ItemKey] {
			return nil, invalidf("%s: item key %q is listed twice", what, s.ItemKey)
		}
		seen[s.ItemKey] = true
		if s.Name, err = checkText(what+" name", s.Name, 0, MaxNameLen, false); err != nil {
			return nil, err
		}
		if s.Title, err = checkText(what+" title", s.Title, 0, MaxNameLen, false); err != nil {
			return nil, err
		}
		if s.Kind, err = checkText(what+" kind", strings.ToLower(s.Kind), 0, MaxNameLen, false); err != nil {
			return nil, err
		}
		if s.URL, err = checkText(what+" URL", s.URL, 0, MaxURLLen, false); err != nil {
			return nil, err
		}
		if s.URL != "" {
			u, err := url.Parse(s.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "file") {
				return nil, invalidf("%s URL %q: want an http, https or file address", what, s.URL)
			}
		}
		if s.Name == "" && s.URL == "" {
			return nil, invalidf("%s (%s) has neither a name nor a URL", what, s.ItemKey)
		}
		if len(s.Text) > MaxSourceBytes {
			return nil, invalidf("%s text is %d bytes, the limit is %d", what, len(s.Text), MaxSourceBytes)
		}
		if !utf8.ValidString(s.Text) {
			return nil, invalidf("%s text is not valid UTF-8", what)
		}
		out = append(out, s)
	}
	return out, nil
}

// checkTags validates tags and orders them most salient first (then by
// confidence, then symbol).
func checkTags(tags []Tag) ([]Tag, error) {
	if len(tags) > MaxTags {
		return nil, invalidf("%d tags, the limit is %d", len(tags), MaxTags)
	}
	out := make([]Tag, 0, len(tags))
	seen := map[string]bool{}
	for i, t := range tags {
		what := fmt.Sprintf("tag %d", i+1)
		var err error
		if t.Symbol, err = checkText(what+" symbol", strings.ToUpper(t.Symbol), 1, 32, false); err != nil {
			return nil, err
		}
		if seen[t.Symbol] {
			return nil, invalidf("%s: symbol %s is tagged twice", what, t.Symbol)
		}
		seen[t.Symbol] = true
		if t.Name, err = checkText(what+" name", t.Name, 0, MaxNameLen, false); err != nil {
			return nil, err
		}
		for _, v := range []struct {
			name string
			x    float64
		}{{"confidence", t.Confidence}, {"salience", t.Salience}} {
			if math.IsNaN(v.x) || v.x < 0 || v.x > 1 {
				return nil, invalidf("%s (%s) %s %v: want a number from 0 to 1", what, t.Symbol, v.name, v.x)
			}
		}
		if len(t.Mentions) > MaxMentions {
			return nil, invalidf("%s (%s) has %d mentions, the limit is %d", what, t.Symbol, len(t.Mentions), MaxMentions)
		}
		for j, m := range t.Mentions {
			if m.Start < 0 || m.End < m.Start {
				return nil, invalidf("%s (%s) mention %d: span [%d,%d) is not a range", what, t.Symbol, j+1, m.Start, m.End)
			}
		}
		if t.Mentions == nil {
			t.Mentions = []Mention{}
		}
		if err := checkSentiment(what+" ("+t.Symbol+")", t.Sentiment); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b Tag) int {
		switch {
		case a.Salience != b.Salience:
			if a.Salience > b.Salience {
				return -1
			}
			return 1
		case a.Confidence != b.Confidence:
			if a.Confidence > b.Confidence {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Symbol, b.Symbol)
	})
	return out, nil
}
