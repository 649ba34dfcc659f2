package extract

// maxPostings is the most sentences a word may appear in and still be used
// to find passages; a word found in more (in enormous sources) is taken as
// present everywhere, which keeps Best fast on any input.
const maxPostings = 512

// Corpus indexes the sentences of source texts by content word so that the
// source sentences a draft sentence rests on can be found quickly. A Corpus
// is read-only once built and may be shared; each goroutine searches it
// through its own Search.
type Corpus struct {
	texts  []string
	sents  []corpusSentence
	word   map[uint64]int32 // content-word key → index into post
	post   [][]int32        // ids of the sentences holding a word, ascending
	ignore map[uint64]bool
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
	c := &Corpus{texts: texts, word: make(map[uint64]int32, 1024)}
	if len(ignore) > 0 {
		c.ignore = make(map[uint64]bool)
		for _, name := range ignore {
			for _, w := range Words(name) {
				c.ignore[WordKey(name[w.Start:w.End])] = true
			}
		}
	}
	for si, t := range texts {
		for _, s := range sents[si] {
			id := int32(len(c.sents))
			c.sents = append(c.sents, corpusSentence{source: si, Span: s.Span})
			ContentWords(t[s.Start:s.End], func(k uint64, _, _ int) {
				w, ok := c.word[k]
				if !ok {
					w = int32(len(c.post))
					c.word[k] = w
					c.post = append(c.post, nil)
				}
				p := c.post[w]
				if n := len(p); n > 0 && p[n-1] == id {
					return
				}
				c.post[w] = append(p, id)
			})
		}
	}
	return c
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
	var keys [64]uint64
	words := keys[:0]
	ContentWords(sentence, func(k uint64, _, _ int) {
		if c.ignore[k] || len(words) == cap(keys) {
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
	for _, i := range sr.touched {
		sr.window[i], sr.direct[i], sr.seenW[i], sr.seenD[i] = 0, 0, 0, 0
	}
	sr.touched = sr.touched[:0]
	best := -1
	common := int32(0) // words in so many sentences that every passage counts as having them
	for wi, k := range words {
		tag := int32(wi + 1)
		w, found := c.word[k]
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
