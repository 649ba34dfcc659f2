package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// formSession loads the correction form and returns its cookie and token.
func formSession(t *testing.T, b *testBundle) (*http.Cookie, string) {
	t.Helper()
	w := b.get("/corrections?story=" + amazonSlug)
	if w.Code != http.StatusOK {
		t.Fatalf("form: status %d", w.Code)
	}
	if cc := w.Header().Get("Cache-Control"); cc != cacheNone {
		t.Errorf("form Cache-Control = %q, want %q", cc, cacheNone)
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != csrfCookie || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("form cookies %v, want one HttpOnly SameSite=Strict %s", cookies, csrfCookie)
	}
	body := w.Body.String()
	if !strings.Contains(body, "“Amazon AWS Backlog Hits $364B as Infrastructure Spending Accelerates”") {
		t.Errorf("form does not name the story")
	}
	_, rest, ok := strings.Cut(body, `name="csrf_token" value="`)
	if !ok {
		t.Fatal("form has no token")
	}
	token, _, _ := strings.Cut(rest, `"`)
	return cookies[0], token
}

func post(b *testBundle, form url.Values, cookie *http.Cookie, remote string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/corrections", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	if remote != "" {
		r.RemoteAddr = remote
	}
	w := httptest.NewRecorder()
	b.server.ServeHTTP(w, r)
	return w
}

func TestCorrectionReport(t *testing.T) {
	t.Parallel()
	good := func(token string) url.Values {
		return url.Values{"csrf_token": {token}, "story": {"https://desk.example/news/" + amazonSlug}, "text": {"The backlog was $346 billion, not $364 billion."}, "contact": {"reader@example.com"}}
	}
	tests := []struct {
		name    string
		mutate  func(v url.Values, c **http.Cookie)
		header  []string
		status  int
		message string
	}{
		{"valid", func(url.Values, **http.Cookie) {}, nil, http.StatusSeeOther, ""},
		{"no token", func(v url.Values, _ **http.Cookie) { v.Del("csrf_token") }, nil, http.StatusForbidden, "Form expired"},
		{"wrong token", func(v url.Values, _ **http.Cookie) { v.Set("csrf_token", "AAAA") }, nil, http.StatusForbidden, "Form expired"},
		{"no cookie", func(_ url.Values, c **http.Cookie) { *c = nil }, nil, http.StatusForbidden, "Form expired"},
		{"other cookie", func(_ url.Values, c **http.Cookie) {
			*c = &http.Cookie{Name: csrfCookie, Value: strings.Repeat("A", 43)}
		}, nil, http.StatusForbidden, "Form expired"},
		{"cross-site", func(url.Values, **http.Cookie) {}, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden, ""},
		{"short text", func(v url.Values, _ **http.Cookie) { v.Set("text", "wrong") }, nil, http.StatusUnprocessableEntity, "at least 10 characters (you wrote 5)"},
		{"long text", func(v url.Values, _ **http.Cookie) { v.Set("text", strings.Repeat("x", 5001)) }, nil, http.StatusUnprocessableEntity, "Keep the report to 5000 characters"},
		{"long contact", func(v url.Values, _ **http.Cookie) { v.Set("contact", strings.Repeat("x", 255)) }, nil, http.StatusUnprocessableEntity, "Keep the contact to 254"},
		{"no story", func(v url.Values, _ **http.Cookie) { v.Set("story", "") }, nil, http.StatusUnprocessableEntity, "Name the story"},
		{"held story", func(v url.Values, _ **http.Cookie) { v.Set("story", heldSlug) }, nil, http.StatusUnprocessableEntity, "no published story"},
		{"unknown story", func(v url.Values, _ **http.Cookie) { v.Set("story", "nope") }, nil, http.StatusUnprocessableEntity, "no published story"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			cookie, token := formSession(t, b)
			form := good(token)
			tt.mutate(form, &cookie)
			w := post(b, form, cookie, "", tt.header...)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d:\n%s", w.Code, tt.status, w.Body)
			}
			if !strings.Contains(w.Body.String(), tt.message) {
				t.Errorf("body lacks %q", tt.message)
			}
			wantReports := 0
			if tt.status == http.StatusSeeOther {
				wantReports = 1
				if loc := w.Header().Get("Location"); loc != "/corrections/thanks?story="+amazonSlug {
					t.Errorf("Location = %q", loc)
				}
				thanks := b.get(w.Header().Get("Location"))
				if thanks.Code != 200 || !strings.Contains(thanks.Body.String(), "Your report has reached the editors for “Amazon AWS Backlog") {
					t.Errorf("thank-you page: %d\n%s", thanks.Code, thanks.Body)
				}
			}
			if len(b.news.reports) != wantReports {
				t.Fatalf("%d reports stored, want %d", len(b.news.reports), wantReports)
			}
			if wantReports == 1 {
				got := b.news.reports[0]
				if got.Slug != amazonSlug || got.Contact != "reader@example.com" || !strings.Contains(got.Text, "$346 billion") {
					t.Errorf("stored report %+v", got)
				}
			}
			if tt.status == http.StatusUnprocessableEntity && !strings.Contains(w.Body.String(), `name="csrf_token"`) {
				t.Errorf("the form is not shown again with its errors")
			}
		})
	}
}

func TestCorrectionRateLimit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	now := testNow
	s, err := New(b.store, nil, Options{Now: func() time.Time { return now }, Newsroom: b.news, CorrectionLimit: 2, CorrectionEvery: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	b.server = s
	cookie, token := formSession(t, b)
	send := func(remote string) int {
		form := url.Values{"csrf_token": {token}, "story": {amazonSlug}, "text": {"Report number " + remote + now.String()}}
		return post(b, form, cookie, remote).Code
	}
	for i, want := range []int{303, 303, 429} {
		if got := send("192.0.2.1:1000"); got != want {
			t.Errorf("request %d from one address: %d, want %d", i+1, got, want)
		}
	}
	if got := send("192.0.2.2:1000"); got != 303 {
		t.Errorf("another address: %d, want 303", got)
	}
	now = now.Add(time.Minute)
	if got := send("192.0.2.1:2000"); got != 303 {
		t.Errorf("after a minute: %d, want 303", got)
	}
	if got := send("192.0.2.1:2000"); got != 429 {
		t.Errorf("second after a minute: %d, want 429", got)
	}
}

func TestRateLimiter(t *testing.T) {
	t.Parallel()
	l := newRateLimiter(1, time.Second)
	t0 := testNow
	if ok, _ := l.allow("a", t0); !ok {
		t.Fatal("first request refused")
	}
	if ok, wait := l.allow("a", t0.Add(500*time.Millisecond)); ok || wait != 500*time.Millisecond {
		t.Errorf("second request: ok=%v wait=%v, want refused, 500ms", ok, wait)
	}
	for i := range maxBuckets + 5 {
		l.allow(string(rune('A'+i%26))+strings.Repeat("x", i), t0)
	}
	if len(l.buckets) > maxBuckets {
		t.Errorf("%d buckets, want at most %d", len(l.buckets), maxBuckets)
	}
}

func TestStorySlug(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"abc":                                "abc",
		" /news/abc/ ":                       "abc",
		"https://x.example/news/abc?utm=1#c": "abc",
		"":                                   "",
	} {
		if got := storySlug(in); got != want {
			t.Errorf("storySlug(%q) = %q, want %q", in, got, want)
		}
	}
}
