//go:build soak

package main

// The soak test (issue 9): two web nodes under wrk while two workers ingest,
// on one PostgreSQL database, loopback only.
//
//	export ALPHADESK_TEST_POSTGRES='postgres://…'
//	go test -tags soak ./cmd/alphadesk -run TestSoak -soak.duration 3m -v
//
// It is behind the soak build tag so that `go test ./...` never runs it: it
// holds both CPUs of a small machine for the whole duration. Needs wrk
// (Debian: apt-get install wrk).

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/store/pgtest"
)

var (
	soakDuration = flag.Duration("soak.duration", 3*time.Minute, "how long TestSoak loads the web nodes (90s to 10m)")
	soakRate     = flag.Float64("soak.rate", 10, "items per second TestSoak writes into the sources during the load")
)

// Bounds of -soak.duration: the memory check wants six 10-second samples
// after the warm-up.
const (
	soakMinDuration = 90 * time.Second
	soakMaxDuration = 10 * time.Minute
)

// soakDrain is how long the workers have, once the load ends, to finish
// every item written during it.
const soakDrain = 2 * time.Minute

// soakScript is wrk's Lua script: each thread cycles through the paths.
const soakScript = `local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
`

// wrkResult is what one wrk run reports.
type wrkResult struct {
	requests   int
	rps        float64
	p50, p99   time.Duration
	non2xx3xx  int
	sockErrors string // wrk's "Socket errors:" line, "" when it printed none
}

var (
	wrkRequestsRE = regexp.MustCompile(`(\d+) requests in `)
	wrkRPSRE      = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkP50RE      = regexp.MustCompile(`(?m)^\s+50%\s+([\d.]+(?:us|ms|s|m))\s*$`)
	wrkP99RE      = regexp.MustCompile(`(?m)^\s+99%\s+([\d.]+(?:us|ms|s|m))\s*$`)
	wrkNon2xxRE   = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	wrkSockRE     = regexp.MustCompile(`Socket errors:[^\n]*`)
)

// parseWrk reads wrk --latency output.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	m := wrkRequestsRE.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no request count in wrk output")
	}
	r.requests, _ = strconv.Atoi(m[1])
	if m = wrkRPSRE.FindStringSubmatch(out); m == nil {
		return r, fmt.Errorf("no Requests/sec in wrk output")
	}
	r.rps, _ = strconv.ParseFloat(m[1], 64)
	for _, p := range []struct {
		re  *regexp.Regexp
		dst *time.Duration
	}{{wrkP50RE, &r.p50}, {wrkP99RE, &r.p99}} {
		m = p.re.FindStringSubmatch(out)
		if m == nil {
			return r, fmt.Errorf("no latency distribution in wrk output (run it with --latency)")
		}
		d, err := time.ParseDuration(m[1])
		if err != nil {
			return r, fmt.Errorf("wrk latency %q: %w", m[1], err)
		}
		*p.dst = d
	}
	if m = wrkNon2xxRE.FindStringSubmatch(out); m != nil {
		r.non2xx3xx, _ = strconv.Atoi(m[1])
	}
	r.sockErrors = wrkSockRE.FindString(out)
	return r, nil
}

// rssKB is a process's resident set size in KiB, from VmRSS in
// /proc/PID/status.
func rssKB(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

// gcLiveRE matches the heap sizes of a GODEBUG=gctrace=1 line: heap at
// the start of the GC, at its end, and live after it ("4->5->2 MB").
var gcLiveRE = regexp.MustCompile(`(\d+)->(\d+)->(\d+) MB, (\d+) MB goal`)

// liveHeapMB is the live heap after the last garbage collection a process
// traced to out with GODEBUG=gctrace=1, in MB, or -1 before the first.
func liveHeapMB(out string) int {
	m := gcLiveRE.FindAllStringSubmatch(tail(out, 4000), -1)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[len(m)-1][3])
	return n
}

// soakSample is one 10-second sample of the run.
type soakSample struct {
	at                time.Duration // since the load began
	webRSS            [2]int        // KiB
	webHeap           [2]int        // MB live after the last GC (gctrace)
	written, finished int
}

// TestSoak loads two `alphadesk serve` nodes with wrk for -soak.duration
// (default 3 minutes) while two `alphadesk worker` nodes ingest items that
// keep arriving, -soak.rate a second, for the whole load, on one fresh
// PostgreSQL database holding the demo market data. It fails on any
// response wrk counts as an error (status ≥ 400) or any socket error, on
// web-node memory that grows (see "flat" below), and on workers that do
// not finish every item within two minutes of the load's end. It logs
// requests/s and latency per node, the RSS samples and the items ingested.
func TestSoak(t *testing.T) {
	dur := *soakDuration
	if dur < soakMinDuration || dur > soakMaxDuration {
		t.Fatalf("-soak.duration %s: want %s to %s", dur, soakMinDuration, soakMaxDuration)
	}
	if *soakRate <= 0 {
		t.Fatalf("-soak.rate %g: want more than 0", *soakRate)
	}
	// Setup takes up to a minute or two (demo data) and the drain up to
	// soakDrain: the go test -timeout (10m by default) must cover them.
	if dl, ok := t.Deadline(); ok && time.Until(dl) < dur+soakDrain+3*time.Minute {
		t.Fatalf("-soak.duration %s needs a test -timeout of at least %s; %s are left", dur,
			(dur + soakDrain + 3*time.Minute).Round(time.Minute), time.Until(dl).Round(time.Second))
	}
	wrkPath, err := exec.LookPath("wrk")
	if err != nil {
		t.Fatalf("wrk not found (Debian: apt-get install wrk): %v", err)
	}
	dsn := pgtest.DSN(t)

	// The demo: securities and prices for the stock pages, and the demo
	// news, so an article page exists.
	setupStart := time.Now()
	if code, out, errOut := runCmd(t, nil, "demo", "--no-serve", "--db", dsn); code != exitOK {
		t.Fatalf("demo --no-serve: exit %d\n%s\n%s", code, out, tail(errOut, 3000))
	}
	conn := openDB(t, dsn)
	var slug string
	if err := conn.QueryRow(`SELECT slug FROM stories WHERE status = 'published' ORDER BY id LIMIT 1`).Scan(&slug); err != nil {
		t.Fatalf("find a published demo story: %v", err)
	}
	var demoItems int
	if err := conn.QueryRow(`SELECT count(*) FROM ingest_items`).Scan(&demoItems); err != nil {
		t.Fatalf("count demo items: %v", err)
	}
	t.Logf("demo loaded in %s: %d news items; article /news/%s", time.Since(setupStart).Round(time.Second), demoItems, slug)

	// The items: generated into a staging folder per source now, moved
	// into the sources' folders (a rename, so a poll never reads half a
	// file) a few at a time during the load. A folder source yields at
	// most 1,000 items, so they are spread over several.
	dir := t.TempDir()
	total := int(*soakRate * dur.Seconds())
	folders := (total + itemsPerFolder - 1) / itemsPerFolder
	type pending struct{ from, to string }
	var queue []pending
	var list strings.Builder
	for f := range folders {
		stage, live := filepath.Join(dir, fmt.Sprintf("staging%d", f)), filepath.Join(dir, fmt.Sprintf("wire%d", f))
		for _, d := range []string{stage, live} {
			if err := os.Mkdir(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		// Item j goes to folder j%folders, so the folders fill evenly.
		genItems(t, stage, (total-f+folders-1)/folders, uint64(900+f))
		fmt.Fprintf(&list, "wire%d folder %s every=1s local\n", f, live)
	}
	for j := range total {
		name := fmt.Sprintf("item-%04d.txt", j/folders)
		f := j % folders
		queue = append(queue, pending{filepath.Join(dir, fmt.Sprintf("staging%d", f), name), filepath.Join(dir, fmt.Sprintf("wire%d", f), name)})
	}
	sources := filepath.Join(dir, "sources.txt")
	if err := os.WriteFile(sources, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	// The web nodes trace their garbage collections, which tells a heap
	// that grows (a leak) from one that the bounded page caches fill.
	prevGODEBUG := os.Getenv("GODEBUG")
	t.Setenv("GODEBUG", strings.TrimPrefix(prevGODEBUG+",gctrace=1", ","))
	webs := []*node{
		startNode(t, "serve", "--db", dsn, "--addr", "127.0.0.1:0"),
		startNode(t, "serve", "--db", dsn, "--addr", "127.0.0.1:0"),
	}
	os.Setenv("GODEBUG", prevGODEBUG) // not for the workers; t.Setenv restores it at the end too
	workerArgs := []string{"worker", "--db", dsn, "--sources", sources, "--workers", "4", "--fetch-poll", "10ms"}
	workers := []*node{startNode(t, workerArgs...), startNode(t, workerArgs...)}

	// Every path wrk asks for must answer 200 before the load, or its
	// error count would measure a missing page, not the load.
	paths := []string{"/", "/news/" + slug, "/stocks/AAPL", "/api/v1/stories?limit=20"}
	for _, w := range webs {
		for _, p := range paths {
			resp, err := http.Get(w.addr + p)
			if err != nil {
				t.Fatalf("GET %s%s before the load: %v", w.addr, p, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s%s before the load: %s, want 200", w.addr, p, resp.Status)
			}
		}
	}
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = strconv.Quote(p)
	}
	script := filepath.Join(dir, "paths.lua")
	if err := os.WriteFile(script, []byte(fmt.Sprintf(soakScript, strings.Join(quoted, ", "))), 0o644); err != nil {
		t.Fatal(err)
	}

	// The load: one wrk per web node, at once.
	ctx, cancel := context.WithTimeout(context.Background(), dur+time.Minute)
	began := time.Now()
	wrkOut := make([]string, len(webs))
	wrkErr := make([]error, len(webs))
	var loads sync.WaitGroup
	t.Cleanup(func() { // ends wrk too when the test stops early
		cancel()
		loads.Wait()
	})
	for i, w := range webs {
		loads.Go(func() {
			cmd := exec.CommandContext(ctx, wrkPath, "-t2", "-c32", fmt.Sprintf("-d%ds", int(dur.Seconds())),
				"--latency", "--timeout", "5s", "-s", script, w.addr+"/")
			out, err := cmd.CombinedOutput()
			wrkOut[i], wrkErr[i] = string(out), err
		})
	}
	loadDone := make(chan struct{})
	go func() {
		loads.Wait()
		close(loadDone)
	}()

	// While it runs: move items in at -soak.rate, and sample the web
	// nodes' RSS and the pipeline every 10 seconds.
	var (
		samples []soakSample
		written int
	)
	sample := func() {
		s := soakSample{at: time.Since(began), written: written}
		for i, w := range webs {
			kb, err := rssKB(w.pid())
			if err != nil {
				t.Errorf("web node %d RSS at %s: %v (did it exit?)\n%s", i, s.at.Round(time.Second), err, tail(w.output(), 2000))
			}
			s.webRSS[i] = kb
			s.webHeap[i] = liveHeapMB(w.output())
		}
		_, s.finished, _, _ = progress(conn)
		s.finished -= demoItems
		samples = append(samples, s)
		t.Logf("%4ds: web RSS %d / %d KiB, live heap %d / %d MB; items written %d, finished %d", int(s.at.Seconds()),
			s.webRSS[0], s.webRSS[1], s.webHeap[0], s.webHeap[1], s.written, s.finished)
	}
	sample()
	feed := time.NewTicker(200 * time.Millisecond)
	defer feed.Stop()
	nextSample := began.Add(10 * time.Second)
feeding:
	for {
		select {
		case <-loadDone:
			break feeding
		case now := <-feed.C:
			for target := min(total, int(*soakRate*now.Sub(began).Seconds())); written < target; written++ {
				if err := os.Rename(queue[written].from, queue[written].to); err != nil {
					t.Fatalf("move item %d into its source: %v", written, err)
				}
			}
			if !now.Before(nextSample) {
				sample()
				nextSample = nextSample.Add(10 * time.Second)
			}
		}
	}
	loadTook := time.Since(began)
	if time.Since(began)-samples[len(samples)-1].at > 5*time.Second {
		sample()
	}
	endSample := samples[len(samples)-1]

	// wrk's results.
	var totalRPS float64
	for i, out := range wrkOut {
		if wrkErr[i] != nil {
			t.Errorf("wrk against web node %d: %v\n%s", i, wrkErr[i], out)
			continue
		}
		r, err := parseWrk(out)
		if err != nil {
			t.Errorf("wrk against web node %d: %v\n%s", i, err, out)
			continue
		}
		totalRPS += r.rps
		t.Logf("web node %d: %d requests, %.0f requests/s, p50 %s, p99 %s", i, r.requests, r.rps, r.p50, r.p99)
		if r.non2xx3xx > 0 {
			t.Errorf("web node %d: %d responses with status ≥ 400 (wrk: Non-2xx or 3xx responses)\n%s", i, r.non2xx3xx, out)
		}
		// The servers run to the end, so no socket error is a shutdown's.
		if r.sockErrors != "" {
			t.Errorf("web node %d: %s\n%s", i, r.sockErrors, out)
		}
	}
	t.Logf("both web nodes: %.0f requests/s over %s", totalRPS, loadTook.Round(time.Second))

	// Memory is flat when a web node's RSS at the end of the load is at
	// most 1.5 times its RSS after the warm-up, where
	//   - the warm-up is the first minute (the first third of a shorter
	//     load): caches, connection pools and the runtime's heap target
	//     settle in it;
	//   - "RSS after the warm-up" is the median of the first three 10 s
	//     samples taken after it, and "RSS at the end" the median of the
	//     last three (the last one taken as the load ends).
	// Medians of three, because RSS follows the garbage collector's
	// sawtooth and one sample can sit on a peak or a trough; a leak, which
	// grows with the load, still shows in them.
	warmup := min(time.Minute, dur/3)
	first := len(samples)
	for i, s := range samples {
		if s.at >= warmup {
			first = i
			break
		}
	}
	if len(samples)-first < 6 {
		t.Errorf("only %d RSS samples after the warm-up of %s; want 6 (make -soak.duration longer)", len(samples)-first, warmup)
	}
	median3 := func(ss []soakSample, i int) int {
		if len(ss) < 3 {
			return 0
		}
		v := []int{ss[0].webRSS[i], ss[1].webRSS[i], ss[2].webRSS[i]}
		slices.Sort(v)
		return v[1]
	}
	for i := range webs {
		after, end := median3(samples[first:min(first+3, len(samples))], i), median3(samples[max(len(samples)-3, 0):], i)
		peak, peakHeap := 0, 0
		for _, s := range samples[1:] { // not the first: start-up's garbage is still there
			peak, peakHeap = max(peak, s.webRSS[i]), max(peakHeap, s.webHeap[i])
		}
		if after == 0 || end == 0 {
			t.Errorf("web node %d: no RSS samples to compare", i)
			continue
		}
		ratio := float64(end) / float64(after)
		t.Logf("web node %d RSS: %d KiB at start, %d KiB after the warm-up, %d KiB at the end (%.2fx), peak %d KiB; live heap after GC %d MB at %ds, %d MB at the end, peak %d MB",
			i, samples[0].webRSS[i], after, end, ratio, peak, samples[first].webHeap[i], int(samples[first].at.Seconds()), endSample.webHeap[i], peakHeap)
		if ratio > 1.5 {
			t.Errorf("web node %d RSS grew %.2fx from %d KiB after the warm-up to %d KiB at the end; want at most 1.5x "+
				"(live heap %d → %d MB; the rendered-page and API caches, up to 32 MiB of bodies each, keyed by data version, "+
				"fill as ingest changes the version: a heap that levels off below their bound is them, one that keeps climbing is a leak)",
				i, ratio, after, end, samples[first].webHeap[i], endSample.webHeap[i])
		}
	}

	// The workers kept up: every item written ends, soon after the load.
	backlog := endSample.written - endSample.finished
	drainStart := time.Now()
	for {
		_, finished, waiting, err := progress(conn)
		finished -= demoItems
		if err == nil && finished == written && waiting == 0 {
			break
		}
		if time.Since(drainStart) > soakDrain {
			var logs strings.Builder
			for i, w := range workers {
				fmt.Fprintf(&logs, "--- worker %d\n%s\n", i, tail(w.output(), 2000))
			}
			t.Fatalf("%s after the load: %d of %d items finished, %d jobs waiting (err %v)\n%s",
				soakDrain, finished, written, waiting, err, logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	var notDone int
	if err := conn.QueryRow(`SELECT count(*) FROM ingest_items WHERE stage <> 'done'`).Scan(&notDone); err != nil {
		t.Fatalf("count items not done: %v", err)
	}
	if notDone > 0 {
		t.Errorf("%d items ended failed, not done", notDone)
	}
	t.Logf("items: %d written over the load (%.1f/s), %d still in the pipeline when it ended, all %d finished %s after it",
		written, float64(written)/loadTook.Seconds(), backlog, written, time.Since(drainStart).Round(100*time.Millisecond))

	for i, w := range append(workers, webs...) {
		if err := w.stop(); err != nil {
			t.Errorf("node %d (%s) exit after SIGTERM: %v\n%s", i, w.args[0], err, tail(w.output(), 2000))
		}
	}
}
