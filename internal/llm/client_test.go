package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// server is an httptest server speaking /v1/chat/completions. Each request
// is answered by the next handler in answers (the last one repeats).
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	answers  []http.HandlerFunc
}

type recorded struct {
	path, auth, contentType string
	body                    map[string]any
}

func newServer(t *testing.T, answers ...http.HandlerFunc) *server {
	t.Helper()
	s := &server{answers: answers}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		data, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(data, &body); err != nil {
			http.Error(w, `{"error":{"message":"bad json"}}`, http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		n := len(s.requests)
		s.requests = append(s.requests, recorded{r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), body})
		h := s.answers[min(n, len(s.answers)-1)]
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) recorded() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.requests...)
}

// completion answers with a real chat.completion body.
func completion(content, finish string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"chatcmpl-123","object":"chat.completion","created":1767225600,"model":"test-model-8b",`+
			`"system_fingerprint":"fp_1","choices":[{"index":0,"message":{"role":"assistant","content":%q},"logprobs":null,"finish_reason":%q}],`+
			`"usage":{"prompt_tokens":812,"completion_tokens":95,"total_tokens":907}}`, content, finish)
	}
}

func status(code int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// setup returns a client for url whose sleeps are recorded, not waited.
func setup(t *testing.T, url string, mod func(*Config)) (*Client, *[]time.Duration) {
	t.Helper()
	cfg := Config{URL: url, Model: "test-model", Key: "sk-test", Timeout: 2 * time.Second, MaxRetries: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	var mu sync.Mutex
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	c.Jitter = func() float64 { return 0.5 }
	return c, &waits
}

func userRequest() Request {
	temp := 0.2
	return Request{Messages: []Message{{Role: "system", Content: "Be factual."}, {Role: "user", Content: "Draft."}}, Temperature: &temp, MaxTokens: 900, JSON: true}
}

func TestCompleteRequestAndResponse(t *testing.T) {
	s := newServer(t, completion(`{"headline":"x"}`, "stop"))
	c, _ := setup(t, s.URL+"/v1", nil)
	resp, err := c.Complete(context.Background(), userRequest())
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if resp.Content != `{"headline":"x"}` || resp.Model != "test-model-8b" || resp.FinishReason != "stop" || resp.Attempts != 1 {
		t.Errorf("response %+v", resp)
	}
	if resp.Usage.TotalTokens != 907 {
		t.Errorf("usage %+v, want 907 total tokens", resp.Usage)
	}
	reqs := s.recorded()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.path != "/v1/chat/completions" {
		t.Errorf("path %q, want /v1/chat/completions", r.path)
	}
	if r.auth != "Bearer sk-test" {
		t.Errorf("Authorization %q, want bearer key", r.auth)
	}
	if r.contentType != "application/json" {
		t.Errorf("Content-Type %q", r.contentType)
	}
	if r.body["model"] != "test-model" || r.body["stream"] != false || r.body["max_tokens"] != float64(900) || r.body["temperature"] != 0.2 {
		t.Errorf("request body %v", r.body)
	}
	rf, _ := r.body["response_format"].(map[string]any)
	if rf["type"] != "json_object" {
		t.Errorf("response_format %v, want json_object", r.body["response_format"])
	}
	msgs, _ := r.body["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["role"] != "system" {
		t.Errorf("messages %v", msgs)
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://localhost:11434/v1", "http://localhost:11434/v1/chat/completions"},
		{"http://localhost:11434/v1/", "http://localhost:11434/v1/chat/completions"},
		{"http://localhost:8080", "http://localhost:8080/v1/chat/completions"},
		{"https://api.example.com/v1/chat/completions", "https://api.example.com/v1/chat/completions"},
		{"https://proxy.example.com/openai", "https://proxy.example.com/openai/chat/completions"},
	}
	for _, tc := range tests {
		got, err := Config{URL: tc.in}.Endpoint()
		if err != nil || got != tc.want {
			t.Errorf("Endpoint(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "localhost:8080", "ftp://x/v1", "http://"} {
		if _, err := (Config{URL: bad}).Endpoint(); err == nil || !strings.Contains(err.Error(), EnvURL) {
			t.Errorf("Endpoint(%q) error %v, want one naming %s", bad, err, EnvURL)
		}
	}
	if err := (Config{URL: "http://x"}).Validate(); err == nil || !strings.Contains(err.Error(), EnvModel) {
		t.Errorf("Validate without model: %v, want error naming %s", err, EnvModel)
	}
}

func TestRetries(t *testing.T) {
	ok := completion("fine", "stop")
	tests := []struct {
		name         string
		answers      []http.HandlerFunc
		wantErr      error  // nil: success
		wantMsg      string // substring of the error
		wantAttempts int
		wantWaits    []time.Duration
	}{
		{"503 then success", []http.HandlerFunc{status(503, `{"error":{"message":"overloaded"}}`), ok}, nil, "", 2, []time.Duration{75 * time.Millisecond}},
		{"429 honours Retry-After seconds", []http.HandlerFunc{status(429, `{"error":{"message":"rate limited"}}`, "Retry-After", "3"), ok}, nil, "", 2, []time.Duration{3 * time.Second}},
		{"429 honours Retry-After date", []http.HandlerFunc{status(429, `{}`, "Retry-After", "Thu, 01 Jan 2026 00:00:05 GMT"), ok}, nil, "", 2, []time.Duration{5 * time.Second}},
		{"exponential backoff", []http.HandlerFunc{status(500, ``), status(502, ``), status(504, ``), ok}, nil, "", 4, []time.Duration{75 * time.Millisecond, 150 * time.Millisecond, 300 * time.Millisecond}},
		{"gives up after retries", []http.HandlerFunc{status(503, `{"error":{"message":"overloaded"}}`)}, ErrUnavailable, "overloaded", 4, nil},
		{"Retry-After too long", []http.HandlerFunc{status(429, `{}`, "Retry-After", "3600")}, nil, "longer than", 1, nil},
		{"401 is not retried", []http.HandlerFunc{status(401, `{"error":{"message":"invalid api key","type":"invalid_request_error"}}`)}, nil, "check " + EnvKey, 1, nil},
		{"404 names the settings", []http.HandlerFunc{status(404, `{"error":"model not found"}`)}, nil, "model not found (check " + EnvURL, 1, nil},
		{"json mode refused, asked again without it", []http.HandlerFunc{status(400, `{"error":{"message":"response_format is not supported"}}`), ok}, nil, "", 2, nil},
		{"not a completion", []http.HandlerFunc{status(200, `<html>proxy error</html>`)}, ErrBadResponse, "proxy error", 1, nil},
		{"no choices", []http.HandlerFunc{status(200, `{"id":"x","object":"chat.completion","choices":[]}`)}, ErrBadResponse, "no choices", 1, nil},
		{"truncated", []http.HandlerFunc{completion(`{"headline":`, "length")}, ErrTruncated, "token limit", 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, tc.answers...)
			c, waits := setup(t, s.URL+"/v1", nil)
			c.Now = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
			resp, err := c.Complete(context.Background(), userRequest())
			if n := len(s.recorded()); n != tc.wantAttempts {
				t.Errorf("%d requests, want %d", n, tc.wantAttempts)
			}
			if tc.wantErr == nil && tc.wantMsg == "" {
				if err != nil {
					t.Fatalf("Complete: %v", err)
				}
				if resp.Content != "fine" || resp.Attempts != tc.wantAttempts {
					t.Errorf("response %+v", resp)
				}
			} else {
				if err == nil {
					t.Fatalf("Complete succeeded, want error %q", tc.wantMsg)
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("error %v is not %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantMsg) {
					t.Errorf("error %q does not contain %q", err, tc.wantMsg)
				}
			}
			if tc.wantWaits != nil {
				if fmt.Sprint(*waits) != fmt.Sprint(tc.wantWaits) {
					t.Errorf("waits %v, want %v", *waits, tc.wantWaits)
				}
			}
		})
	}
}

func TestJSONFallbackDropsResponseFormat(t *testing.T) {
	s := newServer(t, status(400, `{"error":{"message":"Unrecognized request argument supplied: response_format"}}`), completion("{}", "stop"))
	c, _ := setup(t, s.URL, nil)
	if _, err := c.Complete(context.Background(), userRequest()); err != nil {
		t.Fatal(err)
	}
	reqs := s.recorded()
	if _, ok := reqs[1].body["response_format"]; ok {
		t.Errorf("second request still has response_format: %v", reqs[1].body)
	}
}

func TestEndpointDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens here now
	c, waits := setup(t, "http://"+addr+"/v1", func(c *Config) { c.MaxRetries = 2 })
	_, err = c.Complete(context.Background(), userRequest())
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable", err)
	}
	for _, want := range []string{"cannot reach", "3 attempts", "is the server running", EnvURL} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if len(*waits) != 2 {
		t.Errorf("%d waits, want 2", len(*waits))
	}
}

func TestAttemptTimeout(t *testing.T) {
	release := make(chan struct{})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}, completion("late but fine", "stop"))
	defer close(release)
	c, _ := setup(t, s.URL+"/v1", func(c *Config) { c.Timeout = 50 * time.Millisecond })
	resp, err := c.Complete(context.Background(), userRequest())
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if resp.Attempts != 2 {
		t.Errorf("attempts %d, want 2 (first timed out)", resp.Attempts)
	}
}

func TestResponseTooLarge(t *testing.T) {
	s := newServer(t, completion(strings.Repeat("x", 5000), "stop"))
	c, _ := setup(t, s.URL+"/v1", func(c *Config) { c.MaxResponseBytes = 1024 })
	_, err := c.Complete(context.Background(), userRequest())
	if !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("error %v, want ErrResponseTooLarge", err)
	}
	if n := len(s.recorded()); n != 1 {
		t.Errorf("%d requests, want 1 (too large is not retried)", n)
	}
}

func TestContextCancelled(t *testing.T) {
	s := newServer(t, status(503, `{}`))
	c, _ := setup(t, s.URL+"/v1", nil)
	ctx, cancel := context.WithCancel(context.Background())
	c.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := c.Complete(ctx, userRequest())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{EnvURL: " http://x/v1 ", EnvModel: "m", EnvKey: "k"}
	got := ConfigFromEnv(func(k string) string { return env[k] })
	if got.URL != "http://x/v1" || got.Model != "m" || got.Key != "k" {
		t.Errorf("ConfigFromEnv = %+v", got)
	}
}

func TestRealSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep on a cancelled context: %v", err)
	}
}
