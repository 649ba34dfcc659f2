package ingest

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/source"
)

// FuzzItemText runs a feed item's title and content (plain text or
// sanitised HTML, as a feed hands it over) through the stages' engines:
// ItemText, tagging, sentiment, drafting and the publishing rules. Nothing
// may panic, the text keeps ItemText's shape, every mention points into the
// text, scores stay in range, and whatever the drafter and the rules return
// passes the newsroom's own validation, so a story never fails at submit.
func FuzzItemText(f *testing.F) {
	f.Add("Apple beats estimates", "<p>Apple Inc. (NASDAQ: AAPL) said on Thursday that revenue rose 8% to $94.9 billion.</p>"+
		"<p>&ldquo;We are very pleased,&rdquo; said Tim Cook, chief executive.</p><ul><li>Shares up 3%</li></ul>")
	f.Add("Microsoft to buy Activision", "Microsoft Corp. agreed to buy Activision Blizzard for $68.7 billion in cash.\r\n\r\n\r\n"+
		"The deal, at $95 a share, is a 45% premium. Shares of MSFT fell 2.4% while ATVI jumped 26%.")
	f.Add("", "Headline only in the body\n\nAnd a second paragraph, with Tesla (TSLA) and Ford.")
	f.Add("  Same  title ", "same TITLE\n\nBody text.")
	f.Add("Q3 results", "<table><tr><td>Revenue</td><td>$1.2bn</td></tr></table><br>Net loss of $(0.3) per share.")
	f.Add("\xff\xfe", "<p\x00>\u2028\u00a0</p>")
	f.Add("Fed holds rates", strings.Repeat("The Federal Reserve held rates at 5.25%. ", 60))
	eng := engines(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, title, raw string) {
		text := ItemText(title, raw)
		if strings.Contains(text, "\n\n\n") || text != strings.TrimSpace(text) || !utf8.ValidString(text) ||
			strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
			t.Fatalf("ItemText(%q, %q) = %q: blank runs, control characters, bad UTF-8 or untrimmed ends", title, raw, text)
		}
		// The title, its control characters as spaces, is the first line.
		h := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, title)), " ")
		if first, _, _ := strings.Cut(text, "\n"); h != "" && first != h {
			t.Fatalf("ItemText(%q, %q) = %q: first line is not the title %q", title, raw, text, h)
		}

		tags, err := eng.TagText(text, MinTagConfidence)
		if err != nil {
			return // only a text over the tagger's size limit
		}
		for _, tg := range tags {
			for _, m := range tg.Mentions {
				if m.Start < 0 || m.Start > m.End || m.End > len(text) || text[m.Start:m.End] != m.Text {
					t.Fatalf("tag %s: mention %+v does not point into the text", tg.Symbol, m)
				}
			}
		}
		doc, tags := eng.Measure(text, tags)
		for _, s := range append([]newsroom.Sentiment{doc}, sentiments(tags)...) {
			if s.Score < -1 || s.Score > 1 || s != s {
				t.Fatalf("sentiment %+v out of range", s)
			}
		}

		srcs := []source.Source{Item{SourceName: "Fuzz Wire", URL: "https://example.com/a", Title: title, Kind: source.News, Text: text}.SourceText()}
		d, err := eng.Draft(ctx, srcs)
		if err != nil {
			return // too little to draft from
		}
		if _, err := newsroom.CheckDraft(d); err != nil {
			t.Fatalf("the drafter's draft is refused by the newsroom: %v\ndraft: %+v", err, d)
		}
		c, err := eng.CheckDraft(d, srcs, TagConfidence(tags))
		if err != nil {
			t.Fatalf("check: %v", err)
		}
		if _, err := newsroom.CheckCheck(c); err != nil {
			t.Fatalf("the rules' check is refused by the newsroom: %v\ncheck: %+v", err, c)
		}
	})
}

func sentiments(tags []newsroom.Tag) []newsroom.Sentiment {
	out := make([]newsroom.Sentiment, len(tags))
	for i, t := range tags {
		out[i] = t.Sentiment
	}
	return out
}
