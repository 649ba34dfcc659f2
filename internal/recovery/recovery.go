// Package recovery turns a panic in an HTTP handler into an ordinary
// server error: the handler's own error page and a log line, instead of
// net/http's default of a dropped connection and a stack trace on stderr.
// The public site, the JSON API and the editors' console share it, each
// answering the error in its own format.
package recovery

import (
	"log/slog"
	"net/http"
)

// Error is a recovered panic, as the error handed to the fail function.
type Error struct{ Value any }

func (e *Error) Error() string { return "panic: " + slog.AnyValue(e.Value).String() }

// Handler calls next and, if it panics, calls fail with the panic as an
// *Error. http.ErrAbortHandler is panicked again: it is how a handler asks
// net/http to abort the response, and net/http knows not to log it.
//
// When the handler had already written part of its answer, fail can only
// add to it (its status is lost); the log line is what matters then.
func Handler(next http.Handler, fail func(http.ResponseWriter, *http.Request, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				fail(w, r, &Error{Value: v})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
