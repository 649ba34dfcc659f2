package browsertest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// apiStory is the part of an /api/v1/stories entry the tests read.
type apiStory struct {
	Slug     string   `json:"slug"`
	Headline string   `json:"headline"`
	Tickers  []string `json:"tickers"`
}

// getJSON fetches a URL of the JSON API and decodes it into v, returning the
// status code.
func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", u, err)
	}
	if resp.StatusCode == http.StatusOK && v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: decode %s: %v", u, body, err)
		}
	}
	return resp.StatusCode
}

// publishedStory picks the newest published demo story with at least one
// ticker from the API (not a story the tests seeded).
func publishedStory(t *testing.T, s *site) apiStory {
	t.Helper()
	var page struct {
		Stories []apiStory `json:"stories"`
	}
	if code := getJSON(t, s.url("/api/v1/stories"), &page); code != http.StatusOK {
		t.Fatalf("GET /api/v1/stories: status %d, want 200", code)
	}
	for _, st := range page.Stories {
		if st.Slug != s.seeded.xssSlug && st.Slug != s.seeded.heldSlug && len(st.Tickers) > 0 {
			return st
		}
	}
	t.Fatalf("GET /api/v1/stories: no published story with a ticker among %d", len(page.Stories))
	return apiStory{}
}

// TestReaderAndEditorFlows walks through the site in the browser as a reader
// and then as an editor, in order: the correction a reader reports must
// reach the editor's corrections queue, and the story the editor approves
// must become public.
func TestReaderAndEditorFlows(t *testing.T) {
	ctx := newBrowser(t) // first: skips before the site is built when there is no browser
	s := startSite(t)
	w := watchPage(t, ctx)
	story := publishedStory(t, s)
	correction := fmt.Sprintf("Browser test report %d: the second paragraph names the wrong quarter.", time.Now().UnixNano())

	t.Run("front page", func(t *testing.T) {
		open(t, ctx, s.url("/"), 200)
		links := value(t, ctx, "count story links", chromedp.Evaluate[int](`document.querySelectorAll('main a[href^="/news/"]').length`))
		if links == 0 {
			t.Errorf("front page: no links to /news/ stories")
		}
		html := value(t, ctx, "read main", chromedp.OuterHTML(chromedp.CSS("main")))
		if !strings.Contains(html, story.Slug) {
			t.Errorf("front page: no link to the latest story %s", story.Slug)
		}
	})

	t.Run("article", func(t *testing.T) {
		open(t, ctx, s.url("/news/"+story.Slug), 200)
		h1 := value(t, ctx, "read h1", chromedp.Text(chromedp.CSS("h1")))
		if strings.TrimSpace(h1) != story.Headline {
			t.Errorf("article h1 = %q, want %q", h1, story.Headline)
		}
		sym := story.Tickers[0]
		step(t, ctx, "follow the ticker chip to /stocks/"+sym,
			chromedp.Click(chromedp.CSS(`main a[href="/stocks/`+sym+`"]`)))
		waitLocation(t, ctx, "/stocks/"+sym)
	})

	t.Run("stock page", func(t *testing.T) {
		open(t, ctx, s.url("/stocks/AAPL"), 200)
		h1 := value(t, ctx, "read h1", chromedp.Text(chromedp.CSS("h1")))
		if !strings.Contains(h1, "Apple") && !strings.Contains(h1, "AAPL") {
			t.Errorf("stock page h1 = %q, want it to name Apple", h1)
		}
		links := value(t, ctx, "find methodology link", chromedp.Evaluate[int](`document.querySelectorAll('a[href^="/methodology"]').length`))
		if links == 0 {
			t.Errorf("stock page: no link to /methodology")
		}
	})

	t.Run("report a correction", func(t *testing.T) {
		if code := getJSON(t, s.url("/corrections"), nil); code == http.StatusNotFound {
			t.Skip("GET /corrections is 404: the correction form is not built yet")
		}
		open(t, ctx, s.url("/news/"+story.Slug), 200)
		step(t, ctx, "follow the article's Report a correction link",
			chromedp.Click(chromedp.CSS(`main a[href^="/corrections"]`)))
		waitLocation(t, ctx, "/corrections")
		step(t, ctx, "wait for the form", chromedp.WaitVisible(chromedp.CSS(`form[action="/corrections"] textarea`)))
		got := value(t, ctx, "read the story field", chromedp.Value(chromedp.CSS(`form[action="/corrections"] input[name="story"]`)))
		if !strings.Contains(got, story.Slug) {
			step(t, ctx, "fill the story field", chromedp.SetValue(chromedp.CSS(`form[action="/corrections"] input[name="story"]`), story.Slug))
		}
		step(t, ctx, "fill and send the report",
			chromedp.SendKeys(chromedp.CSS(`form[action="/corrections"] textarea`), correction),
			chromedp.Click(chromedp.CSS(`form[action="/corrections"] button[type="submit"]`)))
		loc := waitLocation(t, ctx, "/corrections/thanks")
		h1 := value(t, ctx, "read h1", chromedp.Text(chromedp.CSS("main h1")))
		if !strings.Contains(loc, "/corrections/thanks") || !strings.Contains(strings.ToLower(h1), "thank") {
			body := value(t, ctx, "read main", chromedp.Text(chromedp.CSS("main")))
			t.Fatalf("after sending the report: at %s with h1 %q, want the thank-you page; page says:\n%s", loc, h1, body)
		}
	})

	t.Run("log in", func(t *testing.T) {
		open(t, ctx, s.url("/admin/"), 200) // redirected to the login form
		loc := value(t, ctx, "read location", chromedp.Location())
		if !strings.Contains(loc, "/admin/login") {
			t.Fatalf("anonymous /admin/ ended at %s, want the login page", loc)
		}
		step(t, ctx, "log in",
			chromedp.SendKeys(chromedp.ID("user"), editorName),
			chromedp.SendKeys(chromedp.ID("password"), editorPassword),
			chromedp.Click(chromedp.CSS(`form[action="/admin/login"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/admin/logout"]`)))
		user := value(t, ctx, "read the signed-in user", chromedp.Text(chromedp.CSS(`form[action="/admin/logout"] span`)))
		if strings.TrimSpace(user) != editorName {
			t.Errorf("signed in as %q, want %q", user, editorName)
		}
	})

	t.Run("XSS story in the console", func(t *testing.T) {
		// The console shows stories with their findings highlighted inside
		// the text: the same vectors must stay inert there.
		open(t, ctx, s.url("/admin/stories/"+s.seeded.xssSlug), 200)
		time.Sleep(300 * time.Millisecond)
		for _, b := range value(t, ctx, "audit the DOM", chromedp.Evaluate[[]string](auditDOM)) {
			t.Errorf("/admin/stories/%s: %s", s.seeded.xssSlug, b)
		}
		for _, ev := range w.take() {
			t.Errorf("/admin/stories/%s: %s", s.seeded.xssSlug, ev)
		}
	})

	t.Run("correction reaches the editor", func(t *testing.T) {
		if code := getJSON(t, s.url("/corrections"), nil); code == http.StatusNotFound {
			t.Skip("GET /corrections is 404: no report was sent")
		}
		open(t, ctx, s.url("/admin/corrections"), 200)
		text := value(t, ctx, "read the corrections queue", chromedp.Text(chromedp.CSS("main")))
		if !strings.Contains(text, correction) || !strings.Contains(text, story.Slug) {
			t.Errorf("the corrections queue does not show the report %q on %s:\n%s", correction, story.Slug, text)
		}
	})

	t.Run("approve a held story", func(t *testing.T) {
		slug := s.seeded.heldSlug
		if code := getJSON(t, s.url("/api/v1/stories/"+url.PathEscape(slug)), nil); code != http.StatusNotFound {
			t.Fatalf("held story before approval: GET /api/v1/stories/%s = %d, want 404", slug, code)
		}
		open(t, ctx, s.url("/admin/"), 200)
		n := value(t, ctx, "find the held story in the queue",
			chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('main a[href="/admin/stories/%s"]').length`, slug)))
		if n == 0 {
			t.Errorf("review queue: no link to the held story %s", slug)
		}
		open(t, ctx, s.url("/admin/stories/"+slug), 200)
		step(t, ctx, "approve",
			chromedp.Click(chromedp.CSS(`form[action="/admin/stories/`+slug+`/approve"] button[type="submit"]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`form[action="/admin/stories/`+slug+`/approve"]`)))
		var got apiStory
		code := 0
		for range 20 { // the API may cache for a moment
			if code = getJSON(t, s.url("/api/v1/stories/"+url.PathEscape(slug)), &got); code == http.StatusOK {
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
		if code != http.StatusOK || got.Headline != heldHeadline {
			t.Fatalf("after approval: GET /api/v1/stories/%s = %d %q, want 200 %q", slug, code, got.Headline, heldHeadline)
		}
		open(t, ctx, s.url("/news/"+slug), 200)
		h1 := value(t, ctx, "read h1", chromedp.Text(chromedp.CSS("h1")))
		if strings.TrimSpace(h1) != heldHeadline {
			t.Errorf("approved story page h1 = %q, want %q", h1, heldHeadline)
		}
	})

	if evs := w.take(); len(evs) > 0 {
		t.Errorf("the pages ran into %d script problems:\n%s", len(evs), strings.Join(evs, "\n"))
	}
}

// wideElements lists the deepest elements that reach past the right edge of
// the viewport (tag, id or class, and right edge in CSS pixels), at most 5.
const wideElements = `(() => {
  const vw = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 0.5 || r.width === 0) continue;
    if ([...el.children].some(c => c.getBoundingClientRect().right > vw + 0.5)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
    out.push(name + ' right=' + Math.round(r.right));
    if (out.length === 5) break;
  }
  return out;
})()`

// TestScreenshots writes full-page screenshots of the front page, an article
// and a stock page at desktop and phone widths.
func TestScreenshots(t *testing.T) {
	ctx := newBrowser(t) // first: skips before the site is built when there is no browser
	s := startSite(t)
	story := publishedStory(t, s)
	dir := outputDir(t)
	t.Logf("screenshots in %s", dir)
	pages := []struct{ name, path string }{
		{"front", "/"},
		{"article", "/news/" + story.Slug},
		{"stock", "/stocks/AAPL"},
	}
	widths := []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 900, false},
		{"phone", 390, 844, true},
	}
	for _, wd := range widths {
		for _, p := range pages {
			t.Run(p.name+"-"+wd.name, func(t *testing.T) {
				emulate := chromedp.EmulateViewport(wd.width, wd.height)
				if wd.mobile {
					emulate = chromedp.EmulateViewport(wd.width, wd.height, chromedp.EmulateScale(2), chromedp.EmulateMobile)
				}
				step(t, ctx, "set the viewport", emulate)
				open(t, ctx, s.url(p.path), 200)
				// A page wider than the viewport scrolls sideways on a phone.
				overflow := value(t, ctx, "measure width",
					chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
				if overflow > 0 {
					wide := value(t, ctx, "find wide elements", chromedp.Evaluate[[]string](wideElements))
					t.Errorf("%s at %dpx: content is %dpx wider than the viewport; widest elements past the edge: %q",
						p.path, wd.width, overflow, wide)
				}
				png := value(t, ctx, "screenshot", chromedp.FullScreenshot(100))
				if len(png) < 8 || string(png[1:4]) != "PNG" {
					t.Fatalf("screenshot of %s: not a PNG (%d bytes)", p.path, len(png))
				}
				file := filepath.Join(dir, p.name+"-"+wd.name+".png")
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatalf("write screenshot: %v", err)
				}
				t.Logf("%s: %d bytes", file, len(png))
			})
		}
	}
}
