package config

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad reads arbitrary environments: Load never panics, and a
// configuration that validates has a database path and a HOST:PORT
// address with a port.
func FuzzLoad(f *testing.F) {
	for _, s := range [][4]string{
		{"", "", "/home/u", ""},
		{"/tmp/desk.db", "0.0.0.0:8080", "", ""},
		{"  ", " :80 ", "/h", "/xdg"},
		{"", "[::1]:8080", "/h", "relative/xdg"},
		{"", "localhost", "/h", ""},
		{"", "host:", "/h", ""},
		{"d.db", "[::1", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, db, addr, home, xdg string) {
		env := map[string]string{EnvDB: db, EnvAddr: addr, "HOME": home, "XDG_DATA_HOME": xdg}
		c, err := Load(func(k string) string { return env[k] })
		if err != nil {
			return // no home directory to put the database in
		}
		if strings.TrimSpace(db) == "" && home != "" && !filepath.IsAbs(c.DBPath) && filepath.IsAbs(home) {
			t.Errorf("default database path %q is not absolute (HOME %q)", c.DBPath, home)
		}
		if err := c.Validate(); err != nil {
			if err.Error() == "" {
				t.Error("empty error")
			}
			return
		}
		if strings.TrimSpace(c.DBPath) == "" {
			t.Errorf("valid config %+v has no database path", c)
		}
		if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
			t.Errorf("valid config %+v: address has no port (%v)", c, err)
		}
	})
}
