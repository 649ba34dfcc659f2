package rules

import (
	"math"
	"strings"
	"unicode/utf8"

	"alphadesk/internal/extract"
)

// This file holds what number.traced reads around a figure besides its
// value: the label of a numbered step ("week 16") and the content words of
// the passage a figure sits in, used to tell a draft figure that traces
// only to an unrelated passage of the sources from one that traces to the
// passage it reports.

// contextWords is how many words on each side of a figure its passage
// holds at most.
const contextWords = 8

// passageBytes is how far from a figure its passage is looked for: enough
// for contextWords words of English.
const passageBytes = 160

// minConflictWords is how many of the draft passage's content words a
// source figure's passage of a different value must share, beyond those
// the matching figures' passages share too, to contradict the match.
const minConflictWords = 2

// labelWords name numbered steps: "week 16" (or "16 weeks", "16-week") is
// a point in time, not the number 16, and matches only a number with the
// same label.
var labelWords = []string{"week", "day", "month", "phase", "stage", "cycle", "cohort", "dose"}

// figureLabel returns the label word written right before a plain number
// ("week 12", before true) or right after it ("12 weeks", "12-week"),
// singular and lower-case, or "" when there is none.
func figureLabel(text string, f extract.Figure) (l string, before bool) {
	if f.Kind != extract.Count || f.Range {
		return "", false
	}
	// the word before, separated by spaces only
	i := f.Start
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	if i < f.Start {
		j := i
		for j > 0 && isASCIILetter(text[j-1]) {
			j--
		}
		if l := label(text[j:i]); l != "" && (j == 0 || !isWordByte(text[j-1])) {
			return l, true
		}
	}
	// the word after, separated by spaces or one hyphen
	i = f.End
	if i < len(text) && text[i] == '-' {
		i++
	} else {
		for i < len(text) && text[i] == ' ' {
			i++
		}
	}
	if i > f.End {
		j := i
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		if j == len(text) || !isWordByte(text[j]) {
			return label(text[i:j]), false
		}
	}
	return "", false
}

// labelsAgree reports whether a draft number and a source number may
// match by their labels: when either is a numbered step (the label
// before it, "week 16"), the other must carry the same label, before or
// after it ("week 16", "16 weeks").
func labelsAgree(dl string, db bool, sl string, sb bool) bool {
	return !db && !sb || dl == sl
}

// quotedList writes words as "a", "b" or "c", in the straight quotation
// marks of the policy text.
func quotedList(words []string) string {
	var b strings.Builder
	for i, w := range words {
		switch {
		case i > 0 && i == len(words)-1:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString(`"` + w + `"`)
	}
	return b.String()
}

// label returns w's label word ("weeks" → "week"), or "".
func label(w string) string {
	if len(w) < 3 || len(w) > 7 {
		return ""
	}
	var buf [8]byte
	b := lowerWord(w, buf[:0])
	if n := len(b); n > 3 && b[n-1] == 's' {
		b = b[:n-1]
	}
	for _, l := range labelWords {
		if string(b) == l {
			return l
		}
	}
	return ""
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isWordByte(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' || c >= utf8.RuneSelf }

// passage is the content words around one figure: those before it (left)
// and those after it (right), as extract.WordKey keys, each with the span
// of its first occurrence for the finding's message.
type passage struct {
	left, right []passageWord
	// all is left and right together, each word once
	all []passageWord
}

type passageWord struct {
	key  uint64
	span extract.Span
}

// notContent are words that count as content for extract.ContentWords but
// say nothing about what a figure measures: units ("per share"), scales,
// hedges, directions ("rose", "raised"), which a paraphrase changes
// freely, and the reporting period ("in the second quarter"), which most
// figures of a report share.
var notContent = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields(`percent percentage pct point points basis bps cent cents dollar dollars
		billion million trillion thousand bn mln about approximately roughly nearly almost around some close
		more less fewer least than over under above below rose rise rising gained gain climbed jumped added
		increased increase higher advanced surged soared grew grow growth rallied fell fall dropped drop declined
		decline lost slid slipped sank tumbled plunged shed decreased decrease lower shrank retreated raised raise
		lifted lift boosted boost cut cuts reduced trimmed widened narrowed expanded improved compared versus
		previously prior total share shares quarter quarters fiscal first second third fourth half period ago
		earlier last ended ending year-earlier year-ago`) {
		m[extract.WordKey(w)] = true
	}
	return m
}()

// isBreak reports whether the rune at text[i] ends a passage: a line
// break, a semicolon, colon, parenthesis or dash, a comma before "and",
// "but", "while" or "whereas", or the full stop, question or exclamation
// mark that ends a sentence (followed by a space, a line break or the end
// of the text).
func isBreak(text string, i int) bool {
	switch c := text[i]; c {
	case '\n', ';', ':', '(', ')':
		return true
	case '.', '!', '?':
		return i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '"'
	case ',':
		// a comma between words: not one inside a number ("1,500")
		return i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'
	case 0xe2: // — (U+2014)
		return strings.HasPrefix(text[i:], "—")
	}
	return false
}

// figurePassage reads the content words around figs[k] in text: up to
// contextWords words on each side, within its sentence and clause (see
// isBreak), and not past another figure of the same kind, whose passage
// the words between would be as much as this one's. names are the keys of
// the sources' names, which are not content. The words are appended to
// arena, which the passage then shares.
func figurePassage(text string, figs []extract.Figure, k int, names []uint64, arena *[]passageWord) passage {
	f := figs[k]
	// left bound: the previous figure of the same kind, a break, or
	// passageBytes back, whichever is nearest
	// Figures joined by "and" or "or" ("2.8% and 2.2% in the August
	// projections") share the words around the pair: the passage reaches
	// past them.
	left, right := f.Start, f.End
	for j := k - 1; j >= 0 && figs[j].End <= left && sameKind(figs[j], f) && isCoordination(text[figs[j].End:left]); j-- {
		left = figs[j].Start
	}
	for j := k + 1; j < len(figs) && figs[j].Start >= right && sameKind(figs[j], f) && isCoordination(text[right:figs[j].Start]); j++ {
		right = figs[j].End
	}
	lo := max(0, left-passageBytes)
	for lo > 0 && lo < left && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for j := k - 1; j >= 0 && figs[j].End > lo; j-- {
		if figs[j].End <= left && sameKind(figs[j], f) {
			lo = max(lo, figs[j].End)
			break
		}
	}
	for i := left - 1; i >= lo; i-- {
		if isBreak(text, i) {
			lo = i + 1
			break
		}
	}
	hi := min(len(text), right+passageBytes)
	for j := k + 1; j < len(figs) && figs[j].Start < hi; j++ {
		if figs[j].Start >= right && sameKind(figs[j], f) {
			hi = min(hi, figs[j].Start)
			break
		}
	}
	for i := right; i < hi; i++ {
		if isBreak(text, i) {
			hi = i
			break
		}
	}
	// the last contextWords words of text[lo:left]
	var starts [contextWords]int
	n := 0
	for i := lo; ; {
		s, e, ok := extract.NextWord(text[:left], i)
		if !ok {
			break
		}
		starts[n%contextWords] = s
		n++
		i = e
	}
	if n > contextWords {
		lo = starts[n%contextWords]
	}
	// the first contextWords words of text[right:hi]
	end := right
	for i, c := right, 0; c < contextWords; c++ {
		_, e, ok := extract.NextWord(text[:hi], i)
		if !ok {
			break
		}
		end, i = e, e
	}
	// The words go into arena, one array for every passage of a check:
	// right, then left, then the words of right that left lacks, so that
	// all is left and those words.
	buf := *arena
	s := len(buf)
	buf = contentWords(text, right, end, names, buf)
	nr := len(buf) - s
	buf = contentWords(text, lo, left, names, buf)
	nl := len(buf) - s - nr
	for _, w := range buf[s : s+nr] {
		if !hasKey(buf[s+nr:s+nr+nl], w.key) {
			buf = append(buf, w)
		}
	}
	*arena = buf
	return passage{right: buf[s : s+nr : s+nr], left: buf[s+nr : s+nr+nl : s+nr+nl], all: buf[s+nr : len(buf) : len(buf)]}
}

// isCoordination reports whether s, the text between two figures, joins
// them as one pair: "and", "or" or a comma.
func isCoordination(s string) bool {
	switch strings.TrimSpace(s) {
	case "and", "or", ",", ", and", ", or":
		return true
	}
	return false
}

// contentWords appends the content words of text[lo:hi] to out, each
// once.
func contentWords(text string, lo, hi int, names []uint64, out []passageWord) []passageWord {
	if lo >= hi {
		return out
	}
	base := len(out)
	extract.ContentWords(text[lo:hi], func(key uint64, s, e int) {
		if notContent[key] || containsKey(names, key) {
			return
		}
		for _, w := range out[base:] {
			if w.key == key {
				return
			}
		}
		out = append(out, passageWord{key, extract.Span{Start: lo + s, End: lo + e}})
	})
	return out
}

func containsKey(keys []uint64, k uint64) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

// sameKind reports whether two figures measure the same kind of thing, so
// that one of a different value may contradict the other: the same kind,
// and money in the same currency.
func sameKind(a, b extract.Figure) bool {
	return a.Kind == b.Kind && a.Currency == b.Currency
}

// nameKeys are the keys of the words of the sources' names.
func (a *Analysis) nameKeys() []uint64 {
	var keys []uint64
	for _, s := range a.Sources {
		for i := 0; ; {
			st, e, ok := extract.NextWord(s.Name, i)
			if !ok {
				break
			}
			i = e
			keys = append(keys, extract.WordKey(s.Name[st:e]))
		}
	}
	return keys
}

// contradicted looks for a source figure of f's kind and a different value
// whose passage the draft passage d reports rather than any of the
// matching figures' passages (matches, indexes into the pool). It compares
// the passages as a whole and, separately, the words after the figures
// (what a figure is "of" or "to"): on either view, the conflict must share
// at least minConflictWords of the draft's words that no matching passage
// holds, while every draft word a matching passage holds the conflicting
// one holds too. It returns the conflict, or ok false.
func contradicted(d passage, matches []passage, others []passage) (k int, words []extract.Span, ok bool) {
	for view := range 2 {
		pick := func(p passage) []passageWord {
			if view == 1 {
				return p.right
			}
			return p.all
		}
		dw := pick(d)
		if len(dw) < minConflictWords {
			continue
		}
		ms := make([][]passageWord, len(matches))
		for i, m := range matches {
			ms[i] = pick(m)
		}
		for oi, o := range others {
			ow := pick(o)
			var shared []extract.Span
			supported := false
			for _, w := range dw {
				inMatch := false
				for _, m := range ms {
					if hasKey(m, w.key) {
						inMatch = true
						break
					}
				}
				inOther := hasKey(ow, w.key)
				switch {
				case inOther && !inMatch:
					shared = append(shared, w.span)
				case inMatch && !inOther:
					supported = true
				}
			}
			if !supported && len(shared) >= minConflictWords {
				return oi, shared, true
			}
		}
	}
	return 0, nil, false
}

// unsupported reports whether the draft passage d holds, as a whole or in
// its words after the figure, at least minConflictWords words that no
// matching passage holds: without them no other passage can contradict
// the matches (see contradicted).
func unsupported(d passage, matches []passage) bool {
	for view, dw := range [2][]passageWord{d.all, d.right} {
		n := 0
		for _, w := range dw {
			in := false
			for _, m := range matches {
				if view == 0 && hasKey(m.all, w.key) || view == 1 && hasKey(m.right, w.key) {
					in = true
					break
				}
			}
			if !in {
				n++
			}
		}
		if n >= minConflictWords {
			return true
		}
	}
	return false
}

func hasKey(ws []passageWord, k uint64) bool {
	for _, w := range ws {
		if w.key == k {
			return true
		}
	}
	return false
}

// conflictWindow returns the magnitudes a figure of a different value must
// lie within to contradict a figure of value v: within half as much again
// either way, as the index's candidates.
func conflictWindow(v float64) (lo, hi float64) {
	v = math.Abs(v)
	return v / (1 + BoundTolerance), v * (1 + BoundTolerance)
}
