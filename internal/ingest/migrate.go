package ingest

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"alphadesk/internal/store/postgres"
)

// Migrate applies River's own schema migrations (its job, queue and
// leader tables) to the database at path (a SQLite file or a postgres://
// URL) and returns the versions it applied. The desk's tables are migrated
// by the store's Migrate; commands that migrate the desk call both.
func Migrate(ctx context.Context, path string) ([]int, error) {
	m, closeDB, err := migrator(ctx, path, false)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	name := postgres.Redact(path)
	if err != nil {
		return nil, fmt.Errorf("job queue migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("job queue migrations on %s: %w", name, err)
	}
	var done []int
	for _, v := range res.Versions {
		done = append(done, v.Version)
	}
	return done, nil
}

// CheckMigrated reports an error naming the fix when River's tables are
// missing or behind this binary.
func CheckMigrated(ctx context.Context, path string) error {
	m, closeDB, err := migrator(ctx, path, true)
	if err != nil {
		return err
	}
	defer closeDB()
	name := postgres.Redact(path)
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("job queue schema of %s: %w (run `alphadesk migrate --db %s`)", name, err, name)
	}
	if !res.OK {
		return fmt.Errorf("job queue schema of %s is out of date: %v (run `alphadesk migrate --db %s`)", name, res.Messages, name)
	}
	return nil
}

// migrator returns River's migrator for the database at path and a
// function that closes the connection it opened.
func migrator(ctx context.Context, path string, readOnly bool) (*rivermigrate.Migrator[*sql.Tx], func(), error) {
	var (
		db  *sql.DB
		err error
	)
	if postgres.IsDSN(path) {
		db, err = openPostgres(ctx, path)
	} else {
		db, err = openPool(ctx, path, 1, readOnly)
	}
	if err != nil {
		return nil, nil, err
	}
	var m *rivermigrate.Migrator[*sql.Tx]
	if postgres.IsDSN(path) {
		m, err = rivermigrate.New(riverdatabasesql.New(db), nil)
	} else {
		m, err = rivermigrate.New(riversqlite.New(db), nil)
	}
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("job queue migrations: %w", err)
	}
	return m, func() { db.Close() }, nil
}
