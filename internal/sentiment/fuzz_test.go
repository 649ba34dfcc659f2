package sentiment

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzSeeds returns real sentences from the development set plus inputs
// that stress the tokeniser and splitter.
func fuzzSeeds(f *testing.F) []string {
	f.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "dev.tsv"))
	if err != nil {
		f.Fatal(err)
	}
	var seeds []string
	for i, line := range strings.Split(string(data), "\n") {
		if _, text, ok := strings.Cut(line, "\t"); ok && i%7 == 0 {
			seeds = append(seeds, text)
		}
	}
	doc, err := os.ReadFile(filepath.Join("testdata", "docs", "nordvik.txt"))
	if err != nil {
		f.Fatal(err)
	}
	return append(seeds, string(doc),
		"", " ", "\n\n\n", ".", "...", "?!", "$", "$AMZN", "$1.5 bn", "EUR10 .5 m", "EUR416 ,000", "0.8 -1.2",
		"−", "−5", "( EUR 8.7 mn )", "((((", "U.S.", "Inc. The", "e.g. x", "No. 5", "J. P.", "•", "• \n•",
		"1. ", "\xff\xfe\xfd", "sales\xffrose", "didn’t", "n't", "'s", "not not not not", "from from from 5",
		"than than 5 %", "swung to to to", "a\u00a0b", "\u2028", "EUR"+strings.Repeat("9", 400),
		strings.Repeat("rose ", 300), strings.Repeat("-", 100), strings.Repeat("1.", 100))
}

func FuzzSplit(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for i, sp := range Split(text) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
				t.Fatalf("span %d [%d,%d) out of order or range (previous end %d, len %d)", i, sp.Start, sp.End, prev, len(text))
			}
			if isSpaceByte(text[sp.Start]) || isSpaceByte(text[sp.End-1]) {
				t.Errorf("span %d %q is not trimmed", i, text[sp.Start:sp.End])
			}
			prev = sp.End
		}
	})
}

func FuzzDocument(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	m := newModel(f, Options{})
	f.Fuzz(func(t *testing.T, text string) {
		doc := m.Document(text)
		checkScore(t, "document", doc.Score)
		if doc.Label != m.DocumentLabelOf(doc.Score) {
			t.Errorf("document label %s does not match score %v", doc.Label, doc.Score)
		}
		prev := 0
		for i, s := range doc.Sentences {
			if s.Start < prev || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("sentence %d [%d,%d) out of order or range", i, s.Start, s.End)
			}
			prev = s.End
			checkScore(t, "sentence", s.Score)
			for _, c := range s.Cues {
				if c.Start < s.Start || c.End > s.End || c.End <= c.Start {
					t.Errorf("cue %q [%d,%d) outside its sentence [%d,%d)", c, c.Start, c.End, s.Start, s.End)
				}
				if math.IsNaN(c.Weight) || math.IsInf(c.Weight, 0) {
					t.Errorf("cue %q has weight %v", c, c.Weight)
				}
			}
		}
		for _, e := range m.Entities(doc, Cashtags(text)) {
			checkScore(t, "entity "+e.Symbol, e.Score)
		}
		// The single-sentence entry point must agree with itself.
		s1, _ := m.AppendCues(nil, text)
		checkScore(t, "AppendCues", s1)
	})
}

func checkScore(t *testing.T, what string, s float64) {
	t.Helper()
	if math.IsNaN(s) || s < -1 || s > 1 {
		t.Errorf("%s score %v not in [-1, 1]", what, s)
	}
}

func FuzzParseLexicon(f *testing.F) {
	f.Add([]byte("word,category\nGAIN,Positive\nLOSS,Negative\n"))
	f.Add([]byte("\ufeffgood,positive\r\nbad,NEGATIVE\r\n# c\r\n\r\nmaybe,Uncertainty\n"))
	f.Add([]byte("a,b,c\n"))
	f.Add([]byte("x,Nope\n"))
	f.Add([]byte(",Positive\n"))
	f.Add([]byte("two words,Positive\n"))
	f.Add([]byte("\xff,Positive\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		lx, err := ParseLexicon("list.csv", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "bad word list: list.csv") {
				t.Errorf("error %q does not name the file first", err)
			}
			return
		}
		if lx.Len() == 0 {
			t.Fatal("no error and no words")
		}
		for _, c := range categoryNames {
			for _, w := range lx.Words(c.cat) {
				if lx.Lookup(w)&c.cat == 0 {
					t.Errorf("word %q listed under %s but Lookup says %s", w, c.name, lx.Lookup(w))
				}
			}
		}
	})
}
