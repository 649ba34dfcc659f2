package web

import (
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
)

// articlePage is the data of a story page.
type articlePage struct {
	layout
	Slug      string
	Category  string
	Sentiment badge
	Headline  string
	Dek       string
	Tickers   []chip
	Published stamp
	Reviewed  stamp
	Updated   stamp // the current version's time, when it is a later edit
	Cards     []snapshotCard
	Body      []template.HTML
	Watch     []template.HTML
	Sources   []sourceView
	Produced  producedView
	Notes     []noteView
	// DemoStory: the story was drafted from simulated demo sources.
	DemoStory bool
}

// snapshotCard is one company of the Research Snapshot.
type snapshotCard struct {
	Symbol, Name, URL string
	Sector            string // one of the 11 GICS sectors, else ""
	Sentiment         badge  // toward this company in the story
	Score             scoreView
	HasScore          bool // a score record exists (scored or not)
	Quote             quoteView
	Demo              bool
}

// sourceView is one named source of a story.
type sourceView struct {
	Name, Title, Kind string
	URL               string // http(s) only; "" when absent or unsafe
	Demo              bool
}

// producedView is "How this story was produced", from the story's record.
type producedView struct {
	DraftedBy string
	Rules     []string
	Decision  string // the sentence saying what the rules decided
	Reviewer  string
	Reviewed  stamp
	Version   int
	Change    string // why the current version exists, when not the first draft
}

// noteView is a dated correction note.
type noteView struct {
	Date stamp
	Text string
}

// showArticle renders one published story.
func (s *Server) showArticle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := r.PathValue("slug")
	if s.news == nil || slug == "" || len(slug) > 200 {
		s.notFound(w, r)
		return
	}
	d, err := s.news.Story(ctx, slug)
	if errors.Is(err, newsroom.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, fmt.Errorf("story %q: %w", slug, err))
		return
	}
	if d.Status != newsroom.StatusPublished {
		// Held, rejected and draft stories do not exist for readers.
		s.logger.DebugContext(ctx, "Unpublished story requested", slog.String(logKeyStory, slug))
		s.notFound(w, r)
		return
	}
	v := d.Current()
	p := articlePage{
		layout:    layout{Title: v.Headline, Description: v.Dek, Nav: navMarkets},
		Slug:      d.Slug,
		Category:  string(d.Category),
		Sentiment: sentimentBadge(d.Sentiment),
		Headline:  v.Headline,
		Dek:       v.Dek,
		Published: newStamp(d.Published),
		Reviewed:  newStamp(d.LastReviewed),
	}
	if v.Number > 1 && v.Created.After(d.Published) {
		p.Updated = newStamp(v.Created)
	}
	symbols := make([]string, len(d.Tags))
	for i, t := range d.Tags {
		symbols[i] = t.Symbol
	}
	p.Tickers = chips(symbols)

	var targets []linkTarget
	prices := map[string]bool{}
	for _, t := range d.Tags {
		card, sec, err := s.snapshotCard(r, t)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		p.Cards = append(p.Cards, card)
		if card.Quote.Source != "" {
			prices[card.Quote.Source] = true
		}
		p.Demo = p.Demo || card.Demo
		targets = append(targets, linkTarget{Symbol: t.Symbol, URL: stockURL(t.Symbol), Names: companyNames(sec, t)})
	}
	for src := range prices {
		p.Lineage.Prices = append(p.Lineage.Prices, src)
	}
	slices.Sort(p.Lineage.Prices)

	done := map[string]bool{}
	for _, para := range v.Body {
		p.Body = append(p.Body, linkNames(para, targets, done))
	}
	for _, item := range v.Watch {
		p.Watch = append(p.Watch, linkNames(item, targets, done))
	}
	for _, src := range d.Sources {
		sv := sourceView{Name: src.Name, Title: src.Title, Kind: src.Kind, URL: safeURL(src.URL)}
		sv.Demo = isDemoSource(src)
		p.DemoStory = p.DemoStory || sv.Demo
		p.Sources = append(p.Sources, sv)
	}
	p.Demo = p.Demo || p.DemoStory
	p.Produced = produced(d, v)
	for _, c := range d.Notes() {
		p.Notes = append(p.Notes, noteView{Date: newStamp(c.Resolved), Text: c.Note})
	}
	s.html(w, r, http.StatusOK, "article_show", p)
}

// snapshotCard builds one company's Research Snapshot card from alphadesk's
// own data: the securities master, the latest saved score and the latest
// bars. A company the database does not know still gets a card.
func (s *Server) snapshotCard(r *http.Request, t newsroom.Tag) (snapshotCard, market.Security, error) {
	ctx, now := r.Context(), s.now()
	card := snapshotCard{Symbol: t.Symbol, Name: t.Name, URL: stockURL(t.Symbol), Sentiment: sentimentBadge(t.Sentiment)}
	sec, err := s.store.Security(ctx, t.Symbol)
	switch {
	case errors.Is(err, store.ErrNotFound):
		sec = market.Security{Symbol: t.Symbol, Name: t.Name}
	case err != nil:
		return card, sec, fmt.Errorf("security %s: %w", t.Symbol, err)
	default:
		card.Name = sec.DisplayName()
		card.Sector = sectorName(sec.Sector)
	}
	rec, ok, err := s.latestScore(ctx, t.Symbol, now)
	if err != nil {
		return card, sec, err
	}
	if ok {
		card.HasScore, card.Score = true, newScoreView(rec)
	}
	if card.Quote, err = s.latestQuote(ctx, t.Symbol, now); err != nil {
		return card, sec, err
	}
	card.Demo = card.Quote.Source == demoSource
	return card, sec, nil
}

// produced writes "How this story was produced" from the story's record:
// the drafter, the rules applied, their decision and any editor's review.
func produced(d newsroom.Detail, v newsroom.Version) producedView {
	p := producedView{Rules: v.Rules, Version: v.Number}
	switch by := v.DraftedBy; {
	case by == "extractive":
		p.DraftedBy = "alphadesk's extractive drafter, which selects and orders sentences from the named sources"
	case strings.HasPrefix(by, "llm:"):
		p.DraftedBy = "a language model (" + strings.TrimPrefix(by, "llm:") + ") writing only from the named sources"
	case by != "":
		p.DraftedBy = by
	default:
		p.DraftedBy = "an unrecorded drafter"
	}
	var approved *newsroom.AuditEntry
	for i := range d.Audit {
		if d.Audit[i].Action == newsroom.ActionApproved {
			approved = &d.Audit[i]
		}
	}
	switch {
	case approved != nil:
		held := v
		for _, old := range d.Versions {
			if old.Number == approved.Version {
				held = old
			}
		}
		p.Decision = fmt.Sprintf("The publishing rules held it for review (%s); an editor approved it for publication.",
			plural(len(newsroom.Blocking(held.Findings)), "finding", "findings"))
		if held.Number != v.Number {
			p.Decision += fmt.Sprintf(" The current version was checked again: %s.", decisionWords(v.Decision))
		}
	case v.Decision == newsroom.Publish:
		p.Decision = "The publishing rules raised no finding that needs an editor, so it was published automatically."
	default:
		p.Decision = fmt.Sprintf("The rules' last decision was: %s.", decisionWords(v.Decision))
	}
	if !d.LastReviewed.IsZero() {
		p.Reviewer, p.Reviewed = d.LastReviewedBy, newStamp(d.LastReviewed)
	}
	switch v.Change {
	case newsroom.ChangeEdited:
		p.Change = "edited by an editor"
	case newsroom.ChangeCorrected:
		p.Change = "corrected after a reader's report"
	case newsroom.ChangeRedrafted:
		p.Change = "redrafted from updated sources"
	}
	return p
}

// decisionWords is a rules decision in words.
func decisionWords(d newsroom.Decision) string {
	switch d {
	case newsroom.Publish:
		return "no finding needs an editor"
	case newsroom.Hold:
		return "hold for an editor"
	case newsroom.Reject:
		return "reject"
	}
	return "not checked"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// safeURL returns u when it is an absolute http or https URL, else "".
func safeURL(u string) string {
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return ""
	}
	return pu.String()
}

// isDemoSource reports whether a source is one of the demo's simulated
// ones: named "Demo …", or at a reserved .invalid host.
func isDemoSource(src newsroom.Source) bool {
	if strings.HasPrefix(src.Name, "Demo ") {
		return true
	}
	if pu, err := url.Parse(src.URL); err == nil && strings.HasSuffix(pu.Hostname(), ".invalid") {
		return true
	}
	return false
}
