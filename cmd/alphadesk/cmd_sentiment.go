package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"alphadesk/internal/config"
	"alphadesk/internal/sentiment"
	"alphadesk/internal/tagger"
	"alphadesk/internal/universe"
)

// sentimentFlags are the flags of `alphadesk sentiment`.
type sentimentFlags struct {
	lines       bool
	lexicon     string
	lexiconMode string
	mentions    string
	tag         bool
}

// Input limits: a document is read whole, a line at a time with --lines.
const (
	sentimentMaxDocument = 64 << 20
	sentimentMaxLine     = 1 << 20
)

func init() {
	register(command{
		name:    "sentiment",
		summary: "score the financial sentiment of a story or of one sentence per line",
		usage:   "[--lines] [--lexicon FILE [--lexicon-mode extra|baseline]] [--mentions FILE] [--tagger=false] [FILE|-]",
		help: "Reads a story from FILE or standard input (- or no argument) and prints one JSON object: the story's " +
			"label (positive, negative or neutral) and score in [-1, 1], its sentences with byte offsets, label, score and " +
			"the cues that decided them, and the sentiment toward each company it mentions. The headline (first sentence) " +
			"and lead (next two) weigh more. With --lines every input line is one sentence and the output is one JSON " +
			"object per line: label, score and cues.\n\n" +
			"Companies are found by the tagger over the built-in securities universe (turn it off with --tagger=false), " +
			"by cashtags such as $AMZN, and in an optional --mentions FILE: a JSON array of {\"symbol\", \"start\", " +
			"\"end\"} byte spans into the input. Each company gets the sentiment of the sentences that mention it, weighted " +
			"like the story; in a sentence naming several companies each cue goes to the company named nearest before it.\n\n" +
			"--lexicon loads a word list in the Loughran–McDonald CSV layout (word,category per line; categories Positive, " +
			"Negative, Uncertainty, Litigious, StrongModal, WeakModal, Constraining). In extra mode (the default) its " +
			"Positive and Negative words add cues for words the built-in lexicon does not know and its Uncertainty and " +
			"WeakModal words hedge; in baseline mode the rules are replaced by the word-count classifier (the sign of " +
			"positive minus negative words).\n\n" +
			"Input that is not valid UTF-8 is accepted as is: invalid bytes count as neither letters nor spaces, and " +
			"offsets always refer to the bytes given. Empty input gives a neutral story with score 0. Exit status 2 " +
			"means bad flags or an unreadable or malformed input, word list or mentions file.",
		flags: func(fs *flag.FlagSet, _ *config.Config) func(context.Context, env, []string) error {
			var f sentimentFlags
			fs.BoolVar(&f.lines, "lines", false, "score one sentence per input line; print one JSON object per line")
			fs.StringVar(&f.lexicon, "lexicon", "", "word list `FILE` (CSV word,category) used as --lexicon-mode says")
			fs.StringVar(&f.lexiconMode, "lexicon-mode", "extra", "how to use --lexicon: extra (added cues) or baseline (word counts only)")
			fs.StringVar(&f.mentions, "mentions", "", "JSON `FILE` of company mentions: [{\"symbol\":\"AMZN\",\"start\":0,\"end\":6}]")
			fs.BoolVar(&f.tag, "tagger", true, "find companies with the tagger over the built-in universe")
			return func(ctx context.Context, e env, args []string) error {
				return runSentiment(ctx, e, f, args)
			}
		},
	})
}

func runSentiment(ctx context.Context, e env, f sentimentFlags, args []string) error {
	if len(args) > 1 {
		return usagef("want at most one input FILE, got %d", len(args))
	}
	mode, err := sentiment.ParseLexiconMode(f.lexiconMode)
	if err != nil {
		return usageError{err.Error()}
	}
	if f.lines && f.mentions != "" {
		return usagef("--mentions applies to a whole story, not to --lines")
	}
	opts := sentiment.Options{LexiconMode: mode}
	if f.lexicon != "" {
		data, err := os.ReadFile(f.lexicon)
		if err != nil {
			return inputError{fmt.Errorf("word list: %w", err)}
		}
		if opts.Lexicon, err = sentiment.ParseLexicon(f.lexicon, data); err != nil {
			return inputError{err}
		}
	} else if f.lexiconMode != "extra" {
		return usagef("--lexicon-mode needs --lexicon FILE")
	}
	m, err := sentiment.New(opts)
	if err != nil {
		return err
	}
	in, name, closeIn, err := openSentimentInput(e, args)
	if err != nil {
		return err
	}
	defer closeIn()
	if f.lines {
		return sentimentLines(ctx, m, in, name, e.stdout)
	}
	text, err := readSentimentDocument(in, name)
	if err != nil {
		return err
	}
	mentions, err := sentimentMentions(text, f)
	if err != nil {
		return err
	}
	doc := m.Document(text)
	out := sentimentDocJSON{
		Label:     doc.Label.String(),
		Score:     round3(doc.Score),
		Sentences: make([]sentimentSentenceJSON, 0, len(doc.Sentences)),
		Entities:  []sentimentEntityJSON{},
	}
	for _, s := range doc.Sentences {
		out.Sentences = append(out.Sentences, sentimentSentenceJSON{
			Start: s.Start, End: s.End, Label: s.Label.String(), Score: round3(s.Score), Cues: cueStrings(s.Cues),
		})
	}
	for _, ent := range m.Entities(doc, mentions) {
		out.Entities = append(out.Entities, sentimentEntityJSON{Symbol: ent.Symbol, Label: ent.Label.String(), Score: round3(ent.Score)})
	}
	return writeJSONLine(e.stdout, out)
}

// The JSON shapes of the command contract.
type (
	sentimentDocJSON struct {
		Label     string                  `json:"label"`
		Score     float64                 `json:"score"`
		Sentences []sentimentSentenceJSON `json:"sentences"`
		Entities  []sentimentEntityJSON   `json:"entities"`
	}
	sentimentSentenceJSON struct {
		Start int      `json:"start"`
		End   int      `json:"end"`
		Label string   `json:"label"`
		Score float64  `json:"score"`
		Cues  []string `json:"cues"`
	}
	sentimentEntityJSON struct {
		Symbol string  `json:"symbol"`
		Label  string  `json:"label"`
		Score  float64 `json:"score"`
	}
	sentimentLineJSON struct {
		Label string   `json:"label"`
		Score float64  `json:"score"`
		Cues  []string `json:"cues"`
	}
)

// openSentimentInput opens FILE, or standard input for "-" or nothing.
func openSentimentInput(e env, args []string) (io.Reader, string, func(), error) {
	if len(args) == 0 || args[0] == "-" {
		return e.stdin, "standard input", func() {}, nil
	}
	f, err := os.Open(args[0])
	if err != nil {
		return nil, "", nil, inputError{err}
	}
	return f, args[0], func() { f.Close() }, nil
}

func readSentimentDocument(in io.Reader, name string) (string, error) {
	data, err := io.ReadAll(io.LimitReader(in, sentimentMaxDocument+1))
	if err != nil {
		return "", inputError{fmt.Errorf("read %s: %w", name, err)}
	}
	if len(data) > sentimentMaxDocument {
		return "", inputError{fmt.Errorf("%s is larger than %d MiB: split it into stories, or use --lines", name, sentimentMaxDocument>>20)}
	}
	return string(data), nil
}

// sentimentLines scores one sentence per line. Every input line gives one
// output line, blank lines included (neutral), so outputs align with inputs.
func sentimentLines(ctx context.Context, m *sentiment.Model, in io.Reader, name string, out io.Writer) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var cues []sentiment.Cue
	var line []byte
	for n := 1; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		line = line[:0]
		var err error
		for {
			var chunk []byte
			chunk, err = r.ReadSlice('\n')
			line = append(line, chunk...)
			if len(line) > sentimentMaxLine {
				return inputError{fmt.Errorf("%s line %d is longer than %d KiB: is this one sentence per line?", name, n, sentimentMaxLine>>10)}
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if len(line) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
			return inputError{fmt.Errorf("read %s line %d: %w", name, n, err)}
		}
		text := string(bytes.TrimRight(line, "\r\n"))
		var score float64
		score, cues = m.AppendCues(cues[:0], text)
		if e := enc.Encode(sentimentLineJSON{Label: m.LabelOf(score).String(), Score: round3(score), Cues: cueStrings(cues)}); e != nil {
			return e
		}
		if err == io.EOF {
			break
		}
	}
	return w.Flush()
}

// sentimentMentions gathers the company mentions: the tagger's, cashtags
// and the --mentions file, without duplicates.
func sentimentMentions(text string, f sentimentFlags) ([]sentiment.Mention, error) {
	mentions := sentiment.Cashtags(text)
	if f.tag && text != "" {
		secs, err := universe.Securities()
		if err != nil {
			return nil, fmt.Errorf("securities universe: %w", err)
		}
		tg, err := tagger.New(secs, tagger.Options{MinConfidence: tagger.DefaultMinConfidence})
		if err != nil {
			return nil, fmt.Errorf("tagger: %w", err)
		}
		res, err := tg.Tag(text)
		if err != nil {
			return nil, inputError{fmt.Errorf("tag companies: %w", err)}
		}
		for _, t := range res.Tags {
			for _, mt := range t.Mentions {
				mentions = append(mentions, sentiment.Mention{Symbol: t.Symbol, Start: mt.Start, End: mt.End})
			}
		}
	}
	if f.mentions != "" {
		extra, err := readMentionsFile(f.mentions, len(text))
		if err != nil {
			return nil, err
		}
		mentions = append(mentions, extra...)
	}
	seen := map[sentiment.Mention]bool{}
	out := mentions[:0]
	for _, mt := range mentions {
		if !seen[mt] {
			seen[mt] = true
			out = append(out, mt)
		}
	}
	return out, nil
}

// readMentionsFile reads [{"symbol":"AMZN","start":0,"end":6}, ...] and
// checks every span against the input length.
func readMentionsFile(path string, textLen int) ([]sentiment.Mention, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputError{fmt.Errorf("mentions: %w", err)}
	}
	var raw []struct {
		Symbol *string `json:"symbol"`
		Start  *int    `json:"start"`
		End    *int    `json:"end"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, inputError{fmt.Errorf("%s: %w (want a JSON array of {\"symbol\", \"start\", \"end\"})", path, err)}
	}
	out := make([]sentiment.Mention, 0, len(raw))
	for i, r := range raw {
		where := fmt.Sprintf("%s: mention %d", path, i+1)
		switch {
		case r.Symbol == nil || *r.Symbol == "":
			return nil, inputError{fmt.Errorf("%s: no symbol", where)}
		case r.Start == nil || r.End == nil:
			return nil, inputError{fmt.Errorf("%s (%s): want both start and end byte offsets", where, *r.Symbol)}
		case *r.Start < 0 || *r.End <= *r.Start:
			return nil, inputError{fmt.Errorf("%s (%s): span [%d,%d) is empty or negative", where, *r.Symbol, *r.Start, *r.End)}
		case *r.End > textLen:
			return nil, inputError{fmt.Errorf("%s (%s): end %d is past the end of the input (%d bytes)", where, *r.Symbol, *r.End, textLen)}
		}
		out = append(out, sentiment.Mention{Symbol: *r.Symbol, Start: *r.Start, End: *r.End})
	}
	return out, nil
}

func cueStrings(cues []sentiment.Cue) []string {
	out := make([]string, len(cues))
	for i, c := range cues {
		out[i] = c.String()
	}
	return out
}

// round3 rounds a score to three decimals for stable output (no "-0").
func round3(x float64) float64 {
	r := math.Round(x*1000) / 1000
	if r == 0 {
		return 0
	}
	return r
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
