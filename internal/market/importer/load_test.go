package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
)

// master is a securities master for the price and fact fixtures.
func master() []market.Security {
	var out []market.Security
	for _, s := range []string{"A", "AAL", "AAPL", "BRK.B", "DHR", "GOOG", "IPG", "WMT"} {
		sym, class, _ := market.NormalizeSymbol(s)
		out = append(out, market.Security{Symbol: sym, ShareClass: class, LegalName: s + " Inc.", CIK: map[string]int64{"AAPL": 320193}[s]})
	}
	return out
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		kind       Kind
		opts       Options
		wantFormat string
		wantRows   int
		wantSyms   int
	}{
		{name: "SECTickersExchange", file: "company_tickers_exchange.json", kind: Securities, wantFormat: "sec-tickers-exchange", wantRows: 6, wantSyms: 6},
		{name: "OtherListed", file: "otherlisted.txt", kind: Securities, wantFormat: "otherlisted", wantRows: 6, wantSyms: 6},
		{name: "StooqLong", file: "stooq_long.csv", kind: Prices, wantFormat: "stooq-long", wantRows: 5, wantSyms: 3},
		{name: "Kaggle5yr", file: "all_stocks_5yr.csv", kind: Prices, wantFormat: "kaggle-5yr", wantRows: 5, wantSyms: 3},
		{name: "StooqDaily", file: "aapl_us_d.csv", kind: Prices, wantFormat: "stooq-daily", wantRows: 3, wantSyms: 1},
		{name: "StooqBulk", file: "goog.us.txt", kind: Prices, wantFormat: "stooq-bulk", wantRows: 3, wantSyms: 1},
		{name: "KaggleFundamentals", file: "fundamentals.csv", kind: Fundamentals, wantFormat: "kaggle-fundamentals", wantRows: 46, wantSyms: 3},
		{name: "AnyKind", file: "stooq_long.csv", wantFormat: "stooq-long", wantRows: 5, wantSyms: 3},
		{name: "ExplicitFormat", file: "stooq_long.csv", kind: Prices, opts: Options{Format: "stooq-long"}, wantFormat: "stooq-long", wantRows: 5, wantSyms: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := newFakeStore(master()...)
			path := writeTemp(t, tt.file+".gz", gz(t, fixture(t, tt.file)))
			if tt.file == "aapl_us_d.csv" {
				path = writeTemp(t, "aapl_us_d.csv", fixture(t, tt.file))
			}
			now := time.Date(2026, 8, 22, 12, 0, 0, 0, time.UTC)
			tt.opts.Now = func() time.Time { return now }
			for round := 1; round <= 2; round++ {
				sum, err := Load(t.Context(), st, path, tt.kind, tt.opts)
				if err != nil {
					t.Fatalf("round %d: Load: %v", round, err)
				}
				if sum.Format != tt.wantFormat || sum.Rows != tt.wantRows || sum.Bad != 0 || sum.Symbols != tt.wantSyms {
					t.Errorf("round %d: got format %s, %d rows, %d bad, %d symbols; want %s, %d, 0, %d",
						round, sum.Format, sum.Rows, sum.Bad, sum.Symbols, tt.wantFormat, tt.wantRows, tt.wantSyms)
				}
				imports, _ := st.Imports(t.Context(), 0)
				if len(imports) != round {
					t.Fatalf("round %d: %d imports logged, want %d", round, len(imports), round)
				}
				rec := imports[round-1]
				if rec.Format != tt.wantFormat || rec.Rows != tt.wantRows || rec.Bad != 0 || !rec.Imported.Equal(now) || rec.Kind != string(sum.Kind) {
					t.Errorf("round %d: import record %+v", round, rec)
				}
			}
			// Importing twice leaves what importing once did.
			once := newFakeStore(master()...)
			if _, err := Load(t.Context(), once, path, tt.kind, tt.opts); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(once.bars, st.bars) || !reflect.DeepEqual(once.facts, st.facts) || !reflect.DeepEqual(once.secs, st.secs) {
				t.Error("a second import changed the data")
			}
		})
	}
}

func TestLoadCompanyFacts(t *testing.T) {
	t.Parallel()
	path := writeTemp(t, "CIK0000320193.json.gz", gz(t, fixture(t, "CIK0000320193.json")))
	t.Run("CIKFromMaster", func(t *testing.T) {
		t.Parallel()
		st := newFakeStore(master()...)
		// The fixture's one bad record (of 15 rows considered) is within
		// the limit only with a looser one.
		sum, err := Load(t.Context(), st, path, Fundamentals, Options{MaxBad: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows != 14 || sum.Bad != 1 || sum.Symbols != 1 {
			t.Errorf("got %d rows, %d bad, %d symbols; want 14, 1, 1", sum.Rows, sum.Bad, sum.Symbols)
		}
		facts, _ := st.Facts(t.Context(), "AAPL", time.Time{})
		if len(facts) != 14 {
			t.Errorf("stored %d AAPL facts, want 14", len(facts))
		}
	})
	t.Run("DefaultLimitRefuses", func(t *testing.T) {
		t.Parallel()
		st := newFakeStore(master()...)
		_, err := Load(t.Context(), st, path, Fundamentals, Options{})
		if !errors.Is(err, ErrTooManyBad) {
			t.Fatalf("got %v, want ErrTooManyBad", err)
		}
		if _, _, facts, imports := st.counts(); facts != 0 || imports != 0 {
			t.Errorf("stored %d facts and %d imports, want none", facts, imports)
		}
	})
	t.Run("NotInMaster", func(t *testing.T) {
		t.Parallel()
		st := newFakeStore(market.Security{Symbol: "MSFT", LegalName: "Microsoft", CIK: 789019})
		_, err := Load(t.Context(), st, path, Fundamentals, Options{MaxBad: 0.1})
		want := "CIK 320193 (Apple Inc.) is not in the securities master: import securities first"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("got %v, want an error containing %q", err, want)
		}
		if st.rollbacks != 1 {
			t.Errorf("got %d rollbacks, want 1", st.rollbacks)
		}
	})
}

func TestCIKLookupPrefersMainSecurity(t *testing.T) {
	t.Parallel()
	st := newFakeStore(
		market.Security{Symbol: "GOOGL", LegalName: "Alphabet", CIK: 1652044},
		market.Security{Symbol: "GOOG", LegalName: "Alphabet", CIK: 1652044},
		market.Security{Symbol: "BRK.A", ShareClass: "A", LegalName: "Berkshire", CIK: 1067983},
		market.Security{Symbol: "BRK.B", ShareClass: "B", LegalName: "Berkshire", CIK: 1067983},
		market.Security{Symbol: "AACB", LegalName: "Artius", CIK: 7},
		market.Security{Symbol: "AACBU", LegalName: "Artius", CIK: 7},
		market.Security{Symbol: "AAA", LegalName: "Fund", CIK: 8, ETF: true},
		market.Security{Symbol: "ZZZZ", LegalName: "Fund", CIK: 8},
	)
	lookup, err := cikLookup(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	for cik, want := range map[int64]string{1652044: "GOOG", 1067983: "BRK.A", 7: "AACB", 8: "ZZZZ"} {
		if got, ok := lookup(cik); !ok || got != want {
			t.Errorf("lookup(%d) = %s, %v; want %s", cik, got, ok, want)
		}
	}
	if got, ok := lookup(1); ok {
		t.Errorf("lookup(1) = %s, want nothing", got)
	}
}

// TestLoadMalformed feeds broken files to Load: each must fail with an
// error naming the file, the line and the reason, and write nothing.
func TestLoadMalformed(t *testing.T) {
	t.Parallel()
	const header = "ticker,date,open,high,low,close,volume\n"
	good := header +
		"AAPL,2017-11-08,174.2,176.2,173.9,175.7,24409527\n" +
		"AAPL,2017-11-09,175.11,176.095,173.14,175.88,29533086\n" +
		"AAPL,2017-11-10,175.11,175.38,174.27,174.67,25130494\n"
	validGz := gz(t, []byte(good))
	tests := []struct {
		name   string
		file   string
		data   []byte
		kind   Kind
		opts   Options
		want   []string // substrings of the error
		refuse bool     // a *RefusedError
	}{
		{
			name: "TruncatedGzip", file: "p.csv.gz", data: validGz[:len(validGz)-12], kind: Prices,
			want: []string{"p.csv", "truncated gzip stream"},
		},
		{
			name: "CorruptGzip", file: "p.csv.gz", kind: Prices,
			data: func() []byte { b := bytes.Clone(validGz); b[len(b)-6] ^= 0xff; return b }(),
			want: []string{"p.csv", "corrupt gzip stream"},
		},
		{
			name: "CorruptDeflate", file: "p.csv.gz", kind: Prices,
			data: func() []byte { b := bytes.Clone(validGz); b[12] ^= 0xff; b[13] ^= 0xff; return b }(),
			want: []string{"p.csv", "corrupt gzip stream"},
		},
		{
			name: "TruncatedRow", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAPL,2017-11-13,173.5,174.5"),
			want: []string{"p.csv:5: has 4 columns, want 7"},
		},
		{
			name: "WrongColumnCountQuotedCSV", file: "constituents.csv", kind: Securities, refuse: true,
			data: []byte("Symbol,Security,GICS Sector,GICS Sub-Industry,Headquarters Location,Date added,CIK,Founded\n" +
				"MMM,3M,Industrials,Industrial Conglomerates,Saint Paul, Minnesota,1957-03-04,66740,1902\n"),
			want: []string{"constituents.csv:2: has 9 columns, want 8"},
		},
		{
			name: "WrongHeader", file: "p.csv", kind: Prices, opts: Options{Format: "stooq-long"},
			data: []byte("symbol;date;open;high;low;close;volume\nAAPL;2017-11-10;1;1;1;1;1\n"),
			want: []string{`p.csv:1: header "symbol;date;open;high;low;close;volume" is not stooq-long's: want "ticker,date,open,high,low,close,volume"`},
		},
		{
			name: "UndetectableHeader", file: "p.csv", kind: Prices,
			data: []byte("symbol;date;open;high;low;close;volume\n"),
			want: []string{"p.csv", "matches no prices format"},
		},
		{
			name: "BadDate", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAPL,2017-02-30,173.5,174.5,173.0,174.0,100\n"),
			want: []string{`p.csv:5: bad date "2017-02-30": no such day`},
		},
		{
			name: "NegativePrice", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAPL,2017-11-13,173.5,174.5,-1,174.0,100\n"),
			want: []string{"p.csv:5: AAPL 2017-11-13: low -1 is not positive"},
		},
		{
			name: "HighBelowLow", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAPL,2017-11-13,173.5,170,174.5,174.0,100\n"),
			want: []string{"p.csv:5: AAPL 2017-11-13: low 174.5 above high 170"},
		},
		{
			name: "NaN", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAPL,2017-11-13,173.5,174.5,173.0,NaN,100\n"),
			want: []string{`p.csv:5: close: "NaN" is not a decimal number`},
		},
		{
			name: "Inf", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAPL,2017-11-13,173.5,1e400,173.0,174,100\n"),
			want: []string{`p.csv:5: high: "1e400" is out of range`},
		},
		{
			name: "DuplicateBar", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAPL,2017-11-09,175.11,176.095,173.14,175.88,29533086\n"),
			want: []string{"p.csv:5: duplicate of line 3"},
		},
		{
			name: "DuplicateSecurity", file: "nasdaqlisted.txt", kind: Securities, refuse: true,
			data: []byte(string(fixture(t, "nasdaqlisted.txt")) + "AAPL|Apple Inc. - Common Stock|Q|N|N|100|N|N\n"),
			want: []string{"nasdaqlisted.txt:9: duplicate of line 2"},
		},
		{
			name: "DuplicateFactRow", file: "fundamentals.csv", kind: Fundamentals, refuse: true,
			data: func() []byte {
				lines := strings.SplitAfter(string(fixture(t, "fundamentals.csv")), "\r\n")
				return []byte(strings.Join(lines[:4], "") + "9" + lines[2][1:])
			}(),
			want: []string{"fundamentals.csv:5: duplicate of line 3"},
		},
		{
			name: "InvalidUTF8Security", file: "nasdaqlisted.txt", kind: Securities, refuse: true,
			data: []byte("Symbol|Security Name|Market Category|Test Issue|Financial Status|Round Lot Size|ETF|NextShares\n" +
				"AAPL|Apple Inc. - Common Stock|Q|N|N|100|N|N\n" +
				"CAFE|Caf\xe9 Holdings - Common Stock|Q|N|N|100|N|N\n"),
			want: []string{`nasdaqlisted.txt:3: invalid UTF-8: "CAFE|Caf\xe9 Holdings`},
		},
		{
			name: "InvalidUTF8JSON", file: "company_tickers.json", kind: Securities, refuse: true,
			data: []byte(`{"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."},"1":{"cik_str":1,"ticker":"CAFE","title":"Caf` + "\xe9" + `"}}`),
			want: []string{"company_tickers.json:2: title: invalid UTF-8"},
		},
		{
			name: "InvalidUTF8CSV", file: "constituents.csv", kind: Securities, refuse: true,
			data: []byte("Symbol,Security,GICS Sector,GICS Sub-Industry,CIK\nMMM,3M,Industrials,Industrial Conglomerates,66740\nCAFE,Caf\xe9,Industrials,x,1\n"),
			want: []string{`constituents.csv:3: invalid UTF-8 in "Security": "Caf\xe9"`},
		},
		{
			name: "InvalidUTF8Ticker", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "AAP\xff,2017-11-13,173.5,174.5,173.0,174.0,100\n"),
			want: []string{`p.csv:5: bad symbol "AAP\xff": character`},
		},
		{
			name: "UnknownSymbol", file: "p.csv", kind: Prices, refuse: true,
			data: []byte(good + "ZZZZ,2017-11-13,1,1,1,1,100\nZZZZ,2017-11-14,1,1,1,1,100\n"),
			want: []string{"p.csv:5: unknown symbol ZZZZ (2 rows): import securities first (alphadesk import securities"},
		},
		{
			name: "UnknownSector", file: "constituents.csv", kind: Securities, refuse: true,
			data: []byte("Symbol,Security,GICS Sector,GICS Sub-Industry,CIK\nMMM,3M,Industrials,Industrial Conglomerates,66740\nXYZ,X,Tech Stuff,x,1\n"),
			want: []string{`constituents.csv:3: unknown sector "Tech Stuff"`},
		},
		{
			name: "EmptyFile", file: "p.csv", kind: Prices, data: nil,
			want: []string{"p.csv", "empty file"},
		},
		{
			name: "EmptyFileExplicitFormat", file: "p.csv", kind: Prices, opts: Options{Format: "stooq-long"}, data: nil,
			want: []string{"p.csv", "empty file: want the stooq-long header"},
		},
		{
			name: "EmptyGzip", file: "p.csv.gz", kind: Prices, opts: Options{Format: "stooq-long"}, data: gz(t, nil),
			want: []string{"p.csv", "empty file"},
		},
		{
			name: "TruncatedJSON", file: "company_tickers.json", kind: Securities,
			data: []byte(`{"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."},"1":{"cik_str":1,"tic`),
			want: []string{"company_tickers.json: at record 2: truncated JSON document"},
		},
		{
			name: "StooqDailyNoSymbol", file: "prices.csv", kind: Prices,
			data: []byte("Date,Open,High,Low,Close,Volume\n2020-01-02,1,1,1,1,1\n"),
			want: []string{"prices.csv", "pass --symbol"},
		},
		{
			name: "WrongKindFormat", file: "p.csv", kind: Securities, opts: Options{Format: "stooq-long"},
			data: []byte(good),
			want: []string{"p.csv: format stooq-long holds prices, not securities"},
		},
		{
			name: "AllRowsBad", file: "q.csv", kind: Prices, refuse: true, opts: Options{MaxBad: 0.9},
			data: []byte("Symbol,Date,Time,Open,High,Low,Close,Volume\nAAPL.US,N/D,N/D,N/D,N/D,N/D,N/D,N/D\n"),
			want: []string{`q.csv:2: Stooq has no quote for "AAPL.US" (N/D)`, "1 of 1 rows are bad"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := newFakeStore(master()...)
			secs0, _, _, _ := st.counts()
			path := writeTemp(t, tt.file, tt.data)
			sum, err := Load(t.Context(), st, path, tt.kind, tt.opts)
			if err == nil {
				t.Fatalf("Load succeeded: %+v", sum)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%s\nlacks %q", err, w)
				}
			}
			var refused *RefusedError
			if got := errors.As(err, &refused); got != tt.refuse {
				t.Errorf("refused = %v, want %v (error %v)", got, tt.refuse, err)
			}
			if tt.refuse && !strings.Contains(err.Error(), "nothing was imported") {
				t.Errorf("refusal %q does not say nothing was imported", err)
			}
			secs, bars, facts, imports := st.counts()
			if secs != secs0 || bars != 0 || facts != 0 || imports != 0 {
				t.Errorf("store holds %d securities (had %d), %d bars, %d facts, %d imports: want nothing new", secs, secs0, bars, facts, imports)
			}
			if sum.Rows != 0 {
				t.Errorf("summary says %d rows written, want 0", sum.Rows)
			}
		})
	}
}

// TestLoadRollsBackWrittenBatches checks that batches already handed to the
// transaction are discarded when a later row refuses the file.
func TestLoadRollsBackWrittenBatches(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("ticker,date,open,high,low,close,volume\n")
	d := day("2010-01-01")
	for i := range 50 {
		fmt.Fprintf(&b, "AAPL,%s,10,11,9,10.5,100\n", d.AddDate(0, 0, i).Format(market.DateLayout))
	}
	b.WriteString("AAPL,2010-01-01,10,11,9,10.5,100\n") // duplicate at the end
	st := newFakeStore(master()...)
	_, err := Load(t.Context(), st, writeTemp(t, "p.csv", []byte(b.String())), Prices, Options{BatchSize: 10})
	if !errors.Is(err, ErrTooManyBad) || !strings.Contains(err.Error(), "p.csv:52: duplicate of line 2") {
		t.Fatalf("got %v, want a refusal for the duplicate on line 52", err)
	}
	if st.puts != 5 {
		t.Errorf("got %d PutBars calls, want 5 (batches of 10 before the refusal)", st.puts)
	}
	if _, bars, _, _ := st.counts(); bars != 0 || st.rollbacks != 1 {
		t.Errorf("got %d bars and %d rollbacks, want 0 and 1", bars, st.rollbacks)
	}
}

func TestLoadBadRowLimit(t *testing.T) {
	t.Parallel()
	// 300 rows, 3 bad: 1% of 300 is 3, so the file is imported.
	build := func(bad int) []byte {
		var b strings.Builder
		b.WriteString("ticker,date,open,high,low,close,volume\n")
		d := day("2010-01-01")
		for i := range 300 {
			date := d.AddDate(0, 0, i).Format(market.DateLayout)
			if i < bad {
				date = "2010-02-30"
			}
			fmt.Fprintf(&b, "AAPL,%s,10,11,9,10.5,100\n", date)
		}
		return []byte(b.String())
	}
	tests := []struct {
		name    string
		bad     int
		maxBad  float64
		wantErr bool
	}{
		{"AtLimit", 3, 0, false},
		{"OverLimit", 4, 0, true},
		{"LooserLimit", 4, 0.02, false},
		{"Strict", 1, -1, true},
		{"StrictClean", 0, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := newFakeStore(master()...)
			sum, err := Load(t.Context(), st, writeTemp(t, "p.csv", build(tt.bad)), Prices, Options{MaxBad: tt.maxBad})
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			_, bars, _, _ := st.counts()
			if tt.wantErr {
				if bars != 0 {
					t.Errorf("stored %d bars, want 0", bars)
				}
				return
			}
			if sum.Bad != tt.bad || sum.Rows != 300-tt.bad || bars != 300-tt.bad || len(sum.BadRows) != tt.bad {
				t.Errorf("got %d bad, %d rows, %d stored, %d listed; want %d, %d", sum.Bad, sum.Rows, bars, len(sum.BadRows), tt.bad, 300-tt.bad)
			}
		})
	}
}

func TestLoadUnknownSymbolsGrouped(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("ticker,date,open,high,low,close,volume\n")
	d := day("2010-01-01")
	for _, sym := range []string{"AAPL", "NOPE", "ZZZ"} {
		for i := range 1000 {
			fmt.Fprintf(&b, "%s,%s,10,11,9,10.5,100\n", sym, d.AddDate(0, 0, i).Format(market.DateLayout))
		}
	}
	path := writeTemp(t, "p.csv", []byte(b.String()))
	wantUnknown := []UnknownSymbol{{"NOPE", 1002, 1000}, {"ZZZ", 2002, 1000}}

	t.Run("Refused", func(t *testing.T) {
		t.Parallel()
		st := newFakeStore(master()...)
		sum, err := Load(t.Context(), st, path, Prices, Options{})
		if !errors.Is(err, ErrTooManyBad) {
			t.Fatalf("got %v, want ErrTooManyBad", err)
		}
		if !reflect.DeepEqual(sum.Unknown, wantUnknown) || len(sum.BadRows) != 0 || sum.Bad != 2000 {
			t.Errorf("got unknown %+v, %d bad rows listed, %d bad; want %+v, 0, 2000", sum.Unknown, len(sum.BadRows), sum.Bad, wantUnknown)
		}
		// One line per symbol, however many rows.
		msg := err.Error()
		for _, w := range []string{
			"p.csv refused: 2000 of 3000 rows are bad, at most 30 allowed",
			"p.csv:1002: unknown symbol NOPE (1000 rows)",
			"p.csv:2002: unknown symbol ZZZ (1000 rows)",
		} {
			if !strings.Contains(msg, w) {
				t.Errorf("error:\n%s\nlacks %q", msg, w)
			}
		}
		if n := strings.Count(msg, "\n"); n > 4 {
			t.Errorf("error has %d lines, want at most 4:\n%s", n+1, msg)
		}
	})
	t.Run("SkipUnknown", func(t *testing.T) {
		t.Parallel()
		st := newFakeStore(master()...)
		sum, err := Load(t.Context(), st, path, Prices, Options{SkipUnknown: true})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows != 1000 || sum.Bad != 0 || !reflect.DeepEqual(sum.Unknown, wantUnknown) {
			t.Errorf("got %d rows, %d bad, unknown %+v; want 1000, 0, %+v", sum.Rows, sum.Bad, sum.Unknown, wantUnknown)
		}
	})
}

func TestLoadProgress(t *testing.T) {
	t.Parallel()
	// Large enough to be read in several chunks: a file read at once
	// finishes, and clears, its bar on the first read.
	var b strings.Builder
	b.WriteString("ticker,date,open,high,low,close,volume\n")
	d := day("2000-01-01")
	for i := range 5000 {
		fmt.Fprintf(&b, "AAPL,%s,10,11,9,10.5,100\n", d.AddDate(0, 0, i).Format(market.DateLayout))
	}
	st := newFakeStore(master()...)
	var buf bytes.Buffer
	path := writeTemp(t, "big.csv", []byte(b.String()))
	if _, err := Load(t.Context(), st, path, Prices, Options{Progress: &buf}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "import big.csv") {
		t.Errorf("progress output %q lacks the file name", buf.String())
	}
	if TerminalProgress(nil) != nil {
		t.Error("TerminalProgress(nil) is not nil")
	}
}

func TestLoadCancelled(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("ticker,date,open,high,low,close,volume\n")
	d := day("2010-01-01")
	for i := range 10000 {
		fmt.Fprintf(&b, "AAPL,%s,10,11,9,10.5,100\n", d.AddDate(0, 0, i).Format(market.DateLayout))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	st := newFakeStore(master()...)
	_, err := Load(ctx, st, writeTemp(t, "p.csv", []byte(b.String())), Prices, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if _, bars, _, _ := st.counts(); bars != 0 {
		t.Errorf("stored %d bars, want 0", bars)
	}
}
