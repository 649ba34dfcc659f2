package dedupe

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzItemKey checks the item keys the pipeline dedupes on: a GUID key
// depends on the source and the trimmed GUID, a URL key is shared by the
// http and https copies of a page (on default ports) and by its normalised form, and every
// key has its prefix and 32 hex digits.
func FuzzItemKey(f *testing.F) {
	f.Add("wire", " urn:guid:1 ", "https://Example.com/a?utm_source=x&b=1")
	f.Add("wire", "", "http://example.com:80/a/./b")
	f.Add("", "", "ftp://example.com/")
	f.Add("a", "", "https://[::1]/%zz")
	f.Add("", "", "http://example.com:443/a")
	f.Fuzz(func(t *testing.T, source, guid, raw string) {
		k := ItemKey(source, guid, raw)
		if k == "" {
			if strings.TrimSpace(guid) != "" {
				t.Fatalf("ItemKey(%q, %q, %q) is empty with a GUID", source, guid, raw)
			}
			return
		}
		if len(k) != 2+32 || (k[:2] != "g:" && k[:2] != "u:") || strings.Trim(k[2:], "0123456789abcdef") != "" {
			t.Fatalf("ItemKey(%q, %q, %q) = %q: want g: or u: and 32 hex digits", source, guid, raw, k)
		}
		if strings.TrimSpace(guid) != "" {
			if again := ItemKey(source, strings.TrimSpace(guid), ""); again != k {
				t.Errorf("GUID key changes with surrounding space: %q vs %q", k, again)
			}
			return
		}
		n, err := NormalizeURL(raw)
		if err != nil {
			t.Fatalf("ItemKey(%q, %q, %q) = %q for a URL NormalizeURL refuses: %v", source, guid, raw, k, err)
		}
		if again, _ := URLKey(n); again != k {
			t.Errorf("URLKey(%q) = %q but URLKey of its normal form %q = %q", raw, k, n, again)
		}
		if u, err := url.Parse(n); err != nil || u.Port() != "" {
			return // an explicit port is not the other scheme's default: another page
		}
		other := strings.Replace(n, "https://", "http://", 1)
		if other == n {
			other = strings.Replace(n, "http://", "https://", 1)
		}
		if again, err := URLKey(other); err == nil && again != k {
			t.Errorf("URLKey(%q) = %q but URLKey(%q) = %q", n, k, other, again)
		}
	})
}
