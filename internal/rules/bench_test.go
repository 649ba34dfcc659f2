package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// benchTexts builds the benchmark's inputs from the evaluation set: three
// sources of about 1,500 words each (the eval sources, paragraph by
// paragraph, spread over three texts) and a draft of about 600 words (eval
// drafts' paragraphs). Quotations, figures and attributions are real ones.
func benchTexts(tb testing.TB) (sources []source.Source, draftText string) {
	tb.Helper()
	dir := filepath.Join("testdata", "eval")
	var paras []string
	for _, f := range []string{"../seed/amazon-q1-release.txt", "../seed/amazon-q1-wire.txt", "halvorsen/release.txt", "halvorsen/wire.txt",
		"meridian/release.txt", "corvid/release.txt", "brightwell/release.html", "tallis/release.json", "aurora/release.txt",
		"aurora/wire.txt", "pinecrest/release.txt"} {
		s := readSource(tb, filepath.Join(dir, f))
		paras = append(paras, strings.Split(s.Text, "\n\n")...)
	}
	var texts [3]strings.Builder
	words := [3]int{}
	for i := 0; words[0] < 1500 || words[1] < 1500 || words[2] < 1500; i++ {
		k := i % 3
		if words[k] >= 1500 {
			continue
		}
		p := paras[i%len(paras)]
		texts[k].WriteString(p + "\n\n")
		words[k] += extract.CountWords(p)
	}
	for k := range texts {
		sources = append(sources, source.Source{Name: []string{"Amazon", "Northbridge Wire", "Fjord Financial News"}[k], Text: texts[k].String()})
	}
	var b strings.Builder
	n := 0
	for _, f := range []string{"amzn/faithful-quotes.txt", "halvorsen/faithful-1.txt", "meridian/faithful-1.txt", "corvid/faithful-1.txt", "tallis/faithful-1.txt"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range strings.Split(string(data), "\n\n") {
			if n >= 600 {
				break
			}
			b.WriteString(p + "\n\n")
			n += extract.CountWords(p)
		}
	}
	return sources, b.String()
}

func TestBenchInputSizes(t *testing.T) {
	srcs, d := benchTexts(t)
	for i, s := range srcs {
		if n := extract.CountWords(s.Text); n < 1500 || n > 1700 {
			t.Errorf("source %d has %d words, want about 1,500", i, n)
		}
	}
	if n := extract.CountWords(d); n < 600 || n > 700 {
		t.Errorf("draft has %d words, want about 600", n)
	}
}

// benchInput is the benchmarks' check: the draft and sources of
// benchTexts, tagging confidence unknown.
func benchInput(tb testing.TB) Input {
	tb.Helper()
	srcs, text := benchTexts(tb)
	d, doc, err := draft.Decode([]byte(text))
	if err != nil {
		tb.Fatal(err)
	}
	return Input{Draft: d, Doc: doc, Sources: srcs, TagConfidence: TagConfidenceUnknown}
}

// benchChecks runs check over in b.N times and reports checks/s per core
// (the benchmark runs on one goroutine).
func benchChecks(b *testing.B, check func(Input) (Report, error), in Input) {
	if _, err := check(in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := check(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
}

// BenchmarkCheck measures whole checks (every rule, sources analysed from
// scratch each time) of a 600-word draft against three 1,500-word sources.
func BenchmarkCheck(b *testing.B) {
	benchChecks(b, Check, benchInput(b))
}

// BenchmarkCheckAllPassages is BenchmarkCheck when every story sentence
// that no quotation or figure sources must be searched for in the sources'
// passages: story.thin stops searching once its thresholds are met, which
// a figure-dense draft like this one does on quotations and figures alone;
// here its share threshold is 100%, the case of a draft that paraphrases
// more than it quotes or counts.
func BenchmarkCheckAllPassages(b *testing.B) {
	var c Checker
	for _, r := range All() {
		if t, ok := r.(StoryThin); ok {
			t.MinSourcedShare = 1
			r = t
		}
		c.Rules = append(c.Rules, r)
	}
	benchChecks(b, c.Check, benchInput(b))
}

// BenchmarkCheckPrepared measures checks of the same draft against sources
// analysed once with PrepareSources, as when several drafts of one story
// (extractive, model-written, edited) are checked against its sources.
func BenchmarkCheckPrepared(b *testing.B) {
	in := benchInput(b)
	prep, err := PrepareSources(in.Sources)
	if err != nil {
		b.Fatal(err)
	}
	in.Sources, in.Prepared = nil, prep
	benchChecks(b, Check, in)
}

// BenchmarkPrepareSources measures analysing the three sources alone.
func BenchmarkPrepareSources(b *testing.B) {
	srcs, _ := benchTexts(b)
	for b.Loop() {
		if _, err := PrepareSources(srcs); err != nil {
			b.Fatal(err)
		}
	}
}
