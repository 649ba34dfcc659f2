package ingest

import (
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Job kinds: one per stage. Their arguments carry IDs only — a source's
// name, item IDs, a rescore window — never content, so a job can be read in
// the dead-letter list and replayed against the current data.
const (
	KindPoll      = "ingest.poll"
	KindFetch     = "ingest.fetch"
	KindTag       = "ingest.tag"
	KindSentiment = "ingest.sentiment"
	KindDraft     = "ingest.draft"
	KindCheck     = "ingest.check"
	KindDecide    = "ingest.decide"
	KindRescore   = "ingest.rescore"
)

// Kinds lists the job kinds in pipeline order.
var Kinds = []string{KindPoll, KindFetch, KindTag, KindSentiment, KindDraft, KindCheck, KindDecide, KindRescore}

// MaxAttempts is how many times River runs a failing job (with its
// exponential backoff between attempts) before discarding it into the
// dead-letter list that `alphadesk jobs list --state discarded` shows.
const MaxAttempts = 8

// uniqueStates are the job states in which a second job with the same
// arguments is not inserted: while one is waiting or running, and for
// River's retention period after it completed. A discarded job does not
// block a replay.
var uniqueStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateCompleted,
}

// PollArgs polls one source.
type PollArgs struct {
	Source string `json:"source"`
}

// Kind implements river.JobArgs.
func (PollArgs) Kind() string { return KindPoll }

// InsertOpts makes a poll unique while one for the same source waits or
// runs; a finished poll does not block the next.
func (PollArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled,
	}}}
}

// Items are the item IDs a stage job works on: one item, or a batch of
// items that arrived together.
type Items struct {
	Items []int64 `json:"items"`
}

func stageOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: uniqueStates}}
}

// FetchArgs extracts the items' article text (fetching the linked page
// when the feed gave only a teaser) and assigns each to a story (dedupe).
type FetchArgs struct{ Items }

// TagArgs tags the items with the companies they are about.
type TagArgs struct{ Items }

// SentimentArgs measures the items' tone, overall and per company.
type SentimentArgs struct{ Items }

// DraftArgs drafts the stories of the items from all their sources.
type DraftArgs struct{ Items }

// CheckArgs runs the publishing rules over the drafts.
type CheckArgs struct{ Items }

// DecideArgs submits the checked drafts to the newsroom, which publishes,
// holds or rejects each story.
type DecideArgs struct{ Items }

// RescoreArgs rescores the companies with published stories. Window is the
// rescore window (Unix seconds divided by the window length): stories
// decided in one window share one rescore.
type RescoreArgs struct {
	Window int64 `json:"window"`
}

// Kind implements river.JobArgs.
func (FetchArgs) Kind() string { return KindFetch }

// Kind implements river.JobArgs.
func (TagArgs) Kind() string { return KindTag }

// Kind implements river.JobArgs.
func (SentimentArgs) Kind() string { return KindSentiment }

// Kind implements river.JobArgs.
func (DraftArgs) Kind() string { return KindDraft }

// Kind implements river.JobArgs.
func (CheckArgs) Kind() string { return KindCheck }

// Kind implements river.JobArgs.
func (DecideArgs) Kind() string { return KindDecide }

// Kind implements river.JobArgs.
func (RescoreArgs) Kind() string { return KindRescore }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (FetchArgs) InsertOpts() river.InsertOpts { return stageOpts() }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (TagArgs) InsertOpts() river.InsertOpts { return stageOpts() }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (SentimentArgs) InsertOpts() river.InsertOpts { return stageOpts() }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (DraftArgs) InsertOpts() river.InsertOpts { return stageOpts() }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (CheckArgs) InsertOpts() river.InsertOpts { return stageOpts() }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (DecideArgs) InsertOpts() river.InsertOpts { return stageOpts() }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (RescoreArgs) InsertOpts() river.InsertOpts { return stageOpts() }

// nextArgs returns the job that follows stage for items.
func nextArgs(stage string, items []int64) river.JobArgs {
	it := Items{Items: items}
	switch stage {
	case StageFetch:
		return TagArgs{it}
	case StageTag:
		return SentimentArgs{it}
	case StageSentiment:
		return DraftArgs{it}
	case StageDraft:
		return CheckArgs{it}
	case StageCheck:
		return DecideArgs{it}
	}
	return nil
}

// nextStage is the stage after stage.
func nextStage(stage string) string {
	for i, s := range Stages {
		if s == stage && i+1 < len(Stages) {
			if Stages[i+1] == StageRescore {
				return StageDone
			}
			return Stages[i+1]
		}
	}
	return StageDone
}

// rescoreWindow is the window a decision at t falls in.
func rescoreWindow(t time.Time, every time.Duration) int64 {
	if every <= 0 {
		every = time.Second
	}
	return t.UnixNano() / int64(every)
}
