// Package sqlrow reads and parameterises the desk's rows as both SQL
// backends store them
// (the same columns and encodings by migration, see internal/store/sqlite
// and internal/store/postgres): securities with their JSON aliases, saved
// scores with their signals. database/sql converts each backend's types
// (SQLite's 0/1 integers, PostgreSQL's booleans; NULLs into pointers).
package sqlrow

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// SecurityColumns are the columns ScanSecurity reads, over alias s.
const SecurityColumns = `s.id, s.symbol, s.share_class, s.legal_name, s.name, s.aliases, s.cik, s.exchange, s.sector, s.industry, s.etf`

// Scanner is what *sql.Row and *sql.Rows share.
type Scanner interface{ Scan(dest ...any) error }

// ScanSecurity reads SecurityColumns, then the extra destinations, from a
// row and returns the security's row ID and the security.
func ScanSecurity(r Scanner, extra ...any) (int64, market.Security, error) {
	var (
		id                    int64
		s                     market.Security
		aliases, exch, sector string
	)
	dest := append([]any{&id, &s.Symbol, &s.ShareClass, &s.LegalName, &s.Name, &aliases, &s.CIK, &exch, &sector, &s.Industry, &s.ETF}, extra...)
	if err := r.Scan(dest...); err != nil {
		return 0, s, err
	}
	if err := json.Unmarshal([]byte(aliases), &s.Aliases); err != nil {
		return 0, s, fmt.Errorf("security %s: aliases column: %w", s.Symbol, err)
	}
	s.Exchange, s.Sector = market.Exchange(exch), market.Sector(sector)
	return id, s, nil
}

// ScoreColumns are the columns ScanScores reads: a saved score c joined to
// its security s.
const ScoreColumns = `s.symbol, c.as_of, c.method, c.score, c.band, c.coverage, c.capped,
	c.momentum, c.value, c.quality, c.sentiment, c.explanation, c.signals`

// ScanScores reads every row of ScoreColumns; none is an empty list.
func ScanScores(rows *sql.Rows) ([]store.ScoreRecord, error) {
	out := []store.ScoreRecord{}
	for rows.Next() {
		var (
			r    store.ScoreRecord
			day  string
			sigs string
		)
		if err := rows.Scan(&r.Symbol, &day, &r.Method, &r.Score, &r.Band, &r.Coverage, &r.Capped,
			&r.Momentum, &r.Value, &r.Quality, &r.Sentiment, &r.Explanation, &sigs); err != nil {
			return nil, err
		}
		var err error
		if r.AsOf, err = market.ParseDate(day); err != nil {
			return nil, fmt.Errorf("%s as-of %q: %w", r.Symbol, day, err)
		}
		if r.Signals, err = store.DecodeSignals(sigs); err != nil {
			return nil, fmt.Errorf("%s as-of %s: %w", r.Symbol, day, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Params numbers the arguments of a query built from parts: Add appends a
// value and returns its placeholder ($1, $2, …, which SQLite and PostgreSQL
// both read). Only placeholders enter the SQL text, never values.
type Params struct{ Args []any }

// Add appends v and returns its placeholder.
func (p *Params) Add(v any) string {
	p.Args = append(p.Args, v)
	return "$" + strconv.Itoa(len(p.Args))
}

// AddList appends every value of vs and returns their placeholders joined
// by commas ("$3,$4,$5"), for an IN list; vs must not be empty (IN () is
// not SQL).
func AddList[T any](p *Params, vs []T) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p.Add(v))
	}
	return b.String()
}
