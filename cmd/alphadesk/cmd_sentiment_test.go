package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runSentimentCmd runs `alphadesk sentiment args...` in-process with stdin.
func runSentimentCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = run(context.Background(), append([]string{"sentiment"}, args...), e)
	return code, out.String(), errOut.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSentimentEmpty(t *testing.T) {
	for _, in := range []string{"", "  \n\n"} {
		code, out, errOut := runSentimentCmd(t, in)
		if code != exitOK {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		if want := `{"label":"neutral","score":0,"sentences":[],"entities":[]}` + "\n"; out != want {
			t.Errorf("input %q: got %q, want %q", in, out, want)
		}
	}
}

func TestSentimentDocument(t *testing.T) {
	story := "Kestrel Shares Tumble as Revenue Misses Estimates\n\n" +
		"Kestrel Systems ($KSTR) said quarterly revenue fell 9% to $2.3 billion. " +
		"Meanwhile $VSTA raised its guidance & its dividend.\n"
	path := writeTemp(t, "story.txt", story)
	for _, args := range [][]string{{path}, {"-"}, {}} {
		stdin := ""
		if len(args) == 0 || args[0] == "-" {
			stdin = story
		}
		code, out, errOut := runSentimentCmd(t, stdin, append([]string{"--tagger=false"}, args...)...)
		if code != exitOK {
			t.Fatalf("args %v: exit %d, stderr %q", args, code, errOut)
		}
		var got sentimentDocJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("output is not the JSON contract: %v\n%s", err, out)
		}
		if got.Label != "negative" || len(got.Sentences) != 3 {
			t.Errorf("args %v: label %s with %d sentences, want negative with 3", args, got.Label, len(got.Sentences))
		}
		for _, s := range got.Sentences {
			if s.Start < 0 || s.End > len(story) || s.Start >= s.End || s.Score < -1 || s.Score > 1 || s.Cues == nil {
				t.Errorf("bad sentence %+v", s)
			}
		}
		if got.Sentences[0].Label != "negative" || strings.Join(got.Sentences[0].Cues, "|") != "shares tumble|misses estimates" {
			t.Errorf("headline %+v", got.Sentences[0])
		}
		ents := map[string]string{}
		for _, e := range got.Entities {
			ents[e.Symbol] = e.Label
		}
		if ents["KSTR"] != "negative" || ents["VSTA"] != "positive" || len(ents) != 2 {
			t.Errorf("entities %v, want KSTR negative and VSTA positive", got.Entities)
		}
		if !strings.Contains(out, `"raised guidance"`) || strings.Contains(out, `\u0026`) {
			t.Errorf("cues must be plain JSON strings: %s", out)
		}
	}
}

func TestSentimentTagger(t *testing.T) {
	story := "Amazon Shares Jump as AWS Revenue Beats Estimates\n\nAmazon.com Inc. said cloud revenue grew 28 percent.\n"
	code, out, errOut := runSentimentCmd(t, story)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got sentimentDocJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Entities) != 1 || got.Entities[0].Symbol != "AMZN" || got.Entities[0].Label != "positive" {
		t.Errorf("entities %+v, want AMZN positive from the tagger", got.Entities)
	}
	_, out, _ = runSentimentCmd(t, story, "--tagger=false")
	if !strings.Contains(out, `"entities":[]`) {
		t.Errorf("--tagger=false still found companies: %s", out)
	}
}

func TestSentimentMentionsFile(t *testing.T) {
	story := "Nordvik profit rose 40 %. Harjula cut its dividend."
	good := writeTemp(t, "m.json", `[{"symbol":"NVK","start":0,"end":7},{"symbol":"HARJ","start":26,"end":33}]`)
	code, out, errOut := runSentimentCmd(t, story, "--tagger=false", "--mentions", good)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := `"entities":[{"symbol":"NVK","label":"positive","score":0.545},{"symbol":"HARJ","label":"negative","score":-0.5}]`
	if !strings.Contains(out, want) {
		t.Errorf("got %s\nwant it to contain %s", out, want)
	}
	tests := []struct {
		name, content, want string
	}{
		{"past the end", `[{"symbol":"NVK","start":0,"end":900}]`, "mention 1 (NVK): end 900 is past the end of the input (51 bytes)"},
		{"empty span", `[{"symbol":"NVK","start":5,"end":5}]`, "span [5,5) is empty"},
		{"no symbol", `[{"start":0,"end":3}]`, "mention 1: no symbol"},
		{"no end", `[{"symbol":"NVK","start":0}]`, "want both start and end"},
		{"not JSON", `{"symbol"`, "want a JSON array"},
		{"unknown field", `[{"symbol":"NVK","start":0,"end":3,"x":1}]`, "unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "bad.json", tc.content)
			code, _, errOut := runSentimentCmd(t, story, "--tagger=false", "--mentions", path)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, exitUsage, tc.want)
			}
		})
	}
}

func TestSentimentLines(t *testing.T) {
	in := "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.\r\n\nThe company cut its guidance.\nbad \xff bytes: the net loss widened" // no final newline
	code, out, errOut := runSentimentCmd(t, in, "--lines")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{
		`{"label":"positive","score":0.545,"cues":["operating profit rose"]}`,
		`{"label":"neutral","score":0,"cues":[]}`,
		`{"label":"negative","score":-0.5,"cues":["cut guidance"]}`,
		`{"label":"negative","score":-0.5,"cues":["net loss widened"]}`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", out, strings.Join(want, "\n"))
	}
	code, _, errOut = runSentimentCmd(t, strings.Repeat("x", 2<<20), "--lines")
	if code != exitUsage || !strings.Contains(errOut, "line 1 is longer than") {
		t.Errorf("long line: exit %d, stderr %q", code, errOut)
	}
	code, out, _ = runSentimentCmd(t, "", "--lines")
	if code != exitOK || out != "" {
		t.Errorf("empty --lines input: exit %d, output %q, want no lines", code, out)
	}
}

func TestSentimentLexicon(t *testing.T) {
	list := writeTemp(t, "list.csv", "word,category\nSTELLAR,Positive\nDISMAL,Negative\n")
	code, out, errOut := runSentimentCmd(t, "A stellar quarter.\nA dismal quarter, though operating profit rose.\n", "--lines", "--lexicon", list)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out, `{"label":"positive","score":0.333,"cues":["stellar"]}`) {
		t.Errorf("extra mode output %q", out)
	}
	_, out, _ = runSentimentCmd(t, "A dismal quarter, though operating profit rose.\n", "--lines", "--lexicon", list, "--lexicon-mode", "baseline")
	if want := `{"label":"negative","score":-1,"cues":["dismal"]}` + "\n"; out != want {
		t.Errorf("baseline mode output %q, want %q", out, want)
	}
	bad := writeTemp(t, "bad.csv", "word,category\nGOOD,Positive\nBAD,Awful\n")
	code, _, errOut = runSentimentCmd(t, "x", "--lexicon", bad)
	if code != exitUsage || !strings.Contains(errOut, bad+`:3: unknown category "Awful"`) {
		t.Errorf("bad list: exit %d, stderr %q", code, errOut)
	}
}

func TestSentimentUsage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.txt")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"two files", []string{"a", "b"}, "at most one input FILE"},
		{"bad mode", []string{"--lexicon-mode", "both"}, `unknown lexicon mode "both"`},
		{"mode without list", []string{"--lexicon-mode", "baseline"}, "--lexicon-mode needs --lexicon"},
		{"mentions with lines", []string{"--lines", "--mentions", "m.json"}, "not to --lines"},
		{"missing file", []string{missing}, "no such file"},
		{"missing list", []string{"--lexicon", missing}, "word list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runSentimentCmd(t, "", tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, exitUsage, tc.want)
			}
		})
	}
	code, out, _ := runCmd(t, nil, "help", "sentiment")
	if code != exitOK || !strings.Contains(out, "--lines") || !strings.Contains(out, "--lexicon-mode") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
}
