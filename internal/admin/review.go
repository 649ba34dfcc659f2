package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/rulecheck"
	"alphadesk/internal/rules"
)

// queuePage is the review queue.
type queuePage struct {
	Stories []newsroom.Summary
	Next    string
}

// queue lists held stories, longest waiting first.
func (c *Console) queue(w http.ResponseWriter, r *http.Request, s *session) {
	pg, err := c.cfg.Newsroom.ReviewQueue(r.Context(), newsroom.DefaultLimit, r.URL.Query().Get("after"))
	if err != nil {
		c.listError(w, r, err)
		return
	}
	p := pageFor(s, "Review queue")
	p.Data = queuePage{Stories: pg.Stories, Next: pg.Next}
	c.render(w, r, http.StatusOK, "queue", p)
}

// storyPage is one story for review.
type storyPage struct {
	Detail   newsroom.Detail
	Current  newsroom.Version
	Segments []Segment
	Findings []findingView
	// Reviewable: held or draft (approve needs held).
	CanApprove, CanReject bool
	// Form is the draft shown in the edit form (the current one, or what
	// the editor submitted when it was refused).
	Form   newsroom.Draft
	Reason string
}

// findingView is a finding with the name of the source its source span
// points into ("" when none).
type findingView struct {
	newsroom.Finding
	SourceName string
}

func findingViews(fs []newsroom.Finding, srcs []newsroom.Source) []findingView {
	out := make([]findingView, len(fs))
	for i, f := range fs {
		out[i].Finding = f
		if s := f.SourceSpan; s != nil && s.Source >= 0 && s.Source < len(srcs) {
			out[i].SourceName = srcs[s.Source].Name
		}
	}
	return out
}

var notices = map[string]string{
	"approved":  "Approved: the story is published.",
	"rejected":  "Rejected.",
	"edited":    "Edited: the new version was re-checked; its findings are below.",
	"resolved":  "Correction resolved: the corrected text is a new version and the note is on the story.",
	"dismissed": "Correction report dismissed.",
}

func (c *Console) storyShow(w http.ResponseWriter, r *http.Request, s *session) {
	c.showStory(w, r, s, http.StatusOK, r.PathValue("slug"), "", nil, "")
}

// showStory renders the story page, with an error and the editor's
// refused draft when an action failed.
func (c *Console) showStory(w http.ResponseWriter, r *http.Request, s *session, status int, slug, errMsg string, form *newsroom.Draft, reason string) {
	d, err := c.cfg.Newsroom.Story(r.Context(), slug)
	if err != nil {
		if statusOf(err) == http.StatusNotFound {
			c.notFound(w, r, "Story")
			return
		}
		c.serverError(w, r, err)
		return
	}
	cur := d.Current()
	sp := storyPage{Detail: d, Current: cur, Segments: Highlight(rulecheck.Text(cur.Draft), cur.Findings),
		Findings: findingViews(cur.Findings, d.Sources), Form: cur.Draft, Reason: reason,
		CanApprove: newsroom.CanApprove(d.Story, cur) == nil, CanReject: newsroom.CanReject(d.Story) == nil}
	if form != nil {
		sp.Form = *form
	}
	p := pageFor(s, cur.Headline)
	p.Notice = notices[r.URL.Query().Get("done")]
	p.Error = errMsg
	p.Data = sp
	c.render(w, r, status, "story", p)
}

// actionFailed shows the story again with what went wrong, or the plain
// error when there is no story to show.
func (c *Console) actionFailed(w http.ResponseWriter, r *http.Request, s *session, slug string, err error, form *newsroom.Draft) {
	st := statusOf(err)
	switch st {
	case http.StatusInternalServerError:
		c.serverError(w, r, err)
	case http.StatusNotFound:
		c.notFound(w, r, "Story")
	default:
		c.showStory(w, r, s, st, slug, err.Error(), form, r.PostFormValue("reason"))
	}
}

func (c *Console) storyApprove(w http.ResponseWriter, r *http.Request, s *session) {
	c.storyDecision(w, r, s, c.cfg.Newsroom.Approve, "approved")
}

func (c *Console) storyReject(w http.ResponseWriter, r *http.Request, s *session) {
	c.storyDecision(w, r, s, c.cfg.Newsroom.Reject, "rejected")
}

// storyDecision applies an editor's approve or reject from the story form.
func (c *Console) storyDecision(w http.ResponseWriter, r *http.Request, s *session,
	decide func(context.Context, string, newsroom.Review) (newsroom.Story, error), done string) {
	slug := r.PathValue("slug")
	v, err := formVersion(r.PostForm)
	if err == nil {
		_, err = decide(r.Context(), slug, newsroom.Review{Actor: s.User, Reason: r.PostFormValue("reason"), Version: v})
	}
	if err != nil {
		c.actionFailed(w, r, s, slug, err, nil)
		return
	}
	http.Redirect(w, r, "/admin/stories/"+slug+"?done="+done, http.StatusSeeOther)
}

// checker builds the re-check of an edit: the rules over the story's
// stored sources with our market data for its main security.
func (c *Console) checker(ctx context.Context, d newsroom.Detail) (newsroom.Checker, error) {
	if c.cfg.Checker != nil {
		return c.cfg.Checker(ctx, d)
	}
	var m rules.Market
	if len(d.Tags) > 0 && c.cfg.Market != nil {
		m = c.cfg.Market(ctx, d.Tags[0].Symbol)
	}
	return rulecheck.ForStory(d, m)
}

func (c *Console) storyEdit(w http.ResponseWriter, r *http.Request, s *session) {
	slug := r.PathValue("slug")
	ctx := r.Context()
	draft, form, v, err := parseEditForm(r.PostForm)
	var check newsroom.Checker
	if err == nil {
		check, err = c.storyChecker(ctx, slug)
	}
	if err == nil {
		_, _, err = c.cfg.Newsroom.Edit(ctx, slug, newsroom.EditRequest{Draft: draft, Actor: s.User,
			Reason: r.PostFormValue("reason"), Version: v}, check)
	}
	if err != nil {
		c.actionFailed(w, r, s, slug, err, form)
		return
	}
	http.Redirect(w, r, "/admin/stories/"+slug+"?done=edited", http.StatusSeeOther)
}

// parseEditForm reads an edited draft and the version it was made from.
// form is the draft to show again when the edit fails (nil when the draft
// itself could not be read).
func parseEditForm(f url.Values) (draft newsroom.Draft, form *newsroom.Draft, version int, err error) {
	draft, err = parseDraftForm(f)
	if err != nil {
		return draft, nil, 0, err
	}
	version, err = formVersion(f)
	return draft, &draft, version, err
}

// storyChecker builds the re-check for an edit of the story slug; failing
// to build it is a problem with the request, not a server error.
func (c *Console) storyChecker(ctx context.Context, slug string) (newsroom.Checker, error) {
	d, err := c.cfg.Newsroom.Story(ctx, slug)
	if err != nil {
		return nil, err
	}
	check, err := c.checker(ctx, d)
	if err != nil {
		return nil, &formError{err}
	}
	return check, nil
}

// formError shows an error to the editor as a problem with the request
// (422) rather than a server error.
type formError struct{ err error }

func (e *formError) Error() string   { return e.err.Error() }
func (e *formError) Unwrap() []error { return []error{e.err, errForm} }

// diffPage is the word diff between two versions.
type diffPage struct {
	Slug     string
	Headline string
	From, To newsroom.Version
	Ops      []Op
	Versions []newsroom.Version
}

func (c *Console) storyDiff(w http.ResponseWriter, r *http.Request, s *session) {
	slug := r.PathValue("slug")
	d, err := c.cfg.Newsroom.Story(r.Context(), slug)
	if err != nil {
		if statusOf(err) == http.StatusNotFound {
			c.notFound(w, r, "Story")
			return
		}
		c.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	to, from := d.Version, d.Version-1
	if v := q.Get("to"); v != "" {
		if to, err = strconv.Atoi(v); err != nil {
			c.badRequest(w, r, "to="+strconv.Quote(v)+" is not a version number")
			return
		}
		from = to - 1
	}
	if v := q.Get("from"); v != "" {
		if from, err = strconv.Atoi(v); err != nil {
			c.badRequest(w, r, "from="+strconv.Quote(v)+" is not a version number")
			return
		}
	}
	version := func(n int) (newsroom.Version, bool) {
		for _, v := range d.Versions {
			if v.Number == n {
				return v, true
			}
		}
		return newsroom.Version{}, false
	}
	vt, okT := version(to)
	vf, okF := version(from)
	if !okT || (!okF && from != 0) {
		c.notFound(w, r, "Version")
		return
	}
	p := pageFor(s, "Changes in "+d.Current().Headline)
	p.Data = diffPage{Slug: slug, Headline: d.Current().Headline, From: vf, To: vt,
		Ops: Diff(rulecheck.Text(vf.Draft), rulecheck.Text(vt.Draft)), Versions: d.Versions}
	c.render(w, r, http.StatusOK, "diff", p)
}
