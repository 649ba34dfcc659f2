package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// symbolCond adds a symbols filter to p: nil selects every security, any
// other slice (empty too) the securities it names. The symbols travel as
// one array parameter, however many there are.
func symbolCond(p *sqlrow.Params, symbols []string) string {
	if symbols == nil {
		return "true"
	}
	return "s.symbol = ANY(" + p.Add(symbols) + "::text[])"
}

// fnError marks an error returned by the caller's callback, which the
// Each methods return unwrapped.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// each runs query and calls scan on each row, returning the callback's
// error unwrapped and any other wrapped with what.
func (db *DB) each(ctx context.Context, what, query string, args []any, scan func(*sql.Rows) error) error {
	err := func() error {
		rows, err := db.sql.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}()
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// EachBar implements store.Store. Rows stream from one query that walks
// each security's bars through the (security_id, day) primary key.
func (db *DB) EachBar(ctx context.Context, symbols []string, from, to time.Time, fn func(market.Bar) error) error {
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = from.Format(market.DateLayout)
	}
	if !to.IsZero() {
		hi = to.Format(market.DateLayout)
	}
	var p sqlrow.Params
	q := `SELECT s.symbol, b.day, b.open, b.high, b.low, b.close, b.volume, b.source
		FROM securities s JOIN bars b ON b.security_id = s.id
		WHERE ` + symbolCond(&p, symbols) + ` AND b.day BETWEEN ` + p.Add(lo) + ` AND ` + p.Add(hi) + `
		ORDER BY s.symbol, b.day`
	var day string
	return db.each(ctx, "read bars", q, p.Args, func(rows *sql.Rows) error {
		var b market.Bar
		if err := rows.Scan(&b.Symbol, &day, &b.Open, &b.High, &b.Low, &b.Close, &b.Volume, &b.Source); err != nil {
			return err
		}
		var err error
		if b.Date, err = market.ParseDate(day); err != nil {
			return fmt.Errorf("%s date %q: %w", b.Symbol, day, err)
		}
		if err := fn(b); err != nil {
			return fnError{err}
		}
		return nil
	})
}

// EachFact implements store.Store.
func (db *DB) EachFact(ctx context.Context, symbols []string, asOf time.Time, fn func(market.Fact) error) error {
	hi := "9999-99-99"
	if !asOf.IsZero() {
		hi = asOf.Format(market.DateLayout)
	}
	var p sqlrow.Params
	q := `SELECT s.symbol, f.metric, f.period_start, f.period_end, f.filed, f.source,
			f.fiscal_year, f.fiscal_period, f.filed_estimated, f.value, f.unit, f.form
		FROM securities s JOIN facts f ON f.security_id = s.id
		WHERE ` + symbolCond(&p, symbols) + ` AND f.filed <= ` + p.Add(hi) + `
		ORDER BY s.symbol, f.metric, f.period_end, f.filed, f.period_start, f.source`
	return db.each(ctx, "read facts", q, p.Args, func(rows *sql.Rows) error {
		var (
			f                 market.Fact
			start, end, filed string
		)
		if err := rows.Scan(&f.Symbol, &f.Metric, &start, &end, &filed, &f.Source, &f.FiscalYear, &f.FiscalPeriod,
			&f.FiledEstimated, &f.Value, &f.Unit, &f.Form); err != nil {
			return err
		}
		var err error
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
		return nil
	})
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
	// Check every record before the transaction: a refused save writes
	// nothing.
	sigs := make([]string, len(recs))
	for i, r := range recs {
		if err := r.Check(); err != nil {
			return fmt.Errorf("save scores %s %s: %w", method, day, err)
		}
		var err error
		if sigs[i], err = store.EncodeSignals(r.Signals); err != nil {
			return fmt.Errorf("save scores %s %s: %s: %w", method, day, r.Symbol, err)
		}
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save scores %s %s: %w", method, day, err)
	}
	fail := func(err error) error {
		_ = tx.Rollback()
		return fmt.Errorf("save scores %s %s: %w", method, day, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM scores WHERE method = $1 AND as_of = $2`, method, day); err != nil {
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
	for i, r := range recs {
		id, ok := ids[r.Symbol]
		if !ok {
			return fail(fmt.Errorf("security %s: %w", r.Symbol, store.ErrNotFound))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO scores (security_id, method, as_of, score, band, coverage, capped,
				momentum, value, quality, sentiment, explanation, signals)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (security_id, method, as_of) DO UPDATE SET score = excluded.score, band = excluded.band,
				coverage = excluded.coverage, capped = excluded.capped, momentum = excluded.momentum, value = excluded.value,
				quality = excluded.quality, sentiment = excluded.sentiment, explanation = excluded.explanation,
				signals = excluded.signals`,
			id, method, day, r.Score, r.Band, r.Coverage, r.Capped,
			r.Momentum, r.Value, r.Quality, r.Sentiment, r.Explanation, sigs[i]); err != nil {
			return fail(fmt.Errorf("%s: %w", r.Symbol, err))
		}
	}
	if err := bumpVersion(ctx, tx); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save scores %s %s: commit: %w", method, day, err)
	}
	return nil
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
		WHERE s.symbol = $1 AND c.method = $2 AND c.as_of BETWEEN $3 AND $4 ORDER BY c.as_of`, symbol, method, lo, hi)
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
		if err := db.sql.QueryRowContext(ctx, `SELECT MAX(as_of) FROM scores WHERE method = $1`, method).Scan(&latest); err != nil {
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
		WHERE c.method = $1 AND c.as_of = $2 ORDER BY s.symbol`, method, day)
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
