package feed

import (
	"context"
	"fmt"
	"html"
	"mime"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// PollState is what a poller keeps between polls of a source.
type PollState struct {
	ETag         string // validator from the last successful fetch
	LastModified string // validator from the last successful fetch
}

// PollResult is the outcome of one poll.
type PollResult struct {
	// Feed is the parsed feed; nil when NotModified.
	Feed *Feed
	// NotModified is set when the publisher answered that nothing changed.
	NotModified bool
	// State is to be kept and passed to the next poll.
	State     PollState
	FetchedAt time.Time
}

// Poll fetches and parses src once. A remote source is fetched
// conditionally with the validators in st; a folder is read from disk. The
// source's backoff state is updated with the outcome, parse failures
// included, and a source still backing off is refused with ErrBackoff
// without a request. Each failure is a *SourceError naming the source, for
// the editor; one source's failure says nothing about another's. Deciding
// when a source is due (its Interval) is the caller's.
func (f *Fetcher) Poll(ctx context.Context, src Source, st PollState) (*PollResult, error) {
	now := f.clock.Now()
	if src.Kind == KindFolder {
		fd, err := ReadFolder(ctx, src, now)
		if err != nil {
			return nil, err
		}
		return &PollResult{Feed: fd, State: st, FetchedAt: now}, nil
	}
	resp, err := f.fetch(ctx, Request{URL: src.URL, Source: src.Name, Local: src.Local, ETag: st.ETag, LastModified: st.LastModified})
	if err != nil {
		f.record(src.Name, err)
		return nil, &SourceError{Source: src.Name, Op: "fetch", Err: err}
	}
	next := PollState{ETag: resp.ETag, LastModified: resp.LastModified}
	if resp.NotModified {
		f.record(src.Name, nil)
		return &PollResult{NotModified: true, State: next, FetchedAt: resp.FetchedAt}, nil
	}
	fd, err := Parse(src, resp.Body, resp.FetchedAt)
	f.record(src.Name, err)
	if err != nil {
		// Keep the old validators: the next poll must fetch the body again.
		return nil, err
	}
	return &PollResult{Feed: fd, State: next, FetchedAt: resp.FetchedAt}, nil
}

// FetchArticle fetches the page an item links to and extracts its article.
// The source's Local flag decides whether private addresses may be reached;
// the page counts against the host's politeness delay but not against the
// source's backoff. Pages are decoded to UTF-8 from the charset the server
// or the page declares. Errors are *SourceError.
func (f *Fetcher) FetchArticle(ctx context.Context, src Source, pageURL string) (*Article, error) {
	resp, err := f.fetch(ctx, Request{URL: pageURL, Local: src.Local, Accept: "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5"})
	if err != nil {
		return nil, &SourceError{Source: src.Name, Op: "fetch article", Err: err}
	}
	mt, _, _ := mime.ParseMediaType(resp.ContentType)
	switch {
	case mt == "" || mt == "text/html" || mt == "application/xhtml+xml":
	case mt == "text/plain":
		var sb strings.Builder
		for _, p := range paragraphs(decodePage(resp.Body, resp.ContentType)) {
			sb.WriteString("<p>" + html.EscapeString(strings.Join(strings.Fields(p), " ")) + "</p>\n")
		}
		a := ExtractArticle(sb.String())
		return &a, nil
	default:
		return nil, &SourceError{Source: src.Name, Op: "fetch article", Location: resp.URL,
			Err: fmt.Errorf("%w: content type %q (want text/html or text/plain)", ErrNotAPage, mt)}
	}
	a := ExtractArticle(decodePage(resp.Body, resp.ContentType))
	return &a, nil
}

// decodePage converts a page to UTF-8 using the Content-Type charset, a
// <meta charset> or a byte-order mark, defaulting to UTF-8 (Windows-1252
// when the bytes are not UTF-8), as browsers do.
func decodePage(body []byte, contentType string) string {
	enc, _, _ := charset.DetermineEncoding(body, contentType)
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		out = body
	}
	// The UTF-8 "decoder" passes invalid bytes through: the result is
	// always valid UTF-8 all the same.
	return strings.ToValidUTF8(string(out), "\uFFFD")
}
