package ingest

// Persistence of the pipeline's own tables (migration 0004_ingest.sql of
// internal/store/sqlite). The SQL lives here rather than in the store
// package because every write shares a transaction with River's job
// operations — the next stage's job insert and this job's completion — on
// River's connection, which the store package does not see.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/score"
	"alphadesk/internal/source"
	"alphadesk/internal/store"
	"alphadesk/internal/store/postgres"
	"alphadesk/internal/store/sqlrow"
)

// parseTime reads a time of the pipeline's tables (store.TimeLayout, the
// newsroom's); an unreadable one reads as never.
func parseTime(s string) time.Time {
	t, _ := store.ParseTime("", s)
	return t
}

// DB is the pipeline's handle on the desk's database.
//
// On SQLite: one connection for River and the pipeline's writes (River's
// SQLite driver wants a pool of one), and a small pool of read-only
// connections for stage inputs and listings, both in WAL mode with a busy
// timeout, beside the store's own pool on the same file.
//
// On PostgreSQL: one pool for everything, River on its database/sql
// driver. The pipeline's write transactions take a transaction-scoped
// advisory lock first, so they run one at a time across every process as
// they do on SQLite (the stages were written for a single writer: dedupe
// catches up on signatures in assignment order, stories are created once);
// the stages' work — fetching, tagging, sentiment, drafting, checking — runs
// outside those short transactions, in parallel.
type DB struct {
	rw, ro *sql.DB
	path   string // the file, or the DSN with its password redacted
	pg     bool
}

// PipelineLock is the advisory lock key of the pipeline's write
// transactions on PostgreSQL.
const PipelineLock int64 = 0x616c706861 // "alpha"

// OpenDB opens the pipeline's connections to the database at target — a
// SQLite file path or a postgres:// URL — which must exist and be migrated
// (the store's Migrate and Migrate).
func OpenDB(ctx context.Context, target string) (*DB, error) {
	if postgres.IsDSN(target) {
		db, err := openPostgres(ctx, target)
		if err != nil {
			return nil, err
		}
		return &DB{rw: db, ro: db, path: postgres.Redact(target), pg: true}, nil
	}
	if _, err := os.Stat(target); err != nil {
		return nil, fmt.Errorf("open pipeline database %s: %w", target, err)
	}
	rw, err := openPool(ctx, target, 1, false)
	if err != nil {
		return nil, err
	}
	ro, err := openPool(ctx, target, 4, true)
	if err != nil {
		rw.Close()
		return nil, err
	}
	return &DB{rw: rw, ro: ro, path: target}, nil
}

// postgresConns bounds the pipeline's PostgreSQL pool: River's fetches,
// heartbeats and leader election, the workers' reads and the serialised
// writes share it.
const postgresConns = 16

func openPostgres(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open pipeline database %s: %w", postgres.Redact(dsn), err)
	}
	db.SetMaxOpenConns(postgresConns)
	db.SetMaxIdleConns(postgresConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open pipeline database %s: %w", postgres.Redact(dsn), err)
	}
	return db, nil
}

func openPool(ctx context.Context, path string, conns int, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open pipeline database %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open pipeline database %s: %w", path, err)
	}
	return db, nil
}

// Path is the database file, or the PostgreSQL URL without its password.
func (db *DB) Path() string { return db.path }

// Postgres reports whether the database is PostgreSQL.
func (db *DB) Postgres() bool { return db.pg }

// Driver returns River's driver over the pipeline's write connections.
func (db *DB) Driver() riverdriver.Driver[*sql.Tx] {
	if db.pg {
		return riverdatabasesql.New(db.rw)
	}
	return riversqlite.New(db.rw)
}

// completeTx marks job done inside tx with the driver's own completion.
func (db *DB) completeTx(ctx context.Context, tx *sql.Tx, job *rivertype.JobRow) error {
	var err error
	if db.pg {
		_, err = river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, &river.Job[noArgs]{JobRow: job})
	} else {
		_, err = river.JobCompleteTx[*riversqlite.Driver](ctx, tx, &river.Job[noArgs]{JobRow: job})
	}
	return err
}

// noArgs stands in for a job's arguments where only its row matters.
type noArgs struct{}

func (noArgs) Kind() string { return "" }

// Close closes the pools.
func (db *DB) Close() error {
	if db.ro == db.rw {
		return db.rw.Close()
	}
	return errors.Join(db.rw.Close(), db.ro.Close())
}

// inTx runs fn in one write transaction: BEGIN IMMEDIATE on SQLite's one
// write connection, and on PostgreSQL a transaction that first takes the
// pipeline's advisory lock (see DB). fn must use only tx.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if db.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, PipelineLock); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("pipeline lock: %w", err)
		}
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// SourceState is what the pipeline keeps about one source between polls;
// editors see it in `alphadesk jobs sources`.
type SourceState struct {
	Name         string    `json:"name"`
	Kind         string    `json:"kind"`
	Location     string    `json:"location"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPolled   time.Time `json:"last_polled,omitzero"`
	LastFetched  time.Time `json:"last_fetched,omitzero"`
	LastError    string    `json:"last_error,omitempty"`
	Errors       int       `json:"errors"`
	Notes        []string  `json:"notes,omitempty"`
	Items        int       `json:"items"`
}

const sourceCols = `name, kind, location, etag, last_modified, last_polled, last_fetched, last_error, errors, notes, items`

type rowScanner interface{ Scan(dest ...any) error }

func scanSource(r rowScanner) (SourceState, error) {
	var (
		s                      SourceState
		polled, fetched, notes string
	)
	if err := r.Scan(&s.Name, &s.Kind, &s.Location, &s.ETag, &s.LastModified, &polled, &fetched, &s.LastError, &s.Errors, &notes, &s.Items); err != nil {
		return s, err
	}
	s.LastPolled, s.LastFetched = parseTime(polled), parseTime(fetched)
	_ = json.Unmarshal([]byte(notes), &s.Notes)
	return s, nil
}

// Sources lists the state of every source the pipeline has polled, by name.
func (db *DB) Sources(ctx context.Context) ([]SourceState, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT `+sourceCols+` FROM ingest_sources ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []SourceState
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// sourceState reads one source's state; a source never polled is the zero
// state with its name.
func (db *DB) sourceState(ctx context.Context, name string) (SourceState, error) {
	s, err := scanSource(db.ro.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM ingest_sources WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return SourceState{Name: name}, nil
	}
	if err != nil {
		return s, fmt.Errorf("read source %s: %w", name, err)
	}
	return s, nil
}

func putSource(ctx context.Context, tx *sql.Tx, s SourceState) error {
	notes, _ := json.Marshal(s.Notes)
	if s.Notes == nil {
		notes = []byte("[]")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ingest_sources (`+sourceCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, location = excluded.location, etag = excluded.etag,
			last_modified = excluded.last_modified, last_polled = excluded.last_polled, last_fetched = excluded.last_fetched,
			last_error = excluded.last_error, errors = excluded.errors, notes = excluded.notes, items = excluded.items`,
		s.Name, s.Kind, s.Location, s.ETag, s.LastModified, store.FormatTime(s.LastPolled), store.FormatTime(s.LastFetched), s.LastError, s.Errors, string(notes), s.Items)
	if err != nil {
		return fmt.Errorf("save source %s: %w", s.Name, err)
	}
	return nil
}

// newItem is an item as the poll stage stores it.
type newItem struct {
	Key, Source, SourceName, Kind, GUID, URL, Title, Raw string
	Published                                            time.Time
}

// insertItems stores new items, skipping those whose key is already
// stored, and returns the IDs of the new ones in order (0 for a skipped one).
func insertItems(ctx context.Context, tx *sql.Tx, items []newItem, arrived time.Time) ([]int64, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO ingest_items (item_key, source, source_name, kind, guid, url, title, published, raw, arrived)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (item_key) DO NOTHING RETURNING id`)
	if err != nil {
		return nil, fmt.Errorf("store items: %w", err)
	}
	defer stmt.Close()
	ids := make([]int64, len(items))
	at := store.FormatTime(arrived)
	for i, it := range items {
		err := stmt.QueryRowContext(ctx, it.Key, it.Source, it.SourceName, it.Kind, it.GUID, it.URL, it.Title, store.FormatTime(it.Published), it.Raw, at).Scan(&ids[i])
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store item %s of %s: %w", it.GUID, it.Source, err)
		}
	}
	return ids, nil
}

// itemRow is an item with its stage outputs as stored.
type itemRow struct {
	Item
	Stage, Raw, DraftHash, Outcome string
	HasTags, HasSentiment          bool
	Arrived                        time.Time
}

const itemCols = `id, item_key, source, source_name, kind, url, title, raw, text, story_key, draft_hash, tags, sentiment, stage, outcome, arrived`

func scanItem(r rowScanner) (itemRow, error) {
	var (
		it              itemRow
		kind, arrived   string
		tags, sentiment sql.NullString
	)
	err := r.Scan(&it.ID, &it.Key, &it.Source, &it.SourceName, &kind, &it.URL, &it.Title, &it.Raw, &it.Text, &it.StoryKey,
		&it.DraftHash, &tags, &sentiment, &it.Stage, &it.Outcome, &arrived)
	if err != nil {
		return it, err
	}
	it.Kind = source.Kind(kind)
	it.Arrived = parseTime(arrived)
	if tags.Valid {
		it.HasTags = true
		if err := json.Unmarshal([]byte(tags.String), &it.Tags); err != nil {
			return it, fmt.Errorf("item %d: tags: %w", it.ID, err)
		}
	}
	if sentiment.Valid {
		it.HasSentiment = true
		if err := json.Unmarshal([]byte(sentiment.String), &it.Sentiment); err != nil {
			return it, fmt.Errorf("item %d: sentiment: %w", it.ID, err)
		}
	}
	return it, nil
}

// items reads items by ID, in ID order; missing IDs are left out.
func (db *DB) items(ctx context.Context, ids []int64) ([]itemRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var p sqlrow.Params
	rows, err := db.ro.QueryContext(ctx, `SELECT `+itemCols+` FROM ingest_items WHERE id IN (`+sqlrow.AddList(&p, ids)+`) ORDER BY id`, p.Args...)
	if err != nil {
		return nil, fmt.Errorf("read items: %w", err)
	}
	defer rows.Close()
	var out []itemRow
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("read items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// storyItems reads every item assigned to a story, in ID order.
func (db *DB) storyItems(ctx context.Context, storyKey string) ([]itemRow, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT `+itemCols+` FROM ingest_items WHERE story_key = $1 ORDER BY id`, storyKey)
	if err != nil {
		return nil, fmt.Errorf("read items of story %s: %w", storyKey, err)
	}
	defer rows.Close()
	var out []itemRow
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("read items of story %s: %w", storyKey, err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// placeholders returns n numbered parameters starting at $from:
// "$2,$3,$4". Both SQLite and PostgreSQL read $N as the Nth argument.
// stageColumns are the columns of ingest_items a stage may set; advance
// refuses any other name, so only these identifiers ever enter its SQL.
var stageColumns = map[string]bool{
	"text": true, "story_key": true, "dup_of": true, "tags": true, "sentiment": true, "draft_hash": true,
	"outcome": true, "story_id": true, "decided": true,
}

// advance moves an item from stage from to stage to, setting the given
// columns; it reports false when the item was not at stage from (a stage
// already done is not done again).
func advance(ctx context.Context, tx *sql.Tx, id int64, from, to string, set map[string]any) (bool, error) {
	var b strings.Builder
	b.WriteString(`UPDATE ingest_items SET stage = $1`)
	args := []any{to}
	for _, col := range sortedKeys(set) {
		if !stageColumns[col] {
			return false, fmt.Errorf("item %d: %s → %s: no stage output column %q", id, from, to, col)
		}
		args = append(args, set[col])
		fmt.Fprintf(&b, `, %s = $%d`, col, len(args))
	}
	fmt.Fprintf(&b, ` WHERE id = $%d AND stage = $%d`, len(args)+1, len(args)+2)
	args = append(args, id, from)
	res, err := tx.ExecContext(ctx, b.String(), args...)
	if err != nil {
		return false, fmt.Errorf("item %d: %s → %s: %w", id, from, to, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// recordRun upserts the outcome of one stage for one item.
func recordRun(ctx context.Context, tx *sql.Tx, id int64, stage, outcome, detail string, d time.Duration, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ingest_stage_runs (item_id, stage, outcome, detail, micros, at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (item_id, stage) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail, micros = excluded.micros,
			at = excluded.at, runs = ingest_stage_runs.runs + 1`, id, stage, outcome, detail, d.Microseconds(), store.FormatTime(at))
	if err != nil {
		return fmt.Errorf("item %d: record %s: %w", id, stage, err)
	}
	return nil
}

// storedDraft is one ingest_drafts row.
type storedDraft struct {
	StoryKey, Hash string
	Items          []int64
	Draft          newsroom.Draft
	TagConf        float64
	Check          *newsroom.Check
}

func (db *DB) draft(ctx context.Context, storyKey, hash string) (storedDraft, bool, error) {
	var (
		d         storedDraft
		items, dj string
		checked   sql.NullString
	)
	err := db.ro.QueryRowContext(ctx, `SELECT items, draft, tag_conf, checked FROM ingest_drafts WHERE story_key = $1 AND sources_hash = $2`,
		storyKey, hash).Scan(&items, &dj, &d.TagConf, &checked)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("read draft of %s: %w", storyKey, err)
	}
	d.StoryKey, d.Hash = storyKey, hash
	if err := json.Unmarshal([]byte(items), &d.Items); err != nil {
		return d, false, fmt.Errorf("draft of %s: items: %w", storyKey, err)
	}
	if err := json.Unmarshal([]byte(dj), &d.Draft); err != nil {
		return d, false, fmt.Errorf("draft of %s: %w", storyKey, err)
	}
	if checked.Valid {
		d.Check = new(newsroom.Check)
		if err := json.Unmarshal([]byte(checked.String), d.Check); err != nil {
			return d, false, fmt.Errorf("check of %s: %w", storyKey, err)
		}
	}
	return d, true, nil
}

func putDraft(ctx context.Context, tx *sql.Tx, d storedDraft, at time.Time) error {
	items, _ := json.Marshal(d.Items)
	dj, err := json.Marshal(d.Draft)
	if err != nil {
		return err
	}
	var checked any
	if d.Check != nil {
		b, err := json.Marshal(d.Check)
		if err != nil {
			return err
		}
		checked = string(b)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ingest_drafts (story_key, sources_hash, items, draft, tag_conf, checked, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (story_key, sources_hash) DO UPDATE SET items = excluded.items, draft = excluded.draft,
			tag_conf = excluded.tag_conf, checked = COALESCE(excluded.checked, ingest_drafts.checked), at = excluded.at`,
		d.StoryKey, d.Hash, string(items), string(dj), d.TagConf, checked, store.FormatTime(at))
	if err != nil {
		return fmt.Errorf("store draft of %s: %w", d.StoryKey, err)
	}
	return nil
}

// signature is one row of ingest_signatures.
type signature struct {
	Seq         int64
	StoryKey    string
	URLKey      string
	Fingerprint *int64
}

func signaturesAfter(ctx context.Context, tx *sql.Tx, seq int64) ([]signature, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, story_key, url_key, fingerprint FROM ingest_signatures WHERE seq > $1 ORDER BY seq`, seq)
	if err != nil {
		return nil, fmt.Errorf("read signatures: %w", err)
	}
	defer rows.Close()
	var out []signature
	for rows.Next() {
		var (
			s  signature
			fp sql.NullInt64
		)
		if err := rows.Scan(&s.Seq, &s.StoryKey, &s.URLKey, &fp); err != nil {
			return nil, fmt.Errorf("read signatures: %w", err)
		}
		if fp.Valid {
			s.Fingerprint = &fp.Int64
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func putSignature(ctx context.Context, tx *sql.Tx, item int64, s signature, at time.Time) error {
	var fp any
	if s.Fingerprint != nil {
		fp = *s.Fingerprint
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ingest_signatures (item_id, story_key, url_key, fingerprint, at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (item_id) DO NOTHING`, item, s.StoryKey, s.URLKey, fp, store.FormatTime(at))
	if err != nil {
		return fmt.Errorf("item %d: store signature: %w", item, err)
	}
	return nil
}

// ItemCounts counts items by stage (where they wait, or done / failed).
func (db *DB) ItemCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT stage, count(*) FROM ingest_items GROUP BY stage`)
	if err != nil {
		return nil, fmt.Errorf("count items: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var (
			stage string
			n     int
		)
		if err := rows.Scan(&stage, &n); err != nil {
			return nil, err
		}
		out[stage] = n
	}
	return out, rows.Err()
}

// Latencies returns, for every item decided at or after since, the time
// from its arrival to its decision.
func (db *DB) Latencies(ctx context.Context, since time.Time) ([]time.Duration, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT arrived, decided FROM ingest_items WHERE decided <> '' AND decided >= $1`, store.FormatTime(since))
	if err != nil {
		return nil, fmt.Errorf("read latencies: %w", err)
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var a, d string
		if err := rows.Scan(&a, &d); err != nil {
			return nil, err
		}
		out = append(out, parseTime(d).Sub(parseTime(a)))
	}
	return out, rows.Err()
}

// QueueDepth counts River's jobs by kind and state.
func (db *DB) QueueDepth(ctx context.Context) (map[[2]string]int, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT kind, state, count(*) FROM river_job GROUP BY kind, state`)
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var (
			kind, state string
			n           int
		)
		if err := rows.Scan(&kind, &state, &n); err != nil {
			return nil, err
		}
		out[[2]string{kind, state}] = n
	}
	return out, rows.Err()
}

// StorySentiment reads the sentiment of every published story toward each
// company it is tagged with, dated by the earliest publication date of the
// items it was written from (the news's date, not the desk's).
func (db *DB) StorySentiment(ctx context.Context) ([]score.Observation, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT t.symbol, MIN(i.published), t.sentiment_score FROM story_tags t
		JOIN stories s ON s.id = t.story_id JOIN ingest_items i ON i.story_id = s.id
		WHERE s.status = 'published' AND t.sentiment_label <> '' AND i.published <> ''
		GROUP BY t.story_id, t.symbol ORDER BY t.symbol, 2`)
	if err != nil {
		return nil, fmt.Errorf("read story sentiment: %w", err)
	}
	defer rows.Close()
	var out []score.Observation
	for rows.Next() {
		var (
			o  score.Observation
			at string
		)
		if err := rows.Scan(&o.Symbol, &at, &o.Score); err != nil {
			return nil, err
		}
		o.Date = parseTime(at)
		out = append(out, o)
	}
	return out, rows.Err()
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
