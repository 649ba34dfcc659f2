package main

import (
	"context"
	"flag"
	"strings"

	"alphadesk/internal/config"
	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
)

func init() {
	register(command{
		name:    "stories",
		summary: "list stories by status, category or ticker",
		usage:   "list [--status draft|held|published|rejected] [--category C] [--symbol SYMBOL] [--sector S] [--sentiment S] [--json] [--limit N] [--after CURSOR]",
		help: "Lists stories newest first (by when they entered their status). --json prints one JSON object per " +
			"story per line: slug, status, category, headline, tickers (most salient first), decision and findings " +
			"(the current version's findings that hold or block; 'alphadesk review show SLUG' has them all), " +
			"version, drafted_by, sentiment and times. When there are more stories than --limit, the cursor of " +
			"the next page is printed on standard error; pass it back with --after.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			f := declareReviewFlags(fs, "stories")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) == 0 || args[0] != "list" {
					return usagef("want `alphadesk stories list`, got %q", args)
				}
				f.visit(fs, args[0])
				return f.run(ctx, e, cfg, args, 0, []string{"status", "category", "symbol", "sector", "sentiment", "json", "limit", "after"}, runStoriesList)
			}
		},
	})
}

func runStoriesList(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, _ []string) error {
	status, err := newsroom.ParseStatus(f.status)
	if err != nil {
		return err
	}
	category, err := newsroom.ParseCategory(f.category)
	if err != nil {
		return err
	}
	sector := f.sector
	if sector != "" {
		sec, err := market.ParseSector(sector)
		if err != nil {
			return inputError{err}
		}
		sector = string(sec)
	}
	page, err := svc.Stories(ctx, newsroom.StoryFilter{Status: status, Category: category, Symbol: strings.ToUpper(f.sym),
		Sector: sector, Sentiment: strings.ToLower(f.sentiment), Limit: f.limit, After: f.after})
	if err != nil {
		return err
	}
	return printStoryPage(e, f, page, "No stories.")
}
