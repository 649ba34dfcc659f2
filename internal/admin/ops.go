package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"alphadesk/internal/ingest"
)

// Ops reads the pipeline's operational records for the console.
type Ops interface {
	// Sources returns every polled source with its last poll and error.
	Sources(ctx context.Context) ([]ingest.SourceState, error)
	// DeadJobs returns up to limit discarded jobs (the dead-letter list),
	// newest first.
	DeadJobs(ctx context.Context, limit int) ([]DeadJob, error)
}

// DeadJob is a job that failed every attempt.
type DeadJob struct {
	ID          int64
	Kind        string
	Attempt     int
	MaxAttempts int
	Args        string
	Created     time.Time
	Finalized   time.Time
	LastError   string
}

// ErrNoPipeline says the pipeline's job queue has not been set up in the
// database (the sources and jobs pages say so instead of failing).
var ErrNoPipeline = errors.New("the pipeline's job queue is not set up in this database")

// IngestOps is Ops over the desk's database file through internal/ingest:
// each call opens the pipeline's connections and closes them again (the
// console's operations pages are rare; a serving command need not own
// the pipeline's pools).
type IngestOps struct {
	// Path is the database file.
	Path string
}

func (o IngestOps) open(ctx context.Context) (*ingest.DB, error) {
	if err := ingest.CheckMigrated(ctx, o.Path); err != nil {
		return nil, fmt.Errorf("%w (%v): run `alphadesk migrate`", ErrNoPipeline, err)
	}
	return ingest.OpenDB(ctx, o.Path)
}

// Sources implements Ops.
func (o IngestOps) Sources(ctx context.Context) ([]ingest.SourceState, error) {
	db, err := o.open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Sources(ctx)
}

// DeadJobs implements Ops with River's job listing.
func (o IngestOps) DeadJobs(ctx context.Context, limit int) ([]DeadJob, error) {
	db, err := o.open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	c, err := ingest.QueueClient(db)
	if err != nil {
		return nil, err
	}
	res, err := c.JobList(ctx, river.NewJobListParams().States(rivertype.JobStateDiscarded).First(limit).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc))
	if err != nil {
		return nil, fmt.Errorf("list dead jobs: %w", err)
	}
	out := make([]DeadJob, len(res.Jobs))
	for i, j := range res.Jobs {
		out[i] = DeadJob{ID: j.ID, Kind: j.Kind, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
			Args: string(json.RawMessage(j.EncodedArgs)), Created: j.CreatedAt}
		if j.FinalizedAt != nil {
			out[i].Finalized = *j.FinalizedAt
		}
		if n := len(j.Errors); n > 0 {
			out[i].LastError = j.Errors[n-1].Error
		}
	}
	return out, nil
}

// maxDeadJobs is how many dead jobs the page lists.
const maxDeadJobs = 200

type opsPage struct {
	Sources []ingest.SourceState
	Jobs    []DeadJob
	Missing string
}

func (c *Console) opsError(w http.ResponseWriter, r *http.Request, s *session, name, title string, err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrNoPipeline) {
		p := pageFor(s, title)
		p.Data = opsPage{Missing: err.Error()}
		c.render(w, r, http.StatusOK, name, p)
		return true
	}
	c.serverError(w, r, err)
	return true
}

func (c *Console) sources(w http.ResponseWriter, r *http.Request, s *session) {
	var (
		srcs []ingest.SourceState
		err  = errNoOps
	)
	if c.cfg.Ops != nil {
		srcs, err = c.cfg.Ops.Sources(r.Context())
	}
	if c.opsError(w, r, s, "sources", "Sources", err) {
		return
	}
	p := pageFor(s, "Sources")
	p.Data = opsPage{Sources: srcs}
	c.render(w, r, http.StatusOK, "sources", p)
}

func (c *Console) deadJobs(w http.ResponseWriter, r *http.Request, s *session) {
	var (
		jobs []DeadJob
		err  = errNoOps
	)
	if c.cfg.Ops != nil {
		jobs, err = c.cfg.Ops.DeadJobs(r.Context(), maxDeadJobs)
	}
	if c.opsError(w, r, s, "jobs", "Dead jobs", err) {
		return
	}
	p := pageFor(s, "Dead jobs")
	p.Data = opsPage{Jobs: jobs}
	c.render(w, r, http.StatusOK, "jobs", p)
}

var errNoOps = fmt.Errorf("%w: no operations source configured", ErrNoPipeline)
