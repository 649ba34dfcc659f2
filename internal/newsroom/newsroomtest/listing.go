package newsroomtest

import (
	"slices"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
)

// pages walks a listing to its end and returns the slugs in order with
// the page sizes.
func (e *env) pages(t *testing.T, f newsroom.StoryFilter) (slugs []string, sizes []int) {
	t.Helper()
	for range 100 {
		page, err := e.svc.Stories(e.ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page.Stories))
		for _, s := range page.Stories {
			slugs = append(slugs, s.Slug)
		}
		if page.Next == "" {
			return slugs, sizes
		}
		f.After = page.Next
	}
	t.Fatal("listing did not end after 100 pages")
	return nil, nil
}

func testPagination(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	var want []string // newest first
	for i := range 23 {
		want = append([]string{e.seed(t, stPublished, i)}, want...)
	}
	e.seed(t, stHeld, 100)
	tests := []struct {
		name      string
		filter    newsroom.StoryFilter
		want      []string
		wantSizes []int
	}{
		{"newest first", newsroom.StoryFilter{Status: newsroom.StatusPublished, Limit: 10}, want, []int{10, 10, 3}},
		{"oldest first", newsroom.StoryFilter{Status: newsroom.StatusPublished, Limit: 10, Oldest: true}, reversed(want), []int{10, 10, 3}},
		{"exact pages", newsroom.StoryFilter{Status: newsroom.StatusPublished, Limit: 23}, want, []int{23}},
		{"one per page", newsroom.StoryFilter{Status: newsroom.StatusPublished, Limit: 1}, want, ones(23)},
		{"default size", newsroom.StoryFilter{Status: newsroom.StatusPublished}, want, []int{23}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, sizes := e.pages(t, tc.filter)
			if !slices.Equal(got, tc.want) {
				t.Errorf("slugs %v, want %v", got, tc.want)
			}
			if !slices.Equal(sizes, tc.wantSizes) {
				t.Errorf("page sizes %v, want %v", sizes, tc.wantSizes)
			}
		})
	}
	all, _ := e.pages(t, newsroom.StoryFilter{Limit: 7})
	if len(all) != 24 {
		t.Errorf("listing every status gave %d stories, want 24", len(all))
	}
	for _, bad := range []struct {
		name string
		f    newsroom.StoryFilter
	}{
		{"garbage cursor", newsroom.StoryFilter{After: "not-a-cursor"}},
		{"negative limit", newsroom.StoryFilter{Limit: -1}},
		{"limit too large", newsroom.StoryFilter{Limit: newsroom.MaxLimit + 1}},
		{"unknown status", newsroom.StoryFilter{Status: "archived"}},
		{"unknown sentiment", newsroom.StoryFilter{Sentiment: "bullish"}},
		{"unknown category", newsroom.StoryFilter{Category: "Gossip"}},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := e.svc.Stories(e.ctx, bad.f)
			wantErr(t, "Stories", err, newsroom.ErrInvalid, "")
		})
	}
}

func testPaginationTies(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	// A clock that stands still: every story has the same StatusAt, and
	// pages must still neither skip nor repeat.
	repo := newRepo(t)
	e := &env{repo: repo, clock: NewClock(epoch, 0)}
	e.svc = newsroom.NewService(repo, newsroom.Options{Now: e.clock.Now})
	e.ctx = t.Context()
	var slugs []string
	for i := range 9 {
		slugs = append(slugs, e.seed(t, stHeld, i))
	}
	got, sizes := e.pages(t, newsroom.StoryFilter{Status: newsroom.StatusHeld, Limit: 4, Oldest: true})
	if !slices.Equal(got, slugs) || !slices.Equal(sizes, []int{4, 4, 1}) {
		t.Errorf("oldest first with equal times: %v in pages %v, want %v (by ID) in pages [4 4 1]", got, sizes, slugs)
	}
	got, _ = e.pages(t, newsroom.StoryFilter{Status: newsroom.StatusHeld, Limit: 4})
	if !slices.Equal(got, reversed(slugs)) {
		t.Errorf("newest first with equal times: %v, want %v", got, reversed(slugs))
	}
}

func testReviewQueue(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	first := e.seed(t, stHeld, 1)
	e.seed(t, stPublished, 2)
	e.seed(t, stRejected, 3)
	e.seed(t, stDraft, 4)
	second := e.seed(t, stBlocked, 5)
	third := e.seed(t, stHeld, 6)
	approved := e.seed(t, stApproved, 7)
	page, err := e.svc.ReviewQueue(e.ctx, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range page.Stories {
		got = append(got, s.Slug)
		if s.Status != newsroom.StatusHeld {
			t.Errorf("queue lists %s with status %s", s.Slug, s.Status)
		}
		if len(s.Findings) == 0 {
			t.Errorf("queued story %s has no findings", s.Slug)
		}
		for _, f := range s.Findings {
			if f.Severity == newsroom.SeverityInfo {
				t.Errorf("queued story %s lists an info finding %+v", s.Slug, f)
			}
		}
	}
	if want := []string{first, second, third}; !slices.Equal(got, want) {
		t.Errorf("queue %v, want %v (longest waiting first; %s was approved)", got, want, approved)
	}
	if s := page.Stories[1]; s.Decision != newsroom.Reject || s.Findings[0].Rule != "quote.verbatim" || s.Findings[0].SourceSpan == nil {
		t.Errorf("blocked story in queue: decision %s findings %+v, want reject led by a quote.verbatim finding with its source span", s.Decision, s.Findings)
	}
	// Approving the head moves the queue along.
	if _, err := e.svc.Approve(e.ctx, first, newsroom.Review{Actor: "ed"}); err != nil {
		t.Fatal(err)
	}
	page, err = e.svc.ReviewQueue(e.ctx, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) != 1 || page.Stories[0].Slug != second || page.Next == "" {
		t.Errorf("after approving the head: %+v, want %s first with a next page", page, second)
	}
}

func testFilters(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	a := submission(t, "filter-a", 1)
	a.Tags = append(a.Tags, newsroom.Tag{Symbol: "SHARED", Confidence: 0.7, Salience: 0.2})
	b := submission(t, "filter-b", 2)
	b.Tags = append(b.Tags, newsroom.Tag{Symbol: "SHARED", Confidence: 0.8, Salience: 0.9})
	b.Category = newsroom.CategoryDeals
	macro := newsroom.Submission{Key: "filter-macro", Draft: newsroom.Draft{Headline: "Fed holds interest rates steady",
		Dek: "Inflation cooled.", DraftedBy: "extractive"}, Sources: []newsroom.Source{source("macro")}}
	macro.Check = checked(t, macro.Draft)
	filing := submission(t, "filter-filing", 3)
	filing.Draft.Headline, filing.Draft.Dek = "Company 3 names a new director", ""
	filing.Check = checked(t, filing.Draft)
	filing.Sources[0].Kind = "filing"
	sa, sb, sm, sf := e.submit(t, a), e.submit(t, b), e.submit(t, macro), e.submit(t, filing)
	tests := []struct {
		name string
		f    newsroom.StoryFilter
		want []string
	}{
		{"symbol", newsroom.StoryFilter{Symbol: "SHARED"}, []string{sb.Story.Slug, sa.Story.Slug}},
		{"symbol of one", newsroom.StoryFilter{Symbol: "C1"}, []string{sa.Story.Slug}},
		{"unknown symbol", newsroom.StoryFilter{Symbol: "NONE"}, nil},
		{"derived earnings", newsroom.StoryFilter{Category: newsroom.CategoryEarnings}, []string{sa.Story.Slug}},
		{"given category", newsroom.StoryFilter{Category: newsroom.CategoryDeals}, []string{sb.Story.Slug}},
		{"macro", newsroom.StoryFilter{Category: newsroom.CategoryMacro}, []string{sm.Story.Slug}},
		{"filing", newsroom.StoryFilter{Category: newsroom.CategoryFilings}, []string{sf.Story.Slug}},
		{"status and symbol", newsroom.StoryFilter{Symbol: "SHARED", Status: newsroom.StatusHeld}, nil},
		{"sentiment", newsroom.StoryFilter{Sentiment: "positive"}, []string{sf.Story.Slug, sb.Story.Slug, sa.Story.Slug}},
		{"other sentiment", newsroom.StoryFilter{Sentiment: "negative"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := e.pages(t, tc.f)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	page, err := e.svc.Stories(e.ctx, newsroom.StoryFilter{Symbol: "SHARED"})
	if err != nil {
		t.Fatal(err)
	}
	if got := page.Stories[0].Tickers; !slices.Equal(got, []string{"C2", "SHARED"}) {
		t.Errorf("tickers %v, want [C2 SHARED] (most salient first)", got)
	}
	if got := page.Stories[1].Tickers; !slices.Equal(got, []string{"C1", "SHARED"}) {
		t.Errorf("tickers %v, want [C1 SHARED]", got)
	}
}

func testTags(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	sub := submission(t, "tagged", 1, "Margins were "+HoldWord+".")
	sub.Tags = []newsroom.Tag{
		{Symbol: "low", Confidence: 0.61, Salience: 0.1},
		{Symbol: "AMZN", Name: "Amazon.com Inc", Confidence: 0.98, Salience: 0.9,
			Mentions:  []newsroom.Mention{{Start: 0, End: 6, Text: "Amazon", Via: "name"}, {Start: 40, End: 45, Text: "$AMZN", Via: "cashtag"}},
			Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.35}},
	}
	res := e.submit(t, sub)
	tags := e.detail(t, res.Story.Slug).Tags
	if len(tags) != 2 || tags[0].Symbol != "AMZN" || tags[1].Symbol != "LOW" {
		t.Fatalf("tags %+v, want AMZN then LOW (most salient first, symbols upper-cased)", tags)
	}
	if got := tags[0]; got.Name != "Amazon.com Inc" || got.Confidence != 0.98 || len(got.Mentions) != 2 ||
		got.Mentions[1] != sub.Tags[1].Mentions[1] || got.Sentiment != sub.Tags[1].Sentiment {
		t.Errorf("AMZN tag round trip %+v, want %+v", got, sub.Tags[1])
	}
	// Re-running the tag stage with other tags replaces them.
	sub2 := sub
	sub2.Tags = []newsroom.Tag{{Symbol: "AAPL", Confidence: 0.9, Salience: 1}}
	sub2.Draft.Dek = "A new dek."
	sub2.Check = checked(t, sub2.Draft)
	res = e.submit(t, sub2)
	if tags := e.detail(t, res.Story.Slug).Tags; len(tags) != 1 || tags[0].Symbol != "AAPL" {
		t.Errorf("tags after replacement %+v, want only AAPL", tags)
	}
	// Nil tags leave them alone; an empty list clears them.
	sub3 := sub2
	sub3.Tags = nil
	sub3.Draft.Dek = "Another dek."
	sub3.Check = checked(t, sub3.Draft)
	res = e.submit(t, sub3)
	if tags := e.detail(t, res.Story.Slug).Tags; len(tags) != 1 {
		t.Errorf("nil tags changed the tags to %+v", tags)
	}
	sub3.Tags = []newsroom.Tag{}
	sub3.Draft.Dek = "A third dek."
	sub3.Check = checked(t, sub3.Draft)
	res = e.submit(t, sub3)
	if tags := e.detail(t, res.Story.Slug).Tags; len(tags) != 0 {
		t.Errorf("empty tags left %+v", tags)
	}
}

func testSources(t *testing.T, newRepo func(t *testing.T) newsroom.Repository) {
	e := setup(t, newRepo)
	sub := submission(t, "sourced", 1)
	sub.Sources = []newsroom.Source{source("sourced/wire"), source("sourced/release")}
	sub.Sources[1].Kind, sub.Sources[1].Text = "statement", "Full release text, with \"quotes\" and 12.5%."
	res := e.submit(t, sub)
	d := e.detail(t, res.Story.Slug)
	if len(d.Sources) != 2 || d.Sources[1] != withAdded(sub.Sources[1], d.Sources[1].Added) || d.Sources[0].Added.IsZero() {
		t.Fatalf("sources %+v, want %+v in order with their times", d.Sources, sub.Sources)
	}
	added := d.Sources[0].Added
	// The same items again, reordered and with one updated: no duplicates,
	// order and first-seen time kept.
	sub.Sources = []newsroom.Source{source("sourced/release"), source("sourced/wire"), source("sourced/syndicated")}
	sub.Sources[1].Title = "Updated title"
	e.submit(t, sub)
	d = e.detail(t, res.Story.Slug)
	var keys []string
	for _, s := range d.Sources {
		keys = append(keys, s.ItemKey)
	}
	if !slices.Equal(keys, []string{"sourced/wire", "sourced/release", "sourced/syndicated"}) {
		t.Errorf("source order %v, want wire, release, syndicated", keys)
	}
	if d.Sources[0].Title != "Updated title" || !d.Sources[0].Added.Equal(added) {
		t.Errorf("wire source %+v: want the new title and the first-seen time %v", d.Sources[0], added)
	}
}

func withAdded(s newsroom.Source, at time.Time) newsroom.Source {
	s.Added = at
	return s
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func ones(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}
