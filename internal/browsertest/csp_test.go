package browsertest

import (
	"fmt"
	"strings"
	"testing"
)

// parseCSP splits a Content-Security-Policy header into its directives,
// lower-casing names and keeping source expressions as written. A repeated
// directive is ignored, as browsers do; so are empty entries.
func parseCSP(header string) map[string][]string {
	out := map[string][]string{}
	for part := range strings.SplitSeq(header, ";") {
		fields := strings.Fields(part)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		if _, dup := out[name]; dup {
			continue
		}
		out[name] = fields[1:]
	}
	return out
}

// checkStrictCSP reports why a policy is not strict, or nil: scripts must be
// restricted (script-src, or default-src as its fallback) without
// 'unsafe-inline', 'unsafe-eval', wildcards or whole schemes; plugins must
// be off (object-src 'none'); and the page must not be framed by others
// (frame-ancestors 'none' or 'self').
func checkStrictCSP(header string) error {
	if strings.TrimSpace(header) == "" {
		return fmt.Errorf("no Content-Security-Policy header")
	}
	d := parseCSP(header)
	effective := func(name string) ([]string, bool) {
		if v, ok := d[name]; ok {
			return v, true
		}
		v, ok := d["default-src"]
		return v, ok
	}
	scripts, ok := effective("script-src")
	if !ok {
		return fmt.Errorf("policy %q: neither script-src nor default-src restricts scripts", header)
	}
	for _, src := range scripts {
		switch s := strings.ToLower(src); {
		case s == "'unsafe-inline'", s == "'unsafe-eval'", s == "'unsafe-hashes'", s == "'wasm-unsafe-eval'":
			return fmt.Errorf("policy %q: scripts allow %s", header, src)
		case strings.Contains(s, "*"), s == "data:", s == "blob:", s == "http:", s == "https:", s == "javascript:":
			return fmt.Errorf("policy %q: scripts allow any source matching %s", header, src)
		}
	}
	objects, ok := effective("object-src")
	if !ok || len(objects) != 1 || objects[0] != "'none'" {
		return fmt.Errorf("policy %q: want object-src 'none' (plugins off)", header)
	}
	frames := d["frame-ancestors"]
	if len(frames) != 1 || (frames[0] != "'none'" && frames[0] != "'self'") {
		return fmt.Errorf("policy %q: want frame-ancestors 'none' or 'self'", header)
	}
	return nil
}

func TestCheckStrictCSP(t *testing.T) {
	tests := []struct {
		name, header string
		strict       bool
	}{
		{"site policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'", true},
		{"feed policy", "default-src 'none'; frame-ancestors 'none'", true},
		{"admin policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", true},
		{"script-src overrides default", "default-src *; script-src 'self'; object-src 'none'; frame-ancestors 'self'", true},
		{"upper-case directive", "DEFAULT-SRC 'none'; Frame-Ancestors 'none'", true},
		{"missing", "", false},
		{"unsafe-inline", "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'", false},
		{"unsafe-eval in default", "default-src 'self' 'unsafe-eval'; object-src 'none'; frame-ancestors 'none'", false},
		{"wildcard", "script-src *; object-src 'none'; frame-ancestors 'none'", false},
		{"scheme source", "script-src https:; object-src 'none'; frame-ancestors 'none'", false},
		{"data scheme", "default-src 'self' data:; frame-ancestors 'none'", false},
		{"no script restriction", "img-src 'self'; object-src 'none'; frame-ancestors 'none'", false},
		{"plugins allowed", "default-src 'self'; frame-ancestors 'none'", false},
		{"framable", "default-src 'none'", false},
		{"repeated directive keeps first", "script-src 'self'; script-src 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkStrictCSP(tt.header)
			if (err == nil) != tt.strict {
				t.Errorf("checkStrictCSP(%q) = %v; want strict %v", tt.header, err, tt.strict)
			}
		})
	}
}

func FuzzParseCSP(f *testing.F) {
	for _, s := range []string{
		"default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
		"script-src 'unsafe-inline' *;;; ;object-src",
		"",
		";",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		d := parseCSP(header)
		for name := range d {
			if name == "" || name != strings.ToLower(name) || strings.ContainsAny(name, "; \t\n") {
				t.Errorf("parseCSP(%q): bad directive name %q", header, name)
			}
		}
		_ = checkStrictCSP(header) // must not panic
	})
}
