package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Environment variables the tests read (see the package documentation).
const (
	envChromium       = "ALPHADESK_CHROMIUM"
	envRequireBrowser = "ALPHADESK_REQUIRE_BROWSER"
	envOutput         = "ALPHADESK_TEST_OUTPUT"
)

// findChromium returns the browser to drive, or "" when none is installed
// (or ALPHADESK_CHROMIUM names a file that does not exist).
func findChromium() string {
	if p := os.Getenv(envChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireBrowser reports whether a missing browser is a failure (CI).
func requireBrowser() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv(envRequireBrowser)))
	return v == "1" || v == "true" || v == "yes"
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// chromedp context for one tab. It skips the test when no browser is
// installed, unless ALPHADESK_REQUIRE_BROWSER is set.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		msg := "no Chromium found (install Debian's chromium: apt-get install -y chromium, or set " + envChromium + ")"
		if requireBrowser() {
			t.Fatalf("%s; %s is set, so a missing browser is a failure", msg, envRequireBrowser)
		}
		t.Skip(msg + "; skipping the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		// Containers often give /dev/shm 64 MB, too little for Chromium.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser now, with no deadline, so that per-step timeouts
	// never stop the whole browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// step runs actions with a timeout so a stuck page fails the test instead of
// hanging it.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// value runs one action that returns a value, with a timeout.
func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open navigates to url, checks the HTTP status and waits for <main>.
func open(t *testing.T, ctx context.Context, url string, wantStatus int64) {
	t.Helper()
	openRaw(t, ctx, url, wantStatus)
	step(t, ctx, "wait for <main> on "+url, chromedp.WaitReady(chromedp.CSS("main")))
}

// openRaw navigates to url and checks the HTTP status of the final response.
func openRaw(t *testing.T, ctx context.Context, url string, wantStatus int64) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	resp, err := chromedp.Run(sctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if resp == nil || resp.Status != wantStatus {
		got := int64(0)
		if resp != nil {
			got = resp.Status
		}
		t.Fatalf("open %s: status %d, want %d", url, got, wantStatus)
	}
}

// watch records what would show that script ran: JavaScript dialogs (which
// it dismisses so the page never stalls), uncaught exceptions, console API
// calls of any kind, and browser log entries at warning or error level (a
// CSP violation, for one, is logged there).
type watch struct {
	mu     sync.Mutex
	events []string
}

func (w *watch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events = append(w.events, fmt.Sprintf(format, args...))
}

// take returns the events recorded so far and forgets them.
func (w *watch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.events
	w.events = nil
	return out
}

// watchPage starts recording events on the tab of ctx.
func watchPage(t *testing.T, ctx context.Context) *watch {
	t.Helper()
	w := &watch{}
	dialogs := make(chan struct{}, 64)
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			w.add("dialog %s %q on %s", ev.Type, ev.Message, ev.URL)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text += " " + d.Exception.Description
			}
			w.add("exception %q at %s:%d", text, d.URL, d.LineNumber)
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range ev.Args {
				if a.Value != nil {
					args = append(args, string(a.Value))
				} else {
					args = append(args, a.Description)
				}
			}
			w.add("console.%s(%s)", ev.Type, strings.Join(args, ", "))
		case *log.EventEntryAdded:
			// The browser asks for /favicon.ico by itself; the site has none
			// yet, and that 404 says nothing about the page's scripts.
			if e := ev.Entry; e != nil && (e.Level == log.EntryLevelError || e.Level == log.EntryLevelWarning) &&
				!(e.Source == log.EntrySourceNetwork && strings.HasSuffix(e.URL, "/favicon.ico")) {
				w.add("browser log %s/%s %q (%s)", e.Source, e.Level, e.Text, e.URL)
			}
		}
	})
	if err != nil {
		t.Fatalf("listen to the page: %v", err)
	}
	// Dismiss dialogs from another goroutine: the listener must not run
	// commands itself.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
	return w
}

// outputDir returns the folder for screenshots: ALPHADESK_TEST_OUTPUT when
// set (created if needed), else a temporary folder.
func outputDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(envOutput)
	if dir == "" {
		return t.TempDir()
	}
	if !filepath.IsAbs(dir) {
		if root, err := repoRoot(); err == nil {
			dir = filepath.Join(root, dir)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create test output folder %s (%s): %v", dir, envOutput, err)
	}
	return dir
}

// waitLocation waits until the tab's address contains want (after a click
// that navigates) and the new page's <main> is ready.
func waitLocation(t *testing.T, ctx context.Context, want string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc := value(t, ctx, "read location", chromedp.Location())
		if strings.Contains(loc, want) {
			step(t, ctx, "wait for <main> on "+loc, chromedp.WaitReady(chromedp.CSS("main")))
			return loc
		}
		if time.Now().After(deadline) {
			t.Fatalf("the browser is at %s, want an address containing %q", loc, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
