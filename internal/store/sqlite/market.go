package sqlite

import (
	"context"
	"fmt"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/store/sqlmarket"
	"alphadesk/internal/store/sqlrow"
)

// marketStore is the shared market-data store, under a name that keeps it
// an unexported field of DB while DB gets its methods.
type marketStore = sqlmarket.Market

// marketDialect is how the shared market-data store runs here. SQLite has
// no LATERAL join: the latest bar is the one whose day is the MAX, which
// it finds on the (security_id, day) primary key. Symbol lists go as IN
// lists of at most symbolsPerQuery, and bulk writes as multi-row INSERTs
// of rowsPerInsert rows, both well under SQLite's bound-parameter limit.
var marketDialect = sqlmarket.Dialect{
	LatestBarJoin: `LEFT JOIN bars b ON b.security_id = s.id
		AND b.day = (SELECT MAX(m.day) FROM bars m WHERE m.security_id = s.id)`,
	ILike:      "LIKE",
	LikeEscape: ` ESCAPE '\'`,
	Limit:      limitSQL,
	SymbolIn: func(p *sqlrow.Params, symbols []string) string {
		return "s.symbol IN (" + sqlrow.AddList(p, symbols) + ")"
	},
	SymbolsPerQuery: symbolsPerQuery,
	BumpVersion:     bumpVersion,
	RowsPerWrite:    rowsPerInsert,
	PutBars:         putBars,
	PutFacts:        putFacts,
}

// limitSQL writes a page's bounds into the SQL text: integers only, which
// the planner reads (-1: no limit).
func limitSQL(_ *sqlrow.Params, limit, offset int) string {
	if limit == 0 {
		limit = -1
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}

// symbolsPerQuery bounds the IN list of one query.
const symbolsPerQuery = 500

// rowsPerInsert is how many rows one multi-row INSERT carries.
const rowsPerInsert = 256

// bumpVersion increments the data version inside tx.
func bumpVersion(ctx context.Context, tx sqlmarket.Querier) error {
	if _, err := tx.ExecContext(ctx, `UPDATE data_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	return nil
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

// putBars writes up to rowsPerInsert bars as one multi-row INSERT, its
// statement prepared once per transaction and row count.
func putBars(ctx context.Context, tx *sqlmarket.Tx, ids []int64, bars []market.Bar) error {
	args := tx.Args(len(bars) * barCols)
	for i, b := range bars {
		args = append(args, ids[i], b.Date.Format(market.DateLayout), b.Open, b.High, b.Low, b.Close, b.Volume, b.Source)
	}
	st, err := tx.Stmt(ctx, multiInsert(barInsert, barCols, len(bars), barUpsert))
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
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

// putFacts writes up to rowsPerInsert facts as one multi-row INSERT.
func putFacts(ctx context.Context, tx *sqlmarket.Tx, ids []int64, facts []market.Fact) error {
	args := tx.Args(len(facts) * factCols)
	for i, f := range facts {
		args = append(args, ids[i], string(f.Metric), sqlmarket.FactStart(f), f.PeriodEnd.Format(market.DateLayout),
			f.Filed.Format(market.DateLayout), f.Source, f.FiscalYear, f.FiscalPeriod,
			f.FiledEstimated, f.Value, f.Unit, f.Form)
	}
	st, err := tx.Stmt(ctx, multiInsert(factInsert, factCols, len(facts), factUpsert))
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}
