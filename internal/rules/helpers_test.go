package rules

import (
	"strings"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/source"
)

// check runs every rule over a plain-text draft and named sources.
func check(t *testing.T, draftText string, market Market, sources ...source.Source) (Report, draft.Doc) {
	t.Helper()
	d, doc, err := draft.Decode([]byte(draftText))
	if err != nil {
		t.Fatalf("decode draft: %v", err)
	}
	rep, err := Check(Input{Draft: d, Doc: doc, Sources: sources, Market: market, TagConfidence: TagConfidenceUnknown})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return rep, doc
}

// of returns the findings of one rule.
func of(rep Report, rule string) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// worst returns the heaviest severity among fs, or "" when there are none.
func worst(fs []Finding) Severity {
	var w Severity
	for _, f := range fs {
		if w == "" || f.Severity.rank() < w.rank() {
			w = f.Severity
		}
	}
	return w
}

func describeFindings(doc draft.Doc, fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + string(f.Severity) + " " + f.Rule + " [" + doc.Text[f.DraftSpan[0]:f.DraftSpan[1]] + "]: " + f.Message)
	}
	return b.String()
}

func ptr(v float64) *float64 { return &v }

// wantSentenceSeverity checks draftText against the sources and holds the
// worst finding of rule about sentence (those from its start on, sentence
// closing the draft) to want.
func wantSentenceSeverity(t *testing.T, draftText, sentence, rule string, want Severity, market Market, sources ...source.Source) {
	t.Helper()
	rep, doc := check(t, draftText, market, sources...)
	var inSentence []Finding
	start := strings.Index(doc.Text, sentence)
	for _, f := range of(rep, rule) {
		if f.DraftSpan[0] >= start {
			inSentence = append(inSentence, f)
		}
	}
	if got := worst(inSentence); got != want {
		t.Errorf("severity %q, want %q%s", got, want, describeFindings(doc, inSentence))
	}
}
