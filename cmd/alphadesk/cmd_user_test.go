package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	envs := map[string]string{"ALPHADESK_DB": db}
	if code, _, errOut := runCmd(t, envs, "migrate"); code != exitOK {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	const pw = "correct horse battery staple"
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"add", pw + "\n", []string{"user", "add", "jdoe", "--password-stdin"}, exitOK, "user jdoe added"},
		{"add again", pw + "\n", []string{"user", "add", "jdoe", "--password-stdin"}, exitUsage, "already exists"},
		{"short password", "short\n", []string{"user", "add", "alice", "--password-stdin"}, exitUsage, "at least 12"},
		{"bad name", pw, []string{"user", "add", "J Doe", "--password-stdin"}, exitUsage, "not allowed"},
		{"reserved name", pw, []string{"user", "add", "pipeline", "--password-stdin"}, exitUsage, "reserved"},
		{"no terminal", pw, []string{"user", "add", "alice"}, exitUsage, "--password-stdin"},
		{"list", "", []string{"user", "list"}, exitOK, "jdoe"},
		{"passwd", "another long passphrase\n", []string{"user", "passwd", "jdoe", "--password-stdin"}, exitOK, "password changed"},
		{"passwd unknown", pw, []string{"user", "passwd", "nobody", "--password-stdin"}, exitUsage, "no user"},
		{"no subcommand", "", []string{"user"}, exitUsage, "subcommand"},
		{"unknown subcommand", "", []string{"user", "delete", "jdoe"}, exitUsage, "unexpected"},
	}
	for _, tc := range tests {
		code, out, errOut := runCmdStdin(t, tc.stdin, envs, tc.args...)
		if code != tc.wantCode || !strings.Contains(out+errOut, tc.wantOut) {
			t.Errorf("%s: alphadesk %s = exit %d, out %q, err %q; want exit %d mentioning %q",
				tc.name, strings.Join(tc.args, " "), code, out, errOut, tc.wantCode, tc.wantOut)
		}
	}
}

// TestAdminMounted logs in through the whole site as composed by
// siteHandler, with a user the command created.
func TestAdminMounted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	envs := map[string]string{"ALPHADESK_DB": path}
	if code, _, errOut := runCmd(t, envs, "migrate"); code != exitOK {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	const pw = "correct horse battery staple"
	if code, _, errOut := runCmdStdin(t, pw+"\n", envs, "user", "add", "jdoe", "--password-stdin"); code != exitOK {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	ctx := context.Background()
	db, err := openDatabase(ctx, path, openOptions{mustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, c := consoleClient(t, db, slog.New(slog.DiscardHandler))
	get := func(p string) (*http.Response, string) {
		res, err := c.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	if res, _ := get("/admin/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Fatalf("anonymous /admin/ = %d to %q, want 303 to the login page", res.StatusCode, res.Header.Get("Location"))
	}
	_, page := get("/admin/login")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("login page has no csrf field:\n%s", page)
	}
	res, err := c.PostForm(srv.URL+"/admin/login", url.Values{"csrf": {m[1]}, "user": {"jdoe"}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d, want 303", res.StatusCode)
	}
	for _, p := range []string{"/admin/", "/admin/corrections", "/admin/sources", "/admin/jobs"} {
		if res, body := get(p); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200:\n%s", p, res.StatusCode, body)
		}
	}
}

// consoleClient serves the site of db on a test server, closed at the end
// of the test, and returns it with a client that keeps cookies (a console
// session) and does not follow redirects.
func consoleClient(t *testing.T, db *database, logger *slog.Logger) (*httptest.Server, *http.Client) {
	t.Helper()
	h, err := siteHandler(t.Context(), db, logger, siteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return srv, &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
