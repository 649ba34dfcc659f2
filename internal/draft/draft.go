// Package draft turns named sources into a news draft: a headline, a dek,
// body paragraphs, "what to watch" bullets, the sources it names, and for
// every sentence the source spans it rests on.
//
// Two drafters implement Drafter. Extractive (the offline default) selects,
// orders and attributes source sentences and never states a figure or
// quotation that is not in a source; it is pure. LLM asks a chat model for
// a source-grounded story and aligns its sentences with the sources; the
// publishing rules (internal/rules) then check it like any other draft.
//
// The package also reads drafts back (Decode): our JSON shape, or plain
// text laid out as headline, dek, paragraphs and bullets.
package draft

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// Draft is a story drafted from named sources, in the JSON shape the draft
// command prints and the check command reads.
type Draft struct {
	Headline string `json:"headline"`
	Dek      string `json:"dek"`
	// Body holds the paragraphs.
	Body []string `json:"body"`
	// Watch holds the "what to watch" bullets.
	Watch []string `json:"watch,omitempty"`
	// Sources lists the sources in the order the support spans index them.
	Sources []SourceRef `json:"sources"`
	// Support says, sentence by sentence, which source spans the draft rests on.
	Support []Support `json:"support,omitempty"`
	// Method names the drafter: "extractive" or "llm:MODEL".
	Method string `json:"method,omitempty"`
}

// SourceRef names one source of a draft.
type SourceRef struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// SourceSpan is a byte range [start, end) in the text of source number Source.
type SourceSpan struct {
	Source int    `json:"source"`
	Span   [2]int `json:"span"`
}

// Support ties one sentence of the draft to the source spans it rests on.
type Support struct {
	// Field is where the sentence is: headline, dek, body or watch.
	Field Field `json:"field"`
	// Index is the paragraph (body) or bullet (watch) number; 0 otherwise.
	Index int `json:"index"`
	// Span is the sentence's byte range within that paragraph or bullet.
	Span [2]int `json:"span"`
	Text string `json:"text"`
	// Sources is empty when no source passage supports the sentence.
	Sources []SourceSpan `json:"sources"`
}

// Drafter drafts a story from sources.
type Drafter interface {
	Draft(ctx context.Context, sources []source.Source) (Draft, error)
}

// Field names a part of a draft.
type Field string

// Draft fields.
const (
	Headline Field = "headline"
	Dek      Field = "dek"
	Body     Field = "body"
	Watch    Field = "watch"
)

// Block is one field value of a draft located in its Doc text.
type Block struct {
	Field Field
	// Index is the paragraph or bullet number within its field.
	Index int
	extract.Span
}

// Doc is the text the publishing rules read, with where each field is.
// Every draft_span in a finding is a byte range in Text.
type Doc struct {
	Text   string
	Blocks []Block
}

// Doc renders d as one text: headline, dek, paragraphs and bullets ("- "
// before each), separated by blank lines (bullets by single line breaks).
func (d Draft) Doc() Doc {
	var b strings.Builder
	var blocks []Block
	add := func(f Field, i int, text, marker, sep string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(marker)
		start := b.Len()
		b.WriteString(text)
		blocks = append(blocks, Block{Field: f, Index: i, Span: extract.Span{Start: start, End: b.Len()}})
	}
	add(Headline, 0, d.Headline, "", "\n\n")
	add(Dek, 0, d.Dek, "", "\n\n")
	for i, p := range d.Body {
		add(Body, i, p, "", "\n\n")
	}
	for i, w := range d.Watch {
		sep := "\n"
		if i == 0 {
			sep = "\n\n"
		}
		add(Watch, i, w, "- ", sep)
	}
	return Doc{Text: b.String(), Blocks: blocks}
}

// MaxDraftBytes limits the size of a draft: about 40,000 words, far more
// than any news story.
const MaxDraftBytes = 256 << 10

// Errors Decode wraps.
var (
	ErrNoText   = errors.New("draft has no text")
	ErrTooLarge = errors.New("draft too large")
	ErrEncoding = errors.New("draft is not valid UTF-8")
)

// Decode reads a draft file: our JSON shape (an object), or plain text. It
// returns the draft and the Doc the rules read. A plain-text draft's Doc
// text is the file itself (after a UTF-8 byte-order mark), so offsets in
// findings point into the file; its layout is read by ParseText.
func Decode(data []byte) (Draft, Doc, error) {
	if len(data) > MaxDraftBytes {
		return Draft{}, Doc{}, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), MaxDraftBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return Draft{}, Doc{}, fmt.Errorf("%w at byte %d (save the file as UTF-8)", ErrEncoding, i)
	}
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		var d Draft
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			return Draft{}, Doc{}, fmt.Errorf("read JSON draft {\"headline\",\"dek\",\"body\":[…],\"watch\":[…],\"sources\":[…]}: %w", err)
		}
		doc := d.Doc()
		if strings.TrimSpace(doc.Text) == "" {
			return Draft{}, Doc{}, fmt.Errorf("%w: headline, dek, body and watch are all empty", ErrNoText)
		}
		return d, doc, nil
	}
	doc := ParseText(string(data))
	for _, b := range doc.Blocks {
		if strings.TrimSpace(doc.Text[b.Start:b.End]) != "" {
			return doc.Draft(), doc, nil
		}
	}
	return Draft{}, Doc{}, ErrNoText // no blocks, or only a bare "#" heading mark
}

// ParseText reads the layout of a plain-text draft:
//   - paragraphs are separated by blank lines;
//   - the first paragraph is the headline when it is one line of at most 25
//     words ("# " Markdown heading marks are dropped);
//   - after a headline, the next paragraph is the dek when it has at most
//     60 words and is not a table or list;
//   - lines starting with "•", "- ", "* " or "– " are watch bullets, each a
//     block of its own; every other paragraph (headings and tables too) is
//     body.
func ParseText(text string) Doc {
	doc := Doc{Text: text}
	first := true
	dekNext := false
	body, watch := 0, 0
	for _, p := range extract.Blocks(text) {
		for _, g := range lineGroups(text, p) {
			if g.bullet {
				doc.Blocks = append(doc.Blocks, Block{Field: Watch, Index: watch, Span: g.Span})
				watch++
				first, dekNext = false, false
				continue
			}
			seg := text[g.Start:g.End]
			switch {
			case first && !strings.Contains(seg, "\n") && extract.CountWords(seg) <= 25 && !strings.HasPrefix(seg, "|"):
				s := g.Start
				for s < g.End && text[s] == '#' {
					s++
				}
				for s < g.End && text[s] == ' ' {
					s++
				}
				doc.Blocks = append(doc.Blocks, Block{Field: Headline, Span: extract.Span{Start: s, End: g.End}})
				dekNext = true
			case dekNext && extract.CountWords(seg) <= 60 && !strings.Contains(seg, "|") && !strings.HasPrefix(seg, "<"):
				doc.Blocks = append(doc.Blocks, Block{Field: Dek, Span: g.Span})
				dekNext = false
			default:
				doc.Blocks = append(doc.Blocks, Block{Field: Body, Index: body, Span: g.Span})
				body++
				dekNext = false
			}
			first = false
		}
	}
	return doc
}

// group is a run of non-bullet lines, or one bullet line (without its marker).
type group struct {
	extract.Span
	bullet bool
}

func lineGroups(text string, p extract.Span) []group {
	var out []group
	start := -1
	flush := func(end int) {
		if start >= 0 {
			s, e := trim(text, start, end)
			if s < e {
				out = append(out, group{Span: extract.Span{Start: s, End: e}})
			}
			start = -1
		}
	}
	for i := p.Start; i < p.End; {
		j := strings.IndexByte(text[i:p.End], '\n')
		end := p.End
		if j >= 0 {
			end = i + j
		}
		if m := bulletMarker(text[i:end]); m > 0 {
			flush(i)
			s, e := trim(text, i+m, end)
			if s < e {
				out = append(out, group{Span: extract.Span{Start: s, End: e}, bullet: true})
			}
		} else if start < 0 {
			start = i
		}
		i = end + 1
	}
	flush(p.End)
	return out
}

// bulletMarker returns the length of a list marker (with indentation and the
// space after it) at the start of line, or 0.
func bulletMarker(line string) int {
	t := strings.TrimLeft(line, " \t")
	indent := len(line) - len(t)
	for _, m := range []string{"• ", "· ", "▪ ", "◦ ", "- ", "* ", "– "} {
		if strings.HasPrefix(t, m) {
			return indent + len(m)
		}
	}
	return 0
}

func trim(text string, s, e int) (int, int) {
	for s < e && strings.ContainsRune(" \t\r\n", rune(text[s])) {
		s++
	}
	for e > s && strings.ContainsRune(" \t\r\n", rune(text[e-1])) {
		e--
	}
	return s, e
}

// Draft returns the field values the blocks hold.
func (doc Doc) Draft() Draft {
	var d Draft
	for _, b := range doc.Blocks {
		t := doc.Text[b.Start:b.End]
		switch b.Field {
		case Headline:
			d.Headline = t
		case Dek:
			d.Dek = t
		case Body:
			d.Body = append(d.Body, t)
		case Watch:
			d.Watch = append(d.Watch, t)
		}
	}
	return d
}

// Without returns d with the byte ranges cut (offsets into doc.Text, which
// must be d's Doc) removed from its fields. Paragraphs and bullets left
// empty are dropped; support entries follow their sentence or are dropped
// with it.
func Without(d Draft, doc Doc, cut []extract.Span) Draft {
	if len(cut) == 0 {
		return d
	}
	cut = append([]extract.Span(nil), cut...)
	sort.Slice(cut, func(i, j int) bool { return cut[i].Start < cut[j].Start })
	out := d
	out.Body, out.Watch, out.Support = nil, nil, nil
	bodyIndex := map[int]int{}  // old paragraph → new, for kept paragraphs
	watchIndex := map[int]int{} // old bullet → new
	changed := map[[2]int]string{}
	for _, b := range doc.Blocks {
		text := cutText(doc.Text, b.Span, cut)
		switch b.Field {
		case Headline:
			out.Headline = text
		case Dek:
			out.Dek = text
		case Body:
			if text != "" {
				bodyIndex[b.Index] = len(out.Body)
				out.Body = append(out.Body, text)
			}
		case Watch:
			if text != "" {
				watchIndex[b.Index] = len(out.Watch)
				out.Watch = append(out.Watch, text)
			}
		}
		if text != doc.Text[b.Start:b.End] {
			changed[[2]int{fieldNo(b.Field), b.Index}] = text
		}
	}
	for _, s := range d.Support {
		ns := s
		switch s.Field {
		case Body:
			i, ok := bodyIndex[s.Index]
			if !ok {
				continue
			}
			ns.Index = i
		case Watch:
			i, ok := watchIndex[s.Index]
			if !ok {
				continue
			}
			ns.Index = i
		}
		if text, ok := changed[[2]int{fieldNo(s.Field), s.Index}]; ok {
			at := strings.Index(text, s.Text)
			if at < 0 || s.Text == "" {
				continue
			}
			ns.Span = [2]int{at, at + len(s.Text)}
		}
		out.Support = append(out.Support, ns)
	}
	return out
}

func fieldNo(f Field) int {
	switch f {
	case Headline:
		return 0
	case Dek:
		return 1
	case Body:
		return 2
	}
	return 3
}

// cutText returns the text of span with the cut ranges removed, with blank
// line runs collapsed and the ends trimmed.
func cutText(text string, span extract.Span, cut []extract.Span) string {
	var b strings.Builder
	pos := span.Start
	for _, c := range cut {
		s, e := max(c.Start, span.Start), min(c.End, span.End)
		if s >= e || s < pos {
			continue
		}
		b.WriteString(text[pos:s])
		pos = e
	}
	b.WriteString(text[pos:span.End])
	out := b.String()
	for strings.Contains(out, "\n\n\n") {
		out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
	}
	return strings.TrimSpace(out)
}
