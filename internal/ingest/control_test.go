package ingest

import (
	"context"
	"strings"
	"testing"

	"alphadesk/internal/newsroom"
)

// TestControlCharactersInTitle: a title with a control character (a JSON
// Feed may carry "\u0010") still makes a story; the headline and the
// source's title have it as a space.
func TestControlCharactersInTitle(t *testing.T) {
	d := setup(t)
	dir := t.TempDir()
	item := strings.Replace(amznItem, "Title: Amazon projects", "Title: Amazon\x10 projects", 1)
	writeFiles(t, dir, map[string]string{"amzn.txt": item})
	p := d.pipeline(t, Config{Sources: []Source{folderSource("test-wire", dir)}})
	run(t, p, "test-wire")
	ctx := context.Background()
	page, err := d.svc.Stories(ctx, newsroom.StoryFilter{})
	if err != nil || len(page.Stories) != 1 {
		counts, _ := d.db.ItemCounts(ctx)
		t.Fatalf("stories %d (%v), want 1; items by stage %v", len(page.Stories), err, counts)
	}
	det, err := d.svc.Story(ctx, page.Stories[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range det.Sources {
		if strings.ContainsRune(s.Title, '\x10') {
			t.Errorf("source title %q keeps the control character", s.Title)
		}
	}
}
