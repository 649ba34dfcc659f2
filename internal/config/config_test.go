package config

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoad(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("paths below are the Linux layout")
	}
	tests := []struct {
		name     string
		env      map[string]string
		wantDB   string
		wantAddr string
	}{
		{"defaults", map[string]string{"HOME": "/home/ann"}, "/home/ann/.local/share/alphadesk/alphadesk.db", DefaultAddr},
		{"xdg", map[string]string{"HOME": "/home/ann", "XDG_DATA_HOME": "/data"}, "/data/alphadesk/alphadesk.db", DefaultAddr},
		{"relative xdg ignored", map[string]string{"HOME": "/h", "XDG_DATA_HOME": "rel"}, "/h/.local/share/alphadesk/alphadesk.db", DefaultAddr},
		{"env overrides", map[string]string{"HOME": "/h", EnvDB: "/srv/desk.db", EnvAddr: ":9000"}, "/srv/desk.db", ":9000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(env(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.DBPath != filepath.FromSlash(tc.wantDB) || c.Addr != tc.wantAddr {
				t.Errorf("Load = %+v, want DB %s, Addr %s", c, tc.wantDB, tc.wantAddr)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		c    Config
		want string // substring of the error; "" for valid
	}{
		{"ok", Config{DBPath: "a.db", Addr: "127.0.0.1:8080"}, ""},
		{"any interface", Config{DBPath: "a.db", Addr: ":8080"}, ""},
		{"no db", Config{Addr: ":8080"}, "--db"},
		{"no port", Config{DBPath: "a.db", Addr: "localhost"}, "HOST:PORT"},
		{"empty port", Config{DBPath: "a.db", Addr: "localhost:"}, "no port"},
	}
	for _, tc := range tests {
		err := tc.c.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: Validate = %v, want nil", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: Validate = %v, want error containing %q", tc.name, err, tc.want)
		}
	}
}
