package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// node is one alphadesk child process of a test (the test binary re-run
// as alphadesk): a worker, a web node, or a one-shot command. It can be
// killed and started again with the same arguments, as a supervisor would
// restart it; it works under tests and benchmarks alike.
type node struct {
	tb   testing.TB
	args []string
	// addr is a serve node's base URL ("http://127.0.0.1:PORT"), read from
	// its first output line that names it.
	addr string

	mu   sync.Mutex
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{} // closed when Wait has returned
	err  error         // Wait's result, set before done is closed
}

var nodeAddrRE = regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)

// startNode starts alphadesk with args, waits for a serve node's address,
// and kills the process at the end of the test if it is still running.
func startNode(tb testing.TB, args ...string) *node {
	tb.Helper()
	n := &node{tb: tb, args: args}
	n.start()
	tb.Cleanup(n.kill)
	return n
}

// start starts the process (again, after kill or stop).
func (n *node) start() {
	n.tb.Helper()
	cmd := exec.Command(os.Args[0], n.args...)
	cmd.Env = append(os.Environ(), "ALPHADESK_TEST_MAIN=1")
	out := new(lockedBuffer)
	addr := make(chan string, 1)
	cmd.Stdout = &addrWatch{out: out, addr: addr}
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		n.tb.Fatalf("start alphadesk %s: %v", strings.Join(n.args, " "), err)
	}
	done := make(chan struct{})
	n.mu.Lock()
	n.cmd, n.out, n.done, n.err = cmd, out, done, nil
	n.mu.Unlock()
	go func() {
		err := cmd.Wait()
		n.mu.Lock()
		if n.done == done {
			n.err = err
		}
		n.mu.Unlock()
		close(done)
	}()
	if !servesSite(n.args) {
		return
	}
	select {
	case a := <-addr:
		n.addr = a
	case <-done:
		n.tb.Fatalf("alphadesk %s exited before serving:\n%s", strings.Join(n.args, " "), out.String())
	case <-time.After(30 * time.Second):
		n.tb.Fatalf("alphadesk %s printed no address:\n%s", strings.Join(n.args, " "), out.String())
	}
}

// servesSite reports whether alphadesk with args serves the site and
// announces its address: serve, and run and demo unless told not to.
func servesSite(args []string) bool {
	switch args[0] {
	case "serve":
		return true
	case "run", "demo":
		return !slices.Contains(args, "--no-serve")
	}
	return false
}

// addrWatch copies a process's standard output and sends the first
// address it announces.
type addrWatch struct {
	out  *lockedBuffer
	addr chan<- string
	line []byte
	sent bool
}

func (w *addrWatch) Write(p []byte) (int, error) {
	w.out.Write(p)
	if w.sent {
		return len(p), nil
	}
	w.line = append(w.line, p...)
	for {
		i := bytes.IndexByte(w.line, '\n')
		if i < 0 {
			return len(p), nil
		}
		if m := nodeAddrRE.FindSubmatch(w.line[:i]); m != nil {
			w.addr <- string(m[1])
			w.sent, w.line = true, nil
			return len(p), nil
		}
		w.line = w.line[i+1:]
	}
}

// running returns the current process, its output and its done channel.
func (n *node) running() (*exec.Cmd, *lockedBuffer, chan struct{}) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.cmd, n.out, n.done
}

// output is what the current process has printed so far.
func (n *node) output() string {
	_, out, _ := n.running()
	return out.String()
}

// kill ends the process with SIGKILL: no shutdown, no cleanup.
func (n *node) kill() {
	cmd, _, done := n.running()
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done
}

// stop ends the process with SIGTERM, waits up to 30 seconds for it, and
// returns its exit error.
func (n *node) stop() error { return n.stopWith(syscall.SIGTERM, 30*time.Second) }

// stopWith sends sig, waits up to wait for the process to exit, and
// returns its exit error; a process still running then is killed.
func (n *node) stopWith(sig syscall.Signal, wait time.Duration) error {
	cmd, _, done := n.running()
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(wait):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return fmt.Errorf("no exit %s after %s (killed)", wait, sig)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.err
}

// tail is the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
