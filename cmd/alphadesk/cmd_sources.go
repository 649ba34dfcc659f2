package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/feed"
)

func init() {
	register(command{
		name:    "sources",
		summary: "list or add the named sources the desk polls",
		usage:   "list|add [--file FILE] [--every DURATION] [--local] [--forms LIST] [NAME KIND LOCATION]",
		help: "Manages the sources file that `alphadesk run --sources FILE` and `alphadesk worker` poll " +
			"(format: docs/sources.md). `sources list` prints its sources, one per line. `sources add NAME KIND " +
			"LOCATION` validates a new source (kind rss, atom, jsonfeed, edgar or folder; LOCATION a URL, or a " +
			"folder for kind folder) against the whole file and appends it, creating the file if needed; " +
			"a bad or duplicate source leaves the file untouched. The file defaults to sources.txt in the " +
			"alphadesk data directory.",
		flags: func(fs *flag.FlagSet, cfg *config.Config) func(context.Context, env, []string) error {
			file := fs.String("file", "", "sources `FILE` (default: sources.txt in the data directory)")
			every := fs.Duration("every", 0, "poll interval, e.g. 10m (default 15m)")
			local := fs.Bool("local", false, "the source may live on a private or loopback address")
			forms := fs.String("forms", "", "edgar only: comma-separated form types to keep, e.g. 8-K,EX-99*")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) == 0 {
					return usagef("want list or add")
				}
				path := *file
				if path == "" {
					dir, err := config.DataDir(e.getenv)
					if err != nil {
						return usageError{err.Error()}
					}
					path = filepath.Join(dir, "sources.txt")
				}
				switch args[0] {
				case "list":
					if len(args) > 1 {
						return usagef("sources list takes no arguments")
					}
					f, err := os.Open(path)
					if err != nil {
						return inputError{fmt.Errorf("sources file: %w", err)}
					}
					defer f.Close()
					srcs, err := feed.ParseSources(path, f) // as written: folders stay relative
					if err != nil {
						return inputError{err}
					}
					for _, s := range srcs {
						fmt.Fprintln(e.stdout, feed.FormatSource(s))
					}
					return nil
				case "add":
					if len(args) != 4 {
						return usagef("sources add wants NAME KIND LOCATION, got %d arguments", len(args)-1)
					}
					return addSource(e, path, args[1:], *every, *local, *forms)
				}
				return usagef("unknown sources command %q: want list or add", args[0])
			}
		},
	})
}

// addSource validates the new source together with the file's existing ones
// and appends it atomically (write a temporary file, then rename).
func addSource(e env, path string, fields []string, every time.Duration, local bool, forms string) error {
	src := feed.Source{Name: fields[0], Kind: feed.Kind(fields[1]), Interval: every, Local: local}
	if src.Kind == feed.KindFolder {
		src.Path = fields[2]
	} else {
		src.URL = fields[2]
	}
	if forms != "" {
		src.Forms = strings.Split(forms, ",")
	}
	line := feed.FormatSource(src)
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return inputError{fmt.Errorf("read %s: %w", path, err)}
	}
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		old = append(old, '\n')
	}
	next := append(old, line+"\n"...)
	if _, err := feed.ParseSources(path, bytes.NewReader(next)); err != nil {
		return inputError{err}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("add source: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sources-*")
	if err != nil {
		return fmt.Errorf("add source: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(next); err != nil {
		tmp.Close()
		return fmt.Errorf("add source: write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("add source: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("add source: %w", err)
	}
	fmt.Fprintf(e.stdout, "added to %s: %s\n", path, line)
	return nil
}
