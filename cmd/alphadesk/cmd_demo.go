package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/demo"
	"alphadesk/internal/feed"
	"alphadesk/internal/ingest"
	"alphadesk/internal/newsroom"
)

func init() {
	register(command{
		name:    "demo",
		summary: "load the embedded demo data and serve the site",
		usage:   "[--db PATH] [--addr HOST:PORT] [--no-serve]",
		help: "Creates or refreshes a database from the embedded demo: a universe of real US-listed companies " +
			"with SIMULATED prices and fundamentals (labelled as such on every page), then runs the demo's SIMULATED news " +
			"(items written for the demo, from sources named \"Demo ...\") through the real pipeline, so the site has " +
			"published stories and held ones in the review queue, then serves the site. " +
			"Running it again refreshes the same records without duplicating them.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			addrFlag(fs, cfg)
			noServe := fs.Bool("no-serve", false, "load the demo data and exit without serving")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				db, err := openDatabase(ctx, cfg.DBPath, openOptions{})
				if err != nil {
					return err
				}
				defer db.Close()
				if _, err := db.Migrate(ctx); err != nil {
					return err
				}
				start := time.Now()
				sum, err := demo.Load(ctx, db, start)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "demo: loaded %d securities, %d simulated daily bars and %d simulated fundamental facts into %s in %s\n",
					sum.Securities, sum.Bars, sum.Facts, dbName(cfg.DBPath), time.Since(start).Round(time.Millisecond))
				if err := runDemoNews(ctx, e, cfg.DBPath); err != nil {
					return err
				}
				if *noServe {
					return nil
				}
				return serveSite(ctx, e, *cfg, db)
			}
		},
	})
}

// runDemoNews runs the embedded demo news through the pipeline until every
// item is decided and the companies are rescored, and prints a summary.
func runDemoNews(ctx context.Context, e env, path string) error {
	start := time.Now()
	var sources []ingest.Source
	for _, n := range demo.NewsSources() {
		sources = append(sources, ingest.Source{
			Source: feed.Source{Name: n.Name, Kind: feed.KindFolder, Interval: time.Hour, Local: true},
			FS:     n.FS, Display: n.Display, Kind: n.Kind,
		})
	}
	logger := newLogger(e.stderr)
	d, err := openDesk(ctx, path, deskOptions{sources: sources, workers: 4, fetchPoll: 5 * time.Millisecond,
		noRescore: true, drafter: demo.Drafter}, logger)
	if err != nil {
		return err
	}
	defer d.close()
	if err := d.pipeline.Start(ctx); err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	err = func() error {
		for _, s := range sources {
			if err := d.pipeline.PollNow(wctx, s.Name); err != nil {
				return err
			}
		}
		if err := d.pipeline.WaitIdle(wctx, false, 10*time.Millisecond); err != nil {
			return err
		}
		// One rescore once every story is decided, rather than one per window.
		return ingest.Rescorer(d.store, d.db)(wctx)
	}()
	if serr := d.stop(); err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("demo news: %w", err)
	}
	counts := map[newsroom.Status]int{}
	for _, st := range newsroom.Statuses {
		page, err := d.svc.Stories(ctx, newsroom.StoryFilter{Status: st, Limit: newsroom.MaxLimit})
		if err != nil {
			return err
		}
		counts[st] = len(page.Stories)
	}
	items, err := d.db.ItemCounts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo: ran %d simulated news items through the pipeline in %s: %d stories published, %d held for review, %d rejected\n",
		items[ingest.StageDone]+items[ingest.StageFailed], time.Since(start).Round(time.Millisecond),
		counts[newsroom.StatusPublished], counts[newsroom.StatusHeld], counts[newsroom.StatusRejected])
	return nil
}
