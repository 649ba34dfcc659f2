// Package storetest is the conformance suite every store.Store
// implementation must pass. A backend's test calls Run with a function that
// opens a fresh, migrated, empty store.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// Opener returns a fresh, migrated, empty store; it registers its own cleanup.
type Opener func(t *testing.T) store.Store

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"SecurityRoundTrip", testSecurityRoundTrip},
		{"SecurityMerge", testSecurityMerge},
		{"SecurityNotFound", testSecurityNotFound},
		{"SecurityFilter", testSecurityFilter},
		{"BarsIdempotent", testBarsIdempotent},
		{"BarsUnknownSymbol", testBarsUnknownSymbol},
		{"ImportRollsBack", testImportRollsBack},
		{"InvalidRowsRefused", testInvalidRowsRefused},
		{"Quotes", testQuotes},
		{"FactsPointInTime", testFactsPointInTime},
		{"DataVersion", testDataVersion},
		{"ImportLog", testImportLog},
		{"Panels", testPanels},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var (
	amzn = market.Security{Symbol: "AMZN", LegalName: "Amazon.com, Inc.", Name: "Amazon", Aliases: []string{"Amazon.com"},
		CIK: 1018724, Exchange: market.NASDAQ, Sector: market.ConsumerDiscretionary, Industry: "Broadline Retail"}
	has = market.Security{Symbol: "HAS", LegalName: "Hasbro, Inc.", Name: "Hasbro", CIK: 46080,
		Exchange: market.NASDAQ, Sector: market.ConsumerDiscretionary, Industry: "Leisure Products"}
	brkb = market.Security{Symbol: "BRK.B", ShareClass: "B", LegalName: "Berkshire Hathaway Inc.", Name: "Berkshire Hathaway",
		Aliases: []string{"Berkshire"}, CIK: 1067983, Exchange: market.NYSE, Sector: market.Financials}
)

func mustImport(t *testing.T, st store.Store, fn func(ctx context.Context, tx store.ImportTx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.Import(ctx, func(tx store.ImportTx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("import: %v", err)
	}
}

func putSecurities(t *testing.T, st store.Store, secs ...market.Security) {
	t.Helper()
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error { return tx.PutSecurities(ctx, secs) })
}

func bar(sym, d string, c float64) market.Bar {
	return market.Bar{Symbol: sym, Date: day(d), Open: c, High: c * 1.01, Low: c * 0.99, Close: c, Volume: 1000.5, Source: "test"}
}

func testSecurityRoundTrip(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn, brkb)
	for _, want := range []market.Security{amzn, brkb} {
		got, err := st.Security(context.Background(), want.Symbol)
		if err != nil {
			t.Fatalf("Security(%s): %v", want.Symbol, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Security(%s) = %+v, want %+v", want.Symbol, got, want)
		}
	}
}

func testSecurityMerge(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn)
	// A later file knows only the symbol, a new alias and an industry.
	putSecurities(t, st, market.Security{Symbol: "AMZN", LegalName: "AMAZON COM INC", Aliases: []string{"AWS parent", "Amazon.com"}, Industry: "Internet Retail"})
	got, err := st.Security(context.Background(), "AMZN")
	if err != nil {
		t.Fatal(err)
	}
	want := amzn
	want.LegalName = "AMAZON COM INC"
	want.Industry = "Internet Retail"
	want.Aliases = []string{"Amazon.com", "AWS parent"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merged = %+v, want %+v", got, want)
	}
}

func testSecurityNotFound(t *testing.T, st store.Store) {
	_, err := st.Security(context.Background(), "NOPE")
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Security(NOPE) err = %v, want ErrNotFound", err)
	}
}

func testSecurityFilter(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn, has, brkb)
	ctx := context.Background()
	tests := []struct {
		name string
		f    store.SecurityFilter
		want []string
	}{
		{"all", store.SecurityFilter{}, []string{"AMZN", "BRK.B", "HAS"}},
		{"sector", store.SecurityFilter{Sector: market.Financials}, []string{"BRK.B"}},
		{"symbol prefix", store.SecurityFilter{Query: "am"}, []string{"AMZN"}},
		{"name substring", store.SecurityFilter{Query: "bro"}, []string{"HAS"}},
		{"alias", store.SecurityFilter{Query: "Berkshire"}, []string{"BRK.B"}},
		{"like metachar is literal", store.SecurityFilter{Query: "%"}, nil},
		{"limit offset", store.SecurityFilter{Limit: 1, Offset: 1}, []string{"BRK.B"}},
	}
	for _, tc := range tests {
		secs, err := st.Securities(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, s := range secs {
			got = append(got, s.Symbol)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
		n, err := st.CountSecurities(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if tc.f.Limit == 0 && n != len(tc.want) {
			t.Errorf("%s: count %d, want %d", tc.name, n, len(tc.want))
		}
	}
	syms, err := st.Symbols(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(syms) != 3 || !syms["BRK.B"] {
		t.Errorf("Symbols = %v, want AMZN, BRK.B, HAS", syms)
	}
}

func testBarsIdempotent(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn)
	bars := []market.Bar{bar("AMZN", "2026-11-18", 200), bar("AMZN", "2026-11-19", 201), bar("AMZN", "2026-11-20", 202.5)}
	for range 2 {
		mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error { return tx.PutBars(ctx, bars) })
	}
	// Many bars in one call cross the multi-row insert batch size.
	var many []market.Bar
	d := day("2020-01-01")
	for i := range 1000 {
		many = append(many, bar("AMZN", d.AddDate(0, 0, i).Format(market.DateLayout), 100+float64(i)/10))
	}
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error { return tx.PutBars(ctx, many) })
	got, err := st.Bars(context.Background(), "AMZN", day("2026-11-19"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, bars[1:]) {
		t.Errorf("Bars = %+v, want %+v", got, bars[1:])
	}
	all, err := st.Bars(context.Background(), "AMZN", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := 1000 + 3; len(all) != want {
		t.Errorf("len(all bars) = %d, want %d", len(all), want)
	}
	// A corrected bar replaces the stored one.
	fixed := bar("AMZN", "2026-11-20", 203)
	fixed.Source = "vendor-b"
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error { return tx.PutBars(ctx, []market.Bar{fixed}) })
	got, err = st.Bars(context.Background(), "AMZN", day("2026-11-20"), day("2026-11-20"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != fixed {
		t.Errorf("after correction Bars = %+v, want %+v", got, fixed)
	}
}

func testBarsUnknownSymbol(t *testing.T, st store.Store) {
	err := st.Import(context.Background(), func(tx store.ImportTx) error {
		return tx.PutBars(context.Background(), []market.Bar{bar("ZZZZ", "2026-11-20", 1)})
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PutBars(unknown) err = %v, want ErrNotFound", err)
	}
}

func testImportRollsBack(t *testing.T, st store.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.Import(ctx, func(tx store.ImportTx) error {
		if err := tx.PutSecurities(ctx, []market.Security{amzn}); err != nil {
			return err
		}
		if err := tx.PutBars(ctx, []market.Bar{bar("AMZN", "2026-11-20", 1)}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Import err = %v, want boom", err)
	}
	if n, _ := st.CountSecurities(ctx, store.SecurityFilter{}); n != 0 {
		t.Errorf("after rollback: %d securities, want 0", n)
	}
	if v, _ := st.DataVersion(ctx); v != 0 {
		t.Errorf("after rollback: data version %d, want 0", v)
	}
}

func testInvalidRowsRefused(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn)
	ctx := context.Background()
	neg := bar("AMZN", "2026-11-20", 10)
	neg.Close = -1
	tests := []struct {
		name string
		fn   func(tx store.ImportTx) error
	}{
		{"bad sector", func(tx store.ImportTx) error {
			return tx.PutSecurities(ctx, []market.Security{{Symbol: "X", LegalName: "X", Sector: "Consumer Cyclical"}})
		}},
		{"non-canonical symbol", func(tx store.ImportTx) error {
			return tx.PutSecurities(ctx, []market.Security{{Symbol: "brk-b", LegalName: "X"}})
		}},
		{"negative close", func(tx store.ImportTx) error {
			return tx.PutBars(ctx, []market.Bar{bar("AMZN", "2026-11-19", 10), neg})
		}},
		{"fact filed before period end", func(tx store.ImportTx) error {
			return tx.PutFacts(ctx, []market.Fact{{Symbol: "AMZN", Metric: market.Revenue, PeriodEnd: day("2025-12-31"), Filed: day("2025-06-01"), Value: 1, Source: "t"}})
		}},
	}
	for _, tc := range tests {
		if err := st.Import(ctx, tc.fn); err == nil {
			t.Errorf("%s: Import succeeded, want error", tc.name)
		}
	}
	if bars, _ := st.Bars(ctx, "AMZN", time.Time{}, time.Time{}); len(bars) != 0 {
		t.Errorf("refused imports wrote %d bars", len(bars))
	}
	if n, _ := st.CountSecurities(ctx, store.SecurityFilter{}); n != 1 {
		t.Errorf("refused imports left %d securities, want 1", n)
	}
}

func testQuotes(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn, has)
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error {
		return tx.PutBars(ctx, []market.Bar{bar("AMZN", "2026-11-18", 200), bar("AMZN", "2026-11-20", 210), bar("AMZN", "2026-11-19", 205)})
	})
	qs, err := st.Quotes(context.Background(), store.SecurityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 {
		t.Fatalf("got %d quotes, want 2", len(qs))
	}
	a, h := qs[0], qs[1]
	if a.Security.Symbol != "AMZN" || a.Last.Close != 210 || !a.Last.Date.Equal(day("2026-11-20")) || a.PrevClose != 205 {
		t.Errorf("AMZN quote = %+v, want close 210 on 2026-11-20, prev 205", a)
	}
	if abs, pct, ok := a.Change(); !ok || abs != 5 || pct < 2.43 || pct > 2.44 {
		t.Errorf("AMZN change = %v, %v, %v; want 5, 2.439%%, true", abs, pct, ok)
	}
	if h.HasPrice() {
		t.Errorf("HAS has no bars, got quote %+v", h)
	}
	// One security's quote agrees with the listing.
	for _, want := range qs {
		got, err := st.Quote(context.Background(), want.Security.Symbol)
		if err != nil {
			t.Fatalf("Quote(%s): %v", want.Security.Symbol, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Quote(%s) = %+v, want %+v", want.Security.Symbol, got, want)
		}
	}
	if _, err := st.Quote(context.Background(), "NOPE"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Quote(NOPE) err = %v, want ErrNotFound", err)
	}
}

func testFactsPointInTime(t *testing.T, st store.Store) {
	putSecurities(t, st, amzn)
	orig := market.Fact{Symbol: "AMZN", Metric: market.Revenue, PeriodStart: day("2025-01-01"), PeriodEnd: day("2025-12-31"),
		FiscalYear: 2025, FiscalPeriod: "FY", Filed: day("2026-02-06"), Value: 700e9, Unit: "USD", Form: "10-K", Source: "sec-companyfacts"}
	restated := orig
	restated.Filed, restated.Value, restated.Form = day("2026-05-01"), 701e9, "10-K/A"
	shares := market.Fact{Symbol: "AMZN", Metric: market.SharesOutstanding, PeriodEnd: day("2025-12-31"),
		Filed: day("2026-02-06"), Value: 10.6e9, Unit: "shares", Source: "sec-companyfacts", FiledEstimated: true}
	for range 2 {
		mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error {
			return tx.PutFacts(ctx, []market.Fact{orig, restated, shares})
		})
	}
	ctx := context.Background()
	got, err := st.Facts(ctx, "AMZN", day("2026-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []market.Fact{orig, shares}; !reflect.DeepEqual(got, want) {
		t.Errorf("Facts as of 2026-03-01 = %+v, want %+v", got, want)
	}
	got, err = st.Facts(ctx, "AMZN", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []market.Fact{orig, restated, shares}; !reflect.DeepEqual(got, want) {
		t.Errorf("all Facts = %+v, want %+v", got, want)
	}
}

func testDataVersion(t *testing.T, st store.Store) {
	ctx := context.Background()
	v0, err := st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	putSecurities(t, st, amzn)
	v1, err := st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 == v0 {
		t.Errorf("data version unchanged (%d) after an import", v1)
	}
}

func testImportLog(t *testing.T, st store.Store) {
	when := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error {
		return tx.LogImport(ctx, store.ImportRecord{Kind: "prices", Format: "stooq-long", File: "a.csv", Rows: 10, Bad: 1, Imported: when})
	})
	mustImport(t, st, func(ctx context.Context, tx store.ImportTx) error {
		return tx.LogImport(ctx, store.ImportRecord{Kind: "securities", Format: "sec-tickers", File: "b.json", Rows: 5, Imported: when.Add(time.Hour)})
	})
	got, err := st.Imports(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].File != "b.json" || got[1].Rows != 10 || !got[1].Imported.Equal(when) {
		t.Errorf("Imports = %+v, want b.json then a.csv (10 rows at %v)", got, when)
	}
}
