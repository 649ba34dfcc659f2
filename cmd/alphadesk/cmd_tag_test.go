package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runTagCmd runs "alphadesk tag" in-process with the given standard input.
func runTagCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = run(context.Background(), append([]string{"tag"}, args...), e)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// symbolsOf decodes one output object and returns its symbols, checking the
// contract's key set on the way.
func symbolsOf(t *testing.T, line string) []string {
	t.Helper()
	var raw map[string][]map[string]any
	if err := json.Unmarshal([]byte(line), &raw); err != nil {
		t.Fatalf("output %q is not the contract's JSON: %v", line, err)
	}
	if len(raw) != 1 || raw["tickers"] == nil {
		t.Fatalf("output %q: want exactly the key \"tickers\" holding an array", line)
	}
	var syms []string
	for _, tk := range raw["tickers"] {
		if got := sortedMapKeys(tk); !slices.Equal(got, []string{"confidence", "mentions", "name", "salience", "symbol"}) {
			t.Errorf("ticker keys %v", got)
		}
		for _, m := range tk["mentions"].([]any) {
			if got := sortedMapKeys(m.(map[string]any)); !slices.Equal(got, []string{"end", "start", "text", "via"}) {
				t.Errorf("mention keys %v", got)
			}
		}
		syms = append(syms, tk["symbol"].(string))
	}
	return syms
}

func sortedMapKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestTagContract(t *testing.T) {
	code, out, errOut := runTagCmd(t, "Amazon projects Q2 sales of $194B as AWS backlog grows\n\nAmazon has set a clear trajectory (NASDAQ: AMZN).")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := `{"tickers":[{"symbol":"AMZN","name":"Amazon.com, Inc.","confidence":0.99,"salience":1,"mentions":[` +
		`{"start":0,"end":6,"text":"Amazon","via":"name"},{"start":56,"end":62,"text":"Amazon","via":"name"},` +
		`{"start":91,"end":103,"text":"NASDAQ: AMZN","via":"exchange"}]}]}` + "\n"
	if out != want {
		t.Errorf("output\n%s\nwant\n%s", out, want)
	}
	symbolsOf(t, out)
}

func TestTag(t *testing.T) {
	story := writeFile(t, "story.txt", "Apple and Microsoft rose; the price target on Target was cut.\n")
	html := writeFile(t, "page.html", `<html><head><title>Markets</title></head><body><nav>Tesla</nav><h1>Nvidia &amp; AMD rally</h1><p>Chip stocks rose.</p></body></html>`)
	own := writeFile(t, "own.json", `[{"symbol":"ZZZQ","legal_name":"Zzyzx Quantum Widgets, Inc.","aliases":["Zzyzx"]},{"symbol":"AMZN","legal_name":"AMAZON COM INC"}]`)
	sec := writeFile(t, "company_tickers_exchange.json", `{"fields":["cik","name","ticker","exchange"],"data":[[1018724,"AMAZON COM INC","AMZN","Nasdaq"],[1512673,"Block, Inc.","XYZ","NYSE"]]}`)
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  [][]string // symbols per output line
	}{
		{"file", "", []string{story}, [][]string{{"AAPL", "MSFT"}}},
		{"stdin dash", "Ford (F) shares rose.", []string{"-"}, [][]string{{"F"}}},
		{"stdin default", "$TSLA up", nil, [][]string{{"TSLA"}}},
		{"empty", "", nil, [][]string{nil}},
		{"html", "", []string{html}, [][]string{{"AMD", "NVDA"}}},
		{"lines", "Apple rose\n\n$F and $GM\n", []string{"--lines"}, [][]string{{"AAPL"}, nil, {"F", "GM"}}},
		{"min confidence", "AMZN bounced.", []string{"--min-confidence", "0.95"}, [][]string{nil}},
		{"own universe", "Zzyzx and Amazon.com shares rose.", []string{"--universe", own}, [][]string{{"AMZN", "ZZZQ"}}},
		{"own universe merges curated aliases", "Amazon.com rose; Apple fell.", []string{"--universe", own}, [][]string{{"AMZN"}}},
		{"sec universe", "Block shares jumped; Amazon fell.", []string{"--universe", sec}, [][]string{{"AMZN", "XYZ"}}},
		{"flags after file", "", []string{story, "--min-confidence", "0.5"}, [][]string{{"AAPL", "MSFT"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runTagCmd(t, tc.stdin, tc.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("%d output lines %q, want %d", len(lines), out, len(tc.want))
			}
			for i, l := range lines {
				got := symbolsOf(t, l)
				slices.Sort(got)
				if !slices.Equal(got, tc.want[i]) {
					t.Errorf("line %d: symbols %v, want %v (%s)", i+1, got, tc.want[i], l)
				}
			}
		})
	}
}

func TestTagEmptyIsEmptyArray(t *testing.T) {
	_, out, _ := runTagCmd(t, "")
	if out != `{"tickers":[]}`+"\n" {
		t.Errorf("empty input: %q, want {\"tickers\":[]}", out)
	}
}

func TestTagBadInput(t *testing.T) {
	garbage := writeFile(t, "garbage.csv", "this,is,not\na,securities,file\n")
	badJSON := writeFile(t, "bad.json", `[{"symbol":"not a ticker!!","legal_name":"X"}]`)
	emptyArr := writeFile(t, "empty.json", `[]`)
	big := strings.Repeat("a", maxTagInput+1)
	tests := []struct {
		name    string
		stdin   string
		args    []string
		wantErr string
	}{
		{"missing file", "", []string{"/nonexistent/story.txt"}, "no such file"},
		{"two files", "", []string{"a", "b"}, "at most one input file"},
		{"bad threshold", "x", []string{"--min-confidence", "1.5"}, "from 0 to 1"},
		{"invalid utf8", "Apple \xff rose", nil, "not valid UTF-8 (bad byte 0xff at offset 6)"},
		{"invalid utf8 line", "ok\nbad \xfe\n", []string{"--lines"}, "line 2 is not valid UTF-8"},
		{"too large", big, nil, "larger than the 8 MiB limit"},
		{"line too long", "ok\n" + big + "\n", []string{"--lines"}, "line 2 is longer than the 8 MiB limit"},
		{"missing universe", "x", []string{"--universe", "/nonexistent/u.json"}, "read universe"},
		{"unknown universe format", "x", []string{"--universe", garbage}, "matches no securities format"},
		{"bad own universe", "x", []string{"--universe", badJSON}, "security 1"},
		{"empty universe", "x", []string{"--universe", emptyArr}, "no usable securities"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runTagCmd(t, tc.stdin, tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitUsage, errOut)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.wantErr)
			}
		})
	}
}
