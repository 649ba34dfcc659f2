package sentiment

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// benchCorpus is a named list of sentences.
type benchCorpus struct {
	name  string
	texts []string
}

func benchCorpora(b *testing.B) []benchCorpus {
	b.Helper()
	var out []benchCorpus
	dev := loadTSV(b, filepath.Join("testdata", "dev.tsv"))
	out = append(out, benchCorpus{"dev", textsOf(dev)})
	if _, err := os.Stat(filepath.Join(sharedDataDir(), "sentiment")); err == nil {
		out = append(out, benchCorpus{"phrasebank-AllAgree", textsOf(loadPhraseBank(b, "AllAgree"))})
		out = append(out, benchCorpus{"phrasebank-50Agree", textsOf(loadPhraseBank(b, "50Agree"))})
	}
	return out
}

// sharedDataDir is where sharedData looks, without skipping.
func sharedDataDir() string {
	if dir := os.Getenv("ALPHADESK_SHARED_DATA"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "..", "shared", "data")
}

func textsOf(set []example) []string {
	out := make([]string, len(set))
	for i, ex := range set {
		out[i] = ex.text
	}
	return out
}

// runSentences scores every sentence once per iteration and reports
// sentences/s and allocations per sentence.
func runSentences(b *testing.B, texts []string, score func(string)) {
	b.Helper()
	bytes := 0
	for _, s := range texts {
		bytes += len(s)
	}
	b.SetBytes(int64(bytes))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range texts {
			score(s)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	n := float64(b.N) * float64(len(texts))
	b.ReportMetric(n/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/sentence")
}

// BenchmarkSentences measures the rules and the Loughran–McDonald baseline
// in the same run, on the project's development set (always) and on
// Financial PhraseBank (when the shared data folder is present):
//
//	go test ./internal/sentiment -run '^$' -bench Sentences -count 3
func BenchmarkSentences(b *testing.B) {
	m := newModel(b, Options{})
	var lm *lmBaseline
	var lmMode *Model
	if _, err := os.Stat(filepath.Join(sharedDataDir(), "lexicon")); err == nil {
		lm = loadLM(b)
		data, err := os.ReadFile(filepath.Join(sharedDataDir(), "lexicon", "LoughranMcDonald_SentimentWordLists_2018.csv"))
		if err != nil {
			b.Fatal(err)
		}
		lex, err := ParseLexicon("lm.csv", data)
		if err != nil {
			b.Fatal(err)
		}
		lmMode = newModel(b, Options{Lexicon: lex, LexiconMode: LexiconBaseline})
	}
	for _, c := range benchCorpora(b) {
		b.Run("rules/"+c.name, func(b *testing.B) {
			var cues []Cue
			runSentences(b, c.texts, func(s string) { _, cues = m.AppendCues(cues[:0], s) })
		})
		if lm == nil {
			continue
		}
		b.Run("lm-baseline/"+c.name, func(b *testing.B) {
			runSentences(b, c.texts, func(s string) { lm.classify(s) })
		})
		b.Run("lexicon-baseline-mode/"+c.name, func(b *testing.B) {
			var cues []Cue
			runSentences(b, c.texts, func(s string) { _, cues = lmMode.AppendCues(cues[:0], s) })
		})
	}
}

// BenchmarkDocument measures a whole story: splitting, scoring, entities.
func BenchmarkDocument(b *testing.B) {
	m := newModel(b, Options{})
	data, err := os.ReadFile(filepath.Join("testdata", "docs", "kestrel.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		doc := m.Document(text)
		m.Entities(doc, Cashtags(text))
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
