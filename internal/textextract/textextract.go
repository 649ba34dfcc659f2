// Package textextract reduces an HTML document to the plain text that text
// engines (the ticker tagger, the sentiment classifier) read. It is pure: a
// string in, a string out, no I/O.
//
// The text is not byte-offset-preserving: entities are decoded, markup and
// runs of white space disappear. Offsets computed on the result refer to the
// result. Its shape is fixed so that callers can rely on it:
//
//   - the headline comes first, alone on its line: the text of the first
//     <h1>, or the <title> when the document has no <h1>;
//   - then the text of the body in document order, one paragraph per block
//     element (p, div, li, h2, td, blockquote, …), paragraphs separated by a
//     blank line, <br> written as a line break;
//   - white space inside a paragraph is collapsed to single spaces;
//   - script, style, template, svg, iframe, noscript, and the page furniture
//     elements nav, footer, aside and form are left out, as is everything in
//     <head> but the title;
//   - invalid UTF-8 is replaced by U+FFFD, so the result is always valid.
package textextract

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements are dropped with everything inside them.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Svg: true, atom.Iframe: true,
	atom.Noscript: true, atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Head: true, atom.Object: true, atom.Canvas: true, atom.Select: true, atom.Button: true,
	atom.Math: true,
}

// blocks start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Thead: true, atom.Tbody: true, atom.Blockquote: true,
	atom.Pre: true, atom.Figure: true, atom.Figcaption: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Hr: true, atom.Address: true, atom.Body: true, atom.Html: true,
	atom.Caption: true, atom.Details: true, atom.Summary: true,
}

// writer accumulates paragraphs with collapsed white space.
type writer struct {
	b           strings.Builder
	para        bool // the current paragraph has text
	needBreak   bool // a block ended: start a new paragraph before more text
	needSpace   bool
	needNewline bool
}

func (w *writer) text(s string) {
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 {
			w.rune('\uFFFD')
		} else if unicode.IsSpace(r) {
			w.needSpace = w.para
		} else {
			w.rune(r)
		}
		s = s[size:]
	}
}

func (w *writer) rune(r rune) {
	switch {
	case w.needBreak && w.b.Len() > 0:
		w.b.WriteString("\n\n")
	case w.needNewline && w.para:
		w.b.WriteByte('\n')
	case w.needSpace:
		w.b.WriteByte(' ')
	}
	w.needBreak, w.needNewline, w.needSpace = false, false, false
	w.para = true
	w.b.WriteRune(r)
}

func (w *writer) block() {
	if w.para {
		w.needBreak = true
		w.para = false
	}
	w.needSpace, w.needNewline = false, false
}

func (w *writer) lineBreak() {
	if w.para {
		w.needNewline = true
	}
}

// FromHTML reduces an HTML document or fragment to text: the headline first,
// then the body's paragraphs (see the package documentation). It never fails:
// whatever the tokenizer cannot read ends the text.
func FromHTML(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var (
		body        writer
		title, h1   strings.Builder
		skip        int  // depth inside skipped elements
		inTitle     bool // inside <title>
		h1Depth     int  // inside the first <h1>
		h1Done      bool
		headlineSet bool
	)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			head := ""
			if s := collapse(h1.String()); s != "" {
				head = s
			} else if s := collapse(title.String()); s != "" {
				head = s
			}
			text := body.b.String()
			switch {
			case head == "":
				return text
			case text == "":
				return head
			}
			return head + "\n\n" + text
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title && tt == html.StartTagToken && !headlineSet {
				inTitle = true
				continue
			}
			if skipped[a] {
				if tt == html.StartTagToken && !voidElement(a) {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if a == atom.H1 && tt == html.StartTagToken && !h1Done {
				h1Depth = 1
				continue
			}
			if h1Depth > 0 {
				if a == atom.H1 {
					h1Depth++
				}
				continue
			}
			switch {
			case a == atom.Br:
				body.lineBreak()
			case blocks[a]:
				body.block()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title && inTitle {
				inTitle = false
				if collapse(title.String()) != "" {
					headlineSet = true
				}
				continue
			}
			if skipped[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if h1Depth > 0 {
				if a == atom.H1 {
					h1Depth--
					if h1Depth == 0 {
						h1Done = true
						body.block()
					}
				}
				continue
			}
			if blocks[a] {
				body.block()
			}
		case html.TextToken:
			switch {
			case inTitle:
				title.Write(z.Text())
			case skip > 0:
			case h1Depth > 0:
				h1.Write(z.Text())
				h1.WriteByte(' ')
			default:
				body.text(string(z.Text()))
			}
		}
	}
}

// voidElement reports elements that never have an end tag.
func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// collapse trims s, collapses its white space and repairs invalid UTF-8.
func collapse(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// LooksLikeHTML reports whether a document is HTML rather than plain text:
// it starts (after white space and a byte-order mark) with a doctype, a
// comment or a tag, or contains an <html>, <body>, <p> or <div> tag in its
// first 4 KiB.
func LooksLikeHTML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) > 4096 {
		b = b[:4096]
	}
	lower := bytes.ToLower(b)
	if bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		bytes.HasPrefix(lower, []byte("<!--")) {
		return true
	}
	if len(lower) > 1 && lower[0] == '<' && (lower[1] >= 'a' && lower[1] <= 'z') {
		name := lower[1:]
		if i := bytes.IndexAny(name, " >/\t\n"); i > 0 {
			if atom.Lookup(name[:i]) != 0 {
				return true
			}
		}
	}
	for _, tag := range []string{"<html", "<body", "<p>", "<p ", "<div", "<br", "<h1"} {
		if bytes.Contains(lower, []byte(tag)) {
			return true
		}
	}
	return false
}
