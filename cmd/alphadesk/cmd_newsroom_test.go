package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/rulecheck"
	"alphadesk/internal/rules"
	"alphadesk/internal/store/sqlite"
)

// The newsroom tests seed stories through the service with the real
// publishing rules, since the pipeline that will submit them is not built
// yet. The source and drafts are project-written.
const nrRelease = `Halcyon Freight Inc. said on Tuesday that revenue for the first quarter rose 12% to $2.4 billion, as the company shipped 1.8 million containers across its Atlantic and Pacific routes, up from 1.6 million a year earlier.

"Our network has never been busier, and our new terminals in Savannah and Long Beach are running at full capacity," Chief Executive Maria Okafor said in the statement.

Operating margin widened to 14.5% from 11.2%, helped by lower fuel costs and higher spot rates on the Pacific lanes. The company ended the quarter with $610 million in cash.

Halcyon Freight raised its full-year shipment forecast to 7.4 million containers from 7.1 million. "We expect volumes to keep growing through the summer," Okafor said.

The company will report second-quarter results on July 28, 2026.`

// nrDraft is a faithful draft; replace swaps one phrase of its body.
func nrDraft(headline, from, to string) newsroom.Draft {
	body := []string{
		"Halcyon Freight said revenue for the first quarter rose 12% to $2.4 billion, as the company shipped 1.8 million containers across its Atlantic and Pacific routes, up from 1.6 million a year earlier.",
		"“Our network has never been busier, and our new terminals in Savannah and Long Beach are running at full capacity,” Chief Executive Maria Okafor said in the statement.",
		"Operating margin widened to 14.5% from 11.2%, helped by lower fuel costs and higher spot rates on the Pacific lanes. The company ended the quarter with $610 million in cash.",
		"Halcyon Freight raised its full-year shipment forecast to 7.4 million containers from 7.1 million.",
	}
	for i := range body {
		body[i] = strings.Replace(body[i], from, to, 1)
	}
	return newsroom.Draft{Headline: headline,
		Dek:       "The container carrier shipped 1.8 million containers in the first quarter and raised its full-year shipment forecast to 7.4 million.",
		Body:      body,
		Watch:     []string{"Second-quarter results on July 28, 2026."},
		DraftedBy: "extractive"}
}

type nrSeed struct {
	db                        string
	held, published, rejected string
	heldDraft, publishedDraft newsroom.Draft
}

// seedNewsroom creates a migrated database with a held, a published and a
// rejected story, decided by the real rules.
func seedNewsroom(t *testing.T) nrSeed {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{})
	src := newsroom.Source{ItemKey: "halcyon-q1", Name: "Halcyon Freight", Kind: "press release",
		URL: "https://example.com/halcyon/q1", Text: nrRelease}
	check, err := rulecheck.New([]newsroom.Source{src}, rulecheck.Options{TagConfidence: rules.TagConfidenceUnknown})
	if err != nil {
		t.Fatal(err)
	}
	s := nrSeed{db: path}
	submit := func(key string, d newsroom.Draft, want newsroom.Status) string {
		c, err := check(d)
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.SubmitDraft(ctx, newsroom.Submission{Key: key, Draft: d, Check: &c, Sources: []newsroom.Source{src},
			Tags: []newsroom.Tag{{Symbol: "HLCN", Name: "Halcyon Freight Inc.", Confidence: 0.97, Salience: 1,
				Mentions: []newsroom.Mention{{Start: 0, End: 15, Text: "Halcyon Freight", Via: "name"}}}},
			Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.5}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Story.Status != want {
			t.Fatalf("seed %s: status %s, want %s (findings %+v)", key, res.Story.Status, want, newsroom.Blocking(c.Findings))
		}
		return res.Story.Slug
	}
	s.publishedDraft = nrDraft("Halcyon Freight revenue rises 12% to $2.4 billion", "", "")
	s.published = submit("published", s.publishedDraft, newsroom.StatusPublished)
	s.heldDraft = nrDraft("Halcyon Freight ends quarter with more cash", "$610 million", "$710 million")
	s.held = submit("held", s.heldDraft, newsroom.StatusHeld)
	s.rejected = submit("rejected", nrDraft("Halcyon Freight says network is busy", "never been busier", "never been stronger"), newsroom.StatusRejected)
	return s
}

func nrRun(t *testing.T, s nrSeed, args ...string) (int, string, string) {
	t.Helper()
	return runCmd(t, map[string]string{"ALPHADESK_DB": s.db}, args...)
}

// jsonLines decodes one JSON object per line.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not a JSON object: %v", sc.Text(), err)
		}
		objs = append(objs, m)
	}
	return objs
}

func TestStoriesList(t *testing.T) {
	s := seedNewsroom(t)
	tests := []struct {
		name     string
		args     []string
		want     []string // slugs in order
		wantRule string   // first finding of the first story
	}{
		{"published", []string{"--status", "published"}, []string{s.published}, ""},
		{"held", []string{"--status", "held"}, []string{s.held}, "number.traced"},
		{"rejected", []string{"--status", "rejected"}, []string{s.rejected}, "quote.verbatim"},
		{"all, newest first", nil, []string{s.rejected, s.held, s.published}, "quote.verbatim"},
		{"by symbol", []string{"--symbol", "HLCN", "--status", "held"}, []string{s.held}, "number.traced"},
		{"by category", []string{"--category", "earnings", "--status", "published"}, []string{s.published}, ""},
		{"other category", []string{"--category", "deals"}, nil, ""},
		{"by sentiment", []string{"--sentiment", "Positive", "--status", "published"}, []string{s.published}, ""},
		{"sector without securities", []string{"--sector", "industrials"}, nil, ""},
		{"unknown symbol", []string{"--symbol", "NOPE"}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := nrRun(t, s, append([]string{"stories", "list", "--json"}, tc.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			objs := jsonLines(t, out)
			var got []string
			for _, o := range objs {
				got = append(got, o["slug"].(string))
				for _, k := range []string{"slug", "status", "headline", "tickers", "findings"} {
					if _, ok := o[k]; !ok {
						t.Errorf("story %v has no %q", o["slug"], k)
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("slugs %v, want %v", got, tc.want)
			}
			if len(objs) == 0 {
				return
			}
			if tk := objs[0]["tickers"].([]any); len(tk) != 1 || tk[0] != "HLCN" {
				t.Errorf("tickers %v, want [HLCN]", tk)
			}
			fs := objs[0]["findings"].([]any)
			if tc.wantRule == "" {
				if len(fs) != 0 {
					t.Errorf("findings %v, want none", fs)
				}
				return
			}
			if len(fs) == 0 || fs[0].(map[string]any)["rule"] != tc.wantRule {
				t.Errorf("findings %v, want %s first", fs, tc.wantRule)
			}
		})
	}

	// Pages: the cursor is printed on stderr and passed back with --after.
	code, out, errOut := nrRun(t, s, "stories", "list", "--json", "--limit", "2")
	if code != exitOK || len(jsonLines(t, out)) != 2 || !strings.Contains(errOut, "--after ") {
		t.Fatalf("first page: exit %d, %d lines, stderr %q", code, len(jsonLines(t, out)), errOut)
	}
	cursor := strings.Fields(errOut[strings.Index(errOut, "--after ")+len("--after "):])[0]
	code, out, errOut = nrRun(t, s, "stories", "list", "--json", "--limit", "2", "--after", cursor)
	if objs := jsonLines(t, out); code != exitOK || len(objs) != 1 || objs[0]["slug"] != s.published || errOut != "" {
		t.Errorf("second page: exit %d, %v, stderr %q; want only %s and no further cursor", code, objs, errOut, s.published)
	}

	// The table names each story.
	code, out, _ = nrRun(t, s, "stories", "list")
	if code != exitOK || !strings.Contains(out, s.held) || !strings.Contains(out, "hold: number.traced") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
}

func TestReviewListAndShow(t *testing.T) {
	s := seedNewsroom(t)
	code, out, errOut := nrRun(t, s, "review", "list", "--json")
	objs := jsonLines(t, out)
	if code != exitOK || len(objs) != 1 || objs[0]["slug"] != s.held || objs[0]["status"] != "held" {
		t.Fatalf("review list --json: exit %d, %v, stderr %q; want only %s", code, objs, errOut, s.held)
	}
	code, out, _ = nrRun(t, s, "review", "list")
	if code != exitOK || !strings.Contains(out, s.held) || strings.Contains(out, s.published) {
		t.Errorf("review list: exit %d\n%s", code, out)
	}

	code, out, errOut = nrRun(t, s, "review", "show", s.held)
	for _, want := range []string{s.heldDraft.Headline, "held since", "drafted by extractive", "decision hold",
		"number.traced at «$710 million»", "⟦1 $710 million⟧", "Halcyon Freight (press release)", "pipeline  submitted", "never (decided by the pipeline)"} {
		if !strings.Contains(out, want) {
			t.Errorf("review show lacks %q (exit %d, stderr %q):\n%s", want, code, errOut, out)
		}
	}

	code, out, _ = nrRun(t, s, "review", "show", s.held, "--json")
	var d struct {
		newsroom.Detail
		Text string `json:"text"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != exitOK {
		t.Fatalf("review show --json: exit %d, %v\n%s", code, err, out)
	}
	f := newsroom.Blocking(d.Current().Findings)
	if len(f) == 0 || d.Text[f[0].DraftSpan[0]:f[0].DraftSpan[1]] != "$710 million" {
		t.Errorf("findings %+v do not point at $710 million in the text", f)
	}
	if len(d.Versions) != 1 || len(d.Sources) != 1 || d.Sources[0].Text != nrRelease || len(d.Audit) != 1 {
		t.Errorf("record: %d versions, %d sources, %d audit entries", len(d.Versions), len(d.Sources), len(d.Audit))
	}
}

func TestReviewDecisions(t *testing.T) {
	s := seedNewsroom(t)
	dir := t.TempDir()
	write := func(name string, d newsroom.Draft) string {
		p := filepath.Join(dir, name)
		data, err := json.Marshal(rulecheck.ToDraft(d))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fixed := write("fixed.json", nrDraft("Halcyon Freight ends quarter with $610 million in cash", "", ""))
	fabricated := write("fabricated.json", nrDraft("Halcyon Freight revenue rises 12% to $2.4 billion", "never been busier", "never been better"))
	plain := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(plain, []byte("Halcyon Freight revenue rises 12%\n\n"+strings.Join(nrDraft("", "$2.4 billion", "$2.9 billion").Body, "\n\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"approve needs an actor", []string{"review", "approve", s.held}, exitUsage, "", "actor is empty"},
		{"approve a rejected story", []string{"review", "approve", s.rejected, "--actor", "jane"}, exitError, "", "edit it to return it to the review queue"},
		{"approve a published story", []string{"review", "approve", s.published, "--actor", "jane"}, exitError, "", "already published"},
		{"approve an unknown story", []string{"review", "approve", "no-such-story", "--actor", "jane"}, exitUsage, "", "no-such-story"},
		{"reject needs a reason", []string{"review", "reject", s.held, "--actor", "jane"}, exitUsage, "", "reason is empty"},
		{"stale version", []string{"review", "approve", s.held, "--actor", "jane", "--version", "2"}, exitError, "", "now at version 1"},
		{"edit with a plain-text file", []string{"review", "edit", s.held, plain, "--actor", "jane", "--reason", "rewrite"}, exitOK, "version 2, decision hold, status held", ""},
		{"edit fixes the figure", []string{"review", "edit", s.held, fixed, "--actor", "jane", "--reason", "cash is $610 million per the release", "--version", "2"}, exitOK, "version 3, decision publish, status held", ""},
		{"approve the fix", []string{"review", "approve", s.held, "--actor", "jane", "--reason", "checked", "--version", "3"}, exitOK, "approved " + s.held, ""},
		{"approve twice", []string{"review", "approve", s.held, "--actor", "bob"}, exitError, "", "already published"},
		{"blocked edit of a published story", []string{"review", "edit", s.published, fabricated, "--actor", "jane", "--reason", "quote"}, exitError, "", "edit not saved"},
		{"revive the rejected story", []string{"review", "edit", s.rejected, fixed, "--actor", "jane", "--reason", "use the real quote"}, exitOK, "status held", ""},
		{"reject it after all", []string{"review", "reject", s.rejected, "--actor", "jane", "--reason", "covered by another story"}, exitOK, "rejected " + s.rejected, ""},
	}
	for _, st := range steps {
		code, out, errOut := nrRun(t, s, st.args...)
		if code != st.wantCode || !strings.Contains(out, st.wantOut) || !strings.Contains(errOut, st.wantErr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
				st.name, code, out, errOut, st.wantCode, st.wantOut, st.wantErr)
		}
	}
	// The plain-text edit was re-checked by the real rules: its figure is untraced.
	_, out, _ := nrRun(t, s, "review", "show", s.held, "--json")
	var d newsroom.Detail
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Versions) != 3 || d.Status != newsroom.StatusPublished || d.LastReviewedBy != "jane" {
		t.Fatalf("story: %d versions, %s, reviewed by %q; want 3 versions, published by jane", len(d.Versions), d.Status, d.LastReviewedBy)
	}
	v2 := d.Versions[1]
	if v2.Decision != newsroom.Hold || !strings.Contains(findingCounts(v2.Findings), "number.traced") || v2.Actor != "jane" || v2.DraftedBy != "extractive" {
		t.Errorf("plain-text edit: decision %s, findings %s, actor %s, drafted by %s", v2.Decision, findingCounts(v2.Findings), v2.Actor, v2.DraftedBy)
	}
	// The edit from standard input.
	var stdin strings.Builder
	json.NewEncoder(&stdin).Encode(rulecheck.ToDraft(nrDraft("Halcyon Freight raises forecast", "", "")))
	code, out, errOut := runCmdStdin(t, stdin.String(), map[string]string{"ALPHADESK_DB": s.db}, "review", "edit", s.published, "-", "--actor", "kim", "--reason", "new headline")
	if code != exitOK || !strings.Contains(out, "version 2, decision publish, status published") {
		t.Errorf("edit from stdin: exit %d, %q, %q", code, out, errOut)
	}
}

func TestCorrectionsCommands(t *testing.T) {
	s := seedNewsroom(t)
	dir := t.TempDir()
	fix := filepath.Join(dir, "fix.json")
	data, _ := json.Marshal(rulecheck.ToDraft(nrDraft("Halcyon Freight revenue rises 12% to $2.4 billion", "up from 1.6 million a year earlier", "up from 1.6 million in the first quarter of 2025")))
	if err := os.WriteFile(fix, data, 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"empty queue", []string{"corrections", "list"}, exitOK, "No correction reports.", ""},
		{"report", []string{"corrections", "report", s.published, "--text", "The year-earlier figure is for a different period.", "--contact", "reader@example.com"}, exitOK, "correction 1 on " + s.published + " is open", ""},
		{"report too short", []string{"corrections", "report", s.published, "--text", "wrong"}, exitUsage, "", "at least 10"},
		{"report on a held story", []string{"corrections", "report", s.held, "--text", "This story is wrong somewhere."}, exitUsage, "", "no published story"},
		{"second report", []string{"corrections", "report", s.published, "--text", "Okafor's title is wrong."}, exitOK, "correction 2", ""},
		{"queue", []string{"corrections", "list"}, exitOK, "different period", ""},
		{"resolve needs a note", []string{"corrections", "resolve", "1", fix, "--actor", "jane"}, exitUsage, "", "correction note is empty"},
		{"resolve", []string{"corrections", "resolve", "1", fix, "--actor", "jane", "--note", "An earlier version did not say which period the comparison was with."}, exitOK, "corrected " + s.published + ": version 2", ""},
		{"resolve again", []string{"corrections", "resolve", "1", fix, "--actor", "jane", "--note", "Again and again and again."}, exitError, "", "already resolved"},
		{"dismiss needs a reason", []string{"corrections", "dismiss", "2", "--actor", "jane"}, exitUsage, "", "reason is empty"},
		{"dismiss", []string{"corrections", "dismiss", "2", "--actor", "jane", "--reason", "The title matches the company's filing."}, exitOK, "correction 2 dismissed by jane", ""},
		{"dismiss again", []string{"corrections", "dismiss", "2", "--actor", "jane", "--reason", "x"}, exitError, "", "already dismissed"},
		{"unknown report", []string{"corrections", "dismiss", "99", "--actor", "jane", "--reason", "x"}, exitUsage, "", "correction 99"},
		{"bad ID", []string{"corrections", "dismiss", "one", "--actor", "jane", "--reason", "x"}, exitUsage, "", "correction ID"},
		{"queue empty again", []string{"corrections", "list"}, exitOK, "No correction reports.", ""},
		{"all reports", []string{"corrections", "list", "--status", "all"}, exitOK, "dismissed", ""},
	}
	for _, st := range steps {
		code, out, errOut := nrRun(t, s, st.args...)
		if code != st.wantCode || !strings.Contains(out, st.wantOut) || !strings.Contains(errOut, st.wantErr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
				st.name, code, out, errOut, st.wantCode, st.wantOut, st.wantErr)
		}
	}
	code, out, _ := nrRun(t, s, "corrections", "list", "--status", "resolved", "--json")
	objs := jsonLines(t, out)
	if code != exitOK || len(objs) != 1 || objs[0]["version"] != float64(2) || objs[0]["slug"] != s.published {
		t.Errorf("resolved reports: %v", objs)
	}
	_, out, _ = nrRun(t, s, "review", "show", s.published)
	for _, want := range []string{"#1 resolved", "An earlier version did not say which period", "correction_resolved", "corrected  jane"} {
		if !strings.Contains(out, want) {
			t.Errorf("review show lacks %q:\n%s", want, out)
		}
	}
}

func TestNewsroomUsage(t *testing.T) {
	s := seedNewsroom(t)
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no subcommand", []string{"review"}, "missing subcommand"},
		{"unknown subcommand", []string{"review", "publish", "x"}, `unknown subcommand "publish"`},
		{"flag of another subcommand", []string{"review", "list", "--actor", "jane"}, "--actor does not apply to `alphadesk review list`"},
		{"missing slug", []string{"review", "show"}, "takes 1 argument(s), got 0"},
		{"edit without file", []string{"review", "edit", "x", "--actor", "a", "--reason", "r"}, "takes 2 argument(s)"},
		{"stories without list", []string{"stories"}, "want `alphadesk stories list`"},
		{"bad status", []string{"stories", "list", "--status", "archived"}, "unknown story status"},
		{"bad cursor", []string{"stories", "list", "--after", "zzz"}, "cursor"},
		{"bad sector", []string{"stories", "list", "--sector", "Widgets"}, "Widgets"},
		{"bad sentiment", []string{"stories", "list", "--sentiment", "bullish"}, "unknown sentiment"},
		{"limit too large", []string{"review", "list", "--limit", "100000"}, "over the limit"},
		{"missing draft file", []string{"review", "edit", "x", "/nonexistent/draft.json", "--actor", "a", "--reason", "r"}, "read draft"},
		{"corrections status", []string{"corrections", "list", "--status", "closed"}, "unknown correction status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := nrRun(t, s, tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit 2 saying %q", code, errOut, tc.wantErr)
			}
		})
	}
	missing := filepath.Join(t.TempDir(), "missing.db")
	code, _, errOut := runCmd(t, nil, "review", "list", "--db", missing)
	if code != exitUsage || !strings.Contains(errOut, "does not exist") {
		t.Errorf("missing database: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("review list created the missing database")
	}
	code, out, _ := runCmd(t, nil, "help", "review")
	if code != exitOK || !strings.Contains(out, "--actor") || !strings.Contains(out, "review edit SLUG FILE") {
		t.Errorf("help review: exit %d\n%s", code, out)
	}
}

// runCmdStdin is runCmd with standard input.
func runCmdStdin(t *testing.T, stdin string, envs map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	e := env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(k string) string { return envs[k] }}
	code := run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}
