package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// generatedStooqLong builds an in-memory stooq-long file of about n rows:
// 100 tickers of n/100 sessions each.
func generatedStooqLong(n int) []byte {
	var b bytes.Buffer
	b.WriteString("ticker,date,open,high,low,close,volume\n")
	start := day("2009-01-02")
	for s := range 100 {
		sym := fmt.Sprintf("T%03d", s)
		for i := range n / 100 {
			p := 20 + float64((s*7+i*13)%500)/10
			fmt.Fprintf(&b, "%s,%s,%.3f,%.3f,%.3f,%.3f,%d\n", sym, start.AddDate(0, 0, i).Format(market.DateLayout),
				p, p*1.02, p*0.98, p*1.01, 1000000+i*17)
		}
	}
	return b.Bytes()
}

// benchmarkParse parses data as format once per iteration and reports rows/s.
func benchmarkParse(b *testing.B, format string, data []byte) {
	f, err := Lookup(format)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		rows = 0
		err := Parse(context.Background(), bytes.NewReader(data), f, Options{File: "bench.csv"}, Sink{
			Bar: func(int, market.Bar) error { rows++; return nil },
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkParseStooqLong parses stooq-long: a generated 100k-row file in
// memory, and the real 1.05M-row gzip file when shared/data is present.
//
//	go test ./internal/market/importer -run XXX -bench ParseStooqLong -benchtime 5x
func BenchmarkParseStooqLong(b *testing.B) {
	b.Run("Generated100k", func(b *testing.B) {
		benchmarkParse(b, "stooq-long", generatedStooqLong(100_000))
	})
	b.Run("GeneratedGzip100k", func(b *testing.B) {
		benchmarkParse(b, "stooq-long", gz(b, generatedStooqLong(100_000)))
	})
	b.Run("SharedHugeGzip", func(b *testing.B) {
		data, err := os.ReadFile(sharedFile(b, "prices/stooq_huge_sp500_2009-2017.csv.gz"))
		if err != nil {
			b.Fatal(err)
		}
		benchmarkParse(b, "stooq-long", data)
	})
}

// discardStore is a store that accepts every write and keeps nothing, so
// that BenchmarkLoad measures the importer, not a store.
type discardStore struct {
	fakeStore
	symbols map[string]bool
}

func (s *discardStore) Symbols(context.Context) (map[string]bool, error) { return s.symbols, nil }

func (s *discardStore) Import(ctx context.Context, fn func(tx store.ImportTx) error) error {
	return fn(discardTx{})
}

type discardTx struct{}

func (discardTx) PutSecurities(context.Context, []market.Security) error { return nil }
func (discardTx) PutBars(context.Context, []market.Bar) error            { return nil }
func (discardTx) PutFacts(context.Context, []market.Fact) error          { return nil }
func (discardTx) LogImport(context.Context, store.ImportRecord) error    { return nil }

// BenchmarkLoadStooqHuge loads the real 1.05M-row file into a store that
// discards writes: parsing plus Load's checks (master, duplicates, batches).
func BenchmarkLoadStooqHuge(b *testing.B) {
	path := sharedFile(b, "prices/stooq_huge_sp500_2009-2017.csv.gz")
	st := &discardStore{symbols: map[string]bool{}}
	// Every ticker of the file, as a securities master would hold it.
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	f, _ := Lookup("stooq-long")
	err = Parse(context.Background(), bytes.NewReader(data), f, Options{}, Sink{
		Bar: func(_ int, bar market.Bar) error { st.symbols[bar.Symbol] = true; return nil },
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		sum, err := Load(context.Background(), st, path, Prices, Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows = sum.Rows + sum.Bad
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
