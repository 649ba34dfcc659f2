package admin

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/admin/account"
	"alphadesk/internal/ingest"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/newsroomtest"
	"alphadesk/internal/store/sqlite"
)

// cheap are argon2id parameters that keep tests fast; production uses
// account.DefaultParams.
var cheap = account.Params{Memory: 64, Time: 1, Threads: 1}

const (
	testUser     = "jdoe"
	testPassword = "correct horse battery staple"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a console over a real SQLite database with one editor and
// one held story.
type fixture struct {
	t       *testing.T
	srv     *httptest.Server
	svc     *newsroom.Service
	db      *sqlite.DB
	clock   *clock
	console *Console
	held    string // slug of the held story
}

func setup(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "desk.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 4, 30, 20, 0, 0, 0, time.UTC)}
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{Now: clk.Now})
	hash, err := account.Hash(testPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts().CreateUser(ctx, account.User{Name: testUser, PasswordHash: hash, Created: clk.Now(), PasswordChanged: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Newsroom: svc, Accounts: db.Accounts(), Now: clk.Now, PasswordParams: cheap,
		Checker: func(context.Context, newsroom.Detail) (newsroom.Checker, error) { return newsroomtest.Checker, nil }})
	if err != nil {
		t.Fatal(err)
	}
	d := newsroom.Draft{
		Headline:  "Amazon's AWS backlog grows",
		Dek:       "The cloud unit's order book expanded.",
		Body:      []string{"The backlog reached " + newsroomtest.HoldWord + " at the end of the quarter, Amazon said.", "Shares rose."},
		DraftedBy: "extractive",
	}
	check, err := newsroomtest.Checker(d)
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.SubmitDraft(ctx, newsroom.Submission{Key: "item:aws-backlog", Draft: d, Check: &check,
		Sources: []newsroom.Source{{ItemKey: "item:aws-backlog", Name: "Amazon", Kind: "statement", Text: "The backlog grew."}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Story.Status != newsroom.StatusHeld {
		t.Fatalf("fixture story is %s, want held", res.Story.Status)
	}
	mux := http.NewServeMux()
	mux.Handle("/admin/", c)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &fixture{t: t, srv: srv, svc: svc, db: db, clock: clk, console: c, held: res.Story.Slug}
}

// client is a browser: a cookie jar, redirects not followed.
func (f *fixture) client() *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (f *fixture) do(c *http.Client, method, path string, form url.Values) response {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, f.srv.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf returns the CSRF token of the first form in a page.
func (f *fixture) csrfOf(body string) string {
	f.t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		f.t.Fatalf("no csrf field in page:\n%s", body)
	}
	return m[1]
}

// login logs c in and returns the session's CSRF token.
func (f *fixture) login(c *http.Client, user, password string) (response, string) {
	f.t.Helper()
	page := f.do(c, "GET", "/admin/login", nil)
	if page.status != http.StatusOK {
		f.t.Fatalf("GET /admin/login = %d, want 200", page.status)
	}
	res := f.do(c, "POST", "/admin/login", url.Values{"csrf": {f.csrfOf(page.body)}, "user": {user}, "password": {password}, "next": {"/admin/"}})
	if res.status != http.StatusSeeOther {
		return res, ""
	}
	q := f.do(c, "GET", "/admin/", nil)
	if q.status != http.StatusOK {
		f.t.Fatalf("GET /admin/ after login = %d, want 200:\n%s", q.status, q.body)
	}
	return res, f.csrfOf(q.body)
}

func TestApproveFlow(t *testing.T) {
	f := setup(t)
	c := f.client()
	res, csrf := f.login(c, testUser, testPassword)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/admin/" {
		t.Fatalf("login = %d to %q, want 303 to /admin/", res.status, res.header.Get("Location"))
	}
	var sessionSet *http.Cookie
	for _, ck := range (&http.Response{Header: res.header}).Cookies() {
		if ck.Name == sessionCookie && ck.Value != "" {
			sessionSet = ck
		}
	}
	if sessionSet == nil || !sessionSet.HttpOnly || sessionSet.SameSite != http.SameSiteLaxMode || sessionSet.Path != "/admin/" {
		t.Errorf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/admin/", sessionSet)
	}
	q := f.do(c, "GET", "/admin/", nil)
	if !strings.Contains(q.body, "/admin/stories/"+f.held) {
		t.Fatalf("queue does not list the held story %s:\n%s", f.held, q.body)
	}
	st := f.do(c, "GET", "/admin/stories/"+f.held, nil)
	if st.status != http.StatusOK {
		t.Fatalf("story page = %d", st.status)
	}
	m := regexp.MustCompile(`<mark class="hold" title="finding (\d+)">` + newsroomtest.HoldWord + `</mark><sup class="ref">\[(\d+)\]</sup>`).FindStringSubmatch(st.body)
	if m == nil || m[1] != m[2] {
		t.Errorf("story page does not highlight the held word with its finding number:\n%s", st.body)
	} else if !strings.Contains(st.body, "<li><span class=\"sev hold\">hold</span> <strong>number.traced</strong>") {
		t.Errorf("story page does not list the finding")
	}
	ap := f.do(c, "POST", "/admin/stories/"+f.held+"/approve", url.Values{"csrf": {csrf}, "version": {"1"}})
	if ap.status != http.StatusSeeOther {
		t.Fatalf("approve = %d, want 303:\n%s", ap.status, ap.body)
	}
	d, err := f.svc.Story(context.Background(), f.held)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != newsroom.StatusPublished || d.LastReviewedBy != testUser {
		t.Errorf("after approve: status %s reviewed by %q, want published by %q", d.Status, d.LastReviewedBy, testUser)
	}
	last := d.Audit[len(d.Audit)-1]
	if last.Actor != testUser || last.Action != newsroom.ActionApproved {
		t.Errorf("last audit entry = %+v, want approved by %s", last, testUser)
	}
	if q := f.do(c, "GET", "/admin/", nil); strings.Contains(q.body, "/admin/stories/"+f.held) {
		t.Errorf("the approved story is still in the queue")
	}
	// Approving again: the story is no longer held.
	if again := f.do(c, "POST", "/admin/stories/"+f.held+"/approve", url.Values{"csrf": {csrf}}); again.status != http.StatusUnprocessableEntity {
		t.Errorf("approve a published story = %d, want 422", again.status)
	}
}

func TestRejectEditAndDiff(t *testing.T) {
	f := setup(t)
	c := f.client()
	_, csrf := f.login(c, testUser, testPassword)
	path := "/admin/stories/" + f.held

	// A stale version is refused with 409 and nothing changes.
	if res := f.do(c, "POST", path+"/reject", url.Values{"csrf": {csrf}, "version": {"7"}, "reason": {"no"}}); res.status != http.StatusConflict {
		t.Errorf("reject at a stale version = %d, want 409", res.status)
	}
	// A reject without a reason is refused with the form shown again.
	if res := f.do(c, "POST", path+"/reject", url.Values{"csrf": {csrf}, "version": {"1"}}); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "reason") {
		t.Errorf("reject without reason = %d, want 422 naming the reason", res.status)
	}
	// Edit: the held word is removed, the re-check passes, a new version.
	form := url.Values{"csrf": {csrf}, "version": {"1"}, "headline": {"Amazon's AWS backlog grows"},
		"dek":  {"The cloud unit's order book expanded."},
		"body": {"The backlog reached a record at the end of the quarter, Amazon said.\r\n\r\nShares rose."}, "reason": {"remove the untraced figure"}}
	if res := f.do(c, "POST", path+"/edit", form); res.status != http.StatusSeeOther {
		t.Fatalf("edit = %d, want 303:\n%s", res.status, res.body)
	}
	d, err := f.svc.Story(context.Background(), f.held)
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 2 || d.Current().Actor != testUser || len(d.Current().Body) != 2 {
		t.Errorf("after edit: version %d by %q with %d paragraphs, want 2 by %s with 2", d.Version, d.Current().Actor, len(d.Current().Body), testUser)
	}
	diff := f.do(c, "GET", path+"/diff?to=2", nil)
	if diff.status != http.StatusOK || !strings.Contains(diff.body, "<del>"+newsroomtest.HoldWord+"</del>") || !strings.Contains(diff.body, "<ins>a record</ins>") {
		t.Errorf("diff page = %d, want the removed and added words marked:\n%s", diff.status, diff.body)
	}
	for _, bad := range []string{"?to=9", "?to=x", "?from=abc"} {
		if res := f.do(c, "GET", path+"/diff"+bad, nil); res.status != http.StatusNotFound && res.status != http.StatusBadRequest {
			t.Errorf("diff%s = %d, want 404 or 400", bad, res.status)
		}
	}
	// An empty body is refused before the newsroom sees it.
	form.Set("body", " \n ")
	form.Set("version", "2")
	if res := f.do(c, "POST", path+"/edit", form); res.status != http.StatusUnprocessableEntity {
		t.Errorf("edit with an empty body = %d, want 422", res.status)
	}
	if res := f.do(c, "POST", path+"/reject", url.Values{"csrf": {csrf}, "version": {"2"}, "reason": {"not news"}}); res.status != http.StatusSeeOther {
		t.Fatalf("reject = %d, want 303:\n%s", res.status, res.body)
	}
	if d, _ := f.svc.Story(context.Background(), f.held); d.Status != newsroom.StatusRejected || d.Audit[len(d.Audit)-1].Reason != "not news" {
		t.Errorf("after reject: status %s, last audit %+v", d.Status, d.Audit[len(d.Audit)-1])
	}
	if res := f.do(c, "GET", "/admin/stories/no-such-story", nil); res.status != http.StatusNotFound {
		t.Errorf("unknown story = %d, want 404", res.status)
	}
}

func TestCorrections(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if _, err := f.svc.Approve(ctx, f.held, newsroom.Review{Actor: "setup"}); err != nil {
		t.Fatal(err)
	}
	r1, err := f.svc.ReportCorrection(ctx, newsroom.CorrectionReport{Slug: f.held, Text: "The backlog figure is wrong, it was $364 billion."})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := f.svc.ReportCorrection(ctx, newsroom.CorrectionReport{Slug: f.held, Text: "I do not like this story at all, please remove it."})
	if err != nil {
		t.Fatal(err)
	}
	c := f.client()
	_, csrf := f.login(c, testUser, testPassword)
	list := f.do(c, "GET", "/admin/corrections", nil)
	if !strings.Contains(list.body, "/admin/corrections/1") || !strings.Contains(list.body, "/admin/corrections/2") {
		t.Fatalf("corrections queue lacks the reports:\n%s", list.body)
	}
	show := f.do(c, "GET", "/admin/corrections/1", nil)
	if show.status != http.StatusOK || !strings.Contains(show.body, "$364 billion") {
		t.Errorf("correction page = %d, want the report text", show.status)
	}
	res := f.do(c, "POST", "/admin/corrections/1/resolve", url.Values{"csrf": {csrf}, "version": {"1"},
		"headline": {"Amazon's AWS backlog grows"}, "body": {"The backlog reached $364 billion at the end of the quarter, Amazon said."},
		"note": {"An earlier version of this story did not give the backlog figure."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("resolve = %d:\n%s", res.status, res.body)
	}
	got, err := f.svc.Correction(ctx, r1.ID)
	if err != nil || got.Status != newsroom.CorrectionResolved || got.Actor != testUser || got.Version != 2 {
		t.Errorf("after resolve: %+v, %v; want resolved by %s at version 2", got, err, testUser)
	}
	if res := f.do(c, "POST", "/admin/corrections/2/dismiss", url.Values{"csrf": {csrf}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("dismiss without reason = %d, want 422", res.status)
	}
	if res := f.do(c, "POST", "/admin/corrections/2/dismiss", url.Values{"csrf": {csrf}, "reason": {"opinion, not an error"}}); res.status != http.StatusSeeOther {
		t.Fatalf("dismiss = %d:\n%s", res.status, res.body)
	}
	if got, _ := f.svc.Correction(ctx, r2.ID); got.Status != newsroom.CorrectionDismissed || got.Actor != testUser {
		t.Errorf("after dismiss: %+v", got)
	}
	if res := f.do(c, "GET", "/admin/corrections/99", nil); res.status != http.StatusNotFound {
		t.Errorf("unknown correction = %d, want 404", res.status)
	}
}

func TestWrongPasswordAndRateLimit(t *testing.T) {
	f := setup(t)
	c := f.client()
	res, _ := f.login(c, testUser, "not the password at all")
	if res.status != http.StatusUnauthorized || !strings.Contains(res.body, "Wrong user name or password") {
		t.Fatalf("wrong password = %d, want 401 with a message", res.status)
	}
	if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusSeeOther {
		t.Errorf("queue after a failed login = %d, want 303 to login", q.status)
	}
	res, _ = f.login(c, "nobody", testPassword)
	if res.status != http.StatusUnauthorized {
		t.Errorf("unknown user = %d, want 401", res.status)
	}
	// Per user: after maxFailuresUser failures even the right password is
	// refused until the window ends.
	for range maxFailuresUser - 1 {
		f.login(c, testUser, "still wrong, still wrong")
	}
	res, _ = f.login(c, testUser, testPassword)
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" {
		t.Fatalf("login after %d failures = %d (Retry-After %q), want 429 with Retry-After", maxFailuresUser, res.status, res.header.Get("Retry-After"))
	}
	f.clock.Advance(loginWindow)
	if res, _ := f.login(c, testUser, testPassword); res.status != http.StatusSeeOther {
		t.Errorf("login after the window = %d, want 303", res.status)
	}
	// Per address: many user names from one address.
	f.clock.Advance(loginWindow)
	c = f.client()
	for i := range maxFailuresIP {
		f.login(c, "user"+string(rune('a'+i)), "wrong password here")
	}
	if res, _ := f.login(c, testUser, testPassword); res.status != http.StatusTooManyRequests {
		t.Errorf("login after %d failures from one address = %d, want 429", maxFailuresIP, res.status)
	}
}

func TestLoginCSRF(t *testing.T) {
	f := setup(t)
	c := f.client()
	f.do(c, "GET", "/admin/login", nil)
	for name, tok := range map[string][]string{"missing": nil, "wrong": {"forged-token-forged-token-forged-token-xx"}} {
		form := url.Values{"user": {testUser}, "password": {testPassword}}
		if tok != nil {
			form["csrf"] = tok
		}
		if res := f.do(c, "POST", "/admin/login", form); res.status != http.StatusForbidden {
			t.Errorf("login with %s CSRF token = %d, want 403", name, res.status)
		}
	}
}

func TestSessionExpiryAndLogout(t *testing.T) {
	f := setup(t)
	c := f.client()
	f.login(c, testUser, testPassword)
	// Activity within the idle timeout keeps the session.
	for range 3 {
		f.clock.Advance(DefaultIdleTimeout - time.Minute)
		if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusOK {
			t.Fatalf("queue after %v idle = %d, want 200", DefaultIdleTimeout-time.Minute, q.status)
		}
	}
	f.clock.Advance(DefaultIdleTimeout)
	if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusSeeOther || !strings.HasPrefix(q.header.Get("Location"), "/admin/login") {
		t.Errorf("queue after the idle timeout = %d to %q, want 303 to the login page", q.status, q.header.Get("Location"))
	}
	// Absolute timeout: active all along, still ends.
	f.login(c, testUser, testPassword)
	for elapsed := time.Duration(0); elapsed < DefaultAbsoluteTimeout-DefaultIdleTimeout; elapsed += DefaultIdleTimeout / 2 {
		f.clock.Advance(DefaultIdleTimeout / 2)
		if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusOK {
			t.Fatalf("queue %v after login = %d, want 200", elapsed, q.status)
		}
	}
	f.clock.Advance(DefaultIdleTimeout)
	if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusSeeOther {
		t.Errorf("queue after the absolute timeout = %d, want 303", q.status)
	}
	// Logout ends the session server-side: the old cookie no longer works.
	_, csrf := f.login(c, testUser, testPassword)
	u, _ := url.Parse(f.srv.URL + "/admin/")
	old := c.Jar.Cookies(u)
	if res := f.do(c, "POST", "/admin/logout", url.Values{"csrf": {csrf}}); res.status != http.StatusSeeOther {
		t.Fatalf("logout = %d, want 303", res.status)
	}
	if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusSeeOther {
		t.Errorf("queue after logout = %d, want 303", q.status)
	}
	replay := f.client()
	replay.Jar.SetCookies(u, old)
	if q := f.do(replay, "GET", "/admin/", nil); q.status != http.StatusSeeOther {
		t.Errorf("queue with the logged-out cookie = %d, want 303", q.status)
	}
}

func TestPasswordChangeEndsSessions(t *testing.T) {
	f := setup(t)
	c := f.client()
	f.login(c, testUser, testPassword)
	hash, err := account.Hash("a brand new passphrase", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.Accounts().SetPassword(context.Background(), testUser, hash, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusSeeOther {
		t.Errorf("queue after a password change = %d, want 303 to login", q.status)
	}
}

// concrete fills a route pattern's wildcards.
func concrete(pattern string) string {
	r := strings.NewReplacer("{slug}", "some-story", "{id}", "1", "{$}", "")
	return r.Replace(pattern)
}

// TestAnonymousDenied walks the route table: every route that is not
// public answers an anonymous request with a redirect to the login page
// (GET) or 403 (POST), never content.
func TestAnonymousDenied(t *testing.T) {
	f := setup(t)
	c := f.client()
	checked := 0
	for _, rt := range f.console.routes {
		if rt.public {
			continue
		}
		checked++
		path := concrete(rt.pattern)
		t.Run(rt.method+" "+rt.pattern, func(t *testing.T) {
			var form url.Values
			if rt.method == "POST" {
				form = url.Values{"csrf": {"guess"}, "reason": {"x"}}
			}
			res := f.do(c, rt.method, path, form)
			switch {
			case res.status == http.StatusSeeOther && strings.HasPrefix(res.header.Get("Location"), "/admin/login"):
			case res.status == http.StatusUnauthorized || res.status == http.StatusForbidden:
			default:
				t.Errorf("anonymous %s %s = %d (Location %q), want a redirect to the login page or 401/403", rt.method, path, res.status, res.header.Get("Location"))
			}
			if strings.Contains(res.body, f.held) || strings.Contains(res.body, "<table") {
				t.Errorf("anonymous %s %s returned content", rt.method, path)
			}
		})
	}
	if checked < 12 {
		t.Errorf("checked %d protected routes, want every one of the table's", checked)
	}
	// Also the paths outside the table's patterns under /admin/.
	if res := f.do(c, "GET", "/admin/nothing-here", nil); res.status != http.StatusNotFound {
		t.Errorf("unknown admin path = %d, want 404", res.status)
	}
}

// TestCSRFRequired walks the table: every POST route needs the session's
// token (missing or wrong → 403, nothing changes) and refuses GET.
func TestCSRFRequired(t *testing.T) {
	f := setup(t)
	c := f.client()
	_, csrf := f.login(c, testUser, testPassword)
	posts := 0
	for _, rt := range f.console.routes {
		if rt.method != "POST" || rt.pattern == "/admin/login" {
			continue
		}
		posts++
		path := strings.ReplaceAll(concrete(rt.pattern), "some-story", f.held)
		t.Run(rt.pattern, func(t *testing.T) {
			for name, tok := range map[string][]string{"missing": nil, "wrong": {csrf[:len(csrf)-2] + "xx"}, "empty": {""}} {
				form := url.Values{"reason": {"because"}, "version": {"1"}, "headline": {"H"}, "body": {"B"}, "note": {"a note long enough"}}
				if tok != nil {
					form["csrf"] = tok
				}
				if res := f.do(c, "POST", path, form); res.status != http.StatusForbidden {
					t.Errorf("POST %s with %s token = %d, want 403", path, name, res.status)
				}
			}
			if res := f.do(c, "GET", path, nil); res.status != http.StatusMethodNotAllowed {
				t.Errorf("GET %s = %d, want 405", path, res.status)
			}
		})
	}
	if posts < 6 {
		t.Errorf("checked %d POST routes, want all of them", posts)
	}
	d, err := f.svc.Story(context.Background(), f.held)
	if err != nil || d.Status != newsroom.StatusHeld || d.Version != 1 {
		t.Errorf("after forged posts the story is %s at version %d (%v), want untouched", d.Status, d.Version, err)
	}
	if q := f.do(c, "GET", "/admin/", nil); q.status != http.StatusOK {
		t.Errorf("session after forged logout = %d, want still logged in", q.status)
	}
}

func TestHeaders(t *testing.T) {
	f := setup(t)
	c := f.client()
	for _, path := range []string{"/admin/login", "/admin/"} {
		res := f.do(c, "GET", path, nil)
		if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
			t.Errorf("%s CSP = %q, want default-src 'none' and no script source", path, csp)
		}
		if res.header.Get("X-Frame-Options") != "DENY" || res.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s headers = %v", path, res.header)
		}
		if strings.Contains(res.body, "<script") {
			t.Errorf("%s has a script tag", path)
		}
	}
	css := f.do(c, "GET", "/admin/static/admin.css", nil)
	if css.status != http.StatusOK || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet = %d %q", css.status, css.header.Get("Content-Type"))
	}
}

func TestOpsPages(t *testing.T) {
	f := setup(t)
	c := f.client()
	f.login(c, testUser, testPassword)
	for _, path := range []string{"/admin/sources", "/admin/jobs"} {
		res := f.do(c, "GET", path, nil)
		if res.status != http.StatusOK || !strings.Contains(res.body, "not available") && !strings.Contains(res.body, "not set up") {
			t.Errorf("%s without Ops = %d, want 200 saying the records are not available:\n%s", path, res.status, res.body)
		}
	}
}

// panicOps panics on every call.
type panicOps struct{}

func (panicOps) Sources(context.Context) ([]ingest.SourceState, error) { panic("nil pointer") }
func (panicOps) DeadJobs(context.Context, int) ([]DeadJob, error)      { panic("nil pointer") }

// TestHandlerPanic: a panic in a page handler is the console's 500 answer,
// logged, and the console goes on serving.
func TestHandlerPanic(t *testing.T) {
	f := setup(t)
	var logs bytes.Buffer
	f.console.cfg.Ops = panicOps{}
	f.console.log = slog.New(slog.NewTextHandler(&logs, nil))
	c := f.client()
	f.login(c, testUser, testPassword)
	res := f.do(c, "GET", "/admin/sources", nil)
	if res.status != http.StatusInternalServerError || strings.Contains(res.body, "nil pointer") || res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("sources = %d %q (headers %v), want 500 without the panic's text, no-store", res.status, res.body, res.header)
	}
	if !strings.Contains(logs.String(), "panic: nil pointer") {
		t.Errorf("panic not logged:\n%s", logs.String())
	}
	if res := f.do(c, "GET", "/admin/", nil); res.status != http.StatusOK {
		t.Errorf("after the panic, the queue = %d, want 200", res.status)
	}
}

func TestSafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/admin/stories/x?y=1", "/admin/stories/x?y=1"},
		{"", "/admin/"},
		{"//evil.example/admin/", "/admin/"},
		{"https://evil.example/admin/", "/admin/"},
		{"/admin/login", "/admin/"},
		{"/other", "/admin/"},
		{"/admin/\\evil", "/admin/"},
	}
	for _, tc := range tests {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestEditRealRules re-checks an edit with the publishing rules
// themselves (rulecheck.ForStory over the stored source text).
func TestEditRealRules(t *testing.T) {
	f := setup(t)
	c, err := New(Config{Newsroom: f.svc, Accounts: f.db.Accounts(), Now: f.clock.Now, PasswordParams: cheap})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/admin/", c)
	f.srv.Config.Handler = mux
	cl := f.client()
	_, csrf := f.login(cl, testUser, testPassword)
	form := url.Values{"csrf": {csrf}, "version": {"1"}, "headline": {"Amazon says its backlog grew"},
		"body": {"The backlog grew, Amazon said."}, "reason": {"stick to the source"}}
	if res := f.do(cl, "POST", "/admin/stories/"+f.held+"/edit", form); res.status != http.StatusSeeOther {
		t.Fatalf("edit = %d:\n%s", res.status, res.body)
	}
	d, err := f.svc.Story(context.Background(), f.held)
	if err != nil {
		t.Fatal(err)
	}
	if cur := d.Current(); d.Version != 2 || len(cur.Rules) == 0 || cur.Decision == "" {
		t.Errorf("after edit: version %d, rules %v, decision %q; want version 2 checked by the rules", d.Version, cur.Rules, cur.Decision)
	}

	// A story without stored source text cannot be re-checked: 422.
	ctx := context.Background()
	dr := newsroom.Draft{Headline: "Fed holds rates", Body: []string{"The Fed held rates at " + newsroomtest.HoldWord + "."}, DraftedBy: "extractive"}
	check, _ := newsroomtest.Checker(dr)
	res, err := f.svc.SubmitDraft(ctx, newsroom.Submission{Key: "item:fed", Draft: dr, Check: &check,
		Sources: []newsroom.Source{{ItemKey: "item:fed", Name: "Fed", Kind: "statement"}}})
	if err != nil {
		t.Fatal(err)
	}
	form.Set("version", "1")
	if r := f.do(cl, "POST", "/admin/stories/"+res.Story.Slug+"/edit", form); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "no source text") {
		t.Errorf("edit without source text = %d, want 422 explaining it:\n%s", r.status, r.body)
	}
}

func TestCookieSecurityAndClientIP(t *testing.T) {
	tests := []struct {
		name       string
		proxy, tls bool
		remote     string
		xff        []string
		wantSecure bool
		wantIP     string
	}{
		{name: "plain", remote: "192.0.2.1:5555", xff: []string{"203.0.113.9"}, wantIP: "192.0.2.1"},
		{name: "tls", tls: true, remote: "192.0.2.1:5555", wantSecure: true, wantIP: "192.0.2.1"},
		{name: "proxy", proxy: true, remote: "127.0.0.1:1", xff: []string{"198.51.100.7, 203.0.113.9"}, wantSecure: true, wantIP: "203.0.113.9"},
		{name: "proxy without header", proxy: true, remote: "127.0.0.1:1", wantSecure: true, wantIP: "127.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Console{cfg: Config{BehindProxy: tc.proxy}}
			target := "http://desk.example/admin/"
			if tc.tls {
				target = "https://desk.example/admin/" // sets r.TLS
			}
			r := httptest.NewRequest("GET", target, nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			w := httptest.NewRecorder()
			c.setCookie(w, r, sessionCookie, "v", "/admin/", time.Hour, http.SameSiteLaxMode)
			ck := w.Result().Cookies()[0]
			if ck.Secure != tc.wantSecure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie = %+v, want Secure %v, HttpOnly, SameSite=Lax", ck, tc.wantSecure)
			}
			if got := c.clientIP(r); got != tc.wantIP {
				t.Errorf("clientIP = %q, want %q", got, tc.wantIP)
			}
		})
	}
}
