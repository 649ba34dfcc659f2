package importer

import (
	"fmt"
	"testing"

	"alphadesk/internal/market"
)

func TestParsePrices(t *testing.T) {
	t.Parallel()
	bar := func(sym, date string, o, h, l, c, v float64, src string) market.Bar {
		return market.Bar{Symbol: sym, Date: day(date), Open: o, High: h, Low: l, Close: c, Volume: v, Source: src}
	}
	tests := []struct {
		name, format, file string
		opts               Options
		want               []market.Bar
		wantLines          []int
		wantSkipped        map[string]int
	}{
		{
			name: "StooqLong", format: "stooq-long", file: "stooq_long.csv",
			want: []market.Bar{
				bar("A", "2009-01-02", 10.52, 11.01, 10.47, 10.96, 4488800, "stooq"),
				bar("A", "2009-01-05", 10.88, 11.53, 10.80, 11.33, 7599000, "stooq"),
				bar("AAPL", "2017-11-09", 175.11, 176.095, 173.14, 175.88, 29533086, "stooq"),
				bar("AAPL", "2017-11-10", 175.11, 175.38, 174.27, 174.67, 25130494, "stooq"),
				bar("BRK.B", "2017-11-10", 185.6, 186.3, 185.05, 185.36, 2.1e6, "stooq"),
			},
			wantLines: []int{2, 3, 4, 5, 6},
		},
		{
			// Missing open is the close; missing high/low the max/min of open and close.
			name: "Kaggle5yr", format: "kaggle-5yr", file: "all_stocks_5yr.csv",
			want: []market.Bar{
				bar("AAL", "2013-02-08", 15.05, 15.12, 14.63, 14.74, 8407000, "kaggle-sp500-5yr"),
				bar("AAL", "2013-02-11", 14.88, 15.01, 14.27, 14.45, 8882100, "kaggle-sp500-5yr"),
				bar("DHR", "2015-07-17", 88.72, 88.76, 88.24, 88.72, 2056819, "kaggle-sp500-5yr"),
				bar("DHR", "2016-01-12", 88.55, 88.55, 88.55, 88.55, 0, "kaggle-sp500-5yr"),
				bar("AAPL", "2018-02-07", 163.085, 163.4, 159.0685, 159.54, 51608580, "kaggle-sp500-5yr"),
			},
			wantLines: []int{2, 3, 4, 5, 6},
		},
		{
			name: "StooqDailyFromFileName", format: "stooq-daily", file: "aapl_us_d.csv",
			opts: Options{File: "/some/where/aapl_us_d.csv.gz"},
			want: []market.Bar{
				bar("AAPL", "1984-09-07", 0.0992, 0.1004, 0.0980, 0.0992, 99149000, "stooq"),
				bar("AAPL", "1984-09-10", 0.0991, 0.0995, 0.0968, 0.0986, 76956000, "stooq"),
				bar("AAPL", "2026-02-03", 269.2, 271.875, 267.61, 269.48, 40582741.4141, "stooq"),
			},
			wantLines: []int{2, 3, 4},
		},
		{
			name: "StooqDailyExplicitSymbol", format: "stooq-daily", file: "aapl_us_d.csv",
			opts: Options{File: "prices.csv", Symbol: "brk-b"},
			want: []market.Bar{
				bar("BRK.B", "1984-09-07", 0.0992, 0.1004, 0.0980, 0.0992, 99149000, "stooq"),
				bar("BRK.B", "1984-09-10", 0.0991, 0.0995, 0.0968, 0.0986, 76956000, "stooq"),
				bar("BRK.B", "2026-02-03", 269.2, 271.875, 267.61, 269.48, 40582741.4141, "stooq"),
			},
			wantLines: []int{2, 3, 4},
		},
		{
			name: "StooqBulk", format: "stooq-bulk", file: "goog.us.txt",
			want: []market.Bar{
				bar("GOOG", "2014-03-27", 567, 568.5, 552.9, 558.4, 13050, "stooq"),
				bar("GOOG", "2014-03-28", 561.1, 566.4, 558.6, 559.9, 41000, "stooq"),
				bar("GOOG", "2020-11-04", 1710.28, 1771.365, 1706.03, 1749.13, 3581103, "stooq"),
			},
			wantLines:   []int{2, 3, 5},
			wantSkipped: map[string]int{"not a daily bar (PER W)": 1},
		},
		{
			name: "StooqQuote", format: "stooq-quote", file: "aapl.us_quote_2020-10-23.csv",
			want: []market.Bar{
				bar("AAPL", "2020-10-23", 116.4, 116.6, 114.3, 115.1, 82386000, "stooq"),
			},
			wantLines: []int{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, compressed := range []bool{false, true} {
				data := fixture(t, tt.file)
				if compressed {
					data = gz(t, data)
				}
				opts := tt.opts
				if opts.File == "" {
					opts.File = tt.file
				}
				got := parseBytes(t, tt.format, data, opts)
				if got.err != nil {
					t.Fatalf("gzip=%v: Parse: %v", compressed, got.err)
				}
				checkClean(t, fmt.Sprintf("gzip=%v", compressed), got, got.bars, tt.want, tt.wantLines, tt.wantSkipped)
			}
		})
	}
}

func TestSymbolFromFileName(t *testing.T) {
	t.Parallel()
	tests := []struct{ base, want string }{
		{"aapl_us_d.csv", "AAPL"},
		{"msft_us_d.csv", "MSFT"},
		{"brk-b.us.txt", "BRK.B"},
		{"aapl.us.csv", "AAPL"},
		{"prices.csv", ""},
		{"_us_d.csv", ""},
		{"a b!_us_d.csv", ""},
	}
	for _, tt := range tests {
		if got := symbolFromFileName(tt.base); got != tt.want {
			t.Errorf("symbolFromFileName(%q) = %q, want %q", tt.base, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // "" for an error
	}{
		{"2017-11-10", "2017-11-10"},
		{"2016-02-29", "2016-02-29"},
		{"2000-02-29", "2000-02-29"},
		{"1900-02-29", ""},
		{"2017-02-29", ""},
		{"2017-02-30", ""},
		{"2017-04-31", ""},
		{"2017-13-01", ""},
		{"2017-00-10", ""},
		{"2017-01-00", ""},
		{"17-01-01", ""},
		{"2017/01/01", ""},
		{"2017-1-01x", ""},
		{"0001-01-01", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("parseDate(%q) = %v, want an error", tt.in, got)
		case tt.want != "" && err != nil:
			t.Errorf("parseDate(%q): %v, want %s", tt.in, err, tt.want)
		case tt.want != "" && !got.Equal(day(tt.want)):
			t.Errorf("parseDate(%q) = %v, want %s", tt.in, got, tt.want)
		}
		// The compact form must agree.
		if len(tt.in) != 10 || tt.in[4] != '-' || tt.in[7] != '-' {
			continue
		}
		compact := tt.in[0:4] + tt.in[5:7] + tt.in[8:10]
		if _, err := parseCompactDate(compact); (err == nil) != (tt.want != "") {
			t.Errorf("parseCompactDate(%q): err %v, want ok=%v", compact, err, tt.want != "")
		}
	}
}

func TestParseNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true},
		{"-3.5", -3.5, true},
		{"+0.25", 0.25, true},
		{".5", 0.5, true},
		{"5.", 5, true},
		{"1.2e9", 1.2e9, true},
		{"2.1E-3", 2.1e-3, true},
		{"1496329307.4141", 1496329307.4141, true},
		{"NaN", 0, false},
		{"nan", 0, false},
		{"Inf", 0, false},
		{"-Infinity", 0, false},
		{"0x1p3", 0, false},
		{"1_000", 0, false},
		{"1,000", 0, false},
		{"1e", 0, false},
		{"e5", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"", 0, false},
		{" 1", 0, false},
		{"1e999", 0, false},
	}
	for _, tt := range tests {
		got, err := parseNumber(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
