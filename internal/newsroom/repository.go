package newsroom

import (
	"context"
	"time"
)

// Page limits for listings.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// StoryFilter selects stories for a listing. Zero fields select all.
type StoryFilter struct {
	Status   Status
	Category Category
	// Symbol selects stories tagged with it.
	Symbol string
	// Sector selects stories tagged with a security of this GICS sector
	// ("Information Technology"), as the securities master files it.
	Sector string
	// Sentiment selects stories whose document sentiment has this label:
	// positive, negative or neutral.
	Sentiment string
	// Oldest orders by StatusAt ascending (the review queue: longest
	// waiting first); the default is newest first.
	Oldest bool
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int
	// After is the cursor from the previous page (StoryPage.Next).
	After string
}

// StoryQuery is a StoryFilter as a Repository receives it: the cursor
// decoded and the limit resolved.
type StoryQuery struct {
	Status    Status
	Category  Category
	Symbol    string
	Sector    string
	Sentiment string
	Oldest    bool
	// Limit is the number of rows to return (> 0).
	Limit int
	// After, when non-zero, returns only stories strictly after it in the
	// listing order (StatusAt, then ID, ascending or descending).
	After Cursor
}

// StoryPage is one page of a story listing.
type StoryPage struct {
	Stories []Summary `json:"stories"`
	// Next is the cursor of the next page; "" on the last page.
	Next string `json:"next,omitempty"`
}

// CorrectionFilter selects correction reports. Zero fields select all.
type CorrectionFilter struct {
	Status CorrectionStatus
	// Story selects one story's reports (0: all stories).
	Story int64
	Limit int
	// After is the cursor from the previous page.
	After string
}

// CorrectionQuery is a CorrectionFilter as a Repository receives it.
// Reports are listed oldest first (by ID).
type CorrectionQuery struct {
	Status CorrectionStatus
	Story  int64
	Limit  int // > 0
	// AfterID returns only reports with a larger ID.
	AfterID int64
}

// CorrectionPage is one page of correction reports.
type CorrectionPage struct {
	Corrections []Correction `json:"corrections"`
	Next        string       `json:"next,omitempty"`
}

// NewStory is what CreateOrGetStory creates when the key is new.
type NewStory struct {
	Key      string
	Slug     string
	Category Category
	Created  time.Time
}

// Reader reads the newsroom record. Every method takes a context; missing
// records are ErrNotFound (wrapped), never a zero value with a nil error.
type Reader interface {
	// StoryByID, StoryBySlug and StoryByKey return one story.
	StoryByID(ctx context.Context, id int64) (Story, error)
	StoryBySlug(ctx context.Context, slug string) (Story, error)
	StoryByKey(ctx context.Context, key string) (Story, error)
	// Stories lists summaries in listing order (see StoryQuery).
	Stories(ctx context.Context, q StoryQuery) ([]Summary, error)
	// Versions returns a story's versions, oldest first.
	Versions(ctx context.Context, story int64) ([]Version, error)
	// Version returns one version, or ErrNotFound.
	Version(ctx context.Context, story int64, number int) (Version, error)
	// VersionBySubmission returns the version a pipeline submission with
	// this digest produced, or ErrNotFound.
	VersionBySubmission(ctx context.Context, story int64, digest string) (Version, error)
	// StorySources returns a story's sources in the order they were first
	// added (the order findings' source numbers refer to).
	StorySources(ctx context.Context, story int64) ([]Source, error)
	// StoryTags returns a story's tags, most salient first (the order
	// PutTags was given).
	StoryTags(ctx context.Context, story int64) ([]Tag, error)
	// StoryAudit returns a story's audit entries, oldest first.
	StoryAudit(ctx context.Context, story int64) ([]AuditEntry, error)
	// Correction returns one report, or ErrNotFound.
	Correction(ctx context.Context, id int64) (Correction, error)
	// Corrections lists reports oldest first.
	Corrections(ctx context.Context, q CorrectionQuery) ([]Correction, error)
}

// Tx writes inside one transaction (Repository.InTx). Its reads see its
// own writes. Writes are idempotent where a pipeline may repeat them:
// re-running a stage never duplicates a story, source link, tag or
// version.
type Tx interface {
	Reader
	// CreateOrGetStory returns the story with ns.Key, creating it (status
	// draft, version 0) when there is none; created says which. A new
	// story whose slug another story holds is ErrSlugTaken.
	CreateOrGetStory(ctx context.Context, ns NewStory) (s Story, created bool, err error)
	// UpdateStory replaces the mutable fields of old (status, category,
	// version, sentiment, times, reviewer) with those of s, only if the
	// stored story still has old's Status, Version and Updated; otherwise
	// it is ErrConflict. ID, Key, Slug and Created never change.
	UpdateStory(ctx context.Context, old, s Story) error
	// AddVersion stores a new version. Its Number must be one more than
	// the story's latest; a number or submission digest already stored is
	// ErrConflict.
	AddVersion(ctx context.Context, v Version) error
	// PutSources links sources to a story, keyed by (story, item key):
	// new items are appended in order, known ones updated in place.
	PutSources(ctx context.Context, story int64, sources []Source) error
	// PutTags replaces a story's tags with tags, in that order.
	PutTags(ctx context.Context, story int64, tags []Tag) error
	// AppendAudit appends an entry and returns it with its ID.
	AppendAudit(ctx context.Context, e AuditEntry) (AuditEntry, error)
	// AddCorrection stores a new report and returns it with its ID.
	AddCorrection(ctx context.Context, c Correction) (Correction, error)
	// UpdateCorrection replaces the status, note, version, actor and
	// resolved time of old with those of c, only if the stored report
	// still has old's status; otherwise ErrConflict.
	UpdateCorrection(ctx context.Context, old, c Correction) error
}

// Repository is the newsroom's persistence seam. Implementations must pass
// newsroomtest.Run. Reads outside InTx see committed data.
type Repository interface {
	Reader
	// InTx runs fn in one transaction, committed when fn returns nil and
	// rolled back otherwise. Transactions that read a story and then
	// update it must be serialisable with respect to each other: either
	// by taking the write lock at the start (SQLite BEGIN IMMEDIATE) or
	// by UpdateStory's compare-and-set failing with ErrConflict.
	InTx(ctx context.Context, fn func(tx Tx) error) error
}
