package rules

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/source"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// evalManifest is testdata/eval/manifest.json: labelled source/draft pairs.
// A pair's draft is a file, optionally with one hand-written edit (an exact
// replacement that must occur once) that introduces the labelled error.
type evalManifest struct {
	Sets map[string]struct {
		Sources []string `json:"sources"`
		Market  Market   `json:"market"`
	} `json:"sets"`
	Pairs []evalPair `json:"pairs"`
}

type evalPair struct {
	Name  string `json:"name"`
	Set   string `json:"set"`
	Draft string `json:"draft"`
	Label string `json:"label"`
	Edit  *struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"edit"`
	// Known says why the gate is known to publish a wrong figure, or to
	// hold a faithful draft: a limit of the rules, documented, rather than
	// a failure of the test (known faithful holds still count against the
	// one-in-twenty target). A known pair the gate gets right fails the
	// test until the note goes.
	Known string `json:"known"`
}

// Labels of the evaluation set.
const (
	labelFaithful = "faithful"
	labelFigure   = "wrong_figure"
)

func isQuoteError(label string) bool {
	switch label {
	case "altered_quote", "fabricated_quote", "merged_quote", "misattributed_quote":
		return true
	}
	return false
}

// evalCase is one materialised pair.
type evalCase struct {
	evalPair
	input Input
}

func loadEval(t testing.TB) []evalCase {
	t.Helper()
	dir := filepath.Join("testdata", "eval")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m evalManifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	sources := map[string][]source.Source{}
	for name, set := range m.Sets {
		for _, f := range set.Sources {
			s := readSource(t, filepath.Join(dir, f))
			sources[name] = append(sources[name], s)
		}
	}
	var out []evalCase
	for _, p := range m.Pairs {
		set, ok := m.Sets[p.Set]
		if !ok {
			t.Fatalf("pair %s: unknown set %q", p.Name, p.Set)
		}
		raw, err := os.ReadFile(filepath.Join(dir, p.Draft))
		if err != nil {
			t.Fatalf("pair %s: %v", p.Name, err)
		}
		text := string(raw)
		if p.Edit != nil {
			if n := strings.Count(text, p.Edit.From); n != 1 {
				t.Fatalf("pair %s: edit text %q occurs %d times in %s, want once", p.Name, p.Edit.From, n, p.Draft)
			}
			text = strings.Replace(text, p.Edit.From, p.Edit.To, 1)
		}
		d, doc, err := draft.Decode([]byte(text))
		if err != nil {
			t.Fatalf("pair %s: %v", p.Name, err)
		}
		out = append(out, evalCase{p, Input{Draft: d, Doc: doc, Sources: sources[p.Set], Market: set.Market, TagConfidence: TagConfidenceUnknown}})
	}
	return out
}

func readSource(t testing.TB, path string) source.Source {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := source.Parse(filepath.Base(path), data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEvaluation runs the gate over the labelled pairs and holds it to the
// targets: no altered, fabricated, merged or misattributed quotation passes
// quote.verbatim, at most one faithful draft in twenty is held, and every
// wrong figure stops publication. Per-pair results are in
// testdata/eval/results.golden (refresh with -update).
func TestEvaluation(t *testing.T) {
	cases := loadEval(t)
	if len(cases) < 40 {
		t.Fatalf("%d pairs, want at least 40", len(cases))
	}
	var (
		golden                         strings.Builder
		faithful, faithfulHeld         int
		quoteErrs, quoteErrPass        int
		quoteErrPublished              int
		figureErrs, figureErrPublished int
		figureErrKnown                 int
		counts                         = map[string]int{}
	)
	for _, c := range cases {
		rep, err := Check(c.input)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		counts[c.Label]++
		blockedByQuote := false
		var notes []string
		for _, f := range rep.Findings {
			if f.Severity == Info {
				continue
			}
			if f.Rule == "quote.verbatim" && f.Severity == Block {
				blockedByQuote = true
			}
			notes = append(notes, fmt.Sprintf("    %s %s: %s", f.Severity, f.Rule, excerpt(f.Message, 150)))
		}
		switch {
		case c.Label == labelFaithful:
			faithful++
			switch {
			case rep.Decision != Publish:
				faithfulHeld++
				if c.Known == "" {
					t.Errorf("faithful draft %s: decision %s, want publish\n%s", c.Name, rep.Decision, strings.Join(notes, "\n"))
				}
			case c.Known != "":
				t.Errorf("%s: listed as a known hold (%s) but the gate publishes it now: remove the note", c.Name, c.Known)
			}
		case isQuoteError(c.Label):
			quoteErrs++
			if !blockedByQuote {
				quoteErrPass++
				t.Errorf("%s (%s): quote.verbatim did not block\n%s", c.Name, c.Label, strings.Join(notes, "\n"))
			}
			if rep.Decision == Publish {
				quoteErrPublished++
			}
		case c.Label == labelFigure:
			figureErrs++
			switch {
			case rep.Decision == Publish && c.Known != "":
				figureErrPublished++
				figureErrKnown++
			case rep.Decision == Publish:
				figureErrPublished++
				t.Errorf("%s: wrong figure published", c.Name)
			case c.Known != "":
				t.Errorf("%s: listed as a known miss (%s) but the gate stops it now: remove the note", c.Name, c.Known)
			}
		default:
			t.Fatalf("%s: unknown label %q", c.Name, c.Label)
		}
		fmt.Fprintf(&golden, "%s [%s] %s\n", c.Name, c.Label, rep.Decision)
		for _, n := range notes {
			golden.WriteString(n + "\n")
		}
	}
	labels := make([]string, 0, len(counts))
	for l := range counts {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	var summary strings.Builder
	fmt.Fprintf(&summary, "pairs: %d (", len(cases))
	for i, l := range labels {
		if i > 0 {
			summary.WriteString(", ")
		}
		fmt.Fprintf(&summary, "%s %d", l, counts[l])
	}
	fmt.Fprintf(&summary, ")\naltered/fabricated/merged/misattributed quotes passing quote.verbatim: %d of %d (published: %d)\n", quoteErrPass, quoteErrs, quoteErrPublished)
	fmt.Fprintf(&summary, "faithful drafts held by mistake: %d of %d\n", faithfulHeld, faithful)
	fmt.Fprintf(&summary, "wrong figures published: %d of %d (known limits, each noted in the manifest: %d)\n", figureErrPublished, figureErrs, figureErrKnown)
	t.Log("\n" + summary.String())
	compareGolden(t, filepath.Join("testdata", "eval", "results.golden"), summary.String()+"\n"+golden.String())
	if faithfulHeld*20 > faithful {
		t.Errorf("faithful drafts held: %d of %d, target at most 1 in 20", faithfulHeld, faithful)
	}
}

// compareGolden checks got against a golden file, or rewrites it with -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
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
		t.Errorf("%s differs from the result; run go test -run %s -update and review the diff\n got:\n%s", path, t.Name(), got)
	}
}
