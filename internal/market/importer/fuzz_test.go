package importer

import (
	"bytes"
	"context"
	"testing"

	"alphadesk/internal/market"
)

// fuzzFormat fuzzes one parser, seeded with its fixture (plain and
// gzipped) and a few broken variants. Parsing must never panic, every
// record handed over must be valid, and every bad row must name a line.
//
// Run one with a short minimisation time: the default minute spent
// shrinking each new input of a 79-column CSV stalls the run.
//
//	go test ./internal/market/importer -run XXX -fuzz '^FuzzKaggleFundamentals$' -fuzztime 30s -fuzzminimizetime 5s
func fuzzFormat(f *testing.F, format, file string, opts Options) {
	fmtx, err := Lookup(format)
	if err != nil {
		f.Fatal(err)
	}
	seed := fixture(f, file)
	f.Add(seed)
	f.Add(gz(f, seed))
	f.Add(seed[:len(seed)/2])
	f.Add(bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n")))
	f.Add(append([]byte{0xEF, 0xBB, 0xBF}, seed...))
	if i := bytes.IndexByte(seed, '\n'); i > 0 {
		f.Add(seed[:i+1])
		f.Add(append(bytes.Clone(seed[:i+1]), "\xff\xfe,,,|||\n"...))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Detect("", file, data)
		err := Parse(context.Background(), bytes.NewReader(data), fmtx, opts, Sink{
			Security: func(line int, s market.Security) error {
				if err := s.Validate(); err != nil {
					t.Errorf("line %d: invalid security %+v: %v", line, s, err)
				}
				return nil
			},
			Bar: func(line int, b market.Bar) error {
				if err := b.Validate(); err != nil {
					t.Errorf("line %d: invalid bar %+v: %v", line, b, err)
				}
				return nil
			},
			Facts: func(line int, fs []market.Fact) error {
				for _, x := range fs {
					if err := x.Validate(); err != nil {
						t.Errorf("line %d: invalid fact %+v: %v", line, x, err)
					}
				}
				return nil
			},
			Bad: func(e RowError) error {
				if e.Line < 1 || e.Reason == "" {
					t.Errorf("row error without a line or reason: %+v", e)
				}
				return nil
			},
		})
		_ = err // file-level errors are expected for most inputs
	})
}

func FuzzSECTickersExchange(f *testing.F) {
	fuzzFormat(f, "sec-tickers-exchange", "company_tickers_exchange.json", Options{})
}

func FuzzSECTickers(f *testing.F) {
	fuzzFormat(f, "sec-tickers", "company_tickers.json", Options{})
}

func FuzzSP500Constituents(f *testing.F) {
	fuzzFormat(f, "sp500-constituents", "constituents.csv", Options{})
}

func FuzzNYSESecurities(f *testing.F) {
	fuzzFormat(f, "nyse-securities", "securities.csv", Options{})
}

func FuzzNasdaqListed(f *testing.F) {
	fuzzFormat(f, "nasdaqlisted", "nasdaqlisted.txt", Options{})
}

func FuzzOtherListed(f *testing.F) {
	fuzzFormat(f, "otherlisted", "otherlisted.txt", Options{})
}

func FuzzStooqLong(f *testing.F) {
	fuzzFormat(f, "stooq-long", "stooq_long.csv", Options{})
}

func FuzzKaggle5yr(f *testing.F) {
	fuzzFormat(f, "kaggle-5yr", "all_stocks_5yr.csv", Options{})
}

func FuzzStooqDaily(f *testing.F) {
	fuzzFormat(f, "stooq-daily", "aapl_us_d.csv", Options{File: "aapl_us_d.csv"})
}

func FuzzStooqBulk(f *testing.F) {
	fuzzFormat(f, "stooq-bulk", "goog.us.txt", Options{})
}

func FuzzStooqQuote(f *testing.F) {
	fuzzFormat(f, "stooq-quote", "aapl.us_quote_2020-10-23.csv", Options{})
}

func FuzzKaggleFundamentals(f *testing.F) {
	fuzzFormat(f, "kaggle-fundamentals", "fundamentals.csv", Options{})
}

func FuzzCompanyFacts(f *testing.F) {
	fuzzFormat(f, "sec-companyfacts", "CIK0000320193.json", Options{Symbol: "AAPL"})
}
