package rules

import (
	"fmt"
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

// token is one lower-cased word of the draft.
type token struct {
	w    string
	span extract.Span
}

// tokensOf splits text, whose words are ws (see extract.Words), into
// lower-cased words without a possessive "'s". The words are slices of one
// lower-cased copy of the text.
func tokensOf(text string, ws []extract.Span) []token {
	lower := asciiLower(text)
	out := make([]token, len(ws))
	for i, w := range ws {
		out[i] = token{trimPossessive(lower[w.Start:w.End]), w}
	}
	return out
}

// trimPossessive drops a possessive "'s" or "’s" from a lower-cased word.
func trimPossessive(t string) string {
	if n := len(t); n > 2 && t[n-2] == '\'' && t[n-1] == 's' {
		return t[:n-2]
	}
	return strings.TrimSuffix(t, "’s")
}

// hasRoleWord reports whether text has a word in roleWords, compared as
// tokens are (lower-cased ASCII, possessive dropped). It lower-cases into a
// buffer instead of copying the text, as it runs over source sentences.
func hasRoleWord(text string) bool {
	var buf [40]byte
	for i := 0; ; {
		s, e, ok := extract.NextWord(text, i)
		if !ok {
			return false
		}
		i = e
		if e-s > len(buf) {
			continue // longer than any role word, possessive or not
		}
		b := buf[:0]
		for k := s; k < e; k++ {
			c := text[k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		if n := len(b); n > 2 && b[n-2] == '\'' && b[n-1] == 's' {
			b = b[:n-2]
		} else if n := len(b); n >= len("’s") && string(b[n-len("’s"):]) == "’s" {
			b = b[:n-len("’s")]
		}
		if roleWords[string(b)] {
			return true
		}
	}
}

// asciiLower lower-cases the ASCII letters of s; other bytes are kept, so
// offsets stay the same.
func asciiLower(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
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

// lexiconStarts marks the first two bytes of every lexicon key (bit
// a<<8|b), so that most tokens are turned away without a map lookup.
var lexiconStarts = func() (t [1 << 16 / 64]uint64) {
	for k := range lexicon {
		if len(k) >= 2 {
			n := uint(k[0])<<8 | uint(k[1])
			t[n>>6] |= 1 << (n & 63)
		}
	}
	return t
}()

// lexiconEntries is lexicon[w], looked up only when w's first two bytes
// start a key (words of fewer than two bytes are always looked up).
func lexiconEntries(w string) []phrase {
	if len(w) >= 2 {
		if n := uint(w[0])<<8 | uint(w[1]); lexiconStarts[n>>6]&(1<<(n&63)) == 0 {
			return nil
		}
	}
	return lexicon[w]
}

// hit is one lexicon phrase found in the draft.
type hit struct {
	list       int
	tok        int // index of its first token
	span       extract.Span
	text       string
	tokenCount int
}

// lexiconHits finds every lexicon phrase in toks, in order.
func lexiconHits(toks []token) []hit {
	var out []hit
	for i := range toks {
	next:
		for _, p := range lexiconEntries(toks[i].w) {
			if i+len(p.parts) > len(toks) {
				continue
			}
			for k := 1; k < len(p.parts); k++ {
				if toks[i+k].w != p.parts[k] {
					continue next
				}
			}
			end := toks[i+len(p.parts)-1].span.End
			out = append(out, hit{list: p.list, tok: i, span: extract.Span{Start: toks[i].span.Start, End: end}, text: p.text, tokenCount: len(p.parts)})
		}
	}
	return out
}

// Check implements Rule.
func (r StoryRisk) Check(a *Analysis) []Finding {
	text := a.Doc.Text
	toks := tokensOf(text, a.DraftWords())
	var fs []Finding
	hold := func(span extract.Span, msg string) {
		fs = append(fs, Finding{Severity: Hold, DraftSpan: [2]int{span.Start, span.End}, Message: msg})
	}
	hits := lexiconHits(toks)
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
	if d, r, ok := rumour(hits, toks, a.DraftSentences()); ok {
		hold(d.span, fmt.Sprintf("higher-risk topic, M&A rumour: “%s” with “%s” in one sentence", d.text, r.text))
	}
	if p := a.Market.Price; p != nil && *p > 0 && *p < r.PennyPrice {
		hold(extract.Span{Start: 0, End: len(text)}, fmt.Sprintf("penny stock: the market price $%.2f is below $%.2f", *p, r.PennyPrice))
	}
	if strings.EqualFold(strings.TrimSpace(a.Market.Exchange), "OTC") {
		hold(extract.Span{Start: 0, End: len(text)}, "OTC-listed security: listed over the counter per the market data")
	}
	for _, n := range privateIndividuals(text, toks, a.DraftSentences(), a.sourcesGiveRole) {
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

// tokenRange returns the token indexes inside span.
func tokenRange(toks []token, span extract.Span) (int, int) {
	from := firstTokenFrom(toks, span.Start)
	return from, from + firstTokenFrom(toks[from:], span.End)
}

// firstTokenFrom returns the index of the first token starting at or after
// pos: sort.Search written out, as it runs for every sentence.
func firstTokenFrom(toks []token, pos int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if toks[mid].span.Start < pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// isRoleWord is roleWords[w], with most words turned away by their first
// and last letters before the map lookup: every token is tested.
func isRoleWord(w string) bool {
	if len(w) < 2 {
		return false
	}
	a, z := w[0], w[len(w)-1]
	if a < 'a' || a > 'z' || z < 'a' || z > 'z' || !roleWordEnds[int(a-'a')*26+int(z-'a')] {
		return false
	}
	return roleWords[w]
}

// roleWordEnds marks the pairs of first and last letters of roleWords.
var roleWordEnds = func() (t [26 * 26]bool) {
	for w := range roleWords {
		t[int(w[0]-'a')*26+int(w[len(w)-1]-'a')] = true
	}
	return t
}()

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

// privateIndividuals finds names of people with no public role in the
// draft; sourceRole reports a surname the sources give a role.
func privateIndividuals(text string, toks []token, sents []extract.Sentence, sourceRole func(surname string) bool) []extract.Span {
	var ms []nameMention
	roles := make([]bool, len(sents)) // whether each sentence has a role word
	for si, s := range sents {
		from, to := tokenRange(toks, s.Span)
		role := false
		for i := from; i < to; i++ {
			if isRoleWord(toks[i].w) {
				role = true
				break
			}
		}
		roles[si] = role
		for i := from; i+1 < to; i++ {
			first := text[toks[i].span.Start:toks[i].span.End]
			if first[0] < 'A' || first[0] > 'Z' || !firstNames[first] {
				continue // every first name is capitalised ASCII: most words stop here
			}
			last := text[toks[i+1].span.Start:toks[i+1].span.End]
			if toks[i+1].span.Start-toks[i].span.End != 1 || !capitalised(last) || firstNames[last] && i+2 < to && capitalised(text[toks[i+2].span.Start:toks[i+2].span.End]) {
				continue
			}
			r := role
			// "Jane Doe of Acme", "Jane Doe at Acme", "Jane Doe, Acme's …"
			if i+3 < to && (toks[i+2].w == "of" || toks[i+2].w == "at") && capitalised(text[toks[i+3].span.Start:toks[i+3].span.End]) {
				r = true
			}
			if strings.HasSuffix(strings.ReplaceAll(last, "’", "'"), "'s") && i+2 < to && capitalised(text[toks[i+2].span.Start:toks[i+2].span.End]) {
				r = true
			}
			ms = append(ms, nameMention{extract.Span{Start: toks[i].span.Start, End: toks[i+1].span.End}, strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(last, "'s"), "’s")), r})
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
	// A later mention by surname alone in a sentence with a role counts too.
	for si, s := range sents {
		if !roles[si] {
			continue
		}
		from, to := tokenRange(toks, s.Span)
		for i := from; i < to; i++ {
			if isSurnameOf(toks[i].w, ms) {
				public[toks[i].w] = true
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

func isSurnameOf(w string, ms []nameMention) bool {
	for _, m := range ms {
		if m.surname == w {
			return true
		}
	}
	return false
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// rumour finds the first sentence holding both a deal word and a rumour
// cue. Hits and sentences are both in text order.
func rumour(hits []hit, toks []token, sents []extract.Sentence) (deal, cue hit, ok bool) {
	si := 0
	var d, r *hit
	cur := -1
	for k := range hits {
		h := &hits[k]
		if h.list != dealList && h.list != rumourList {
			continue
		}
		for si < len(sents) {
			if _, to := tokenRange(toks, sents[si].Span); h.tok < to {
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
