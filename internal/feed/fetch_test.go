package feed

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testFetcher returns a fetcher with the politeness delay off (unless the
// test sets it) and a fake clock.
func testFetcher(opts Options) (*Fetcher, *fakeClock) {
	clock := newFakeClock()
	if opts.Clock == nil {
		opts.Clock = clock
	}
	if opts.HostDelay == 0 {
		opts.HostDelay = -1
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	return NewFetcher(opts), clock
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr    string
		blocked bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"10.0.0.1", true},
		{"172.16.0.1", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"0.0.0.0", true},
		{"224.0.0.1", true},
		{"239.255.255.250", true},
		{"255.255.255.255", true},
		{"100.64.0.1", true},
		{"::1", true},
		{"::", true},
		{"fe80::1", true},
		{"fc00::1", true},
		{"ff02::1", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.1.2.3", true},
		{"64:ff9b::a00:1", true},   // NAT64 of 10.0.0.1
		{"2002:c0a8:101::1", true}, // 6to4 of 192.168.1.1
		{"8.8.8.8", false},
		{"93.184.215.14", false},
		{"2606:4700:4700::1111", false},
		{"64:ff9b::808:808", false}, // NAT64 of 8.8.8.8
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := CheckAddr(netip.MustParseAddr(tt.addr))
			if got := errors.Is(err, ErrBlockedAddress); got != tt.blocked {
				t.Errorf("CheckAddr(%s) = %v, want blocked=%v", tt.addr, err, tt.blocked)
			}
		})
	}
}

func TestFetchGuardRefusesLoopbackUnlessLocal(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f, _ := testFetcher(Options{})
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]

	for _, target := range []string{srv.URL, "http://localhost:" + port + "/"} {
		_, err := f.Fetch(context.Background(), Request{URL: target})
		if !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("Fetch(%s) not local = %v, want ErrBlockedAddress", target, err)
		}
		if err != nil && !strings.Contains(err.Error(), "mark the source local") {
			t.Errorf("error %q does not tell how to allow the address", err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0: the guard must refuse before connecting", n)
	}
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL, Local: true})
	if err != nil {
		t.Fatalf("Fetch(local) = %v, want success", err)
	}
	if string(resp.Body) != "ok" || hits.Load() != 1 {
		t.Errorf("Fetch(local) body %q, hits %d; want \"ok\", 1", resp.Body, hits.Load())
	}
}

func TestFetchRejectsBadURLs(t *testing.T) {
	f, _ := testFetcher(Options{})
	for _, u := range []string{"ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "http://user:pw@example.com/", "/relative", "http://[::1"} {
		_, err := f.Fetch(context.Background(), Request{URL: u, Local: true})
		if !errors.Is(err, ErrUnsafeURL) {
			t.Errorf("Fetch(%q) = %v, want ErrUnsafeURL", u, err)
		}
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /r/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			fmt.Fprint(w, "arrived")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("GET /to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/feed", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /no-location", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f, _ := testFetcher(Options{MaxRedirects: 3})

	tests := []struct {
		path    string
		wantErr error
		want    string
	}{
		{"/r/0", nil, "arrived"},
		{"/r/3", nil, "arrived"},
		{"/r/4", ErrTooManyRedirects, "limit 3"},
		{"/to-ftp", ErrUnsafeURL, "only http and https"},
		{"/no-location", nil, "without a Location header"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + tt.path, Local: true})
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Fetch = %v, want %v mentioning %q", err, tt.wantErr, tt.want)
				}
			case strings.HasPrefix(tt.want, "without"):
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Fetch = %v, want an error mentioning %q", err, tt.want)
				}
			case err != nil:
				t.Errorf("Fetch = %v, want success", err)
			default:
				if string(resp.Body) != tt.want || !strings.HasSuffix(resp.URL, "/r/0") {
					t.Errorf("Fetch body %q from %s, want %q from /r/0", resp.Body, resp.URL, tt.want)
				}
			}
		})
	}
}

// allocDuring reports the bytes allocated while fn runs.
func allocDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const hundredMB = 100 << 20

func TestFetchSizeCap(t *testing.T) {
	var written atomic.Int64
	mux := http.NewServeMux()
	// 100 MB of zeros, gzipped on the fly (about 100 KB on the wire).
	mux.HandleFunc("GET /gzip-bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		chunk := make([]byte, 64<<10)
		for n := 0; n < hundredMB; n += len(chunk) {
			if _, err := zw.Write(chunk); err != nil {
				return
			}
		}
		zw.Close()
	})
	// 100 MB streamed without a Content-Length.
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("<item>x</item>", 4096))
		for written.Load() < hundredMB {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	// A Content-Length above the cap is refused before any body is read.
	mux.HandleFunc("GET /declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(hundredMB))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(make([]byte, 1024))
	})
	mux.HandleFunc("GET /small-gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, "<rss>fits</rss>")
		zw.Close()
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	const capBytes = 1 << 20
	f, _ := testFetcher(Options{MaxBytes: capBytes})

	for _, path := range []string{"/gzip-bomb", "/stream", "/declared"} {
		t.Run(path, func(t *testing.T) {
			var err error
			alloc := allocDuring(func() {
				_, err = f.Fetch(context.Background(), Request{URL: srv.URL + path, Local: true})
			})
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Fetch(%s) = %v, want ErrTooLarge", path, err)
			}
			if alloc > 16<<20 {
				t.Errorf("Fetch(%s) allocated %d MB, want under 16 MB for a %d MB cap", path, alloc>>20, capBytes>>20)
			}
		})
	}
	if w := written.Load(); w >= hundredMB {
		t.Errorf("the streaming server wrote all %d bytes: the fetcher read the whole body", w)
	}
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/small-gzip", Local: true})
	if err != nil || string(resp.Body) != "<rss>fits</rss>" {
		t.Errorf("Fetch(small gzip) = %q, %v; want the decompressed body", resp.Body, err)
	}
}

func TestFetchConditional(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Mon, 04 May 2026 11:00:00 GMT"
	var got200, got304 atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			got304.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		got200.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	f, _ := testFetcher(Options{})
	ctx := context.Background()

	first, err := f.Fetch(ctx, Request{URL: srv.URL, Local: true})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.ETag != etag || first.LastModified != lastMod {
		t.Fatalf("first fetch: NotModified=%v ETag=%q LastModified=%q; want a full response with validators", first.NotModified, first.ETag, first.LastModified)
	}
	tests := []struct {
		name string
		req  Request
	}{
		{"etag", Request{URL: srv.URL, Local: true, ETag: first.ETag}},
		{"last-modified", Request{URL: srv.URL, Local: true, LastModified: first.LastModified}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.Fetch(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !resp.NotModified || len(resp.Body) != 0 {
				t.Errorf("NotModified=%v body=%q, want NotModified and no body", resp.NotModified, resp.Body)
			}
			if resp.ETag != tt.req.ETag || resp.LastModified != tt.req.LastModified {
				t.Errorf("validators %q/%q, want the request's %q/%q kept", resp.ETag, resp.LastModified, tt.req.ETag, tt.req.LastModified)
			}
		})
	}
	if got200.Load() != 1 || got304.Load() != 2 {
		t.Errorf("server answered %d full and %d not-modified, want 1 and 2", got200.Load(), got304.Load())
	}
}

func TestFetchBackoffOnServerErrors(t *testing.T) {
	var hits atomic.Int32
	var healthy atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if !healthy.Load() {
			http.Error(w, "upstream down", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	f, clock := testFetcher(Options{BackoffBase: time.Minute, BackoffMax: 10 * time.Minute})
	ctx := context.Background()
	req := Request{URL: srv.URL, Source: "flaky", Local: true}

	steps := []struct {
		advance   time.Duration
		wantErr   error
		wantHits  int32
		wantFails int
	}{
		{0, ErrHTTPStatus, 1, 1},           // 503: back off 1m
		{0, ErrBackoff, 1, 1},              // refused without a request
		{time.Minute, ErrHTTPStatus, 2, 2}, // tried again: back off 2m
		{time.Minute, ErrBackoff, 2, 2},    // only 1m of 2m passed
		{time.Minute, ErrHTTPStatus, 3, 3}, // back off 4m
		{4 * time.Minute, nil, 4, 0},       // recovered: reset
	}
	for i, st := range steps {
		clock.Advance(st.advance)
		if i == len(steps)-1 {
			healthy.Store(true)
		}
		_, err := f.Fetch(ctx, req)
		if (st.wantErr == nil) != (err == nil) || st.wantErr != nil && !errors.Is(err, st.wantErr) {
			t.Fatalf("step %d: Fetch = %v, want %v", i, err, st.wantErr)
		}
		if h := hits.Load(); h != st.wantHits {
			t.Errorf("step %d: server hits %d, want %d", i, h, st.wantHits)
		}
		if n, _ := f.Backoff().State("flaky"); n != st.wantFails {
			t.Errorf("step %d: consecutive failures %d, want %d", i, n, st.wantFails)
		}
	}
	var se *StatusError
	_, err := f.Fetch(ctx, Request{URL: srv.URL + "/x", Local: true}) // no Source: no backoff kept
	if err != nil {
		t.Errorf("healthy fetch without a source: %v", err)
	}
	healthy.Store(false)
	_, err = f.Fetch(ctx, Request{URL: srv.URL, Local: true})
	if !errors.As(err, &se) || se.Code != 503 {
		t.Errorf("Fetch = %v, want a *StatusError with code 503", err)
	}
}

func TestBackoffRetryAfterAndCeiling(t *testing.T) {
	b := NewBackoff(time.Minute, 10*time.Minute)
	now := fetchTime
	if got := b.Failure("s", now, 3*time.Minute).Sub(now); got != 3*time.Minute {
		t.Errorf("with Retry-After 3m: wait %s, want 3m", got)
	}
	for range 10 {
		b.Failure("s", now, 0)
	}
	if got := b.Failure("s", now, 0).Sub(now); got != 10*time.Minute {
		t.Errorf("after 12 failures: wait %s, want the 10m ceiling", got)
	}
	if got := b.Failure("s", now, 24*time.Hour).Sub(now); got != 10*time.Minute {
		t.Errorf("Retry-After of a day: wait %s, want the 10m ceiling", got)
	}
	if got := parseRetryAfter("Mon, 04 May 2026 12:05:00 GMT", now); got != 5*time.Minute {
		t.Errorf("parseRetryAfter(date) = %s, want 5m", got)
	}
}

func TestFetchPoliteness(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	f, clock := testFetcher(Options{HostDelay: 2 * time.Second})
	ctx := context.Background()
	fetch := func(u string) {
		t.Helper()
		if _, err := f.Fetch(ctx, Request{URL: u, Local: true}); err != nil {
			t.Fatal(err)
		}
	}
	fetch(srv.URL + "/a")                    // first request to 127.0.0.1: no wait
	fetch(srv.URL + "/b")                    // same host at once: wait 2s
	fetch("http://localhost:" + port + "/c") // another host name: no wait
	clock.Advance(5 * time.Second)           // time passes
	fetch(srv.URL + "/d")                    // slot long free: no wait
	fetch(srv.URL + "/e")                    // wait 2s
	fetch(srv.URL + "/f")                    // wait 2s
	want := []time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second}
	if got := clock.Sleeps(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("politeness sleeps %v, want %v", got, want)
	}
}

func TestHostGateQueuesConcurrentCallers(t *testing.T) {
	g := &hostGate{delay: time.Second}
	var waits []time.Duration
	for range 4 {
		waits = append(waits, g.reserve("a.example", fetchTime))
	}
	if fmt.Sprint(waits) != "[0s 1s 2s 3s]" {
		t.Errorf("waits %v, want [0s 1s 2s 3s]", waits)
	}
}

func TestFetchUserAgentAndTimeout(t *testing.T) {
	var ua atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ua", func(w http.ResponseWriter, r *http.Request) { ua.Store(r.UserAgent()) })
	release := make(chan struct{})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer close(release)
	f, _ := testFetcher(Options{Contact: "newsdesk@alphadesk.example", Timeout: 200 * time.Millisecond})
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/ua", Local: true}); err != nil {
		t.Fatal(err)
	}
	got, _ := ua.Load().(string)
	if !strings.HasPrefix(got, "alphadesk/") || !strings.Contains(got, "newsdesk@alphadesk.example") {
		t.Errorf("User-Agent %q, want alphadesk/… naming the contact", got)
	}
	start := time.Now()
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/slow", Local: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Fetch(slow) = %v, want a deadline error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Fetch(slow) took %s, want about the 200ms timeout", d)
	}
}

func TestFetchStatusErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "90")
		http.Error(w, strings.Repeat("slow down ", 100), http.StatusTooManyRequests)
	}))
	defer srv.Close()
	f, _ := testFetcher(Options{})
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL, Local: true})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 429 || se.RetryAfter != 90*time.Second {
		t.Fatalf("Fetch = %v, want 429 with Retry-After 90s", err)
	}
	if !strings.Contains(err.Error(), "429 Too Many Requests") || !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("error %q should name the status and the URL", err)
	}
}
