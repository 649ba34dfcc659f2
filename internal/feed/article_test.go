package feed

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestExtractArticle(t *testing.T) {
	tests := []struct {
		file      string
		title     string
		byline    string
		published string
		keep      []string // must be in Text
		drop      []string // must not be in Text or HTML
	}{
		{
			file: "article.html", title: "Amazon lifts second-quarter outlook as AWS backlog grows",
			byline: "Dana Whitfield", published: "2026-05-01T21:05:00Z",
			keep: []string{
				"Amazon.com Inc on Thursday projected second-quarter net sales",
				"Costs and capital spending",
				"Customers are moving more of their workloads",
				"Shares of the Seattle-based company rose 4%",
			},
			drop: []string{"Markets", "cookies", "Advertisement", "social.example", "Email", "Apple results beat", "Comments", "bought the dip",
				"Most read", "morning briefing", "All rights reserved", "dataLayer", "analytics", "By Dana"},
		},
		{
			file: "article_divs.html", title: "Broadcom forecasts revenue above estimates on AI chip demand",
			keep: []string{"Broadcom Inc forecast second-quarter revenue", "according to data compiled by LSEG", "Shares rose 6% after the bell."},
			drop: []string{"Home", "Chipmakers rally", "Poll:", "Registered in England"},
		},
		{
			file: "folder/04-page.html", title: "Visa raises merchant fees", published: "2026-05-01T00:00:00Z",
			keep: []string{"Visa Inc will raise", "rival network."},
			drop: []string{"Home", "Demo footer"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a := ExtractArticle(string(readFile(t, filepath.Join("testdata", tt.file))))
			if a.Title != tt.title || a.Byline != tt.byline {
				t.Errorf("title %q by %q, want %q by %q", a.Title, a.Byline, tt.title, tt.byline)
			}
			gotPub := ""
			if !a.Published.IsZero() {
				gotPub = a.Published.Format(time.RFC3339)
			}
			if gotPub != tt.published {
				t.Errorf("published %q, want %q", gotPub, tt.published)
			}
			if !strings.HasPrefix(a.Text, tt.title+"\n\n") {
				t.Errorf("text should start with the title alone on its line:\n%s", a.Text)
			}
			if strings.Count(a.Text, tt.title) != 1 {
				t.Errorf("title appears %d times in the text, want once", strings.Count(a.Text, tt.title))
			}
			for _, k := range tt.keep {
				if !strings.Contains(a.Text, k) {
					t.Errorf("text lacks %q:\n%s", k, a.Text)
				}
			}
			for _, d := range tt.drop {
				if strings.Contains(a.Text, d) || strings.Contains(a.HTML, d) {
					t.Errorf("furniture %q kept:\n%s", d, a.Text)
				}
			}
			golden(t, "article_"+strings.ReplaceAll(strings.TrimSuffix(tt.file, ".html"), "/", "_")+".json", a)
		})
	}
}

func TestExtractArticleDegenerate(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"empty", "", ""},
		{"text only", "Just a line of text.", "Just a line of text."},
		{"title only", "<title>Only a title</title>", "Only a title"},
		{"unclosed", "<div><p>Unclosed paragraph that goes on long enough to count, surely", "Unclosed paragraph that goes on long enough to count, surely"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExtractArticle(tt.page).Text; got != tt.want {
				t.Errorf("ExtractArticle(%q).Text = %q, want %q", tt.page, got, tt.want)
			}
		})
	}
	deep := strings.Repeat("<div>", 5000) + "<p>Deep text, with enough words to count as a paragraph.</p>" + strings.Repeat("</div>", 5000)
	_ = ExtractArticle(deep) // must not blow the stack
}

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Revenue rose 5%.", "Revenue rose 5%."},
		{"script", `<p>a</p><script>alert(1)</script>`, `<p>a</p>`},
		{"event handler", `<p onclick="x()" onmouseover="y()">a</p>`, `<p>a</p>`},
		{"javascript link", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"data link", `<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`, `x`},
		{"vbscript link", `<a href="vbscript:msgbox(1)">x</a>`, `x`},
		{"web link", `<a href="https://example.com/a">x</a>`, `<a href="https://example.com/a" rel="nofollow noreferrer noopener" target="_blank">x</a>`},
		{"relative link", `<a href="/a">x</a>`, `x`},
		{"svg payload", `<svg onload="alert(1)"><script>alert(2)</script><text>t</text></svg>after`, `after`},
		{"math", `<math><mi xlink:href="javascript:alert(1)">x</mi></math>ok`, `ok`},
		{"iframe", `<iframe src="https://evil.example"></iframe>ok`, `ok`},
		{"style", `<style>body{display:none}</style><p style="position:fixed">a</p>`, `<p>a</p>`},
		{"form", `<form action="https://evil.example"><input name="p"><button>Go</button></form>`, `Go`},
		{"image onerror", `<img src="https://example.com/i.png" onerror="x()">`, `<img src="https://example.com/i.png">`},
		{"image javascript", `<img src="javascript:alert(1)">`, ``},
		{"kept formatting", `<h2>T</h2><p><b>b</b> <i>i</i></p><ul><li>x</li></ul><blockquote>q</blockquote>`, `<h2>T</h2><p><b>b</b> <i>i</i></p><ul><li>x</li></ul><blockquote>q</blockquote>`},
		{"entity-encoded script", `&lt;script&gt;alert(1)&lt;/script&gt;`, `&lt;script&gt;alert(1)&lt;/script&gt;`},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFilingDocuments(t *testing.T) {
	page := string(readFile(t, filepath.Join("testdata", "edgar_index.htm")))
	docs := FilingDocuments(page, "https://www.sec.gov/Archives/edgar/data/1018724/000101872426000019/0001018724-26-000019-index.htm")
	var got []string
	for _, d := range docs {
		got = append(got, d.Type+" "+d.Description+" "+d.URL)
	}
	want := []string{
		"8-K 8-K https://www.sec.gov/ix?doc=/Archives/edgar/data/1018724/000101872426000019/amzn-20260430.htm",
		"EX-99.1 PRESS RELEASE https://www.sec.gov/Archives/edgar/data/1018724/000101872426000019/amzn-20260430xex991.htm",
		"EX-99.2 SUPPLEMENTAL DATA https://www.sec.gov/Archives/edgar/data/1018724/000101872426000019/amzn-20260430xex992.htm",
		"EX-101.SCH XBRL TAXONOMY EXTENSION SCHEMA DOCUMENT https://www.sec.gov/Archives/edgar/data/1018724/000101872426000019/amzn-20260430.xsd",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("FilingDocuments:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if pr := PressReleases(docs); len(pr) != 2 || pr[0].Type != "EX-99.1" {
		t.Errorf("PressReleases = %+v, want the two EX-99 documents", pr)
	}
}

func FuzzExtractArticle(f *testing.F) {
	for _, file := range []string{"article.html", "article_divs.html", "folder/04-page.html", "edgar_index.htm"} {
		f.Add(string(readFile(f, filepath.Join("testdata", file))))
	}
	f.Add("<p>a<p>b<table><td>c")
	f.Fuzz(func(t *testing.T, page string) {
		a := ExtractArticle(page)
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.HTML) || !utf8.ValidString(a.Title) {
			t.Errorf("invalid UTF-8 out of %q", page)
		}
		if strings.Contains(strings.ToLower(a.HTML), "<script") {
			t.Errorf("script in extracted HTML from %q", page)
		}
	})
}

func FuzzSanitize(f *testing.F) {
	f.Add(`<p onclick="x">a</p><script>b</script><a href="javascript:c">d</a>`)
	f.Add(`<svg><foreignObject><iframe src=x></iframe></foreignObject></svg>`)
	f.Add(string(readFile(f, filepath.Join("testdata", "article.html"))))
	f.Fuzz(func(t *testing.T, in string) {
		out := strings.ToLower(Sanitize(in))
		for _, bad := range []string{"<script", "<iframe", "<svg", "<object", "<embed", "<style", "javascript:", " on"} {
			if strings.Contains(out, bad) && !strings.Contains(strings.ToLower(stripTags(Sanitize(in))), bad) {
				t.Errorf("Sanitize(%q) = %q keeps %q in markup", in, out, bad)
			}
		}
		if Sanitize(Sanitize(in)) != Sanitize(in) {
			// Sanitising is idempotent for what it produces.
			t.Errorf("Sanitize not idempotent on %q", in)
		}
	})
}

// stripTags returns the text between tags, to tell markup from text that
// merely mentions "<script" after escaping.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func FuzzFilingDocuments(f *testing.F) {
	f.Add(string(readFile(f, filepath.Join("testdata", "edgar_index.htm"))))
	f.Add("<table><tr><th>Document</th><th>Type</th></tr><tr><td><a href='x'>x</a></td><td>EX-99</td></tr></table>")
	f.Fuzz(func(t *testing.T, page string) {
		for _, d := range FilingDocuments(page, "https://www.sec.gov/Archives/x-index.htm") {
			if d.Type == "" || !strings.HasPrefix(d.URL, "http") {
				t.Errorf("document without type or web URL: %+v", d)
			}
		}
	})
}
