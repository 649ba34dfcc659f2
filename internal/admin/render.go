package admin

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"alphadesk/internal/newsroom"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/admin.css
var stylesheetCSS []byte

// stylesheetETag fingerprints the stylesheet.
var stylesheetETag = func() string {
	sum := sha256.Sum256(stylesheetCSS)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// templates are the console's pages, each parsed with the layout.
type templates struct{ pages map[string]*template.Template }

var funcs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	"nums": func(ns []int) string {
		s := make([]string, len(ns))
		for i, n := range ns {
			s[i] = fmt.Sprint(n)
		}
		return strings.Join(s, ",")
	},
	"paragraphs": func(ps []string) string { return strings.Join(ps, "\n\n") },
	"lines":      func(ps []string) string { return strings.Join(ps, "\n") },
}

func parseTemplates() (*templates, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "_layout" {
			continue
		}
		p, err := template.New("_layout.html").Funcs(funcs).ParseFS(templateFS, "templates/_layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", n, err)
		}
		t.pages[base] = p
	}
	return t, nil
}

// page is what every template receives.
type page struct {
	Title string
	// User and CSRF are set on pages of a logged-in editor (the nav and
	// its logout form).
	User, CSRF string
	// Notice is a one-line outcome of the last action; Error a problem.
	Notice, Error string
	Data          any
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := c.tmpl.pages[name]
	if !ok {
		c.serverError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		c.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// pageFor starts a page for a logged-in editor.
func pageFor(s *session, title string) page {
	return page{Title: title, User: s.User, CSRF: s.CSRF}
}

func (c *Console) stylesheet(w http.ResponseWriter, r *http.Request, _ *session) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("ETag", stylesheetETag)
	if r.Header.Get("If-None-Match") == stylesheetETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(stylesheetCSS)
}

// plain writes a short text/plain error.
func plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

func (c *Console) forbidden(w http.ResponseWriter, msg string) { plain(w, http.StatusForbidden, msg) }

func (c *Console) badRequest(w http.ResponseWriter, _ *http.Request, msg string) {
	plain(w, http.StatusBadRequest, msg)
}

func (c *Console) notFound(w http.ResponseWriter, _ *http.Request, what string) {
	plain(w, http.StatusNotFound, what+" not found.")
}

func (c *Console) serverError(w http.ResponseWriter, r *http.Request, err error) {
	c.log.ErrorContext(r.Context(), "admin: server error", "path", r.URL.Path, "err", err)
	plain(w, http.StatusInternalServerError, "Something went wrong on our side; the error is in the server log.")
}

// listError answers a listing that failed: the editor's request (a bad
// cursor or filter) as 400 with the reason, anything else as 500.
func (c *Console) listError(w http.ResponseWriter, r *http.Request, err error) {
	if statusOf(err) != http.StatusInternalServerError {
		c.badRequest(w, r, err.Error())
		return
	}
	c.serverError(w, r, err)
}

// statusOf maps a newsroom error to the HTTP status the editor sees.
func statusOf(err error) int {
	switch {
	case errors.Is(err, newsroom.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, newsroom.ErrStale), errors.Is(err, newsroom.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, newsroom.ErrInvalid), errors.Is(err, newsroom.ErrTransition), errors.Is(err, newsroom.ErrBlocked),
		errors.Is(err, errForm):
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}
