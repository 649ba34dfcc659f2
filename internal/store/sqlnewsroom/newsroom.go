// Package sqlnewsroom implements newsroom.Repository over database/sql,
// once for every backend (schema: migrations/0003_newsroom.sql of
// internal/store/sqlite and internal/store/postgres). The SQL is what both
// SQLite and PostgreSQL accept — $N parameters, ON CONFLICT, RETURNING,
// savepoints; what differs between them is a Dialect.
package sqlnewsroom

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

// Querier is what *sql.DB and *sql.Tx share.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// rowScanner is what *sql.Row and *sql.Rows share.
type rowScanner interface{ Scan(dest ...any) error }

// Dialect is what a backend does its own way.
type Dialect struct {
	// Lock, when set, runs first in every newsroom transaction and holds
	// until it ends, serialising read-then-write operations (PostgreSQL:
	// an advisory lock). SQLite needs none: its transactions begin
	// IMMEDIATE and hold the write lock from the start.
	Lock func(ctx context.Context, tx Querier) error
	// BumpVersion moves the data version inside a transaction that wrote
	// (and may announce it, as PostgreSQL does with NOTIFY).
	BumpVersion func(ctx context.Context, tx Querier) error
	// Unique reports whether err is a UNIQUE or PRIMARY KEY violation.
	Unique func(err error) bool
	// Retryable reports whether err ended a transaction that lost a race
	// (serialization failure, deadlock); nil: none does. Such errors
	// become newsroom.ErrConflict, so the Service runs the operation again.
	Retryable func(err error) bool
}

// Newsroom implements newsroom.Repository on one database.
type Newsroom struct {
	nrReader
	db *sql.DB
	d  Dialect
}

var _ newsroom.Repository = (*Newsroom)(nil)

// New returns the newsroom repository of db.
func New(db *sql.DB, d Dialect) *Newsroom {
	return &Newsroom{nrReader: nrReader{q: db}, db: db, d: d}
}

func (d Dialect) lock(ctx context.Context, q Querier) error {
	if d.Lock == nil {
		return nil
	}
	if err := d.Lock(ctx, q); err != nil {
		return fmt.Errorf("lock newsroom: %w", err)
	}
	return nil
}

// conflict turns an error with which the server ended a losing
// transaction into newsroom.ErrConflict.
func (d Dialect) conflict(err error) error {
	if err != nil && d.Retryable != nil && d.Retryable(err) && !errors.Is(err, newsroom.ErrConflict) {
		return fmt.Errorf("%w: %w", newsroom.ErrConflict, err)
	}
	return err
}

// InTx implements newsroom.Repository. The transaction takes the dialect's
// lock first, so read-then-write operations are serialised. A transaction
// that wrote bumps the data version, so pages' ETags change.
func (n *Newsroom) InTx(ctx context.Context, fn func(tx newsroom.Tx) error) error {
	sqlTx, err := n.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin newsroom transaction: %w", err)
	}
	tx := &nrTx{nrReader: nrReader{q: sqlTx}, tx: sqlTx, d: n.d}
	err = n.d.lock(ctx, sqlTx)
	if err == nil {
		err = fn(tx)
	}
	if err == nil && tx.wrote {
		err = n.d.BumpVersion(ctx, sqlTx)
	}
	if err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil {
			return errors.Join(n.d.conflict(err), fmt.Errorf("rollback newsroom transaction: %w", rbErr))
		}
		return n.d.conflict(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return n.d.conflict(fmt.Errorf("commit newsroom transaction: %w", err))
	}
	return nil
}

// WithTx returns a repository that works inside tx, a transaction already
// open on this database (a job queue's, say), so that a pipeline stage's
// newsroom writes commit or roll back together with its job. Its reads see
// tx's writes. Each InTx runs in a savepoint: an error from fn undoes fn's
// writes and is returned; committing or rolling back tx is the caller's.
// A dialect's lock is held until tx ends: the caller's transaction keeps
// other newsroom writers waiting until it commits, as SQLite's write lock
// does.
func (n *Newsroom) WithTx(tx *sql.Tx) newsroom.Repository {
	return &nrOuterTx{nrReader: nrReader{q: tx}, tx: tx, d: n.d}
}

// nrOuterTx is the repository WithTx returns.
type nrOuterTx struct {
	nrReader
	tx *sql.Tx
	d  Dialect
}

// InTx implements newsroom.Repository inside the caller's transaction.
func (o *nrOuterTx) InTx(ctx context.Context, fn func(tx newsroom.Tx) error) error {
	if _, err := o.tx.ExecContext(ctx, `SAVEPOINT newsroom_op`); err != nil {
		return fmt.Errorf("begin newsroom savepoint: %w", err)
	}
	tx := &nrTx{nrReader: o.nrReader, tx: o.tx, d: o.d}
	err := o.d.lock(ctx, o.tx)
	if err == nil {
		err = fn(tx)
	}
	if err == nil && tx.wrote {
		err = o.d.BumpVersion(ctx, o.tx)
	}
	if err != nil {
		// After an error PostgreSQL refuses every statement but the
		// rollback to the savepoint, which makes tx usable again.
		if _, rbErr := o.tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT newsroom_op`); rbErr != nil {
			return errors.Join(o.d.conflict(err), fmt.Errorf("roll back newsroom savepoint: %w", rbErr))
		}
	}
	if _, relErr := o.tx.ExecContext(ctx, `RELEASE SAVEPOINT newsroom_op`); relErr != nil {
		return errors.Join(o.d.conflict(err), fmt.Errorf("release newsroom savepoint: %w", relErr))
	}
	return o.d.conflict(err)
}

// nrReader implements newsroom.Reader over a database or a transaction.
type nrReader struct{ q Querier }

// nrTx implements newsroom.Tx.
type nrTx struct {
	nrReader
	tx    *sql.Tx
	d     Dialect
	wrote bool
}

func nrJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func nrNullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

const nrStoryColumns = `s.id, s.dedupe_key, s.slug, s.status, s.category, s.version, s.sentiment_label,
	s.sentiment_score, s.created, s.updated, s.status_at, s.published, s.last_reviewed, s.last_reviewed_by`

func nrScanStory(r rowScanner, extra ...any) (newsroom.Story, error) {
	var (
		s                                               newsroom.Story
		status, category                                string
		created, updated, statusAt, published, reviewed string
	)
	dest := append([]any{&s.ID, &s.Key, &s.Slug, &status, &category, &s.Version, &s.Sentiment.Label,
		&s.Sentiment.Score, &created, &updated, &statusAt, &published, &reviewed, &s.LastReviewedBy}, extra...)
	if err := r.Scan(dest...); err != nil {
		return s, err
	}
	s.Status, s.Category = newsroom.Status(status), newsroom.Category(category)
	var err error
	for _, f := range []struct {
		col string
		in  string
		out *time.Time
	}{{"created", created, &s.Created}, {"updated", updated, &s.Updated}, {"status_at", statusAt, &s.StatusAt},
		{"published", published, &s.Published}, {"last_reviewed", reviewed, &s.LastReviewed}} {
		if *f.out, err = store.ParseTime(f.col, f.in); err != nil {
			return s, fmt.Errorf("story %d: %w", s.ID, err)
		}
	}
	return s, nil
}

func (r nrReader) storyWhere(ctx context.Context, what string, where string, arg any) (newsroom.Story, error) {
	s, err := nrScanStory(r.q.QueryRowContext(ctx, `SELECT `+nrStoryColumns+` FROM stories s WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return newsroom.Story{}, fmt.Errorf("story %s: %w", what, newsroom.ErrNotFound)
	}
	if err != nil {
		return newsroom.Story{}, fmt.Errorf("story %s: %w", what, err)
	}
	return s, nil
}

// StoryByID implements newsroom.Reader.
func (r nrReader) StoryByID(ctx context.Context, id int64) (newsroom.Story, error) {
	return r.storyWhere(ctx, fmt.Sprintf("#%d", id), `s.id = $1`, id)
}

// StoryBySlug implements newsroom.Reader.
func (r nrReader) StoryBySlug(ctx context.Context, slug string) (newsroom.Story, error) {
	return r.storyWhere(ctx, fmt.Sprintf("%q", slug), `s.slug = $1`, slug)
}

// StoryByKey implements newsroom.Reader.
func (r nrReader) StoryByKey(ctx context.Context, key string) (newsroom.Story, error) {
	return r.storyWhere(ctx, fmt.Sprintf("with key %q", key), `s.dedupe_key = $1`, key)
}

// nrStoriesSQL builds the listing query: the stories page joined with each
// story's current version.
func nrStoriesSQL(q newsroom.StoryQuery) (string, []any) {
	var (
		conds []string
		p     sqlrow.Params
	)
	if q.Status != "" {
		conds = append(conds, `s.status = `+p.Add(string(q.Status)))
	}
	if q.Category != "" {
		conds = append(conds, `s.category = `+p.Add(string(q.Category)))
	}
	if q.Symbol != "" {
		conds = append(conds, `s.id IN (SELECT story_id FROM story_tags WHERE symbol = `+p.Add(q.Symbol)+`)`)
	}
	if q.Sector != "" {
		conds = append(conds, `s.id IN (SELECT t.story_id FROM story_tags t JOIN securities sec ON sec.symbol = t.symbol WHERE sec.sector = `+p.Add(q.Sector)+`)`)
	}
	if q.Sentiment != "" {
		conds = append(conds, `s.sentiment_label = `+p.Add(q.Sentiment))
	}
	order, cmp := "DESC", "<"
	if q.Oldest {
		order, cmp = "ASC", ">"
	}
	if !q.After.IsZero() {
		conds = append(conds, `(s.status_at, s.id) `+cmp+` (`+p.Add(store.FormatTime(q.After.At))+`, `+p.Add(q.After.ID)+`)`)
	}
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return `SELECT ` + nrStoryColumns + `, COALESCE(v.headline, ''), COALESCE(v.dek, ''),
		COALESCE(v.drafted_by, ''), COALESCE(v.decision, ''), COALESCE(v.findings, '[]')
		FROM stories s LEFT JOIN story_versions v ON v.story_id = s.id AND v.number = s.version` + where + `
		ORDER BY s.status_at ` + order + `, s.id ` + order + ` LIMIT ` + p.Add(q.Limit), p.Args
}

// Stories implements newsroom.Reader: the stories page, then the page's
// tags in one query.
func (r nrReader) Stories(ctx context.Context, q newsroom.StoryQuery) ([]newsroom.Summary, error) {
	if q.Limit <= 0 {
		return nil, fmt.Errorf("list stories: limit %d: want a positive page size", q.Limit)
	}
	query, args := nrStoriesSQL(q)
	rows, err := r.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	defer rows.Close()
	var (
		out []newsroom.Summary
		ids []int64
		at  = map[int64]int{}
	)
	for rows.Next() {
		var (
			sum                newsroom.Summary
			decision, findings string
		)
		sum.Story, err = nrScanStory(rows, &sum.Headline, &sum.Dek, &sum.DraftedBy, &decision, &findings)
		if err != nil {
			return nil, fmt.Errorf("list stories: %w", err)
		}
		sum.Decision = newsroom.Decision(decision)
		var fs []newsroom.Finding
		if err := json.Unmarshal([]byte(findings), &fs); err != nil {
			return nil, fmt.Errorf("list stories: story %d findings column: %w", sum.ID, err)
		}
		sum.Findings, sum.Tickers = newsroom.Blocking(fs), []string{}
		at[sum.ID] = len(out)
		ids = append(ids, sum.ID)
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	rows.Close()
	if len(ids) == 0 {
		return out, nil
	}
	var p sqlrow.Params
	trows, err := r.q.QueryContext(ctx, `SELECT story_id, symbol FROM story_tags WHERE story_id IN (`+sqlrow.AddList(&p, ids)+`)
		ORDER BY story_id, rank`, p.Args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: tags: %w", err)
	}
	defer trows.Close()
	for trows.Next() {
		var (
			id  int64
			sym string
		)
		if err := trows.Scan(&id, &sym); err != nil {
			return nil, fmt.Errorf("list stories: tags: %w", err)
		}
		out[at[id]].Tickers = append(out[at[id]].Tickers, sym)
	}
	if err := trows.Err(); err != nil {
		return nil, fmt.Errorf("list stories: tags: %w", err)
	}
	return out, nil
}

const nrVersionColumns = `story_id, number, change, headline, dek, body, watch, drafted_by, rules, decision,
	findings, actor, reason, COALESCE(submission, ''), created`

func nrScanVersion(r rowScanner) (newsroom.Version, error) {
	var (
		v                                    newsroom.Version
		change, decision, created            string
		body, watch, rulesJSON, findingsJSON string
	)
	if err := r.Scan(&v.Story, &v.Number, &change, &v.Headline, &v.Dek, &body, &watch, &v.DraftedBy, &rulesJSON,
		&decision, &findingsJSON, &v.Actor, &v.Reason, &v.Submission, &created); err != nil {
		return v, err
	}
	v.Change, v.Decision = newsroom.Change(change), newsroom.Decision(decision)
	for _, f := range []struct {
		col string
		in  string
		out any
	}{{"body", body, &v.Body}, {"watch", watch, &v.Watch}, {"rules", rulesJSON, &v.Rules}, {"findings", findingsJSON, &v.Findings}} {
		if err := json.Unmarshal([]byte(f.in), f.out); err != nil {
			return v, fmt.Errorf("story %d version %d: %s column: %w", v.Story, v.Number, f.col, err)
		}
	}
	var err error
	if v.Created, err = store.ParseTime("created", created); err != nil {
		return v, fmt.Errorf("story %d version %d: %w", v.Story, v.Number, err)
	}
	return v, nil
}

// Versions implements newsroom.Reader.
func (r nrReader) Versions(ctx context.Context, story int64) ([]newsroom.Version, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+nrVersionColumns+` FROM story_versions WHERE story_id = $1 ORDER BY number`, story)
	if err != nil {
		return nil, fmt.Errorf("story %d versions: %w", story, err)
	}
	defer rows.Close()
	out := []newsroom.Version{}
	for rows.Next() {
		v, err := nrScanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("story %d versions: %w", story, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story %d versions: %w", story, err)
	}
	return out, nil
}

func (r nrReader) versionWhere(ctx context.Context, what, where string, args ...any) (newsroom.Version, error) {
	v, err := nrScanVersion(r.q.QueryRowContext(ctx, `SELECT `+nrVersionColumns+` FROM story_versions WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return newsroom.Version{}, fmt.Errorf("%s: %w", what, newsroom.ErrNotFound)
	}
	if err != nil {
		return newsroom.Version{}, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// Version implements newsroom.Reader.
func (r nrReader) Version(ctx context.Context, story int64, number int) (newsroom.Version, error) {
	return r.versionWhere(ctx, fmt.Sprintf("story %d version %d", story, number), `story_id = $1 AND number = $2`, story, number)
}

// VersionBySubmission implements newsroom.Reader.
func (r nrReader) VersionBySubmission(ctx context.Context, story int64, digest string) (newsroom.Version, error) {
	return r.versionWhere(ctx, fmt.Sprintf("story %d submission %s", story, digest), `story_id = $1 AND submission = $2`, story, digest)
}

// StorySources implements newsroom.Reader.
func (r nrReader) StorySources(ctx context.Context, story int64) ([]newsroom.Source, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT item_key, name, url, kind, title, text, added
		FROM story_sources WHERE story_id = $1 ORDER BY position`, story)
	if err != nil {
		return nil, fmt.Errorf("story %d sources: %w", story, err)
	}
	defer rows.Close()
	out := []newsroom.Source{}
	for rows.Next() {
		var (
			s     newsroom.Source
			added string
		)
		if err := rows.Scan(&s.ItemKey, &s.Name, &s.URL, &s.Kind, &s.Title, &s.Text, &added); err != nil {
			return nil, fmt.Errorf("story %d sources: %w", story, err)
		}
		if s.Added, err = store.ParseTime("added", added); err != nil {
			return nil, fmt.Errorf("story %d sources: %w", story, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story %d sources: %w", story, err)
	}
	return out, nil
}

// StoryTags implements newsroom.Reader.
func (r nrReader) StoryTags(ctx context.Context, story int64) ([]newsroom.Tag, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT symbol, name, confidence, salience, mentions, sentiment_label, sentiment_score
		FROM story_tags WHERE story_id = $1 ORDER BY rank`, story)
	if err != nil {
		return nil, fmt.Errorf("story %d tags: %w", story, err)
	}
	defer rows.Close()
	out := []newsroom.Tag{}
	for rows.Next() {
		var (
			t        newsroom.Tag
			mentions string
		)
		if err := rows.Scan(&t.Symbol, &t.Name, &t.Confidence, &t.Salience, &mentions, &t.Sentiment.Label, &t.Sentiment.Score); err != nil {
			return nil, fmt.Errorf("story %d tags: %w", story, err)
		}
		if err := json.Unmarshal([]byte(mentions), &t.Mentions); err != nil {
			return nil, fmt.Errorf("story %d tag %s: mentions column: %w", story, t.Symbol, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story %d tags: %w", story, err)
	}
	return out, nil
}

// StoryAudit implements newsroom.Reader.
func (r nrReader) StoryAudit(ctx context.Context, story int64) ([]newsroom.AuditEntry, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT a.id, a.story_id, s.slug, COALESCE(a.correction_id, 0), COALESCE(a.version, 0),
		a.actor, a.action, a.from_status, a.to_status, a.reason, a.at
		FROM audit_log a JOIN stories s ON s.id = a.story_id WHERE a.story_id = $1 ORDER BY a.id`, story)
	if err != nil {
		return nil, fmt.Errorf("story %d audit log: %w", story, err)
	}
	defer rows.Close()
	out := []newsroom.AuditEntry{}
	for rows.Next() {
		var (
			e                    newsroom.AuditEntry
			action, from, to, at string
		)
		if err := rows.Scan(&e.ID, &e.Story, &e.Slug, &e.Correction, &e.Version, &e.Actor, &action, &from, &to, &e.Reason, &at); err != nil {
			return nil, fmt.Errorf("story %d audit log: %w", story, err)
		}
		e.Action, e.From, e.To = newsroom.Action(action), newsroom.Status(from), newsroom.Status(to)
		if e.At, err = store.ParseTime("at", at); err != nil {
			return nil, fmt.Errorf("story %d audit log: %w", story, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story %d audit log: %w", story, err)
	}
	return out, nil
}

const nrCorrectionColumns = `c.id, c.story_id, s.slug, c.text, c.contact, c.status, c.note, COALESCE(c.version, 0),
	c.actor, c.created, c.resolved`

func nrScanCorrection(r rowScanner) (newsroom.Correction, error) {
	var (
		c                         newsroom.Correction
		status, created, resolved string
	)
	if err := r.Scan(&c.ID, &c.Story, &c.Slug, &c.Text, &c.Contact, &status, &c.Note, &c.Version, &c.Actor, &created, &resolved); err != nil {
		return c, err
	}
	c.Status = newsroom.CorrectionStatus(status)
	var err error
	if c.Created, err = store.ParseTime("created", created); err != nil {
		return c, fmt.Errorf("correction %d: %w", c.ID, err)
	}
	if c.Resolved, err = store.ParseTime("resolved", resolved); err != nil {
		return c, fmt.Errorf("correction %d: %w", c.ID, err)
	}
	return c, nil
}

// Correction implements newsroom.Reader.
func (r nrReader) Correction(ctx context.Context, id int64) (newsroom.Correction, error) {
	c, err := nrScanCorrection(r.q.QueryRowContext(ctx, `SELECT `+nrCorrectionColumns+`
		FROM corrections c JOIN stories s ON s.id = c.story_id WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return newsroom.Correction{}, fmt.Errorf("correction %d: %w", id, newsroom.ErrNotFound)
	}
	if err != nil {
		return newsroom.Correction{}, fmt.Errorf("correction %d: %w", id, err)
	}
	return c, nil
}

// Corrections implements newsroom.Reader.
func (r nrReader) Corrections(ctx context.Context, q newsroom.CorrectionQuery) ([]newsroom.Correction, error) {
	if q.Limit <= 0 {
		return nil, fmt.Errorf("list corrections: limit %d: want a positive page size", q.Limit)
	}
	var p sqlrow.Params
	conds := []string{`c.id > ` + p.Add(q.AfterID)}
	if q.Status != "" {
		conds = append(conds, `c.status = `+p.Add(string(q.Status)))
	}
	if q.Story != 0 {
		conds = append(conds, `c.story_id = `+p.Add(q.Story))
	}
	rows, err := r.q.QueryContext(ctx, `SELECT `+nrCorrectionColumns+` FROM corrections c JOIN stories s ON s.id = c.story_id
		WHERE `+strings.Join(conds, ` AND `)+` ORDER BY c.id LIMIT `+p.Add(q.Limit), p.Args...)
	if err != nil {
		return nil, fmt.Errorf("list corrections: %w", err)
	}
	defer rows.Close()
	out := []newsroom.Correction{}
	for rows.Next() {
		c, err := nrScanCorrection(rows)
		if err != nil {
			return nil, fmt.Errorf("list corrections: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list corrections: %w", err)
	}
	return out, nil
}

// CreateOrGetStory implements newsroom.Tx.
func (t *nrTx) CreateOrGetStory(ctx context.Context, ns newsroom.NewStory) (newsroom.Story, bool, error) {
	s, err := t.StoryByKey(ctx, ns.Key)
	if err == nil {
		return s, false, nil
	}
	if !errors.Is(err, newsroom.ErrNotFound) {
		return newsroom.Story{}, false, err
	}
	var holder string
	err = t.q.QueryRowContext(ctx, `SELECT dedupe_key FROM stories WHERE slug = $1`, ns.Slug).Scan(&holder)
	switch {
	case err == nil:
		return newsroom.Story{}, false, fmt.Errorf("create story %q: slug %q: %w (held by story with key %q)", ns.Key, ns.Slug, newsroom.ErrSlugTaken, holder)
	case !errors.Is(err, sql.ErrNoRows):
		return newsroom.Story{}, false, fmt.Errorf("create story %q: %w", ns.Key, err)
	}
	created := store.FormatTime(ns.Created)
	var id int64
	if err := t.q.QueryRowContext(ctx, `INSERT INTO stories (dedupe_key, slug, status, category, created, updated, status_at)
		VALUES ($1, $2, 'draft', $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
		ns.Key, ns.Slug, string(ns.Category), created, created, created).Scan(&id); err != nil {
		// DO NOTHING rather than an error, which would abort the
		// transaction: another transaction took the key or the slug.
		if errors.Is(err, sql.ErrNoRows) {
			return newsroom.Story{}, false, fmt.Errorf("create story %q: %w: key or slug %q stored meanwhile", ns.Key, newsroom.ErrConflict, ns.Slug)
		}
		return newsroom.Story{}, false, fmt.Errorf("create story %q: %w", ns.Key, err)
	}
	t.wrote = true
	s, err = t.StoryByID(ctx, id)
	return s, true, err
}

// UpdateStory implements newsroom.Tx.
func (t *nrTx) UpdateStory(ctx context.Context, old, s newsroom.Story) error {
	res, err := t.q.ExecContext(ctx, `UPDATE stories SET status = $1, category = $2, version = $3, sentiment_label = $4,
		sentiment_score = $5, updated = $6, status_at = $7, published = $8, last_reviewed = $9, last_reviewed_by = $10
		WHERE id = $11 AND status = $12 AND version = $13 AND updated = $14`,
		string(s.Status), string(s.Category), s.Version, s.Sentiment.Label, s.Sentiment.Score, store.FormatTime(s.Updated),
		store.FormatTime(s.StatusAt), store.FormatTime(s.Published), store.FormatTime(s.LastReviewed), s.LastReviewedBy,
		old.ID, string(old.Status), old.Version, store.FormatTime(old.Updated))
	if err != nil {
		return fmt.Errorf("update story %q: %w", old.Slug, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update story %q: %w", old.Slug, err)
	}
	if n == 0 {
		if _, err := t.StoryByID(ctx, old.ID); err != nil {
			return fmt.Errorf("update story %q: %w", old.Slug, err)
		}
		return fmt.Errorf("update story %q: %w: it is no longer %s at version %d", old.Slug, newsroom.ErrConflict, old.Status, old.Version)
	}
	t.wrote = true
	return nil
}

// AddVersion implements newsroom.Tx.
func (t *nrTx) AddVersion(ctx context.Context, v newsroom.Version) error {
	errf := func(err error) error { return fmt.Errorf("add story %d version %d: %w", v.Story, v.Number, err) }
	var latest int
	if err := t.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) FROM story_versions WHERE story_id = $1`, v.Story).Scan(&latest); err != nil {
		return errf(err)
	}
	if v.Number != latest+1 {
		return errf(fmt.Errorf("%w: the latest version is %d", newsroom.ErrConflict, latest))
	}
	body, watch, rulesJSON, findings := v.Body, v.Watch, v.Rules, v.Findings
	if body == nil {
		body = []string{}
	}
	if watch == nil {
		watch = []string{}
	}
	if rulesJSON == nil {
		rulesJSON = []string{}
	}
	if findings == nil {
		findings = []newsroom.Finding{}
	}
	var cols [4]string
	for i, x := range []any{body, watch, rulesJSON, findings} {
		s, err := nrJSON(x)
		if err != nil {
			return errf(err)
		}
		cols[i] = s
	}
	var submission any
	if v.Submission != "" {
		submission = v.Submission
	}
	// A number or submission digest already stored inserts nothing
	// (DO NOTHING rather than an error, which would abort the transaction
	// the caller goes on using): ErrConflict.
	res, err := t.q.ExecContext(ctx, `INSERT INTO story_versions (story_id, number, change, headline, dek, body, watch,
		drafted_by, rules, decision, findings, actor, reason, submission, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING`,
		v.Story, v.Number, string(v.Change), v.Headline, v.Dek, cols[0], cols[1], v.DraftedBy, cols[2],
		string(v.Decision), cols[3], v.Actor, v.Reason, submission, store.FormatTime(v.Created))
	if err != nil {
		return errf(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return errf(err)
	} else if n == 0 {
		return errf(fmt.Errorf("%w: the version number or submission digest is stored", newsroom.ErrConflict))
	}
	t.wrote = true
	return nil
}

// PutSources implements newsroom.Tx.
func (t *nrTx) PutSources(ctx context.Context, story int64, sources []newsroom.Source) error {
	if len(sources) == 0 {
		return nil
	}
	var next int
	if err := t.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(position) + 1, 0) FROM story_sources WHERE story_id = $1`, story).Scan(&next); err != nil {
		return fmt.Errorf("put story %d sources: %w", story, err)
	}
	for _, s := range sources {
		res, err := t.q.ExecContext(ctx, `INSERT INTO story_sources (story_id, item_key, position, name, url, kind, title, text, added)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (story_id, item_key) DO UPDATE SET name = excluded.name, url = excluded.url,
				kind = excluded.kind, title = excluded.title, text = excluded.text
			WHERE story_sources.name <> excluded.name OR story_sources.url <> excluded.url
				OR story_sources.kind <> excluded.kind OR story_sources.title <> excluded.title
				OR story_sources.text <> excluded.text`,
			story, s.ItemKey, next, s.Name, s.URL, s.Kind, s.Title, s.Text, store.FormatTime(s.Added))
		if err != nil {
			return fmt.Errorf("put story %d source %q: %w", story, s.ItemKey, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			t.wrote = true
			// An insert used the position; an update kept its own.
			var pos int
			if err := t.q.QueryRowContext(ctx, `SELECT position FROM story_sources WHERE story_id = $1 AND item_key = $2`, story, s.ItemKey).Scan(&pos); err != nil {
				return fmt.Errorf("put story %d source %q: %w", story, s.ItemKey, err)
			}
			if pos == next {
				next++
			}
		}
	}
	return nil
}

// PutTags implements newsroom.Tx: it replaces the story's tags, writing
// nothing when they are unchanged.
func (t *nrTx) PutTags(ctx context.Context, story int64, tags []newsroom.Tag) error {
	old, err := t.StoryTags(ctx, story)
	if err != nil {
		return err
	}
	if nrSameTags(old, tags) {
		return nil
	}
	if _, err := t.q.ExecContext(ctx, `DELETE FROM story_tags WHERE story_id = $1`, story); err != nil {
		return fmt.Errorf("put story %d tags: %w", story, err)
	}
	t.wrote = true
	for i, tag := range tags {
		ms := tag.Mentions
		if ms == nil {
			ms = []newsroom.Mention{}
		}
		mj, err := nrJSON(ms)
		if err != nil {
			return fmt.Errorf("put story %d tag %s: %w", story, tag.Symbol, err)
		}
		if _, err := t.q.ExecContext(ctx, `INSERT INTO story_tags (story_id, symbol, rank, name, confidence, salience,
			mentions, sentiment_label, sentiment_score) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			story, tag.Symbol, i, tag.Name, tag.Confidence, tag.Salience, mj, tag.Sentiment.Label, tag.Sentiment.Score); err != nil {
			if t.d.Unique != nil && t.d.Unique(err) {
				return fmt.Errorf("put story %d tags: symbol %s is listed twice", story, tag.Symbol)
			}
			return fmt.Errorf("put story %d tag %s: %w", story, tag.Symbol, err)
		}
	}
	return nil
}

func nrSameTags(a, b []newsroom.Tag) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Symbol != y.Symbol || x.Name != y.Name || x.Confidence != y.Confidence || x.Salience != y.Salience ||
			x.Sentiment != y.Sentiment || len(x.Mentions) != len(y.Mentions) {
			return false
		}
		for j := range x.Mentions {
			if x.Mentions[j] != y.Mentions[j] {
				return false
			}
		}
	}
	return true
}

// AppendAudit implements newsroom.Tx.
func (t *nrTx) AppendAudit(ctx context.Context, e newsroom.AuditEntry) (newsroom.AuditEntry, error) {
	err := t.q.QueryRowContext(ctx, `INSERT INTO audit_log (story_id, correction_id, version, actor, action,
		from_status, to_status, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.Story, nrNullInt(e.Correction), nrNullInt(int64(e.Version)), e.Actor, string(e.Action),
		string(e.From), string(e.To), e.Reason, store.FormatTime(e.At)).Scan(&e.ID)
	if err != nil {
		return newsroom.AuditEntry{}, fmt.Errorf("append audit entry %s on story %d: %w", e.Action, e.Story, err)
	}
	t.wrote = true
	return e, nil
}

// AddCorrection implements newsroom.Tx.
func (t *nrTx) AddCorrection(ctx context.Context, c newsroom.Correction) (newsroom.Correction, error) {
	err := t.q.QueryRowContext(ctx, `INSERT INTO corrections (story_id, text, contact, status, note, version, actor, created, resolved)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		c.Story, c.Text, c.Contact, string(c.Status), c.Note, nrNullInt(int64(c.Version)), c.Actor,
		store.FormatTime(c.Created), store.FormatTime(c.Resolved)).Scan(&c.ID)
	if err != nil {
		return newsroom.Correction{}, fmt.Errorf("add correction to story %d: %w", c.Story, err)
	}
	t.wrote = true
	return t.Correction(ctx, c.ID)
}

// UpdateCorrection implements newsroom.Tx.
func (t *nrTx) UpdateCorrection(ctx context.Context, old, c newsroom.Correction) error {
	res, err := t.q.ExecContext(ctx, `UPDATE corrections SET status = $1, note = $2, version = $3, actor = $4, resolved = $5
		WHERE id = $6 AND status = $7`,
		string(c.Status), c.Note, nrNullInt(int64(c.Version)), c.Actor, store.FormatTime(c.Resolved), old.ID, string(old.Status))
	if err != nil {
		return fmt.Errorf("update correction %d: %w", old.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update correction %d: %w", old.ID, err)
	}
	if n == 0 {
		if _, err := t.Correction(ctx, old.ID); err != nil {
			return fmt.Errorf("update correction %d: %w", old.ID, err)
		}
		return fmt.Errorf("update correction %d: %w: it is no longer %s", old.ID, newsroom.ErrConflict, old.Status)
	}
	t.wrote = true
	return nil
}
