package sentiment

import (
	"reflect"
	"strings"
	"testing"
)

func TestBuiltinLexicon(t *testing.T) {
	lx, err := parseLexicon("lexicon.txt", builtinLexicon)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"rose", "fell", "profit", "narrowed", "downgraded", "liabilities", "not"} {
		if e := lx.words[w]; e == nil || e.roles == 0 {
			t.Errorf("word %q missing", w)
		}
	}
	// Phrases hang off their first word.
	found := false
	for _, p := range lx.words["operating"].phrases {
		if strings.Join(p.rest, " ") == "profit" && p.e.roles&roleMetric != 0 {
			found = true
		}
	}
	if !found {
		t.Error(`phrase "operating profit" missing`)
	}
	// Longest phrase first.
	ps := lx.words["profit"].phrases
	for i := 1; i < len(ps); i++ {
		if len(ps[i].rest) > len(ps[i-1].rest) {
			t.Fatalf("phrases of %q not sorted longest first", "profit")
		}
	}
}

func TestParseLexiconFormat(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"form before section", "rose\n", "x.txt:1: forms before the first @section"},
		{"unknown role", "@nope\nrose\n", `x.txt:1: unknown role "nope"`},
		{"dir without direction", "@dir w=1\nrose\n", "x.txt:1: dir section needs up or down"},
		{"bad number", "@metric imp=abc\nsales\n", "x.txt:1: parameter imp=abc"},
		{"parameter of another role", "@polar imp=1\ngood\n", `x.txt:1: parameter "imp=1" does not apply to role polar`},
		{"bad inflection", "@polar w=1\ngood/x\n", "x.txt:2: form \"good/x\": unknown inflection /x"},
		{"conflict", "@polar w=1\ngood\n@polar w=-1\ngood\n", `x.txt:4: form "good" has role polar twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseLexicon("x.txt", tc.text)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := parseLexicon("x.txt", "@polar w=1\ngood\n@polar w=1\ngood\n"); err != nil {
		t.Errorf("repeating a form with the same parameters: %v", err)
	}
}

func TestVerbForms(t *testing.T) {
	tests := map[string][]string{
		"rise":     {"rise", "rises", "rised", "rising"}, // irregular forms are written out in the lexicon
		"increase": {"increase", "increases", "increased", "increasing"},
		"rally":    {"rally", "rallies", "rallied", "rallying"},
		"slash":    {"slash", "slashes", "slashed", "slashing"},
		"climb":    {"climb", "climbs", "climbed", "climbing"},
		"delay":    {"delay", "delays", "delayed", "delaying"},
	}
	for v, want := range tests {
		if got := verbForms(v); !reflect.DeepEqual(got, want) {
			t.Errorf("verbForms(%q) = %v, want %v", v, got, want)
		}
	}
}
