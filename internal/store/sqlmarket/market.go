// Package sqlmarket implements the market-data half of store.Store —
// securities, bars, facts, saved scores, the import log and the data
// version — over database/sql, once for every backend (schema:
// migrations/0001_market.sql and 0002_scores.sql of internal/store/sqlite
// and internal/store/postgres). Its SQL is what both SQLite and PostgreSQL
// accept, with sqlrow.Params' $n placeholders; what a backend does its own
// way, for speed or because the other cannot, is a Dialect: the join to
// each security's latest bar, a filter on a list of symbols, the
// case-insensitive LIKE, "no limit", the data-version bump and the bulk
// writes of bars and facts.
package sqlmarket

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store/sqlrow"
)

// Querier is what *sql.DB and *sql.Tx share.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Dialect is what a backend does its own way. Every function is required.
type Dialect struct {
	// LatestBarJoin joins each security s to its latest bar as b, leaving
	// b's columns NULL when the security has no bars (SQLite: a
	// correlated MAX(day); PostgreSQL: LEFT JOIN LATERAL … LIMIT 1). It is
	// SQL text written in the backend's code, never input.
	LatestBarJoin string
	// ILike is the case-insensitive LIKE operator (SQLite's LIKE is, for
	// ASCII; PostgreSQL's ILIKE).
	ILike string
	// LikeEscape follows each pattern to make the backslash its escape
	// character: SQLite's LIKE has none unless told (` ESCAPE '\'`);
	// PostgreSQL's is the backslash already, and an ESCAPE clause would
	// cost a like_escape call per row under a generic plan ("").
	LikeEscape string
	// Limit returns the " LIMIT … OFFSET …" clause of a page (limit 0: no
	// limit), adding any value it binds to p. SQLite writes the two
	// integers into the text, where its planner reads them (bound, they
	// cost a quotes page about 8%); PostgreSQL binds them, NULL for no
	// limit, so that one prepared statement serves every page.
	Limit func(p *sqlrow.Params, limit, offset int) string
	// SymbolIn adds symbols to p and returns the condition that s.symbol
	// is one of them (SQLite: an IN list; PostgreSQL: = ANY of one array).
	// symbols is never empty.
	SymbolIn func(p *sqlrow.Params, symbols []string) string
	// SymbolsPerQuery caps the symbols one SymbolIn condition may carry
	// (0: any number). Longer lists are read in sorted chunks, one query
	// each, so results stay ordered by symbol.
	SymbolsPerQuery int
	// BumpVersion moves the data version inside a transaction that wrote
	// (and may announce it, as PostgreSQL does with NOTIFY).
	BumpVersion func(ctx context.Context, tx Querier) error
	// RowsPerWrite is how many bars or facts one call of PutBars or
	// PutFacts receives at most (0: all of an ImportTx call's).
	RowsPerWrite int
	// PutBars inserts or replaces valid bars keyed by (security, day);
	// ids[i] is the security row ID of bars[i]. A later bar of the same
	// key wins.
	PutBars func(ctx context.Context, tx *Tx, ids []int64, bars []market.Bar) error
	// PutFacts inserts or replaces valid facts keyed as store.ImportTx
	// says; ids[i] is the security row ID of facts[i]. A later fact of the
	// same key wins.
	PutFacts func(ctx context.Context, tx *Tx, ids []int64, facts []market.Fact) error
}

// Market is the market-data store of one database. The backends' DB types
// embed it for the store.Store methods it implements.
type Market struct {
	db *sql.DB
	d  Dialect
}

// New returns the market-data store of db.
func New(db *sql.DB, d Dialect) *Market { return &Market{db: db, d: d} }

// DataVersion implements store.Store.
func (m *Market) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := m.db.QueryRowContext(ctx, `SELECT version FROM data_version WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// securityIDs maps every symbol to its securities.id.
func securityIDs(ctx context.Context, q Querier) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT symbol, id FROM securities`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make(map[string]int64)
	for rows.Next() {
		var (
			s  string
			id int64
		)
		if err := rows.Scan(&s, &id); err != nil {
			return nil, err
		}
		ids[s] = id
	}
	return ids, rows.Err()
}

// dayRange returns the stored bounds of from <= day <= to, zero times
// leaving that side open.
func dayRange(from, to time.Time) (lo, hi string) {
	lo, hi = "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = from.Format(market.DateLayout)
	}
	if !to.IsZero() {
		hi = to.Format(market.DateLayout)
	}
	return lo, hi
}

// fnError marks an error returned by the caller's callback, which the
// Each methods return unwrapped.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// unwrapFn returns the callback's error unwrapped and any other wrapped
// with what.
func unwrapFn(what string, err error) error {
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
