package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/draft"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/rulecheck"
	"alphadesk/internal/rules"
	"alphadesk/internal/store"
)

// reviewFlags are the flags of `alphadesk review`, `stories` and
// `corrections`; each subcommand accepts the ones listed in its usage.
type reviewFlags struct {
	json                  bool
	limit, version        int
	after, actor, reason  string
	status, category, sym string
	sector, sentiment     string
	text, contact, note   string
	// set holds the flags given on the command line.
	set                 map[string]bool
	command, subcommand string
}

func init() {
	register(command{
		name:    "review",
		summary: "the review queue: list, show, approve, reject or edit held stories",
		usage: "list [--json] [--limit N] [--after CURSOR]\n" +
			"       alphadesk review show SLUG [--json]\n" +
			"       alphadesk review approve SLUG --actor NAME [--reason TEXT] [--version N]\n" +
			"       alphadesk review reject SLUG --actor NAME --reason TEXT [--version N]\n" +
			"       alphadesk review edit SLUG FILE --actor NAME --reason TEXT [--version N]",
		help: "list prints the review queue: held stories, longest waiting first, with the findings that hold or " +
			"block them; --json prints one JSON object per story per line (the shape of 'alphadesk stories list " +
			"--json'). When there are more stories than --limit, the cursor of the next page is printed on " +
			"standard error; pass it back with --after.\n\n" +
			"show prints any story (held or not) with its current text, the findings marked in the text as " +
			"⟦n …⟧, its sources, tags, versions, corrections and audit log; --json prints the whole record as one " +
			"JSON object, with \"text\" the current version's text that every finding's draft_span points into.\n\n" +
			"approve publishes a held story and stamps it as reviewed; a story whose current version has blocking " +
			"findings must be edited first. reject takes a story out of the queue with a reason. edit stores a new " +
			"version from FILE (our JSON draft, or plain text laid out as headline, dek, paragraphs and \"- \" " +
			"bullets; - reads standard input) and re-checks it with the publishing rules against the story's " +
			"stored sources and our market data: a held or rejected story returns to the queue with the new " +
			"findings (approve it to publish), a published story stays published unless the edit has blocking " +
			"findings, in which case nothing is saved. --version names the version you reviewed: if the story " +
			"has changed since, the decision is refused. Every decision is recorded in the audit log with " +
			"--actor and --reason.\n\n" +
			"Exit status: 0 done; 1 the action is not allowed in the story's state (approving a published story, " +
			"an edit with blocking findings, a story changed since --version); 2 bad arguments, an unknown " +
			"story or unreadable input.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			f := declareReviewFlags(fs, "review")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) == 0 {
					return usagef("missing subcommand: want list, show, approve, reject or edit")
				}
				f.visit(fs, args[0])
				switch args[0] {
				case "list":
					return f.run(ctx, e, cfg, args, 0, []string{"json", "limit", "after"}, runReviewList)
				case "show":
					return f.run(ctx, e, cfg, args, 1, []string{"json"}, runReviewShow)
				case "approve":
					return f.run(ctx, e, cfg, args, 1, []string{"actor", "reason", "version"}, runReviewApprove)
				case "reject":
					return f.run(ctx, e, cfg, args, 1, []string{"actor", "reason", "version"}, runReviewReject)
				case "edit":
					return f.run(ctx, e, cfg, args, 2, []string{"actor", "reason", "version"}, runReviewEdit)
				}
				return usagef("unknown subcommand %q: want list, show, approve, reject or edit", args[0])
			}
		},
	})
}

// declareReviewFlags declares every newsroom flag on fs.
func declareReviewFlags(fs *flag.FlagSet, command string) *reviewFlags {
	f := &reviewFlags{command: command}
	fs.BoolVar(&f.json, "json", false, "print JSON (list: one object per line)")
	fs.IntVar(&f.limit, "limit", newsroom.DefaultLimit, fmt.Sprintf("list: page size, 1 to %d", newsroom.MaxLimit))
	fs.StringVar(&f.after, "after", "", "list: the `CURSOR` of the next page, as a previous list printed it")
	fs.StringVar(&f.actor, "actor", "", "who is deciding, for the audit log (`NAME`)")
	fs.StringVar(&f.reason, "reason", "", "why, for the audit log (`TEXT`)")
	fs.IntVar(&f.version, "version", 0, "the story version `N` you reviewed (refused if the story has changed since)")
	switch command {
	case "stories":
		fs.StringVar(&f.status, "status", "", "list only stories in this `STATUS`: draft, held, published or rejected")
		fs.StringVar(&f.category, "category", "", "list only this `CATEGORY`: Stocks, Earnings, Deals, Filings or Macro")
		fs.StringVar(&f.sym, "symbol", "", "list only stories tagged with `SYMBOL`")
		fs.StringVar(&f.sector, "sector", "", "list only stories tagged with a company in this GICS `SECTOR`")
		fs.StringVar(&f.sentiment, "sentiment", "", "list only stories with this `SENTIMENT`: positive, negative or neutral")
	case "corrections":
		fs.StringVar(&f.status, "status", "open", "list reports in this `STATUS`: open, resolved, dismissed or all")
		fs.StringVar(&f.text, "text", "", "report: what is wrong (`TEXT`)")
		fs.StringVar(&f.contact, "contact", "", "report: how to reach the reader (optional, never published)")
		fs.StringVar(&f.note, "note", "", "resolve: the correction note shown, dated, on the story (`TEXT`)")
	}
	return f
}

// visit records the subcommand and the flags given.
func (f *reviewFlags) visit(fs *flag.FlagSet, subcommand string) {
	f.subcommand, f.set = subcommand, map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
}

// run checks the subcommand's arguments and flags, opens the database and
// calls fn.
func (f *reviewFlags) run(ctx context.Context, e env, cfg *config.Config, args []string, nargs int, allowed []string,
	fn func(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, db *database, args []string) error) error {
	if len(args)-1 != nargs {
		return usagef("%s %s takes %d argument(s), got %d: %q", f.command, f.subcommand, nargs, len(args)-1, args[1:])
	}
	for name := range f.set {
		if name == "db" {
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return usagef("--%s does not apply to `alphadesk %s %s`", name, f.command, f.subcommand)
		}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	db, svc, err := openNewsroom(ctx, *cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return newsroomError(fn(ctx, e, f, svc, db, args[1:]))
}

// openNewsroom opens an existing, current database and its newsroom.
func openNewsroom(ctx context.Context, cfg config.Config) (*database, *newsroom.Service, error) {
	db, err := openExisting(ctx, cfg.DBPath, false)
	if err != nil {
		return nil, nil, err
	}
	return db, newsroom.NewService(db.Newsroom, newsroom.Options{}), nil
}

// newsroomError maps newsroom errors to exit statuses: unknown records and
// bad input are usage errors (2); refused actions fail (1).
func newsroomError(err error) error {
	if err != nil && (errors.Is(err, newsroom.ErrNotFound) || errors.Is(err, newsroom.ErrInvalid)) {
		return inputError{err}
	}
	return err
}

// storyLine is the JSON object `stories list --json` and `review list
// --json` print for each story.
type storyLine struct {
	Slug         string             `json:"slug"`
	Status       newsroom.Status    `json:"status"`
	Category     newsroom.Category  `json:"category"`
	Headline     string             `json:"headline"`
	Tickers      []string           `json:"tickers"`
	Decision     newsroom.Decision  `json:"decision"`
	Findings     []newsroom.Finding `json:"findings"`
	Version      int                `json:"version"`
	DraftedBy    string             `json:"drafted_by"`
	Sentiment    newsroom.Sentiment `json:"sentiment,omitzero"`
	Updated      time.Time          `json:"updated"`
	StatusAt     time.Time          `json:"status_at"`
	Published    time.Time          `json:"published,omitzero"`
	LastReviewed time.Time          `json:"last_reviewed,omitzero"`
}

func toStoryLine(s newsroom.Summary) storyLine {
	return storyLine{Slug: s.Slug, Status: s.Status, Category: s.Category, Headline: s.Headline, Tickers: s.Tickers,
		Decision: s.Decision, Findings: s.Findings, Version: s.Version, DraftedBy: s.DraftedBy, Sentiment: s.Sentiment,
		Updated: s.Updated, StatusAt: s.StatusAt, Published: s.Published, LastReviewed: s.LastReviewed}
}

// printStoryPage prints a listing as JSON lines or a table, and the next
// page's cursor on stderr.
func printStoryPage(e env, f *reviewFlags, page newsroom.StoryPage, empty string) error {
	if f.json {
		for _, s := range page.Stories {
			if err := writeJSONLine(e.stdout, toStoryLine(s)); err != nil {
				return err
			}
		}
	} else if len(page.Stories) == 0 {
		fmt.Fprintln(e.stdout, empty)
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SINCE\tSTATUS\tSLUG\tTICKERS\tFINDINGS\tHEADLINE")
		for _, s := range page.Stories {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.StatusAt.Format("2006-01-02 15:04"), s.Status, s.Slug,
				strings.Join(s.Tickers, ","), findingCounts(s.Findings), clip(s.Headline, 70))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if page.Next != "" {
		fmt.Fprintf(e.stderr, "more stories: add --after %s\n", page.Next)
	}
	return nil
}

// findingCounts summarises findings: "block: quote.verbatim; hold: number.traced ×2".
func findingCounts(fs []newsroom.Finding) string {
	if len(fs) == 0 {
		return "-"
	}
	var parts []string
	for _, sev := range []newsroom.Severity{newsroom.SeverityBlock, newsroom.SeverityHold, newsroom.SeverityInfo} {
		n := map[string]int{}
		var order []string
		for _, f := range fs {
			if f.Severity == sev {
				if n[f.Rule] == 0 {
					order = append(order, f.Rule)
				}
				n[f.Rule]++
			}
		}
		for i, r := range order {
			if n[r] > 1 {
				order[i] = fmt.Sprintf("%s ×%d", r, n[r])
			}
		}
		if len(order) > 0 {
			parts = append(parts, string(sev)+": "+strings.Join(order, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func runReviewList(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, _ []string) error {
	page, err := svc.ReviewQueue(ctx, f.limit, f.after)
	if err != nil {
		return err
	}
	return printStoryPage(e, f, page, "The review queue is empty.")
}

// storyJSON is what `review show --json` prints.
type storyJSON struct {
	newsroom.Detail
	// Text is the current version's text as the rules read it; findings'
	// draft spans are byte ranges in it.
	Text string `json:"text"`
}

func runReviewShow(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, args []string) error {
	d, err := svc.Story(ctx, args[0])
	if err != nil {
		return err
	}
	text := rulecheck.Text(d.Current().Draft)
	if f.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(storyJSON{Detail: d, Text: text})
	}
	writeStory(e.stdout, d, text)
	return nil
}

// writeStory prints a story for an editor's terminal.
func writeStory(w io.Writer, d newsroom.Detail, text string) {
	cur := d.Current()
	fmt.Fprintf(w, "%s\n\n", cur.Headline)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  slug\t%s\n", d.Slug)
	fmt.Fprintf(tw, "  status\t%s since %s · %s · version %d\n", d.Status, stampUTC(d.StatusAt), d.Category, d.Version)
	fmt.Fprintf(tw, "  produced\tdrafted by %s · decision %s · rules %s\n", cur.DraftedBy, orDash(string(cur.Decision)), orDash(strings.Join(cur.Rules, ", ")))
	if !d.Published.IsZero() {
		fmt.Fprintf(tw, "  published\t%s\n", stampUTC(d.Published))
	}
	if d.LastReviewed.IsZero() {
		fmt.Fprintf(tw, "  reviewed\tnever (decided by the pipeline)\n")
	} else {
		fmt.Fprintf(tw, "  reviewed\t%s by %s\n", stampUTC(d.LastReviewed), d.LastReviewedBy)
	}
	var tags []string
	for _, t := range d.Tags {
		s := fmt.Sprintf("%s (confidence %.2f, salience %.2f", t.Symbol, t.Confidence, t.Salience)
		if t.Sentiment.Label != "" {
			s += fmt.Sprintf(", %s %+.2f", t.Sentiment.Label, t.Sentiment.Score)
		}
		tags = append(tags, s+")")
	}
	fmt.Fprintf(tw, "  tickers\t%s\n", orDash(strings.Join(tags, "; ")))
	if d.Sentiment.Label != "" {
		fmt.Fprintf(tw, "  sentiment\t%s %+.2f\n", d.Sentiment.Label, d.Sentiment.Score)
	}
	tw.Flush()

	shown := newsroom.Blocking(cur.Findings)
	fmt.Fprintf(w, "\nFindings (%d that hold or block; %d info not shown):\n", len(shown), len(cur.Findings)-len(shown))
	if len(shown) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for i, fd := range shown {
		where := "the whole story"
		if fd.DraftSpan[0] > 0 || fd.DraftSpan[1] < len(text) {
			where = fmt.Sprintf("«%s»", clip(spanText(text, fd.DraftSpan), 60))
		}
		fmt.Fprintf(w, "  %d. %-5s %s at %s: %s\n", i+1, fd.Severity, fd.Rule, where, fd.Message)
	}
	fmt.Fprintf(w, "\nText (findings marked ⟦n …⟧):\n\n%s\n", indent(markFindings(text, shown), "  "))

	fmt.Fprintf(w, "\nSources:\n")
	for i, s := range d.Sources {
		fmt.Fprintf(w, "  %d. %s", i, orDash(s.Name))
		if s.Kind != "" {
			fmt.Fprintf(w, " (%s)", s.Kind)
		}
		if s.URL != "" {
			fmt.Fprintf(w, " %s", s.URL)
		}
		fmt.Fprintf(w, " [item %s, %d bytes of text]\n", s.ItemKey, len(s.Text))
	}
	fmt.Fprintf(w, "\nVersions:\n")
	vw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range d.Versions {
		fmt.Fprintf(vw, "  %d\t%s\t%s\t%s\t%s\t%s\n", v.Number, stampUTC(v.Created), v.Change, v.Actor, orDash(string(v.Decision)), clip(v.Reason, 60))
	}
	vw.Flush()
	if len(d.Corrections) > 0 {
		fmt.Fprintf(w, "\nCorrections:\n")
		for _, c := range d.Corrections {
			fmt.Fprintf(w, "  #%d %s %s: %s\n", c.ID, c.Status, stampUTC(c.Created), clip(c.Text, 70))
			if c.Note != "" {
				fmt.Fprintf(w, "     %s by %s on %s: %s\n", c.Status, c.Actor, stampUTC(c.Resolved), c.Note)
			}
		}
	}
	fmt.Fprintf(w, "\nAudit log:\n")
	aw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, a := range d.Audit {
		fmt.Fprintf(aw, "  %s\t%s\t%s\t%s→%s\t%s\n", stampUTC(a.At), a.Actor, a.Action, a.From, a.To, clip(a.Reason, 80))
	}
	aw.Flush()
}

func stampUTC(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func spanText(text string, span [2]int) string {
	if span[0] < 0 || span[1] > len(text) || span[0] > span[1] {
		return ""
	}
	return text[span[0]:span[1]]
}

// markFindings wraps each finding's span in ⟦n …⟧, skipping spans that
// cover the whole text or overlap an earlier mark.
func markFindings(text string, fs []newsroom.Finding) string {
	type mark struct{ start, end, n int }
	var marks []mark
	for i, f := range fs {
		s, e := f.DraftSpan[0], f.DraftSpan[1]
		if s < 0 || e > len(text) || s >= e || (s == 0 && e == len(text)) {
			continue
		}
		marks = append(marks, mark{s, e, i + 1})
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	var b strings.Builder
	at := 0
	for _, m := range marks {
		if m.start < at {
			continue
		}
		b.WriteString(text[at:m.start])
		fmt.Fprintf(&b, "⟦%d %s⟧", m.n, text[m.start:m.end])
		at = m.end
	}
	b.WriteString(text[at:])
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

func (f *reviewFlags) review() newsroom.Review {
	return newsroom.Review{Actor: f.actor, Reason: f.reason, Version: f.version}
}

func runReviewApprove(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, args []string) error {
	st, err := svc.Approve(ctx, args[0], f.review())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "approved %s: published %s, last reviewed %s by %s\n", st.Slug, stampUTC(st.Published), stampUTC(st.LastReviewed), st.LastReviewedBy)
	return nil
}

func runReviewReject(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, _ *database, args []string) error {
	st, err := svc.Reject(ctx, args[0], f.review())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "rejected %s by %s: %s\n", st.Slug, st.LastReviewedBy, f.reason)
	return nil
}

// readDraftFile reads an edit: our JSON draft or plain text ("-": stdin).
func readDraftFile(e env, path string) (newsroom.Draft, error) {
	var (
		data []byte
		err  error
	)
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(e.stdin, draft.MaxDraftBytes+1))
	} else {
		var fh *os.File
		if fh, err = os.Open(path); err == nil {
			data, err = io.ReadAll(io.LimitReader(fh, draft.MaxDraftBytes+1))
			fh.Close()
		}
	}
	if err != nil {
		return newsroom.Draft{}, inputError{fmt.Errorf("read draft %s: %w", path, err)}
	}
	d, _, err := draft.Decode(data)
	if err != nil {
		return newsroom.Draft{}, inputError{fmt.Errorf("read draft %s: %w", path, err)}
	}
	return rulecheck.FromDraft(d), nil
}

// storyChecker builds the re-check for an edit of the story: the rules
// over its stored sources, with our market data for its main security.
func storyChecker(ctx context.Context, svc *newsroom.Service, db *database, slug string) (newsroom.Checker, error) {
	d, err := svc.Story(ctx, slug)
	if err != nil {
		return nil, err
	}
	var m rules.Market
	if len(d.Tags) > 0 {
		m = marketFor(ctx, db, d.Tags[0].Symbol)
	}
	return rulecheck.ForStory(d, m)
}

// marketFor reads our market data for a symbol: its latest price and day
// change, exchange and latest Alpha Score. Missing data stays unknown.
func marketFor(ctx context.Context, st store.Store, symbol string) rules.Market {
	m := rules.Market{Symbol: symbol}
	if sec, err := st.Security(ctx, symbol); err == nil {
		m.Exchange = string(sec.Exchange)
	}
	if qs, err := st.Quotes(ctx, store.SecurityFilter{Query: symbol}); err == nil {
		for _, q := range qs {
			if q.Security.Symbol != symbol || !q.HasPrice() {
				continue
			}
			price := q.Last.Close
			m.Price = &price
			if _, pct, ok := q.Change(); ok {
				m.DayChangePct = &pct
			}
		}
	}
	if recs, err := st.ScoreHistory(ctx, symbol, "alpha", time.Time{}, time.Time{}); err == nil && len(recs) > 0 {
		m.AlphaScore = recs[len(recs)-1].Score
	}
	return m
}

func runReviewEdit(ctx context.Context, e env, f *reviewFlags, svc *newsroom.Service, db *database, args []string) error {
	slug := args[0]
	d, err := readDraftFile(e, args[1])
	if err != nil {
		return err
	}
	check, err := storyChecker(ctx, svc, db, slug)
	if err != nil {
		return err
	}
	st, v, err := svc.Edit(ctx, slug, newsroom.EditRequest{Draft: d, Actor: f.actor, Reason: f.reason, Version: f.version}, check)
	if err != nil {
		return err
	}
	printNewVersion(e.stdout, "edited", st, v)
	return nil
}

// printNewVersion reports a version an edit or correction created.
func printNewVersion(w io.Writer, verb string, st newsroom.Story, v newsroom.Version) {
	fmt.Fprintf(w, "%s %s: version %d, decision %s, status %s\n", verb, st.Slug, v.Number, v.Decision, st.Status)
	text := rulecheck.Text(v.Draft)
	for _, fd := range newsroom.Blocking(v.Findings) {
		fmt.Fprintf(w, "  %-5s %s «%s»: %s\n", fd.Severity, fd.Rule, clip(spanText(text, fd.DraftSpan), 60), fd.Message)
	}
	if st.Status == newsroom.StatusHeld {
		fmt.Fprintf(w, "The story is in the review queue: approve it with `alphadesk review approve %s --actor NAME`.\n", st.Slug)
	}
}
