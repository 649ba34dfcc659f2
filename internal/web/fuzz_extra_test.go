package web

import (
	"strings"
	"testing"
	"unicode/utf8"

	"alphadesk/internal/newsroom"
)

// FuzzCorrectionForm feeds arbitrary story fields, report texts and
// contacts to the correction form's parsing: storySlug returns a bare slug
// (no query, fragment or surrounding slashes), and validateCorrection
// accepts only what the newsroom's limits allow, with a message for every
// problem.
func FuzzCorrectionForm(f *testing.F) {
	f.Add("https://desk.example/news/apple-beats-estimates-3f2a?utm_source=x#top", "The revenue figure is wrong: it was $94.9bn.", "reader@example.com")
	f.Add("apple-beats-estimates-3f2a", "too short", "")
	f.Add("/news/", strings.Repeat("x", 5000), "a\nb")
	f.Add(" /news/a/news/b/ ", "\xff\xfe invalid UTF-8 in the report", "\t")
	f.Add("", "", strings.Repeat("é", 300))
	f.Fuzz(func(t *testing.T, story, text, contact string) {
		slug := storySlug(story)
		if strings.ContainsAny(slug, "?#") || strings.HasPrefix(slug, "/") || strings.HasSuffix(slug, "/") {
			t.Fatalf("storySlug(%q) = %q: not a bare slug", story, slug)
		}
		errs := validateCorrection(slug, text, contact)
		for _, e := range errs {
			if e == "" {
				t.Fatalf("validateCorrection(%q, %q, %q): empty message in %q", slug, text, contact, errs)
			}
		}
		if len(errs) > 0 {
			return
		}
		n := utf8.RuneCountInString(strings.TrimSpace(text))
		if slug == "" || !utf8.ValidString(text) || !utf8.ValidString(contact) ||
			n < newsroom.MinCorrectionLen || n > newsroom.MaxCorrectionLen ||
			utf8.RuneCountInString(contact) > newsroom.MaxContactLen || strings.ContainsAny(contact, "\r\n") {
			t.Errorf("validateCorrection(%q, %q, %q) accepted a report outside the limits", slug, text, contact)
		}
	})
}
