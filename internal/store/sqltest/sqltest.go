// Package sqltest holds the tests and benchmarks the SQL backends
// (internal/store/sqlite, internal/store/postgres) run alike beyond the
// store.Store contract of storetest: migrating a fresh database, what the
// schema itself refuses, rows written by older versions, listings and
// panels at sizes the contract does not reach, and the bulk-write and read
// benchmarks. A backend's test wires it to a fresh, migrated database and,
// where a test goes around the store, to raw SQL with $n placeholders
// (which SQLite reads too).
package sqltest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/newsroomtest"
	"alphadesk/internal/store"
)

// Exec runs raw SQL on a backend's database, around the store's API.
type Exec func(ctx context.Context, query string, args ...any) error

// Opener returns a fresh, migrated store of one backend and raw SQL on its
// database.
type Opener func(t *testing.T) (store.Store, Exec)

// Run runs the store suites of this package (ScoreSignalsColumn, Limits,
// ManySymbols, RepeatedRows), each on a database of its own.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store, exec Exec)
	}{
		{"ScoreSignalsColumn", ScoreSignalsColumn},
		{"Limits", func(t *testing.T, st store.Store, _ Exec) { Limits(t, st) }},
		{"ManySymbols", func(t *testing.T, st store.Store, _ Exec) { ManySymbols(t, st) }},
		{"RepeatedRows", func(t *testing.T, st store.Store, _ Exec) { RepeatedRows(t, st) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st, exec := open(t)
			tc.fn(t, st, exec)
		})
	}
}

// Migrator is what a backend's DB offers to migrate its schema.
type Migrator interface {
	CheckSchema(ctx context.Context) error
	Migrate(ctx context.Context) ([]int, error)
}

// Migrate checks migrating db, a database never migrated: CheckSchema
// reports outdated (errors.Is), Migrate applies versions, a second
// Migrate has nothing to do, and CheckSchema then passes. It returns the
// versions applied.
func Migrate(t *testing.T, db Migrator, outdated error) []int {
	t.Helper()
	ctx := context.Background()
	if err := db.CheckSchema(ctx); !errors.Is(err, outdated) {
		t.Errorf("CheckSchema on a new database = %v, want %v", err, outdated)
	}
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) == 0 {
		t.Fatalf("Migrate = %v, %v; want versions applied", applied, err)
	}
	again, err := db.Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Errorf("second Migrate = %v, %v; want nothing to do", again, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Errorf("CheckSchema after Migrate = %v", err)
	}
	return applied
}

// SchemaMigrator is a Migrator that also reports its schema version.
type SchemaMigrator interface {
	Migrator
	SchemaVersion(ctx context.Context) (applied, want int, err error)
	Close() error
}

// MigrateConcurrent runs Migrate on n handles of their own to one
// database never migrated, at once, as n processes starting together
// would: each step must be applied exactly once. open opens a new handle
// to that database; the handles are opened first, one after another, so
// that what runs at once is Migrate.
func MigrateConcurrent(t *testing.T, n int, open func() (SchemaMigrator, error)) {
	t.Helper()
	ctx := context.Background()
	dbs := make([]SchemaMigrator, n)
	for i := range dbs {
		db, err := open()
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	results := make(chan []int, n)
	errs := make(chan error, n)
	for _, db := range dbs {
		go func() {
			applied, err := db.Migrate(ctx)
			if err != nil {
				errs <- err
				return
			}
			results <- applied
		}()
	}
	total := 0
	for range n {
		select {
		case err := <-errs:
			t.Fatalf("concurrent Migrate: %v", err)
		case applied := <-results:
			total += len(applied)
		}
	}
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied, want, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total != want || applied != want {
		t.Errorf("%d migrations applied in all, schema at %d; want each of the %d once", total, applied, want)
	}
}

// Refusals are the words of a backend's constraint errors.
type Refusals struct {
	Unique, Check, ForeignKey string
}

// NewsroomSchemaConstraints shows that duplicates and dangling rows are
// impossible at the database level, not only in the newsroom service:
// exec runs raw SQL inside a newsroom transaction of repo's database, and
// each refusal must carry the backend's word for it.
func NewsroomSchemaConstraints(t *testing.T, repo newsroom.Repository, exec Exec, words Refusals) {
	s := newsroomtest.SeedStory(t, repo)
	unique, check, fk := words.Unique, words.Check, words.ForeignKey
	tests := []struct {
		name  string
		query string
		args  []any
		want  string
	}{
		{"duplicate dedupe key", `INSERT INTO stories (dedupe_key, slug, status, created, updated, status_at) VALUES ('k1', 'x', 'draft', '', '', '')`, nil, unique},
		{"duplicate slug", `INSERT INTO stories (dedupe_key, slug, status, created, updated, status_at) VALUES ('k2', $1, 'draft', '', '', '')`, []any{s.Slug}, unique},
		{"unknown status", `UPDATE stories SET status = 'archived' WHERE id = $1`, []any{s.ID}, check},
		{"duplicate version", `INSERT INTO story_versions (story_id, number, change, headline, drafted_by, actor, created) VALUES ($1, 1, 'edited', 'h', 'x', 'a', '')`, []any{s.ID}, unique},
		{"version of no story", `INSERT INTO story_versions (story_id, number, change, headline, drafted_by, actor, created) VALUES (999, 1, 'edited', 'h', 'x', 'a', '')`, nil, fk},
		{"duplicate source link", `INSERT INTO story_sources (story_id, item_key, position, added) VALUES ($1, 'i1', 5, '')`, []any{s.ID}, unique},
		{"duplicate tag", `INSERT INTO story_tags (story_id, symbol, rank, confidence, salience) VALUES ($1, 'AMZN', 1, 1, 1)`, []any{s.ID}, unique},
		{"confidence out of range", `UPDATE story_tags SET confidence = 2 WHERE story_id = $1`, []any{s.ID}, check},
		{"correction resolved without version", `INSERT INTO corrections (story_id, text, status, created, resolved) VALUES ($1, 't', 'resolved', '', 'x')`, []any{s.ID}, check},
		{"correction resolved by a missing version", `INSERT INTO corrections (story_id, text, status, version, created, resolved) VALUES ($1, 't', 'resolved', 9, '', 'x')`, []any{s.ID}, fk},
		{"audit edit", `UPDATE audit_log SET actor = 'someone else'`, nil, "append-only"},
		{"audit delete", `DELETE FROM audit_log`, nil, "append-only"},
		{"story delete with history", `DELETE FROM stories WHERE id = $1`, []any{s.ID}, fk},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := exec(context.Background(), tc.query, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a %s error", err, tc.want)
			}
		})
	}
}

// ScoreSignalsColumn checks migration 0006 on rows written without the
// signals column (as every row saved before it was): they read back with
// nil Signals, and the column refuses text that is not JSON. exec runs raw
// SQL on st's database.
func ScoreSignalsColumn(t *testing.T, st store.Store, exec Exec) {
	ctx := context.Background()
	err := st.Import(ctx, func(tx store.ImportTx) error {
		return tx.PutSecurities(ctx, []market.Security{{Symbol: "AMZN", LegalName: "Amazon.com, Inc.", Exchange: market.NASDAQ}})
	})
	if err != nil {
		t.Fatal(err)
	}
	insert := func(day, signals string) error {
		q := `INSERT INTO scores (security_id, method, as_of, score, band, coverage, momentum)
			SELECT id, 'alpha', $1, 50, 'Moderate', 1, 50 FROM securities WHERE symbol = 'AMZN'`
		args := []any{day}
		if signals != "" {
			q = `INSERT INTO scores (security_id, method, as_of, score, band, coverage, momentum, signals)
				SELECT id, 'alpha', $1, 50, 'Moderate', 1, 50, $2 FROM securities WHERE symbol = 'AMZN'`
			args = append(args, signals)
		}
		return exec(ctx, q, args...)
	}
	if err := insert("2026-11-20", ""); err != nil {
		t.Fatalf("insert a row without signals: %v", err)
	}
	hist, err := st.ScoreHistory(ctx, "AMZN", "alpha", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 1 || hist[0].Signals != nil || hist[0].Momentum == nil {
		t.Errorf("ScoreHistory of a row saved without signals = %+v, want one record with nil Signals", hist)
	}
	if err := insert("2026-11-21", "not json"); err == nil {
		t.Error("the signals column accepted text that is not JSON")
	}
}

// Limits covers what the conformance suite leaves out of listings: an
// offset without a limit, a limit past the end, a case-insensitive query
// with LIKE wildcards taken literally, and the whole import log.
func Limits(t *testing.T, st store.Store) {
	ctx := context.Background()
	err := st.Import(ctx, func(tx store.ImportTx) error {
		if err := tx.PutSecurities(ctx, []market.Security{{Symbol: "A", LegalName: "A"}, {Symbol: "B", LegalName: "B"},
			{Symbol: "C", LegalName: "C_50% Co"}}); err != nil {
			return err
		}
		for _, f := range []string{"a.csv", "b.csv", "c.csv"} {
			if err := tx.LogImport(ctx, store.ImportRecord{Kind: "prices", Format: "f", File: f}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    store.SecurityFilter
		want int
	}{
		{"offset only", store.SecurityFilter{Offset: 1}, 2},
		{"limit only", store.SecurityFilter{Limit: 2}, 2},
		{"limit and offset", store.SecurityFilter{Limit: 1, Offset: 1}, 1},
		{"past the end", store.SecurityFilter{Limit: 5, Offset: 3}, 0},
		{"case-insensitive query", store.SecurityFilter{Query: "b"}, 1},
		{"percent taken literally", store.SecurityFilter{Query: "50%"}, 1},
		{"underscore taken literally", store.SecurityFilter{Query: "c_5"}, 1},
		{"lone underscore", store.SecurityFilter{Query: "_"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			secs, err := st.Securities(ctx, tc.f)
			if err != nil || len(secs) != tc.want {
				t.Errorf("Securities: got %d, %v; want %d", len(secs), err, tc.want)
			}
			qs, err := st.Quotes(ctx, tc.f)
			if err != nil || len(qs) != tc.want {
				t.Errorf("Quotes: got %d, %v; want %d", len(qs), err, tc.want)
			}
		})
	}
	for _, limit := range []int{0, -1, 2} {
		want := 3
		if limit > 0 {
			want = limit
		}
		if got, err := st.Imports(ctx, limit); err != nil || len(got) != want {
			t.Errorf("Imports(%d) = %d records, %v; want %d", limit, len(got), err, want)
		}
	}
}

// ManySymbols reads panels of more symbols than one query carries on
// SQLite (an IN list of at most 500): the bars come back once each,
// ordered by symbol then date, whatever the order and repeats of the
// symbols asked for; an empty list reads nothing.
func ManySymbols(t *testing.T, st store.Store) {
	ctx := context.Background()
	const n = 1203
	secs := make([]market.Security, n)
	var bars []market.Bar
	var facts []market.Fact
	d1, d2 := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)
	for i := range secs {
		sym := fmt.Sprintf("S%04d", i)
		secs[i] = market.Security{Symbol: sym, LegalName: "Co " + sym}
		for _, d := range []time.Time{d1, d2} {
			bars = append(bars, market.Bar{Symbol: sym, Date: d, Open: 10, High: 11, Low: 9, Close: 10, Volume: 1, Source: "t"})
		}
		facts = append(facts, market.Fact{Symbol: sym, Metric: market.Revenue, PeriodStart: d1.AddDate(-1, 0, 0), PeriodEnd: d1,
			Filed: d2, Source: "t", FiscalYear: 2025, FiscalPeriod: "FY", Value: 1, Unit: "USD", Form: "10-K"})
	}
	if err := PutAll(ctx, st, secs, bars, facts); err != nil {
		t.Fatal(err)
	}
	// Every third symbol, backwards, each twice, and one unknown.
	var ask, want []string
	for i := n - 1; i >= 0; i -= 3 {
		sym := fmt.Sprintf("S%04d", i)
		ask = append(ask, sym, sym)
		want = append(want, sym)
	}
	ask = append(ask, "NOPE")
	slices.Sort(want)
	tests := []struct {
		name    string
		symbols []string
		want    []string
	}{
		{"many, unordered, repeated", ask, want},
		{"empty list", []string{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := st.EachBar(ctx, tc.symbols, time.Time{}, time.Time{}, func(b market.Bar) error {
				if len(got) == 0 || got[len(got)-1] != b.Symbol {
					got = append(got, b.Symbol)
				} else if !b.Date.Equal(d2) {
					return fmt.Errorf("%s: second bar on %s, want %s", b.Symbol, b.Date, d2)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("EachBar read %d symbols (first %v), want %d in order", len(got), got[:min(3, len(got))], len(tc.want))
			}
			got = got[:0]
			err = st.EachFact(ctx, tc.symbols, time.Time{}, func(f market.Fact) error {
				got = append(got, f.Symbol)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) || !slices.IsSorted(got) {
				t.Errorf("EachFact read %d facts, sorted %v; want %d sorted", len(got), slices.IsSorted(got), len(tc.want))
			}
		})
	}
}

// RepeatedRows writes bars and facts whose keys repeat within one call
// (PostgreSQL refuses an upsert that touches a row twice, so its store
// keeps the last of each): the last of each key wins, on both backends.
func RepeatedRows(t *testing.T, st store.Store) {
	ctx := context.Background()
	d1, d2 := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)
	bar := func(d time.Time, c float64) market.Bar {
		return market.Bar{Symbol: "AMZN", Date: d, Open: c, High: c, Low: c, Close: c, Volume: 1, Source: "t"}
	}
	fact := func(v float64) market.Fact {
		return market.Fact{Symbol: "AMZN", Metric: market.Revenue, PeriodStart: d1.AddDate(-1, 0, 0), PeriodEnd: d1,
			Filed: d2, Source: "t", FiscalYear: 2025, FiscalPeriod: "FY", Value: v, Unit: "USD", Form: "10-K"}
	}
	err := st.Import(ctx, func(tx store.ImportTx) error {
		if err := tx.PutSecurities(ctx, []market.Security{{Symbol: "AMZN", LegalName: "Amazon.com, Inc."}}); err != nil {
			return err
		}
		if err := tx.PutBars(ctx, []market.Bar{bar(d1, 1), bar(d2, 2), bar(d1, 3)}); err != nil {
			return err
		}
		return tx.PutFacts(ctx, []market.Fact{fact(10), fact(20)})
	})
	if err != nil {
		t.Fatal(err)
	}
	bars, err := st.Bars(ctx, "AMZN", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []market.Bar{bar(d1, 3), bar(d2, 2)}; !slices.Equal(bars, want) {
		t.Errorf("Bars = %+v, want %+v", bars, want)
	}
	facts, err := st.Facts(ctx, "AMZN", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != 1 || facts[0].Value != 20 {
		t.Errorf("Facts = %+v, want the one fact of value 20", facts)
	}
}
