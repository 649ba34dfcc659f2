package sentiment

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadWordList(t *testing.T) *Lexicon {
	t.Helper()
	path := filepath.Join("testdata", "wordlist.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lx, err := ParseLexicon(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

func TestParseLexicon(t *testing.T) {
	lx := loadWordList(t)
	if got, want := lx.Len(), 9; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	tests := []struct {
		word string
		want Category
	}{
		{"stellar", CatPositive},
		{"Dismal", CatNegative | CatUncertainty},
		{"murky", CatUncertainty},
		{"obliged", CatConstraining},
		{"unknown", 0},
	}
	for _, tc := range tests {
		if got := lx.Lookup(tc.word); got != tc.want {
			t.Errorf("Lookup(%q) = %s, want %s", tc.word, got, tc.want)
		}
	}
	counts := lx.Counts()
	if counts[CatPositive] != 2 || counts[CatNegative] != 2 || counts[CatUncertainty] != 2 {
		t.Errorf("Counts = %v", counts)
	}
}

func TestParseLexiconErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // substring of the error, which must also name file and line
	}{
		{"three fields", "word,category\ngood,Positive,extra\n", "list.csv:2: want 2 fields"},
		{"one field", "good\n", "list.csv:1: want 2 fields"},
		{"unknown category", "good,Positive\nbad,Awful\n", `list.csv:2: unknown category "Awful"`},
		{"empty word", ",Positive\n", `list.csv:1: word "": empty`},
		{"two words", "very good,Positive\n", `list.csv:1: word "very good": character ' ' not allowed`},
		{"punctuation", "good!,Positive\n", `list.csv:1: word "good!"`},
		{"invalid UTF-8", "good,Positive\nb\xffd,Negative\n", "list.csv:2: not valid UTF-8"},
		{"no words", "word,category\n# nothing\n", "list.csv: no words"},
		{"empty file", "", "list.csv: no words"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseLexicon("list.csv", []byte(tc.in))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !errors.Is(err, ErrLexicon) {
				t.Errorf("error %v is not ErrLexicon", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseLexiconLayout(t *testing.T) {
	// BOM, CRLF, quotes, comments, blank lines, case and spacing variants.
	in := "\ufeffWORD,CATEGORY\r\n\"Gain\",\"Positive\"\r\n\r\n# comment\r\n  loss , negative \r\nmaybe,weak_modal\r\n"
	lx, err := ParseLexicon("x.csv", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if lx.Lookup("gain") != CatPositive || lx.Lookup("loss") != CatNegative || lx.Lookup("maybe") != CatWeakModal {
		t.Errorf("got gain=%s loss=%s maybe=%s", lx.Lookup("gain"), lx.Lookup("loss"), lx.Lookup("maybe"))
	}
}

func TestLexiconModes(t *testing.T) {
	lx := loadWordList(t)
	extra := newModel(t, Options{Lexicon: lx, LexiconMode: LexiconExtra})
	base := newModel(t, Options{Lexicon: lx, LexiconMode: LexiconBaseline})
	plain := newModel(t, Options{})
	tests := []struct {
		name                string
		text                string
		plain, extra, basel Label
	}{
		{"user positive word", "The quarter was stellar and splendid.", Neutral, Positive, Positive},
		{"user negative word", "The quarter was dismal and gloomy.", Neutral, Negative, Negative},
		{"built-in rules win over the list", "Operating profit rose, a dismal sign for rivals.", Positive, Positive, Negative},
		{"list hedge", "Sales rose 5 %, murky as it is.", Positive, Positive, Neutral},
		{"nothing known", "The company is based in Espoo.", Neutral, Neutral, Neutral},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				name string
				m    *Model
				want Label
			}{{"plain", plain, tc.plain}, {"extra", extra, tc.extra}, {"baseline", base, tc.basel}} {
				if got := c.m.Sentence(tc.text); got.Label != c.want {
					t.Errorf("%s: got %s (%.2f) %v, want %s", c.name, got.Label, got.Score, cueStrings(got.Cues), c.want)
				}
			}
		})
	}
	s := extra.Sentence("The quarter was stellar.")
	if len(s.Cues) != 1 || s.Cues[0].Rule != RuleLexicon || s.Cues[0].Word != "stellar" {
		t.Errorf("extra-mode cues %v, want one lexicon cue \"stellar\"", cueStrings(s.Cues))
	}
	s = base.Sentence("Dismal, gloomy, stellar.")
	if s.Score >= 0 || len(s.Cues) != 3 {
		// "dismal" is both Negative and Uncertainty: it counts as negative.
		t.Errorf("baseline score %.2f cues %v, want < 0 with 3 cues", s.Score, cueStrings(s.Cues))
	}
}
