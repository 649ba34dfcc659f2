package extract

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestFoldMatchesReference checks Fold against the implementation it
// replaced (foldReference, below): the same folded text, and every folded
// offset mapped to the same original offset, on the fuzz seeds, the test
// sources and random texts made of the characters Fold treats specially.
func TestFoldMatchesReference(t *testing.T) {
	inputs := append([]string(nil), fuzzSeeds...)
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txt"))
	more, _ := filepath.Glob(filepath.Join("..", "rules", "testdata", "eval", "*", "*.txt"))
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(data))
	}
	r := rand.New(rand.NewSource(7))
	pieces := []string{"a", "b", "Z", "9", ".", ",", " ", "  ", "-", "--", " - ", "- ", " -", "—", " — ", "–", "\n", "\n\n", "\t",
		"“", "”", "‘", "’", "`", "'", "\"", "…", "\u00ad", "\u200b", "\ufeff", "é", "\xff", "\u00a0", "word", "co-op", "a-b-c"}
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := r.Intn(40); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	for _, in := range inputs {
		got, want := Fold(in), foldReference(in)
		if got.Text != want.Text {
			t.Fatalf("Fold(%q).Text = %q, want %q", in, got.Text, want.Text)
		}
		for i := -1; i <= len(got.Text)+1; i++ {
			if g, w := got.Original(i), want.Original(i); g != w {
				t.Fatalf("Fold(%q).Original(%d) = %d, want %d", in, i, g, w)
			}
		}
		for i := 0; i < len(got.Text); i += 1 + len(got.Text)/16 {
			for e := i; e <= len(got.Text); e += 1 + len(got.Text)/16 {
				if g, w := got.OriginalSpan(i, e), want.OriginalSpan(i, e); g != w {
					t.Fatalf("Fold(%q).OriginalSpan(%d, %d) = %v, want %v", in, i, e, g, w)
				}
			}
		}
	}
}

// foldReference is Fold as it was before hyphens between plain characters
// were copied with the run they are in.
func foldReference(text string) Folded {
	// The folded text is written to a Builder, whose String does not copy.
	// A space is written only when the character after it is known (a
	// dash drops the space before it), so nothing written is taken back.
	var buf strings.Builder
	buf.Grow(len(text))
	var segs []foldSeg
	linear := func(at int, s string) {
		if n := len(segs); n > 0 && segs[n-1].linear && segs[n-1].o+(buf.Len()-segs[n-1].f) == at {
			buf.WriteString(s)
			return
		}
		segs = append(segs, foldSeg{buf.Len(), at, true})
		buf.WriteString(s)
	}
	replace := func(at int, s string) {
		segs = append(segs, foldSeg{buf.Len(), at, false})
		buf.WriteString(s)
	}
	// space is the white space waiting to be written as " ": at is where
	// it is in text, and linear whether it is a plain space (copied) or
	// other white space (replaced).
	var space struct {
		waiting bool
		at      int
		linear  bool
	}
	flush := func() {
		if space.waiting {
			if space.linear {
				linear(space.at, " ")
			} else {
				replace(space.at, " ")
			}
			space.waiting = false
		}
	}
	lastSpace := true // drop leading white space
	dash := false     // drop white space after a dash
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && plainASCII[c] {
			// Copy a run of plain text in one piece, with the single spaces
			// between its words: a space after a plain character is kept
			// as it is (lastSpace and dash are false there), so only runs
			// of white space and special characters need the cases below.
			j := plainRunEnd(text, i+1)
			for j < len(text) {
				if d := text[j]; d < utf8.RuneSelf && plainASCII[d] {
					j++
				} else if d == ' ' && j+1 < len(text) && text[j+1] < utf8.RuneSelf && plainASCII[text[j+1]] {
					j += 2
				} else {
					break
				}
			}
			flush()
			linear(i, text[i:j])
			lastSpace, dash = false, false
			i = j
			continue
		}
		if c == ' ' {
			if !lastSpace && !dash {
				space.waiting, space.at, space.linear = true, i, true
				lastSpace = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			flush()
			replace(i, "\uFFFD")
			lastSpace, dash = false, false
		case unicode.IsSpace(r):
			if !lastSpace && !dash {
				space.waiting, space.at, space.linear = true, i, false
				lastSpace = true
			}
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u2060':
			// invisible
		case isDashRune(r) || r == '-':
			space.waiting = false // no space before a dash
			if r == '-' {
				for i+n < len(text) && text[i+n] == '-' {
					n++
				}
			}
			replace(i, "-")
			lastSpace, dash = false, true
		case r == '“' || r == '”' || r == '„' || r == '‟' || r == '«' || r == '»' || r == '″':
			flush()
			replace(i, `"`)
			lastSpace, dash = false, false
		case r == '‘' || r == '’' || r == '‚' || r == '‛' || r == '′' || r == '`':
			flush()
			replace(i, "'")
			lastSpace, dash = false, false
		case r == '…':
			flush()
			replace(i, "...")
			lastSpace, dash = false, false
		default:
			flush()
			linear(i, text[i:i+n])
			lastSpace, dash = false, false
		}
		i += n
	}
	flush()
	return Folded{Text: buf.String(), original: text, segs: segs}
}

// TestTrimSpanMatchesReference checks trimSpan, which tests ASCII bytes
// before decoding, against the decoding loops it had.
func TestTrimSpanMatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	pieces := []string{" ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u0085", "\u2003", "\u3000", "a", "é", "\xff", "\xc2", "."}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(8); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		text := b.String()
		for s := 0; s <= len(text); s++ {
			for e := s; e <= len(text); e++ {
				gs, ge := trimSpan(text, s, e)
				ws, we := trimSpanReference(text, s, e)
				if gs != ws || ge != we {
					t.Fatalf("trimSpan(%q, %d, %d) = %d, %d, want %d, %d", text, s, e, gs, ge, ws, we)
				}
			}
		}
	}
}

func trimSpanReference(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// TestFigureWordStartsPrecedeCandidates checks what Figures relies on to
// call wordFigureCandidate less: a word of three to nine ASCII letters not
// followed by "$" whose first two letters are not in figureWordStarts is
// never a candidate.
func TestFigureWordStartsPrecedeCandidates(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	words := []string{"three", "Three", "THREE", "fiscal", "Fiscal", "April", "april", "dozen", "million", "billion", "percent",
		"usd", "USD", "EUR", "thousand", "twenty", "hundred", "half", "quarter", "Sept", "June", "seventeen", "nine", "ninety"}
	for n := 0; n < 20000; n++ {
		w := make([]byte, 3+r.Intn(7))
		for k := range w {
			w[k] = "abcdefghijklmnopqrstuvwxyzAEFJMNOSTDU"[r.Intn(37)]
		}
		words = append(words, string(w))
	}
	for _, w := range words {
		for _, text := range []string{w, " " + w + " ", "(" + w + ", 5", w + "."} {
			i := strings.Index(text, w)
			j := i + len(w)
			if figureWordStarts[int(w[0]|0x20-'a')*26+int(w[1]|0x20-'a')] || len(w) < 3 || len(w) > 9 {
				continue
			}
			if (figureParser{text: text}).wordFigureCandidate(i, j) {
				t.Errorf("wordFigureCandidate(%q at %d) = true, though %q starts no figure word", text, i, w[:2])
			}
		}
	}
}

// TestFiguresMatchReference checks Figures against its scanning loop as it
// was (figuresReference, below; the parsers it calls are shared), on the
// fuzz seeds, the test sources and random texts.
func TestFiguresMatchReference(t *testing.T) {
	inputs := append([]string(nil), fuzzSeeds...)
	files, _ := filepath.Glob(filepath.Join("..", "rules", "testdata", "eval", "*", "*"))
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil {
			inputs = append(inputs, string(data))
		}
	}
	r := rand.New(rand.NewSource(10))
	pieces := []string{"three", "Three", "April 30", "fiscal 2025", "US$5", "USD 3", "$364B", "28%", "1.5x", "54/100", "http://x.com/5",
		"www.a.b", "A320", "Q2", "S&P 500", "10-K", " ", "  ", "\n", "-", "(", "+", "€2", "−3%", "twenty-one", "half", "the", "said",
		"net", "sales", "é", "\xff", ".", ",", "U.S.", "Hwy", "west", "9", "0.25", "bps", "million", "a"}
	for n := 0; n < 5000; n++ {
		var b strings.Builder
		for k := r.Intn(30); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
			if r.Intn(3) > 0 {
				b.WriteString(" ")
			}
		}
		inputs = append(inputs, b.String())
	}
	for _, in := range inputs {
		got, want := Figures(in), figuresReference(in)
		if len(got) != len(want) {
			t.Fatalf("Figures(%q) found %d figures, want %d", in, len(got), len(want))
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("Figures(%q)[%d] = %+v, want %+v", in, k, got[k], want[k])
			}
		}
	}
}

// figuresReference is Figures as it was before the space after a word was
// passed over with the word, and before figureWordStarts was tested ahead
// of wordFigureCandidate.
func figuresReference(text string) []Figure {
	p := figureParser{text: text}
	// Sized for a figure-dense text (about one in every 100 bytes) so that
	// the slice, of large structs, is rarely copied as it grows.
	out := make([]Figure, 0, len(text)/100+4)
	for i := 0; i < len(text); {
		c := text[i]
		// Bytes are sorted by one table lookup (figureClass); the scan runs
		// over every byte of every source and draft.
		switch figureClass[c] {
		case figSkip:
			i++
		case figNumber:
			if f, end, ok := p.numeric(i); ok {
				out = append(out, f)
				i, p.floor = end, end
				continue
			}
			if c >= '0' && c <= '9' {
				i = p.skipToken(i)
				continue
			}
			i++
		case figLetter, figLetterStart:
			// An ASCII letter: most words cannot start a figure and are
			// skipped whole (the default case below does the same for
			// other letters, after decoding them). The run of ASCII
			// letters is read once for both.
			j := letterEnd(text, i+1)
			// Every figure word but letters before "$" has 3 to 9 letters
			// (see wordFigureCandidate); others are not looked at further.
			if figureClass[c] == figLetterStart && (j-i >= 3 && j-i <= 9 || j < len(text) && text[j] == '$') &&
				p.wordFigureCandidate(i, j) {
				if f, end, ok := p.wordFigure(i); ok {
					out = append(out, f)
					i, p.floor = end, end
					continue
				}
			}
			// The word ends where its letters do when an ASCII byte that
			// is no letter or digit follows, unless it may be a web
			// address (skipWordFrom reads those to the next space).
			if j < len(text) && figureClass[text[j]] != figMulti && !asciiWord[text[j]] && c|0x20 != 'h' && c|0x20 != 'w' {
				i = j
				continue
			}
			i = p.skipWordFrom(i, j)
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == '€' || r == '£' || r == '¥' || r == '₹' || r == '−' {
				if f, end, ok := p.numeric(i); ok {
					out = append(out, f)
					i, p.floor = end, end
					continue
				}
				i += n
				continue
			}
			if !isLetterRune(r) {
				i += n
				continue
			}
			if !mayStartFigure(c) {
				i = p.skipWord(i)
				continue
			}
			if f, end, ok := p.wordFigure(i); ok {
				out = append(out, f)
				i, p.floor = end, end
				continue
			}
			i = p.skipWord(i)
		}
	}
	if len(out) == 0 {
		return nil // as before the slice was sized ahead
	}
	return out
}

// numeric and wordFigure are numericInto and wordFigureInto returning the
// figure, as figuresReference's parsers did.
func (p figureParser) numeric(i int) (Figure, int, bool) {
	var f Figure
	end, ok := p.numericInto(&f, i)
	if !ok {
		return Figure{}, 0, false
	}
	return f, end, true
}

func (p figureParser) wordFigure(i int) (Figure, int, bool) {
	var f Figure
	end, ok := p.wordFigureInto(&f, i)
	if !ok {
		return Figure{}, 0, false
	}
	return f, end, true
}
