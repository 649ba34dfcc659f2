package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store/sqlite"
	"alphadesk/internal/store/sqltest"
)

// scoreDB writes a small deterministic desk: 30 companies in three sectors
// and one ETF, 330 weekdays of prices from 2015-01-01, annual fundamentals
// for all but two companies, and returns its path and a sentiment file.
func scoreDB(t *testing.T) (dbPath, sentimentPath string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "desk.db")
	db, err := sqlite.Open(ctx, dbPath, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var secs []market.Security
	for i := range 30 {
		secs = append(secs, market.Security{Symbol: fmt.Sprintf("C%02d", i), LegalName: fmt.Sprintf("Company %d Inc.", i),
			Sector: market.Sectors[i%3]})
	}
	secs = append(secs, market.Security{Symbol: "SPY", LegalName: "SPDR S&P 500 ETF Trust", ETF: true})
	var days []time.Time
	for d := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC); len(days) < 330; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			days = append(days, d)
		}
	}
	var bars []market.Bar
	for i, s := range secs {
		for u, d := range days {
			c := 40 + float64(i) + float64(u*(i%9-4))/50 + float64((u*7+i*3)%13)/10
			bars = append(bars, market.Bar{Symbol: s.Symbol, Date: d, Open: c, High: c, Low: c, Close: c, Volume: 1000, Source: "test"})
		}
	}
	var facts []market.Fact
	for i, s := range secs[:28] {
		for y := range 2 {
			end := time.Date(2014+y, 12, 31, 0, 0, 0, 0, time.UTC)
			filed := end.AddDate(0, 0, 50)
			add := func(m market.Metric, v float64) {
				f := market.Fact{Symbol: s.Symbol, Metric: m, PeriodEnd: end, Filed: filed, Value: v, FiscalYear: 2014 + y,
					FiscalPeriod: "FY", Unit: "USD", Source: "test"}
				if !m.Instant() {
					f.PeriodStart = end.AddDate(-1, 0, 1)
				}
				facts = append(facts, f)
			}
			rev := float64(1000 + 40*i + 30*y*(i%5))
			ni := rev * float64(4+i%7) / 100
			add(market.Revenue, rev)
			add(market.GrossProfit, rev*float64(30+i%4*5)/100)
			add(market.OperatingIncome, ni*1.3)
			add(market.NetIncome, ni)
			add(market.EPSDiluted, ni/float64(50+i))
			add(market.SharesOutstanding, float64(50+i))
			add(market.TotalAssets, rev*float64(10+i%6)/10)
			add(market.TotalEquity, rev*float64(2+i%4)/10)
			add(market.TotalDebt, rev*float64(i%3)/10)
			add(market.OperatingCashFlow, ni+float64(i%5))
			add(market.CapitalExpend, float64(10+i))
		}
	}
	if err := sqltest.PutAll(ctx, db, secs, bars, facts); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("symbol,date,score\n")
	for i := range 25 {
		for k := range 6 {
			fmt.Fprintf(&b, "C%02d,%s,%.2f\n", i, days[len(days)-1-10*k].Format(market.DateLayout), float64((i*7+k*3)%19-9)/10)
		}
	}
	b.WriteString("ZZZZ,2016-03-01,0.5\n") // unknown symbol: skipped and counted
	sentimentPath = filepath.Join(dir, "stories.csv")
	if err := os.WriteFile(sentimentPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dbPath, sentimentPath
}

// jsonKeys returns the top-level keys of a JSON object in order.
func jsonKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", data)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

type scoreLine struct {
	Symbol   string   `json:"symbol"`
	AsOf     string   `json:"as_of"`
	Score    *float64 `json:"score"`
	Band     *string  `json:"band"`
	Capped   bool     `json:"capped"`
	Coverage int      `json:"coverage"`
	Signals  map[string]struct {
		Score   *float64                   `json:"score"`
		Band    *string                    `json:"band"`
		Metrics map[string]json.RawMessage `json:"metrics"`
	} `json:"signals"`
	Missing     []struct{ Signal, Reason string } `json:"missing"`
	Explanation string                            `json:"explanation"`
}

func parseScoreLines(t *testing.T, out string) []scoreLine {
	t.Helper()
	var lines []scoreLine
	for _, raw := range strings.Split(strings.TrimSpace(out), "\n") {
		if raw == "" {
			continue
		}
		want := []string{"symbol", "as_of", "score", "band", "capped", "coverage", "signals", "missing", "explanation"}
		if got := jsonKeys(t, []byte(raw)); !slices.Equal(got, want) {
			t.Fatalf("keys %v, want %v", got, want)
		}
		var l scoreLine
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("%v: %s", err, raw)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestScoreCommand(t *testing.T) {
	dbPath, sentPath := scoreDB(t)
	code, out, errOut := runCmd(t, nil, "score", "--db", dbPath, "--symbols", "C05,c28,C29")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	lines := parseScoreLines(t, out)
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3 (--symbols filters output):\n%s", len(lines), out)
	}
	c05, c28 := lines[0], lines[1]
	if c05.Symbol != "C05" || c05.AsOf != "2016-04-06" || c05.Score == nil || c05.Coverage != 3 || !c05.Capped || *c05.Band == "" {
		t.Errorf("C05 = %+v, want a capped score with 3 signals as of the last day", c05)
	}
	if len(c05.Signals) != 4 || len(c05.Signals["value"].Metrics) != 5 || len(c05.Missing) != 1 || c05.Missing[0].Signal != "sentiment" {
		t.Errorf("C05 signals %v missing %v", c05.Signals, c05.Missing)
	}
	if c28.Score != nil || c28.Band != nil || c28.Coverage != 1 || !strings.Contains(c28.Explanation, "no fundamentals filed") {
		t.Errorf("C28 (no fundamentals) = %+v, want score null and the reason", c28)
	}
	if !strings.Contains(errOut, "alpha: scored 28 of 30 securities as of 2016-04-06") {
		t.Errorf("stderr %q lacks the summary", errOut)
	}

	// With stories, most companies have all four signals.
	code, out, errOut = runCmd(t, nil, "score", "--db", dbPath, "--sentiment", sentPath, "--as-of", "2016-04-09")
	if code != exitOK {
		t.Fatalf("with sentiment: exit %d, stderr %s", code, errOut)
	}
	full := 0
	for _, l := range parseScoreLines(t, out) {
		if l.Coverage == 4 {
			full++
			if l.Capped || *l.Score > 100 {
				t.Errorf("%s: 4 of 4 signals but capped %v score %v", l.Symbol, l.Capped, *l.Score)
			}
		}
	}
	if full != 25 || !strings.Contains(errOut, "150 stories used, 1 of unknown symbols") {
		t.Errorf("%d companies with 4 signals (want the 25 with stories); stderr %q", full, errOut)
	}

	// The threshold method prints points.
	code, out, _ = runCmd(t, nil, "score", "--db", dbPath, "--method", "thresholds", "--symbols", "C05")
	if code != exitOK || !strings.Contains(out, `"points":`) || strings.Contains(out, `"percentile":`) {
		t.Errorf("thresholds: exit %d, out %s", code, out)
	}
	// An earlier date scores only what was known then.
	code, out, _ = runCmd(t, nil, "score", "--db", dbPath, "--as-of", "2015-02-01", "--symbols", "C05")
	if l := parseScoreLines(t, out); code != exitOK || len(l) != 1 || l[0].Coverage != 0 || l[0].AsOf != "2015-01-30" {
		t.Errorf("as of 2015-02-01: exit %d, %+v", code, l)
	}
}

func TestScoreSave(t *testing.T) {
	dbPath, _ := scoreDB(t)
	for range 2 { // saving again replaces, never duplicates
		if code, _, errOut := runCmd(t, nil, "score", "--db", dbPath, "--save", "--from", "2016-01-01", "--symbols", "C01"); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath, sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hist, err := db.ScoreHistory(ctx, "C01", "alpha", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, r := range hist {
		dates = append(dates, r.AsOf.Format(market.DateLayout))
	}
	if want := []string{"2016-01-29", "2016-02-29", "2016-03-31", "2016-04-06"}; !slices.Equal(dates, want) {
		t.Errorf("saved dates %v, want %v", dates, want)
	}
	latest, err := db.ScoresOn(ctx, "alpha", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 30 {
		t.Errorf("%d scores saved for the latest date, want all 30 companies (not the ETF, whatever --symbols says)", len(latest))
	}
	if r := hist[len(hist)-1]; r.Score == nil || r.Band == "" || r.Coverage != 3 || !r.Capped || r.Momentum == nil || r.Sentiment != nil {
		t.Errorf("saved record %+v", r)
	}
}

func TestScoreEval(t *testing.T) {
	dbPath, sentPath := scoreDB(t)
	code, out, errOut := runCmd(t, nil, "score", "eval", "--db", dbPath, "--json", "--horizon", "10", "--sentiment", sentPath)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, want := jsonKeys(t, []byte(out)), []string{"from", "to", "horizon", "methods"}; !slices.Equal(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
	var ev struct {
		From, To string
		Horizon  int
		Methods  map[string]map[string]map[string]*float64
	}
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Horizon != 10 || ev.From != "2015-12-31" || ev.To != "2016-02-29" {
		t.Errorf("from %s to %s horizon %d", ev.From, ev.To, ev.Horizon)
	}
	for _, m := range []string{"alpha", "thresholds"} {
		for _, s := range []string{"composite", "momentum", "value", "quality", "sentiment"} {
			stat, ok := ev.Methods[m][s]
			if !ok || len(stat) != 5 || stat["coverage"] == nil {
				t.Errorf("%s %s = %v, want ic, ic_t, q5_minus_q1, turnover, coverage", m, s, stat)
			}
		}
	}
	code, out, _ = runCmd(t, nil, "score", "eval", "--db", dbPath, "--horizon", "10")
	for _, want := range []string{"composite", "thresholds IC", "Diagnostics", "return_12_1", "survivorship:", "look-ahead:", "discrimination, alpha"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("table (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
}

func TestScoreUsage(t *testing.T) {
	dbPath, _ := scoreDB(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("symbol,date,score\nC01,2016-01-04,0.5\nC01,2016-01-05,7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"eval flag on score", []string{"score", "--horizon", "5"}, "--horizon belongs to `alphadesk score eval`"},
		{"score flag on eval", []string{"score", "eval", "--as-of", "2016-01-04"}, "--as-of does not apply"},
		{"extra argument", []string{"score", "evaluate"}, "unexpected arguments"},
		{"bad date", []string{"score", "--as-of", "04/01/2016"}, "want a date as YYYY-MM-DD"},
		{"bad weights", []string{"score", "--weights", "1,2"}, "want four comma-separated numbers"},
		{"negative weight", []string{"score", "--weights", "1,-2,1,1"}, "not negative"},
		{"bad method", []string{"score", "--method", "magic"}, "want alpha or thresholds"},
		{"unknown symbol", []string{"score", "--symbols", "NOPE"}, "NOPE is not in the database"},
		{"ETF symbol", []string{"score", "--symbols", "SPY"}, "is an ETF"},
		{"from without save", []string{"score", "--from", "2016-01-01"}, "--from needs --save"},
		{"as-of after the data", []string{"score", "--as-of", "2017-01-01"}, "after the last trading day in the data (2016-04-06)"},
		{"as-of before the data", []string{"score", "--as-of", "2014-01-01"}, "no prices on or before 2014-01-01"},
		{"bad sentiment file", []string{"score", "--sentiment", bad}, "bad.csv:3: score 7 outside [-1, 1]"},
		{"missing sentiment file", []string{"score", "--sentiment", bad + ".nope"}, "no such file"},
		{"horizon zero", []string{"score", "eval", "--horizon", "0"}, "at least 1 trading day"},
		{"to before from", []string{"score", "eval", "--from", "2016-03-01", "--to", "2016-01-01"}, "before --from"},
		{"horizon too long", []string{"score", "eval", "--horizon", "400"}, "no month-end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, nil, append(tc.args, "--db", dbPath)...)
			if code != exitUsage || !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, exitUsage, tc.wantErr)
			}
		})
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if code, _, errOut := runCmd(t, nil, "score", "--db", missing); code != exitUsage || !strings.Contains(errOut, "does not exist") {
		t.Errorf("missing database: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("score created the missing database")
	}
}
