//go:build soak

package main

// The ingest scaling benchmark (issue 9): the same generated items through
// 1, 2 and 3 `alphadesk worker` processes on PostgreSQL and through one on
// SQLite, reported as one curve.
//
//	export ALPHADESK_TEST_POSTGRES='postgres://…'
//	go test -tags soak ./cmd/alphadesk -run '^$' -bench ClusterIngest -benchtime 1x
//
// It is behind the soak build tag, as the soak test is, because one run
// starts seven worker processes over four fresh databases and takes a few
// minutes; without ALPHADESK_TEST_POSTGRES the PostgreSQL cases skip and
// only the SQLite one runs.

import (
	"bytes"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/ingest"
	"alphadesk/internal/store/pgtest"
	"alphadesk/internal/store/postgres"
)

var scaleItems = flag.Int("scale.items", 4000, "items each BenchmarkClusterIngest case ingests")

// itemsPerFolder is how many items one generated folder source holds: a
// folder source yields at most feed.MaxItems (1,000) items per poll, so
// more items need more sources.
const itemsPerFolder = 500

// The advisory locks that serialize writes on PostgreSQL: every pipeline
// write transaction takes ingest.PipelineLock, newsroom writes (the decide
// stage's stories) postgres.NewsroomLock.
var advisoryLocks = [...]struct {
	name string
	key  int64
}{
	{"pipeline", ingest.PipelineLock},
	{"newsroom", postgres.NewsroomLock},
}

// Phases of a run the lock samples are kept apart for.
const (
	phaseFill   = iota // from the first item stored to 10% finished
	phaseSteady        // from 10% to 90% finished
)

// lockStat is what samples of pg_locks saw of one advisory lock.
type lockStat struct {
	samples, held, waiters int
}

func (l lockStat) String() string {
	if l.samples == 0 {
		return "-"
	}
	return fmt.Sprintf("held %.0f%% waiters %.2f", 100*float64(l.held)/float64(l.samples), float64(l.waiters)/float64(l.samples))
}

// sampleLocks adds one sample of the advisory locks to stats.
func sampleLocks(conn *sql.DB, stats *[len(advisoryLocks)]lockStat) {
	for i, l := range advisoryLocks {
		// A bigint advisory key shows as classid (high 32 bits) and
		// objid (low 32 bits); other tests' databases on the same server
		// use the same keys.
		var held, waiters int
		if conn.QueryRow(`SELECT count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT granted)
			FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = $1 AND objid::bigint = $2
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
			l.key>>32, l.key&0xffffffff).Scan(&held, &waiters) == nil {
			stats[i].samples++
			stats[i].held += held
			stats[i].waiters += waiters
		}
	}
}

// cpuSeconds is the user plus system CPU time a process has used so far,
// from /proc/PID/stat (0 when it cannot be read).
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, field 2, is in parentheses and may hold spaces;
	// utime and stime are fields 14 and 15, so 11 and 12 after it.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(fields[11], 64)
	st, _ := strconv.ParseFloat(fields[12], 64)
	return (ut + st) / 100 // USER_HZ is 100 on Linux
}

// loadAvg is the first three fields of /proc/loadavg: the machine's load
// over 1, 5 and 15 minutes.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// progress is how far the pipeline is: items stored, items finished (done
// or failed), and pipeline jobs still to run.
func progress(conn *sql.DB) (stored, finished, waiting int, err error) {
	err = conn.QueryRow(`SELECT (SELECT count(*) FROM ingest_items),
		(SELECT count(*) FROM ingest_items WHERE stage IN ('done', 'failed')),
		(SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending', 'scheduled') AND kind <> 'ingest.poll')`).Scan(&stored, &finished, &waiting)
	return stored, finished, waiting, err
}

// openDB opens the desk database at target for the test's own queries.
func openDB(tb testing.TB, target string) *sql.DB {
	tb.Helper()
	driver, dsn := "sqlite", "file:"+target+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	if strings.HasPrefix(target, "postgres://") {
		driver, dsn = "pgx", target
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", driver, err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

// commits is the number of transactions committed so far in conn's
// PostgreSQL database.
func commits(tb testing.TB, conn *sql.DB) int64 {
	tb.Helper()
	var n int64
	if err := conn.QueryRow(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`).Scan(&n); err != nil {
		tb.Fatalf("read commit count: %v", err)
	}
	return n
}

// backendCPU is the CPU time used by the PostgreSQL server processes
// connected to conn's database. Processes whose connection closed earlier
// are missing, and the server may be on another machine (then it is 0):
// it is a lower bound.
func backendCPU(conn *sql.DB) float64 {
	rows, err := conn.Query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		return 0
	}
	defer rows.Close()
	var total float64
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			total += cpuSeconds(pid)
		}
	}
	return total
}

// ingestResult is one case of the scaling curve.
type ingestResult struct {
	name       string
	items      int
	took       time.Duration                   // from the first item stored to the last finished
	rate       float64                         // items per second over took
	firstDone  time.Duration                   // from the first item stored to 10% finished: the pipeline's fill time
	steady     float64                         // items per second from 10% to 90% finished
	after      time.Duration                   // from the last item finished to no job waiting (the scheduled rescore)
	workerCPU  float64                         // CPU seconds the worker processes used over took
	dbCPU      float64                         // CPU seconds of the database's server processes connected at the end, all their life (PostgreSQL)
	locks      [2][len(advisoryLocks)]lockStat // by phase and lock (PostgreSQL)
	commits    int64                           // transactions committed in the database over took (PostgreSQL)
	loadBefore string
	loadAfter  string
}

// ingestRun ingests items generated items with procs worker processes of
// --workers 4 each into a fresh database (PostgreSQL when pg) and measures
// the time from the first item stored — the first poll's commit — to the
// moment every item is done or failed and no pipeline job waits.
func ingestRun(tb testing.TB, name string, pg bool, procs, items int) ingestResult {
	tb.Helper()
	dir := tb.TempDir()
	target := filepath.Join(dir, "desk.db")
	if pg {
		target = pgtest.DSN(tb)
	}
	var list strings.Builder
	for s := 0; s*itemsPerFolder < items; s++ {
		folder := filepath.Join(dir, fmt.Sprintf("wire%d", s))
		if err := os.Mkdir(folder, 0o755); err != nil {
			tb.Fatal(err)
		}
		genItems(tb, folder, min(itemsPerFolder, items-s*itemsPerFolder), uint64(500+s))
		fmt.Fprintf(&list, "wire%d folder %s every=1s local\n", s, folder)
	}
	sources := filepath.Join(dir, "sources.txt")
	if err := os.WriteFile(sources, []byte(list.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	runNode(tb, 2*time.Minute, "migrate", "--db", target)
	conn := openDB(tb, target)

	res := ingestResult{name: name, items: items, loadBefore: loadAvg()}
	var workers []*node
	for range procs {
		workers = append(workers, startNode(tb, "worker", "--db", target, "--sources", sources, "--workers", "4", "--fetch-poll", "10ms"))
	}
	workerCPU := func() float64 {
		var sum float64
		for _, w := range workers {
			sum += cpuSeconds(w.pid())
		}
		return sum
	}
	var (
		first, t10, t90, last time.Time
		cpuFirst              float64
		commitsFirst          int64
		trajectory            strings.Builder // items finished/stored each second since the first stored
		nextMark              time.Time
	)
	deadline := time.Now().Add(10 * time.Minute)
	for {
		stored, finished, waiting, err := progress(conn)
		now := time.Now()
		if now.After(deadline) {
			var logs strings.Builder
			for i, w := range workers {
				fmt.Fprintf(&logs, "--- worker %d\n%s\n", i, tail(w.output(), 2000))
			}
			tb.Fatalf("%s: after 10 minutes %d of %d items stored, %d finished, %d jobs waiting (err %v)\n%s",
				name, stored, items, finished, waiting, err, logs.String())
		}
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if stored > 0 && first.IsZero() {
			first, nextMark = now, now
			cpuFirst = workerCPU()
			if pg {
				commitsFirst = commits(tb, conn)
			}
		}
		if !first.IsZero() && last.IsZero() && !now.Before(nextMark) {
			fmt.Fprintf(&trajectory, " %d/%d", finished, stored)
			nextMark = nextMark.Add(time.Second)
		}
		if t10.IsZero() && finished*10 >= items {
			t10 = now
		}
		if t90.IsZero() && finished*10 >= items*9 {
			t90 = now
		}
		if last.IsZero() && finished == items {
			last = now
			res.workerCPU = workerCPU() - cpuFirst
			res.loadAfter = loadAvg()
			if pg {
				res.commits = commits(tb, conn) - commitsFirst
				res.dbCPU = backendCPU(conn)
			}
		}
		// Done when every item is, and the jobs that follow them — a
		// rescore scheduled for the end of its window — have run too;
		// that wait is not part of the measurement.
		if !last.IsZero() && waiting == 0 {
			res.after = now.Sub(last)
			break
		}
		if pg && !first.IsZero() && t90.IsZero() {
			phase := phaseFill
			if !t10.IsZero() {
				phase = phaseSteady
			}
			sampleLocks(conn, &res.locks[phase])
		}
		time.Sleep(100 * time.Millisecond)
	}
	for i, w := range workers {
		if err := w.stop(); err != nil {
			tb.Errorf("%s: worker %d exit after SIGTERM: %v\n%s", name, i, err, tail(w.output(), 2000))
		}
	}
	var notDone int
	if err := conn.QueryRow(`SELECT count(*) FROM ingest_items WHERE stage <> 'done'`).Scan(&notDone); err != nil {
		tb.Fatalf("%s: count items not done: %v", name, err)
	}
	if notDone != 0 {
		tb.Errorf("%s: %d of %d items did not end done", name, notDone, items)
	}
	res.took = last.Sub(first)
	res.rate = float64(items) / res.took.Seconds()
	res.firstDone = t10.Sub(first)
	if d := t90.Sub(t10); d > 0 {
		res.steady = float64(items*8/10) / d.Seconds()
	}
	tb.Logf("%s: items finished/stored each second from the first stored:%s", name, trajectory.String())
	return res
}

// BenchmarkClusterIngest measures ingest throughput, items per second
// from the first poll's commit to the last item done, with 1, 2 and 3
// worker processes (--workers 4 each) on PostgreSQL and with one on
// SQLite, and logs the curve with the machine's load and the workers' CPU
// use. Run it once per case: -benchtime 1x.
func BenchmarkClusterIngest(b *testing.B) {
	cases := []struct {
		name  string
		pg    bool
		procs int
	}{
		{"sqlite/workers=1", false, 1},
		{"postgres/workers=1", true, 1},
		{"postgres/workers=2", true, 2},
		{"postgres/workers=3", true, 3},
	}
	var curve []ingestResult
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				r := ingestRun(b, c.name, c.pg, c.procs, *scaleItems)
				b.ReportMetric(r.rate, "items/s")
				b.ReportMetric(r.steady, "steady-items/s")
				b.ReportMetric(r.workerCPU/r.took.Seconds(), "worker-cores")
				if c.pg {
					b.ReportMetric(r.dbCPU/r.took.Seconds(), "db-cores")
					b.ReportMetric(float64(r.commits)/r.took.Seconds(), "commits/s")
				}
				curve = append(curve, r)
			}
		})
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "ingest scaling, %d items, %d CPUs (load before → after, 1/5/15 min):\n", *scaleItems, runtime.NumCPU())
	var base float64
	for _, r := range curve {
		if r.name == "postgres/workers=1" {
			base = r.rate
		}
	}
	for _, r := range curve {
		rel := "-"
		if base > 0 && strings.HasPrefix(r.name, "postgres") {
			rel = fmt.Sprintf("%.2fx", r.rate/base)
		}
		fmt.Fprintf(&out, "  %-19s %6.1f items/s in %5.1fs (vs pg×1 %s; first 10%% after %.1fs, 10→90%% at %.0f items/s, rescore %.1fs later)  worker CPU %.1fs = %.2f cores",
			r.name, r.rate, r.took.Seconds(), rel, r.firstDone.Seconds(), r.steady, r.after.Seconds(), r.workerCPU, r.workerCPU/r.took.Seconds())
		if strings.HasPrefix(r.name, "postgres") {
			fmt.Fprintf(&out, "  db CPU ~%.1fs = %.2f cores  %.0f commits/s", r.dbCPU, r.dbCPU/r.took.Seconds(), float64(r.commits)/r.took.Seconds())
		}
		fmt.Fprintf(&out, "  load %s → %s\n", r.loadBefore, r.loadAfter)
		if strings.HasPrefix(r.name, "postgres") {
			for i, l := range advisoryLocks {
				fmt.Fprintf(&out, "      %s lock: until 10%% done %s; 10→90%% %s\n", l.name, r.locks[phaseFill][i], r.locks[phaseSteady][i])
			}
		}
	}
	// Printed, not logged: a parent benchmark's log is shown only with -v.
	fmt.Print(out.String())
}
