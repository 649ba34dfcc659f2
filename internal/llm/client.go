// Package llm is a small client for OpenAI-compatible chat-completions
// endpoints: hosted APIs, vLLM, Ollama and llama.cpp all speak the same
// POST /v1/chat/completions request and response.
//
// The client adds what a newsroom pipeline needs around one call: a timeout
// per attempt, retries with exponential backoff and jitter on rate limits,
// server errors and network failures (honouring Retry-After), a limit on the
// size of answers, and errors that say what to fix when the endpoint is down
// or refuses the request. The llmtest sub-package has a hand-written fake.
package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvURL   = "ALPHADESK_LLM_URL"   // base URL, e.g. http://localhost:11434/v1 (Ollama), https://api.openai.com/v1
	EnvModel = "ALPHADESK_LLM_MODEL" // model name, e.g. llama3.1:8b, gpt-4o-mini
	EnvKey   = "ALPHADESK_LLM_KEY"   // API key sent as a bearer token; empty for local servers
)

// Defaults for Config fields left zero.
const (
	DefaultTimeout          = 2 * time.Minute
	DefaultMaxRetries       = 3
	DefaultBaseDelay        = 500 * time.Millisecond
	DefaultMaxDelay         = 20 * time.Second
	DefaultMaxRetryAfter    = time.Minute
	DefaultMaxResponseBytes = 4 << 20
)

// Config says where the model is and how patient to be with it.
type Config struct {
	// URL is the endpoint's base URL ("http://localhost:8080/v1") or the
	// full chat-completions URL. A bare host gets /v1/chat/completions.
	URL string
	// Model is sent as the request's "model".
	Model string
	// Key, when set, is sent as "Authorization: Bearer KEY".
	Key string
	// Timeout bounds one attempt, including reading the answer.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is retried (429, 5xx,
	// network errors, timeouts). Negative means none.
	MaxRetries int
	// BaseDelay is the first backoff; it doubles each retry up to MaxDelay,
	// with jitter.
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client will wait; a
	// server asking for more makes the call fail at once.
	MaxRetryAfter time.Duration
	// MaxResponseBytes limits the size of a response body.
	MaxResponseBytes int64
}

// ConfigFromEnv reads URL, model and key from the environment.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		URL:   strings.TrimSpace(getenv(EnvURL)),
		Model: strings.TrimSpace(getenv(EnvModel)),
		Key:   strings.TrimSpace(getenv(EnvKey)),
	}
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.BaseDelay <= 0 {
		c.BaseDelay = DefaultBaseDelay
	}
	if c.MaxDelay <= 0 {
		c.MaxDelay = DefaultMaxDelay
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.MaxResponseBytes <= 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	return c
}

// Endpoint returns the chat-completions URL for the configured base URL.
func (c Config) Endpoint() (string, error) {
	if c.URL == "" {
		return "", fmt.Errorf("no model endpoint: set %s (for example http://localhost:11434/v1 for Ollama)", EnvURL)
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s %q is not an http(s) URL like http://localhost:8080/v1", EnvURL, c.URL)
	}
	p := strings.TrimRight(u.Path, "/")
	switch {
	case strings.HasSuffix(p, "/chat/completions"):
	case p == "":
		p = "/v1/chat/completions"
	default:
		p += "/chat/completions"
	}
	u.Path = p
	return u.String(), nil
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if _, err := c.Endpoint(); err != nil {
		return err
	}
	if c.Model == "" {
		return fmt.Errorf("no model name: set %s (for example llama3.1:8b or gpt-4o-mini)", EnvModel)
	}
	return nil
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"` // "system", "user" or "assistant"
	Content string `json:"content"`
}

// Request is one chat completion request.
type Request struct {
	Messages []Message
	// Temperature is sent when not nil.
	Temperature *float64
	// MaxTokens is sent as max_tokens when positive.
	MaxTokens int
	// JSON asks for a JSON object answer (response_format json_object).
	// Servers that reject the field are asked again without it.
	JSON bool
}

// Response is the model's answer.
type Response struct {
	Content      string
	Model        string // the model that answered, as the server names it
	FinishReason string
	Usage        Usage
	// Attempts is how many HTTP requests the answer took.
	Attempts int
}

// Usage is the token accounting a server reports.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// Errors the client wraps; callers branch on them with errors.Is.
var (
	// ErrUnavailable means the endpoint could not be reached or kept
	// failing after every retry.
	ErrUnavailable = errors.New("model endpoint unavailable")
	// ErrResponseTooLarge means the answer exceeded MaxResponseBytes.
	ErrResponseTooLarge = errors.New("model response too large")
	// ErrBadResponse means the server answered with something that is not
	// a chat completion.
	ErrBadResponse = errors.New("not a chat completion response")
	// ErrTruncated means the answer stopped at the token limit.
	ErrTruncated = errors.New("model answer cut off at the token limit")
)

// StatusError is an HTTP error answer from the endpoint.
type StatusError struct {
	Code    int
	Message string // the server's error message, if it sent one
	// RetryAfter is the wait the server asked for (0 when none).
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	switch e.Code {
	case http.StatusUnauthorized, http.StatusForbidden:
		msg += " (check " + EnvKey + ")"
	case http.StatusNotFound:
		msg += " (check " + EnvURL + " and " + EnvModel + ")"
	}
	return msg
}

func (e *StatusError) retryable() bool {
	switch e.Code {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Client calls one chat-completions endpoint. Its function fields are the
// seams tests replace; New fills them.
type Client struct {
	cfg      Config
	endpoint string
	shown    string // endpoint for messages: without a password
	// HTTP sends the requests.
	HTTP *http.Client
	// Sleep waits between attempts, returning early with ctx's error.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1) that spreads backoff delays.
	Jitter func() float64
	// Now is the clock used to read Retry-After dates.
	Now func() time.Time
}

// New returns a client for cfg, with defaults for zero fields.
func New(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	ep, _ := cfg.Endpoint()
	return &Client{
		cfg:      cfg,
		endpoint: ep,
		shown:    redactURL(ep),
		HTTP:     &http.Client{},
		Sleep:    sleep,
		Jitter:   rand.Float64,
		Now:      time.Now,
	}, nil
}

// Config returns the client's configuration with defaults applied.
func (c *Client) Config() Config { return c.cfg }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// wire types of the chat-completions API
type wireRequest struct {
	Model          string          `json:"model"`
	Messages       []Message       `json:"messages"`
	Temperature    *float64        `json:"temperature,omitempty"`
	MaxTokens      int             `json:"max_tokens,omitempty"`
	ResponseFormat *responseFormat `json:"response_format,omitempty"`
	Stream         bool            `json:"stream"`
}

type responseFormat struct {
	Type string `json:"type"`
}

type wireResponse struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Model   string `json:"model"`
	Choices []struct {
		Index   int `json:"index"`
		Message struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage Usage `json:"usage"`
}

type wireError struct {
	Error json.RawMessage `json:"error"`
}

// Complete sends req and returns the first choice of the answer. Its
// errors never carry the API key, even when the server echoes it.
func (c *Client) Complete(ctx context.Context, req Request) (Response, error) {
	resp, err := c.complete(ctx, req)
	if err != nil && c.cfg.Key != "" && strings.Contains(err.Error(), c.cfg.Key) {
		err = &redactedError{msg: strings.ReplaceAll(err.Error(), c.cfg.Key, "[redacted]"), err: err}
	}
	return resp, err
}

// redactedError is an error whose message had a secret removed; errors.Is
// and errors.As still see the error it wraps.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func (c *Client) complete(ctx context.Context, req Request) (Response, error) {
	if len(req.Messages) == 0 {
		return Response{}, errors.New("llm: request has no messages")
	}
	wr := wireRequest{Model: c.cfg.Model, Messages: req.Messages, Temperature: req.Temperature, MaxTokens: req.MaxTokens}
	if req.JSON {
		wr.ResponseFormat = &responseFormat{Type: "json_object"}
	}
	var lastErr error
	attempts := 0
	jsonFallback := false
	for retry := 0; retry <= c.cfg.MaxRetries; retry++ {
		if retry > 0 {
			wait := c.backoff(retry)
			var se *StatusError
			if errors.As(lastErr, &se) && se.RetryAfter > 0 {
				if se.RetryAfter > c.cfg.MaxRetryAfter {
					return Response{}, fmt.Errorf("llm %s: server asked to retry after %s, longer than the %s limit: %w", c.shown, se.RetryAfter, c.cfg.MaxRetryAfter, lastErr)
				}
				wait = se.RetryAfter
			}
			if err := c.Sleep(ctx, wait); err != nil {
				return Response{}, fmt.Errorf("llm %s: %w (last error: %v)", c.shown, err, lastErr)
			}
		}
		attempts++
		resp, err := c.attempt(ctx, wr)
		if err == nil {
			resp.Attempts = attempts
			return resp, nil
		}
		if ctx.Err() != nil {
			return Response{}, fmt.Errorf("llm %s: %w", c.shown, ctx.Err())
		}
		var se *StatusError
		if errors.As(err, &se) && se.Code == http.StatusBadRequest && wr.ResponseFormat != nil && !jsonFallback &&
			strings.Contains(strings.ToLower(se.Message), "response_format") {
			// The server does not support JSON mode: ask again without it;
			// the prompt still asks for JSON.
			wr.ResponseFormat = nil
			jsonFallback = true
			retry--
			lastErr = err
			continue
		}
		if !retryable(err) {
			return Response{}, fmt.Errorf("llm %s: %w", c.shown, err)
		}
		lastErr = err
	}
	var se *StatusError
	if errors.As(lastErr, &se) {
		return Response{}, fmt.Errorf("llm %s: %w after %d attempts: %w", c.shown, ErrUnavailable, attempts, lastErr)
	}
	return Response{}, fmt.Errorf("llm %s: %w: cannot reach it after %d attempts: %v (is the server running? check %s)",
		c.shown, ErrUnavailable, attempts, lastErr, EnvURL)
}

// backoff is the wait before retry n (1-based): BaseDelay·2^(n-1), capped at
// MaxDelay, scaled by a jitter factor in [0.5, 1).
func (c *Client) backoff(n int) time.Duration {
	d := c.cfg.BaseDelay << (n - 1)
	if d > c.cfg.MaxDelay || d <= 0 {
		d = c.cfg.MaxDelay
	}
	return time.Duration(float64(d) * (0.5 + 0.5*c.Jitter()))
}

func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.retryable()
	}
	if errors.Is(err, ErrResponseTooLarge) || errors.Is(err, ErrBadResponse) || errors.Is(err, ErrTruncated) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	// connection refused, reset, EOF mid-answer, per-attempt timeout
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, context.DeadlineExceeded) ||
		strings.Contains(err.Error(), "connection")
}

// attempt sends one request with the per-attempt timeout.
func (c *Client) attempt(ctx context.Context, wr wireRequest) (Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	body, err := json.Marshal(wr)
	if err != nil {
		return Response{}, fmt.Errorf("encode request: %w", err)
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return Response{}, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept", "application/json")
	if c.cfg.Key != "" {
		hr.Header.Set("Authorization", "Bearer "+c.cfg.Key)
	}
	res, err := c.HTTP.Do(hr)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, c.cfg.MaxResponseBytes+1))
	if err != nil {
		return Response{}, fmt.Errorf("read response: %w", err)
	}
	if int64(len(data)) > c.cfg.MaxResponseBytes {
		return Response{}, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, c.cfg.MaxResponseBytes)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return Response{}, &StatusError{Code: res.StatusCode, Message: errorMessage(data), RetryAfter: c.retryAfter(res.Header.Get("Retry-After"))}
	}
	var wresp wireResponse
	if err := json.Unmarshal(data, &wresp); err != nil {
		return Response{}, fmt.Errorf("%w: %v (body starts %q)", ErrBadResponse, err, prefix(data, 120))
	}
	if len(wresp.Choices) == 0 {
		return Response{}, fmt.Errorf("%w: no choices (body starts %q)", ErrBadResponse, prefix(data, 120))
	}
	ch := wresp.Choices[0]
	out := Response{Content: ch.Message.Content, Model: wresp.Model, FinishReason: ch.FinishReason, Usage: wresp.Usage}
	if ch.FinishReason == "length" {
		return out, fmt.Errorf("%w (%d completion tokens)", ErrTruncated, wresp.Usage.CompletionTokens)
	}
	return out, nil
}

// errorMessage extracts the message of an OpenAI-style error body
// ({"error":{"message":…}} or {"error":"…"}), or the start of the body.
func errorMessage(data []byte) string {
	var we wireError
	if json.Unmarshal(data, &we) == nil && len(we.Error) > 0 {
		var obj struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(we.Error, &obj) == nil && obj.Message != "" {
			return obj.Message
		}
		var s string
		if json.Unmarshal(we.Error, &s) == nil && s != "" {
			return s
		}
	}
	return strings.TrimSpace(prefix(data, 200))
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func (c *Client) retryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(c.Now()); d > 0 {
			return d
		}
	}
	return 0
}

func prefix(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// redactURL returns u with any password replaced, for messages.
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Redacted()
}
