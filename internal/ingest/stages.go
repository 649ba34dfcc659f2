package ingest

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"

	"alphadesk/internal/extract"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/source"
	"alphadesk/internal/textextract"
)

// Stage names, in pipeline order. They are the job kinds' suffixes, the
// values of ingest_items.stage and the stage label of the metrics.
const (
	StagePoll      = "poll"
	StageFetch     = "fetch"
	StageTag       = "tag"
	StageSentiment = "sentiment"
	StageDraft     = "draft"
	StageCheck     = "check"
	StageDecide    = "decide"
	StageRescore   = "rescore"
	// StageDone and StageFailed are where an item ends.
	StageDone   = "done"
	StageFailed = "failed"
)

// Stages lists the stages in order.
var Stages = []string{StagePoll, StageFetch, StageTag, StageSentiment, StageDraft, StageCheck, StageDecide, StageRescore}

// MinArticleWords is the fewest words of feed content that count as the
// article: an item with less (a headline and a teaser) has its linked page
// fetched and extracted instead, when its source is remote.
const MinArticleWords = 80

// MinTagConfidence is the lowest tagger confidence a story keeps a company
// tag at (the tagger's default threshold).
const MinTagConfidence = 0.6

// ItemText returns the plain text of an item from its title and the feed's
// content or summary (sanitised HTML or plain text): the title alone on the
// first line, then the paragraphs separated by blank lines. The tagger reads
// the first line as the headline. Control characters other than line breaks
// and tabs become spaces and invalid UTF-8 becomes U+FFFD: the newsroom
// refuses drafts that carry them.
func ItemText(title, raw string) string {
	title = cleanTitle(title)
	body := raw
	if textextract.LooksLikeHTML([]byte(raw)) || strings.Contains(raw, "</") || strings.Contains(raw, "<p") || strings.Contains(raw, "<br") {
		body = textextract.FromHTML(raw)
	}
	body = normaliseParagraphs(spaceControls(body))
	first, rest, _ := strings.Cut(body, "\n")
	if title != "" && strings.EqualFold(strings.TrimSpace(first), title) {
		body = strings.TrimLeft(rest, "\n")
	}
	switch {
	case title == "":
		return body
	case body == "":
		return title
	}
	return title + "\n\n" + body
}

// cleanTitle is a feed item's title as the text, the drafter and the
// newsroom see it: one line of valid UTF-8, its runs of spaces and control
// characters collapsed to single spaces.
func cleanTitle(title string) string {
	return strings.Join(strings.Fields(spaceControls(title)), " ")
}

// spaceControls replaces control characters other than line breaks and tabs
// with spaces, and invalid UTF-8 with U+FFFD (strings.Map does that).
func spaceControls(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return ' '
		}
		return r
	}, s)
}

// normaliseParagraphs trims every line, collapses runs of blank lines to
// one and trims the ends.
func normaliseParagraphs(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	blank := false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			if blank {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(line)
	}
	return b.String()
}

// NeedsArticle reports whether an item's feed text is too short to draft
// from, so that its linked page should be fetched.
func NeedsArticle(text string) bool { return extract.CountWords(text) < MinArticleWords }

// Item is one stored item as the stages read it.
type Item struct {
	ID         int64
	Key        string // dedupe.ItemKey
	Source     string // the source's name in the sources file
	SourceName string // the publisher named on stories
	Kind       source.Kind
	URL        string
	Title      string
	Text       string
	StoryKey   string
	Tags       []newsroom.Tag
	Sentiment  newsroom.Sentiment
}

// SourceText is the source text drafts are written from and checked
// against: the item's text, which starts with its title.
func (it Item) SourceText() source.Source {
	return source.Source{Name: it.SourceName, URL: it.URL, Title: cleanTitle(it.Title), Kind: it.Kind, Text: it.Text}
}

// StorySources orders a story's items (oldest first, by ID) and returns
// them as sources, with the hash that identifies the set.
func StorySources(items []Item) ([]source.Source, string) {
	items = slices.Clone(items)
	slices.SortFunc(items, func(a, b Item) int { return cmp.Compare(a.ID, b.ID) })
	srcs := make([]source.Source, len(items))
	keys := make([]string, len(items))
	for i, it := range items {
		srcs[i] = it.SourceText()
		keys[i] = it.Key
	}
	return srcs, SourcesHash(keys)
}

// SourcesHash identifies a set of item keys, whatever their order.
func SourcesHash(keys []string) string {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// StoryTags merges the tags of a story's items: for each company the tag
// from the item that is most confident about it (its mentions are offsets
// into that item's text), most salient first.
func StoryTags(items []Item) []newsroom.Tag {
	best := map[string]newsroom.Tag{}
	for _, it := range items {
		for _, t := range it.Tags {
			if b, ok := best[t.Symbol]; !ok || t.Confidence > b.Confidence || t.Confidence == b.Confidence && t.Salience > b.Salience {
				best[t.Symbol] = t
			}
		}
	}
	out := make([]newsroom.Tag, 0, len(best))
	for _, t := range best {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b newsroom.Tag) int {
		if c := cmp.Compare(b.Salience, a.Salience); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Confidence, a.Confidence); c != 0 {
			return c
		}
		return cmp.Compare(a.Symbol, b.Symbol)
	})
	return out
}

// TagConfidence is the confidence the publishing rules are given for a
// story's tags: the lowest among its companies, or -1 (not measured, see
// rules.TagConfidenceUnknown) when it has none.
func TagConfidence(tags []newsroom.Tag) float64 {
	if len(tags) == 0 {
		return -1
	}
	lo := 1.0
	for _, t := range tags {
		lo = min(lo, t.Confidence)
	}
	return lo
}

// StorySentiment is the mean document sentiment of a story's items,
// labelled with the label most of them share (ties: neutral).
func StorySentiment(items []Item) newsroom.Sentiment {
	var (
		sum    float64
		n      int
		labels = map[string]int{}
	)
	for _, it := range items {
		if it.Sentiment.Label == "" {
			continue
		}
		sum += it.Sentiment.Score
		n++
		labels[it.Sentiment.Label]++
	}
	if n == 0 {
		return newsroom.Sentiment{}
	}
	label, top, tie := "", 0, false
	for _, l := range []string{"positive", "negative", "neutral"} {
		switch c := labels[l]; {
		case c > top:
			label, top, tie = l, c, false
		case c == top && c > 0:
			tie = true
		}
	}
	if tie {
		label = "neutral"
	}
	return newsroom.Sentiment{Label: label, Score: clampScore(sum / float64(n))}
}

// Submission builds the newsroom submission of a story from its items and
// its checked draft.
func Submission(storyKey string, items []Item, d newsroom.Draft, c newsroom.Check) newsroom.Submission {
	items = slices.Clone(items)
	slices.SortFunc(items, func(a, b Item) int { return cmp.Compare(a.ID, b.ID) })
	sub := newsroom.Submission{Key: storyKey, Draft: d, Check: &c, Tags: StoryTags(items), Sentiment: StorySentiment(items)}
	if sub.Tags == nil {
		sub.Tags = []newsroom.Tag{}
	}
	for _, it := range items {
		sub.Sources = append(sub.Sources, newsroom.Source{
			ItemKey: it.Key, Name: it.SourceName, URL: it.URL, Kind: string(it.Kind), Title: cleanTitle(it.Title), Text: it.Text,
		})
	}
	return sub
}

// DisplayName turns a source's name in the sources file ("demo-wire") into
// the publisher name stories show ("Demo Wire") when the source gives none.
func DisplayName(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
