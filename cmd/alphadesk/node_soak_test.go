//go:build soak

package main

import (
	"strings"
	"testing"
	"time"
)

// What the soak test and the scaling benchmark need of a node beyond the
// cluster test's.

// pid is the current process's ID.
func (n *node) pid() int {
	cmd, _, _ := n.running()
	return cmd.Process.Pid
}

// runNode runs one alphadesk command as a child process to its end.
func runNode(tb testing.TB, timeout time.Duration, args ...string) {
	tb.Helper()
	n := startNode(tb, args...)
	_, out, done := n.running()
	select {
	case <-done:
		n.mu.Lock()
		err := n.err
		n.mu.Unlock()
		if err != nil {
			tb.Fatalf("alphadesk %s: %v\n%s", strings.Join(args, " "), err, tail(out.String(), 3000))
		}
	case <-time.After(timeout):
		tb.Fatalf("alphadesk %s: not done after %s\n%s", strings.Join(args, " "), timeout, tail(out.String(), 3000))
	}
}
