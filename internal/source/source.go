// Package source holds the named source texts that drafts are written from
// and checked against, and reads them from the files a newsroom keeps:
// plain text with optional header lines, HTML pages, or a JSON object.
//
// Parse is pure: it takes the file's name (for format detection and error
// messages) and its bytes, and returns a Source whose Text is what every
// offset in drafts and findings refers to.
package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"alphadesk/internal/textextract"
)

// Kind is what sort of source a text is; it decides how drafts attribute it.
type Kind string

// Source kinds.
const (
	News       Kind = "news"       // a news report: "…, according to Reuters."
	Statement  Kind = "statement"  // a company statement or press release: "…, Amazon said in a statement."
	Filing     Kind = "filing"     // a regulatory filing: "…, according to Amazon's filing."
	Transcript Kind = "transcript" // a call or interview transcript: "…, according to a transcript of the call."
)

var kindNames = map[string]Kind{
	"news": News, "report": News, "article": News, "wire": News,
	"statement": Statement, "press release": Statement, "press-release": Statement, "release": Statement,
	"filing": Filing, "sec filing": Filing, "transcript": Transcript,
}

// ParseKind maps a kind name ("press release", "filing", …) to a Kind; the
// empty string is News.
func ParseKind(s string) (Kind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if k == "" {
		return News, nil
	}
	if kind, ok := kindNames[k]; ok {
		return kind, nil
	}
	return "", fmt.Errorf("unknown source kind %q: want news, statement (or press release), filing or transcript", s)
}

// Source is one named source text.
type Source struct {
	// Name is the publisher or organisation drafts attribute to: "Reuters",
	// "Amazon". Empty means the source is not named.
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
	// Title is the source's headline, if it has one. Parse puts it at the
	// start of Text as well, so headlines drawn from it can be checked.
	Title string `json:"title,omitempty"`
	Kind  Kind   `json:"kind,omitempty"`
	// Text is the source's plain text: paragraphs separated by blank lines,
	// line breaks as "\n". Offsets into a source refer to this text.
	Text string `json:"text"`
}

// Limits on what Parse accepts.
const (
	MaxFileBytes = 8 << 20 // an HTML page with its markup
	MaxTextBytes = 1 << 20 // the text left after markup is removed
)

// Errors Parse wraps; callers branch on them with errors.Is.
var (
	ErrEmpty    = errors.New("no text")
	ErrTooLarge = errors.New("too large")
	ErrEncoding = errors.New("not valid UTF-8")
)

// Named reports whether the source has a name to attribute to.
func (s Source) Named() bool { return strings.TrimSpace(s.Name) != "" }

// Validate reports the first problem that makes s unusable as a source.
func (s Source) Validate() error {
	if strings.TrimSpace(s.Text) == "" {
		return ErrEmpty
	}
	if len(s.Text) > MaxTextBytes {
		return fmt.Errorf("%w: text is %d bytes, the limit is %d", ErrTooLarge, len(s.Text), MaxTextBytes)
	}
	if i := invalidUTF8(s.Text); i >= 0 {
		return fmt.Errorf("%w at byte %d of the text", ErrEncoding, i)
	}
	return nil
}

// Parse reads one source file. The format is chosen by the file name's
// extension (.json, .html/.htm, anything else is text) or, failing that, by
// the content: a JSON object, an HTML document, or plain text.
//
// Plain text may start with header lines, one "Key: value" per line, ended
// by a blank line or the first line that is not a header:
//
//	Source: Reuters            (also Name, Publisher)
//	URL: https://…             (also Link)
//	Title: Amazon forecasts …  (also Headline)
//	Kind: news                 (also Type: news, statement, press release, filing, transcript)
//
// A source without a name gets the wire credit in its opening ("(Reuters)",
// "/PRNewswire/", "(BUSINESS WIRE)") or else its web address's host
// ("reuters.com"); with neither it stays unnamed.
//
// A JSON source is an object {"name", "url", "title", "kind", "text"}, or
// with "html" instead of "text". HTML is reduced to its text by
// textextract (the page's headline first, then its paragraphs; scripts,
// styles, navigation, forms and footers dropped); the publisher and address
// are read from <meta property="og:site_name">, the canonical link or
// og:url, unless headers or fields already give them. Pages declaring an
// ISO-8859-1 or Windows-1252 charset are converted to UTF-8.
func Parse(name string, data []byte) (Source, error) {
	if len(data) > MaxFileBytes {
		return Source{}, fmt.Errorf("source %s: %w: %d bytes, the limit is %d", name, ErrTooLarge, len(data), MaxFileBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var (
		s   Source
		err error
	)
	switch detect(name, data) {
	case "json":
		s, err = parseJSON(data)
	case "html":
		s, err = parseHTML(data)
	default:
		s, err = parseText(data)
	}
	if err != nil {
		return Source{}, fmt.Errorf("source %s: %w", name, err)
	}
	s.Text = normalizeText(s.Text)
	s.Name = strings.TrimSpace(s.Name)
	s.Title = strings.TrimSpace(s.Title)
	s.URL = strings.TrimSpace(s.URL)
	if s.Name == "" {
		s.Name = wireCredit(s.Text)
	}
	if s.Name == "" {
		s.Name = host(s.URL)
	}
	if s.Kind == "" {
		s.Kind = News
	}
	if s.Title != "" && !strings.HasPrefix(s.Text, s.Title) {
		s.Text = s.Title + "\n\n" + s.Text
	}
	if err := s.Validate(); err != nil {
		return Source{}, fmt.Errorf("source %s: %w", name, err)
	}
	return s, nil
}

func detect(name string, data []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".html", ".htm", ".xhtml":
		return "html"
	case ".txt", ".text", ".md":
		return "text"
	}
	head := bytes.TrimLeft(data[:min(len(data), 512)], " \t\r\n")
	if len(head) > 0 && head[0] == '{' {
		return "json"
	}
	if textextract.LooksLikeHTML(data) {
		return "html"
	}
	return "text"
}

// invalidUTF8 returns the offset of the first invalid byte, or -1.
func invalidUTF8(s string) int {
	if utf8.ValidString(s) {
		return -1 // the common case, checked eight bytes at a time
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

func parseJSON(data []byte) (Source, error) {
	if i := invalidUTF8(string(data)); i >= 0 {
		return Source{}, fmt.Errorf("%w at byte %d (save the file as UTF-8)", ErrEncoding, i)
	}
	var f struct {
		Name      string `json:"name"`
		Source    string `json:"source"`
		Publisher string `json:"publisher"`
		URL       string `json:"url"`
		Title     string `json:"title"`
		Kind      string `json:"kind"`
		Text      string `json:"text"`
		HTML      string `json:"html"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Source{}, fmt.Errorf("read JSON source object {\"name\",\"url\",\"title\",\"kind\",\"text\"}: %w", err)
	}
	kind, err := ParseKind(f.Kind)
	if err != nil {
		return Source{}, err
	}
	s := Source{Name: firstNonEmpty(f.Name, f.Source, f.Publisher), URL: f.URL, Title: f.Title, Kind: kind, Text: f.Text}
	if strings.TrimSpace(s.Text) == "" && f.HTML != "" {
		h, err := parseHTML([]byte(f.HTML))
		if err != nil {
			return Source{}, err
		}
		s.Text = h.Text
		s.Name = firstNonEmpty(s.Name, h.Name)
		s.Title = firstNonEmpty(s.Title, h.Title)
		s.URL = firstNonEmpty(s.URL, h.URL)
	}
	return s, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// headerKeys maps the header names a text source may start with to fields.
var headerKeys = map[string]string{
	"source": "name", "name": "name", "publisher": "name",
	"url": "url", "link": "url",
	"title": "title", "headline": "title",
	"kind": "kind", "type": "kind",
}

func parseText(data []byte) (Source, error) {
	text := string(data)
	if i := invalidUTF8(text); i >= 0 {
		return Source{}, fmt.Errorf("%w at byte %d (save the file as UTF-8)", ErrEncoding, i)
	}
	var s Source
	rest := text
	for {
		line, after, found := strings.Cut(rest, "\n")
		key, value, ok := strings.Cut(line, ":")
		field := headerKeys[strings.ToLower(strings.TrimSpace(key))]
		if !ok || field == "" || strings.ContainsAny(strings.TrimSpace(key), " \t") || strings.TrimSpace(value) == "" {
			break
		}
		value = strings.TrimSpace(value)
		switch field {
		case "name":
			s.Name = value
		case "url":
			s.URL = value
		case "title":
			s.Title = value
		case "kind":
			k, err := ParseKind(value)
			if err != nil {
				return Source{}, fmt.Errorf("header %q: %w", strings.TrimSpace(line), err)
			}
			s.Kind = k
		}
		if !found {
			rest = ""
			break
		}
		rest = after
	}
	s.Text = rest
	return s, nil
}

// normalizeText turns CRLF and CR line breaks into "\n", trims trailing
// blanks from lines and the text, and collapses runs of blank lines.
func normalizeText(t string) string {
	t = strings.ReplaceAll(t, "\r\n", "\n")
	t = strings.ReplaceAll(t, "\r", "\n")
	var b strings.Builder
	b.Grow(len(t))
	blank := 0
	for _, line := range strings.Split(t, "\n") {
		line = strings.TrimRight(line, " \t\u00a0")
		if strings.TrimSpace(line) == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(line)
	}
	return b.String()
}

// wireCredits are datelines' publisher credits and the names they stand for.
var wireCredits = []struct{ mark, name string }{
	{"(Reuters)", "Reuters"}, {"(AP)", "AP"}, {"(Bloomberg)", "Bloomberg"}, {"(AFP)", "AFP"},
	{"(Dow Jones)", "Dow Jones"}, {"(BUSINESS WIRE)", "Business Wire"}, {"/PRNewswire/", "PR Newswire"},
	{"(GLOBE NEWSWIRE)", "GlobeNewswire"}, {"(ACCESSWIRE)", "Accesswire"}, {"(CNBC)", "CNBC"},
}

// wireCredit finds a publisher credit in the first 400 bytes of text.
func wireCredit(text string) string {
	head := text[:min(len(text), 400)]
	for _, c := range wireCredits {
		if strings.Contains(head, c.mark) {
			return c.name
		}
	}
	return ""
}

// host returns the host of an http(s) address without "www.".
func host(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}
