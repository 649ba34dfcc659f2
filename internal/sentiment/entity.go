package sentiment

import (
	"sort"
)

// Mention is one place a company is named in the analysed text, as a
// tagger reports it: the symbol and the byte span [Start, End).
type Mention struct {
	Symbol     string
	Start, End int
}

// Entity is the sentiment toward one company in a document.
type Entity struct {
	Symbol    string
	Label     Label
	Score     float64 // in [-1, 1]
	Mentions  int     // mentions used
	Sentences int     // sentences that mention the company
}

// Entities returns the sentiment toward each mentioned company, in order
// of first mention.
//
// Each company is scored from the sentences that mention it, weighted like
// the document (SentenceWeight: headline 2, lead 1.5, rest 1; neutral
// sentences count as 0 at NeutralShare of their weight) and labelled with
// the document band. In a sentence that mentions
// one company, it gets the sentence's score. In a sentence that mentions
// several, each cue goes to the company named nearest before it (or the
// first one named, for cues before every mention), and each company's
// share of the cues is squashed like a sentence score: "Nordvik's sales
// rose while Harjula's fell" is positive for one and negative for the
// other.
//
// Mentions whose Start does not fall inside a sentence of doc (in white
// space, out of range, or with End < Start) are ignored.
func (m *Model) Entities(doc Document, mentions []Mention) []Entity {
	type acc struct {
		Entity
		num, den float64
		lastSent int
	}
	byName := map[string]*acc{}
	var order []*acc
	// Mentions grouped per sentence, in text order.
	ms := make([]Mention, 0, len(mentions))
	for _, mt := range mentions {
		if mt.Symbol == "" || mt.Start < 0 || mt.End < mt.Start {
			continue
		}
		ms = append(ms, mt)
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	si := 0
	for i := 0; i < len(ms); {
		for si < len(doc.Sentences) && doc.Sentences[si].End <= ms[i].Start {
			si++
		}
		if si == len(doc.Sentences) {
			break
		}
		s := doc.Sentences[si]
		if ms[i].Start < s.Start {
			i++ // in the white space between sentences
			continue
		}
		j := i
		for j < len(ms) && ms[j].Start < s.End {
			j++
		}
		group := ms[i:j]
		i = j
		symbols := distinct(group)
		w := SentenceWeight(si)
		for _, sym := range symbols {
			a := byName[sym]
			if a == nil {
				a = &acc{Entity: Entity{Symbol: sym}, lastSent: -1}
				byName[sym] = a
				order = append(order, a)
			}
			for _, mt := range group {
				if mt.Symbol == sym {
					a.Mentions++
				}
			}
			score, label := s.Score, s.Label
			if len(symbols) > 1 {
				score = squash(shareOf(s.Cues, group, sym))
				label = m.LabelOf(score)
			}
			if a.lastSent != si {
				a.Sentences++
				a.lastSent = si
			}
			a.num, a.den = accumulate(a.num, a.den, w, label, score)
		}
	}
	out := make([]Entity, 0, len(order))
	for _, a := range order {
		a.Score = combine(a.num, a.den)
		a.Label = m.DocumentLabelOf(a.Score)
		out = append(out, a.Entity)
	}
	return out
}

// distinct returns the symbols of group in order of first mention.
func distinct(group []Mention) []string {
	var out []string
	for _, mt := range group {
		seen := false
		for _, s := range out {
			if s == mt.Symbol {
				seen = true
				break
			}
		}
		if !seen {
			out = append(out, mt.Symbol)
		}
	}
	return out
}

// shareOf sums the weights of the cues that belong to sym: each cue
// belongs to the mention nearest before it, or to the first mention.
func shareOf(cues []Cue, group []Mention, sym string) float64 {
	total := 0.0
	for _, c := range cues {
		owner := group[0].Symbol
		for _, mt := range group {
			if mt.Start <= c.Start {
				owner = mt.Symbol
			}
		}
		if owner == sym {
			total += c.Weight
		}
	}
	return total
}

// Cashtags finds "$AMZN"-style mentions: a dollar sign followed by one to
// six capital letters and an optional ".X" share class, not inside a word
// and not followed by a letter or digit. "$1.5 bn" is not a cashtag.
func Cashtags(text string) []Mention {
	var out []Mention
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		if i > 0 && (isASCIILetter(text[i-1]) || isDigit(text[i-1])) {
			continue
		}
		j := i + 1
		for j < len(text) && j-i-1 < 6 && text[j] >= 'A' && text[j] <= 'Z' {
			j++
		}
		if j == i+1 {
			continue
		}
		if j+1 < len(text) && text[j] == '.' && text[j+1] >= 'A' && text[j+1] <= 'Z' &&
			(j+2 == len(text) || !isASCIILetter(text[j+2]) && !isDigit(text[j+2])) {
			j += 2
		}
		if j < len(text) && (isASCIILetter(text[j]) || isDigit(text[j])) {
			continue
		}
		out = append(out, Mention{Symbol: text[i+1 : j], Start: i, End: j})
		i = j - 1
	}
	return out
}
