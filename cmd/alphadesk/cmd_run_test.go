package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// genItems writes n distinct article files about universe companies into
// dir. Sentences are drawn from fragments with random figures, so no two
// items are near-duplicates of each other.
func genItems(t testing.TB, dir string, n int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	companies := []string{"Apple", "Microsoft", "Nvidia", "Amazon.com Inc", "Alphabet", "Netflix", "Walmart", "Costco",
		"JPMorgan Chase", "Exxon Mobil", "Chevron", "Pfizer", "Coca-Cola", "PepsiCo", "Home Depot", "Caterpillar",
		"Boeing", "Intel", "Oracle", "Salesforce", "Visa", "Mastercard", "McDonald's", "Starbucks", "Delta Air Lines"}
	subjects := []string{"revenue", "operating income", "net sales", "free cash flow", "orders", "shipments", "bookings", "deliveries"}
	verbs := []string{"rose", "grew", "climbed", "increased", "advanced"}
	places := []string{"in the United States", "in Europe", "in Asia", "in Latin America", "in Canada", "in its largest segment"}
	extra := []string{"the company said in a statement", "according to its quarterly report", "the company said in a filing",
		"the company said on a call with analysts", "according to figures the company published"}
	tails := []string{"Analysts had expected a smaller gain.", "The company kept its annual forecast.",
		"The board approved a new share repurchase program.", "Shares moved little in early trading.",
		"Management said demand stayed steady through the period.", "The results cover the three months to September."}
	for i := range n {
		co := companies[r.IntN(len(companies))]
		var b strings.Builder
		fmt.Fprintf(&b, "Title: %s %s %s %d percent in item %d\nGUID: gen-%04d\nDate: 2026-11-%02dT12:00:00Z\n\n", co,
			subjects[r.IntN(len(subjects))], verbs[r.IntN(len(verbs))], 2+r.IntN(40), i, i, 2+r.IntN(18))
		for range 4 {
			fmt.Fprintf(&b, "%s said %s %s %d.%d percent to $%d.%d billion %s, %s. ", co, subjects[r.IntN(len(subjects))],
				verbs[r.IntN(len(verbs))], 1+r.IntN(60), r.IntN(10), 1+r.IntN(90), r.IntN(10), places[r.IntN(len(places))],
				extra[r.IntN(len(extra))])
			b.WriteString(tails[r.IntN(len(tails))])
			b.WriteString("\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("item-%04d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWorkerSurvivesSIGKILL runs `alphadesk worker` over 1,000 generated
// items, kills it with SIGKILL at random moments at least 20 times, lets it
// resume each time, and then checks that every item ended in exactly one
// story, that no story, version, source, tag, audit entry or score is
// duplicated, and that the database is intact.
func TestWorkerSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a worker process 20+ times (about a minute)")
	}
	const items, kills = 1000, 20
	dir := t.TempDir()
	news := filepath.Join(dir, "news")
	if err := os.Mkdir(news, 0o755); err != nil {
		t.Fatal(err)
	}
	genItems(t, news, items, 1)
	sources := filepath.Join(dir, "sources.txt")
	if err := os.WriteFile(sources, []byte("gen folder news every=1s local\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "desk.db")
	start := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], "worker", "--db", db, "--sources", sources, "--workers", "4", "--fetch-poll", "5ms")
		cmd.Env = append(os.Environ(), "ALPHADESK_TEST_MAIN=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	r := rand.New(rand.NewPCG(2, 3))
	began := time.Now()
	for k := range kills {
		cmd, _ := start()
		time.Sleep(time.Duration(150+r.IntN(900)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", k, err)
		}
		_ = cmd.Wait()
	}
	t.Logf("%d kills in %s", kills, time.Since(began).Round(time.Millisecond))
	if pre, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(10000)"); err == nil {
		var done, stories int
		pre.QueryRow(`SELECT (SELECT count(*) FROM ingest_items WHERE stage = 'done'), (SELECT count(*) FROM stories)`).Scan(&done, &stories)
		pre.Close()
		t.Logf("before the last restart: %d items done, %d stories", done, stories)
	}
	// Resume and let it finish.
	cmd, out := start()
	defer cmd.Process.Kill()
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var finished, waiting int
		err := conn.QueryRow(`SELECT (SELECT count(*) FROM ingest_items WHERE stage IN ('done', 'failed')),
			(SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending', 'scheduled') AND kind <> 'ingest.poll')`).Scan(&finished, &waiting)
		if err == nil && finished == items && waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the last restart: %d of %d items finished, %d jobs waiting (err %v); worker output:\n%s", finished, items, waiting, err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("worker exit after SIGTERM: %v\n%s", err, out.String())
	}
	t.Logf("all %d items finished %s after the first start", items, time.Since(began).Round(time.Millisecond))

	runChecks(t, conn, append(exactlyOnceChecks(items),
		dbCheck{"stories without tags", `SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_tags t WHERE t.story_id = s.id)`, 0},
		dbCheck{"duplicated scores", `SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT security_id, method, as_of FROM scores)) FROM scores`, 0},
		dbCheck{"discarded jobs", `SELECT count(*) FROM river_job WHERE state = 'discarded'`, 0}))
	var integrity string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, %v; want ok", integrity, err)
	}
	var rescued int
	conn.QueryRow(`SELECT count(*) FROM ingest_stage_runs WHERE runs > 1`).Scan(&rescued)
	t.Logf("%d item stages ran more than once (re-run after a kill) without duplicating anything", rescued)
}

func TestJobsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	if code, _, errOut := runCmd(t, nil, "migrate", "--db", db); code != exitOK {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"empty list", []string{"jobs", "list", "--db", db}, exitOK, "no jobs", ""},
		{"dead letters json", []string{"jobs", "list", "--state", "discarded", "--json", "--db", db}, exitOK, "", ""},
		{"bad state", []string{"jobs", "list", "--state", "lost", "--db", db}, exitUsage, "", "want one of"},
		{"sources", []string{"jobs", "sources", "--db", db}, exitOK, "no source polled yet", ""},
		{"retry unknown", []string{"jobs", "retry", "99", "--db", db}, exitUsage, "", "no job 99"},
		{"retry bad id", []string{"jobs", "retry", "x", "--db", db}, exitUsage, "", "want a job ID"},
		{"no subcommand", []string{"jobs", "--db", db}, exitUsage, "", "want a subcommand"},
		{"missing database", []string{"jobs", "list", "--db", filepath.Join(t.TempDir(), "none.db")}, exitUsage, "", "does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, nil, tc.args...)
			if code != tc.wantCode || !strings.Contains(out, tc.wantOut) || !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("%v: code %d out %q err %q; want code %d, out containing %q, err containing %q",
					tc.args, code, out, errOut, tc.wantCode, tc.wantOut, tc.wantErr)
			}
		})
	}
}

// TestRunEndToEnd starts `alphadesk run` (pollers, workers and the site in
// one process) on a folder source, waits until the items are decided, reads
// /metrics and /healthz, and stops it with SIGINT.
func TestRunEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a desk process")
	}
	dir := t.TempDir()
	news := filepath.Join(dir, "news")
	if err := os.Mkdir(news, 0o755); err != nil {
		t.Fatal(err)
	}
	const items = 12
	genItems(t, news, items, 42)
	sources := filepath.Join(dir, "sources.txt")
	if err := os.WriteFile(sources, []byte("gen folder news every=1s local\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "desk.db")
	if code, _, errOut := runCmd(t, nil, "demo", "--db", db, "--no-serve"); code != exitOK {
		t.Fatalf("demo --no-serve: exit %d: %s", code, errOut)
	}
	run := startNode(t, "run", "--db", db, "--addr", "127.0.0.1:0", "--sources", sources, "--fetch-poll", "5ms")

	// Every generated item ends in a story (the demo's own 30 are there too).
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, out, _ := runCmd(t, nil, "stories", "list", "--db", db, "--json", "--limit", "500")
		n := strings.Count(out, "item ") // generated headlines end "in item N"
		if n >= items {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 60 s only %d of %d generated items became stories; output:\n%s", n, items, run.output())
		}
		time.Sleep(200 * time.Millisecond)
	}
	resp, err := http.Get(run.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `alphadesk_ingest_items_total{source="gen"} 12`) {
		t.Errorf("GET /metrics = %d, want the 12 items of source gen counted:\n%.2000s", resp.StatusCode, body)
	}
	if resp, err := http.Get(run.addr + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %v, %v", resp, err)
	}
	if err := run.stopWith(syscall.SIGINT, 30*time.Second); err != nil {
		t.Errorf("run exit after SIGINT: %v; output:\n%s", err, run.output())
	}
}
