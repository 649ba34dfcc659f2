package tagger

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// scratch is the per-call working memory Tag reuses through a pool.
type scratch struct {
	toks    []token
	hots    []int32
	queries []query
	cands   []cand
	order   []int32
	groups  []group
}

// cand is one candidate mention before it is judged.
type cand struct {
	start, end int32
	tok0, tok1 int32 // the name's tokens, for context checks
	via        Via
	listing    int32 // the listing the mention counts for
	form       int32 // the name form, -1 for ticker evidence
	conf       float64
	// strong marks a ticker in a strong form (cashtag, exchange, a
	// parenthesis after the company's name): it corroborates the company's
	// ambiguous names elsewhere in the text.
	strong     bool
	possessive bool // "Apple's"
	suffix     bool // "Apple Inc."
	paren      bool // "Ford (F)"
}

// doc is one text being tagged.
type doc struct {
	t      *Tagger
	text   string
	toks   []token
	hots   []int32 // tokens with hot bits, in text order
	cands  []cand
	order  []int32 // result's ordering of cands
	groups []group // result's kept listings
}

// Tag finds the securities text refers to. It accepts any string: invalid
// UTF-8 bytes separate words like punctuation does, and every mention's
// offsets lie inside text. It fails only for a text over the size limit
// (ErrTooLarge).
//
// The text's first non-empty line is its headline; the paragraph after it
// is its lead. Mentions there make a security more salient.
func (t *Tagger) Tag(text string) (Result, error) {
	if len(text) > t.opts.MaxBytes {
		return Result{}, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(text), t.opts.MaxBytes)
	}
	sc := t.scratch.Get().(*scratch)
	d := doc{t: t, text: text, cands: sc.cands[:0], order: sc.order[:0], groups: sc.groups[:0]}
	d.toks, d.hots = t.scan(text, sc)
	d.find()
	var res Result
	if len(d.cands) > 0 {
		d.judge()
		res = d.result()
	}
	sc.toks, sc.hots, sc.cands, sc.order, sc.groups = d.toks[:0], d.hots[:0], d.cands[:0], d.order[:0], d.groups[:0]
	t.scratch.Put(sc)
	return res, nil
}

func (d *doc) word(i int) string { return d.text[d.toks[i].start:d.toks[i].end] }

// in reports whether token i, case-folded, is in set. An ASCII token of
// up to eight bytes, the common case, is folded and packed from one chunk
// of the text, as scan reads it; the others are folded on the stack
// (looking up m[string(b)] does not allocate) or, when long or not ASCII,
// by fold.
func (d *doc) in(set *wordSet, i int) bool {
	if i < 0 || i >= len(d.toks) {
		return false
	}
	w := d.word(i)
	if n := len(w); n <= 8 && len(d.text) >= 8 {
		s := int(d.toks[i].start)
		j := min(s, len(d.text)-8)
		in := uint64(1)<<(8*n) - 1 // all ones for eight bytes: the shift gives 0
		if x := load64(d.text, j) >> (8 * (s - j)) & in; x&msb == 0 {
			// Letters and digits: OR-ing 0x20 folds them.
			return set.hasPacked((x | 0x20*lsb) & in)
		}
	}
	var buf [32]byte
	if len(w) > len(buf) {
		return set.has(fold(w))
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= 0x80 {
			return set.has(fold(w))
		}
		if c >= 'A' && c <= 'Z' {
			c |= 0x20
		}
		buf[k] = c
	}
	return set.has(string(buf[:len(w)]))
}

// sepBefore returns the text between token i-1 and token i.
func (d *doc) sepBefore(i int) string {
	if i <= 0 {
		return d.text[:d.toks[0].start]
	}
	if i >= len(d.toks) {
		return d.text[d.toks[len(d.toks)-1].end:]
	}
	return d.text[d.toks[i-1].end:d.toks[i].start]
}

// entry returns what the tagger knows about token i, looking it up now if
// scan left it (see scan), or nil.
func (d *doc) entry(i int) *entry {
	e := d.toks[i].entry
	if e == notLooked {
		e = d.lookNow(i)
	}
	if e >= 0 {
		return &d.t.entries[e]
	}
	return nil
}

// look returns the entry index of token i, looking it up now if scan left
// it (see scan): noEntry for a token in no list.
func (d *doc) look(i int) int32 {
	if e := d.toks[i].entry; e != notLooked {
		return e // small enough to inline: most tokens asked about are known
	}
	return d.lookNow(i)
}

// lookNow looks token i up, for look.
func (d *doc) lookNow(i int) int32 {
	tk := &d.toks[i]
	tk.entry, tk.hot, tk.flags = d.t.lookupToken(d.text, int(tk.start), int(tk.end))
	return tk.entry
}

// hasFlag reports whether token i's entry has flag f. The token carries
// the flags: no trip to the entries.
func (d *doc) hasFlag(i int, f entryFlag) bool {
	if d.toks[i].entry == notLooked {
		d.lookNow(i)
	}
	return d.toks[i].flags&f != 0
}

// find walks the tokens scan found in a name, ticker or venue (d.hots) and
// collects candidate mentions: cashtags, exchange forms, names (longest
// match first), then bare tickers. A token that scan did not look up cannot
// start any of them (see scan), so the other three in four tokens are not
// visited at all.
func (d *doc) find() {
	next := 0 // tokens before next are part of a mention already found
	for _, h := range d.hots {
		i := int(h)
		if i < next {
			continue
		}
		next = i + 1
		tk := &d.toks[i]
		if tk.hot&hotTicker != 0 && tk.start > 0 && d.text[tk.start-1] == '$' && d.cashtagAt(i) {
			next = d.cashtag(i)
			continue
		}
		if tk.hot&hotVenue != 0 {
			if n, ok := d.exchangeForm(i); ok {
				next = n
				continue
			}
		}
		if tk.hot&hotName != 0 && (tk.shape&shFirstUpper != 0 || tk.hot&hotLower != 0 || byteClass[d.text[tk.start]] == clDigit) {
			if n, ok := d.name(i); ok {
				next = n
				continue
			}
		}
		if tk.hot&hotTicker != 0 {
			if n, ok := d.bare(i); ok {
				next = n
			}
		}
	}
}

// listingAt resolves the ticker starting at token i, with a share class
// written after a dot, dash or slash ("BRK.B", "BRK-B"). It returns -1 when
// the universe has no such listing, and the index after the ticker.
func (d *doc) listingAt(i int) (int32, int) {
	e := d.entry(i)
	if e == nil || e.listings == nil {
		return -1, i + 1
	}
	if i+1 < len(d.toks) {
		sep := d.sepBefore(i + 1)
		c := d.toks[i+1]
		if (sep == "." || sep == "-" || sep == "/") && c.end-c.start <= 2 && c.shape&shDigit == 0 && c.shape.allUpper() {
			cls := d.word(i + 1)
			for _, l := range e.listings {
				if d.t.listings[l].class != "" && foldEqual(cls, d.t.listings[l].class) {
					return l, i + 2
				}
			}
		}
	}
	return e.plain, i + 1
}

// tickerShape reports whether token i is spelled like a ticker: letters
// only, at most six.
func (d *doc) tickerShape(i int) bool {
	tk := d.toks[i]
	return tk.shape&shDigit == 0 && tk.shape&shLetter != 0 && tk.end-tk.start <= 6
}

// cashtagAt reports whether token i is written as a cashtag: "$AMZN".
func (d *doc) cashtagAt(i int) bool {
	s := int(d.toks[i].start)
	if s < 1 || d.text[s-1] != '$' || !d.tickerShape(i) {
		return false
	}
	if s >= 2 {
		c := d.text[s-2]
		if byteClass[c] != clSep || c == '$' {
			return false
		}
	}
	tk := d.toks[i]
	if e := int(tk.end); e < len(d.text) && d.text[e] == '_' {
		return false // "$ES_F" is a futures symbol
	}
	return tk.shape.allUpper() || tk.shape&shUpper == 0 || tk.shape&shFirstUpper != 0
}

// cashtag records the cashtag at token i and returns the next index.
func (d *doc) cashtag(i int) int {
	l, next := d.listingAt(i)
	if l >= 0 {
		d.cands = append(d.cands, cand{
			start: d.toks[i].start - 1, end: d.toks[next-1].end, via: ViaCashtag,
			listing: l, form: -1, conf: 0.97, strong: true,
		})
	}
	return next
}

// venue reads a listing venue at token i ("NYSE", "NYSE American",
// "NasdaqGS") and returns the index after it.
func (d *doc) venue(i int) (int, bool) {
	if !d.hasFlag(i, fExchange) || d.toks[i].shape&shFirstUpper == 0 {
		return i, false
	}
	j := i + 1
	if j < len(d.toks) && d.sepBefore(j) == " " && d.hasFlag(j, fVenuePart) {
		if two := fold(d.word(i)) + "_" + fold(d.word(j)); d.t.lex.exchange[two] {
			return j + 1, true
		}
	}
	return j, d.in(d.t.sets.exchange, i)
}

// exchangeForm reads "NYSE: F", "(NASDAQ:AMZN)", "NYSE American: XYZ",
// "(NASDAQ: GOOGL, GOOG)" at token i.
func (d *doc) exchangeForm(i int) (int, bool) {
	j, ok := d.venue(i)
	if !ok || j >= len(d.toks) || strings.TrimSpace(d.sepBefore(j)) != ":" {
		return i + 1, false
	}
	if !d.toks[j].shape.allUpper() || !d.tickerShape(j) {
		return i + 1, false
	}
	l, next := d.listingAt(j)
	next = d.skipRIC(next)
	if l >= 0 {
		d.cands = append(d.cands, cand{
			start: d.toks[i].start, end: d.toks[next-1].end, via: ViaExchange,
			listing: l, form: -1, conf: 0.99, strong: true,
		})
	}
	for next < len(d.toks) && strings.TrimSpace(d.sepBefore(next)) == "," &&
		d.toks[next].shape.allUpper() && d.tickerShape(next) {
		l2, nn := d.listingAt(next)
		if l2 < 0 {
			break
		}
		d.cands = append(d.cands, cand{
			start: d.toks[next].start, end: d.toks[nn-1].end, via: ViaExchange,
			listing: l2, form: -1, conf: 0.99, strong: true,
		})
		next = nn
	}
	return next, true
}

// skipRIC skips a Reuters exchange suffix (".O", ".N") at token i.
func (d *doc) skipRIC(i int) int {
	if i < len(d.toks) && d.sepBefore(i) == "." && d.toks[i].shape.allUpper() && d.in(d.t.sets.ric, i) {
		return i + 1
	}
	return i
}

// nameSep reports whether sep may stand between two words of a name:
// spaces and the punctuation names carry (".", "-", "&", "'", ",", "/", "!").
func nameSep(sep string) bool {
	if len(sep) == 1 {
		return nameSepByte[sep[0]] // the common case, a space
	}
	if len(sep) == 0 || len(sep) > 4 {
		return false
	}
	for _, r := range sep {
		switch r {
		case ' ', '.', '-', '&', '\'', '’', ',', '/', '!', '+':
		default:
			return false
		}
	}
	return true
}

// nameSepByte holds the one-byte separators nameSep accepts.
var nameSepByte = [256]bool{' ': true, '.': true, '-': true, '&': true, '\'': true, ',': true, '/': true, '!': true, '+': true}

// name matches the longest name form starting at token i whose case rules
// the text satisfies, and the possessive, legal suffix and parenthesised
// ticker after it.
func (d *doc) name(i int) (int, bool) {
	t := d.t
	type hit struct {
		form int32
		end  int
	}
	node := d.toks[i].entry // the root of the names starting with the token
	if !d.extends(i) {
		// The name is one word or none: most capitalised words that could
		// start a name are followed by a word that does not continue it.
		if d.toks[i].hot&hotForm == 0 {
			return i + 1, false
		}
		if f := t.nodes[node].form; d.caseOK(i, &t.forms[f]) {
			return d.addName(i, i+1, f), true
		}
		return i + 1, false
	}
	var hits [8]hit
	nh := 0
	for j := i; j < len(d.toks); j++ {
		if j > i {
			// A leaf ends the name: the next word need not be looked up.
			if n := &t.nodes[node]; n.kids == n.end || !nameSep(d.sepBefore(j)) || d.look(j) < 0 {
				break
			}
			child := t.child(node, d.toks[j].entry)
			if child < 0 {
				break
			}
			node = child
		}
		if f := t.nodes[node].form; f >= 0 {
			if nh == len(hits) {
				nh--
			}
			hits[nh] = hit{f, j + 1}
			nh++
		}
	}
	for k := nh - 1; k >= 0; k-- {
		if d.caseOK(i, &t.forms[hits[k].form]) {
			return d.addName(i, hits[k].end, hits[k].form), true
		}
	}
	return i + 1, false
}

// extends reports whether the word after token i may continue a name that
// starts with it: whether the trie has the edge, and the word is written in
// a case some name through it allows. It reads only the token and the
// filter of edges, not the trie. It may err towards true.
func (d *doc) extends(i int) bool {
	j := i + 1
	if j >= len(d.toks) || !nameSep(d.sepBefore(j)) {
		return false
	}
	if next := d.toks[j]; d.toks[i].hot&hotLowerNext == 0 && next.shape&shFirstUpper == 0 &&
		byteClass[d.text[next.start]] != clDigit && !next.shape.allUpper() {
		return false // every name through here wants the second word capitalised
	}
	return d.look(j) >= 0 && d.t.edges.has(edgeHash(d.toks[i].entry, d.toks[j].entry))
}

// caseOK checks the text's spelling of form f at token i against its rules.
func (d *doc) caseOK(i int, f *form) bool {
	for k := range int(f.nwords) {
		tk := d.toks[i+k]
		switch f.rule(k) {
		case firstUpper:
			if tk.shape&shFirstUpper == 0 && byteClass[d.text[tk.start]] != clDigit {
				return false
			}
		case allUpper:
			if !tk.shape.allUpper() {
				return false
			}
		}
	}
	return true
}

// legalAt returns how many tokens from i form a legal suffix: "Inc",
// "Corp", "plc", or dotted letters "N.V.", "S.A.", "L.P.".
func (d *doc) legalAt(i int) int {
	n := len(d.toks)
	if i >= n {
		return 0
	}
	if after := d.sepBefore(i + 1); i+1 < n && strings.HasPrefix(after, "-") || i+1 == n && strings.HasPrefix(d.text[d.toks[i].end:], "-") {
		return 0 // "Co-founder"
	}
	if d.hasFlag(i, fLegal) && (d.toks[i].shape&shFirstUpper != 0) && d.toks[i].end-d.toks[i].start > 1 {
		return 1
	}
	// Dotted single letters.
	letters := ""
	k := i
	for k < n && k < i+3 && d.toks[k].end-d.toks[k].start == 1 && d.toks[k].shape.allUpper() {
		if k > i && d.sepBefore(k) != "." {
			break
		}
		letters += fold(d.word(k))
		k++
		if len(letters) >= 2 && d.hasLegal(letters) && (k == n || strings.HasPrefix(d.sepBefore(k), ".")) {
			return k - i
		}
	}
	return 0
}

// hasLegal reports whether a folded word is a legal suffix read in text.
func (d *doc) hasLegal(w string) bool {
	_, _, flags := d.t.lookupWord(w)
	return flags&fLegal != 0
}

// addName records the name form fi matched on tokens [i, end) and reads
// what follows it. It returns the index after everything it consumed.
func (d *doc) addName(i, end int, fi int32) int {
	t := d.t
	f := &t.forms[fi]
	c := cand{
		start: d.toks[i].start, end: d.toks[end-1].end, tok0: int32(i), tok1: int32(end),
		via: f.via, listing: f.listing, form: fi,
	}
	n := len(d.toks)
	next := end
	// Possessive: "Apple's", "Travelers'".
	if next < n {
		sep := d.sepBefore(next)
		if (sep == "'" || sep == "’") && (d.word(next) == "s" || d.word(next) == "S") {
			c.possessive = true
			next++
		}
	}
	if !c.possessive {
		after := d.text[c.end:]
		if strings.HasPrefix(after, "' ") || strings.HasPrefix(after, "’ ") {
			c.possessive = strings.HasSuffix(d.word(end-1), "s")
		}
	}
	// Legal suffixes: "Apple Inc.", "Amazon.com, Inc.", "Shell plc".
	if !c.possessive {
		for next < n {
			sep := d.sepBefore(next)
			if sep != " " && sep != ", " && sep != "," {
				break
			}
			k := d.legalAt(next)
			if k == 0 {
				break
			}
			next += k
			c.end = d.toks[next-1].end
			c.suffix = true
		}
	}
	// A ticker in parentheses or angle brackets right after the name:
	// "Ford (F)", "Amazon.com Inc (NASDAQ: AMZN)", "Amazon.com Inc <AMZN.O>".
	if next < n {
		open := d.sepBefore(next)
		for len(open) > 0 && (open[0] == ' ' || open[0] == '.' || open[0] == ',') {
			open = open[1:] // strings.TrimLeft(open, " .,"), without building a set per call
		}
		if open == "(" || open == "<" {
			closing := byte(')')
			if open == "<" {
				closing = '>'
			}
			j, venue := next, false
			if v, ok := d.venue(j); ok && v < n && strings.TrimSpace(d.sepBefore(v)) == ":" {
				j, venue = v, true
			}
			if j < n && d.toks[j].shape.allUpper() && d.tickerShape(j) {
				l, nn := d.listingAt(j)
				if r := d.skipRIC(nn); r > nn {
					nn, venue = r, true
				}
				rest := strings.TrimLeft(d.text[d.toks[nn-1].end:], " ")
				if l >= 0 && len(rest) > 0 && rest[0] == closing && t.listings[l].company == f.company {
					c.paren = true
					via := ViaTicker
					start := d.toks[j].start
					if venue {
						via = ViaExchange
						start = d.toks[next].start
					}
					d.cands = append(d.cands, cand{
						start: start, end: d.toks[nn-1].end, via: via,
						listing: l, form: -1, conf: 0.99, strong: true,
					})
					next = nn
				}
			}
		}
	}
	d.cands = append(d.cands, c)
	return next
}

// bare judges an all-caps token that is a ticker but not in a strong form.
func (d *doc) bare(i int) (int, bool) {
	tk := d.toks[i]
	if !tk.shape.allUpper() || !d.tickerShape(i) || tk.end-tk.start < 2 {
		return i + 1, false
	}
	l, next := d.listingAt(i)
	if l < 0 {
		return i + 1, false
	}
	// Reuters instrument code: "<AMZN.O>", "(AMZN.O)".
	if r := d.skipRIC(next); r > next && d.enclosed(i, r) {
		d.cands = append(d.cands, cand{
			start: tk.start, end: d.toks[r-1].end, via: ViaExchange,
			listing: l, form: -1, conf: 0.99, strong: true,
		})
		return r, true
	}
	// The listing's marks, from the entry when it is the plain listing.
	word, fund := d.t.entries[d.toks[i].entry].plainWord, d.t.entries[d.toks[i].entry].plainFund
	if next > i+1 {
		word, fund = d.t.listings[l].word, d.t.listings[l].fund
	}
	if word {
		return i + 1, false
	}
	s, e := int(tk.start), int(d.toks[next-1].end)
	if s > 0 && strings.IndexByte("@#/\\_=&", d.text[s-1]) >= 0 {
		return i + 1, false
	}
	if e < len(d.text) {
		c := d.text[e]
		if strings.IndexByte("@_/\\&", c) >= 0 {
			return i + 1, false
		}
		if c == '-' && e+1 < len(d.text) && byteClass[d.text[e+1]] != clSep {
			return i + 1, false // a code or compound: "GLP-1", "SAIC-GM"
		}
	}
	if s > 1 && d.text[s-1] == '-' && byteClass[d.text[s-2]] != clSep {
		return i + 1, false
	}
	if d.shouting(i) {
		return i + 1, false
	}
	conf := 0.7
	if e-s == 2 {
		conf = 0.55
	}
	if fund {
		conf -= 0.15
	}
	if d.nearFlag(i, next, fShareCue, 6) {
		conf += 0.15
	}
	if d.enclosed(i, next) {
		conf += 0.1
	}
	d.cands = append(d.cands, cand{
		start: tk.start, end: int32(e), via: ViaTicker, listing: l, form: -1, conf: conf,
	})
	return next, true
}

// hasNewline reports whether a separator holds a line break. Separators are
// short: a loop beats strings.IndexByte's call.
func hasNewline(sep string) bool {
	for i := 0; i < len(sep); i++ {
		if sep[i] == '\n' {
			return true
		}
	}
	return false
}

// quoteOrColon reports whether a separator holds a colon, a parenthesis or
// a straight or curly double quote: strings.ContainsAny(sep, ":()\"“”")
// without decoding runes. The curly quotes are E2 80 9C and E2 80 9D in
// UTF-8, and E2 cannot continue another rune, so finding the bytes finds
// the rune.
func quoteOrColon(sep string) bool {
	for i := 0; i < len(sep); i++ {
		switch sep[i] {
		case ':', '(', ')', '"':
			return true
		case 0xE2:
			if i+2 < len(sep) && sep[i+1] == 0x80 && (sep[i+2] == 0x9C || sep[i+2] == 0x9D) {
				return true
			}
		}
	}
	return false
}

// enclosed reports whether tokens [i, end) stand alone in parentheses or
// angle brackets.
func (d *doc) enclosed(i, end int) bool {
	before := strings.TrimRight(d.sepBefore(i), " ")
	after := d.text[d.toks[end-1].end:]
	if end < len(d.toks) {
		after = d.sepBefore(end)
	}
	after = strings.TrimLeft(after, " ")
	return strings.HasSuffix(before, "(") && strings.HasPrefix(after, ")") ||
		strings.HasSuffix(before, "<") && strings.HasPrefix(after, ">")
}

// boundary reports whether a sentence or line ends between token i-1 and
// i. A full stop after a single letter or a short abbreviation ("U.S.",
// "Inc.", "Mr.") ends no sentence.
func (d *doc) boundary(i int) bool {
	if i <= 0 || i >= len(d.toks) {
		return true
	}
	sep := d.sepBefore(i)
	if hasNewline(sep) {
		return true
	}
	for k := 0; k+1 < len(sep); k++ {
		switch sep[k] {
		case '!', '?', ';':
			if sep[k+1] == ' ' {
				return true
			}
		case '.':
			if sep[k+1] != ' ' {
				continue
			}
			prev := d.toks[i-1]
			if k == 0 && (prev.end-prev.start <= 2 || d.hasFlag(i-1, fLegal) || d.in(d.t.sets.abbrev, i-1)) {
				continue
			}
			return true
		}
	}
	return false
}

// nearFlag reports whether a token with flag f stands within w tokens of
// [i, end), in the same sentence.
func (d *doc) nearFlag(i, end int, f entryFlag, w int) bool {
	for k := i - 1; k >= 0 && k >= i-w; k-- {
		if d.boundary(k + 1) {
			break
		}
		if d.hasFlag(k, f) {
			return true
		}
	}
	for k := end; k < len(d.toks) && k < end+w; k++ {
		if d.boundary(k) {
			break
		}
		if d.hasFlag(k, f) {
			return true
		}
	}
	return false
}

// shouting reports whether token i stands in all-caps text ("AMAZON HAS
// SET"), where capitals say nothing about tickers: two or more all-caps
// English words within four tokens on the same line.
func (d *doc) shouting(i int) bool {
	// Count the all-caps words around first, without looking them up:
	// fewer than two cannot hold two English words.
	caps := 0
	for k := max(i-4, 0); k < len(d.toks) && k <= i+4; k++ {
		if tk := d.toks[k]; k != i && tk.shape.allUpper() && tk.end-tk.start >= 2 && tk.shape&shDigit == 0 {
			caps++
		}
	}
	if caps < 2 {
		return false
	}
	count := 0
	check := func(k int) {
		tk := d.toks[k]
		if tk.shape.allUpper() && tk.end-tk.start >= 2 && tk.shape&shDigit == 0 {
			if d.in(d.t.sets.words, k) && !d.in(d.t.sets.abbrev, k) {
				count++
			}
		}
	}
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if hasNewline(d.sepBefore(k + 1)) {
			break
		}
		check(k)
	}
	for k := i + 1; k < len(d.toks) && k <= i+4; k++ {
		if hasNewline(d.sepBefore(k)) {
			break
		}
		check(k)
	}
	return count >= 2
}

// mixedContext reports whether the line around token i is ordinary prose
// (lower-case words around), where a capitalised phrase is a proper noun,
// rather than a title-case or all-caps line.
func (d *doc) mixedContext(i, end int) bool {
	lower := 0
	look := func(k int) {
		tk := d.toks[k]
		if tk.shape&shLower != 0 && tk.shape&shUpper == 0 && tk.end-tk.start >= 3 && !d.hasFlag(k, fFunction) {
			lower++
		}
	}
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		if hasNewline(d.sepBefore(k + 1)) {
			break
		}
		look(k)
	}
	for k := end; k < len(d.toks) && k < end+10; k++ {
		if hasNewline(d.sepBefore(k)) {
			break
		}
		look(k)
	}
	return lower >= 2
}

// neighbour returns the index of the word next to a mention, or -1 across a
// sentence boundary. dir is -1 for the word before tok0, +1 for the word
// after tok1 (past a possessive).
func (d *doc) neighbour(c *cand, dir int) int {
	if dir < 0 {
		k := int(c.tok0) - 1
		if k < 0 || d.boundary(k+1) {
			return -1
		}
		if (d.word(k) == "s" || d.word(k) == "S") && k > 0 && (d.sepBefore(k) == "'" || d.sepBefore(k) == "’") {
			k--
		}
		return k
	}
	k := int(c.tok1)
	if c.possessive && k < len(d.toks) && (d.word(k) == "s" || d.word(k) == "S") {
		k++
	}
	if k >= len(d.toks) || d.boundary(k) {
		return -1
	}
	if quoteOrColon(d.sepBefore(k)) {
		return -1
	}
	return k
}

// antiCue reports whether the words around an everyday-word name make it
// the word: "price Target", "Amazon rainforest", "a Shell company".
func (d *doc) antiCue(c *cand, f *form) bool {
	if f.level < ambiguous && f.trap == nil {
		return false // nothing to check: spare finding the neighbours
	}
	prev, next := d.neighbour(c, -1), d.neighbour(c, +1)
	if f.level >= ambiguous {
		if d.in(d.t.sets.determiner, prev) || next >= 0 && strings.EqualFold(d.word(next), "of") {
			return true
		}
	}
	if f.trap == nil {
		return false
	}
	return d.in(f.trap.before, prev) || d.in(f.trap.after, next)
}

// judge sets the confidence of name mentions, which depends on the other
// evidence for the same company and on the words around them.
func (d *doc) judge() {
	t := d.t
	var stack [16]int32
	corroborated := stack[:0] // companies with evidence that needs no context
	for k := range d.cands {
		c := &d.cands[k]
		co := t.listings[c.listing].company
		if c.form < 0 {
			if c.strong || c.conf >= 0.7 {
				corroborated = append(corroborated, co)
			}
			continue
		}
		if t.forms[c.form].level == plain || c.suffix || c.paren {
			corroborated = append(corroborated, co)
		}
	}
	for k := range d.cands {
		c := &d.cands[k]
		if c.form < 0 {
			continue
		}
		f := &t.forms[c.form]
		c.conf = d.nameConfidence(c, f, slices.Contains(corroborated, f.company))
	}
}

// listed reports whether another company's unambiguous mention stands within
// six tokens of c in the same sentence: "General Motors, Ford and Stellantis".
func (d *doc) listed(c *cand) bool {
	for k := range d.cands {
		o := &d.cands[k]
		if o.listing == c.listing || o.form >= 0 && d.t.forms[o.form].level != plain && !o.suffix {
			continue
		}
		if o.form < 0 && !o.strong && o.conf < 0.7 {
			continue
		}
		oi := d.tokenAt(int(o.start))
		lo, hi := min(oi, int(c.tok0)), max(oi, int(c.tok0))
		if hi-lo > 6 {
			continue
		}
		ok := true
		for j := lo + 1; j <= hi; j++ {
			if d.boundary(j) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// tokenAt returns the index of the token at or after byte offset off.
func (d *doc) tokenAt(off int) int {
	return sort.Search(len(d.toks), func(i int) bool { return int(d.toks[i].end) > off })
}

// sentenceStart reports whether token i begins a sentence or line.
func (d *doc) sentenceStart(i int) bool { return d.boundary(i) }

func (d *doc) nameConfidence(c *cand, f *form, corroborated bool) float64 {
	switch {
	case c.paren:
		return 0.99
	case c.suffix:
		return 0.98
	case d.antiCue(c, f):
		return 0
	case f.level == plain && f.kind == kindLegal:
		return 0.97
	case f.level == plain && f.kind == kindCurated:
		return 0.95
	case f.level == plain:
		return 0.92
	case corroborated:
		return 0.9
	}
	i, end := int(c.tok0), int(c.tok1)
	cue := d.nearFlag(i, end, fCue, 10)
	// Capitalised inside a sentence of ordinary prose: a proper noun.
	start := d.sentenceStart(i)
	proper := !start && d.mixedContext(i, end)
	switch f.level {
	case phrase:
		switch {
		case proper || start && d.mixedContext(i, end): // mixed context, asked once
			return 0.9
		case cue || d.listed(c):
			return 0.85
		}
		return 0.4
	case everyday:
		if cue && (proper || c.possessive) {
			return 0.7
		}
		return 0.3
	}
	switch {
	case cue && c.possessive:
		return 0.85
	case cue, d.listed(c):
		return 0.8
	case proper, c.possessive:
		return 0.65
	}
	return 0.3
}

// Evidence kinds combined into a tag's confidence.
const (
	evName = iota
	evTicker
	evCashtag
	evExchange
	evKinds
)

func evKind(v Via) int {
	switch v {
	case ViaTicker:
		return evTicker
	case ViaCashtag:
		return evCashtag
	case ViaExchange:
		return evExchange
	}
	return evName
}

// result groups the judged mentions by listing and scores them. All the
// tags' mentions share one allocation, and so do the tags: it is made once,
// at its final size, and filled in the final order.
func (d *doc) result() Result {
	// Order the kept candidates by listing, then text position, sorting
	// small indices rather than the candidates themselves.
	order := d.order[:0]
	for k := range d.cands {
		if d.cands[k].conf > 0 {
			order = append(order, int32(k))
		}
	}
	d.order = order
	if len(order) == 0 {
		return Result{}
	}
	d.sortOrder()
	kept := func(k int) *cand { return &d.cands[order[k]] }
	// First pass: for each listing's group of mentions, its confidence,
	// its distinct mentions and where they stand. The groups that pass
	// MinConfidence become the tags.
	headEnd, leadEnd := regions(d.text)
	groups := d.groups[:0]
	nm, maxCount := 0, 0
	for i := 0; i < len(order); {
		var best [evKinds]float64
		l := kept(i).listing
		j, distinct, head, lead := i, 0, false, false
		for ; j < len(order) && kept(j).listing == l; j++ {
			c := kept(j)
			kind := evKind(c.via)
			best[kind] = max(best[kind], c.conf)
			if j == i || c.start != kept(j-1).start || c.end != kept(j-1).end {
				distinct++
			}
			if int(c.start) < headEnd {
				head = true
			} else if int(c.start) < leadEnd {
				lead = true
			}
		}
		miss := 1.0
		for _, b := range best {
			miss *= 1 - b
		}
		if conf := min(1-miss, 0.99); conf >= d.t.opts.MinConfidence {
			groups = append(groups, group{
				from: int32(i), to: int32(j), mentions: int32(distinct), conf: conf,
				salience: salienceParts(head, lead, int(kept(i).start), len(d.text)),
			})
			nm += distinct
			maxCount = max(maxCount, distinct)
		}
		i = j
	}
	d.groups = groups
	if len(groups) == 0 {
		return Result{}
	}
	for k := range groups {
		g := &groups[k]
		g.salience = min(g.salience+0.2*float64(g.mentions)/float64(maxCount), 1)
	}
	if len(groups) > 1 {
		// Symbols are unique, so the order is total.
		slices.SortFunc(groups, func(a, b group) int {
			if c := cmp.Compare(b.salience, a.salience); c != 0 {
				return c
			}
			if c := cmp.Compare(b.conf, a.conf); c != 0 {
				return c
			}
			return strings.Compare(d.t.listings[d.cands[order[a.from]].listing].symbol, d.t.listings[d.cands[order[b.from]].listing].symbol)
		})
	}
	var mentions []Mention
	var tags []Tag
	// The most common results, one tag with one or two mentions, take one
	// allocation rather than two.
	switch {
	case len(groups) == 1 && nm == 1:
		one := new(struct {
			tags     [1]Tag
			mentions [1]Mention
		})
		tags, mentions = one.tags[:], one.mentions[:]
	case len(groups) == 1 && nm == 2:
		one := new(struct {
			tags     [1]Tag
			mentions [2]Mention
		})
		tags, mentions = one.tags[:], one.mentions[:]
	default:
		mentions = make([]Mention, nm)
		tags = make([]Tag, len(groups))
	}
	from := 0
	for k, g := range groups {
		to := from
		for j := int(g.from); j < int(g.to); j++ {
			c := kept(j)
			if to > from && mentions[to-1].Start == int(c.start) && mentions[to-1].End == int(c.end) {
				continue
			}
			mentions[to] = Mention{Start: int(c.start), End: int(c.end), Text: d.text[c.start:c.end], Via: c.via}
			to++
		}
		l := &d.t.listings[kept(int(g.from)).listing]
		tags[k] = Tag{
			Symbol:     l.symbol,
			Name:       d.t.companies[l.company].name,
			Confidence: g.conf,
			Salience:   g.salience,
			Mentions:   mentions[from:to:to],
		}
		from = to
	}
	return Result{Tags: tags}
}

// sortOrder sorts d.order, indices of candidates, by listing and then
// start. Small orders, nearly all, are sorted here by insertion, as
// slices.SortFunc itself sorts up to twelve elements, without its calls.
func (d *doc) sortOrder() {
	order := d.order
	less := func(a, b int32) bool {
		x, y := &d.cands[a], &d.cands[b]
		return x.listing < y.listing || x.listing == y.listing && x.start < y.start
	}
	if len(order) > 12 {
		slices.SortFunc(order, func(a, b int32) int {
			x, y := &d.cands[a], &d.cands[b]
			if c := cmp.Compare(x.listing, y.listing); c != 0 {
				return c
			}
			return cmp.Compare(x.start, y.start)
		})
		return
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && less(order[j], order[j-1]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
}

// group is one listing's run of kept candidates, order[from:to], whose
// combined confidence passes MinConfidence: a tag.
type group struct {
	from, to int32
	mentions int32 // distinct mentions
	conf     float64
	salience float64
}

// salienceParts is the positional part of salience: 0.5 for a mention in
// the headline, 0.2 in the lead, up to 0.1 for an early first mention. The
// remaining 0.2 is the mention count relative to the most-mentioned tag.
func salienceParts(head, lead bool, first, n int) float64 {
	s := 0.0
	if head {
		s += 0.5
	}
	if lead {
		s += 0.2
	}
	if n > 0 {
		s += 0.1 * (1 - float64(first)/float64(n))
	}
	return s
}

// regions returns where the headline and the lead end. The headline is the
// first non-empty line; the lead is the paragraph after it (up to the next
// blank line, at most 1,500 bytes).
func regions(text string) (headEnd, leadEnd int) {
	start := skipSpace(text, 0)
	headEnd = len(text)
	if i := strings.IndexByte(text[start:], '\n'); i >= 0 {
		headEnd = start + i
	}
	body := skipSpace(text, headEnd)
	leadEnd = min(len(text), body+1500)
	// The first blank line ("\n\n" or "\n\r\n") that starts within the
	// 1,500 bytes ends the lead.
	for p := body; p < leadEnd; p++ {
		i := strings.IndexByte(text[p:leadEnd], '\n')
		if i < 0 {
			break
		}
		p += i
		if rest := text[p+1:]; strings.HasPrefix(rest, "\n") || strings.HasPrefix(rest, "\r\n") {
			leadEnd = p
			break
		}
	}
	return headEnd, leadEnd
}

// skipSpace returns the index of the first byte of text from i that is not
// a space, tab, carriage return or newline.
func skipSpace(text string, i int) int {
	for i < len(text) {
		switch text[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}
