package sentiment

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/docs")

func TestEmptyInput(t *testing.T) {
	m := newModel(t, Options{})
	for _, in := range []string{"", " ", "\n\n\t\r\n"} {
		doc := m.Document(in)
		if doc.Label != Neutral || doc.Score != 0 || len(doc.Sentences) != 0 {
			t.Errorf("Document(%q) = %+v, want neutral, 0, no sentences", in, doc)
		}
		if s := m.Sentence(in); s.Label != Neutral || s.Score != 0 || len(s.Cues) != 0 {
			t.Errorf("Sentence(%q) = %+v, want neutral, 0, no cues", in, s)
		}
	}
	if got := m.Entities(Document{}, nil); len(got) != 0 {
		t.Errorf("Entities of nothing = %v, want none", got)
	}
}

func TestInvalidUTF8(t *testing.T) {
	m := newModel(t, Options{})
	text := "Operating profit \xffrose to EUR 13.1 mn. \xfe\xfdNet sales fell \xc3."
	doc := m.Document(text)
	if len(doc.Sentences) != 2 {
		t.Fatalf("got %d sentences, want 2: %+v", len(doc.Sentences), doc.Sentences)
	}
	if got := doc.Sentences[0].Label; got != Positive {
		t.Errorf("first sentence %s, want positive (cues %v)", got, cueStrings(doc.Sentences[0].Cues))
	}
	if got := doc.Sentences[1].Label; got != Negative {
		t.Errorf("second sentence %s, want negative (cues %v)", got, cueStrings(doc.Sentences[1].Cues))
	}
	// Offsets are byte offsets into the text as given.
	if got := text[doc.Sentences[1].Start:doc.Sentences[1].End]; got != "\xfe\xfdNet sales fell \xc3." {
		t.Errorf("second sentence covers %q", got)
	}
}

func TestDocumentWeighting(t *testing.T) {
	m := newModel(t, Options{})
	neutralBody := strings.Repeat("The company is based in Espoo. ", 8)
	tests := []struct {
		name string
		text string
		want Label
	}{
		{"positive headline over a factual body", "Nordvik Profit Jumps 40%\n\n" + neutralBody, Positive},
		{"negative headline over a factual body", "Nordvik Issues Profit Warning\n\n" + neutralBody, Negative},
		{"factual text", neutralBody, Neutral},
		{"headline outweighs one late sentence", "Nordvik Wins EUR 40 mn Order\n\n" + neutralBody + "Costs rose slightly.", Positive},
		{"balanced story", "Sales rose 5 %. Profit fell 5 %. Orders grew. Costs increased.", Neutral},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := m.Document(tc.text)
			if doc.Label != tc.want {
				t.Errorf("got %s (%.3f), want %s", doc.Label, doc.Score, tc.want)
			}
		})
	}
	if SentenceWeight(0) != HeadlineWeight || SentenceWeight(1) != LeadWeight || SentenceWeight(LeadSentences) != LeadWeight || SentenceWeight(LeadSentences+1) != 1 {
		t.Errorf("SentenceWeight does not follow headline %v, lead %v x %d, then 1", HeadlineWeight, LeadWeight, LeadSentences)
	}
}

func TestEntities(t *testing.T) {
	m := newModel(t, Options{})
	text := readDoc(t, "twocompanies.txt")
	doc := m.Document(text)
	got := map[string]Label{}
	for _, e := range m.Entities(doc, Cashtags(text)) {
		got[e.Symbol] = e.Label
		if e.Mentions < 2 || e.Sentences < 2 {
			t.Errorf("%s: %d mentions in %d sentences, want at least 2 of each", e.Symbol, e.Mentions, e.Sentences)
		}
	}
	want := map[string]Label{"VSTA": Positive, "KLMR": Negative}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entities %v, want %v", got, want)
	}
}

func TestEntitiesMentionHandling(t *testing.T) {
	m := newModel(t, Options{})
	text := "Nordvik profit rose 40 %.  Harjula is based in Espoo."
	doc := m.Document(text)
	mentions := []Mention{
		{Symbol: "HARJ", Start: 27, End: 34}, // listed out of order
		{Symbol: "NVK", Start: 0, End: 7},
		{Symbol: "GAP", Start: 25, End: 26},   // white space between sentences
		{Symbol: "OUT", Start: 500, End: 510}, // past the end
		{Symbol: "BAD", Start: 5, End: 2},     // end before start
		{Symbol: "", Start: 0, End: 3},        // no symbol
	}
	got := m.Entities(doc, mentions)
	if len(got) != 2 || got[0].Symbol != "NVK" || got[1].Symbol != "HARJ" {
		t.Fatalf("entities %+v, want NVK then HARJ only", got)
	}
	if got[0].Label != Positive || got[1].Label != Neutral {
		t.Errorf("labels %s, %s, want positive, neutral", got[0].Label, got[1].Label)
	}
}

func TestCashtags(t *testing.T) {
	tests := []struct {
		in   string
		want []Mention
	}{
		{"$AMZN rose", []Mention{{"AMZN", 0, 5}}},
		{"Buy $BRK.B and $T.", []Mention{{"BRK.B", 4, 10}, {"T", 15, 17}}},
		{"$1.5 bn and US$ 3", nil},
		{"x$AMZN, $amzn, $TOOLONGX, $AB1", nil},
		{"($NOK)", []Mention{{"NOK", 1, 5}}},
	}
	for _, tc := range tests {
		if got := Cashtags(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Cashtags(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestNewOptions(t *testing.T) {
	for _, opts := range []Options{{NeutralBand: -0.1}, {NeutralBand: 1}, {DocumentBand: 2}, {LexiconWeight: -1}, {LexiconMode: 7}} {
		if _, err := New(opts); !errors.Is(err, ErrOptions) {
			t.Errorf("New(%+v) error %v, want ErrOptions", opts, err)
		}
	}
	m := newModel(t, Options{NeutralBand: 0.5})
	if got := m.LabelOf(0.4); got != Neutral {
		t.Errorf("band 0.5: LabelOf(0.4) = %s, want neutral", got)
	}
	if m.LexiconSize() < 1000 {
		t.Errorf("built-in lexicon has %d forms, want over 1000", m.LexiconSize())
	}
}

func TestLabels(t *testing.T) {
	for _, l := range []Label{Negative, Neutral, Positive} {
		got, err := ParseLabel(strings.ToUpper(l.String()))
		if err != nil || got != l {
			t.Errorf("ParseLabel(%q) = %v, %v", l.String(), got, err)
		}
		if b, _ := l.MarshalText(); string(b) != l.String() {
			t.Errorf("MarshalText = %q, want %q", b, l)
		}
	}
	if _, err := ParseLabel("bullish"); err == nil {
		t.Error("ParseLabel(bullish): no error")
	}
	if RuleComparison.String() != "comparison" || Rule(99).String() != "rule(99)" {
		t.Errorf("Rule names: %s, %s", RuleComparison, Rule(99))
	}
}

// TestConcurrentUse scores the same text from many goroutines at once.
func TestConcurrentUse(t *testing.T) {
	m := newModel(t, Options{})
	text := readDoc(t, "nordvik.txt")
	want := m.Document(text)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got := m.Document(text); !reflect.DeepEqual(got, want) {
					t.Error("concurrent Document differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGolden renders the analysis of each document under testdata/docs and
// compares it with its .golden file; -update rewrites them.
func TestGolden(t *testing.T) {
	m := newModel(t, Options{})
	files, err := filepath.Glob(filepath.Join("testdata", "docs", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no documents: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			text := readDoc(t, filepath.Base(path))
			got := renderDocument(m, text)
			golden := strings.TrimSuffix(path, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("analysis of %s changed; run with -update if intended.\ngot:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}

func renderDocument(m *Model, text string) string {
	doc := m.Document(text)
	var b strings.Builder
	fmt.Fprintf(&b, "document %s %.3f\n", doc.Label, doc.Score)
	for _, s := range doc.Sentences {
		fmt.Fprintf(&b, "[%d,%d) %s %.3f %q\n", s.Start, s.End, s.Label, s.Score, firstWords(text[s.Start:s.End]))
		for _, c := range s.Cues {
			fmt.Fprintf(&b, "    %-10s %+.3f %q [%d,%d)\n", c.Rule, c.Weight, c.String(), c.Start, c.End)
		}
	}
	for _, e := range m.Entities(doc, Cashtags(text)) {
		fmt.Fprintf(&b, "entity %s %s %.3f mentions=%d sentences=%d\n", e.Symbol, e.Label, e.Score, e.Mentions, e.Sentences)
	}
	return b.String()
}

func firstWords(s string) string {
	f := strings.Fields(s)
	if len(f) > 8 {
		f = append(f[:8], "…")
	}
	return strings.Join(f, " ")
}
