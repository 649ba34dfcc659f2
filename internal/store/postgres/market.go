package postgres

import (
	"context"

	"alphadesk/internal/market"
	"alphadesk/internal/store/sqlmarket"
	"alphadesk/internal/store/sqlrow"
)

// marketStore is the shared market-data store, under a name that keeps it
// an unexported field of DB while DB gets its methods.
type marketStore = sqlmarket.Market

// marketDialect is how the shared market-data store runs here: the latest
// bar through a LATERAL join, a symbol list as one array parameter however
// long, ILIKE, bound page bounds (a NULL limit for none), NOTIFY with every data-version bump,
// and bulk writes as one INSERT of column arrays (unnest) per
// rowsPerInsert rows, a fixed number of parameters whatever the batch.
var marketDialect = sqlmarket.Dialect{
	LatestBarJoin: `LEFT JOIN LATERAL (SELECT * FROM bars m WHERE m.security_id = s.id ORDER BY m.day DESC LIMIT 1) b ON true`,
	ILike:         "ILIKE",
	LikeEscape:    "", // the backslash by default
	Limit:         limitSQL,
	SymbolIn: func(p *sqlrow.Params, symbols []string) string {
		return "s.symbol = ANY(" + p.Add(symbols) + "::text[])"
	},
	BumpVersion:  func(ctx context.Context, tx sqlmarket.Querier) error { return bumpVersion(ctx, tx) },
	RowsPerWrite: rowsPerInsert,
	PutBars:      putBars,
	PutFacts:     putFacts,
}

// limitSQL binds a page's bounds, NULL for no limit.
func limitSQL(p *sqlrow.Params, limit, offset int) string {
	var l any // NULL: no limit
	if limit > 0 {
		l = limit
	}
	return " LIMIT " + p.Add(l) + " OFFSET " + p.Add(offset)
}

// rowsPerInsert is how many rows one bulk INSERT carries.
const rowsPerInsert = 10000

// lastOfEach returns the indexes of n items keeping only the last item of
// each key, in input order. PostgreSQL refuses an INSERT … ON CONFLICT DO
// UPDATE that touches one row twice; SQLite lets the last row win, and so
// does this.
func lastOfEach[K comparable](n int, key func(i int) K) []int {
	last := make(map[K]int, n)
	for i := range n {
		last[key(i)] = i
	}
	idx := make([]int, 0, len(last))
	for i := range n {
		if len(last) == n || last[key(i)] == i {
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

type barKey struct {
	id  int64
	day string
}

// putBars writes bars as one INSERT of column arrays.
func putBars(ctx context.Context, tx *sqlmarket.Tx, ids []int64, bars []market.Bar) error {
	days := make([]string, len(bars))
	for i, b := range bars {
		days[i] = b.Date.Format(market.DateLayout)
	}
	idx := lastOfEach(len(bars), func(i int) barKey { return barKey{ids[i], days[i]} })
	var (
		bids                          = make([]int64, len(idx))
		bdays, sources                = make([]string, len(idx)), make([]string, len(idx))
		opens, highs, lows, cls, vols = make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx)), make([]float64, len(idx))
	)
	for k, i := range idx {
		b := bars[i]
		bids[k], bdays[k], sources[k] = ids[i], days[i], b.Source
		opens[k], highs[k], lows[k], cls[k], vols[k] = b.Open, b.High, b.Low, b.Close, b.Volume
	}
	_, err := tx.ExecContext(ctx, barUpsert, bids, bdays, opens, highs, lows, cls, vols, sources)
	return err
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

type factKey struct {
	id                                int64
	metric, source, start, end, filed string
}

// putFacts writes facts as one INSERT of column arrays.
func putFacts(ctx context.Context, tx *sqlmarket.Tx, ids []int64, facts []market.Fact) error {
	keys := make([]factKey, len(facts))
	for i, f := range facts {
		keys[i] = factKey{ids[i], string(f.Metric), f.Source, sqlmarket.FactStart(f),
			f.PeriodEnd.Format(market.DateLayout), f.Filed.Format(market.DateLayout)}
	}
	idx := lastOfEach(len(facts), func(i int) factKey { return keys[i] })
	var (
		fids                                     = make([]int64, len(idx))
		metrics, starts, ends, fileds, srcs, fps = make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx)), make([]string, len(idx))
		units, forms                             = make([]string, len(idx)), make([]string, len(idx))
		years                                    = make([]int64, len(idx))
		ests                                     = make([]bool, len(idx))
		values                                   = make([]float64, len(idx))
	)
	for k, i := range idx {
		f, key := facts[i], keys[i]
		fids[k], metrics[k], starts[k], ends[k], fileds[k], srcs[k] = key.id, key.metric, key.start, key.end, key.filed, key.source
		years[k], fps[k], ests[k], values[k], units[k], forms[k] = int64(f.FiscalYear), f.FiscalPeriod, f.FiledEstimated, f.Value, f.Unit, f.Form
	}
	_, err := tx.ExecContext(ctx, factUpsert, fids, metrics, starts, ends, fileds, srcs, years, fps, ests, values, units, forms)
	return err
}
