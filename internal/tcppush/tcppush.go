// Package tcppush sends a whole HTTP response in one TCP push.
//
// net/http writes a response through a 4 KiB buffer: the headers and the
// start of a larger body leave in one write and the rest in another, and
// with Nagle's algorithm off (Go's default) each write is a TCP push of its
// own. A page of 20 KiB therefore costs the kernel two transmissions and
// the client two wake-ups. With the connection corked for the length of the
// response (TCP_CORK on Linux; nginx's tcp_nopush does the same), the
// kernel sends it as one stream of full segments when it is uncorked.
//
// The server registers ConnContext as its http.Server.ConnContext; a
// handler that has its whole body at hand writes it with Write. Elsewhere
// (no registered connection, TLS, other systems) Write is a plain write.
package tcppush

import (
	"context"
	"net"
	"net/http"
	"syscall"
)

type connKey struct{}

// ConnContext records the request's TCP connection in its context. Use it
// as http.Server.ConnContext.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return ctx
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return ctx
	}
	return context.WithValue(ctx, connKey{}, rc)
}

// Write sends status, the headers already set on w and body as one push
// when the connection allows it, and as a plain write otherwise. Bodies
// that fit in one write are written plainly. It returns the error of the
// body's write.
func Write(w http.ResponseWriter, r *http.Request, status int, body []byte) error {
	rc, _ := r.Context().Value(connKey{}).(syscall.RawConn)
	if rc == nil || len(body) < minCorked || r.Method == http.MethodHead {
		w.WriteHeader(status)
		if r.Method == http.MethodHead {
			return nil
		}
		_, err := w.Write(body)
		return err
	}
	cork(rc, true)
	defer cork(rc, false) // sends whatever is queued
	w.WriteHeader(status)
	if _, err := w.Write(body); err != nil {
		return err
	}
	// Hand the rest of the response to the kernel while still corked.
	return http.NewResponseController(w).Flush()
}

// minCorked is the smallest body worth corking: below it the headers and
// the body leave in one write anyway.
const minCorked = 3 << 10
