package admin

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeNext feeds arbitrary ?next= values to safeNext, which picks where
// a login redirects: the answer is always a path on this site that
// decodes to one under /admin/ (never another host, never back to the login form), and it is a
// fixed point.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/admin/", "/admin/stories/x?tab=2#f", "//evil.example/admin/", "/\\evil.example",
		"https://evil.example/admin/", "/admin/login?next=/admin/", "/admin/../../x", "/admin/%2F%2Fevil", "/ADMIN/",
		"javascript:alert(1)", "/admin/\x00", "/admin/%zz", "", "admin/", "/admin//evil.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\x00\r\n") {
			t.Fatalf("safeNext(%q) = %q: not a local path", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/admin/") {
			t.Fatalf("safeNext(%q) = %q: parses as %+v, %v, not a path under /admin/", next, got, u, err)
		}
		if strings.HasPrefix(u.Path, "/admin/login") {
			t.Fatalf("safeNext(%q) = %q: back to the login form", next, got)
		}
		if again := safeNext(got); again != got {
			t.Errorf("safeNext(%q) = %q but safeNext(%q) = %q", next, got, got, again)
		}
	})
}
