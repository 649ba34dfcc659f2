package tcppush

import "syscall"

// cork sets or clears TCP_CORK. Errors are ignored: at worst the response
// leaves in two pushes, as it would without this package.
func cork(rc syscall.RawConn, on bool) {
	v := 0
	if on {
		v = 1
	}
	_ = rc.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, v)
	})
}
