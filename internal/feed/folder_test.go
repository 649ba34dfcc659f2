package feed

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadFolder(t *testing.T) {
	src := Source{Name: "demo", Kind: KindFolder, Path: filepath.Join("testdata", "folder")}
	f, err := ReadFolder(context.Background(), src, fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "folder.json", f)
	var got []string
	for _, it := range f.Items {
		got = append(got, it.GUID)
	}
	want := []string{
		"file:01-amazon.txt", "file:02-apple.md", "file:03-untitled.txt", "file:04-page.html",
		"brief-7781", "brief-7782", "tag:desk.example.org,2026:msft-dividend", "tag:desk.example.org,2026:goog-buyback",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("items %v, want %v (name order; hidden files, sub-folders and CSV skipped)", got, want)
	}
	notes := strings.Join(f.Notes, "\n")
	for _, n := range []string{"skipped 06-broken.xml: document ends early", "ignored 1 file(s)", "1 item(s) have no usable date"} {
		if !strings.Contains(notes, n) {
			t.Errorf("notes lack %q:\n%s", n, notes)
		}
	}
}

func TestParseFolderEdgeCases(t *testing.T) {
	ctx := context.Background()
	src := Source{Name: "f", Kind: KindFolder, Path: "x"}

	all := fstest.MapFS{"a.xml": {Data: []byte("<rss")}, "b.json": {Data: []byte("{")}}
	_, err := ParseFolder(ctx, src, all, fetchTime)
	var se *SourceError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "none of its 2 file(s) could be read") {
		t.Errorf("all files broken: %v, want a source error", err)
	}

	empty, err := ParseFolder(ctx, src, fstest.MapFS{}, fetchTime)
	if err != nil || len(empty.Items) != 0 {
		t.Errorf("empty folder: %v, %+v; want no items and no error", err, empty)
	}

	many := fstest.MapFS{}
	for i := range MaxItems + 5 {
		many[fmt.Sprintf("%05d.txt", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("Story %d\n\nText.", i))}
	}
	capped, err := ParseFolder(ctx, src, many, fetchTime)
	if err != nil || len(capped.Items) != MaxItems || !strings.Contains(strings.Join(capped.Notes, "\n"), "more than 1000 items") {
		t.Errorf("capped folder: %v, %d items, notes %q", err, len(capped.Items), capped.Notes)
	}

	big := fstest.MapFS{"big.txt": {Data: make([]byte, DefaultMaxBytes+1)}, "ok.txt": {Data: []byte("Fine\n\nText.")}}
	res, err := ParseFolder(ctx, src, big, fetchTime)
	if err != nil || len(res.Items) != 1 || !strings.Contains(strings.Join(res.Notes, "\n"), "skipped big.txt: response body exceeds the size cap") {
		t.Errorf("oversized file: %v, %+v", err, res)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ParseFolder(cancelled, src, fstest.MapFS{"a.txt": {Data: []byte("x")}}, fetchTime); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

func TestReadFolderStaysInside(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.txt"), "Secret\n\nDo not read.")
	if err := symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
	writeFile(t, filepath.Join(dir, "ok.txt"), "Inside\n\nFine.")
	f, err := ReadFolder(context.Background(), Source{Name: "d", Kind: KindFolder, Path: dir}, fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range f.Items {
		if it.Title == "Secret" {
			t.Errorf("read a file outside the folder through a symbolic link")
		}
	}
}

func TestArticleFileHeaders(t *testing.T) {
	tests := []struct {
		name, file, text string
		wantTitle        string
		wantURL          string
		wantGUID         string
		wantBody         string
	}{
		{"header", "a.txt", "Title: T\nURL: https://x.example/a\nGUID: g-1\n\nBody text.", "T", "https://x.example/a", "g-1", "Body text."},
		{"no header", "b.txt", "First line\n\nBody.", "First line", "", "file:b.txt", "Body."},
		{"colon in prose", "c.txt", "Note: revenue rose\n\nBody.", "Note: revenue rose", "", "file:c.txt", "Body."},
		{"front matter", "d.md", "---\ntitle: \"Q\"\nlayout: post\n---\n# Q\n\nBody.", "Q", "", "file:d.md", "Body."},
		{"markdown heading", "e.md", "# Heading\n\nBody.", "Heading", "", "file:e.md", "Body."},
		{"bad URL dropped", "f.txt", "Title: T\nURL: javascript:alert(1)\n\nBody.", "T", "", "file:f.txt", "Body."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := parseArticleFile("s", tt.file, filepath.Ext(tt.file), []byte(tt.text))
			if it.Title != tt.wantTitle || it.URL != tt.wantURL || it.GUID != tt.wantGUID || !strings.Contains(it.Content, tt.wantBody) {
				t.Errorf("got title %q url %q guid %q content %q; want %q %q %q containing %q",
					it.Title, it.URL, it.GUID, it.Content, tt.wantTitle, tt.wantURL, tt.wantGUID, tt.wantBody)
			}
		})
	}
}

func FuzzArticleFile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "folder", "*"))
	for _, file := range files {
		if strings.HasSuffix(file, ".txt") || strings.HasSuffix(file, ".md") || strings.HasSuffix(file, ".html") {
			f.Add(filepath.Ext(file), readFile(f, file))
		}
	}
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		if !strings.HasPrefix(ext, ".") {
			ext = ".txt"
		}
		it := parseArticleFile("fuzz", "f"+ext, strings.ToLower(ext), data)
		if it.GUID == "" {
			t.Error("empty GUID")
		}
		if strings.Contains(strings.ToLower(it.Content+it.Summary), "<script") {
			t.Errorf("script in content from %q", data)
		}
		if it.URL != "" && !strings.HasPrefix(it.URL, "http") {
			t.Errorf("non-web URL %q", it.URL)
		}
	})
}
