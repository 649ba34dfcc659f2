package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SpeakerKind classifies how a quotation is attributed.
type SpeakerKind uint8

// Speaker kinds.
const (
	NoSpeaker      SpeakerKind = iota // no attribution found near the quotation
	NamedSpeaker                      // a name: "Jassy", "Andy Jassy, Amazon's chief executive", "Amazon"
	PronounSpeaker                    // "he", "she", "they": resolved to the last named speaker when possible
	GenericSpeaker                    // "the company", "a spokesperson"
)

// Speaker is who a quotation is attributed to.
type Speaker struct {
	Kind SpeakerKind
	// Phrase is the attribution as written ("Andy Jassy, Amazon's chief
	// executive"); for a resolved pronoun, the phrase it was resolved to.
	Phrase string
	// Span locates the phrase in the text (for a resolved pronoun: the pronoun).
	Span
	// Keys are the lower-case name words used to compare speakers, without
	// titles and possessives: {"andy", "jassy"} for "Andy Jassy, Amazon's
	// chief executive".
	Keys []string
	// Orgs are the words of an organisation the phrase names beside a
	// person, left out of Keys ({"amazon"} above). A phrase that names only
	// an organisation ("Amazon's CEO", "said Amazon") has them as its Keys.
	Orgs []string
}

// Known reports whether the speaker can be compared with another: a name,
// or a pronoun resolved to one.
func (s Speaker) Known() bool { return len(s.Keys) > 0 }

// SameSpeaker reports whether two known speakers can be the same person or
// organisation: they share a name word ("Jassy" and "Andy Jassy"), other
// than the first name of two full names ("Tomas Lindqvist" and "Tomas
// Berg" are two people).
func SameSpeaker(a, b Speaker) bool {
	for i, x := range a.Keys {
		for j, y := range b.Keys {
			if x == y && !(i == 0 && j == 0 && len(a.Keys) > 1 && len(b.Keys) > 1) {
				return true
			}
		}
	}
	return false
}

// MentionsSpeaker reports whether text contains one of the speaker's name
// words as a word of its own (case-insensitively).
func MentionsSpeaker(text string, s Speaker) bool {
	if len(s.Keys) == 0 {
		return false
	}
	var buf [48]byte
	for i := 0; ; {
		st, e, ok := nextWord(text, i)
		if !ok {
			return false
		}
		i = e
		k := nameKey(text[st:e], buf[:0])
		for _, key := range s.Keys {
			if key == k {
				return true
			}
		}
	}
}

// speechVerbs introduce or close an attribution.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "added": true, "adds": true, "told": true, "tells": true,
	"wrote": true, "writes": true, "noted": true, "notes": true, "stated": true, "states": true,
	"explained": true, "explains": true, "continued": true, "argued": true, "argues": true, "warned": true,
	"warns": true, "remarked": true, "commented": true, "acknowledged": true, "insisted": true, "declared": true,
	"asked": true, "asks": true, "replied": true, "predicted": true, "cautioned": true, "emphasized": true,
	"emphasised": true, "stressed": true, "observed": true, "announced": true, "according": true, "recalled": true,
	"admitted": true, "conceded": true, "claimed": true, "contended": true, "responded": true, "tweeted": true,
	"posted": true,
}

// pronouns stand for a person named earlier; "it", "they" and "we" usually
// stand for an organisation and are treated as generic attributions.
var pronouns = map[string]bool{"he": true, "she": true}

var genericPronouns = map[string]bool{"it": true, "they": true, "we": true, "i": true, "you": true}

// roleWords name offices ("CFO", "analyst"): a capitalised run just before
// one is the organisation holding it, not a name ("Korvath CFO").
var roleWords = wordMap(`chief executive officer ceo cfo coo cto president chairman chairwoman chair founder
	co-founder director senior vice head analyst analysts spokesperson spokesman spokeswoman manager financial
	operating technology general counsel partner strategist economist secretary minister global investment
	research managing portfolio deputy governor assistant associate treasurer controller professor senator
	representative mayor commissioner chairperson`)

// notNameWords are the small words an attribution phrase holds that name no
// one: articles, prepositions, possessive determiners, "Jr.".
var notNameWords = wordMap(`the a an in on at of and for but then later also jr sr its their his her our whose
	this that`)

// titleWords are dropped from speaker keys: they describe a role, not who.
// They are the role words, the honorifics and the words that name no one.
var titleWords = func() map[string]bool {
	m := map[string]bool{}
	for _, set := range []map[string]bool{roleWords, honorifics, notNameWords} {
		for w := range set {
			m[w] = true
		}
	}
	return m
}()

// wordMap returns the set of the space-separated words of words.
func wordMap(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// speechVerbEnds marks the pairs of first and last letters of speechVerbs.
var speechVerbEnds = func() (t [26 * 26]bool) {
	for w := range speechVerbs {
		t[int(w[0]-'a')*26+int(w[len(w)-1]-'a')] = true
	}
	return t
}()

// isTitleWord is titleWords[string(k)], with most words turned away by
// their first and last bytes before the map lookup.
func isTitleWord(k []byte) bool {
	if len(k) == 0 || !titleWordEnds[int(k[0]&0x7f)<<7|int(k[len(k)-1]&0x7f)] {
		return false
	}
	return titleWords[string(k)]
}

// titleWordEnds marks the pairs of first and last bytes of titleWords
// (ASCII, so masking other bytes to seven bits only lets more words through
// to the map).
var titleWordEnds = func() (t [128 * 128]bool) {
	for w := range titleWords {
		t[int(w[0])<<7|int(w[len(w)-1])] = true
	}
	return t
}()

// isSpeechVerb reports whether word is a speech verb, without allocating.
func isSpeechVerb(word string, buf []byte) bool {
	if len(word) > 12 || len(word) < 3 {
		return false
	}
	// Most words differ from every verb in their first or last letter:
	// test those in a table before building the key for the map.
	a, z := word[0]|0x20, word[len(word)-1]|0x20
	if a < 'a' || a > 'z' || z < 'a' || z > 'z' || !speechVerbEnds[int(a-'a')*26+int(z-'a')] {
		return false
	}
	buf = buf[:0]
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return speechVerbs[string(buf)]
}

// nameKeyBytes is nameKey written into buf, or plain true (and buf
// unchanged) when the key is w itself.
func nameKeyBytes(w string, buf []byte) (key []byte, plain bool) {
	plain = true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			plain = false
			break
		}
	}
	if plain {
		return buf, true
	}
	buf = buf[:0]
	for _, r := range w {
		if r == '’' {
			r = '\''
		}
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
	}
	if n := len(buf); n >= 2 && buf[n-2] == '\'' && buf[n-1] == 's' {
		buf = buf[:n-2]
	}
	if n := len(buf); n >= 1 && buf[n-1] == '\'' {
		buf = buf[:n-1]
	}
	return buf, false
}

// nameKey folds a word to the form speaker keys use: lower case, without a
// possessive.
func nameKey(w string, buf []byte) string {
	plain := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			plain = false
			break
		}
	}
	if plain {
		return w
	}
	buf = buf[:0]
	for _, r := range w {
		if r == '’' {
			r = '\''
		}
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
	}
	s := string(buf)
	s = strings.TrimSuffix(s, "'s")
	return strings.TrimSuffix(s, "'")
}

// classify turns an attribution phrase into a Speaker.
func classify(text string, s, e int) Speaker { return classifyPhrase(text, s, e, true) }

// classifyPhrase is classify, collecting the Speaker's Keys only when keys
// is set: without them it allocates nothing, and the Speaker is the same
// but for its Keys.
//
// A phrase's keys are its capitalised words that are not titles. When it
// also names an organisation beside a person, the organisation's words are
// left out, so that two people of one company are not the same speaker
// ("Korvath CFO Daniel Reyes" and "Marisa Okafor, Korvath's chief
// executive"): a capitalised run just before a role word ("Korvath CFO",
// "Goldman Sachs analyst"), one ending in a possessive ("Korvath's") and
// one after "of", "at" or "from" ("chief executive of Veridane"). A phrase
// that names only an organisation keeps its words ("said Amazon").
func classifyPhrase(text string, s, e int, keys bool) Speaker {
	s, e = trimSpan(text, s, e)
	for s < e && strings.ContainsRune(",:;—–-", rune(text[s])) {
		s++
	}
	for e > s && strings.ContainsRune(",:;—–-.", rune(text[e-1])) {
		e--
	}
	s, e = trimSpan(text, s, e)
	if s >= e {
		return Speaker{}
	}
	phrase := text[s:e]
	sp := Speaker{Phrase: phrase, Span: Span{s, e}}
	var buf [48]byte
	first, named := true, false
	var (
		org      uint64 // bit k: Keys[k] is an organisation's word
		run      = -1   // index in Keys of the current capitalised run's first word
		orgRun   bool   // the current run follows "of", "at" or "from"
		afterOf  bool   // the previous word was "of", "at" or "from"
		prevEnd  = -1   // end of the previous word, in phrase
		prevName bool   // the previous word was a key
	)
	for i := 0; ; {
		ws, we, ok := nextWord(phrase, i)
		if !ok {
			break
		}
		i = we
		w := phrase[ws:we]
		// the key (nameKey) as bytes: map lookups with them do not allocate
		kb, plain := nameKeyBytes(w, buf[:0])
		if plain {
			kb = append(kb, w...)
		}
		if first && pronouns[string(kb)] {
			sp.Kind = PronounSpeaker
			return sp
		}
		if first && genericPronouns[string(kb)] {
			sp.Kind = GenericSpeaker
			return sp
		}
		first = false
		adjacent := prevEnd >= 0 && strings.Trim(phrase[prevEnd:ws], " &") == "" // "Calder & Stroud" is one run
		r, _ := utf8.DecodeRuneInString(w)
		isName := unicode.IsUpper(r) && !isTitleWord(kb) && !pronouns[string(kb)]
		if isName {
			named = true
		}
		if keys {
			switch {
			case isName:
				if !(prevName && adjacent) {
					run, orgRun = len(sp.Keys), afterOf
				}
				sp.Keys = append(sp.Keys, string(kb))
				if orgRun || isPossessive(w) {
					org |= runBits(run, len(sp.Keys))
				}
			case prevName && adjacent && isRoleWord(kb):
				org |= runBits(run, len(sp.Keys))
			}
			afterOf = string(kb) == "of" || string(kb) == "at" || string(kb) == "from"
		}
		prevEnd, prevName = we, isName
	}
	if named {
		sp.Kind = NamedSpeaker
	} else {
		sp.Kind = GenericSpeaker
	}
	if org != 0 && org != runBits(0, len(sp.Keys)) {
		n := 0
		for k, key := range sp.Keys {
			if k >= 64 || org&(1<<k) == 0 {
				sp.Keys[n] = key
				n++
			} else {
				sp.Orgs = append(sp.Orgs, key)
			}
		}
		sp.Keys = sp.Keys[:n]
	}
	return sp
}

// runBits returns the bits from..to-1 (of the first 64).
func runBits(from, to int) uint64 {
	var b uint64
	for k := max(from, 0); k < to && k < 64; k++ {
		b |= 1 << k
	}
	return b
}

// isPossessive reports whether a word ends in 's or ’s.
func isPossessive(w string) bool {
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'S")
}

// isRoleWord reports whether a title word names a role (see roleWords).
func isRoleWord(k []byte) bool { return isTitleWord(k) && roleWords[string(k)] }

// Speakers returns the speaker of each quotation in qs (found in text by
// Quotes). It reads the attribution in the same sentence: after the
// quotation ("…," Jassy said / said Andy Jassy / according to Amazon) or
// before it (Jassy said: "…"). A pronoun is resolved to the last named
// speaker of any attribution before it in the text, quoted or reported. A
// quotation with no attribution that follows another in the same paragraph
// is that quotation's speaker's, and one continued into the next paragraph
// takes the attribution where it ends.
func Speakers(text string, qs []Quote) []Speaker {
	s := QuoteSpeakers{text: text, quotes: qs} // not allocated: only its speakers are returned
	return s.All()
}

// QuoteSpeakers are the speakers of the quotations of one text (what
// Speakers returns), read as they are asked for, so that a caller that
// needs the speakers of a few quotations does not read every attribution
// of the text.
//
// Speaker(k) reads the attribution in quotation k's sentence, and the
// attributions of other quotations only where Speakers' answer depends on
// them:
//   - a pronoun ("he said") is resolved by state carried from each pronoun
//     to the next, so resolving one reads the attributions of every
//     quotation before it, in order, and resolves their pronouns;
//   - a quotation with no attribution takes the speaker of the one before
//     it in its paragraph, and so on back;
//   - a quotation continued into the next paragraph and not attributed
//     takes the speaker of the next quotation, and so on forward.
//
// What it reads is kept for later calls. Whatever the order the speakers
// are asked in, each is the one Speakers gives.
//
// A QuoteSpeakers is not safe for concurrent use while it still reads
// speakers; once All has returned it only reads what it holds, and any
// number of goroutines may call its methods.
type QuoteSpeakers struct {
	text   string
	quotes []Quote
	blocks []Span // the paragraphs of text (see Blocks), once haveBlocks
	// sp[k] is quotes[k]'s attribution once meta[k].read, with its pronoun
	// resolved once k < resolved; once done, it is the final speaker.
	sp         []Speaker
	meta       []quoteMeta
	resolved   int // the pronouns of quotes[:resolved] are resolved
	haveBlocks bool
	done       bool
	res        resolver
	sc         scratch
}

// quoteMeta is what QuoteSpeakers knows of one quotation.
type quoteMeta struct {
	block int32 // the index in blocks of its paragraph
	read  bool  // its attribution is read
}

// NewQuoteSpeakers returns the speakers of quotations qs of text (found by
// Quotes), none of them read yet. qs must not be changed afterwards.
func NewQuoteSpeakers(text string, qs []Quote) *QuoteSpeakers {
	return &QuoteSpeakers{text: text, quotes: qs}
}

// quoteSpeakersIn is NewQuoteSpeakers for text split into blocks (see
// Blocks).
func quoteSpeakersIn(text string, qs []Quote, blocks []Span) QuoteSpeakers {
	return QuoteSpeakers{text: text, quotes: qs, blocks: blocks, haveBlocks: true}
}

// Len returns the number of quotations.
func (s *QuoteSpeakers) Len() int { return len(s.quotes) }

// Speaker returns the speaker of quotation k, Speakers(text, qs)[k]. It
// panics if k is out of range, as indexing the slice would.
func (s *QuoteSpeakers) Speaker(k int) Speaker {
	if s.done {
		return s.sp[k]
	}
	_ = s.quotes[k]
	s.start()
	// A quotation continued into the next paragraph and not attributed is
	// attributed where it ends (see All).
	for j := k; ; j++ {
		sp := s.raw(j)
		if j == len(s.quotes)-1 || !s.quotes[j].Continued || sp.Known() {
			return sp
		}
	}
}

// All returns the speaker of every quotation, Speakers(text, qs). The
// slice is shared by later calls and must not be changed. After All, the
// QuoteSpeakers only reads.
func (s *QuoteSpeakers) All() []Speaker {
	if s.done {
		return s.sp
	}
	if len(s.quotes) == 0 {
		s.sp, s.done = make([]Speaker, 0), true
		return s.sp
	}
	s.start()
	s.resolveTo(len(s.quotes) - 1) // reads every attribution
	sp, meta := s.sp, s.meta
	for k := 1; k < len(sp); k++ {
		// A further quotation in the same paragraph, with no attribution
		// of its own, is the same speaker's.
		if sp[k].Kind == NoSpeaker && meta[k-1].block == meta[k].block {
			sp[k] = sp[k-1]
		}
	}
	// A quotation continued into the next paragraph is attributed where it
	// ends.
	for i := len(sp) - 2; i >= 0; i-- {
		if s.quotes[i].Continued && !sp[i].Known() {
			sp[i] = sp[i+1]
		}
	}
	s.done = true
	s.meta, s.res, s.sc = nil, resolver{}, scratch{} // not needed any more
	return sp
}

// start finds the paragraph of every quotation, the first time.
func (s *QuoteSpeakers) start() {
	if s.meta != nil {
		return
	}
	if !s.haveBlocks {
		s.blocks, s.haveBlocks = Blocks(s.text), true
	}
	s.sp = make([]Speaker, len(s.quotes))
	s.meta = make([]quoteMeta, len(s.quotes))
	bi := 0
	for qi, q := range s.quotes {
		for bi+1 < len(s.blocks) && s.blocks[bi].End < q.Start {
			bi++
		}
		s.meta[qi].block = int32(bi)
	}
}

// raw returns quotation k's speaker before a continued quotation takes the
// next one's: its attribution, with a pronoun resolved, or for a
// quotation with none, the speaker of the one before it in its paragraph.
func (s *QuoteSpeakers) raw(k int) Speaker {
	for {
		sp := s.attribution(k)
		switch {
		case sp.Kind == PronounSpeaker:
			s.resolveTo(k)
			return s.sp[k]
		case sp.Kind == NoSpeaker && k > 0 && s.meta[k-1].block == s.meta[k].block:
			k--
		default:
			return sp
		}
	}
}

// resolveTo resolves the pronouns of the quotations up to k (included), in
// order, reading their attributions.
func (s *QuoteSpeakers) resolveTo(k int) {
	for ; s.resolved <= k; s.resolved++ {
		qi := s.resolved
		if sp := s.attribution(qi); sp.Kind == PronounSpeaker {
			if m, ok := s.res.before(&s.sc, s.text, min(sp.Start, s.quotes[qi].Start)); ok {
				s.sp[qi].Keys = m.Keys
				s.sp[qi].Phrase = m.Phrase
			}
		}
	}
}

// attribution returns the attribution of quotation qi in its sentence
// (with its pronoun resolved if qi < resolved), reading it the first time.
func (s *QuoteSpeakers) attribution(qi int) Speaker {
	if s.meta[qi].read {
		return s.sp[qi]
	}
	sp := s.sc.attributionOf(s.text, s.quotes, qi, s.blocks[s.meta[qi].block])
	s.sp[qi], s.meta[qi].read = sp, true
	return sp
}

// attributionOf reads the attribution of quotation qs[qi], in paragraph b,
// in its sentence: the one after it (up to the next quotation), else the
// one before it (after the quotation before) when the one after names no
// one. A publisher's credit after it ("…," according to Reuters) gives
// way to a person named before it ("Blake said …"): the report is
// Reuters', the words Blake's.
func (sc *scratch) attributionOf(text string, qs []Quote, qi int, b Span) Speaker {
	q := qs[qi]
	prevEnd := b.Start
	if qi > 0 && qs[qi-1].End > prevEnd && qs[qi-1].End <= q.Start {
		prevEnd = qs[qi-1].End
	}
	nextStart := b.End
	if qi+1 < len(qs) && qs[qi+1].Start < nextStart && qs[qi+1].Start >= q.End {
		nextStart = qs[qi+1].Start
	}
	sp := sc.speakerAfter(text, q, nextStart)
	switch {
	case sp.Kind == NoSpeaker || sp.Kind == GenericSpeaker && q.End < nextStart:
		if before := sc.speakerBefore(text, prevEnd, q.Start); before.Kind != NoSpeaker && (sp.Kind == NoSpeaker || before.Known()) {
			sp = before
		}
	case sp.Kind == NamedSpeaker && creditAfter(text[q.End:nextStart]):
		if before := sc.speakerBefore(text, prevEnd, q.Start); before.Kind == NamedSpeaker {
			sp = before
		}
	}
	return sp
}

// creditAfter reports whether the text after a quotation starts with
// "according to".
func creditAfter(after string) bool {
	after = strings.TrimLeft(after, " ,")
	return len(after) >= len("according to") && strings.EqualFold(after[:len("according to")], "according to")
}

// wordAt is a word and its span.
type wordAt struct {
	s, e int
	// key is the word's nameKey when that is one of the words the
	// attribution readers compare keys with (speechVerbs, "according",
	// "to" and the words phraseEnd stops at), and "" otherwise (see
	// compareKey).
	key string
}

// scratch holds buffers the attribution readers reuse within one call of
// Speakers, so that reading the words around each quotation does not
// allocate.
type scratch struct {
	words    []wordAt
	mentions []mention
}

// wordsIn returns the words of text[s:e]. The slice is only valid until the
// next call.
func (sc *scratch) wordsIn(text string, s, e int) []wordAt {
	out := sc.words[:0]
	var buf [64]byte
	for i := s; ; {
		ws, we, ok := nextWord(text[:e], i)
		if !ok {
			sc.words = out
			return out
		}
		i = we
		out = append(out, wordAt{ws, we, compareKey(text[ws:we], buf[:0])})
	}
}

// compareKey is nameKey(w) for the words wordAt keys are compared with,
// and "" for any other word; words of lower-case ASCII letters are their
// own key. It returns the word itself or a constant string, so it does not
// allocate as nameKey does for capitalised words.
func compareKey(w string, buf []byte) string {
	plain := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			plain = false
			break
		}
	}
	if plain {
		return w
	}
	if len(w) > 64 {
		// None of the compared words (12 letters at most, 14 runes with a
		// possessive) is the key of so long a word.
		return ""
	}
	buf = buf[:0]
	for _, r := range w {
		if r == '’' {
			r = '\''
		}
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
	}
	if n := len(buf); n >= 2 && buf[n-2] == '\'' && buf[n-1] == 's' {
		buf = buf[:n-2]
	}
	if n := len(buf); n >= 1 && buf[n-1] == '\'' {
		buf = buf[:n-1]
	}
	return comparedKeys[string(buf)] // "" when absent
}

// comparedKeys maps each word the attribution readers compare wordAt keys
// with to itself.
var comparedKeys = func() map[string]string {
	m := map[string]string{}
	for w := range speechVerbs {
		m[w] = w
	}
	for _, w := range []string{"according", "to", "in", "on", "at", "during", "after", "before", "when", "while",
		"from", "with", "that", "last", "this", "who", "which"} {
		m[w] = w
	}
	return m
}()

// attributionStops marks terminal punctuation, "\n", the straight double
// quotation mark and the first bytes of the curly and angle ones (0xE2 for
// “ ” „ ‟, 0xC2 for « »).
var attributionStops = func() (t [256]bool) {
	for _, c := range []byte{'.', '!', '?', '"', '\n', 0xe2, 0xc2} {
		t[c] = true
	}
	return t
}()

// honorifics are the abbreviated titles written before a name ("Dr. Elena
// Varga", "Ms. Brandt"): their period ends neither the sentence nor the
// name phrase of an attribution.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "capt": true, "sgt": true, "rev": true, "hon": true, "messrs": true,
}

// honorificAt reports whether the period at text[i] ends an honorific
// that a capitalised word follows after one space ("Dr. Elena").
func honorificAt(text string, i int) bool {
	if i+2 >= len(text) || text[i] != '.' || text[i+1] != ' ' {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(text[i+2:]); !unicode.IsUpper(r) {
		return false
	}
	j := i
	for j > 0 && i-j < 7 && isASCIILetter(text[j-1]) {
		j--
	}
	if i-j < 2 || i-j > 6 || j > 0 && isWordRune(rune(text[j-1])) {
		return false
	}
	var buf [8]byte
	return honorifics[string(lowerInto(buf[:0], text[j:i]))]
}

// speakerAfter reads "…," Jassy said / said Jassy / according to Jassy
// after the quotation, up to the end of the sentence or limit. The period
// of an honorific ("said Dr. Elena Varga") does not end the sentence.
func (sc *scratch) speakerAfter(text string, q Quote, limit int) Speaker {
	innerEnd := strings.TrimRight(text[q.Inner.Start:q.Inner.End], " ")
	end := q.End
	for end < limit {
		// Only these bytes can start a rune the attribution stops at; the
		// others, and the rest of multi-byte characters, are passed over
		// without decoding (no UTF-8 sequence hides one of them).
		if !attributionStops[text[end]] {
			end++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[end:limit])
		if r == '.' && honorificAt(text[:limit], end) {
			end++
			continue
		}
		if isTerminalPunct(r) || r == '"' || isDoubleQuote(r) || r == '\n' {
			break
		}
		end += n
	}
	if strings.HasSuffix(innerEnd, ".") {
		// The quotation ended its sentence; an attribution can still follow
		// in lower case ("…." he said) but a new sentence is not one.
		if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[q.End:end], " ")); unicode.IsUpper(r) {
			return Speaker{}
		}
	}
	ws := sc.wordsIn(text, q.End, end)
	if len(ws) > 14 {
		ws = ws[:14]
	}
	for i, w := range ws {
		if !speechVerbs[w.key] {
			continue
		}
		if i > 8 {
			return Speaker{}
		}
		if w.key == "according" {
			if i+1 < len(ws) && ws[i+1].key == "to" && i+2 < len(ws) {
				return classify(text, ws[i+2].s, phraseEnd(text, ws[i+2:], end))
			}
			return Speaker{}
		}
		if i == 0 {
			if len(ws) < 2 {
				return Speaker{}
			}
			return classify(text, ws[1].s, phraseEnd(text, ws[1:], end))
		}
		return classify(text, q.End, w.s)
	}
	return Speaker{}
}

// phraseEnd returns where a name phrase starting at ws[0] ends: before a
// lower-case preposition, at the end of the sentence or quotation, or after
// eight words. Commas inside the phrase are kept ("Andy Jassy, Amazon's
// chief executive"), and so is an honorific's period ("Dr. Elena Varga").
func phraseEnd(text string, ws []wordAt, limit int) int {
	end := limit
	for i, w := range ws {
		if i >= 8 {
			return ws[i-1].e
		}
		if i > 0 && strings.ContainsAny(text[ws[i-1].e:w.s], ".!?;:\"“”()") && !(w.s == ws[i-1].e+2 && honorificAt(text, ws[i-1].e)) {
			return ws[i-1].e
		}
		switch w.key {
		case "in", "on", "at", "during", "after", "before", "to", "when", "while", "from", "with", "that", "last", "this", "who", "which":
			if i > 0 {
				return ws[i-1].e
			}
		}
		end = w.e
	}
	return end
}

// speakerBefore reads Jassy said: "…" / said Jassy: "…" / According to
// Jassy, "…" in the same sentence before the quotation.
func (sc *scratch) speakerBefore(text string, from, qStart int) Speaker {
	start := sentenceStartBefore(text, from, qStart)
	ws := sc.wordsIn(text, start, qStart)
	if len(ws) == 0 {
		return Speaker{}
	}
	if len(ws) > 24 {
		ws = ws[len(ws)-24:]
	}
	for i := len(ws) - 1; i >= 0; i-- {
		w := ws[i]
		if !speechVerbs[w.key] {
			continue
		}
		if len(ws)-i > 6 && (len(ws)-i > 14 || !plainReport(text, ws, i, qStart)) {
			return Speaker{}
		}
		if w.key == "according" {
			if i+2 < len(ws) && ws[i+1].key == "to" {
				return classify(text, ws[i+2].s, clauseEnd(text, ws[i+2].s, qStart))
			}
			return Speaker{}
		}
		// "said Jassy:" — a name right after the verb, then ":" or "," and
		// the quotation.
		if i+1 < len(ws) {
			r, _ := utf8.DecodeRuneInString(text[ws[i+1].s:])
			end := clauseEnd(text, ws[i+1].s, qStart)
			if unicode.IsUpper(r) && !strings.ContainsAny(text[w.e:ws[i+1].s], ",") && end < qStart &&
				strings.TrimSpace(text[end+1:qStart]) == "" {
				return classify(text, ws[i+1].s, end)
			}
		}
		return classify(text, subjectStart(text, start, w.s), w.s)
	}
	return Speaker{}
}

// plainReport reports whether the words between the speech verb ws[i] and
// a quotation at qStart are reported speech that names no one else, so
// that the verb attributes the quotation even from afar ("Menon said the
// chip-tool maker's order book had "never been larger.""): no
// capitalised word among them other than "I", after the name of an
// "according to" phrase.
func plainReport(text string, ws []wordAt, i, qStart int) bool {
	j := i + 1
	if ws[i].key == "according" {
		if i+2 >= len(ws) || ws[i+1].key != "to" {
			return false
		}
		end := clauseEnd(text, ws[i+2].s, qStart)
		for j = i + 2; j < len(ws) && ws[j].s < end; j++ {
		}
	}
	for ; j < len(ws); j++ {
		w := text[ws[j].s:ws[j].e]
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && w != "I" {
			return false
		}
	}
	return true
}

// clauseEnd returns the first ':' or ',' after s, or limit.
func clauseEnd(text string, s, limit int) int {
	if i := strings.IndexAny(text[s:limit], ",:"); i >= 0 {
		return s + i
	}
	return limit
}

// subjectStart finds where the subject of the verb at verb begins: up to
// three comma-separated segments back (for appositives: "Andy Jassy,
// Amazon's chief executive, said"), stopping at an introductory phrase
// ("In a call with analysts, Jassy said"), at a pronoun that is the whole
// segment before the verb (a parenthetical "Demand, she added, is …"), at
// a colon or semicolon and after fourteen words.
func subjectStart(text string, start, verb int) int {
	segEnd := verb
	best := verb
	var buf [48]byte
	for seg := 0; seg < 3; seg++ {
		segStart := strings.LastIndexAny(text[start:segEnd], ",;:") + 1 + start
		words := CountWords(text[segStart:verb])
		if ws, we, ok := nextWord(text[:segEnd], segStart); ok {
			key := nameKey(text[ws:we], buf[:0])
			if seg == 0 && (pronouns[key] || genericPronouns[key]) && strings.TrimSpace(text[we:segEnd]) == "" {
				return segStart
			}
			switch key {
			case "and", "but":
				// "…, but Sophie Brandt, the chief operating officer, said":
				// the subject is the name after the conjunction
				rest := strings.TrimLeft(text[we:segEnd], " ")
				if r, _ := utf8.DecodeRuneInString(rest); seg > 0 && unicode.IsUpper(r) && CountWords(rest) <= 4 {
					return segEnd - len(rest)
				}
				if seg > 0 || CountWords(text[segStart:segEnd]) > 3 {
					return best
				}
			case "in", "on", "at", "during", "after", "before", "when", "while", "as", "speaking", "asked", "although", "though", "because":
				if seg > 0 || CountWords(text[segStart:segEnd]) > 3 {
					return best
				}
			}
		}
		if words > 14 {
			return best
		}
		best = segStart
		if segStart <= start || text[segStart-1] == ':' || text[segStart-1] == ';' {
			// a colon ends a label before the subject ("Analyst view:
			// Martin Oyelaran, …, said"), a semicolon a clause of its own
			return best
		}
		segEnd = segStart - 1
	}
	return best
}

// sentenceStartBefore returns the start of the sentence holding i: after
// the last terminal punctuation followed by a space in [from, i), not
// counting an honorific's period ("Dr. Varga said").
func sentenceStartBefore(text string, from, i int) int {
	for j := i - 1; j > from; j-- {
		c := text[j]
		if (c == ' ' || c == '\n') && isTerminalPunct(rune(text[j-1])) && !(c == ' ' && honorificAt(text, j-1)) {
			return j + 1
		}
	}
	return from
}

// maxLookback is how far before a pronoun its antecedent is looked for.
const maxLookback = 8000

// resolver answers lastMentionBefore for increasing limits, scanning only
// the text added since the previous answer.
type resolver struct {
	limit int // the previous query's limit; 0 before the first
	last  Speaker
	found bool
}

func (r *resolver) before(sc *scratch, text string, limit int) (Speaker, bool) {
	if r.limit == 0 || limit < r.limit {
		r.limit = limit
		r.last, r.found = sc.lastMentionBefore(text, limit)
		return r.last, r.found
	}
	// A mention whose verb lies in the new text may start up to 300 bytes
	// before it.
	from := max(0, r.limit-300)
	for from > 0 && text[from-1] != ' ' && text[from-1] != '\n' {
		from--
	}
	ms := sc.namedMentions(text[:limit], from)
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].sp.Start < limit {
			r.limit, r.last, r.found = limit, ms[i].speaker(text), true
			return r.last, true
		}
	}
	r.limit = limit
	if r.found && r.last.Start < limit-maxLookback {
		r.found = false
	}
	return r.last, r.found
}

// lastMentionBefore returns the last named attribution starting before
// limit, looking back through growing windows of text (up to maxLookback
// bytes) so that a pronoun near its antecedent costs little.
func (sc *scratch) lastMentionBefore(text string, limit int) (Speaker, bool) {
	end := limit
	for size := 600; ; size *= 4 {
		size = min(size, maxLookback)
		start := max(0, limit-size)
		// step back to a word boundary so the window's first word is whole
		for start > 0 && text[start-1] != ' ' && text[start-1] != '\n' {
			start--
		}
		ms := sc.namedMentions(text[:end], start)
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].sp.Start < limit {
				return ms[i].speaker(text), true
			}
		}
		if start == 0 || size == maxLookback {
			return Speaker{}, false
		}
		end = start + 300 // a mention's verb may sit just after the window's start
		if end > limit {
			end = limit
		}
	}
}

// mention is a named attribution found by namedMentions: its speaker
// without Keys, and the phrase [s, e) that classify reads the full Speaker
// from. Pronouns are resolved to one mention of the many namedMentions
// finds, so only that one is classified in full.
type mention struct {
	sp   Speaker
	s, e int
}

func (m mention) speaker(text string) Speaker { return classify(text, m.s, m.e) }

// namedMentions returns the named subject of every speech verb in text
// from byte from on, in order of position, for resolving pronouns. The
// slice is only valid until the next call.
func (sc *scratch) namedMentions(text string, from int) []mention {
	out := sc.mentions[:0]
	var buf [48]byte
	for i := from; ; {
		s, e, ok := nextWord(text, i)
		if !ok {
			sc.mentions = out // kept for the next call to reuse
			return out
		}
		i = e
		if !isSpeechVerb(text[s:e], buf[:0]) {
			continue
		}
		if e-s == len("according") && strings.EqualFold(text[s:e], "according") {
			// "…, according to Ray Dunleavy, …": the name after "to"
			ws := sc.wordsIn(text, e, min(len(text), e+120))
			if len(ws) > 1 && ws[0].key == "to" && strings.TrimSpace(text[e:ws[0].s]) == "" {
				ps, pe := ws[1].s, phraseEnd(text, ws[1:], ws[len(ws)-1].e)
				if sp := classifyPhrase(text, ps, pe, false); sp.Kind == NamedSpeaker && (len(out) == 0 || out[len(out)-1].sp.Start <= sp.Start) {
					out = append(out, mention{sp, ps, pe})
				}
			}
			continue
		}
		start := sentenceStartBefore(text, max(0, s-300), s)
		if q := strings.LastIndexAny(text[start:s], "\"“”"); q >= 0 {
			_, n := utf8.DecodeRuneInString(text[start+q:])
			start += q + n // after the whole quotation mark
		}
		ps, pe := subjectStart(text, start, s), s
		sp := classifyPhrase(text, ps, pe, false)
		if sp.Kind == NoSpeaker {
			// "…," said Andy Jassy: a name after the verb, when nothing
			// before it is the subject ("He said Kestrel delivered" is
			// his report, not Kestrel's words).
			ws := sc.wordsIn(text, e, min(len(text), e+80))
			if len(ws) > 0 && strings.TrimSpace(text[e:ws[0].s]) == "" {
				if r, _ := utf8.DecodeRuneInString(text[ws[0].s:]); unicode.IsUpper(r) {
					ps, pe = ws[0].s, phraseEnd(text, ws, ws[len(ws)-1].e)
					sp = classifyPhrase(text, ps, pe, false)
				}
			}
		}
		if sp.Kind == NamedSpeaker && (len(out) == 0 || out[len(out)-1].sp.Start <= sp.Start) {
			out = append(out, mention{sp, ps, pe})
		}
	}
}

// LeadingName returns the words a sentence opens with when they name its
// subject: a run of capitalised words, titles and honorifics included
// ("Chief Executive Ingrid Halvorsen", "Dr. Elena Varga", "Priya
// Natarajan") with at least one name among them. It returns "" when the
// sentence opens otherwise, with a quotation, or when the run ends in a
// possessive ("Natarajan's team": the subject is the team).
func LeadingName(sentence string) string {
	if r, _ := utf8.DecodeRuneInString(sentence); r == '"' || r == '\'' || isDoubleQuote(r) || r == '‘' {
		return ""
	}
	end := -1
	var buf [48]byte
	for i := 0; ; {
		ws, we, ok := nextWord(sentence, i)
		if !ok {
			break
		}
		if end >= 0 && strings.TrimLeft(sentence[end:ws], " ") != "" && !(ws == end+2 && honorificAt(sentence, end)) {
			break
		}
		w := sentence[ws:we]
		kb, plain := nameKeyBytes(w, buf[:0])
		if plain {
			kb = append(kb, w...)
		}
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !isTitleWord(kb) {
			break
		}
		if isPossessive(w) {
			return ""
		}
		end, i = we, we
	}
	if end < 0 {
		return ""
	}
	if classifyPhrase(sentence, 0, end, false).Kind != NamedSpeaker {
		return ""
	}
	return sentence[:end]
}

// NameKeys returns the name words of a name phrase as speaker keys, the
// Keys of the Speaker an attribution with that phrase has ("Chief Executive
// Ingrid Halvorsen": ingrid, halvorsen).
func NameKeys(phrase string) []string { return classify(phrase, 0, len(phrase)).Keys }

// SubjectNames are the name phrases a sentence's subject may be: its
// LeadingName, and the LeadingName of the clause after an introductory
// phrase ("Asked about a bigger cut, Varga was blunt.": Varga), in that
// order; empty ones are left out.
func SubjectNames(sentence string) []string {
	var out []string
	if n := LeadingName(sentence); n != "" {
		out = append(out, n)
	}
	if i := strings.Index(sentence, ", "); i > 0 && i < 80 {
		if n := LeadingName(sentence[i+2:]); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// attributionVerbs say unambiguously that a sentence reports someone's
// words ("added" and "posted" also mean other things: "added flights").
var attributionVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "according": true, "stated": true,
	"announced": true, "wrote": true, "reported": true, "reports": true, "explained": true, "warned": true,
	"predicted": true, "cautioned": true, "argued": true, "insisted": true, "acknowledged": true,
}

// HasAttribution reports whether text already says who it comes from: it
// contains "said", "told", "according to", "announced" or a similar verb.
func HasAttribution(text string) bool {
	var buf [16]byte
	for i := 0; ; {
		s, e, ok := nextWord(text, i)
		if !ok {
			return false
		}
		i = e
		if e-s > len(buf) || e-s < 3 {
			continue
		}
		if attributionVerbs[string(lowerInto(buf[:0], text[s:e]))] {
			return true
		}
	}
}
