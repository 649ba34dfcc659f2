package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"unicode/utf8"

	"alphadesk/internal/config"
	"alphadesk/internal/market"
	"alphadesk/internal/market/importer"
	"alphadesk/internal/tagger"
	"alphadesk/internal/textextract"
	"alphadesk/internal/universe"
)

// maxTagInput is the largest document "alphadesk tag" reads (and, with
// --lines, the longest line).
const maxTagInput = tagger.DefaultMaxBytes

func init() {
	register(command{
		name:    "tag",
		summary: "find the companies a story refers to, with evidence (JSON)",
		usage:   "[--universe FILE] [--min-confidence X] [--lines] [FILE|-]",
		help: "Reads one document (plain text or HTML; HTML is reduced to text first, headline first) from FILE " +
			"or standard input and prints one JSON object: " +
			`{"tickers":[{"symbol","name","confidence","salience","mentions":[{"start","end","text","via"}]}]}. ` +
			"Offsets are byte offsets into the text that was tagged (for HTML, the reduced text; a leading " +
			"byte-order mark is dropped). via is name, alias, ticker, cashtag or exchange. Tickers are sorted by " +
			"salience: headline and lead mentions, mention count, first position. With --lines every input line is " +
			"a document and every output line its JSON object.\n\n" +
			"The universe is the embedded securities master unless --universe names a securities file in any format " +
			"'alphadesk import securities' reads (SEC company_tickers_exchange.json or company_tickers.json, S&P 500 " +
			"lists, Nasdaq Trader directories) or a JSON array of securities " +
			`([{"symbol":"AMZN","legal_name":"Amazon.com, Inc.","name":"Amazon","aliases":["Amazon.com"]}]); ` +
			"the embedded master's short names and aliases are merged into it by symbol.\n\n" +
			"Input must be UTF-8 and at most 8 MiB (per line with --lines); anything else exits with status 2.",
		flags: func(fs *flag.FlagSet, _ *config.Config) func(context.Context, env, []string) error {
			var o tagOptions
			fs.StringVar(&o.universe, "universe", "", "securities `FILE` to tag against (default: the embedded universe)")
			fs.Float64Var(&o.minConfidence, "min-confidence", tagger.DefaultMinConfidence, "drop tags with a confidence below `X` (0 to 1)")
			fs.BoolVar(&o.lines, "lines", false, "tag one document per input line and print one JSON object per line")
			return func(ctx context.Context, e env, args []string) error {
				return runTag(ctx, e, o, args)
			}
		},
	})
}

type tagOptions struct {
	universe      string
	minConfidence float64
	lines         bool
}

// The output contract: keep these names and shapes stable.
type tagOutput struct {
	Tickers []tickerOutput `json:"tickers"`
}

type tickerOutput struct {
	Symbol     string          `json:"symbol"`
	Name       string          `json:"name"`
	Confidence float64         `json:"confidence"`
	Salience   float64         `json:"salience"`
	Mentions   []mentionOutput `json:"mentions"`
}

type mentionOutput struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Via   string `json:"via"`
}

func runTag(ctx context.Context, e env, o tagOptions, args []string) error {
	if len(args) > 1 {
		return usagef("want at most one input file (or - for standard input), got %d", len(args))
	}
	if math.IsNaN(o.minConfidence) || o.minConfidence < 0 || o.minConfidence > 1 {
		return usagef("--min-confidence %v: want a number from 0 to 1", o.minConfidence)
	}
	secs, err := tagUniverse(ctx, o.universe)
	if err != nil {
		return err
	}
	tg, err := tagger.New(secs, tagger.Options{MinConfidence: o.minConfidence, MaxBytes: maxTagInput})
	if err != nil {
		return inputError{fmt.Errorf("universe %s: %w", o.universe, err)}
	}

	in, name := e.stdin, "standard input"
	if len(args) == 1 && args[0] != "-" {
		f, err := os.Open(args[0])
		if err != nil {
			return inputError{fmt.Errorf("read input: %w", err)}
		}
		defer f.Close()
		in, name = f, args[0]
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	if !o.lines {
		doc, err := io.ReadAll(io.LimitReader(in, maxTagInput+1))
		if err != nil {
			return inputError{fmt.Errorf("read %s: %w", name, err)}
		}
		if len(doc) > maxTagInput {
			return inputError{fmt.Errorf("%s is larger than the %d MiB limit for one document: split it, or use --lines to tag one document per line",
				name, maxTagInput>>20)}
		}
		out, err := tagDocument(tg, doc, name)
		if err != nil {
			return err
		}
		return enc.Encode(out)
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), maxTagInput)
	line := 0
	for sc.Scan() {
		line++
		if line%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		out, err := tagDocument(tg, sc.Bytes(), fmt.Sprintf("%s line %d", name, line))
		if err != nil {
			return err
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return inputError{fmt.Errorf("%s line %d is longer than the %d MiB limit for one document", name, line+1, maxTagInput>>20)}
		}
		return inputError{fmt.Errorf("read %s: %w", name, err)}
	}
	return nil
}

// tagDocument checks, reduces and tags one document.
func tagDocument(tg *tagger.Tagger, doc []byte, where string) (tagOutput, error) {
	doc = bytes.TrimPrefix(doc, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(doc) {
		off := 0
		for off < len(doc) {
			r, size := utf8.DecodeRune(doc[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return tagOutput{}, inputError{fmt.Errorf("%s is not valid UTF-8 (bad byte 0x%02x at offset %d): convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8",
			where, doc[off], off)}
	}
	text := string(doc)
	if textextract.LooksLikeHTML(doc) {
		text = textextract.FromHTML(text)
	}
	res, err := tg.Tag(text)
	if err != nil {
		return tagOutput{}, inputError{fmt.Errorf("%s: %w", where, err)}
	}
	out := tagOutput{Tickers: make([]tickerOutput, 0, len(res.Tags))}
	for _, t := range res.Tags {
		ms := make([]mentionOutput, len(t.Mentions))
		for i, m := range t.Mentions {
			ms[i] = mentionOutput{Start: m.Start, End: m.End, Text: m.Text, Via: string(m.Via)}
		}
		out.Tickers = append(out.Tickers, tickerOutput{
			Symbol: t.Symbol, Name: t.Name, Confidence: round2(t.Confidence), Salience: round2(t.Salience), Mentions: ms,
		})
	}
	return out, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// tagUniverse loads the securities to tag against: the embedded master, or
// a file merged with the master's names.
func tagUniverse(ctx context.Context, path string) ([]market.Security, error) {
	curated, err := universe.Securities()
	if err != nil {
		return nil, err
	}
	if path == "" {
		return curated, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputError{fmt.Errorf("read universe: %w", err)}
	}
	head, err := decompressedHead(data)
	if err != nil {
		return nil, inputError{fmt.Errorf("universe %s: %w", path, err)}
	}
	var secs []market.Security
	if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"); len(t) > 0 && t[0] == '[' {
		secs, err = ownSecurities(data)
		if err != nil {
			return nil, inputError{fmt.Errorf("universe %s: %w", path, err)}
		}
	} else {
		f, err := importer.Detect(importer.Securities, path, head)
		if err != nil {
			return nil, inputError{fmt.Errorf("universe: %w; or give a JSON array of securities", err)}
		}
		err = importer.Parse(ctx, bytes.NewReader(data), f, importer.Options{File: path}, importer.Sink{
			Security: func(_ int, s market.Security) error { secs = append(secs, s); return nil },
		})
		if err != nil {
			return nil, inputError{fmt.Errorf("universe: %w", err)}
		}
	}
	if len(secs) == 0 {
		return nil, inputError{fmt.Errorf("universe %s holds no usable securities", path)}
	}
	return tagger.WithNames(secs, curated), nil
}

// decompressedHead returns the first 64 KiB of data, gunzipped if need be.
func decompressedHead(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data[:min(len(data), 64<<10)], nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("corrupt gzip header: %w", err)
	}
	head, err := io.ReadAll(io.LimitReader(zr, 64<<10))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("read gzip stream: %w", err)
	}
	return head, nil
}

// ownSecurities reads alphadesk's own securities format: a JSON array of
// market.Security objects. Every security must pass Validate.
func ownSecurities(data []byte) ([]market.Security, error) {
	var secs []market.Security
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&secs); err != nil {
		return nil, fmt.Errorf("not a JSON array of securities (%w)", err)
	}
	for i, s := range secs {
		sym, class, err := market.NormalizeSymbol(s.Symbol)
		if err != nil {
			return nil, fmt.Errorf("security %d: %w", i+1, err)
		}
		s.Symbol = sym
		if s.ShareClass == "" {
			s.ShareClass = class
		}
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("security %d: %w", i+1, err)
		}
		secs[i] = s
	}
	return secs, nil
}
