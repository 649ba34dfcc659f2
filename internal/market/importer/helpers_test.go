package importer

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"alphadesk/internal/market"
)

// parsed is everything one Parse call produced.
type parsed struct {
	secs    []market.Security
	bars    []market.Bar
	facts   []market.Fact
	lines   []int // line of each record, in order
	bad     []RowError
	skipped map[string]int
	err     error
}

// parseBytes parses data as the named format.
func parseBytes(t testing.TB, format string, data []byte, opts Options) parsed {
	t.Helper()
	f, err := Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var out parsed
	out.skipped = map[string]int{}
	out.err = Parse(context.Background(), bytes.NewReader(data), f, opts, Sink{
		Security: func(line int, s market.Security) error {
			out.secs = append(out.secs, s)
			out.lines = append(out.lines, line)
			return nil
		},
		Bar: func(line int, b market.Bar) error {
			out.bars = append(out.bars, b)
			out.lines = append(out.lines, line)
			return nil
		},
		Facts: func(line int, fs []market.Fact) error {
			out.facts = append(out.facts, fs...)
			for range fs {
				out.lines = append(out.lines, line)
			}
			return nil
		},
		Bad: func(e RowError) error {
			out.bad = append(out.bad, e)
			return nil
		},
		Skip: func(reason string) { out.skipped[reason]++ },
	})
	return out
}

// fixture reads a file under testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gz compresses b.
func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeTemp writes data to a file called name in a fresh directory.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func reasons(bad []RowError) []string {
	var out []string
	for _, b := range bad {
		out = append(out, b.Error())
	}
	return out
}

// checkClean checks a parse of a file with no bad rows: the records (rows,
// the parse's securities, bars or facts), the line of each, and the rows
// skipped by reason (none when wantSkipped is nil).
func checkClean(t *testing.T, label string, got parsed, rows, want any, wantLines []int, wantSkipped map[string]int) {
	t.Helper()
	if len(got.bad) > 0 {
		t.Errorf("%s: bad rows %q, want none", label, reasons(got.bad))
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("%s: got\n%+v\nwant\n%+v", label, rows, want)
	}
	if !reflect.DeepEqual(got.lines, wantLines) {
		t.Errorf("%s: lines %v, want %v", label, got.lines, wantLines)
	}
	if wantSkipped == nil {
		wantSkipped = map[string]int{}
	}
	if !reflect.DeepEqual(got.skipped, wantSkipped) {
		t.Errorf("%s: skipped %v, want %v", label, got.skipped, wantSkipped)
	}
}
