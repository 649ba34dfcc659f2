package source

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		data      string
		wantName  string
		wantURL   string
		wantTitle string
		wantKind  Kind
		wantText  string // exact Text
	}{
		{
			name:     "plain text with headers",
			file:     "reuters.txt",
			data:     "Source: Reuters\nURL: https://example.com/amzn\nTitle: Amazon forecasts sales\n\nAmazon forecast sales.\r\nMore text.\n",
			wantName: "Reuters", wantURL: "https://example.com/amzn", wantTitle: "Amazon forecasts sales", wantKind: News,
			wantText: "Amazon forecasts sales\n\nAmazon forecast sales.\nMore text.",
		},
		{
			name:     "header kind press release",
			file:     "amzn.txt",
			data:     "Publisher: Amazon\nKind: press release\n\nAmazon reported results.",
			wantName: "Amazon", wantKind: Statement, wantText: "Amazon reported results.",
		},
		{
			name:     "wire credit names the source",
			file:     "wire.txt",
			data:     "SEATTLE, April 30 (Reuters) - Amazon forecast sales.",
			wantName: "Reuters", wantKind: News, wantText: "SEATTLE, April 30 (Reuters) - Amazon forecast sales.",
		},
		{
			name:     "address names the source",
			file:     "a.txt",
			data:     "URL: https://www.example.com/story\n\nText.",
			wantName: "example.com", wantURL: "https://www.example.com/story", wantKind: News, wantText: "Text.",
		},
		{
			name:     "no headers",
			file:     "note.txt",
			data:     "Note: this line is text.\n\nSecond paragraph.",
			wantKind: News, wantText: "Note: this line is text.\n\nSecond paragraph.",
		},
		{
			name:      "title already first",
			file:      "a.txt",
			data:      "Title: Big news\n\nBig news\n\nBody.",
			wantTitle: "Big news", wantKind: News, wantText: "Big news\n\nBody.",
		},
		{
			name:     "byte order mark and blank lines",
			file:     "bom.txt",
			data:     "\xef\xbb\xbfSource: AP\n\n\n\nOne.\n\n\n\nTwo.   \n",
			wantName: "AP", wantKind: News, wantText: "One.\n\nTwo.",
		},
		{
			name:     "json",
			file:     "src.json",
			data:     `{"name":"Reuters","url":"https://r.example/1","title":"T","kind":"news","text":"Body text."}`,
			wantName: "Reuters", wantURL: "https://r.example/1", wantTitle: "T", wantKind: News, wantText: "T\n\nBody text.",
		},
		{
			name:     "json detected by content with html field",
			file:     "src",
			data:     `{"source":"AP","html":"<p>First.</p><script>alert(1)</script><p>Second.</p>"}`,
			wantName: "AP", wantKind: News, wantText: "First.\n\nSecond.",
		},
		{
			name: "html page",
			file: "page.html",
			data: `<!doctype html><html><head><title>Page title</title><meta property="og:site_name" content="Reuters">` +
				`<meta property="og:title" content="Amazon forecasts"><link rel="canonical" href="https://r.example/a">` +
				`<style>p{color:red}</style><script>var x = "$999 billion";</script></head><body><nav>Home | Markets</nav>` +
				`<p>Amazon projected <b>net sales</b> of $194 billion.</p><p>AWS grew 28&nbsp;percent.</p>` +
				`<table><tr><th>Metric</th><th>Value</th></tr><tr><td>Backlog</td><td>$364B</td></tr></table>` +
				`<footer>© 2026</footer></body></html>`,
			wantName: "Reuters", wantURL: "https://r.example/a", wantTitle: "Page title", wantKind: News,
			wantText: "Page title\n\nAmazon projected net sales of $194 billion.\n\nAWS grew 28 percent.\n\nMetric\n\nValue\n\nBacklog\n\n$364B",
		},
		{
			name:      "html detected by content, og title when no headline",
			file:      "page",
			data:      `<html><head><meta property="og:title" content="The headline"></head><body><p>Body text.</p></body></html>`,
			wantTitle: "The headline", wantKind: News, wantText: "The headline\n\nBody text.",
		},
		{
			name:     "windows-1252 page",
			file:     "old.html",
			data:     "<html><head><meta charset=windows-1252></head><body><p>\x93We grew,\x94 he said \x96 sales rose.</p></body></html>",
			wantKind: News, wantText: "“We grew,” he said – sales rose.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(tc.file, []byte(tc.data))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if s.Name != tc.wantName || s.URL != tc.wantURL || s.Title != tc.wantTitle || s.Kind != tc.wantKind {
				t.Errorf("got name %q url %q title %q kind %q, want %q %q %q %q", s.Name, s.URL, s.Title, s.Kind, tc.wantName, tc.wantURL, tc.wantTitle, tc.wantKind)
			}
			if s.Text != tc.wantText {
				t.Errorf("text\n got %q\nwant %q", s.Text, tc.wantText)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		data    string
		wantErr error
		wantMsg string
	}{
		{"empty", "empty.txt", "", ErrEmpty, "source empty.txt: no text"},
		{"headers only", "h.txt", "Source: Reuters\n\n   \n", ErrEmpty, "no text"},
		{"html with only scripts", "s.html", "<html><script>document.write('$5 billion')</script></html>", ErrEmpty, "no text"},
		{"invalid utf8", "bad.txt", "Sales \xff rose", ErrEncoding, "at byte 6"},
		{"invalid utf8 json", "bad.json", "{\"text\":\"\xff\"}", ErrEncoding, "UTF-8"},
		{"too large", "big.txt", strings.Repeat("a", MaxFileBytes+1), ErrTooLarge, "limit"},
		{"text too large", "big.txt", strings.Repeat("word ", MaxTextBytes/5+10), ErrTooLarge, "limit"},
		{"bad json", "x.json", `{"name":`, nil, "read JSON source object"},
		{"unknown json field", "x.json", `{"nmae":"Reuters","text":"x"}`, nil, `unknown field "nmae"`},
		{"unknown kind", "x.txt", "Kind: blog\n\nText.", nil, "unknown source kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", tc.wantMsg)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v is not %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tc.wantMsg)
			}
		})
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{"": News, "Press Release": Statement, "filing": Filing, " transcript ": Transcript} {
		got, err := ParseKind(in)
		if err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("a.txt", []byte("Source: Reuters\nURL: https://x\n\nAmazon said \"hello\" $5B."))
	f.Add("a.html", []byte("<html><head><title>t</title></head><body><article><p>x</p><script>y</script></article></body></html>"))
	f.Add("a.json", []byte(`{"name":"AP","text":"x","html":"<p>y</p>"}`))
	f.Add("a", []byte("<table><tr><td>1<td>2</table>"))
	f.Add("a", []byte("\xef\xbb\xbf\r\n\r\nKind: filing\r\n"))
	f.Add("a.html", []byte("<meta charset=iso-8859-1><p>\xe9t\xe9</p>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		s, err := Parse(name, data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse returned an invalid source: %v", err)
		}
		if strings.Contains(s.Text, "\r") {
			t.Fatalf("text keeps a carriage return")
		}
	})
}
