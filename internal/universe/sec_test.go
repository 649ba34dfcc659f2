package universe

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"alphadesk/internal/market"
)

// sharedData locates the read-only shared data folder: $ALPHADESK_SHARED_DATA,
// else ../../../shared/data from this package. It skips the test when absent.
func sharedData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ALPHADESK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "sec", "company_tickers_exchange.json")); err != nil {
		t.Skipf("shared data not found (%v): set ALPHADESK_SHARED_DATA to the folder holding sec/company_tickers_exchange.json", err)
	}
	return dir
}

// secRow is one row of the SEC's company_tickers_exchange.json.
type secRow struct {
	CIK      int64
	Name     string
	Exchange market.Exchange // "" when the SEC gives none or an unknown venue
}

// secSnapshot maps SEC tickers ("BRK-B") to their rows.
type secSnapshot struct {
	name    string
	tickers map[string]secRow
}

func loadSEC(t *testing.T, path string) secSnapshot {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read SEC file: %v", err)
	}
	var f struct {
		Fields []string            `json:"fields"`
		Data   [][]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	if !slices.Equal(f.Fields, []string{"cik", "name", "ticker", "exchange"}) {
		t.Fatalf("%s: unexpected fields %q", path, f.Fields)
	}
	snap := secSnapshot{name: filepath.Base(path), tickers: make(map[string]secRow, len(f.Data))}
	for i, d := range f.Data {
		var (
			row      secRow
			ticker   string
			exchange *string
		)
		if len(d) != 4 || json.Unmarshal(d[0], &row.CIK) != nil || json.Unmarshal(d[1], &row.Name) != nil ||
			json.Unmarshal(d[2], &ticker) != nil || json.Unmarshal(d[3], &exchange) != nil {
			t.Fatalf("%s: row %d malformed: %s", path, i, d)
		}
		if exchange != nil {
			row.Exchange, _ = market.ParseExchange(*exchange)
		}
		snap.tickers[ticker] = row
	}
	return snap
}

// TestSECTickers checks every company's ticker, CIK and exchange against the
// SEC's company tickers files: the pair must appear in the 2025-12 file or a
// newer dated snapshot beside it, and the newest snapshot must still list the
// ticker under the same CIK (so renamed, merged and delisted tickers fail).
func TestSECTickers(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(sharedData(t), "sec")
	base := loadSEC(t, filepath.Join(dir, "company_tickers_exchange.json"))
	snaps := []secSnapshot{base}
	dated, _ := filepath.Glob(filepath.Join(dir, "company_tickers_exchange_*.json"))
	slices.Sort(dated) // names end in an ISO date
	for _, p := range dated {
		snaps = append(snaps, loadSEC(t, p))
	}
	newest := snaps[len(snaps)-1]

	for _, c := range mustCompanies(t) {
		ticker := strings.ReplaceAll(c.Symbol, ".", "-")
		var matched []string
		for _, s := range snaps {
			if row, ok := s.tickers[ticker]; ok && row.CIK == c.CIK {
				if row.Exchange != c.Exchange {
					t.Errorf("%s: exchange %q, %s says %q", c.Symbol, c.Exchange, s.name, row.Exchange)
				}
				matched = append(matched, s.name)
			}
		}
		if len(matched) == 0 {
			t.Errorf("%s (CIK %d): no SEC file lists this ticker under this CIK (base has %+v)", c.Symbol, c.CIK, base.tickers[ticker])
			continue
		}
		if row, ok := newest.tickers[ticker]; !ok || row.CIK != c.CIK {
			t.Errorf("%s (CIK %d): the newest SEC file %s no longer lists it (has %+v)", c.Symbol, c.CIK, newest.name, row)
		}
		if !slices.Contains(matched, base.name) {
			t.Logf("%s: CIK %d only in %v (the 2025-12 file has %+v)", c.Symbol, c.CIK, matched, base.tickers[ticker])
		}
	}
}
