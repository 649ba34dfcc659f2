package feed

import (
	"errors"
	"fmt"
	"time"
)

// Item is one news item from a source, in one shape whatever the format.
// Summary and Content hold HTML that has been through Sanitize.
type Item struct {
	Source    string    // the source's name
	GUID      string    // the feed's identifier for the item; the link when the feed gives none
	URL       string    // the item's link (absolute when the feed gave an absolute or resolvable one)
	Title     string    // plain text
	Published time.Time // publication time; the fetch time when DateMissing
	// DateMissing is set when the feed gave no usable date for the item and
	// Published is the fetch time.
	DateMissing bool
	Summary     string   // sanitised HTML (may be plain text)
	Content     string   // sanitised HTML (may be plain text); empty when the feed has only a summary
	Author      string   // plain text
	Categories  []string // the feed's categories or tags, if any
	Filing      *Filing  // set for items from an edgar source
}

// Filing describes an SEC filing announced in an EDGAR feed.
type Filing struct {
	FormType  string    // e.g. "8-K", "8-K/A", "EX-99.1"
	Company   string    // the filer as EDGAR names it, e.g. "APPLE INC"
	CIK       string    // ten-digit central index key, e.g. "0000320193"
	Role      string    // the entry's role label: Filer, Issuer, Reporting, Subject, …
	Accession string    // accession number, e.g. "0000320193-25-000104"
	URL       string    // the filing index page
	Filed     time.Time // when EDGAR accepted the filing
	Items     []string  // 8-K item numbers named in the summary, e.g. "2.02", "9.01"
}

// Feed is the result of parsing one fetch of a source.
type Feed struct {
	Source string
	Title  string
	// Format is the format found: "rss", "atom", "json" or "folder".
	Format string
	Items  []Item
	// Notes tell the editor what was changed or left out (items over the cap,
	// duplicate GUIDs, missing dates, a repaired encoding, skipped files).
	// They are not errors: the feed was usable.
	Notes []string
}

// SourceError is the error for anything that went wrong reading one source.
// Its message names the source, the operation and the location, so that it
// can be shown to an editor as it is.
type SourceError struct {
	Source   string // the source's name
	Op       string // "fetch", "parse" or "read"
	Location string // the URL or path involved
	Err      error
}

func (e *SourceError) Error() string {
	if e.Location == "" {
		return fmt.Sprintf("source %q: %s: %v", e.Source, e.Op, e.Err)
	}
	return fmt.Sprintf("source %q: %s %s: %v", e.Source, e.Op, e.Location, e.Err)
}

func (e *SourceError) Unwrap() error { return e.Err }

// Sentinel errors callers can branch on with errors.Is. Each is wrapped with
// the detail that explains it.
var (
	ErrTooLarge            = errors.New("response body exceeds the size cap")
	ErrTooManyRedirects    = errors.New("too many redirects")
	ErrBlockedAddress      = errors.New("address refused: private, loopback, link-local, multicast or unspecified (mark the source local to allow it)")
	ErrBackoff             = errors.New("source is backing off after errors")
	ErrHTTPStatus          = errors.New("unexpected HTTP status")
	ErrTruncated           = errors.New("document ends early (truncated)")
	ErrMalformed           = errors.New("malformed document")
	ErrEntityDeclaration   = errors.New("document declares XML entities, which feeds never need (possible entity-expansion attack)")
	ErrUnsupportedEncoding = errors.New("unsupported character encoding")
	ErrNotAFeed            = errors.New("not an RSS, Atom or JSON feed")
	ErrNotAPage            = errors.New("not a web page")
	ErrUnsafeURL           = errors.New("URL refused")
)
