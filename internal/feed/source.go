package feed

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind names the format a source publishes.
type Kind string

// The source kinds.
const (
	KindRSS      Kind = "rss"      // RSS 2.0 (also RSS 0.9x/1.0) over HTTP
	KindAtom     Kind = "atom"     // Atom 1.0 over HTTP
	KindJSONFeed Kind = "jsonfeed" // JSON Feed 1.0/1.1 over HTTP
	KindEDGAR    Kind = "edgar"    // SEC EDGAR "getcurrent" Atom feed of filings
	KindFolder   Kind = "folder"   // a local folder of feed files and articles
)

// Kinds lists the source kinds in the order the documentation gives them.
var Kinds = []Kind{KindRSS, KindAtom, KindJSONFeed, KindEDGAR, KindFolder}

// Remote reports whether sources of this kind are fetched over HTTP.
func (k Kind) Remote() bool { return k != KindFolder }

// Poll interval bounds and default.
const (
	DefaultInterval   = 15 * time.Minute // when a source line has no every= option
	MinRemoteInterval = time.Minute      // politeness floor for sources fetched over HTTP
	MinFolderInterval = time.Second      // floor for local folders
	MaxInterval       = 7 * 24 * time.Hour
)

// DefaultEDGARForms are the filing form types an edgar source keeps when its
// line has no forms= option: current reports and their amendments, and
// press-release exhibits. A trailing * matches any suffix.
var DefaultEDGARForms = []string{"8-K", "8-K/A", "EX-99*"}

// Source is one named place news comes from.
type Source struct {
	// Name identifies the source on stories and in errors: lower-case letters,
	// digits, '.', '_' and '-', starting with a letter or digit, at most 64
	// bytes, unique in the file.
	Name string
	// Kind is the format the source publishes.
	Kind Kind
	// URL is the feed address (http or https) for remote kinds; empty for a folder.
	URL string
	// Path is the folder for KindFolder; empty otherwise. LoadSources makes a
	// relative path relative to the directory of the sources file.
	Path string
	// Interval is how often the source is polled.
	Interval time.Duration
	// Local marks a source the operator trusts to live on a private or
	// loopback address. Only a local source's feed and article fetches may
	// connect to such addresses.
	Local bool
	// Forms are the form types an edgar source keeps (see DefaultEDGARForms);
	// empty means the default. "*" keeps every filing.
	Forms []string
}

// Location is the URL of a remote source or the path of a folder.
func (s Source) Location() string {
	if s.Kind == KindFolder {
		return s.Path
	}
	return s.URL
}

// EDGARForms returns the form types an edgar source keeps.
func (s Source) EDGARForms() []string {
	if len(s.Forms) == 0 {
		return DefaultEDGARForms
	}
	return s.Forms
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Validate reports the first problem with s, phrased so an operator can fix
// the sources file.
func (s Source) Validate() error {
	if !nameRE.MatchString(s.Name) {
		return fmt.Errorf("source name %q: use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", s.Name)
	}
	if !slices.Contains(Kinds, s.Kind) {
		return fmt.Errorf("source %q: unknown kind %q (want rss, atom, jsonfeed, edgar or folder)", s.Name, s.Kind)
	}
	if s.Kind == KindFolder {
		if s.Path == "" {
			return fmt.Errorf("source %q: a folder source needs a path", s.Name)
		}
		if s.URL != "" {
			return fmt.Errorf("source %q: a folder source has a path, not a URL", s.Name)
		}
		if s.Interval < MinFolderInterval {
			return fmt.Errorf("source %q: interval %s is below the minimum %s for folders", s.Name, s.Interval, MinFolderInterval)
		}
	} else {
		if s.Path != "" {
			return fmt.Errorf("source %q: a %s source has a URL, not a path", s.Name, s.Kind)
		}
		if err := checkFeedURL(s.URL); err != nil {
			return fmt.Errorf("source %q: %w", s.Name, err)
		}
		if s.Interval < MinRemoteInterval {
			return fmt.Errorf("source %q: interval %s is below the minimum %s for sources fetched over HTTP (be polite to publishers)", s.Name, s.Interval, MinRemoteInterval)
		}
	}
	if s.Interval > MaxInterval {
		return fmt.Errorf("source %q: interval %s is above the maximum %s", s.Name, s.Interval, MaxInterval)
	}
	if len(s.Forms) > 0 && s.Kind != KindEDGAR {
		return fmt.Errorf("source %q: forms= applies to edgar sources only", s.Name)
	}
	for _, f := range s.Forms {
		if f == "" || strings.ContainsAny(f, " \t,") {
			return fmt.Errorf("source %q: bad form type %q in forms=", s.Name, f)
		}
	}
	return nil
}

// checkFeedURL accepts absolute http and https URLs with a host.
func checkFeedURL(raw string) error {
	if raw == "" {
		return errors.New("needs a URL")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("URL %q: scheme must be http or https", raw)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("URL %q has no host", raw)
	}
	if u.User != nil {
		return fmt.Errorf("URL %q: credentials in URLs are not supported", raw)
	}
	return nil
}

// ParseSources reads a sources file. The format is line-based, one source a
// line, so that errors can name file:line and `alphadesk sources add` can
// append a line without rewriting the file:
//
//	# comment lines start with '#'; blank lines are ignored
//	# name        kind     location                              options
//	wire-markets  rss      https://news.example.com/markets.rss  every=10m
//	sec-8k        edgar    https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=8-K&output=atom  every=5m forms=8-K,EX-99*
//	intranet      atom     http://10.0.0.5/feed.atom             every=1m local
//	demo          folder   demo/news                             every=1s
//
// Fields are separated by spaces or tabs; a field containing spaces is
// written as a Go-quoted string ("My Folder"). Options are every=DURATION
// (Go syntax: 90s, 15m, 1h; default 15m), local (the source may live on a
// private or loopback address) and, for edgar, forms=LIST (comma-separated
// form types, a trailing * matching any suffix). file names the input in
// errors. Every bad line is reported, each as file:line: problem.
func ParseSources(file string, r io.Reader) ([]Source, error) {
	var (
		out   []Source
		errs  []error
		seen  = map[string]int{}
		sc    = bufio.NewScanner(r)
		lineN = 0
	)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for sc.Scan() {
		lineN++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		src, err := parseSourceLine(line)
		if err == nil {
			err = src.Validate()
		}
		if err == nil {
			if first, dup := seen[src.Name]; dup {
				err = fmt.Errorf("source %q is already defined on line %d", src.Name, first)
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", file, lineN, err))
			continue
		}
		seen[src.Name] = lineN
		out = append(out, src)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %w", file, lineN+1, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// LoadSources reads and validates the sources file at path. A folder
// source's relative path is made relative to the directory holding the file.
func LoadSources(path string) ([]Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load sources: %w", err)
	}
	defer f.Close()
	srcs, err := ParseSources(path, f)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	for i := range srcs {
		if srcs[i].Kind == KindFolder && !filepath.IsAbs(srcs[i].Path) {
			srcs[i].Path = filepath.Join(dir, srcs[i].Path)
		}
	}
	return srcs, nil
}

func parseSourceLine(line string) (Source, error) {
	fields, err := splitFields(line)
	if err != nil {
		return Source{}, err
	}
	if len(fields) < 3 {
		return Source{}, fmt.Errorf("want \"name kind location [options]\", got %d field(s)", len(fields))
	}
	s := Source{Name: fields[0], Kind: Kind(fields[1]), Interval: DefaultInterval}
	if s.Kind == KindFolder {
		s.Path = fields[2]
	} else {
		s.URL = fields[2]
	}
	seen := map[string]bool{}
	for _, opt := range fields[3:] {
		key, val, hasVal := strings.Cut(opt, "=")
		if seen[key] {
			return Source{}, fmt.Errorf("source %q: option %s given twice", s.Name, key)
		}
		seen[key] = true
		switch {
		case key == "local" && !hasVal:
			s.Local = true
		case key == "every" && hasVal:
			d, err := time.ParseDuration(val)
			if err != nil {
				return Source{}, fmt.Errorf("source %q: every=%s: want a duration such as 90s, 15m or 1h", s.Name, val)
			}
			s.Interval = d
		case key == "forms" && hasVal:
			for f := range strings.SplitSeq(val, ",") {
				s.Forms = append(s.Forms, strings.ToUpper(strings.TrimSpace(f)))
			}
		default:
			return Source{}, fmt.Errorf("source %q: unknown option %q (want every=DURATION, local or forms=LIST)", s.Name, opt)
		}
	}
	return s, nil
}

// splitFields splits a line on spaces and tabs, honouring Go-quoted fields.
func splitFields(line string) ([]string, error) {
	var out []string
	for {
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			return out, nil
		}
		if line[0] == '"' {
			q, err := strconv.QuotedPrefix(line)
			if err != nil {
				return nil, fmt.Errorf("unterminated or malformed quoted field %s", truncate(line, 40))
			}
			v, _ := strconv.Unquote(q)
			out = append(out, v)
			line = line[len(q):]
			if line != "" && line[0] != ' ' && line[0] != '\t' {
				return nil, fmt.Errorf("quoted field %s must be followed by a space", q)
			}
			continue
		}
		end := strings.IndexAny(line, " \t")
		if end < 0 {
			end = len(line)
		}
		out = append(out, line[:end])
		line = line[end:]
	}
}

// FormatSource renders s as one line of the sources file, the inverse of
// ParseSources for a valid source.
func FormatSource(s Source) string {
	parts := []string{quoteField(s.Name), quoteField(string(s.Kind)), quoteField(s.Location())}
	if s.Interval != 0 && s.Interval != DefaultInterval {
		parts = append(parts, "every="+s.Interval.String())
	}
	if s.Local {
		parts = append(parts, "local")
	}
	if len(s.Forms) > 0 {
		parts = append(parts, "forms="+strings.Join(s.Forms, ","))
	}
	return strings.Join(parts, " ")
}

func quoteField(f string) string {
	if f == "" || strings.ContainsAny(f, " \t\"\\") || strings.HasPrefix(f, "#") || !strconv.CanBackquote(f) {
		return strconv.Quote(f)
	}
	return f
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
