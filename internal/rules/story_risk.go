package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"alphadesk/internal/extract"
)

// StoryRisk holds stories on topics where a mistake does real harm, stories
// whose company tags are uncertain, and stories with no named source.
type StoryRisk struct {
	// MinTagConfidence is the lowest tagging confidence published without
	// review.
	MinTagConfidence float64
	// PennyPrice is the share price (US dollars) below which a stock counts
	// as a penny stock.
	PennyPrice float64
}

func init() { Register(StoryRisk{MinTagConfidence: 0.6, PennyPrice: 5}) }

// Name implements Rule.
func (StoryRisk) Name() string { return "story.risk" }

// riskTopic is a higher-risk subject and the phrases that raise it.
type riskTopic struct {
	name    string
	phrases []string
}

// riskTopics are matched as whole words, case-insensitively, anywhere in
// the draft.
var riskTopics = []riskTopic{
	{"litigation or fraud allegation", []string{
		"lawsuit", "lawsuits", "sued", "sues", "suing", "class action", "class-action", "litigation", "plaintiff",
		"plaintiffs", "indicted", "indictment", "charged with", "fraud", "fraudulent", "embezzlement", "misconduct",
		"alleged", "allegedly", "allegation", "allegations", "accused", "wrongdoing", "ponzi", "insider trading",
		"accounting irregularities", "restatement", "settle charges", "guilty",
	}},
	{"investigation", []string{
		"investigation", "investigations", "investigating", "investigators", "probe", "probes", "probing", "subpoena",
		"subpoenaed", "inquiry", "raided", "whistleblower", "wells notice", "under scrutiny",
	}},
	{"bankruptcy or default", []string{
		"bankruptcy", "bankrupt", "chapter 11", "chapter 7", "insolvency", "insolvent", "receivership", "liquidation",
		"going concern", "default on", "defaulted", "missed a payment", "creditor protection",
	}},
	{"unconfirmed report", []string{
		"people familiar with", "person familiar with", "familiar with the matter", "sources said", "according to sources",
		"unnamed source", "unnamed sources", "anonymous", "anonymity", "not authorized to speak", "unconfirmed",
		"reportedly", "rumor", "rumors", "rumour", "rumours", "could not be independently verified",
		"could not immediately verify", "speculation", "unverified",
	}},
	{"penny or OTC stock", []string{
		"penny stock", "penny stocks", "otc", "over-the-counter", "pink sheets", "otcqb", "otcqx", "otc markets",
		"pink open market", "grey market",
	}},
	{"price target or buy/sell language", []string{
		"price target", "price targets", "target price", "buy rating", "sell rating", "hold rating", "strong buy",
		"strong sell", "should buy", "should sell", "must buy", "must-own", "buy the stock", "sell the stock",
		"buy the dip", "time to buy", "time to sell", "we recommend", "upgraded the stock", "downgraded the stock",
		"upgraded shares", "downgraded shares", "upgraded to buy", "downgraded to sell", "upgrade to buy", "downgrade to sell",
		"rating upgrade", "rating downgrade", "upgraded to outperform", "downgraded to underperform", "upgraded to overweight",
		"downgraded to underweight", "upgraded to neutral", "downgraded to neutral", "outperform rating", "overweight rating", "underweight rating", "underperform rating",
		"rated buy", "rated sell", "top pick", "buy recommendation", "sell recommendation",
	}},
}

var (
	dealWords   = []string{"acquire", "acquires", "acquiring", "acquisition", "acquisitions", "takeover", "takeovers", "merger", "mergers", "merge", "merging", "buyout", "bid for", "buy out", "tie-up", "deal to buy", "offer for"}
	rumourWords = []string{"talks", "people familiar", "sources", "reportedly", "rumor", "rumors", "rumour", "rumours", "considering", "exploring", "weighing", "mulling", "speculation", "approached", "discussions", "early-stage"}
)

// Description implements Rule.
func (r StoryRisk) Description() string {
	var b strings.Builder
	b.WriteString("Some stories need an editor even when every quotation and figure checks out. The story is **held**, with one finding per reason naming the words that raised it, when:\n\n")
	for _, t := range riskTopics {
		fmt.Fprintf(&b, "- it touches %s: %s;\n", article(t.name), quoteList(t.phrases))
	}
	fmt.Fprintf(&b, "- it reports an M&A rumour: a sentence with a deal word (%s) and a rumour cue (%s);\n", quoteList(dealWords), quoteList(rumourWords))
	fmt.Fprintf(&b, "- the market data supplied with the check gives a price below $%.2f (a penny stock) or an OTC listing;\n", r.PennyPrice)
	b.WriteString("- it names a private individual: a person's name (a common first name followed by a capitalised surname) given no public role — no title such as chief executive, analyst or spokesperson in the same sentence or in another sentence naming them, in the draft or in the sources, and no \"of\"/\"at\" an organisation or possessive organisation after the name;\n")
	fmt.Fprintf(&b, "- the company tagging confidence supplied with the check is below %.2f (when it is supplied);\n", r.MinTagConfidence)
	b.WriteString("- no source is named: the story rests on a single unnamed source, or on unnamed sources only. A source is named when its file gives a name (a \"Source:\" header, a JSON \"name\", the page's site name, a wire credit such as \"(Reuters)\" in its opening, or its web address), or when the JSON draft's own `sources` list names it at the same position.\n\n")
	b.WriteString("Words are matched whole and case-insensitively anywhere in the draft, including quotations. Severity: **hold**.")
	return b.String()
}

func article(s string) string {
	if s == "" {
		return s
	}
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func quoteList(ps []string) string {
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = "“" + p + "”"
	}
	return strings.Join(q, ", ")
}

// Draft words are compared with the lexicon and the role words folded:
// ASCII letters lower-cased (other bytes kept, as extract.Words leaves
// them) and a possessive "'s" or "’s" dropped, so that "Lawsuit",
// "LAWSUIT" and "lawsuit's" all match "lawsuit". The rule reads every word
// of the draft but few of them matter, so no folded copy of the draft or
// token per word is made (they were most of what a check allocated): a
// word is hashed as it stands (foldHash), most words are turned away on
// the hash (wordKinds), and the rest are folded into a small buffer for a
// map lookup or compared with a key byte by byte (foldsTo).

// foldedLen is the length of word without a possessive "'s" or "’s" (the
// s in either case).
func foldedLen(word string) int {
	n := len(word)
	if n > 2 && word[n-2] == '\'' && lowerASCII(word[n-1]) == 's' {
		return n - 2
	}
	if n >= len("’s") && word[n-len("’s"):n-1] == "’" && lowerASCII(word[n-1]) == 's' {
		return n - len("’s")
	}
	return n
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// foldBuf holds a folded word for a map lookup. Every lexicon and role
// word fits (TestKeysAreFolded), so a word too long for it matches
// none and is not looked up.
type foldBuf [24]byte

// fold writes word folded into buf and returns it, or ok false when it
// does not fit.
func fold(word string, buf *foldBuf) (key []byte, ok bool) {
	n := foldedLen(word)
	if n > len(buf) {
		return nil, false
	}
	for i := 0; i < n; i++ {
		buf[i] = lowerASCII(word[i])
	}
	return buf[:n], true
}

// foldsTo reports whether word folded is key, comparing in place.
func foldsTo(word, key string) bool {
	n := foldedLen(word)
	if n != len(key) {
		return false
	}
	for i := 0; i < n; i++ {
		if lowerASCII(word[i]) != key[i] {
			return false
		}
	}
	return true
}

// foldHash hashes word folded, for wordKinds. It reads the length and the
// first, middle and last bytes, not the whole word, so that it costs the
// same for every word; words that share them with a key only cost a
// lookup in vain.
func foldHash(word string) uint32 {
	n := foldedLen(word)
	if n == 0 {
		return 0
	}
	x := uint32(n) | uint32(lowerASCII(word[0]))<<8 | uint32(lowerASCII(word[n/2]))<<16 | uint32(lowerASCII(word[n-1]))<<24
	return x * 0x9e3779b9 // Fibonacci hashing: the top bits mix all of x
}

// Kinds of words in wordKinds.
const (
	kindLexicon   = 1 << iota // the first word of a lexicon phrase
	kindRole                  // a role word
	kindFirstName             // a first name
)

// kindShift takes the top bits of a foldHash as an index into wordKinds.
const kindShift = 32 - 13

// wordKinds marks, by the hash of a word folded, which kinds of word it
// may be: a word whose entry is zero (nine words in ten in a news draft)
// is none, and is neither copied nor looked up in a map. An entry may be
// set by another word with the same hash, so a set kind is confirmed by
// the kind's own map.
var wordKinds = func() (t [1 << (32 - kindShift)]uint8) {
	mark := func(w string, kind uint8) { t[foldHash(w)>>kindShift] |= kind }
	for w := range lexicon {
		mark(w, kindLexicon)
	}
	for w := range roleWords {
		mark(w, kindRole)
	}
	for w := range firstNames {
		mark(w, kindFirstName)
	}
	return t
}()

// hasRoleWord reports whether text has a word in roleWords, compared
// folded. It runs over source sentences, whose words are not kept.
func hasRoleWord(text string) bool {
	var buf foldBuf
	for i := 0; ; {
		s, e, ok := extract.NextWord(text, i)
		if !ok {
			return false
		}
		i = e
		if wordKinds[foldHash(text[s:e])>>kindShift]&kindRole == 0 {
			continue
		}
		if key, ok := fold(text[s:e], &buf); ok && roleWords[string(key)] {
			return true
		}
	}
}

// phrase is one lexicon entry: its words and the list it belongs to.
type phrase struct {
	parts []string
	text  string // the parts joined by spaces
	list  int    // index into riskTopics, or dealList / rumourList
}

// Lists beyond riskTopics in the lexicon.
const (
	dealList   = -1
	rumourList = -2
)

// lexicon indexes every risk phrase by its first word, so the draft is
// scanned once.
var lexicon = func() map[string][]phrase {
	m := map[string][]phrase{}
	add := func(p string, list int) {
		parts := strings.Fields(p)
		m[parts[0]] = append(m[parts[0]], phrase{parts, strings.Join(parts, " "), list})
	}
	for i, t := range riskTopics {
		for _, p := range t.phrases {
			add(p, i)
		}
	}
	for _, p := range dealWords {
		add(p, dealList)
	}
	for _, p := range rumourWords {
		add(p, rumourList)
	}
	return m
}()

// lexiconEntries is lexicon[w] for a folded word w, looked up only when
// wordKinds marks w's hash as a lexicon word's.
func lexiconEntries(w string) []phrase {
	if wordKinds[foldHash(w)>>kindShift]&kindLexicon == 0 {
		return nil
	}
	return lexicon[w]
}

// hit is one lexicon phrase found in the draft.
type hit struct {
	list int
	word int // index of its first word
	span extract.Span
	text string
}

// draftScan is what the rule needs from the draft's words, found in one
// pass over them: the words that may matter are few, and the rest are
// turned away on their hash alone.
type draftScan struct {
	hits  []hit // lexicon phrases, in order
	roles []int // indexes of role words, in order
	names []int // indexes of first names, in order
}

// scanWords finds the lexicon phrases, role words and first names among
// the words ws of text.
func scanWords(text string, ws []extract.Span) draftScan {
	// sized for a news draft: a role word or two in every hundred words, a
	// first name in a few hundred
	sc := draftScan{roles: make([]int, 0, len(ws)/32+1), names: make([]int, 0, len(ws)/128+1)}
	var buf foldBuf
	for i, w := range ws {
		word := text[w.Start:w.End]
		kinds := wordKinds[foldHash(word)>>kindShift]
		if kinds == 0 {
			continue
		}
		// First names are matched as written: capitalised, possessive kept.
		if kinds&kindFirstName != 0 && firstNames[word] {
			sc.names = append(sc.names, i)
		}
		key, ok := fold(word, &buf)
		if !ok {
			continue
		}
		if kinds&kindRole != 0 && roleWords[string(key)] {
			sc.roles = append(sc.roles, i)
		}
	next:
		for _, p := range lexiconEntries(string(key)) {
			if i+len(p.parts) > len(ws) {
				continue
			}
			for k := 1; k < len(p.parts); k++ {
				if next := ws[i+k]; !foldsTo(text[next.Start:next.End], p.parts[k]) {
					continue next
				}
			}
			end := ws[i+len(p.parts)-1].End
			sc.hits = append(sc.hits, hit{list: p.list, word: i, span: extract.Span{Start: w.Start, End: end}, text: p.text})
		}
	}
	return sc
}

// Check implements Rule.
func (r StoryRisk) Check(a *Analysis) []Finding {
	text := a.Doc.Text
	ws := a.DraftWords()
	var fs []Finding
	hold := func(span extract.Span, msg string) {
		fs = append(fs, Finding{Severity: Hold, DraftSpan: [2]int{span.Start, span.End}, Message: msg})
	}
	sc := scanWords(text, ws)
	hits := sc.hits
	for ti, t := range riskTopics {
		n, first := 0, -1
		for k, h := range hits {
			if h.list == ti {
				if n == 0 {
					first = k
				}
				n++
			}
		}
		if n > 0 {
			hold(hits[first].span, fmt.Sprintf("higher-risk topic, %s: “%s” (%d mention%s)", t.name, hits[first].text, n, plural(n)))
		}
	}
	// M&A rumours: a deal word and a rumour cue in one sentence.
	if d, r, ok := rumour(hits, ws, a.DraftSentences()); ok {
		hold(d.span, fmt.Sprintf("higher-risk topic, M&A rumour: “%s” with “%s” in one sentence", d.text, r.text))
	}
	if p := a.Market.Price; p != nil && *p > 0 && *p < r.PennyPrice {
		hold(extract.Span{Start: 0, End: len(text)}, fmt.Sprintf("penny stock: the market price $%.2f is below $%.2f", *p, r.PennyPrice))
	}
	if strings.EqualFold(strings.TrimSpace(a.Market.Exchange), "OTC") {
		hold(extract.Span{Start: 0, End: len(text)}, "OTC-listed security: listed over the counter per the market data")
	}
	for _, n := range privateIndividuals(text, ws, sc, a.DraftSentences(), a.sourcesGiveRole) {
		hold(n, fmt.Sprintf("names an individual, “%s”, without a public role (title, organisation): check consent and newsworthiness", text[n.Start:n.End]))
	}
	if c := a.TagConfidence; c >= 0 && c < r.MinTagConfidence {
		hold(extract.Span{Start: 0, End: len(text)}, fmt.Sprintf("low tagging confidence %.2f (minimum %.2f): check which companies the story is about", c, r.MinTagConfidence))
	}
	named := 0
	for _, s := range a.Sources {
		if s.Named() {
			named++
		}
	}
	if named == 0 {
		msg := "single unnamed source: the story rests on one source with no name to attribute it to"
		if len(a.Sources) > 1 {
			msg = fmt.Sprintf("no named source: none of the %d sources has a name to attribute it to", len(a.Sources))
		}
		hold(extract.Span{Start: 0, End: len(text)}, msg)
	}
	return fs
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// wordRange returns the indexes of the words ws inside span.
func wordRange(ws []extract.Span, span extract.Span) (int, int) {
	from := firstWordFrom(ws, span.Start)
	return from, from + firstWordFrom(ws[from:], span.End)
}

// firstWordFrom returns the index of the first word starting at or after
// pos: sort.Search written out, as it runs for every sentence.
func firstWordFrom(ws []extract.Span, pos int) int {
	lo, hi := 0, len(ws)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ws[mid].Start < pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// indexesIn returns the part of xs, word indexes in order, in [from, to).
func indexesIn(xs []int, from, to int) []int {
	i, _ := slices.BinarySearch(xs, from)
	j := i
	for j < len(xs) && xs[j] < to {
		j++
	}
	return xs[i:j]
}

// roleWords give a named person a public role when they appear in the same
// sentence.
var roleWords = map[string]bool{
	"chief": true, "executive": true, "ceo": true, "cfo": true, "coo": true, "cto": true, "president": true,
	"chairman": true, "chairwoman": true, "chair": true, "founder": true, "co-founder": true, "cofounder": true,
	"director": true, "officer": true, "analyst": true, "analysts": true, "strategist": true, "economist": true,
	"spokesperson": true, "spokesman": true, "spokeswoman": true, "manager": true, "head": true, "partner": true,
	"minister": true, "senator": true, "governor": true, "secretary": true, "commissioner": true, "judge": true,
	"representative": true, "lawmaker": true, "mayor": true, "professor": true, "lawyer": true, "attorney": true,
	"counsel": true, "official": true, "board": true, "vice": true, "leader": true, "treasurer": true,
	"ambassador": true, "regulator": true, "researcher": true, "chancellor": true, "congressman": true,
	"congresswoman": true, "fed": true, "investor": true, "billionaire": true, "owner": true, "cio": true,
	"portfolio": true, "trader": true, "banker": true, "shareholder": true, "actor": true, "singer": true,
}

// firstNames are common given names; a capitalised word after one is taken
// as a surname.
var firstNames = wordSet(`James John Robert Michael William David Richard Joseph Thomas Charles Christopher
	Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward
	Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory
	Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle
	Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan
	Bryan Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell
	Elijah Louis Bobby Philip Johnny Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy
	Lisa Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie
	Rebecca Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine
	Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce Victoria Olivia
	Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha Jacqueline Frances Gloria Ann Teresa
	Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia Judy Grace Denise Amber Marilyn Beverly Danielle
	Theresa Sophia Marie Diana Brittany Natalie Isabella Charlotte Rose Alexis Kayla Andy Brian Tim Satya Sundar
	Jensen Elon Warren Jamie Jane Lina Gary Janet Jerome Tom Bob Bill Mike Dave Jim Steve Sam Ben Dan Chris Matt Nick
	Tony Joe Kate Liz Sue Meg Ted Rob Greg Jeff Ken Lou Max Leo Luke Ava Mia Zoe Chloe Ella Lucy Ruby Ivy Jin Wei
	Li Ming Hiroshi Yuki Raj Priya Arjun Mohammed Ahmed Ali Omar Fatima Carlos Luis Miguel Sofia Lucia Pierre
	Francois Hans Klaus Giovanni Marco Luca Ivan Olga Sergei Dmitri`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// nameMention is a person's name in the draft.
type nameMention struct {
	span    extract.Span
	surname string
	role    bool
}

// sourcesGiveRole reports whether a source names word (a surname, lower
// case) in a sentence with a role word: a person the sources introduce as
// "Chief Executive Jane Doe" is public even where the draft drops the title.
func (a *Analysis) sourcesGiveRole(word string) bool {
	if word == "" {
		return false
	}
	key := strings.ToUpper(word[:1]) + word[1:]
	for i, src := range a.Sources {
		text := src.Text
		sents := a.SourceSentences(i)
		for from := 0; ; {
			j := strings.Index(text[from:], key)
			if j < 0 {
				break
			}
			at := from + j
			from = at + len(key)
			k := sort.Search(len(sents), func(k int) bool { return sents[k].End > at })
			if k == len(sents) {
				continue
			}
			if hasRoleWord(text[sents[k].Start:sents[k].End]) {
				return true
			}
		}
	}
	return false
}

// privateIndividuals finds names of people with no public role in text,
// whose words are ws, scanned into sc; sourceRole reports a surname the
// sources give a role.
func privateIndividuals(text string, ws []extract.Span, sc draftScan, sents []extract.Sentence, sourceRole func(surname string) bool) []extract.Span {
	if len(sc.names) == 0 {
		return nil
	}
	word := func(i int) string { return text[ws[i].Start:ws[i].End] }
	hasRole := func(from, to int) bool { return len(indexesIn(sc.roles, from, to)) > 0 }
	ms := make([]nameMention, 0, len(sc.names))
	for _, s := range sents {
		from, to := wordRange(ws, s.Span)
		names := indexesIn(sc.names, from, to-1) // a surname must follow
		if len(names) == 0 {
			continue
		}
		role := hasRole(from, to)
		// a first name and, after one space, a capitalised word
		for _, i := range names {
			last := word(i + 1)
			if ws[i+1].Start-ws[i].End != 1 || !capitalised(last) || firstNames[last] && i+2 < to && capitalised(word(i+2)) {
				continue
			}
			r := role
			// "Jane Doe of Acme", "Jane Doe at Acme", "Jane Doe, Acme's …"
			if i+3 < to && (foldsTo(word(i+2), "of") || foldsTo(word(i+2), "at")) && capitalised(word(i+3)) {
				r = true
			}
			if strings.HasSuffix(strings.ReplaceAll(last, "’", "'"), "'s") && i+2 < to && capitalised(word(i+2)) {
				r = true
			}
			ms = append(ms, nameMention{extract.Span{Start: ws[i].Start, End: ws[i+1].End}, strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(last, "'s"), "’s")), r})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	public := map[string]bool{}
	for _, m := range ms {
		if m.role {
			public[m.surname] = true
		}
	}
	// A later mention by surname alone in a sentence with a role counts
	// too. Only the surnames not yet public are looked for: news copy gives
	// most names with a title, and then there are none to look for.
	var private []string
	for _, m := range ms {
		if !public[m.surname] && !slices.Contains(private, m.surname) {
			private = append(private, m.surname)
		}
	}
	for _, s := range sents {
		if len(private) == 0 {
			break
		}
		from, to := wordRange(ws, s.Span)
		if !hasRole(from, to) {
			continue
		}
		for i := from; i < to && len(private) > 0; i++ {
			w := word(i)
			if k := slices.IndexFunc(private, func(surname string) bool { return foldsTo(w, surname) }); k >= 0 {
				public[private[k]] = true
				private = slices.Delete(private, k, k+1)
			}
		}
	}
	var out []extract.Span
	seen := map[string]bool{}
	for _, m := range ms {
		if public[m.surname] || seen[m.surname] {
			continue
		}
		seen[m.surname] = true
		if !sourceRole(m.surname) {
			out = append(out, m.span)
		}
	}
	return out
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// rumour finds the first sentence holding both a deal word and a rumour
// cue. Hits and sentences are both in text order.
func rumour(hits []hit, ws []extract.Span, sents []extract.Sentence) (deal, cue hit, ok bool) {
	si := 0
	var d, r *hit
	cur := -1
	for k := range hits {
		h := &hits[k]
		if h.list != dealList && h.list != rumourList {
			continue
		}
		for si < len(sents) {
			if _, to := wordRange(ws, sents[si].Span); h.word < to {
				break
			}
			si++
		}
		if si != cur {
			cur, d, r = si, nil, nil
		}
		if h.list == dealList && d == nil {
			d = h
		}
		if h.list == rumourList && r == nil {
			r = h
		}
		if d != nil && r != nil {
			return *d, *r, true
		}
	}
	return hit{}, hit{}, false
}
