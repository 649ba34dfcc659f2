package api

import (
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzQuery feeds arbitrary query strings and path segments to every
// endpoint: nothing may panic or answer 5xx, and every 400 names a
// parameter.
func FuzzQuery(f *testing.F) {
	seeds := []string{
		"", "limit=1", "limit=100", "limit=-1", "limit=1e3", "limit=%00", "category=earnings&symbol=aapl",
		"sector=Information%20Technology", "sector=tech", "sentiment=positive", "cursor=MTc2MzU2MDAwMDAwMDAwMC4z",
		"cursor=" + scoreCursor(day2, 2), "cursor=%%%", "as_of=2026-11-19", "as_of=2026-02-30", "band=strong&sector=energy",
		"a=1&a=2", "symbol=BRK-B", "symbol=" + string(make([]byte, 300)), "%zz", ";;;", "limit=1;limit=2",
	}
	for _, s := range seeds {
		f.Add(s, "AAPL")
	}
	f.Add("", "brk.b")
	f.Add("x=%ff", "%2e%2e")
	s, _, _ := setup(f)
	f.Fuzz(func(t *testing.T, rawQuery, segment string) {
		// The parsers alone.
		q, _ := url.ParseQuery(rawQuery)
		if _, perr := parseStoryQuery(q); perr != nil && perr.Param == "" {
			t.Errorf("story query %q: error %q names no parameter", rawQuery, perr)
		}
		if _, perr := parseScoreQuery(q); perr != nil && perr.Param == "" {
			t.Errorf("score query %q: error %q names no parameter", rawQuery, perr)
		}
		seg := url.PathEscape(segment)
		for _, path := range []string{"/api/v1/stories", "/api/v1/scores", "/api/v1/stories/" + seg,
			"/api/v1/stocks/" + seg, "/feeds/" + seg + ".atom", "/feed.atom"} {
			u := &url.URL{Path: path, RawQuery: rawQuery}
			req := httptest.NewRequest("GET", "/", nil)
			req.URL = u
			req.RequestURI = u.RequestURI()
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Errorf("GET %s: %d %s", u, rec.Code, rec.Body)
			}
			if rec.Code == 400 {
				if e := apiError(t, rec); e.Param == "" {
					t.Errorf("GET %s: 400 %q names no parameter", u, e.Message)
				}
			}
		}
	})
}
