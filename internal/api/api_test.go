package api

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// setup returns the API over the fixture and the fakes behind it.
func setup(t testing.TB) (*Server, *fakeStore, *fakeNews) {
	t.Helper()
	st, news := fixture()
	s, err := New(Deps{Store: st, Newsroom: news}, nil, Options{Now: func() time.Time { return fixedNow }, BaseURL: "https://desk.example"})
	if err != nil {
		t.Fatal(err)
	}
	return s, st, news
}

func do(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// apiError decodes an error body, failing the test if it is not one.
func apiError(t *testing.T, rec *httptest.ResponseRecorder) errorDetail {
	t.Helper()
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" || body.Error.Message == "" {
		t.Fatalf("body %q is not an API error (%v)", rec.Body.String(), err)
	}
	return body.Error
}

func TestNewNeedsDeps(t *testing.T) {
	if _, err := New(Deps{}, nil, Options{}); err == nil {
		t.Error("New with no deps: got nil error, want one")
	}
}

func TestStatusAndHeaders(t *testing.T) {
	s, _, _ := setup(t)
	tests := []struct {
		name, method, target string
		wantStatus           int
		wantType             string // "" for none
		wantCode             string // error code, for errors
		wantParam            string // parameter named by a 400
	}{
		{"stories", "GET", "/api/v1/stories", 200, contentJSON, "", ""},
		{"stories head", "HEAD", "/api/v1/stories", 200, contentJSON, "", ""},
		{"stories filtered", "GET", "/api/v1/stories?category=earnings&symbol=aapl&sector=Information+Technology&sentiment=POSITIVE&limit=5", 200, contentJSON, "", ""},
		{"story", "GET", "/api/v1/stories/apple-sales-rise-a1b2c3", 200, contentJSON, "", ""},
		{"story missing", "GET", "/api/v1/stories/nope", 404, contentJSON, codeNotFound, ""},
		{"story held is hidden", "GET", "/api/v1/stories/held-story-555555", 404, contentJSON, codeNotFound, ""},
		{"story rejected is hidden", "GET", "/api/v1/stories/rejected-story-666666", 404, contentJSON, codeNotFound, ""},
		{"stock", "GET", "/api/v1/stocks/AAPL", 200, contentJSON, "", ""},
		{"stock lower case", "GET", "/api/v1/stocks/aapl", 200, contentJSON, "", ""},
		{"stock class", "GET", "/api/v1/stocks/BRK.B", 200, contentJSON, "", ""},
		{"stock unknown", "GET", "/api/v1/stocks/ZZZZ", 404, contentJSON, codeNotFound, ""},
		{"stock not a symbol", "GET", "/api/v1/stocks/%3Cscript%3E", 404, contentJSON, codeNotFound, ""},
		{"scores", "GET", "/api/v1/scores", 200, contentJSON, "", ""},
		{"scores as_of", "GET", "/api/v1/scores?as_of=2026-11-18", 200, contentJSON, "", ""},
		{"scores filtered", "GET", "/api/v1/scores?sector=financials&band=moderate&limit=1", 200, contentJSON, "", ""},
		{"feed", "GET", "/feed.atom", 200, contentAtom, "", ""},
		{"symbol feed", "GET", "/feeds/AAPL.atom", 200, contentAtom, "", ""},
		{"symbol feed unknown", "GET", "/feeds/ZZZZ.atom", 404, contentJSON, codeNotFound, ""},
		{"symbol feed not atom", "GET", "/feeds/AAPL.rss", 404, contentJSON, codeNotFound, ""},
		{"symbol feed lower case", "GET", "/feeds/aapl.atom", 301, "", "", ""},
		{"unknown endpoint", "GET", "/api/v1/nothing", 404, contentJSON, codeNotFound, ""},
		{"post", "POST", "/api/v1/stories", 405, contentJSON, codeMethodNotAllowed, ""},
		{"delete story", "DELETE", "/api/v1/stories/apple-sales-rise-a1b2c3", 405, contentJSON, codeMethodNotAllowed, ""},
		{"put feed", "PUT", "/feed.atom", 405, contentJSON, codeMethodNotAllowed, ""},
		{"preflight", "OPTIONS", "/api/v1/stocks/AAPL", 204, "", "", ""},
		{"bad category", "GET", "/api/v1/stories?category=gossip", 400, contentJSON, codeBadRequest, "category"},
		{"bad sector", "GET", "/api/v1/stories?sector=Tech+Bros", 400, contentJSON, codeBadRequest, "sector"},
		{"bad sentiment", "GET", "/api/v1/stories?sentiment=angry", 400, contentJSON, codeBadRequest, "sentiment"},
		{"bad symbol", "GET", "/api/v1/stories?symbol=%3Cb%3E", 400, contentJSON, codeBadRequest, "symbol"},
		{"bad cursor", "GET", "/api/v1/stories?cursor=xyz", 400, contentJSON, codeBadRequest, "cursor"},
		{"limit zero", "GET", "/api/v1/stories?limit=0", 400, contentJSON, codeBadRequest, "limit"},
		{"limit too big", "GET", "/api/v1/stories?limit=101", 400, contentJSON, codeBadRequest, "limit"},
		{"limit not a number", "GET", "/api/v1/stories?limit=ten", 400, contentJSON, codeBadRequest, "limit"},
		{"repeated parameter", "GET", "/api/v1/stories?category=Macro&category=Stocks", 400, contentJSON, codeBadRequest, "category"},
		{"unknown parameter", "GET", "/api/v1/stories?catgory=Macro", 400, contentJSON, codeBadRequest, "catgory"},
		{"status is not a parameter", "GET", "/api/v1/stories?status=held", 400, contentJSON, codeBadRequest, "status"},
		{"bad as_of", "GET", "/api/v1/scores?as_of=20-11-2026", 400, contentJSON, codeBadRequest, "as_of"},
		{"bad band", "GET", "/api/v1/scores?band=great", 400, contentJSON, codeBadRequest, "band"},
		{"bad score cursor", "GET", "/api/v1/scores?cursor=" + scoreCursor(day2, 0), 400, contentJSON, codeBadRequest, "cursor"},
		{"score cursor of another date", "GET", "/api/v1/scores?as_of=2026-11-18&cursor=" + scoreCursor(day2, 2), 400, contentJSON, codeBadRequest, "cursor"},
		{"feed parameter", "GET", "/feed.atom?x=1", 400, contentJSON, codeBadRequest, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, tt.method, tt.target)
			if rec.Code != tt.wantStatus {
				t.Fatalf("%s %s: status %d, want %d; body %s", tt.method, tt.target, rec.Code, tt.wantStatus, rec.Body)
			}
			h := rec.Header()
			if got := h.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if got := h.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin %q, want *", got)
			}
			if got := h.Get("Content-Security-Policy"); got != contentSecurityPolicy {
				t.Errorf("Content-Security-Policy %q, want %q", got, contentSecurityPolicy)
			}
			switch {
			case tt.wantStatus == 200:
				if got := h.Get("Cache-Control"); got != "public, max-age=60" {
					t.Errorf("Cache-Control %q, want public, max-age=60", got)
				}
				if h.Get("ETag") == "" {
					t.Error("no ETag on a 200")
				}
			case tt.wantCode != "":
				e := apiError(t, rec)
				if e.Code != tt.wantCode || e.Param != tt.wantParam {
					t.Errorf("error code %q param %q, want %q %q", e.Code, e.Param, tt.wantCode, tt.wantParam)
				}
				if tt.wantParam != "" && !strings.Contains(e.Message, tt.wantParam) {
					t.Errorf("message %q does not name the parameter %q", e.Message, tt.wantParam)
				}
				if h.Get("ETag") != "" || h.Get("Cache-Control") != "no-store" {
					t.Errorf("error cached: ETag %q, Cache-Control %q; want none and no-store", h.Get("ETag"), h.Get("Cache-Control"))
				}
			}
			if tt.wantStatus == 405 || tt.wantStatus == 204 {
				if got := h.Get("Allow"); got != allowedMethods {
					t.Errorf("Allow %q, want %q", got, allowedMethods)
				}
			}
		})
	}
}

func TestETag(t *testing.T) {
	s, st, _ := setup(t)
	for _, target := range []string{"/api/v1/stories", "/api/v1/stocks/AAPL", "/api/v1/scores", "/feed.atom", "/feeds/AAPL.atom"} {
		t.Run(target, func(t *testing.T) {
			first := do(s, "GET", target)
			tag := first.Header().Get("ETag")
			if first.Code != 200 || tag == "" {
				t.Fatalf("first GET: %d with ETag %q", first.Code, tag)
			}
			for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag} {
				rec := do(s, "GET", target, "If-None-Match", inm)
				if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != tag {
					t.Errorf("If-None-Match %s: %d, body %d bytes, ETag %q; want 304, empty, %s", inm, rec.Code, rec.Body.Len(), rec.Header().Get("ETag"), tag)
				}
			}
			if rec := do(s, "GET", target, "If-None-Match", `"stale"`); rec.Code != 200 {
				t.Errorf("stale If-None-Match: %d, want 200", rec.Code)
			}
			st.version.Add(1)
			defer st.version.Add(-1)
			rec := do(s, "GET", target, "If-None-Match", tag)
			if rec.Code != 200 || rec.Header().Get("ETag") == tag {
				t.Errorf("after a data change: %d with ETag %q; want 200 with a new ETag", rec.Code, rec.Header().Get("ETag"))
			}
		})
	}
	a, b := do(s, "GET", "/api/v1/stories?limit=1"), do(s, "GET", "/api/v1/stories?limit=2")
	if a.Header().Get("ETag") == b.Header().Get("ETag") {
		t.Error("two URLs share an ETag")
	}
}

func TestServerError(t *testing.T) {
	s, st, _ := setup(t)
	st.versionErr = os.ErrClosed
	rec := do(s, "GET", "/api/v1/stories")
	if rec.Code != 500 {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if e := apiError(t, rec); e.Code != codeInternal || strings.Contains(e.Message, "closed") {
		t.Errorf("error %+v: want code internal without the cause", e)
	}
}

// publishedSlugs lists the fixture's published stories in listing order
// (newest first, ties by higher ID) that keep selects.
func publishedSlugs(news *fakeNews, keep func(newsroom.Detail) bool) []string {
	ds := slices.Clone(news.stories)
	slices.SortFunc(ds, func(a, b newsroom.Detail) int {
		if c := b.StatusAt.Compare(a.StatusAt); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	var out []string
	for _, d := range ds {
		if d.Status == newsroom.StatusPublished && keep(d) {
			out = append(out, d.Slug)
		}
	}
	return out
}

func TestStoriesCursorRoundTrip(t *testing.T) {
	s, _, news := setup(t)
	all := func(newsroom.Detail) bool { return true }
	tests := []struct {
		name  string
		query string
		keep  func(newsroom.Detail) bool
	}{
		{"all", "", all},
		{"symbol", "symbol=AAPL", func(d newsroom.Detail) bool {
			return slices.ContainsFunc(d.Tags, func(t newsroom.Tag) bool { return t.Symbol == "AAPL" })
		}},
		{"category", "category=Stocks", func(d newsroom.Detail) bool { return d.Category == newsroom.CategoryStocks }},
		{"sentiment", "sentiment=neutral", func(d newsroom.Detail) bool { return d.Sentiment.Label == "neutral" }},
	}
	for _, tt := range tests {
		for _, limit := range []string{"1", "2", "3", "100"} {
			t.Run(tt.name+"/limit="+limit, func(t *testing.T) {
				want := publishedSlugs(news, tt.keep)
				var got []string
				target := "/api/v1/stories?" + strings.TrimPrefix(tt.query+"&limit="+limit, "&")
				for pages := 0; target != ""; pages++ {
					if pages > 20 {
						t.Fatal("more than 20 pages: the cursor does not advance")
					}
					rec := do(s, "GET", target)
					if rec.Code != 200 {
						t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
					}
					var page storyList
					if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
						t.Fatal(err)
					}
					for _, st := range page.Stories {
						got = append(got, st.Slug)
					}
					target = ""
					if page.Next != nil {
						u, err := url.Parse(*page.NextURL)
						if err != nil || u.Query().Get("cursor") != *page.Next {
							t.Fatalf("next_url %q does not carry next %q", *page.NextURL, *page.Next)
						}
						target = u.RequestURI()
					} else if page.NextURL != nil {
						t.Errorf("next_url %q without next", *page.NextURL)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages gave %q, want every story once, in order: %q", got, want)
				}
			})
		}
	}
}

func TestScoresCursorRoundTrip(t *testing.T) {
	s, _, _ := setup(t)
	var got []string
	target := "/api/v1/scores?limit=1"
	for pages := 0; target != ""; pages++ {
		if pages > 10 {
			t.Fatal("the cursor does not advance")
		}
		rec := do(s, "GET", target)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
		var page scoreList
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
			t.Fatal(err)
		}
		if page.Total != 4 || page.AsOf == nil || *page.AsOf != "2026-11-19" {
			t.Errorf("page total %d as of %v, want 4 on 2026-11-19", page.Total, page.AsOf)
		}
		for _, e := range page.Scores {
			got = append(got, e.Symbol)
		}
		target = ""
		if page.NextURL != nil {
			u, _ := url.Parse(*page.NextURL)
			target = u.RequestURI()
		}
	}
	// Best first, a tie by symbol, the unscored last.
	if want := []string{"AMZN", "AAPL", "BRK.B", "XOM"}; !slices.Equal(got, want) {
		t.Errorf("ranking %q, want %q", got, want)
	}
}

func TestScoresFilters(t *testing.T) {
	s, _, _ := setup(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"as_of=2026-11-18", []string{"AAPL"}},
		{"as_of=2020-01-01", []string{}},
		{"band=Moderate", []string{"AAPL", "BRK.B"}},
		{"band=unscored", []string{"XOM"}},
		{"sector=Energy", []string{"XOM"}},
		{"sector=Financials&band=excellent", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			rec := do(s, "GET", "/api/v1/scores?"+tt.query)
			var page scoreList
			if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || rec.Code != 200 {
				t.Fatalf("%d %s (%v)", rec.Code, rec.Body, err)
			}
			got := []string{}
			for _, e := range page.Scores {
				got = append(got, e.Symbol)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStoryDetailHidesPrivateFields(t *testing.T) {
	s, _, _ := setup(t)
	body := do(s, "GET", "/api/v1/stories/apple-files-444444").Body.String()
	for _, private := range []string{"reader@example.com", "Private source text", "not an error", "key-apple"} {
		if strings.Contains(body, private) {
			t.Errorf("story JSON leaks %q", private)
		}
	}
	if !strings.Contains(body, "An earlier version gave the wrong fiscal year.") {
		t.Error("story JSON lacks its resolved correction note")
	}
}

// TestGolden compares whole responses with testdata/*.golden.
func TestGolden(t *testing.T) {
	s, _, _ := setup(t)
	tests := []struct{ name, target string }{
		{"stories.json", "/api/v1/stories?limit=3"},
		{"story.json", "/api/v1/stories/apple-files-444444"},
		{"stock.json", "/api/v1/stocks/AAPL"},
		{"stock_no_prices.json", "/api/v1/stocks/XOM"},
		{"scores.json", "/api/v1/scores?limit=3"},
		{"error_400.json", "/api/v1/stories?limit=0"},
		{"feed.atom", "/feed.atom"},
		{"feed_aapl.atom", "/feeds/AAPL.atom"},
		{"feed_brkb.atom", "/feeds/BRK.B.atom?"},
		{"feed_empty.atom", "/feeds/MSFT.atom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := do(s, "GET", tt.target).Body.Bytes()
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("GET %s differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", tt.target, path, got, want)
			}
		})
	}
}

func TestResponseCache(t *testing.T) {
	s, st, news := setup(t)
	first := do(s, "GET", "/api/v1/stories?limit=1")
	calls := news.calls.Load()
	again := do(s, "GET", "/api/v1/stories?limit=1")
	if news.calls.Load() != calls {
		t.Error("the same URL with the same data went to the newsroom again; want the cached body")
	}
	if again.Body.String() != first.Body.String() || again.Header().Get("ETag") != first.Header().Get("ETag") ||
		again.Header().Get("Content-Type") != contentJSON || again.Header().Get("Cache-Control") != cacheOK {
		t.Errorf("cached response differs:\n%s\n%v\nwant\n%s\n%v", again.Body, again.Header(), first.Body, first.Header())
	}
	// A data change is a new ETag: the new headline is served at once.
	news.stories[6].Versions[0].Headline = "Apple files its annual report"
	st.version.Add(1)
	if got := do(s, "GET", "/api/v1/stories?limit=1").Body.String(); !strings.Contains(got, "Apple files its annual report") {
		t.Errorf("after a data change the API served %s; want the new headline", got)
	}

	// CacheBytes < 0 turns the cache off.
	st2, news2 := fixture()
	off, err := New(Deps{Store: st2, Newsroom: news2}, nil, Options{Now: func() time.Time { return fixedNow }, CacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	do(off, "GET", "/feed.atom")
	calls = news2.calls.Load()
	do(off, "GET", "/feed.atom")
	if news2.calls.Load() == calls {
		t.Error("with the cache off a repeated request did not reach the newsroom")
	}
}

func TestRespCacheOff(t *testing.T) {
	if newRespCache(-1) != nil {
		t.Error("newRespCache(-1) is not off")
	}
	if newRespCache(0) == nil {
		t.Error("newRespCache(0) is off, want the default bound")
	}
}
