// Package accounttest is the conformance suite for account.Store
// implementations (internal/store/sqlite, internal/store/postgres).
package accounttest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/admin/account"
)

// Run checks an account.Store against the contract every backend must
// keep: unique users, argon2id hashes only (the store refuses anything
// else), sessions tied to existing users, touch, idle and absolute
// expiry, and a password change ending the user's sessions. a must be
// empty.
func Run(t *testing.T, a account.Store) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	hash := "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5"
	u := account.User{Name: "jdoe", PasswordHash: hash, Created: t0, PasswordChanged: t0}
	if err := a.CreateUser(ctx, u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if err := a.CreateUser(ctx, u); !errors.Is(err, account.ErrExists) {
		t.Errorf("CreateUser again = %v, want ErrExists", err)
	}
	if err := a.CreateUser(ctx, account.User{Name: "bad", PasswordHash: "plain", Created: t0, PasswordChanged: t0}); err == nil {
		t.Errorf("CreateUser with a non-argon2id hash succeeded, want the CHECK constraint to refuse it")
	}
	got, err := a.User(ctx, "jdoe")
	if err != nil || got != u {
		t.Errorf("User = %+v, %v; want %+v", got, err, u)
	}
	if _, err := a.User(ctx, "nobody"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("User(nobody) = %v, want ErrNotFound", err)
	}
	if err := a.CreateUser(ctx, account.User{Name: "alice", PasswordHash: hash, Created: t0, PasswordChanged: t0}); err != nil {
		t.Fatal(err)
	}
	us, err := a.Users(ctx)
	if err != nil || len(us) != 2 || us[0].Name != "alice" || us[1].Name != "jdoe" {
		t.Errorf("Users = %+v, %v; want alice then jdoe", us, err)
	}

	s := account.Session{IDHash: strings.Repeat("ab", 32), User: "jdoe", CSRF: "tok", Created: t0, LastSeen: t0, Expires: t0.Add(12 * time.Hour)}
	if err := a.CreateSession(ctx, s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if err := a.CreateSession(ctx, account.Session{IDHash: strings.Repeat("cd", 32), User: "ghost", CSRF: "x", Created: t0, LastSeen: t0, Expires: t0}); err == nil {
		t.Errorf("CreateSession for an unknown user succeeded, want a foreign key error")
	}
	gs, err := a.Session(ctx, s.IDHash)
	if err != nil || gs != s {
		t.Errorf("Session = %+v, %v; want %+v", gs, err, s)
	}
	t1 := t0.Add(time.Minute)
	if err := a.TouchSession(ctx, s.IDHash, t1); err != nil {
		t.Fatal(err)
	}
	if gs, _ := a.Session(ctx, s.IDHash); !gs.LastSeen.Equal(t1) {
		t.Errorf("LastSeen after Touch = %v, want %v", gs.LastSeen, t1)
	}
	if err := a.TouchSession(ctx, strings.Repeat("00", 32), t1); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("TouchSession(unknown) = %v, want ErrNotFound", err)
	}
	// Not idle, not expired: kept.
	if n, err := a.DeleteExpiredSessions(ctx, t1, t0.Add(-time.Minute)); err != nil || n != 0 {
		t.Errorf("DeleteExpiredSessions (none due) = %d, %v; want 0", n, err)
	}
	// Idle since t1: deleted.
	if n, err := a.DeleteExpiredSessions(ctx, t1, t1); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions (idle) = %d, %v; want 1", n, err)
	}
	if err := a.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := a.SetPassword(ctx, "jdoe", strings.Replace(hash, "t=1", "t=2", 1), t1); err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	if _, err := a.Session(ctx, s.IDHash); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("Session after SetPassword = %v, want ErrNotFound (a password change ends sessions)", err)
	}
	if got, _ := a.User(ctx, "jdoe"); !strings.Contains(got.PasswordHash, "t=2") || !got.PasswordChanged.Equal(t1) {
		t.Errorf("User after SetPassword = %+v, want the new hash changed at %v", got, t1)
	}
	if err := a.SetPassword(ctx, "nobody", hash, t1); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("SetPassword(nobody) = %v, want ErrNotFound", err)
	}
	if err := a.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteSession(ctx, s.IDHash); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteSession(ctx, s.IDHash); err != nil {
		t.Errorf("DeleteSession twice = %v, want nil", err)
	}
	if _, err := a.Session(ctx, s.IDHash); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("Session after Delete = %v, want ErrNotFound", err)
	}
}
