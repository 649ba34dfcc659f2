package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// MaxItems is how many items one fetch of a source yields at most. Feeds
// list newest first, so the first MaxItems in document order are kept and a
// note gives the count left out. Real feeds carry 10 to 100 items; a
// thousand leaves room for a backlog while bounding the work one fetch can
// cause.
const MaxItems = 1000

// Parse reads one fetched document of src (an rss, atom, jsonfeed or edgar
// source) into a Feed. fetchedAt stamps items that carry no date. The format
// is detected from the content, so a source whose kind says rss but which
// serves Atom still works (with a note). Every error is a *SourceError.
func Parse(src Source, body []byte, fetchedAt time.Time) (*Feed, error) {
	var (
		f   *Feed
		err error
	)
	switch src.Kind {
	case KindEDGAR:
		f, err = parseEDGAR(src, body, fetchedAt)
	case KindFolder:
		err = errors.New("a folder source is read with ReadFolder, not parsed")
	default:
		f, err = parseFeed(src.Name, body, fetchedAt)
		if err == nil && f.Format != formatOfKind(src.Kind) {
			f.Notes = append(f.Notes, fmt.Sprintf("configured as %s but the document is %s; consider changing the source's kind", src.Kind, f.Format))
		}
	}
	if err != nil {
		return nil, &SourceError{Source: src.Name, Op: "parse", Location: src.Location(), Err: err}
	}
	return f, nil
}

func formatOfKind(k Kind) string {
	switch k {
	case KindJSONFeed:
		return "json"
	case KindAtom, KindEDGAR:
		return "atom"
	}
	return string(k)
}

// decodeFeed checks and normalises the bytes, then runs gofeed.
func decodeFeed(body []byte, keepOriginal bool) (*gofeed.Feed, []string, error) {
	var notes []string
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 {
		return nil, nil, fmt.Errorf("%w: the document is empty", ErrNotAFeed)
	}
	isJSON := trimmed[0] == '{'
	b, note, err := toUTF8(body)
	if err != nil {
		return nil, nil, err
	}
	if note != "" {
		notes = append(notes, note)
	}
	if !isJSON {
		if err := checkProlog(b); err != nil {
			return nil, nil, err
		}
	}
	p := gofeed.NewParser()
	p.KeepOriginalFeed = keepOriginal
	gf, err := p.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, nil, explainParseError(b, isJSON, err)
	}
	return gf, notes, nil
}

var lineColRE = regexp.MustCompile(`[Ll]ine:? ?(\d+)`)

// explainParseError turns a parser error into one that says what is wrong.
func explainParseError(b []byte, isJSON bool, err error) error {
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return fmt.Errorf("%w: the document starts with %q", ErrNotAFeed, truncate(strings.TrimSpace(string(b[:min(len(b), 60)])), 60))
	}
	if isJSON {
		if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
			return fmt.Errorf("%w: JSON ends after %d bytes", ErrTruncated, len(b))
		}
		return fmt.Errorf("%w: JSON: %v", ErrMalformed, err)
	}
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		if strings.Contains(syn.Msg, "unexpected EOF") {
			return fmt.Errorf("%w: XML ends at line %d before its elements are closed", ErrTruncated, syn.Line)
		}
		return fmt.Errorf("%w: XML syntax error on line %d: %s", ErrMalformed, syn.Line, syn.Msg)
	}
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "EOF") {
		return fmt.Errorf("%w: XML ends at line %d before its elements are closed", ErrTruncated, 1+bytes.Count(b, []byte("\n")))
	}
	if m := lineColRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Errorf("%w: XML error on line %d: %v", ErrMalformed, n, err)
	}
	return fmt.Errorf("%w: %v", ErrMalformed, err)
}

// parseFeed handles RSS, Atom and JSON Feed.
func parseFeed(source string, body []byte, fetchedAt time.Time) (*Feed, error) {
	gf, notes, err := decodeFeed(body, false)
	if err != nil {
		return nil, err
	}
	out := &Feed{Source: source, Title: plainText(gf.Title), Format: gf.FeedType, Notes: notes}
	base, _ := url.Parse(strings.TrimSpace(gf.Link))
	items := gf.Items
	if len(items) > MaxItems {
		out.Notes = append(out.Notes, fmt.Sprintf("the feed has %d items; kept the first %d (the cap per fetch)", len(items), MaxItems))
		items = items[:MaxItems]
	}
	var b itemBuilder
	b.start(out, fetchedAt)
	for _, gi := range items {
		if gi == nil {
			continue
		}
		it := Item{
			Source:     source,
			GUID:       strings.TrimSpace(gi.GUID),
			URL:        resolveLink(base, gi.Link),
			Title:      plainText(gi.Title),
			Summary:    Sanitize(gi.Description),
			Content:    Sanitize(gi.Content),
			Categories: gi.Categories,
		}
		if strings.TrimSpace(gi.Link) != "" && it.URL == "" {
			b.badLinks++
		}
		if len(gi.Authors) > 0 && gi.Authors[0] != nil {
			it.Author = plainText(gi.Authors[0].Name)
			if it.Author == "" {
				it.Author = gi.Authors[0].Email
			}
		}
		switch {
		case gi.PublishedParsed != nil:
			it.Published = gi.PublishedParsed.UTC()
		case gi.UpdatedParsed != nil:
			it.Published = gi.UpdatedParsed.UTC()
		}
		b.add(it)
	}
	b.finish()
	return out, nil
}

// itemBuilder applies the rules every format shares: GUIDs (made up when
// missing), duplicate GUIDs dropped, missing dates stamped and flagged.
type itemBuilder struct {
	out       *Feed
	fetchedAt time.Time
	seen      map[string]string // GUID → the link of the item that had it
	dups      int
	reGUID    int // items whose GUID was taken by an item with another link
	undated   int
	badLinks  int
}

func (b *itemBuilder) start(out *Feed, fetchedAt time.Time) {
	b.out, b.fetchedAt, b.seen = out, fetchedAt.UTC(), map[string]string{}
}

func (b *itemBuilder) add(it Item) {
	if it.GUID == "" {
		it.GUID = it.URL
	}
	if it.GUID == "" {
		h := sha256.Sum256([]byte(it.Title + "\x00" + it.Summary + "\x00" + it.Content))
		it.GUID = "sha256:" + hex.EncodeToString(h[:12])
	}
	if link, dup := b.seen[it.GUID]; dup {
		// Some publishers give every item the same junk GUID; an item that
		// repeats a GUID but links elsewhere is another story, identified
		// by its link instead.
		if it.URL == "" || it.URL == link || it.GUID == it.URL {
			b.dups++
			return
		}
		it.GUID = it.URL
		if _, dup := b.seen[it.GUID]; dup {
			b.dups++
			return
		}
		b.reGUID++
	}
	b.seen[it.GUID] = it.URL
	if it.Published.IsZero() {
		it.Published, it.DateMissing = b.fetchedAt, true
		b.undated++
	}
	b.out.Items = append(b.out.Items, it)
}

func (b *itemBuilder) finish() {
	if b.dups > 0 {
		b.out.Notes = append(b.out.Notes, fmt.Sprintf("dropped %d item(s) repeating an earlier item's GUID", b.dups))
	}
	if b.reGUID > 0 {
		b.out.Notes = append(b.out.Notes, fmt.Sprintf("%d item(s) repeat an earlier item's GUID but link elsewhere; identified them by their link", b.reGUID))
	}
	if b.undated > 0 {
		b.out.Notes = append(b.out.Notes, fmt.Sprintf("%d item(s) have no usable date; stamped with the fetch time %s", b.undated, b.fetchedAt.Format(time.RFC3339)))
	}
	if b.badLinks > 0 {
		b.out.Notes = append(b.out.Notes, fmt.Sprintf("dropped the link of %d item(s): not an http or https URL", b.badLinks))
	}
}

// resolveLink returns link made absolute against base, or "" when it is not
// an http or https URL.
func resolveLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != nil && base.IsAbs() {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// plainText reduces a title or name that may hold markup or entities to
// collapsed plain text.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	}
	var sb strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(strings.ToValidUTF8(sb.String(), "\uFFFD")), " ")
		case html.TextToken:
			sb.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			sb.WriteByte(' ')
		}
	}
}
