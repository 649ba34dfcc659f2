package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzComplete answers every request with the fuzzed status, Retry-After
// header and body, through an in-memory transport: Complete never panics,
// never sleeps longer than the configured limits, never sends more requests
// than its retries (plus the JSON-mode fallback) allow, and what it accepts
// is the first choice of a 2xx chat completion.
func FuzzComplete(f *testing.F) {
	ok := `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`
	seeds := []struct {
		status     int
		retryAfter string
		body       string
	}{
		{200, "", ok},
		{200, "", `{"choices":[{"message":{"content":"cut"},"finish_reason":"length"}]}`},
		{200, "", `{"choices":[]}`},
		{200, "", `<html>proxy error</html>`},
		{200, "", `{"choices":[{"message":{"content":null}}],"usage":{"total_tokens":-1}}`},
		{429, "2", `{"error":{"message":"rate limited"}}`},
		{429, "Wed, 21 Oct 2015 07:28:00 GMT", `{"error":"slow down"}`},
		{429, "99999999999999999999", ``},
		{503, "-1", `upstream unavailable`},
		{400, "", `{"error":{"message":"unknown field response_format"}}`},
		{401, "", `{"error":{"message":"bad key","type":"invalid_request_error"}}`},
		{302, "", ``},
		{500, "", strings.Repeat("x", 300)},
	}
	for _, s := range seeds {
		f.Add(s.status, s.retryAfter, []byte(s.body))
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	cfg := Config{URL: "http://llm.test/v1", Model: "m", MaxRetries: 2, MaxRetryAfter: 30 * time.Second,
		MaxDelay: 5 * time.Second, MaxResponseBytes: 1 << 16}
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		status = 100 + (status%500+500)%500 // 100..599
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		requests := 0
		c.HTTP = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			requests++
			h := http.Header{}
			h.Set("Retry-After", retryAfter)
			return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
		})}
		c.Sleep = func(_ context.Context, d time.Duration) error {
			if d < 0 || d > cfg.MaxRetryAfter {
				t.Errorf("slept %s, outside [0, %s]", d, cfg.MaxRetryAfter)
			}
			return nil
		}
		c.Jitter = func() float64 { return 0.5 }
		c.Now = func() time.Time { return now }

		resp, err := c.Complete(context.Background(), Request{Messages: []Message{{Role: "user", Content: "hi"}}, JSON: true})
		if max := cfg.MaxRetries + 2; requests > max {
			t.Errorf("sent %d requests, want at most %d", requests, max)
		}
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error message")
			}
			return
		}
		if status < 200 || status > 299 {
			t.Fatalf("accepted an HTTP %d answer: %+v", status, resp)
		}
		if resp.Attempts != requests {
			t.Errorf("Attempts = %d, sent %d requests", resp.Attempts, requests)
		}
		var w struct {
			Choices []struct {
				Message struct {
					Content string `json:"content"`
				} `json:"message"`
				FinishReason string `json:"finish_reason"`
			} `json:"choices"`
		}
		if err := json.Unmarshal(body, &w); err != nil || len(w.Choices) == 0 {
			t.Fatalf("accepted a body that is not a chat completion (%v): %q", err, body)
		}
		if got, want := resp.Content, w.Choices[0].Message.Content; got != want {
			t.Errorf("Content = %q, want the first choice's %q", got, want)
		}
		if resp.FinishReason == "length" {
			t.Errorf("accepted a truncated answer without ErrTruncated")
		}
	})
}

// FuzzEndpoint feeds arbitrary base URLs to Config.Endpoint: an accepted
// one is an http(s) URL with a host whose path ends in /chat/completions,
// and it is a fixed point (its own endpoint).
func FuzzEndpoint(f *testing.F) {
	for _, s := range []string{"http://localhost:11434/v1", "https://api.openai.com/v1/", "http://h:8080",
		"http://h/v1/chat/completions", "ftp://h/v1", "http://", "localhost:8080", "http://h/%zz", "http://[::1]:80/x?y#z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ep, err := Config{URL: raw}.Endpoint()
		if err != nil {
			return
		}
		if !strings.HasPrefix(ep, "http://") && !strings.HasPrefix(ep, "https://") {
			t.Fatalf("Endpoint(%q) = %q, not http(s)", raw, ep)
		}
		again, err := Config{URL: ep}.Endpoint()
		if err != nil {
			t.Fatalf("Endpoint(%q) = %q, which is refused: %v", raw, ep, err)
		}
		if again != ep {
			t.Errorf("Endpoint(%q) = %q, but Endpoint(%q) = %q", raw, ep, ep, again)
		}
	})
}
