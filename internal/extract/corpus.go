package extract

import (
	"math/bits"
	"unicode/utf8"
)

// maxPostings is the most sentences a word may appear in and still be used
// to find passages; a word found in more (in enormous sources) is taken as
// present everywhere, which keeps Best fast on any input.
const maxPostings = 512

// maxQueryWords is the most distinct content words of a sentence Best uses.
const maxQueryWords = 64

// Corpus indexes the sentences of source texts by content word so that the
// source sentences a draft sentence rests on can be found quickly. A Corpus
// made by NewCorpus or NewCorpusOf is read-only once built and may be
// shared; each goroutine searches it through its own Search. One made by
// NewLazyCorpus grows as it is searched and belongs to one goroutine.
type Corpus struct {
	texts  []string
	sents  []corpusSentence
	word   *keyTable // content-word key → index into post
	post   [][]int32 // ids of the sentences holding a word, ascending
	ignore *keyTable // nil when nothing is ignored
	// lazy reports that only some words are indexed: word holds every key
	// indexed so far (with empty postings for words no sentence has), and a
	// key not in it has not been looked for yet.
	lazy bool
}

// Search finds passages in a Corpus, reusing scratch space between calls.
// It is not safe for concurrent use.
type Search struct {
	c *Corpus
	// one slot per sentence, and the slots the last call touched
	window, direct, seenW, seenD []int32
	touched                      []int32
}

type corpusSentence struct {
	source int
	Span
}

// Match is the source passage that best supports a draft sentence.
type Match struct {
	// Source is the index of the source text.
	Source int
	// Span covers the supporting sentence and any neighbour sharing words
	// with the draft sentence.
	Span
	// Coverage is the share of the draft sentence's content words found in
	// the passage (the sentence and its two neighbours), in [0, 1].
	Coverage float64
	// Words is how many distinct content words the draft sentence has.
	Words int
}

// NewCorpus indexes texts. Words in ignore (source and publisher names,
// which attributions add) do not count towards a match.
func NewCorpus(texts []string, ignore ...string) *Corpus {
	sents := make([][]Sentence, len(texts))
	for i, t := range texts {
		sents[i] = Sentences(t)
	}
	return NewCorpusOf(texts, sents, ignore...)
}

// NewCorpusOf is NewCorpus for texts already split: sents[i] holds the
// Sentences of texts[i].
func NewCorpusOf(texts []string, sents [][]Sentence, ignore ...string) *Corpus {
	c := newCorpus(texts, sents, ignore, 1024)
	c.index(nil, nil)
	return c
}

// NewLazyCorpus is NewCorpusOf for a corpus searched for a few sentences
// (those of a draft that nothing else supports): it indexes no word up
// front. Want indexes the content words of the sentences about to be
// searched, in one pass over the texts, and Best indexes any word it is
// asked for that was not looked for yet. Best returns what it would return
// on a full index, at the cost of a pass over the texts with a table lookup
// for the few words that may be wanted, instead of an entry for every
// distinct word. The corpus changes as it is searched, so it and its
// Searches must stay with one goroutine.
func NewLazyCorpus(texts []string, sents [][]Sentence, ignore ...string) *Corpus {
	c := newCorpus(texts, sents, ignore, 64)
	c.lazy = true
	return c
}

// Want indexes the content words of sentences that a lazy corpus has not
// looked for yet, in one pass, so that searching for those sentences
// afterwards costs no further pass. On a corpus that is not lazy it does
// nothing.
func (sr *Search) Want(sentences ...string) {
	c := sr.c
	if !c.lazy {
		return
	}
	var keys *keyTable
	var starts prefixSet
	var buf [48]byte
	for _, text := range sentences {
		for i := 0; ; {
			k, _, e, folded, ok := nextContentWordFolded(text, i, buf[:0])
			if !ok {
				break
			}
			i = e
			if c.word.has(k) || c.ignore != nil && c.ignore.has(k) {
				continue // looked for already, or never counted
			}
			if keys == nil {
				keys = newKeyTable(64)
			}
			keys.put(k, 0)
			starts.add(folded)
		}
	}
	if keys != nil {
		c.index(keys, &starts)
	}
}

// prefixSet holds the starts of words (folded and stemmed): their first
// two bytes, and their first four bytes, or the whole word for words of
// two or three bytes. Folding lower-cases ASCII and changes only the end of
// a word (the one rewrite, "-ies" to "-y", is kept both ways for stems
// short enough that it falls among their first four bytes), so a source word whose first bytes are ASCII folds to a stem that
// starts with them in lower case: a word whose start matches no word of the
// set cannot be one of them, and is passed over without folding and
// hashing it. Where a source word's first bytes are not all ASCII it is
// always folded (some Unicode letters lower-case to ASCII, and "’" folds to
// "'"); a wanted word with a non-ASCII byte among its first four can only
// be matched by such a word, so of it only the first two bytes are kept,
// when both are ASCII. Starts of three and four bytes are kept in small
// bit tables indexed by a hash (a false match only costs a fold), two-byte
// words in a table of their own. (Words are compared by 64-bit key; two
// different words with the same key, which the full index would take for
// one, are told apart here: for a draft checked against 5,000 words of
// sources the odds are below one in 10^14.)
type prefixSet struct {
	starts [128 * 128 / 64]uint64 // the first two bytes of every word
	two    [128 * 128 / 64]uint64 // words of two bytes
	three  [4096 / 64]uint64      // words of three bytes
	four   [4096 / 64]uint64      // the first four bytes of longer words
}

func (p *prefixSet) add(folded []byte) {
	if len(folded) < 2 || folded[0] >= 0x80 || folded[1] >= 0x80 {
		return // matched only by words starting with non-ASCII, always folded
	}
	n := uint(folded[0])<<7 | uint(folded[1])
	p.starts[n>>6] |= 1 << (n & 63)
	switch {
	case len(folded) == 2:
		p.two[n>>6] |= 1 << (n & 63)
	case folded[2] >= 0x80:
		// matched only by words with a non-ASCII third byte, always folded
	case len(folded) == 3:
		h := hash3(folded[0], folded[1], folded[2])
		p.three[h>>6] |= 1 << (h & 63)
		if folded[2] == 'y' { // "flies" folds to "fly": its third byte is an 'i'
			h = hash3(folded[0], folded[1], 'i')
			p.three[h>>6] |= 1 << (h & 63)
		}
	case folded[3] >= 0x80:
		// likewise for the fourth byte
	default:
		h := hash4(folded[0], folded[1], folded[2], folded[3])
		p.four[h>>6] |= 1 << (h & 63)
		if len(folded) == 4 && folded[3] == 'y' { // "copies" folds to "copy"
			h = hash4(folded[0], folded[1], folded[2], 'i')
			p.four[h>>6] |= 1 << (h & 63)
		}
	}
}

func hash3(a, b, c byte) uint {
	return uint((uint32(a)<<16|uint32(b)<<8|uint32(c))*0x9e3779b1) >> (32 - 12)
}

func hash4(a, b, c, d byte) uint {
	return uint((uint32(a)<<24|uint32(b)<<16|uint32(c)<<8|uint32(d))*0x9e3779b1) >> (32 - 12)
}

// mayStart reports whether the word w (at least two bytes) may fold to a
// word of the set: false only when its first bytes are ASCII and match no
// word of the set. A word can fold to one shorter than itself (a
// possessive or suffix dropped), so its start is checked against the
// words of each shorter length too.
func (p *prefixSet) mayStart(w string) bool {
	a, b := lowerTable[w[0]], lowerTable[w[1]]
	if (a|b)&0x80 != 0 {
		return true
	}
	n := uint(a)<<7 | uint(b)
	if p.starts[n>>6]&(1<<(n&63)) == 0 {
		return false // no word of the set starts so: most words stop here
	}
	if p.two[n>>6]&(1<<(n&63)) != 0 {
		return true
	}
	if len(w) == 2 {
		return false
	}
	c := lowerTable[w[2]]
	if c&0x80 != 0 {
		return true
	}
	h := hash3(a, b, c)
	if p.three[h>>6]&(1<<(h&63)) != 0 {
		return true
	}
	if len(w) == 3 {
		return false
	}
	d := lowerTable[w[3]]
	if d&0x80 != 0 {
		return true
	}
	h = hash4(a, b, c, d)
	return p.four[h>>6]&(1<<(h&63)) != 0
}

// lowerTable lower-cases ASCII capitals; other bytes map to themselves.
var lowerTable = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
		if c >= 'A' && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

func newCorpus(texts []string, sents [][]Sentence, ignore []string, words int) *Corpus {
	c := &Corpus{texts: texts, word: newKeyTable(words)}
	if len(ignore) > 0 {
		c.ignore = newKeyTable(8)
		for _, name := range ignore {
			for _, w := range Words(name) {
				c.ignore.put(WordKey(name[w.Start:w.End]), 0)
			}
		}
	}
	n := 0
	for _, ss := range sents {
		n += len(ss)
	}
	c.sents = make([]corpusSentence, 0, n)
	for si := range texts {
		for _, s := range sents[si] {
			c.sents = append(c.sents, corpusSentence{source: si, Span: s.Span})
		}
	}
	return c
}

// index adds the postings of the words in only, or of every word when only
// is nil; each word of only gets an entry, with empty postings when no
// sentence has it. The words of only must not be indexed yet. starts, when
// set, holds the starts of the words of only (see prefixSet).
func (c *Corpus) index(only *keyTable, starts *prefixSet) {
	if only != nil {
		c.indexOnly(only, starts)
		return
	}
	var buf [48]byte
	for id, s := range c.sents {
		t := c.texts[s.source][s.Start:s.End]
		for i := 0; ; {
			k, _, e, ok := nextContentWord(t, i, buf[:0])
			if !ok {
				break
			}
			i = e
			c.addPosting(k, int32(id))
		}
	}
}

// indexOnly is index for the words of only, found in one pass over the
// texts. The stop-word test is left out (no stop word is wanted), words
// that cannot be wanted are passed over on their first bytes (starts), and
// the postings are gathered first and laid out in one array afterwards.
func (c *Corpus) indexOnly(only *keyTable, starts *prefixSet) {
	// Each wanted word gets its entry now, and only maps it to the entry.
	base := int32(len(c.post))
	only.each(func(k uint64) { only.put(k, c.ensure(k)) })
	var hits []corpusHit
	var buf [48]byte
	for id, s := range c.sents {
		t := c.texts[s.source][s.Start:s.End]
		if starts != nil {
			hits = appendWantedHits(hits, t, int32(id), only, starts)
			continue
		}
		for i := 0; ; {
			ws, we, ok := nextWord(t, i)
			if !ok {
				break
			}
			i = we
			if word, ok := wantedWord(t[ws:we], only, nil, buf[:0]); ok {
				hits = append(hits, corpusHit{word, int32(id)})
			}
		}
	}
	// Lay the postings out in one array, each word's ids ascending and
	// once each, as addPosting would have made them.
	counts := make([]int32, int32(len(c.post))-base)
	for _, h := range hits {
		counts[h.word-base]++
	}
	all := make([]int32, len(hits))
	at := int32(0)
	for w, n := range counts {
		c.post[base+int32(w)] = all[at : at : at+n]
		at += n
	}
	for _, h := range hits {
		p := c.post[h.word]
		if n := len(p); n > 0 && p[n-1] == h.id {
			continue
		}
		c.post[h.word] = append(p, h.id)
	}
	for w := range counts {
		if p := c.post[base+int32(w)]; len(p) == 0 {
			c.post[base+int32(w)] = nil // no sentence has it, as ensure leaves it
		}
	}
}

// corpusHit is one wanted word (its entry) found in one sentence.
type corpusHit struct{ word, id int32 }

// wantedWord returns the entry of the word w of a source sentence when it
// is one of only, turning away on its first bytes a word that cannot be
// (starts, when set; see prefixSet); buf is scratch space for folding.
func wantedWord(w string, only *keyTable, starts *prefixSet, buf []byte) (int32, bool) {
	if len(w) < 2 || w[0] >= '0' && w[0] <= '9' {
		return 0, false // too short for a content word, or a figure
	}
	if starts != nil && !starts.mayStart(w) {
		return 0, false // not wanted
	}
	folded := foldWord(w, buf)
	if len(folded) < 2 {
		return 0, false
	}
	return only.get(hashBytes(folded))
}

// appendWantedHits appends a hit for each word of the sentence t (id)
// that is one of only, whose starts are starts. It reads as nextWord does
// only the words that wantedWord may take, found eight bytes at a time
// without reading every word (most words of a text are none of the few
// wanted): a word starts where a letter, digit or non-ASCII byte follows a
// byte that is no ASCII letter or digit, and wantedWord turns away any
// word of two or more bytes that starts with a digit or with two ASCII
// bytes not in starts. Every other such place is read exactly: from the
// last byte before it that no word holds (ASCII that neither is nor joins
// word characters; nextWord reads the same words from there as from the
// start of t), or from the end of the words read last, up to the word
// holding it. A place inside a word joined by "-", "'" or "." is read the
// same way, and so is the word it is part of.
func appendWantedHits(hits []corpusHit, t string, id int32, only *keyTable, starts *prefixSet) []corpusHit {
	done := 0 // the words starting before done are read
	// mayStart is wantedWord's test of the start of a word at p (the one
	// for digits and prefixSet.mayStart) as far as the bytes at p tell it
	// without finding the word's end: its third and fourth bytes are the
	// word's own when they are ASCII letters or digits (any other byte
	// may end the word or join it to more, so the word is then read in
	// full). False turns the word away.
	mayStart := func(p int) bool {
		if p+1 >= len(t) {
			return false // a word of one byte at most
		}
		a, b := t[p], t[p+1]
		if a|b >= utf8.RuneSelf {
			return true
		}
		a, b = lowerTable[a], lowerTable[b]
		n := uint(a)<<7 | uint(b)
		if a <= '9' || starts.starts[n>>6]&(1<<(n&63)) == 0 {
			return false
		}
		if starts.two[n>>6]&(1<<(n&63)) != 0 || p+2 >= len(t) || t[p+2] >= utf8.RuneSelf || !asciiWord[t[p+2]] {
			return true
		}
		c := lowerTable[t[p+2]]
		if h := hash3(a, b, c); starts.three[h>>6]&(1<<(h&63)) != 0 || p+3 >= len(t) || t[p+3] >= utf8.RuneSelf || !asciiWord[t[p+3]] {
			return true
		}
		h := hash4(a, b, c, lowerTable[t[p+3]])
		return starts.four[h>>6]&(1<<(h&63)) != 0
	}
	i := 0
	var carry uint64 // 0x80 when the byte before the eight is a letter or digit
	for ; i+8 <= len(t); i += 8 {
		x := load64(t, i)
		// alnumMask, written out
		ascii := x &^ highBits
		alnum := (inRange(ascii|lowBits*0x20, 'a', 'z') | inRange(ascii, '0', '9')) &^ x
		// letters, digits and non-ASCII bytes after a byte that is no
		// letter or digit
		m := (alnum | x&highBits) &^ (alnum<<8 | carry)
		carry = alnum >> 56
		for ; m != 0; m &= m - 1 {
			if p := i + bits.TrailingZeros64(m)/8; p >= done && mayStart(p) {
				hits, done = appendWordsTo(hits, t, p, done, id, only, starts)
			}
		}
	}
	for ; i < len(t); i++ {
		if c := t[i]; (c >= utf8.RuneSelf || asciiWord[c]) && (i == 0 || t[i-1] >= utf8.RuneSelf || !asciiWord[t[i-1]]) &&
			i >= done && mayStart(i) {
			hits, done = appendWordsTo(hits, t, i, done, id, only, starts)
		}
	}
	return hits
}

// appendWordsTo reads the words of t that start at or after done, up to the
// word holding byte p or, when p is in no word, the first after it, and
// appends a hit for each wanted one (see appendWantedHits). It returns the
// end of the last word read.
func appendWordsTo(hits []corpusHit, t string, p, done int, id int32, only *keyTable, starts *prefixSet) ([]corpusHit, int) {
	q := p
	for q > done && byteClass[t[q-1]] != classOther {
		q--
	}
	var buf [48]byte
	for {
		ws, we, ok := nextWord(t, q)
		if !ok {
			return hits, len(t)
		}
		if word, ok := wantedWord(t[ws:we], only, starts, buf[:0]); ok {
			hits = append(hits, corpusHit{word, id})
		}
		if we > p {
			return hits, we
		}
		q = we
	}
}

// ensure gives k an entry, with no postings if it has none.
func (c *Corpus) ensure(k uint64) int32 {
	w, ok := c.word.get(k)
	if !ok {
		w = int32(len(c.post))
		c.word.put(k, w)
		c.post = append(c.post, nil)
	}
	return w
}

func (c *Corpus) addPosting(k uint64, id int32) {
	w := c.ensure(k)
	p := c.post[w]
	if n := len(p); n > 0 && p[n-1] == id {
		return
	}
	c.post[w] = append(p, id)
}

// NewSearch returns a Search over c.
func (c *Corpus) NewSearch() *Search {
	n := len(c.sents)
	return &Search{c: c, window: make([]int32, n), direct: make([]int32, n), seenW: make([]int32, n), seenD: make([]int32, n)}
}

// Best is NewSearch().Best, for a single lookup.
func (c *Corpus) Best(sentence string) (Match, bool) { return c.NewSearch().Best(sentence) }

// Sentences is the number of source sentences indexed.
func (c *Corpus) Sentences() int { return len(c.sents) }

// Best returns the source passage sharing the largest share of sentence's
// content words, or ok false when the sentence has no content words or
// shares none.
func (sr *Search) Best(sentence string) (m Match, ok bool) {
	c := sr.c
	var keys [maxQueryWords]uint64
	words := keys[:0]
	ContentWords(sentence, func(k uint64, _, _ int) {
		if c.ignore != nil && c.ignore.has(k) || len(words) == cap(keys) {
			return
		}
		for _, w := range words {
			if w == k {
				return
			}
		}
		words = append(words, k)
	})
	if len(words) == 0 || len(c.sents) == 0 {
		return Match{}, false
	}
	if c.lazy {
		c.indexMissing(words)
	}
	for _, i := range sr.touched {
		sr.window[i], sr.direct[i], sr.seenW[i], sr.seenD[i] = 0, 0, 0, 0
	}
	sr.touched = sr.touched[:0]
	best := -1
	common := int32(0) // words in so many sentences that every passage counts as having them
	for wi, k := range words {
		tag := int32(wi + 1)
		w, found := c.word.get(k)
		if !found {
			continue
		}
		post := c.post[w]
		if len(post) > maxPostings {
			common++
			continue
		}
		for _, id := range post {
			if sr.seenD[id] != tag {
				sr.seenD[id] = tag
				sr.direct[id]++
			}
			for center := id - 1; center <= id+1; center++ {
				if center < 0 || int(center) >= len(c.sents) || c.sents[center].source != c.sents[id].source {
					continue
				}
				if sr.seenW[center] != tag {
					if sr.seenW[center] == 0 {
						sr.touched = append(sr.touched, center)
					}
					sr.seenW[center] = tag
					sr.window[center]++
				}
			}
		}
	}
	for _, t := range sr.touched {
		i := int(t)
		if best < 0 || sr.window[i]+sr.direct[i] > sr.window[best]+sr.direct[best] || sr.window[i]+sr.direct[i] == sr.window[best]+sr.direct[best] && i < best {
			best = i
		}
	}
	if best < 0 {
		return Match{}, false
	}
	s := c.sents[best]
	span := s.Span
	if best > 0 && c.sents[best-1].source == s.source && sr.direct[best-1] > 0 && sr.direct[best] < sr.window[best] {
		span.Start = c.sents[best-1].Start
	}
	if best+1 < len(c.sents) && c.sents[best+1].source == s.source && sr.direct[best+1] > 0 && sr.direct[best] < sr.window[best] {
		span.End = c.sents[best+1].End
	}
	return Match{Source: s.source, Span: span, Coverage: float64(sr.window[best]+common) / float64(len(words)), Words: len(words)}, true
}

// indexMissing indexes the words of a lazy corpus not looked for yet.
func (c *Corpus) indexMissing(words []uint64) {
	var missing *keyTable
	for _, k := range words {
		if !c.word.has(k) {
			if missing == nil {
				missing = newKeyTable(len(words))
			}
			missing.put(k, 0)
		}
	}
	if missing != nil {
		c.index(missing, nil)
	}
}
