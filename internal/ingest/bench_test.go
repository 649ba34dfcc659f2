package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"alphadesk/internal/feed"
)

// genArticle writes one distinct article about a universe company.
func genArticle(r *rand.Rand, i int) string {
	companies := []string{"Apple", "Microsoft", "Nvidia", "Amazon.com Inc", "Walmart", "Costco", "JPMorgan Chase",
		"Exxon Mobil", "Pfizer", "Coca-Cola", "Home Depot", "Caterpillar", "Boeing", "Oracle", "Visa", "Starbucks"}
	subjects := []string{"revenue", "operating income", "net sales", "free cash flow", "orders", "shipments"}
	verbs := []string{"rose", "grew", "climbed", "increased"}
	extra := []string{"the company said in a statement", "according to its quarterly report", "the company said on a call with analysts"}
	co := companies[r.IntN(len(companies))]
	var b strings.Builder
	fmt.Fprintf(&b, "Title: %s %s %s %d percent in item %d\nGUID: bench-%06d\nDate: 2026-11-18T12:00:00Z\n\n", co,
		subjects[r.IntN(len(subjects))], verbs[r.IntN(len(verbs))], 2+r.IntN(40), i, i)
	for range 4 {
		fmt.Fprintf(&b, "%s said %s %s %d.%d percent to $%d.%d billion, %s.\n\n", co, subjects[r.IntN(len(subjects))],
			verbs[r.IntN(len(verbs))], 1+r.IntN(60), r.IntN(10), 1+r.IntN(90), r.IntN(10), extra[r.IntN(len(extra))])
	}
	return b.String()
}

// peakRSS is the process's peak resident set size (VmHWM), in MiB.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(p*float64(len(ds))))]
}

// BenchmarkPipelineBurst measures end-to-end throughput: 1,000 items arrive
// in one poll of a folder and go through every stage (extractive drafter,
// every publishing rule, SQLite) with 4 workers. It reports items/s, the
// arrival-to-decision latency percentiles (dominated by queueing in a
// burst) and the process's peak RSS.
func BenchmarkPipelineBurst(b *testing.B) {
	const n = 1000
	r := rand.New(rand.NewPCG(1, 2))
	files := fstest.MapFS{}
	for i := range n {
		files[fmt.Sprintf("item-%04d.txt", i)] = &fstest.MapFile{Data: []byte(genArticle(r, i))}
	}
	for b.Loop() {
		b.StopTimer()
		d := setup(b)
		p := d.pipeline(b, Config{Workers: 4, BatchSize: 32, Sources: []Source{{Source: feed.Source{Name: "bench", Kind: feed.KindFolder, Interval: time.Hour, Local: true}, FS: files}}})
		b.StartTimer()
		start := time.Now()
		run(b, p, "bench")
		el := time.Since(start)
		b.StopTimer()
		counts, _ := d.db.ItemCounts(context.Background())
		if counts[StageDone] != n {
			b.Fatalf("items by stage %v, want %d done", counts, n)
		}
		lat, _ := d.db.Latencies(context.Background(), time.Time{})
		b.ReportMetric(n/el.Seconds(), "items/s")
		b.ReportMetric(float64(percentile(lat, 0.5).Milliseconds()), "p50-ms")
		b.ReportMetric(float64(percentile(lat, 0.99).Milliseconds()), "p99-ms")
		b.ReportMetric(peakRSS(), "peak-RSS-MiB")
		b.StartTimer()
	}
}

// growingFS is a folder whose files are added while the pipeline polls it.
type growingFS struct {
	mu    sync.Mutex
	files fstest.MapFS
}

func (g *growingFS) Open(name string) (fs.File, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.files.Open(name)
}

func (g *growingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.files.ReadDir(name)
}

// BenchmarkPipelineLatency measures the time from an item's arrival (the
// poll that stores it) to its decision when items arrive one at a time,
// every 20 ms (50 items/s, a quarter of the throughput target), as a live
// desk sees them.
//
// It runs at the default idle poll interval and at 5 ms, since the queue's
// poll interval bounds each of the item's stage hops.
func BenchmarkPipelineLatency(b *testing.B) {
	for _, poll := range []time.Duration{DefaultFetchPollInterval, 5 * time.Millisecond} {
		b.Run("poll="+poll.String(), func(b *testing.B) { benchmarkLatency(b, poll) })
	}
}

func benchmarkLatency(b *testing.B, poll time.Duration) {
	const n = 200
	r := rand.New(rand.NewPCG(3, 4))
	for b.Loop() {
		b.StopTimer()
		g := &growingFS{files: fstest.MapFS{}}
		d := setup(b)
		p := d.pipeline(b, Config{Workers: 4, FetchPollInterval: poll, Sources: []Source{{Source: feed.Source{Name: "live", Kind: feed.KindFolder, Interval: time.Hour, Local: true}, FS: g}}})
		ctx := context.Background()
		if err := p.Start(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := range n {
			g.mu.Lock()
			g.files[fmt.Sprintf("item-%04d.txt", i)] = &fstest.MapFile{Data: []byte(genArticle(r, i))}
			g.mu.Unlock()
			if err := p.PollNow(ctx, "live"); err != nil {
				b.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		if err := p.WaitIdle(wctx, false, 5*time.Millisecond); err != nil {
			b.Fatal(err)
		}
		cancel()
		b.StopTimer()
		if err := p.Stop(ctx); err != nil {
			b.Fatal(err)
		}
		// Every item must end done; a generated item that a concurrent
		// near-duplicate absorbed ends "merged" without a decision of its own.
		var done, merged int
		if err := d.db.ro.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE outcome = 'merged') FROM ingest_items WHERE stage = 'done'`).Scan(&done, &merged); err != nil {
			b.Fatal(err)
		}
		lat, _ := d.db.Latencies(ctx, time.Time{})
		if done != n || len(lat) != n-merged {
			b.Fatalf("%d items done (%d merged), %d decided; want %d done and every unmerged one decided", done, merged, len(lat), n)
		}
		b.ReportMetric(float64(percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
		b.ReportMetric(peakRSS(), "peak-RSS-MiB")
		b.StartTimer()
	}
}
