package feed

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseSources(t *testing.T) {
	got, err := LoadSources(filepath.Join("testdata", "sources.conf"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{
		{Name: "wire-markets", Kind: KindRSS, URL: "https://wire.example.com/markets/rss.xml", Interval: 10 * time.Minute},
		{Name: "desk", Kind: KindAtom, URL: "https://desk.example.org/feed.atom", Interval: DefaultInterval},
		{Name: "briefs", Kind: KindJSONFeed, URL: "https://briefs.example.net/feed.json", Interval: time.Hour},
		{Name: "sec-8k", Kind: KindEDGAR, URL: "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=8-K&output=atom",
			Interval: 5 * time.Minute, Forms: []string{"8-K", "8-K/A", "EX-99*"}},
		{Name: "intranet", Kind: KindRSS, URL: "http://10.1.2.3/feed.xml", Interval: 2 * time.Minute, Local: true},
		{Name: "demo", Kind: KindFolder, Path: filepath.Join("testdata", "folder"), Interval: time.Second},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadSources:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseSourcesErrors(t *testing.T) {
	_, err := LoadSources(filepath.Join("testdata", "sources_bad.conf"))
	if err == nil {
		t.Fatal("LoadSources(sources_bad.conf) = nil error, want one per bad line")
	}
	file := filepath.Join("testdata", "sources_bad.conf")
	tests := []struct {
		line int
		want string
	}{
		{3, `source name "Bad_Name"`},
		{4, `unknown kind "rdf"`},
		{5, `scheme must be http or https`},
		{6, `interval 10s is below the minimum 1m0s`},
		{7, `source "good" is already defined on line 2`},
		{8, `want "name kind location [options]", got 2 field(s)`},
		{9, `a folder source needs a path`},
		{10, `unknown option "colour=blue"`},
		{11, `forms= applies to edgar sources only`},
		{12, `unterminated or malformed quoted field`},
	}
	msg := err.Error()
	for _, tt := range tests {
		prefix := file + ":" + itoa(tt.line) + ": "
		found := false
		for l := range strings.SplitSeq(msg, "\n") {
			if strings.HasPrefix(l, prefix) && strings.Contains(l, tt.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("error lacks %q%s\nerror:\n%s", prefix, tt.want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != len(tests) {
		t.Errorf("got %d error lines, want %d:\n%s", n, len(tests), msg)
	}
}

func TestValidate(t *testing.T) {
	ok := Source{Name: "a", Kind: KindRSS, URL: "https://a.example/", Interval: time.Minute}
	tests := []struct {
		name string
		edit func(*Source)
		want string // "" for valid
	}{
		{"valid", func(*Source) {}, ""},
		{"no URL", func(s *Source) { s.URL = "" }, "needs a URL"},
		{"relative URL", func(s *Source) { s.URL = "/feed" }, "scheme must be http or https"},
		{"credentials", func(s *Source) { s.URL = "https://u:p@a.example/" }, "credentials"},
		{"path on remote", func(s *Source) { s.Path = "x" }, "has a URL, not a path"},
		{"too slow", func(s *Source) { s.Interval = 30 * 24 * time.Hour }, "above the maximum"},
		{"folder with URL", func(s *Source) { s.Kind = KindFolder; s.Path = "x" }, "has a path, not a URL"},
		{"empty form", func(s *Source) { s.Kind = KindEDGAR; s.Forms = []string{""} }, "bad form type"},
		{"long name", func(s *Source) { s.Name = strings.Repeat("a", 65) }, "1 to 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			err := s.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestFormatSourceRoundTrip(t *testing.T) {
	srcs, err := ParseSources("sources.conf", strings.NewReader(string(readFile(t, filepath.Join("testdata", "sources.conf")))))
	if err != nil {
		t.Fatal(err)
	}
	srcs = append(srcs, Source{Name: "spaced", Kind: KindFolder, Path: "My News/today", Interval: time.Minute})
	var lines []string
	for _, s := range srcs {
		lines = append(lines, FormatSource(s))
	}
	back, err := ParseSources("formatted", strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, strings.Join(lines, "\n"))
	}
	if !reflect.DeepEqual(back, srcs) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, srcs)
	}
}

func TestLoadSourcesMissingFile(t *testing.T) {
	_, err := LoadSources(filepath.Join("testdata", "no-such.conf"))
	if err == nil || !strings.Contains(err.Error(), "load sources") {
		t.Errorf("LoadSources(missing) = %v, want a load sources error", err)
	}
}

func TestFormKept(t *testing.T) {
	tests := []struct {
		patterns []string
		form     string
		want     bool
	}{
		{DefaultEDGARForms, "8-K", true},
		{DefaultEDGARForms, "8-K/A", true},
		{DefaultEDGARForms, "EX-99.1", true},
		{DefaultEDGARForms, "EX-99", true},
		{DefaultEDGARForms, "4", false},
		{DefaultEDGARForms, "8-K12B", false},
		{[]string{"*"}, "SC 13D", true},
	}
	for _, tt := range tests {
		if got := formKept(tt.patterns, tt.form); got != tt.want {
			t.Errorf("formKept(%v, %q) = %v, want %v", tt.patterns, tt.form, got, tt.want)
		}
	}
}

func FuzzParseSources(f *testing.F) {
	f.Add(string(readFile(f, filepath.Join("testdata", "sources.conf"))))
	f.Add(string(readFile(f, filepath.Join("testdata", "sources_bad.conf"))))
	f.Add("a rss \"https://x.example/\\\"q\" every=1m local\n")
	f.Fuzz(func(t *testing.T, in string) {
		srcs, err := ParseSources("fuzz", strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Errorf("error without file:line prefix: %v", err)
			}
			return
		}
		for _, s := range srcs {
			if err := s.Validate(); err != nil {
				t.Errorf("ParseSources returned an invalid source %+v: %v", s, err)
			}
			back, err := ParseSources("again", strings.NewReader(FormatSource(s)))
			if err != nil || len(back) != 1 || !reflect.DeepEqual(back[0], s) {
				t.Errorf("FormatSource(%+v) = %q does not parse back: %v %+v", s, FormatSource(s), err, back)
			}
		}
	})
}
