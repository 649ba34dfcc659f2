package ingest

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/feed"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store/pgtest"
	"alphadesk/internal/store/postgres"
	"alphadesk/internal/store/sqlite"
	"alphadesk/internal/tagger"
	"alphadesk/internal/universe"
)

// testDesk is a migrated temp database with the pipeline's handles.
type testDesk struct {
	path string
	db   *DB
	svc  *newsroom.Service
	eng  *Engines
}

var sharedEngines *Engines

func engines(t testing.TB) *Engines {
	t.Helper()
	if sharedEngines != nil {
		return sharedEngines
	}
	secs, err := universe.Securities()
	if err != nil {
		t.Fatal(err)
	}
	tg, err := tagger.New(secs, tagger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngines(tg)
	if err != nil {
		t.Fatal(err)
	}
	sharedEngines = e
	return e
}

func setup(t testing.TB) *testDesk {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := Migrate(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err := OpenDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &testDesk{path: path, db: db, svc: newsroom.NewService(st.Newsroom(), newsroom.Options{}), eng: engines(t)}
}

// setupPostgres is setup on a fresh PostgreSQL database; it skips unless
// ALPHADESK_TEST_POSTGRES names a server (see internal/store/pgtest).
func setupPostgres(t testing.TB) *testDesk {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	st, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := Migrate(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	if err := CheckMigrated(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	db, err := OpenDB(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if !db.Postgres() {
		t.Fatal("OpenDB of a postgres:// URL did not open PostgreSQL")
	}
	return &testDesk{path: dsn, db: db, svc: newsroom.NewService(st.Newsroom(), newsroom.Options{}), eng: engines(t)}
}

// eachBackend runs test on a SQLite desk and on a PostgreSQL one.
func eachBackend(t *testing.T, test func(t *testing.T, d *testDesk)) {
	t.Run("sqlite", func(t *testing.T) { test(t, setup(t)) })
	t.Run("postgres", func(t *testing.T) { test(t, setupPostgres(t)) })
}

func (d *testDesk) pipeline(t testing.TB, cfg Config) *Pipeline {
	t.Helper()
	cfg.Engines, cfg.Newsroom = d.eng, d.svc
	if cfg.FetchPollInterval == 0 {
		cfg.FetchPollInterval = 5 * time.Millisecond
	}
	p, err := New(d.db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func folderSource(name, dir string) Source {
	return Source{Source: feed.Source{Name: name, Kind: feed.KindFolder, Path: dir, Interval: time.Second, Local: true}}
}

func run(t testing.TB, p *Pipeline, sources ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := p.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for _, s := range sources {
		if err := p.PollNow(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.WaitIdle(ctx, false, 10*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := p.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

const amznItem = `Title: Amazon projects second-quarter sales of up to $199 billion
Date: 2026-11-19T13:05:00Z
GUID: demo-amzn-1

Amazon.com Inc said on Thursday it expects net sales of between $194 billion and $199 billion in the second quarter, as its cloud unit grew faster than analysts had expected.

Amazon Web Services revenue rose 28 percent to $33.1 billion in the first quarter, the company said in its quarterly report. The company has said the AWS backlog stood at $364 billion at the end of March.

Chief Executive Andy Jassy said in a statement that demand for artificial intelligence services remained strong and that the company would keep investing in data centers. The company said Q2 sales guidance assumed no major change in foreign exchange rates.

Amazon shares rose 3 percent in extended trading after the results were published, the company's investor relations site showed.
`

func TestPipelineFolder(t *testing.T) {
	eachBackend(t, testPipelineFolder)
}

func testPipelineFolder(t *testing.T, d *testDesk) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"amzn.txt": amznItem})
	p := d.pipeline(t, Config{Sources: []Source{folderSource("test-wire", dir)}})
	run(t, p, "test-wire")
	ctx := context.Background()
	page, err := d.svc.Stories(ctx, newsroom.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) != 1 {
		counts, _ := d.db.ItemCounts(ctx)
		t.Fatalf("got %d stories, want 1 (items by stage %v)", len(page.Stories), counts)
	}
	s := page.Stories[0]
	if strings.Join(s.Tickers, ",") != "AMZN" {
		t.Errorf("tickers %v, want [AMZN]", s.Tickers)
	}
	t.Logf("story %s status %s decision %s findings %v", s.Slug, s.Status, s.Decision, s.Findings)
	// Polling again stores nothing new and changes nothing.
	p2 := d.pipeline(t, Config{Sources: []Source{folderSource("test-wire", dir)}})
	run(t, p2, "test-wire")
	page2, _ := d.svc.Stories(ctx, newsroom.StoryFilter{})
	if len(page2.Stories) != 1 || page2.Stories[0].Version != s.Version {
		t.Errorf("after a second poll: %d stories, version %d; want 1 story, version %d", len(page2.Stories), page2.Stories[0].Version, s.Version)
	}
}

func TestMetricsHandler(t *testing.T) {
	eachBackend(t, testMetricsHandler)
}

func testMetricsHandler(t *testing.T, d *testDesk) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"amzn.txt": amznItem})
	m := NewMetrics()
	p := d.pipeline(t, Config{Metrics: m, Sources: []Source{folderSource("test-wire", dir)}})
	run(t, p, "test-wire")
	rec := httptest.NewRecorder()
	MetricsHandler(d.db, m).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		`alphadesk_ingest_items_total{source="test-wire"} 1`,
		`alphadesk_queue_jobs{kind="ingest.decide",state="completed"} 1`,
		`alphadesk_ingest_items{stage="done"} 1`,
		`alphadesk_ingest_source_up{source="test-wire"} 1`,
		`alphadesk_ingest_item_latency_seconds_count 1`,
		`alphadesk_ingest_decisions_total{decision="publish"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}

func TestSourceErrorIsRecorded(t *testing.T) {
	eachBackend(t, testSourceErrorIsRecorded)
}

func testSourceErrorIsRecorded(t *testing.T, d *testDesk) {
	good := t.TempDir()
	writeFiles(t, good, map[string]string{"amzn.txt": amznItem})
	bad := Source{Source: feed.Source{Name: "broken", Kind: feed.KindFolder, Path: filepath.Join(t.TempDir(), "missing"), Interval: time.Second, Local: true}}
	p := d.pipeline(t, Config{Sources: []Source{bad, folderSource("test-wire", good)}})
	run(t, p, "broken", "test-wire")
	srcs, err := d.db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]SourceState{}
	for _, s := range srcs {
		got[s.Name] = s
	}
	if s := got["broken"]; s.LastError == "" || !strings.Contains(s.LastError, "broken") || s.Errors != 1 {
		t.Errorf("broken source state %+v, want its error naming it", s)
	}
	if s := got["test-wire"]; s.LastError != "" || s.Items != 1 {
		t.Errorf("good source state %+v, want no error and 1 item", s)
	}
}
