package sentiment

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	showErrors = flag.Bool("sentiment.errors", false, "log every misclassified sentence of the evaluation sets")
	phraseBank = flag.Bool("sentiment.phrasebank", false, "evaluate on Financial PhraseBank from the shared data folder (evaluation only)")
)

// example is one labelled sentence.
type example struct {
	text  string
	label Label
	line  int
}

// loadTSV reads a "label<TAB>sentence" file written for this project.
func loadTSV(t testing.TB, path string) []example {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []example
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lab, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s:%d: want label<TAB>sentence", path, i+1)
		}
		l, err := ParseLabel(lab)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, i+1, err)
		}
		out = append(out, example{text: text, label: l, line: i + 1})
	}
	return out
}

// sharedData returns the read-only shared data folder ($ALPHADESK_SHARED_DATA
// or ../shared/data above the repository root), or skips the test.
func sharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ALPHADESK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared data folder not found (%v): set ALPHADESK_SHARED_DATA to the folder holding sentiment/ and lexicon/", err)
	}
	return dir
}

// loadPhraseBank reads one Financial PhraseBank file: "sentence@label" per
// line, ISO-8859-1 where a line is not valid UTF-8, split on the last "@".
func loadPhraseBank(t testing.TB, split string) []example {
	t.Helper()
	path := filepath.Join(sharedData(t), "sentiment", "FinancialPhraseBank-v1.0", "Sentences_"+split+".txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("Financial PhraseBank not available: %v", err)
	}
	var out []example
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		raw := bytes.TrimRight(sc.Bytes(), "\r")
		if len(raw) == 0 {
			continue
		}
		line := latin1(raw)
		at := strings.LastIndexByte(line, '@')
		if at < 0 {
			t.Fatalf("%s:%d: no @label", path, n)
		}
		l, err := ParseLabel(line[at+1:])
		if err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, example{text: line[:at], label: l, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// latin1 decodes b as UTF-8 when valid, else as ISO-8859-1, except that
// bytes 0x80-0x9F (control codes in ISO-8859-1) are read as Windows-1252,
// which the files use for "€" and typographic quotes.
func latin1(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c >= 0x80 && c <= 0x9F:
			sb.WriteRune(cp1252[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// cp1252 maps bytes 0x80-0x9F of Windows-1252 to runes (U+FFFD where the
// code page leaves a byte undefined).
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// scores holds evaluation figures for one classifier on one set.
type scores struct {
	n         int
	confusion [3][3]int // [gold][predicted], index label+1
}

func (s *scores) add(gold, pred Label) {
	s.n++
	s.confusion[gold+1][pred+1]++
}

func (s *scores) accuracy() float64 {
	if s.n == 0 {
		return 0
	}
	ok := 0
	for i := range 3 {
		ok += s.confusion[i][i]
	}
	return float64(ok) / float64(s.n)
}

// macroF1 is the unweighted mean of the per-class F1 scores.
func (s *scores) macroF1() float64 {
	sum := 0.0
	for c := range 3 {
		tp := s.confusion[c][c]
		gold, pred := 0, 0
		for k := range 3 {
			gold += s.confusion[c][k]
			pred += s.confusion[k][c]
		}
		if tp == 0 {
			continue
		}
		p := float64(tp) / float64(pred)
		r := float64(tp) / float64(gold)
		sum += 2 * p * r / (p + r)
	}
	return sum / 3
}

func (s *scores) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "n=%d accuracy=%.4f macro-F1=%.4f\n", s.n, s.accuracy(), s.macroF1())
	b.WriteString("  gold\\pred   negative  neutral  positive\n")
	for g := range 3 {
		fmt.Fprintf(&b, "  %-9s %9d %8d %9d\n", Label(g-1), s.confusion[g][0], s.confusion[g][1], s.confusion[g][2])
	}
	return b.String()
}

// evaluate scores every example with classify and logs errors on request.
func evaluate(t *testing.T, set []example, classify func(string) (Label, []Cue)) *scores {
	t.Helper()
	var s scores
	for _, ex := range set {
		got, cues := classify(ex.text)
		s.add(ex.label, got)
		if got != ex.label && *showErrors {
			t.Logf("line %d: gold %s, got %s %v: %s", ex.line, ex.label, got, cueStrings(cues), ex.text)
		}
	}
	return &s
}

func cueStrings(cues []Cue) []string {
	out := make([]string, len(cues))
	for i, c := range cues {
		out[i] = fmt.Sprintf("%s(%+.2f)", c, c.Weight)
	}
	return out
}

func newModel(t testing.TB, opts Options) *Model {
	t.Helper()
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func modelClassifier(m *Model) func(string) (Label, []Cue) {
	return func(s string) (Label, []Cue) {
		score, cues := m.AppendCues(nil, s)
		return m.LabelOf(score), cues
	}
}

// Quality floors on the project's own sets. They are below the measured
// figures (see docs/sentiment.md) by a margin for harmless rule changes.
const (
	devFloorAccuracy     = 0.95
	heldoutFloorAccuracy = 0.92
	maxF1Gap             = 0.05
)

func TestDevSet(t *testing.T) {
	m := newModel(t, Options{})
	for _, tc := range []struct {
		file  string
		floor float64
	}{
		{"dev.tsv", devFloorAccuracy},
		{"heldout.tsv", heldoutFloorAccuracy},
	} {
		t.Run(tc.file, func(t *testing.T) {
			set := loadTSV(t, filepath.Join("testdata", tc.file))
			s := evaluate(t, set, modelClassifier(m))
			t.Logf("%s: %s", tc.file, s)
			if got := s.accuracy(); got < tc.floor {
				t.Errorf("accuracy %.4f, want >= %.2f", got, tc.floor)
			}
			if gap := s.accuracy() - s.macroF1(); gap > maxF1Gap {
				t.Errorf("macro-F1 %.4f is %.4f below accuracy, want within %.2f", s.macroF1(), gap, maxF1Gap)
			}
		})
	}
}
