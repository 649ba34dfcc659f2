package rulecheck_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/rulecheck"
	"alphadesk/internal/rules"
)

// The fixtures are project-written: a company statement and a draft that
// states only what it says.
func fixtures(t *testing.T) (newsroom.Source, newsroom.Draft) {
	t.Helper()
	text, err := os.ReadFile("testdata/release.txt")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/clean.json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := draft.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return newsroom.Source{ItemKey: "release", Name: "Halcyon Freight", Kind: "press release", Text: string(text)}, rulecheck.FromDraft(d)
}

func TestChecker(t *testing.T) {
	src, clean := fixtures(t)
	edit := func(from, to string) newsroom.Draft {
		d := clean
		d.Body = slices.Clone(clean.Body)
		for i, p := range d.Body {
			d.Body[i] = strings.Replace(p, from, to, 1)
		}
		return d
	}
	tests := []struct {
		name         string
		draft        newsroom.Draft
		wantDecision newsroom.Decision
		wantRule     string // of the first block or hold finding
		wantSpan     string // the draft text that finding points at
	}{
		{"faithful", clean, newsroom.Publish, "", ""},
		{"untraced figure", edit("$610 million", "$710 million"), newsroom.Hold, "number.traced", "$710 million"},
		{"altered quotation", edit("never been busier", "never been stronger"), newsroom.Reject, "quote.verbatim", ""},
	}
	check, err := rulecheck.New([]newsroom.Source{src}, rulecheck.Options{TagConfidence: rules.TagConfidenceUnknown})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := check(tc.draft)
			if err != nil {
				t.Fatal(err)
			}
			if c.Decision != tc.wantDecision {
				t.Errorf("decision %s, want %s (findings %+v)", c.Decision, tc.wantDecision, newsroom.Blocking(c.Findings))
			}
			if len(c.Rules) != len(rules.All()) {
				t.Errorf("rules applied %v, want all %d registered rules", c.Rules, len(rules.All()))
			}
			if _, err := newsroom.CheckCheck(c); err != nil {
				t.Errorf("the newsroom refuses the converted check: %v", err)
			}
			blocking := newsroom.Blocking(c.Findings)
			if tc.wantRule == "" {
				if len(blocking) != 0 {
					t.Errorf("findings %+v, want none that hold or block", blocking)
				}
				return
			}
			if len(blocking) == 0 || blocking[0].Rule != tc.wantRule {
				t.Fatalf("findings %+v, want %s first", blocking, tc.wantRule)
			}
			text := rulecheck.Text(tc.draft)
			f := blocking[0]
			if f.DraftSpan[1] > len(text) {
				t.Fatalf("draft span %v is outside the %d-byte text", f.DraftSpan, len(text))
			}
			if got := text[f.DraftSpan[0]:f.DraftSpan[1]]; tc.wantSpan != "" && got != tc.wantSpan {
				t.Errorf("finding points at %q, want %q", got, tc.wantSpan)
			}
		})
	}
}

func TestCheckerMapsSourceNumbers(t *testing.T) {
	src, clean := fixtures(t)
	noText := newsroom.Source{ItemKey: "wire", Name: "Example Wire"}
	check, err := rulecheck.New([]newsroom.Source{noText, src}, rulecheck.Options{TagConfidence: rules.TagConfidenceUnknown})
	if err != nil {
		t.Fatal(err)
	}
	c, err := check(clean)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range c.Findings {
		if f.SourceSpan != nil {
			n++
			if f.SourceSpan.Source != 1 {
				t.Errorf("finding %s %q points at source %d, want 1 (the story's second source, the only one with text)", f.Rule, f.Message, f.SourceSpan.Source)
			}
		}
	}
	if n == 0 {
		t.Error("no finding points at a source; the test proves nothing")
	}
	if _, err := rulecheck.New([]newsroom.Source{noText}, rulecheck.Options{}); !errors.Is(err, rulecheck.ErrNoSourceText) {
		t.Errorf("New without source text: %v, want ErrNoSourceText", err)
	}
}

func TestForStoryUsesTagConfidence(t *testing.T) {
	src, clean := fixtures(t)
	tests := []struct {
		name     string
		tags     []newsroom.Tag
		wantHold bool
	}{
		{"untagged: not measured", nil, false},
		{"confident tag", []newsroom.Tag{{Symbol: "HLCN", Confidence: 0.95, Salience: 1}}, false},
		{"doubtful tag", []newsroom.Tag{{Symbol: "HLCN", Confidence: 0.3, Salience: 1}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check, err := rulecheck.ForStory(newsroom.Detail{Sources: []newsroom.Source{src}, Tags: tc.tags}, rules.Market{})
			if err != nil {
				t.Fatal(err)
			}
			c, err := check(clean)
			if err != nil {
				t.Fatal(err)
			}
			held := false
			for _, f := range newsroom.Blocking(c.Findings) {
				held = held || strings.Contains(f.Message, "tagging confidence")
			}
			if held != tc.wantHold {
				t.Errorf("held for tagging confidence: %v, want %v (findings %+v)", held, tc.wantHold, newsroom.Blocking(c.Findings))
			}
		})
	}
}

func TestConversions(t *testing.T) {
	d := draft.Draft{Headline: "H", Dek: "D", Body: []string{"p1", "p2"}, Watch: []string{"w"}, Method: "llm:model-x",
		Sources: []draft.SourceRef{{Name: "S"}}}
	nd := rulecheck.FromDraft(d)
	if nd.DraftedBy != "llm:model-x" || nd.Headline != "H" || len(nd.Body) != 2 || len(nd.Watch) != 1 {
		t.Errorf("FromDraft = %+v", nd)
	}
	back := rulecheck.ToDraft(nd)
	if back.Method != d.Method || back.Doc().Text != d.Doc().Text {
		t.Errorf("ToDraft(FromDraft(d)) renders %q, want %q", back.Doc().Text, d.Doc().Text)
	}
	if got, want := rulecheck.Text(nd), "H\n\nD\n\np1\n\np2\n\n- w"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	rf := []rules.Finding{{Rule: "quote.verbatim", Severity: rules.Block, DraftSpan: [2]int{3, 9},
		SourceSpan: &draft.SourceSpan{Source: 2, Span: [2]int{10, 20}}, Message: "m", Remove: true}}
	nf := rulecheck.FromFindings(rf)
	if len(nf) != 1 || nf[0].Severity != newsroom.SeverityBlock || nf[0].SourceSpan == nil || *nf[0].SourceSpan != (newsroom.SourceSpan{Source: 2, Span: [2]int{10, 20}}) {
		t.Errorf("FromFindings = %+v", nf)
	}
}
