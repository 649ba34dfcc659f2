package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
)

// SupportCoverage is the share of a sentence's content words that must be
// found in one source passage (a sentence and its neighbours) for the
// sentence to count as sourced.
const SupportCoverage = 0.5

// StoryThin holds stories with too little sourced content.
type StoryThin struct {
	// MinSourcedWords is the fewest words in sourced sentences.
	MinSourcedWords int
	// MinSourcedSentences is the fewest sourced sentences.
	MinSourcedSentences int
	// MinFacts is the fewest distinct facts: traced figures and verified
	// quotations.
	MinFacts int
	// MinSourcedShare is the smallest share of the story's sentences that
	// must be sourced.
	MinSourcedShare float64
}

func init() {
	Register(StoryThin{MinSourcedWords: 60, MinSourcedSentences: 3, MinFacts: 2, MinSourcedShare: 0.4})
}

// Name implements Rule.
func (StoryThin) Name() string { return "story.thin" }

// Description implements Rule.
func (r StoryThin) Description() string {
	return fmt.Sprintf(`A story must rest on enough sourced material. Its sentences are those of the dek, the body and the watch bullets (not the headline, headings or table rows). A sentence is **sourced** when it contains a verified quotation or a traced figure, or when at least %.0f%% of its content words (words other than function words, attribution verbs and source names, compared by stem) appear in one source passage of up to three consecutive sentences.

The story is held when any of these is true:

- its sourced sentences hold fewer than %d words;
- it has fewer than %d sourced sentences;
- it states fewer than %d distinct facts, counting each traced figure (by value) and each verified quotation once;
- fewer than %.0f%% of its sentences are sourced (the rest is commentary the sources do not support).

Severity: **hold**, with one finding that gives each measure and its threshold.`,
		SupportCoverage*100, r.MinSourcedWords, r.MinSourcedSentences, r.MinFacts, r.MinSourcedShare*100)
}

// SentenceSupport is how one story sentence is sourced.
type SentenceSupport struct {
	extract.Sentence
	Words int
	// Sourced reports support by a quotation, a figure or a source passage.
	Sourced bool
	// By says which: "quotation", "figure" or "passage".
	By    string
	Match *draft.SourceSpan
}

// SentenceSupports rates every story sentence (dek, body, watch; not the
// headline, headings or tables).
func (a *Analysis) SentenceSupports() []SentenceSupport {
	return cached(a, "story.sentences", func() []SentenceSupport {
		direct := a.directSupports()
		if len(direct.unsourced) == 0 {
			return direct.sents
		}
		out := append([]SentenceSupport(nil), direct.sents...)
		// The rest may rest on a source passage. Their words are indexed
		// together first, so a corpus built for this check alone is read
		// once for all of them.
		texts := make([]string, len(direct.unsourced))
		for k, i := range direct.unsourced {
			texts[k] = a.Doc.Text[out[i].Start:out[i].End]
		}
		search := a.Search()
		search.Want(texts...)
		for k, i := range direct.unsourced {
			if m, ok := search.Best(texts[k]); ok && m.Coverage >= SupportCoverage && m.Words >= 2 {
				out[i].Sourced, out[i].By = true, "passage"
				out[i].Match = &draft.SourceSpan{Source: m.Source, Span: [2]int{m.Start, m.End}}
			}
		}
		return out
	})
}

// directSupport is the story's sentences sourced by a verified quotation
// or a traced figure alone, before any passage is searched for the rest.
type directSupport struct {
	sents     []SentenceSupport
	unsourced []int // indexes in sents of the sentences not sourced yet
}

func (a *Analysis) directSupports() directSupport {
	return cached(a, "story.sentences.direct", func() directSupport {
		quotes := a.QuoteResults()
		figs := a.FigureTraces()
		tables := a.DraftTables()
		sents := a.DraftSentences()
		var d directSupport
		if len(sents) > 0 {
			d.sents = make([]SentenceSupport, 0, len(sents))
		}
		for _, s := range sents {
			if !s.Terminal || !inStoryBlock(a.Doc, s.Span) || insideTable(s.Span, tables) {
				continue
			}
			ss := SentenceSupport{Sentence: s, Words: a.wordsIn(s.Span)}
			// quotations and figures are in text order: start at the first
			// that ends after the sentence starts
			for k := sort.Search(len(quotes), func(k int) bool { return quotes[k].Quote.End > s.Start }); k < len(quotes) && quotes[k].Quote.Start < s.End; k++ {
				if q := quotes[k]; q.Verified && q.Found != nil {
					ss.Sourced, ss.By, ss.Match = true, "quotation", q.Found
					break
				}
			}
			if !ss.Sourced {
				for k := sort.Search(len(figs), func(k int) bool { return figs[k].Figure.End > s.Start }); k < len(figs) && figs[k].Figure.Start < s.End; k++ {
					if t := figs[k]; t.Traced {
						ss.Sourced, ss.By, ss.Match = true, "figure", t.Found
						break
					}
				}
			}
			if !ss.Sourced {
				d.unsourced = append(d.unsourced, len(d.sents))
			}
			d.sents = append(d.sents, ss)
		}
		if len(d.sents) == 0 {
			d.sents = nil // as before the slice was sized ahead
		}
		return d
	})
}

func overlaps(x, y extract.Span) bool { return x.Start < y.End && y.Start < x.End }

// inStoryBlock reports whether a sentence ends inside a block other than
// the headline (a bullet's sentence starts at its marker, before the block).
func inStoryBlock(doc draft.Doc, s extract.Span) bool {
	bs := doc.Blocks
	k := sort.Search(len(bs), func(k int) bool { return bs[k].End >= s.End })
	return k < len(bs) && bs[k].Start < s.End && bs[k].Field != draft.Headline
}

// insideTable reports whether a sentence overlaps one of the tables (in
// text order).
func insideTable(s extract.Span, ts []extract.Table) bool {
	k := sort.Search(len(ts), func(k int) bool { return ts[k].End > s.Start })
	return k < len(ts) && overlaps(s, ts[k].Span)
}

// factKey appends the key that tells traced figures apart as facts: fmt's
// "%s|%s|%.6g|%.6g|%v" of kind, currency, values and date, written with
// strconv (the same digits) for a fraction of the cost, as facts are
// counted on every check.
func factKey(key []byte, f extract.Figure) []byte {
	key = append(key, f.Kind.String()...)
	key = append(key, '|')
	key = append(key, f.Currency...)
	key = append(key, '|')
	key = strconv.AppendFloat(key, f.Low.Value, 'g', 6, 64)
	key = append(key, '|')
	key = strconv.AppendFloat(key, f.High.Value, 'g', 6, 64)
	key = append(key, "|{"...)
	key = strconv.AppendInt(key, int64(f.Date.Year), 10)
	key = append(key, ' ')
	key = strconv.AppendInt(key, int64(f.Date.Month), 10)
	key = append(key, ' ')
	key = strconv.AppendInt(key, int64(f.Date.Day), 10)
	return append(key, '}')
}

// Check implements Rule.
func (r StoryThin) Check(a *Analysis) []Finding {
	// Support only adds up: when the sentences a quotation or a figure
	// sources already meet every sentence threshold, searching source
	// passages for the others cannot change the verdict, and is skipped.
	sents := a.directSupports().sents
	words, sourced := supportTotals(sents)
	if words < r.MinSourcedWords || sourced < r.MinSourcedSentences || len(sents) > 0 && float64(sourced)/float64(len(sents)) < r.MinSourcedShare {
		sents = a.SentenceSupports()
		words, sourced = supportTotals(sents)
	}
	facts := map[string]bool{}
	var key []byte
	for _, t := range a.FigureTraces() {
		if t.Traced {
			key = factKey(key[:0], t.Figure)
			facts[string(key)] = true
		}
	}
	for _, q := range a.QuoteResults() {
		if q.Verified && q.Found != nil {
			facts["q|"+strings.ToLower(a.Doc.Text[q.Quote.Inner.Start:q.Quote.Inner.End])] = true
		}
	}
	var short []string
	if words < r.MinSourcedWords {
		short = append(short, fmt.Sprintf("%d words in sourced sentences (minimum %d)", words, r.MinSourcedWords))
	}
	if sourced < r.MinSourcedSentences {
		short = append(short, fmt.Sprintf("%d sourced sentences (minimum %d)", sourced, r.MinSourcedSentences))
	}
	if len(facts) < r.MinFacts {
		short = append(short, fmt.Sprintf("%d distinct facts (minimum %d)", len(facts), r.MinFacts))
	}
	if len(sents) > 0 && float64(sourced)/float64(len(sents)) < r.MinSourcedShare {
		short = append(short, fmt.Sprintf("%d of %d sentences sourced (minimum %.0f%%)", sourced, len(sents), r.MinSourcedShare*100))
	}
	if len(short) == 0 {
		return nil
	}
	return []Finding{{Severity: Hold, DraftSpan: a.WholeDraft(), Message: "thin story: " + strings.Join(short, "; ")}}
}

// supportTotals returns the words in sourced sentences and how many there are.
func supportTotals(sents []SentenceSupport) (words, sourced int) {
	for _, s := range sents {
		if s.Sourced {
			sourced++
			words += s.Words
		}
	}
	return words, sourced
}
