// Package transfer copies a desk from SQLite into PostgreSQL and proves the
// copy: every desk table, in one PostgreSQL transaction, with each table's
// row count and SHA-256 checksum compared on both sides before it commits.
//
// The table list comes from the SQLite schema (parents before children by
// their foreign keys); River's job-queue tables (river_*) and the schema
// version table are not copied: the destination has its own, written by
// its migrations. Values are converted by the destination column's type
// (information_schema.columns), and only exactly: an integer that a double
// cannot hold, text PostgreSQL cannot store, a flag that is not 0 or 1 all
// stop the copy with an error naming the table, column and row.
package transfer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"alphadesk/internal/store/sqlrow"
)

// Errors callers branch on. Each is wrapped with the details and the fix.
var (
	// ErrDestinationNotEmpty: a desk table of the destination holds rows.
	ErrDestinationNotEmpty = errors.New("destination database is not empty")
	// ErrSourceBehind: the SQLite schema is older than the destination's.
	ErrSourceBehind = errors.New("source schema is out of date")
	// ErrPendingJobs: the SQLite job queue still has unfinished jobs.
	ErrPendingJobs = errors.New("source has unfinished pipeline jobs")
	// ErrMismatch: a table read back from the destination differs from
	// the source (see MismatchError).
	ErrMismatch = errors.New("verification failed")
)

// UnfinishedJobStates are the River job states that refuse a copy: jobs
// that would still run. Jobs are never copied (the destination's queue
// starts empty), so these must finish first; completed, cancelled and
// discarded jobs are history and are left behind.
var UnfinishedJobStates = []string{"available", "pending", "retryable", "running", "scheduled"}

// seeded are tables the destination's migrations fill with a row of their
// own: the copy replaces it, and the destination counts as empty while the
// row is the seed (the clause says when it is not).
var seeded = map[string]string{"data_version": `version <> 0`}

// Options tune Copy.
type Options struct {
	// BatchRows is the number of rows per INSERT statement (0: 1000),
	// capped so that a statement has at most 65535 parameters.
	BatchRows int
	// Logger receives one line per table copied (nil: none).
	Logger *slog.Logger

	// alter, when set (tests), may change a row after its source checksum
	// is taken and before it is inserted: a corrupted copy.
	alter func(table string, row []any)
}

// Table is one copied table.
type Table struct {
	Name string
	// Rows is the row count, equal on both sides.
	Rows int64
	// Checksum is the SHA-256 of the table's rows in primary-key order,
	// canonically encoded (see Checksum), equal on both sides.
	Checksum [32]byte
}

// Report is the outcome of a successful Copy.
type Report struct {
	// Tables in copy order.
	Tables []Table
	// Rows is the total over Tables.
	Rows int64
	// Elapsed is the wall time of the copy and its verification.
	Elapsed time.Duration
}

// MismatchError says which table differs after the copy and where.
type MismatchError struct {
	Table string
	// Key is the primary key of the first row that differs, as
	// (col=value, …); empty when only the counts differ past the end of
	// the shorter side.
	Key string
	// SourceRows and DestRows are the two counts.
	SourceRows, DestRows int64
	// Detail says what differs.
	Detail string
}

func (e *MismatchError) Error() string {
	msg := fmt.Sprintf("verify table %s: %s", e.Table, e.Detail)
	if e.Key != "" {
		msg += " at row " + e.Key
	}
	return fmt.Sprintf("%s (source %d rows, destination %d): the copy was rolled back", msg, e.SourceRows, e.DestRows)
}

// Is makes errors.Is(err, ErrMismatch) true.
func (e *MismatchError) Is(target error) bool { return target == ErrMismatch }

// Copy copies every desk table of src, a migrated SQLite desk, into dst, a
// PostgreSQL database migrated to the same schema version whose desk
// tables are empty, and verifies the copy. It reads src in one read
// transaction (a consistent snapshot) and writes dst in one transaction
// that commits only when every table's row count and checksum match:
// on any error nothing is written. Identity sequences are moved past the
// copied ids.
func Copy(ctx context.Context, src, dst *sql.DB, opts Options) (Report, error) {
	start := time.Now()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	stx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Report{}, fmt.Errorf("read source: %w", err)
	}
	defer stx.Rollback() //nolint:errcheck // read-only
	tables, err := sourceTables(ctx, stx)
	if err != nil {
		return Report{}, err
	}
	if err := checkJobs(ctx, stx); err != nil {
		return Report{}, err
	}
	dtx, err := dst.BeginTx(ctx, nil)
	if err != nil {
		return Report{}, fmt.Errorf("write destination: %w", err)
	}
	defer dtx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := checkVersions(ctx, stx, dtx); err != nil {
		return Report{}, err
	}
	if err := destColumns(ctx, dtx, tables); err != nil {
		return Report{}, err
	}
	if err := lockAndCheckEmpty(ctx, dtx, tables); err != nil {
		return Report{}, err
	}
	var rep Report
	for _, t := range tables {
		tstart := time.Now()
		res, err := copyTable(ctx, stx, dtx, t, opts)
		if err != nil {
			return Report{}, err
		}
		if err := resetIdentities(ctx, stx, dtx, t); err != nil {
			return Report{}, err
		}
		got, err := tableSum(ctx, dtx, t, false)
		if err != nil {
			return Report{}, fmt.Errorf("verify table %s: %w", t.name, err)
		}
		if got != res {
			return Report{}, locate(ctx, stx, dtx, t, res, got)
		}
		rep.Tables = append(rep.Tables, Table{Name: t.name, Rows: res.rows, Checksum: res.sum})
		rep.Rows += res.rows
		log.Info("copied table", "table", t.name, "rows", res.rows, "elapsed", time.Since(tstart).Round(time.Millisecond))
	}
	if err := dtx.Commit(); err != nil {
		return Report{}, fmt.Errorf("commit destination: %w", err)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// kind is how a destination column's values are converted and encoded.
type kind int

const (
	kindText kind = iota
	kindInt
	kindFloat
	kindBool
	kindBytes
)

// column is one column of a copied table.
type column struct {
	name     string
	pk       int  // position in the primary key, from 1; 0 when not in it
	kind     kind // from the destination's type
	identity bool // the destination's identity column
}

// table is one copied table.
type table struct {
	name    string
	cols    []column
	parents []string // tables its foreign keys reference
}

// ident quotes a name as an SQL identifier (both engines share the form).
func ident(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func (t table) colList() string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = ident(c.name)
	}
	return strings.Join(names, ", ")
}

// orderBy orders rows by primary key, text in byte order on both sides
// (SQLite's BINARY; PostgreSQL's "C"). A table without a declared key is
// ordered by all its columns.
func (t table) orderBy(postgres bool) string {
	var keys []column
	for _, c := range t.cols {
		if c.pk > 0 {
			keys = append(keys, c)
		}
	}
	slices.SortFunc(keys, func(a, b column) int { return a.pk - b.pk })
	if len(keys) == 0 {
		keys = t.cols
	}
	parts := make([]string, len(keys))
	for i, c := range keys {
		parts[i] = ident(c.name)
		if postgres && c.kind == kindText {
			parts[i] += ` COLLATE "C"`
		}
	}
	return strings.Join(parts, ", ")
}

func (t table) selectSQL(postgres bool) string {
	return "SELECT " + t.colList() + " FROM " + ident(t.name) + " ORDER BY " + t.orderBy(postgres)
}

// sourceTables lists the desk tables of the SQLite schema with their
// columns, parents before children.
func sourceTables(ctx context.Context, q *sql.Tx) ([]table, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND name NOT LIKE 'river\_%' ESCAPE '\' AND name <> 'schema_migrations'
		ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("read source schema: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read source schema: %w", err)
		}
		names = append(names, n)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("read source schema: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("read source schema: no desk tables (is it an alphadesk database?)")
	}
	var tables []table
	for _, n := range names {
		t := table{name: n}
		if err := sourceColumns(ctx, q, &t); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return parentsFirst(tables)
}

func sourceColumns(ctx context.Context, q *sql.Tx, t *table) error {
	rows, err := q.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, t.name)
	if err != nil {
		return fmt.Errorf("read source columns of %s: %w", t.name, err)
	}
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.pk); err != nil {
			rows.Close()
			return fmt.Errorf("read source columns of %s: %w", t.name, err)
		}
		t.cols = append(t.cols, c)
	}
	if err := closeRows(rows); err != nil {
		return fmt.Errorf("read source columns of %s: %w", t.name, err)
	}
	rows, err = q.QueryContext(ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, t.name)
	if err != nil {
		return fmt.Errorf("read foreign keys of %s: %w", t.name, err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return fmt.Errorf("read foreign keys of %s: %w", t.name, err)
		}
		if p != t.name {
			t.parents = append(t.parents, p)
		}
	}
	return closeRows(rows)
}

// parentsFirst orders tables so that every table comes after the tables
// its foreign keys reference, otherwise keeping schema (migration) order.
func parentsFirst(tables []table) ([]table, error) {
	known := map[string]bool{}
	for _, t := range tables {
		known[t.name] = true
	}
	done := map[string]bool{}
	var out []table
	for len(out) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t.name] {
				continue
			}
			ready := true
			for _, p := range t.parents {
				if known[p] && !done[p] {
					ready = false
				}
			}
			if ready {
				done[t.name] = true
				out = append(out, t)
				progress = true
			}
		}
		if !progress {
			return nil, errors.New("read source schema: the foreign keys between tables form a cycle")
		}
	}
	return out, nil
}

// checkJobs refuses a source whose job queue has jobs that would still run.
func checkJobs(ctx context.Context, q *sql.Tx) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'river_job'`).Scan(&n); err != nil {
		return fmt.Errorf("read source job queue: %w", err)
	}
	if n == 0 {
		return nil
	}
	var p sqlrow.Params
	rows, err := q.QueryContext(ctx, `SELECT state, COUNT(*) FROM river_job WHERE state IN (`+sqlrow.AddList(&p, UnfinishedJobStates)+`)
		GROUP BY state ORDER BY state`, p.Args...)
	if err != nil {
		return fmt.Errorf("read source job queue: %w", err)
	}
	var parts []string
	for rows.Next() {
		var state string
		var count int64
		if err := rows.Scan(&state, &count); err != nil {
			rows.Close()
			return fmt.Errorf("read source job queue: %w", err)
		}
		parts = append(parts, fmt.Sprintf("%d %s", count, state))
	}
	if err := closeRows(rows); err != nil {
		return fmt.Errorf("read source job queue: %w", err)
	}
	if len(parts) > 0 {
		return fmt.Errorf("%w (%s): jobs are not copied; stop polling and let `alphadesk run` or `alphadesk worker` finish them, then copy again",
			ErrPendingJobs, strings.Join(parts, ", "))
	}
	return nil
}

// checkVersions refuses a source whose schema is not the destination's.
func checkVersions(ctx context.Context, stx, dtx *sql.Tx) error {
	var sv, dv int
	if err := stx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&sv); err != nil {
		return fmt.Errorf("read source schema version: %w", err)
	}
	if err := dtx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&dv); err != nil {
		return fmt.Errorf("read destination schema version (migrate it first): %w", err)
	}
	switch {
	case sv < dv:
		return fmt.Errorf("%w: source is at schema version %d, destination at %d: run `alphadesk migrate --db FILE` on the source first", ErrSourceBehind, sv, dv)
	case sv > dv:
		return fmt.Errorf("source is at schema version %d, newer than the destination (%d): upgrade alphadesk and migrate the destination", sv, dv)
	}
	return nil
}

// destColumns sets each column's kind and identity from the destination,
// refusing a table or column the destination does not have.
func destColumns(ctx context.Context, dtx *sql.Tx, tables []table) error {
	rows, err := dtx.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_identity = 'YES'
		FROM information_schema.columns WHERE table_schema = current_schema()`)
	if err != nil {
		return fmt.Errorf("read destination columns: %w", err)
	}
	type info struct {
		kind     kind
		identity bool
		typ      string
	}
	dest := map[[2]string]info{}
	for rows.Next() {
		var tn, cn, typ string
		var id bool
		if err := rows.Scan(&tn, &cn, &typ, &id); err != nil {
			rows.Close()
			return fmt.Errorf("read destination columns: %w", err)
		}
		dest[[2]string{tn, cn}] = info{kindOf(typ), id, typ}
	}
	if err := closeRows(rows); err != nil {
		return fmt.Errorf("read destination columns: %w", err)
	}
	for ti := range tables {
		t := &tables[ti]
		for ci := range t.cols {
			c := &t.cols[ci]
			in, ok := dest[[2]string{t.name, c.name}]
			if !ok {
				return fmt.Errorf("destination has no column %s.%s: migrate it with this alphadesk first", t.name, c.name)
			}
			if in.kind < 0 {
				return fmt.Errorf("destination column %s.%s has type %s, which the copy does not convert to", t.name, c.name, in.typ)
			}
			c.kind, c.identity = in.kind, in.identity
			delete(dest, [2]string{t.name, c.name})
		}
	}
	// A destination column the source lacks would be left at its default:
	// the two schemas differ, so refuse.
	for _, t := range tables {
		for k := range dest {
			if k[0] == t.name {
				return fmt.Errorf("destination column %s.%s is not in the source: the schemas differ", k[0], k[1])
			}
		}
	}
	return nil
}

// kindOf maps an information_schema data_type to a kind (-1: unsupported).
func kindOf(typ string) kind {
	switch typ {
	case "text", "character varying", "character":
		return kindText
	case "bigint", "integer", "smallint":
		return kindInt
	case "double precision", "real":
		return kindFloat
	case "boolean":
		return kindBool
	case "bytea":
		return kindBytes
	}
	return -1
}

// lockAndCheckEmpty locks the destination's desk tables against writers
// for the copy and refuses any that holds rows.
func lockAndCheckEmpty(ctx context.Context, dtx *sql.Tx, tables []table) error {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = ident(t.name)
	}
	if _, err := dtx.ExecContext(ctx, `LOCK TABLE `+strings.Join(names, ", ")+` IN EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("lock destination tables: %w", err)
	}
	var full []string
	for _, t := range tables {
		where := ""
		if cond, ok := seeded[t.name]; ok {
			where = " WHERE " + cond
		}
		var has bool
		if err := dtx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+ident(t.name)+where+`)`).Scan(&has); err != nil {
			return fmt.Errorf("check destination table %s: %w", t.name, err)
		}
		if has {
			full = append(full, t.name)
		}
	}
	if len(full) > 0 {
		return fmt.Errorf("%w: %s hold rows; copy into a fresh database (createdb, then run this command again)",
			ErrDestinationNotEmpty, strings.Join(full, ", "))
	}
	for name := range seeded {
		if _, err := dtx.ExecContext(ctx, `DELETE FROM `+ident(name)); err != nil {
			return fmt.Errorf("clear destination table %s: %w", name, err)
		}
	}
	return nil
}

// result is a table's row count and checksum.
type result struct {
	rows int64
	sum  [32]byte
}

// copyTable inserts every row of t from stx into dtx in batches and
// returns the count and checksum of the rows it sent.
func copyTable(ctx context.Context, stx, dtx *sql.Tx, t table, opts Options) (result, error) {
	batch := opts.BatchRows
	if batch <= 0 {
		batch = 1000
	}
	if limit := 65535 / len(t.cols); batch > limit {
		batch = limit
	}
	rows, err := stx.QueryContext(ctx, t.selectSQL(false))
	if err != nil {
		return result{}, fmt.Errorf("read source table %s: %w", t.name, err)
	}
	defer rows.Close()
	var (
		sum     = newChecksum()
		pending []any
		n       int64
		full    *sql.Stmt
	)
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		k := len(pending) / len(t.cols)
		var err error
		if k == batch {
			if full == nil {
				if full, err = dtx.PrepareContext(ctx, insertSQL(t, batch)); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, pending...)
		} else {
			_, err = dtx.ExecContext(ctx, insertSQL(t, k), pending...)
		}
		pending = pending[:0]
		return err
	}
	scan := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range scan {
		ptrs[i] = &scan[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return result{}, fmt.Errorf("read source table %s: %w", t.name, err)
		}
		row := make([]any, len(t.cols))
		for i, c := range t.cols {
			v, err := convert(scan[i], c.kind)
			if err != nil {
				return result{}, fmt.Errorf("copy table %s column %s at row %s: %w", t.name, c.name, rowKey(t, scan), err)
			}
			row[i] = v
		}
		if err := sum.add(row); err != nil {
			return result{}, fmt.Errorf("copy table %s at row %s: %w", t.name, rowKey(t, scan), err)
		}
		if opts.alter != nil {
			opts.alter(t.name, row)
		}
		pending = append(pending, row...)
		n++
		if len(pending) == batch*len(t.cols) {
			if err := flush(); err != nil {
				return result{}, fmt.Errorf("insert into %s: %w", t.name, err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return result{}, fmt.Errorf("read source table %s: %w", t.name, err)
	}
	if err := flush(); err != nil {
		return result{}, fmt.Errorf("insert into %s: %w", t.name, err)
	}
	return result{rows: n, sum: sum.sum()}, nil
}

// insertSQL is a multi-row INSERT of k rows with numbered parameters.
func insertSQL(t table, k int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + ident(t.name) + " (" + t.colList() + ") VALUES ")
	p := 1
	for r := 0; r < k; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.cols {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", p)
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// resetIdentities moves each identity sequence of t past the largest id
// copied, and past SQLite's AUTOINCREMENT high-water mark, so that ids of
// deleted rows are not handed out again.
func resetIdentities(ctx context.Context, stx, dtx *sql.Tx, t table) error {
	for _, c := range t.cols {
		if !c.identity {
			continue
		}
		high, err := autoincrement(ctx, stx, t.name)
		if err != nil {
			return err
		}
		col := ident(c.name)
		// setval(seq, n, true): the next id is n+1. An empty table with no
		// high-water mark keeps the sequence at its start.
		_, err = dtx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), m, true)
			FROM (SELECT GREATEST(MAX(`+col+`), $3) AS m FROM `+ident(t.name)+`) s WHERE m IS NOT NULL`,
			ident(t.name), c.name, high)
		if err != nil {
			return fmt.Errorf("reset identity %s.%s: %w", t.name, c.name, err)
		}
	}
	return nil
}

// autoincrement returns SQLite's AUTOINCREMENT high-water mark for table
// (invalid when it has none).
func autoincrement(ctx context.Context, stx *sql.Tx, name string) (sql.NullInt64, error) {
	var high sql.NullInt64
	var n int
	if err := stx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'`).Scan(&n); err != nil || n == 0 {
		return high, wrapf(err, "read source sequence of %s", name)
	}
	err := stx.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = ?`, name).Scan(&high)
	if errors.Is(err, sql.ErrNoRows) {
		return high, nil
	}
	return high, wrapf(err, "read source sequence of %s", name)
}

// wrapf wraps a non-nil err with the formatted operation; nil stays nil.
func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// tableSum reads t back in primary-key order and returns its count and
// checksum. sqliteSide says which engine q is.
func tableSum(ctx context.Context, q *sql.Tx, t table, sqliteSide bool) (result, error) {
	var res result
	sum := newChecksum()
	err := eachRow(ctx, q, t, sqliteSide, func(row []any) error {
		res.rows++
		return sum.add(row)
	})
	res.sum = sum.sum()
	return res, err
}

// eachRow calls fn with every row of t in primary-key order, values
// converted by kind (fn must not keep the slice).
func eachRow(ctx context.Context, q *sql.Tx, t table, sqliteSide bool, fn func([]any) error) error {
	rows, err := q.QueryContext(ctx, t.selectSQL(!sqliteSide))
	if err != nil {
		return err
	}
	defer rows.Close()
	scan := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range scan {
		ptrs[i] = &scan[i]
	}
	row := make([]any, len(t.cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, c := range t.cols {
			if row[i], err = convert(scan[i], c.kind); err != nil {
				return fmt.Errorf("column %s at row %s: %w", c.name, rowKey(t, scan), err)
			}
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// locate reads both sides again in step and returns the MismatchError for
// the first row that differs.
func locate(ctx context.Context, stx, dtx *sql.Tx, t table, want, got result) error {
	me := &MismatchError{Table: t.name, SourceRows: want.rows, DestRows: got.rows, Detail: "checksums differ"}
	if want.rows != got.rows {
		me.Detail = "row counts differ"
	}
	srcRows, err := collect(ctx, stx, t, true)
	if err != nil {
		return fmt.Errorf("%v; reading the source again to find the row: %w", me, err)
	}
	dstRows, err := collect(ctx, dtx, t, false)
	if err != nil {
		return fmt.Errorf("%v; reading the destination again to find the row: %w", me, err)
	}
	if i, ok := firstDifference(srcRows, dstRows); ok {
		if i < len(srcRows) {
			me.Key = rowKey(t, srcRows[i])
		} else {
			me.Key = rowKey(t, dstRows[i])
		}
	}
	return me
}

// collect reads a whole table; only used to find a difference after a
// mismatch, so the cost is paid only on failure.
func collect(ctx context.Context, q *sql.Tx, t table, sqliteSide bool) ([][]any, error) {
	var out [][]any
	err := eachRow(ctx, q, t, sqliteSide, func(row []any) error {
		out = append(out, slices.Clone(row))
		return nil
	})
	return out, err
}

// rowKey formats a row's primary key as (col=value, …).
func rowKey(t table, row []any) string {
	var parts []string
	for i, c := range t.cols {
		if c.pk > 0 || !hasKey(t) {
			parts = append(parts, fmt.Sprintf("%s=%s", c.name, literal(row[i])))
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func hasKey(t table) bool {
	return slices.ContainsFunc(t.cols, func(c column) bool { return c.pk > 0 })
}

func literal(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return fmt.Sprintf("%q", v)
	case []byte:
		return fmt.Sprintf("x'%x'", v)
	}
	return fmt.Sprint(v)
}

// closeRows closes rows and returns the error that ended the iteration.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
