package sqlmarket

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// Security implements store.Store.
func (m *Market) Security(ctx context.Context, symbol string) (market.Security, error) {
	row := m.db.QueryRowContext(ctx, `SELECT `+sqlrow.SecurityColumns+` FROM securities s WHERE s.symbol = $1`, symbol)
	_, s, err := sqlrow.ScanSecurity(row)
	if errors.Is(err, sql.ErrNoRows) {
		return market.Security{}, fmt.Errorf("security %s: %w", symbol, store.ErrNotFound)
	}
	if err != nil {
		return market.Security{}, fmt.Errorf("security %s: %w", symbol, err)
	}
	return s, nil
}

// filterSQL adds a filter's conditions to p and returns the WHERE clause
// over alias s. The query matches case-insensitively (the dialect's
// ILike), its wildcards escaped with backslashes (LikeEscape).
func (m *Market) filterSQL(p *sqlrow.Params, f store.SecurityFilter) string {
	var conds []string
	if f.Sector != "" {
		conds = append(conds, `s.sector = `+p.Add(string(f.Sector)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
		prefix, sub := p.Add(esc+"%"), p.Add("%"+esc+"%")
		like, esc := ` `+m.d.ILike+` `, m.d.LikeEscape
		conds = append(conds, `(s.symbol`+like+prefix+esc+` OR s.name`+like+sub+esc+` OR s.legal_name`+like+sub+esc+
			` OR s.aliases`+like+sub+esc+`)`)
	}
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// limitSQL returns a filter's page as the dialect writes it.
func (m *Market) limitSQL(p *sqlrow.Params, f store.SecurityFilter) string {
	if f.Limit <= 0 && f.Offset <= 0 {
		return ""
	}
	return m.d.Limit(p, max(f.Limit, 0), max(f.Offset, 0))
}

// Securities implements store.Store.
func (m *Market) Securities(ctx context.Context, f store.SecurityFilter) ([]market.Security, error) {
	var p sqlrow.Params
	where := m.filterSQL(&p, f)
	rows, err := m.db.QueryContext(ctx, `SELECT `+sqlrow.SecurityColumns+` FROM securities s`+where+` ORDER BY s.symbol`+m.limitSQL(&p, f), p.Args...)
	if err != nil {
		return nil, fmt.Errorf("list securities: %w", err)
	}
	defer rows.Close()
	var out []market.Security
	for rows.Next() {
		_, s, err := sqlrow.ScanSecurity(rows)
		if err != nil {
			return nil, fmt.Errorf("list securities: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list securities: %w", err)
	}
	return out, nil
}

// CountSecurities implements store.Store.
func (m *Market) CountSecurities(ctx context.Context, f store.SecurityFilter) (int, error) {
	var p sqlrow.Params
	where := m.filterSQL(&p, f)
	var n int
	if err := m.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM securities s`+where, p.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count securities: %w", err)
	}
	return n, nil
}

// Symbols implements store.Store.
func (m *Market) Symbols(ctx context.Context) (map[string]bool, error) {
	rows, err := m.db.QueryContext(ctx, `SELECT symbol FROM securities`)
	if err != nil {
		return nil, fmt.Errorf("list symbols: %w", err)
	}
	defer rows.Close()
	out := make(map[string]bool)
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("list symbols: %w", err)
		}
		out[s] = true
	}
	return out, rows.Err()
}

// CIKSymbols maps each CIK in the master to its symbols, first the one
// without a share class. Importers of SEC files use it to resolve filers.
func (m *Market) CIKSymbols(ctx context.Context) (map[int64][]string, error) {
	rows, err := m.db.QueryContext(ctx, `SELECT cik, symbol FROM securities WHERE cik <> 0 ORDER BY cik, share_class <> '', symbol`)
	if err != nil {
		return nil, fmt.Errorf("list CIKs: %w", err)
	}
	defer rows.Close()
	out := make(map[int64][]string)
	for rows.Next() {
		var (
			cik int64
			sym string
		)
		if err := rows.Scan(&cik, &sym); err != nil {
			return nil, fmt.Errorf("list CIKs: %w", err)
		}
		out[cik] = append(out[cik], sym)
	}
	return out, rows.Err()
}
