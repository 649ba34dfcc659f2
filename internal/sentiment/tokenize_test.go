package sentiment

import (
	"fmt"
	"strings"
	"testing"
)

// render shows tokens compactly: words lower-cased, figures as n(value),
// marks as themselves.
func render(s string) string {
	toks, buf := tokenize(nil, nil, s)
	parts := make([]string, len(toks))
	for i, t := range toks {
		switch t.kind {
		case tokWord:
			parts[i] = string(buf[t.lo:t.hi])
		case tokNum:
			parts[i] = fmt.Sprintf("n(%g)", t.val)
		default:
			switch t.ch {
			case chEuro:
				parts[i] = "€"
			case chPound:
				parts[i] = "£"
			case chYen:
				parts[i] = "¥"
			default:
				parts[i] = string(t.ch)
			}
		}
	}
	return strings.Join(parts, " ")
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"words and figures", "Operating profit rose to EUR 13.1 mn.", "operating profit rose to eur n(13.1) mn ."},
		{"thousands", "Deliveries rose to 1,240 units.", "deliveries rose to n(1240) units ."},
		{"decimal comma", "Marginaali oli 13,1 %", "marginaali oli n(13.1) %"},
		{"dollar figure", "$1.5 bn", "$ n(1.5) bn"},
		{"euro sign", "€2m", "€ n(2) m"},
		{"glued currency", "EUR45m", "eur n(45) m"},
		{"split decimal", "EUR10 .5 m", "eur n(10.5) m"},
		{"split thousands", "EUR416 ,000", "eur n(416000)"},
		{"negative figure", "EUR -1.2 mn", "eur n(-1.2) mn"},
		{"unicode minus", "(−5 %)", "( n(-5) % )"},
		{"range is not a sign", "EUR 0.8 -1.2 million", "eur n(0.8) n(1.2) million"},
		{"attached hyphen", "a 3.3-percent increase over 12-month", "a n(3.3) percent increase over n(12) month"},
		{"spaced dash", "Nordvik - results", "nordvik - results"},
		{"hyphenated word", "year-on-year loss-making", "year-on-year loss-making"},
		{"apostrophes", "Kemira's didn’t did n't 's", "kemira's didn't did n't 's"},
		{"non-ASCII letters", "Järvi-Suomen ÖLJY", "järvi-suomen öljy"},
		{"invalid UTF-8 skipped", "sales\xff rose", "sales rose"},
		{"signed change", "(+12 %)", "( n(12) % )"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(tc.in); got != tc.want {
				t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokenOffsets(t *testing.T) {
	for _, s := range []string{"EUR10 .5 m rose", "Kemira’s sales\xffrose −5 %", "€2m (EUR416 ,000)"} {
		toks, _ := tokenize(nil, nil, s)
		prev := 0
		for _, tk := range toks {
			if int(tk.start) < prev || tk.end <= tk.start || int(tk.end) > len(s) {
				t.Errorf("%q: token [%d,%d) out of order or range (previous end %d)", s, tk.start, tk.end, prev)
			}
			prev = int(tk.end)
		}
	}
}

func TestParseFigure(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"13.1", 13.1}, {"1,234", 1234}, {"1,234.5", 1234.5}, {"13,1", 13.1},
		{"1.234.567", 1234567}, {"1.234,5", 1234.5}, {"007", 7}, {"0.5", 0.5},
	}
	for _, tc := range tests {
		if got := parseFigure(tc.in); got != tc.want {
			t.Errorf("parseFigure(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
