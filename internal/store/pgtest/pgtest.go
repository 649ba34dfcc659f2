// Package pgtest gives tests a fresh PostgreSQL database of their own.
//
// The server is the one ALPHADESK_TEST_POSTGRES names, a postgres:// URL
// of a role that may create databases:
//
//	export ALPHADESK_TEST_POSTGRES='postgres://alphadesk:alphadesk@127.0.0.1:5432/alphadesk_test?sslmode=disable'
//
// Without it the PostgreSQL tests skip, unless ALPHADESK_REQUIRE_POSTGRES=1
// (in CI), when they fail.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// Environment variables the harness reads.
const (
	EnvServer  = "ALPHADESK_TEST_POSTGRES"
	EnvRequire = "ALPHADESK_REQUIRE_POSTGRES"
)

// DSN creates an empty database with a random name on the test server,
// drops it when the test ends, and returns its DSN. Without a server it
// skips the test (or fails it when ALPHADESK_REQUIRE_POSTGRES=1).
func DSN(t testing.TB) string {
	t.Helper()
	server := os.Getenv(EnvServer)
	if server == "" {
		msg := "set " + EnvServer + "=postgres://… to run the PostgreSQL tests"
		if os.Getenv(EnvRequire) == "1" {
			t.Fatal(msg + " (" + EnvRequire + "=1)")
		}
		t.Skip(msg)
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", EnvServer, err)
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("%s: %v", EnvServer, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "alphadesk_test_" + hex.EncodeToString(b[:])
	// A database name cannot be a parameter; it is generated here, and
	// quoted as an identifier all the same.
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+ident+" TEMPLATE template0"); err != nil {
		admin.Close()
		t.Fatalf("create test database on %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// WITH (FORCE) ends connections a test left open.
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
