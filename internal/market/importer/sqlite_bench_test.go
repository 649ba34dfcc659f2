//go:build unix

package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"alphadesk/internal/market/importer"
	"alphadesk/internal/store/sqlite"
)

// BenchmarkImportStooqHugeSQLite imports the whole shared 1.05M-row price
// file into a fresh SQLite database per iteration, as `alphadesk import
// prices` does, and reports rows/s and the process's peak resident memory.
//
//	go test ./internal/market/importer -run XXX -bench ImportStooqHugeSQLite -benchtime 3x
func BenchmarkImportStooqHugeSQLite(b *testing.B) {
	root := os.Getenv("ALPHADESK_SHARED_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	prices := filepath.Join(root, "prices", "stooq_huge_sp500_2009-2017.csv.gz")
	secs := filepath.Join(root, "fundamentals", "securities.csv")
	if _, err := os.Stat(prices); err != nil {
		b.Skipf("shared data not present (%v): set ALPHADESK_SHARED_DATA to run this benchmark", err)
	}
	ctx := context.Background()
	rows := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := importer.Load(ctx, db, secs, importer.Securities, importer.Options{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := importer.Load(ctx, db, prices, importer.Prices, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows = sum.Rows
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}
