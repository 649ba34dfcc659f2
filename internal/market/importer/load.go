package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// Defaults for Options.
const (
	// DefaultMaxBad is the fraction of a file's rows that may be bad.
	DefaultMaxBad = 0.01
	// DefaultBatchSize is how many records go into one store call.
	DefaultBatchSize = 5000
	// maxBadRows is how many bad rows a Summary lists.
	maxBadRows = 20
	// refusedRows is how many bad rows a refusal message shows.
	refusedRows = 5
)

// ErrTooManyBad is returned (wrapped in a *RefusedError) when a file has
// more bad rows than Options.MaxBad allows.
var ErrTooManyBad = errors.New("too many bad rows")

// Summary describes one Load.
type Summary struct {
	File   string
	Format string
	Kind   Kind
	// Rows is the number of records written: securities, bars or facts.
	Rows int
	// Bad is the number of input rows refused, unknown symbols included
	// unless Options.SkipUnknown.
	Bad int
	// Symbols is the number of distinct symbols written.
	Symbols int
	// Skipped counts rows left out on purpose, by reason.
	Skipped map[string]int
	// BadRows lists the first bad rows, unknown symbols apart.
	BadRows []RowError
	// Unknown lists every symbol missing from the securities master, once.
	Unknown  []UnknownSymbol
	Duration time.Duration
}

// UnknownSymbol groups the rows of one symbol that is not in the
// securities master.
type UnknownSymbol struct {
	Symbol    string
	FirstLine int
	Rows      int
}

// Problem returns the line reporting u in a file.
func (u UnknownSymbol) Problem(file string) RowError {
	rows := "1 row"
	if u.Rows != 1 {
		rows = fmt.Sprintf("%d rows", u.Rows)
	}
	return RowError{File: file, Line: u.FirstLine, Reason: fmt.Sprintf(
		"unknown symbol %s (%s): import securities first (alphadesk import securities FILE), or pass --skip-unknown", u.Symbol, rows)}
}

// RefusedError is returned when a file had too many bad rows and nothing
// of it was imported. It unwraps to ErrTooManyBad.
type RefusedError struct {
	Summary Summary
	// Input is the number of rows considered, Allowed how many could be bad.
	Input, Allowed int
	// otherBad counts the bad rows that are not unknown symbols.
	otherBad int
}

func (e *RefusedError) Unwrap() error { return ErrTooManyBad }

func (e *RefusedError) Error() string {
	s := e.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "%s refused: %d of %d rows are bad, at most %d allowed; nothing was imported", s.File, s.Bad, e.Input, e.Allowed)
	shown := 0
	for _, r := range s.BadRows {
		if shown == refusedRows {
			break
		}
		fmt.Fprintf(&b, "\n  %s", r)
		shown++
	}
	for i, u := range s.Unknown {
		if i == refusedRows {
			fmt.Fprintf(&b, "\n  … and %d more unknown symbols", len(s.Unknown)-i)
			break
		}
		fmt.Fprintf(&b, "\n  %s", u.Problem(s.File))
	}
	if more := e.otherBad - shown; more > 0 {
		fmt.Fprintf(&b, "\n  … and %d more bad rows", more)
	}
	b.WriteString("\nfix these rows, or allow more bad rows with --max-bad (a fraction: 0.05 is 5%)")
	return b.String()
}

// allowedBad is how many of rows may be bad under maxBad: the fraction of
// rows rounded down, so that at the default a file of fewer than 100 rows
// is refused for a single bad row. A small file is quick to fix, and a
// silently partial import of a hand-made list would surprise; a vendor
// file of a million bars may lose a few rows.
func allowedBad(maxBad float64, rows int) int {
	switch {
	case maxBad < 0:
		return 0
	case maxBad == 0:
		maxBad = DefaultMaxBad
	}
	return int(maxBad * float64(rows))
}

// Load imports the file at path: it opens it (gzip or not), detects its
// format unless opts.Format names one, and streams its records in batches
// into one store.Import transaction, logged with tx.LogImport.
//
// Bad rows are skipped and reported in the Summary. When there are more
// than opts.MaxBad allows (1% of the rows by default, rounded down),
// nothing is imported and the error is a *RefusedError listing the first
// few; a file whose every row is bad is refused too. A row is bad when its
// format's parser refuses it, when it repeats an earlier row's key (same
// symbol and date for bars, same fact key, same symbol for securities),
// or when it is a bar or fact of a symbol missing from the securities
// master; unknown symbols are reported once each with their first line
// and row count. Errors about the file as a whole (unreadable, wrong
// header, truncated) also import nothing.
//
// Importing the same file again writes the same records: the store
// upserts them.
func Load(ctx context.Context, st store.Store, path string, kind Kind, opts Options) (Summary, error) {
	started := time.Now()
	name := filepath.Base(path)
	sum := Summary{File: name, Kind: kind}
	fail := func(err error) (Summary, error) {
		sum.Rows = 0 // whatever was written is rolled back
		sum.Duration = time.Since(started)
		if kind == "" {
			return sum, fmt.Errorf("import: %w", err)
		}
		return sum, fmt.Errorf("import %s: %w", kind, err)
	}
	file, err := os.Open(path)
	if err != nil {
		return fail(err)
	}
	defer file.Close()
	var src io.Reader = file
	var bar *progressbar.ProgressBar
	if opts.Progress != nil {
		size := int64(-1)
		if fi, err := file.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		bar = newProgressBar(opts.Progress, size, name)
		src = &progressReader{r: file, bar: bar}
		defer bar.Exit()
	}
	in, err := decode(src)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", name, err))
	}
	head, err := in.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fail(fmt.Errorf("%s: %w", name, in.readError(err)))
	}
	var f Format
	if opts.Format != "" {
		if f, err = Lookup(opts.Format); err != nil {
			return fail(fmt.Errorf("%s: %w", name, err))
		}
		if kind != "" && f.Kind != kind {
			return fail(fmt.Errorf("%s: format %s holds %s, not %s", name, f.Name, f.Kind, kind))
		}
	} else if f, err = Detect(kind, path, head); err != nil {
		return fail(err)
	}
	sum.Format, sum.Kind = f.Name, f.Kind
	opts.File = path

	l := &loader{
		ctx:         ctx,
		file:        name,
		skipUnknown: opts.SkipUnknown,
		batch:       cmp.Or(max(opts.BatchSize, 0), DefaultBatchSize),
		skipped:     map[string]int{},
		badSeen:     map[int]bool{},
		unknown:     map[string]*UnknownSymbol{},
		written:     map[string]bool{},
	}
	if f.Kind != Securities {
		if l.known, err = st.Symbols(ctx); err != nil {
			return fail(fmt.Errorf("read securities master: %w", err))
		}
	}
	if f.Name == "sec-companyfacts" && opts.Symbol == "" && opts.CIKSymbol == nil {
		if opts.CIKSymbol, err = cikLookup(ctx, st); err != nil {
			return fail(err)
		}
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	var refused *RefusedError
	err = st.Import(ctx, func(tx store.ImportTx) error {
		l.tx = tx
		if err := parse(ctx, in, f, opts, l.sink()); err != nil {
			return err
		}
		if allowed := allowedBad(opts.MaxBad, l.input); l.bad > allowed || l.bad > 0 && l.good == 0 {
			refused = &RefusedError{Input: l.input, Allowed: allowed, otherBad: l.otherBad}
			return ErrTooManyBad
		}
		if err := l.flush(); err != nil {
			return err
		}
		return tx.LogImport(ctx, store.ImportRecord{
			Kind: string(f.Kind), Format: f.Name, File: name,
			Rows: l.rows, Bad: l.bad, Imported: now(),
		})
	})
	l.fill(&sum)
	if refused != nil {
		sum.Rows = 0
		sum.Duration = time.Since(started)
		refused.Summary = sum
		return sum, fmt.Errorf("import %s: %w", f.Kind, refused)
	}
	if err != nil {
		return fail(err)
	}
	if bar != nil {
		_ = bar.Finish()
	}
	sum.Duration = time.Since(started)
	return sum, nil
}

// cikLookup maps CIKs to symbols from the securities master. When a
// company has several securities (share classes, warrants, units) the
// main one wins: not an ETF, no share class, shortest, then first.
func cikLookup(ctx context.Context, st store.Store) (func(int64) (string, bool), error) {
	secs, err := st.Securities(ctx, store.SecurityFilter{})
	if err != nil {
		return nil, fmt.Errorf("read securities master: %w", err)
	}
	best := map[int64]market.Security{}
	better := func(a, b market.Security) bool {
		return cmp.Or(
			cmpBool(a.ETF, b.ETF),
			cmpBool(a.ShareClass != "", b.ShareClass != ""),
			cmp.Compare(len(a.Symbol), len(b.Symbol)),
			strings.Compare(a.Symbol, b.Symbol),
		) < 0
	}
	for _, s := range secs {
		if s.CIK <= 0 {
			continue
		}
		if cur, ok := best[s.CIK]; !ok || better(s, cur) {
			best[s.CIK] = s
		}
	}
	return func(cik int64) (string, bool) {
		s, ok := best[cik]
		return s.Symbol, ok
	}, nil
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// loader is the sink side of Load: it checks rows against the master and
// earlier rows, batches records and writes them.
type loader struct {
	ctx         context.Context
	tx          store.ImportTx
	file        string
	known       map[string]bool
	skipUnknown bool
	batch       int

	secs  []market.Security
	bars  []market.Bar
	facts []market.Fact

	// Lines of keys already seen, to refuse duplicates.
	secLines  map[string]int
	symIDs    map[string]uint32
	barLines  map[uint64]int32
	factLines map[factKey]int

	input    int // rows considered: good plus bad
	good     int // rows that produced records
	rows     int // records written
	bad      int // bad rows, unknown symbols included unless skipped
	otherBad int // bad rows other than unknown symbols
	badRows  []RowError
	badSeen  map[int]bool
	unknown  map[string]*UnknownSymbol
	skipped  map[string]int
	written  map[string]bool
}

type factKey struct {
	symbol, source    string
	metric            market.Metric
	start, end, filed int64
}

func (l *loader) sink() Sink {
	return Sink{
		Security: l.security,
		Bar:      l.bar,
		Facts:    l.factRow,
		Bad:      l.badRow,
		Skip:     func(reason string) { l.skipped[reason]++ },
	}
}

func (l *loader) badRow(e RowError) error {
	if l.badSeen[e.Line] {
		return nil
	}
	l.badSeen[e.Line] = true
	l.bad++
	l.otherBad++
	l.input++
	if len(l.badRows) < maxBadRows {
		l.badRows = append(l.badRows, e)
	}
	return nil
}

func (l *loader) duplicate(line, first int) error {
	return l.badRow(RowError{File: l.file, Line: line, Reason: fmt.Sprintf("duplicate of line %d", first)})
}

// knownSymbol reports whether sym is in the master, recording it when not.
func (l *loader) knownSymbol(line int, sym string) bool {
	if l.known[sym] {
		return true
	}
	u := l.unknown[sym]
	if u == nil {
		u = &UnknownSymbol{Symbol: sym, FirstLine: line}
		l.unknown[sym] = u
	}
	u.Rows++
	if !l.skipUnknown {
		l.bad++
		l.input++
	}
	return false
}

func (l *loader) security(line int, s market.Security) error {
	if l.secLines == nil {
		l.secLines = map[string]int{}
	}
	if first, ok := l.secLines[s.Symbol]; ok {
		return l.duplicate(line, first)
	}
	l.secLines[s.Symbol] = line
	l.input++
	l.good++
	l.written[s.Symbol] = true
	l.secs = append(l.secs, s)
	if len(l.secs) >= l.batch {
		return l.flush()
	}
	return nil
}

func (l *loader) bar(line int, b market.Bar) error {
	if !l.knownSymbol(line, b.Symbol) {
		return nil
	}
	if l.barLines == nil {
		l.symIDs = map[string]uint32{}
		l.barLines = map[uint64]int32{}
	}
	id, ok := l.symIDs[b.Symbol]
	if !ok {
		id = uint32(len(l.symIDs))
		l.symIDs[b.Symbol] = id
	}
	key := uint64(id)<<32 | uint64(uint32(b.Date.Unix()/86400))
	if first, ok := l.barLines[key]; ok {
		return l.duplicate(line, int(first))
	}
	l.barLines[key] = int32(line)
	l.input++
	l.good++
	l.written[b.Symbol] = true
	l.bars = append(l.bars, b)
	if len(l.bars) >= l.batch {
		return l.flush()
	}
	return nil
}

// factRow takes the facts of one input row, all or none.
func (l *loader) factRow(line int, facts []market.Fact) error {
	if len(facts) == 0 {
		return nil
	}
	if !l.knownSymbol(line, facts[0].Symbol) {
		return nil
	}
	if l.factLines == nil {
		l.factLines = map[factKey]int{}
	}
	keys := make([]factKey, len(facts))
	for i, f := range facts {
		keys[i] = factKey{f.Symbol, f.Source, f.Metric, f.PeriodStart.Unix(), f.PeriodEnd.Unix(), f.Filed.Unix()}
		if first, ok := l.factLines[keys[i]]; ok && first != line {
			return l.duplicate(line, first)
		}
	}
	for _, k := range keys {
		l.factLines[k] = line
	}
	l.input++
	l.good++
	l.written[facts[0].Symbol] = true
	l.facts = append(l.facts, facts...)
	if len(l.facts) >= l.batch {
		return l.flush()
	}
	return nil
}

// flush writes the pending records. Each batch gets fresh storage, so a
// store may keep the slice it was given.
func (l *loader) flush() error {
	if len(l.secs) > 0 {
		if err := l.tx.PutSecurities(l.ctx, l.secs); err != nil {
			return fmt.Errorf("write securities: %w", err)
		}
		l.rows += len(l.secs)
		l.secs = nil
	}
	if len(l.bars) > 0 {
		if err := l.tx.PutBars(l.ctx, l.bars); err != nil {
			return fmt.Errorf("write bars: %w", err)
		}
		l.rows += len(l.bars)
		l.bars = make([]market.Bar, 0, l.batch)
	}
	if len(l.facts) > 0 {
		if err := l.tx.PutFacts(l.ctx, l.facts); err != nil {
			return fmt.Errorf("write facts: %w", err)
		}
		l.rows += len(l.facts)
		l.facts = nil
	}
	return nil
}

// fill copies the loader's counts into sum.
func (l *loader) fill(sum *Summary) {
	sum.Rows, sum.Bad, sum.Symbols = l.rows, l.bad, len(l.written)
	if len(l.skipped) > 0 {
		sum.Skipped = l.skipped
	}
	sum.BadRows = l.badRows
	for _, u := range l.unknown {
		sum.Unknown = append(sum.Unknown, *u)
	}
	slices.SortFunc(sum.Unknown, func(a, b UnknownSymbol) int {
		return cmp.Or(cmp.Compare(a.FirstLine, b.FirstLine), strings.Compare(a.Symbol, b.Symbol))
	})
}

// TerminalProgress returns f for Options.Progress when f is a terminal,
// and nil otherwise, so that logs and pipes get no progress bar.
func TerminalProgress(f *os.File) io.Writer {
	if f == nil || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return f
}

func newProgressBar(w io.Writer, size int64, name string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("import "+name),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// progressReader advances a progress bar by the bytes read from the file
// (compressed bytes for a .gz file, so the bar reaches its end).
type progressReader struct {
	r   io.Reader
	bar *progressbar.ProgressBar
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	_ = p.bar.Add(n)
	return n, err
}
