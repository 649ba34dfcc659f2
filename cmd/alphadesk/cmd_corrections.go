package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"

	"alphadesk/internal/config"
	"alphadesk/internal/newsroom"
)

func init() {
	register(command{
		name:    "corrections",
		summary: "readers' correction reports: list, report, resolve by editing, or dismiss",
		usage: "list [--status open|resolved|dismissed|all] [--json] [--limit N] [--after CURSOR]\n" +
			"       alphadesk corrections report SLUG --text TEXT [--contact CONTACT]\n" +
			"       alphadesk corrections resolve ID FILE --actor NAME --note TEXT [--version N]\n" +
			"       alphadesk corrections dismiss ID --actor NAME --reason TEXT",
		help: "list prints correction reports oldest first (default: the open ones, the corrections queue); --json " +
			"prints one JSON object per report per line.\n\n" +
			"report files a reader's report on a published story, as the site's correction form does (10 to 5000 " +
			"characters; the contact is optional and never published).\n\n" +
			"resolve fixes the story: FILE is the corrected text (our JSON draft or plain text; - reads standard " +
			"input), stored as a new version and re-checked by the publishing rules (blocking findings: nothing " +
			"is saved), and --note is the correction note shown, dated, on the story. dismiss closes a report " +
			"without changing the story; the reason is kept for editors. Both are recorded in the audit log.\n\n" +
			"Exit status: 0 done; 1 not allowed (the report is already closed, the fix has blocking findings); " +
			"2 bad arguments, an unknown report or story, or unreadable input.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			f := declareReviewFlags(fs, "corrections")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) == 0 {
					return usagef("missing subcommand: want list, report, resolve or dismiss")
				}
				f.visit(fs, args[0])
				switch args[0] {
				case "list":
					return f.run(ctx, e, cfg, args, 0, []string{"status", "json", "limit", "after"}, runCorrectionsList)
				case "report":
					return f.run(ctx, e, cfg, args, 1, []string{"text", "contact"}, runCorrectionsReport)
				case "resolve":
					return f.run(ctx, e, cfg, args, 2, []string{"actor", "note", "version"}, runCorrectionsResolve)
				case "dismiss":
					return f.run(ctx, e, cfg, args, 1, []string{"actor", "reason"}, runCorrectionsDismiss)
				}
				return usagef("unknown subcommand %q: want list, report, resolve or dismiss", args[0])
			}
		},
	})
}

func runCorrectionsList(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, _ []string) error {
	status, err := newsroom.ParseCorrectionStatus(f.status)
	if err != nil {
		return err
	}
	page, err := svc.Corrections(ctx, newsroom.CorrectionFilter{Status: status, Limit: f.limit, After: f.after})
	if err != nil {
		return err
	}
	if f.json {
		for _, c := range page.Corrections {
			if err := writeJSONLine(e.stdout, c); err != nil {
				return err
			}
		}
	} else if len(page.Corrections) == 0 {
		fmt.Fprintln(e.stdout, "No correction reports.")
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tREPORTED\tSTATUS\tSTORY\tTEXT")
		for _, c := range page.Corrections {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.ID, c.Created.Format("2006-01-02 15:04"), c.Status, c.Slug, clip(c.Text, 70))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if page.Next != "" {
		fmt.Fprintf(e.stderr, "more reports: add --after %s\n", page.Next)
	}
	return nil
}

func runCorrectionsReport(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, args []string) error {
	c, err := svc.ReportCorrection(ctx, newsroom.CorrectionReport{Slug: args[0], Text: f.text, Contact: f.contact})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "correction %d on %s is %s\n", c.ID, c.Slug, c.Status)
	return nil
}

func parseCorrectionID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("correction ID %q: want the number 'alphadesk corrections list' prints", s)
	}
	return id, nil
}

func runCorrectionsResolve(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, db *database, args []string) error {
	id, err := parseCorrectionID(args[0])
	if err != nil {
		return err
	}
	d, err := readDraftFile(e, args[1])
	if err != nil {
		return err
	}
	c, err := svc.Correction(ctx, id)
	if err != nil {
		return err
	}
	check, err := storyChecker(ctx, svc, db, c.Slug)
	if err != nil {
		return err
	}
	c, v, err := svc.ResolveCorrection(ctx, id, newsroom.ResolveRequest{Draft: d, Actor: f.actor, Note: f.note, Version: f.version}, check)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "correction %d resolved by %s on %s: %s\n", c.ID, c.Actor, stampUTC(c.Resolved), c.Note)
	st, err := svc.Story(ctx, c.Slug)
	if err != nil {
		return err
	}
	printNewVersion(e.stdout, "corrected", st.Story, v)
	return nil
}

func runCorrectionsDismiss(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, args []string) error {
	id, err := parseCorrectionID(args[0])
	if err != nil {
		return err
	}
	c, err := svc.DismissCorrection(ctx, id, f.review())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "correction %d dismissed by %s: %s\n", c.ID, c.Actor, c.Note)
	return nil
}
