package rules

import (
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/source"
)

// FuzzCheck runs the whole gate on arbitrary draft and source text: it must
// return an error or a report whose spans lie inside the texts, never panic.
func FuzzCheck(f *testing.F) {
	f.Add("Headline\n\n\"We grew,\" Jassy said. Sales were $194B-$199B.", `"We grew," said Andy Jassy. Sales were between $194 billion and $199 billion.`)
	f.Add("H\n\n\"Unclosed quote, he said. | a | b |\n| 1 | 2 |", "Source text with 28% and April 30, 2026.")
	f.Add("<table><tr><td>1</td></tr></table> “x … y” [z] ‘a b’", "“x q y” ‘a b’")
	f.Add("H\n\n“That need is … going away,” Halvorsen said. “They [can] find people,” she said.", `"That need is not going away and they cannot find people," said Ingrid Halvorsen.`)
	f.Add("H\n\nIngrid Halvorsen expects growth.\n\n“The plant lets us deliver faster,” she said.", `"The plant lets us deliver faster," said Tomas Berg. "Growth," said Ingrid Halvorsen.`)
	f.Add("\xff\xfe", "\x00")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, draftText, sourceText string) {
		d, doc, err := draft.Decode([]byte(draftText))
		if err != nil {
			return
		}
		src := source.Source{Name: "S", Text: sourceText}
		rep, err := Check(Input{Draft: d, Doc: doc, Sources: []source.Source{src}, TagConfidence: TagConfidenceUnknown})
		if err != nil {
			return
		}
		if rep.Decision != Publish && rep.Decision != HoldFor && rep.Decision != Reject {
			t.Fatalf("decision %q", rep.Decision)
		}
		for _, f := range rep.Findings {
			if f.DraftSpan[0] < 0 || f.DraftSpan[1] > len(doc.Text) || f.DraftSpan[0] > f.DraftSpan[1] {
				t.Fatalf("draft span %v outside %d bytes: %s", f.DraftSpan, len(doc.Text), f.Message)
			}
			if s := f.SourceSpan; s != nil && (s.Source != 0 || s.Span[0] < 0 || s.Span[1] > len(sourceText) || s.Span[0] > s.Span[1]) {
				t.Fatalf("source span %+v outside %d bytes: %s", *s, len(sourceText), f.Message)
			}
			if f.Message == "" || f.Rule == "" {
				t.Fatalf("finding without rule or message: %+v", f)
			}
		}
	})
}
