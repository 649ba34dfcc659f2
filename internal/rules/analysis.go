package rules

import (
	"slices"
	"sort"
	"strings"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// Analysis is one draft and its sources, with the text views rules share
// (sentences, quotations, figures, folded text, the source index) computed
// on first use and kept for the other rules of the same check.
type Analysis struct {
	Input
	// Doc is the draft text the findings' spans point into.
	Doc draft.Doc

	src    *Sources
	memo   map[string]any // draft-side views
	search *extract.Search
}

// Sources is a set of source texts with their analysis (figures,
// quotations and speakers, sentences, folded text, the passage index). A
// check builds one for its own sources; PrepareSources builds one ahead so
// that many drafts can be checked against the same sources without
// analysing them again. A prepared Sources is read-only and may be shared
// by concurrent checks.
type Sources struct {
	list   []source.Source
	memo   map[string]any
	frozen bool // every view is computed; memo is only read
}

// PrepareSources validates sources and analyses them for Input.Prepared.
func PrepareSources(sources []source.Source) (*Sources, error) {
	if err := validateSources(sources); err != nil {
		return nil, err
	}
	s := &Sources{list: sources, memo: map[string]any{}}
	s.figureIndex()
	s.corpus()
	s.periods(true)
	s.periods(false)
	for i := range sources {
		s.folded(i)
		// Every speaker is read now: the QuoteSpeakers of a frozen Sources,
		// shared by concurrent checks, then only reads (see
		// extract.QuoteSpeakers.All).
		s.quotes(i).speakers.All()
	}
	s.frozen = true
	return s, nil
}

// List returns the prepared sources.
func (s *Sources) List() []source.Source { return s.list }

// sourceCached is cached for the source-side views.
func sourceCached[T any](s *Sources, key string, f func() T) T {
	if v, ok := s.memo[key]; ok {
		return v.(T)
	}
	v := f()
	if !s.frozen {
		s.memo[key] = v
	}
	return v
}

// perSource caches one view per source: f(i) computed once for each i.
func perSource[T any](s *Sources, key string, i int, f func(i int) T) T {
	all := sourceCached(s, key, func() []*T { return make([]*T, len(s.list)) })
	if all[i] == nil {
		v := f(i)
		if s.frozen {
			return v
		}
		all[i] = &v
	}
	return *all[i]
}

// NewAnalysis validates in and prepares its analysis.
func NewAnalysis(in Input) (*Analysis, error) {
	doc := in.Doc
	if doc.Text == "" && len(doc.Blocks) == 0 {
		doc = in.Draft.Doc()
	}
	src := in.Prepared
	if src == nil {
		if err := validateSources(in.Sources); err != nil {
			return nil, err
		}
		src = &Sources{list: in.Sources, memo: map[string]any{}}
	}
	in.Sources = src.list
	if err := validateDoc(doc); err != nil {
		return nil, err
	}
	in.Sources = namedFromDraft(in.Sources, in.Draft.Sources)
	return &Analysis{Input: in, Doc: doc, src: src, memo: map[string]any{}}, nil
}

// cached returns the draft-side value stored under key, computing it with f
// the first time. Rules use it to share work: a rule may read another
// rule's results by calling the same accessor.
func cached[T any](a *Analysis, key string, f func() T) T {
	if v, ok := a.memo[key]; ok {
		return v.(T)
	}
	v := f()
	a.memo[key] = v
	return v
}

// WholeDraft is the span of the whole draft text, for story-level findings.
func (a *Analysis) WholeDraft() [2]int { return [2]int{0, len(a.Doc.Text)} }

// DraftWords are the spans of the words of the draft text.
func (a *Analysis) DraftWords() []extract.Span {
	return cached(a, "draft.words", func() []extract.Span { return extract.Words(a.Doc.Text) })
}

// wordsIn counts the draft's words in span, a sentence of the draft.
// Sentences start and end at white space, so a sentence's own words (what
// extract.CountWords of its text counts) are the draft's words that start
// inside it; they are found by binary search instead of a scan.
func (a *Analysis) wordsIn(span extract.Span) int {
	ws := a.DraftWords()
	from := sort.Search(len(ws), func(k int) bool { return ws[k].Start >= span.Start })
	to := sort.Search(len(ws), func(k int) bool { return ws[k].Start >= span.End })
	return to - from
}

// draftBlocks are the paragraphs of the draft text, found once for its
// sentences and its quotations.
func (a *Analysis) draftBlocks() []extract.Span {
	return cached(a, "draft.blocks", func() []extract.Span { return extract.Blocks(a.Doc.Text) })
}

// DraftSentences are the sentences of the draft text.
func (a *Analysis) DraftSentences() []extract.Sentence {
	return cached(a, "draft.sentences", func() []extract.Sentence { return extract.SentencesIn(a.Doc.Text, a.draftBlocks()) })
}

type quotesAndProblems struct {
	quotes   []extract.Quote
	problems []extract.Problem
	speakers []extract.Speaker
}

func (a *Analysis) draftQuotes() quotesAndProblems {
	return cached(a, "draft.quotes", func() quotesAndProblems {
		qs, ps, sps := extract.QuotesAndSpeakersIn(a.Doc.Text, a.draftBlocks())
		return quotesAndProblems{qs, ps, sps}
	})
}

// DraftQuotes are the draft's quotations, their speakers, and typography
// problems.
func (a *Analysis) DraftQuotes() ([]extract.Quote, []extract.Speaker, []extract.Problem) {
	q := a.draftQuotes()
	return q.quotes, q.speakers, q.problems
}

// DraftFigures are the figures of the draft text.
func (a *Analysis) DraftFigures() []extract.Figure {
	return cached(a, "draft.figures", func() []extract.Figure { return extract.Figures(a.Doc.Text) })
}

// DraftTables are the tables of the draft text.
func (a *Analysis) DraftTables() []extract.Table {
	return cached(a, "draft.tables", func() []extract.Table { return extract.Tables(a.Doc.Text) })
}

// SourceFigures are the figures of source i.
func (a *Analysis) SourceFigures(i int) []extract.Figure { return a.src.figures(i) }

func (s *Sources) figures(i int) []extract.Figure {
	return perSource(s, "figures", i, func(i int) []extract.Figure { return extract.Figures(s.list[i].Text) })
}

// periods are the quarters (when quarters is set) or halves the sources
// name, each once, where first named (see extract.Period), and for
// quarters whether the sources speak of the quarter before one of them
// ("the prior quarter", "sequentially"). A draft that names no half need
// not have the sources searched for halves.
func (s *Sources) periods(quarters bool) sourcePeriods {
	key := "periods.halves"
	if quarters {
		key = "periods.quarters"
	}
	return sourceCached(s, key, func() sourcePeriods {
		var out sourcePeriods
		for i, src := range s.list {
			ps := extract.ReadPeriods(src.Text, quarters, !quarters)
			for _, p := range ps.Named {
				n := p.String()
				k := slices.IndexFunc(out.named, func(q namedPeriod) bool { return q.name == n })
				if k < 0 {
					out.named = append(out.named, namedPeriod{name: n, where: draft.SourceSpan{Source: i, Span: [2]int{p.Start, p.End}}})
					k = len(out.named) - 1
				}
				if np := &out.named[k]; p.Year == 0 {
					np.yearless = true
				} else if !slices.Contains(np.years, p.Year) {
					np.years = append(np.years, p.Year)
				}
			}
			out.priorQuarter = out.priorQuarter || ps.PriorQuarter
		}
		return out
	})
}

type sourcePeriods struct {
	named        []namedPeriod
	priorQuarter bool
}

// namedPeriod is a period a source names: "Q2" or "H1", where first,
// the years written with it, and whether it is also named without one.
type namedPeriod struct {
	name     string
	where    draft.SourceSpan
	years    []int
	yearless bool
}

// lowerFolded is source i's folded text with its ASCII letters in lower
// case, for quotations compared without regard to case.
func (s *Sources) lowerFolded(i int) string {
	return perSource(s, "folded.lower", i, func(i int) string { return asciiLower(s.folded(i).Text) })
}

// Folded is source i's text with typography folded, for quotations.
func (a *Analysis) Folded(i int) extract.Folded { return a.src.folded(i) }

func (s *Sources) folded(i int) extract.Folded {
	return perSource(s, "folded", i, func(i int) extract.Folded { return extract.Fold(s.list[i].Text) })
}

// SourceQuotes are source i's quotations and their speakers. It reads
// every speaker; SourceQuoteSpeakers reads only those asked for.
func (a *Analysis) SourceQuotes(i int) ([]extract.Quote, []extract.Speaker) {
	q := a.src.quotes(i)
	return q.quotes, q.speakers.All()
}

// SourceQuoteSpeakers are source i's quotations and their speakers, read
// as they are asked for: a check asks for the speakers of the few source
// quotations the draft quotes. The speakers are shared by the rules of the
// check (and, for prepared sources, already read).
func (a *Analysis) SourceQuoteSpeakers(i int) ([]extract.Quote, *extract.QuoteSpeakers) {
	q := a.src.quotes(i)
	return q.quotes, q.speakers
}

// sourceQuotes are one source's quotations and their speakers.
type sourceQuotes struct {
	quotes []extract.Quote
	// speakers are read on demand in a Sources analysed for one check, the
	// only one to use them; PrepareSources reads them all before the
	// Sources is frozen and shared.
	speakers *extract.QuoteSpeakers
}

func (s *Sources) quotes(i int) sourceQuotes {
	return perSource(s, "quotes", i, func(i int) sourceQuotes {
		qs, _, sps := extract.QuotesAndLazySpeakersIn(s.list[i].Text, s.blocks(i))
		return sourceQuotes{qs, sps}
	})
}

// SourceSentences are the sentences of source i.
func (a *Analysis) SourceSentences(i int) []extract.Sentence { return a.src.sentences(i) }

func (s *Sources) sentences(i int) []extract.Sentence {
	return perSource(s, "sentences", i, func(i int) []extract.Sentence { return extract.SentencesIn(s.list[i].Text, s.blocks(i)) })
}

// blocks are the paragraphs of source i, found once for its sentences and
// its quotations.
func (s *Sources) blocks(i int) []extract.Span {
	return perSource(s, "blocks", i, func(i int) []extract.Span { return extract.Blocks(s.list[i].Text) })
}

// Search finds the source passage a sentence rests on.
func (a *Analysis) Search() *extract.Search {
	if a.search == nil {
		if a.src.frozen {
			a.search = a.src.corpus().NewSearch()
		} else {
			// Sources analysed for this check alone are searched only for
			// the few draft sentences nothing else supports: index only
			// their words, as they are asked for (see SentenceSupports).
			texts, sents, names := a.src.corpusParts()
			a.search = extract.NewLazyCorpus(texts, sents, names...).NewSearch()
		}
	}
	return a.search
}

func (s *Sources) corpus() *extract.Corpus {
	return sourceCached(s, "corpus", func() *extract.Corpus {
		texts, sents, names := s.corpusParts()
		return extract.NewCorpusOf(texts, sents, names...)
	})
}

// corpusParts returns what a corpus of the sources is built from: their
// texts, sentences and names (words attributions add, which do not count).
func (s *Sources) corpusParts() (texts []string, sents [][]extract.Sentence, names []string) {
	texts = make([]string, len(s.list))
	sents = make([][]extract.Sentence, len(s.list))
	for i, src := range s.list {
		texts[i] = src.Text
		sents[i] = s.sentences(i)
		if src.Name != "" {
			names = append(names, src.Name)
		}
	}
	return texts, sents, names
}

// namedFromDraft gives unnamed sources the name the draft's own sources
// list has at the same position, when the draft lists as many sources as
// were supplied. It returns a copy; the caller's slice is not changed.
func namedFromDraft(srcs []source.Source, refs []draft.SourceRef) []source.Source {
	if len(refs) != len(srcs) {
		return srcs
	}
	var out []source.Source
	for i, s := range srcs {
		if !s.Named() && strings.TrimSpace(refs[i].Name) != "" {
			if out == nil {
				out = append([]source.Source(nil), srcs...)
			}
			out[i].Name = strings.TrimSpace(refs[i].Name)
		}
	}
	if out == nil {
		return srcs
	}
	return out
}
