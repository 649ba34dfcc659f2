package extract

import (
	"math/rand"
	"strings"
	"testing"
)

func TestCorpusBest(t *testing.T) {
	sources := []string{
		"Amazon reported results on Thursday. Net sales rose 9%. The AWS backlog reached $364 billion, up sharply.",
		"Microsoft said cloud revenue grew. Azure grew 33% in the quarter.",
	}
	c := NewCorpus(sources, "Reuters")
	tests := []struct {
		name        string
		sentence    string
		wantOK      bool
		wantSource  int
		wantText    string
		minCoverage float64
		maxCoverage float64
	}{
		{"paraphrase", "Amazon's AWS backlog reached $364 billion, according to Reuters.", true, 0, "The AWS backlog reached $364 billion, up sharply.", 0.7, 0.8},
		{"other source", "Azure grew in the quarter.", true, 1, "Azure grew 33% in the quarter.", 0.99, 1},
		{"unsupported", "Retail margins hold steady as the firm pivots.", false, 0, "", 0, 0},
		{"partly supported", "The backlog signals durable enterprise commitments.", true, 0, "The AWS backlog reached $364 billion, up sharply.", 0.1, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := c.Best(tc.sentence)
			if ok != tc.wantOK {
				t.Fatalf("ok %v, want %v (match %+v)", ok, tc.wantOK, m)
			}
			if !ok {
				return
			}
			if m.Source != tc.wantSource {
				t.Errorf("source %d, want %d", m.Source, tc.wantSource)
			}
			if got := sources[m.Source][m.Start:m.End]; got != tc.wantText {
				t.Errorf("span %q, want %q", got, tc.wantText)
			}
			if m.Coverage < tc.minCoverage || m.Coverage > tc.maxCoverage {
				t.Errorf("coverage %.2f, want in [%.2f, %.2f]", m.Coverage, tc.minCoverage, tc.maxCoverage)
			}
		})
	}
}

// A lazy corpus must find what a full one finds, whether the words of a
// sentence were wanted ahead or are indexed when it is searched for.
func TestLazyCorpusMatchesFull(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	vocabulary := strings.Fields(`Amazon reported net sales rose percent backlog reached billion AWS cloud growth
		quarter revenue Jassy said demand strong capacity Microsoft Azure grew margins guidance investors shares fell
		rising costs data centers companies company's expects expected expecting outlook operating income the of and
		in to a is was for on with as by Q1 2026 $194 mid-year U.S. well-known Zürich naïve ’s "quoted" (aside) –
		Éclair éclair Kelvin kelvin İstanbul istanbul straße café café’s cafés ab ab’s abc’s abcs ÀB àb d’accord`)
	// Words are mostly set apart by spaces, and sometimes joined or set
	// apart by what joins words or ends them, so that words start in
	// every way the lazy index's scan must find.
	seps := []string{"-", "--", ".", "’", "'", "—", " – ", "/", "\n", "(", "\u00a0", "é", "3"}
	sentence := func() string {
		var b strings.Builder
		for k := 2 + r.Intn(12); k >= 0; k-- {
			b.WriteString(vocabulary[r.Intn(len(vocabulary))])
			if r.Intn(4) == 0 {
				b.WriteString(seps[r.Intn(len(seps))])
			} else {
				b.WriteString(" ")
			}
		}
		return b.String() + "."
	}
	for round := 0; round < 400; round++ {
		texts := make([]string, 1+r.Intn(3))
		sents := make([][]Sentence, len(texts))
		for i := range texts {
			var b strings.Builder
			for k := r.Intn(30); k >= 0; k-- {
				b.WriteString(sentence() + " ")
				if r.Intn(5) == 0 {
					b.WriteString("\n\n")
				}
			}
			texts[i] = b.String()
			sents[i] = Sentences(texts[i])
		}
		full := NewCorpusOf(texts, sents, "Amazon").NewSearch()
		lazy := NewLazyCorpus(texts, sents, "Amazon").NewSearch()
		queries := make([]string, 10)
		for k := range queries {
			queries[k] = sentence()
		}
		lazy.Want(queries[:r.Intn(len(queries))]...) // the rest are indexed by Best
		for _, q := range queries {
			want, wantOK := full.Best(q)
			got, gotOK := lazy.Best(q)
			if got != want || gotOK != wantOK {
				t.Fatalf("Best(%q) on a lazy corpus = %+v, %v; on a full one %+v, %v", q, got, gotOK, want, wantOK)
			}
		}
	}
}

// TestLazyCorpusShortIesStems: "-ies" folds to "-y", which changes a byte
// among the first four of a short stem; the lazy corpus must still find
// the source words ("flies" for "fly", "copies" for "copy").
func TestLazyCorpusShortIesStems(t *testing.T) {
	for _, tc := range []struct{ source, draft string }{
		{"The airline flies twice a day to Denver.", "The airline fly schedule to Denver."},
		{"The firm sold more copies of the game.", "The firm sold a copy of the game."},
		{"Their A0ies went up.", "Their A0ies went up."},
	} {
		sents := [][]Sentence{Sentences(tc.source)}
		full := NewCorpusOf([]string{tc.source}, sents).NewSearch()
		lazy := NewLazyCorpus([]string{tc.source}, sents).NewSearch()
		lazy.Want(tc.draft)
		gm, gok := lazy.Best(tc.draft)
		wm, wok := full.Best(tc.draft)
		if gm != wm || gok != wok || !wok {
			t.Errorf("Best(%q) lazy = %+v, %v; full = %+v, %v", tc.draft, gm, gok, wm, wok)
		}
	}
}
