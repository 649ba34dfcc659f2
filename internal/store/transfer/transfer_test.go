package transfer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"alphadesk/internal/store/pgtest"
	"alphadesk/internal/store/postgres"
	"alphadesk/internal/store/sqlite"
)

// Edge values every column type must carry across unchanged.
const (
	bigCIK    = int64(9007199254740993) // 2^53+1: no double holds it
	unicode   = "Ünïcödé — 株式会社 🚀 \"quoted\" 'single' \\ back"
	tinyFloat = 1e-300
)

// seedSQL fills a migrated SQLite desk with rows of every column type,
// ids with gaps, NULLs, and a deleted AUTOINCREMENT row. Bars are added
// by addBars so that the copy spans several batches.
var seedSQL = `
UPDATE data_version SET version = 42;
INSERT INTO securities (id, symbol, name, aliases, cik, sector, etf) VALUES
  (1, 'AAA', '` + strings.ReplaceAll(unicode, "'", "''") + `', '["A"]', ` + fmt.Sprint(bigCIK) + `, 'Energy', 1),
  (2, 'BBB', 'Bee', '[]', 0, '', 0),
  (5, 'CCC', 'Sea', '[]', -1, 'Utilities', 0);
INSERT INTO facts (security_id, metric, period_end, filed, source, fiscal_year, filed_estimated, value) VALUES
  (1, 'Revenues', '2024-03-31', '2024-05-01', 'test', 2024, 1, 1e-300),
  (1, 'Assets', '2024-03-31', '2024-05-01', 'test', 2024, 0, -0.1),
  (2, 'Revenues', '2024-03-31', '2024-05-02', 'test', 2024, 0, 1.7976931348623157e308);
INSERT INTO imports (id, kind, format, file, rows, bad, imported) VALUES (3, 'prices', 'csv', 'p.csv', 10, 0, '2024-01-01T00:00:00Z');
INSERT INTO scores (security_id, method, as_of, score, band, coverage, capped, momentum, value, quality, sentiment, signals) VALUES
  (1, 'v1', '2024-05-01', NULL, '', 0, 0, NULL, NULL, NULL, NULL, '{}'),
  (2, 'v1', '2024-05-01', 55.5, 'B', 3, 1, 0.1, 0.2, NULL, 0.3, '{"momentum":{"score":null}}');
INSERT INTO stories (id, dedupe_key, slug, status, created, updated, status_at, sentiment_score) VALUES
  (7, 'k7', 'story-seven', 'published', '2024-05-01T00:00:00.000000Z', '2024-05-01T00:00:00.000000Z', '2024-05-01T00:00:00.000000Z', -0.25);
INSERT INTO story_versions (story_id, number, change, headline, drafted_by, actor, submission, created) VALUES
  (7, 1, 'drafted', '` + strings.ReplaceAll(unicode, "'", "''") + `', 'extractive', 'pipeline', 'abc', '2024-05-01T00:00:00.000000Z'),
  (7, 2, 'edited', 'Second', 'editor', 'ed', NULL, '2024-05-02T00:00:00.000000Z');
INSERT INTO story_tags (story_id, symbol, rank, confidence, salience) VALUES (7, 'AAA', 0, 0.97, 1);
INSERT INTO corrections (id, story_id, text, status, version, created, resolved) VALUES
  (4, 7, 'typo', 'resolved', 2, '2024-05-03T00:00:00.000000Z', '2024-05-04T00:00:00.000000Z');
INSERT INTO audit_log (id, story_id, correction_id, version, actor, action, at) VALUES
  (3, 7, NULL, 1, 'pipeline', 'submitted', '2024-05-01T00:00:00.000000Z'),
  (9, 7, 4, 2, 'ed', 'correction_resolved', '2024-05-04T00:00:00.000000Z');
INSERT INTO ingest_items (id, item_key, source, arrived) VALUES (1, 'i1', 's', 'x'), (2, 'i2', 's', 'x'), (3, 'i3', 's', 'x');
INSERT INTO ingest_signatures (item_id, story_key, fingerprint, at) VALUES
  (1, 'k7', -9223372036854775808, 'x'), (2, 'k7', 9223372036854775807, 'x'), (3, 'k7', NULL, 'x');
DELETE FROM ingest_signatures WHERE item_id = 3;
INSERT INTO admin_users (name, password_hash, created, password_changed) VALUES ('ed', '$argon2id$x', 'x', 'x');
`

// nBars is the number of bars addBars writes per security.
const nBars = 250

// setup returns a seeded SQLite desk and a migrated, empty PostgreSQL
// database, both at the same schema version.
func setup(t *testing.T) (src, dst *sql.DB) {
	t.Helper()
	ctx := context.Background()
	pg, err := postgres.Open(ctx, pgtest.DSN(t), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	if _, err := pg.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "desk.db")
	lite, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	lite.Close()
	src, err = sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	if _, err := src.ExecContext(ctx, seedSQL); err != nil {
		t.Fatalf("seed: %v", err)
	}
	addBars(t, src)
	return src, pg.SQL()
}

func addBars(t *testing.T, db *sql.DB) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, id := range []int{1, 2, 5} {
		for d := range nBars {
			day := fmt.Sprintf("%04d-%02d-%02d", 2000+d/300, 1+d%300/25, 1+d%25)
			c := 0.1 + float64(d)/3
			if _, err := tx.Exec(`INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?, ?, 'test')`,
				id, day, tinyFloat, c*1.01, 5e-324, c, float64(d)*1e15); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *sql.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(`SELECT COUNT(*) FROM ` + ident(table)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCopy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := setup(t)
	rep, err := Copy(ctx, src, dst, Options{BatchRows: 64})
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	var total int64
	seen := map[string]bool{}
	for _, tb := range rep.Tables {
		seen[tb.Name] = true
		if got, want := tb.Rows, count(t, src, tb.Name); got != want {
			t.Errorf("report %s: %d rows, source has %d", tb.Name, got, want)
		}
		if got, want := count(t, dst, tb.Name), tb.Rows; got != want {
			t.Errorf("destination %s: %d rows, want %d", tb.Name, got, want)
		}
		total += tb.Rows
	}
	if rep.Rows != total {
		t.Errorf("report total %d, sum of tables %d", rep.Rows, total)
	}
	for _, name := range []string{"securities", "bars", "facts", "stories", "audit_log", "ingest_signatures", "data_version", "admin_users"} {
		if !seen[name] {
			t.Errorf("table %s not copied", name)
		}
	}
	for _, name := range []string{"schema_migrations", "sqlite_sequence"} {
		if seen[name] {
			t.Errorf("table %s copied; it must not be", name)
		}
	}
	pos := map[string]int{}
	for i, tb := range rep.Tables {
		pos[tb.Name] = i
	}
	for _, pc := range [][2]string{{"securities", "bars"}, {"stories", "story_versions"}, {"corrections", "audit_log"}, {"story_versions", "corrections"}} {
		if pos[pc[0]] > pos[pc[1]] {
			t.Errorf("%s copied after its child %s", pc[0], pc[1])
		}
	}
	if got := count(t, dst, "bars"); got != 3*nBars {
		t.Errorf("bars copied = %d, want %d", got, 3*nBars)
	}
}

// TestRoundTrip reads values of every column type back from PostgreSQL.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := setup(t)
	if _, err := Copy(ctx, src, dst, Options{BatchRows: 100}); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	tests := []struct {
		name  string
		query string
		want  any
	}{
		{"large int", `SELECT cik FROM securities WHERE id = 1`, bigCIK},
		{"negative int", `SELECT cik FROM securities WHERE id = 5`, int64(-1)},
		{"bool true", `SELECT etf FROM securities WHERE id = 1`, true},
		{"bool false", `SELECT etf FROM securities WHERE id = 2`, false},
		{"unicode text", `SELECT name FROM securities WHERE id = 1`, unicode},
		{"unicode headline", `SELECT headline FROM story_versions WHERE story_id = 7 AND number = 1`, unicode},
		{"tiny float", `SELECT value FROM facts WHERE metric = 'Revenues' AND security_id = 1`, tinyFloat},
		{"max float", `SELECT value FROM facts WHERE security_id = 2`, math.MaxFloat64},
		{"0.1", `SELECT momentum FROM scores WHERE security_id = 2`, 0.1},
		{"negative float", `SELECT value FROM facts WHERE metric = 'Assets'`, -0.1},
		{"denormal", `SELECT MIN(low) FROM bars`, 5e-324},
		{"null float", `SELECT score FROM scores WHERE security_id = 1`, nil},
		{"null text", `SELECT submission FROM story_versions WHERE number = 2`, nil},
		{"null int", `SELECT correction_id FROM audit_log WHERE id = 3`, nil},
		{"min int64", `SELECT MIN(fingerprint) FROM ingest_signatures`, int64(math.MinInt64)},
		{"max int64", `SELECT MAX(fingerprint) FROM ingest_signatures`, int64(math.MaxInt64)},
		{"seeded row replaced", `SELECT version FROM data_version`, int64(42)},
		{"json text", `SELECT signals FROM scores WHERE security_id = 2`, `{"momentum":{"score":null}}`},
		// Identities continue past the copied ids, and past SQLite's
		// AUTOINCREMENT mark of a deleted row (seq 3).
		{"identity after max", `INSERT INTO securities (symbol) VALUES ('NEW') RETURNING id`, int64(6)},
		{"identity after autoincrement mark", `INSERT INTO ingest_signatures (item_id, story_key, at) VALUES (3, 'k', 'x') RETURNING seq`, int64(4)},
		{"identity of a story", `INSERT INTO stories (dedupe_key, slug, status, created, updated, status_at) VALUES ('n', 'n', 'draft', 'x', 'x', 'x') RETURNING id`, int64(8)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got any
			if err := dst.QueryRowContext(ctx, tc.query).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	// The append-only trigger let the copy insert, and still guards the log.
	if _, err := dst.ExecContext(ctx, `UPDATE audit_log SET reason = 'x'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("UPDATE audit_log after the copy = %v, want the append-only error", err)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prepare func(t *testing.T, src, dst *sql.DB)
		want    error
		wantMsg string
	}{
		{"destination not empty", func(t *testing.T, src, dst *sql.DB) {
			if _, err := dst.Exec(`INSERT INTO admin_users VALUES ('x', '$argon2id$y', 'x', 'x')`); err != nil {
				t.Fatal(err)
			}
		}, ErrDestinationNotEmpty, "admin_users hold rows; copy into a fresh database"},
		{"destination data version moved", func(t *testing.T, src, dst *sql.DB) {
			if _, err := dst.Exec(`UPDATE data_version SET version = 3`); err != nil {
				t.Fatal(err)
			}
		}, ErrDestinationNotEmpty, "data_version hold rows"},
		{"source behind", func(t *testing.T, src, dst *sql.DB) {
			if _, err := src.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
				t.Fatal(err)
			}
		}, ErrSourceBehind, "run `alphadesk migrate --db FILE` on the source first"},
		{"unfinished jobs", func(t *testing.T, src, dst *sql.DB) {
			if _, err := src.Exec(`CREATE TABLE river_job (id INTEGER PRIMARY KEY, state TEXT NOT NULL);
				INSERT INTO river_job (state) VALUES ('available'), ('completed'), ('retryable'), ('available')`); err != nil {
				t.Fatal(err)
			}
		}, ErrPendingJobs, "(2 available, 1 retryable): jobs are not copied"},
		{"finished jobs only", func(t *testing.T, src, dst *sql.DB) {
			if _, err := src.Exec(`CREATE TABLE river_job (id INTEGER PRIMARY KEY, state TEXT NOT NULL);
				INSERT INTO river_job (state) VALUES ('completed'), ('discarded'), ('cancelled')`); err != nil {
				t.Fatal(err)
			}
		}, nil, ""},
		{"flag out of range", func(t *testing.T, src, dst *sql.DB) {
			// SQLite's CHECK would refuse 2; a desk written before the
			// CHECK existed could hold it.
			if _, err := src.Exec(`PRAGMA ignore_check_constraints = 1; UPDATE securities SET etf = 2 WHERE id = 2; PRAGMA ignore_check_constraints = 0`); err != nil {
				t.Fatal(err)
			}
		}, nil, "copy table securities column etf at row (id=2): flag 2 is not 0 or 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src, dst := setup(t)
			tc.prepare(t, src, dst)
			before := count(t, dst, "admin_users")
			_, err := Copy(context.Background(), src, dst, Options{})
			if tc.want == nil && tc.wantMsg == "" {
				if err != nil {
					t.Fatalf("Copy = %v, want success", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Copy succeeded, want an error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("Copy = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("Copy = %q, want it to say %q", err, tc.wantMsg)
			}
			if got := count(t, dst, "securities") + count(t, dst, "admin_users"); got != before {
				t.Errorf("destination changed by a refused copy: %d rows, want %d", got, before)
			}
		})
	}
}

// TestMismatchRollsBack corrupts one value between reading and inserting:
// the verification must name the table and row, and nothing may be kept.
func TestMismatchRollsBack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		table   string
		alter   func(row []any) bool
		wantKey string
	}{
		{"float changed", "bars", func(row []any) bool {
			if row[0] == int64(2) && row[1] == "2000-03-05" {
				row[5] = math.Nextafter(row[5].(float64), 1e9) // one bit
				return true
			}
			return false
		}, `(security_id=2, day="2000-03-05")`},
		{"flag flipped", "securities", func(row []any) bool {
			if row[0] == int64(5) {
				row[len(row)-1] = true
				return true
			}
			return false
		}, "(id=5)"},
		{"text changed", "story_versions", func(row []any) bool {
			if row[1] == int64(2) {
				row[3] = "Second!"
				return true
			}
			return false
		}, "(story_id=7, number=2)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src, dst := setup(t)
			altered := false
			opts := Options{BatchRows: 50, alter: func(table string, row []any) {
				if table == tc.table && tc.alter(row) {
					altered = true
				}
			}}
			_, err := Copy(context.Background(), src, dst, opts)
			if !altered {
				t.Fatal("the test hook found no row to alter")
			}
			var me *MismatchError
			if !errors.As(err, &me) || !errors.Is(err, ErrMismatch) {
				t.Fatalf("Copy = %v, want a MismatchError", err)
			}
			if me.Table != tc.table || me.Key != tc.wantKey {
				t.Errorf("mismatch at %s %s, want %s %s", me.Table, me.Key, tc.table, tc.wantKey)
			}
			if !strings.Contains(err.Error(), "rolled back") {
				t.Errorf("error %q does not say the copy was rolled back", err)
			}
			for _, name := range []string{"securities", "bars", "stories"} {
				if n := count(t, dst, name); n != 0 {
					t.Errorf("destination %s kept %d rows after a failed copy", name, n)
				}
			}
		})
	}
}

func TestFirstDifference(t *testing.T) {
	t.Parallel()
	r := func(vs ...any) []any { return vs }
	tests := []struct {
		name   string
		a, b   [][]any
		want   int
		differ bool
	}{
		{"equal", [][]any{r(int64(1), "a", 0.1, nil, true)}, [][]any{r(int64(1), "a", 0.1, nil, true)}, 0, false},
		{"both empty", nil, nil, 0, false},
		{"float bit", [][]any{r(0.1), r(0.2)}, [][]any{r(0.1), r(math.Nextafter(0.2, 1))}, 1, true},
		{"zero sign", [][]any{r(0.0)}, [][]any{r(math.Copysign(0, -1))}, 0, true},
		{"null vs empty text", [][]any{r("")}, [][]any{r(nil)}, 0, true},
		{"null vs zero", [][]any{r(int64(0))}, [][]any{r(nil)}, 0, true},
		{"int vs float", [][]any{r(int64(1))}, [][]any{r(1.0)}, 0, true},
		{"text boundary", [][]any{r("ab", "c")}, [][]any{r("a", "bc")}, 0, true},
		{"bool is 0/1", [][]any{r(true, false)}, [][]any{r(int64(1), int64(0))}, 0, false},
		{"destination short", [][]any{r(int64(1)), r(int64(2))}, [][]any{r(int64(1))}, 1, true},
		{"destination long", [][]any{r(int64(1))}, [][]any{r(int64(1)), r(int64(2))}, 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, differ := firstDifference(tc.a, tc.b)
			if got != tc.want || differ != tc.differ {
				t.Errorf("firstDifference = %d, %v; want %d, %v", got, differ, tc.want, tc.differ)
			}
			// The table checksums agree exactly when no row differs.
			if sa, sb := sumRows(t, tc.a), sumRows(t, tc.b); (sa == sb) == differ {
				t.Errorf("checksums equal = %v, want %v", sa == sb, !differ)
			}
		})
	}
}

func sumRows(t *testing.T, rows [][]any) [32]byte {
	t.Helper()
	c := newChecksum()
	for _, row := range rows {
		if err := c.add(row); err != nil {
			t.Fatal(err)
		}
	}
	return c.sum()
}

func TestConvert(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      any
		k       kind
		want    any
		wantErr string
	}{
		{"flag 0", int64(0), kindBool, false, ""},
		{"flag 1", int64(1), kindBool, true, ""},
		{"bool stays", true, kindBool, true, ""},
		{"flag 2", int64(2), kindBool, nil, "not 0 or 1"},
		{"null", nil, kindBool, nil, ""},
		{"int", int64(math.MinInt64), kindInt, int64(math.MinInt64), ""},
		{"float in int column", 1.5, kindInt, nil, "does not fit"},
		{"int to double", int64(1 << 53), kindFloat, float64(1 << 53), ""},
		{"inexact int to double", int64(1<<53 + 1), kindFloat, nil, "no exact double"},
		{"max int to double", int64(math.MaxInt64), kindFloat, nil, "no exact double"},
		{"text", "é", kindText, "é", ""},
		{"blob as text", []byte("x"), kindText, "x", ""},
		{"NUL in text", "a\x00b", kindText, nil, "NUL byte"},
		{"bad UTF-8", "\xff", kindText, nil, "not valid UTF-8"},
		{"number in text column", int64(3), kindText, nil, "in a text column"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := convert(tc.in, tc.k)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("convert(%#v) error = %v, want %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("convert(%#v) = %#v, %v; want %#v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParentsFirst(t *testing.T) {
	t.Parallel()
	in := []table{{name: "child", parents: []string{"parent", "elsewhere"}}, {name: "self", parents: nil}, {name: "parent"}}
	out, err := parentsFirst(in)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range out {
		names = append(names, tb.name)
	}
	if got, want := strings.Join(names, ","), "self,parent,child"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	if _, err := parentsFirst([]table{{name: "a", parents: []string{"b"}}, {name: "b", parents: []string{"a"}}}); err == nil {
		t.Error("a cycle was not refused")
	}
}
