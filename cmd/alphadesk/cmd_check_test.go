package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"alphadesk/internal/rules"
)

var seedSources = fileList{seedFile("amazon-q1-release.txt"), seedFile("amazon-q1-wire.txt")}

func TestCheckPublishOutputShape(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "check", "--source", seedSources[0], "--source", seedSources[1],
		"--draft", seedFile("amazon-story-paraphrase.txt"), "--market", seedFile("market.json"))
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q, out %s", code, errOut, out)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) != 3 || raw["decision"] == nil || raw["findings"] == nil || raw["cleaned"] == nil {
		t.Fatalf("top-level keys %v, want decision, findings, cleaned", keys(raw))
	}
	var rep struct {
		Decision string                       `json:"decision"`
		Findings []map[string]json.RawMessage `json:"findings"`
	}
	json.Unmarshal([]byte(out), &rep)
	if rep.Decision != "publish" {
		t.Errorf("decision %q", rep.Decision)
	}
	traced := 0
	for _, f := range rep.Findings {
		for _, k := range []string{"rule", "severity", "draft_span", "message"} {
			if f[k] == nil {
				t.Errorf("finding %v lacks %q", keys(f), k)
			}
		}
		var span [2]int
		if err := json.Unmarshal(f["draft_span"], &span); err != nil {
			t.Errorf("draft_span %s is not [start, end]", f["draft_span"])
		}
		if f["source_span"] != nil {
			var ss struct {
				Source int    `json:"source"`
				Span   [2]int `json:"span"`
			}
			if err := json.Unmarshal(f["source_span"], &ss); err != nil {
				t.Errorf("source_span %s is not {source, span}", f["source_span"])
			}
		}
		if string(f["rule"]) == `"number.traced"` {
			traced++
		}
	}
	if traced < 8 {
		t.Errorf("%d figures traced, want the seed story's eight or more", traced)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestCheckDecisions(t *testing.T) {
	paraphrase, err := os.ReadFile(seedFile("amazon-story-paraphrase.txt"))
	if err != nil {
		t.Fatal(err)
	}
	story := string(paraphrase)
	tests := []struct {
		name   string
		draft  string
		opts   func(*checkOptions)
		status int
		want   string // substring of the report
	}{
		{"faithful", story, nil, exitOK, `"decision": "publish"`},
		{"wrong figure holds", strings.Replace(story, "up 28 percent", "up 31 percent", 1), nil, exitHold, "“31 percent”"},
		{"day change against the flags", story, func(o *checkOptions) { o.dayChange = optionalFloat{-1.29, true} }, exitHold, "“1.29%”"},
		{"low tagging confidence holds", story, func(o *checkOptions) { o.tagConfidence = 0.2 }, exitHold, "low tagging confidence 0.20"},
		{"invented quotation rejects", story + "\n\n\"AWS will double again,\" said Andy Jassy.", nil, exitReject, "does not appear in any source"},
		{"unbalanced quotation rejects", story + "\n\n\"AWS will double again, said Andy Jassy.", nil, exitReject, "not closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := checkOptions{sources: seedSources, draft: writeFile(t, "draft.txt", tc.draft), market: seedFile("market.json"), tagConfidence: -1}
			if tc.opts != nil {
				tc.opts(&o)
			}
			var out strings.Builder
			status, err := runCheck(outputEnv(&out), o)
			if err != nil {
				t.Fatal(err)
			}
			if status != tc.status {
				t.Errorf("status %d, want %d\n%s", status, tc.status, out.String())
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Errorf("report does not contain %q", tc.want)
			}
		})
	}
}

func TestCheckBadInput(t *testing.T) {
	story := seedFile("amazon-story-paraphrase.txt")
	empty := writeFile(t, "empty.txt", "   \n")
	badDraft := writeFile(t, "bad.txt", "Head\xffline\n\nBody.")
	badMarket := writeFile(t, "market.json", `{"price": "263.04"}`)
	unknownMarket := writeFile(t, "market2.json", `{"prize": 263.04}`)
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no draft", []string{"check", "--source", seedSources[0]}, "no draft"},
		{"no source", []string{"check", "--draft", story}, "no sources"},
		{"missing draft", []string{"check", "--source", seedSources[0], "--draft", "/nonexistent/d.txt"}, "draft: open /nonexistent/d.txt"},
		{"missing source", []string{"check", "--source", "/nonexistent/s.txt", "--draft", story}, "source: open /nonexistent/s.txt"},
		{"empty draft", []string{"check", "--source", seedSources[0], "--draft", empty}, "draft has no text"},
		{"empty source", []string{"check", "--source", empty, "--draft", story}, "no text"},
		{"draft not utf-8", []string{"check", "--source", seedSources[0], "--draft", badDraft}, "not valid UTF-8 at byte 4"},
		{"market field of the wrong type", []string{"check", "--source", seedSources[0], "--draft", story, "--market", badMarket}, "market data"},
		{"market unknown field", []string{"check", "--source", seedSources[0], "--draft", story, "--market", unknownMarket}, `unknown field "prize"`},
		{"price not a number", []string{"check", "--source", seedSources[0], "--draft", story, "--price", "lots"}, "not a number"},
		{"negative price", []string{"check", "--source", seedSources[0], "--draft", story, "--price", "-3"}, "want a positive number"},
		{"score out of range", []string{"check", "--source", seedSources[0], "--draft", story, "--alpha-score", "140"}, "want 0 to 100"},
		{"confidence out of range", []string{"check", "--source", seedSources[0], "--draft", story, "--tag-confidence", "3"}, "from 0 to 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, nil, tc.args...)
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

// TestCheckExitStatus runs the real binary (this test binary acting as
// alphadesk) to see the exit statuses 10 and 20.
func TestCheckExitStatus(t *testing.T) {
	paraphrase, err := os.ReadFile(seedFile("amazon-story-paraphrase.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		draft string
		want  int
	}{
		{"publish", string(paraphrase), exitOK},
		{"hold", strings.Replace(string(paraphrase), "up 28 percent", "up 31 percent", 1), exitHold},
		{"reject", string(paraphrase) + "\n\n\"AWS will double again,\" said Andy Jassy.", exitReject},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "check", "--source", seedSources[0], "--source", seedSources[1],
				"--draft", writeFile(t, "d.txt", tc.draft), "--market", seedFile("market.json"))
			cmd.Env = append(os.Environ(), "ALPHADESK_TEST_MAIN=1")
			out, err := cmd.Output()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.want {
				t.Errorf("exit status %d, want %d", code, tc.want)
			}
			var rep rules.Report
			if err := json.Unmarshal(out, &rep); err != nil {
				t.Errorf("stdout is not the report: %v", err)
			}
		})
	}
}

// TestCheckSeedStory checks the seed story itself (../shared/seed next to
// the repository; skipped when absent) and logs the figures it traces.
func TestCheckSeedStory(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "seed", "amazon-aws-backlog-story.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("seed story not available: %v", err)
	}
	var out strings.Builder
	status, err := runCheck(outputEnv(&out), checkOptions{sources: seedSources, draft: path, market: seedFile("market.json"), tagConfidence: -1})
	if err != nil {
		t.Fatal(err)
	}
	var rep rules.Report
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatal(err)
	}
	story, _ := os.ReadFile(path)
	var traced []string
	for _, f := range rep.Findings {
		if f.Rule == "number.traced" && f.Severity == rules.Info {
			traced = append(traced, string(story[f.DraftSpan[0]:f.DraftSpan[1]]))
		}
	}
	t.Logf("seed story: decision %s, status %d; traced %s", rep.Decision, status, strings.Join(traced, " | "))
	if status != exitOK {
		t.Errorf("status %d, want 0", status)
	}
}
