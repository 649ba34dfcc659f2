package ingest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"alphadesk/internal/newsroom"
)

// Metrics counts what the pipeline does, for /metrics in the Prometheus
// text exposition format (version 0.0.4). It is safe for concurrent use;
// a nil *Metrics counts nothing.
type Metrics struct {
	mu        sync.Mutex
	items     map[string]float64    // by source
	srcErrors map[string]float64    // by source
	stageErr  map[string]float64    // by stage
	failed    map[string]float64    // items failed, by stage
	decisions map[string]float64    // by decision
	findings  map[[2]string]float64 // held or blocking findings of decided drafts, by rule and severity
	stages    map[string]*histogram // stage job durations
	latency   *histogram            // arrival → decision
	rescued   float64
}

// Bucket bounds in seconds.
var (
	stageBuckets   = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}
	latencyBuckets = []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}
)

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{
		items: map[string]float64{}, srcErrors: map[string]float64{}, stageErr: map[string]float64{},
		failed: map[string]float64{}, decisions: map[string]float64{}, findings: map[[2]string]float64{},
		stages: map[string]*histogram{}, latency: newHistogram(latencyBuckets),
	}
}

type histogram struct {
	bounds []float64
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func newHistogram(bounds []float64) *histogram {
	return &histogram{bounds: bounds, counts: make([]uint64, len(bounds)+1)}
}

func (h *histogram) observe(v float64) {
	i, _ := slices.BinarySearch(h.bounds, v)
	h.counts[i]++
	h.sum += v
	h.n++
}

func (m *Metrics) ingested(source string, n int) {
	if m == nil || n == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[source] += float64(n)
}

func (m *Metrics) sourceError(source string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.srcErrors[source]++
}

func (m *Metrics) observeStage(stage string, d time.Duration, err error) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.stages[stage]
	if h == nil {
		h = newHistogram(stageBuckets)
		m.stages[stage] = h
	}
	h.observe(d.Seconds())
	if err != nil {
		m.stageErr[stage]++
	}
}

func (m *Metrics) failedItem(stage string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failed[stage]++
}

func (m *Metrics) decided(c newsroom.Check) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.decisions[string(c.Decision)]++
	for _, f := range newsroom.Blocking(c.Findings) {
		m.findings[[2]string{f.Rule, string(f.Severity)}]++
	}
}

func (m *Metrics) observeLatency(d time.Duration) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.latency.observe(d.Seconds())
}

func (m *Metrics) addRescued(n int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rescued += float64(n)
}

// expo writes the text exposition format.
type expo struct {
	w   *bufio.Writer
	err error
}

func (e *expo) family(name, typ, help string) {
	fmt.Fprintf(e.w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

func (e *expo) sample(name string, labels [][2]string, v float64) {
	e.w.WriteString(name)
	if len(labels) > 0 {
		e.w.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				e.w.WriteByte(',')
			}
			e.w.WriteString(l[0])
			e.w.WriteString(`="`)
			e.w.WriteString(escapeLabel(l[1]))
			e.w.WriteByte('"')
		}
		e.w.WriteByte('}')
	}
	e.w.WriteByte(' ')
	e.w.WriteString(formatValue(v))
	e.w.WriteByte('\n')
}

func (e *expo) histogram(name string, labels [][2]string, h *histogram) {
	var cum uint64
	for i, b := range h.bounds {
		cum += h.counts[i]
		e.sample(name+"_bucket", append(slices.Clone(labels), [2]string{"le", formatValue(b)}), float64(cum))
	}
	cum += h.counts[len(h.bounds)]
	e.sample(name+"_bucket", append(slices.Clone(labels), [2]string{"le", "+Inf"}), float64(cum))
	e.sample(name+"_sum", labels, h.sum)
	e.sample(name+"_count", labels, float64(h.n))
}

func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func formatValue(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func sortedStrings[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (e *expo) counterVec(name, help, label string, m map[string]float64) {
	e.family(name, "counter", help)
	for _, k := range sortedStrings(m) {
		e.sample(name, [][2]string{{label, k}}, m[k])
	}
}

// Write writes the counters and histograms in the text format.
func (m *Metrics) Write(w io.Writer) error {
	e := &expo{w: bufio.NewWriter(w)}
	if m != nil {
		m.mu.Lock()
		e.counterVec("alphadesk_ingest_items_total", "Items stored from sources, by source.", "source", m.items)
		e.counterVec("alphadesk_ingest_source_errors_total", "Failed polls, by source.", "source", m.srcErrors)
		e.counterVec("alphadesk_ingest_stage_errors_total", "Stage jobs that failed and will be retried, by stage.", "stage", m.stageErr)
		e.counterVec("alphadesk_ingest_items_failed_total", "Items that ended failed, by the stage that failed them.", "stage", m.failed)
		e.counterVec("alphadesk_ingest_decisions_total", "Stories decided by the publishing rules (new versions only), by decision.", "decision", m.decisions)
		e.family("alphadesk_ingest_rule_findings_total", "counter", "Hold and block findings of decided drafts, by rule and severity.")
		keys := make([][2]string, 0, len(m.findings))
		for k := range m.findings {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
		for _, k := range keys {
			e.sample("alphadesk_ingest_rule_findings_total", [][2]string{{"rule", k[0]}, {"severity", k[1]}}, m.findings[k])
		}
		e.family("alphadesk_ingest_stage_duration_seconds", "histogram", "Duration of stage jobs, by stage.")
		for _, s := range sortedStrings(m.stages) {
			e.histogram("alphadesk_ingest_stage_duration_seconds", [][2]string{{"stage", s}}, m.stages[s])
		}
		e.family("alphadesk_ingest_item_latency_seconds", "histogram", "Time from an item's arrival to its decision.")
		e.histogram("alphadesk_ingest_item_latency_seconds", nil, m.latency)
		e.family("alphadesk_ingest_jobs_rescued_total", "counter", "Jobs of dead processes returned to the queue.")
		e.sample("alphadesk_ingest_jobs_rescued_total", nil, m.rescued)
		m.mu.Unlock()
	}
	if err := e.w.Flush(); err != nil {
		return err
	}
	return e.err
}

// WriteGauges writes the gauges read from the database: queue depth by job
// kind and state, items by stage, and sources in error.
func (db *DB) WriteGauges(ctx context.Context, w io.Writer) error {
	depth, err := db.QueueDepth(ctx)
	if err != nil {
		return err
	}
	items, err := db.ItemCounts(ctx)
	if err != nil {
		return err
	}
	srcs, err := db.Sources(ctx)
	if err != nil {
		return err
	}
	e := &expo{w: bufio.NewWriter(w)}
	e.family("alphadesk_queue_jobs", "gauge", "Jobs in the queue, by kind and state (discarded: the dead-letter list).")
	keys := make([][2]string, 0, len(depth))
	for k := range depth {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) })
	for _, k := range keys {
		e.sample("alphadesk_queue_jobs", [][2]string{{"kind", k[0]}, {"state", k[1]}}, float64(depth[k]))
	}
	e.family("alphadesk_ingest_items", "gauge", "Items by the stage they wait for (done and failed: where they ended).")
	for _, s := range sortedStrings(items) {
		e.sample("alphadesk_ingest_items", [][2]string{{"stage", s}}, float64(items[s]))
	}
	e.family("alphadesk_ingest_source_up", "gauge", "1 when the source's last poll succeeded, 0 when it failed.")
	for _, s := range srcs {
		up := 1.0
		if s.LastError != "" {
			up = 0
		}
		e.sample("alphadesk_ingest_source_up", [][2]string{{"source", s.Name}}, up)
	}
	return e.w.Flush()
}

// MetricsHandler serves /metrics: m's counters and histograms (m may be
// nil in a web-only process) and the database gauges.
func MetricsHandler(db *DB, m *Metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		if err := m.Write(&b); err != nil {
			http.Error(w, "metrics: "+err.Error(), http.StatusInternalServerError)
			return
		}
		if err := db.WriteGauges(r.Context(), &b); err != nil {
			http.Error(w, "metrics: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		io.WriteString(w, b.String())
	})
}
