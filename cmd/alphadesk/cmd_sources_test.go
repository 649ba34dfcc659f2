package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSourcesCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "conf", "sources.txt")
	steps := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"add rss", []string{"sources", "add", "--file", file, "--every", "10m", "wire", "rss", "https://news.example.com/markets.rss"}, exitOK, "wire rss https://news.example.com/markets.rss every=10m0s", ""},
		{"add folder", []string{"sources", "add", "--file", file, "--local", "demo", "folder", "demo news"}, exitOK, `demo folder "demo news"`, ""},
		{"duplicate name refused", []string{"sources", "add", "--file", file, "wire", "atom", "https://x.example/feed.atom"}, exitUsage, "", "already defined on line 1"},
		{"bad kind refused", []string{"sources", "add", "--file", file, "other", "gopher", "https://x.example/"}, exitUsage, "", "sources.txt:3"},
		{"bad url refused", []string{"sources", "add", "--file", file, "other", "rss", "ftp://x.example/"}, exitUsage, "", "sources.txt:3"},
		{"wrong arity", []string{"sources", "add", "--file", file, "only-name"}, exitUsage, "", "NAME KIND LOCATION"},
		{"unknown subcommand", []string{"sources", "remove", "--file", file}, exitUsage, "", "want list or add"},
		{"list", []string{"sources", "list", "--file", file}, exitOK, "wire rss https://news.example.com/markets.rss every=10m0s\ndemo folder \"demo news\" local\n", ""},
	}
	for _, st := range steps {
		code, out, errOut := runCmd(t, nil, st.args...)
		if code != st.wantCode || !strings.Contains(out, st.wantOut) || !strings.Contains(errOut, st.wantErr) {
			t.Errorf("%s: code %d, out %q, err %q; want code %d, out containing %q, err containing %q",
				st.name, code, out, errOut, st.wantCode, st.wantOut, st.wantErr)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(b), "\n"); got != 2 {
		t.Errorf("sources file has %d lines after refused adds, want 2:\n%s", got, b)
	}
}
