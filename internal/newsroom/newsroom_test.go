package newsroom

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		name, headline, key string
		n                   int
		want                string // without the hash
	}{
		{"plain", "Amazon shares rise as AWS backlog grows", "k", 6, "amazon-shares-rise-as-aws-backlog-grows"},
		{"possessive and figures", "Amazon's Q2 sales forecast: $194B–$199B, up 9%", "k", 6, "amazons-q2-sales-forecast-194b-199b-up-9"},
		{"accents", "Nestlé and L'Oréal trim guidance; Société Générale cuts", "k", 6, "nestle-and-loreal-trim-guidance-societe-generale-cuts"},
		{"word limit", "one two three four five six seven eight nine ten eleven twelve", "k", 6, "one-two-three-four-five-six-seven-eight-nine-ten"},
		{"byte limit cuts between words", strings.Repeat("abcdefghij ", 9), "k", 6, "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij"},
		{"no usable words", "¿¡ —— ?!", "k", 6, "story"},
		{"empty", "", "k", 6, "story"},
		{"non-Latin script dropped", "Toyota トヨタ raises outlook", "k", 6, "toyota-raises-outlook"},
	}
	hashRE := regexp.MustCompile(`-([0-9a-f]+)$`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Slug(tc.headline, tc.key, tc.n)
			m := hashRE.FindStringSubmatch(got)
			if m == nil || len(m[1]) != tc.n {
				t.Fatalf("Slug = %q, want a %d-digit hex hash at the end", got, tc.n)
			}
			if words := strings.TrimSuffix(got, "-"+m[1]); words != tc.want {
				t.Errorf("Slug words = %q, want %q", words, tc.want)
			}
			if len(got) > SlugTextBytes+1+tc.n {
				t.Errorf("Slug = %q is %d bytes, over %d", got, len(got), SlugTextBytes+1+tc.n)
			}
		})
	}
	a, b := Slug("Same headline", "key-a", 6), Slug("Same headline", "key-b", 6)
	if a == b {
		t.Errorf("different keys give the same slug %q", a)
	}
	if again := Slug("Same headline", "key-a", 6); again != a {
		t.Errorf("Slug is not stable: %q then %q", a, again)
	}
	if got := Slug("x", "k", 1); !strings.HasSuffix(got, "-"+Slug("", "k", 4)[len("story-"):]) {
		t.Errorf("hash length 1 = %q, want it raised to 4 digits", got)
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Amazon's Q2", "Nestlé", "", "\xff\xfe", "a--b", strings.Repeat("word ", 50)} {
		f.Add(s, "key")
	}
	valid := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	f.Fuzz(func(t *testing.T, headline, key string) {
		s := Slug(headline, key, SlugHashLen)
		if !valid.MatchString(s) || len(s) > SlugTextBytes+1+SlugHashLen {
			t.Errorf("Slug(%q) = %q: want lower-case words joined by single hyphens, at most %d bytes", headline, s, SlugTextBytes+1+SlugHashLen)
		}
	})
}

func TestCategoryFor(t *testing.T) {
	tests := []struct {
		name          string
		kinds         []string
		headline, dek string
		tickers       int
		want          Category
	}{
		{"earnings", nil, "Amazon beats on first-quarter revenue", "", 1, CategoryEarnings},
		{"earnings in dek", nil, "Amazon shares jump", "The company raised its guidance.", 1, CategoryEarnings},
		{"Q2 sales", nil, "Amazon forecasts Q2 sales above estimates", "", 1, CategoryEarnings},
		{"earnings release filed as 8-K", []string{"filing"}, "Apple reports quarterly results", "", 1, CategoryEarnings},
		{"deal", nil, "Cisco agrees to acquire Splunk", "", 2, CategoryDeals},
		{"to buy", nil, "Mars to buy Kellanova for $36 billion", "", 1, CategoryDeals},
		{"filing kind", []string{"news", "Filing"}, "Tesla names new director", "", 1, CategoryFilings},
		{"form in headline", nil, "Nvidia 8-K shows executive change", "", 1, CategoryFilings},
		{"macro without companies", nil, "Fed holds interest rates steady", "Inflation cooled in March.", 0, CategoryMacro},
		{"macro words with a company", nil, "Apple falls as Fed signals rate hike", "", 1, CategoryStocks},
		{"stocks", nil, "Amazon shares rise as AWS backlog grows", "", 1, CategoryStocks},
		{"whole words only", nil, "Fedex ships more parcels", "Presales start", 0, CategoryStocks},
		{"hyphenated word is one word", nil, "Post-earnings drift study", "", 0, CategoryStocks},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CategoryFor(tc.kinds, tc.headline, tc.dek, tc.tickers); got != tc.want {
				t.Errorf("CategoryFor(%v, %q, %q, %d) = %s, want %s", tc.kinds, tc.headline, tc.dek, tc.tickers, got, tc.want)
			}
		})
	}
}

func TestCursor(t *testing.T) {
	at := time.Date(2026, 5, 1, 12, 30, 0, 123456000, time.UTC)
	for _, c := range []Cursor{{At: at, ID: 42}, {ID: 7}, {At: at, ID: 1 << 60}} {
		got, err := ParseCursor(c.String())
		if err != nil || !got.At.Equal(c.At) || got.ID != c.ID {
			t.Errorf("ParseCursor(%q) = %+v, %v; want %+v", c.String(), got, err, c)
		}
	}
	if (Cursor{}).String() != "" {
		t.Error("the zero cursor does not encode as the empty string")
	}
	if c, err := ParseCursor(""); err != nil || !c.IsZero() {
		t.Errorf("ParseCursor(\"\") = %+v, %v; want the zero cursor", c, err)
	}
	for _, bad := range []string{"x", "!!!", "MTIz", "LTEuNQ", "MS4w", "MDEuMg", strings.Repeat("A", 100)} {
		if _, err := ParseCursor(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseCursor(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func FuzzParseCursor(f *testing.F) {
	f.Add("")
	f.Add(Cursor{At: time.Unix(1777000000, 0), ID: 3}.String())
	f.Add(Cursor{ID: 99}.String())
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCursor(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseCursor(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if c.String() != s {
			t.Errorf("ParseCursor(%q) = %+v, which encodes as %q", s, c, c.String())
		}
	})
}

func TestDecideAndStatusFor(t *testing.T) {
	tests := []struct {
		name       string
		severities []Severity
		want       Decision
		wantStatus Status
	}{
		{"nothing", nil, Publish, StatusPublished},
		{"info only", []Severity{SeverityInfo, SeverityInfo}, Publish, StatusPublished},
		{"hold", []Severity{SeverityInfo, SeverityHold}, Hold, StatusHeld},
		{"block beats hold", []Severity{SeverityHold, SeverityBlock, SeverityInfo}, Reject, StatusRejected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var fs []Finding
			for _, s := range tc.severities {
				fs = append(fs, Finding{Rule: "r", Severity: s})
			}
			if got := Decide(fs); got != tc.want {
				t.Errorf("Decide = %s, want %s", got, tc.want)
			}
			if got := StatusFor(&Check{Decision: tc.want}); got != tc.wantStatus {
				t.Errorf("StatusFor(%s) = %s, want %s", tc.want, got, tc.wantStatus)
			}
		})
	}
	if got := StatusFor(nil); got != StatusDraft {
		t.Errorf("StatusFor(nil) = %s, want draft", got)
	}
}

// TestTransitionRules covers the pure rules for every status; the
// conformance suite covers them again through the Service and a store.
func TestTransitionRules(t *testing.T) {
	published := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	clean := Version{Number: 2, Check: Check{Decision: Hold}}
	blocked := Version{Number: 3, Check: Check{Decision: Reject, Findings: []Finding{
		{Rule: "quote.verbatim", Severity: SeverityBlock}, {Rule: "quote.verbatim", Severity: SeverityBlock}}}}
	type res struct {
		err error
		msg string
	}
	tests := []struct {
		status     Status
		cur        Version
		approve    res
		reject     res
		editStatus Status // after an edit with hold findings
		editBlock  res    // after an edit with blocking findings
	}{
		{StatusDraft, Version{}, res{ErrTransition, "not been checked"}, res{}, StatusHeld, res{}},
		{StatusHeld, clean, res{}, res{}, StatusHeld, res{}},
		{StatusHeld, blocked, res{ErrTransition, "version 3 has blocking findings (quote.verbatim ×2)"}, res{}, StatusHeld, res{}},
		{StatusPublished, clean, res{ErrTransition, "already published (since 2026-05-01 09:00 UTC)"}, res{ErrTransition, "corrected, not rejected"}, StatusPublished, res{ErrBlocked, "quote.verbatim"}},
		{StatusRejected, blocked, res{ErrTransition, "was rejected"}, res{ErrTransition, "already rejected"}, StatusHeld, res{}},
		{"frozen", clean, res{ErrTransition, "unknown status"}, res{ErrTransition, "unknown status"}, "", res{ErrTransition, "unknown status"}},
	}
	check := func(t *testing.T, what string, err error, want res) {
		t.Helper()
		if want.err == nil {
			if err != nil {
				t.Errorf("%s: %v, want allowed", what, err)
			}
			return
		}
		if !errors.Is(err, want.err) || !strings.Contains(err.Error(), want.msg) {
			t.Errorf("%s: %v, want %v saying %q", what, err, want.err, want.msg)
		}
	}
	for _, tc := range tests {
		t.Run(string(tc.status)+"/"+string(tc.cur.Decision), func(t *testing.T) {
			s := Story{Slug: "s", Status: tc.status, Published: published}
			check(t, "CanApprove", CanApprove(s, tc.cur), tc.approve)
			check(t, "CanReject", CanReject(s), tc.reject)
			got, err := StatusAfterEdit(s, Check{Decision: Hold})
			if tc.editStatus != "" && (err != nil || got != tc.editStatus) {
				t.Errorf("StatusAfterEdit(hold) = %s, %v; want %s", got, err, tc.editStatus)
			}
			_, err = StatusAfterEdit(s, blocked.Check)
			check(t, "StatusAfterEdit(reject)", err, tc.editBlock)
		})
	}
	for _, tc := range []struct {
		status Status
		want   error
	}{{StatusPublished, nil}, {StatusHeld, ErrNotFound}, {StatusRejected, ErrNotFound}, {StatusDraft, ErrNotFound}} {
		if err := CanReport(Story{Status: tc.status}); !errors.Is(err, tc.want) {
			t.Errorf("CanReport(%s) = %v, want %v", tc.status, err, tc.want)
		}
	}
	for _, tc := range []struct {
		status CorrectionStatus
		want   error
	}{{CorrectionOpen, nil}, {CorrectionResolved, ErrTransition}, {CorrectionDismissed, ErrTransition}} {
		if err := CanClose(Correction{ID: 1, Status: tc.status}); !errors.Is(err, tc.want) {
			t.Errorf("CanClose(%s) = %v, want %v", tc.status, err, tc.want)
		}
	}
	if lock := PipelineLock(Story{Status: StatusHeld}); lock != "" {
		t.Errorf("an unreviewed held story is locked: %s", lock)
	}
	for _, s := range []Story{{Status: StatusPublished}, {Status: StatusHeld, LastReviewed: published, LastReviewedBy: "ed"}} {
		if PipelineLock(s) == "" {
			t.Errorf("PipelineLock(%+v) is empty, want a reason", s)
		}
	}
}

func TestDigest(t *testing.T) {
	d := Draft{Headline: "H", Dek: "D", Body: []string{"a", "b"}, DraftedBy: "extractive"}
	c := &Check{Decision: Hold, Findings: []Finding{{Rule: "number.traced", Severity: SeverityHold, DraftSpan: [2]int{1, 2}}}}
	base := Digest(d, c)
	variants := map[string]func() string{
		"unchecked":     func() string { return Digest(d, nil) },
		"paragraphs":    func() string { d2 := d; d2.Body = []string{"ab"}; return Digest(d2, c) },
		"body to watch": func() string { d2 := d; d2.Body, d2.Watch = []string{"a"}, []string{"b"}; return Digest(d2, c) },
		"drafter":       func() string { d2 := d; d2.DraftedBy = "llm:x"; return Digest(d2, c) },
		"span": func() string {
			c2 := *c
			c2.Findings = []Finding{{Rule: "number.traced", Severity: SeverityHold, DraftSpan: [2]int{1, 3}}}
			return Digest(d, &c2)
		},
		"rules": func() string { c2 := *c; c2.Rules = []string{"x"}; return Digest(d, &c2) },
	}
	for name, f := range variants {
		if f() == base {
			t.Errorf("%s: same digest as the original", name)
		}
	}
	d3 := d
	d3.Watch = []string{}
	if Digest(d3, c) != base {
		t.Error("nil and empty watch lists digest differently")
	}
	if !sameText(d, d3) || sameText(d, Draft{Headline: "H"}) {
		t.Error("sameText disagrees with the drafts' text")
	}
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		min, max  int
		multiline bool
		want      string
		msg       string
	}{
		{"trimmed", "  hi there \n", 1, 10, false, "hi there", ""},
		{"empty required", "   ", 1, 10, false, "", "is empty"},
		{"empty optional", "", 0, 10, false, "", ""},
		{"too short", "abc", 5, 10, false, "", "at least 5"},
		{"counts characters not bytes", "ééééé", 1, 5, false, "ééééé", ""},
		{"too long", "abcdef", 1, 5, false, "", "the limit is 5"},
		{"line break in one-line text", "a\nb", 1, 5, false, "", "control character"},
		{"line break in multi-line text", "a\nb", 1, 5, true, "a\nb", ""},
		{"NUL", "a\x00b", 1, 5, true, "", "U+0000"},
		{"bad UTF-8", "a\xffb", 1, 5, true, "", "UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := checkText("field", tc.in, tc.min, tc.max, tc.multiline)
			if tc.msg == "" {
				if err != nil || got != tc.want {
					t.Errorf("checkText(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("checkText(%q) error %v, want ErrInvalid saying %q", tc.in, err, tc.msg)
			}
		})
	}
}

func TestCheckDraftDropsEmptyParagraphs(t *testing.T) {
	d, err := CheckDraft(Draft{Headline: " H ", Body: []string{"a", "  ", "b"}, Watch: []string{""}, DraftedBy: "extractive"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Headline != "H" || len(d.Body) != 2 || len(d.Watch) != 0 {
		t.Errorf("CheckDraft = %+v, want trimmed headline, 2 paragraphs, no bullets", d)
	}
	big := Draft{Headline: "H", DraftedBy: "x", Body: []string{strings.Repeat("x", MaxDraftBytes/2), strings.Repeat("y", MaxDraftBytes/2)}}
	if _, err := CheckDraft(big); !errors.Is(err, ErrInvalid) {
		t.Errorf("oversized draft: %v, want ErrInvalid", err)
	}
}

func TestParsers(t *testing.T) {
	if s, err := ParseStatus(" Held "); err != nil || s != StatusHeld {
		t.Errorf("ParseStatus(Held) = %q, %v", s, err)
	}
	if _, err := ParseStatus("archived"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseStatus(archived) = %v, want ErrInvalid", err)
	}
	if c, err := ParseCategory("earnings"); err != nil || c != CategoryEarnings {
		t.Errorf("ParseCategory(earnings) = %q, %v", c, err)
	}
	if s, err := ParseCorrectionStatus("all"); err != nil || s != "" {
		t.Errorf("ParseCorrectionStatus(all) = %q, %v", s, err)
	}
	if _, err := ParseCorrectionStatus("closed"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseCorrectionStatus(closed) = %v, want ErrInvalid", err)
	}
}
