package extract

import (
	"math"
	"strings"
	"testing"
)

// fig is the part of a Figure a test case states.
type fig struct {
	text     string
	kind     Kind
	low      float64
	high     float64 // 0: same as low
	currency string
	signed   bool
	hedge    Hedge
	date     DateParts
}

func TestFigures(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []fig
	}{
		{"billion shorthand", "backlog reaches $364B.", []fig{{text: "$364B", kind: Money, low: 364e9, currency: "USD"}}},
		{"billion word", "stands at $364 billion", []fig{{text: "$364 billion", kind: Money, low: 364e9, currency: "USD"}}},
		{"bn", "a $364bn backlog and $364 bn", []fig{{text: "$364bn", kind: Money, low: 364e9, currency: "USD"}, {text: "$364 bn", kind: Money, low: 364e9, currency: "USD"}}},
		{"thousand millions", "364,000 million dollars", []fig{{text: "364,000 million dollars", kind: Money, low: 364e9, currency: "USD"}}},
		{"cents", "priced at $263.04.", []fig{{text: "$263.04", kind: Money, low: 263.04, currency: "USD"}}},
		{"shorthand range", "Q2 sales of $194B-$199B as", []fig{{text: "$194B-$199B", kind: Money, low: 194e9, high: 199e9, currency: "USD"}}},
		{"word range", "$194 billion to $199 billion", []fig{{text: "$194 billion to $199 billion", kind: Money, low: 194e9, high: 199e9, currency: "USD"}}},
		{"between range", "between $194 billion and $199 billion.", []fig{{text: "$194 billion and $199 billion", kind: Money, low: 194e9, high: 199e9, currency: "USD"}}},
		{"en dash range unit once", "$194–199 billion", []fig{{text: "$194–199 billion", kind: Money, low: 194e9, high: 199e9, currency: "USD"}}},
		{"unit on second end", "$194-$199 billion", []fig{{text: "$194-$199 billion", kind: Money, low: 194e9, high: 199e9, currency: "USD"}}},
		{"percent range", "margins of 28-30%", []fig{{text: "28-30%", kind: Percent, low: 28, high: 30}}},
		{"from to is not a range", "rose from $1 billion to $2 billion", []fig{{text: "$1 billion", kind: Money, low: 1e9, currency: "USD"}, {text: "$2 billion", kind: Money, low: 2e9, currency: "USD"}}},
		{"and without between", "$194 billion and $199 billion", []fig{{text: "$194 billion", kind: Money, low: 194e9, currency: "USD"}, {text: "$199 billion", kind: Money, low: 199e9, currency: "USD"}}},
		{"percent sign", "grew 28% in", []fig{{text: "28%", kind: Percent, low: 28}}},
		{"percent word", "grew by 28 percent", []fig{{text: "28 percent", kind: Percent, low: 28}}},
		{"per cent", "grew by 28 per cent", []fig{{text: "28 per cent", kind: Percent, low: 28}}},
		{"pct", "up 28 pct", []fig{{text: "28 pct", kind: Percent, low: 28}}},
		{"signed percent", "shares +1.29% today", []fig{{text: "+1.29%", kind: Percent, low: 1.29, signed: true}}},
		{"negative percent", "fell -3.5%", []fig{{text: "-3.5%", kind: Percent, low: -3.5, signed: true}}},
		{"unicode minus", "down −4.5%", []fig{{text: "−4.5%", kind: Percent, low: -4.5, signed: true}}},
		{"accounting negative", "a loss of ($1.5 billion)", []fig{{text: "($1.5 billion)", kind: Money, low: -1.5e9, currency: "USD", signed: true}}},
		{"parenthetical count", "three firms (3) said", []fig{{text: "three", kind: Count, low: 3}, {text: "3", kind: Count, low: 3}}},
		{"percentage points", "up 2.5 percentage points", []fig{{text: "2.5 percentage points", kind: Points, low: 2.5}}},
		{"basis points", "cut 25 basis points and 50bps", []fig{{text: "25 basis points", kind: Points, low: 0.25}, {text: "50bps", kind: Points, low: 0.5}}},
		{"multiple", "trades at 1.5x sales", []fig{{text: "1.5x", kind: Multiple, low: 1.5}}},
		{"multiple in words", "bids of 4.5 times the issue size", []fig{{text: "4.5 times", kind: Multiple, low: 4.5}}},
		{"spelled multiple", "three times the size", []fig{{text: "three times", kind: Multiple, low: 3}}},
		{"hyphenated magnitude", "its 1.6-million-tonne furnace", []fig{{text: "1.6-million", kind: Count, low: 1.6e6}}},
		{"spelled basis points", "up nine basis points", []fig{{text: "nine basis points", kind: Points, low: 0.09}}},
		{"spelled bps", "up nine bps", []fig{{text: "nine bps", kind: Points, low: 0.09}}},
		{"spelled percentage points", "three percentage points lower", []fig{{text: "three percentage points", kind: Points, low: 3}}},
		{"times after money is not a multiple", "$5 times two", []fig{{text: "$5", kind: Money, low: 5, currency: "USD"}}},
		{"score", "an Alpha Score of 54/100", []fig{{text: "54/100", kind: Score, low: 54}}},
		{"score words", "scored 54 out of 100", []fig{{text: "54 out of 100", kind: Score, low: 54}}},
		{"count with separators", "1,500 employees", []fig{{text: "1,500", kind: Count, low: 1500}}},
		{"count magnitude", "3.2 million users", []fig{{text: "3.2 million", kind: Count, low: 3.2e6}}},
		{"spelled count", "three analysts", []fig{{text: "three", kind: Count, low: 3}}},
		{"spelled compound", "twenty-five million shares", []fig{{text: "twenty-five million", kind: Count, low: 25e6}}},
		{"a dozen", "a dozen analysts", []fig{{text: "dozen", kind: Count, low: 12}}},
		{"one and two are not figures", "one of two firms", nil},
		{"ordinal words are not figures", "the second quarter and first-quarter results", nil},
		{"numeric ordinal is not a figure", "ranked 3rd", nil},
		{"quarter label", "Q2 sales in FY25 and H1", nil},
		{"model numbers", "the A320 and 4G and 5nm chips", nil},
		{"covid", "COVID-19 cases", nil},
		{"index names", "the S&P 500 and the Russell 2000 and Nasdaq 100", nil},
		{"chapter 11", "filed for Chapter 11", nil},
		{"form names", "in its 10-K and 8-K filings", nil},
		{"decade", "since the 1990s", nil},
		{"url", "see https://example.com/2026/04/30/story-123 now", nil},
		{"fraction", "open 24/7 since 9/11", nil},
		{"year", "in 2026, sales", []fig{{text: "2026", kind: Year, low: 2026, date: DateParts{Year: 2026}}}},
		{"fiscal year", "in fiscal 2025", []fig{{text: "2025", kind: Year, low: 2025, date: DateParts{Year: 2025}}}},
		{"mid year", "by mid-2026", []fig{{text: "2026", kind: Year, low: 2026, date: DateParts{Year: 2026}}}},
		{"year range", "over 2025-26", []fig{{text: "2025-26", kind: Year, low: 2025, high: 2026, date: DateParts{Year: 2025}}}},
		{"month day year", "on April 30, 2026, the", []fig{{text: "April 30, 2026", kind: Date, date: DateParts{2026, 4, 30}}}},
		{"month day", "on Apr. 30 the", []fig{{text: "Apr. 30", kind: Date, date: DateParts{0, 4, 30}}}},
		{"day month year", "on 30 April 2026", []fig{{text: "30 April 2026", kind: Date, date: DateParts{2026, 4, 30}}}},
		{"month year", "in March 2026", []fig{{text: "March 2026", kind: Date, date: DateParts{2026, 3, 0}}}},
		{"ordinal day", "on April 30th", []fig{{text: "April 30th", kind: Date, date: DateParts{0, 4, 30}}}},
		{"iso date", "dated 2026-04-30.", []fig{{text: "2026-04-30", kind: Date, date: DateParts{2026, 4, 30}}}},
		{"us date", "on 4/30/2026", []fig{{text: "4/30/2026", kind: Date, date: DateParts{2026, 4, 30}}}},
		{"lower-case may is not a month", "it may rise 30%", []fig{{text: "30%", kind: Percent, low: 30}}},
		{"time", "at 10:30 a.m. ET", []fig{{text: "10:30 a.m.", kind: Time, low: 630}}},
		{"clock", "at 2 p.m.", []fig{{text: "2 p.m.", kind: Time, low: 840}}},
		{"euro", "€2.1 billion", []fig{{text: "€2.1 billion", kind: Money, low: 2.1e9, currency: "EUR"}}},
		{"pound", "£300m", []fig{{text: "£300m", kind: Money, low: 300e6, currency: "GBP"}}},
		{"us dollar prefix", "US$5 billion", []fig{{text: "US$5 billion", kind: Money, low: 5e9, currency: "USD"}}},
		{"canadian dollar", "C$3.5 billion", []fig{{text: "C$3.5 billion", kind: Money, low: 3.5e9, currency: "CAD"}}},
		{"cents", "a dividend of 58 cents a share and 10¢", []fig{{text: "58 cents", kind: Money, low: 0.58}, {text: "10¢", kind: Money, low: 0.10}}},
		{"per cent is not cents", "58 per cent", []fig{{text: "58 per cent", kind: Percent, low: 58}}},
		{"currency code", "EUR 3m", []fig{{text: "EUR 3m", kind: Money, low: 3e6, currency: "EUR"}}},
		{"hedge approx", "about 1,500 jobs", []fig{{text: "1,500", kind: Count, low: 1500, hedge: Approx}}},
		{"hedge at least", "more than $1 billion", []fig{{text: "$1 billion", kind: Money, low: 1e9, currency: "USD", hedge: AtLeast}}},
		{"hedge at most", "up to 5%", []fig{{text: "5%", kind: Percent, low: 5, hedge: AtMost}}},
		{"headline tops", "Volume Tops $400 Billion", []fig{{text: "$400 Billion", kind: Money, low: 4e11, currency: "USD", hedge: AtLeast}}},
		{"exceeded", "demand exceeded 3.4x", []fig{{text: "3.4x", kind: Multiple, low: 3.4, hedge: AtLeast}}},
		{"stop is not top", "a stop 12 miles on", []fig{{text: "12", kind: Count, low: 12}}},
		{"hedge needs a word boundary", "moreover 5%", []fig{{text: "5%", kind: Percent, low: 5}}},
		{"hard wrapped", "$364\nbillion", []fig{{text: "$364\nbillion", kind: Money, low: 364e9, currency: "USD"}}},
		{"no-break space", "28\u00a0%", []fig{{text: "28\u00a0%", kind: Percent, low: 28}}},
		{"hyphen compound keeps number", "a 10-year note", []fig{{text: "10", kind: Count, low: 10}}},
		{"invalid utf8", "grew \xff28%\xfe", []fig{{text: "28%", kind: Percent, low: 28}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Figures(tc.in)
			if len(got) != len(tc.want) {
				t.Fatalf("Figures(%q) found %d figures %v, want %d", tc.in, len(got), texts(tc.in, got), len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if s := tc.in[g.Start:g.End]; s != w.text {
					t.Errorf("figure %d text %q, want %q", i, s, w.text)
				}
				if g.Kind != w.kind {
					t.Errorf("figure %d %q kind %v, want %v", i, w.text, g.Kind, w.kind)
				}
				if w.kind != Date && !near(g.Low.Value, w.low) {
					t.Errorf("figure %d %q low %v, want %v", i, w.text, g.Low.Value, w.low)
				}
				wantHigh := w.high
				if wantHigh == 0 {
					wantHigh = w.low
				}
				if w.kind != Date && !near(g.High.Value, wantHigh) {
					t.Errorf("figure %d %q high %v, want %v", i, w.text, g.High.Value, wantHigh)
				}
				if g.Range != (w.high != 0) {
					t.Errorf("figure %d %q range %v, want %v", i, w.text, g.Range, w.high != 0)
				}
				if g.Currency != w.currency {
					t.Errorf("figure %d %q currency %q, want %q", i, w.text, g.Currency, w.currency)
				}
				if g.Low.Signed != w.signed {
					t.Errorf("figure %d %q signed %v, want %v", i, w.text, g.Low.Signed, w.signed)
				}
				if g.Hedge != w.hedge {
					t.Errorf("figure %d %q hedge %v, want %v", i, w.text, g.Hedge, w.hedge)
				}
				if g.Date != w.date {
					t.Errorf("figure %d %q date %+v, want %+v", i, w.text, g.Date, w.date)
				}
			}
		})
	}
}

func TestFigurePrecision(t *testing.T) {
	tests := []struct {
		in              string
		step, looseStep float64
	}{
		{"28%", 1, 1},
		{"28.4%", 0.1, 0.1},
		{"$263.04", 0.01, 0.01},
		{"$364B", 1e9, 1e9},
		{"$364.2 billion", 1e8, 1e8},
		{"1,500", 1, 100},
		{"$0.36 trillion", 1e10, 1e10},
		{"30%", 1, 10},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			fs := Figures(tc.in)
			if len(fs) != 1 {
				t.Fatalf("Figures(%q) = %v, want one figure", tc.in, texts(tc.in, fs))
			}
			if got := fs[0].Low; !near(got.Step, tc.step) || !near(got.LooseStep, tc.looseStep) {
				t.Errorf("step %v loose %v, want %v and %v", got.Step, got.LooseStep, tc.step, tc.looseStep)
			}
		})
	}
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func texts(s string, fs []Figure) []string {
	var out []string
	for _, f := range fs {
		out = append(out, s[f.Start:f.End])
	}
	return out
}

func TestFigureChangeIsNotRange(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Net sales rose 2.4% to $3.2 billion.", []string{"2.4%", "$3.2 billion"}},
		{"deliveries rose 9% to 412,300", []string{"9%", "412,300"}},
		{"margin grew 2 points to 14%", []string{"2", "14%"}},
		{"revenue of $1 million to $20 million", []string{"$1 million to $20 million"}},
		{"a range of 5 to 500", []string{"5", "500"}},
	}
	for _, tc := range tests {
		got := texts(tc.in, Figures(tc.in))
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Figures(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
