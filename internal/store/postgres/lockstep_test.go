package postgres_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"alphadesk/internal/store/sqlite"
)

// migrationFiles lists the .sql files of a migrations directory.
func migrationFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestMigrationsLockStep fails when the SQLite and PostgreSQL migrations
// diverge: the same numbered files, and after migrating a fresh database
// of each, the same tables with the same columns (River's river_* tables
// and SQLite's internal tables aside).
func TestMigrationsLockStep(t *testing.T) {
	lite, pg := migrationFiles(t, "../sqlite/migrations"), migrationFiles(t, "migrations")
	if !slices.Equal(lite, pg) {
		t.Errorf("migration files differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}

	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	ldb, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ldb.Close()
	if _, err := ldb.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	liteCols := columns(t, raw, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, p.name`)

	pdb := open(t)
	pgCols := columns(t, pdb.SQL(), `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, column_name`)

	tables := map[string]bool{}
	for tbl := range liteCols {
		tables[tbl] = true
	}
	for tbl := range pgCols {
		tables[tbl] = true
	}
	if len(tables) == 0 {
		t.Fatal("no tables found")
	}
	for _, tbl := range slices.Sorted(func(yield func(string) bool) {
		for k := range tables {
			if !yield(k) {
				return
			}
		}
	}) {
		if !reflect.DeepEqual(liteCols[tbl], pgCols[tbl]) {
			t.Errorf("table %s:\nsqlite columns:   %v\npostgres columns: %v", tbl, liteCols[tbl], pgCols[tbl])
		}
	}
}

// columns runs a (table, column) query and groups the columns by table,
// leaving out River's tables.
func columns(t *testing.T, db *sql.DB, query string) map[string][]string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(tbl, "river_") {
			continue
		}
		out[tbl] = append(out[tbl], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, cols := range out {
		slices.Sort(cols) // byte order, whatever the server's collation
	}
	return out
}
