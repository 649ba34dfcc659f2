package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

var xmlDeclRE = regexp.MustCompile(`^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']`)

// toUTF8 returns an XML or JSON document as UTF-8 with any XML encoding
// declaration rewritten to UTF-8. A document that declares UTF-8 (or
// nothing) but is not valid UTF-8 is read as Windows-1252, the usual
// mistake, and a note says so. An encoding name the WHATWG encoding
// standard does not know is an error.
func toUTF8(body []byte) (out []byte, note string, err error) {
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		body = body[3:]
	case bytes.HasPrefix(body, []byte("\xff\xfe")), bytes.HasPrefix(body, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
		b, err := dec.Bytes(body)
		if err != nil {
			return nil, "", fmt.Errorf("%w: UTF-16 byte-order mark but bad UTF-16: %v", ErrUnsupportedEncoding, err)
		}
		return rewriteDecl(b), "decoded from UTF-16", nil
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	label := ""
	if m := xmlDeclRE.FindSubmatch(trimmed[:min(len(trimmed), 256)]); m != nil {
		label = strings.ToLower(strings.TrimSpace(string(m[1])))
	}
	if label == "" || label == "utf-8" || label == "utf8" {
		if utf8.Valid(body) {
			return body, "", nil
		}
		b, err := charmap.Windows1252.NewDecoder().Bytes(body)
		if err != nil {
			return nil, "", fmt.Errorf("%w: not valid UTF-8: %v", ErrUnsupportedEncoding, err)
		}
		line := 1 + bytes.Count(body[:firstInvalidUTF8(body)], []byte("\n"))
		declared := "declares UTF-8"
		if label == "" {
			declared = "declares no encoding (so UTF-8)"
		}
		return b, fmt.Sprintf("the document %s but is not valid UTF-8 (first bad byte on line %d); read it as Windows-1252", declared, line), nil
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return nil, "", fmt.Errorf("%w: the XML declaration names %q; publish the feed as UTF-8 or a standard encoding", ErrUnsupportedEncoding, label)
	}
	if name == "utf-16le" || name == "utf-16be" {
		// A UTF-16 declaration in an ASCII-readable prolog is a lie.
		if utf8.Valid(body) {
			return rewriteDecl(body), "", nil
		}
		return nil, "", fmt.Errorf("%w: declares %s but has no byte-order mark", ErrUnsupportedEncoding, label)
	}
	b, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("%w: bytes that are not %s: %v", ErrUnsupportedEncoding, name, err)
	}
	return rewriteDecl(b), "", nil
}

// rewriteDecl replaces the encoding named in an XML declaration by UTF-8.
func rewriteDecl(b []byte) []byte {
	off := len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
	loc := xmlDeclRE.FindSubmatchIndex(b[off:min(len(b), off+256)])
	if loc == nil {
		return b
	}
	start, end := off+loc[2], off+loc[3]
	out := make([]byte, 0, len(b))
	out = append(out, b[:start]...)
	out = append(out, "UTF-8"...)
	return append(out, b[end:]...)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// checkProlog refuses an XML document whose prolog (everything before the
// root element, where a DTD lives) declares entities. encoding/xml, which
// gofeed uses, never expands such entities nor reads external ones;
// refusing them anyway makes the attack visible to the editor instead of
// leaving "&lol9;" in a title. The root element is found with encoding/xml's
// own tokenizer, so a comment, processing instruction or quoted DTD string
// containing "<x" cannot end the prolog early and hide a declaration after
// it; when the tokenizer fails before reaching an element, the whole
// document is searched.
func checkProlog(b []byte) error {
	end := int64(len(b))
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // b is UTF-8 already
	for {
		off := d.InputOffset()
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.StartElement); ok {
			end = off
			break
		}
	}
	if i := bytes.Index(bytes.ToUpper(b[:end]), []byte("<!ENTITY")); i >= 0 {
		line := 1 + bytes.Count(b[:i], []byte("\n"))
		return fmt.Errorf("%w (line %d)", ErrEntityDeclaration, line)
	}
	return nil
}
