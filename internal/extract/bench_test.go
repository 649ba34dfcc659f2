package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchText is the plain-text sources and drafts of the rules package's
// evaluation set joined (about 60 KB of press releases, wire copy and
// drafts: dense in figures, quotations and attributions).
func benchText(b *testing.B) string {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("..", "rules", "testdata", "eval", "*", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no evaluation texts: %v", err)
	}
	var sb strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(data)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// benchScan reports the throughput of one scanner over benchText.
func benchScan(b *testing.B, scan func(string)) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		scan(text)
	}
}

func BenchmarkFigures(b *testing.B)   { benchScan(b, func(t string) { Figures(t) }) }
func BenchmarkFold(b *testing.B)      { benchScan(b, func(t string) { Fold(t) }) }
func BenchmarkSentences(b *testing.B) { benchScan(b, func(t string) { Sentences(t) }) }
func BenchmarkQuotesAndSpeakers(b *testing.B) {
	benchScan(b, func(t string) { QuotesAndSpeakers(t) })
}
