package api

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
)

// fakeStore is a hand-written in-memory Store.
type fakeStore struct {
	version    atomic.Int64
	versionErr error
	secs       []market.Security
	quotes     map[string]store.Quote
	facts      map[string][]market.Fact
	scores     []store.ScoreRecord // every date, any order
}

func (f *fakeStore) DataVersion(context.Context) (int64, error) {
	return f.version.Load(), f.versionErr
}

func (f *fakeStore) Security(_ context.Context, sym string) (market.Security, error) {
	for _, s := range f.secs {
		if s.Symbol == sym {
			return s, nil
		}
	}
	return market.Security{}, fmt.Errorf("security %s: %w", sym, store.ErrNotFound)
}

func (f *fakeStore) Securities(_ context.Context, flt store.SecurityFilter) ([]market.Security, error) {
	var out []market.Security
	for _, s := range f.secs {
		if flt.Sector == "" || s.Sector == flt.Sector {
			out = append(out, s)
		}
	}
	return out, nil
}

// Quote serves each security's stored quote.
func (f *fakeStore) Quote(ctx context.Context, sym string) (store.Quote, error) {
	sec, err := f.Security(ctx, sym)
	if err != nil {
		return store.Quote{}, err
	}
	q := f.quotes[sym]
	q.Security = sec
	return q, nil
}

func (f *fakeStore) Facts(_ context.Context, sym string, asOf time.Time) ([]market.Fact, error) {
	var out []market.Fact
	for _, x := range f.facts[sym] {
		if asOf.IsZero() || !x.Filed.After(asOf) {
			out = append(out, x)
		}
	}
	return out, nil
}

func (f *fakeStore) ScoresOn(_ context.Context, method string, asOf time.Time) ([]store.ScoreRecord, error) {
	if asOf.IsZero() {
		for _, r := range f.scores {
			if r.AsOf.After(asOf) {
				asOf = r.AsOf
			}
		}
	}
	out := []store.ScoreRecord{}
	for _, r := range f.scores {
		if r.Method == method && r.AsOf.Equal(asOf) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.ScoreRecord) int { return cmp.Compare(a.Symbol, b.Symbol) })
	return out, nil
}

func (f *fakeStore) ScoreHistory(_ context.Context, sym, method string, from, to time.Time) ([]store.ScoreRecord, error) {
	var out []store.ScoreRecord
	for _, r := range f.scores {
		if r.Symbol == sym && r.Method == method {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.ScoreRecord) int { return a.AsOf.Compare(b.AsOf) })
	return out, nil
}

// fakeNews is a hand-written in-memory Newsroom. It pages like the
// Service: newest StatusAt first, ties by descending ID, with the
// Service's cursor encoding.
type fakeNews struct {
	stories []newsroom.Detail
	sectors map[string]string // symbol → sector, for the sector filter
	calls   atomic.Int64
}

func (f *fakeNews) summary(d newsroom.Detail) newsroom.Summary {
	cur := d.Current()
	tickers := []string{}
	for _, t := range d.Tags {
		tickers = append(tickers, t.Symbol)
	}
	return newsroom.Summary{Story: d.Story, Headline: cur.Headline, Dek: cur.Dek, DraftedBy: cur.DraftedBy,
		Decision: cur.Decision, Findings: []newsroom.Finding{}, Tickers: tickers}
}

func (f *fakeNews) Stories(_ context.Context, flt newsroom.StoryFilter) (newsroom.StoryPage, error) {
	f.calls.Add(1)
	after, err := newsroom.ParseCursor(flt.After)
	if err != nil {
		return newsroom.StoryPage{}, err
	}
	n := cmp.Or(flt.Limit, newsroom.DefaultLimit)
	var rows []newsroom.Summary
	for _, d := range f.stories {
		s := f.summary(d)
		switch {
		case flt.Status != "" && s.Status != flt.Status,
			flt.Category != "" && s.Category != flt.Category,
			flt.Symbol != "" && !slices.Contains(s.Tickers, flt.Symbol),
			flt.Sector != "" && !slices.ContainsFunc(s.Tickers, func(t string) bool { return f.sectors[t] == flt.Sector }),
			flt.Sentiment != "" && s.Sentiment.Label != flt.Sentiment:
			continue
		}
		rows = append(rows, s)
	}
	slices.SortFunc(rows, func(a, b newsroom.Summary) int {
		return cmp.Or(b.StatusAt.Compare(a.StatusAt), cmp.Compare(b.ID, a.ID))
	})
	if !after.IsZero() {
		i := slices.IndexFunc(rows, func(s newsroom.Summary) bool {
			return s.StatusAt.Before(after.At) || (s.StatusAt.Equal(after.At) && s.ID < after.ID)
		})
		if i < 0 {
			i = len(rows)
		}
		rows = rows[i:]
	}
	page := newsroom.StoryPage{Stories: rows}
	if len(rows) > n {
		last := rows[n-1]
		page.Stories, page.Next = rows[:n], newsroom.Cursor{At: last.StatusAt, ID: last.ID}.String()
	}
	if page.Stories == nil {
		page.Stories = []newsroom.Summary{}
	}
	return page, nil
}

func (f *fakeNews) Story(_ context.Context, slug string) (newsroom.Detail, error) {
	for _, d := range f.stories {
		if d.Slug == slug {
			return d, nil
		}
	}
	return newsroom.Detail{}, fmt.Errorf("story %q: %w", slug, newsroom.ErrNotFound)
}

// Fixture times: the fake clock and the stories' publication times.
var (
	fixedNow = time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC)
	day1     = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	day2     = time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC)
)

func fp(x float64) *float64 { return &x }

// fixture builds the fake data: five securities, prices, facts, scores on
// two dates and nine stories (seven published, one held, one rejected).
func fixture() (*fakeStore, *fakeNews) {
	st := &fakeStore{
		secs: []market.Security{
			{Symbol: "AAPL", LegalName: "Apple Inc.", Name: "Apple", Exchange: market.NASDAQ, Sector: market.InformationTechnology,
				Industry: "Technology Hardware", CIK: 320193, Aliases: []string{"Apple Computer"}},
			{Symbol: "AMZN", LegalName: "Amazon.com, Inc.", Name: "Amazon", Exchange: market.NASDAQ, Sector: market.ConsumerDiscretionary},
			{Symbol: "BRK.B", LegalName: "Berkshire Hathaway Inc.", Name: "Berkshire Hathaway", Exchange: market.NYSE, Sector: market.Financials, ShareClass: "B"},
			{Symbol: "XOM", LegalName: "Exxon Mobil Corporation", Name: "ExxonMobil", Exchange: market.NYSE, Sector: market.Energy},
			{Symbol: "MSFT", LegalName: "Microsoft Corporation", Name: "Microsoft", Exchange: market.NASDAQ, Sector: market.InformationTechnology}, // no stories, no prices, no scores
		},
		quotes: map[string]store.Quote{
			"AAPL": {Last: market.Bar{Symbol: "AAPL", Date: day2, Open: 228.1, High: 231.5, Low: 227.9, Close: 230.4, Volume: 51234567, Source: "demo"}, PrevClose: 228},
			"AMZN": {Last: market.Bar{Symbol: "AMZN", Date: day2, Open: 201, High: 203, Low: 199, Close: 202.5, Volume: 3.2e7, Source: "stooq"}},
		},
		facts: map[string][]market.Fact{},
		scores: []store.ScoreRecord{
			{Symbol: "AAPL", AsOf: day1, Method: "alpha", Score: fp(71.5), Band: "Strong", Coverage: 4, Momentum: fp(80), Value: fp(40), Quality: fp(90), Sentiment: fp(66), Explanation: "AAPL scores Strong."},
			{Symbol: "AAPL", AsOf: day2, Method: "alpha", Score: fp(64.25), Band: "Moderate", Coverage: 3, Capped: true, Momentum: fp(70), Quality: fp(88), Sentiment: fp(50), Explanation: "AAPL scores Moderate on 3 of 4 signals.",
				Signals: map[string]store.SignalRecord{
					"momentum": {Score: fp(70), Band: "Strong", Metrics: []store.MetricRecord{
						{Name: "return_12_1", Value: fp(0.2100000004), Rank: fp(70.123456), Text: "12-1M return +21%, 70th percentile"}}},
					"value": {Reason: "no fundamentals filed in the last 15 months", Metrics: []store.MetricRecord{
						{Name: "earnings_yield", Text: "earnings yield n/a"}}},
					"quality": {Score: fp(88), Band: "Excellent", Metrics: []store.MetricRecord{
						{Name: "roe", Rank: fp(88), Text: "ROE not meaningful, 88th percentile"}}},
					"sentiment": {Score: fp(50), Band: "Moderate", Metrics: []store.MetricRecord{}},
				}},
			{Symbol: "AMZN", AsOf: day2, Method: "alpha", Score: fp(88), Band: "Excellent", Coverage: 4, Momentum: fp(90), Value: fp(70), Quality: fp(95), Sentiment: fp(80), Explanation: "AMZN scores Excellent."},
			{Symbol: "BRK.B", AsOf: day2, Method: "alpha", Score: fp(64.25), Band: "Moderate", Coverage: 4, Momentum: fp(60), Value: fp(60), Quality: fp(70), Sentiment: fp(65), Explanation: "BRK.B scores Moderate."},
			{Symbol: "XOM", AsOf: day2, Method: "alpha", Coverage: 1, Momentum: fp(30), Explanation: "XOM is unscored: 1 of 4 signals."},
			{Symbol: "XOM", AsOf: day2, Method: "thresholds", Score: fp(10), Band: "Poor", Coverage: 4},
		},
	}
	for _, m := range []struct {
		metric market.Metric
		fy     int
		value  float64
		unit   string
	}{
		{market.Revenue, 2024, 391e9, "USD"}, {market.Revenue, 2025, 416e9, "USD"},
		{market.NetIncome, 2025, 112e9, "USD"}, {market.EPSDiluted, 2025, 7.46, "USD/shares"},
		{market.TotalEquity, 2025, -5e9, "USD"}, {market.SharesOutstanding, 2025, 14.8e9, "shares"},
	} {
		end := time.Date(m.fy, 9, 27, 0, 0, 0, 0, time.UTC)
		f := market.Fact{Symbol: "AAPL", Metric: m.metric, PeriodEnd: end, FiscalYear: m.fy, FiscalPeriod: "FY",
			Filed: end.AddDate(0, 1, 4), Value: m.value, Unit: m.unit, Form: "10-K", Source: "demo"}
		if !m.metric.Instant() {
			f.PeriodStart = end.AddDate(-1, 0, 1)
		}
		st.facts["AAPL"] = append(st.facts["AAPL"], f)
	}
	st.version.Store(7)

	news := &fakeNews{sectors: map[string]string{}}
	for _, s := range st.secs {
		news.sectors[s.Symbol] = string(s.Sector)
	}
	type spec struct {
		slug, headline string
		status         newsroom.Status
		category       newsroom.Category
		tickers        []string
		label          string
		source         string
		at             time.Time
	}
	t0 := time.Date(2026, 11, 19, 14, 0, 0, 0, time.UTC)
	specs := []spec{
		{"apple-sales-rise-a1b2c3", "Apple sales rise", newsroom.StatusPublished, newsroom.CategoryEarnings, []string{"AAPL"}, "positive", "Demo Wire", t0},
		{"amazon-opens-hub-d4e5f6", "Amazon opens a hub", newsroom.StatusPublished, newsroom.CategoryStocks, []string{"AMZN"}, "neutral", "Example Wire", t0.Add(time.Hour)},
		{"fed-holds-rates-0a0b0c", "Fed holds rates", newsroom.StatusPublished, newsroom.CategoryMacro, nil, "neutral", "Example Wire", t0.Add(2 * time.Hour)},
		{"exxon-cuts-jobs-111111", "Exxon cuts jobs", newsroom.StatusPublished, newsroom.CategoryStocks, []string{"XOM"}, "negative", "Example Wire", t0.Add(2 * time.Hour)}, // same instant: ID breaks the tie
		{"apple-and-amazon-222222", `Apple & Amazon <script>alert("x")</script> ]]> tie up`, newsroom.StatusPublished, newsroom.CategoryDeals, []string{"AAPL", "AMZN"}, "positive", "Example Wire", t0.Add(3 * time.Hour)},
		{"berkshire-buys-333333", "Berkshire buys shares", newsroom.StatusPublished, newsroom.CategoryFilings, []string{"BRK.B"}, "", "Demo EDGAR filings", t0.Add(4 * time.Hour)},
		{"apple-files-444444", "Apple files its 10-K", newsroom.StatusPublished, newsroom.CategoryFilings, []string{"AAPL"}, "neutral", "Example Wire", t0.Add(5 * time.Hour)},
		{"held-story-555555", "Held story", newsroom.StatusHeld, newsroom.CategoryStocks, []string{"AAPL"}, "positive", "Example Wire", t0.Add(6 * time.Hour)},
		{"rejected-story-666666", "Rejected story", newsroom.StatusRejected, newsroom.CategoryStocks, []string{"AAPL"}, "positive", "Example Wire", t0.Add(7 * time.Hour)},
	}
	for i, sp := range specs {
		id := int64(i + 1)
		story := newsroom.Story{ID: id, Key: "key-" + sp.slug, Slug: sp.slug, Status: sp.status, Category: sp.category,
			Version: 1, Created: sp.at.Add(-time.Minute), Updated: sp.at, StatusAt: sp.at}
		if sp.label != "" {
			score := map[string]float64{"positive": 0.6, "negative": -0.55, "neutral": 0.02}[sp.label]
			story.Sentiment = newsroom.Sentiment{Label: sp.label, Score: score}
		}
		if sp.status == newsroom.StatusPublished {
			story.Published = sp.at
		}
		decision := map[newsroom.Status]newsroom.Decision{newsroom.StatusPublished: newsroom.Publish,
			newsroom.StatusHeld: newsroom.Hold, newsroom.StatusRejected: newsroom.Reject}[sp.status]
		d := newsroom.Detail{Story: story,
			Versions: []newsroom.Version{{Story: id, Number: 1, Change: newsroom.ChangeDrafted, Actor: "pipeline", Created: sp.at,
				Draft: newsroom.Draft{Headline: sp.headline, Dek: "Dek of " + sp.headline + ".",
					Body: []string{"First paragraph of " + sp.slug + ".", "Second paragraph."}, DraftedBy: "extractive"},
				Check: newsroom.Check{Decision: decision, Rules: []string{"number-traced", "quote-verbatim"}}}},
			Sources: []newsroom.Source{{ItemKey: "item-" + sp.slug, Name: sp.source, URL: "https://example.com/" + sp.slug,
				Kind: "news", Title: "Source of " + sp.slug, Text: "Private source text.", Added: sp.at}},
		}
		for j, sym := range sp.tickers {
			sec, _ := st.Security(context.Background(), sym)
			d.Tags = append(d.Tags, newsroom.Tag{Symbol: sym, Name: sec.DisplayName(), Confidence: 1, Salience: 1 - 0.25*float64(j)})
		}
		if sp.slug == "apple-files-444444" {
			d.LastReviewed, d.LastReviewedBy = sp.at.Add(30*time.Minute), "editor"
			d.Corrections = []newsroom.Correction{
				{ID: 1, Story: id, Text: "Wrong year", Contact: "reader@example.com", Status: newsroom.CorrectionResolved,
					Note: "An earlier version gave the wrong fiscal year.", Version: 1, Resolved: sp.at.Add(30 * time.Minute)},
				{ID: 2, Story: id, Text: "Spam", Status: newsroom.CorrectionDismissed, Note: "not an error"},
			}
		}
		news.stories = append(news.stories, d)
	}
	return st, news
}
