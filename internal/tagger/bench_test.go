package tagger

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
)

// Benchmarks. Run, for example:
//
//	go test ./internal/tagger -run '^$' -bench . -count 3
//
// With the shared data present the universe is the full SEC list (with the
// curated names merged in) and the "real" corpus is news and finance text
// assembled from the shared sets at run time; without it, the embedded
// universe and the generated corpus only. Each benchmark runs on one
// goroutine, so MB/s is per core.

// realCorpus assembles documents from the shared evaluation text: Benzinga
// headlines, FinEntity passages, FiQA posts and SemEval headlines, each one
// document. It skips when the data is absent.
func realCorpus(b testing.TB) []string {
	b.Helper()
	var docs []string
	for _, h := range loadNews(b) {
		docs = append(docs, h.title)
	}
	if raw, err := os.ReadFile(sharedFile(b, "sentiment/FinEntity/FinEntity.json")); err == nil {
		var ps []struct {
			Content string `json:"content"`
		}
		if json.Unmarshal(raw, &ps) == nil {
			for _, p := range ps {
				docs = append(docs, p.Content)
			}
		}
	}
	if raw, err := os.ReadFile(sharedFile(b, "sentiment/FiQA_ABSA_task1/task1_post_ABSA_train.json")); err == nil {
		var ps map[string]struct {
			Sentence string `json:"sentence"`
		}
		if json.Unmarshal(raw, &ps) == nil {
			for _, k := range sortedKeys(ps) {
				docs = append(docs, ps[k].Sentence)
			}
		}
	}
	if raw, err := os.ReadFile(sharedFile(b, "sentiment/semeval2017_task5_subtask2_headlines_train.json")); err == nil {
		var rs []struct {
			Title string `json:"title"`
		}
		if json.Unmarshal(raw, &rs) == nil {
			for _, r := range rs {
				docs = append(docs, r.Title)
			}
		}
	}
	return docs
}

// generatedCorpus writes n news-like documents (headline, lead, body) from a
// fixed seed, naming companies of the universe among filler sentences full of
// the traps: "as", "has", Q2, AI, CEO, price targets, all-caps words.
func generatedCorpus(secs []market.Security, n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	name := func() string {
		s := secs[r.IntN(len(secs))]
		if s.Name != "" {
			return s.Name
		}
		return s.LegalName
	}
	fillers := []string{
		"The company has said it expects Q2 sales to rise as demand for AI servers grows.",
		"Analysts raised their price target as the CEO outlined a plan to cut costs by 10%.",
		"Shares were little changed in early trading, while the broader market edged higher.",
		"Management has set a clear trajectory for the second half, with FY2026 margins in focus.",
		"Investors ARE watching the IT budget, the GDP print and CPI data due on Thursday.",
		"Revenue grew 12% to $4.2 billion, beating the consensus estimate of $4.1 billion.",
		"The stock is up 18% this year, outpacing the S&P 500 and the Nasdaq Composite.",
		"Supply chains have improved, and inventories are back to normal levels as of June.",
	}
	docs := make([]string, n)
	for i := range docs {
		var b strings.Builder
		a, c := name(), name()
		fmt.Fprintf(&b, "%s Shares Jump After %s Raises Outlook\n\n", a, c)
		fmt.Fprintf(&b, "%s rose %d%% on Tuesday after %s said quarterly revenue beat estimates. ", a, 1+r.IntN(9), c)
		for k := 0; k < 12+r.IntN(12); k++ {
			if k%4 == 3 {
				fmt.Fprintf(&b, "%s and %s were also higher. ", name(), name())
			}
			b.WriteString(fillers[r.IntN(len(fillers))])
			b.WriteByte(' ')
			if k%6 == 5 {
				b.WriteString("\n\n")
			}
		}
		docs[i] = b.String()
	}
	return docs
}

// articles joins consecutive items (headlines, passages, posts) into
// documents of about size bytes: the first item is the headline line, the
// rest paragraphs, as a wire story would be.
func articles(items []string, size int) []string {
	var out []string
	var b strings.Builder
	for _, it := range items {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(it)
		if b.Len() >= size {
			out = append(out, b.String())
			b.Reset()
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

func totalBytes(docs []string) int64 {
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	return int64(n)
}

// benchTag tags every document once per iteration and reports ns/doc and,
// where the platform tells, cpu-MB/s: throughput over the CPU time the whole
// process used (garbage collector included), which a busy shared machine
// distorts less than wall-clock MB/s.
func benchTag(b *testing.B, tg *Tagger, docs []string) {
	b.SetBytes(totalBytes(docs))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for b.Loop() {
		for _, d := range docs {
			if _, err := tg.Tag(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(docs)), "ns/doc")
	if cpu > 0 {
		b.ReportMetric(float64(totalBytes(docs))*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

// benchUniverse returns the SEC universe (with curated names) when present,
// else the embedded one, and a label.
func benchUniverse(b *testing.B) ([]market.Security, string) {
	b.Helper()
	if _, ok := sharedPath("sec/company_tickers_exchange.json"); ok {
		return secUniverse(b), "sec"
	}
	return curated(b), "embedded"
}

func BenchmarkTag(b *testing.B) {
	secs, label := benchUniverse(b)
	tg, err := New(secs, Options{MinConfidence: DefaultMinConfidence})
	if err != nil {
		b.Fatal(err)
	}
	gen := generatedCorpus(secs, 400)
	b.Run("generated/"+label, func(b *testing.B) { benchTag(b, tg, gen) })
	b.Run("real/"+label, func(b *testing.B) {
		docs := realCorpus(b)
		benchTag(b, tg, docs)
	})
	b.Run("real-articles/"+label, func(b *testing.B) {
		benchTag(b, tg, articles(realCorpus(b), 3000))
	})
	b.Run("real-parallel/"+label, func(b *testing.B) {
		docs := realCorpus(b)
		b.SetBytes(totalBytes(docs))
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				for _, d := range docs {
					if _, err := tg.Tag(d); err != nil {
						b.Error(err)
						return
					}
				}
			}
		})
	})
}

// BenchmarkBuild measures building a tagger for the universe: time per
// build, and the heap the tagger keeps (MB-kept) and allocates (MB-alloc).
func BenchmarkBuild(b *testing.B) {
	secs, label := benchUniverse(b)
	b.Run(label, func(b *testing.B) {
		var kept, alloc float64
		for b.Loop() {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			tg, err := New(secs, Options{})
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			kept = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
			alloc = float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
			runtime.KeepAlive(tg)
		}
		b.ReportMetric(kept, "MB-kept")
		b.ReportMetric(alloc, "MB-alloc")
	})
}

// BenchmarkBaseline compares the tagger with the naive one-regexp-per-name
// baseline on the same sample of real (else generated) text, in the same
// run; "x-slower" is how many times slower the baseline is.
func BenchmarkBaseline(b *testing.B) {
	secs, label := benchUniverse(b)
	tg, err := New(secs, Options{MinConfidence: DefaultMinConfidence})
	if err != nil {
		b.Fatal(err)
	}
	base := newNaive(secs, false)
	var docs []string
	if label == "sec" {
		docs = realCorpus(b)
	} else {
		docs = generatedCorpus(secs, 400)
	}
	// A 32 KiB sample: the baseline runs one regexp per name over it.
	var sample []string
	for n := 0; n < 32<<10 && len(sample) < len(docs); {
		d := docs[(len(sample)*7919)%len(docs)]
		sample = append(sample, d)
		n += len(d)
	}
	taggerNs := 0.0 // best of ten passes
	for range 10 {
		start := time.Now()
		for _, d := range sample {
			if _, err := tg.Tag(d); err != nil {
				b.Fatal(err)
			}
		}
		if ns := float64(time.Since(start).Nanoseconds()); taggerNs == 0 || ns < taggerNs {
			taggerNs = ns
		}
	}
	b.Run("tagger/"+label, func(b *testing.B) { benchTag(b, tg, sample) })
	b.Run("regexp/"+label, func(b *testing.B) {
		b.SetBytes(totalBytes(sample))
		for b.Loop() {
			for _, d := range sample {
				base.tag(d)
			}
		}
		perIter := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(perIter/float64(len(sample)), "ns/doc")
		b.ReportMetric(perIter/taggerNs, "x-slower")
	})
}
