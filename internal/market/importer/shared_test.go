package importer

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
)

// sharedData returns the folder of real public datasets (read-only, never
// copied into the repository), or skips the test when it is absent. Set
// ALPHADESK_SHARED_DATA to point elsewhere.
func sharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ALPHADESK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared/data not present: %v", err)
	}
	return dir
}

// sharedFile returns the path of a file in the shared data folder.
func sharedFile(t testing.TB, rel string) string {
	t.Helper()
	path := filepath.Join(sharedData(t), rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared/data file not present: %v", err)
	}
	return path
}

// counted is what parsing a whole real file gave.
type counted struct {
	format  string
	records int
	bad     []RowError
	skipped map[string]int
	symbols map[string]int
	secs    map[string]market.Security
	facts   []market.Fact
	first   market.Bar
	last    market.Bar
}

// parseFile detects and parses a real file, checking every record.
func parseFile(t *testing.T, path string, kind Kind, opts Options) counted {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := decode(f)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := in.Peek(8 << 10)
	format, err := Detect(kind, path, head)
	if err != nil {
		t.Fatal(err)
	}
	c := counted{format: format.Name, skipped: map[string]int{}, symbols: map[string]int{}, secs: map[string]market.Security{}}
	opts.File = path
	check := func(err error) error {
		if err != nil {
			t.Errorf("%s: invalid record: %v", filepath.Base(path), err)
		}
		return nil
	}
	err = parse(context.Background(), in, format, opts, Sink{
		Security: func(_ int, s market.Security) error {
			c.records++
			c.symbols[s.Symbol]++
			c.secs[s.Symbol] = s
			return check(s.Validate())
		},
		Bar: func(_ int, b market.Bar) error {
			if c.records == 0 {
				c.first = b
			}
			c.last = b
			c.records++
			c.symbols[b.Symbol]++
			return check(b.Validate())
		},
		Facts: func(_ int, fs []market.Fact) error {
			c.records += len(fs)
			for _, f := range fs {
				c.symbols[f.Symbol]++
				c.facts = append(c.facts, f)
				check(f.Validate())
			}
			return nil
		},
		Bad: func(e RowError) error {
			c.bad = append(c.bad, e)
			return nil
		},
		Skip: func(r string) { c.skipped[r]++ },
	})
	if err != nil {
		t.Fatalf("Parse %s: %v", path, err)
	}
	return c
}

func TestSharedSecurities(t *testing.T) {
	t.Parallel()
	sharedData(t)
	tests := []struct {
		file, format string
		records, bad int
		skipped      map[string]int
		symbol       string
		wantSecurity market.Security
	}{
		{"sec/company_tickers.json", "sec-tickers", 10218, 0, nil,
			"BRK.B", market.Security{Symbol: "BRK.B", ShareClass: "B", LegalName: "BERKSHIRE HATHAWAY INC", CIK: 1067983}},
		{"sec/company_tickers_exchange.json", "sec-tickers-exchange", 10218, 0, nil,
			"AAPL", market.Security{Symbol: "AAPL", LegalName: "Apple Inc.", CIK: 320193, Exchange: market.NASDAQ}},
		// One row has the ticker "NONE.", which is no symbol.
		{"sec/company_tickers_exchange_2026-08-22.json", "sec-tickers-exchange", 10402, 1, nil,
			"NVDA", market.Security{Symbol: "NVDA", LegalName: "NVIDIA CORP", CIK: 1045810, Exchange: market.NASDAQ}},
		{"symbols/nasdaqlisted.txt", "nasdaqlisted", 4965, 0, map[string]int{"test issue": 8},
			"AAPL", market.Security{Symbol: "AAPL", LegalName: "Apple Inc.", Exchange: market.NASDAQ}},
		{"symbols/otherlisted.txt", "otherlisted", 6581, 0, map[string]int{"test issue": 25},
			"BRK.B", market.Security{Symbol: "BRK.B", ShareClass: "B", LegalName: "Berkshire Hathaway Inc. New", Exchange: market.NYSE}},
		{"sp500/constituents.csv", "sp500-constituents", 503, 0, nil,
			"GOOGL", market.Security{Symbol: "GOOGL", Name: "Alphabet Inc.", CIK: 1652044, Sector: market.CommunicationServices, Industry: "Interactive Media & Services"}},
		{"fundamentals/securities.csv", "nyse-securities", 505, 0, nil,
			"T", market.Security{Symbol: "T", Name: "AT&T Inc", CIK: 732717, Sector: market.CommunicationServices, Industry: "Integrated Telecommunications Services"}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			t.Parallel()
			c := parseFile(t, sharedFile(t, tt.file), Securities, Options{})
			if c.format != tt.format {
				t.Errorf("detected %s, want %s", c.format, tt.format)
			}
			if c.records != tt.records || len(c.bad) != tt.bad {
				t.Errorf("got %d records and %d bad %q, want %d and %d", c.records, len(c.bad), reasons(c.bad[:min(len(c.bad), 10)]), tt.records, tt.bad)
			}
			want := tt.skipped
			if want == nil {
				want = map[string]int{}
			}
			if !reflect.DeepEqual(c.skipped, want) {
				t.Errorf("skipped %v, want %v", c.skipped, want)
			}
			if got := c.secs[tt.symbol]; !reflect.DeepEqual(got, tt.wantSecurity) {
				t.Errorf("%s: got %+v, want %+v", tt.symbol, got, tt.wantSecurity)
			}
		})
	}
}

func TestSharedPrices(t *testing.T) {
	t.Parallel()
	sharedData(t)
	bar := func(sym, date string, o, h, l, c, v float64, src string) market.Bar {
		return market.Bar{Symbol: sym, Date: day(date), Open: o, High: h, Low: l, Close: c, Volume: v, Source: src}
	}
	tests := []struct {
		file, format  string
		bars, tickers int
		bad           int
		skipped       map[string]int
		first, last   market.Bar
	}{
		// 1,054,867 rows: 24 are vendor errors market.Bar.Validate refuses,
		// mostly a decimal point slipped ("AVB 2012-11-19: low 110.64
		// above high 11.696").
		{"prices/stooq_huge_sp500_2009-2017.csv.gz", "stooq-long", 1054867 - 24, 494, 24, nil,
			bar("A", "2009-01-02", 10.53, 11.003, 10.471, 10.964, 4488804, "stooq"),
			bar("ZTS", "2017-11-10", 0, 0, 0, 0, 0, "stooq")},
		// 619,040 rows: 12 have open or close outside low..high (the 19
		// with a missing open, high or low are filled and kept).
		{"prices/all_stocks_5yr.csv.gz", "kaggle-5yr", 619040 - 12, 505, 12, nil,
			bar("AAL", "2013-02-08", 15.07, 15.12, 14.63, 14.75, 8407500, "kaggle-sp500-5yr"),
			bar("ZTS", "2018-02-07", 0, 0, 0, 0, 0, "kaggle-sp500-5yr")},
		{"fixtures/stooq/aapl_us_d.csv.gz", "stooq-daily", 10432, 1, 0, nil,
			bar("AAPL", "1984-09-07", 0.0992653, 0.100484, 0.0980668, 0.0992653, 99149603, "stooq"),
			bar("AAPL", "2026-02-03", 0, 0, 0, 0, 0, "stooq")},
		{"fixtures/stooq/msft_us_d.csv.gz", "stooq-daily", 10052, 1, 0, nil,
			bar("MSFT", "1986-03-13", 0, 0, 0, 0, 0, "stooq"),
			bar("MSFT", "2026-02-06", 399.165, 401.79, 392.92, 401.14, 53515311, "stooq")},
		{"fixtures/stooq/goog.us.txt.gz", "stooq-bulk", 1666, 1, 0, nil,
			bar("GOOG", "2014-03-27", 568, 568, 552.92, 558.46, 13052, "stooq"),
			bar("GOOG", "2020-11-04", 0, 0, 0, 0, 0, "stooq")},
		{"fixtures/stooq/aapl.us_quote_2020-10-23.csv", "stooq-quote", 1, 1, 0, nil,
			bar("AAPL", "2020-10-23", 116.39, 116.55, 114.28, 115.05, 82386626, "stooq"),
			bar("AAPL", "2020-10-23", 116.39, 116.55, 114.28, 115.05, 82386626, "stooq")},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			t.Parallel()
			c := parseFile(t, sharedFile(t, tt.file), Prices, Options{})
			if c.format != tt.format {
				t.Errorf("detected %s, want %s", c.format, tt.format)
			}
			if c.records != tt.bars || len(c.symbols) != tt.tickers || len(c.bad) != tt.bad {
				t.Errorf("got %d bars of %d tickers, %d bad %q; want %d, %d, %d",
					c.records, len(c.symbols), len(c.bad), reasons(c.bad[:min(len(c.bad), 10)]), tt.bars, tt.tickers, tt.bad)
			}
			want := tt.skipped
			if want == nil {
				want = map[string]int{}
			}
			if !reflect.DeepEqual(c.skipped, want) {
				t.Errorf("skipped %v, want %v", c.skipped, want)
			}
			// A zero price in the table means "only the symbol and date are checked".
			for _, p := range []struct {
				name      string
				got, want market.Bar
			}{{"first", c.first, tt.first}, {"last", c.last, tt.last}} {
				got := p.got
				if p.want.Close == 0 {
					got.Open, got.High, got.Low, got.Close, got.Volume = 0, 0, 0, 0, 0
				}
				if got != p.want {
					t.Errorf("%s bar %+v, want %+v", p.name, p.got, p.want)
				}
			}
		})
	}
}

// findFact returns the fact of metric m for the period ending end and filed
// on filed; start is checked for flows.
func findFact(t *testing.T, facts []market.Fact, m market.Metric, start, end, filed string) market.Fact {
	t.Helper()
	for _, f := range facts {
		if f.Metric == m && f.PeriodEnd.Equal(day(end)) && f.Filed.Equal(day(filed)) &&
			(start == "" && f.PeriodStart.IsZero() || start != "" && f.PeriodStart.Equal(day(start))) {
			return f
		}
	}
	t.Fatalf("no %s fact for %s..%s filed %s", m, start, end, filed)
	return market.Fact{}
}

// checkFactKeys fails when two facts share the store's key.
func checkFactKeys(t *testing.T, facts []market.Fact) {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range facts {
		k := factKeyString(f)
		if seen[k] {
			t.Errorf("two facts with key %s", k)
		}
		seen[k] = true
	}
}

func TestSharedKaggleFundamentals(t *testing.T) {
	t.Parallel()
	c := parseFile(t, sharedFile(t, "fundamentals/fundamentals.csv"), Fundamentals, Options{})
	if c.format != "kaggle-fundamentals" {
		t.Errorf("detected %s, want kaggle-fundamentals", c.format)
	}
	// 1,781 rows × 12 metrics, less EPS and shares on the 219 rows without them.
	if want := 1781*12 - 219*2; c.records != want || len(c.symbols) != 448 || len(c.bad) != 0 {
		t.Errorf("got %d facts of %d tickers, %d bad %q; want %d, 448, 0", c.records, len(c.symbols), len(c.bad), reasons(c.bad[:min(10, len(c.bad))]), want)
	}
	checkFactKeys(t, c.facts)
	tests := []struct {
		metric market.Metric
		start  string
		value  float64
	}{
		{market.Revenue, "2012-01-01", 24855000000},
		{market.CapitalExpend, "2012-01-01", 1888000000}, // -1888000000 in the file: an outflow
		{market.TotalDebt, "", 7116000000 + 1419000000},
		{market.EPSDiluted, "2012-01-01", -5.6},
		{market.SharesOutstanding, "", 335000000},
	}
	for _, tt := range tests {
		f := findFact(t, c.facts, tt.metric, tt.start, "2012-12-31", "2013-03-31")
		if f.Symbol != "AAL" || f.Value != tt.value || f.FiscalYear != 2012 || f.FiscalPeriod != "FY" || !f.FiledEstimated {
			t.Errorf("AAL FY2012 %s: got %s, want value %v, FY2012, estimated filing date", tt.metric, factString(f), tt.value)
		}
	}
}

func TestSharedCompanyFacts(t *testing.T) {
	t.Parallel()
	lookup := func(cik int64) (string, bool) {
		s, ok := map[int64]string{320193: "AAPL", 1045810: "NVDA", 1835632: "MRVL"}[cik]
		return s, ok
	}
	type want struct {
		metric            market.Metric
		start, end, filed string
		value             float64
		fy                int
		fp                string
	}
	tests := []struct {
		file  string
		facts int
		want  []want
	}{
		{"CIK0000320193.json.gz", 2551, []want{
			{market.Revenue, "2024-09-29", "2025-09-27", "2025-10-31", 416161000000, 2025, "FY"},
			// The FY2024 comparative in the FY2025 10-K, which the SEC labels fy=2025.
			{market.Revenue, "2023-10-01", "2024-09-28", "2025-10-31", 391035000000, 2024, "FY"},
			{market.Revenue, "2025-03-30", "2025-06-28", "2025-08-01", 94036000000, 2025, "Q3"},
			{market.TotalDebt, "", "2025-09-27", "2025-10-31", 90678000000 + 7979000000, 2025, "FY"},
			{market.EPSDiluted, "2024-09-29", "2025-09-27", "2025-10-31", 7.46, 2025, "FY"},
		}},
		{"CIK0001045810.json.gz", 2247, []want{
			{market.Revenue, "2024-01-29", "2025-01-26", "2025-02-26", 130497000000, 2025, "FY"},
			{market.Revenue, "2024-01-29", "2025-01-26", "2026-02-25", 130497000000, 2025, "FY"},
			{market.Revenue, "2025-01-27", "2026-01-25", "2026-02-25", 215938000000, 2026, "FY"},
			{market.TotalDebt, "", "2025-01-26", "2025-02-26", 8463000000, 2025, "FY"},
		}},
		{"CIK0001835632.json.gz", 698, []want{
			{market.Revenue, "2025-02-02", "2026-01-31", "2026-03-11", 8194600000, 2026, "FY"},
			// LongTermDebt includes the current portion Marvell tags ShortTermBorrowings.
			{market.TotalDebt, "", "2025-02-01", "2025-03-12", 4063800000, 2025, "FY"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			c := parseFile(t, sharedFile(t, "fixtures/sec_companyfacts/"+tt.file), Fundamentals, Options{CIKSymbol: lookup})
			if c.format != "sec-companyfacts" {
				t.Errorf("detected %s, want sec-companyfacts", c.format)
			}
			if c.records != tt.facts || len(c.bad) != 0 || len(c.symbols) != 1 {
				t.Errorf("got %d facts of %d symbols, bad %q; want %d facts, one symbol, none bad", c.records, len(c.symbols), reasons(c.bad[:min(10, len(c.bad))]), tt.facts)
			}
			checkFactKeys(t, c.facts)
			metrics := map[market.Metric]bool{}
			for _, f := range c.facts {
				metrics[f.Metric] = true
				if f.Metric.Instant() {
					continue
				}
				days := int(f.PeriodEnd.Sub(f.PeriodStart).Hours()/24) + 1
				if days > maxQuarterDays && days < minYearDays {
					t.Errorf("year-to-date fact kept: %s", factString(f))
				}
			}
			if len(metrics) != len(market.Metrics) {
				t.Errorf("got facts for %d metrics, want all %d", len(metrics), len(market.Metrics))
			}
			for _, w := range tt.want {
				f := findFact(t, c.facts, w.metric, w.start, w.end, w.filed)
				if f.Value != w.value || f.FiscalYear != w.fy || f.FiscalPeriod != w.fp || f.FiledEstimated {
					t.Errorf("got %s, want value %v FY%d %s", factString(f), w.value, w.fy, w.fp)
				}
			}
		})
	}
}

// TestSharedLoad imports the real files in order into a fake store: the
// securities first, then prices and fundamentals that refer to them.
func TestSharedLoad(t *testing.T) {
	t.Parallel()
	sharedData(t)
	st := newFakeStore()
	steps := []struct {
		file               string
		kind               Kind
		opts               Options
		rows, bad, unknown int
	}{
		{"fundamentals/securities.csv", Securities, Options{}, 505, 0, 0},
		{"sp500/constituents.csv", Securities, Options{}, 503, 0, 0},
		{"sec/company_tickers_exchange.json", Securities, Options{}, 10218, 0, 0},
		{"sec/company_tickers.json", Securities, Options{}, 10218, 0, 0},
		{"symbols/nasdaqlisted.txt", Securities, Options{}, 4965, 0, 0},
		{"symbols/otherlisted.txt", Securities, Options{}, 6581, 0, 0},
		{"prices/stooq_huge_sp500_2009-2017.csv.gz", Prices, Options{}, 1054867 - 24, 24, 0},
		// Seven tickers of early 2018 (ANDV, ANSS, BHGE, DISH, DRE, …) are in
		// none of the securities files: without SkipUnknown their 6,556
		// rows would refuse the file.
		{"prices/all_stocks_5yr.csv.gz", Prices, Options{SkipUnknown: true}, 619040 - 12 - 6556, 12, 7},
		{"fixtures/stooq/aapl_us_d.csv.gz", Prices, Options{}, 10432, 0, 0},
		{"fixtures/stooq/msft_us_d.csv.gz", Prices, Options{}, 10052, 0, 0},
		{"fixtures/stooq/goog.us.txt.gz", Prices, Options{}, 1666, 0, 0},
		{"fixtures/stooq/aapl.us_quote_2020-10-23.csv", Prices, Options{}, 1, 0, 0},
		{"fundamentals/fundamentals.csv", Fundamentals, Options{}, 20934, 0, 0},
		{"fixtures/sec_companyfacts/CIK0000320193.json.gz", Fundamentals, Options{}, 2551, 0, 0},
		{"fixtures/sec_companyfacts/CIK0001045810.json.gz", Fundamentals, Options{}, 2247, 0, 0},
		{"fixtures/sec_companyfacts/CIK0001835632.json.gz", Fundamentals, Options{}, 698, 0, 0},
	}
	for _, s := range steps {
		sum, err := Load(t.Context(), st, sharedFile(t, s.file), s.kind, s.opts)
		if err != nil {
			t.Errorf("%s: %v", s.file, err)
			continue
		}
		t.Logf("%s: %s, %d rows, %d bad, %d symbols, %v", s.file, sum.Format, sum.Rows, sum.Bad, sum.Symbols, sum.Duration.Round(time.Millisecond))
		if sum.Rows != s.rows || sum.Bad != s.bad || len(sum.Unknown) != s.unknown {
			t.Errorf("%s: got %d rows, %d bad, %d unknown symbols; want %d, %d, %d", s.file, sum.Rows, sum.Bad, len(sum.Unknown), s.rows, s.bad, s.unknown)
		}
	}
	// The companyfacts import found Apple through its CIK.
	facts, _ := st.Facts(t.Context(), "AAPL", time.Time{})
	f := findFact(t, facts, market.Revenue, "2024-09-29", "2025-09-27", "2025-10-31")
	if f.Value != 416161000000 || f.Source != "sec-companyfacts" {
		t.Errorf("AAPL FY2025 revenue: got %s, want 416161000000 from sec-companyfacts", factString(f))
	}
}

// TestSharedUnsupported checks that a real file of no supported format is
// refused by detection, not misread.
func TestSharedUnsupported(t *testing.T) {
	t.Parallel()
	path := sharedFile(t, "sp500/constituents-financials.csv")
	head, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Detect(Securities, path, head[:min(len(head), 8<<10)])
	if err == nil || !strings.Contains(err.Error(), "matches no securities format") {
		t.Errorf("got %v, want a detection error", err)
	}
}
