package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates whose name starts with an underscore are shared (the layout and
// partials); every other file is a view of the same name.
const sharedPrefix = "_"

// views holds one parsed template set per view.
type views struct {
	set  map[string]*template.Template
	hash string // of every template's text, part of the ETags
}

// parseViews parses the shared templates once, then each view on a clone of
// them, and fails on the first error.
func parseViews(funcs template.FuncMap) (*views, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	base := template.New("").Funcs(funcs)
	var viewNames []string
	for _, name := range names {
		text, err := fs.ReadFile(templateFS, name)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%s\x00", name, text)
		file := path.Base(name)
		if !strings.HasPrefix(file, sharedPrefix) {
			viewNames = append(viewNames, name)
			continue
		}
		if _, err := base.New(file).Parse(string(text)); err != nil {
			return nil, err
		}
	}
	v := &views{set: make(map[string]*template.Template), hash: hex.EncodeToString(h.Sum(nil))}
	for _, name := range viewNames {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, name); err != nil {
			return nil, err
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("%s: no \"content\" template", name)
		}
		v.set[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	for _, want := range []string{errorView, "stock_show", "stock_list", "article_show", "home", "score_list",
		"methodology", "editorial_policy", "risk_disclaimer", "correction_form", "correction_thanks"} {
		if v.set[want] == nil {
			return nil, fmt.Errorf("view %q missing", want)
		}
	}
	return v, nil
}

// render executes the layout with view's content.
func (v *views) render(w io.Writer, view string, data any) error {
	t := v.set[view]
	if t == nil {
		return fmt.Errorf("render %s: no such view", view)
	}
	if err := t.ExecuteTemplate(w, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", view, err)
	}
	return nil
}

// Sections of the site navigation.
const (
	navMarkets    = "markets"
	navStocks     = "stocks"
	navAlphaScore = "alpha-score"
	navPolicy     = "policy"
)

// layout is the data every page shares with the layout template.
type layout struct {
	Title       string // before " · alphadesk" in the window title
	Description string // meta description
	Nav         string // the current site section
	// Demo shows the simulated-data warning; set it whenever any bar or
	// fact on the page has source "demo".
	Demo    bool
	Lineage lineage
}

// lineage names the sources of the data a page shows, for its footer.
type lineage struct {
	Prices, Fundamentals []string
}
