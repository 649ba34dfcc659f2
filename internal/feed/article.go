package feed

import (
	"regexp"
	"strings"
	"time"

	"alphadesk/internal/textextract"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Article is the main content of a web page.
type Article struct {
	// Title is the page's headline: og:title, else the first <h1>, else <title>.
	Title string
	// Byline is the author the page names (meta author or a byline element).
	Byline string
	// Published is the publication time the page states, or zero.
	Published time.Time
	// Text is the article as plain text in textextract.FromHTML's shape: the
	// title alone on the first line, then the content's headings and
	// paragraphs separated by blank lines.
	Text string
	// HTML is the main content, sanitised (see Sanitize), for display.
	HTML string
}

// Extraction tuning, after Arc90's Readability: a paragraph shorter than
// minParagraph characters does not vote for its container; a sibling of the
// best container joins it when its score reaches siblingShare of the best.
const (
	minParagraph = 25
	siblingShare = 0.2
	maxDepth     = 512 // deeper markup is ignored (it is never article text)
)

// droppedTags never hold article text.
var droppedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Form: true, atom.Button: true, atom.Input: true, atom.Select: true, atom.Textarea: true,
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Dialog: true, atom.Link: true,
	atom.Meta: true, atom.Head: true,
}

var (
	// unlikelyRE marks page furniture by class or id; likelyRE rescues a
	// block that also looks like content.
	unlikelyRE = regexp.MustCompile(`(?i)\b[\w-]*(comment|disqus|sidebar|share|sharing|social|related|recommend|promo|advert|\bads?\b|sponsor|cookie|consent|newsletter|subscribe|signup|breadcrumb|menu|nav|popup|modal|banner|masthead|footer|header|skip|outbrain|taboola|paywall|pagination|tags?\b|toolbar|widget)`)
	likelyRE   = regexp.MustCompile(`(?i)(article|body|content|entry|main|story|text|post|column|prose)`)
	positiveRE = regexp.MustCompile(`(?i)(article|body|content|entry|hentry|main|page|post|story|text|blog|prose)`)
	negativeRE = regexp.MustCompile(`(?i)(comment|com-|contact|foot|footer|footnote|masthead|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|byline|author|dateline)`)
	bylineRE   = regexp.MustCompile(`(?i)(byline|author)`)
)

// ExtractArticle reduces an HTML page to its main article: it drops
// scripts, styles, forms, navigation, asides, footers, comments and page
// furniture recognised by class or id, scores the remaining blocks by the
// text their paragraphs hold (length and commas, discounted by the share of
// link text), takes the best-scoring block with those of its siblings that
// score nearly as well, and returns its headings and paragraphs. It never
// fails: a page with no recognisable article yields its body text.
func ExtractArticle(page string) Article {
	doc, err := html.Parse(strings.NewReader(strings.ToValidUTF8(page, "\uFFFD")))
	if err != nil {
		return Article{Text: textextract.FromHTML(page)}
	}
	var a Article
	meta := pageMeta(doc)
	a.Title = firstNonEmpty(meta["og:title"], meta["twitter:title"], firstText(doc, atom.H1), firstText(doc, atom.Title))
	a.Byline = firstNonEmpty(meta["author"], meta["article:author"], meta["byl"], bylineText(doc))
	a.Published = parseLooseTime(firstNonEmpty(meta["article:published_time"], meta["datepublished"], meta["date"],
		meta["pubdate"], meta["dc.date"], meta["dcterms.created"], firstTimeAttr(doc)))

	body := findFirst(doc, atom.Body)
	if body == nil {
		body = doc
	}
	prune(body, 0)
	content := pickContent(body)
	var sb strings.Builder
	for _, n := range content {
		cleanContent(n, a.Title, 0)
		_ = html.Render(&sb, n)
	}
	contentHTML := sb.String()
	a.HTML = Sanitize(contentHTML)
	head := ""
	if a.Title != "" {
		head = "<h1>" + html.EscapeString(a.Title) + "</h1>"
	}
	a.Text = textextract.FromHTML(head + contentHTML)
	return a
}

// prune removes comments, dropped tags, hidden elements and page furniture.
func prune(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case depth > maxDepth, c.Type == html.CommentNode, c.Type == html.DoctypeNode:
			n.RemoveChild(c)
		case c.Type == html.ElementNode && (droppedTags[c.DataAtom] || hidden(c) || unlikely(c)):
			n.RemoveChild(c)
		case c.Type == html.ElementNode:
			prune(c, depth+1)
		}
		c = next
	}
}

func hidden(n *html.Node) bool {
	for _, at := range n.Attr {
		switch strings.ToLower(at.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(at.Val, "true") {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(at.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// unlikely reports page furniture by class, id or role, sparing the
// document's structural elements and anything that also looks like content.
func unlikely(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Body, atom.Article, atom.Main, atom.A, atom.Html:
		return false
	}
	if role := attr(n, "role"); role == "navigation" || role == "complementary" || role == "contentinfo" || role == "banner" || role == "dialog" {
		return true
	}
	if n.DataAtom == atom.Header && !insideArticle(n) {
		return true
	}
	id := attr(n, "class") + " " + attr(n, "id")
	return unlikelyRE.MatchString(id) && !likelyRE.MatchString(id)
}

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

// pickContent returns the nodes that make up the article.
func pickContent(body *html.Node) []*html.Node {
	scores := map[*html.Node]float64{}
	var order []*html.Node
	addScore := func(n *html.Node, s float64) {
		if n == nil || n.Type != html.ElementNode {
			return
		}
		if _, ok := scores[n]; !ok {
			scores[n] = baseScore(n)
			order = append(order, n)
		}
		scores[n] += s
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if isParagraphLike(c) {
				text := collapsedText(c)
				if len(text) >= minParagraph {
					s := 1 + float64(strings.Count(text, ",")+strings.Count(text, "，")) + min(float64(len(text))/100, 3)
					addScore(c.Parent, s)
					if c.Parent != nil {
						addScore(c.Parent.Parent, s/2)
						if c.Parent.Parent != nil {
							addScore(c.Parent.Parent.Parent, s/3)
						}
					}
				}
			}
			walk(c, depth+1)
		}
	}
	walk(body, 0)

	var best *html.Node
	bestScore := 0.0
	for _, n := range order {
		s := scores[n] * (1 - linkDensity(n))
		scores[n] = s
		if s > bestScore {
			best, bestScore = n, s
		}
	}
	if best == nil {
		return []*html.Node{body}
	}
	parent := best.Parent
	if parent == nil || best == body {
		return []*html.Node{best}
	}
	threshold := max(10, bestScore*siblingShare)
	var out []*html.Node
	for s := parent.FirstChild; s != nil; s = s.NextSibling {
		if s == best {
			out = append(out, s)
			continue
		}
		if s.Type != html.ElementNode {
			continue
		}
		if sc, ok := scores[s]; ok && sc >= threshold {
			out = append(out, s)
			continue
		}
		if s.DataAtom == atom.P {
			text := collapsedText(s)
			ld := linkDensity(s)
			if len(text) > 80 && ld < 0.25 || len(text) > 0 && len(text) <= 80 && ld == 0 && strings.HasSuffix(text, ".") {
				out = append(out, s)
			}
		}
	}
	return out
}

func isParagraphLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote:
		return true
	case atom.Div, atom.Section:
		// A div holding only inline content is a paragraph in disguise.
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && blockLevel(c.DataAtom) {
				return false
			}
		}
		return true
	}
	return false
}

func blockLevel(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Pre,
		atom.Blockquote, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Figure, atom.Header, atom.Main:
		return true
	}
	return false
}

func baseScore(n *html.Node) float64 {
	s := 0.0
	switch n.DataAtom {
	case atom.Article:
		s = 10
	case atom.Div, atom.Main, atom.Section:
		s = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	}
	return s + classWeight(n)
}

func classWeight(n *html.Node) float64 {
	w := 0.0
	for _, v := range []string{attr(n, "class"), attr(n, "id")} {
		if v == "" {
			continue
		}
		if negativeRE.MatchString(v) {
			w -= 25
		}
		if positiveRE.MatchString(v) {
			w += 25
		}
	}
	return w
}

// linkDensity is the share of n's text that sits inside links.
func linkDensity(n *html.Node) float64 {
	total := len(collapsedText(n))
	if total == 0 {
		return 0
	}
	linked := 0
	var walk func(*html.Node, int)
	walk = func(m *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		for c := m.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.A {
				linked += len(collapsedText(c))
				continue
			}
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return min(1, float64(linked)/float64(total))
}

// cleanContent removes, inside the chosen content, blocks that are mostly
// links (lists of related stories), blocks weighted as furniture, and a
// heading that repeats the title.
func cleanContent(n *html.Node, title string, depth int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			switch {
			case depth > maxDepth:
				n.RemoveChild(c)
			case c.DataAtom == atom.H1 && title != "" && collapsedText(c) == title:
				n.RemoveChild(c)
			case classWeight(c) < 0:
				n.RemoveChild(c)
			case (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol || c.DataAtom == atom.Div || c.DataAtom == atom.Table || c.DataAtom == atom.Section) &&
				linkDensity(c) > 0.5 && len(collapsedText(c)) < 1000:
				n.RemoveChild(c)
			default:
				cleanContent(c, title, depth+1)
			}
		}
		c = next
	}
}

// collapsedText is n's text with white space collapsed.
func collapsedText(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node, int)
	walk = func(m *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		if m.Type == html.TextNode {
			sb.WriteString(m.Data)
			sb.WriteByte(' ')
			return
		}
		for c := m.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return strings.Join(strings.Fields(sb.String()), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// pageMeta collects <meta> name/property → content, keys lower-cased.
func pageMeta(doc *html.Node) map[string]string {
	out := map[string]string{}
	var walk func(*html.Node, int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
			if val := strings.TrimSpace(attr(n, "content")); key != "" && val != "" {
				if _, ok := out[key]; !ok {
					out[key] = strings.Join(strings.Fields(val), " ")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return out
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	return findFunc(n, func(m *html.Node) bool { return m.DataAtom == a }, 0)
}

func findFunc(n *html.Node, match func(*html.Node) bool, depth int) *html.Node {
	if depth > maxDepth {
		return nil
	}
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFunc(c, match, depth+1); f != nil {
			return f
		}
	}
	return nil
}

func firstText(doc *html.Node, a atom.Atom) string {
	if n := findFirst(doc, a); n != nil {
		return collapsedText(n)
	}
	return ""
}

func bylineText(doc *html.Node) string {
	n := findFunc(doc, func(m *html.Node) bool {
		return attr(m, "rel") == "author" || attr(m, "itemprop") == "author" || bylineRE.MatchString(attr(m, "class"))
	}, 0)
	if n == nil {
		return ""
	}
	t := collapsedText(n)
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "By "), "by "))
	if len(t) > 100 {
		return ""
	}
	return t
}

func firstTimeAttr(doc *html.Node) string {
	if n := findFunc(doc, func(m *html.Node) bool { return m.DataAtom == atom.Time && attr(m, "datetime") != "" }, 0); n != nil {
		return attr(n, "datetime")
	}
	return ""
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// parseLooseTime reads the date formats pages and front matter use.
func parseLooseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
		time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, "January 2, 2006", "Jan 2, 2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
