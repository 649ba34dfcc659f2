package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"alphadesk/internal/dedupe"
	"alphadesk/internal/feed"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/source"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// Source is one configured source as the pipeline runs it.
type Source struct {
	feed.Source
	// FS, when set, is read as the folder instead of Path (the demo's
	// embedded news).
	FS fs.FS
	// Display is the publisher name stories show; DisplayName(Name) when
	// empty.
	Display string
	// Kind says how drafts attribute the source's items: news (the
	// default), statement, filing or transcript.
	Kind source.Kind
}

func (s Source) display() string {
	if s.Display != "" {
		return s.Display
	}
	return DisplayName(s.Name)
}

func (s Source) remote() bool { return s.FS == nil && s.Source.Kind.Remote() }

// Config configures a Pipeline. Engines and Newsroom are required.
type Config struct {
	Sources  []Source
	Engines  *Engines
	Newsroom *newsroom.Service
	// Fetcher fetches remote feeds and article pages; a default one when nil.
	Fetcher *feed.Fetcher
	// Rescore rescores the companies with published stories; nil skips
	// the rescore stage.
	Rescore func(ctx context.Context) error
	// Workers is how many jobs run at once (default 4).
	Workers int
	// Poll runs the pollers that enqueue a poll of every source when it
	// is due. Without it only PollNow polls.
	Poll bool
	// PollTick is how often the pollers look for due sources (default 1s).
	PollTick time.Duration
	// BatchSize is the most items one stage job carries (default 32).
	BatchSize int
	// FetchPollInterval is how often an idle worker looks for new jobs
	// (default DefaultFetchPollInterval): River's SQLite driver has no notifications within a
	// process, so this bounds the wait between two stages.
	FetchPollInterval time.Duration
	// RescoreEvery is the rescore window: stories decided within one share
	// one rescore, run at the window's end (default 10s).
	RescoreEvery time.Duration
	// Logger receives the pipeline's and River's warnings and errors.
	Logger *slog.Logger
	// Metrics, when set, counts what the pipeline does.
	Metrics *Metrics
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Pipeline runs the stages as River jobs over one database. Start it, and
// Stop it to shut down gracefully.
type Pipeline struct {
	db       *DB
	cfg      Config
	sources  map[string]Source
	order    []string
	client   *river.Client[*sql.Tx]
	fetcher  *feed.Fetcher
	logger   *slog.Logger
	clientID string

	mu      sync.Mutex // guards det and lastSeq
	det     *dedupe.Detector
	lastSeq int64

	leader      atomic.Bool // holds the pollers lease
	stopPollers context.CancelFunc
	pollersDone chan struct{}
}

// New builds a pipeline over db. It does not start it.
func New(db *DB, cfg Config) (*Pipeline, error) {
	if cfg.Engines == nil || cfg.Newsroom == nil {
		return nil, errors.New("ingest: Config needs Engines and Newsroom")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.PollTick <= 0 {
		cfg.PollTick = time.Second
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 32
	}
	if cfg.FetchPollInterval <= 0 {
		cfg.FetchPollInterval = DefaultFetchPollInterval
		if db.pg {
			// Several processes poll one server: a few milliseconds
			// between stages is the price of not hammering it.
			cfg.FetchPollInterval = PostgresFetchPollInterval
		}
	}
	if cfg.RescoreEvery <= 0 {
		cfg.RescoreEvery = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Fetcher == nil {
		cfg.Fetcher = feed.NewFetcher(feed.Options{})
	}
	p := &Pipeline{db: db, cfg: cfg, sources: map[string]Source{}, fetcher: cfg.Fetcher, logger: cfg.Logger}
	for _, s := range cfg.Sources {
		if s.FS == nil {
			if err := s.Validate(); err != nil {
				return nil, fmt.Errorf("ingest: source %s: %w", s.Name, err)
			}
		}
		if _, dup := p.sources[s.Name]; dup {
			return nil, fmt.Errorf("ingest: source %s configured twice", s.Name)
		}
		p.sources[s.Name] = s
		p.order = append(p.order, s.Name)
	}
	det, err := dedupe.NewDetector(dedupe.Threshold)
	if err != nil {
		return nil, err
	}
	p.det = det
	host, _ := os.Hostname()
	p.clientID = fmt.Sprintf("alphadesk_%s_%d_%d", host, os.Getpid(), time.Now().UnixNano())

	workers := river.NewWorkers()
	river.AddWorker(workers, &pollWorker{p: p})
	river.AddWorker(workers, &stageWorker[FetchArgs]{p: p, stage: StageFetch})
	river.AddWorker(workers, &stageWorker[TagArgs]{p: p, stage: StageTag})
	river.AddWorker(workers, &stageWorker[SentimentArgs]{p: p, stage: StageSentiment})
	river.AddWorker(workers, &stageWorker[DraftArgs]{p: p, stage: StageDraft})
	river.AddWorker(workers, &stageWorker[CheckArgs]{p: p, stage: StageCheck})
	river.AddWorker(workers, &stageWorker[DecideArgs]{p: p, stage: StageDecide})
	river.AddWorker(workers, &rescoreWorker{p: p})
	client, err := river.NewClient(db.Driver(), &river.Config{
		ID:                p.clientID,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:           workers,
		PollOnly:          true,
		FetchCooldown:     min(cfg.FetchPollInterval, 5*time.Millisecond),
		FetchPollInterval: cfg.FetchPollInterval,
		Logger:            riverLogger(cfg.Logger),
		JobTimeout:        5 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: job queue client: %w", err)
	}
	p.client = client
	return p, nil
}

// riverLogger passes River's warnings and errors on, not its chatter.
func riverLogger(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{l.Handler(), slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}

// Start registers the process, returns the jobs of dead processes to the
// queue, starts River's workers and, with Config.Poll, the pollers.
func (p *Pipeline) Start(ctx context.Context) error {
	if err := p.heartbeat(ctx, true); err != nil {
		return err
	}
	if _, err := p.RescueOrphans(ctx); err != nil {
		return err
	}
	if err := p.client.Start(ctx); err != nil {
		return fmt.Errorf("ingest: start workers: %w", err)
	}
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p.stopPollers = cancel
	p.pollersDone = make(chan struct{})
	go p.background(pctx)
	return nil
}

// Stop shuts down gracefully: the pollers stop, workers fetch no new job
// and the jobs running finish. When ctx ends first, the running jobs are
// cancelled and River returns them to the queue to be retried; their
// stages are idempotent, so no work is lost or duplicated.
func (p *Pipeline) Stop(ctx context.Context) error {
	if p.stopPollers != nil {
		p.stopPollers()
		<-p.pollersDone
	}
	err := p.client.Stop(ctx)
	if err != nil && ctx.Err() != nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		err = p.client.StopAndCancel(cctx)
	}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, derr := p.db.rw.ExecContext(dctx, `DELETE FROM ingest_workers WHERE client_id = $1`, p.clientID)
	if err != nil {
		return fmt.Errorf("ingest: stop workers: %w", err)
	}
	return derr
}

// background runs the heartbeat, the orphan rescue and, with Config.Poll,
// the pollers until ctx ends.
func (p *Pipeline) background(ctx context.Context) {
	defer close(p.pollersDone)
	tick := time.NewTicker(p.cfg.PollTick)
	defer tick.Stop()
	beat := time.NewTicker(heartbeatEvery)
	defer beat.Stop()
	if p.cfg.Poll {
		p.pollIfLeader(ctx)
		defer func() {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := p.releaseLease(rctx, pollersLease); err != nil {
				p.logger.Warn("pipeline pollers lease", "err", err)
			}
		}()
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-beat.C:
			if err := p.heartbeat(ctx, false); err != nil && ctx.Err() == nil {
				p.logger.Warn("pipeline heartbeat", "err", err)
			}
			if _, err := p.RescueOrphans(ctx); err != nil && ctx.Err() == nil {
				p.logger.Warn("pipeline orphan rescue", "err", err)
			}
		case <-tick.C:
			if p.cfg.Poll {
				p.pollIfLeader(ctx)
			}
		}
	}
}

// heartbeatEvery is how often a process proves it is alive; staleAfter is
// when another process takes it for dead.
const (
	heartbeatEvery = 2 * time.Second
	staleAfter     = 30 * time.Second
)

func (p *Pipeline) heartbeat(ctx context.Context, first bool) error {
	host, _ := os.Hostname()
	now := store.FormatTime(p.cfg.Now())
	_, err := p.db.rw.ExecContext(ctx, `INSERT INTO ingest_workers (client_id, host, pid, started, heartbeat) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (client_id) DO UPDATE SET heartbeat = excluded.heartbeat`, p.clientID, host, os.Getpid(), now, now)
	if err != nil {
		return fmt.Errorf("ingest: register worker: %w", err)
	}
	return nil
}

// RescueOrphans returns to the queue the jobs left running by processes
// that died (killed, crashed): those whose heartbeat is stale, or that ran
// on this host under a process ID that no longer exists. It returns how
// many jobs it rescued. River's own rescuer would do the same only after
// its stuck-job timeout.
func (p *Pipeline) RescueOrphans(ctx context.Context) (int, error) {
	host, _ := os.Hostname()
	rows, err := p.db.ro.QueryContext(ctx, `SELECT client_id, host, pid, heartbeat FROM ingest_workers`)
	if err != nil {
		return 0, fmt.Errorf("ingest: read workers: %w", err)
	}
	alive := map[string]bool{}
	var dead []string
	stale := store.FormatTime(p.cfg.Now().Add(-staleAfter))
	for rows.Next() {
		var (
			id, h, beat string
			pid         int
		)
		if err := rows.Scan(&id, &h, &pid, &beat); err != nil {
			rows.Close()
			return 0, err
		}
		isAlive := beat >= stale
		if h == host && isAlive && id != p.clientID {
			isAlive = syscall.Kill(pid, 0) == nil || errors.Is(syscall.Kill(pid, 0), syscall.EPERM)
		}
		if isAlive {
			alive[id] = true
		} else {
			dead = append(dead, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	alive[p.clientID] = true
	// Running jobs whose last attempt belongs to no live process.
	lastAttempt := `coalesce(json_extract(attempted_by, '$[#-1]'), '')`
	if p.db.pg {
		lastAttempt = `coalesce(attempted_by[array_length(attempted_by, 1)], '')`
	}
	jrows, err := p.db.ro.QueryContext(ctx, `SELECT id, `+lastAttempt+` FROM river_job WHERE state = 'running'`)
	if err != nil {
		return 0, fmt.Errorf("ingest: read running jobs: %w", err)
	}
	var orphans []any
	for jrows.Next() {
		var (
			id    int64
			owner string
		)
		if err := jrows.Scan(&id, &owner); err != nil {
			jrows.Close()
			return 0, err
		}
		if !alive[owner] {
			orphans = append(orphans, id)
		}
	}
	jrows.Close()
	if err := jrows.Err(); err != nil {
		return 0, err
	}
	n := 0
	err = p.db.inTx(ctx, func(tx *sql.Tx) error {
		if len(orphans) > 0 {
			now := `datetime('now', 'subsec')`
			if p.db.pg {
				now = `now()`
			}
			var p sqlrow.Params
			res, err := tx.ExecContext(ctx, `UPDATE river_job SET state = 'available', scheduled_at = `+now+`
				WHERE state = 'running' AND id IN (`+sqlrow.AddList(&p, orphans)+`)`, p.Args...)
			if err != nil {
				return fmt.Errorf("ingest: rescue jobs: %w", err)
			}
			m, _ := res.RowsAffected()
			n = int(m)
		}
		for _, id := range dead {
			if _, err := tx.ExecContext(ctx, `DELETE FROM ingest_workers WHERE client_id = $1`, id); err != nil {
				return fmt.Errorf("ingest: forget worker: %w", err)
			}
		}
		return nil
	})
	if n > 0 {
		p.logger.Info("returned jobs of dead workers to the queue", "jobs", n)
		p.cfg.Metrics.addRescued(n)
	}
	return n, err
}

// PollNow enqueues a poll of the named source (unless one is waiting).
func (p *Pipeline) PollNow(ctx context.Context, name string) error {
	if _, ok := p.sources[name]; !ok {
		return fmt.Errorf("ingest: no source %q configured", name)
	}
	if _, err := p.client.Insert(ctx, PollArgs{Source: name}, nil); err != nil {
		return fmt.Errorf("ingest: enqueue poll of %s: %w", name, err)
	}
	return nil
}

// pollDue enqueues a poll of every source whose interval has passed since
// its last poll and which is not backing off after errors.
// pollIfLeader enqueues the due polls when this process holds the
// pollers lease (see leader.go).
func (p *Pipeline) pollIfLeader(ctx context.Context) {
	leader, err := p.acquireLease(ctx, pollersLease, max(pollLease, 3*p.cfg.PollTick))
	if err != nil {
		if ctx.Err() == nil {
			p.logger.Warn("pipeline pollers lease", "err", err)
		}
		return
	}
	if leader != p.leader.Swap(leader) {
		if leader {
			p.logger.Info("this process polls the sources", "client", p.clientID)
		} else {
			p.logger.Info("another process polls the sources now", "client", p.clientID)
		}
	}
	if leader {
		p.pollDue(ctx)
	}
}

// Leader reports whether this process held the pollers lease at its last
// poll tick.
func (p *Pipeline) Leader() bool { return p.leader.Load() }

func (p *Pipeline) pollDue(ctx context.Context) {
	now := p.cfg.Now()
	for _, name := range p.order {
		src := p.sources[name]
		st, err := p.db.sourceState(ctx, name)
		if err != nil {
			p.logger.Warn("poll schedule", "source", name, "err", err)
			continue
		}
		interval := src.Interval
		if interval <= 0 {
			interval = feed.DefaultInterval
		}
		if !st.LastPolled.IsZero() && now.Before(st.LastPolled.Add(interval)) {
			continue
		}
		if _, until := p.fetcher.Backoff().State(name); !until.IsZero() && now.Before(until) {
			continue
		}
		if err := p.PollNow(ctx, name); err != nil && ctx.Err() == nil {
			p.logger.Warn("poll schedule", "source", name, "err", err)
		}
	}
}

// Idle reports whether no pipeline job waits or runs (a rescore scheduled
// for later counts when waitRescore is set).
func (p *Pipeline) Idle(ctx context.Context, waitRescore bool) (bool, error) {
	depth, err := p.db.QueueDepth(ctx)
	if err != nil {
		return false, err
	}
	for k, n := range depth {
		if n == 0 || !slices.Contains(Kinds, k[0]) {
			continue
		}
		switch k[1] {
		case "available", "running", "retryable", "pending":
			return false, nil
		case "scheduled":
			if waitRescore || k[0] != KindRescore {
				return false, nil
			}
		}
	}
	return true, nil
}

// WaitIdle waits until Idle, checking every interval, or ctx ends.
func (p *Pipeline) WaitIdle(ctx context.Context, waitRescore bool, interval time.Duration) error {
	for {
		idle, err := p.Idle(ctx, waitRescore)
		if err != nil {
			return err
		}
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

// complete marks a job done inside tx (transactional completion: the
// stage's writes, the next job and the completion commit together).
func (p *Pipeline) complete(ctx context.Context, tx *sql.Tx, job *rivertype.JobRow) error {
	if err := p.db.completeTx(ctx, tx, job); err != nil {
		return fmt.Errorf("complete job %d: %w", job.ID, err)
	}
	return nil
}

type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	p *Pipeline
}

func (w *pollWorker) Work(ctx context.Context, job *river.Job[PollArgs]) error {
	return w.p.poll(ctx, job.Args.Source, func(ctx context.Context, tx *sql.Tx) error { return w.p.complete(ctx, tx, job.JobRow) })
}

type stageWorker[T interface {
	river.JobArgs
	ids() []int64
}] struct {
	river.WorkerDefaults[T]
	p     *Pipeline
	stage string
}

func (it Items) ids() []int64 { return it.Items }

func (w *stageWorker[T]) Work(ctx context.Context, job *river.Job[T]) error {
	return w.p.runStage(ctx, w.stage, job.Args.ids(), func(ctx context.Context, tx *sql.Tx) error { return w.p.complete(ctx, tx, job.JobRow) })
}

type rescoreWorker struct {
	river.WorkerDefaults[RescoreArgs]
	p *Pipeline
}

func (w *rescoreWorker) Work(ctx context.Context, job *river.Job[RescoreArgs]) error {
	if w.p.cfg.Rescore == nil {
		return nil
	}
	start := time.Now()
	err := w.p.cfg.Rescore(ctx)
	w.p.cfg.Metrics.observeStage(StageRescore, time.Since(start), err)
	return err
}

// QueueClient returns an insert-only River client over db, for listing and
// retrying jobs from a process that runs no workers.
func QueueClient(db *DB) (*river.Client[*sql.Tx], error) {
	c, err := river.NewClient(db.Driver(), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("job queue client: %w", err)
	}
	return c, nil
}

// DefaultFetchPollInterval is how often an idle worker asks the queue for
// jobs. River's SQLite driver has no in-process wake-up, so every stage hop
// of an item waits for a poll; at 1 ms the median time from arrival to
// decision stays under 50 ms (BenchmarkPipelineLatency), for about 4% of one
// core spent polling while the desk is idle. Raise it with --fetch-poll on a
// desk where latency matters less than idle load.
const DefaultFetchPollInterval = time.Millisecond

// PostgresFetchPollInterval is the default on PostgreSQL, where every
// worker process of the desk polls the same server.
const PostgresFetchPollInterval = 10 * time.Millisecond
