package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the tests run this binary as a child process: with
// ALPHADESK_TEST_MAIN=1 the test binary behaves like alphadesk itself.
func TestMain(m *testing.M) {
	if os.Getenv("ALPHADESK_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// runCmd runs one command line in-process and returns exit code and output.
func runCmd(t *testing.T, envs map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string {
		if v, ok := envs[k]; ok {
			return v
		}
		if k == "HOME" {
			return t.TempDir()
		}
		return ""
	}}
	code = run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // substring of stdout
		wantErr  string // substring of stderr
	}{
		{"no command", nil, exitUsage, "", "Usage: alphadesk <command>"},
		{"help", []string{"help"}, exitOK, "Commands:", ""},
		{"help command", []string{"help", "demo"}, exitOK, "--no-serve", ""},
		{"help every command names env", []string{"help", "serve"}, exitOK, "ALPHADESK_ADDR", ""},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{"help unknown", []string{"help", "frobnicate"}, exitUsage, "", "unknown command"},
		{"bad flag", []string{"migrate", "--nope"}, exitUsage, "", "flag provided but not defined"},
		{"extra args", []string{"serve", "x"}, exitUsage, "", "unexpected arguments"},
		{"bad addr", []string{"serve", "--addr", "nonsense"}, exitUsage, "", "HOST:PORT"},
		{"-h", []string{"demo", "-h"}, exitOK, "", "Usage: alphadesk demo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, map[string]string{"ALPHADESK_DB": filepath.Join(t.TempDir(), "x.db")}, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.wantCode, errOut)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("stdout %q does not contain %q", out, tc.wantOut)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.wantErr)
			}
		})
	}
}

func TestServeMissingDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "missing.db")
	code, _, errOut := runCmd(t, nil, "serve", "--db", db)
	if code != exitError || !strings.Contains(errOut, "does not exist") || !strings.Contains(errOut, "alphadesk demo") {
		t.Errorf("serve on a missing db: code %d, stderr %q; want exit 1 naming the fix", code, errOut)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("serve created the missing database file")
	}
}

func TestMigrateAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	if code, out, errOut := runCmd(t, nil, "migrate", "--db", db); code != exitOK || !strings.Contains(out, "applied migrations") {
		t.Fatalf("migrate: code %d, out %q, err %q", code, out, errOut)
	}
	if code, out, _ := runCmd(t, nil, "migrate", "--db", db); code != exitOK || !strings.Contains(out, "current") {
		t.Errorf("second migrate: code %d, out %q", code, out)
	}
	dest := filepath.Join(dir, "copy.db")
	if code, _, errOut := runCmd(t, map[string]string{"ALPHADESK_DB": db}, "backup", dest); code != exitOK {
		t.Fatalf("backup: code %d, err %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, map[string]string{"ALPHADESK_DB": db}, "backup", dest); code != exitError || !strings.Contains(errOut, "exists") {
		t.Errorf("backup over an existing file: code %d, err %q", code, errOut)
	}
}

// lockedBuffer is a bytes.Buffer safe to read while a child process's
// output is being copied into it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingRE = regexp.MustCompile(`serving (http://\S+/)`)

// TestDemoEndToEnd starts `alphadesk demo` as a real process on a free port,
// fetches pages, then stops it with SIGINT.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	db := filepath.Join(t.TempDir(), "demo.db")
	start := time.Now()
	demo := startNode(t, "demo", "--db", db, "--addr", "127.0.0.1:0")
	t.Logf("demo serving %s after %s", demo.addr, time.Since(start).Round(time.Millisecond))

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(demo.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}
	code, body := get("/stocks/AMZN")
	if code != http.StatusOK {
		t.Fatalf("GET /stocks/AMZN = %d", code)
	}
	for _, want := range []string{"Amazon", "AMZN", "Consumer Discretionary", "Simulated demo data", "<svg"} {
		if !strings.Contains(body, want) {
			t.Errorf("/stocks/AMZN does not contain %q", want)
		}
	}
	if code, _ := get("/stocks/NOSUCH"); code != http.StatusNotFound {
		t.Errorf("GET /stocks/NOSUCH = %d, want 404", code)
	}
	if code, body := get("/healthz"); code != http.StatusOK || !strings.Contains(body, "ok") {
		t.Errorf("GET /healthz = %d %q", code, body)
	}
	if code, body := get("/stocks?q=hasbro"); code != http.StatusOK || !strings.Contains(body, "HAS") {
		t.Errorf("GET /stocks?q=hasbro = %d, want a list with HAS", code)
	}

	if err := demo.stopWith(syscall.SIGINT, 15*time.Second); err != nil {
		t.Errorf("demo exit after SIGINT: %v; output:\n%s", err, demo.output())
	}
}
