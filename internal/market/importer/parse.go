package importer

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"alphadesk/internal/market"
)

// Options tune Parse and Load. The zero value is ready to use.
type Options struct {
	// Format names the format (see Formats). Load detects it when empty;
	// Parse takes the format as an argument and ignores this.
	Format string
	// File names the input in row errors; Load sets it to the path. For
	// stooq-daily the symbol is taken from it ("aapl_us_d.csv" is AAPL).
	File string
	// Symbol is the symbol of a single-security file (stooq-daily,
	// sec-companyfacts); it overrides the file name and CIKSymbol.
	Symbol string
	// CIKSymbol resolves a CIK to a canonical symbol for sec-companyfacts.
	// Load builds it from the securities master when nil.
	CIKSymbol func(cik int64) (string, bool)

	// MaxBad is the fraction of rows that may be bad before Load refuses
	// the whole file: 0 means DefaultMaxBad, a negative value refuses any
	// bad row. The allowance is rounded down, so at the default a file of
	// fewer than 100 rows is refused for a single bad row.
	MaxBad float64
	// SkipUnknown makes Load skip prices and facts of symbols missing from
	// the securities master without counting them as bad rows. They are
	// still reported, one line per symbol, in Summary.Unknown.
	SkipUnknown bool
	// BatchSize is how many records Load writes per store call
	// (0: DefaultBatchSize).
	BatchSize int
	// Progress, when not nil, receives a progress bar driven by the bytes
	// read from the file. Pass a terminal only: see TerminalProgress.
	Progress io.Writer
	// Now stamps the import log; time.Now when nil.
	Now func() time.Time
}

// RowError is one bad input row. Line is the 1-based physical line for
// text formats and the 1-based record number for JSON formats.
type RowError struct {
	File   string
	Line   int
	Reason string
}

// Error returns "file:line: reason".
func (e RowError) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
}

// Sink receives what Parse reads. Each callback gets the line (or record
// number) the value came from; a nil callback discards. A callback's error
// stops parsing and is returned by Parse unchanged.
type Sink struct {
	Security func(line int, s market.Security) error
	Bar      func(line int, b market.Bar) error
	// Facts receives every fact of one input row at once, so that a row
	// is kept or refused whole. The slice is reused once Facts returns.
	Facts func(line int, facts []market.Fact) error
	// Bad receives rows that cannot be used; parsing continues.
	Bad func(RowError) error
	// Skip counts rows left out on purpose (test issues, weekly bars,
	// year-to-date XBRL values, …), by reason.
	Skip func(reason string)
}

// Parse reads records of format f from r, which may be gzip-compressed
// (recognised by its magic bytes) and may start with a UTF-8 byte-order
// mark, and hands them to sink. Every record handed over has passed its
// type's Validate. Bad rows go to sink.Bad and parsing continues. Parse
// returns an error for problems with the file as a whole: a missing or
// wrong header, a truncated or corrupt gzip stream or JSON document, a
// read error, or ctx being cancelled.
func Parse(ctx context.Context, r io.Reader, f Format, opts Options, sink Sink) error {
	in, err := decode(r)
	if err != nil {
		return fmt.Errorf("%s: %w", displayName(opts.File), err)
	}
	return parse(ctx, in, f, opts, sink)
}

func parse(ctx context.Context, in *input, f Format, opts Options, sink Sink) error {
	if f.parse == nil {
		return fmt.Errorf("format %q has no parser: use a Format from Formats or Lookup", f.Name)
	}
	p := &parser{ctx: ctx, in: in, format: f, opts: opts, sink: sink, file: displayName(opts.File)}
	p.fillSink()
	return f.parse(p)
}

func displayName(file string) string {
	if file == "" {
		return "input"
	}
	return filepath.Base(file)
}

// input is a decompressed, BOM-stripped stream.
type input struct {
	*bufio.Reader
	gzip bool
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode unwraps gzip (by magic bytes, whatever the file is called) and
// drops a UTF-8 byte-order mark.
func decode(r io.Reader) (*input, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	in := &input{Reader: br}
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("corrupt gzip header: %w", err)
		}
		in = &input{Reader: bufio.NewReaderSize(zr, 64<<10), gzip: true}
	}
	bom, err := in.Peek(len(utf8BOM))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, in.readError(err)
	}
	if bytes.Equal(bom, utf8BOM) {
		if _, err := in.Discard(len(utf8BOM)); err != nil {
			return nil, in.readError(err)
		}
	}
	return in, nil
}

// readError explains an error from the underlying stream.
func (in *input) readError(err error) error {
	switch {
	case in.gzip && errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("truncated gzip stream (the file was cut short; download it again): %w", err)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader), errors.As(err, new(flate.CorruptInputError)):
		return fmt.Errorf("corrupt gzip stream: %w", err)
	}
	return fmt.Errorf("read: %w", err)
}

// parser is the state one Parse call shares with the format's parse func.
type parser struct {
	ctx    context.Context
	in     *input
	format Format
	opts   Options
	sink   Sink
	file   string
	rows   int
}

func (p *parser) fillSink() {
	if p.sink.Security == nil {
		p.sink.Security = func(int, market.Security) error { return nil }
	}
	if p.sink.Bar == nil {
		p.sink.Bar = func(int, market.Bar) error { return nil }
	}
	if p.sink.Facts == nil {
		p.sink.Facts = func(int, []market.Fact) error { return nil }
	}
	if p.sink.Bad == nil {
		p.sink.Bad = func(RowError) error { return nil }
	}
	if p.sink.Skip == nil {
		p.sink.Skip = func(string) {}
	}
}

// bad reports a bad row.
func (p *parser) bad(line int, format string, args ...any) error {
	return p.sink.Bad(RowError{File: p.file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

// fileErr is a file-level error at a line.
func (p *parser) fileErr(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, line, fmt.Sprintf(format, args...))
}

// tick is called once per row and checks for cancellation now and then.
func (p *parser) tick() error {
	p.rows++
	if p.rows%4096 == 0 {
		if err := p.ctx.Err(); err != nil {
			return fmt.Errorf("%s: stopped after %d rows: %w", p.file, p.rows, err)
		}
	}
	return nil
}

// maxLine bounds one text line; longer lines make the file unreadable.
const maxLine = 1 << 20

// lines reads a text file line by line, counting physical lines and
// dropping the line break (LF or CRLF).
type lines struct {
	p    *parser
	sc   *bufio.Scanner
	line int
}

func (p *parser) lines() *lines {
	sc := bufio.NewScanner(p.in)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &lines{p: p, sc: sc}
}

// next returns the next line; ok is false at the end or on error.
func (l *lines) next() (line []byte, ok bool) {
	if !l.sc.Scan() {
		return nil, false
	}
	l.line++
	return l.sc.Bytes(), true
}

// err reports why next stopped, nil at a clean end of file.
func (l *lines) err() error {
	err := l.sc.Err()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bufio.ErrTooLong):
		return fmt.Errorf("%s:%d: line longer than %d bytes: not a %s file", l.p.file, l.line+1, maxLine, l.p.format.Name)
	}
	return fmt.Errorf("%s: after line %d: %w", l.p.file, l.line, l.p.in.readError(err))
}

// header reads the first line and checks it against h. It returns the
// number of columns data rows must have.
func (l *lines) header(h *fixedHeader) (int, error) {
	first, ok := l.next()
	if !ok {
		if err := l.err(); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("%s: empty file: want the %s header %q", l.p.file, l.p.format.Name, h.String())
	}
	n, ok := h.match(first)
	if !ok {
		return 0, l.p.fileErr(1, "header %q is not %s's: want %q (pass --format if the file is another format)",
			clip(string(first), 120), l.p.format.Name, h.String())
	}
	return n, nil
}

// split splits line at sep into dst, reusing its storage.
func split(line []byte, sep byte, dst [][]byte) [][]byte {
	dst = dst[:0]
	for {
		i := bytes.IndexByte(line, sep)
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}
