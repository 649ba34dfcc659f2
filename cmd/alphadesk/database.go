package main

import (
	"context"
	"errors"

	"alphadesk/internal/store/sqlite"
)

// openExisting opens the database at path, which must exist (a missing
// file is an input error, exit 2, whose message says how to create one),
// and brings its schema up to date when migrate is set or otherwise checks
// that it is current.
func openExisting(ctx context.Context, path string, migrate bool) (*sqlite.DB, error) {
	db, err := sqlite.Open(ctx, path, sqlite.Options{MustExist: true})
	if err != nil {
		if errors.Is(err, sqlite.ErrNoDatabase) {
			return nil, inputError{err}
		}
		return nil, err
	}
	if migrate {
		_, err = db.Migrate(ctx)
	} else {
		err = db.CheckSchema(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
