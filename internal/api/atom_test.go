package api

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// Decoding types, independent of the encoding ones, so a field the
// encoder drops shows up here as missing.
type atomDoc struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string   `xml:"id"`
	Title    string   `xml:"title"`
	Subtitle string   `xml:"subtitle"`
	Updated  string   `xml:"updated"`
	Links    []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Summary   string `xml:"summary"`
		Link      []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Authors []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Categories []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

// wellFormed walks every token strictly.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestAtomWellFormed(t *testing.T) {
	s, _, news := setup(t)
	for _, target := range []string{"/feed.atom", "/feeds/AAPL.atom", "/feeds/BRK.B.atom", "/feeds/XOM.atom"} {
		t.Run(target, func(t *testing.T) {
			rec := do(s, "GET", target)
			if rec.Code != 200 {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			if err := wellFormed(rec.Body.Bytes()); err != nil {
				t.Fatalf("not well-formed XML: %v", err)
			}
			var doc atomDoc
			if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			// RFC 4287 §4.1.1: id, title, updated; a self link is recommended.
			if !strings.HasPrefix(doc.ID, "tag:") || doc.Title == "" || doc.Author.Name == "" {
				t.Errorf("feed id %q title %q author %q: want a tag: id, a title and an author", doc.ID, doc.Title, doc.Author.Name)
			}
			if _, err := time.Parse(time.RFC3339, doc.Updated); err != nil {
				t.Errorf("feed updated %q: %v", doc.Updated, err)
			}
			self := false
			for _, l := range doc.Links {
				self = self || (l.Rel == "self" && strings.HasSuffix(l.Href, target))
			}
			if !self {
				t.Errorf("no rel=self link to %s in %+v", target, doc.Links)
			}
			ids := map[string]bool{}
			for _, e := range doc.Entries {
				if ids[e.ID] || !strings.HasPrefix(e.ID, "tag:") {
					t.Errorf("entry id %q repeated or not a tag: URI", e.ID)
				}
				ids[e.ID] = true
				for _, ts := range []string{e.Updated, e.Published} {
					if tm, err := time.Parse(time.RFC3339, ts); err != nil || tm.Location() != time.UTC {
						t.Errorf("entry %s time %q: want RFC 3339 UTC (%v)", e.ID, ts, err)
					}
				}
				if e.Title == "" || e.Summary == "" || len(e.Link) == 0 || len(e.Authors) == 0 {
					t.Errorf("entry %s lacks a title, summary, link or author", e.ID)
				}
			}
			// Round trip: every headline decodes back to the exact stored text.
			for _, e := range doc.Entries {
				slug := e.ID[strings.LastIndex(e.ID, "/")+1:]
				d, err := news.Story(t.Context(), slug)
				if err != nil {
					t.Fatal(err)
				}
				if e.Title != d.Current().Headline || e.Summary != d.Current().Dek {
					t.Errorf("entry %s: title %q summary %q, want %q %q", slug, e.Title, e.Summary, d.Current().Headline, d.Current().Dek)
				}
			}
		})
	}
}

func TestAtomDemoLabel(t *testing.T) {
	s, _, _ := setup(t)
	tests := []struct {
		target   string
		wantDemo bool
	}{
		{"/feed.atom", true},       // includes stories from Demo Wire
		{"/feeds/XOM.atom", false}, // only Example Wire
		{"/feeds/BRK.B.atom", true},
	}
	for _, tt := range tests {
		var doc atomDoc
		if err := xml.Unmarshal(do(s, "GET", tt.target).Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(doc.Subtitle, "DEMO"); got != tt.wantDemo {
			t.Errorf("%s subtitle %q: demo label %v, want %v", tt.target, doc.Subtitle, got, tt.wantDemo)
		}
	}
}
