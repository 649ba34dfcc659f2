// Package store is alphadesk's persistence API. Engines never see SQL: they
// receive plain market values read through a Store. Implementations live in
// sub-packages (sqlite, postgres) and must all pass the shared
// conformance suite in storetest.
package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"alphadesk/internal/market"
)

// ErrNotFound is returned (wrapped) when a requested record does not exist.
var ErrNotFound = errors.New("not found")

// SecurityFilter selects securities for listings. Zero fields select all.
type SecurityFilter struct {
	// Query matches symbol prefix or a substring of the name, legal name or
	// aliases, case-insensitively.
	Query  string
	Sector market.Sector
	// Limit caps the number of rows (0: no limit); Offset skips rows.
	Limit, Offset int
}

// Quote is a security with its latest daily bar and the close before it.
type Quote struct {
	Security market.Security
	// Last is the latest bar; its Date is zero when the security has no prices.
	Last market.Bar
	// PrevClose is the close of the session before Last (0 when unknown).
	PrevClose float64
}

// HasPrice reports whether the quote carries a bar.
func (q Quote) HasPrice() bool { return !q.Last.Date.IsZero() }

// Change is the day's absolute and percentage change, ok=false when there
// is no previous close.
func (q Quote) Change() (abs, pct float64, ok bool) {
	if !q.HasPrice() || q.PrevClose <= 0 {
		return 0, 0, false
	}
	abs = q.Last.Close - q.PrevClose
	return abs, abs / q.PrevClose * 100, true
}

// ImportRecord describes one imported file, kept for lineage.
type ImportRecord struct {
	Kind     string // "securities", "prices", "fundamentals", "demo"
	Format   string
	File     string
	Rows     int // records written
	Bad      int // rows skipped as bad
	Imported time.Time
}

// Store reads and writes the desk's data. Every method takes a context and
// is safe for concurrent use.
type Store interface {
	// Security returns one security by canonical symbol, or ErrNotFound.
	Security(ctx context.Context, symbol string) (market.Security, error)
	// Securities lists securities ordered by symbol.
	Securities(ctx context.Context, f SecurityFilter) ([]market.Security, error)
	// CountSecurities counts the securities a filter selects (ignoring Limit/Offset).
	CountSecurities(ctx context.Context, f SecurityFilter) (int, error)
	// Quotes lists securities with their latest prices, ordered by symbol.
	Quotes(ctx context.Context, f SecurityFilter) ([]Quote, error)
	// Quote returns one security with its latest bar and the close before
	// it, or ErrNotFound for an unknown symbol.
	Quote(ctx context.Context, symbol string) (Quote, error)
	// Symbols returns every known canonical symbol.
	Symbols(ctx context.Context) (map[string]bool, error)
	// Bars returns a security's bars with from <= date <= to, oldest first.
	// Zero from/to leave that side open.
	Bars(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error)
	// Facts returns a security's fundamental facts filed on or before asOf
	// (zero asOf: all), ordered by metric, period end, filed date.
	Facts(ctx context.Context, symbol string, asOf time.Time) ([]market.Fact, error)
	// Imports lists the import log, newest first.
	Imports(ctx context.Context, limit int) ([]ImportRecord, error)
	// DataVersion is a number that changes whenever data is written; pages
	// use it for ETags.
	DataVersion(ctx context.Context) (int64, error)
	// Import runs fn in one transaction: everything fn wrote is committed
	// when it returns nil and nothing is kept when it returns an error.
	Import(ctx context.Context, fn func(tx ImportTx) error) error
	// Close releases the database.
	Close() error

	// EachBar calls fn with every bar of the given symbols (nil: all) with
	// from <= date <= to (zero from/to leave that side open), ordered by
	// symbol then date. It streams: memory does not grow with the number
	// of bars. It stops at fn's first error and returns it unwrapped.
	EachBar(ctx context.Context, symbols []string, from, to time.Time, fn func(market.Bar) error) error
	// EachFact calls fn with every fact of the given symbols (nil: all)
	// filed on or before asOf (zero: all), ordered by symbol, metric,
	// period end, filed date. It stops at fn's first error and returns it.
	EachFact(ctx context.Context, symbols []string, asOf time.Time, fn func(market.Fact) error) error
	// SaveScores replaces every saved score of method on asOf with recs,
	// in one transaction: saving a date again replaces it, never
	// duplicates it. Every symbol must exist (ErrNotFound otherwise). It
	// changes the data version.
	SaveScores(ctx context.Context, method string, asOf time.Time, recs []ScoreRecord) error
	// ScoreHistory returns a security's saved scores of method with
	// from <= as-of <= to (zero: open), oldest first.
	ScoreHistory(ctx context.Context, symbol, method string, from, to time.Time) ([]ScoreRecord, error)
	// ScoresOn returns every saved score of method on asOf (zero: the
	// latest date saved), ordered by symbol; none is an empty list.
	ScoresOn(ctx context.Context, method string, asOf time.Time) ([]ScoreRecord, error)
}

// ScoreRecord is one security's saved Alpha Score on one date: what a
// stock page needs to draw its score history. Pointers are nil when the
// security was unscored or the signal missing.
type ScoreRecord struct {
	Symbol string
	AsOf   time.Time
	// Method is "alpha" or "thresholds".
	Method   string
	Score    *float64
	Band     string // "" when unscored
	Coverage int    // signals present, 0–4
	Capped   bool
	// Signal scores, 0–100.
	Momentum, Value, Quality, Sentiment *float64
	Explanation                         string
	// Signals holds each signal with the metrics behind it, keyed by
	// signal name ("momentum", "value", "quality", "sentiment"). It is nil
	// for records saved before signals were kept (their signal scores are
	// still in the fields above).
	Signals map[string]SignalRecord
}

// Check refuses a record no store may save: a score or signal score
// outside 0–100 (or NaN), or a coverage outside 0–4.
func (r ScoreRecord) Check() error {
	for _, p := range []*float64{r.Score, r.Momentum, r.Value, r.Quality, r.Sentiment} {
		if p != nil && (math.IsNaN(*p) || *p < 0 || *p > 100) {
			return fmt.Errorf("%s: score %v outside 0–100", r.Symbol, *p)
		}
	}
	if r.Coverage < 0 || r.Coverage > 4 {
		return fmt.Errorf("%s: coverage %d outside 0–4", r.Symbol, r.Coverage)
	}
	return nil
}

// SignalRecord is one signal of a saved score and the metrics behind it.
type SignalRecord struct {
	Score  *float64 // 0–100; nil when the signal is missing
	Band   string   // "" when missing
	Reason string   // why the signal is missing; "" when present
	// Metrics are the inputs of the signal in display order, present or
	// not.
	Metrics []MetricRecord
}

// MetricRecord is one metric behind a saved signal.
type MetricRecord struct {
	Name string
	// Value is the metric in natural units (fractions for returns and
	// yields); nil when unknown or not meaningful.
	Value *float64
	// Rank is the metric's percentile, 0–100, under the alpha method
	// (within the GICS sector for value and quality metrics, across the
	// universe for momentum and sentiment), or its points under the
	// thresholds method; nil when the metric did not count.
	Rank *float64
	// Text reads the metric for people: "12-1M return +34%, 91st percentile".
	Text string
}

// ImportTx writes inside one Import transaction. Writes are idempotent:
// writing the same record twice leaves one record.
type ImportTx interface {
	// PutSecurities inserts securities or merges them into existing ones
	// (non-empty fields win, aliases are united; see market.Security.Merge).
	PutSecurities(ctx context.Context, secs []market.Security) error
	// PutBars inserts or replaces bars keyed by (symbol, date). Every
	// symbol must already exist (ErrNotFound otherwise).
	PutBars(ctx context.Context, bars []market.Bar) error
	// PutFacts inserts or replaces facts keyed by (symbol, metric, period
	// start, period end, filed, source). Every symbol must already exist.
	PutFacts(ctx context.Context, facts []market.Fact) error
	// LogImport appends to the import log.
	LogImport(ctx context.Context, rec ImportRecord) error
}
