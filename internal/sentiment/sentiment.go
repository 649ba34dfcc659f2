package sentiment

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Label is the sentiment class of a sentence, document or company.
type Label int8

// The three labels.
const (
	Negative Label = -1
	Neutral  Label = 0
	Positive Label = 1
)

// String returns "negative", "neutral" or "positive".
func (l Label) String() string {
	switch {
	case l > 0:
		return "positive"
	case l < 0:
		return "negative"
	}
	return "neutral"
}

// MarshalText encodes the label as its name.
func (l Label) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// ParseLabel reads "positive", "negative" or "neutral" (any case).
func ParseLabel(s string) (Label, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "positive":
		return Positive, nil
	case "negative":
		return Negative, nil
	case "neutral":
		return Neutral, nil
	}
	return Neutral, fmt.Errorf("unknown label %q: want positive, negative or neutral", s)
}

// Rule is the family of rules that produced a cue.
type Rule uint8

// Rule families.
const (
	// RuleDirection: a direction word and the figure it moves ("operating
	// profit rose", "cut costs", "beat estimates"), or a direction word alone.
	RuleDirection Rule = iota + 1
	// RuleComparison: a figure compared with an earlier one ("EUR 13.1 mn
	// from EUR 8.7 mn", "EUR 0.42 (EUR 0.31)", "a loss compared with a profit").
	RuleComparison
	// RuleSwing: a move into a state ("swung to a loss", "returned to profit").
	RuleSwing
	// RuleWord: a word or phrase that is news by itself ("profit warning").
	RuleWord
	// RuleMagnify: an adjective that takes the sign of the figure it
	// describes ("record loss", "strong demand", "weak krona" = nothing).
	RuleMagnify
	// RuleFigure: a figure that is news without a comparison ("a net loss
	// of EUR 2 mn", "cash flow was negative EUR 12 mn").
	RuleFigure
	// RuleAbsence: a figure denied by "no" or "without" ("no dividend").
	RuleAbsence
	// RuleRating: an analyst rating ("reiterated its buy rating").
	RuleRating
	// RuleLexicon: a word from the user-supplied word list (extra mode).
	RuleLexicon
	// RuleBaseline: a word counted by the word-list baseline classifier.
	RuleBaseline
)

var ruleNames = [...]string{"", "direction", "comparison", "swing", "word", "magnify", "figure", "absence", "rating", "lexicon", "baseline"}

// String names the rule family.
func (r Rule) String() string {
	if int(r) < len(ruleNames) && r > 0 {
		return ruleNames[r]
	}
	return "rule(" + strconv.Itoa(int(r)) + ")"
}

// Cue is one piece of evidence that decided a score: the word or phrase
// that fired, the figure it applies to, and its signed contribution.
type Cue struct {
	Rule Rule
	// Word is the deciding word or phrase in lower case as the lexicon
	// spells it ("rose", "profit warning", "compared with").
	Word string
	// Target is the figure the word applies to ("operating profit"), or "".
	Target string
	// Negated is set when a negation flipped the cue ("did not miss").
	Negated bool
	// Start and End are the byte offsets of the cue's words in the
	// analysed text (the whole document for Document).
	Start, End int
	// Weight is the signed contribution to the sentence's raw sum, after
	// negation, hedging and concession.
	Weight float64
	// Now and Before are the compared figures of a RuleComparison cue,
	// scaled to units ("EUR 13.1 mn" = 13.1e6).
	Now, Before float64

	targetAfter bool // the target follows the word in the text ("cut costs")
}

// String renders the cue for an editor: "operating profit rose",
// "not: missed", "operating profit 13.1M vs 8.7M".
func (c Cue) String() string {
	var b strings.Builder
	if c.Negated {
		b.WriteString("not: ")
	}
	switch c.Rule {
	case RuleComparison:
		b.WriteString(c.Target)
		b.WriteByte(' ')
		b.WriteString(shortFigure(c.Now))
		b.WriteString(" vs ")
		b.WriteString(shortFigure(c.Before))
	case RuleSwing:
		b.WriteString(c.Word)
		b.WriteString(" to ")
		b.WriteString(c.Target)
	default:
		switch {
		case c.Target == "" || c.Target == c.Word:
			b.WriteString(c.Word)
		case c.targetAfter:
			b.WriteString(c.Word)
			b.WriteByte(' ')
			b.WriteString(c.Target)
		default:
			b.WriteString(c.Target)
			b.WriteByte(' ')
			b.WriteString(c.Word)
		}
	}
	return b.String()
}

// shortFigure formats 13100000 as "13.1M".
func shortFigure(v float64) string {
	a := math.Abs(v)
	suffix := ""
	switch {
	case a >= 1e12:
		v, suffix = v/1e12, "T"
	case a >= 1e9:
		v, suffix = v/1e9, "B"
	case a >= 1e6:
		v, suffix = v/1e6, "M"
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + suffix
}

// Sentence is the analysis of one sentence.
type Sentence struct {
	Span          // byte offsets in the analysed text
	Label Label   // from Score and the neutral band
	Score float64 // in [-1, 1]
	Cues  []Cue   // in text order of rule families (see Rule)
}

// Document is the analysis of a text: its sentences and the weighted label.
type Document struct {
	Label     Label
	Score     float64 // in [-1, 1]
	Sentences []Sentence
}

// Document weighting. The headline (the first sentence) and the lead (the
// next two) weigh more; a neutral sentence counts as a score of 0 at a
// tenth of its weight, so a long factual body dilutes a clear headline
// without drowning it.
const (
	HeadlineWeight = 2.0
	LeadWeight     = 1.5
	LeadSentences  = 2
	NeutralShare   = 0.1
)

// SentenceWeight returns the document weight of the sentence at index i.
func SentenceWeight(i int) float64 {
	switch {
	case i == 0:
		return HeadlineWeight
	case i <= LeadSentences:
		return LeadWeight
	}
	return 1
}

// DefaultNeutralBand is the default half-width of the neutral band of a
// sentence: scores with |score| below it are neutral.
const DefaultNeutralBand = 0.25

// DefaultDocumentBand is the default neutral band of documents and
// companies. Their scores are weighted means of sentence scores, so a
// narrower band than a sentence's: one positive headline over a factual
// body makes a positive story.
const DefaultDocumentBand = 0.1

// LexiconMode says how a user-supplied word list is used.
type LexiconMode uint8

const (
	// LexiconExtra adds the list's Positive and Negative words as extra
	// cues (RuleLexicon) for words the built-in lexicon does not know, and
	// its Uncertainty and WeakModal words as hedges.
	LexiconExtra LexiconMode = iota
	// LexiconBaseline replaces the rules with the classic word-count
	// classifier: the sign of (#Positive - #Negative) words.
	LexiconBaseline
)

// ParseLexiconMode reads "extra" or "baseline".
func ParseLexiconMode(s string) (LexiconMode, error) {
	switch s {
	case "extra":
		return LexiconExtra, nil
	case "baseline":
		return LexiconBaseline, nil
	}
	return 0, fmt.Errorf("unknown lexicon mode %q: want extra or baseline", s)
}

// Options configure a Model. The zero value is the built-in classifier.
type Options struct {
	// NeutralBand is the half-width of the neutral band of a sentence in
	// (0, 1); 0 means DefaultNeutralBand.
	NeutralBand float64
	// DocumentBand is the neutral band of documents and companies in
	// (0, 1); 0 means DefaultDocumentBand.
	DocumentBand float64
	// Lexicon is an optional user-supplied word list (see ParseLexicon).
	Lexicon *Lexicon
	// LexiconMode says how Lexicon is used; ignored without Lexicon.
	LexiconMode LexiconMode
	// LexiconWeight is the weight of one word of Lexicon in extra mode;
	// 0 means 0.5.
	LexiconWeight float64
}

// Model scores financial text. It is immutable after New and safe for
// concurrent use; scratch buffers are pooled per Model.
type Model struct {
	lex   *lexicon
	band  float64
	dband float64
	user  *Lexicon
	mode  LexiconMode
	userW float64
	pool  sync.Pool
}

// ErrOptions reports invalid Options.
var ErrOptions = errors.New("invalid sentiment options")

// New builds a Model from the built-in lexicon and opts.
func New(opts Options) (*Model, error) {
	band := opts.NeutralBand
	if band == 0 {
		band = DefaultNeutralBand
	}
	if !(band > 0 && band < 1) {
		return nil, fmt.Errorf("%w: neutral band %v is not in (0, 1)", ErrOptions, opts.NeutralBand)
	}
	dband := opts.DocumentBand
	if dband == 0 {
		dband = DefaultDocumentBand
	}
	if !(dband > 0 && dband < 1) {
		return nil, fmt.Errorf("%w: document band %v is not in (0, 1)", ErrOptions, opts.DocumentBand)
	}
	w := opts.LexiconWeight
	if w == 0 {
		w = 0.5
	}
	if !(w > 0 && w <= 10) {
		return nil, fmt.Errorf("%w: lexicon weight %v is not in (0, 10]", ErrOptions, opts.LexiconWeight)
	}
	if opts.LexiconMode > LexiconBaseline {
		return nil, fmt.Errorf("%w: unknown lexicon mode %d", ErrOptions, opts.LexiconMode)
	}
	lx, err := parseLexicon("lexicon.txt", builtinLexicon)
	if err != nil {
		return nil, fmt.Errorf("built-in lexicon: %w", err)
	}
	m := &Model{lex: lx, band: band, dband: dband, user: opts.Lexicon, mode: opts.LexiconMode, userW: w}
	m.pool.New = func() any { return new(scratch) }
	return m, nil
}

// LexiconSize returns the number of forms (words and phrases) in the
// built-in lexicon.
func (m *Model) LexiconSize() int { return m.lex.size }

// LabelOf returns the label of a sentence score under the neutral band.
func (m *Model) LabelOf(score float64) Label { return m.labelIn(score, m.band) }

// DocumentLabelOf returns the label of a document or company score under
// the document band.
func (m *Model) DocumentLabelOf(score float64) Label { return m.labelIn(score, m.dband) }

func (m *Model) labelIn(score, band float64) Label {
	if m.user != nil && m.mode == LexiconBaseline {
		// The word-count baseline labels by sign alone.
		return signLabel(score)
	}
	switch {
	case score >= band:
		return Positive
	case score <= -band:
		return Negative
	}
	return Neutral
}

func signLabel(x float64) Label {
	switch {
	case x > 0:
		return Positive
	case x < 0:
		return Negative
	}
	return Neutral
}

// Sentence analyses text as one sentence; offsets are relative to text.
func (m *Model) Sentence(text string) Sentence {
	score, cues := m.AppendCues(nil, text)
	return Sentence{Span: Span{0, len(text)}, Label: m.LabelOf(score), Score: score, Cues: cues}
}

// AppendCues analyses text as one sentence, appends its cues to dst and
// returns its score in [-1, 1]. With enough capacity in dst it does not
// allocate; it is the hot path for bulk scoring.
func (m *Model) AppendCues(dst []Cue, text string) (float64, []Cue) {
	sc := m.pool.Get().(*scratch)
	score, dst := m.analyze(sc, text, 0, dst)
	m.pool.Put(sc)
	return score, dst
}

// Document splits text into sentences (see Split), scores each and
// combines them: the headline and lead weigh more (SentenceWeight) and
// neutral sentences count as 0 at NeutralShare of their weight; the label
// uses the document band. Empty text is neutral with score 0 and no
// sentences. Offsets are byte offsets in text.
func (m *Model) Document(text string) Document {
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	spans := appendSplit(sc.spans[:0], text)
	sc.spans = spans
	doc := Document{Sentences: make([]Sentence, 0, len(spans))}
	var cues []Cue
	var num, den float64
	for i, sp := range spans {
		from := len(cues)
		var score float64
		score, cues = m.analyze(sc, text[sp.Start:sp.End], sp.Start, cues)
		s := Sentence{Span: sp, Score: score, Label: m.LabelOf(score)}
		if len(cues) > from {
			s.Cues = cues[from:len(cues):len(cues)]
		}
		doc.Sentences = append(doc.Sentences, s)
		num, den = accumulate(num, den, SentenceWeight(i), s.Label, score)
	}
	doc.Score = combine(num, den)
	doc.Label = m.DocumentLabelOf(doc.Score)
	return doc
}

// accumulate adds one weighted sentence to a weighted mean in which
// neutral sentences count as 0 at NeutralShare of their weight.
func accumulate(num, den, w float64, l Label, score float64) (float64, float64) {
	if l == Neutral {
		return num, den + w*NeutralShare
	}
	return num + w*score, den + w
}

func combine(num, den float64) float64 {
	if den == 0 {
		return 0
	}
	return clampScore(num / den)
}

// squash maps a raw sum of cue weights to (-1, 1).
func squash(x float64) float64 {
	return clampScore(x / (1 + math.Abs(x)))
}

func clampScore(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x > 1:
		return 1
	case x < -1:
		return -1
	}
	return x
}
