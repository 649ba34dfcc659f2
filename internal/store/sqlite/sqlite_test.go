package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlite"
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

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); !errors.Is(err, sqlite.ErrSchemaOutdated) {
		t.Errorf("CheckSchema on a new file = %v, want ErrSchemaOutdated", err)
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
