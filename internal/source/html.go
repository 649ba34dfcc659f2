package source

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"alphadesk/internal/textextract"
)

// parseHTML reduces an HTML page to a Source: the text as textextract
// gives it (headline first, then the body's paragraphs, page furniture and
// scripts dropped) and the publisher, address and title from the page's
// head.
func parseHTML(data []byte) (Source, error) {
	data = toUTF8(data)
	if i := invalidUTF8(string(data)); i >= 0 {
		return Source{}, fmt.Errorf("%w at byte %d (save the page as UTF-8 or declare its charset)", ErrEncoding, i)
	}
	m := readMeta(data)
	s := Source{Text: textextract.FromHTML(string(data)), Name: m.siteName, URL: firstNonEmpty(m.canonical, m.ogURL)}
	if m.hasHeadline {
		// textextract put the page's own headline (<h1> or <title>) first.
		s.Title, _, _ = strings.Cut(s.Text, "\n\n")
	} else {
		s.Title = m.ogTitle
	}
	return s, nil
}

// meta is what a page's head says about it.
type meta struct {
	siteName, ogTitle, ogURL, canonical string
	hasHeadline                         bool // the page has an <h1> or a <title>
}

// readMeta reads <meta property="og:…">, the canonical link and whether
// the page has a headline element.
func readMeta(data []byte) meta {
	var m meta
	z := html.NewTokenizer(bytes.NewReader(data))
	inTitle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return m
		case html.TextToken:
			if inTitle && strings.TrimSpace(string(z.Text())) != "" {
				m.hasHeadline = true
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Title {
				inTitle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch a {
			case atom.Title:
				inTitle = tt == html.StartTagToken
			case atom.H1:
				m.hasHeadline = true
			case atom.Meta:
				content := strings.TrimSpace(attrs["content"])
				switch strings.ToLower(attrs["property"] + attrs["name"]) {
				case "og:site_name":
					m.siteName = content
				case "og:title":
					m.ogTitle = content
				case "og:url":
					m.ogURL = content
				}
			case atom.Link:
				if strings.EqualFold(attrs["rel"], "canonical") {
					m.canonical = strings.TrimSpace(attrs["href"])
				}
			}
		}
	}
}

// toUTF8 converts a page that declares an ISO-8859-1 or Windows-1252
// charset and is not valid UTF-8; other pages are returned unchanged.
func toUTF8(data []byte) []byte {
	if invalidUTF8(string(data)) < 0 {
		return data
	}
	head := bytes.ToLower(data[:min(len(data), 2048)])
	if !bytes.Contains(head, []byte("charset=iso-8859-1")) && !bytes.Contains(head, []byte("charset=windows-1252")) &&
		!bytes.Contains(head, []byte(`charset="iso-8859-1"`)) && !bytes.Contains(head, []byte(`charset="windows-1252"`)) {
		return data
	}
	var b bytes.Buffer
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xa0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.Bytes()
}

// cp1252 maps Windows-1252 bytes 0x80–0x9F to runes (the typographic quotes
// and dashes that pages in that charset use).
var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'Ž', 'Ÿ',
}
