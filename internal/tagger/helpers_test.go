package tagger

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"alphadesk/internal/market"
	"alphadesk/internal/market/importer"
	"alphadesk/internal/universe"
)

// sharedData locates the read-only shared data folder: $ALPHADESK_SHARED_DATA,
// else ../shared/data beside the repository. It skips the test when absent.
func sharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ALPHADESK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared data not found (%v): set ALPHADESK_SHARED_DATA to the shared/data folder", err)
	}
	return dir
}

// sharedPath returns a file under shared/data and whether it exists.
func sharedPath(rel string) (string, bool) {
	dir := os.Getenv("ALPHADESK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	p := filepath.Join(dir, rel)
	_, err := os.Stat(p)
	return p, err == nil
}

// sharedFile returns a file under shared/data, skipping when it is absent.
func sharedFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(sharedData(t), rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data file not present: %v", err)
	}
	return p
}

// loadSecurities reads a securities file the way the command does.
func loadSecurities(t testing.TB, path string) []market.Security {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := f.Read(head)
	format, err := importer.Detect(importer.Securities, path, head[:n])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	var secs []market.Security
	err = importer.Parse(context.Background(), f, format, importer.Options{File: path}, importer.Sink{
		Security: func(_ int, s market.Security) error { secs = append(secs, s); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return secs
}

func curated(t testing.TB) []market.Security {
	t.Helper()
	secs, err := universe.Securities()
	if err != nil {
		t.Fatal(err)
	}
	return secs
}

var (
	embeddedOnce sync.Once
	embeddedTg   *Tagger
	secOnce      sync.Once
	secTg        *Tagger
	secErr       error
)

// embedded returns a tagger over the curated universe (shared by tests; a
// Tagger is immutable).
func embedded(t testing.TB) *Tagger {
	t.Helper()
	embeddedOnce.Do(func() {
		tg, err := New(curated(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		embeddedTg = tg
	})
	return embeddedTg
}

// secUniverse returns the SEC list with the curated names merged in.
func secUniverse(t testing.TB) []market.Security {
	t.Helper()
	return WithNames(loadSecurities(t, sharedFile(t, "sec/company_tickers_exchange.json")), curated(t))
}

// withSEC returns a tagger over the full SEC universe (with curated names),
// skipping when the shared data is absent.
func withSEC(t testing.TB) *Tagger {
	t.Helper()
	sharedFile(t, "sec/company_tickers_exchange.json")
	secOnce.Do(func() {
		secTg, secErr = New(secUniverse(t), Options{})
	})
	if secErr != nil {
		t.Fatal(secErr)
	}
	return secTg
}

// readSeed returns the seed story, or "" when the shared seed is absent.
func readSeed(t testing.TB) string {
	t.Helper()
	p, ok := sharedPath(filepath.Join("..", "seed", "amazon-aws-backlog-story.txt"))
	if !ok {
		return ""
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
