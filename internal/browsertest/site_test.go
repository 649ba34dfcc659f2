package browsertest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// editorName and editorPassword are the console account the tests create.
// ("editor" itself is reserved for the newsroom's own audit entries.)
const (
	editorName     = "desk-tester"
	editorPassword = "browser-test-password-1"
)

// site is one running alphadesk: the binary, its database and the base URL
// (with a trailing slash) that `alphadesk serve` printed.
type site struct {
	bin, db, base string
	seeded        seeded
	cmd           *exec.Cmd
	stderr        *logBuffer
	done          chan error
}

// url joins the base URL and an absolute path.
func (s *site) url(path string) string { return strings.TrimSuffix(s.base, "/") + path }

var (
	shared     *site
	sharedErr  error
	sharedOnce sync.Once
	sharedTmp  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.stop()
	}
	if sharedTmp != "" {
		_ = os.RemoveAll(sharedTmp)
	}
	os.Exit(code)
}

// startSite returns the site shared by every test of the package, building
// the binary and starting the server on first use.
func startSite(t *testing.T) *site {
	t.Helper()
	sharedOnce.Do(func() {
		sharedTmp, sharedErr = os.MkdirTemp("", "alphadesk-browsertest-")
		if sharedErr == nil {
			shared, sharedErr = launch(sharedTmp)
		}
	})
	if sharedErr != nil {
		t.Fatalf("start alphadesk: %v", sharedErr)
	}
	return shared
}

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no go.mod above the working directory")
		}
		dir = parent
	}
}

// launch builds the binary into dir, loads the demo, seeds the test stories,
// adds the editor account and starts `alphadesk serve` on a free port.
func launch(dir string) (*site, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	s := &site{bin: filepath.Join(dir, "alphadesk"), db: filepath.Join(dir, "site.db")}
	build := exec.Command("go", "build", "-o", s.bin, "./cmd/alphadesk")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/alphadesk: %w\n%s", err, out)
	}
	if out, err := exec.Command(s.bin, "demo", "--no-serve", "--db", s.db).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("alphadesk demo --no-serve: %w\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if s.seeded, err = seed(ctx, s.db); err != nil {
		return nil, err
	}
	add := exec.Command(s.bin, "user", "add", editorName, "--password-stdin", "--db", s.db)
	add.Stdin = strings.NewReader(editorPassword + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("alphadesk user add: %w\n%s", err, out)
	}
	if err := s.serve(); err != nil {
		return nil, err
	}
	return s, nil
}

// serve starts `alphadesk serve` on 127.0.0.1:0 and waits for the address it
// prints.
func (s *site) serve() error {
	s.cmd = exec.Command(s.bin, "serve", "--db", s.db, "--addr", "127.0.0.1:0")
	s.stderr = &logBuffer{}
	s.cmd.Stderr = s.stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start alphadesk serve: %w", err)
	}
	s.done = make(chan error, 1)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := servingURL(sc.Text()); ok {
				select {
				case found <- u:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	go func() { s.done <- s.cmd.Wait() }()
	select {
	case s.base = <-found:
	case err := <-s.done:
		return fmt.Errorf("alphadesk serve exited before serving: %v\n%s", err, s.stderr)
	case <-time.After(30 * time.Second):
		s.stop()
		return fmt.Errorf("alphadesk serve printed no address within 30s\n%s", s.stderr)
	}
	// The server listens before it prints; one health request makes sure.
	resp, err := http.Get(s.url("/"))
	if err != nil {
		s.stop()
		return fmt.Errorf("first request to %s: %w", s.base, err)
	}
	_ = resp.Body.Close()
	return nil
}

// stop interrupts the server and waits for it (killing it after 10 s).
func (s *site) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// servingURL extracts the base URL from the line `alphadesk serve` prints
// when it starts ("alphadesk: serving http://127.0.0.1:PORT/ (press …)").
func servingURL(line string) (string, bool) {
	_, rest, ok := strings.Cut(line, "serving ")
	if !ok {
		return "", false
	}
	u, _, _ := strings.Cut(rest, " ")
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return "", false
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u, true
}

// logBuffer collects the server's log; the process's output copier writes
// while the tests read.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServingURL(t *testing.T) {
	tests := []struct {
		name, line, want string
		ok               bool
	}{
		{"serve banner", "alphadesk: serving http://127.0.0.1:41375/ (press Ctrl-C to stop)", "http://127.0.0.1:41375/", true},
		{"no trailing slash", "serving http://[::1]:80 now", "http://[::1]:80/", true},
		{"end of line", "alphadesk: serving https://127.0.0.1:9/", "https://127.0.0.1:9/", true},
		{"other output", "demo: loaded 350 securities", "", false},
		{"not a URL", "serving soon", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := servingURL(tt.line)
			if got != tt.want || ok != tt.ok {
				t.Errorf("servingURL(%q) = %q, %v; want %q, %v", tt.line, got, ok, tt.want, tt.ok)
			}
		})
	}
}
