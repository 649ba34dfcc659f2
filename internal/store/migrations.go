package store

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema step a backend embeds.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ErrSchemaOutdated is returned (wrapped) when a database's schema is older
// than this binary expects; run `alphadesk migrate`.
var ErrSchemaOutdated = errors.New("database schema is out of date")

// ReadMigrations reads the migrations in dir of fsys: files named
// NNNN_name.sql, numbered 1, 2, 3… without gaps, returned in order.
func ReadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: want NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s: versions must run 1, 2, 3… without gaps", m.Version, m.Name)
		}
	}
	return ms, nil
}

// CheckSchemaVersion compares the schema version applied to the database
// named db with the version this binary wants: ErrSchemaOutdated (wrapped,
// with the fix) when it is behind, an error when it is ahead, nil when
// they agree.
func CheckSchemaVersion(db string, applied, want int) error {
	switch {
	case applied < want:
		return fmt.Errorf("%w: %s is at version %d, this alphadesk needs %d: run `alphadesk migrate --db %s`",
			ErrSchemaOutdated, db, applied, want, db)
	case applied > want:
		return fmt.Errorf("database %s is at schema version %d, newer than this alphadesk (%d): upgrade alphadesk", db, applied, want)
	}
	return nil
}
