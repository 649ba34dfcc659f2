package api

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"alphadesk/internal/newsroom"
)

// The JSON shapes. Field names are part of the API contract: snake_case,
// never renamed; new fields may be added. Times are RFC 3339 in UTC,
// dates YYYY-MM-DD.

// storyList is the response of GET /api/v1/stories.
type storyList struct {
	Stories []storyItem `json:"stories"`
	// Next is the cursor of the next page; null on the last page.
	Next *string `json:"next"`
	// NextURL is the next page's URL with the same filters; null on the last page.
	NextURL *string `json:"next_url"`
}

// storyItem is one story in a listing.
type storyItem struct {
	Slug         string     `json:"slug"`
	URL          string     `json:"url"`
	APIURL       string     `json:"api_url"`
	Category     string     `json:"category"`
	Headline     string     `json:"headline"`
	Dek          string     `json:"dek"`
	Sentiment    *sentiment `json:"sentiment"`
	Tickers      []string   `json:"tickers"`
	Published    string     `json:"published"`
	Updated      string     `json:"updated"`
	LastReviewed *string    `json:"last_reviewed"`
	Version      int        `json:"version"`
	DraftedBy    string     `json:"drafted_by"`
}

type sentiment struct {
	Label string  `json:"label"`
	Score float64 `json:"score"`
}

// storyDetail is the response of GET /api/v1/stories/{slug}.
type storyDetail struct {
	storyItem
	Body  []string `json:"body"`
	Watch []string `json:"watch"`
	// Tags are the companies the story is about, most salient first.
	Tags    []storyTag    `json:"tags"`
	Sources []storySource `json:"sources"`
	// Corrections are the dated correction notes, oldest first.
	Corrections []correctionNote `json:"corrections"`
	Production  production       `json:"production"`
	// Demo is true when any source is one of the demo's simulated sources.
	Demo bool `json:"demo"`
}

type storyTag struct {
	Symbol    string     `json:"symbol"`
	Name      string     `json:"name"`
	Salience  float64    `json:"salience"`
	Sentiment *sentiment `json:"sentiment"`
	APIURL    string     `json:"api_url"`
}

type storySource struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
}

type correctionNote struct {
	Note    string `json:"note"`
	Version int    `json:"version"`
	Date    string `json:"date"`
}

// production says how the story was produced, from its record.
type production struct {
	DraftedBy      string   `json:"drafted_by"`
	RulesApplied   []string `json:"rules_applied"`
	Decision       string   `json:"decision"`
	Versions       int      `json:"versions"`
	LastReviewed   *string  `json:"last_reviewed"`
	LastReviewedBy *string  `json:"last_reviewed_by"`
}

// rfc3339 formats t in UTC at second precision.
func rfc3339(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

func optTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := rfc3339(t)
	return &s
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optSentiment(s newsroom.Sentiment) *sentiment {
	if s == (newsroom.Sentiment{}) {
		return nil
	}
	return &sentiment{Label: s.Label, Score: round(s.Score, 4)}
}

// storyURL is the reader page of a story on the site.
func storyURL(base, slug string) string { return base + "/news/" + url.PathEscape(slug) }

func newStoryItem(base string, s newsroom.Summary) storyItem {
	tickers := s.Tickers
	if tickers == nil {
		tickers = []string{}
	}
	return storyItem{
		Slug: s.Slug, URL: storyURL(base, s.Slug), APIURL: base + "/api/v1/stories/" + url.PathEscape(s.Slug),
		Category: string(s.Category), Headline: s.Headline, Dek: s.Dek, Sentiment: optSentiment(s.Sentiment),
		Tickers: tickers, Published: rfc3339(s.Published), Updated: rfc3339(s.Updated),
		LastReviewed: optTime(s.LastReviewed), Version: s.Version, DraftedBy: s.DraftedBy,
	}
}

// isDemoSource reports whether a source is one of the demo's simulated
// sources: their names all start with "Demo" (internal/demo.NewsSources).
func isDemoSource(name string) bool {
	return strings.HasPrefix(name, "Demo ") || strings.HasPrefix(name, "demo-")
}

func newStoryDetail(base string, d newsroom.Detail) storyDetail {
	cur := d.Current()
	tickers := make([]string, 0, len(d.Tags))
	for _, t := range d.Tags {
		tickers = append(tickers, t.Symbol)
	}
	sum := newsroom.Summary{Story: d.Story, Headline: cur.Headline, Dek: cur.Dek, DraftedBy: cur.DraftedBy,
		Decision: cur.Decision, Tickers: tickers}
	out := storyDetail{
		storyItem: newStoryItem(base, sum),
		Body:      nonNil(cur.Body), Watch: nonNil(cur.Watch),
		Tags: []storyTag{}, Sources: []storySource{}, Corrections: []correctionNote{},
		Production: production{DraftedBy: cur.DraftedBy, RulesApplied: nonNil(cur.Rules), Decision: string(cur.Decision),
			Versions: len(d.Versions), LastReviewed: optTime(d.LastReviewed), LastReviewedBy: optString(d.LastReviewedBy)},
	}
	for _, t := range d.Tags {
		out.Tags = append(out.Tags, storyTag{Symbol: t.Symbol, Name: t.Name, Salience: t.Salience,
			Sentiment: optSentiment(t.Sentiment), APIURL: base + "/api/v1/stocks/" + url.PathEscape(t.Symbol)})
	}
	for _, src := range d.Sources {
		// The source's text is kept for re-checking, not republished.
		out.Sources = append(out.Sources, storySource{Name: src.Name, URL: src.URL, Kind: src.Kind, Title: src.Title})
		out.Demo = out.Demo || isDemoSource(src.Name)
	}
	for _, c := range d.Notes() {
		out.Corrections = append(out.Corrections, correctionNote{Note: c.Note, Version: c.Version, Date: rfc3339(c.Resolved)})
	}
	return out
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// quoted quotes s for an error message, cut to 40 bytes.
func quoted(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}
