package textextract

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestFromHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"plain text", "Apple rose", "Apple rose"},
		{"title only", "<title> Hello   world </title>", "Hello world"},
		{"h1 beats title", "<title>Site</title><h1>Headline</h1><p>Body</p>", "Headline\n\nBody"},
		{"h1 moved first", "<p>Lead</p><h1>Headline</h1><p>Body</p>", "Headline\n\nLead\n\nBody"},
		{"second h1 is body", "<h1>One</h1><h1>Two</h1>", "One\n\nTwo"},
		{"entities", "<p>AT&amp;T &lt;T&gt; &#36;5</p>", "AT&T <T> $5"},
		{"script dropped", "<p>a</p><script>x = '<p>no</p>'</script><p>b</p>", "a\n\nb"},
		{"nav footer aside dropped", "<nav>Menu</nav><p>Story</p><aside>Ads</aside><footer>(c)</footer>", "Story"},
		{"br is a line break", "<p>one<br>two<br/>three</p>", "one\ntwo\nthree"},
		{"inline joins", "<p>in<b>line</b> <i>words</i></p>", "inline words"},
		{"whitespace collapsed", "<p>  a \n\t b  </p>", "a b"},
		{"unclosed", "<p>open <b>bold", "open bold"},
		{"invalid utf8", "<p>a\xffb</p>", "a\uFFFDb"},
		{"head text dropped", "<head><meta name=x content=y><title>T</title><link rel=a></head><body>B</body>", "T\n\nB"},
		{"void skipped element", "<p>a<input value=x>b</p>", "ab"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FromHTML(tc.in); got != tc.want {
				t.Errorf("FromHTML(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestGolden reduces testdata/*.html and compares with the .txt beside it;
// run with -update to rewrite the .txt files.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, p := range paths {
		in, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got := FromHTML(string(in))
		golden := strings.TrimSuffix(p, ".html") + ".txt"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s: got\n%s\nwant\n%s", p, got, want)
		}
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html>", true},
		{"\xef\xbb\xbf  <html lang=en>", true},
		{"<p>Apple rose</p>", true},
		{"<!-- comment -->", true},
		{"Story text with <br> inside", true},
		{"Amazon.com Inc <AMZN.O> rose", false},
		{"Apple rose 3% as x < y", false},
		{"", false},
		{"<notatag> text", false},
	}
	for _, tc := range tests {
		if got := LooksLikeHTML([]byte(tc.in)); got != tc.want {
			t.Errorf("LooksLikeHTML(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzFromHTML checks the reducer never panics, always returns valid UTF-8,
// and never grows the text by more than the replacement of invalid bytes and
// the paragraph breaks can explain.
func FuzzFromHTML(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{"", "<", "<h1>", "<h1><h1>x</h1>", "<title>", "<script>", "&#xFFFFFF;", "<p>\xff</p>", "<svg><p>x</svg>y", "<br><br>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := FromHTML(in)
		if !utf8.ValidString(out) {
			t.Fatalf("FromHTML(%q) = %q: invalid UTF-8", in, out)
		}
		if len(out) > 3*len(in)+4 {
			t.Fatalf("FromHTML grew %d bytes to %d", len(in), len(out))
		}
		_ = LooksLikeHTML([]byte(in))
	})
}
