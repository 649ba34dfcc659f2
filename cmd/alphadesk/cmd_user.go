package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"alphadesk/internal/admin"
	"alphadesk/internal/admin/account"
	"alphadesk/internal/config"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/rules"
)

// envBehindProxy, when "1" or "true", tells the editor console that a
// TLS-terminating reverse proxy is in front: its cookies are always Secure
// and failed logins are counted per X-Forwarded-For address.
const envBehindProxy = "ALPHADESK_BEHIND_PROXY"

// adminConsole builds the editor console over db (mounted by siteHandler).
func adminConsole(db *database, logger *slog.Logger) (*admin.Console, error) {
	proxy := strings.ToLower(strings.TrimSpace(os.Getenv(envBehindProxy)))
	return admin.New(admin.Config{
		Newsroom:    newsroom.NewService(db.Newsroom, newsroom.Options{}),
		Accounts:    db.Accounts,
		Ops:         admin.IngestOps{Path: db.Target},
		Market:      func(ctx context.Context, symbol string) rules.Market { return marketFor(ctx, db, symbol) },
		Logger:      logger,
		BehindProxy: proxy == "1" || proxy == "true",
	})
}

func init() {
	register(command{
		name:    "user",
		summary: "manage editor console users: add, list, passwd",
		usage:   "add NAME [--password-stdin] | list | passwd NAME [--password-stdin]  [--db PATH]",
		help: "user add NAME creates an editor who can log in to the console at /admin/; NAME is also the actor the " +
			"audit log records for the editor's decisions (lower-case letters, digits, '.', '_', '-'). The password " +
			"(at least 12 characters) is asked for twice on a terminal, or read from the first line of standard " +
			"input with --password-stdin. It is stored only as an argon2id hash.\n\n" +
			"user list prints every user with when they were created and last changed their password.\n\n" +
			"user passwd NAME sets a new password and ends all of the user's console sessions.\n\n" +
			"Set " + envBehindProxy + "=1 when the site runs behind a TLS-terminating proxy (see docs/editor-console.md).",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			dbFlag(fs, cfg)
			stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) == 0 {
					return usagef("want a subcommand: add NAME, list or passwd NAME")
				}
				if err := cfg.Validate(); err != nil {
					return usageError{err.Error()}
				}
				switch {
				case args[0] == "add" && len(args) == 2, args[0] == "passwd" && len(args) == 2:
					if err := account.CheckName(args[1]); err != nil {
						return usageError{err.Error()}
					}
				case args[0] == "list" && len(args) == 1:
				default:
					return usagef("unexpected arguments %q: want add NAME, list or passwd NAME", args)
				}
				db, err := openExisting(ctx, cfg.DBPath, false)
				if err != nil {
					return err
				}
				defer db.Close()
				accts := db.Accounts
				if args[0] == "list" {
					return listUsers(ctx, e.stdout, accts)
				}
				name := args[1]
				if args[0] == "passwd" {
					if _, err := accts.User(ctx, name); err != nil {
						if errors.Is(err, account.ErrNotFound) {
							return inputError{fmt.Errorf("no user %q: create it with `alphadesk user add %s`", name, name)}
						}
						return err
					}
				}
				pw, err := readPassword(e, *stdin)
				if err != nil {
					return err
				}
				hash, err := account.Hash(pw, account.DefaultParams)
				if err != nil {
					return err
				}
				now := time.Now().UTC()
				if args[0] == "passwd" {
					if err := accts.SetPassword(ctx, name, hash, now); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "user %s: password changed; their console sessions have ended\n", name)
					return nil
				}
				if err := accts.CreateUser(ctx, account.User{Name: name, PasswordHash: hash, Created: now, PasswordChanged: now}); err != nil {
					if errors.Is(err, account.ErrExists) {
						return inputError{fmt.Errorf("user %q already exists: change the password with `alphadesk user passwd %s`", name, name)}
					}
					return err
				}
				fmt.Fprintf(e.stdout, "user %s added: log in at /admin/\n", name)
				return nil
			}
		},
	})
}

// readPassword reads a new password: the first line of stdin with
// --password-stdin, else twice from the terminal without echo.
func readPassword(e env, fromStdin bool) (string, error) {
	var pw string
	if fromStdin {
		line, err := bufio.NewReader(io.LimitReader(e.stdin, account.MaxPasswordLen+2)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password from standard input: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	} else {
		f, ok := e.stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return "", usagef("standard input is not a terminal: pass --password-stdin and pipe the password in")
		}
		var err error
		if pw, err = promptSecret(e.stderr, f, "Password: "); err != nil {
			return "", err
		}
		again, err := promptSecret(e.stderr, f, "Repeat password: ")
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", inputError{errors.New("the passwords do not match: run the command again")}
		}
	}
	if err := account.CheckPassword(pw); err != nil {
		return "", inputError{err}
	}
	return pw, nil
}

func promptSecret(w io.Writer, f *os.File, prompt string) (string, error) {
	fmt.Fprint(w, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(w)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return string(b), nil
}

func listUsers(ctx context.Context, w io.Writer, accts account.Store) error {
	us, err := accts.Users(ctx)
	if err != nil {
		return err
	}
	if len(us) == 0 {
		fmt.Fprintln(w, "no users: add one with `alphadesk user add NAME`")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "USER\tCREATED\tPASSWORD CHANGED")
	for _, u := range us {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, fmtWhen(u.Created), fmtWhen(u.PasswordChanged))
	}
	return tw.Flush()
}
