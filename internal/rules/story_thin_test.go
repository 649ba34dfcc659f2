package rules

import (
	"reflect"
	"strings"
	"testing"

	"alphadesk/internal/draft"
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

// thinReference is StoryThin.Check as specified: every sentence's support
// (passages searched for all of them) counted before the thresholds are
// compared. The rule itself stops before searching passages when the
// sentences a quotation or figure sources already meet them.
func thinReference(r StoryThin, a *Analysis) []Finding {
	// With the direct support replaced by the full one, the rule counts
	// every sentence's support whatever path it takes.
	all := a.SentenceSupports()
	a.memo["story.sentences.direct"] = directSupport{sents: all}
	return r.Check(a)
}

// TestStoryThinShortcutAgrees holds the shortcut to the full count: over
// the evaluation set, the benchmark input and the table above, under the
// default thresholds and stricter and looser ones, the rule's findings are
// those of the count over every sentence's support; and the shortcut is
// taken (no passage search) exactly when direct support meets the
// thresholds.
func TestStoryThinShortcutAgrees(t *testing.T) {
	type input struct {
		name string
		in   Input
	}
	var inputs []input
	for _, c := range loadEval(t) {
		inputs = append(inputs, input{c.Name, c.input})
	}
	inputs = append(inputs, input{"bench", benchInput(t)})
	for _, body := range []string{"Meridian Air raised its revenue forecast. Holiday bookings came in stronger than planned. The airline added flights where it saw demand and is filling them.",
		"Meridian Air raised its fourth-quarter revenue forecast to $4.1 billion to $4.3 billion on Tuesday. Capacity is expected to grow 6% in the quarter. Airlines have a long history of boom and bust cycles."} {
		d, doc, err := draft.Decode([]byte("Meridian Air outlook\n\n" + body))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{body[:30], Input{Draft: d, Doc: doc, Sources: []source.Source{thinSource}}})
	}
	def, _ := Lookup("story.thin")
	configs := []StoryThin{def.(StoryThin),
		{MinSourcedWords: 60, MinSourcedSentences: 3, MinFacts: 2, MinSourcedShare: 1},
		{MinSourcedWords: 400, MinSourcedSentences: 3, MinFacts: 2, MinSourcedShare: 0.4},
		{MinSourcedWords: 10, MinSourcedSentences: 12, MinFacts: 2, MinSourcedShare: 0.4},
		{MinSourcedWords: 0, MinSourcedSentences: 0, MinFacts: 0, MinSourcedShare: 0}}
	shortcuts, searches := 0, 0
	for _, x := range inputs {
		for _, r := range configs {
			a, err := NewAnalysis(x.in)
			if err != nil {
				t.Fatalf("%s: %v", x.name, err)
			}
			got := r.Check(a)
			_, searched := a.memo["story.sentences"]
			direct := a.directSupports().sents
			words, sourced := supportTotals(direct)
			met := words >= r.MinSourcedWords && sourced >= r.MinSourcedSentences && (len(direct) == 0 || float64(sourced)/float64(len(direct)) >= r.MinSourcedShare)
			if want := !met; searched != want {
				t.Errorf("%s %+v: passages searched %v, want %v", x.name, r, searched, want)
			}
			if searched {
				searches++
			} else {
				shortcuts++
			}
			ref, err := NewAnalysis(x.in)
			if err != nil {
				t.Fatal(err)
			}
			if want := thinReference(r, ref); !reflect.DeepEqual(got, want) {
				t.Errorf("%s %+v:\n got %+v\nwant %+v", x.name, r, got, want)
			}
		}
	}
	if shortcuts == 0 || searches == 0 {
		t.Errorf("shortcut taken %d times, passages searched %d times: both paths must be exercised", shortcuts, searches)
	}
}
