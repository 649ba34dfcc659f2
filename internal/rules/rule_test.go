package rules

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/source"
)

func TestRegistry(t *testing.T) {
	all := All()
	want := []string{"number.traced", "quote.verbatim", "story.risk", "story.thin", "table.low_information"}
	if len(all) != len(want) {
		t.Fatalf("%d rules registered, want %d", len(all), len(want))
	}
	name := regexp.MustCompile(`^[a-z]+\.[a-z_]+$`)
	for i, r := range all {
		if r.Name() != want[i] {
			t.Errorf("rule %d is %q, want %q", i, r.Name(), want[i])
		}
		if !name.MatchString(r.Name()) {
			t.Errorf("rule name %q is not dotted lower case", r.Name())
		}
		d := r.Description()
		if len(d) < 200 || !strings.Contains(d, "Severity") {
			t.Errorf("rule %s: description too short or says no severity", r.Name())
		}
		if strings.Contains(d, "%!") {
			t.Errorf("rule %s: description has a formatting error: %s", r.Name(), d)
		}
		if got, ok := Lookup(r.Name()); !ok || got.Name() != r.Name() {
			t.Errorf("Lookup(%q) failed", r.Name())
		}
	}
}

// stubRule is a rule whose findings a test sets.
type stubRule struct {
	name     string
	findings []Finding
}

func (s stubRule) Name() string                { return s.name }
func (s stubRule) Description() string         { return "stub" }
func (s stubRule) Check(a *Analysis) []Finding { return s.findings }

func TestRegisterDuplicatePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("registering a second quote.verbatim did not panic")
		}
	}()
	Register(stubRule{name: "quote.verbatim"})
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name string
		sev  []Severity
		want Decision
	}{
		{"nothing", nil, Publish},
		{"info only", []Severity{Info, Info}, Publish},
		{"a hold", []Severity{Info, Hold}, HoldFor},
		{"a block wins", []Severity{Hold, Block, Info}, Reject},
	}
	for _, tc := range tests {
		var fs []Finding
		for _, s := range tc.sev {
			fs = append(fs, Finding{Severity: s})
		}
		if got := Decide(fs); got != tc.want {
			t.Errorf("%s: Decide = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestCheckerOrdersFindingsAndNamesRules(t *testing.T) {
	c := Checker{Rules: []Rule{
		stubRule{name: "z.info", findings: []Finding{{Severity: Info, DraftSpan: [2]int{0, 1}}}},
		stubRule{name: "a.hold", findings: []Finding{{Severity: Hold, DraftSpan: [2]int{5, 6}}, {Severity: Hold, DraftSpan: [2]int{1, 2}}}},
		stubRule{name: "m.block", findings: []Finding{{Severity: Block, DraftSpan: [2]int{9, 9}}}},
	}}
	rep, err := c.Check(Input{Draft: draft.Draft{Headline: "Headline", Body: []string{"Body text."}}, Sources: []source.Source{{Name: "S", Text: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule+":"+string(f.Severity))
	}
	want := "m.block:block a.hold:hold a.hold:hold z.info:info"
	if strings.Join(got, " ") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
	if rep.Findings[1].DraftSpan[0] != 1 {
		t.Errorf("holds not ordered by position: %v", rep.Findings[1:3])
	}
	if rep.Decision != Reject {
		t.Errorf("decision %s, want reject", rep.Decision)
	}
}

func TestCheckBadInput(t *testing.T) {
	ok := source.Source{Name: "S", Text: "Some text."}
	d := draft.Draft{Headline: "H", Body: []string{"Body."}}
	tests := []struct {
		name    string
		in      Input
		wantErr error
		wantMsg string
	}{
		{"no sources", Input{Draft: d}, ErrNoSources, "no sources"},
		{"empty source", Input{Draft: d, Sources: []source.Source{{Name: "S", Text: "  "}}}, source.ErrEmpty, "source 0 (S)"},
		{"invalid utf8 source", Input{Draft: d, Sources: []source.Source{{Name: "S", Text: "a\xffb"}}}, source.ErrEncoding, "byte 1"},
		{"empty draft", Input{Draft: draft.Draft{Body: []string{" "}}, Sources: []source.Source{ok}}, ErrNoText, "no text"},
		{"too many sources", Input{Draft: d, Sources: make([]source.Source, MaxSources+1)}, nil, "limit is 20"},
		{"doc spans outside text", Input{Doc: draft.Doc{Text: "abc", Blocks: []draft.Block{{Field: draft.Body}}}, Sources: []source.Source{ok}}, nil, ""},
	}
	tests[5].in.Doc.Blocks[0].End = 10
	tests[5].wantMsg = "outside the 3-byte text"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Check(tc.in)
			if err == nil {
				t.Fatalf("Check succeeded, want error %q", tc.wantMsg)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v is not %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tc.wantMsg)
			}
		})
	}
}

func TestCheckHugeInputs(t *testing.T) {
	big := strings.Repeat(`"We grew," he said. Revenue was $5 billion, up 3%. `, 21000) // about 1 MB
	src := source.Source{Name: "S", Text: big[:source.MaxTextBytes-10]}
	d := draft.Draft{Headline: "H", Body: []string{big[:draft.MaxDraftBytes-100]}}
	rep, err := Check(Input{Draft: d, Sources: []source.Source{src}, TagConfidence: TagConfidenceUnknown})
	if err != nil {
		t.Fatalf("Check on a large draft: %v", err)
	}
	if rep.Decision == "" {
		t.Errorf("no decision")
	}
	d.Body = []string{big + big}
	if _, err := Check(Input{Draft: d, Sources: []source.Source{src}}); !errors.Is(err, draft.ErrTooLarge) {
		t.Errorf("oversized draft: error %v, want ErrTooLarge", err)
	}
}

// TestPreparedSourcesGiveTheSameReports checks every evaluation pair with
// and without prepared sources, the prepared ones shared by concurrent
// checks (run with -race to check the sharing).
func TestPreparedSourcesGiveTheSameReports(t *testing.T) {
	cases := loadEval(t)
	prepared := map[string]*Sources{}
	for _, c := range cases {
		if prepared[c.Set] == nil {
			p, err := PrepareSources(c.input.Sources)
			if err != nil {
				t.Fatal(err)
			}
			prepared[c.Set] = p
		}
	}
	var wg sync.WaitGroup
	for _, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cold, err := Check(c.input)
			if err != nil {
				t.Error(err)
				return
			}
			in := c.input
			in.Sources, in.Prepared = nil, prepared[c.Set]
			warm, err := Check(in)
			if err != nil {
				t.Error(err)
				return
			}
			if !reflect.DeepEqual(cold, warm) {
				t.Errorf("%s: prepared sources give a different report", c.Name)
			}
		}()
	}
	wg.Wait()
}
