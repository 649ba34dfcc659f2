package ingest

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrate applies River's own schema migrations (its job, queue and
// leader tables) to the database at path and returns the versions it
// applied. The desk's tables are migrated by sqlite.DB.Migrate; commands
// that migrate the desk call both.
func Migrate(ctx context.Context, path string) ([]int, error) {
	rw, err := openPool(ctx, path, 1, false)
	if err != nil {
		return nil, err
	}
	defer rw.Close()
	m, err := rivermigrate.New(riversqliteDriver(rw), nil)
	if err != nil {
		return nil, fmt.Errorf("job queue migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("job queue migrations on %s: %w", path, err)
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
	rw, err := openPool(ctx, path, 1, true)
	if err != nil {
		return err
	}
	defer rw.Close()
	m, err := rivermigrate.New(riversqliteDriver(rw), nil)
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("job queue schema of %s: %w (run `alphadesk migrate --db %s`)", path, err, path)
	}
	if !res.OK {
		return fmt.Errorf("job queue schema of %s is out of date: %v (run `alphadesk migrate --db %s`)", path, res.Messages, path)
	}
	return nil
}

func riversqliteDriver(db *sql.DB) *riversqlite.Driver { return riversqlite.New(db) }
