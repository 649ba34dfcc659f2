package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"alphadesk/internal/config"
	"alphadesk/internal/ingest"
)

func init() {
	register(command{
		name:    "jobs",
		summary: "list pipeline jobs and the dead-letter list, source errors, retry a job",
		usage:   "list [--state STATE] [--limit N] [--json] | sources [--json] | retry ID  [--db PATH]",
		help: "jobs list prints the pipeline's jobs, newest first: id, kind, state, attempts, the item IDs or source it " +
			"works on and its last error. --state discarded is the dead-letter list: jobs that failed every attempt " +
			"(see docs/pipeline.md); other states are available, scheduled, running, retryable, completed and " +
			"cancelled. --json prints one JSON object per job.\n\n" +
			"jobs sources prints every polled source with its last poll, last success and last error.\n\n" +
			"jobs retry ID makes a discarded, cancelled or completed job run again at once; stages are idempotent, " +
			"so a replay never duplicates a story.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			state := fs.String("state", "", "only jobs in `STATE` (discarded: the dead-letter list)")
			limit := fs.Int("limit", 100, "at most `N` jobs")
			asJSON := fs.Bool("json", false, "print one JSON object per line")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) == 0 {
					return usagef("want a subcommand: list, sources or retry ID")
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				switch {
				case args[0] == "list" && len(args) == 1:
					if *limit < 1 || *limit > 10000 {
						return usagef("--limit %d: want 1 to 10000", *limit)
					}
					var st rivertype.JobState
					if *state != "" {
						st = rivertype.JobState(strings.ToLower(*state))
						if !validState(st) {
							return usagef("--state %q: want one of %s", *state, stateNames())
						}
					}
					return withQueue(ctx, cfg.DBPath, func(db *ingest.DB, c *river.Client[*sql.Tx]) error {
						return listJobs(ctx, e.stdout, c, st, *limit, *asJSON)
					})
				case args[0] == "sources" && len(args) == 1:
					return withQueue(ctx, cfg.DBPath, func(db *ingest.DB, _ *river.Client[*sql.Tx]) error {
						return listSources(ctx, e.stdout, db, *asJSON)
					})
				case args[0] == "retry" && len(args) == 2:
					id, err := strconv.ParseInt(args[1], 10, 64)
					if err != nil || id < 1 {
						return usagef("retry %q: want a job ID (a positive number, as jobs list prints it)", args[1])
					}
					return withQueue(ctx, cfg.DBPath, func(db *ingest.DB, c *river.Client[*sql.Tx]) error {
						j, err := c.JobRetry(ctx, id)
						if err != nil {
							if errors.Is(err, river.ErrNotFound) {
								return inputError{fmt.Errorf("no job %d", id)}
							}
							return err
						}
						fmt.Fprintf(e.stdout, "job %d (%s) is %s\n", j.ID, j.Kind, j.State)
						return nil
					})
				}
				return usagef("unexpected arguments %q: want list, sources or retry ID", args)
			}
		},
	})
}

var jobStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStateCancelled, rivertype.JobStateCompleted, rivertype.JobStateDiscarded,
	rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

func validState(s rivertype.JobState) bool {
	for _, v := range jobStates {
		if v == s {
			return true
		}
	}
	return false
}

func stateNames() string {
	names := make([]string, len(jobStates))
	for i, s := range jobStates {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// withQueue opens an existing, migrated database and an insert-only River
// client over it.
func withQueue(ctx context.Context, path string, fn func(db *ingest.DB, c *river.Client[*sql.Tx]) error) error {
	st, err := openExisting(ctx, path, false)
	if err != nil {
		return err
	}
	st.Close()
	if err := ingest.CheckMigrated(ctx, path); err != nil {
		return err
	}
	db, err := ingest.OpenDB(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := ingest.QueueClient(db)
	if err != nil {
		return err
	}
	return fn(db, c)
}

// jobLine is one job as `jobs list --json` prints it.
type jobLine struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	State       string          `json:"state"`
	Attempt     int             `json:"attempt"`
	MaxAttempts int             `json:"max_attempts"`
	Args        json.RawMessage `json:"args"`
	Created     time.Time       `json:"created"`
	Finalized   *time.Time      `json:"finalized,omitempty"`
	LastError   string          `json:"last_error,omitempty"`
}

func listJobs(ctx context.Context, w io.Writer, c *river.Client[*sql.Tx], st rivertype.JobState, limit int, asJSON bool) error {
	params := river.NewJobListParams().First(limit).OrderBy(river.JobListOrderByID, river.SortOrderDesc)
	if st != "" {
		params = params.States(st)
	}
	res, err := c.JobList(ctx, params)
	if err != nil {
		return fmt.Errorf("list jobs: %w", err)
	}
	lines := make([]jobLine, len(res.Jobs))
	for i, j := range res.Jobs {
		l := jobLine{ID: j.ID, Kind: j.Kind, State: string(j.State), Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
			Args: json.RawMessage(j.EncodedArgs), Created: j.CreatedAt, Finalized: j.FinalizedAt}
		if n := len(j.Errors); n > 0 {
			l.LastError = j.Errors[n-1].Error
		}
		lines[i] = l
	}
	if asJSON {
		enc := json.NewEncoder(w)
		for _, l := range lines {
			if err := enc.Encode(l); err != nil {
				return err
			}
		}
		return nil
	}
	if len(lines) == 0 {
		fmt.Fprintln(w, "no jobs")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPTS\tARGS\tCREATED\tLAST ERROR")
	for _, l := range lines {
		args := string(l.Args)
		if len(args) > 60 {
			args = args[:57] + "..."
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", l.ID, l.Kind, l.State, l.Attempt, l.MaxAttempts, args,
			l.Created.UTC().Format(time.RFC3339), oneLine(l.LastError, 80))
	}
	return tw.Flush()
}

func listSources(ctx context.Context, w io.Writer, db *ingest.DB, asJSON bool) error {
	srcs, err := db.Sources(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		for _, s := range srcs {
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		return nil
	}
	if len(srcs) == 0 {
		fmt.Fprintln(w, "no source polled yet")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tKIND\tITEMS\tLAST POLLED\tLAST SUCCESS\tERRORS\tLAST ERROR")
	for _, s := range srcs {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%d\t%s\n", s.Name, s.Kind, s.Items, fmtWhen(s.LastPolled), fmtWhen(s.LastFetched),
			s.Errors, oneLine(s.LastError, 100))
	}
	return tw.Flush()
}

func fmtWhen(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n-3] + "..."
	}
	return s
}
