package draft_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/rules"
	"alphadesk/internal/source"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// sourceSets are the source sets of the rules package's evaluation set
// (../rules/testdata/eval), which the drafter is tested on as well.
func sourceSets(t testing.TB) map[string][]source.Source {
	t.Helper()
	dir := filepath.Join("..", "rules", "testdata", "eval")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Sets map[string]struct {
			Sources []string `json:"sources"`
		} `json:"sets"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string][]source.Source{}
	for name, set := range m.Sets {
		for _, f := range set.Sources {
			raw, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			s, err := source.Parse(filepath.Base(f), raw)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = append(out[name], s)
		}
	}
	return out
}

func sortedKeys(m map[string][]source.Source) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestExtractiveNeverInvents runs the publishing rules over the extractive
// drafter's output for every evaluation source set: it must never state a
// quotation or figure the rules cannot find in a source.
func TestExtractiveNeverInvents(t *testing.T) {
	sets := sourceSets(t)
	for _, name := range sortedKeys(sets) {
		t.Run(name, func(t *testing.T) {
			srcs := sets[name]
			d, err := draft.Extractive{}.Draft(context.Background(), srcs)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := rules.Check(rules.Input{Draft: d, Sources: srcs, TagConfidence: rules.TagConfidenceUnknown})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if (f.Rule == "quote.verbatim" || f.Rule == "number.traced") && f.Severity != rules.Info {
					t.Errorf("%s %s: %s", f.Severity, f.Rule, f.Message)
				}
			}
			t.Logf("%s: decision %s, %d body paragraphs, %d watch bullets", name, rep.Decision, len(d.Body), len(d.Watch))
			checkShape(t, d, srcs)
		})
	}
}

// checkShape checks what every extractive draft must have: a headline, a
// dek, a body, sources, and support for every sentence that points at the
// source text the sentence copies.
func checkShape(t *testing.T, d draft.Draft, srcs []source.Source) {
	t.Helper()
	if d.Headline == "" || d.Dek == "" || len(d.Body) == 0 {
		t.Fatalf("draft lacks a headline, dek or body: %+v", d)
	}
	if len(d.Sources) != len(srcs) || d.Method != "extractive" {
		t.Errorf("sources %+v method %q", d.Sources, d.Method)
	}
	if strings.ContainsAny(d.Headline, `"“”`) {
		t.Errorf("headline %q holds a quotation", d.Headline)
	}
	bodySentences := 0
	for _, s := range d.Support {
		var field string
		switch s.Field {
		case draft.Headline:
			field = d.Headline
		case draft.Dek:
			field = d.Dek
		case draft.Body:
			field = d.Body[s.Index]
			bodySentences++
		case draft.Watch:
			field = d.Watch[s.Index]
		}
		if got := field[s.Span[0]:s.Span[1]]; got != s.Text {
			t.Errorf("support span %v of %s %d is %q, want %q", s.Span, s.Field, s.Index, got, s.Text)
		}
		if len(s.Sources) != 1 {
			t.Errorf("support for %q cites %d sources, want 1", s.Text, len(s.Sources))
			continue
		}
		ss := s.Sources[0]
		copied := srcs[ss.Source].Text[ss.Span[0]:ss.Span[1]]
		// The sentence is the source text, with at most an attribution
		// clause added before its final period.
		if !strings.HasPrefix(s.Text, strings.TrimSuffix(copied, ".")) {
			t.Errorf("sentence %q does not copy its source span %q", s.Text, copied)
		}
	}
	if bodySentences == 0 {
		t.Errorf("no support for body sentences")
	}
}

// TestExtractiveSeedGolden keeps the draft of the seed-like sources in a
// golden file (refresh with -update).
func TestExtractiveSeedGolden(t *testing.T) {
	srcs := seedSources(t)
	d, err := draft.Extractive{}.Compose(srcs)
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, d, srcs)
	out, _ := json.MarshalIndent(d, "", "  ")
	got := string(out) + "\n\n" + d.Doc().Text + "\n"
	path := filepath.Join("testdata", "amazon-extractive.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs; run go test -run TestExtractiveSeedGolden -update and review the diff\n got:\n%s", path, got)
	}
}

func seedSources(t testing.TB) []source.Source {
	t.Helper()
	var srcs []source.Source
	for _, f := range []string{"amazon-q1-release.txt", "amazon-q1-wire.txt"} {
		raw, err := os.ReadFile(filepath.Join("..", "rules", "testdata", "seed", f))
		if err != nil {
			t.Fatal(err)
		}
		s, err := source.Parse(f, raw)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, s)
	}
	return srcs
}

func TestExtractiveOptions(t *testing.T) {
	srcs := seedSources(t)
	d, err := draft.Extractive{MaxSentences: 3, MaxWatch: -1, PerParagraph: 1}.Compose(srcs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Body); n > 3 {
		t.Errorf("%d body paragraphs with one sentence each, want at most 3", n)
	}
	if len(d.Watch) != 0 {
		t.Errorf("watch bullets %q with MaxWatch -1, want none", d.Watch)
	}
}

func TestExtractiveErrors(t *testing.T) {
	if _, err := (draft.Extractive{}).Compose(nil); err == nil || !strings.Contains(err.Error(), "no sources") {
		t.Errorf("no sources: %v", err)
	}
	empty := source.Source{Name: "X", Text: " "}
	if _, err := (draft.Extractive{}).Compose([]source.Source{empty}); err == nil || !strings.Contains(err.Error(), "no text") {
		t.Errorf("empty source: %v", err)
	}
	headings := source.Source{Name: "X", Text: "Just a heading\n\nAnother heading"}
	if _, err := (draft.Extractive{}).Compose([]source.Source{headings}); err == nil || !strings.Contains(err.Error(), "no usable sentences") {
		t.Errorf("no sentences: %v", err)
	}
}

func TestAttribution(t *testing.T) {
	tests := []struct {
		name string
		src  source.Source
		want string
	}{
		{"news", source.Source{Name: "Reuters", Kind: source.News}, "Sales rose 5% to $2 billion, according to Reuters."},
		{"statement", source.Source{Name: "Amazon", Kind: source.Statement}, "Sales rose 5% to $2 billion, Amazon said in a statement."},
		{"filing", source.Source{Name: "Amazon", Kind: source.Filing}, "Sales rose 5% to $2 billion, according to a filing by Amazon."},
		{"unnamed with address", source.Source{URL: "https://www.example.com/x"}, "Sales rose 5% to $2 billion, according to example.com."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.src.Text = "Headline\n\nSales rose 5% to $2 billion. Costs fell sharply in the quarter as well."
			d, err := draft.Extractive{}.Compose([]source.Source{tc.src})
			if err != nil {
				t.Fatal(err)
			}
			all := d.Dek + " " + strings.Join(d.Body, " ")
			if !strings.Contains(all, tc.want) {
				t.Errorf("draft %q does not contain %q", all, tc.want)
			}
		})
	}
}

func BenchmarkExtractive(b *testing.B) {
	srcs := seedSources(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (draft.Extractive{}).Compose(srcs); err != nil {
			b.Fatal(err)
		}
	}
}
