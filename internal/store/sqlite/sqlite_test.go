package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlite"
	"alphadesk/internal/store/sqltest"
	"alphadesk/internal/store/storetest"
)

func open(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "desk.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func openStore(b *testing.B) store.Store { return open(b) }

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

// TestSQL runs the suites both SQL backends share beyond the contract.
func TestSQL(t *testing.T) {
	sqltest.Run(t, func(t *testing.T) (store.Store, sqltest.Exec) {
		db := open(t)
		return db, func(ctx context.Context, q string, args ...any) error {
			return sqlite.ExecSQLForTest(ctx, db, q, args...)
		}
	})
}

func BenchmarkPutBars(b *testing.B) { sqltest.BenchPutBars(b, openStore) }

func BenchmarkReads(b *testing.B) { sqltest.BenchReads(b, openStore) }

func TestMigrate(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sqltest.Migrate(t, db, sqlite.ErrSchemaOutdated)
}

// TestMigrateConcurrent: several processes migrating one database file at
// once apply each step once (each step's transaction takes the write lock
// when it begins).
func TestMigrateConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	sqltest.MigrateConcurrent(t, 3, func() (sqltest.SchemaMigrator, error) {
		return sqlite.Open(context.Background(), path, sqlite.Options{})
	})
}

func TestOpenMustExist(t *testing.T) {
	_, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "missing.db"), sqlite.Options{MustExist: true})
	if !errors.Is(err, sqlite.ErrNoDatabase) {
		t.Errorf("Open(missing, MustExist) = %v, want ErrNoDatabase", err)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, dest); err == nil {
		t.Error("second Backup to the same file succeeded, want an error")
	}
	cp, err := sqlite.Open(ctx, dest, sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if err := cp.CheckSchema(ctx); err != nil {
		t.Errorf("backup schema: %v", err)
	}
}
