package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"alphadesk/internal/draft"
)

// seedFiles are the seed-like sources and stories kept by the rules tests.
var seedDir = filepath.Join("..", "..", "internal", "rules", "testdata", "seed")

func seedFile(name string) string { return filepath.Join(seedDir, name) }

func TestDraftExtractive(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "draft", "--source", seedFile("amazon-q1-release.txt"), "--source", seedFile("amazon-q1-wire.txt"))
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var d draft.Draft
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("output is not our draft JSON: %v\n%s", err, out)
	}
	if d.Headline == "" || d.Dek == "" || len(d.Body) == 0 || len(d.Sources) != 2 || d.Sources[1].Name != "Northbridge Wire" || d.Method != "extractive" {
		t.Errorf("draft %+v", d)
	}
	bodySupport := 0
	for _, s := range d.Support {
		if s.Field == draft.Body && len(s.Sources) == 1 {
			bodySupport++
		}
	}
	if bodySupport == 0 {
		t.Errorf("no body sentence carries its source spans")
	}
}

func TestDraftBadInput(t *testing.T) {
	empty := writeFile(t, "empty.txt", "Source: Wire\n\n")
	binary := writeFile(t, "bad.txt", "Sales \xff\xfe rose.")
	headings := writeFile(t, "headings.txt", "Source: Wire\n\nOnly a heading\n\nAnother heading")
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
	}{
		{"no sources", []string{"draft"}, nil, "no sources"},
		{"positional argument", []string{"draft", "story.txt"}, nil, "unexpected arguments"},
		{"missing file", []string{"draft", "--source", "/nonexistent/x.txt"}, nil, "source: open /nonexistent/x.txt"},
		{"empty source", []string{"draft", "--source", empty}, nil, "no text"},
		{"invalid utf-8", []string{"draft", "--source", binary}, nil, "not valid UTF-8 at byte 6"},
		{"nothing to draft", []string{"draft", "--source", headings}, nil, "no usable sentences"},
		{"llm without endpoint", []string{"draft", "--llm", "--source", seedFile("amazon-q1-wire.txt")}, nil, "set ALPHADESK_LLM_URL"},
		{"llm without model", []string{"draft", "--llm", "--source", seedFile("amazon-q1-wire.txt")}, map[string]string{"ALPHADESK_LLM_URL": "http://127.0.0.1:1/v1"}, "set ALPHADESK_LLM_MODEL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tc.env, tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitUsage, errOut)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.wantErr)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

// modelServer speaks POST /v1/chat/completions, answering with content.
func modelServer(t *testing.T, content string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer test-key" {
			http.Error(w, `{"error":{"message":"unexpected request"}}`, http.StatusBadRequest)
			return
		}
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"local-8b","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}],"usage":{"prompt_tokens":900,"completion_tokens":200,"total_tokens":1100}}`, content)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDraftWithModelThenCheck(t *testing.T) {
	answer := `{"headline":"Amazon's AWS backlog climbs to $364 billion","dek":"Amazon forecast second-quarter net sales of $194 billion to $199 billion.",` +
		`"body":["Amazon Web Services revenue grew 28 percent year over year, Amazon said in a statement.",` +
		`"\"We are the only cloud that matters now,\" said Andy Jassy, Amazon's chief executive."],"watch":[]}`
	srv := modelServer(t, answer)
	env := map[string]string{"ALPHADESK_LLM_URL": srv.URL + "/v1", "ALPHADESK_LLM_MODEL": "local-8b", "ALPHADESK_LLM_KEY": "test-key"}
	code, out, errOut := runCmd(t, env, "draft", "--llm", "--source", seedFile("amazon-q1-release.txt"), "--source", seedFile("amazon-q1-wire.txt"))
	if code != exitOK {
		t.Fatalf("draft --llm: exit %d, stderr %q", code, errOut)
	}
	var d draft.Draft
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Method != "llm:local-8b" {
		t.Errorf("method %q", d.Method)
	}
	// The model invented a quotation: the check must reject the draft.
	path := writeFile(t, "draft.json", out)
	var buf strings.Builder
	status, err := runCheck(outputEnv(&buf), checkOptions{sources: fileList{seedFile("amazon-q1-release.txt"), seedFile("amazon-q1-wire.txt")}, draft: path, tagConfidence: -1})
	if err != nil {
		t.Fatal(err)
	}
	if status != exitReject || !strings.Contains(buf.String(), "We are the only cloud that matters now") {
		t.Errorf("check status %d, report %s; want 20 naming the invented quotation", status, buf.String())
	}
}

func TestDraftModelDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	env := map[string]string{"ALPHADESK_LLM_URL": "http://" + addr + "/v1", "ALPHADESK_LLM_MODEL": "m"}
	code, _, errOut := runCmd(t, env, "draft", "--llm", "--llm-retries", "0", "--source", seedFile("amazon-q1-wire.txt"))
	if code != exitError || !strings.Contains(errOut, "cannot reach") || !strings.Contains(errOut, "ALPHADESK_LLM_URL") {
		t.Errorf("exit %d, stderr %q; want 1 saying the endpoint cannot be reached", code, errOut)
	}
}

// outputEnv is an env writing stdout to w (writeFile is in cmd_tag_test.go).
func outputEnv(w io.Writer) env {
	return env{stdin: strings.NewReader(""), stdout: w, stderr: io.Discard, getenv: func(string) string { return "" }}
}
