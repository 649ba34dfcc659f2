package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/ingest"
	"alphadesk/internal/market"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// scoreFlags are the flags of `alphadesk score` and `alphadesk score eval`.
type scoreFlags struct {
	asOf, from, to, symbols, method, weights, sentiment string
	horizon                                             int
	save, json                                          bool
}

// Which flags each mode accepts (besides --db).
var (
	scoreOnlyFlags = []string{"as-of", "symbols", "method", "save"}
	evalOnlyFlags  = []string{"to", "horizon", "json"}
)

func init() {
	register(command{
		name:    "score",
		summary: "print Alpha Scores, save their history, or evaluate them (score eval)",
		usage: "[--as-of YYYY-MM-DD] [--db PATH] [--symbols A,B] [--method alpha|thresholds] [--weights M,V,Q,S] [--sentiment FILE] [--save [--from YYYY-MM-DD]]\n" +
			"       alphadesk score eval [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--horizon 21] [--json] [--db PATH] [--weights M,V,Q,S] [--sentiment FILE]",
		help: "Scores every security in the database as of a date (default: the latest trading day with prices) and prints " +
			"one JSON object per security per line: symbol, as_of, score (null when unscored), band, capped, coverage, the four " +
			"signals with the metrics behind them, the missing signals with reasons, and an explanation. --symbols only " +
			"filters what is printed; every security is ranked. Only prices up to the date and fundamentals filed by it are " +
			"used. --sentiment reads story sentiment from a CSV of symbol,date,score lines (score in [-1, 1]) until the " +
			"news pipeline provides it. --save stores the date's scores as score history (saving a date again replaces it); " +
			"with --from it also scores and saves every month-end from that date on.\n\n" +
			"score eval rebalances at every month-end between --from and --to, scores the universe with both methods " +
			"(alpha and the seed site's thresholds) and reports, for the composite and each signal, the mean rank IC " +
			"against forward returns over --horizon trading days, its t-statistic, the top-minus-bottom quintile return, " +
			"top-quintile turnover and coverage. docs/methodology.md describes every rule.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			var f scoreFlags
			fs.StringVar(&f.asOf, "as-of", "", "score as of this `YYYY-MM-DD` (default: the latest trading day in the data)")
			fs.StringVar(&f.symbols, "symbols", "", "print only these comma-separated `SYMBOLS`")
			fs.StringVar(&f.method, "method", "alpha", "scoring `METHOD`: alpha, or thresholds (the seed site's baseline)")
			fs.StringVar(&f.weights, "weights", "30,25,25,20", "composite `WEIGHTS` of momentum,value,quality,sentiment")
			fs.StringVar(&f.sentiment, "sentiment", "", "story sentiment `FILE`: CSV lines symbol,date,score")
			fs.BoolVar(&f.save, "save", false, "save the scores as score history in the database")
			fs.StringVar(&f.from, "from", "", "with --save: also save every month-end from this `YYYY-MM-DD`; eval: first rebalance date")
			fs.StringVar(&f.to, "to", "", "eval: last rebalance `YYYY-MM-DD`")
			fs.IntVar(&f.horizon, "horizon", score.DefaultHorizon, "eval: forward-return horizon in trading `DAYS`")
			fs.BoolVar(&f.json, "json", false, "eval: print one JSON object instead of the table")
			return func(ctx context.Context, e env, args []string) error {
				set := map[string]bool{}
				fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				switch {
				case len(args) == 0:
					if bad := setAmong(set, evalOnlyFlags); bad != "" {
						return usagef("--%s belongs to `alphadesk score eval`", bad)
					}
					if set["from"] && !f.save {
						return usagef("--from needs --save (or use `alphadesk score eval --from`)")
					}
					return runScore(ctx, e, *cfg, f)
				case args[0] == "eval" && len(args) == 1:
					if bad := setAmong(set, scoreOnlyFlags); bad != "" {
						return usagef("--%s does not apply to `alphadesk score eval`", bad)
					}
					return runScoreEval(ctx, e, *cfg, f)
				}
				return usagef("unexpected arguments %q: want no arguments, or eval", args)
			}
		},
	})
}

func setAmong(set map[string]bool, names []string) string {
	for _, n := range names {
		if set[n] {
			return n
		}
	}
	return ""
}

func parseDateFlag(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := market.ParseDate(v)
	if err != nil {
		return time.Time{}, usagef("--%s %q: want a date as YYYY-MM-DD", name, v)
	}
	return d, nil
}

func parseWeights(v string) (score.Weights, error) {
	var w score.Weights
	parts := strings.Split(v, ",")
	if len(parts) != len(w) {
		return w, usagef("--weights %q: want four comma-separated numbers for momentum,value,quality,sentiment", v)
	}
	for k, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return w, usagef("--weights %q: %q is not a number", v, p)
		}
		w[k] = x
	}
	if err := w.Validate(); err != nil {
		return w, usagef("--weights %q: %v", v, err)
	}
	return w, nil
}

// loadPanel reads the scoring panel (bars from `from` to `to`; zero: all)
// with the sentiment file's observations, turning "no prices" into an input
// error that says how to fix it.
func loadPanel(ctx context.Context, st store.Store, from, to time.Time, sentimentFile string) (*score.Panel, ingest.PanelStats, error) {
	var obs []score.Observation
	if sentimentFile != "" {
		var err error
		if obs, err = readSentiment(sentimentFile); err != nil {
			return nil, ingest.PanelStats{}, err
		}
	}
	p, stats, err := ingest.LoadPanel(ctx, st, ingest.PanelOptions{From: from, To: to, Sentiment: obs})
	if errors.Is(err, ingest.ErrNoPrices) {
		if !to.IsZero() {
			return nil, stats, inputError{fmt.Errorf("no prices on or before %s in the database: pick a later --as-of, or import prices (alphadesk import prices FILE)",
				to.Format(market.DateLayout))}
		}
		return nil, stats, inputError{errors.New("no prices in the database: import prices first (alphadesk import prices FILE)")}
	}
	return p, stats, err
}

func readSentiment(path string) ([]score.Observation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputError{fmt.Errorf("sentiment file: %w", err)}
	}
	defer f.Close()
	obs, err := score.ParseSentiment(bufio.NewReader(f), path)
	if err != nil {
		return nil, inputError{err}
	}
	return obs, nil
}

// writePanelNotes describes what loading found.
func writePanelNotes(w io.Writer, n ingest.PanelStats, p *score.Panel) {
	jumps, ignored := p.DataNotes()
	fmt.Fprintf(w, "loaded %d securities, %d daily bars, %d facts; %d splits inferred from share counts (share counts and per-share figures restated to the adjusted prices' basis); %d one-day price moves look like unadjusted splits or bad prices (momentum skips them); %d non-positive closes ignored\n",
		n.Securities, n.Bars, n.Facts, len(n.Splits), jumps, ignored)
	if n.Sentiment+n.SentimentUnknown+n.SentimentOutside > 0 {
		fmt.Fprintf(w, "sentiment: %d stories used, %d of unknown symbols and %d outside the price calendar skipped\n",
			n.Sentiment, n.SentimentUnknown, n.SentimentOutside)
	}
}

func runScore(ctx context.Context, e env, cfg config.Config, f scoreFlags) error {
	method, err := score.ParseMethod(f.method)
	if err != nil {
		return usagef("--method: %v", err)
	}
	weights, err := parseWeights(f.weights)
	if err != nil {
		return err
	}
	asOf, err := parseDateFlag("as-of", f.asOf)
	if err != nil {
		return err
	}
	from, err := parseDateFlag("from", f.from)
	if err != nil {
		return err
	}
	var only map[string]bool
	if f.symbols != "" {
		only = map[string]bool{}
		for _, s := range strings.Split(f.symbols, ",") {
			sym, _, err := market.NormalizeSymbol(s)
			if err != nil {
				return usagef("--symbols: %v", err)
			}
			only[sym] = true
		}
	}
	db, err := openExisting(ctx, cfg.DBPath, f.save)
	if err != nil {
		return err
	}
	defer db.Close()
	// Momentum needs a year of prices before the first date scored.
	start := asOf
	if !from.IsZero() {
		start = from
	}
	loadFrom := time.Time{}
	if !start.IsZero() {
		loadFrom = start.AddDate(-1, -3, 0)
	}
	p, notes, err := loadPanel(ctx, db, loadFrom, asOf, f.sentiment)
	if err != nil {
		return err
	}
	if asOf.IsZero() {
		_, n := p.Len()
		asOf = p.Day(n - 1)
	}
	for sym := range only {
		if p.Column(sym) < 0 {
			return inputError{fmt.Errorf("--symbols: %s is not in the database (or is an ETF, which is not scored)", sym)}
		}
	}
	sc, err := score.NewScorer(score.Options{Method: method, Weights: weights})
	if err != nil {
		return usageError{err.Error()}
	}
	cs, err := sc.Score(p, asOf)
	if err != nil {
		if errors.Is(err, score.ErrAsOf) {
			return inputError{err}
		}
		return err
	}
	out := bufio.NewWriter(e.stdout)
	scored := 0
	records := make([]store.ScoreRecord, 0, cs.Len())
	for i := range cs.Len() {
		r := cs.Result(i)
		if r.Scored() {
			scored++
		}
		records = append(records, ingest.ScoreRecord(r))
		if only != nil && !only[r.Symbol] {
			continue
		}
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	if err := out.Flush(); err != nil {
		return err
	}
	writePanelNotes(e.stderr, notes, p)
	fmt.Fprintf(e.stderr, "%s: scored %d of %d securities as of %s\n", method, scored, cs.Len(), cs.AsOf.Format(market.DateLayout))
	if !f.save {
		return nil
	}
	dates := 0
	if !from.IsZero() {
		ends := p.MonthEnds(from, cs.AsOf.AddDate(0, 0, -1))
		err := sc.History(p, ends, func(h *score.CrossSection) error {
			recs := make([]store.ScoreRecord, 0, h.Len())
			for i := range h.Len() {
				recs = append(recs, ingest.ScoreRecord(h.Result(i)))
			}
			dates++
			return db.SaveScores(ctx, method.String(), h.AsOf, recs)
		})
		if err != nil {
			return err
		}
	}
	if err := db.SaveScores(ctx, method.String(), cs.AsOf, records); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "saved %s scores of %d securities for %d dates to %s\n", method, cs.Len(), dates+1, dbName(cfg.DBPath))
	return nil
}

func runScoreEval(ctx context.Context, e env, cfg config.Config, f scoreFlags) error {
	weights, err := parseWeights(f.weights)
	if err != nil {
		return err
	}
	from, err := parseDateFlag("from", f.from)
	if err != nil {
		return err
	}
	to, err := parseDateFlag("to", f.to)
	if err != nil {
		return err
	}
	if f.horizon < 1 {
		return usagef("--horizon %d: want at least 1 trading day", f.horizon)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return usagef("--to %s is before --from %s", f.to, f.from)
	}
	db, err := openExisting(ctx, cfg.DBPath, false)
	if err != nil {
		return err
	}
	defer db.Close()
	p, notes, err := loadPanel(ctx, db, time.Time{}, time.Time{}, f.sentiment)
	if err != nil {
		return err
	}
	ev, err := score.Evaluate(p, score.EvalOptions{From: from, To: to, Horizon: f.horizon, Weights: weights})
	if err != nil {
		return inputError{err}
	}
	if f.json {
		b, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		writePanelNotes(e.stderr, notes, p)
		return err
	}
	writeEvalTable(e.stdout, ev)
	fmt.Fprintln(e.stdout)
	writePanelNotes(e.stdout, notes, p)
	return nil
}

func writeEvalTable(w io.Writer, ev score.Evaluation) {
	fmt.Fprintf(w, "Alpha Score evaluation: %d month-ends %s … %s, forward returns over %d trading days, mean universe %.0f securities\n\n",
		ev.Rebalances, ev.From.Format(market.DateLayout), ev.To.Format(market.DateLayout), ev.Horizon, ev.Universe)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "series\t")
	for _, m := range score.Methods {
		fmt.Fprintf(tw, "%s IC\tIC t\tQ5−Q1\tturnover\tcoverage\tmonths\t", m)
	}
	fmt.Fprintln(tw)
	rows := []struct {
		name string
		get  func(score.MethodEval) score.Stat
	}{{"composite", func(m score.MethodEval) score.Stat { return m.Composite }}}
	for _, sig := range score.Signals {
		rows = append(rows, struct {
			name string
			get  func(score.MethodEval) score.Stat
		}{sig.String(), func(m score.MethodEval) score.Stat { return m.Signals[sig] }})
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t", r.name)
		for _, m := range score.Methods {
			s := r.get(ev.Methods[m])
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t", fmtNum(s.IC, "%+.4f"), fmtNum(s.ICT, "%+.2f"), fmtNum(100*s.Q5MinusQ1, "%+.2f%%"),
				fmtNum(s.Turnover, "%.2f"), fmtNum(s.Coverage, "%.2f"), s.Dates)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nDiagnostics: each alpha metric alone (raw value, higher is better, where present)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "metric\tsignal\tIC\tIC t\tQ5−Q1\tcoverage\tmonths\t")
	for _, ms := range ev.Metrics {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", ms.Name, ms.Signal, fmtNum(ms.IC, "%+.4f"), fmtNum(ms.ICT, "%+.2f"),
			fmtNum(100*ms.Q5MinusQ1, "%+.2f%%"), fmtNum(ms.Coverage, "%.2f"), ms.Dates)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, m := range score.Methods {
		me := ev.Methods[m]
		if me.MaxTieDate.IsZero() {
			fmt.Fprintf(w, "discrimination, %s: no two scored securities share a score on any date\n", m)
			continue
		}
		fmt.Fprintf(w, "discrimination, %s: at most %.2f%% of scored securities share one score on any date (worst %s)\n",
			m, 100*me.MaxTieShare, me.MaxTieDate.Format(market.DateLayout))
	}
	fmt.Fprint(w, "survivorship: the price file holds only tickers that still traded at its end and the securities list is a "+
		"recent S&P 500, so companies that failed or were acquired are missing; results are on survivors.\n"+
		"look-ahead: fundamentals count from their filing dates (estimated as period end + 90 days when the source has none), "+
		"stories from their dates, prices up to each rebalance date; share counts are restated to the adjusted prices' basis.\n")
}

func fmtNum(v float64, format string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return fmt.Sprintf(format, v)
}
