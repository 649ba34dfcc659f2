package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/pgtest"
	"alphadesk/internal/store/sqlite"
)

// seedDesk is the newsroom seed plus a security with bars, so the copy
// spans market data and the newsroom.
func seedDesk(t *testing.T) nrSeed {
	t.Helper()
	s := seedNewsroom(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, s.db, sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sec := market.Security{Symbol: "HLCN", Name: "Halcyon Freight", LegalName: "Halcyon Freight Inc.",
		Aliases: []string{"Halcyon"}, CIK: 1234567, Exchange: market.NYSE, Sector: market.Industrials}
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var bars []market.Bar
	for i := range 30 {
		c := 10 + 0.1*float64(i)
		bars = append(bars, market.Bar{Symbol: "HLCN", Date: day.AddDate(0, 0, i), Open: c, High: c + 0.5, Low: c - 0.5, Close: c, Volume: 1e6, Source: "test"})
	}
	err = db.Import(ctx, func(tx store.ImportTx) error {
		if err := tx.PutSecurities(ctx, []market.Security{sec}); err != nil {
			return err
		}
		return tx.PutBars(ctx, bars)
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMigrateTo(t *testing.T) {
	s := seedDesk(t)
	dsn := pgtest.DSN(t)
	ctx := context.Background()

	code, out, errOut := runCmd(t, nil, "migrate", "--db", s.db, "--to", dsn)
	if code != exitOK {
		t.Fatalf("migrate --to: exit %d, want 0; stderr:\n%s", code, errOut)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^TABLE\s+ROWS\s+SHA-256$`),
		regexp.MustCompile(`(?m)^securities\s+1\s+[0-9a-f]{12}$`),
		regexp.MustCompile(`(?m)^bars\s+30\s+[0-9a-f]{12}$`),
		regexp.MustCompile(`(?m)^stories\s+3\s+[0-9a-f]{12}$`),
		regexp.MustCompile(`(?m)^copied \d+ rows in \d+ tables from .*desk\.db to postgres://.* row counts and checksums match$`),
	} {
		if !want.MatchString(out) {
			t.Errorf("output does not match %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "alphadesk:alphadesk@") {
		t.Errorf("output shows the password:\n%s", out)
	}

	// The copy serves: open it as `alphadesk serve --db postgres://…` does.
	db, err := openExisting(ctx, dsn, false)
	if err != nil {
		t.Fatalf("openExisting(copy): %v", err)
	}
	defer db.Close()
	sec, err := db.Security(ctx, "HLCN")
	if err != nil || sec.Name != "Halcyon Freight" || sec.CIK != 1234567 || len(sec.Aliases) != 1 {
		t.Errorf("Security(HLCN) = %+v, %v", sec, err)
	}
	bars, err := db.Bars(ctx, "HLCN", time.Time{}, time.Time{})
	if err != nil || len(bars) != 30 || bars[29].Close != 10+0.1*29 {
		t.Errorf("Bars(HLCN) = %d bars, %v", len(bars), err)
	}
	for _, slug := range []string{s.published, s.held, s.rejected} {
		st, err := db.Newsroom.StoryBySlug(ctx, slug)
		if err != nil {
			t.Errorf("StoryBySlug(%s): %v", slug, err)
			continue
		}
		vs, err := db.Newsroom.Versions(ctx, st.ID)
		if err != nil || len(vs) == 0 {
			t.Errorf("Versions(%s) = %d, %v", slug, len(vs), err)
		}
		audit, err := db.Newsroom.StoryAudit(ctx, st.ID)
		if err != nil || len(audit) == 0 {
			t.Errorf("StoryAudit(%s) = %d, %v", slug, len(audit), err)
		}
	}
	pub, err := db.Newsroom.StoryBySlug(ctx, s.published)
	if err == nil {
		v, err := db.Newsroom.Version(ctx, pub.ID, pub.Version)
		if err != nil || v.Headline != s.publishedDraft.Headline {
			t.Errorf("published headline = %q, %v; want %q", v.Headline, err, s.publishedDraft.Headline)
		}
	}

	// A second copy into the same database is refused, and changes nothing.
	code, _, errOut = runCmd(t, nil, "migrate", "--db", s.db, "--to", dsn)
	if code != exitUsage || !strings.Contains(errOut, "not empty") || !strings.Contains(errOut, "fresh database") {
		t.Errorf("second copy: exit %d, stderr %q; want 2 and a 'not empty … fresh database' message", code, errOut)
	}
	if n, err := db.CountSecurities(ctx, store.SecurityFilter{}); err != nil || n != 1 {
		t.Errorf("after the refused copy: %d securities, %v; want 1", n, err)
	}
}

func TestMigrateToRefuses(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	behind := filepath.Join(dir, "behind.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, behind, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", behind)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	pgURL := "postgres://nobody@127.0.0.1:1/none?sslmode=disable" // never reached: input is checked first

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"missing file", []string{"--db", missing, "--to", pgURL}, exitUsage, "database does not exist"},
		{"not a postgres URL", []string{"--db", behind, "--to", filepath.Join(dir, "other.db")}, exitUsage, "is not a PostgreSQL URL"},
		{"postgres source", []string{"--db", pgURL, "--to", pgURL}, exitUsage, "--db must name a SQLite file"},
		{"source behind", []string{"--db", behind, "--to", pgURL}, exitError, "run `alphadesk migrate --db " + behind + "`"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, nil, append([]string{"migrate"}, tc.args...)...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.wantCode, errOut)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr %q, want it to say %q", errOut, tc.wantErr)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("the missing source file was created")
	}
}

func TestMigrateHelp(t *testing.T) {
	code, _, errOut := runCmd(t, nil, "migrate", "-h")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--to", "fresh database", "not copied", "Exit status"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("help does not mention %q:\n%s", want, errOut)
		}
	}
}
