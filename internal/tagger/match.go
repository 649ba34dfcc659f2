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
	toks  []token
	cands []cand
	order []int32
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
	t     *Tagger
	text  string
	toks  []token
	cands []cand
	order []int32 // result's ordering of cands
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
	d := doc{t: t, text: text, toks: t.scan(text, sc.toks[:0]), cands: sc.cands[:0], order: sc.order[:0]}
	d.find()
	var res Result
	if len(d.cands) > 0 {
		d.judge()
		res = d.result()
	}
	sc.toks, sc.cands, sc.order = d.toks[:0], d.cands[:0], d.order[:0]
	t.scratch.Put(sc)
	return res, nil
}

func (d *doc) word(i int) string { return d.text[d.toks[i].start:d.toks[i].end] }

// in reports whether token i, case-folded, is in set. It folds ASCII
// tokens on the stack: looking up m[string(b)] does not allocate.
func (d *doc) in(set map[string]bool, i int) bool {
	if i < 0 || i >= len(d.toks) {
		return false
	}
	w := d.word(i)
	var buf [32]byte
	if len(w) > len(buf) {
		return set[fold(w)]
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= 0x80 {
			return set[fold(w)]
		}
		if c >= 'A' && c <= 'Z' {
			c |= 0x20
		}
		buf[k] = c
	}
	return set[string(buf[:len(w)])]
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
		e = d.t.lookupWord(d.word(i))
		d.toks[i].entry = e
		if e >= 0 {
			d.toks[i].hot = d.t.hot[e]
		}
	}
	if e >= 0 {
		return &d.t.entries[e]
	}
	return nil
}

func (d *doc) hasFlag(i int, f entryFlag) bool {
	e := d.entry(i)
	return e != nil && e.flags&f != 0
}

// find walks the tokens once and collects candidate mentions: cashtags,
// exchange forms, names (longest match first), then bare tickers.
func (d *doc) find() {
	for i := 0; i < len(d.toks); i++ {
		tk := &d.toks[i]
		if tk.hot == 0 {
			continue // in no name, ticker or venue (or not looked up)
		}
		if tk.hot&hotTicker != 0 && d.cashtagAt(i) {
			i = d.cashtag(i) - 1
			continue
		}
		if tk.hot&hotVenue != 0 {
			if next, ok := d.exchangeForm(i); ok {
				i = next - 1
				continue
			}
		}
		if tk.hot&hotName != 0 && (tk.shape&shFirstUpper != 0 || tk.hot&hotLower != 0 || byteClass[d.text[tk.start]] == clDigit) {
			if next, ok := d.name(i); ok {
				i = next - 1
				continue
			}
		}
		if tk.hot&hotTicker != 0 {
			if next, ok := d.bare(i); ok {
				i = next - 1
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
	for _, l := range e.listings {
		if d.t.listings[l].class == "" {
			return l, i + 1
		}
	}
	return -1, i + 1
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
	return j, d.in(d.t.lex.exchange, i)
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
	if i < len(d.toks) && d.sepBefore(i) == "." && d.toks[i].shape.allUpper() && d.in(d.t.lex.ric, i) {
		return i + 1
	}
	return i
}

// nameSep reports whether sep may stand between two words of a name:
// spaces and the punctuation names carry (".", "-", "&", "'", ",", "/", "!").
func nameSep(sep string) bool {
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

// name matches the longest name form starting at token i whose case rules
// the text satisfies, and the possessive, legal suffix and parenthesised
// ticker after it.
func (d *doc) name(i int) (int, bool) {
	t := d.t
	type hit struct {
		form int32
		end  int
	}
	var hits [8]hit
	nh := 0
	node := t.entries[d.toks[i].entry].root
	for j := i; j < len(d.toks); j++ {
		if j > i {
			if !nameSep(d.sepBefore(j)) || d.entry(j) == nil {
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

// caseOK checks the text's spelling of form f at token i against its rules.
func (d *doc) caseOK(i int, f *form) bool {
	for k, rule := range f.rules {
		tk := d.toks[i+k]
		switch rule {
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
	i := d.t.lookupWord(w)
	return i >= 0 && d.t.entries[i].flags&fLegal != 0
}

// addName records the name form fi matched on tokens [i, end) and reads
// what follows it. It returns the index after everything it consumed.
func (d *doc) addName(i, end int, fi int32) int {
	t := d.t
	f := &t.forms[fi]
	co := &t.companies[f.company]
	c := cand{
		start: d.toks[i].start, end: d.toks[end-1].end, tok0: int32(i), tok1: int32(end),
		via: f.via, listing: co.primary, form: fi,
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
		open := strings.TrimLeft(d.sepBefore(next), " .,")
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
	L := &d.t.listings[l]
	if L.word {
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
	if L.fund {
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
	if strings.IndexByte(sep, '\n') >= 0 {
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
			if k == 0 && (prev.end-prev.start <= 2 || d.hasFlag(i-1, fLegal) || d.in(d.t.lex.abbrev, i-1)) {
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
	count := 0
	check := func(k int) {
		tk := d.toks[k]
		if tk.shape.allUpper() && tk.end-tk.start >= 2 && tk.shape&shDigit == 0 {
			if d.in(d.t.lex.words, k) && !d.in(d.t.lex.abbrev, k) {
				count++
			}
		}
	}
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if strings.IndexByte(d.sepBefore(k+1), '\n') >= 0 {
			break
		}
		check(k)
	}
	for k := i + 1; k < len(d.toks) && k <= i+4; k++ {
		if strings.IndexByte(d.sepBefore(k), '\n') >= 0 {
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
		if strings.IndexByte(d.sepBefore(k+1), '\n') >= 0 {
			break
		}
		look(k)
	}
	for k := end; k < len(d.toks) && k < end+10; k++ {
		if strings.IndexByte(d.sepBefore(k), '\n') >= 0 {
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
	if sep := d.sepBefore(k); strings.ContainsAny(sep, ":()\"“”") {
		return -1
	}
	return k
}

// antiCue reports whether the words around an everyday-word name make it
// the word: "price Target", "Amazon rainforest", "a Shell company".
func (d *doc) antiCue(c *cand, f *form) bool {
	prev, next := d.neighbour(c, -1), d.neighbour(c, +1)
	if f.level >= ambiguous {
		if d.in(d.t.lex.determiner, prev) || next >= 0 && strings.EqualFold(d.word(next), "of") {
			return true
		}
	}
	trap, ok := d.t.traps[f.key]
	if !ok {
		return false
	}
	return d.in(trap.before, prev) || d.in(trap.after, next)
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
	proper := !d.sentenceStart(i) && d.mixedContext(i, end)
	switch f.level {
	case phrase:
		switch {
		case proper || d.mixedContext(i, end):
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
// tags' mentions share one slice.
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
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &d.cands[a], &d.cands[b]
		if c := cmp.Compare(x.listing, y.listing); c != 0 {
			return c
		}
		return cmp.Compare(x.start, y.start)
	})
	kept := func(k int) *cand { return &d.cands[order[k]] }
	headEnd, leadEnd := regions(d.text)
	mentions := make([]Mention, 0, len(order))
	var tags []Tag
	maxCount := 0
	for i := 0; i < len(order); {
		var best [evKinds]float64
		head, lead := false, false
		first := int(kept(i).start)
		from := len(mentions)
		j := i
		for ; j < len(order) && kept(j).listing == kept(i).listing; j++ {
			c := kept(j)
			kind := evKind(c.via)
			best[kind] = max(best[kind], c.conf)
			if n := len(mentions); n > from && mentions[n-1].Start == int(c.start) && mentions[n-1].End == int(c.end) {
				continue
			}
			mentions = append(mentions, Mention{Start: int(c.start), End: int(c.end), Text: d.text[c.start:c.end], Via: c.via})
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
		conf := min(1-miss, 0.99)
		l := &d.t.listings[kept(i).listing]
		i = j
		if conf < d.t.opts.MinConfidence {
			mentions = mentions[:from]
			continue
		}
		ms := mentions[from:len(mentions):len(mentions)]
		maxCount = max(maxCount, len(ms))
		tags = append(tags, Tag{
			Symbol:     l.symbol,
			Name:       d.t.companies[l.company].name,
			Confidence: conf,
			Salience:   salienceParts(head, lead, first, len(d.text)),
			Mentions:   ms,
		})
	}
	for i := range tags {
		tags[i].Salience = min(tags[i].Salience+0.2*float64(len(tags[i].Mentions))/float64(maxCount), 1)
	}
	slices.SortStableFunc(tags, func(a, b Tag) int {
		if c := cmp.Compare(b.Salience, a.Salience); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Confidence, a.Confidence); c != 0 {
			return c
		}
		return strings.Compare(a.Symbol, b.Symbol)
	})
	return Result{Tags: tags}
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
	start := len(text) - len(strings.TrimLeft(text, " \t\r\n"))
	headEnd = len(text)
	if i := strings.IndexByte(text[start:], '\n'); i >= 0 {
		headEnd = start + i
	}
	rest := text[headEnd:]
	body := len(rest) - len(strings.TrimLeft(rest, " \t\r\n"))
	leadEnd = len(text)
	for _, blank := range []string{"\n\n", "\n\r\n"} {
		if i := strings.Index(rest[body:], blank); i >= 0 {
			leadEnd = min(leadEnd, headEnd+body+i)
		}
	}
	leadEnd = min(leadEnd, headEnd+body+1500)
	return headEnd, leadEnd
}
