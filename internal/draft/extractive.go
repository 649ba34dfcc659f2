package draft

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// Extractive drafts without a model: it scores every usable source sentence
// for how informative it is, selects the best ones without repeating
// itself, orders them by source and position, and attributes them. It only
// ever copies source sentences (adding an attribution clause), so it never
// states a figure or quotation that is not in a source.
type Extractive struct {
	// MaxSentences caps the body's sentences (default 8).
	MaxSentences int
	// MaxWords caps the body's words (default 320).
	MaxWords int
	// MaxWatch caps the watch bullets (default 3).
	MaxWatch int
	// PerParagraph is the most sentences in one paragraph (default 2).
	PerParagraph int
}

// ErrNothingToDraft means the sources hold no sentence fit to copy.
var ErrNothingToDraft = errors.New("no usable sentences in the sources")

func (x Extractive) withDefaults() Extractive {
	if x.MaxSentences <= 0 {
		x.MaxSentences = 8
	}
	if x.MaxWords <= 0 {
		x.MaxWords = 320
	}
	if x.MaxWatch < 0 {
		x.MaxWatch = 0
	} else if x.MaxWatch == 0 {
		x.MaxWatch = 3
	}
	if x.PerParagraph <= 0 {
		x.PerParagraph = 2
	}
	return x
}

// Draft implements Drafter; it does no I/O and ignores ctx.
func (x Extractive) Draft(_ context.Context, sources []source.Source) (Draft, error) {
	return x.Compose(sources)
}

// candidate is one source sentence that may be copied.
type candidate struct {
	src, pos int // source index, sentence position in it
	span     extract.Span
	text     string
	words    int
	keys     []uint64 // distinct content-word keys
	figures  int
	// figureKeys identify the figures' values, to spot sentences that only
	// repeat numbers already chosen.
	figureKeys []string
	quote      bool // holds a quotation with a named speaker
	forward    bool // looks ahead: guidance, plans, next events
	score      float64
	attribute  bool // already names who says it
}

// Compose drafts a story from sources.
func (x Extractive) Compose(sources []source.Source) (Draft, error) {
	x = x.withDefaults()
	if len(sources) == 0 {
		return Draft{}, errors.New("draft: no sources")
	}
	for i, s := range sources {
		if err := s.Validate(); err != nil {
			return Draft{}, fmt.Errorf("draft: source %d (%s): %w", i, s.Name, err)
		}
	}
	cands := candidates(sources)
	if len(cands) == 0 {
		return Draft{}, fmt.Errorf("draft: %w", ErrNothingToDraft)
	}
	scoreCandidates(cands, sources)

	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cands[order[a]].score > cands[order[b]].score })

	// Greedy selection without near-repeats (two wires reporting one fact).
	var chosen []int
	words := 0
	for _, i := range order {
		c := cands[i]
		if redundant(c, cands, chosen) {
			continue
		}
		if len(chosen) > 0 && words+c.words > x.MaxWords+x.MaxWords/5 {
			continue
		}
		chosen = append(chosen, i)
		words += c.words
		if len(chosen) >= x.MaxSentences+1 || words >= x.MaxWords {
			break
		}
	}
	lead := cands[chosen[0]]
	bodyIdx := chosen[1:]

	d := Draft{Method: "extractive"}
	for _, s := range sources {
		d.Sources = append(d.Sources, SourceRef{Name: s.Name, URL: s.URL})
	}

	// Headline: the lead source's title when it is short and unquoted,
	// otherwise the lead sentence cut at a clause boundary.
	headSrc, headSpan, headline := headlineFor(sources, cands, chosen)
	d.Headline = headline
	d.Support = append(d.Support, Support{Field: Headline, Span: [2]int{0, len(headline)}, Text: headline,
		Sources: []SourceSpan{{Source: headSrc, Span: [2]int{headSpan.Start, headSpan.End}}}})

	dek := attributed(lead.text, sources[lead.src], lead.attribute)
	d.Dek = dek
	d.Support = append(d.Support, Support{Field: Dek, Span: [2]int{0, len(dek)}, Text: dek,
		Sources: []SourceSpan{{Source: lead.src, Span: [2]int{lead.span.Start, lead.span.End}}}})

	// Body: primary source first, each source in its own order.
	rank := map[int]int{}
	for n, i := range chosen {
		if _, ok := rank[cands[i].src]; !ok {
			rank[cands[i].src] = n
		}
	}
	sort.SliceStable(bodyIdx, func(a, b int) bool {
		ca, cb := cands[bodyIdx[a]], cands[bodyIdx[b]]
		if ca.src != cb.src {
			return rank[ca.src] < rank[cb.src]
		}
		return ca.pos < cb.pos
	})
	var para strings.Builder
	paraSrc, inPara := -1, 0
	flush := func() {
		if para.Len() > 0 {
			d.Body = append(d.Body, para.String())
			para.Reset()
		}
		inPara = 0
	}
	for _, i := range bodyIdx {
		c := cands[i]
		if c.src != paraSrc || inPara >= x.PerParagraph {
			flush()
			paraSrc = c.src
		}
		text := c.text
		if inPara == 0 {
			text = attributed(c.text, sources[c.src], c.attribute)
		}
		if para.Len() > 0 {
			para.WriteByte(' ')
		}
		start := para.Len()
		para.WriteString(text)
		d.Support = append(d.Support, Support{Field: Body, Index: len(d.Body), Span: [2]int{start, para.Len()}, Text: text,
			Sources: []SourceSpan{{Source: c.src, Span: [2]int{c.span.Start, c.span.End}}}})
		inPara++
	}
	flush()

	// Watch: forward-looking sentences not used above.
	used := map[int]bool{}
	for _, i := range chosen {
		used[i] = true
	}
	for _, i := range order {
		if len(d.Watch) >= x.MaxWatch {
			break
		}
		c := cands[i]
		if used[i] || !c.forward || redundant(c, cands, chosen) {
			continue
		}
		text := attributed(c.text, sources[c.src], c.attribute)
		d.Support = append(d.Support, Support{Field: Watch, Index: len(d.Watch), Span: [2]int{0, len(text)}, Text: text,
			Sources: []SourceSpan{{Source: c.src, Span: [2]int{c.span.Start, c.span.End}}}})
		d.Watch = append(d.Watch, text)
		chosen = append(chosen, i)
	}
	return d, nil
}

// dangling sentence openers refer to something the reader has not seen.
var dangling = map[string]bool{
	"it": true, "this": true, "that": true, "these": true, "those": true, "he": true, "she": true, "they": true,
	"but": true, "however": true, "also": true, "and": true, "so": true, "meanwhile": true, "still": true,
	"yet": true, "its": true, "his": true, "her": true, "their": true, "there": true, "such": true, "both": true,
	"others": true, "then": true, "instead": true, "likewise": true, "similarly": true, "separately": true,
	"here": true, "we": true, "i": true, "our": true,
}

var boilerplate = []string{
	"click here", "subscribe", "all rights reserved", "cookie", "reporting by", "editing by", "sign up",
	"newsletter", "©", "read more", "follow us", "this article", "image:", "photo:", "advertisement",
	"not investment advice", "terms of use", "privacy policy", "log in", "javascript", "today announced",
	"announced financial results", "forward-looking statements",
}

var forwardCues = map[string]bool{
	"will": true, "expects": true, "expected": true, "expect": true, "plans": true, "planned": true, "forecast": true,
	"forecasts": true, "guidance": true, "outlook": true, "next": true, "upcoming": true, "scheduled": true,
	"later": true, "coming": true, "aims": true, "intends": true, "due": true, "projected": true, "projects": true,
	"projecting": true,
}

// candidates lists the source sentences fit to copy.
func candidates(sources []source.Source) []candidate {
	var out []candidate
	for si, s := range sources {
		text := s.Text
		qs, problems := extract.Quotes(text)
		speakers := extract.Speakers(text, qs)
		figs := extract.Figures(text)
		for pos, sen := range extract.Sentences(text) {
			t := text[sen.Start:sen.End]
			if !sen.Terminal || strings.HasSuffix(strings.TrimRight(t, `"”’')`), "?") {
				continue
			}
			n := extract.CountWords(t)
			if n < 6 || n > 55 {
				continue
			}
			r, _ := utf8.DecodeRuneInString(t)
			if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '$') {
				continue
			}
			if strings.ContainsAny(t, "|<>") || hasBoilerplate(t) || danglingStart(t) {
				continue
			}
			if overlapsProblem(sen.Span, problems) {
				continue
			}
			span := sen.Span
			if d := datelineEnd(t); d > 0 {
				// "SEATTLE -- Amazon.com said…": copy the sentence without
				// its dateline.
				span.Start += d
				t = text[span.Start:span.End]
				n = extract.CountWords(t)
				if n < 6 {
					continue
				}
			}
			c := candidate{src: si, pos: pos, span: span, text: t, words: n, attribute: extract.HasAttribution(t)}
			ok := true
			for qi, q := range qs {
				if q.End <= sen.Start || q.Start >= sen.End {
					continue
				}
				// A quotation must lie wholly inside the sentence and name
				// its speaker there: a pronoun would be resolved differently
				// once the sentence is moved.
				if q.Start < sen.Start || q.End > sen.End || q.Continued || speakers[qi].Kind != extract.NamedSpeaker ||
					speakers[qi].Start < sen.Start || speakers[qi].End > sen.End {
					ok = false
					break
				}
				c.quote = true
			}
			if !ok {
				continue
			}
			for _, f := range figs {
				if f.Start >= span.Start && f.End <= span.End {
					c.figures++
					if f.Kind != extract.Year {
						c.figureKeys = append(c.figureKeys, figureKey(f))
					}
				}
			}
			extract.ContentWords(t, func(k uint64, _, _ int) {
				for _, x := range c.keys {
					if x == k {
						return
					}
				}
				c.keys = append(c.keys, k)
			})
			for _, w := range extract.Words(t) {
				if forwardCues[strings.ToLower(t[w.Start:w.End])] {
					c.forward = true
					break
				}
			}
			out = append(out, c)
		}
	}
	return out
}

func hasBoilerplate(t string) bool {
	l := strings.ToLower(t)
	for _, b := range boilerplate {
		if strings.Contains(l, b) {
			return true
		}
	}
	return false
}

func danglingStart(t string) bool {
	if r, _ := utf8.DecodeRuneInString(t); r == '"' || r == '“' {
		return false // a quotation's own words: "We added flights…," said …
	}
	ws := extract.Words(t)
	if len(ws) == 0 {
		return true
	}
	return dangling[strings.ToLower(t[ws[0].Start:ws[0].End])]
}

func overlapsProblem(s extract.Span, ps []extract.Problem) bool {
	for _, p := range ps {
		if p.Start < s.End && p.End > s.Start {
			return true
		}
	}
	return false
}

// scoreCandidates rates each sentence: figures, named quotations, words the
// sources keep coming back to, words of the titles, and an early position.
func scoreCandidates(cands []candidate, sources []source.Source) {
	df := map[uint64]int{}
	for _, c := range cands {
		for _, k := range c.keys {
			df[k]++
		}
	}
	title := map[uint64]bool{}
	for _, s := range sources {
		extract.ContentWords(s.Title, func(k uint64, _, _ int) { title[k] = true })
	}
	perSource := map[int]int{}
	for _, c := range cands {
		perSource[c.src]++
	}
	for i := range cands {
		c := &cands[i]
		s := math.Min(float64(c.figures), 3)
		if c.quote {
			s += 0.8
		}
		central, inTitle := 0.0, 0
		for _, k := range c.keys {
			central += math.Min(float64(df[k]-1), 5)
			if title[k] {
				inTitle++
			}
		}
		s += 0.35 * central / float64(len(c.keys)+4)
		if len(title) > 0 {
			s += 1.5 * float64(inTitle) / float64(len(title))
		}
		s += 1.2 / (1 + float64(c.pos)/3)
		if c.words >= 12 && c.words <= 40 {
			s += 0.3
		}
		c.score = s
	}
}

// figureKey identifies a figure by kind, currency and value.
func figureKey(f extract.Figure) string {
	return fmt.Sprintf("%s|%s|%.6g|%.6g|%v", f.Kind, f.Currency, f.Low.Value, f.High.Value, f.Date)
}

// datelineEnd returns where a dateline ("SEATTLE --", "OSLO, October 22,
// 2026 --", "NEW YORK (Reuters) -") at the start of a sentence ends, or 0.
func datelineEnd(t string) int {
	i := strings.Index(t, "--")
	n := 2
	if j := strings.Index(t, " — "); j >= 0 && (i < 0 || j < i) {
		i, n = j, len(" — ")
	}
	if j := strings.Index(t, ") - "); j >= 0 && (i < 0 || j < i) {
		i, n = j+1, len(" - ")
	}
	if i <= 0 || i > 60 {
		return 0
	}
	head := t[:i]
	// The place name is in capitals: "SEATTLE", "NEW YORK", "SANTA CLARA, Calif."
	ws := extract.Words(head)
	if len(ws) == 0 || strings.ToUpper(head[ws[0].Start:ws[0].End]) != head[ws[0].Start:ws[0].End] || ws[0].End-ws[0].Start < 2 {
		return 0
	}
	end := i + n
	for end < len(t) && t[end] == ' ' {
		end++
	}
	return end
}

// redundant reports a candidate that repeats one already chosen: most of
// its words, or nothing but figures already given.
func redundant(c candidate, cands []candidate, chosen []int) bool {
	if len(c.figureKeys) > 0 && !c.quote {
		seen := map[string]bool{}
		for _, j := range chosen {
			for _, k := range cands[j].figureKeys {
				seen[k] = true
			}
		}
		fresh := false
		for _, k := range c.figureKeys {
			fresh = fresh || !seen[k]
		}
		if !fresh {
			return true
		}
	}
	for _, j := range chosen {
		o := cands[j]
		if o.src == c.src && o.pos == c.pos {
			return true
		}
		shared := 0
		for _, k := range c.keys {
			for _, x := range o.keys {
				if k == x {
					shared++
					break
				}
			}
		}
		if n := min(len(c.keys), len(o.keys)); n > 0 && float64(shared)/float64(n) > 0.6 {
			return true
		}
	}
	return false
}

// attributed adds "…, according to NAME." (or the statement, filing or
// transcript form) to a sentence that does not already say who says it.
// Sentences that end in a quotation, a bracket or not in a period are left
// as they are.
func attributed(sentence string, s source.Source, hasAttribution bool) string {
	if hasAttribution || !strings.HasSuffix(sentence, ".") || strings.HasSuffix(sentence, "..") {
		return sentence
	}
	name := s.Name
	if name == "" {
		if u, err := url.Parse(s.URL); err == nil && u.Host != "" {
			name = strings.TrimPrefix(u.Host, "www.")
		}
	}
	if name == "" {
		return sentence
	}
	var clause string
	switch s.Kind {
	case source.Statement:
		clause = ", " + name + " said in a statement"
	case source.Filing:
		clause = ", according to a filing by " + name
	case source.Transcript:
		clause = ", according to a transcript published by " + name
	default:
		clause = ", according to " + name
	}
	return strings.TrimSuffix(sentence, ".") + clause + "."
}

// headlineFor picks the headline and the source span it comes from.
func headlineFor(sources []source.Source, cands []candidate, chosen []int) (int, extract.Span, string) {
	lead := cands[chosen[0]]
	src := sources[lead.src]
	t := strings.TrimSpace(src.Title)
	if !utf8.ValidString(t) {
		t = ""
	}
	if t == "" {
		t = leadingHeading(src.Text)
	}
	if n := extract.CountWords(t); n > 0 && n <= 18 && len(t) <= maxHeadlineLen && !strings.ContainsAny(t, "\"“”‘’") {
		if at := strings.Index(src.Text, t); at >= 0 {
			return lead.src, extract.Span{Start: at, End: at + len(t)}, t
		}
	}
	// The best chosen sentence without a quotation.
	pick := lead
	for _, i := range chosen {
		if !cands[i].quote {
			pick = cands[i]
			break
		}
	}
	h := capLength(shorten(pick.text), maxHeadlineLen)
	return pick.src, extract.Span{Start: pick.span.Start, End: pick.span.Start + len(h)}, h
}

// maxHeadlineLen bounds a headline, in bytes: a lead sentence with no
// clause break to cut at (or no sentence break at all) is cut at its last
// space before the bound.
const maxHeadlineLen = 200

// capLength returns s cut to at most n bytes: at the last space before the
// bound when there is one, else at a character boundary. The cut text is a
// prefix of s, so it stays a span of its source.
func capLength(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > n/2 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " .,;:")
}

// leadingHeading returns a source's first paragraph when it is a one-line
// heading (no final punctuation): the title of a text without a Title
// header.
func leadingHeading(text string) string {
	bs := extract.Blocks(text)
	if len(bs) < 2 {
		return ""
	}
	h := text[bs[0].Start:bs[0].End]
	if strings.Contains(h, "\n") || strings.HasSuffix(h, ".") || strings.HasSuffix(h, "?") || strings.HasSuffix(h, "!") {
		return ""
	}
	return h
}

// clauseBreaks are where a long lead sentence may be cut for a headline.
var clauseBreaks = []string{", which ", ", as ", ", while ", ", after ", "; ", " — ", " – ", ", but ", ", according to ", ", with ", ", citing ", ", even as ", ", adding "}

// shorten cuts a sentence at the first clause break that leaves at least
// six words, and drops the final period. Breaks inside a figure or a
// quotation are not used.
func shorten(s string) string {
	figs := extract.Figures(s)
	qs, _ := extract.Quotes(s)
	best := len(s)
	for _, b := range clauseBreaks {
		from := 0
		for {
			i := strings.Index(s[from:], b)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			if extract.CountWords(s[:i]) < 6 || inside(i, figs, qs) {
				continue
			}
			if i < best {
				best = i
			}
			break
		}
	}
	h := strings.TrimSpace(s[:best])
	return strings.TrimRight(h, ".,;: ")
}

func inside(i int, figs []extract.Figure, qs []extract.Quote) bool {
	for _, f := range figs {
		if i > f.Start && i < f.End {
			return true
		}
	}
	for _, q := range qs {
		if i > q.Start && i < q.End {
			return true
		}
	}
	return false
}
