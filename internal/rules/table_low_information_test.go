package rules

import (
	"strings"
	"testing"

	"alphadesk/internal/source"
)

var tableSource = source.Source{Name: "Wire", Text: "Amazon reported results. AWS revenue was $33 billion, retail revenue was $60 billion and advertising revenue was $14 billion. Backlog was $364 billion. Margins were 37%, 6% and 20%."}

func TestTableLowInformation(t *testing.T) {
	tests := []struct {
		name    string
		table   string
		removed bool
		reason  string
	}{
		{"informative markdown", "| Segment | Revenue | Margin |\n|---|---:|---:|\n| AWS | $33 billion | 37% |\n| Retail | $60 billion | 6% |\n| Ads | $14 billion | 20% |", false, ""},
		{"one data row", "| Metric | Value |\n|---|---|\n| Backlog | $364 billion |", true, "fewer than 2 data rows"},
		{"empty column", "| Segment | Revenue | Note |\n|---|---|---|\n| AWS | $33 billion | |\n| Retail | $60 billion | |", true, `column "Note" is empty`},
		{"constant column", "| Segment | Revenue | Currency |\n|---|---|---|\n| AWS | $33 billion | USD |\n| Retail | $60 billion | USD |", true, `column "Currency" has the same value "USD"`},
		{"mostly empty", "| A | B | C |\n|---|---|---|\n| AWS | - | - |\n| - | $60 billion | - |\n| - | - | 6% |", true, "data cells are empty"},
		{"duplicated in text", "| Segment | Revenue |\n|---|---|\n| AWS | $33B |\n| Retail | $60B |", true, "repeat the text"},
		{"informative html", "<table><tr><th>Segment</th><th>Margin</th></tr><tr><td>AWS</td><td>37%</td></tr><tr><td>Retail</td><td>6%</td></tr><tr><td>Ads</td><td>20%</td></tr></table>", false, ""},
		{"html one row", "<table><tr><th>Metric</th><th>Value</th></tr><tr><td>Backlog</td><td>$364 billion</td></tr></table>", true, "HTML table (1 data rows)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := "Amazon reported results for the quarter."
			if tc.name == "duplicated in text" {
				body = "AWS revenue was $33 billion and retail revenue was $60 billion."
			}
			draftText := "Amazon results\n\n" + body + "\n\n" + tc.table + "\n\nBacklog was $364 billion."
			rep, doc := check(t, draftText, Market{}, tableSource)
			fs := of(rep, "table.low_information")
			if got := len(fs) > 0; got != tc.removed {
				t.Fatalf("removed %v, want %v%s", got, tc.removed, describeFindings(doc, fs))
			}
			cleaned := strings.Join(rep.Cleaned.Body, "\n\n")
			if tc.removed {
				f := fs[0]
				if f.Severity != Info || !strings.Contains(f.Message, tc.reason) {
					t.Errorf("finding %s %q, want info containing %q", f.Severity, f.Message, tc.reason)
				}
				if got := doc.Text[f.DraftSpan[0]:f.DraftSpan[1]]; got != tc.table {
					t.Errorf("draft span %q, want the table", got)
				}
				if strings.Contains(cleaned, "|") || strings.Contains(cleaned, "<table") {
					t.Errorf("cleaned body still has the table: %q", cleaned)
				}
				// The first paragraph is the dek; the table's paragraph is dropped.
				if len(rep.Cleaned.Body) != 1 {
					t.Errorf("cleaned body has %d paragraphs, want 1 (the table's paragraph dropped)", len(rep.Cleaned.Body))
				}
			} else if !strings.Contains(cleaned, tc.table) {
				t.Errorf("cleaned body lost the informative table: %q", cleaned)
			}
			if rep.Decision == Reject {
				t.Errorf("decision reject; tables alone must not reject")
			}
		})
	}
}

func TestTableInsideParagraph(t *testing.T) {
	draftText := "Amazon results\n\nAmazon reported results for the quarter.\n\nKey figure:\n| Metric | Value |\n|---|---|\n| Backlog | $364 billion |\n\nBacklog was $364 billion."
	rep, _ := check(t, draftText, Market{}, tableSource)
	if len(rep.Cleaned.Body) != 2 || rep.Cleaned.Body[0] != "Key figure:" {
		t.Errorf("cleaned body %q, want the lead-in line kept and the table cut", rep.Cleaned.Body)
	}
}
