package extract

import (
	"reflect"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two", "Sales rose. Costs fell.", []string{"Sales rose.", "Costs fell."}},
		{"abbreviations", "Amazon.com Inc. said Mr. Jassy met U.S. officials. Shares rose.", []string{"Amazon.com Inc. said Mr. Jassy met U.S. officials.", "Shares rose."}},
		{"decimal", "Shares rose 1.29% to $263.04. Volume fell.", []string{"Shares rose 1.29% to $263.04.", "Volume fell."}},
		{"quote with inner sentences", `He said: "We grew. We will grow." Shares rose.`, []string{`He said: "We grew. We will grow."`, "Shares rose."}},
		{"question in quote", `"Why now?" he asked. Nobody knew.`, []string{`"Why now?" he asked.`, "Nobody knew."}},
		{"lower case after period", "See e.g. the filing. Then stop.", []string{"See e.g. the filing.", "Then stop."}},
		{"initials", "J. Smith said so. Done.", []string{"J. Smith said so.", "Done."}},
		{"paragraphs", "Heading\n\nBody text here. More.", []string{"Heading", "Body text here.", "More."}},
		{"bullets", "Watch for:\n• The backlog.\n• Capital spending.", []string{"Watch for:", "• The backlog.", "• Capital spending."}},
		{"hard wrap", "Sales rose\nsharply. Costs fell.", []string{"Sales rose\nsharply.", "Costs fell."}},
		{"table rows", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"| a | b |", "|---|---|", "| 1 | 2 |"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tc.in) {
				got = append(got, tc.in[s.Start:s.End])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSentenceTerminal(t *testing.T) {
	ss := Sentences("AWS Scaling and Capital Intensity\n\nThe backlog grew. \"Demand is strong,\" he said.")
	want := []bool{false, true, true}
	if len(ss) != len(want) {
		t.Fatalf("%d sentences, want %d", len(ss), len(want))
	}
	for i, s := range ss {
		if s.Terminal != want[i] {
			t.Errorf("sentence %d terminal %v, want %v", i, s.Terminal, want[i])
		}
	}
	if ss[0].Block != 0 || ss[1].Block != 1 {
		t.Errorf("blocks %d %d, want 0 1", ss[0].Block, ss[1].Block)
	}
}

func TestWords(t *testing.T) {
	in := "Amazon's mid-2026 U.S. plan, 3.5% up"
	var got []string
	for _, w := range Words(in) {
		got = append(got, in[w.Start:w.End])
	}
	want := []string{"Amazon's", "mid-2026", "U.S", "plan", "3.5", "up"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
	if n := CountWords(in); n != len(want) {
		t.Errorf("CountWords = %d, want %d", n, len(want))
	}
}

func TestWordKeyStems(t *testing.T) {
	groups := [][]string{
		{"project", "projects", "projected", "projecting"},
		{"increase", "increased", "increases", "increasing"},
		{"Amazon", "Amazon's", "amazon’s"},
	}
	for _, g := range groups {
		for _, w := range g[1:] {
			if WordKey(w) != WordKey(g[0]) {
				t.Errorf("WordKey(%q) != WordKey(%q)", w, g[0])
			}
		}
	}
	if WordKey("sales") == WordKey("scale") {
		t.Errorf("sales and scale share a key")
	}
}
