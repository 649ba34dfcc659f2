package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPassageWordsSame checks NextPassageWord and ReadKey against NextWord
// and ContentWords: the same words, and for each the key ContentWords
// gives it when it is a content word, on the texts under testdata and
// ../rules/testdata and on generated text.
func TestPassageWordsSame(t *testing.T) {
	texts := []string{"", " ", "a", "A1", "1a", "U.S. sales", "it's", "Amazon’s", "x-", "-x", "a.b.", "naïve café", "\xe2\x80", "\xff a"}
	for _, pattern := range []string{"testdata/*/*", "../rules/testdata/*/*", "../rules/testdata/eval/*/*"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				texts = append(texts, string(data))
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		texts = append(texts, generatedWords(rng))
	}
	words := 0
	for _, text := range texts {
		words += comparePassageWords(t, text)
	}
	if words < 100000 {
		t.Errorf("compared %d words, want more", words)
	}
}

// FuzzPassageWords compares NextPassageWord and ReadKey with NextWord and
// ContentWords on arbitrary text.
func FuzzPassageWords(f *testing.F) {
	f.Add("The U.S. unit’s sales — up 4.5% — rose; it's Amazon's year-ago QUARTERS, naïve café \xff")
	f.Add("supercalifragilisticexpialidociousnessesmentationsfulnessxyz increases Studies")
	f.Fuzz(func(t *testing.T, text string) { comparePassageWords(t, text) })
}

func comparePassageWords(t *testing.T, text string) int {
	t.Helper()
	keys := map[int]uint64{}
	ContentWords(text, func(key uint64, s, e int) { keys[s] = key })
	n := 0
	for i := 0; ; n++ {
		s, e, ok := NextWord(text, i)
		w, gotOK := NextPassageWord(text, i)
		if gotOK != ok || ok && (w.Start != s || w.End != e) {
			t.Fatalf("%q at %d: NextPassageWord %v %v, want %d %d %v", text, i, w.Span, gotOK, s, e, ok)
		}
		if !ok {
			return n
		}
		w.ReadKey(text)
		want, content := keys[s]
		if w.Content != content || content && w.Key != want {
			t.Errorf("%q: word %q: key %x content %v, want %x %v", text, text[s:e], w.Key, w.Content, want, content)
		}
		if k, ok := ContentKey(text[s:e]); ok != content || ok && k != want {
			t.Errorf("%q: ContentKey(%q) = %x %v, want %x %v", text, text[s:e], k, ok, want, content)
		}
		i = e
	}
}

// generatedWords returns text of words that exercise the tokenizer and
// the keys: stop words, numbers, joiners, stems, non-ASCII letters and
// punctuation, long words and invalid UTF-8.
func generatedWords(rng *rand.Rand) string {
	pieces := []string{"the", "The", "THE", "of", "and", "said", "company", "revenue", "Revenues", "rising", "increased",
		"increases", "studies", "boxes", "churches", "status", "bus", "analysis", "dividend", "shares", "U.S", "U.S.",
		"it's", "it’s", "Amazon's", "Amazon’s", "mid-2026", "year-ago", "3.5", "12%", "1,500", "Q2", "A320", "x", "I",
		"ab", "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "café", "Zürich",
		"ΑΒΓ", "東京", "İstanbul", "\u212aelvin", "—", "–", "…", "'", "’", "-", ".", ",", "\xe2", "\xe2\x80", "\xff", "\xc3",
		"a'", "a''b", "a--b", "a..b", "'s", "ing", "singing", "bed", "used", "fee", "trees"}
	var b strings.Builder
	for range 1 + rng.IntN(60) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
		switch rng.IntN(6) {
		case 0:
		case 1:
			b.WriteString(pieces[rng.IntN(len(pieces))][:1])
		default:
			b.WriteString(" ")
		}
	}
	return b.String()
}

// TestLastMark checks LastMark against a byte-by-byte scan on the same
// texts as TestPassageWordsSame, at every end and a few starts.
func TestLastMark(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		text := generatedWords(rng)
		for hi := 0; hi <= len(text); hi++ {
			for _, lo := range []int{0, hi - 1, hi - 8, hi - 9, hi - 17, hi / 2, -1} {
				if got, want := LastMark(text, lo, hi), lastMarkRef(text, lo, hi); got != want {
					t.Fatalf("LastMark(%q, %d, %d) = %d, want %d", text, lo, hi, got, want)
				}
			}
		}
	}
}

func lastMarkRef(text string, lo, hi int) int {
	for i := hi - 1; i >= max(lo, 0); i-- {
		c := text[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ') {
			return i
		}
	}
	return -1
}
