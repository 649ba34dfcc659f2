package tcppush

import (
	"net/http"
	"syscall"
	"testing"
)

// corked reports whether the request's connection has TCP_CORK set.
func corked(t *testing.T, r *http.Request) bool {
	rc, _ := r.Context().Value(connKey{}).(syscall.RawConn)
	if rc == nil {
		t.Fatal("the connection was not recorded by ConnContext")
	}
	var v int
	var err error
	if cerr := rc.Control(func(fd uintptr) { v, err = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK) }); cerr != nil {
		t.Fatal(cerr)
	}
	if err != nil {
		t.Fatal(err)
	}
	return v != 0
}
