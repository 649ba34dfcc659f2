package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// Import implements store.Store: fn runs in one transaction that is
// committed only when fn returns nil. A successful import bumps the data
// version (and notifies DataChannel).
func (db *DB) Import(ctx context.Context, fn func(tx store.ImportTx) error) error {
	sqlTx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin import: %w", err)
	}
	tx := &importTx{tx: sqlTx}
	if err := fn(tx); err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil {
			return errors.Join(err, fmt.Errorf("rollback import: %w", rbErr))
		}
		return err
	}
	if err := bumpVersion(ctx, sqlTx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	return nil
}

// rowsPerInsert is how many rows one bulk INSERT carries. Rows travel as
// one array per column (unnest), so the statement has a fixed number of
// parameters whatever the batch size.
const rowsPerInsert = 10000

type importTx struct {
	tx  *sql.Tx
	ids map[string]int64 // symbol → securities.id, loaded on first use
}

func (t *importTx) securityID(ctx context.Context, symbol string) (int64, error) {
	if t.ids == nil {
		rows, err := t.tx.QueryContext(ctx, `SELECT symbol, id FROM securities`)
		if err != nil {
			return 0, err
		}
		t.ids = make(map[string]int64)
		for rows.Next() {
			var (
				s  string
				id int64
			)
			if err := rows.Scan(&s, &id); err != nil {
				rows.Close()
				return 0, err
			}
			t.ids[s] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	id, ok := t.ids[symbol]
	if !ok {
		return 0, fmt.Errorf("security %s: %w (import securities first)", symbol, store.ErrNotFound)
	}
	return id, nil
}

// PutSecurities implements store.ImportTx.
func (t *importTx) PutSecurities(ctx context.Context, secs []market.Security) error {
	for _, s := range secs {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("put security: %w", err)
		}
		_, old, err := sqlrow.ScanSecurity(t.tx.QueryRowContext(ctx, `SELECT `+sqlrow.SecurityColumns+` FROM securities s WHERE s.symbol = $1`, s.Symbol))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			old = market.Security{Symbol: s.Symbol}
		case err != nil:
			return fmt.Errorf("put security %s: %w", s.Symbol, err)
		}
		m := old.Merge(s)
		aliases := m.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		aj, err := json.Marshal(aliases)
		if err != nil {
			return fmt.Errorf("put security %s: %w", s.Symbol, err)
		}
		var id int64
		if err := t.tx.QueryRowContext(ctx, `INSERT INTO securities (symbol, share_class, legal_name, name, aliases, cik, exchange, sector, industry, etf)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (symbol) DO UPDATE SET share_class = excluded.share_class, legal_name = excluded.legal_name,
				name = excluded.name, aliases = excluded.aliases, cik = excluded.cik, exchange = excluded.exchange,
				sector = excluded.sector, industry = excluded.industry, etf = excluded.etf
			RETURNING id`,
			m.Symbol, m.ShareClass, m.LegalName, m.Name, string(aj), m.CIK,
			string(m.Exchange), string(m.Sector), m.Industry, m.ETF).Scan(&id); err != nil {
			return fmt.Errorf("put security %s: %w", s.Symbol, err)
		}
		if t.ids != nil {
			t.ids[m.Symbol] = id
		}
	}
	return nil
}

// lastOfEach returns the indexes of items keeping only the last item of
// each key, in input order. PostgreSQL refuses an INSERT … ON CONFLICT DO
// UPDATE that touches one row twice; SQLite lets the last row win, and so
// does this.
func lastOfEach[T any, K comparable](items []T, key func(T) K) []int {
	last := make(map[K]int, len(items))
	for i, it := range items {
		last[key(it)] = i
	}
	if len(last) == len(items) {
		idx := make([]int, len(items))
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, 0, len(last))
	for i, it := range items {
		if last[key(it)] == i {
			idx = append(idx, i)
		}
	}
	return idx
}

const barUpsert = `INSERT INTO bars (security_id, day, open, high, low, close, volume, source)
	SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::text[])
	ON CONFLICT (security_id, day) DO UPDATE SET open = excluded.open, high = excluded.high,
		low = excluded.low, close = excluded.close, volume = excluded.volume, source = excluded.source
	WHERE bars.open <> excluded.open OR bars.high <> excluded.high OR bars.low <> excluded.low
		OR bars.close <> excluded.close OR bars.volume <> excluded.volume OR bars.source <> excluded.source`

type barKey struct{ symbol, day string }

// PutBars implements store.ImportTx: each batch of rowsPerInsert bars is
// one INSERT of column arrays.
func (t *importTx) PutBars(ctx context.Context, bars []market.Bar) error {
	for len(bars) > 0 {
		n := min(len(bars), rowsPerInsert)
		chunk := bars[:n]
		bars = bars[n:]
		for _, b := range chunk {
			if err := b.Validate(); err != nil {
				return fmt.Errorf("put bar %s %s: %w", b.Symbol, b.Date.Format(market.DateLayout), err)
			}
		}
		idx := lastOfEach(chunk, func(b market.Bar) barKey { return barKey{b.Symbol, b.Date.Format(market.DateLayout)} })
		var (
			ids                           = make([]int64, len(idx))
			days, sources                 = make([]string, len(idx)), make([]string, len(idx))
			opens, highs, lows, cls, vols = make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx))
		)
		for k, i := range idx {
			b := chunk[i]
			id, err := t.securityID(ctx, b.Symbol)
			if err != nil {
				return fmt.Errorf("put bars: %w", err)
			}
			ids[k], days[k], sources[k] = id, b.Date.Format(market.DateLayout), b.Source
			opens[k], highs[k], lows[k], cls[k], vols[k] = b.Open, b.High, b.Low, b.Close, b.Volume
		}
		if _, err := t.tx.ExecContext(ctx, barUpsert, ids, days, opens, highs, lows, cls, vols, sources); err != nil {
			return fmt.Errorf("put bars: %w", err)
		}
	}
	return nil
}

const factUpsert = `INSERT INTO facts (security_id, metric, period_start, period_end, filed, source,
		fiscal_year, fiscal_period, filed_estimated, value, unit, form)
	SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
		$7::bigint[], $8::text[], $9::boolean[], $10::float8[], $11::text[], $12::text[])
	ON CONFLICT (security_id, metric, period_start, period_end, filed, source) DO UPDATE SET
		fiscal_year = excluded.fiscal_year, fiscal_period = excluded.fiscal_period,
		filed_estimated = excluded.filed_estimated, value = excluded.value, unit = excluded.unit, form = excluded.form
	WHERE facts.fiscal_year <> excluded.fiscal_year OR facts.fiscal_period <> excluded.fiscal_period
		OR facts.filed_estimated <> excluded.filed_estimated OR facts.value <> excluded.value
		OR facts.unit <> excluded.unit OR facts.form <> excluded.form`

type factKey struct{ symbol, metric, source, start, end, filed string }

// factStart is a fact's stored period start: ” for instant metrics.
func factStart(f market.Fact) string {
	if f.PeriodStart.IsZero() {
		return ""
	}
	return f.PeriodStart.Format(market.DateLayout)
}

// PutFacts implements store.ImportTx.
func (t *importTx) PutFacts(ctx context.Context, facts []market.Fact) error {
	for len(facts) > 0 {
		n := min(len(facts), rowsPerInsert)
		chunk := facts[:n]
		facts = facts[n:]
		for _, f := range chunk {
			if err := f.Validate(); err != nil {
				return fmt.Errorf("put fact %s: %w", f.Symbol, err)
			}
		}
		idx := lastOfEach(chunk, func(f market.Fact) factKey {
			return factKey{f.Symbol, string(f.Metric), f.Source, factStart(f),
				f.PeriodEnd.Format(market.DateLayout), f.Filed.Format(market.DateLayout)}
		})
		var (
			ids                                      = make([]int64, len(idx))
			metrics, starts, ends, fileds, srcs, fps = make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx))
			units, forms                             = make([]string, len(idx)), make([]string, len(idx))
			years                                    = make([]int64, len(idx))
			ests                                     = make([]bool, len(idx))
			values                                   = make([]float64, len(idx))
		)
		for k, i := range idx {
			f := chunk[i]
			id, err := t.securityID(ctx, f.Symbol)
			if err != nil {
				return fmt.Errorf("put facts: %w", err)
			}
			ids[k], metrics[k], starts[k], ends[k], fileds[k], srcs[k] = id, string(f.Metric), factStart(f),
				f.PeriodEnd.Format(market.DateLayout), f.Filed.Format(market.DateLayout), f.Source
			years[k], fps[k], ests[k], values[k], units[k], forms[k] = int64(f.FiscalYear), f.FiscalPeriod, f.FiledEstimated, f.Value, f.Unit, f.Form
		}
		if _, err := t.tx.ExecContext(ctx, factUpsert, ids, metrics, starts, ends, fileds, srcs, years, fps, ests, values, units, forms); err != nil {
			return fmt.Errorf("put facts: %w", err)
		}
	}
	return nil
}

// LogImport implements store.ImportTx.
func (t *importTx) LogImport(ctx context.Context, r store.ImportRecord) error {
	when := r.Imported
	if when.IsZero() {
		when = time.Now()
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO imports (kind, format, file, rows, bad, imported) VALUES ($1, $2, $3, $4, $5, $6)`,
		r.Kind, r.Format, r.File, r.Rows, r.Bad, when.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("log import %s: %w", r.File, err)
	}
	return nil
}
