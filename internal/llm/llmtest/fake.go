// Package llmtest has a hand-written fake of the llm client for tests of
// packages that draft with a model.
package llmtest

import (
	"context"
	"errors"
	"sync"

	"alphadesk/internal/llm"
)

// Fake answers Complete with CompleteFunc and records every request.
type Fake struct {
	// CompleteFunc answers; nil answers with an error.
	CompleteFunc func(ctx context.Context, req llm.Request) (llm.Response, error)

	mu       sync.Mutex
	requests []llm.Request
}

// Reply returns a Fake that answers every request with content.
func Reply(content string) *Fake {
	return &Fake{CompleteFunc: func(context.Context, llm.Request) (llm.Response, error) {
		return llm.Response{Content: content, Model: "fake", FinishReason: "stop", Attempts: 1}, nil
	}}
}

// Complete records req and calls CompleteFunc.
func (f *Fake) Complete(ctx context.Context, req llm.Request) (llm.Response, error) {
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	if f.CompleteFunc == nil {
		return llm.Response{}, errors.New("llmtest: no CompleteFunc set")
	}
	return f.CompleteFunc(ctx, req)
}

// Requests returns the requests received so far.
func (f *Fake) Requests() []llm.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]llm.Request(nil), f.requests...)
}
