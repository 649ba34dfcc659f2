// Command alphadesk is a self-hosted market-news desk in one binary.
//
// Usage:
//
//	alphadesk <command> [flags]
//
// Run `alphadesk help` for the list of commands and `alphadesk help
// <command>` for one command's flags. This package only reads flags and the
// environment and wires the internal packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	_ "time/tzdata" // exchange time zones on machines without a zoneinfo database

	"alphadesk/internal/config"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command ran and failed
	exitUsage = 2 // bad flags, arguments or input
)

// env is what a command gets from the outside world; tests build their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// stderrIsTerminal enables progress bars.
	stderrIsTerminal bool
}

// command is one `alphadesk <name>` subcommand.
type command struct {
	name    string
	summary string
	usage   string // the argument synopsis after the name
	help    string // paragraphs shown by `alphadesk help <name>`, wrapped
	// details, when set, returns preformatted text shown after help.
	details func() string
	// flags declares the command's flags on fs and returns the function that
	// runs it with the parsed flags and the remaining arguments.
	flags func(fs *flag.FlagSet, cfg *config.Config) func(ctx context.Context, e env, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// usageError marks errors caused by how the command was called.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, stderrIsTerminal: isTerminal(os.Stderr)}
	os.Exit(run(ctx, os.Args[1:], e))
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		printUsage(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			printUsage(e.stdout)
			return exitOK
		}
		c, ok := commands[rest[0]]
		if !ok {
			fmt.Fprintf(e.stderr, "alphadesk: unknown command %q\n\n", rest[0])
			printUsage(e.stderr)
			return exitUsage
		}
		fs, _ := newFlagSet(c, e)
		fs.SetOutput(e.stdout)
		fs.Usage()
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "alphadesk: unknown command %q\n\n", name)
		printUsage(e.stderr)
		return exitUsage
	}
	fs, runFn := newFlagSet(c, e)
	positional, err := parseInterleaved(fs, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // the flag package has printed the problem and usage
	}
	err = runFn(ctx, e, positional)
	if err == nil {
		return exitOK
	}
	var st exitStatus
	if errors.As(err, &st) {
		return int(st) // the command has already written its result
	}
	fmt.Fprintf(e.stderr, "alphadesk %s: %v\n", name, err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "Run 'alphadesk help %s' for usage.\n", name)
		return exitUsage
	}
	var ie inputError
	if errors.As(err, &ie) {
		return exitUsage
	}
	return exitError
}

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments ("import prices --db x.db a.csv --format stooq-long
// b.csv"); everything after "--" is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if endsWithTerminator(fs, args[:len(args)-len(rest)]) {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// endsWithTerminator reports whether the flags fs.Parse consumed ended at
// the "--" that stops flag parsing (the flag package drops it), rather than
// at a flag's value that happens to be "--".
func endsWithTerminator(fs *flag.FlagSet, consumed []string) bool {
	for i := 0; i < len(consumed); i++ {
		if consumed[i] == "--" {
			return true
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(consumed[i][1:], "-"), "=")
		if hasValue {
			continue
		}
		if fl := fs.Lookup(name); fl == nil {
			continue
		} else if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		i++ // the flag's value is the next argument
	}
	return false
}

// exitStatus is returned by a command whose outcome is a status of its own
// (e.g. `check`: 10 hold, 20 reject) after it has written its output.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// inputError marks failures caused by bad input files (exit code 2).
type inputError struct{ err error }

func (i inputError) Error() string { return i.err.Error() }
func (i inputError) Unwrap() error { return i.err }

func newFlagSet(c command, e env) (*flag.FlagSet, func(ctx context.Context, e env, args []string) error) {
	fs := flag.NewFlagSet("alphadesk "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg, cfgErr := config.Load(e.getenv)
	runFn := c.flags(fs, &cfg)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: alphadesk %s %s\n\n%s\n", c.name, c.usage, wrap(c.help, 78))
		if c.details != nil {
			fmt.Fprintf(w, "\n%s", c.details())
		}
		if hasFlags(fs) {
			fmt.Fprintf(w, "\nFlags:\n")
			fs.PrintDefaults()
		}
		fmt.Fprintf(w, "\nEnvironment: %s (database file), %s (listen address).\n", config.EnvDB, config.EnvAddr)
	}
	return fs, func(ctx context.Context, e env, args []string) error {
		if cfgErr != nil {
			return cfgErr
		}
		return runFn(ctx, e, args)
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, "alphadesk is a self-hosted market-news desk.\n\nUsage: alphadesk <command> [flags]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, "\nRun 'alphadesk help <command>' for a command's flags.\n")
}

// wrap breaks text into lines of at most width characters.
func wrap(text string, width int) string {
	var b strings.Builder
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString("\n\n")
		}
		n := 0
		for j, word := range strings.Fields(para) {
			if j > 0 && n+1+len(word) > width {
				b.WriteByte('\n')
				n = 0
			} else if j > 0 {
				b.WriteByte(' ')
				n++
			}
			b.WriteString(word)
			n += len(word)
		}
	}
	return b.String()
}

// dbFlag and addrFlag declare the shared flags, defaulting to cfg.
func dbFlag(fs *flag.FlagSet, cfg *config.Config) {
	fs.StringVar(&cfg.DBPath, "db", cfg.DBPath, "SQLite database `file`, or PostgreSQL URL postgres://… (env "+config.EnvDB+")")
}

func addrFlag(fs *flag.FlagSet, cfg *config.Config) {
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address `HOST:PORT` (env "+config.EnvAddr+")")
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
