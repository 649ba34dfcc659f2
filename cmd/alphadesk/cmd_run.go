package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/draft"
	"alphadesk/internal/feed"
	"alphadesk/internal/ingest"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/tagger"
	"alphadesk/internal/universe"
)

// shutdownGrace is how long a stopping process lets running jobs finish
// before it cancels them (River then returns them to the queue).
const shutdownGrace = 20 * time.Second

// runFlags are the flags of `alphadesk run` and `alphadesk worker`.
type runFlags struct {
	sources string
	workers int
	poll    time.Duration
}

func (f *runFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&f.sources, "sources", "", "sources `FILE` to poll (see docs/pipeline.md); none: workers only")
	fs.IntVar(&f.workers, "workers", 4, "jobs run at once, `N`")
	fs.DurationVar(&f.poll, "fetch-poll", ingest.DefaultFetchPollInterval, "how often an idle worker looks for jobs, `DURATION`")
}

func init() {
	register(command{
		name:    "run",
		summary: "run the desk: pollers, pipeline workers and the site in one process",
		usage:   "[--db PATH] [--addr HOST:PORT] [--sources FILE] [--workers N]",
		help: "Runs the whole desk in one process: pollers read the sources in --sources when each is due, workers take " +
			"every new item through the pipeline (fetch, tag, sentiment, draft, check, decide, rescore; docs/pipeline.md), " +
			"and the site is served on --addr with /metrics in the Prometheus text format. The database is created and " +
			"migrated if needed. On SIGINT or SIGTERM it stops polling, lets running jobs finish for up to 20 s, returns " +
			"the rest to the queue, and exits.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			addrFlag(fs, cfg)
			var f runFlags
			f.declare(fs)
			return func(ctx context.Context, e env, args []string) error {
				return runDesk(ctx, e, *cfg, f, args, true)
			}
		},
	})
	register(command{
		name:    "worker",
		summary: "run pollers and pipeline workers without the site",
		usage:   "[--db PATH] [--sources FILE] [--workers N]",
		help: "Runs the pollers and pipeline workers of 'alphadesk run' without the site, for a desk whose site is " +
			"served by 'alphadesk serve' in another process on the same database. Several workers may share one " +
			"database; jobs left running by a worker that died are returned to the queue by the next one to start.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			var f runFlags
			f.declare(fs)
			return func(ctx context.Context, e env, args []string) error {
				return runDesk(ctx, e, *cfg, f, args, false)
			}
		},
	})
}

// deskOptions configure openDesk.
type deskOptions struct {
	sources      []ingest.Source
	workers      int
	fetchPoll    time.Duration
	poll         bool
	rescoreEvery time.Duration
	// noRescore leaves the rescore stage out (the caller rescores itself).
	noRescore bool
	// drafter, when set, wraps the default drafter.
	drafter func(draft.Drafter) draft.Drafter
}

// desk is an open database with a running pipeline.
type desk struct {
	store    *database
	db       *ingest.DB
	pipeline *ingest.Pipeline
	metrics  *ingest.Metrics
	svc      *newsroom.Service
}

// openDesk creates or opens and migrates the database and builds (without
// starting) the pipeline over sources.
func openDesk(ctx context.Context, path string, o deskOptions, logger *slog.Logger) (*desk, error) {
	st, err := openDatabase(ctx, path, openOptions{})
	if err != nil {
		return nil, err
	}
	d := &desk{store: st}
	fail := func(err error) (*desk, error) {
		d.close()
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		return fail(err)
	}
	if _, err := ingest.Migrate(ctx, path); err != nil {
		return fail(err)
	}
	if d.db, err = ingest.OpenDB(ctx, path); err != nil {
		return fail(err)
	}
	secs, err := universe.Securities()
	if err != nil {
		return fail(err)
	}
	tg, err := tagger.New(secs, tagger.Options{})
	if err != nil {
		return fail(err)
	}
	eng, err := ingest.NewEngines(tg)
	if err != nil {
		return fail(err)
	}
	if o.drafter != nil {
		eng.Drafter = o.drafter(eng.Drafter)
	}
	d.metrics = ingest.NewMetrics()
	d.svc = newsroom.NewService(st.Newsroom, newsroom.Options{})
	rescore := ingest.Rescorer(st, d.db)
	if o.noRescore {
		rescore = nil
	}
	d.pipeline, err = ingest.New(d.db, ingest.Config{
		Sources: o.sources, Engines: eng, Newsroom: d.svc, Rescore: rescore,
		Workers: o.workers, Poll: o.poll, FetchPollInterval: o.fetchPoll, RescoreEvery: o.rescoreEvery, Logger: logger, Metrics: d.metrics,
	})
	if err != nil {
		return fail(err)
	}
	return d, nil
}

func (d *desk) close() {
	if d.db != nil {
		d.db.Close()
	}
	d.store.Close()
}

// stop shuts the pipeline down gracefully within shutdownGrace.
func (d *desk) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	return d.pipeline.Stop(ctx)
}

func loadSources(path string) ([]ingest.Source, error) {
	if path == "" {
		return nil, nil
	}
	fs, err := feed.LoadSources(path)
	if err != nil {
		return nil, inputError{err}
	}
	out := make([]ingest.Source, len(fs))
	for i, s := range fs {
		out[i] = ingest.Source{Source: s}
	}
	return out, nil
}

func runDesk(ctx context.Context, e env, cfg config.Config, f runFlags, args []string, site bool) error {
	if len(args) > 0 {
		return usagef("unexpected arguments %q", args)
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	if f.workers < 1 || f.workers > 256 {
		return usagef("--workers %d: want 1 to 256", f.workers)
	}
	if f.poll < time.Millisecond || f.poll > time.Minute {
		return usagef("--fetch-poll %s: want 1ms to 1m", f.poll)
	}
	sources, err := loadSources(f.sources)
	if err != nil {
		return err
	}
	logger := newLogger(e.stderr)
	d, err := openDesk(ctx, cfg.DBPath, deskOptions{sources: sources, workers: f.workers, fetchPoll: f.poll, poll: true}, logger)
	if err != nil {
		return err
	}
	defer d.close()
	if err := d.pipeline.Start(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "alphadesk: pipeline running on %s with %d sources and %d workers\n", dbName(cfg.DBPath), len(sources), f.workers)
	var serveErr error
	if site {
		h, err := siteHandler(ctx, d.store, logger, siteOptions{metrics: ingest.MetricsHandler(d.db, d.metrics)})
		if err != nil {
			return errors.Join(err, d.stop())
		}
		serveErr = serveHTTP(ctx, e, cfg.Addr, h, logger)
	} else {
		<-ctx.Done()
	}
	stopErr := d.stop()
	fmt.Fprintln(e.stdout, "alphadesk: pipeline stopped")
	return errors.Join(serveErr, stopErr)
}
