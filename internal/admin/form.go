package admin

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"alphadesk/internal/newsroom"
)

// errForm marks a form the editor filled in wrongly.
var errForm = errors.New("form")

// maxVersion bounds a version number read from a form.
const maxVersion = 1 << 30

// formVersion reads the version field: the story version the editor acted
// on (0 when absent).
func formVersion(v url.Values) (int, error) {
	s := strings.TrimSpace(v.Get("version"))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxVersion {
		return 0, fmt.Errorf("%w: version %.20q is not a version number: reload the story and try again", errForm, s)
	}
	return n, nil
}

// splitParagraphs splits text at blank lines into trimmed paragraphs; the
// lines of one paragraph are joined with a space.
func splitParagraphs(s string) []string {
	var (
		out []string
		cur []string
	)
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// splitLines returns the non-blank trimmed lines of s.
func splitLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// parseDraftForm reads an edited draft from a form: headline, dek, body
// (paragraphs separated by blank lines) and watch (one point a line). The
// newsroom validates lengths and characters (newsroom.CheckDraft); this
// only checks that the required fields are there.
func parseDraftForm(v url.Values) (newsroom.Draft, error) {
	norm := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n") }
	d := newsroom.Draft{
		Headline: strings.TrimSpace(norm(v.Get("headline"))),
		Dek:      strings.TrimSpace(norm(v.Get("dek"))),
		Body:     splitParagraphs(norm(v.Get("body"))),
		Watch:    splitLines(norm(v.Get("watch"))),
	}
	switch {
	case d.Headline == "":
		return newsroom.Draft{}, fmt.Errorf("%w: the headline is empty", errForm)
	case len(d.Body) == 0:
		return newsroom.Draft{}, fmt.Errorf("%w: the body is empty: write at least one paragraph", errForm)
	}
	return d, nil
}
