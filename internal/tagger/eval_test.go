package tagger

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"alphadesk/internal/textextract"
)

// labelled is one evaluation case: a text and the securities it names.
type labelled struct {
	where string         // file:line, for messages
	text  string         // the text to tag
	want  map[string]Via // symbol -> strongest evidence expected ("" when unknown)
}

// parseWant reads "AAPL=name MSFT=cashtag" or "-".
func parseWant(s string) (map[string]Via, error) {
	want := map[string]Via{}
	s = strings.TrimSpace(s)
	if s == "-" {
		return want, nil
	}
	for _, f := range strings.Fields(s) {
		sym, via, ok := strings.Cut(f, "=")
		if !ok || !slices.Contains(Vias, Via(via)) {
			return nil, fmt.Errorf("want %q: write SYMBOL=via with via one of %v", f, Vias)
		}
		want[sym] = Via(via)
	}
	return want, nil
}

// loadLabelled reads testdata/labelled.txt (one "WANT | TEXT" case a line).
func loadLabelled(t testing.TB, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w, text, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("%s:%d: want \"WANT | TEXT\"", path, n)
		}
		want, err := parseWant(w)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, labelled{where: fmt.Sprintf("%s:%d", filepath.Base(path), n), text: strings.ReplaceAll(text, `\n`, "\n"), want: want})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// loadDocs reads testdata/docs: each file starts with a "want: ..." line and
// a blank line; HTML files are reduced to text first.
func loadDocs(t testing.TB, dir string) []labelled {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []labelled
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		head, body, ok := strings.Cut(string(b), "\n\n")
		w, found := strings.CutPrefix(strings.TrimSpace(head), "want:")
		if !ok || !found {
			t.Fatalf("%s: want a first line \"want: SYMBOL=via ...\" and a blank line", p)
		}
		want, err := parseWant(w)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if strings.HasSuffix(p, ".html") {
			body = textextract.FromHTML(body)
		}
		out = append(out, labelled{where: filepath.Base(p), text: body, want: want})
	}
	return out
}

// ownSet is the project's labelled set: the sentences and the documents.
func ownSet(t testing.TB) []labelled {
	return append(loadLabelled(t, filepath.Join("testdata", "labelled.txt")), loadDocs(t, filepath.Join("testdata", "docs"))...)
}

// prf holds true positives, false positives and false negatives.
type prf struct{ tp, fp, fn int }

func (c prf) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c prf) recall() float64    { return ratio(c.tp, c.tp+c.fn) }
func (c prf) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// scores are a set's metrics overall and per via: precision by the via of
// the predicted tag's strongest evidence, recall by the gold via.
type scores struct {
	all     prf
	predVia map[Via]*prf // tp and fp by predicted via
	goldVia map[Via]*prf // tp and fn by gold via
	errors  []string
}

func newScores() *scores {
	s := &scores{predVia: map[Via]*prf{}, goldVia: map[Via]*prf{}}
	for _, v := range append(slices.Clone(Vias), "") {
		s.predVia[v] = &prf{}
		s.goldVia[v] = &prf{}
	}
	return s
}

// add scores one text: got are the tags kept, want the gold set (already
// limited to the universe). A gold via of "" means unknown.
func (s *scores) add(where string, got []Tag, want map[string]Via) {
	seen := map[string]bool{}
	for _, g := range got {
		seen[g.Symbol] = true
		v := g.Via()
		if gv, ok := want[g.Symbol]; ok {
			s.all.tp++
			s.predVia[v].tp++
			s.goldVia[gv].tp++
		} else {
			s.all.fp++
			s.predVia[v].fp++
			s.errors = append(s.errors, fmt.Sprintf("%s: FP %s %.2f %v", where, g.Symbol, g.Confidence, mentionTexts(g)))
		}
	}
	for sym, gv := range want {
		if !seen[sym] {
			s.all.fn++
			s.goldVia[gv].fn++
			s.errors = append(s.errors, fmt.Sprintf("%s: FN %s", where, sym))
		}
	}
}

func mentionTexts(g Tag) []string {
	var out []string
	for _, m := range g.Mentions {
		out = append(out, string(m.Via)+":"+m.Text)
	}
	return out
}

// table renders the scores as a small text table.
func (s *scores) table(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n  %-9s %5s %5s %5s %7s %7s %7s\n", name, "via", "tp", "fp", "fn", "P", "R", "F1")
	row := func(label string, c prf) {
		fmt.Fprintf(&b, "  %-9s %5d %5d %5d %7.3f %7.3f %7.3f\n", label, c.tp, c.fp, c.fn, c.precision(), c.recall(), c.f1())
	}
	for _, v := range Vias {
		p, g := s.predVia[v], s.goldVia[v]
		if p.tp+p.fp+g.tp+g.fn == 0 {
			continue
		}
		// P from the predicted via, R from the gold via.
		row(string(v), prf{tp: p.tp, fp: p.fp, fn: 0})
		fmt.Fprintf(&b, "  %-9s %5s %5s %5d %7s %7.3f\n", "", "", "", g.fn, "", g.recall())
	}
	row("overall", s.all)
	return b.String()
}

// inUniverse limits a gold set to the symbols the tagger knows.
func (t *Tagger) inUniverse(want map[string]Via) map[string]Via {
	out := map[string]Via{}
	for sym, v := range want {
		for _, l := range t.listings {
			if l.symbol == sym {
				out[sym] = v
				break
			}
		}
	}
	return out
}

// evaluate tags every case and scores the tags at or above min.
func evaluate(t testing.TB, tg *Tagger, cases []labelled, min float64) *scores {
	t.Helper()
	s := newScores()
	for _, c := range cases {
		res, err := tg.Tag(c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.where, err)
		}
		var kept []Tag
		for _, g := range res.Tags {
			if g.Confidence >= min {
				kept = append(kept, g)
			}
		}
		s.add(c.where, kept, tg.inUniverse(c.want))
	}
	return s
}

// sweep returns F1 at each candidate threshold.
func sweep(t testing.TB, tg *Tagger, cases []labelled) (best float64, rows []string, f1At map[float64]float64) {
	f1At = map[float64]float64{}
	bestF1 := -1.0
	for th := 0.30; th <= 0.951; th += 0.05 {
		th = math.Round(th*100) / 100
		s := evaluate(t, tg, cases, th)
		f1At[th] = s.all.f1()
		rows = append(rows, fmt.Sprintf("  min %.2f: P %.3f R %.3f F1 %.3f", th, s.all.precision(), s.all.recall(), s.all.f1()))
		if s.all.f1() > bestF1 {
			bestF1, best = s.all.f1(), th
		}
	}
	return best, rows, f1At
}

// TestOwnSet measures precision and recall on the project's labelled set
// with the embedded universe, at the default threshold, and checks that the
// default threshold is (close to) the best one on this set.
func TestOwnSet(t *testing.T) {
	tg := embedded(t)
	cases := ownSet(t)
	if len(cases) < 150 {
		t.Fatalf("labelled set has %d cases, want at least 150", len(cases))
	}
	s := evaluate(t, tg, cases, DefaultMinConfidence)
	t.Logf("%d cases\n%s", len(cases), s.table("own set, embedded universe, min "+fmt.Sprint(DefaultMinConfidence)))
	for _, e := range s.errors {
		t.Log(e)
	}
	if p := s.all.precision(); p < 0.97 {
		t.Errorf("precision %.3f, want at least 0.97", p)
	}
	if r := s.all.recall(); r < 0.93 {
		t.Errorf("recall %.3f, want at least 0.93", r)
	}
	best, rows, f1At := sweep(t, tg, cases)
	t.Logf("threshold sweep (embedded universe):\n%s", strings.Join(rows, "\n"))
	if f1At[DefaultMinConfidence] < f1At[best]-0.01 {
		t.Errorf("DefaultMinConfidence %.2f gives F1 %.3f; %.2f gives %.3f: revisit the default",
			DefaultMinConfidence, f1At[DefaultMinConfidence], best, f1At[best])
	}
}

// TestOwnSetSEC measures the same set against the full SEC universe (with
// the curated names merged in), where many more names and tickers can
// collide with ordinary words.
func TestOwnSetSEC(t *testing.T) {
	tg := withSEC(t)
	cases := ownSet(t)
	s := evaluate(t, tg, cases, DefaultMinConfidence)
	t.Logf("%s", s.table("own set, SEC universe, min "+fmt.Sprint(DefaultMinConfidence)))
	for _, e := range s.errors {
		t.Log(e)
	}
	if p := s.all.precision(); p < 0.95 {
		t.Errorf("precision %.3f, want at least 0.95", p)
	}
	if r := s.all.recall(); r < 0.93 {
		t.Errorf("recall %.3f, want at least 0.93", r)
	}
	_, rows, _ := sweep(t, tg, cases)
	t.Logf("threshold sweep (SEC universe):\n%s", strings.Join(rows, "\n"))
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
