package tagger

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzTag checks that tagging never panics and that every mention lies
// inside the text and spells what the text holds there.
func FuzzTag(f *testing.F) {
	for _, c := range loadLabelled(f, filepath.Join("testdata", "labelled.txt")) {
		f.Add(c.text)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "docs", "seed-paraphrase.txt")); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "$", "$$AMZN", "(NYSE:", "(NYSE: BRK.", "Ford (F", "Apple's'", "BRK.B.B", "U.S.A.", "\xff\xfe",
		"Amazon.com, Inc. <AMZN.O", "NASDAQ:" + strings.Repeat("A", 40), "Bank of\nAmerica", "Q2\u2019s",
		"İSTANBUL Ǆ ǅ ǆ ß ẞ", "\u00a0Apple\u00a0Inc.", "GLP-1 SAIC-GM", "$ES_F",
	} {
		f.Add(s)
	}
	tg := embedded(f)
	f.Fuzz(func(t *testing.T, text string) {
		res, err := tg.Tag(text)
		if err != nil {
			t.Fatalf("Tag: %v", err)
		}
		checkMentions(t, text, res)
	})
}
