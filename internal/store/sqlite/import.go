package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// Import implements store.Store: fn runs in one IMMEDIATE transaction that
// is committed only when fn returns nil. A successful import bumps the data
// version.
func (db *DB) Import(ctx context.Context, fn func(tx store.ImportTx) error) error {
	sqlTx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin import: %w", err)
	}
	tx := &importTx{tx: sqlTx}
	defer tx.closeStmts()
	if err := fn(tx); err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil {
			return errors.Join(err, fmt.Errorf("rollback import: %w", rbErr))
		}
		return err
	}
	if _, err := sqlTx.ExecContext(ctx, `UPDATE data_version SET version = version + 1 WHERE id = 1`); err != nil {
		_ = sqlTx.Rollback()
		return fmt.Errorf("bump data version: %w", err)
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	return nil
}

// rowsPerInsert is how many rows one multi-row INSERT carries; it keeps the
// statement well under SQLite's bound-parameter limit.
const rowsPerInsert = 256

type importTx struct {
	tx    *sql.Tx
	ids   map[string]int64 // symbol → securities.id, loaded on first use
	stmts map[string]*sql.Stmt
}

func (t *importTx) closeStmts() {
	for _, s := range t.stmts {
		_ = s.Close()
	}
}

func (t *importTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = make(map[string]*sql.Stmt)
	}
	t.stmts[query] = s
	return s, nil
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
	get, err := t.stmt(ctx, `SELECT `+sqlrow.SecurityColumns+` FROM securities s WHERE s.symbol = ?`)
	if err != nil {
		return fmt.Errorf("put securities: %w", err)
	}
	put, err := t.stmt(ctx, `INSERT INTO securities (symbol, share_class, legal_name, name, aliases, cik, exchange, sector, industry, etf)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (symbol) DO UPDATE SET share_class = excluded.share_class, legal_name = excluded.legal_name,
			name = excluded.name, aliases = excluded.aliases, cik = excluded.cik, exchange = excluded.exchange,
			sector = excluded.sector, industry = excluded.industry, etf = excluded.etf
		RETURNING id`)
	if err != nil {
		return fmt.Errorf("put securities: %w", err)
	}
	for _, s := range secs {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("put security: %w", err)
		}
		_, old, err := sqlrow.ScanSecurity(get.QueryRowContext(ctx, s.Symbol))
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
		if err := put.QueryRowContext(ctx, m.Symbol, m.ShareClass, m.LegalName, m.Name, string(aj), m.CIK,
			string(m.Exchange), string(m.Sector), m.Industry, boolInt(m.ETF)).Scan(&id); err != nil {
			return fmt.Errorf("put security %s: %w", s.Symbol, err)
		}
		if t.ids != nil {
			t.ids[m.Symbol] = id
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// multiInsert builds "INSERT … VALUES (?,…),(?,…) … suffix" for n rows.
func multiInsert(prefix string, cols, n int, suffix string) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	var b strings.Builder
	b.Grow(len(prefix) + n*(len(row)+1) + len(suffix))
	b.WriteString(prefix)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	b.WriteString(suffix)
	return b.String()
}

const (
	barInsert = `INSERT INTO bars (security_id, day, open, high, low, close, volume, source) VALUES `
	barUpsert = ` ON CONFLICT (security_id, day) DO UPDATE SET open = excluded.open, high = excluded.high,
		low = excluded.low, close = excluded.close, volume = excluded.volume, source = excluded.source
		WHERE bars.open <> excluded.open OR bars.high <> excluded.high OR bars.low <> excluded.low
			OR bars.close <> excluded.close OR bars.volume <> excluded.volume OR bars.source <> excluded.source`
	barCols = 8
)

// PutBars implements store.ImportTx.
func (t *importTx) PutBars(ctx context.Context, bars []market.Bar) error {
	args := make([]any, 0, rowsPerInsert*barCols)
	for len(bars) > 0 {
		n := min(len(bars), rowsPerInsert)
		chunk := bars[:n]
		bars = bars[n:]
		args = args[:0]
		for _, b := range chunk {
			if err := b.Validate(); err != nil {
				return fmt.Errorf("put bar %s %s: %w", b.Symbol, b.Date.Format(market.DateLayout), err)
			}
			id, err := t.securityID(ctx, b.Symbol)
			if err != nil {
				return fmt.Errorf("put bars: %w", err)
			}
			args = append(args, id, b.Date.Format(market.DateLayout), b.Open, b.High, b.Low, b.Close, b.Volume, b.Source)
		}
		st, err := t.stmt(ctx, multiInsert(barInsert, barCols, n, barUpsert))
		if err != nil {
			return fmt.Errorf("put bars: %w", err)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("put bars: %w", err)
		}
	}
	return nil
}

const (
	factInsert = `INSERT INTO facts (security_id, metric, period_start, period_end, filed, source,
		fiscal_year, fiscal_period, filed_estimated, value, unit, form) VALUES `
	factUpsert = ` ON CONFLICT (security_id, metric, period_start, period_end, filed, source) DO UPDATE SET
		fiscal_year = excluded.fiscal_year, fiscal_period = excluded.fiscal_period,
		filed_estimated = excluded.filed_estimated, value = excluded.value, unit = excluded.unit, form = excluded.form
		WHERE facts.fiscal_year <> excluded.fiscal_year OR facts.fiscal_period <> excluded.fiscal_period
			OR facts.filed_estimated <> excluded.filed_estimated OR facts.value <> excluded.value
			OR facts.unit <> excluded.unit OR facts.form <> excluded.form`
	factCols = 12
)

// PutFacts implements store.ImportTx.
func (t *importTx) PutFacts(ctx context.Context, facts []market.Fact) error {
	args := make([]any, 0, rowsPerInsert*factCols)
	for len(facts) > 0 {
		n := min(len(facts), rowsPerInsert)
		chunk := facts[:n]
		facts = facts[n:]
		args = args[:0]
		for _, f := range chunk {
			if err := f.Validate(); err != nil {
				return fmt.Errorf("put fact %s: %w", f.Symbol, err)
			}
			id, err := t.securityID(ctx, f.Symbol)
			if err != nil {
				return fmt.Errorf("put facts: %w", err)
			}
			start := ""
			if !f.PeriodStart.IsZero() {
				start = f.PeriodStart.Format(market.DateLayout)
			}
			args = append(args, id, string(f.Metric), start, f.PeriodEnd.Format(market.DateLayout),
				f.Filed.Format(market.DateLayout), f.Source, f.FiscalYear, f.FiscalPeriod,
				boolInt(f.FiledEstimated), f.Value, f.Unit, f.Form)
		}
		st, err := t.stmt(ctx, multiInsert(factInsert, factCols, n, factUpsert))
		if err != nil {
			return fmt.Errorf("put facts: %w", err)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
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
	_, err := t.tx.ExecContext(ctx, `INSERT INTO imports (kind, format, file, rows, bad, imported) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Kind, r.Format, r.File, r.Rows, r.Bad, when.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("log import %s: %w", r.File, err)
	}
	return nil
}
