package rules

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// TestNumberTracedContext checks that a figure tracing by value only to an
// unrelated source passage, while the passage on what it reports gives
// another value, is held, and that faithful paraphrases are not.
func TestNumberTracedContext(t *testing.T) {
	dividend := source.Source{Name: "Harrow & Pine", Text: `Operating income was $541 million, up 12%.

The board of directors approved a 10% increase in the quarterly dividend, to 66 cents per share.`}
	premium := source.Source{Name: "Pellworth Systems", Text: `The exchange ratio implies a value of $49.14 per Quanterra share, a premium of 31% to Quanterra's closing price on that date and 38% to its 30-day volume-weighted average price.`}
	trial := source.Source{Name: "Veridane Therapeutics", Text: `In two trials, 78.4% of patients reached PASI 90 at week 16, and 61% had clear skin after 52 weeks.

Veridane shares rose 12% to $58.20.`}
	guidance := source.Source{Name: "Harrow & Pine", Text: `The company now expects comparable sales growth of 2.5% to 3.5%, compared with 1.5% to 3% previously. Digital sales rose 2.5% and store sales 3%.`}
	projections := source.Source{Name: "Bank of Estoria", Text: `Staff project headline inflation of 2.6% in 2027, compared with 2.8% and 2.2% in the August projections. Headline inflation eased to 2.9% in September.`}
	paraphrase := source.Source{Name: "Wire", Text: `Sales climbed 12% to $5 billion in the period.`}
	tests := []struct {
		name     string
		src      source.Source
		sentence string
		figure   string   // the draft figure the test is about
		want     Severity // of that figure's finding
	}{
		// a) the passage on what the draft reports gives another value
		{"dividend altered", dividend, "Harrow & Pine raised its quarterly dividend by 12% and authorized a buyback.", "12%", Hold},
		{"dividend faithful", dividend, "Harrow & Pine raised its quarterly dividend by 10% and authorized a buyback.", "10%", Info},
		{"operating income faithful", dividend, "Operating income rose 12% to $541 million.", "12%", Info},
		{"premium swapped", premium, "The ratio values Quanterra at $49.14 a share, a premium of 31% to its 30-day volume-weighted average price.", "31%", Hold},
		{"premium faithful", premium, "The ratio values Quanterra at $49.14 a share, a premium of 38% to its 30-day volume-weighted average price.", "38%", Info},
		{"premium headline", premium, "Quanterra holders get a 31% premium.", "31%", Info},
		{"paraphrase without shared words", paraphrase, "Revenue rose 12% to $5 billion.", "12%", Info},
		{"pair shares its words", projections, "Staff projected inflation of 2.6% in 2027, compared with 2.8% in their August projections.", "2.8%", Info},

		// c) labelled numbers
		{"week altered", trial, "Patients reached PASI 90 at week 12.", "12", Hold},
		{"week faithful", trial, "Patients reached PASI 90 at week 16.", "16", Info},
		{"week as duration", trial, "Patients reached PASI 90 after 16 weeks.", "16", Info},
		{"week label for a plain number", trial, "The trial enrolled 16 patients.", "16", Hold},

		// b) ranges
		{"range from two source ranges", guidance, "Sales growth is now seen at 2.5% to 3.5%, up from 1.5% to 2.5%.", "1.5%", Hold},
		{"range from two source ranges, written as one", guidance, "Growth was seen at 1.5%-2.5% before.", "1.5%-2.5%", Hold},
		{"faithful prior range", guidance, "Sales growth is now seen at 2.5% to 3.5%, up from 1.5% to 3%.", "3%.", Info},
		{"range of single figures", guidance, "Digital and store sales rose 2.5%-3%.", "2.5%-3%", Info},
		{"single figure at a range end", guidance, "Growth of up to 3.5% is expected.", "3.5%", Info},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			draftText := "Update\n\nThe company reported.\n\n" + tc.sentence
			rep, doc := check(t, draftText, Market{}, tc.src)
			start := strings.Index(doc.Text, tc.sentence)
			at := start + strings.LastIndex(tc.sentence, tc.figure)
			var got []Finding
			for _, f := range of(rep, "number.traced") {
				if f.DraftSpan[0] >= at && f.DraftSpan[0] < at+len(tc.figure) {
					got = append(got, f)
				}
			}
			if w := worst(got); w != tc.want {
				t.Errorf("severity %q, want %q%s", w, tc.want, describeFindings(doc, of(rep, "number.traced")))
			}
		})
	}
}

func TestNumberTracedContextMessage(t *testing.T) {
	src := source.Source{Name: "Harrow & Pine", Text: "Operating income was $541 million, up 12%.\n\nThe board approved a 10% increase in the quarterly dividend."}
	rep, doc := check(t, "Update\n\nThe company reported.\n\nIt raised its quarterly dividend by 12% on Tuesday.", Market{}, src)
	var hold *Finding
	for _, f := range of(rep, "number.traced") {
		if f.Severity == Hold {
			hold = &f
		}
	}
	if hold == nil {
		t.Fatalf("no hold%s", describeFindings(doc, rep.Findings))
	}
	for _, want := range []string{"“12%”", "unrelated passage", "“quarterly dividend”", "gives “10%”"} {
		if !strings.Contains(hold.Message, want) {
			t.Errorf("message %q does not say %s", hold.Message, want)
		}
	}
	if hold.SourceSpan == nil || src.Text[hold.SourceSpan.Span[0]:hold.SourceSpan.Span[1]] != "10%" {
		t.Errorf("source span %+v, want the contradicting 10%%", hold.SourceSpan)
	}
}

func TestFigureLabel(t *testing.T) {
	tests := []struct {
		text, num   string
		label       string
		labelBefore bool
	}{
		{"at week 12, compared", "12", "week", true},
		{"after 16 weeks", "16", "week", false},
		{"a 30-day average", "30", "day", false},
		{"Day 28 results", "28", "day", true},
		{"in cohort 3 patients", "3", "cohort", true},
		{"hired 240 sales representatives", "240", "", false},
		{"midweek 12 things", "12", "", false},
		{"12 weekly", "12", "", false},
	}
	for _, tc := range tests {
		figs := extract.Figures(tc.text)
		var found bool
		for _, f := range figs {
			if tc.text[f.Start:f.End] != tc.num {
				continue
			}
			found = true
			if l, b := figureLabel(tc.text, f); l != tc.label || b != tc.labelBefore {
				t.Errorf("%q: label %q before %v, want %q %v", tc.text, l, b, tc.label, tc.labelBefore)
			}
		}
		if !found {
			t.Errorf("%q: no figure %q", tc.text, tc.num)
		}
	}
}

// TestFigurePassageSame checks figurePassage against refFigurePassage, the
// implementation it replaced (two tokenizing passes per side, a byte-by-byte
// scan for breaks on both sides, notContent as a map), on every figure of
// the evaluation set's sources and drafts, of every text under
// testdata/eval and testdata/seed, of the benchmarks' input and of
// generated text: the same words, keys and spans on each side.
func TestFigurePassageSame(t *testing.T) {
	type input struct {
		name  string
		text  string
		names []uint64
	}
	var inputs []input
	add := func(name, text string, srcs []source.Source) {
		inputs = append(inputs, input{name, text, sourceNameKeys(srcs)})
	}
	for _, c := range loadEval(t) {
		add(c.Name+" draft", c.input.Doc.Text, c.input.Sources)
		for i, s := range c.input.Sources {
			add(fmt.Sprintf("%s source %d", c.Name, i), s.Text, c.input.Sources)
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "eval", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := filepath.Glob(filepath.Join("testdata", "seed", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, seed...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(f, string(data), nil)
		if s, err := source.Parse(filepath.Base(f), data); err == nil {
			add(f+" parsed", s.Text, []source.Source{s})
		}
	}
	in := benchInput(t)
	add("bench draft", in.Doc.Text, in.Sources)
	for i, s := range in.Sources {
		add(fmt.Sprintf("bench source %d", i), s.Text, in.Sources)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		add(fmt.Sprintf("generated %d", i), generatedText(rng), []source.Source{{Name: "Harrow & Pine"}})
	}
	figures := 0
	for _, in := range inputs {
		figures += comparePassages(t, in.name, in.text, in.names)
	}
	if figures < 5000 {
		t.Errorf("compared the passages of %d figures, want more", figures)
	}
}

// FuzzFigurePassage compares figurePassage with refFigurePassage on
// arbitrary text.
func FuzzFigurePassage(f *testing.F) {
	f.Add("Operating income was $541 million, up 12%.\n\nThe board approved a 10% increase in the quarterly dividend.")
	f.Add("Staff project headline inflation of 2.6% in 2027, compared with 2.8% and 2.2% in the August projections.")
	f.Add("The U.S. unit’s sales — up 4.5% — rose to $3.1bn; costs (mostly wages) fell 2%, and margins widened 1.5 points.")
	f.Add("a\xe2\x80 12% \xff\xfe week 16, week 12 ... 3.5% x.y.z 2%.\"Q2\" 7%")
	f.Fuzz(func(t *testing.T, text string) {
		comparePassages(t, "fuzz", text, sourceNameKeys([]source.Source{{Name: "Harrow & Pine"}}))
	})
}

// comparePassages compares both implementations on every figure of text,
// each into an arena that already holds words, and returns how many
// figures it compared.
func comparePassages(t *testing.T, name, text string, names []uint64) int {
	t.Helper()
	figs := extract.Figures(text)
	start := []passageWord{{key: 1, span: extract.Span{Start: 0, End: 0}}}
	gotArena, wantArena := slices.Clone(start), slices.Clone(start)
	for k := range figs {
		got := figurePassage(text, figs, k, names, &gotArena)
		want := refFigurePassage(text, figs, k, names, &wantArena)
		if got.rightMask != keyMask(got.right) || got.allMask != keyMask(got.all) {
			t.Errorf("%s: figure at %d: masks %x %x, want %x %x", name, figs[k].Start, got.rightMask, got.allMask, keyMask(got.right), keyMask(got.all))
		}
		for _, side := range []struct {
			name      string
			got, want []passageWord
		}{{"left", got.left, want.left}, {"right", got.right, want.right}, {"all", got.all, want.all}} {
			if !slices.Equal(side.got, side.want) {
				t.Errorf("%s: figure %q at %d: %s words %s, want %s", name, text[figs[k].Start:figs[k].End], figs[k].Start,
					side.name, passageText(text, side.got), passageText(text, side.want))
			}
		}
	}
	if !slices.Equal(gotArena, wantArena) {
		t.Errorf("%s: arenas differ", name)
	}
	return len(figs)
}

func keyMask(ws []passageWord) uint64 {
	var m uint64
	for _, w := range ws {
		m |= keyBit(w.key)
	}
	return m
}

func passageText(text string, ws []passageWord) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "%q@%d/%x ", text[w.span.Start:w.span.End], w.span.Start, w.key)
	}
	return "[" + strings.TrimSpace(b.String()) + "]"
}

// sourceNameKeys are the keys of the words of the sources' names, as
// Analysis.nameKeys reads them.
func sourceNameKeys(srcs []source.Source) []uint64 {
	a := Analysis{Input: Input{Sources: srcs}}
	return a.nameKeys()
}

// generatedText returns text made of pieces that passages turn on: figures
// of several kinds, words and stop words, breaks of every sort,
// coordinations, joiners, non-ASCII letters and punctuation, invalid
// UTF-8, and long words, with spaces, line breaks or nothing between them.
func generatedText(rng *rand.Rand) string {
	pieces := []string{
		"12%", "$541 million", "10%", "2.8%", "2.2%", "31%", "$49.14", "1,500", "3.5", "16", "week 16", "12 weeks", "2027",
		"April 30, 2026", "4.5x", "3 times", "1.5%-2.5%", "between 28% and 30%", "€3bn", "0.4 points", "Q2",
		"and", "or", ",", ", and", ", or", "to", "of", "the", "in", "by", "said", "up", "from",
		"revenue", "Revenue", "sales", "dividend", "quarterly", "operating", "income", "premium", "projections", "inflation",
		"rose", "fell", "raised", "per", "share", "shares", "billion", "percent", "quarter", "Harrow", "Pine", "Pine's",
		"company's", "U.S", "U.S.", "mid-2026", "year-ago", "it's", "Amazon’s", "café", "Zürich", "naïve", "ΑΒΓ", "東京",
		".", ". ", ".\n", ".\"", "!", "?", ";", ":", "(", ")", "—", "–", "-", "'", "’", "\"", "“", "”", "…",
		"\n", "\n\n", "  ", "\t", "\xe2", "\xe2\x80", "\xff", "\xc3", "x", "a", "I", "aa",
		"supercalifragilisticexpialidociousnessesmentationsfulness", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ",
	}
	var b strings.Builder
	n := 1 + rng.IntN(120)
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
		switch rng.IntN(8) {
		case 0:
		case 1:
			b.WriteString("\n")
		default:
			b.WriteString(" ")
		}
	}
	return b.String()
}

// refFigurePassage is figurePassage as it was first written, kept as the
// reference the faster one must agree with.
func refFigurePassage(text string, figs []extract.Figure, k int, names []uint64, arena *[]passageWord) passage {
	f := figs[k]
	left, right := f.Start, f.End
	for j := k - 1; j >= 0 && figs[j].End <= left && sameKind(figs[j], f) && isCoordination(text[figs[j].End:left]); j-- {
		left = figs[j].Start
	}
	for j := k + 1; j < len(figs) && figs[j].Start >= right && sameKind(figs[j], f) && isCoordination(text[right:figs[j].Start]); j++ {
		right = figs[j].End
	}
	lo := max(0, left-passageBytes)
	for lo > 0 && lo < left && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for j := k - 1; j >= 0 && figs[j].End > lo; j-- {
		if figs[j].End <= left && sameKind(figs[j], f) {
			lo = max(lo, figs[j].End)
			break
		}
	}
	for i := left - 1; i >= lo; i-- {
		if refIsBreak(text, i) {
			lo = i + 1
			break
		}
	}
	hi := min(len(text), right+passageBytes)
	for j := k + 1; j < len(figs) && figs[j].Start < hi; j++ {
		if figs[j].Start >= right && sameKind(figs[j], f) {
			hi = min(hi, figs[j].Start)
			break
		}
	}
	for i := right; i < hi; i++ {
		if refIsBreak(text, i) {
			hi = i
			break
		}
	}
	var starts [contextWords]int
	n := 0
	for i := lo; ; {
		s, e, ok := extract.NextWord(text[:left], i)
		if !ok {
			break
		}
		starts[n%contextWords] = s
		n++
		i = e
	}
	if n > contextWords {
		lo = starts[n%contextWords]
	}
	end := right
	for i, c := right, 0; c < contextWords; c++ {
		_, e, ok := extract.NextWord(text[:hi], i)
		if !ok {
			break
		}
		end, i = e, e
	}
	buf := *arena
	s := len(buf)
	buf = refContentWords(text, right, end, names, buf)
	nr := len(buf) - s
	buf = refContentWords(text, lo, left, names, buf)
	nl := len(buf) - s - nr
	for _, w := range buf[s : s+nr] {
		if !hasKey(buf[s+nr:s+nr+nl], w.key) {
			buf = append(buf, w)
		}
	}
	*arena = buf
	return passage{right: buf[s : s+nr : s+nr], left: buf[s+nr : s+nr+nl : s+nr+nl], all: buf[s+nr : len(buf) : len(buf)]}
}

func refContentWords(text string, lo, hi int, names []uint64, out []passageWord) []passageWord {
	if lo >= hi {
		return out
	}
	base := len(out)
	extract.ContentWords(text[lo:hi], func(key uint64, s, e int) {
		if refNotContent[key] || containsKey(names, key) {
			return
		}
		for _, w := range out[base:] {
			if w.key == key {
				return
			}
		}
		out = append(out, passageWord{key, extract.Span{Start: lo + s, End: lo + e}})
	})
	return out
}

var refNotContent = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields(`percent percentage pct point points basis bps cent cents dollar dollars
		billion million trillion thousand bn mln about approximately roughly nearly almost around some close
		more less fewer least than over under above below rose rise rising gained gain climbed jumped added
		increased increase higher advanced surged soared grew grow growth rallied fell fall dropped drop declined
		decline lost slid slipped sank tumbled plunged shed decreased decrease lower shrank retreated raised raise
		lifted lift boosted boost cut cuts reduced trimmed widened narrowed expanded improved compared versus
		previously prior total share shares quarter quarters fiscal first second third fourth half period ago
		earlier last ended ending year-earlier year-ago`) {
		m[extract.WordKey(w)] = true
	}
	return m
}()

func refIsBreak(text string, i int) bool {
	switch c := text[i]; c {
	case '\n', ';', ':', '(', ')':
		return true
	case '.', '!', '?':
		return i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '"'
	case ',':
		return i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'
	case 0xe2:
		return strings.HasPrefix(text[i:], "—")
	}
	return false
}
