package llm

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestErrorsNeverCarryTheKey: a server that echoes the Authorization
// header in its error, and an endpoint URL with a password, must not put
// either secret into the error the caller prints.
func TestErrorsNeverCarryTheKey(t *testing.T) {
	const key, pass = "sk-test-SECRET-0123456789", "hunter2-password"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"message":"invalid credentials: ` + r.Header.Get("Authorization") + `"}}`))
	}))
	defer srv.Close()
	u := strings.Replace(srv.URL, "http://", "http://user:"+pass+"@", 1) + "/v1"
	c, err := New(Config{URL: u, Model: "m", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	c.Sleep = func(context.Context, time.Duration) error { return nil }
	_, err = c.Complete(context.Background(), Request{Messages: []Message{{Role: "user", Content: "hi"}}})
	if err == nil {
		t.Fatal("want an error from a 401")
	}
	if msg := err.Error(); strings.Contains(msg, key) || strings.Contains(msg, pass) {
		t.Errorf("error carries a secret: %s", msg)
	}
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusUnauthorized {
		t.Errorf("errors.As(StatusError) lost through redaction: %v", err)
	}
	if !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("the echoed key was not replaced visibly: %s", err)
	}
}
