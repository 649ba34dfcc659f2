package sqlmarket

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

// Import implements store.Store: fn runs in one transaction (SQLite's
// begins IMMEDIATE) that is committed only when fn returns nil. A
// successful import bumps the data version (the dialect's BumpVersion, in
// the same transaction).
func (m *Market) Import(ctx context.Context, fn func(tx store.ImportTx) error) error {
	sqlTx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin import: %w", err)
	}
	tx := &importTx{tx: &Tx{sql: sqlTx}, d: m.d}
	defer tx.tx.closeStmts()
	if err := fn(tx); err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil {
			return errors.Join(err, fmt.Errorf("rollback import: %w", rbErr))
		}
		return err
	}
	if err := m.d.BumpVersion(ctx, sqlTx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	return nil
}

// Tx is an import transaction as a dialect's bulk writers see it.
type Tx struct {
	sql   *sql.Tx
	stmts map[string]*sql.Stmt
	args  []any
}

// Args returns an empty argument list with room for n values, for a
// statement's arguments. The import reuses it: the list is valid until
// the next call.
func (t *Tx) Args(n int) []any {
	if cap(t.args) < n {
		t.args = make([]any, 0, n)
	}
	return t.args[:0]
}

// ExecContext runs query in the transaction.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.sql.ExecContext(ctx, query, args...)
}

// Stmt returns query prepared in the transaction: prepared on first use,
// then reused until the import ends, which closes it.
func (t *Tx) Stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s, err := t.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = make(map[string]*sql.Stmt)
	}
	t.stmts[query] = s
	return s, nil
}

func (t *Tx) closeStmts() {
	for _, s := range t.stmts {
		_ = s.Close()
	}
}

// importTx implements store.ImportTx.
type importTx struct {
	tx  *Tx
	d   Dialect
	ids map[string]int64 // symbol → securities.id, loaded on first use
}

func (t *importTx) securityID(ctx context.Context, symbol string) (int64, error) {
	if t.ids == nil {
		ids, err := securityIDs(ctx, t.tx.sql)
		if err != nil {
			return 0, err
		}
		t.ids = ids
	}
	id, ok := t.ids[symbol]
	if !ok {
		return 0, fmt.Errorf("security %s: %w (import securities first)", symbol, store.ErrNotFound)
	}
	return id, nil
}

// PutSecurities implements store.ImportTx.
func (t *importTx) PutSecurities(ctx context.Context, secs []market.Security) error {
	get, err := t.tx.Stmt(ctx, `SELECT `+sqlrow.SecurityColumns+` FROM securities s WHERE s.symbol = $1`)
	if err != nil {
		return fmt.Errorf("put securities: %w", err)
	}
	put, err := t.tx.Stmt(ctx, `INSERT INTO securities (symbol, share_class, legal_name, name, aliases, cik, exchange, sector, industry, etf)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
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
			string(m.Exchange), string(m.Sector), m.Industry, m.ETF).Scan(&id); err != nil {
			return fmt.Errorf("put security %s: %w", s.Symbol, err)
		}
		if t.ids != nil {
			t.ids[m.Symbol] = id
		}
	}
	return nil
}

// PutBars implements store.ImportTx: bars are checked and resolved to
// their securities here, and written RowsPerWrite at a time by the
// dialect.
func (t *importTx) PutBars(ctx context.Context, bars []market.Bar) error {
	return putRows(ctx, t, "bars", bars, func(b market.Bar) (string, error) {
		if err := b.Validate(); err != nil {
			return "", fmt.Errorf("put bar %s %s: %w", b.Symbol, b.Date.Format(market.DateLayout), err)
		}
		return b.Symbol, nil
	}, t.d.PutBars)
}

// PutFacts implements store.ImportTx, as PutBars does.
func (t *importTx) PutFacts(ctx context.Context, facts []market.Fact) error {
	return putRows(ctx, t, "facts", facts, func(f market.Fact) (string, error) {
		if err := f.Validate(); err != nil {
			return "", fmt.Errorf("put fact %s: %w", f.Symbol, err)
		}
		return f.Symbol, nil
	}, t.d.PutFacts)
}

// putRows hands rows to write RowsPerWrite at a time, each chunk with the
// security row IDs of its rows. check validates a row (its error is
// returned as is) and returns its symbol; what names the rows in errors.
func putRows[T any](ctx context.Context, t *importTx, what string, rows []T, check func(T) (string, error),
	write func(context.Context, *Tx, []int64, []T) error) error {
	per := t.d.RowsPerWrite
	if per <= 0 {
		per = len(rows)
	}
	ids := make([]int64, 0, min(len(rows), per))
	for len(rows) > 0 {
		n := min(len(rows), per)
		chunk := rows[:n]
		rows = rows[n:]
		ids = ids[:0]
		for _, r := range chunk {
			sym, err := check(r)
			if err != nil {
				return err
			}
			id, err := t.securityID(ctx, sym)
			if err != nil {
				return fmt.Errorf("put %s: %w", what, err)
			}
			ids = append(ids, id)
		}
		if err := write(ctx, t.tx, ids, chunk); err != nil {
			return fmt.Errorf("put %s: %w", what, err)
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

// FactStart is a fact's stored period start: "" for instant metrics.
func FactStart(f market.Fact) string {
	if f.PeriodStart.IsZero() {
		return ""
	}
	return f.PeriodStart.Format(market.DateLayout)
}
