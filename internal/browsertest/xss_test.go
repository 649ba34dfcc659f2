package browsertest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"alphadesk/internal/newsroom"
)

// auditDOM lists what in the loaded page could run script: inline or
// cross-origin <script> elements, event-handler attributes, javascript: and
// data:text/html URLs, and frames, objects, embeds and <base>.
const auditDOM = `(() => {
  const bad = [];
  for (const s of document.querySelectorAll('script')) {
    if (!s.src || new URL(s.src, location.href).origin !== location.origin) {
      bad.push('script ' + (s.src || s.textContent.slice(0, 80)));
    }
  }
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (n.startsWith('on')) bad.push(el.tagName + ' ' + n + '=' + a.value.slice(0, 80));
      if (urlAttrs.includes(n) && (v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text/html'))) {
        bad.push(el.tagName + ' ' + n + '=' + a.value.slice(0, 80));
      }
    }
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]')) {
    bad.push('element ' + el.tagName.toLowerCase());
  }
  return bad;
})()`

// TestXSSVectorsDoNotRun opens every page that shows the XSS story in the
// real browser: no dialog, exception, console call or browser error may
// occur, and nothing in the DOM may be able to run script.
func TestXSSVectorsDoNotRun(t *testing.T) {
	ctx := newBrowser(t) // first: skips before the site is built when there is no browser
	s := startSite(t)
	w := watchPage(t, ctx)
	slug := s.seeded.xssSlug
	pages := []struct {
		name, path string
		wantText   string // a sign the page really shows the story
	}{
		{"article", "/news/" + slug, "</title><script>"},
		{"front page", "/", "</title><script>"},
		{"stock page", "/stocks/AAPL", "</title><script>"},
		{"correction form", "/corrections?story=" + slug, ""},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			open(t, ctx, s.url(p.path), 200)
			time.Sleep(300 * time.Millisecond) // let late handlers (onerror of a broken image) fire
			bad := value(t, ctx, "audit the DOM", chromedp.Evaluate[[]string](auditDOM))
			for _, b := range bad {
				t.Errorf("%s: %s", p.path, b)
			}
			if p.wantText != "" {
				text := value(t, ctx, "read the page text", chromedp.Evaluate[string](`document.body.innerText`))
				if !strings.Contains(text, p.wantText) {
					t.Errorf("%s: the text %q of the XSS headline is not shown as text; is the story on the page?", p.path, p.wantText)
				}
			}
			for _, ev := range w.take() {
				t.Errorf("%s: %s", p.path, ev)
			}
		})
	}
	t.Run("title", func(t *testing.T) {
		open(t, ctx, s.url("/news/"+slug), 200)
		title := value(t, ctx, "read the title", chromedp.Title())
		if !strings.Contains(title, "</title><script>") {
			t.Errorf("article <title> = %q, want the headline with its markup shown as text", title)
		}
		// Keep a picture of the inert story beside the other screenshots.
		dir := outputDir(t)
		png := value(t, ctx, "screenshot", chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, "xss-article-desktop.png"), png, 0o644); err != nil {
			t.Errorf("write screenshot: %v", err)
		}
		t.Logf("XSS article screenshot in %s", dir)
		for _, ev := range w.take() {
			t.Errorf("article: %s", ev)
		}
	})
	for _, feed := range []string{"/feed.atom", "/feeds/AAPL.atom"} {
		t.Run("feed "+feed, func(t *testing.T) {
			// The browser shows a feed as XML; it must not run anything either.
			openRaw(t, ctx, s.url(feed), 200)
			time.Sleep(300 * time.Millisecond)
			for _, ev := range w.take() {
				t.Errorf("%s: %s", feed, ev)
			}
			body := fetch(t, s.url(feed)).body
			if !strings.Contains(body, "/news/"+slug) {
				t.Errorf("%s does not list the XSS story %s", feed, slug)
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, "<img src=x onerror") {
				t.Errorf("%s carries the XSS markup unescaped", feed)
			}
		})
	}
}

// TestJavascriptSourceURLRefused checks the newsroom refuses a source link
// with the javascript: scheme before it can reach a page.
func TestJavascriptSourceURLRefused(t *testing.T) {
	s := startSite(t)
	if !errors.Is(s.seeded.javascriptURL, newsroom.ErrInvalid) {
		t.Errorf("SubmitDraft with a javascript: source URL: %v, want %v", s.seeded.javascriptURL, newsroom.ErrInvalid)
	}
}

// TestWatchCatchesScript is the control for TestXSSVectorsDoNotRun: on a
// deliberately unsafe page with no CSP, the watcher and the DOM audit must
// report what ran. Without it a broken watcher would pass every test.
func TestWatchCatchesScript(t *testing.T) {
	unsafe := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>unsafe</title><main>
<img src="/missing.png" onerror="alert('caught')">
<script>console.error('console caught'); throw new Error('thrown caught')</script>
<a href="javascript:alert(1)">x</a></main>`)
	}))
	defer unsafe.Close()
	ctx := newBrowser(t)
	w := watchPage(t, ctx)
	open(t, ctx, unsafe.URL, 200)
	bad := value(t, ctx, "audit the DOM", chromedp.Evaluate[[]string](auditDOM))
	var events []string
	for range 50 {
		events = append(events, w.take()...)
		if joined := strings.Join(events, "\n"); strings.Contains(joined, "caught'") || strings.Contains(joined, `"caught"`) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	joined := strings.Join(events, "\n")
	for _, want := range []string{"dialog", "console.error", "exception"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the watcher missed the %s on an unsafe page; it saw:\n%s", want, joined)
		}
	}
	auditText := strings.Join(bad, "\n")
	for _, want := range []string{"script ", "onerror", "javascript:"} {
		if !strings.Contains(auditText, want) {
			t.Errorf("the DOM audit missed %q on an unsafe page; it saw:\n%s", want, auditText)
		}
	}
}

// response is a fetched page.
type response struct {
	code   int
	header http.Header
	body   string
}

// fetch GETs a URL without following redirects.
func fetch(t *testing.T, u string) response {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", u, err)
	}
	return response{code: resp.StatusCode, header: resp.Header, body: string(b)}
}

// TestCSPOnEveryPage requests every kind of page, including errors,
// redirects, the API, the feed and the editor console, and checks each
// response carries a strict Content-Security-Policy. It needs no browser.
func TestCSPOnEveryPage(t *testing.T) {
	s := startSite(t)
	paths := []string{
		"/", "/?category=Earnings", "/news/" + s.seeded.xssSlug, "/news/no-such-story",
		"/stocks", "/stocks/AAPL", "/stocks/NOPE", "/alpha-score", "/methodology",
		"/editorial-policy", "/risk-disclaimer", "/corrections", "/corrections/thanks",
		"/feed.atom", "/feeds/AAPL.atom", "/feeds/NOPE.atom", "/api/v1/stories", "/api/v1/stories/" + s.seeded.xssSlug, "/api/v1/stocks/AAPL", "/api/v1/scores",
		"/admin/", "/admin/login", "/admin/corrections", "/no/such/page",
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			r := fetch(t, s.url(p))
			checkHeaders(t, "GET "+p, r)
		})
	}
	// Refused form posts (no CSRF token) are pages too.
	for _, p := range []string{"/corrections", "/admin/login", "/admin/stories/" + s.seeded.xssSlug + "/approve"} {
		t.Run("POST "+p, func(t *testing.T) {
			resp, err := http.PostForm(s.url(p), url.Values{"text": {"no token"}})
			if err != nil {
				t.Fatalf("POST %s: %v", p, err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode < 400 {
				t.Errorf("POST %s without a CSRF token: status %d, want it refused", p, resp.StatusCode)
			}
			checkHeaders(t, "POST "+p, response{code: resp.StatusCode, header: resp.Header})
		})
	}
}

// checkHeaders checks the security headers of one response.
func checkHeaders(t *testing.T, what string, r response) {
	t.Helper()
	if r.code >= 500 {
		t.Errorf("%s: status %d", what, r.code)
	}
	if err := checkStrictCSP(r.header.Get("Content-Security-Policy")); err != nil {
		t.Errorf("%s (%d): %v", what, r.code, err)
	}
	if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s (%d): X-Content-Type-Options = %q, want nosniff", what, r.code, got)
	}
}
