package draft

import (
	"strings"
	"testing"
	"unicode/utf8"
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
