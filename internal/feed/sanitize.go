package feed

import (
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy is built once: a bluemonday policy is safe for concurrent use once
// configured, and nothing changes it afterwards.
var policy = sync.OnceValue(func() *bluemonday.Policy {
	// Start from what user-generated content may hold (text formatting,
	// headings, lists, tables, links, images) and tighten it.
	p := bluemonday.UGCPolicy()
	// Only web and mail links; no javascript:, data:, vbscript: or relative
	// scheme tricks.
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	// Relative URLs would resolve against the desk, not the publisher.
	p.AllowRelativeURLs(false)
	// Keep words apart when block tags are stripped.
	p.AddSpaceWhenStrippingTag(true)
	// Links open outside the desk and do not pass on referrers or rank.
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	// No inline SVG or MathML payloads (UGCPolicy does not allow them; say so).
	p.SkipElementsContent("script", "style", "svg", "math", "iframe", "object", "embed", "noscript", "template")
	return p
})

// Sanitize returns html with everything that could run, load or restyle
// anything removed: no scripts, styles, event handlers, forms, frames,
// objects, SVG or MathML; links limited to http, https and mailto and
// marked rel="nofollow noreferrer"; images limited to http and https
// sources. Text and safe formatting (paragraphs, headings, lists, tables,
// emphasis, quotes, links, images) are kept. Invalid UTF-8 is replaced.
// Sanitize is safe for concurrent use.
func Sanitize(html string) string {
	if html == "" {
		return ""
	}
	if !strings.ContainsAny(html, "<>&\"'") {
		// Plain text with nothing to escape: already safe, skip the parser.
		return strings.TrimSpace(strings.ToValidUTF8(html, "\uFFFD"))
	}
	out := policy().Sanitize(strings.ToValidUTF8(html, "\uFFFD"))
	return strings.TrimSpace(out)
}
