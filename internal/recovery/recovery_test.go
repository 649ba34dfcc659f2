package recovery

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHandler(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantErr    string // "" when fail must not be called
	}{
		{"no panic", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }, http.StatusTeapot, ""},
		{"string panic", func(w http.ResponseWriter, r *http.Request) { panic("boom") }, http.StatusInternalServerError, "panic: boom"},
		{"error panic", func(w http.ResponseWriter, r *http.Request) { panic(errors.New("nil map")) }, http.StatusInternalServerError, "panic: nil map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got error
			h := Handler(tt.handler, func(w http.ResponseWriter, r *http.Request, err error) {
				got = err
				http.Error(w, "sorry", http.StatusInternalServerError)
			})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			if rec.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			switch {
			case tt.wantErr == "" && got != nil:
				t.Errorf("fail called with %v, want no call", got)
			case tt.wantErr != "" && (got == nil || got.Error() != tt.wantErr):
				t.Errorf("fail called with %v, want %q", got, tt.wantErr)
			}
			var pe *Error
			if tt.wantErr != "" && !errors.As(got, &pe) {
				t.Errorf("error %T is not a *recovery.Error", got)
			}
		})
	}
}

// TestHandlerAbort: http.ErrAbortHandler passes through, for net/http to
// abort the response quietly.
func TestHandlerAbort(t *testing.T) {
	called := false
	h := Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }),
		func(http.ResponseWriter, *http.Request, error) { called = true })
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", v)
		}
		if called {
			t.Error("fail was called for http.ErrAbortHandler")
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
}

// TestHandlerServer: behind a real server, a panicking handler answers
// with the fail function's page and the connection stays usable.
func TestHandlerServer(t *testing.T) {
	srv := httptest.NewServer(Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		w.WriteHeader(http.StatusNoContent)
	}), func(w http.ResponseWriter, r *http.Request, err error) {
		http.Error(w, "sorry", http.StatusInternalServerError)
	}))
	defer srv.Close()
	for _, p := range []struct {
		path string
		want int
	}{{"/panic", 500}, {"/", 204}, {"/panic", 500}} {
		resp, err := srv.Client().Get(srv.URL + p.path)
		if err != nil {
			t.Fatalf("GET %s: %v", p.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != p.want {
			t.Errorf("GET %s: status %d, want %d", p.path, resp.StatusCode, p.want)
		}
	}
}
