package web

import (
	"html/template"

	"golang.org/x/net/html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
)

func TestArticleShow(t *testing.T) {
	t.Parallel()
	b := setup(t)
	w := b.get("/news/" + amazonSlug)
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body:\n%s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		`<span class="category">Earnings</span> <span class="sentiment neutral"><span aria-hidden="true">●</span> Neutral`,
		"<h1>Amazon AWS Backlog Hits $364B as Infrastructure Spending Accelerates</h1>",
		`<p class="dek">Amazon projects Q2 sales of $194B-$199B as AWS backlog reaches $364B.</p>`,
		`<li><a class="chip" href="/stocks/AMZN">AMZN</a></li>`,
		`<li><a class="chip" href="/stocks/BRK.B">BRK.B</a></li>`,
		// Times with their zone.
		`Published <time datetime="2026-11-20T09:05:00-05:00">Nov 20, 2026 9:05 AM EST</time>`,
		`Last reviewed <time datetime="2026-11-20T12:05:00-05:00">Nov 20, 2026 12:05 PM EST</time>`,
		// Snapshot: GICS sector, score with its band, price, change, session.
		"Research Snapshot",
		"Consumer Discretionary",
		`<span class="score moderate"><span class="score-num">54</span> <span class="band">Moderate</span></span>`,
		"Alpha Score of 54 reflects a moderate overall profile: strong momentum, poor value, strong quality, weak sentiment.",
		`close <time datetime="2026-11-20T16:00:00-05:00">Nov 20, 2026 4:00 PM EST</time>`,
		// XMPL: three signals, capped, the note once and on its own.
		`<p class="coverage">Based on 3 of 4 signals — capped at 90 until the remaining data arrives.</p>`,
		`<span class="score weak"><span class="score-num">47</span> <span class="band">Weak</span></span>`,
		// BRK.B: unscored with its missing signals and why.
		"BRK.B is unscored: 2 of 4 signals available (missing value: no fundamentals filed; sentiment: no stories in the last 90 days).",
		// ZZZZ: unknown to the database.
		"No Alpha Score is on file for ZZZZ",
		"This panel uses alphadesk's own market data and scores, separate from the sources linked below.",
		// Body links on the company's first mention, text unchanged.
		`<p><a class="company" href="/stocks/AMZN">Amazon</a> has set a clear trajectory`,
		"the performance of Amazon stock serves as a bellwether as it has before.",
		`<a class="company" href="/stocks/BRK.B">Berkshire Hathaway</a>&#39;s stake`,
		`<a class="company" href="/stocks/XMPL">Example Demo</a> said nothing.`,
		`<a class="company" href="/stocks/NOPX">No Price Holdings Corp.</a> was not asked.`,
		// Sources, production record, notes, policy links.
		`<a href="https://ir.aboutamazon.com/q1-2026" rel="noopener nofollow">Amazon.com, Inc.</a>`,
		`<span class="demo-label">simulated</span>`,
		"alphadesk&#39;s extractive drafter",
		`<a href="/editorial-policy#rule-quote.verbatim"><code>quote.verbatim</code></a>`,
		"held it for review (1 finding); an editor approved it",
		"by editor@desk",
		"2, corrected after a reader&#39;s report.",
		"An earlier version of this story misstated the backlog.",
		`<a href="/editorial-policy">Editorial Policy</a> · <a href="/corrections?story=` + amazonSlug + `">Report a correction</a> · <a href="/risk-disclaimer">Risk Disclaimer</a>`,
		"Simulated demo data — not real prices or financials",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("article lacks %q", want)
		}
	}
	for _, bad := range []string{
		"stock page", "Amazon again</a>", `href="/stocks/AAPL"`, // Apple is not tagged
		"private reason", "open report text", "Old text.",
		"Consumer Cyclical", "Technology<",
	} {
		if strings.Contains(body, bad) {
			t.Errorf("article contains %q", bad)
		}
	}
	// Amazon is linked once in the body, on its first mention.
	storyBody := body[strings.Index(body, `<div class="story-body">`):strings.Index(body, `<section class="corrections-notes"`)]
	if n := strings.Count(storyBody, `href="/stocks/AMZN"`); n != 1 {
		t.Errorf("body links AMZN %d times, want 1", n)
	}
	// Cards by salience.
	order := []string{`aria-label="Amazon (AMZN)"`, `aria-label="Example Demo (XMPL)"`, `aria-label="Berkshire Hathaway (BRK.B)"`, `aria-label="No Price Holdings Corp. (NOPX)"`, `aria-label="Unknown Co (ZZZZ)"`}
	at := 0
	for _, o := range order {
		i := strings.Index(body[at:], o)
		if i < 0 {
			t.Fatalf("card %s missing or out of salience order", o)
		}
		at += i
	}
}

func TestArticleHidden(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, target string }{
		{"held", "/news/" + heldSlug},
		{"rejected", "/news/" + rejectedSlug},
		{"unknown", "/news/no-such-story"},
		{"too long", "/news/" + strings.Repeat("a", 300)},
		{"trailing path", "/news/" + amazonSlug + "/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := setup(t).get(tt.target)
			if w.Code != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", tt.target, w.Code)
			}
			if strings.Contains(w.Body.String(), "Held story") {
				t.Errorf("404 page shows the held story")
			}
		})
	}
}

func TestArticleNoNewsroom(t *testing.T) {
	t.Parallel()
	var nilSvc *newsroom.Service
	s, err := New(newFakeStore(), nil, Options{Now: func() time.Time { return testNow }, Newsroom: nilSvc})
	if err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]int{"/news/" + amazonSlug: 404, "/": 200, "/stocks/AMZN": 200} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != want {
			t.Errorf("GET %s without a newsroom: %d, want %d", target, w.Code, want)
		}
	}
}

func TestArticleXSS(t *testing.T) {
	t.Parallel()
	w := setup(t).get("/news/" + xssSlug)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	body := w.Body.String()
	// Walk the page as a browser's tokenizer would: no script, img or
	// embedded element, no event handler, no script or data URL.
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "img", "iframe", "object", "embed", "b":
			t.Errorf("page has a <%s> element", tok.Data)
		}
		for _, a := range tok.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") {
				t.Errorf("<%s %s=%q>: active attribute", tok.Data, a.Key, a.Val)
			}
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(5)&lt;/script&gt;") {
		t.Errorf("source name not shown escaped")
	}
	if !strings.Contains(body, `<a class="company" href="/stocks/AAPL">Apple</a> &lt;img src=x onerror=alert(1)&gt;`) {
		t.Errorf("body not escaped around the inserted link")
	}
}

func TestLinkNames(t *testing.T) {
	t.Parallel()
	amzn := linkTarget{Symbol: "AMZN", URL: "/stocks/AMZN", Names: []string{"Amazon.com", "Amazon"}}
	aapl := linkTarget{Symbol: "AAPL", URL: "/stocks/AAPL", Names: []string{"Apple"}}
	tests := []struct {
		name    string
		text    string
		targets []linkTarget
		done    map[string]bool
		want    string
	}{
		{"first mention", "Amazon rose. Amazon fell.", []linkTarget{amzn}, nil,
			`<a class="company" href="/stocks/AMZN">Amazon</a> rose. Amazon fell.`},
		{"longest name at the same place", "Amazon.com said", []linkTarget{amzn}, nil,
			`<a class="company" href="/stocks/AMZN">Amazon.com</a> said`},
		{"whole words only", "Amazonian forests and Pineapple; Apple", []linkTarget{amzn, aapl}, nil,
			`Amazonian forests and Pineapple; <a class="company" href="/stocks/AAPL">Apple</a>`},
		{"possessive", "Amazon's backlog", []linkTarget{amzn}, nil,
			`<a class="company" href="/stocks/AMZN">Amazon</a>&#39;s backlog`},
		{"already linked earlier", "Amazon again", []linkTarget{amzn}, map[string]bool{"AMZN": true}, "Amazon again"},
		{"no mention", "Nothing here & there", []linkTarget{amzn}, nil, "Nothing here &amp; there"},
		{"escapes", `<b>Apple</b>`, []linkTarget{aapl}, nil, `&lt;b&gt;<a class="company" href="/stocks/AAPL">Apple</a>&lt;/b&gt;`},
		{"two companies in order", "Apple and Amazon", []linkTarget{amzn, aapl}, nil,
			`<a class="company" href="/stocks/AAPL">Apple</a> and <a class="company" href="/stocks/AMZN">Amazon</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := tt.done
			if done == nil {
				done = map[string]bool{}
			}
			if got := string(linkNames(tt.text, tt.targets, done)); got != tt.want {
				t.Errorf("linkNames(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func FuzzLinkNames(f *testing.F) {
	for _, s := range []string{"Amazon rose", "Amazon.com's Amazon", "<script>Amazon</script>", "\xff\xfeAmazon", ""} {
		f.Add(s)
	}
	targets := []linkTarget{{Symbol: "AMZN", URL: "/stocks/AMZN", Names: []string{"Amazon.com", "Amazon"}}}
	f.Fuzz(func(t *testing.T, text string) {
		got := string(linkNames(text, targets, map[string]bool{}))
		// Removing the one inserted link gives back the escaped text: no
		// character is added, dropped or moved.
		plain := strings.Replace(got, `<a class="company" href="/stocks/AMZN">`, "", 1)
		if plain != got {
			plain = strings.Replace(plain, "</a>", "", 1)
		}
		if want := template.HTMLEscapeString(text); plain != want {
			t.Fatalf("linkNames(%q) changed the text: %q", text, got)
		}
	})
}

// BenchmarkArticleShow renders the story page every time (the data
// version moves on each request, so the rendered-page cache never hits).
func BenchmarkArticleShow(b *testing.B) {
	tb := setup(b)
	r := httptest.NewRequest(http.MethodGet, "/news/"+amazonSlug, nil)
	b.ReportAllocs()
	for b.Loop() {
		tb.store.version++
		w := httptest.NewRecorder()
		tb.server.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkArticleShowCached serves the story page as readers mostly get
// it: unchanged data, so from the rendered-page cache.
func BenchmarkArticleShowCached(b *testing.B) {
	tb := setup(b)
	r := httptest.NewRequest(http.MethodGet, "/news/"+amazonSlug, nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		tb.server.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
