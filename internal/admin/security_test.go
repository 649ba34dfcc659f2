package admin

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"alphadesk/internal/admin/account"
)

// The tests in this file back docs/security.md: session fixation, and what
// the database holds of passwords and session IDs.

// sessionCookieOf returns c's console session cookie value, or "".
func (f *fixture) sessionCookieOf(c *http.Client) string {
	f.t.Helper()
	u, err := url.Parse(f.srv.URL + "/admin/")
	if err != nil {
		f.t.Fatal(err)
	}
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	return ""
}

// plant sets a session cookie of the attacker's choosing in c.
func (f *fixture) plant(c *http.Client, value string) {
	f.t.Helper()
	u, err := url.Parse(f.srv.URL + "/admin/")
	if err != nil {
		f.t.Fatal(err)
	}
	c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: value, Path: "/admin/"}})
}

// TestSessionFixation plants a session ID in the victim's browser before
// login: one the attacker made up, and one the attacker really had (their
// own session, logged out since). Neither is accepted as a session, login
// issues a fresh random ID, and the planted ID never comes to belong to
// the victim. (A live session of the attacker's own account cannot be
// tested this way: the console then shows the attacker's account, named
// in its header, and no login form; see docs/security.md.)
func TestSessionFixation(t *testing.T) {
	const attacker, attackerPassword = "mallory", "mallory's own long passphrase"
	tests := []struct {
		name  string
		plant func(f *fixture) string
	}{
		{"made-up-id", func(f *fixture) string {
			id, err := randomToken(sessionIDBytes)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}},
		{"attackers-old-session", func(f *fixture) string {
			ac := f.client()
			_, csrf := f.login(ac, attacker, attackerPassword)
			id := f.sessionCookieOf(ac)
			if res := f.do(ac, "POST", "/admin/logout", url.Values{"csrf": {csrf}}); res.status != http.StatusSeeOther {
				t.Fatalf("attacker logout = %d, want 303", res.status)
			}
			return id
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			hash, err := account.Hash(attackerPassword, cheap)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.db.Accounts().CreateUser(context.Background(), account.User{Name: attacker, PasswordHash: hash, Created: f.clock.Now(), PasswordChanged: f.clock.Now()}); err != nil {
				t.Fatal(err)
			}
			planted := tt.plant(f)
			if planted == "" {
				t.Fatal("no ID to plant")
			}
			victim := f.client()
			f.plant(victim, planted)
			// Before login the planted ID does not make the victim an editor.
			if q := f.do(victim, "GET", "/admin/", nil); q.status != http.StatusSeeOther {
				t.Errorf("queue with a planted session cookie = %d, want 303 to the login page", q.status)
			}
			f.plant(victim, planted) // the refusal cleared it; the attacker plants it again
			if res, _ := f.login(victim, testUser, testPassword); res.status != http.StatusSeeOther {
				t.Fatalf("victim login = %d, want 303", res.status)
			}
			got := f.sessionCookieOf(victim)
			if got == "" || got == planted {
				t.Fatalf("session cookie after login = %q, want a fresh ID different from the planted %q", got, planted)
			}
			if q := f.do(victim, "GET", "/admin/", nil); q.status != http.StatusOK || !strings.Contains(q.body, "<span>"+testUser+"</span>") {
				t.Errorf("victim's queue with the new cookie = %d, want 200 as %s", q.status, testUser)
			}
			// The planted ID, replayed by the attacker, is no session at all.
			replay := f.client()
			f.plant(replay, planted)
			if q := f.do(replay, "GET", "/admin/", nil); q.status != http.StatusSeeOther {
				t.Errorf("queue with the planted ID after the victim's login = %d, want 303 to the login page", q.status)
			}
		})
	}
}

// TestDatabaseHoldsNoPlaintextSecrets logs in and then reads the database
// files byte by byte (main file, WAL and shared memory, so deleted and
// uncheckpointed pages count too): the password and the session cookie's
// ID appear nowhere; the stored forms are an argon2id PHC string and the
// ID's SHA-256.
func TestDatabaseHoldsNoPlaintextSecrets(t *testing.T) {
	f := setup(t)
	c := f.client()
	// A failed attempt first: a wrong password must not be stored either.
	const wrong = "a wrong but memorable passphrase"
	f.login(c, testUser, wrong)
	if res, _ := f.login(c, testUser, testPassword); res.status != http.StatusSeeOther {
		t.Fatalf("login = %d, want 303", res.status)
	}
	id := f.sessionCookieOf(c)
	if id == "" {
		t.Fatal("no session cookie after login")
	}
	u, err := f.db.Accounts().User(context.Background(), testUser)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$") {
		t.Errorf("stored password %q, want an argon2id PHC string", u.PasswordHash)
	}
	if _, err := f.db.Accounts().Session(context.Background(), hashID(id)); err != nil {
		t.Errorf("session by the SHA-256 of its ID: %v, want found", err)
	}
	var files [][]byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(f.db.Path() + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	all := bytes.Join(files, nil)
	if len(all) == 0 {
		t.Fatal("read no database bytes")
	}
	if !bytes.Contains(all, []byte(hashID(id))) {
		t.Errorf("the session's hash is not in the database files: the scan reads the wrong files")
	}
	for name, secret := range map[string]string{"password": testPassword, "wrong password": wrong, "session ID": id} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("the %s appears in the database files in clear", name)
		}
	}
}
