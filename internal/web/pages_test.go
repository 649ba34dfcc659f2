package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/rules"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

func TestHome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, target string
		first        string // the first headline listed
		count        int
		contain      []string
		absent       []string
	}{
		{"latest", "/", "Amazon AWS Backlog Hits $364B as Infrastructure Spending Accelerates", homePageSize,
			[]string{"Score movers", `href="/stocks/AMZN"><span class="symbol">AMZN</span>`, `<span class="chg up">&#43;6</span>`, `<span class="chg down">−3</span>`,
				"from Nov 13, 2026 to Nov 20, 2026", `rel="next">Older stories</a>`, "Simulated demo data", `<span aria-hidden="true">●</span> Neutral`},
			[]string{"Held story", "Rejected story", "Newest stories"}},
		{"category", "/?category=Macro", "Filler story 00", 5, []string{`<a href="/?category=Macro" aria-current="true">Macro</a>`}, []string{"Older stories", "Simulated demo data"}},
		{"category any case", "/?category=macro", "Filler story 00", 5, nil, nil},
		{"sentiment", "/?sentiment=neutral", "Amazon AWS Backlog Hits $364B as Infrastructure Spending Accelerates", 1, nil, []string{"Filler"}},
		{"sector", "/?sector=financials", "Amazon AWS Backlog Hits $364B as Infrastructure Spending Accelerates", 1, nil, nil},
		{"sector without stories", "/?sector=energy", "", 0, []string{"No published stories match these filters."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := setup(t).get(tt.target)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d:\n%s", w.Code, w.Body)
			}
			body := w.Body.String()
			got := titles(body)
			if len(got) != tt.count {
				t.Errorf("%d stories, want %d: %q", len(got), tt.count, got)
			}
			if len(got) > 0 && got[0] != tt.first {
				t.Errorf("first story %q, want %q", got[0], tt.first)
			}
			for _, s := range tt.contain {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(body, s) {
					t.Errorf("page contains %q", s)
				}
			}
		})
	}
}

func TestHomePagination(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var all []string
	target := "/"
	for pages := 0; target != ""; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		body := b.get(target).Body.String()
		all = append(all, titles(body)...)
		target = ""
		if i := strings.Index(body, `" rel="next">Older stories`); i >= 0 {
			j := strings.LastIndex(body[:i], `href="`)
			target = strings.ReplaceAll(body[j+len(`href="`):i], "&amp;", "&")
		}
	}
	// 1 Amazon + 1 XSS + 25 fillers are published.
	if len(all) != 27 {
		t.Errorf("%d stories over all pages, want 27", len(all))
	}
	seen := map[string]bool{}
	for _, h := range all {
		if seen[h] {
			t.Errorf("story %q listed twice", h)
		}
		seen[h] = true
	}
}

func TestHomeBadParams(t *testing.T) {
	t.Parallel()
	for target, want := range map[string]string{
		"/?category=Sports":  "Unknown category",
		"/?sector=tech":      "Unknown sector",
		"/?sentiment=happy":  "Unknown sentiment",
		"/?after=garbage!!!": "page marker",
	} {
		w := setup(t).get(target)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), want) {
			t.Errorf("GET %s: %d, want 400 with %q", target, w.Code, want)
		}
	}
}

func TestMovers(t *testing.T) {
	t.Parallel()
	prev := []store.ScoreRecord{{Symbol: "A", Score: fp(50)}, {Symbol: "B", Score: fp(50)}, {Symbol: "C", Score: fp(50)}, {Symbol: "D", Score: fp(50)}}
	latest := []store.ScoreRecord{{Symbol: "A", Score: fp(52)}, {Symbol: "B", Score: fp(40)}, {Symbol: "C", Score: fp(50.2)}, {Symbol: "D"}, {Symbol: "E", Score: fp(90)}}
	got := movers(prev, latest, 5)
	var syms []string
	for _, m := range got {
		syms = append(syms, m.Symbol+m.Delta)
	}
	if want := []string{"B−10", "A+2"}; !slices.Equal(syms, want) {
		t.Errorf("movers = %v, want %v", syms, want)
	}
}

func TestStockShowScore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target  string
		contain []string
		absent  []string
	}{
		{"/stocks/AMZN", []string{
			`<span class="score moderate"><span class="score-num">54</span> <span class="band">Moderate</span></span>`,
			"strong momentum, poor value",
			`<th scope="row">momentum</th><td class="num">72.5</td><td><span class="score strong"><span class="band">Strong</span>`,
			`aria-label="AMZN Alpha Score history"`, "(2 dates)",
			`<h3><a href="/news/` + amazonSlug + `">`,
			`<a href="/methodology">Methodology</a>`,
			// Each signal with its metrics: the reading, then the percentile
			// in its own column, labelled with what it ranks against.
			`<h3 id="signal-momentum">Momentum <span class="score strong"><span class="score-num">72.5</span> <span class="band">Strong</span></span></h3>`,
			`<tr><th scope="row">12-1M return &#43;34%</th><td class="num">91</td></tr>`,
			`<th scope="col" class="num">Percentile across all companies</th>`,
			`<th scope="col" class="num">Percentile within Consumer Discretionary</th>`,
			`<tr class="absent"><th scope="row">dividend yield n/a</th><td class="num">—</td></tr>`,
			`<tr><th scope="row">decayed story sentiment -0.08 from 6 stories</th><td class="num">41</td></tr>`,
		}, []string{"Filler", "not saved with this score", "91st percentile"}},
		{"/stocks/XMPL", []string{`<p class="coverage">Based on 3 of 4 signals`, `<tr class="absent"><th scope="row">sentiment</th><td class="num">—</td><td>missing</td>`,
			`<h3 id="signal-sentiment">Sentiment <span class="missing">missing</span></h3>`, `<p class="reason">Missing: no stories in the last 90 days.</p>`,
			`<tr><th scope="row">earnings yield not meaningful</th><td class="num">21</td></tr>`}, nil},
		{"/stocks/BRK.B", []string{`<span class="score unscored">Unscored</span>`, "BRK.B is unscored", "a chart appears once two dates are saved",
			"The metrics behind each signal were not saved with this score"}, []string{`class="signal-detail"`}},
		{"/stocks/AAPL", []string{"No Alpha Score is saved for AAPL yet.", "Filler story 01"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			body := setup(t).get(tt.target).Body.String()
			for _, s := range tt.contain {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(body, s) {
					t.Errorf("page contains %q", s)
				}
			}
		})
	}
}

func TestScoreList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target string
		status int
		rows   []string // symbols in order
	}{
		{"/alpha-score", 200, []string{"AMZN", "XMPL", "BRK.B"}},
		{"/alpha-score?band=Weak", 200, []string{"XMPL"}},
		{"/alpha-score?band=Moderate", 200, []string{"AMZN"}},
		{"/alpha-score?sector=financials", 200, []string{"BRK.B"}},
		{"/alpha-score?sector=energy", 200, nil},
		{"/alpha-score?band=Great", 400, nil},
		{"/alpha-score?sector=x", 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			w := setup(t).get(tt.target)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			var got []string
			for _, part := range strings.Split(w.Body.String(), `<span class="symbol">`)[1:] {
				sym, _, _ := strings.Cut(part, "<")
				got = append(got, sym)
			}
			if tt.status == 200 && !slices.Equal(got, tt.rows) {
				t.Errorf("rows %v, want %v", got, tt.rows)
			}
			// XMPL keeps its overall rank (2) when the list is narrowed.
			if tt.target == "/alpha-score?band=Weak" && !strings.Contains(w.Body.String(), `<tr><td class="num">2</td>`) {
				t.Errorf("XMPL lost its rank under the band filter")
			}
		})
	}
}

func TestBandTable(t *testing.T) {
	t.Parallel()
	rows := bandTable()
	if len(rows) != 5 || rows[0].From != 0 || rows[len(rows)-1].To != 100 {
		t.Fatalf("band table %+v does not cover 0–100 in five bands", rows)
	}
	for _, r := range rows {
		for w := r.From; w <= r.To; w++ {
			if got := score.BandOf(float64(w)).String(); got != r.Band {
				t.Errorf("score %d: table says %s, BandOf says %s", w, r.Band, got)
			}
		}
	}
	body := setup(t).get("/methodology").Body.String()
	for _, want := range []string{"<td>0–29</td>", "<td>85–100</td>", "alphadesk score eval", "capped at 90", "<th scope=\"row\">momentum</th><td class=\"num\">30</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("methodology lacks %q", want)
		}
	}
}

func TestEditorialPolicy(t *testing.T) {
	t.Parallel()
	body := setup(t).get("/editorial-policy").Body.String()
	all := rules.All()
	if len(all) == 0 {
		t.Fatal("no rules registered")
	}
	for _, r := range all {
		if !strings.Contains(body, `id="rule-`+r.Name()+`"`) {
			t.Errorf("policy lacks rule %s", r.Name())
		}
		// The first sentence of each description appears, escaped.
		first, _, _ := strings.Cut(r.Description(), ".")
		first, _, _ = strings.Cut(first, "**")
		if esc := template.HTMLEscapeString(first); !strings.Contains(body, esc) {
			t.Errorf("policy lacks the description of %s: %q", r.Name(), esc)
		}
	}
	if strings.Contains(body, "**") {
		t.Errorf("policy shows raw bold marks")
	}
}

func TestParagraphs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"bold", "a **b** c\n\nd", []string{"a <strong>b</strong> c", "d"}},
		{"unmatched", "a ** b <x>", []string{"a ** b &lt;x&gt;"}},
		{"blank", "\n\n\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range paragraphs(tt.in) {
				got = append(got, string(p))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPolicyPages(t *testing.T) {
	t.Parallel()
	for target, want := range map[string]string{
		"/risk-disclaimer":  "not investment advice",
		"/editorial-policy": "The publishing rules",
		"/methodology":      "One band vocabulary",
	} {
		w := setup(t).get(target)
		if w.Code != 200 || !strings.Contains(w.Body.String(), want) {
			t.Errorf("GET %s: %d, want 200 with %q", target, w.Code, want)
		}
		if w.Header().Get("ETag") == "" {
			t.Errorf("GET %s: no ETag", target)
		}
	}
}

func TestPageCache(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first := b.get("/news/" + amazonSlug)
	// Change the data behind the page without moving the data version:
	// the cached page is served (the store contract says every write
	// moves the version, so this only happens in a test).
	b.news.stories[0].Versions[1].Headline = "Changed headline"
	again := b.get("/news/" + amazonSlug)
	if again.Body.String() != first.Body.String() || again.Header().Get("ETag") != first.Header().Get("ETag") {
		t.Errorf("same ETag, different page: the cache did not serve it")
	}
	b.store.version++
	after := b.get("/news/" + amazonSlug)
	if !strings.Contains(after.Body.String(), "<h1>Changed headline</h1>") {
		t.Errorf("a new data version did not re-render the page")
	}
	if head := b.do(http.MethodHead, "/news/"+amazonSlug); head.Body.Len() != 0 || head.Code != 200 {
		t.Errorf("HEAD from the cache: %d with %d bytes", head.Code, head.Body.Len())
	}
}

func TestServerErrorClientGone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest(http.MethodGet, "/stocks/AMZN", nil).WithContext(ctx)
	w := httptest.NewRecorder()
	b.server.serverError(w, r, fmt.Errorf("bars: %w", context.Canceled))
	if w.Body.Len() != 0 || strings.Contains(b.logs.String(), "level=ERROR") {
		t.Errorf("a canceled request was answered or logged as an error: %q / %s", w.Body, b.logs)
	}
	// A real error on a live request is a 500.
	w = httptest.NewRecorder()
	b.server.serverError(w, httptest.NewRequest(http.MethodGet, "/", nil), fmt.Errorf("disk on fire"))
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", w.Code)
	}
}

func TestVersionTTL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		ttl       time.Duration
		wantReads int
	}{
		{"every request", 0, 3},
		{"reused", time.Hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := newFakeStore()
			var mu sync.Mutex
			reads := 0
			st.DataVersionFunc = func(context.Context) (int64, error) {
				mu.Lock()
				defer mu.Unlock()
				reads++
				return 7, nil
			}
			s, err := New(st, nil, Options{Now: func() time.Time { return testNow }, VersionTTL: tt.ttl})
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/stocks/AMZN", nil))
				if w.Code != 200 {
					t.Fatalf("status %d", w.Code)
				}
			}
			if reads != tt.wantReads {
				t.Errorf("data version read %d times for 3 requests, want %d", reads, tt.wantReads)
			}
		})
	}
}

func FuzzParseHomeParams(f *testing.F) {
	for _, seed := range []string{"", "category=Macro", "category=macro&sector=energy&sentiment=neutral", "sector=x", "sentiment=happy",
		"after=garbage", "category=%ff", "after=" + strings.Repeat("A", 300)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) { checkParamsRoundTrip(t, raw, parseHomeParams) })
}

func TestScoreViewAgrees(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rec  store.ScoreRecord
		want string
	}{
		{"saved sentence agrees", store.ScoreRecord{Score: fp(54.2), Coverage: 4, Momentum: fp(72), Value: fp(18), Quality: fp(76), Sentiment: fp(41),
			Explanation: "Alpha Score of 54 reflects a moderate overall profile: strong momentum, poor value, strong quality, weak sentiment."},
			"Alpha Score of 54 reflects a moderate overall profile: strong momentum, poor value, strong quality, weak sentiment."},
		// The seed's mistake: 54 labelled Weak in the sentence.
		{"saved sentence contradicts the number", store.ScoreRecord{Score: fp(54.2), Coverage: 4, Momentum: fp(72), Value: fp(18), Quality: fp(76), Sentiment: fp(41),
			Explanation: "Alpha Score of 54 reflects weak overall profile with strong momentum."},
			"Alpha Score of 54 reflects a moderate overall profile: strong momentum, poor value, strong quality, weak sentiment."},
		{"rounds half up to Excellent", store.ScoreRecord{Score: fp(84.5), Coverage: 3, Capped: true, Momentum: fp(90), Value: fp(80), Quality: fp(84.5)},
			"Alpha Score of 85 reflects an excellent overall profile: excellent momentum, strong value, excellent quality; no sentiment signal."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := newScoreView(tt.rec)
			if v.Explanation != tt.want {
				t.Errorf("explanation = %q, want %q", v.Explanation, tt.want)
			}
			if b := score.BandOf(*tt.rec.Score).String(); v.Band != b {
				t.Errorf("band = %q, want %q", v.Band, b)
			}
		})
	}
}
