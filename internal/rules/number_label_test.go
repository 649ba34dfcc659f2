package rules

import (
	"strings"
	"testing"

	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// TestNumberTracedLabelsAndRanges: numbered steps ("week 16") match only
// numbers with the same label, and a draft range may not be made of the
// ends of two source ranges.
func TestNumberTracedLabelsAndRanges(t *testing.T) {
	dividend := source.Source{Name: "Harrow & Pine", Text: `Operating income was $541 million, up 12%.

The board of directors approved a 10% increase in the quarterly dividend, to 66 cents per share.`}
	trial := source.Source{Name: "Veridane Therapeutics", Text: `In two trials, 78.4% of patients reached PASI 90 at week 16, and 61% had clear skin after 52 weeks.

Veridane shares rose 12% to $58.20.`}
	guidance := source.Source{Name: "Harrow & Pine", Text: `The company now expects comparable sales growth of 2.5% to 3.5%, compared with 1.5% to 3% previously. Digital sales rose 2.5% and store sales 3%.`}
	paraphrase := source.Source{Name: "Wire", Text: `Sales climbed 12% to $5 billion in the period.`}
	tests := []struct {
		name     string
		src      source.Source
		sentence string
		figure   string   // the draft figure the test is about
		want     Severity // of that figure's finding
	}{
		// figures traced by value, whatever the words around them
		{"operating income", dividend, "Operating income rose 12% to $541 million.", "12%", Info},
		{"dividend", dividend, "Harrow & Pine raised its quarterly dividend by 10% and authorized a buyback.", "10%", Info},
		{"paraphrase without shared words", paraphrase, "Revenue rose 12% to $5 billion.", "12%", Info},

		// labelled numbers
		{"week altered", trial, "Patients reached PASI 90 at week 12.", "12", Hold},
		{"week faithful", trial, "Patients reached PASI 90 at week 16.", "16", Info},
		{"week as duration", trial, "Patients reached PASI 90 after 16 weeks.", "16", Info},
		{"week label for a plain number", trial, "The trial enrolled 16 patients.", "16", Hold},

		// ranges
		{"range from two source ranges", guidance, "Sales growth is now seen at 2.5% to 3.5%, up from 1.5% to 2.5%.", "1.5%", Hold},
		{"range from two source ranges, written as one", guidance, "Growth was seen at 1.5%-2.5% before.", "1.5%-2.5%", Hold},
		{"faithful prior range", guidance, "Sales growth is now seen at 2.5% to 3.5%, up from 1.5% to 3%.", "3%.", Info},
		{"range of single figures", guidance, "Digital and store sales rose 2.5%-3%.", "2.5%-3%", Info},
		{"single figure at a range end", guidance, "Growth of up to 3.5% is expected.", "3.5%", Info},
		{"range rounded at one end only", guidance, "Sales growth is now seen at 2.5% to 4%.", "2.5% to 4%", Hold},
		{"range rounded at both ends", guidance, "Sales growth is now seen at 3% to 4%.", "3% to 4%", Info},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			draftText := "Update\n\nThe company reported.\n\n" + tc.sentence
			rep, doc := check(t, draftText, Market{}, tc.src)
			start := strings.Index(doc.Text, tc.sentence)
			at := start + strings.LastIndex(tc.sentence, tc.figure)
			var got []Finding
			for _, f := range of(rep, "number.traced") {
				if f.DraftSpan[0] >= at && f.DraftSpan[0] < at+len(tc.figure) {
					got = append(got, f)
				}
			}
			if w := worst(got); w != tc.want {
				t.Errorf("severity %q, want %q%s", w, tc.want, describeFindings(doc, of(rep, "number.traced")))
			}
		})
	}
}

func TestFigureLabel(t *testing.T) {
	tests := []struct {
		text, num   string
		label       string
		labelBefore bool
	}{
		{"at week 12, compared", "12", "week", true},
		{"after 16 weeks", "16", "week", false},
		{"a 30-day average", "30", "day", false},
		{"Day 28 results", "28", "day", true},
		{"in cohort 3 patients", "3", "cohort", true},
		{"hired 240 sales representatives", "240", "", false},
		{"midweek 12 things", "12", "", false},
		{"12 weekly", "12", "", false},
	}
	for _, tc := range tests {
		figs := extract.Figures(tc.text)
		var found bool
		for _, f := range figs {
			if tc.text[f.Start:f.End] != tc.num {
				continue
			}
			found = true
			if l, b := figureLabel(tc.text, f); l != tc.label || b != tc.labelBefore {
				t.Errorf("%q: label %q before %v, want %q %v", tc.text, l, b, tc.label, tc.labelBefore)
			}
		}
		if !found {
			t.Errorf("%q: no figure %q", tc.text, tc.num)
		}
	}
}
