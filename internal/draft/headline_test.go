package draft

import (
	"strings"
	"testing"
	"unicode/utf8"

	"alphadesk/internal/source"
)

func TestCapLength(t *testing.T) {
	long := strings.Repeat("word ", 60) // 300 bytes
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "Amazon raises outlook", 200, "Amazon raises outlook"},
		{"at a space", long, 200, strings.TrimSpace(long[:199])},
		{"no space: at a character", strings.Repeat("é", 150), 201, strings.Repeat("é", 100)},
		{"trailing punctuation", "Sales rose, " + strings.Repeat("x", 300), 20, "Sales rose"},
	}
	for _, tt := range tests {
		got := capLength(tt.in, tt.n)
		if got != tt.want || len(got) > tt.n || !utf8.ValidString(got) || !strings.HasPrefix(tt.in, got) {
			t.Errorf("%s: capLength(%d bytes, %d) = %q (%d bytes), want %q", tt.name, len(tt.in), tt.n, got, len(got), tt.want)
		}
	}
}

// TestHeadlineBlankTitle: a title of only spaces is no title; the headline
// then comes from the text, and it is never blank. Nor is a title that is
// not valid UTF-8 used, even when its bytes occur inside the text (0xBD is
// the last byte of U+FFFD).
func TestHeadlineBlankTitle(t *testing.T) {
	text := "Headline only in the body \ufffd0\nAnd a second paragraph, with Tesla (TSLA) and Ford."
	for _, title := range []string{" ", "\t \u00a0", "", "\xbd0"} {
		d, err := Extractive{}.Compose([]source.Source{{Name: "Wire", URL: "https://example.com/a", Title: title, Kind: source.News, Text: text}})
		if err != nil {
			t.Fatalf("title %q: %v", title, err)
		}
		if strings.TrimSpace(d.Headline) == "" || !utf8.ValidString(d.Headline) || !strings.Contains(text, d.Headline) {
			t.Errorf("title %q: headline %q is blank, not UTF-8 or not from the text", title, d.Headline)
		}
	}
}
