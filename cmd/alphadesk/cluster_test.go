package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"alphadesk/internal/store/pgtest"
)

// TestClusterOnPostgres runs a desk the way a multi-node deployment does:
// one PostgreSQL database, three `alphadesk worker` processes and two
// `alphadesk serve` processes. It ingests 5,000 items from five sources
// (plus 250 copies of earlier items under other GUIDs, which dedupe must
// merge) while killing a random worker with SIGKILL and starting it again
// every one to three seconds, and reads both web nodes throughout. Then it
// checks that every item ended in exactly one story, that no stage or
// story was applied twice, that no job was lost or discarded, and that
// neither web node ever answered 5xx.
func TestClusterOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a five-process cluster over 5,000 items (one to two minutes)")
	}
	dsn := pgtest.DSN(t)
	const perSource, sources, copies = 1000, 5, 250
	dir := t.TempDir()
	var list strings.Builder
	for s := range sources {
		folder := filepath.Join(dir, fmt.Sprintf("wire%d", s))
		if err := os.Mkdir(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		genItems(t, folder, perSource, uint64(100+s))
		fmt.Fprintf(&list, "wire%d folder %s every=1s local\n", s, folder)
	}
	// Copies: the same articles as wire0's first items, syndicated under
	// another source's GUIDs.
	copyDir := filepath.Join(dir, "syndicated")
	if err := os.Mkdir(copyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range copies {
		b, err := os.ReadFile(filepath.Join(dir, "wire0", fmt.Sprintf("item-%04d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.Replace(string(b), fmt.Sprintf("GUID: gen-%04d", i), fmt.Sprintf("GUID: syn-%04d", i), 1))
		if err := os.WriteFile(filepath.Join(copyDir, fmt.Sprintf("copy-%04d.txt", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Fprintf(&list, "syndicated folder %s every=1s local\n", copyDir)
	srcFile := filepath.Join(dir, "sources.txt")
	if err := os.WriteFile(srcFile, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	items := perSource*sources + copies

	if code, out, errOut := runCmd(t, nil, "migrate", "--db", dsn); code != exitOK {
		t.Fatalf("migrate: %d %s %s", code, out, errOut)
	}
	webs := []*node{
		startNode(t, "serve", "--db", dsn, "--addr", "127.0.0.1:0"),
		startNode(t, "serve", "--db", dsn, "--addr", "127.0.0.1:0"),
	}
	workerArgs := []string{"worker", "--db", dsn, "--sources", srcFile, "--workers", "4", "--fetch-poll", "10ms"}
	workers := []*node{startNode(t, workerArgs...), startNode(t, workerArgs...), startNode(t, workerArgs...)}

	conn, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	// Readers: both web nodes, all the time.
	ctx, stopReaders := context.WithCancel(context.Background())
	var (
		reads, errors5xx atomic.Int64
		readersDone      sync.WaitGroup
		badMu            sync.Mutex
		bad              []string
	)
	for _, w := range webs {
		readersDone.Add(1)
		go func() {
			defer readersDone.Done()
			paths := []string{"/", "/api/v1/stories?limit=5", "/stocks/AAPL", "/feed.atom"}
			for i := 0; ctx.Err() == nil; i++ {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, w.addr+paths[i%len(paths)], nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						badMu.Lock()
						bad = append(bad, err.Error())
						badMu.Unlock()
					}
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				reads.Add(1)
				if resp.StatusCode >= 500 {
					errors5xx.Add(1)
					badMu.Lock()
					bad = append(bad, fmt.Sprintf("%s: %d", paths[i%len(paths)], resp.StatusCode))
					badMu.Unlock()
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}

	finished := func() (done, waiting int, err error) {
		err = conn.QueryRow(`SELECT (SELECT count(*) FROM ingest_items WHERE stage IN ('done', 'failed')),
			(SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending', 'scheduled') AND kind <> 'ingest.poll')`).Scan(&done, &waiting)
		return done, waiting, err
	}
	r := rand.New(rand.NewPCG(9, 9))
	began := time.Now()
	deadline := began.Add(5 * time.Minute)
	kills := 0
	nextKill := time.Now().Add(time.Duration(1000+r.IntN(2000)) * time.Millisecond)
	for {
		done, waiting, err := finished()
		if err == nil && done == items && waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			var logs strings.Builder
			for i, w := range workers {
				fmt.Fprintf(&logs, "--- worker %d\n%s\n", i, tail(w.output(), 2000))
			}
			t.Fatalf("after %s: %d of %d items finished, %d jobs waiting (err %v)\n%s", time.Since(began).Round(time.Second), done, items, waiting, err, logs.String())
		}
		if time.Now().After(nextKill) && done < items {
			w := workers[r.IntN(len(workers))]
			w.kill()
			w.start() // a rolling restart: the replacement starts at once
			kills++
			nextKill = time.Now().Add(time.Duration(1000+r.IntN(2000)) * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
	}
	took := time.Since(began)
	t.Logf("%d items through 3 workers in %s (%.0f items/s) with %d SIGKILL restarts", items, took.Round(time.Millisecond), float64(items)/took.Seconds(), kills)
	if kills < 5 {
		t.Errorf("only %d kills happened; the test proves little", kills)
	}
	for i, w := range workers {
		if err := w.stop(); err != nil {
			t.Errorf("worker %d exit after SIGTERM: %v\n%s", i, err, tail(w.output(), 2000))
		}
	}
	// Both web nodes serve the final data (their data-version TTL is a
	// quarter of a second).
	var published int
	if err := conn.QueryRow(`SELECT count(*) FROM stories WHERE status = 'published'`).Scan(&published); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	// Behind a CDN both nodes see the same Host: they must give the same
	// ETag for the same address, or the CDN's revalidations would miss.
	for _, path := range []string{"/", "/api/v1/stories?limit=1", "/methodology"} {
		var tags []string
		for _, w := range webs {
			req, _ := http.NewRequest(http.MethodGet, w.addr+path, nil)
			req.Host = "desk.example"
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			tags = append(tags, resp.Header.Get("ETag"))
		}
		if tags[0] == "" || tags[0] != tags[1] {
			t.Errorf("GET %s: web nodes give ETags %q; want one non-empty ETag", path, tags)
		}
	}
	stopReaders()
	readersDone.Wait()
	t.Logf("web nodes answered %d reads during ingest, %d with 5xx; %d stories published", reads.Load(), errors5xx.Load(), published)
	if errors5xx.Load() > 0 || len(bad) > 0 {
		t.Errorf("web nodes failed %d reads: %v", len(bad), bad[:min(len(bad), 10)])
	}

	runChecks(t, conn, append(exactlyOnceChecks(items),
		dbCheck{"copies not merged into their original's story", `SELECT count(*) FROM ingest_items c JOIN ingest_items o ON o.source = 'wire0' AND o.guid = replace(c.guid, 'syn-', 'gen-')
			WHERE c.source = 'syndicated' AND (c.story_key <> o.story_key OR c.story_id IS DISTINCT FROM o.story_id)`, 0},
		dbCheck{"discarded or cancelled jobs", `SELECT count(*) FROM river_job WHERE state IN ('discarded', 'cancelled')`, 0},
		dbCheck{"pipeline jobs not completed", `SELECT count(*) FROM river_job WHERE kind <> 'ingest.poll' AND state <> 'completed'`, 0}))
	var stories, merged, retried int
	conn.QueryRow(`SELECT count(*) FROM stories`).Scan(&stories)
	conn.QueryRow(`SELECT count(*) FROM ingest_items WHERE dup_of <> ''`).Scan(&merged)
	conn.QueryRow(`SELECT count(*) FROM river_job WHERE attempt > 1`).Scan(&retried)
	t.Logf("%d stories, %d items merged as duplicates, %d jobs run again after their worker was killed, none applied twice", stories, merged, retried)
}
