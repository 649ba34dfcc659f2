package rules

import (
	"testing"

	"alphadesk/internal/draft"
)

// BenchmarkStoryRisk measures the story.risk rule alone on BenchmarkCheck's
// draft and sources. The Analysis is built once, and the views story.risk
// shares with other rules (draft words and sentences, source sentences) are
// computed before the timer starts, so the figure is the rule's own cost
// per check, not the shared views'.
func BenchmarkStoryRisk(b *testing.B) {
	srcs, text := benchTexts(b)
	d, doc, err := draft.Decode([]byte(text))
	if err != nil {
		b.Fatal(err)
	}
	a, err := NewAnalysis(Input{Draft: d, Doc: doc, Sources: srcs, TagConfidence: TagConfidenceUnknown})
	if err != nil {
		b.Fatal(err)
	}
	r := StoryRisk{MinTagConfidence: 0.6, PennyPrice: 5}
	r.Check(a) // warms the shared views
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Check(a)
	}
}
