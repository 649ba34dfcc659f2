// Package sqlaccounts implements account.Store — the editor console's
// users and sessions (migrations/0005_users.sql of every backend) — over
// database/sql, once for SQLite and PostgreSQL.
package sqlaccounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"alphadesk/internal/admin/account"
	"alphadesk/internal/store"
)

// Accounts is the editor console's account store on one database.
type Accounts struct {
	db     *sql.DB
	unique func(error) bool
}

var _ account.Store = Accounts{}

// New returns the account store of db; unique reports whether an error is
// the backend's UNIQUE or PRIMARY KEY violation.
func New(db *sql.DB, unique func(error) bool) Accounts { return Accounts{db: db, unique: unique} }

// CreateUser implements account.Store.
func (a Accounts) CreateUser(ctx context.Context, u account.User) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO admin_users (name, password_hash, created, password_changed) VALUES ($1, $2, $3, $4)`,
		u.Name, u.PasswordHash, store.FormatTime(u.Created), store.FormatTime(u.PasswordChanged))
	if err != nil {
		if a.unique(err) {
			return fmt.Errorf("create user %q: %w", u.Name, account.ErrExists)
		}
		return fmt.Errorf("create user %q: %w", u.Name, err)
	}
	return nil
}

func scanUser(r interface{ Scan(...any) error }) (account.User, error) {
	var (
		u                account.User
		created, changed string
	)
	if err := r.Scan(&u.Name, &u.PasswordHash, &created, &changed); err != nil {
		return account.User{}, err
	}
	var err error
	if u.Created, err = store.ParseTime("created", created); err != nil {
		return account.User{}, err
	}
	if u.PasswordChanged, err = store.ParseTime("password_changed", changed); err != nil {
		return account.User{}, err
	}
	return u, nil
}

// User implements account.Store.
func (a Accounts) User(ctx context.Context, name string) (account.User, error) {
	u, err := scanUser(a.db.QueryRowContext(ctx, `SELECT name, password_hash, created, password_changed FROM admin_users WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return account.User{}, fmt.Errorf("user %q: %w", name, account.ErrNotFound)
	}
	if err != nil {
		return account.User{}, fmt.Errorf("user %q: %w", name, err)
	}
	return u, nil
}

// Users implements account.Store.
func (a Accounts) Users(ctx context.Context) ([]account.User, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT name, password_hash, created, password_changed FROM admin_users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []account.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetPassword implements account.Store: the new hash and the end of the
// user's sessions are one transaction.
func (a Accounts) SetPassword(ctx context.Context, name, hash string, at time.Time) error {
	errf := func(err error) error { return fmt.Errorf("set password of %q: %w", name, err) }
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return errf(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	res, err := tx.ExecContext(ctx, `UPDATE admin_users SET password_hash = $1, password_changed = $2 WHERE name = $3`, hash, store.FormatTime(at), name)
	if err != nil {
		return errf(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return errf(err)
	} else if n == 0 {
		return errf(account.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM admin_sessions WHERE user_name = $1`, name); err != nil {
		return errf(err)
	}
	if err := tx.Commit(); err != nil {
		return errf(err)
	}
	return nil
}

// CreateSession implements account.Store.
func (a Accounts) CreateSession(ctx context.Context, s account.Session) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO admin_sessions (id_hash, user_name, csrf, created, last_seen, expires) VALUES ($1, $2, $3, $4, $5, $6)`,
		s.IDHash, s.User, s.CSRF, store.FormatTime(s.Created), store.FormatTime(s.LastSeen), store.FormatTime(s.Expires))
	if err != nil {
		return fmt.Errorf("create session of %q: %w", s.User, err)
	}
	return nil
}

// Session implements account.Store.
func (a Accounts) Session(ctx context.Context, idHash string) (account.Session, error) {
	var (
		s                      account.Session
		created, seen, expires string
	)
	err := a.db.QueryRowContext(ctx, `SELECT id_hash, user_name, csrf, created, last_seen, expires FROM admin_sessions WHERE id_hash = $1`, idHash).
		Scan(&s.IDHash, &s.User, &s.CSRF, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return account.Session{}, fmt.Errorf("session: %w", account.ErrNotFound)
	}
	if err != nil {
		return account.Session{}, fmt.Errorf("session: %w", err)
	}
	if s.Created, err = store.ParseTime("created", created); err == nil {
		if s.LastSeen, err = store.ParseTime("last_seen", seen); err == nil {
			s.Expires, err = store.ParseTime("expires", expires)
		}
	}
	if err != nil {
		return account.Session{}, fmt.Errorf("session: %w", err)
	}
	return s, nil
}

// TouchSession implements account.Store.
func (a Accounts) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	res, err := a.db.ExecContext(ctx, `UPDATE admin_sessions SET last_seen = $1 WHERE id_hash = $2`, store.FormatTime(at), idHash)
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("touch session: %w", account.ErrNotFound)
	}
	return nil
}

// DeleteSession implements account.Store.
func (a Accounts) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := a.db.ExecContext(ctx, `DELETE FROM admin_sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions implements account.Store.
func (a Accounts) DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) (int, error) {
	res, err := a.db.ExecContext(ctx, `DELETE FROM admin_sessions WHERE expires <= $1 OR last_seen <= $2`, store.FormatTime(now), store.FormatTime(idleBefore))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
