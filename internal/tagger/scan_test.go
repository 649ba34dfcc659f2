package tagger

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refTokens splits text the plain way, a rune at a time: the tokens scan
// must find, with their shapes. It is the specification scan's eight-bytes-
// at-a-time splitting is checked against.
func refTokens(text string) []token {
	var out []token
	var cur *token
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		word := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
			r >= utf8.RuneSelf && isWordRune(r)
		if !word {
			cur = nil
			i += size
			continue
		}
		if cur == nil {
			out = append(out, token{start: int32(i)})
			cur = &out[len(out)-1]
		}
		var sh shape
		switch {
		case r >= 'A' && r <= 'Z':
			sh = shUpper | shLetter
		case r >= 'a' && r <= 'z':
			sh = shLower | shLetter
		case r >= '0' && r <= '9':
			sh = shDigit
		case unicode.IsLetter(r) && (unicode.IsUpper(r) || unicode.IsTitle(r)):
			sh = shUpper | shLetter
		case unicode.IsLetter(r) && unicode.IsLower(r):
			sh = shLower | shLetter
		case unicode.IsLetter(r):
			sh = shLetter
		}
		if int(cur.start) == i && sh&shUpper != 0 {
			sh |= shFirstUpper
		}
		cur.shape |= sh
		i += size
		cur.end = int32(i)
	}
	return out
}

// scanCases are texts that reach every path of scan: words ending at chunk
// borders, long words, non-ASCII letters in and around words, separators
// that are not ASCII, invalid UTF-8, short texts.
var scanCases = map[string]string{
	"empty":          "",
	"one letter":     "A",
	"short":          "Ford F",
	"seven":          "Abcdefg",
	"eight":          "Abcdefgh Ijklmnop",
	"nine":           "Abcdefghi 123456789",
	"sixteen":        "ABCDEFGHIJKLMNOP abcdefghijklmnopq x",
	"long word":      "Supercalifragilisticexpialidocious Corp.",
	"separators":     "a  ,,  b\n\n\tc---d",
	"cashtag":        "$AMZN and $F rose; (NASDAQ: AMZN) <AMZN.O>",
	"digits":         "Q2 1Q26 FY2026 3M 10% 2,500 GLP-1",
	"accent inside":  "Nestlé Société Générale Müller Ölkonzern",
	"accent at end":  "café résumé",
	"curly quotes":   "Apple’s “Amazon” — Meta’",
	"non-Latin":      "Тинькофф 中国石油 İSTANBUL Ǆ ǅ ǆ ß ẞ",
	"marks":          "x\u0301y \u0301a a\u0301",
	"invalid utf8":   "Ap\xffple \xc3 Ford\xe2\x80 x",
	"no-break space": "Apple\u00a0Inc.\u00a0(AAPL)",
	"mixed case":     "eBay iRobot AbbVie ON Semiconductor the Bank of America",
	"title case":     "Apple Shares Rise After Q2 Earnings Beat; Analysts Raise Price Target",
}

// randomText writes a text of random words, tickers and separators, ASCII
// and not, from r.
func randomText(r *rand.Rand, words []string) string {
	seps := []string{" ", " ", " ", ", ", ". ", "\n", "\n\n", " (", ") ", "$", ": ", "'s ", "’s ", "-", ".", "/",
		" <", "> ", "&", "\xff", "é", "İ", "ß", "中", "\u0301", "_", "\u00a0", "\t", "“", "”"}
	var b strings.Builder
	for range 1 + r.IntN(40) {
		w := words[r.IntN(len(words))]
		switch r.IntN(4) {
		case 0:
			w = strings.ToUpper(w)
		case 1:
			w = strings.ToLower(w)
		}
		if r.IntN(8) == 0 && len(w) > 1 {
			k := r.IntN(len(w))
			w = w[:k] + seps[r.IntN(len(seps))] + w[k:]
		}
		b.WriteString(w)
		b.WriteString(seps[r.IntN(len(seps))])
	}
	return b.String()
}

// checkScan checks scan's tokens against refTokens, and its lookups
// against lookupWord: the looked-up tokens get the entry, hot bits and
// flags of their word, the others are words scan may leave, and the hots
// list every looked-up token with hot bits, in order.
func checkScan(t *testing.T, tg *Tagger, text string) {
	t.Helper()
	toks, hots := tg.scan(text, &scratch{})
	want := refTokens(text)
	if len(toks) != len(want) {
		t.Fatalf("scan(%q): %d tokens, want %d", text, len(toks), len(want))
	}
	var wantHots []int32
	for i, got := range toks {
		w := want[i]
		if got.start != w.start || got.end != w.end || got.shape != w.shape {
			t.Fatalf("scan(%q) token %d: got %d-%d shape %05b, want %d-%d %q shape %05b",
				text, i, got.start, got.end, got.shape, w.start, w.end, text[w.start:w.end], w.shape)
		}
		word := text[got.start:got.end]
		e, hh, flags := tg.lookupWord(word)
		if got.entry == notLooked {
			dollar := got.start > 0 && text[got.start-1] == '$'
			if got.shape&shFirstUpper != 0 || byteClass[word[0]] == clDigit || dollar || hh&hotLower != 0 {
				t.Fatalf("scan(%q): token %q not looked up", text, word)
			}
			continue
		}
		if got.entry != e || got.hot != hh || got.flags != flags {
			t.Fatalf("scan(%q) token %q: entry %d hot %b flags %b, want %d %b %b", text, word, got.entry, got.hot, got.flags, e, hh, flags)
		}
		if hh != 0 {
			wantHots = append(wantHots, int32(i))
		}
	}
	if len(hots) != len(wantHots) {
		t.Fatalf("scan(%q): hots %v, want %v", text, hots, wantHots)
	}
	for i := range hots {
		if hots[i] != wantHots[i] {
			t.Fatalf("scan(%q): hots %v, want %v", text, hots, wantHots)
		}
	}
}

func TestScanMatchesReference(t *testing.T) {
	tg := embedded(t)
	for name, text := range scanCases {
		t.Run(name, func(t *testing.T) { checkScan(t, tg, text) })
	}
	// Random texts from the universe's names and symbols and everyday words.
	words := strings.Fields("the a of Shares rose as it has Q2 EPS CEO price target apple visa ON on AI " +
		"Bank America General Motors after-hours 2026 1Q26 $")
	for _, s := range curated(t) {
		words = append(words, s.Symbol, s.Name, s.LegalName)
	}
	r := rand.New(rand.NewPCG(3, 5))
	for range 2000 {
		checkScan(t, tg, randomText(r, words))
	}
}

func FuzzScan(f *testing.F) {
	for _, text := range scanCases {
		f.Add(text)
	}
	tg := embedded(f)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			t.Skip()
		}
		checkScan(t, tg, text)
	})
}

func TestWordSet(t *testing.T) {
	set := newWordSet(setOf("a an of the nyse oq shares supercalifragilistic"))
	tests := []struct {
		word string
		want bool
	}{
		{"a", true},
		{"the", true},
		{"shares", true},
		{"supercalifragilistic", true},
		{"supercalifragilisti", false},
		{"b", false},
		{"sharesx", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := set.has(tc.word); got != tc.want {
			t.Errorf("has(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
	// Tokens, as doc.in looks them up: folded, from a text long enough to
	// read eight bytes at a time or not.
	for _, tc := range []struct {
		text string
		tok  int
		want bool
	}{
		{"THE NYSE", 0, true},
		{"THE NYSE", 1, true},
		{"Of", 0, true},
		{"Shares rose", 0, true},
		{"SuperCaliFragilistic x", 0, true},
		{"Théâtre and", 0, false},
		{"ShareS", 0, true},
		{"Sharesx", 0, false},
	} {
		d := doc{text: tc.text, toks: refTokens(tc.text)}
		if got := d.in(set, tc.tok); got != tc.want {
			t.Errorf("in(%q, %d) = %v, want %v", tc.text, tc.tok, got, tc.want)
		}
	}
}

// BenchmarkScan measures splitting and looking up alone, on the generated
// corpus and, with the shared data, on real text over the SEC universe.
func BenchmarkScan(b *testing.B) {
	secs, label := benchUniverse(b)
	tg, err := New(secs, Options{MinConfidence: DefaultMinConfidence})
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, docs []string) {
		b.SetBytes(totalBytes(docs))
		sc := &scratch{}
		for b.Loop() {
			for _, d := range docs {
				sc.toks, sc.hots = tg.scan(d, sc)
			}
		}
	}
	b.Run("generated/"+label, func(b *testing.B) { run(b, generatedCorpus(secs, 400)) })
	b.Run("real/"+label, func(b *testing.B) { run(b, realCorpus(b)) })
}
