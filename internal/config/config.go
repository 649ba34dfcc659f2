// Package config holds alphadesk's typed configuration: where the database
// lives and where the site listens. cmd/alphadesk is the only reader of
// flags and environment; it builds a Config and passes it explicitly.
package config

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Environment variables that override the defaults (flags override both).
const (
	EnvDB   = "ALPHADESK_DB"
	EnvAddr = "ALPHADESK_ADDR"
)

// DefaultAddr is where the site listens unless told otherwise: loopback
// only, so a fresh desk is not exposed to the network by accident.
const DefaultAddr = "127.0.0.1:8080"

// Config is the desk's runtime configuration.
type Config struct {
	// DBPath is the SQLite database file, or a postgres:// URL.
	DBPath string
	// Addr is the HTTP listen address, HOST:PORT.
	Addr string
}

// Load returns the defaults overridden by the environment, read through
// getenv (os.Getenv in production).
func Load(getenv func(string) string) (Config, error) {
	c := Config{Addr: DefaultAddr}
	if v := strings.TrimSpace(getenv(EnvAddr)); v != "" {
		c.Addr = v
	}
	if v := strings.TrimSpace(getenv(EnvDB)); v != "" {
		c.DBPath = v
	} else {
		dir, err := DataDir(getenv)
		if err != nil {
			return c, err
		}
		c.DBPath = filepath.Join(dir, "alphadesk.db")
	}
	return c, nil
}

// Validate reports the first unusable setting, saying how to fix it.
func (c Config) Validate() error {
	if strings.TrimSpace(c.DBPath) == "" {
		return fmt.Errorf("database path is empty: pass --db PATH or set %s", EnvDB)
	}
	_, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %v: use HOST:PORT, e.g. %s (flag --addr or %s)", c.Addr, err, DefaultAddr, EnvAddr)
	}
	if port == "" {
		return fmt.Errorf("listen address %q has no port: use HOST:PORT, e.g. %s", c.Addr, DefaultAddr)
	}
	return nil
}

// DataDir is the per-user data directory for alphadesk:
// $XDG_DATA_HOME/alphadesk or ~/.local/share/alphadesk on Linux and BSD,
// ~/Library/Application Support/alphadesk on macOS and
// %LocalAppData%\alphadesk on Windows.
func DataDir(getenv func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "alphadesk"), nil
		}
		return "", errors.New("no data directory: %LocalAppData% is not set; pass --db PATH or set " + EnvDB)
	case "darwin", "ios":
		home, err := home(getenv)
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support", "alphadesk"), nil
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "alphadesk"), nil
	}
	home, err := home(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "alphadesk"), nil
}

func home(getenv func(string) string) (string, error) {
	if h := getenv("HOME"); h != "" {
		return h, nil
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return h, nil
	}
	return "", errors.New("no home directory: pass --db PATH or set " + EnvDB)
}
