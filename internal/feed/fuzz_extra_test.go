package feed

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzDecodePage: any bytes under any Content-Type decode to valid UTF-8
// without a panic, and an ASCII page declared UTF-8 is left as it is.
func FuzzDecodePage(f *testing.F) {
	for _, seed := range []struct{ body, ct string }{
		{"<html><body>Plain</body></html>", "text/html; charset=utf-8"},
		{"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>", "text/html"},
		{"\xef\xbb\xbf<p>BOM</p>", ""},
		{"\xfe\xff\x00<\x00p", "text/html"},
		{"<p>\x93smart\x94</p>", "text/html; charset=windows-1252"},
		{"<p>bad \xff\xfe</p>", "text/html; charset=utf-8"},
		{"<p>x</p>", "text/html; charset=nonsense"},
		{"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\">\x82\xa0", ""},
	} {
		f.Add([]byte(seed.body), seed.ct)
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		out := decodePage(body, contentType)
		if !utf8.ValidString(out) {
			t.Fatalf("decodePage(%q, %q) = %q: not valid UTF-8", body, contentType, out)
		}
		ascii := true
		for _, c := range body {
			ascii = ascii && c < utf8.RuneSelf
		}
		if ascii && strings.EqualFold(strings.TrimSpace(contentType), "text/html; charset=utf-8") && out != string(body) {
			t.Fatalf("an ASCII page declared UTF-8 changed: %q -> %q", body, out)
		}
	})
}

// FuzzParseRetryAfter: a Retry-After value is never a negative or absurd
// wait, whatever the server sends.
func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{"", "0", "120", " 7 ", "-5", "99999999999999999999", "9223372036", "9223372037", "Fri, 27 Nov 2026 10:00:00 GMT",
		"Wed, 21 Oct 2015 07:28:00 GMT", "soon", "1.5"} {
		f.Add(seed)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := parseRetryAfter(v, now)
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("parseRetryAfter(%q) = %s, want 0 to %s", v, d, maxRetryAfter)
		}
	})
}
