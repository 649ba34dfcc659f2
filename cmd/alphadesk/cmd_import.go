package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/market/importer"
)

func init() {
	register(command{
		name:    "import",
		summary: "load securities, daily prices or fundamentals from files",
		usage:   "securities|prices|fundamentals [--db PATH] [--format NAME] [--symbol SYM] [--max-bad F] [--skip-unknown] FILE...",
		help: "Imports real data files into the database, one transaction per file: a file is imported whole or " +
			"not at all. The format is detected from the file name and content unless --format names it; .gz files " +
			"are read transparently. Bad rows are reported with file, line and reason and skipped; a file with more " +
			"bad rows than --max-bad allows is refused whole. Prices and fundamentals need their securities in the " +
			"master first (import securities). Re-importing a file updates the same records, never duplicates them.",
		details: formatList,
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			var opts importer.Options
			fs.StringVar(&opts.Format, "format", "", "file format `NAME` (default: detect; see the list above)")
			fs.StringVar(&opts.Symbol, "symbol", "", "symbol of a single-security file (stooq-daily, sec-companyfacts)")
			fs.Float64Var(&opts.MaxBad, "max-bad", importer.DefaultMaxBad, "fraction of rows that may be bad before a file is refused; -1 refuses any bad row")
			fs.BoolVar(&opts.SkipUnknown, "skip-unknown", false, "skip rows of symbols missing from the securities master instead of counting them as bad")
			return func(ctx context.Context, e env, args []string) error {
				return runImport(ctx, e, *cfg, opts, args)
			}
		},
	})
}

func formatList() string {
	var b strings.Builder
	b.WriteString("Formats (--format NAME):\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, f := range importer.Formats() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", f.Kind, f.Name, f.Description)
	}
	tw.Flush()
	return b.String()
}

func runImport(ctx context.Context, e env, cfg config.Config, opts importer.Options, args []string) error {
	if len(args) < 2 {
		return usagef("want a kind (securities, prices or fundamentals) and at least one file")
	}
	kind := importer.Kind(args[0])
	switch kind {
	case importer.Securities, importer.Prices, importer.Fundamentals:
	default:
		return usagef("unknown kind %q: want securities, prices or fundamentals", args[0])
	}
	if opts.Format != "" {
		f, err := importer.Lookup(opts.Format)
		if err != nil {
			return usageError{err.Error()}
		}
		if f.Kind != kind {
			return usagef("format %s holds %s, not %s", f.Name, f.Kind, kind)
		}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	files := args[1:]
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return inputError{fmt.Errorf("%s: %w", f, err)}
		}
	}
	db, err := openDatabase(ctx, cfg.DBPath, openOptions{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if e.stderrIsTerminal {
		if f, ok := e.stderr.(*os.File); ok {
			opts.Progress = importer.TerminalProgress(f)
		}
	}
	var failed []string
	for _, path := range files {
		sum, err := importer.Load(ctx, db, path, kind, opts)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("interrupted: %s was not imported", path)
			}
			fmt.Fprintf(e.stderr, "%v\n", err)
			failed = append(failed, path)
			continue
		}
		printSummary(e.stdout, sum)
	}
	if len(failed) > 0 {
		return inputError{fmt.Errorf("%d of %d files not imported (%s); the other files were imported",
			len(failed), len(files), strings.Join(failed, ", "))}
	}
	return nil
}

func printSummary(w io.Writer, s importer.Summary) {
	var extra []string
	if s.Bad > 0 {
		extra = append(extra, fmt.Sprintf("%d bad rows skipped", s.Bad))
	}
	for reason, n := range s.Skipped {
		extra = append(extra, fmt.Sprintf("%d %s", n, reason))
	}
	if len(s.Unknown) > 0 {
		extra = append(extra, fmt.Sprintf("%d unknown symbols", len(s.Unknown)))
	}
	note := ""
	if len(extra) > 0 {
		note = " (" + strings.Join(extra, ", ") + ")"
	}
	rate := ""
	if sec := s.Duration.Seconds(); sec > 0 && s.Rows > 1000 {
		rate = fmt.Sprintf(", %.0f rows/s", float64(s.Rows)/sec)
	}
	fmt.Fprintf(w, "%s [%s]: imported %d %s for %d symbols in %s%s%s\n",
		s.File, s.Format, s.Rows, rowNoun(s.Kind), s.Symbols, s.Duration.Round(time.Millisecond), rate, note)
	for _, r := range s.BadRows {
		fmt.Fprintf(w, "  skipped %s\n", r)
	}
	for _, u := range s.Unknown {
		fmt.Fprintf(w, "  skipped %s\n", u.Problem(s.File))
	}
}

func rowNoun(k importer.Kind) string {
	switch k {
	case importer.Securities:
		return "securities"
	case importer.Prices:
		return "daily bars"
	case importer.Fundamentals:
		return "facts"
	}
	return "rows"
}
