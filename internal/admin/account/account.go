// Package account holds the editor console's accounts: editors with
// argon2id password hashes and their login sessions, and the Store seam
// that persists them (implemented by internal/store/sqlite). It is kept
// apart from internal/admin so a store can implement the seam without
// importing the console's handlers.
package account

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors a Store returns (wrapped) for states callers branch on.
var (
	// ErrNotFound: no such user or session.
	ErrNotFound = errors.New("not found")
	// ErrExists: a user with that name already exists.
	ErrExists = errors.New("already exists")
)

// User is an editor who can log in to the console. Name is also the actor
// the audit log records for the editor's decisions.
type User struct {
	Name string
	// PasswordHash is an argon2id hash in PHC string form (see Hash).
	PasswordHash string
	Created      time.Time
	// PasswordChanged is when the password was last set.
	PasswordChanged time.Time
}

// Session is a logged-in editor's session. The session ID itself (256
// random bits, only ever in the editor's cookie) is not stored: IDHash is
// its SHA-256 in hex, so a copy of the database cannot be used to log in.
type Session struct {
	IDHash string
	User   string
	// CSRF is the synchroniser token every form of this session carries.
	CSRF     string
	Created  time.Time
	LastSeen time.Time
	// Expires is the absolute end of the session, whatever its activity.
	Expires time.Time
}

// Store persists users and sessions. Every method takes a context; a
// missing user or session is ErrNotFound (wrapped).
type Store interface {
	// CreateUser stores a new user; a taken name is ErrExists.
	CreateUser(ctx context.Context, u User) error
	// User returns one user.
	User(ctx context.Context, name string) (User, error)
	// Users lists every user by name.
	Users(ctx context.Context) ([]User, error)
	// SetPassword replaces a user's password hash and ends all of the
	// user's sessions.
	SetPassword(ctx context.Context, name, hash string, at time.Time) error
	// CreateSession stores a new session of an existing user.
	CreateSession(ctx context.Context, s Session) error
	// Session returns the session with this ID hash.
	Session(ctx context.Context, idHash string) (Session, error)
	// TouchSession records activity on a session.
	TouchSession(ctx context.Context, idHash string, at time.Time) error
	// DeleteSession ends one session (no error when it is already gone).
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteExpiredSessions deletes sessions whose absolute expiry is at
	// or before now, or that were last seen at or before idleBefore, and
	// returns how many it deleted.
	DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) (int, error)
}

// MaxNameLen is the longest user name.
const MaxNameLen = 64

// reserved names are actors the newsroom uses for itself.
var reserved = map[string]bool{"pipeline": true, "reader": true, "editor": true}

// CheckName validates a user name: 1 to MaxNameLen characters, lower-case
// ASCII letters, digits, '.', '_' or '-', starting with a letter, and not
// one of the newsroom's own actors (pipeline, reader, editor).
func CheckName(name string) error {
	if name == "" {
		return errors.New("user name is empty: pick a short lower-case name such as jdoe")
	}
	if len(name) > MaxNameLen {
		return fmt.Errorf("user name is %d characters, the limit is %d", len(name), MaxNameLen)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'):
		default:
			return fmt.Errorf("user name %q: character %d (%q) is not allowed: use lower-case letters, then letters, digits, '.', '_' or '-'", name, i+1, c)
		}
	}
	if reserved[name] {
		return fmt.Errorf("user name %q is reserved for the newsroom's own audit entries: pick another", name)
	}
	return nil
}
