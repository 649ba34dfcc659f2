package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// panicStore panics where the score list reads securities.
type panicStore struct{ *fakeStore }

func (panicStore) Securities(context.Context, store.SecurityFilter) ([]market.Security, error) {
	panic("assignment to entry in nil map")
}

// TestHandlerPanic: a panic in a handler is a JSON 500 that says nothing
// of the cause, and the panic is in the log.
func TestHandlerPanic(t *testing.T) {
	st, news := fixture()
	var logs bytes.Buffer
	s, err := New(Deps{Store: panicStore{st}, Newsroom: news}, slog.New(slog.NewTextHandler(&logs, nil)),
		Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	rec := do(s, "GET", "/api/v1/scores")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if e := apiError(t, rec); e.Code != codeInternal || strings.Contains(e.Message, "nil map") {
		t.Errorf("error %+v: want %q without the panic's text", e, codeInternal)
	}
	if !strings.Contains(logs.String(), "panic: assignment to entry in nil map") {
		t.Errorf("panic not logged:\n%s", logs.String())
	}
	if rec := do(s, "GET", "/api/v1/stories"); rec.Code != http.StatusOK {
		t.Errorf("after the panic, stories: status %d, want 200", rec.Code)
	}
}
