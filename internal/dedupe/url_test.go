package dedupe

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already canonical", "https://example.com/a/b", "https://example.com/a/b"},
		{"case of scheme and host", "HTTPS://News.Example.COM/Path", "https://news.example.com/Path"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "https://example.com:8443/a", "https://example.com:8443/a"},
		{"fragment", "https://example.com/a#comments", "https://example.com/a"},
		{"trailing slash", "https://example.com/a/b/", "https://example.com/a/b"},
		{"root", "https://example.com", "https://example.com/"},
		{"root slash", "https://example.com/", "https://example.com/"},
		{"dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"double slashes", "https://example.com//a//b", "https://example.com/a/b"},
		{"utm", "https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x", "https://example.com/a"},
		{"click ids", "https://example.com/a?fbclid=1&gclid=2&msclkid=3&id=7", "https://example.com/a?id=7"},
		{"sorted query", "https://example.com/a?b=2&a=1&a=0", "https://example.com/a?a=0&a=1&b=2"},
		{"empty params", "https://example.com/a?&x=&=y&", "https://example.com/a?x="},
		{"query encoding uniform", "https://example.com/s?q=a%20b&r=a+b", "https://example.com/s?q=a+b&r=a+b"},
		{"user info", "https://user:pw@example.com/a", "https://example.com/a"},
		{"trailing dot host", "https://example.com./a", "https://example.com/a"},
		{"ipv6 port", "http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
		{"ipv6 other port", "http://[2001:db8::1]:8080/a", "http://[2001:db8::1]:8080/a"},
		{"spaces", "  https://example.com/a  ", "https://example.com/a"},
		{"yahoo tracking", "https://www.example.com/research/x/?src=A00220&yptr=yahoo", "https://www.example.com/research/x?src=A00220"},
		{"escaped slash kept", "https://example.com/a%2Fb/", "https://example.com/a%2Fb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeURL(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	for _, in := range []string{"", "/relative", "ftp://example.com/a", "javascript:alert(1)", "mailto:a@example.com", "https://", "http://%zz", "https:opaque"} {
		if got, err := NormalizeURL(in); !errors.Is(err, ErrBadURL) {
			t.Errorf("NormalizeURL(%q) = %q, %v; want ErrBadURL", in, got, err)
		}
	}
}

func TestURLKey(t *testing.T) {
	same := [][]string{
		{"https://example.com/a", "http://EXAMPLE.com:80/a/?utm_source=x#top", "https://example.com/a?fbclid=9"},
		{"https://example.com/s?b=2&a=1", "https://example.com/s?a=1&b=2"},
	}
	var first []string
	for _, group := range same {
		k0, err := URLKey(group[0])
		if err != nil {
			t.Fatal(err)
		}
		first = append(first, k0)
		for _, u := range group[1:] {
			if k, _ := URLKey(u); k != k0 {
				t.Errorf("URLKey(%q) = %s, want %s as for %q", u, k, k0, group[0])
			}
		}
	}
	if first[0] == first[1] {
		t.Errorf("different pages share a key")
	}
	for _, other := range []string{"https://www.example.com/a", "https://example.com/a?id=2", "https://example.com/A"} {
		if k, _ := URLKey(other); k == first[0] {
			t.Errorf("URLKey(%q) equals the key of https://example.com/a", other)
		}
	}
}

func TestItemKey(t *testing.T) {
	tests := []struct {
		name       string
		a, b       [3]string // source, guid, url
		wantEqual  bool
		wantPrefix string
	}{
		{"same GUID same source", [3]string{"s", "g1", "https://x.example/1"}, [3]string{"s", "g1", "https://x.example/other"}, true, "g:"},
		{"same GUID other source", [3]string{"s", "g1", ""}, [3]string{"t", "g1", ""}, false, "g:"},
		{"no GUID: URL decides", [3]string{"s", "", "https://x.example/1?utm_source=a"}, [3]string{"t", "", "http://x.example/1/"}, true, "u:"},
		{"different GUIDs", [3]string{"s", "g1", ""}, [3]string{"s", "g2", ""}, false, "g:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := ItemKey(tt.a[0], tt.a[1], tt.a[2]), ItemKey(tt.b[0], tt.b[1], tt.b[2])
			if (ka == kb) != tt.wantEqual || !strings.HasPrefix(ka, tt.wantPrefix) {
				t.Errorf("keys %s and %s: equal=%v, want %v with prefix %s", ka, kb, ka == kb, tt.wantEqual, tt.wantPrefix)
			}
		})
	}
	if k := ItemKey("s", "", "not a url"); k != "" {
		t.Errorf("ItemKey without GUID or URL = %q, want empty", k)
	}
	if k := ItemKey("s", "g", ""); len(k) != 2+32 {
		t.Errorf("key %q: want g: and 32 hex digits", k)
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"https://Example.com:443/a/./b/?utm_source=x&b=2&a=1#f", "http://[::1]:80/", "https://example.com/a%2Fb?q=%zz", "https://u@h/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := NormalizeURL(in)
		if err != nil {
			return
		}
		again, err := NormalizeURL(n)
		if err != nil {
			t.Fatalf("NormalizeURL(%q) = %q, which does not normalise again: %v", in, n, err)
		}
		if again != n {
			t.Errorf("not idempotent: %q → %q → %q", in, n, again)
		}
		if !strings.HasPrefix(n, "http://") && !strings.HasPrefix(n, "https://") {
			t.Errorf("NormalizeURL(%q) = %q, not http(s)", in, n)
		}
	})
}
