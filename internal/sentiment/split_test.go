package sentiment

import (
	"reflect"
	"testing"
)

func splitTexts(text string) []string {
	var out []string
	for _, sp := range Split(text) {
		out = append(out, text[sp.Start:sp.End])
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two sentences", "Sales rose. Profit fell.", []string{"Sales rose.", "Profit fell."}},
		{"company suffix mid-sentence", "Shares of Tamlin Corp. rose 4 %. The stock fell.",
			[]string{"Shares of Tamlin Corp. rose 4 %.", "The stock fell."}},
		{"company suffix ends sentence", "The buyer is Kestrel Systems Inc. The deal closes in May.",
			[]string{"The buyer is Kestrel Systems Inc.", "The deal closes in May."}},
		{"Co. and Ltd.", "Fjord Co. and Harjula Ltd. signed the deal. It runs to 2012.",
			[]string{"Fjord Co. and Harjula Ltd. signed the deal.", "It runs to 2012."}},
		{"U.S. mid-sentence", "In the U.S. market sales rose. Europe was flat.",
			[]string{"In the U.S. market sales rose.", "Europe was flat."}},
		{"U.S. at the end", "Sales grew in the U.S. The rest fell.",
			[]string{"Sales grew in the U.S.", "The rest fell."}},
		{"e.g.", "Costs, e.g. freight, rose. Margins fell.", []string{"Costs, e.g. freight, rose.", "Margins fell."}},
		{"No. before a figure", "It is the No. 2 maker. It grew.", []string{"It is the No. 2 maker.", "It grew."}},
		{"decimals and currency", "Revenue was $1.5 bn. Profit was EUR 13.1 mn.", []string{"Revenue was $1.5 bn.", "Profit was EUR 13.1 mn."}},
		{"initials", "J. P. Morgan cut its target. Shares fell.", []string{"J. P. Morgan cut its target.", "Shares fell."}},
		{"title", "Mr. Virtanen resigned. Ms. Laine follows.", []string{"Mr. Virtanen resigned.", "Ms. Laine follows."}},
		{"month before a day", "On Jan. 6 sales rose. Then they fell.", []string{"On Jan. 6 sales rose.", "Then they fell."}},
		{"question and exclamation", "Will sales rise? Yes! They did.", []string{"Will sales rise?", "Yes!", "They did."}},
		{"closing quote stays", `He said "sales rose." Then he left.`, []string{`He said "sales rose."`, "Then he left."}},
		{"headline and paragraph", "Nordvik Profit Jumps\n\nNordvik said profit rose.", []string{"Nordvik Profit Jumps", "Nordvik said profit rose."}},
		{"headline with one newline", "Nordvik Profit Jumps\nNordvik said profit rose.", []string{"Nordvik Profit Jumps", "Nordvik said profit rose."}},
		{"wrapped line is not a break", "Nordvik said that its profit\nrose in the quarter.", []string{"Nordvik said that its profit\nrose in the quarter."}},
		{"bullets", "Watch:\n  • The backlog.\n  • Capital spending\n- Retail margins", []string{"Watch:", "The backlog.", "Capital spending", "Retail margins"}},
		{"numbered list", "Steps:\n1. Cut costs\n2. Raise prices", []string{"Steps:", "Cut costs", "Raise prices"}},
		{"no final stop", "Sales rose", []string{"Sales rose"}},
		{"only spaces", " \n\t ", nil},
		{"empty", "", nil},
		{"ellipsis", "Sales fell... Then rose.", []string{"Sales fell...", "Then rose."}},
		{"invalid UTF-8", "Sales\xff rose. Profit fell.", []string{"Sales\xff rose.", "Profit fell."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := splitTexts(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Split(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
