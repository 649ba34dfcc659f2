package sqlmarket

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// each runs the query build returns once over every security (symbols
// nil) or once per chunk of at most Dialect.SymbolsPerQuery symbols, the
// chunks in sorted order so that output ordered by symbol stays so, and
// calls scan on every row. build receives the condition on s.symbol, its
// values already in p. An empty list reads nothing.
func (m *Market) each(ctx context.Context, symbols []string, build func(p *sqlrow.Params, cond string) string, scan func(*sql.Rows) error) error {
	if symbols == nil {
		var p sqlrow.Params
		q := build(&p, "1 = 1")
		return m.query(ctx, q, p.Args, scan)
	}
	per := m.d.SymbolsPerQuery
	if per > 0 && len(symbols) > per {
		// Sorted and without repeats, so that no symbol is read by two
		// chunks.
		symbols = slices.Compact(slices.Sorted(slices.Values(symbols)))
	} else {
		per = len(symbols)
	}
	for len(symbols) > 0 {
		n := min(len(symbols), per)
		var p sqlrow.Params
		q := build(&p, m.d.SymbolIn(&p, symbols[:n]))
		if err := m.query(ctx, q, p.Args, scan); err != nil {
			return err
		}
		symbols = symbols[n:]
	}
	return nil
}

// query runs query and calls scan on each row.
func (m *Market) query(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := m.db.QueryContext(ctx, query, args...)
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
}

// EachBar implements store.Store. The query walks securities in symbol
// order and each one's bars through the (security_id, day) primary key, so
// the database never sorts.
func (m *Market) EachBar(ctx context.Context, symbols []string, from, to time.Time, fn func(market.Bar) error) error {
	lo, hi := dayRange(from, to)
	var day string
	err := m.each(ctx, symbols, func(p *sqlrow.Params, cond string) string {
		return `SELECT s.symbol, b.day, b.open, b.high, b.low, b.close, b.volume, b.source
			FROM securities s JOIN bars b ON b.security_id = s.id
			WHERE ` + cond + ` AND b.day BETWEEN ` + p.Add(lo) + ` AND ` + p.Add(hi) + `
			ORDER BY s.symbol, b.day`
	}, func(rows *sql.Rows) error {
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
	return unwrapFn("read bars", err)
}

// EachFact implements store.Store.
func (m *Market) EachFact(ctx context.Context, symbols []string, asOf time.Time, fn func(market.Fact) error) error {
	_, hi := dayRange(time.Time{}, asOf)
	err := m.each(ctx, symbols, func(p *sqlrow.Params, cond string) string {
		return `SELECT s.symbol, f.metric, f.period_start, f.period_end, f.filed, f.source,
				f.fiscal_year, f.fiscal_period, f.filed_estimated, f.value, f.unit, f.form
			FROM securities s JOIN facts f ON f.security_id = s.id
			WHERE ` + cond + ` AND f.filed <= ` + p.Add(hi) + `
			ORDER BY s.symbol, f.metric, f.period_end, f.filed, f.period_start, f.source`
	}, func(rows *sql.Rows) error {
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
	return unwrapFn("read facts", err)
}

// SaveScores implements store.Store. Every record is checked before the
// transaction begins: a refused save writes nothing and takes no lock.
func (m *Market) SaveScores(ctx context.Context, method string, asOf time.Time, recs []store.ScoreRecord) error {
	if method == "" {
		return errors.New("save scores: empty method")
	}
	if asOf.IsZero() {
		return errors.New("save scores: no as-of date")
	}
	day := asOf.Format(market.DateLayout)
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
	tx, err := m.db.BeginTx(ctx, nil)
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
	ids, err := securityIDs(ctx, tx)
	if err != nil {
		return fail(err)
	}
	put, err := tx.PrepareContext(ctx, `INSERT INTO scores (security_id, method, as_of, score, band, coverage, capped,
			momentum, value, quality, sentiment, explanation, signals)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (security_id, method, as_of) DO UPDATE SET score = excluded.score, band = excluded.band,
			coverage = excluded.coverage, capped = excluded.capped, momentum = excluded.momentum, value = excluded.value,
			quality = excluded.quality, sentiment = excluded.sentiment, explanation = excluded.explanation,
			signals = excluded.signals`)
	if err != nil {
		return fail(err)
	}
	defer put.Close()
	for i, r := range recs {
		id, ok := ids[r.Symbol]
		if !ok {
			return fail(fmt.Errorf("security %s: %w", r.Symbol, store.ErrNotFound))
		}
		if _, err := put.ExecContext(ctx, id, method, day, r.Score, r.Band, r.Coverage, r.Capped,
			r.Momentum, r.Value, r.Quality, r.Sentiment, r.Explanation, sigs[i]); err != nil {
			return fail(fmt.Errorf("%s: %w", r.Symbol, err))
		}
	}
	if err := m.d.BumpVersion(ctx, tx); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save scores %s %s: commit: %w", method, day, err)
	}
	return nil
}

// ScoreHistory implements store.Store.
func (m *Market) ScoreHistory(ctx context.Context, symbol, method string, from, to time.Time) ([]store.ScoreRecord, error) {
	lo, hi := dayRange(from, to)
	rows, err := m.db.QueryContext(ctx, `SELECT `+sqlrow.ScoreColumns+`
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
func (m *Market) ScoresOn(ctx context.Context, method string, asOf time.Time) ([]store.ScoreRecord, error) {
	day := ""
	if asOf.IsZero() {
		var latest sql.NullString
		if err := m.db.QueryRowContext(ctx, `SELECT MAX(as_of) FROM scores WHERE method = $1`, method).Scan(&latest); err != nil {
			return nil, fmt.Errorf("scores %s: %w", method, err)
		}
		if !latest.Valid {
			return []store.ScoreRecord{}, nil
		}
		day = latest.String
	} else {
		day = asOf.Format(market.DateLayout)
	}
	rows, err := m.db.QueryContext(ctx, `SELECT `+sqlrow.ScoreColumns+`
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
