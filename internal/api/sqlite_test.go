package api

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"alphadesk/internal/demo"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlite"
)

// demoDB builds a real SQLite database: the demo universe with its
// simulated prices and fundamentals, saved scores for two companies and
// stories submitted through the newsroom Service (n published about
// Apple or Microsoft, one held).
func demoDB(tb testing.TB, n, cacheBytes int) (*Server, *newsroom.Service) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "api.db"), sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, fixedNow); err != nil {
		tb.Fatal(err)
	}
	sessions := demo.Sessions()
	last := sessions[len(sessions)-1]
	if err := db.SaveScores(ctx, ScoreMethod, last, []store.ScoreRecord{
		{Symbol: "AAPL", AsOf: last, Method: ScoreMethod, Score: fp(72), Band: "Strong", Coverage: 4,
			Momentum: fp(70), Value: fp(55), Quality: fp(90), Sentiment: fp(61), Explanation: "Apple scores Strong."},
		{Symbol: "MSFT", AsOf: last, Method: ScoreMethod, Coverage: 2, Momentum: fp(40), Quality: fp(80),
			Explanation: "Microsoft is unscored: 2 of 4 signals."},
	}); err != nil {
		tb.Fatal(err)
	}
	clock := fixedNow
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{Now: func() time.Time {
		clock = clock.Add(time.Minute)
		return clock
	}})
	submit := func(i int, sym, name string, decision newsroom.Decision) {
		d := newsroom.Draft{
			Headline:  fmt.Sprintf("%s opens research centre number %d", name, i),
			Dek:       fmt.Sprintf("%s said the centre will employ 200 people.", name),
			Body:      []string{fmt.Sprintf("%s said on Tuesday it opened research centre number %d, according to a statement.", name, i)},
			DraftedBy: "extractive",
		}
		check := &newsroom.Check{Decision: decision, Rules: []string{"number-traced"}}
		if decision == newsroom.Hold {
			check.Findings = []newsroom.Finding{{Rule: "number-traced", Severity: newsroom.SeverityHold, DraftSpan: [2]int{0, 4}, Message: "untraced"}}
		}
		_, err := svc.SubmitDraft(ctx, newsroom.Submission{
			Key: fmt.Sprintf("api-test-%d", i), Draft: d, Check: check,
			Sources: []newsroom.Source{{ItemKey: fmt.Sprintf("item-%d", i), Name: "Demo Wire", URL: fmt.Sprintf("https://example.com/%d", i),
				Kind: "news", Title: d.Headline, Text: d.Body[0]}},
			Tags:      []newsroom.Tag{{Symbol: sym, Name: name, Confidence: 1, Salience: 1, Mentions: []newsroom.Mention{{Start: 0, End: len(name), Text: name, Via: "name"}}}},
			Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.4},
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	for i := range n {
		if i%2 == 0 {
			submit(i, "AAPL", "Apple", newsroom.Publish)
		} else {
			submit(i, "MSFT", "Microsoft", newsroom.Publish)
		}
	}
	submit(n, "AAPL", "Apple", newsroom.Hold)
	s, err := New(Deps{Store: db, Newsroom: svc}, nil, Options{Now: func() time.Time { return fixedNow }, CacheBytes: cacheBytes})
	if err != nil {
		tb.Fatal(err)
	}
	return s, svc
}

// TestSQLiteDemo runs the API on a real database built from the demo.
func TestSQLiteDemo(t *testing.T) {
	s, svc := demoDB(t, 5, -1)

	// Every published story exactly once across pages of 2; the held one never.
	var slugs []string
	target := "/api/v1/stories?limit=2"
	for target != "" {
		rec := do(s, "GET", target)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
		var page storyList
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
			t.Fatal(err)
		}
		for _, st := range page.Stories {
			slugs = append(slugs, st.Slug)
		}
		target = ""
		if page.Next != nil {
			target = "/api/v1/stories?limit=2&cursor=" + *page.Next
		}
	}
	seen := map[string]bool{}
	for _, sl := range slugs {
		if seen[sl] {
			t.Errorf("story %s listed twice", sl)
		}
		seen[sl] = true
	}
	if len(slugs) != 5 {
		t.Errorf("listed %d stories %q, want the 5 published", len(slugs), slugs)
	}
	held, err := svc.Stories(t.Context(), newsroom.StoryFilter{Status: newsroom.StatusHeld})
	if err != nil || len(held.Stories) != 1 {
		t.Fatalf("held stories %v, %v; want 1", held.Stories, err)
	}
	if rec := do(s, "GET", "/api/v1/stories/"+held.Stories[0].Slug); rec.Code != 404 {
		t.Errorf("held story: %d, want 404", rec.Code)
	}

	tests := []struct {
		target string
		count  int // stories or scores listed
	}{
		{"/api/v1/stories?symbol=MSFT", 2},
		{"/api/v1/stories?sector=Information+Technology&sentiment=positive", 5},
		{"/api/v1/stories?sector=Energy", 0},
		{"/api/v1/scores", 2},
		{"/api/v1/scores?band=Strong", 1},
	}
	for _, tt := range tests {
		rec := do(s, "GET", tt.target)
		var body struct {
			Stories []json.RawMessage `json:"stories"`
			Scores  []json.RawMessage `json:"scores"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 200 {
			t.Fatalf("GET %s: %d %v", tt.target, rec.Code, err)
		}
		if got := len(body.Stories) + len(body.Scores); got != tt.count {
			t.Errorf("GET %s: %d rows, want %d", tt.target, got, tt.count)
		}
	}

	rec := do(s, "GET", "/api/v1/stories/"+slugs[0])
	var d storyDetail
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || rec.Code != 200 {
		t.Fatalf("story: %d %v", rec.Code, err)
	}
	if !d.Demo || len(d.Body) != 1 || len(d.Sources) != 1 || d.Production.Decision != "publish" {
		t.Errorf("story detail %+v: want a demo story with one paragraph, one source, decision publish", d)
	}

	rec = do(s, "GET", "/api/v1/stocks/AAPL")
	var st stock
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || rec.Code != 200 {
		t.Fatalf("stock: %d %v", rec.Code, err)
	}
	if st.Sector != "Information Technology" || st.Quote == nil || st.Quote.TimeZone != exchangeZone || !st.Demo ||
		st.AlphaScore == nil || st.AlphaScore.Band == nil || *st.AlphaScore.Band != "Strong" || st.KeyFigures.FiscalYear == nil {
		t.Errorf("stock %+v: want IT sector, a demo quote in New York time, a Strong score and key figures", st)
	}
	for _, target := range []string{"/feed.atom", "/feeds/AAPL.atom"} {
		rec := do(s, "GET", target)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
		if err := wellFormed(rec.Body.Bytes()); err != nil {
			t.Errorf("GET %s: %v", target, err)
		}
	}
}

// The benchmarks run on the real SQLite demo database, "uncached" with the
// response cache off (every request does the handler's work) and "cached"
// with it on (a repeated URL with unchanged data).

// BenchmarkStoriesList measures GET /api/v1/stories (20 stories).
func BenchmarkStoriesList(b *testing.B) { benchGET(b, 40, "/api/v1/stories") }

// BenchmarkStockJSON measures GET /api/v1/stocks/AAPL.
func BenchmarkStockJSON(b *testing.B) { benchGET(b, 2, "/api/v1/stocks/AAPL") }

// BenchmarkLatestFeed measures GET /feed.atom (30 entries, each read with
// its sources and tags).
func BenchmarkLatestFeed(b *testing.B) { benchGET(b, 40, "/feed.atom") }

func benchGET(b *testing.B, stories int, target string) {
	for _, mode := range []struct {
		name  string
		cache int
	}{{"uncached", -1}, {"cached", 0}} {
		b.Run(mode.name, func(b *testing.B) {
			s, _ := demoDB(b, stories, mode.cache)
			if rec := do(s, "GET", target); rec.Code != 200 {
				b.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if rec := do(s, "GET", target); rec.Code != 200 {
					b.Fatalf("GET %s: %d", target, rec.Code)
				}
			}
		})
	}
}
