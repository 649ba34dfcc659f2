package api

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"alphadesk/internal/newsroom"
)

// feedSize is how many stories a feed carries.
const feedSize = 30

// tagDate is the date part of every tag: URI the desk mints (RFC 4151): a
// day on which the tag authority was owned. It never changes.
const tagDate = "2026-01-01"

// The Atom 1.0 document (RFC 4287), written with encoding/xml so every
// value is escaped.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Links      []atomLink     `xml:"link"`
	Authors    []atomPerson   `xml:"author"`
	Summary    atomText       `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

// demoSubtitle labels a feed that carries simulated demo stories.
const demoSubtitle = "DEMO CONTENT: this feed includes stories drafted from the demo's SIMULATED news sources (names starting with \"Demo\"); they are not real news."

// buildFeed turns published stories into a feed. Each story's record is
// read for its sources (the entry authors) and tags (its categories).
func (s *Server) buildFeed(ctx context.Context, r *http.Request, f newsroom.StoryFilter, id, title, subtitle, self, alternate string) (*atomFeed, error) {
	f.Status, f.Limit = newsroom.StatusPublished, feedSize
	page, err := s.news.Stories(ctx, f)
	if err != nil {
		return nil, err
	}
	base := s.baseURL(r)
	feed := &atomFeed{
		ID:    id,
		Title: title,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + alternate},
		},
		Author:    atomPerson{Name: "alphadesk", URI: base + "/"},
		Generator: "alphadesk",
		Entries:   make([]atomEntry, 0, len(page.Stories)),
	}
	var updated time.Time
	demo := false
	for _, sum := range page.Stories {
		d, err := s.news.Story(ctx, sum.Slug)
		if err != nil {
			return nil, fmt.Errorf("feed entry %q: %w", sum.Slug, err)
		}
		e := atomEntry{
			ID:        s.tag("story/" + sum.Slug),
			Title:     atomText{Type: "text", Body: sum.Headline},
			Updated:   rfc3339(sum.Updated),
			Published: rfc3339(sum.Published),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: storyURL(base, sum.Slug)}},
			Summary:   atomText{Type: "text", Body: sum.Dek},
		}
		for _, src := range d.Sources {
			e.Authors = append(e.Authors, atomPerson{Name: src.Name})
			demo = demo || isDemoSource(src.Name)
		}
		for _, t := range d.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t.Symbol, Scheme: base + "/stocks/", Label: t.Name})
		}
		if sum.Updated.After(updated) {
			updated = sum.Updated
		}
		feed.Entries = append(feed.Entries, e)
	}
	if updated.IsZero() {
		updated = s.opts.Now()
	}
	feed.Updated = rfc3339(updated)
	feed.Subtitle = subtitle
	if demo {
		feed.Subtitle = demoSubtitle + " " + subtitle
	}
	return feed, nil
}

// tag mints a permanent tag: URI.
func (s *Server) tag(specific string) string {
	return "tag:" + s.opts.TagAuthority + "," + tagDate + ":" + specific
}
