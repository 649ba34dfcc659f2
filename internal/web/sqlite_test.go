package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alphadesk/internal/demo"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlite"
)

// TestSQLiteDemo serves the pages from a real SQLite database: the demo
// universe with its simulated prices and fundamentals, a saved score, and
// stories submitted through the real newsroom Service.
func TestSQLiteDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC)
	if _, err := demo.Load(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	sessions := demo.Sessions()
	last := sessions[len(sessions)-1]
	if err := db.SaveScores(ctx, scoreMethod, last, []store.ScoreRecord{
		{Symbol: "AMZN", AsOf: last, Method: scoreMethod, Score: fp(61.4), Band: "Moderate", Coverage: 3, Capped: true,
			Momentum: fp(70), Value: fp(40), Quality: fp(75),
			Explanation: "Alpha Score of 61 reflects a moderate overall profile: strong momentum, weak value, strong quality; no sentiment signal (no stories in the last 90 days). Based on 3 of 4 signals — capped at 90 until the remaining data arrives.",
			Signals: map[string]store.SignalRecord{
				"momentum": {Score: fp(70), Band: "Strong", Metrics: []store.MetricRecord{
					{Name: "return_12_1", Value: fp(0.31), Rank: fp(88), Text: "12-1M return +31%, 88th percentile"}}},
				"value":     {Score: fp(40), Band: "Weak"},
				"quality":   {Score: fp(75), Band: "Strong"},
				"sentiment": {Reason: "no stories in the last 90 days"},
			}},
	}); err != nil {
		t.Fatal(err)
	}
	clock := now
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{Now: func() time.Time { clock = clock.Add(time.Minute); return clock }})
	submit := func(key, headline string, decision newsroom.Decision) string {
		check := &newsroom.Check{Decision: decision, Rules: []string{"number.traced", "quote.verbatim"}}
		if decision == newsroom.Hold {
			check.Findings = []newsroom.Finding{{Rule: "number.traced", Severity: newsroom.SeverityHold, DraftSpan: [2]int{0, 6}, Message: "untraced"}}
		}
		res, err := svc.SubmitDraft(ctx, newsroom.Submission{
			Key: key,
			Draft: newsroom.Draft{Headline: headline, Dek: "Amazon said the backlog reached $364 billion.", DraftedBy: "extractive",
				Body: []string{"Amazon said its cloud backlog reached $364 billion, and the performance of Amazon stock was mixed."}},
			Check:     check,
			Sources:   []newsroom.Source{{ItemKey: key, Name: "Demo Wire", URL: "https://demo-wire.alphadesk.invalid/" + key, Kind: "news", Title: headline}},
			Tags:      []newsroom.Tag{{Symbol: "AMZN", Name: "Amazon.com, Inc.", Confidence: 1, Salience: 1, Sentiment: newsroom.Sentiment{Label: "neutral"}}},
			Sentiment: newsroom.Sentiment{Label: "neutral"},
		})
		if err != nil {
			t.Fatal(err)
		}
		return res.Story.Slug
	}
	pub := submit("k-pub", "Amazon backlog reaches $364 billion", newsroom.Publish)
	held := submit("k-held", "Amazon backlog story held for review", newsroom.Hold)

	s, err := New(db, nil, Options{Now: func() time.Time { return now }, Newsroom: svc})
	if err != nil {
		t.Fatal(err)
	}
	get := func(target string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		return w
	}
	for _, tt := range []struct {
		target  string
		status  int
		contain []string
	}{
		{"/news/" + pub, 200, []string{
			"<h1>Amazon backlog reaches $364 billion</h1>", `<span aria-hidden="true">●</span> Neutral`,
			`<p><a class="company" href="/stocks/AMZN">Amazon</a> said its cloud backlog`,
			`<span class="score-num">61</span> <span class="band">Moderate</span>`,
			`<p class="coverage">Based on 3 of 4 signals — capped at 90 until the remaining data arrives.</p>`,
			"Simulated demo data", "Consumer Discretionary", "EST</time>"}},
		{"/news/" + held, 404, nil},
		{"/", 200, []string{"Amazon backlog reaches $364 billion", "Simulated demo data"}},
		{"/stocks/AMZN", 200, []string{"Amazon backlog reaches $364 billion", "Alpha Score",
			`<tr><th scope="row">12-1M return &#43;31%</th><td class="num">88</td></tr>`, "Missing: no stories in the last 90 days."}},
		{"/alpha-score", 200, []string{`<span class="symbol">AMZN</span>`}},
	} {
		w := get(tt.target)
		if w.Code != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.target, w.Code, tt.status)
			continue
		}
		for _, c := range tt.contain {
			if !strings.Contains(w.Body.String(), c) {
				t.Errorf("GET %s: page lacks %q", tt.target, c)
			}
		}
		if strings.Contains(w.Body.String(), "stock page") {
			t.Errorf("GET %s: page says \"stock page\"", tt.target)
		}
	}

	// A correction report goes through to the corrections queue.
	form := get("/corrections?story=" + pub)
	cookie := form.Result().Cookies()[0]
	_, rest, _ := strings.Cut(form.Body.String(), `name="csrf_token" value="`)
	token, _, _ := strings.Cut(rest, `"`)
	body := url.Values{"csrf_token": {token}, "story": {pub}, "text": {"The backlog figure is from the wrong quarter."}}
	r := httptest.NewRequest(http.MethodPost, "/corrections", strings.NewReader(body.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(cookie)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("POST /corrections: %d\n%s", w.Code, w.Body)
	}
	page, err := svc.Corrections(ctx, newsroom.CorrectionFilter{Status: newsroom.CorrectionOpen})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Corrections) != 1 || page.Corrections[0].Slug != pub {
		t.Errorf("corrections queue %+v, want the one report on %s", page.Corrections, pub)
	}
}
