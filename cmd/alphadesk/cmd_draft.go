package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"alphadesk/internal/config"
	"alphadesk/internal/draft"
	"alphadesk/internal/llm"
	"alphadesk/internal/source"
)

func init() {
	register(command{
		name:    "draft",
		summary: "draft a story from named source files, as JSON",
		usage:   "--source FILE [--source FILE ...] [--llm] [--llm-timeout D] [--llm-retries N]",
		help: "Drafts a news story from one or more named sources and prints it as JSON: headline, dek, body " +
			"paragraphs, watch bullets, the sources with names and addresses, and for every sentence the source " +
			"spans it rests on (\"support\"). The default drafter is extractive and needs no model: it selects, " +
			"orders and attributes the most informative source sentences and never states a figure or quotation " +
			"that is not in a source.\n\n" +
			"With --llm the story is written by a chat model at any OpenAI-compatible endpoint (hosted APIs, vLLM, " +
			"Ollama, llama.cpp) named by " + llm.EnvURL + " and " + llm.EnvModel + ", with the key in " + llm.EnvKey + " " +
			"when the endpoint needs one. Model drafts are not trusted: run 'alphadesk check' on them.\n\n" +
			sourceFormatHelp + "\n\n" +
			"Exit status: 0 with a draft, 2 when a source cannot be read, 1 when the model endpoint fails.",
		flags: func(fs *flag.FlagSet, _ *config.Config) func(context.Context, env, []string) error {
			var o draftOptions
			fs.Var(&o.sources, "source", "source `FILE` (repeat for several): text with optional headers, HTML, or JSON")
			fs.BoolVar(&o.useLLM, "llm", false, "draft with the chat model at "+llm.EnvURL+" instead of extractively")
			fs.DurationVar(&o.timeout, "llm-timeout", llm.DefaultTimeout, "time allowed for one model request")
			fs.IntVar(&o.retries, "llm-retries", llm.DefaultMaxRetries, "retries after a rate limit, server error or network failure")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q: name sources with --source", args)
				}
				return runDraft(ctx, e, o)
			}
		},
	})
}

// sourceFormatHelp documents the source file formats for draft and check.
const sourceFormatHelp = "Source files: plain text (.txt or anything not HTML or JSON), optionally starting with " +
	"header lines \"Source: Reuters\", \"URL: https://…\", \"Title: …\" and \"Kind: news|statement|press release|filing|transcript\" " +
	"before a blank line; an HTML page (.html, or content that starts like one), reduced to its text with the " +
	"publisher and address read from its og:site_name and canonical link; or a JSON object " +
	"{\"name\",\"url\",\"title\",\"kind\",\"text\"} (or \"html\" instead of \"text\"). A source without a name takes the " +
	"wire credit in its opening (\"(Reuters)\") or its address's host. UTF-8 only; at most 8 MiB per file."

type draftOptions struct {
	sources fileList
	useLLM  bool
	timeout time.Duration
	retries int
}

// fileList is a repeatable file flag.
type fileList []string

func (f *fileList) String() string { return strings.Join(*f, ", ") }

func (f *fileList) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("empty file name")
	}
	*f = append(*f, v)
	return nil
}

func runDraft(ctx context.Context, e env, o draftOptions) error {
	if len(o.sources) == 0 {
		return usagef("no sources: name at least one with --source FILE")
	}
	srcs, err := readSources(o.sources)
	if err != nil {
		return err
	}
	var drafter draft.Drafter = draft.Extractive{}
	if o.useLLM {
		cfg := llm.ConfigFromEnv(e.getenv)
		cfg.Timeout = o.timeout
		cfg.MaxRetries = o.retries
		if o.retries == 0 {
			cfg.MaxRetries = -1 // none
		}
		c, err := llm.New(cfg)
		if err != nil {
			return usagef("--llm: %v", err)
		}
		drafter = draft.LLM{Model: c}
	}
	d, err := drafter.Draft(ctx, srcs)
	if err != nil {
		if errors.Is(err, draft.ErrNothingToDraft) {
			return inputError{err}
		}
		return err
	}
	return writeJSON(e.stdout, d)
}

// readSources reads and parses source files; a file that cannot be read
// or parsed is an input error (exit status 2) naming the file.
func readSources(files []string) ([]source.Source, error) {
	var out []source.Source
	for _, path := range files {
		data, err := readLimited(path, source.MaxFileBytes)
		if err != nil {
			return nil, inputError{fmt.Errorf("source: %w", err)}
		}
		s, err := source.Parse(path, data)
		if err != nil {
			return nil, inputError{err}
		}
		out = append(out, s)
	}
	return out, nil
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than the %d MiB limit", path, limit>>20)
	}
	return data, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
