package postgres_test

import (
	"context"
	"errors"
	"testing"

	"alphadesk/internal/store"
	"alphadesk/internal/store/pgtest"
	"alphadesk/internal/store/postgres"
	"alphadesk/internal/store/sqltest"
	"alphadesk/internal/store/storetest"
)

// open returns a fresh, migrated database of the test's own.
func open(t testing.TB) *postgres.DB {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.DSN(t), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

func openStore(b *testing.B) store.Store { return open(b) }

// TestSQL runs the suites both SQL backends share beyond the contract.
func TestSQL(t *testing.T) {
	sqltest.Run(t, func(t *testing.T) (store.Store, sqltest.Exec) {
		db := open(t)
		return db, func(ctx context.Context, q string, args ...any) error {
			_, err := db.SQL().ExecContext(ctx, q, args...)
			return err
		}
	})
}

func BenchmarkPutBars(b *testing.B) { sqltest.BenchPutBars(b, openStore) }

func BenchmarkReads(b *testing.B) { sqltest.BenchReads(b, openStore) }

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	if _, err := postgres.Open(ctx, dsn, postgres.Options{MustExist: true}); !errors.Is(err, postgres.ErrNoDatabase) {
		t.Errorf("Open(never migrated, MustExist) = %v, want ErrNoDatabase", err)
	}
	db, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied := sqltest.Migrate(t, db, postgres.ErrSchemaOutdated)
	got, want, err := db.SchemaVersion(ctx)
	if err != nil || got != want || got != applied[len(applied)-1] {
		t.Errorf("SchemaVersion = %d, %d, %v; want %d twice", got, want, err, applied[len(applied)-1])
	}
	again2, err := postgres.Open(ctx, dsn, postgres.Options{MustExist: true})
	if err != nil {
		t.Errorf("Open(migrated, MustExist) = %v", err)
	} else {
		again2.Close()
	}
}

// TestMigrateConcurrent: several processes migrating one database at once
// apply each step once (the advisory lock).
func TestMigrateConcurrent(t *testing.T) {
	dsn := pgtest.DSN(t)
	sqltest.MigrateConcurrent(t, 3, func() (sqltest.SchemaMigrator, error) {
		return postgres.Open(context.Background(), dsn, postgres.Options{})
	})
}

func TestIsDSN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"postgres://u:p@localhost/db", true},
		{"postgresql://localhost/db?sslmode=disable", true},
		{"POSTGRES://localhost/db", true},
		{"data/desk.db", false},
		{"", false},
		{"file:postgres://x", false},
		{"/var/lib/postgres://odd.db", false},
	}
	for _, tc := range tests {
		if got := postgres.IsDSN(tc.in); got != tc.want {
			t.Errorf("IsDSN(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestRedact(t *testing.T) {
	got := postgres.Redact("postgres://desk:s3cret@db.example:5432/alphadesk?sslmode=require")
	if want := "postgres://desk:xxxxx@db.example:5432/alphadesk?sslmode=require"; got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
}
