package importer

import (
	"bytes"
	"strings"
	"testing"
)

// fixtures names the testdata fixture of every format.
var fixtures = map[string]string{
	"sec-tickers-exchange": "company_tickers_exchange.json",
	"sec-tickers":          "company_tickers.json",
	"sp500-constituents":   "constituents.csv",
	"nyse-securities":      "securities.csv",
	"nasdaqlisted":         "nasdaqlisted.txt",
	"otherlisted":          "otherlisted.txt",
	"stooq-long":           "stooq_long.csv",
	"kaggle-5yr":           "all_stocks_5yr.csv",
	"stooq-daily":          "aapl_us_d.csv",
	"stooq-bulk":           "goog.us.txt",
	"stooq-quote":          "aapl.us_quote_2020-10-23.csv",
	"kaggle-fundamentals":  "fundamentals.csv",
	"sec-companyfacts":     "CIK0000320193.json",
}

func TestFormats(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, f := range Formats() {
		if seen[f.Name] {
			t.Errorf("format %s listed twice", f.Name)
		}
		seen[f.Name] = true
		if f.Kind != Securities && f.Kind != Prices && f.Kind != Fundamentals {
			t.Errorf("format %s: kind %q", f.Name, f.Kind)
		}
		if (f.Source == "") != (f.Kind == Securities) {
			t.Errorf("format %s: source %q for kind %s", f.Name, f.Source, f.Kind)
		}
		if f.Description == "" || f.Header == "" {
			t.Errorf("format %s: no description or header", f.Name)
		}
		got, err := Lookup(f.Name)
		if err != nil || got.Name != f.Name {
			t.Errorf("Lookup(%q) = %v, %v", f.Name, got.Name, err)
		}
		if _, ok := fixtures[f.Name]; !ok {
			t.Errorf("format %s has no test fixture", f.Name)
		}
	}
	if len(seen) != len(fixtures) {
		t.Errorf("got %d formats, want %d", len(seen), len(fixtures))
	}
	_, err := Lookup("csv")
	if err == nil || !strings.Contains(err.Error(), "stooq-long") {
		t.Errorf("Lookup(csv) error %v, want one listing the formats", err)
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for name, file := range fixtures {
		want, _ := Lookup(name)
		for _, compressed := range []bool{false, true} {
			data := fixture(t, file)
			path := file
			if compressed {
				data, path = gz(t, data), file+".gz"
			}
			// Detection sees the decompressed head, as Load gives it.
			in, err := decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			head, _ := in.Peek(4096)
			for _, kind := range []Kind{want.Kind, ""} {
				got, err := Detect(kind, path, head)
				if err != nil || got.Name != name {
					t.Errorf("Detect(%q, %s) = %s, %v; want %s", kind, path, got.Name, err, name)
				}
			}
			// A misleading name does not matter when the content is clear.
			if got, err := Detect(want.Kind, "data.bin", head); err != nil || got.Name != name {
				t.Errorf("Detect(%q, data.bin) [%s] = %s, %v; want %s", want.Kind, file, got.Name, err, name)
			}
		}
	}
}

func TestDetectBOM(t *testing.T) {
	t.Parallel()
	head := append([]byte{0xEF, 0xBB, 0xBF}, fixture(t, "constituents.csv")...)
	got, err := Detect(Securities, "constituents.csv", head)
	if err != nil || got.Name != "sp500-constituents" {
		t.Errorf("Detect with BOM = %s, %v; want sp500-constituents", got.Name, err)
	}
}

func TestDetectErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		kind     Kind
		filename string
		head     string
		want     []string // substrings of the error
	}{
		{
			name: "Empty", kind: Prices, filename: "x.csv", head: "",
			want: []string{"x.csv", "empty file"},
		},
		{
			name: "WrongKind", kind: Prices, filename: "nasdaqlisted.txt",
			head: "Symbol|Security Name|Market Category|Test Issue|Financial Status|Round Lot Size|ETF|NextShares\n",
			want: []string{"looks like nasdaqlisted", "holds securities, not prices", "alphadesk import securities nasdaqlisted.txt"},
		},
		{
			name: "UnknownHeader", kind: Prices, filename: "aapl_us_d.csv",
			head: "Datum,Eroeffnung,Hoch,Tief,Schluss\n2020-01-02,1,2,1,2\n",
			want: []string{`first line "Datum,Eroeffnung,Hoch,Tief,Schluss" matches no prices format`,
				"the file name suggests stooq-daily", "stooq-long", "kaggle-5yr", "stooq-bulk", "stooq-quote", "--format"},
		},
		{
			name: "NotJSONFacts", kind: Fundamentals, filename: "CIK0000320193.json",
			head: `{"cik":320193,"entityName":"Apple Inc."` + "\n",
			want: []string{"matches no fundamentals format", "the file name suggests sec-companyfacts"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Detect(tt.kind, tt.filename, []byte(tt.head))
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}
