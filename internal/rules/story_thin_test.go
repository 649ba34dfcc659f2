package rules

import (
	"strings"
	"testing"

	"alphadesk/internal/source"
)

var thinSource = source.Source{Name: "Wire", Text: `Meridian Air raised its fourth-quarter revenue forecast to $4.1 billion to $4.3 billion on Tuesday. Holiday bookings came in stronger than planned, the airline said.

Capacity is expected to grow 6% in the quarter. Fuel is expected to cost $2.45 to $2.60 per gallon. Premium cabin revenue rose 14% in the third quarter.

"We added flights where we saw demand and we are filling them," said Chief Executive Officer Dana Whitfield.`}

func TestStoryThin(t *testing.T) {
	tests := []struct {
		name string
		body string
		held bool
		why  string
	}{
		{"well sourced", `Meridian Air raised its fourth-quarter revenue forecast to $4.1 billion to $4.3 billion on Tuesday, as holiday bookings came in stronger than planned.

Capacity is expected to grow 6% in the quarter, and fuel is expected to cost $2.45 to $2.60 per gallon. Premium cabin revenue rose 14% in the third quarter.

"We added flights where we saw demand and we are filling them," said Chief Executive Officer Dana Whitfield.`, false, ""},
		{"too short", `Meridian Air raised its revenue forecast to $4.1 billion to $4.3 billion.`, true, "sourced sentences (minimum 3)"},
		{"no facts", `Meridian Air raised its revenue forecast. Holiday bookings came in stronger than planned. The airline added flights where it saw demand and is filling them.`, true, "0 distinct facts (minimum 2)"},
		{"mostly commentary", `Meridian Air raised its fourth-quarter revenue forecast to $4.1 billion to $4.3 billion on Tuesday. Capacity is expected to grow 6% in the quarter. Premium cabin revenue rose 14% in the third quarter.

The carrier sits at the centre of a broader debate about how travellers spend. Some observers think the mood could sour quickly. Airlines have a long history of boom and bust cycles. Investors will need patience to see how this plays out over many years. Rivals may well respond with their own schedule changes. Much depends on the economy, which nobody can forecast well.`, true, "sentences sourced (minimum 40%)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, doc := check(t, "Meridian Air outlook\n\n"+tc.body, Market{}, thinSource)
			fs := of(rep, "story.thin")
			if got := len(fs) > 0; got != tc.held {
				t.Fatalf("held %v, want %v%s", got, tc.held, describeFindings(doc, fs))
			}
			if tc.held {
				if fs[0].Severity != Hold || !strings.Contains(fs[0].Message, tc.why) {
					t.Errorf("finding %s %q, want hold containing %q", fs[0].Severity, fs[0].Message, tc.why)
				}
				if fs[0].DraftSpan != [2]int{0, len(doc.Text)} {
					t.Errorf("draft span %v, want the whole draft", fs[0].DraftSpan)
				}
			}
		})
	}
}
