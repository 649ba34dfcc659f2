package web

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type testBundle struct {
	store  *fakeStore
	news   *fakeNews
	server *Server
	logs   *bytes.Buffer
}

func setup(t testing.TB) *testBundle {
	t.Helper()
	b := &testBundle{store: newFakeStore(), logs: new(bytes.Buffer)}
	b.news = newFakeNews(b.store)
	logger := slog.New(slog.NewTextHandler(b.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var err error
	b.server, err = New(b.store, logger, Options{Now: func() time.Time { return testNow }, BuildID: "test", Newsroom: b.news})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return b
}

// get serves one request with optional header pairs.
func (b *testBundle) do(method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	b.server.ServeHTTP(w, r)
	return w
}

func (b *testBundle) get(target string, header ...string) *httptest.ResponseRecorder {
	return b.do(http.MethodGet, target, header...)
}

func TestNewNilStore(t *testing.T) {
	t.Parallel()
	if _, err := New(nil, nil, Options{}); err == nil {
		t.Errorf("New(nil store) succeeded, want an error")
	}
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, target string
		status         int
		location       string
		contentType    string
		body           string // a substring the body must contain
	}{
		{"GET", "/", http.StatusOK, "", "text/html; charset=utf-8", "Score movers"},
		{"GET", "/stocks", http.StatusOK, "", "text/html; charset=utf-8", "Showing 1–50 of 115 securities"},
		{"GET", "/stocks/AMZN", http.StatusOK, "", "text/html; charset=utf-8", "<h1>Amazon <span class=\"symbol\">AMZN</span></h1>"},
		{"GET", "/stocks/BRK.B", http.StatusOK, "", "text/html; charset=utf-8", "Berkshire Hathaway"},
		{"GET", "/stocks/AMZN?range=max", http.StatusOK, "", "text/html; charset=utf-8", "all history"},
		{"GET", "/stocks/amzn", http.StatusMovedPermanently, "/stocks/AMZN", "", ""},
		{"GET", "/stocks/brk-b", http.StatusMovedPermanently, "/stocks/BRK.B", "", ""},
		{"GET", "/stocks/brk-b?range=5y", http.StatusMovedPermanently, "/stocks/BRK.B?range=5y", "", ""},
		{"GET", "/stocks/%20AMZN", http.StatusMovedPermanently, "/stocks/AMZN", "", ""},
		{"GET", "/stocks/NOPE", http.StatusNotFound, "", "text/html; charset=utf-8", "Page not found"},
		{"GET", "/stocks/nope", http.StatusNotFound, "", "text/html; charset=utf-8", "Page not found"},
		{"GET", "/stocks/%00bad", http.StatusNotFound, "", "text/html; charset=utf-8", "Page not found"},
		{"GET", "/stocks/ABCDEFGHIJKLMNOP", http.StatusNotFound, "", "text/html; charset=utf-8", "Page not found"},
		{"GET", "/stocks/%3Cscript%3E", http.StatusNotFound, "", "text/html; charset=utf-8", "Page not found"},
		{"GET", "/stocks/AMZN/extra", http.StatusNotFound, "", "text/html; charset=utf-8", "Page not found"},
		{"GET", "/stocks/AMZN?range=2w", http.StatusBadRequest, "", "text/html; charset=utf-8", "Unknown chart range &#34;2w&#34;"},
		{"GET", "/stocks?sector=technology", http.StatusBadRequest, "", "text/html; charset=utf-8", "Unknown sector &#34;technology&#34;"},
		{"GET", "/stocks?page=0", http.StatusBadRequest, "", "text/html; charset=utf-8", "not a page number"},
		{"GET", "/stocks?page=-1", http.StatusBadRequest, "", "", "not a page number"},
		{"GET", "/stocks?page=two", http.StatusBadRequest, "", "", "not a page number"},
		{"GET", "/stocks?page=99999999999999999999", http.StatusBadRequest, "", "", "not a page number"},
		{"GET", "/stocks?sort=price", http.StatusBadRequest, "", "", "Cannot sort by &#34;price&#34;"},
		{"GET", "/stocks?dir=up", http.StatusBadRequest, "", "", "Unknown sort direction"},
		{"GET", "/stocks?q=" + strings.Repeat("a", 101), http.StatusBadRequest, "", "", "use at most 100"},
		{"GET", "/stocks?page=4", http.StatusNotFound, "", "", "Page not found"},
		{"GET", "/stocks?page=3", http.StatusOK, "", "", "Showing 101–115 of 115"},
		{"GET", "/stocks?q=zzzz", http.StatusOK, "", "", "No securities match for “zzzz”"},
		{"GET", "/nowhere", http.StatusNotFound, "", "text/html; charset=utf-8", "Page not found"},
		{"GET", "/static/app.css", http.StatusNotFound, "", "text/html; charset=utf-8", ""},
		{"GET", "/healthz", http.StatusOK, "", "text/plain; charset=utf-8", "ok"},
		{"POST", "/stocks", http.StatusMethodNotAllowed, "", "", ""},
		{"DELETE", "/stocks/AMZN", http.StatusMethodNotAllowed, "", "", ""},
		{"POST", "/", http.StatusMethodNotAllowed, "", "", ""},
		{"PUT", "/healthz", http.StatusMethodNotAllowed, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			w := b.do(tt.method, tt.target)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d; body:\n%s", w.Code, tt.status, w.Body)
			}
			if got := w.Header().Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if got := w.Header().Get("Content-Type"); tt.contentType != "" && got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			if !strings.Contains(w.Body.String(), tt.body) {
				t.Errorf("body does not contain %q:\n%s", tt.body, w.Body)
			}
			if strings.Contains(w.Body.String(), "<script") {
				t.Errorf("body contains a script element")
			}
		})
	}
}

func TestMethodNotAllowedAllow(t *testing.T) {
	t.Parallel()
	w := setup(t).do(http.MethodPost, "/stocks/AMZN")
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("status = %d, want 405", w.Code)
	}
	if got := w.Header().Get("Allow"); !strings.Contains(got, "GET") {
		t.Errorf("Allow = %q, want it to list GET", got)
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target string
		status int
		cache  string
		etag   bool
	}{
		{"/stocks/AMZN", http.StatusOK, cachePage, true},
		{"/stocks", http.StatusOK, cachePage, true},
		{"/stocks/NOPE", http.StatusNotFound, cacheNone, false},
		{"/stocks?page=x", http.StatusBadRequest, cacheNone, false},
		{"/nowhere", http.StatusNotFound, cacheNone, false},
		{"/healthz", http.StatusOK, cacheNone, false},
		{"/stocks/amzn", http.StatusMovedPermanently, cachePage, false},
		{"/", http.StatusOK, cachePage, true},
		{"/news/" + amazonSlug, http.StatusOK, cachePage, true},
		{"/news/" + heldSlug, http.StatusNotFound, cacheNone, false},
		{"/alpha-score", http.StatusOK, cachePage, true},
		{"/corrections", http.StatusOK, cacheNone, false},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			w := setup(t).get(tt.target)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d", w.Code, tt.status)
			}
			h := w.Header()
			for name, want := range map[string]string{
				"Content-Security-Policy": contentSecurityPolicy,
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "strict-origin-when-cross-origin",
				"Cache-Control":           tt.cache,
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if got := h.Get("ETag"); (got != "") != tt.etag {
				t.Errorf("ETag = %q, want present %v", got, tt.etag)
			}
			if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("CSP %q does not restrict to self", h.Get("Content-Security-Policy"))
			}
		})
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	b := setup(t)
	page := b.get("/stocks/AMZN").Body.String()
	m := regexp.MustCompile(`href="(/static/app\.([0-9a-f]+)\.css)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("page links no fingerprinted stylesheet")
	}
	if len(m[2]) != fingerprintLen {
		t.Errorf("fingerprint %q has %d digits, want %d", m[2], len(m[2]), fingerprintLen)
	}
	w := b.get(m[1])
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", m[1], w.Code)
	}
	if got, want := w.Header().Get("Cache-Control"), cacheImmutable; got != want {
		t.Errorf("Cache-Control = %q, want %q", got, want)
	}
	if got, want := w.Header().Get("Content-Type"), "text/css; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	if !strings.Contains(w.Body.String(), ":root") {
		t.Errorf("stylesheet body looks wrong: %.80s", w.Body)
	}
	if w := b.get(strings.Replace(m[1], m[2], "0000000000", 1)); w.Code != http.StatusNotFound {
		t.Errorf("stale fingerprint: status %d, want 404", w.Code)
	}
	if w := b.do(http.MethodHead, m[1]); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD %s: status %d, body %d bytes; want 200 and no body", m[1], w.Code, w.Body.Len())
	}
}

func TestConditionalGet(t *testing.T) {
	t.Parallel()
	for _, target := range []string{"/stocks/AMZN", "/stocks?sector=financials&sort=close"} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			first := b.get(target)
			tag := first.Header().Get("ETag")
			if first.Code != http.StatusOK || tag == "" {
				t.Fatalf("first GET: status %d, ETag %q", first.Code, tag)
			}
			for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, `"a",` + tag + `,"b"`} {
				w := b.get(target, "If-None-Match", inm)
				if w.Code != http.StatusNotModified {
					t.Errorf("If-None-Match %s: status %d, want 304", inm, w.Code)
				}
				if w.Body.Len() != 0 {
					t.Errorf("304 has a %d-byte body", w.Body.Len())
				}
				if got := w.Header().Get("ETag"); got != tag {
					t.Errorf("304 ETag = %q, want %q", got, tag)
				}
				if got := w.Header().Get("Cache-Control"); got != cachePage {
					t.Errorf("304 Cache-Control = %q, want %q", got, cachePage)
				}
			}
			for _, inm := range []string{`"stale"`, "*", tag[:len(tag)-2] + `"`} {
				if w := b.get(target, "If-None-Match", inm); w.Code != http.StatusOK {
					t.Errorf("If-None-Match %s: status %d, want 200", inm, w.Code)
				}
			}
			// Same URL, new data: a new ETag.
			b.store.version++
			w := b.get(target, "If-None-Match", tag)
			if w.Code != http.StatusOK || w.Header().Get("ETag") == tag {
				t.Errorf("after a data change: status %d, ETag %q; want 200 and a new ETag", w.Code, w.Header().Get("ETag"))
			}
		})
	}
}

func TestETagVaries(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tags := map[string]string{}
	for _, target := range []string{"/stocks/AMZN", "/stocks/AMZN?range=5y", "/stocks/AAPL", "/stocks"} {
		tag := b.get(target).Header().Get("ETag")
		if prev, dup := tags[tag]; dup {
			t.Errorf("%s and %s share ETag %s", prev, target, tag)
		}
		tags[tag] = target
	}
	other, err := New(b.store, nil, Options{Now: func() time.Time { return testNow }, BuildID: "other"})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	other.ServeHTTP(w, httptest.NewRequest("GET", "/stocks/AMZN", nil))
	if _, dup := tags[w.Header().Get("ETag")]; dup {
		t.Errorf("another build gives the same ETag")
	}
}

func TestStoreErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	boom := errors.New("database is locked")
	b.store.DataVersionFunc = func(context.Context) (int64, error) { return 0, boom }

	if w := b.get("/healthz"); w.Code != http.StatusServiceUnavailable || w.Header().Get("Cache-Control") != cacheNone {
		t.Errorf("healthz: status %d, Cache-Control %q; want 503, no-store", w.Code, w.Header().Get("Cache-Control"))
	}
	w := b.get("/stocks/AMZN")
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("page: status %d, want 500", w.Code)
	}
	if got := w.Header().Get("Cache-Control"); got != cacheNone {
		t.Errorf("Cache-Control = %q, want %q", got, cacheNone)
	}
	if strings.Contains(w.Body.String(), boom.Error()) {
		t.Errorf("500 page leaks the error")
	}
	logs := b.logs.String()
	if !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, `error="database is locked"`) {
		t.Errorf("logs lack the error record:\n%s", logs)
	}
}

func TestListQuotesError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.store.QuotesFunc = func(context.Context, store.SecurityFilter) ([]store.Quote, error) {
		return nil, errors.New("disk I/O error")
	}
	if w := b.get("/stocks"); w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", w.Code)
	}
	if !strings.Contains(b.logs.String(), "disk I/O error") {
		t.Errorf("error not logged:\n%s", b.logs)
	}
}

// TestHandlerPanic: a panic while rendering is the site's own 500 page,
// not a dropped connection, with the security headers and the panic in the
// log.
func TestHandlerPanic(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.store.QuotesFunc = func(context.Context, store.SecurityFilter) ([]store.Quote, error) {
		panic("index out of range")
	}
	w := b.get("/stocks")
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "</html>") {
		t.Errorf("status %d, want the 500 page:\n%.300s", w.Code, w.Body.String())
	}
	if w.Header().Get("Content-Security-Policy") == "" || w.Header().Get("Cache-Control") != cacheNone {
		t.Errorf("headers %v: want the security headers and no-store", w.Header())
	}
	if !strings.Contains(b.logs.String(), "panic: index out of range") {
		t.Errorf("panic not logged:\n%s", b.logs)
	}
}

func TestLogsBadRequestAndNotFound(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.get("/stocks?sort=nope")
	b.get("/missing")
	logs := b.logs.String()
	for _, want := range []string{`msg="Bad request"`, "status=400", `msg="Not found"`, "path=/missing"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}

var rowSymbol = regexp.MustCompile(`<th scope="row"><a href="/stocks/([^"]+)">`)

// symbols lists the symbols of the rows of a stock list page, in order.
func symbols(body string) []string {
	var out []string
	for _, m := range rowSymbol.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestStockList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		query   string
		first   []string // the first rows
		count   int      // rows on the page
		contain []string
	}{
		{name: "default", query: "", first: []string{"AAPL", "AMZN", "BRK.B", "NOPX", "T000"}, count: 50},
		{name: "search by symbol prefix", query: "q=amz", first: []string{"AMZN"}, count: 1},
		{name: "search by name", query: "q=berkshire", first: []string{"BRK.B"}, count: 1},
		{name: "search by alias", query: "q=amazon.com", first: []string{"AMZN"}, count: 1},
		{name: "search is case-insensitive", query: "q=APPLE", first: []string{"AAPL"}, count: 1},
		{name: "sector", query: "sector=health-care", first: []string{"T005", "T016"}, count: 11,
			contain: []string{`<a href="/stocks?sector=health-care" aria-current="page">Health Care <span class="count">11</span>`}},
		{name: "search within sector", query: "q=demo&sector=health-care", first: []string{"XMPL"}, count: 1,
			contain: []string{`<a class="clear" href="/stocks?sector=health-care">Clear search</a>`, `<input type="hidden" name="sector" value="health-care">`}},
		{name: "facet counts follow the search", query: "q=t00", count: 10,
			contain: []string{`All sectors <span class="count">10</span>`, `Communication Services <span class="count">1</span>`}},
		{name: "symbol descending", query: "dir=desc", first: []string{"XMPL", "T109", "T108"}, count: 50},
		{name: "symbol descending last page", query: "dir=desc&page=3", first: []string{"T010", "T009"}, count: 15},
		{name: "name ascending", query: "sort=name", first: []string{"AMZN", "AAPL", "BRK.B", "XMPL", "NOPX", "T000"}, count: 50},
		{name: "close descending", query: "sort=close&dir=desc", first: []string{"BRK.B", "AAPL", "AMZN"}, count: 50},
		{name: "close ascending puts missing prices last", query: "sort=close&page=3", count: 15,
			contain: []string{"T109"}},
		{name: "change descending", query: "sort=change&dir=desc", first: []string{"BRK.B"}, count: 50},
		{name: "sector sort", query: "sort=sector", first: []string{"T000", "T011"}, count: 50},
		{name: "page two", query: "page=2", first: []string{"T046", "T047"}, count: 50,
			contain: []string{`rel="prev" href="/stocks"`, `rel="next" href="/stocks?page=3"`, "Page 2 of 3"}},
		{name: "sort links keep the filter", query: "q=t&sector=energy", count: 10,
			contain: []string{`href="/stocks?q=t&amp;sector=energy&amp;sort=close&amp;dir=desc"`, `href="/stocks?q=t&amp;sector=energy&amp;dir=desc"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := setup(t).get("/stocks?" + tt.query)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d, want 200:\n%s", w.Code, w.Body)
			}
			body := w.Body.String()
			got := symbols(body)
			if len(got) != tt.count {
				t.Errorf("%d rows, want %d: %v", len(got), tt.count, got)
			}
			if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("rows start %v, want %v", got[:min(len(got), len(tt.first)+2)], tt.first)
			}
			for _, s := range tt.contain {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
		})
	}
}

func TestStockListCloseAscending(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var all []string
	for page := 1; page <= 3; page++ {
		all = append(all, symbols(b.get("/stocks?sort=close&page="+strconv.Itoa(page)).Body.String())...)
	}
	if len(all) != 115 {
		t.Fatalf("%d rows over three pages, want 115", len(all))
	}
	// 12 securities have no price, NOPX and every tenth generated one;
	// they come last, by symbol.
	want := []string{"NOPX", "T009", "T019", "T029", "T039", "T049", "T059", "T069", "T079", "T089", "T099", "T109"}
	if tail := all[len(all)-len(want):]; !slices.Equal(tail, want) {
		t.Errorf("list ends %v, want %v", tail, want)
	}
	if all[0] != "T000" {
		t.Errorf("cheapest first = %s, want T000", all[0])
	}
}

func TestStockShow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target  string
		contain []string
		absent  []string
	}{
		{"/stocks/AMZN", []string{
			"Amazon.com, Inc. · NASDAQ · Consumer Discretionary · Broadline Retail",
			`Close · <time datetime="2026-11-20T16:00:00-05:00">Fri Nov 20, 2026 4:00 PM ET</time>`,
			`<span class="chg up">`, "(&#43;0.58%)",
			`<svg viewBox="0 0 720 320" role="img" aria-label="AMZN daily closing price, 1 year"`,
			`<a href="/stocks/AMZN" title="1 year" aria-current="true">1Y</a>`,
			`<th scope="row">P/E</th><td class="num">38.3</td>`,
			"FY2025, filed Feb 6, 2026",
			"Prices: stooq · Fundamentals: sec-companyfacts",
			"not investment advice",
		}, []string{"Simulated demo data", "not current"}},
		{"/stocks/AMZN?range=1m", []string{`aria-current="true">1M</a>`, "(24 sessions)"}, nil},
		{"/stocks/AMZN?range=max", []string{"(1500 sessions)"}, nil},
		{"/stocks/NOPX", []string{"No prices on file for NOPX.", "No annual fundamentals on file."}, []string{"<svg"}},
		{"/stocks/BRK.B", []string{"548.13", "No annual fundamentals on file as of Nov 20, 2026."}, nil},
		{"/stocks/AAPL", []string{"No annual fundamentals on file as of Nov 20, 2026.", "Fundamentals: none on this page"}, []string{`<table class="figures">`}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			w := setup(t).get(tt.target)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			body := w.Body.String()
			for _, s := range tt.contain {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(body, s) {
					t.Errorf("body contains %q", s)
				}
			}
		})
	}
}

func TestStockShowStale(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s, err := New(b.store, nil, Options{Now: func() time.Time { return testNow.AddDate(0, 1, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/stocks/AMZN", nil))
	body := w.Body.String()
	if !strings.Contains(body, "Prices on this page are not current.") {
		t.Errorf("a month-old close is not flagged as stale")
	}
	// The chart still shows the year to the last session.
	if !strings.Contains(body, "Nov 20, 2025 to Nov 20, 2026 (262 sessions)") {
		t.Errorf("chart of an old history lacks the year to its last session")
	}
}

func TestStockShowPointInTimeFacts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// A fact filed after the last close must not be combined with it.
	late := annual("AMZN", "sec-companyfacts", market.EPSDiluted, 99, 2026)
	late.Filed = lastSession.AddDate(0, 0, 1)
	late.PeriodEnd = lastSession
	late.PeriodStart = lastSession.AddDate(-1, 0, 1)
	b.store.facts["AMZN"] = append(b.store.facts["AMZN"], late)
	body := b.get("/stocks/AMZN").Body.String()
	if strings.Contains(body, "$99.00") || !strings.Contains(body, "$7.17") {
		t.Errorf("page used a fact filed after the close")
	}
}

func TestDemoLabel(t *testing.T) {
	t.Parallel()
	const label = "Simulated demo data — not real prices or financials"
	tests := []struct {
		target string
		want   bool
	}{
		{"/stocks/XMPL", true},
		{"/stocks/XMPL?range=max", true},
		{"/stocks/AMZN", false},
		{"/stocks/NOPX", false},
		{"/stocks?sector=health-care", true},
		{"/stocks?q=demo", true},
		{"/stocks?sector=energy", false},
		{"/stocks", false}, // XMPL is on page 3
		{"/stocks?page=3", true},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			body := setup(t).get(tt.target).Body.String()
			if got := strings.Contains(body, label); got != tt.want {
				t.Errorf("demo label shown = %v, want %v", got, tt.want)
			}
		})
	}
	// The chart caption carries the label too.
	body := setup(t).get("/stocks/XMPL").Body.String()
	caption := body[strings.Index(body, "<figcaption>"):strings.Index(body, "</figcaption>")]
	if !strings.Contains(caption, label) {
		t.Errorf("chart caption lacks the demo label: %s", caption)
	}
}

func TestDemoFactsOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.store.facts["AAPL"] = amazonFacts("AAPL", demoSource) // real prices, simulated facts
	body := b.get("/stocks/AAPL").Body.String()
	if !strings.Contains(body, "Simulated demo data — not real prices or financials") {
		t.Errorf("demo facts with real prices: no demo label")
	}
}

func TestHead(t *testing.T) {
	t.Parallel()
	w := setup(t).do(http.MethodHead, "/stocks/AMZN")
	if w.Code != http.StatusOK || w.Body.Len() != 0 || w.Header().Get("ETag") == "" {
		t.Errorf("HEAD: status %d, body %d bytes, ETag %q; want 200, empty, an ETag", w.Code, w.Body.Len(), w.Header().Get("ETag"))
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct{ target, file string }{
		{"/stocks/AMZN", "stock_show_amzn.html"},
		{"/stocks", "stock_list.html"},
		{"/stocks/XMPL?range=6m", "stock_show_demo.html"},
		{"/news/" + amazonSlug, "article_show_amazon.html"},
		{"/", "home.html"},
		{"/alpha-score", "score_list.html"},
		{"/methodology", "methodology.html"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			w := setup(t).get(tt.target)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, w.Body.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got := w.Body.Bytes(); !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test -update after checking the change):\n%s", tt.target, path, firstDiff(string(got), string(want)))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + "\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(same lines)"
}

func FuzzParseListParams(f *testing.F) {
	for _, seed := range []string{
		"", "q=amazon", "sector=health-care&sort=close&dir=desc&page=2", "page=0", "page=-1",
		"sort=price", "dir=up", "q=%ff%fe", "sector=technology", "q=" + strings.Repeat("x", 101),
		"q=a&q=b&page=1&page=2", "q=+a++b+",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) { checkParamsRoundTrip(t, raw, parseListParams) })
}

// checkParamsRoundTrip holds a page's query parser to its contract on any
// query string raw: an error is a message for the reader (paramError), and
// a valid request's canonical URL parses back to the same parameters.
func checkParamsRoundTrip[P interface {
	comparable
	URL() string
}](t *testing.T, raw string, parse func(url.Values) (P, error)) {
	t.Helper()
	vals, _ := url.ParseQuery(raw)
	p, err := parse(vals)
	if err != nil {
		var pe paramError
		if !errors.As(err, &pe) || pe == "" {
			t.Fatalf("error %v is not a reader message", err)
		}
		return
	}
	u, err := url.Parse(p.URL())
	if err != nil {
		t.Fatalf("URL() = %q: %v", p.URL(), err)
	}
	back, err := parse(u.Query())
	if err != nil || back != p {
		t.Fatalf("round trip of %+v via %q gave %+v, %v", p, p.URL(), back, err)
	}
}

func FuzzParseRange(f *testing.F) {
	for _, seed := range []string{"", "1m", "6m", "1y", "5y", "max", "MAX", "2w", "\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseRange(s)
		if err != nil {
			return
		}
		if !slices.Contains(chartRanges, r) {
			t.Fatalf("parseRange(%q) = %q, not a known range", s, r)
		}
		if r.Label() == "" || r.Title() == "" {
			t.Fatalf("range %q has no label", r)
		}
	})
}

func FuzzStockShowPath(f *testing.F) {
	for _, seed := range []string{"AMZN", "brk-b", "%00bad", "..", "A%2FB", "^GSPC", "amzn?range=max", "x?range=%zz"} {
		f.Add(seed)
	}
	b := setup(f)
	f.Fuzz(func(t *testing.T, s string) {
		r, err := http.NewRequest(http.MethodGet, "http://example.test/stocks/"+s, nil)
		if err != nil {
			return
		}
		w := httptest.NewRecorder()
		b.server.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET /stocks/%s: status %d", s, w.Code)
		}
	})
}

// BenchmarkStockShow renders the page every time: the data version moves
// on each request, so the rendered-page cache never hits.
func BenchmarkStockShow(b *testing.B) {
	tb := setup(b)
	r := httptest.NewRequest(http.MethodGet, "/stocks/AMZN", nil)
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

func BenchmarkStockList(b *testing.B) {
	tb := setup(b)
	r := httptest.NewRequest(http.MethodGet, "/stocks?sort=change&dir=desc", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		tb.server.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
