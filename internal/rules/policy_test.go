package rules

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyPage keeps docs/publishing-rules.md equal to the page generated
// from the rules' descriptions; run with -update after changing a rule.
func TestPolicyPage(t *testing.T) {
	page := PolicyMarkdown(All())
	for _, r := range All() {
		if !strings.Contains(page, "### `"+r.Name()+"`") {
			t.Errorf("policy page lacks a section for %s", r.Name())
		}
	}
	for _, must := range []string{"exits with 0 (publish), 10\n(hold), 20 (reject) or 2", "28.4% → 28% is fine", "28% → 30% is not", "fewer than 2 data rows"} {
		if !strings.Contains(page, must) {
			t.Errorf("policy page does not say %q", must)
		}
	}
	compareGolden(t, filepath.Join("..", "..", "docs", "publishing-rules.md"), page)
}
