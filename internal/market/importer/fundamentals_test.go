package importer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
)

// factString is a compact, comparable rendering of a fact.
func factString(f market.Fact) string {
	start := "-"
	if !f.PeriodStart.IsZero() {
		start = f.PeriodStart.Format(market.DateLayout)
	}
	est := ""
	if f.FiledEstimated {
		est = "~"
	}
	return fmt.Sprintf("%s %s %s..%s FY%d %s filed %s%s %s %v %s %s", f.Symbol, f.Metric, start,
		f.PeriodEnd.Format(market.DateLayout), f.FiscalYear, f.FiscalPeriod, est, f.Filed.Format(market.DateLayout),
		f.Form, f.Value, f.Unit, f.Source)
}

func factStrings(fs []market.Fact) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = factString(f)
	}
	return out
}

func TestParseKaggleFundamentals(t *testing.T) {
	t.Parallel()
	got := parseBytes(t, "kaggle-fundamentals", fixture(t, "fundamentals.csv"), Options{File: "fundamentals.csv"})
	if got.err != nil {
		t.Fatalf("Parse: %v", got.err)
	}
	if len(got.bad) > 0 {
		t.Errorf("bad rows %q, want none", reasons(got.bad))
	}
	const src = "kaggle-nyse-fundamentals"
	// AAPL FY2015: every mapped metric.
	wantAAPL := []string{
		"AAPL revenue 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 2.33715e+11 USD " + src,
		"AAPL cost_of_revenue 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 1.40089e+11 USD " + src,
		"AAPL gross_profit 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 9.3626e+10 USD " + src,
		"AAPL operating_income 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 7.123e+10 USD " + src,
		"AAPL net_income 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 5.3394e+10 USD " + src,
		"AAPL total_assets -..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 2.90479e+11 USD " + src,
		"AAPL total_equity -..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 1.19355e+11 USD " + src,
		"AAPL total_debt -..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 6.4462e+10 USD " + src,
		"AAPL shares_outstanding -..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 5.79110629067e+09 shares " + src,
		"AAPL eps_diluted 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 9.22 USD/shares " + src,
		"AAPL operating_cash_flow 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 8.1266e+10 USD " + src,
		"AAPL capex 2014-09-27..2015-09-26 FY2015 FY filed ~2015-12-25 10-K 1.1247e+10 USD " + src,
	}
	gotAll := factStrings(got.facts)
	if n := len(wantAAPL); len(gotAll) < n || !reflect.DeepEqual(gotAll[:n], wantAAPL) {
		t.Errorf("first row: got\n%s\nwant\n%s", strings.Join(gotAll[:min(n, len(gotAll))], "\n"), strings.Join(wantAAPL, "\n"))
	}
	// Rows: AAPL 2015 and 2016 (12 each), WMT without EPS and shares (10), IPG (12).
	if got, want := len(got.facts), 12+12+10+12; got != want {
		t.Errorf("got %d facts, want %d", got, want)
	}
	for i, f := range got.facts {
		if err := f.Validate(); err != nil {
			t.Errorf("fact %d: %v", i, err)
		}
		switch {
		case f.Symbol == "WMT" && f.FiscalYear != 2015:
			// Retailer year ending in January: "For Year" 2015 is believed.
			t.Errorf("WMT fiscal year %d, want 2015", f.FiscalYear)
		case f.Symbol == "IPG" && f.FiscalYear != 2015:
			// "For Year" 1215.0 is a typo: the period end's year is used.
			t.Errorf("IPG fiscal year %d, want 2015", f.FiscalYear)
		}
	}
	wantLines := map[string]int{"AAPL2015": 2, "AAPL2016": 3, "WMT2015": 4, "IPG2015": 5}
	for i, f := range got.facts {
		if want := wantLines[fmt.Sprint(f.Symbol, f.FiscalYear)]; got.lines[i] != want {
			t.Errorf("%s FY%d from line %d, want %d", f.Symbol, f.FiscalYear, got.lines[i], want)
		}
	}
}

func TestParseCompanyFacts(t *testing.T) {
	t.Parallel()
	data := fixture(t, "CIK0000320193.json")
	const src = "sec-companyfacts"
	want := []string{
		"AAPL revenue 2016-09-25..2017-09-30 FY2017 FY filed 2017-11-03 10-K 2.29234e+11 USD " + src,
		// A prior-year quarter in a 10-Q labelled fy=2025 fp=Q3 by the SEC.
		"AAPL revenue 2024-03-31..2024-06-29 FY2024 Q3 filed 2025-08-01 10-Q 8.5777e+10 USD " + src,
		"AAPL revenue 2023-10-01..2024-09-28 FY2024 FY filed 2024-11-01 10-K 3.91035e+11 USD " + src,
		// The same year again as a comparative in the next 10-K: its own filing date.
		"AAPL revenue 2023-10-01..2024-09-28 FY2024 FY filed 2025-10-31 10-K 3.91035e+11 USD " + src,
		"AAPL revenue 2025-03-30..2025-06-28 FY2025 Q3 filed 2025-08-01 10-Q 9.4036e+10 USD " + src,
		// RevenueFromContract… wins over Revenues for the same period and filing date.
		"AAPL revenue 2024-09-29..2025-09-27 FY2025 FY filed 2025-10-31 10-K 4.16161e+11 USD " + src,
		"AAPL net_income 2024-09-29..2025-09-27 FY2025 FY filed 2025-10-31 10-K 1.1201e+11 USD " + src,
		// A balance at the prior fiscal year end in a 10-Q is that year's FY balance.
		"AAPL total_equity -..2024-09-28 FY2024 FY filed 2025-08-01 10-Q 5.695e+10 USD " + src,
		"AAPL total_equity -..2025-06-28 FY2025 Q3 filed 2025-08-01 10-Q 6.583e+10 USD " + src,
		// LongTermDebt plus CommercialPaper; the noncurrent+current alternative loses.
		"AAPL total_debt -..2025-09-27 FY2025 FY filed 2025-10-31 10-K 9.8657e+10 USD " + src,
		// Cover-page share counts are dated after the fiscal year end.
		"AAPL shares_outstanding -..2024-10-18 FY2024 FY filed 2024-11-01 10-K 1.5115823e+10 shares " + src,
		"AAPL shares_outstanding -..2025-10-17 FY2025 FY filed 2025-10-31 10-K 1.4776353e+10 shares " + src,
		"AAPL eps_diluted 2024-09-29..2025-09-27 FY2025 FY filed 2025-10-31 10-K 7.46 USD/shares " + src,
		"AAPL capex 2024-09-29..2025-09-27 FY2025 FY filed 2025-10-31 10-K 1.2715e+10 USD " + src,
	}
	wantLines := []int{12, 5, 4, 8, 7, 9, 13, 20, 21, 14, 1, 2, 18, 19}
	wantSkipped := map[string]int{
		"XBRL year-to-date or other non-quarter, non-annual value":                     1,
		"XBRL value from a form other than 10-K, 10-Q, 20-F, 40-F":                     1,
		"XBRL value superseded by a preferred tag for the same period and filing date": 2,
	}
	wantBad := []string{`CIK0000320193.json:22: us-gaap:StockholdersEquity (USD) end: bad date "2025-02-30": no such day`}

	tests := []struct {
		name string
		opts Options
		data []byte
	}{
		{"CIKLookup", Options{CIKSymbol: func(cik int64) (string, bool) { return "AAPL", cik == 320193 }}, data},
		{"ExplicitSymbol", Options{Symbol: "aapl"}, data},
		{"Gzipped", Options{Symbol: "AAPL"}, gz(t, data)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opts.File = "CIK0000320193.json"
			got := parseBytes(t, "sec-companyfacts", tt.data, tt.opts)
			if got.err != nil {
				t.Fatalf("Parse: %v", got.err)
			}
			if g := factStrings(got.facts); !reflect.DeepEqual(g, want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
			}
			if !reflect.DeepEqual(got.lines, wantLines) {
				t.Errorf("records %v, want %v", got.lines, wantLines)
			}
			if !reflect.DeepEqual(got.skipped, wantSkipped) {
				t.Errorf("skipped %v, want %v", got.skipped, wantSkipped)
			}
			if g := reasons(got.bad); !reflect.DeepEqual(g, wantBad) {
				t.Errorf("bad %q, want %q", g, wantBad)
			}
		})
	}
}

func TestParseCompanyFactsUnknownCIK(t *testing.T) {
	t.Parallel()
	got := parseBytes(t, "sec-companyfacts", fixture(t, "CIK0000320193.json"), Options{
		File:      "CIK0000320193.json",
		CIKSymbol: func(int64) (string, bool) { return "", false },
	})
	const want = "CIK0000320193.json: CIK 320193 (Apple Inc.) is not in the securities master: import securities first"
	if got.err == nil || !strings.HasPrefix(got.err.Error(), want) {
		t.Fatalf("got error %v, want one starting %q", got.err, want)
	}
	if !strings.Contains(got.err.Error(), "--symbol") {
		t.Errorf("error %q does not mention --symbol", got.err)
	}
	if len(got.facts) > 0 {
		t.Errorf("got %d facts, want none", len(got.facts))
	}
}

func TestFiscalLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		x         xfact
		filingEnd string
		instant   bool
		wantFY    int
		wantFP    string
	}{
		{"OwnYear", xfact{fy: 2025, fp: "FY", end: day("2025-09-27"), annual: true}, "2025-09-27", false, 2025, "FY"},
		{"PriorYearIn10K", xfact{fy: 2025, fp: "FY", end: day("2024-09-28"), annual: true}, "2025-09-27", false, 2024, "FY"},
		{"TwoYearsBack", xfact{fy: 2025, fp: "FY", end: day("2023-09-30"), annual: true}, "2025-09-27", false, 2023, "FY"},
		{"PriorYearQuarter", xfact{fy: 2025, fp: "Q3", end: day("2024-06-29")}, "2025-06-28", false, 2024, "Q3"},
		{"PriorYearEndIn10Q", xfact{fy: 2025, fp: "Q2", end: day("2024-09-28")}, "2025-03-29", true, 2024, "FY"},
		{"AnnualInQ2", xfact{fy: 2025, fp: "Q2", end: day("2024-09-28"), annual: true}, "2025-03-29", false, 2024, "FY"},
		{"Q4QuarterIn10K", xfact{fy: 2025, fp: "FY", end: day("2025-09-27")}, "2025-09-27", false, 2025, "Q4"},
		{"CoverDateAfterEnd", xfact{fy: 2025, fp: "FY", end: day("2025-10-17")}, "2025-09-27", true, 2025, "FY"},
		{"NVIDIAJanuaryYear", xfact{fy: 2026, fp: "FY", end: day("2025-01-26"), annual: true}, "2026-01-25", false, 2025, "FY"},
		{"NoFilingEnd", xfact{fy: 2025, fp: "Q1", end: day("2025-01-01")}, "", false, 2025, "Q1"},
		{"NoLabel", xfact{end: day("2025-01-01"), annual: true}, "2025-01-01", false, 0, "FY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var filingEnd time.Time
			if tt.filingEnd != "" {
				filingEnd = day(tt.filingEnd)
			}
			fy, fp := fiscalLabel(tt.x, filingEnd, tt.instant)
			if fy != tt.wantFY || fp != tt.wantFP {
				t.Errorf("fiscalLabel = %d %s, want %d %s", fy, fp, tt.wantFY, tt.wantFP)
			}
		})
	}
}
