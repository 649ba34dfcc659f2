package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteSurfaces checks that siteHandler mounts every surface on a demo
// database: reader pages, the JSON API, the Atom feed, the editor console
// (closed to anonymous readers) and /metrics only when given.
func TestSiteSurfaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	if code, _, errOut := runCmd(t, nil, "demo", "--db", path, "--no-serve"); code != exitOK {
		t.Fatalf("demo --no-serve: exit %d: %s", code, errOut)
	}
	ctx := context.Background()
	db, err := openDatabase(ctx, path, openOptions{mustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	metrics := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "up 1\n") })
	for _, withMetrics := range []bool{false, true} {
		o := siteOptions{}
		if withMetrics {
			o.metrics = metrics
		}
		h, err := siteHandler(t.Context(), db, slog.New(slog.DiscardHandler), o)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		tests := []struct {
			path     string
			wantCode int
			wantType string // Content-Type prefix
			wantBody string
		}{
			{"/stocks/AMZN", 200, "text/html", "Amazon"},
			{"/api/v1/stories?limit=2", 200, "application/json", `"stories"`},
			{"/api/v1/stocks/AMZN", 200, "application/json", `"symbol": "AMZN"`},
			{"/feed.atom", 200, "application/atom+xml", "DEMO CONTENT"},
			{"/admin/", 303, "", ""},
			{"/metrics", map[bool]int{false: 404, true: 200}[withMetrics], "", ""},
		}
		for _, tc := range tests {
			res, err := c.Get(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.wantCode {
				t.Errorf("metrics=%v GET %s = %d, want %d", withMetrics, tc.path, res.StatusCode, tc.wantCode)
				continue
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), tc.wantType) {
				t.Errorf("GET %s Content-Type %q, want %s…", tc.path, res.Header.Get("Content-Type"), tc.wantType)
			}
			if !strings.Contains(string(body), tc.wantBody) {
				t.Errorf("GET %s body does not contain %q", tc.path, tc.wantBody)
			}
		}
		srv.Close()
	}
}
