package extract

import (
	"slices"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"Amazon projects Q2 sales of $194B-$199B as AWS backlog reaches $364B.",
	`"We are seeing strong demand," Andy Jassy, Amazon's chief executive, said. "It is early," he added.`,
	"between $194 billion and $199 billion; 28 per cent; (3.2%); −4.5%; 54/100; April 30, 2026; 10:30 a.m.",
	"“Unclosed quote\n\n„low” and «guillemets» and 'single quoted words' here",
	"| Metric | Value |\n|---|---:|\n| Backlog | $364B |\n| Growth | 28% |",
	"<table><tr><th>A</th></tr><tr><td>1</td></tr><table><tr><td>nested",
	"US$5 billion, C$, €, £300m, EUR 3m, 25bps, 1.5x, 2025-26, 2026-04-30, 4/30/2026, twenty-five million",
	"\xff\xfe\"\x00$1\xff",
	"$", "-", "(", "1,", "1.", "$1,000,", "12:", "4/", "April", "May 30", "\"", "'a b'", "| |\n| |",
}

func FuzzFigures(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, fg := range Figures(s) {
			if fg.Start < prev || fg.End <= fg.Start || fg.End > len(s) {
				t.Fatalf("figure span %v out of order or bounds (prev end %d, len %d)", fg.Span, prev, len(s))
			}
			if fg.Kind < Count || fg.Kind > Time {
				t.Fatalf("figure %q has kind %d", s[fg.Start:fg.End], fg.Kind)
			}
			if fg.Range && fg.High.Value < fg.Low.Value {
				t.Fatalf("range %q has high %v below low %v", s[fg.Start:fg.End], fg.High.Value, fg.Low.Value)
			}
			prev = fg.End
		}
		if got, want := Figures(s), figuresReference(s); !slices.Equal(got, want) {
			t.Fatalf("Figures(%q) = %+v, want %+v (figuresReference)", s, got, want)
		}
	})
}

func FuzzQuotes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		qs, ps := Quotes(s)
		for _, q := range qs {
			if q.Start < 0 || q.End > len(s) || q.Start > q.Inner.Start || q.Inner.Start > q.Inner.End || q.Inner.End > q.End {
				t.Fatalf("bad quote spans %+v in %d bytes", q, len(s))
			}
		}
		for _, p := range ps {
			if p.Start < 0 || p.End > len(s) || p.Start > p.End || p.Message == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		sps := Speakers(s, qs)
		if len(sps) != len(qs) {
			t.Fatalf("%d speakers for %d quotes", len(sps), len(qs))
		}
		for _, sp := range sps {
			if sp.Start < 0 || sp.End > len(s) || sp.Start > sp.End {
				t.Fatalf("bad speaker span %+v", sp)
			}
		}
	})
}

func FuzzTables(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := -1
		for _, tb := range Tables(s) {
			if tb.Start < 0 || tb.End > len(s) || tb.Start > tb.End {
				t.Fatalf("bad table span %v in %d bytes", tb.Span, len(s))
			}
			if tb.Start < prev {
				t.Fatalf("tables out of order")
			}
			prev = tb.Start
		}
	})
}

func FuzzSentencesAndFold(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, se := range Sentences(s) {
			if se.Start < prev || se.End <= se.Start || se.End > len(s) {
				t.Fatalf("sentence span %v out of order or bounds", se.Span)
			}
			if strings.TrimSpace(s[se.Start:se.End]) == "" {
				t.Fatalf("blank sentence %v", se.Span)
			}
			prev = se.End
		}
		fd := Fold(s)
		last := 0
		for i := 0; i <= len(fd.Text); i++ {
			o := fd.Original(i)
			if o < last || o > len(s) {
				t.Fatalf("folded offset %d maps to %d after %d (len %d)", i, o, last, len(s))
			}
			last = o
		}
		got, want := Fold(s), foldReference(s)
		if got.Text != want.Text {
			t.Fatalf("Fold(%q).Text = %q, want %q (foldReference)", s, got.Text, want.Text)
		}
		for i := 0; i <= len(got.Text); i++ {
			if g, w := got.Original(i), want.Original(i); g != w {
				t.Fatalf("Fold(%q).Original(%d) = %d, want %d (foldReference)", s, i, g, w)
			}
		}
		for e := 0; e <= len(s); e++ {
			gs, ge := trimSpan(s, 0, e)
			if ws, we := trimSpanReference(s, 0, e); gs != ws || ge != we {
				t.Fatalf("trimSpan(%q, 0, %d) = %d, %d, want %d, %d", s, e, gs, ge, ws, we)
			}
		}
		// The text searched as its own source, for its sentences, on a
		// lazy corpus and a full one.
		sents := Sentences(s)
		full := NewCorpusOf([]string{s}, [][]Sentence{sents}).NewSearch()
		lazy := NewLazyCorpus([]string{s}, [][]Sentence{sents}).NewSearch()
		queries := make([]string, 0, len(sents)+1)
		for _, se := range sents {
			queries = append(queries, s[se.Start:se.End])
		}
		lazy.Want(append(queries, s)...)
		for _, q := range queries {
			gm, gok := lazy.Best(q)
			wm, wok := full.Best(q)
			if gm != wm || gok != wok {
				t.Fatalf("Best(%q) on a lazy corpus = %+v, %v; on a full one %+v, %v", q, gm, gok, wm, wok)
			}
		}
	})
}
