package pgtest_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"alphadesk/internal/store/pgtest"
)

// recorder is a testing.TB that records Skip and Fatal instead of ending
// the test, so DSN's handling of a missing server can be checked.
type recorder struct {
	testing.TB
	skipped, fatal string
}

// stop ends DSN like Skip and Fatal end a test, without ending this one.
type stop struct{}

func (r *recorder) Helper() {}
func (r *recorder) Skip(args ...any) {
	r.skipped = fmt.Sprint(args...)
	panic(stop{})
}
func (r *recorder) Fatal(args ...any) {
	r.fatal = fmt.Sprint(args...)
	panic(stop{})
}

func run(r *recorder) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stop); !ok {
				panic(v)
			}
		}
	}()
	pgtest.DSN(r)
}

func TestDSNWithoutServer(t *testing.T) {
	tests := []struct {
		name, require string
		wantSkip      bool
	}{
		{"skips", "", true},
		{"fails when required", "1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(pgtest.EnvServer, "")
			t.Setenv(pgtest.EnvRequire, tc.require)
			r := &recorder{TB: t}
			run(r)
			msg := r.fatal
			if tc.wantSkip {
				msg = r.skipped
			}
			if msg == "" || !strings.Contains(msg, "set ALPHADESK_TEST_POSTGRES=postgres://") {
				t.Errorf("skipped %q, failed %q; want the %s message to name the variable", r.skipped, r.fatal, tc.name)
			}
			if (r.skipped != "") != tc.wantSkip || (r.fatal != "") == tc.wantSkip {
				t.Errorf("skipped %q, failed %q; want skip %v", r.skipped, r.fatal, tc.wantSkip)
			}
		})
	}
}

// TestDSN creates a database, uses it, and checks that it is gone after
// the subtest's cleanup.
func TestDSN(t *testing.T) {
	ctx := context.Background()
	var dsn string
	t.Run("use", func(t *testing.T) {
		dsn = pgtest.DSN(t)
		other := pgtest.DSN(t)
		if dsn == other {
			t.Errorf("two calls returned the same database %s", dsn)
		}
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("new database has %d tables, want none", n)
		}
	})
	if dsn == "" {
		t.Skip("no database was created")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("connecting after cleanup: %v, want the database to be gone", err)
	}
}
