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
	// the keyBit of each word of right and of all: a key whose bit is not
	// set is not there (passages are made by figurePassage only, which
	// sets them)
	rightMask, allMask uint64
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
var notContent = newKeySet(strings.Fields(`percent percentage pct point points basis bps cent cents dollar dollars
	billion million trillion thousand bn mln about approximately roughly nearly almost around some close
	more less fewer least than over under above below rose rise rising gained gain climbed jumped added
	increased increase higher advanced surged soared grew grow growth rallied fell fall dropped drop declined
	decline lost slid slipped sank tumbled plunged shed decreased decrease lower shrank retreated raised raise
	lifted lift boosted boost cut cuts reduced trimmed widened narrowed expanded improved compared versus
	previously prior total share shares quarter quarters fiscal first second third fourth half period ago
	earlier last ended ending year-earlier year-ago`))

// keySet is a fixed set of word keys (see extract.WordKey) with open
// addressing: every word of every passage is looked up in notContent, and
// a key, already a hash, finds its slot with one multiply and shift, where
// a map would hash it again.
type keySet struct {
	slots []uint64 // 0 marks an empty slot
	shift uint8
	zero  bool // key 0, which cannot be stored in a slot
}

func newKeySet(words []string) *keySet {
	size, shift := 16, uint8(60)
	for size < 4*len(words) {
		size, shift = size*2, shift-1
	}
	s := &keySet{slots: make([]uint64, size), shift: shift}
	for _, w := range words {
		k := extract.WordKey(w)
		if k == 0 {
			s.zero = true
			continue
		}
		for i := s.slot(k); ; i = (i + 1) & (size - 1) {
			if s.slots[i] == 0 || s.slots[i] == k {
				s.slots[i] = k
				break
			}
		}
	}
	return s
}

func (s *keySet) slot(k uint64) int { return int((k * 0x9e3779b97f4a7c15) >> s.shift) }

// has reports whether k is in the set.
func (s *keySet) has(k uint64) bool {
	if k == 0 {
		return s.zero
	}
	mask := len(s.slots) - 1
	for i := s.slot(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// isBreak reports whether the rune at text[i] ends a passage: a line
// break, a semicolon, colon, parenthesis or dash, a comma before "and",
// "but", "while" or "whereas", or the full stop, question or exclamation
// mark that ends a sentence (followed by a space, a line break or the end
// of the text).
func isBreak(text string, i int) bool {
	c := text[i]
	if !breakBytes[c] {
		return false // most bytes: one table lookup
	}
	switch c {
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

// breakBytes marks the bytes isBreak looks further at.
var breakBytes = func() (t [256]bool) {
	for _, c := range []byte("\n;:().!?,\xe2") {
		t[c] = true
	}
	return t
}()

// figurePassage reads the content words around figs[k] in text: up to
// contextWords words on each side, within its sentence and clause (see
// isBreak), and not past another figure of the same kind, whose passage
// the words between would be as much as this one's. names are the keys of
// the sources' names, which are not content. The words are appended to
// arena, which the passage then shares.
//
// About a hundred passages are read per check, so each word is read once
// (extract.NextPassageWord) and the key made only of those kept. A break
// is looked for back from the figure to the nearest (see lastBreak), and
// after it only in the gaps between the words read: no break is inside a
// word.
func figurePassage(text string, figs []extract.Figure, k int, names []uint64, arena *[]passageWord) passage {
	f := &figs[k]
	kind, currency := f.Kind, f.Currency
	// Figures joined by "and" or "or" ("2.8% and 2.2% in the August
	// projections") share the words around the pair: the passage reaches
	// past them.
	left, right := f.Start, f.End
	for j := k - 1; j >= 0 && figs[j].End <= left && figs[j].Kind == kind && figs[j].Currency == currency && isCoordination(text[figs[j].End:left]); j-- {
		left = figs[j].Start
	}
	for j := k + 1; j < len(figs) && figs[j].Start >= right && figs[j].Kind == kind && figs[j].Currency == currency && isCoordination(text[right:figs[j].Start]); j++ {
		right = figs[j].End
	}
	// left bound: the previous figure of the same kind, a break, or
	// passageBytes back, whichever is nearest
	lo := max(0, left-passageBytes)
	for lo > 0 && lo < left && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for j := k - 1; j >= 0 && figs[j].End > lo; j-- {
		if g := &figs[j]; g.End <= left && g.Kind == kind && g.Currency == currency {
			lo = max(lo, g.End)
			break
		}
	}
	if b := lastBreak(text, lo, left); b >= 0 {
		lo = b + 1
	}
	// right bound: the next figure of the same kind or passageBytes on
	hi := min(len(text), right+passageBytes)
	for j := k + 1; j < len(figs) && figs[j].Start < hi; j++ {
		if g := &figs[j]; g.Start >= right && g.Kind == kind && g.Currency == currency {
			hi = min(hi, g.Start)
			break
		}
	}
	// The words go into arena, one array for every passage of a check:
	// right, then left, then the words of right that left lacks, so that
	// all is left and those words.
	buf := *arena
	s := len(buf)
	var p passage
	// the first contextWords words of text[right:hi], up to a break
	if right < hi {
		end := text[:hi]
		for i, c := right, 0; c < contextWords; c++ {
			w, ok := extract.NextPassageWord(end, i)
			if !ok || gapBreak(text, i, w.Start) {
				break
			}
			i = w.End
			if w.ReadKey(text); w.Content && isPassageWord(w.Key, names) && !hasKey(buf[s:], w.Key) {
				buf = append(buf, passageWord{w.Key, w.Span})
				p.rightMask |= keyBit(w.Key)
			}
		}
	}
	nr := len(buf) - s
	// the last contextWords words of text[lo:left]
	if lo < left {
		var ring [contextWords]extract.PassageWord
		n := uint(0)
		before := text[:left]
		for i := lo; ; n++ {
			w, ok := extract.NextPassageWord(before, i)
			if !ok {
				break
			}
			ring[n%contextWords] = w
			i = w.End
		}
		first := uint(0)
		if n > contextWords {
			first = n - contextWords
		}
		for j := first; j < n; j++ {
			w := &ring[j%contextWords]
			if w.ReadKey(text); w.Content && isPassageWord(w.Key, names) && !hasKey(buf[s+nr:], w.Key) {
				buf = append(buf, passageWord{w.Key, w.Span})
				p.allMask |= keyBit(w.Key)
			}
		}
	}
	nl := len(buf) - s - nr
	for _, w := range buf[s : s+nr] {
		if p.allMask&keyBit(w.key) == 0 || !hasKey(buf[s+nr:s+nr+nl], w.key) {
			buf = append(buf, w)
		}
	}
	p.allMask |= p.rightMask
	*arena = buf
	p.right, p.left, p.all = buf[s:s+nr:s+nr], buf[s+nr:s+nr+nl:s+nr+nl], buf[s+nr:len(buf):len(buf)]
	return p
}

// isPassageWord reports whether a content word's key may be in a passage:
// not notContent, not a word of the sources' names.
func isPassageWord(key uint64, names []uint64) bool {
	return !notContent.has(key) && !containsKey(names, key)
}

// keyBit is key's bit in a passage's masks: its top six bits pick one of
// 64, so that most keys a passage lacks are told by one test.
func keyBit(key uint64) uint64 { return 1 << (key >> 58) }

// lastBreak returns the index of the last break (see isBreak) in
// text[lo:hi], or -1. Only the bytes that are not ASCII letters, digits
// or spaces are looked at, found eight bytes at a time
// (extract.LastMark).
func lastBreak(text string, lo, hi int) int {
	for {
		i := extract.LastMark(text, lo, hi)
		if i < 0 || breakBytes[text[i]] && isBreak(text, i) {
			return i
		}
		hi = i
	}
}

// gapBreak reports whether text[i:j], the gap before a word, holds a
// break.
func gapBreak(text string, i, j int) bool {
	for ; i < j; i++ {
		if breakBytes[text[i]] && isBreak(text, i) {
			return true
		}
	}
	return false
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
		dw := d.all
		if view == 1 {
			dw = d.right
		}
		if len(dw) < minConflictWords {
			continue
		}
		// which of the draft's words a matching passage holds, the same
		// for every other passage
		var inMatch uint64
		for i, w := range dw {
			if i < 64 && inAny(matches, view, w.key) {
				inMatch |= 1 << i
			}
		}
		for oi, o := range others {
			ow, mask := o.all, o.allMask
			if view == 1 {
				ow, mask = o.right, o.rightMask
			}
			if mask == 0 {
				continue // no words: nothing shared, no reason to hold
			}
			var shared []extract.Span
			supported := false
			for i, w := range dw {
				inMatch := i < 64 && inMatch&(1<<i) != 0 || i >= 64 && inAny(matches, view, w.key)
				inOther := mask&keyBit(w.key) != 0 && hasKey(ow, w.key)
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

// inAny reports whether one of the passages holds key, as a whole (view
// 0) or in its words after the figure (view 1).
func inAny(ps []passage, view int, key uint64) bool {
	bit := keyBit(key)
	for i := range ps {
		p := &ps[i]
		if view == 0 && p.allMask&bit != 0 && hasKey(p.all, key) || view == 1 && p.rightMask&bit != 0 && hasKey(p.right, key) {
			return true
		}
	}
	return false
}

// unsupported reports whether the draft passage d holds, as a whole or in
// its words after the figure, at least minConflictWords words that no
// matching passage holds: without them no other passage can contradict
// the matches (see contradicted).
func unsupported(d passage, matches []passage) bool {
	for view, dw := range [2][]passageWord{d.all, d.right} {
		n := 0
		for _, w := range dw {
			if !inAny(matches, view, w.key) {
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
