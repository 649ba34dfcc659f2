package extract

import (
	"reflect"
	"testing"
)

func TestTables(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		format TableFormat
		header []string
		rows   [][]string
		text   string // the table's span, when it is not the whole input
	}{
		{
			name:   "markdown",
			in:     "| Metric | Value |\n|---|---:|\n| Backlog | $364B |\n| AWS growth | 28% |",
			format: Markdown, header: []string{"Metric", "Value"},
			rows: [][]string{{"Backlog", "$364B"}, {"AWS growth", "28%"}},
		},
		{
			name:   "markdown without outer pipes",
			in:     "Metric | Value\n--- | ---\nBacklog | $364B",
			format: Markdown, header: []string{"Metric", "Value"}, rows: [][]string{{"Backlog", "$364B"}},
		},
		{
			name:   "pipe rows without delimiter",
			in:     "Intro.\n\n| Backlog | $364B |\n| Growth | 28% |\n\nAfter.",
			format: Markdown, rows: [][]string{{"Backlog", "$364B"}, {"Growth", "28%"}},
			text: "| Backlog | $364B |\n| Growth | 28% |",
		},
		{
			name:   "escaped pipe",
			in:     "| a | b |\n|---|---|\n| x \\| y | z |",
			format: Markdown, header: []string{"a", "b"}, rows: [][]string{{"x | y", "z"}},
		},
		{
			name:   "html",
			in:     "<table><thead><tr><th>Metric</th><th>Value</th></tr></thead><tbody><tr><td>Backlog</td><td>$364 <b>billion</b></td></tr></tbody></table>",
			format: HTML, header: []string{"Metric", "Value"}, rows: [][]string{{"Backlog", "$364 billion"}},
		},
		{
			name:   "html th row header",
			in:     "Before <TABLE border=1><tr><th>A</th></tr><tr><td>1</td></tr><tr><td>2</td></tr></TABLE> after",
			format: HTML, header: []string{"A"}, rows: [][]string{{"1"}, {"2"}},
			text: "<TABLE border=1><tr><th>A</th></tr><tr><td>1</td></tr><tr><td>2</td></tr></TABLE>",
		},
		{
			name:   "unclosed html table",
			in:     "<table><tr><td>1</td><td>2",
			format: HTML, rows: [][]string{{"1", "2"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := Tables(tc.in)
			if len(ts) != 1 {
				t.Fatalf("found %d tables, want 1", len(ts))
			}
			got := ts[0]
			if got.Format != tc.format {
				t.Errorf("format %q, want %q", got.Format, tc.format)
			}
			if !reflect.DeepEqual(got.Header, tc.header) {
				t.Errorf("header %q, want %q", got.Header, tc.header)
			}
			if !reflect.DeepEqual(got.Rows, tc.rows) {
				t.Errorf("rows %q, want %q", got.Rows, tc.rows)
			}
			want := tc.text
			if want == "" {
				want = tc.in
			}
			if s := tc.in[got.Start:got.End]; s != want {
				t.Errorf("span text %q, want %q", s, want)
			}
		})
	}
}

func TestNoTables(t *testing.T) {
	for _, in := range []string{
		"Plain text with a | bar in it.",
		"One | row | only",
		"",
	} {
		if ts := Tables(in); len(ts) != 0 {
			t.Errorf("Tables(%q) = %v, want none", in, ts)
		}
	}
}
