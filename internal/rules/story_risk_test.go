package rules

import (
	"strings"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/source"
)

var riskSource = source.Source{Name: "Wire", Text: `Acme Corp. said revenue rose 5% to $2 billion. Chief Executive Officer Jane Doe said demand was strong. The company faces a lawsuit from a supplier.`}

func TestStoryRisk(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		market Market
		conf   float64
		want   string // substring of a story.risk message; "" for no finding
	}{
		{"benign", "Acme Corp. said revenue rose 5% to $2 billion.", Market{}, TagConfidenceUnknown, ""},
		{"litigation", "Acme Corp. faces a lawsuit from a supplier.", Market{}, TagConfidenceUnknown, "litigation or fraud allegation: “lawsuit”"},
		{"fraud", "Regulators alleged accounting fraud at Acme.", Market{}, TagConfidenceUnknown, "litigation or fraud allegation"},
		{"investigation", "The SEC opened an investigation into Acme.", Market{}, TagConfidenceUnknown, "investigation: “investigation”"},
		{"bankruptcy", "Acme filed for Chapter 11 protection.", Market{}, TagConfidenceUnknown, "bankruptcy or default: “chapter 11”"},
		{"unconfirmed report", "Acme is close to a deal, according to people familiar with the matter.", Market{}, TagConfidenceUnknown, "unconfirmed report"},
		{"m&a rumour", "Acme is in talks to acquire Widget Co.", Market{}, TagConfidenceUnknown, "M&A rumour: “acquire” with “talks”"},
		{"confirmed deal is not a rumour", "Acme agreed to acquire Widget Co. for $2 billion.", Market{}, TagConfidenceUnknown, ""},
		{"otc words", "Acme trades over-the-counter.", Market{}, TagConfidenceUnknown, "penny or OTC stock"},
		{"penny price", "Acme said revenue rose 5% to $2 billion.", Market{Price: ptr(0.42)}, TagConfidenceUnknown, "penny stock: the market price $0.42"},
		{"otc listing", "Acme said revenue rose 5% to $2 billion.", Market{Exchange: "OTC"}, TagConfidenceUnknown, "OTC-listed"},
		{"price target", "Analysts raised their price target on Acme.", Market{}, TagConfidenceUnknown, "price target or buy/sell language"},
		{"buy language", "Investors should buy the stock now.", Market{}, TagConfidenceUnknown, "price target or buy/sell language"},
		{"rating change", "Broker X upgraded the stock.", Market{}, TagConfidenceUnknown, "price target or buy/sell language"},
		{"upgraded equipment is fine", "Acme upgraded its factories.", Market{}, TagConfidenceUnknown, ""},
		{"private individual", "Local resident Mary Smith, 34, said she bought a unit.", Market{}, TagConfidenceUnknown, "names an individual, “Mary Smith”"},
		{"public figure with title", "Chief Executive Officer Jane Doe said demand was strong.", Market{}, TagConfidenceUnknown, ""},
		{"public figure introduced by the sources", "Jane Doe said demand was strong.", Market{}, TagConfidenceUnknown, ""},
		{"person of an organisation", "Mark Lee of Broker Co said demand was strong.", Market{}, TagConfidenceUnknown, ""},
		{"low tagging confidence", "Acme said revenue rose 5% to $2 billion.", Market{}, 0.3, "low tagging confidence 0.30 (minimum 0.60)"},
		{"measured zero confidence", "Acme said revenue rose 5% to $2 billion.", Market{}, 0, "low tagging confidence 0.00"},
		{"enough confidence", "Acme said revenue rose 5% to $2 billion.", Market{}, 0.9, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, doc, err := draft.Decode([]byte("Acme update\n\n" + tc.body))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Check(Input{Draft: d, Doc: doc, Sources: []source.Source{riskSource}, Market: tc.market, TagConfidence: tc.conf})
			if err != nil {
				t.Fatal(err)
			}
			fs := of(rep, "story.risk")
			if tc.want == "" {
				if len(fs) > 0 {
					t.Errorf("unexpected findings%s", describeFindings(doc, fs))
				}
				return
			}
			found := false
			for _, f := range fs {
				if f.Severity != Hold {
					t.Errorf("severity %s, want hold", f.Severity)
				}
				found = found || strings.Contains(f.Message, tc.want)
			}
			if !found {
				t.Errorf("no finding contains %q%s", tc.want, describeFindings(doc, fs))
			}
			if rep.Decision == Publish {
				t.Errorf("decision publish, want at least hold")
			}
		})
	}
}

func TestStoryRiskUnnamedSources(t *testing.T) {
	unnamed := source.Source{Text: riskSource.Text}
	tests := []struct {
		name    string
		sources []source.Source
		refs    []draft.SourceRef
		want    string
	}{
		{"single unnamed source", []source.Source{unnamed}, nil, "single unnamed source"},
		{"only unnamed sources", []source.Source{unnamed, unnamed}, nil, "none of the 2 sources"},
		{"named by the draft's sources list", []source.Source{unnamed}, []draft.SourceRef{{Name: "Wire"}}, ""},
		{"one named source is enough", []source.Source{unnamed, riskSource}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := draft.Draft{Headline: "Acme update", Body: []string{"Acme Corp. said revenue rose 5% to $2 billion."}, Sources: tc.refs}
			rep, err := Check(Input{Draft: d, Sources: tc.sources, TagConfidence: TagConfidenceUnknown})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range of(rep, "story.risk") {
				msgs = append(msgs, f.Message)
			}
			got := strings.Join(msgs, " | ")
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("story.risk findings %q, want %q", got, tc.want)
			}
		})
	}
	if unnamed.Name != "" {
		t.Errorf("the caller's source was changed")
	}
}
