package sqlmarket

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// Quotes implements store.Store. The latest bar (the dialect's
// LatestBarJoin) and the previous close are found per security through the
// (security_id, day) primary key, so the cost grows with the number of
// securities listed, not with the number of bars.
func (m *Market) Quotes(ctx context.Context, f store.SecurityFilter) ([]store.Quote, error) {
	var p sqlrow.Params
	where := m.filterSQL(&p, f)
	q := `SELECT ` + sqlrow.SecurityColumns + `, b.day, b.open, b.high, b.low, b.close, b.volume, b.source,
		(SELECT pb.close FROM bars pb WHERE pb.security_id = s.id AND pb.day < b.day ORDER BY pb.day DESC LIMIT 1)
	FROM securities s
	` + m.d.LatestBarJoin + where + ` ORDER BY s.symbol` + m.limitSQL(&p, f)
	rows, err := m.db.QueryContext(ctx, q, p.Args...)
	if err != nil {
		return nil, fmt.Errorf("list quotes: %w", err)
	}
	defer rows.Close()
	var out []store.Quote
	for rows.Next() {
		var (
			day, source                          sql.NullString
			open, high, low, cls, vol, prevClose sql.NullFloat64
		)
		_, s, err := sqlrow.ScanSecurity(rows, &day, &open, &high, &low, &cls, &vol, &source, &prevClose)
		if err != nil {
			return nil, fmt.Errorf("list quotes: %w", err)
		}
		q := store.Quote{Security: s, PrevClose: prevClose.Float64}
		if day.Valid {
			d, err := market.ParseDate(day.String)
			if err != nil {
				return nil, fmt.Errorf("list quotes: %s bar date: %w", s.Symbol, err)
			}
			q.Last = market.Bar{Symbol: s.Symbol, Date: d, Open: open.Float64, High: high.Float64,
				Low: low.Float64, Close: cls.Float64, Volume: vol.Float64, Source: source.String}
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list quotes: %w", err)
	}
	return out, nil
}

// Quote implements store.Store: the last two bars come straight off the
// (security_id, day) primary key, whatever the length of the history.
func (m *Market) Quote(ctx context.Context, symbol string) (store.Quote, error) {
	sec, err := m.Security(ctx, symbol)
	if err != nil {
		return store.Quote{}, err
	}
	rows, err := m.db.QueryContext(ctx, `SELECT b.day, b.open, b.high, b.low, b.close, b.volume, b.source
		FROM bars b JOIN securities s ON s.id = b.security_id
		WHERE s.symbol = $1 ORDER BY b.day DESC LIMIT 2`, symbol)
	if err != nil {
		return store.Quote{}, fmt.Errorf("quote %s: %w", symbol, err)
	}
	defer rows.Close()
	q := store.Quote{Security: sec}
	for n := 0; rows.Next(); n++ {
		b := market.Bar{Symbol: symbol}
		var day string
		if err := rows.Scan(&day, &b.Open, &b.High, &b.Low, &b.Close, &b.Volume, &b.Source); err != nil {
			return store.Quote{}, fmt.Errorf("quote %s: %w", symbol, err)
		}
		if n == 1 {
			q.PrevClose = b.Close
			continue
		}
		if b.Date, err = market.ParseDate(day); err != nil {
			return store.Quote{}, fmt.Errorf("quote %s: date %q: %w", symbol, day, err)
		}
		q.Last = b
	}
	if err := rows.Err(); err != nil {
		return store.Quote{}, fmt.Errorf("quote %s: %w", symbol, err)
	}
	return q, nil
}

// Bars implements store.Store through EachBar, so bars are read by one
// query and one scan.
func (m *Market) Bars(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error) {
	var out []market.Bar
	err := m.EachBar(ctx, []string{symbol}, from, to, func(b market.Bar) error {
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bars %s: %w", symbol, err)
	}
	return out, nil
}

// Facts implements store.Store through EachFact.
func (m *Market) Facts(ctx context.Context, symbol string, asOf time.Time) ([]market.Fact, error) {
	var out []market.Fact
	err := m.EachFact(ctx, []string{symbol}, asOf, func(f market.Fact) error {
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("facts %s: %w", symbol, err)
	}
	return out, nil
}

// Imports implements store.Store.
func (m *Market) Imports(ctx context.Context, limit int) ([]store.ImportRecord, error) {
	var p sqlrow.Params
	rows, err := m.db.QueryContext(ctx, `SELECT kind, format, file, rows, bad, imported FROM imports ORDER BY id DESC`+
		m.d.Limit(&p, max(limit, 0), 0), p.Args...)
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	defer rows.Close()
	var out []store.ImportRecord
	for rows.Next() {
		var r store.ImportRecord
		var when string
		if err := rows.Scan(&r.Kind, &r.Format, &r.File, &r.Rows, &r.Bad, &when); err != nil {
			return nil, fmt.Errorf("list imports: %w", err)
		}
		if r.Imported, err = time.Parse(time.RFC3339Nano, when); err != nil {
			return nil, fmt.Errorf("list imports: time %q: %w", when, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
