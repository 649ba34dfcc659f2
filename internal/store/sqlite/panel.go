package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// symbolsPerQuery bounds the IN list of one query, well under SQLite's
// bound-parameter limit.
const symbolsPerQuery = 500

// eachSymbolChunk runs fn once with no filter (symbols == nil) or once per
// chunk of at most symbolsPerQuery symbols, each as a SQL condition on
// s.symbol and its arguments. Chunks run in sorted order, so the
// concatenated output stays ordered by symbol.
func eachSymbolChunk(symbols []string, fn func(cond string, args []any) error) error {
	if symbols == nil {
		return fn("1 = 1", nil)
	}
	sorted := slices.Clone(symbols)
	slices.Sort(sorted)
	for len(sorted) > 0 {
		n := min(len(sorted), symbolsPerQuery)
		args := make([]any, n)
		for k, s := range sorted[:n] {
			args[k] = s
		}
		if err := fn("s.symbol IN (?"+strings.Repeat(", ?", n-1)+")", args); err != nil {
			return err
		}
		sorted = sorted[n:]
	}
	return nil
}

// fnError marks an error returned by the caller's callback, which the
// Each methods return unwrapped.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// EachBar implements store.Store. The query walks securities in symbol
// order and each one's bars through the (security_id, day) primary key, so
// SQLite never sorts.
func (db *DB) EachBar(ctx context.Context, symbols []string, from, to time.Time, fn func(market.Bar) error) error {
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = from.Format(market.DateLayout)
	}
	if !to.IsZero() {
		hi = to.Format(market.DateLayout)
	}
	err := eachSymbolChunk(symbols, func(cond string, args []any) error {
		rows, err := db.sql.QueryContext(ctx, `SELECT s.symbol, b.day, b.open, b.high, b.low, b.close, b.volume, b.source
			FROM securities s JOIN bars b ON b.security_id = s.id
			WHERE `+cond+` AND b.day BETWEEN ? AND ? ORDER BY s.symbol, b.day`, append(args, lo, hi)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var day string
		for rows.Next() {
			var b market.Bar
			if err := rows.Scan(&b.Symbol, &day, &b.Open, &b.High, &b.Low, &b.Close, &b.Volume, &b.Source); err != nil {
				return err
			}
			if b.Date, err = market.ParseDate(day); err != nil {
				return fmt.Errorf("%s date %q: %w", b.Symbol, day, err)
			}
			if err := fn(b); err != nil {
				return fnError{err}
			}
		}
		return rows.Err()
	})
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("read bars: %w", err)
	}
	return nil
}

// EachFact implements store.Store.
func (db *DB) EachFact(ctx context.Context, symbols []string, asOf time.Time, fn func(market.Fact) error) error {
	hi := "9999-99-99"
	if !asOf.IsZero() {
		hi = asOf.Format(market.DateLayout)
	}
	err := eachSymbolChunk(symbols, func(cond string, args []any) error {
		rows, err := db.sql.QueryContext(ctx, `SELECT s.symbol, f.metric, f.period_start, f.period_end, f.filed, f.source,
				f.fiscal_year, f.fiscal_period, f.filed_estimated, f.value, f.unit, f.form
			FROM securities s JOIN facts f ON f.security_id = s.id
			WHERE `+cond+` AND f.filed <= ?
			ORDER BY s.symbol, f.metric, f.period_end, f.filed, f.period_start, f.source`, append(args, hi)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				f                 market.Fact
				start, end, filed string
				est               int
			)
			if err := rows.Scan(&f.Symbol, &f.Metric, &start, &end, &filed, &f.Source, &f.FiscalYear, &f.FiscalPeriod, &est, &f.Value, &f.Unit, &f.Form); err != nil {
				return err
			}
			f.FiledEstimated = est == 1
			if start != "" {
				if f.PeriodStart, err = market.ParseDate(start); err != nil {
					return fmt.Errorf("%s period start %q: %w", f.Symbol, start, err)
				}
			}
			if f.PeriodEnd, err = market.ParseDate(end); err != nil {
				return fmt.Errorf("%s period end %q: %w", f.Symbol, end, err)
			}
			if f.Filed, err = market.ParseDate(filed); err != nil {
				return fmt.Errorf("%s filed %q: %w", f.Symbol, filed, err)
			}
			if err := fn(f); err != nil {
				return fnError{err}
			}
		}
		return rows.Err()
	})
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	return nil
}

// SaveScores implements store.Store.
func (db *DB) SaveScores(ctx context.Context, method string, asOf time.Time, recs []store.ScoreRecord) error {
	if method == "" {
		return errors.New("save scores: empty method")
	}
	if asOf.IsZero() {
		return errors.New("save scores: no as-of date")
	}
	day := asOf.Format(market.DateLayout)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save scores %s %s: %w", method, day, err)
	}
	fail := func(err error) error {
		_ = tx.Rollback()
		return fmt.Errorf("save scores %s %s: %w", method, day, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM scores WHERE method = ? AND as_of = ?`, method, day); err != nil {
		return fail(err)
	}
	ids := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT symbol, id FROM securities`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var (
			s  string
			id int64
		)
		if err := rows.Scan(&s, &id); err != nil {
			rows.Close()
			return fail(err)
		}
		ids[s] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	put, err := tx.PrepareContext(ctx, `INSERT INTO scores (security_id, method, as_of, score, band, coverage, capped,
			momentum, value, quality, sentiment, explanation, signals)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (security_id, method, as_of) DO UPDATE SET score = excluded.score, band = excluded.band,
			coverage = excluded.coverage, capped = excluded.capped, momentum = excluded.momentum, value = excluded.value,
			quality = excluded.quality, sentiment = excluded.sentiment, explanation = excluded.explanation,
			signals = excluded.signals`)
	if err != nil {
		return fail(err)
	}
	defer put.Close()
	for _, r := range recs {
		id, ok := ids[r.Symbol]
		if !ok {
			return fail(fmt.Errorf("security %s: %w", r.Symbol, store.ErrNotFound))
		}
		if err := r.Check(); err != nil {
			return fail(err)
		}
		capped := 0
		if r.Capped {
			capped = 1
		}
		sigs, err := store.EncodeSignals(r.Signals)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", r.Symbol, err))
		}
		if _, err := put.ExecContext(ctx, id, method, day, nullable(r.Score), r.Band, r.Coverage, capped,
			nullable(r.Momentum), nullable(r.Value), nullable(r.Quality), nullable(r.Sentiment), r.Explanation, sigs); err != nil {
			return fail(fmt.Errorf("%s: %w", r.Symbol, err))
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE data_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save scores %s %s: commit: %w", method, day, err)
	}
	return nil
}

func nullable(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// ScoreHistory implements store.Store.
func (db *DB) ScoreHistory(ctx context.Context, symbol, method string, from, to time.Time) ([]store.ScoreRecord, error) {
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = from.Format(market.DateLayout)
	}
	if !to.IsZero() {
		hi = to.Format(market.DateLayout)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sqlrow.ScoreColumns+`
		FROM scores c JOIN securities s ON s.id = c.security_id
		WHERE s.symbol = ? AND c.method = ? AND c.as_of BETWEEN ? AND ? ORDER BY c.as_of`, symbol, method, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("score history %s: %w", symbol, err)
	}
	defer rows.Close()
	out, err := sqlrow.ScanScores(rows)
	if err != nil {
		return nil, fmt.Errorf("score history %s: %w", symbol, err)
	}
	return out, nil
}

// ScoresOn implements store.Store.
func (db *DB) ScoresOn(ctx context.Context, method string, asOf time.Time) ([]store.ScoreRecord, error) {
	day := ""
	if asOf.IsZero() {
		var latest sql.NullString
		if err := db.sql.QueryRowContext(ctx, `SELECT MAX(as_of) FROM scores WHERE method = ?`, method).Scan(&latest); err != nil {
			return nil, fmt.Errorf("scores %s: %w", method, err)
		}
		if !latest.Valid {
			return []store.ScoreRecord{}, nil
		}
		day = latest.String
	} else {
		day = asOf.Format(market.DateLayout)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sqlrow.ScoreColumns+`
		FROM scores c JOIN securities s ON s.id = c.security_id
		WHERE c.method = ? AND c.as_of = ? ORDER BY s.symbol`, method, day)
	if err != nil {
		return nil, fmt.Errorf("scores %s %s: %w", method, day, err)
	}
	defer rows.Close()
	out, err := sqlrow.ScanScores(rows)
	if err != nil {
		return nil, fmt.Errorf("scores %s %s: %w", method, day, err)
	}
	return out, nil
}
