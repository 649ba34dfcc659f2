package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"alphadesk/internal/dedupe"
	"alphadesk/internal/feed"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/source"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlrow"
)

type completeFunc func(ctx context.Context, tx *sql.Tx) error

// poll reads one source and stores its new items, with their fetch jobs,
// in one transaction. A source that fails is recorded on its state (the
// error the editor sees) and the job succeeds: the fetcher's per-source
// backoff, not a River retry, decides when it is tried again.
func (p *Pipeline) poll(ctx context.Context, name string, done completeFunc) error {
	start := time.Now()
	src, ok := p.sources[name]
	if !ok { // removed from the sources file since the job was queued
		return p.db.inTx(ctx, func(tx *sql.Tx) error { return done(ctx, tx) })
	}
	st, err := p.db.sourceState(ctx, name)
	if err != nil {
		return err
	}
	now := p.cfg.Now()
	st.Kind, st.Location, st.LastPolled = string(src.Source.Kind), src.Location(), now
	var f *feed.Feed
	if src.FS != nil {
		st.Kind = string(feed.KindFolder)
		f, err = feed.ParseFolder(ctx, src.Source, src.FS, now)
	} else {
		var res *feed.PollResult
		res, err = p.fetcher.Poll(ctx, src.Source, feed.PollState{ETag: st.ETag, LastModified: st.LastModified})
		if err == nil {
			st.ETag, st.LastModified = res.State.ETag, res.State.LastModified
			f = res.Feed
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return err // shutting down: River retries the poll
		}
		st.LastError, st.Errors = err.Error(), st.Errors+1
		p.cfg.Metrics.sourceError(name)
		p.logger.Warn("source failed", "source", name, "err", err)
		p.cfg.Metrics.observeStage(StagePoll, time.Since(start), err)
		return p.db.inTx(ctx, func(tx *sql.Tx) error {
			if err := putSource(ctx, tx, st); err != nil {
				return err
			}
			return done(ctx, tx)
		})
	}
	st.LastError, st.Errors, st.LastFetched = "", 0, now
	var (
		items  []newItem
		single []bool // the item's page must be fetched: it gets a job of its own
	)
	if f != nil { // nil: not modified
		st.Notes = f.Notes
		kind := src.Kind
		if kind == "" {
			kind = source.News
		}
		for _, it := range f.Items {
			key := dedupe.ItemKey(name, it.GUID, it.URL)
			if key == "" {
				st.Notes = append(st.Notes, fmt.Sprintf("skipped item %q: no GUID and no usable link", it.Title))
				continue
			}
			raw := it.Content
			if raw == "" {
				raw = it.Summary
			}
			itemKind := kind
			if it.Filing != nil {
				itemKind = source.Filing
			}
			items = append(items, newItem{Key: key, Source: name, SourceName: src.display(), Kind: string(itemKind),
				GUID: it.GUID, URL: it.URL, Title: it.Title, Raw: raw, Published: it.Published})
			single = append(single, src.remote() && NeedsArticle(ItemText(it.Title, raw)) && isHTTP(it.URL))
		}
	}
	var fresh int
	err = p.db.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := insertItems(ctx, tx, items, p.cfg.Now())
		if err != nil {
			return err
		}
		var (
			params []river.InsertManyParams
			batch  []int64
		)
		flush := func() {
			if len(batch) > 0 {
				params = append(params, river.InsertManyParams{Args: FetchArgs{Items{Items: batch}}})
				batch = nil
			}
		}
		fresh = 0
		for i, id := range ids {
			if id == 0 {
				continue
			}
			fresh++
			if single[i] {
				params = append(params, river.InsertManyParams{Args: FetchArgs{Items{Items: []int64{id}}}})
				continue
			}
			batch = append(batch, id)
			if len(batch) == p.cfg.BatchSize {
				flush()
			}
		}
		flush()
		st.Items += fresh
		if err := putSource(ctx, tx, st); err != nil {
			return err
		}
		if len(params) > 0 {
			if _, err := p.client.InsertManyTx(ctx, tx, params); err != nil {
				return fmt.Errorf("enqueue fetch jobs: %w", err)
			}
		}
		return done(ctx, tx)
	})
	if err == nil {
		p.cfg.Metrics.ingested(name, fresh)
	}
	p.cfg.Metrics.observeStage(StagePoll, time.Since(start), err)
	return err
}

func isHTTP(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
}

// itemChange is what a stage decided for one item.
type itemChange struct {
	id      int64
	to      string // the stage it moves to (StageFailed on a permanent error)
	set     map[string]any
	outcome string // for the stage-run record: ok, skipped, failed
	detail  string
}

// runStage runs one stage over a batch of items: it reads them, computes
// the stage's results outside any transaction, then in one transaction
// stores them, moves the items on, enqueues the next stage's job and
// completes its own. Items already past the stage are left alone, so
// running a job twice changes nothing.
func (p *Pipeline) runStage(ctx context.Context, stage string, ids []int64, done completeFunc) error {
	start := time.Now()
	rows, err := p.db.items(ctx, ids)
	if err != nil {
		return err
	}
	var todo []itemRow
	for _, r := range rows {
		if r.Stage == stage {
			todo = append(todo, r)
		}
	}
	var apply func(ctx context.Context, tx *sql.Tx) ([]itemChange, error)
	switch stage {
	case StageFetch:
		apply, err = p.fetchStage(ctx, todo)
	case StageTag:
		apply, err = p.tagStage(todo)
	case StageSentiment:
		apply, err = p.sentimentStage(todo)
	case StageDraft:
		apply, err = p.draftStage(ctx, todo)
	case StageCheck:
		apply, err = p.checkStage(ctx, todo)
	case StageDecide:
		apply, err = p.decideStage(ctx, todo)
	default:
		err = fmt.Errorf("unknown stage %q", stage)
	}
	if err != nil {
		p.cfg.Metrics.observeStage(stage, time.Since(start), err)
		return fmt.Errorf("%s stage: %w", stage, err)
	}
	var changes []itemChange
	err = p.db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		changes, err = apply(ctx, tx)
		if err != nil {
			return err
		}
		now := p.cfg.Now()
		took := time.Since(start)
		var next []int64
		for _, c := range changes {
			moved, err := advance(ctx, tx, c.id, stage, c.to, c.set)
			if err != nil {
				return err
			}
			if !moved {
				continue
			}
			if err := recordRun(ctx, tx, c.id, stage, c.outcome, c.detail, took, now); err != nil {
				return err
			}
			if c.to != StageFailed && c.to != StageDone {
				next = append(next, c.id)
			}
		}
		if args := nextArgs(stage, next); len(next) > 0 && args != nil {
			if _, err := p.client.InsertTx(ctx, tx, args, nil); err != nil {
				return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
			}
		}
		return done(ctx, tx)
	})
	p.cfg.Metrics.observeStage(stage, time.Since(start), err)
	if err != nil {
		return fmt.Errorf("%s stage: %w", stage, err)
	}
	for _, c := range changes {
		if c.to == StageFailed {
			p.cfg.Metrics.failedItem(stage)
		}
	}
	return nil
}

// fetchStage extracts each item's text (fetching its page when the feed
// gave only a teaser) and, in the transaction, assigns it to a story.
func (p *Pipeline) fetchStage(ctx context.Context, rows []itemRow) (func(context.Context, *sql.Tx) ([]itemChange, error), error) {
	type fetched struct {
		row  itemRow
		text string
		err  error
	}
	var fs []fetched
	for _, r := range rows {
		text := ItemText(r.Title, r.Raw)
		src, known := p.sources[r.Source]
		if known && src.remote() && NeedsArticle(text) && isHTTP(r.URL) {
			a, err := p.fetcher.FetchArticle(ctx, src.Source, r.URL)
			switch {
			case err == nil:
				title := r.Title
				if title == "" {
					title = a.Title
				}
				text = ItemText(title, a.Text)
			case permanentFetchError(err):
				if extractWords(text) == 0 {
					fs = append(fs, fetched{row: r, err: err})
					continue
				}
			default:
				// A network failure: River retries the job with backoff
				// (remote items that need their page have jobs of their own).
				return nil, err
			}
		}
		if extractWords(text) == 0 {
			fs = append(fs, fetched{row: r, err: errors.New("the item has no text")})
			continue
		}
		fs = append(fs, fetched{row: r, text: text})
	}
	return func(ctx context.Context, tx *sql.Tx) ([]itemChange, error) {
		if err := p.catchUp(ctx, tx); err != nil {
			return nil, err
		}
		type local struct {
			key  string
			sig  dedupe.Signature
			text string
		}
		var assigned []local // this transaction's own assignments
		var out []itemChange
		for _, f := range fs {
			if f.err != nil {
				out = append(out, itemChange{id: f.row.ID, to: StageFailed, outcome: "failed", detail: f.err.Error(),
					set: map[string]any{"outcome": "fetch failed: " + f.err.Error()}})
				continue
			}
			sig := dedupe.Sign(f.row.URL, f.text)
			storyKey, dupBy := f.row.Key, ""
			var lookupErr error
			confirm := func(m dedupe.Match) bool {
				// Fingerprints within the threshold may meet by chance at
				// scale: confirm on the shingles of the story's first text.
				var text string
				if err := tx.QueryRowContext(ctx, `SELECT text FROM ingest_items WHERE item_key = $1`, m.ID).Scan(&text); err != nil {
					if !errors.Is(err, sql.ErrNoRows) {
						lookupErr = err
					}
					return false
				}
				return dedupe.Resemblance(f.text, text) >= dedupe.MinResemblance
			}
			if m, ok := p.det.Find(sig, confirm); ok {
				storyKey, dupBy = m.ID, m.By
			} else {
				for _, a := range assigned {
					if sig.URLKey != "" && sig.URLKey == a.sig.URLKey {
						storyKey, dupBy = a.key, "url"
						break
					}
					if sig.HasText && a.sig.HasText && dedupe.Distance(sig.Fingerprint, a.sig.Fingerprint) <= dedupe.Threshold &&
						dedupe.Resemblance(f.text, a.text) >= dedupe.MinResemblance {
						storyKey, dupBy = a.key, "text"
						break
					}
				}
			}
			if lookupErr != nil {
				return nil, fmt.Errorf("dedupe item %d: %w", f.row.ID, lookupErr)
			}
			if storyKey == f.row.Key {
				assigned = append(assigned, local{storyKey, sig, f.text})
			}
			s := signature{StoryKey: storyKey, URLKey: sig.URLKey}
			if sig.HasText {
				fp := int64(sig.Fingerprint)
				s.Fingerprint = &fp
			}
			if err := putSignature(ctx, tx, f.row.ID, s, p.cfg.Now()); err != nil {
				return nil, err
			}
			detail := "new story"
			if dupBy != "" {
				detail = "joined story by " + dupBy
			}
			out = append(out, itemChange{id: f.row.ID, to: StageTag, outcome: "ok", detail: detail,
				set: map[string]any{"text": f.text, "story_key": storyKey, "dup_of": dupBy}})
		}
		return out, nil
	}, nil
}

// catchUp adds the signatures committed since the last catch-up to the
// detector. It runs inside the write transaction that assigns stories, so
// no other process can assign one meanwhile.
func (p *Pipeline) catchUp(ctx context.Context, tx *sql.Tx) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	sigs, err := signaturesAfter(ctx, tx, p.lastSeq)
	if err != nil {
		return err
	}
	for _, s := range sigs {
		d := dedupe.Signature{URLKey: s.URLKey}
		if s.Fingerprint != nil {
			d.Fingerprint, d.HasText = dedupe.Fingerprint(uint64(*s.Fingerprint)), true
		}
		p.det.Add(s.StoryKey, d)
		p.lastSeq = s.Seq
	}
	return nil
}

func permanentFetchError(err error) bool {
	var se *feed.StatusError
	if errors.As(err, &se) {
		return se.Code >= 400 && se.Code < 500 && se.Code != 408 && se.Code != 429
	}
	return errors.Is(err, feed.ErrBlockedAddress) || errors.Is(err, feed.ErrUnsafeURL) || errors.Is(err, feed.ErrTooLarge) ||
		errors.Is(err, feed.ErrTooManyRedirects)
}

func extractWords(s string) int { return len(strings.Fields(s)) }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("ingest: marshal %T: %v", v, err)) // plain values of our own types always marshal
	}
	return string(b)
}

func (p *Pipeline) tagStage(rows []itemRow) (func(context.Context, *sql.Tx) ([]itemChange, error), error) {
	var out []itemChange
	for _, r := range rows {
		tags, err := p.cfg.Engines.TagText(r.Text, MinTagConfidence)
		if err != nil {
			out = append(out, itemChange{id: r.ID, to: StageFailed, outcome: "failed", detail: err.Error(),
				set: map[string]any{"outcome": "tag failed: " + err.Error()}})
			continue
		}
		if tags == nil {
			tags = []newsroom.Tag{}
		}
		out = append(out, itemChange{id: r.ID, to: StageSentiment, outcome: "ok", detail: fmt.Sprintf("%d companies", len(tags)),
			set: map[string]any{"tags": mustJSON(tags)}})
	}
	return func(context.Context, *sql.Tx) ([]itemChange, error) { return out, nil }, nil
}

func (p *Pipeline) sentimentStage(rows []itemRow) (func(context.Context, *sql.Tx) ([]itemChange, error), error) {
	var out []itemChange
	for _, r := range rows {
		doc, tags := p.cfg.Engines.Measure(r.Text, r.Tags)
		out = append(out, itemChange{id: r.ID, to: StageDraft, outcome: "ok", detail: doc.Label,
			set: map[string]any{"tags": mustJSON(tags), "sentiment": mustJSON(doc)}})
	}
	return func(context.Context, *sql.Tx) ([]itemChange, error) { return out, nil }, nil
}

// ready are the items of a story that have passed the sentiment stage:
// those a draft can be written from.
func ready(items []itemRow) []Item {
	var out []Item
	for _, it := range items {
		if it.HasSentiment && it.Stage != StageFailed {
			out = append(out, it.Item)
		}
	}
	return out
}

func byStory(rows []itemRow) (keys []string, groups map[string][]itemRow) {
	groups = map[string][]itemRow{}
	for _, r := range rows {
		k := r.StoryKey + "\x00" + r.DraftHash
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	return keys, groups
}

// draftStage drafts each story of the batch from all of its items that are
// ready, unless a draft from exactly that set is already stored.
func (p *Pipeline) draftStage(ctx context.Context, rows []itemRow) (func(context.Context, *sql.Tx) ([]itemChange, error), error) {
	keys, groups := byStory(rows)
	var (
		out    []itemChange
		drafts []storedDraft
	)
	for _, k := range keys {
		g := groups[k]
		storyKey := g[0].StoryKey
		all, err := p.db.storyItems(ctx, storyKey)
		if err != nil {
			return nil, err
		}
		items := ready(all)
		srcs, hash := StorySources(items)
		_, have, err := p.db.draft(ctx, storyKey, hash)
		if err != nil {
			return nil, err
		}
		change := func(r itemRow, to, outcome, detail string, set map[string]any) {
			out = append(out, itemChange{id: r.ID, to: to, outcome: outcome, detail: detail, set: set})
		}
		if have {
			for _, r := range g {
				change(r, StageCheck, "skipped", "already drafted from these sources", map[string]any{"draft_hash": hash})
			}
			continue
		}
		d, err := p.cfg.Engines.Draft(ctx, srcs)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			for _, r := range g {
				change(r, StageFailed, "failed", err.Error(), map[string]any{"outcome": err.Error()})
			}
			continue
		}
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.ID
		}
		slices.Sort(ids)
		tags := StoryTags(items)
		drafts = append(drafts, storedDraft{StoryKey: storyKey, Hash: hash, Items: ids, Draft: d, TagConf: TagConfidence(tags)})
		for _, r := range g {
			change(r, StageCheck, "ok", fmt.Sprintf("%d sources", len(srcs)), map[string]any{"draft_hash": hash})
		}
	}
	return func(ctx context.Context, tx *sql.Tx) ([]itemChange, error) {
		for _, d := range drafts {
			if err := putDraft(ctx, tx, d, p.cfg.Now()); err != nil {
				return nil, err
			}
		}
		return out, nil
	}, nil
}

// draftSources reads the items a stored draft was written from.
func (p *Pipeline) draftSources(ctx context.Context, d storedDraft) ([]Item, []source.Source, error) {
	rows, err := p.db.items(ctx, d.Items)
	if err != nil {
		return nil, nil, err
	}
	items := make([]Item, len(rows))
	for i, r := range rows {
		items[i] = r.Item
	}
	srcs, _ := StorySources(items)
	return items, srcs, nil
}

// checkStage runs the publishing rules over each draft of the batch that
// has not been checked yet.
func (p *Pipeline) checkStage(ctx context.Context, rows []itemRow) (func(context.Context, *sql.Tx) ([]itemChange, error), error) {
	keys, groups := byStory(rows)
	var (
		out     []itemChange
		checked []storedDraft
	)
	for _, k := range keys {
		g := groups[k]
		d, ok, err := p.db.draft(ctx, g[0].StoryKey, g[0].DraftHash)
		if err != nil {
			return nil, err
		}
		if !ok {
			for _, r := range g {
				out = append(out, itemChange{id: r.ID, to: StageFailed, outcome: "failed", detail: "draft missing",
					set: map[string]any{"outcome": "check failed: its draft is missing"}})
			}
			continue
		}
		if d.Check == nil {
			_, srcs, err := p.draftSources(ctx, d)
			if err != nil {
				return nil, err
			}
			c, err := p.cfg.Engines.CheckDraft(d.Draft, srcs, d.TagConf)
			if err != nil {
				for _, r := range g {
					out = append(out, itemChange{id: r.ID, to: StageFailed, outcome: "failed", detail: err.Error(),
						set: map[string]any{"outcome": err.Error()}})
				}
				continue
			}
			d.Check = &c
			checked = append(checked, d)
		}
		for _, r := range g {
			out = append(out, itemChange{id: r.ID, to: StageDecide, outcome: "ok", detail: string(d.Check.Decision)})
		}
	}
	return func(ctx context.Context, tx *sql.Tx) ([]itemChange, error) {
		for _, d := range checked {
			if err := putDraft(ctx, tx, d, p.cfg.Now()); err != nil {
				return nil, err
			}
		}
		return out, nil
	}, nil
}

// decideStage submits each checked draft to the newsroom, which publishes,
// holds or rejects the story. A draft written before another item joined
// its story is not submitted: that item's own chain submits the story from
// every source.
func (p *Pipeline) decideStage(ctx context.Context, rows []itemRow) (func(context.Context, *sql.Tx) ([]itemChange, error), error) {
	keys, groups := byStory(rows)
	type decided struct {
		items   []int64
		storyID int64
	}
	var (
		out     []itemChange
		links   []decided
		rescore bool
	)
	now := p.cfg.Now()
	for _, k := range keys {
		g := groups[k]
		storyKey := g[0].StoryKey
		d, ok, err := p.db.draft(ctx, storyKey, g[0].DraftHash)
		if err != nil {
			return nil, err
		}
		if !ok || d.Check == nil {
			for _, r := range g {
				out = append(out, itemChange{id: r.ID, to: StageFailed, outcome: "failed", detail: "checked draft missing",
					set: map[string]any{"outcome": "decide failed: its checked draft is missing"}})
			}
			continue
		}
		all, err := p.db.storyItems(ctx, storyKey)
		if err != nil {
			return nil, err
		}
		superseded := false
		for _, it := range all {
			if it.Stage != StageFailed && !slices.Contains(d.Items, it.ID) {
				superseded = true
			}
		}
		if superseded {
			for _, r := range g {
				out = append(out, itemChange{id: r.ID, to: StageDone, outcome: "skipped", detail: "a later source joined the story; its chain submits it",
					set: map[string]any{"outcome": "merged", "decided": store.FormatTime(now)}})
			}
			continue
		}
		items, _, err := p.draftSources(ctx, d)
		if err != nil {
			return nil, err
		}
		res, err := p.cfg.Newsroom.SubmitDraft(ctx, Submission(storyKey, items, d.Draft, *d.Check))
		if err != nil {
			if errors.Is(err, newsroom.ErrInvalid) {
				for _, r := range g {
					out = append(out, itemChange{id: r.ID, to: StageFailed, outcome: "failed", detail: err.Error(),
						set: map[string]any{"outcome": "submit refused: " + err.Error()}})
				}
				continue
			}
			return nil, err
		}
		if res.Outcome == newsroom.OutcomeCreated || res.Outcome == newsroom.OutcomeUpdated {
			p.cfg.Metrics.decided(*d.Check)
		}
		if res.Story.Status == newsroom.StatusPublished && len(StoryTags(items)) > 0 {
			rescore = true
		}
		links = append(links, decided{items: d.Items, storyID: res.Story.ID})
		for _, r := range g {
			out = append(out, itemChange{id: r.ID, to: StageDone, outcome: "ok", detail: string(res.Outcome) + ", " + string(res.Story.Status),
				set: map[string]any{"outcome": string(res.Outcome), "story_id": res.Story.ID, "decided": store.FormatTime(now)}})
			p.cfg.Metrics.observeLatency(now.Sub(r.Arrived))
		}
	}
	return func(ctx context.Context, tx *sql.Tx) ([]itemChange, error) {
		for _, l := range links {
			var p sqlrow.Params
			story := p.Add(l.storyID)
			if _, err := tx.ExecContext(ctx, `UPDATE ingest_items SET story_id = `+story+` WHERE id IN (`+sqlrow.AddList(&p, l.items)+`)`, p.Args...); err != nil {
				return nil, fmt.Errorf("link items to story %d: %w", l.storyID, err)
			}
		}
		if rescore && p.cfg.Rescore != nil {
			w := rescoreWindow(now, p.cfg.RescoreEvery)
			at := time.Unix(0, (w+1)*int64(p.cfg.RescoreEvery))
			opts := &river.InsertOpts{}
			if at.After(time.Now()) {
				opts.ScheduledAt = at
			}
			if _, err := p.client.InsertTx(ctx, tx, RescoreArgs{Window: w}, opts); err != nil {
				return nil, fmt.Errorf("enqueue rescore: %w", err)
			}
		}
		return out, nil
	}, nil
}
