package rules

import (
	"fmt"
	"strings"
)

// PolicyMarkdown renders the public editorial-policy page: how a decision
// is made, then each rule's description. docs/publishing-rules.md is this
// page for All().
func PolicyMarkdown(rs []Rule) string {
	var b strings.Builder
	b.WriteString(`# Publishing rules

Every story alphadesk publishes is drafted from named sources and checked by
the rules below before release. Direct quotations must match the source
text, figures must trace to a source or to our own market data,
low-information tables are removed, and thinner or higher-risk stories are
held for an editor.

<!-- Generated from the rules' descriptions in internal/rules; do not edit by
hand. Regenerate with: go test ./internal/rules -run TestPolicyPage -update -->

## How a decision is made

Each rule reports findings, each with a severity:

- **block**: the draft must not be published as it stands;
- **hold**: an editor must review the draft before it is published;
- **info**: a record of what was checked (each traced figure, each verified
  quotation) or changed (each removed table); it does not affect the decision.

The decision is **reject** if any finding blocks, otherwise **hold** if any
finding holds, otherwise **publish**. ` + "`alphadesk check`" + ` prints the decision,
the findings and the cleaned draft as JSON and exits with 0 (publish), 10
(hold), 20 (reject) or 2 (the input could not be read).

Every finding points at the draft: ` + "`draft_span`" + ` is a byte range in the
draft's text (for a JSON draft: headline, dek, paragraphs and "- " bullets
separated by blank lines; for a plain-text draft: the file itself). When it
helps, ` + "`source_span`" + ` points at the source passage a quotation or figure was
traced to, or the nearest one: the source's number (in the order given) and a
byte range in its text (for HTML sources, the text left after markup is
removed, starting with the title).

## The rules
`)
	for _, r := range rs {
		fmt.Fprintf(&b, "\n### `%s`\n\n%s\n", r.Name(), strings.TrimSpace(r.Description()))
	}
	return b.String()
}
