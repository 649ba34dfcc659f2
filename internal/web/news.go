package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// Pieces shared by the pages that show stories and scores.

// scoreMethod is the saved score method the pages show.
const scoreMethod = "alpha"

// timeLayout shows a story time; the zone abbreviation follows it.
const timeLayout = "Jan 2, 2006 3:04 PM MST"

// newYork is the desk's time zone: US markets keep it, so times are shown
// in it, with the zone written out.
var newYork = market.CloseTime(time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)).Location()

// stamp is a time ready to show: the text and the machine-readable value.
type stamp struct {
	OK       bool
	Text     string // "Nov 20, 2026 4:00 PM EST"
	Datetime string // RFC 3339 with offset
}

func newStamp(t time.Time) stamp {
	if t.IsZero() {
		return stamp{}
	}
	t = t.In(newYork)
	return stamp{OK: true, Text: t.Format(timeLayout), Datetime: t.Format(time.RFC3339)}
}

// badge is a sentiment label ready to show: text and symbol, so it does
// not rely on colour.
type badge struct {
	Label string // "Positive", "Neutral", "Negative"; "" when not measured
	Class string // CSS class: "positive", "neutral", "negative"
	Mark  string // the symbol before the label
}

func sentimentBadge(s newsroom.Sentiment) badge {
	switch s.Label {
	case "positive":
		return badge{Label: "Positive", Class: "positive", Mark: "▲"}
	case "negative":
		return badge{Label: "Negative", Class: "negative", Mark: "▼"}
	case "neutral":
		return badge{Label: "Neutral", Class: "neutral", Mark: "●"}
	}
	return badge{}
}

// chip is a ticker linking to its stock page.
type chip struct {
	Symbol, URL string
}

func chips(symbols []string) []chip {
	out := make([]chip, len(symbols))
	for i, s := range symbols {
		out[i] = chip{Symbol: s, URL: stockURL(s)}
	}
	return out
}

func stockURL(symbol string) string { return "/stocks/" + url.PathEscape(symbol) }

func storyURL(slug string) string { return "/news/" + url.PathEscape(slug) }

// scoreView is a saved Alpha Score ready to show. The band always comes
// from score.BandOf on the shown number, so label and sentence agree.
type scoreView struct {
	OK       bool // scored
	Whole    int
	Band     string
	Class    string // CSS class: the band in lower case
	AsOf     time.Time
	Coverage int
	Capped   bool
	// Explanation is the record's sentence without the coverage note,
	// which CoverageNote carries.
	Explanation  string
	CoverageNote string
	Missing      []string // "sentiment" …: signals absent from the record
	Signals      []signalView
}

// signalView is one signal of a saved score.
type signalView struct {
	Name  string
	OK    bool
	Whole int
	Score string // one decimal
	Band  string
	Class string
}

// coverageNote is the sentence a capped score carries, as internal/score
// writes it.
func coverageNote(coverage int) string {
	return fmt.Sprintf("Based on %d of %d signals — capped at %d until the remaining data arrives.",
		coverage, len(score.Signals), score.CapThreeSignals)
}

func newScoreView(r store.ScoreRecord) scoreView {
	v := scoreView{AsOf: r.AsOf, Coverage: r.Coverage, Capped: r.Capped}
	v.Explanation = strings.TrimSpace(r.Explanation)
	if r.Score != nil && !math.IsNaN(*r.Score) {
		v.OK = true
		v.Whole = score.Whole(*r.Score)
		b := score.BandOf(*r.Score)
		v.Band, v.Class = b.String(), strings.ToLower(b.String())
	}
	if v.OK && (r.Capped || r.Coverage < len(score.Signals)) {
		v.CoverageNote = coverageNote(r.Coverage)
		v.Explanation = strings.TrimSpace(strings.TrimSuffix(v.Explanation, v.CoverageNote))
	}
	sigs := []*float64{r.Momentum, r.Value, r.Quality, r.Sentiment}

	for i, sig := range score.Signals {
		sv := signalView{Name: sig.String()}
		if p := sigs[i]; p != nil && !math.IsNaN(*p) {
			b := score.BandOf(*p)
			sv.OK, sv.Whole, sv.Score = true, score.Whole(*p), signed(*p, 1, false)
			sv.Band, sv.Class = b.String(), strings.ToLower(b.String())
		} else {
			v.Missing = append(v.Missing, sig.String())
		}
		v.Signals = append(v.Signals, sv)
	}
	if v.OK && !agrees(v.Explanation, v.Whole, score.BandOf(*r.Score)) {
		v.Explanation = explainRecord(v)
	}
	return v
}

// agrees reports whether an explanation names the score and band shown
// next to it. A sentence saved by an older vocabulary, or edited, could
// say otherwise; then the page writes its own.
func agrees(explanation string, whole int, b score.Band) bool {
	want := fmt.Sprintf("Alpha Score of %d reflects %s %s overall profile", whole, b.Article(), b.Word())
	return strings.HasPrefix(explanation, want)
}

// explainRecord writes the explanation from a saved score's numbers, in
// internal/score's words: the score's band, then each signal's.
func explainRecord(v scoreView) string {
	b, _ := score.ParseBand(v.Band)
	var have, missing []string
	for _, sig := range v.Signals {
		if sig.OK {
			bb, _ := score.ParseBand(sig.Band)
			have = append(have, bb.Word()+" "+sig.Name)
		} else {
			missing = append(missing, "no "+sig.Name+" signal")
		}
	}
	out := fmt.Sprintf("Alpha Score of %d reflects %s %s overall profile: %s", v.Whole, b.Article(), b.Word(), strings.Join(have, ", "))
	if len(missing) > 0 {
		out += "; " + strings.Join(missing, "; ")
	}
	return out + "."
}

// scoreWindow is how far back from now a page looks for a company's
// latest saved score.
const scoreWindow = 400 * 24 * time.Hour

// latestScore returns a company's latest saved score, ok=false when none.
func (s *Server) latestScore(ctx context.Context, symbol string, now time.Time) (store.ScoreRecord, bool, error) {
	recs, err := s.store.ScoreHistory(ctx, symbol, scoreMethod, now.Add(-scoreWindow), time.Time{})
	if err != nil {
		return store.ScoreRecord{}, false, fmt.Errorf("score history %s: %w", symbol, err)
	}
	if len(recs) == 0 {
		return store.ScoreRecord{}, false, nil
	}
	return recs[len(recs)-1], true, nil
}

// quoteView is a company's latest close and day change.
type quoteView struct {
	OK      bool
	Price   string
	Change  change
	Session stamp // the session's close, New York time
	Stale   bool
	Source  string
}

// latestQuote reads a company's last two sessions; a company missing from
// the securities master or without prices has no quote.
func (s *Server) latestQuote(ctx context.Context, symbol string, now time.Time) (quoteView, error) {
	q, err := s.store.Quote(ctx, symbol)
	if errors.Is(err, store.ErrNotFound) {
		return quoteView{}, nil
	}
	if err != nil {
		return quoteView{}, fmt.Errorf("quote %s: %w", symbol, err)
	}
	if !q.HasPrice() {
		return quoteView{}, nil
	}
	closeAt := market.CloseTime(q.Last.Date)
	return quoteView{OK: true, Price: money(q.Last.Close), Change: newChange(q.Change()),
		Session: newStamp(closeAt), Stale: now.Sub(closeAt) > staleAfter, Source: q.Last.Source}, nil
}

// sectorName returns the security's sector when it is one of the eleven
// GICS sectors, else "".
func sectorName(sec market.Sector) string {
	if sec.Valid() {
		return string(sec)
	}
	return ""
}

// linkNames inserts links to stock pages into one paragraph of story text
// without changing a character of it: the first mention of each company in
// the story, found by its names, becomes a link to the company's page.
// done records the companies already linked in earlier paragraphs.
func linkNames(text string, targets []linkTarget, done map[string]bool) template.HTML {
	type span struct {
		start, end int
		url        string
	}
	var spans []span
	overlaps := func(a, b int) bool {
		for _, sp := range spans {
			if a < sp.end && sp.start < b {
				return true
			}
		}
		return false
	}
	for _, t := range targets {
		if done[t.Symbol] {
			continue
		}
		best := -1
		bestEnd := 0
		for _, name := range t.Names {
			for from := 0; from < len(text); {
				i := strings.Index(text[from:], name)
				if i < 0 {
					break
				}
				i += from
				end := i + len(name)
				if wordEdge(text, i, end) && !overlaps(i, end) {
					if best < 0 || i < best || (i == best && end > bestEnd) {
						best, bestEnd = i, end
					}
					break
				}
				from = i + 1
			}
		}
		if best >= 0 {
			spans = append(spans, span{best, bestEnd, t.URL})
			done[t.Symbol] = true
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		b.WriteString(template.HTMLEscapeString(text[at:sp.start]))
		b.WriteString(`<a class="company" href="`)
		b.WriteString(template.HTMLEscapeString(sp.url))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(text[sp.start:sp.end]))
		b.WriteString(`</a>`)
		at = sp.end
	}
	b.WriteString(template.HTMLEscapeString(text[at:]))
	return template.HTML(b.String()) //nolint:gosec // every piece of text is escaped above
}

// wordEdge reports whether text[i:end] starts and ends at word boundaries.
func wordEdge(text string, i, end int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// linkTarget is a company the body may link: its names, longest first.
type linkTarget struct {
	Symbol, URL string
	Names       []string
}

// companyNames lists the names a story may call a company by: its short
// name, aliases, legal name and the names the tagger found, longest first.
// Tickers are left out: a story that writes "AMZN" is quoting a symbol, and
// the chips above the story already link it.
func companyNames(sec market.Security, tag newsroom.Tag) []string {
	var names []string
	add := func(n string) {
		n = strings.TrimSpace(n)
		if utf8.RuneCountInString(n) >= 2 && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	add(sec.Name)
	for _, a := range sec.Aliases {
		add(a)
	}
	add(sec.LegalName)
	add(tag.Name)
	for _, m := range tag.Mentions {
		if m.Via == "name" || m.Via == "alias" {
			add(m.Text)
		}
	}
	slices.SortStableFunc(names, func(a, b string) int { return len(b) - len(a) })
	return names
}
