package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
)

// fakeNews is an in-memory Newsroom over fixed stories. It follows the
// documented semantics of newsroom.Service for the methods the pages use:
// newest first by StatusAt then ID, cursor paging, and the filters.
type fakeNews struct {
	secs    map[string]market.Security // for the sector filter
	mu      sync.Mutex
	stories []newsroom.Detail
	reports []newsroom.CorrectionReport
}

var _ Newsroom = (*fakeNews)(nil)

func (n *fakeNews) Story(_ context.Context, slug string) (newsroom.Detail, error) {
	for _, d := range n.stories {
		if d.Slug == slug {
			return d, nil
		}
	}
	return newsroom.Detail{}, fmt.Errorf("story %q: %w", slug, newsroom.ErrNotFound)
}

func (n *fakeNews) Stories(_ context.Context, f newsroom.StoryFilter) (newsroom.StoryPage, error) {
	after, err := newsroom.ParseCursor(f.After)
	if err != nil {
		return newsroom.StoryPage{}, err
	}
	sorted := slices.Clone(n.stories)
	slices.SortFunc(sorted, func(a, b newsroom.Detail) int {
		if c := b.StatusAt.Compare(a.StatusAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	limit := cmp.Or(f.Limit, newsroom.DefaultLimit)
	page := newsroom.StoryPage{Stories: []newsroom.Summary{}}
	for _, d := range sorted {
		if f.After != "" && (d.StatusAt.After(after.At) || (d.StatusAt.Equal(after.At) && d.ID >= after.ID)) {
			continue
		}
		if (f.Status != "" && d.Status != f.Status) || (f.Category != "" && d.Category != f.Category) ||
			(f.Sentiment != "" && d.Sentiment.Label != f.Sentiment) {
			continue
		}
		if f.Symbol != "" && !slices.ContainsFunc(d.Tags, func(t newsroom.Tag) bool { return t.Symbol == f.Symbol }) {
			continue
		}
		if f.Sector != "" && !slices.ContainsFunc(d.Tags, func(t newsroom.Tag) bool { return string(n.secs[t.Symbol].Sector) == f.Sector }) {
			continue
		}
		if len(page.Stories) == limit {
			last := page.Stories[limit-1]
			page.Next = newsroom.Cursor{At: last.StatusAt, ID: last.ID}.String()
			break
		}
		v := d.Current()
		sm := newsroom.Summary{Story: d.Story, Headline: v.Headline, Dek: v.Dek, DraftedBy: v.DraftedBy, Decision: v.Decision}
		for _, t := range d.Tags {
			sm.Tickers = append(sm.Tickers, t.Symbol)
		}
		page.Stories = append(page.Stories, sm)
	}
	return page, nil
}

func (n *fakeNews) ReportCorrection(_ context.Context, r newsroom.CorrectionReport) (newsroom.Correction, error) {
	d, err := n.Story(context.Background(), r.Slug)
	if err != nil || d.Status != newsroom.StatusPublished {
		return newsroom.Correction{}, fmt.Errorf("report: %w", newsroom.ErrNotFound)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.reports = append(n.reports, r)
	return newsroom.Correction{ID: int64(len(n.reports)), Story: d.ID, Slug: d.Slug, Text: r.Text, Status: newsroom.CorrectionOpen}, nil
}

// The seed story's slug, and the slugs of stories readers must not see.
const (
	amazonSlug   = "amazon-aws-backlog-hits-364b-a1b2c3"
	heldSlug     = "held-story-d4e5f6"
	rejectedSlug = "rejected-story-0a0b0c"
	xssSlug      = "xss-vectors-badbad"
)

// newFakeNews returns the stories every handler test reads: the seed's
// Amazon story (published, tagged with four companies of different score
// coverage, edited and corrected once), a held and a rejected story, a
// story whose sources carry XSS vectors, and 25 filler stories so the
// front page has two pages.
func newFakeNews(st *fakeStore) *fakeNews {
	n := &fakeNews{secs: map[string]market.Security{}}
	for _, sec := range st.secs {
		n.secs[sec.Symbol] = sec
	}
	pub := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	rules := []string{"number.traced", "quote.verbatim", "story.risk", "story.thin", "table.low_information"}
	amazon := newsroom.Detail{
		Story: newsroom.Story{ID: 1, Key: "k1", Slug: amazonSlug, Status: newsroom.StatusPublished,
			Category: newsroom.CategoryEarnings, Version: 2, Sentiment: newsroom.Sentiment{Label: "neutral", Score: 0.05},
			Created: pub.Add(-time.Hour), Updated: pub.Add(3 * time.Hour), StatusAt: pub, Published: pub,
			LastReviewed: pub.Add(3 * time.Hour), LastReviewedBy: "editor@desk"},
		Versions: []newsroom.Version{
			{Story: 1, Number: 1, Change: newsroom.ChangeDrafted, Actor: newsroom.PipelineActor, Created: pub.Add(-time.Hour),
				Draft: newsroom.Draft{Headline: "Amazon AWS Backlog Hits $364B", DraftedBy: "extractive", Body: []string{"Old text."}},
				Check: newsroom.Check{Decision: newsroom.Hold, Rules: rules, Findings: []newsroom.Finding{{Rule: "number.traced", Severity: newsroom.SeverityHold, Message: "x"}}}},
			{Story: 1, Number: 2, Change: newsroom.ChangeCorrected, Actor: "editor@desk", Created: pub.Add(3 * time.Hour),
				Draft: newsroom.Draft{
					Headline:  "Amazon AWS Backlog Hits $364B as Infrastructure Spending Accelerates",
					Dek:       "Amazon projects Q2 sales of $194B-$199B as AWS backlog reaches $364B.",
					DraftedBy: "extractive",
					Body: []string{
						"Amazon has set a clear trajectory for the second quarter, projecting net sales between $194 billion and $199 billion. Apple was not mentioned as a rival, and Amazon's cloud backlog stands at $364 billion.",
						"For those tracking the broader sector, the performance of Amazon stock serves as a bellwether as it has before. Berkshire Hathaway's stake is unrelated; Q2 sales matter more.",
						"Example Demo said nothing. No Price Holdings Corp. was not asked. Amazon again.",
					},
					Watch: []string{"The conversion of the $364 billion AWS backlog into revenue."},
				},
				Check: newsroom.Check{Decision: newsroom.Publish, Rules: rules}},
		},
		Sources: []newsroom.Source{
			{ItemKey: "s1", Name: "Amazon.com, Inc.", URL: "https://ir.aboutamazon.com/q1-2026", Kind: "statement", Title: "Amazon.com Announces First Quarter Results"},
			{ItemKey: "s2", Name: "Demo Wire", URL: "https://demo-wire.alphadesk.invalid/x", Kind: "news", Title: "Amazon backlog"},
		},
		Tags: []newsroom.Tag{
			{Symbol: "AMZN", Name: "Amazon.com, Inc.", Confidence: 1, Salience: 1, Sentiment: newsroom.Sentiment{Label: "neutral"},
				Mentions: []newsroom.Mention{{Start: 0, End: 6, Text: "Amazon", Via: "name"}}},
			{Symbol: "XMPL", Name: "Example Demo Corp.", Confidence: 0.9, Salience: 0.5, Sentiment: newsroom.Sentiment{Label: "positive"}},
			{Symbol: "BRK.B", Name: "Berkshire Hathaway Inc.", Confidence: 0.9, Salience: 0.4, Sentiment: newsroom.Sentiment{Label: "negative"}},
			{Symbol: "NOPX", Name: "No Price Holdings Corp.", Confidence: 0.8, Salience: 0.3},
			{Symbol: "ZZZZ", Name: "Unknown Co", Confidence: 0.8, Salience: 0.1},
		},
		Corrections: []newsroom.Correction{
			{ID: 1, Story: 1, Status: newsroom.CorrectionResolved, Note: "An earlier version of this story misstated the backlog.", Version: 2, Resolved: pub.Add(3 * time.Hour)},
			{ID: 2, Story: 1, Status: newsroom.CorrectionDismissed, Note: "private reason"},
			{ID: 3, Story: 1, Status: newsroom.CorrectionOpen, Text: "open report text"},
		},
		Audit: []newsroom.AuditEntry{
			{Story: 1, Version: 1, Actor: newsroom.PipelineActor, Action: newsroom.ActionSubmitted, To: newsroom.StatusHeld},
			{Story: 1, Version: 1, Actor: "editor@desk", Action: newsroom.ActionApproved, From: newsroom.StatusHeld, To: newsroom.StatusPublished},
		},
	}
	n.stories = append(n.stories, amazon)
	simple := func(id int64, slug string, status newsroom.Status, at time.Time, headline string, tags ...string) newsroom.Detail {
		d := newsroom.Detail{
			Story: newsroom.Story{ID: id, Key: slug, Slug: slug, Status: status, Category: newsroom.CategoryStocks, Version: 1,
				Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.4}, Created: at, Updated: at, StatusAt: at},
			Versions: []newsroom.Version{{Story: id, Number: 1, Change: newsroom.ChangeDrafted, Actor: newsroom.PipelineActor, Created: at,
				Draft: newsroom.Draft{Headline: headline, Dek: "Dek of " + headline + ".", DraftedBy: "llm:test-model", Body: []string{"Body of " + headline + "."}},
				Check: newsroom.Check{Decision: newsroom.Publish, Rules: rules}}},
		}
		if status == newsroom.StatusPublished {
			d.Published = at
		}
		for _, sym := range tags {
			d.Tags = append(d.Tags, newsroom.Tag{Symbol: sym, Confidence: 1, Salience: 1})
		}
		return d
	}
	n.stories = append(n.stories,
		simple(2, heldSlug, newsroom.StatusHeld, pub.Add(time.Hour), "Held story"),
		simple(3, rejectedSlug, newsroom.StatusRejected, pub.Add(time.Hour), "Rejected story"))
	xss := simple(4, xssSlug, newsroom.StatusPublished, pub.Add(-time.Hour), `Headline <script>alert("h")</script>`, "AAPL")
	xss.Versions[0].Body = []string{`Apple <img src=x onerror=alert(1)> said <svg onload=alert(2)> and <a href="javascript:alert(3)">click</a> <b>broken`}
	xss.Versions[0].Dek = `"><script>alert(4)</script>`
	xss.Sources = []newsroom.Source{
		{ItemKey: "x1", Name: `<script>alert(5)</script>`, URL: "javascript:alert(6)", Title: `<svg/onload=alert(7)>`},
		{ItemKey: "x2", Name: "Data URL", URL: "data:text/html,<script>alert(8)</script>"},
	}
	n.stories = append(n.stories, xss)
	for i := range 25 {
		at := pub.Add(-time.Duration(i+2) * time.Hour)
		d := simple(int64(10+i), fmt.Sprintf("filler-%02d", i), newsroom.StatusPublished, at, fmt.Sprintf("Filler story %02d", i), "AAPL")
		if i%5 == 0 {
			d.Sentiment = newsroom.Sentiment{Label: "negative", Score: -0.5}
			d.Category = newsroom.CategoryMacro
			d.Tags = nil
		}
		n.stories = append(n.stories, d)
	}
	return n
}

// titles returns the story headlines of a listing page, in order.
func titles(body string) []string {
	var out []string
	for _, part := range strings.Split(body, `<h2><a href="/news/`)[1:] {
		_, rest, _ := strings.Cut(part, `">`)
		h, _, _ := strings.Cut(rest, "</a>")
		out = append(out, h)
	}
	return out
}
