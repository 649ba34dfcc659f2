package feed

import (
	"path/filepath"
	"testing"
)

// BenchmarkParseRSS measures feed parsing throughput on a generated
// 1,000-item RSS feed (items/s is the figure to read).
func BenchmarkParseRSS(b *testing.B) {
	body := manyItems(MaxItems)
	src := Source{Name: "bench", Kind: KindRSS}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse(src, body, fetchTime)
		if err != nil || len(f.Items) != MaxItems {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*MaxItems)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkParseRichRSS parses the project's RSS fixture, whose items carry
// HTML content to sanitise.
func BenchmarkParseRichRSS(b *testing.B) {
	body := readFile(b, filepath.Join("testdata", "rss.xml"))
	src := Source{Name: "bench", Kind: KindRSS}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		f, err := Parse(src, body, fetchTime)
		if err != nil {
			b.Fatal(err)
		}
		n += len(f.Items)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}

func BenchmarkParseEDGAR(b *testing.B) {
	body := readFile(b, filepath.Join("testdata", "edgar_8k.atom.xml"))
	src := Source{Name: "bench", Kind: KindEDGAR, Forms: []string{"*"}}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		f, err := Parse(src, body, fetchTime)
		if err != nil {
			b.Fatal(err)
		}
		n += len(f.Items)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}

func BenchmarkExtractArticle(b *testing.B) {
	page := string(readFile(b, filepath.Join("testdata", "article.html")))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if a := ExtractArticle(page); a.Text == "" {
			b.Fatal("no text")
		}
	}
}
