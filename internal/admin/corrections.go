package admin

import (
	"net/http"
	"strconv"

	"alphadesk/internal/newsroom"
)

// correctionsPage is the corrections queue.
type correctionsPage struct {
	Corrections []newsroom.Correction
	Next        string
}

func (c *Console) correctionList(w http.ResponseWriter, r *http.Request, s *session) {
	pg, err := c.cfg.Newsroom.Corrections(r.Context(), newsroom.CorrectionFilter{Status: newsroom.CorrectionOpen,
		After: r.URL.Query().Get("after")})
	if err != nil {
		c.listError(w, r, err)
		return
	}
	p := pageFor(s, "Corrections")
	p.Notice = notices[r.URL.Query().Get("done")]
	p.Data = correctionsPage{Corrections: pg.Corrections, Next: pg.Next}
	c.render(w, r, http.StatusOK, "corrections", p)
}

// correctionPage is one report with its story and the forms to resolve
// or dismiss it.
type correctionPage struct {
	Correction newsroom.Correction
	Story      newsroom.Detail
	Current    newsroom.Version
	Open       bool
	Form       newsroom.Draft
	Note       string
	Reason     string
}

// correctionID reads the {id} path value.
func correctionID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (c *Console) correctionShow(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := correctionID(r)
	if !ok {
		c.notFound(w, r, "Correction report")
		return
	}
	c.showCorrection(w, r, s, http.StatusOK, id, "", nil)
}

func (c *Console) showCorrection(w http.ResponseWriter, r *http.Request, s *session, status int, id int64, errMsg string, form *newsroom.Draft) {
	ctx := r.Context()
	corr, err := c.cfg.Newsroom.Correction(ctx, id)
	if err != nil {
		if statusOf(err) == http.StatusNotFound {
			c.notFound(w, r, "Correction report")
			return
		}
		c.serverError(w, r, err)
		return
	}
	d, err := c.cfg.Newsroom.Story(ctx, corr.Slug)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	cur := d.Current()
	cp := correctionPage{Correction: corr, Story: d, Current: cur, Open: newsroom.CanClose(corr) == nil, Form: cur.Draft}
	if form != nil {
		cp.Form = *form
	}
	if r.Method == http.MethodPost {
		cp.Note, cp.Reason = r.PostFormValue("note"), r.PostFormValue("reason")
	}
	p := pageFor(s, "Correction report "+strconv.FormatInt(id, 10))
	p.Error = errMsg
	p.Data = cp
	c.render(w, r, status, "correction", p)
}

func (c *Console) correctionFailed(w http.ResponseWriter, r *http.Request, s *session, id int64, err error, form *newsroom.Draft) {
	switch st := statusOf(err); st {
	case http.StatusInternalServerError:
		c.serverError(w, r, err)
	case http.StatusNotFound:
		c.notFound(w, r, "Correction report")
	default:
		c.showCorrection(w, r, s, st, id, err.Error(), form)
	}
}

func (c *Console) correctionResolve(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := correctionID(r)
	if !ok {
		c.notFound(w, r, "Correction report")
		return
	}
	ctx := r.Context()
	draft, form, v, err := parseEditForm(r.PostForm)
	var corr newsroom.Correction
	if err == nil {
		corr, err = c.cfg.Newsroom.Correction(ctx, id)
	}
	var check newsroom.Checker
	if err == nil {
		check, err = c.storyChecker(ctx, corr.Slug)
	}
	if err == nil {
		_, _, err = c.cfg.Newsroom.ResolveCorrection(ctx, id, newsroom.ResolveRequest{Draft: draft, Actor: s.User,
			Note: r.PostFormValue("note"), Version: v}, check)
	}
	if err != nil {
		c.correctionFailed(w, r, s, id, err, form)
		return
	}
	http.Redirect(w, r, "/admin/corrections?done=resolved", http.StatusSeeOther)
}

func (c *Console) correctionDismiss(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := correctionID(r)
	if !ok {
		c.notFound(w, r, "Correction report")
		return
	}
	if _, err := c.cfg.Newsroom.DismissCorrection(r.Context(), id, newsroom.Review{Actor: s.User, Reason: r.PostFormValue("reason")}); err != nil {
		c.correctionFailed(w, r, s, id, err, nil)
		return
	}
	http.Redirect(w, r, "/admin/corrections?done=dismissed", http.StatusSeeOther)
}
