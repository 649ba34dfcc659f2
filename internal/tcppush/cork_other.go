//go:build !linux

package tcppush

import "syscall"

// cork does nothing where TCP_CORK does not exist: responses are written
// plainly.
func cork(syscall.RawConn, bool) {}
