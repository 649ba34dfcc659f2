package main

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The tests in this file back docs/security.md: secrets come only from
// the environment or standard input and never reach output, logs or
// /metrics; passwords and session IDs are not stored in clear.

// testLLMKey is a key no output may contain.
const testLLMKey = "sk-test-3f9c1e7a0b2d4c6e8f1a3b5c7d9e0f2a"

// TestLLMKeyNotPrinted runs `draft --llm` with the key set against
// endpoints that answer and fail in each way the client reports: the
// command's output and errors never contain the key, while the endpoint
// did receive it.
func TestLLMKeyNotPrinted(t *testing.T) {
	answer := `{"headline":"Amazon's AWS backlog climbs","dek":"Amazon forecast sales.","body":["Amazon Web Services revenue grew 28 percent, Amazon said."],"watch":[]}`
	completion := fmt.Sprintf(`{"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}]}`, answer)
	tests := []struct {
		name     string
		status   int
		body     string
		wantCode int
	}{
		{"success", 200, completion, exitOK},
		{"unauthorized", 401, `{"error":{"message":"invalid api key","type":"invalid_request_error"}}`, exitError},
		{"server-error", 500, `{"error":{"message":"upstream overloaded"}}`, exitError},
		{"not-json", 200, `<html>proxy login</html>`, exitError},
		{"no-choices", 200, `{"id":"c1","choices":[]}`, exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotKey atomic.Bool
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotKey.Store(r.Header.Get("Authorization") == "Bearer "+testLLMKey)
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			env := map[string]string{"ALPHADESK_LLM_URL": srv.URL + "/v1", "ALPHADESK_LLM_MODEL": "m", "ALPHADESK_LLM_KEY": testLLMKey}
			code, out, errOut := runCmd(t, env, "draft", "--llm", "--llm-retries", "0", "--source", seedFile("amazon-q1-wire.txt"))
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.wantCode, errOut)
			}
			if !gotKey.Load() {
				t.Fatal("the endpoint did not receive the key: the test proves nothing")
			}
			if strings.Contains(out+errOut, testLLMKey) || strings.Contains(out+errOut, testLLMKey[8:]) {
				t.Errorf("the key appears in the output:\nstdout %q\nstderr %q", out, errOut)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		env := map[string]string{"ALPHADESK_LLM_URL": "http://" + addr + "/v1", "ALPHADESK_LLM_MODEL": "m", "ALPHADESK_LLM_KEY": testLLMKey}
		code, out, errOut := runCmd(t, env, "draft", "--llm", "--llm-retries", "0", "--source", seedFile("amazon-q1-wire.txt"))
		if code != exitError || strings.Contains(out+errOut, testLLMKey) {
			t.Errorf("exit %d, stderr %q; want 1 without the key", code, errOut)
		}
	})
}

// TestRunKeepsLLMKeyOutOfLogsAndMetrics runs the whole desk in process
// with the key in its environment, a folder source and a feed source that
// fails, and reads its logs (stdout and stderr), /metrics, /healthz and the
// front page: none contains the key.
func TestRunKeepsLLMKeyOutOfLogsAndMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a desk")
	}
	dir := t.TempDir()
	news := filepath.Join(dir, "news")
	if err := os.Mkdir(news, 0o755); err != nil {
		t.Fatal(err)
	}
	genItems(t, news, 3, 9)
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	defer failing.Close()
	sources := filepath.Join(dir, "sources.txt")
	list := "gen folder news every=1s local\nbroken rss " + failing.URL + "/feed.xml every=1m local\n"
	if err := os.WriteFile(sources, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr lockedBuffer
	envs := map[string]string{"ALPHADESK_LLM_KEY": testLLMKey, "ALPHADESK_LLM_URL": "http://127.0.0.1:1/v1", "ALPHADESK_LLM_MODEL": "m"}
	e := env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string {
		if k == "HOME" {
			return dir
		}
		return envs[k]
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"run", "--db", filepath.Join(dir, "desk.db"), "--addr", "127.0.0.1:0", "--sources", sources, "--fetch-poll", "5ms"}, e)
	}()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			t.Error("run did not stop within 40 s")
		}
	}
	defer stop()
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; {
		if m := servingRE.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			stopped = true
			t.Fatalf("run exited with %d before serving; stderr:\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("run did not serve within 30 s; stderr:\n%s", stderr.String())
		}
	}
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	// Wait until the folder's items went through and the broken source failed.
	var metrics string
	for deadline := time.Now().Add(60 * time.Second); ; {
		metrics = get("metrics")
		if strings.Contains(metrics, `alphadesk_ingest_items_total{source="gen"} 3`) && strings.Contains(stderr.String(), "broken") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the desk did not process the sources within 60 s; metrics:\n%.1500s\nstderr:\n%s", metrics, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	pages := metrics + get("healthz") + get("")
	stop()
	for name, text := range map[string]string{"stdout": stdout.String(), "stderr (logs)": stderr.String(), "/metrics, /healthz and /": pages} {
		if strings.Contains(text, testLLMKey) {
			t.Errorf("%s contains the LLM key", name)
		}
	}
}

// TestSecretsReadOnlyInCmd checks the sources: no internal package but
// the test-support ones (named …test) reads the environment itself, so
// settings reach them only through cmd/alphadesk; and the LLM key's
// variable is read only by `draft --llm`.
func TestSecretsReadOnlyInCmd(t *testing.T) {
	root := filepath.Join("..", "..")
	var getenvCalls, keyReaders []string
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasSuffix(d.Name(), "test") {
			return filepath.SkipDir // test-support packages (pgtest reads TEST_DATABASE_URL)
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "os" && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv" || sel.Sel.Name == "Environ") {
					getenvCalls = append(getenvCalls, path)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(getenvCalls) > 0 {
		t.Errorf("internal packages read the environment directly (take a getenv function from cmd instead): %v", getenvCalls)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("llm.ConfigFromEnv")) || bytes.Contains(b, []byte(`"ALPHADESK_LLM_KEY"`)) {
			keyReaders = append(keyReaders, name)
		}
	}
	if len(keyReaders) != 1 || keyReaders[0] != "cmd_draft.go" {
		t.Errorf("the LLM key is read by %v, want only cmd_draft.go (update docs/security.md if another command needs it)", keyReaders)
	}
}

// TestPasswordsNotStoredInClear adds an editor with `user add` (production
// argon2id parameters), changes the password with `user passwd`, logs in
// through the composed site with a logger recording everything, and then
// reads the database files and the log byte by byte: neither password nor
// the session ID is there.
func TestPasswordsNotStoredInClear(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	envs := map[string]string{"ALPHADESK_DB": path}
	if code, _, errOut := runCmd(t, envs, "migrate"); code != exitOK {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	const first, second = "first long passphrase of jdoe", "second long passphrase of jdoe"
	for _, step := range []struct {
		pw   string
		args []string
	}{{first, []string{"user", "add", "jdoe", "--password-stdin"}}, {second, []string{"user", "passwd", "jdoe", "--password-stdin"}}} {
		code, out, errOut := runCmdStdin(t, step.pw+"\n", envs, step.args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d %s", step.args, code, errOut)
		}
		if strings.Contains(out+errOut, step.pw) {
			t.Errorf("%v prints the password", step.args)
		}
	}
	ctx := context.Background()
	db, err := openDatabase(ctx, path, openOptions{mustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.Accounts.User(ctx, "jdoe")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("stored password %q, want argon2id with the production parameters", u.PasswordHash)
	}
	var logs lockedBuffer
	srv, c := consoleClient(t, db, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	login := func(pw string) int {
		t.Helper()
		resp, err := c.Get(srv.URL + "/admin/login")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		_, rest, ok := strings.Cut(string(page), `name="csrf" value="`)
		if !ok {
			t.Fatalf("login page without a token:\n%s", page)
		}
		tok, _, _ := strings.Cut(rest, `"`)
		resp, err = c.PostForm(srv.URL+"/admin/login", url.Values{"csrf": {tok}, "user": {"jdoe"}, "password": {pw}, "next": {"/admin/"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := login(first); code != http.StatusUnauthorized {
		t.Errorf("login with the old password = %d, want 401", code)
	}
	if code := login(second); code != http.StatusSeeOther {
		t.Fatalf("login = %d, want 303", code)
	}
	u2, _ := url.Parse(srv.URL + "/admin/")
	var id string
	for _, ck := range c.Jar.Cookies(u2) {
		if ck.Name == "alphadesk_admin" {
			id = ck.Value
		}
	}
	if id == "" {
		t.Fatal("no session cookie after login")
	}
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	if !bytes.Contains(all, []byte(u.PasswordHash[:30])) {
		t.Fatal("the stored hash is not in the database files: the scan reads the wrong files")
	}
	for name, secret := range map[string]string{"first password": first, "second password": second, "session ID": id} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("the %s appears in the database files", name)
		}
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the %s appears in the log", name)
		}
	}
}
