package tcppush

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// TestWrite serves bodies of several sizes through Write on a real server
// and reads them back over one keep-alive connection: same bytes, same
// headers, and the socket uncorked after every response (a cork left on
// would hold the next response back for 200 ms).
func TestWrite(t *testing.T) {
	bodies := map[string][]byte{
		"/small": bytes.Repeat([]byte("a"), 100),
		"/edge":  bytes.Repeat([]byte("b"), minCorked),
		"/page":  bytes.Repeat([]byte("<p>alphadesk</p>\n"), 1200), // ~20 KiB
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := bodies[r.URL.Path]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if err := Write(w, r, http.StatusOK, body); err != nil {
			t.Errorf("Write: %v", err)
		}
		if corked(t, r) {
			t.Errorf("%s: the connection is still corked after Write", r.URL.Path)
		}
	}))
	srv.Config.ConnContext = ConnContext
	srv.Start()
	defer srv.Close()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	for round := range 3 {
		for _, path := range []string{"/page", "/small", "/edge", "/page"} {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				req, _ := http.NewRequest(method, srv.URL+path, nil)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					t.Fatal(err)
				}
				want := bodies[path]
				if method == http.MethodHead {
					want = nil
				}
				if resp.StatusCode != 200 || !bytes.Equal(got, want) || resp.Header.Get("Content-Length") != strconv.Itoa(len(bodies[path])) {
					t.Errorf("round %d %s %s: %d, %d bytes (Content-Length %s); want 200, %d bytes", round, method, path, resp.StatusCode, len(got), resp.Header.Get("Content-Length"), len(want))
				}
			}
		}
	}
}

// TestWriteWithoutConn: without ConnContext (a test recorder, TLS, another
// server) Write is a plain write.
func TestWriteWithoutConn(t *testing.T) {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	body := bytes.Repeat([]byte("x"), 10000)
	if err := Write(w, r, http.StatusCreated, body); err != nil || w.Code != http.StatusCreated || !bytes.Equal(w.Body.Bytes(), body) {
		t.Errorf("Write without a connection: %v, %d, %d bytes", err, w.Code, w.Body.Len())
	}
	if got := ConnContext(r.Context(), &net.UnixConn{}); got != r.Context() {
		t.Errorf("ConnContext of a non-TCP connection changed the context")
	}
}
