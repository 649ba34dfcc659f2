package tagger

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"alphadesk/internal/market"
)

// Via says what kind of evidence a mention is.
type Via string

// The kinds of evidence.
const (
	ViaName     Via = "name"     // a form of the company's name ("Amazon", "Amazon.com Inc")
	ViaAlias    Via = "alias"    // a curated alias ("Google" for Alphabet)
	ViaTicker   Via = "ticker"   // a ticker written as one: "AMZN", "Ford (F)"
	ViaCashtag  Via = "cashtag"  // "$AMZN"
	ViaExchange Via = "exchange" // "(NASDAQ: AMZN)", "NYSE:F", Reuters "<AMZN.O>"
)

// Vias lists the kinds of evidence, strongest last.
var Vias = []Via{ViaName, ViaAlias, ViaTicker, ViaCashtag, ViaExchange}

// DefaultMinConfidence is the confidence below which the command drops a
// tag. It was chosen on the labelled set in testdata (see docs/tagging.md):
// it keeps unambiguous names, tickers in a strong form, bare tickers with
// some support, and everyday-word names only with company context.
const DefaultMinConfidence = 0.6

// DefaultMaxBytes is the largest text Tag accepts when Options.MaxBytes is 0.
const DefaultMaxBytes = 8 << 20

// ErrTooLarge is returned (wrapped) by Tag for a text over the size limit.
var ErrTooLarge = errors.New("text too large")

// Options tune a Tagger. The zero value keeps every candidate (MinConfidence
// 0) and accepts texts up to DefaultMaxBytes.
type Options struct {
	// MinConfidence drops tags whose confidence is below it.
	MinConfidence float64
	// MaxBytes is the largest text Tag accepts; 0 means DefaultMaxBytes.
	MaxBytes int
}

// Mention is one piece of evidence in the text. Start and End are byte
// offsets into the tagged text, and Text is text[Start:End].
type Mention struct {
	Start int
	End   int
	Text  string
	Via   Via
}

// Tag is one security the text refers to.
type Tag struct {
	Symbol string
	// Name is the security's legal name (its short name when it has none).
	Name string
	// Confidence in [0,1] that the text refers to this security.
	Confidence float64
	// Salience in [0,1]: how central the security is to the text.
	Salience float64
	// Mentions in text order.
	Mentions []Mention
}

// Via returns the kind of the tag's strongest evidence.
func (t Tag) Via() Via {
	best := Via("")
	for _, m := range t.Mentions {
		if slices.Index(Vias, m.Via) > slices.Index(Vias, best) {
			best = m.Via
		}
	}
	return best
}

// Result is the outcome of tagging one text: tags sorted by salience, then
// confidence, then symbol.
type Result struct {
	Tags []Tag
}

// Symbols returns the tags' symbols in order.
func (r Result) Symbols() []string {
	out := make([]string, len(r.Tags))
	for i, t := range r.Tags {
		out[i] = t.Symbol
	}
	return out
}

// Tagger finds the securities a text refers to. It is built once from a
// universe of securities and is safe for concurrent use.
type Tagger struct {
	opts Options
	lex  *lex
	sets contextSets

	entries []entry
	table   table
	// lowerStarts holds the hashes of name-starting words that may be
	// written in lower case: scan looks those up eagerly.
	lowerStarts lowerBloom
	// filter holds the hashes of all keys: most tokens in no list are
	// turned away without touching the table.
	filter keyBloom
	// edges holds the edges from the trie's roots: most capitalised words
	// that could start a name are followed by a word that does not
	// continue it, and name learns that without touching the trie.
	edges edgeBloom

	listings  []listing
	companies []company
	forms     []form
	// The name trie: node e is the root of the names whose first word is
	// entry e (its hot bits have hotName), and nodes after the entries are
	// the inner nodes. A node's children are kids[node.kids:node.end],
	// sorted by entry.
	nodes []trieNode
	kids  []trieKid

	scratch sync.Pool
}

// contextSets are the word lists tagging looks tokens up in.
type contextSets struct {
	words, abbrev, determiner, ric, exchange *wordSet
}

// trieNode is one node of the name trie.
type trieNode struct {
	form      int32 // the form ending here, -1 for none
	kids, end int32 // range of the node's children in Tagger.kids
}

// trieKid is an edge of the name trie: the next word and the node it leads to.
type trieKid struct{ entry, node int32 }

// child returns the node reached from node by word e, or -1.
func (t *Tagger) child(node, e int32) int32 {
	n := &t.nodes[node]
	for _, k := range t.kids[n.kids:n.end] {
		if k.entry == e {
			return k.node
		}
		if k.entry > e {
			break
		}
	}
	return -1
}

// trap is the context that makes an everyday-word name the word ("price
// Target").
type trap struct{ before, after *wordSet }

// entry is what the tagger knows about one case-folded token.
type entry struct {
	key      string
	flags    entryFlag
	listings []int32 // listings whose ticker (without class) folds to key
	// plain is the listing in listings without a share class, -1 for
	// none; plainWord and plainFund are its word and fund marks. They
	// spare bare tickers a trip to the listings.
	plain     int32
	plainWord bool
	plainFund bool
}

type entryFlag uint8

const (
	fAnyCaseStart entryFlag = 1 << iota // first word of a name form that may be lower case ("eBay")
	fCue                                // company context word
	fShareCue                           // stock-market context word
	fLegal                              // legal suffix (Inc, Corp)
	fExchange                           // listing venue
	fVenuePart                          // second word of a venue ("NYSE American")
	fFunction                           // function word
)

// listing is one ticker.
type listing struct {
	symbol  string
	base    string // folded symbol without share class
	class   string // folded share class, "" for none
	company int32
	// word marks tickers spelled like an English word, abbreviation or
	// period label: they count only in a strong form.
	word bool
	fund bool
}

// company is one issuer: the listings that share a CIK (or a symbol).
type company struct {
	primary int32 // listing that name mentions are attributed to
	name    string
	fund    bool
}

// New builds a tagger for a universe of securities. Securities with the same
// symbol are merged; securities with the same CIK are one company, whose
// name mentions go to its first common-stock listing. It fails on a security
// whose symbol cannot be a ticker, and on an empty universe.
func New(secs []market.Security, opts Options) (*Tagger, error) {
	if len(secs) == 0 {
		return nil, errors.New("tagger: empty universe: give at least one security")
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MinConfidence < 0 || opts.MinConfidence > 1 {
		return nil, fmt.Errorf("tagger: MinConfidence %v is outside [0,1]", opts.MinConfidence)
	}
	t := &Tagger{opts: opts, lex: newLex()}
	t.scratch.New = func() any { return &scratch{} }

	// Merge by symbol, keeping first-seen order.
	bySymbol := map[string]int{}
	var merged []market.Security
	for i, s := range secs {
		sym, class, err := market.NormalizeSymbol(s.Symbol)
		if err != nil {
			return nil, fmt.Errorf("tagger: security %d (%q): %w", i+1, s.LegalName, err)
		}
		s.Symbol, s.ShareClass = sym, class
		if j, ok := bySymbol[sym]; ok {
			merged[j] = merged[j].Merge(s)
			continue
		}
		bySymbol[sym] = len(merged)
		merged = append(merged, s)
	}

	// Group listings into companies by CIK.
	groups := map[string][]int{}
	var order []string
	for i, s := range merged {
		key := "sym:" + s.Symbol
		if s.CIK > 0 {
			key = fmt.Sprint("cik:", s.CIK)
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], i)
	}
	t.listings = make([]listing, len(merged))
	symbols := map[string]bool{}
	for _, s := range merged {
		symbols[s.Symbol] = true
	}
	var formsBy [][]form
	for _, key := range order {
		members := groups[key]
		ci := int32(len(t.companies))
		primary := members[0]
		for _, m := range members {
			if isCommonStock(merged[m].Symbol, symbols) {
				primary = m
				break
			}
		}
		ps := merged[primary]
		name := ps.LegalName
		if name == "" {
			name = ps.Name
		}
		fund := t.lex.isFund(ps) || notesIssuer(merged, members)
		t.companies = append(t.companies, company{primary: int32(primary), name: name, fund: fund})
		var fs []form
		for _, m := range members {
			s := merged[m]
			base, class := s.Symbol, ""
			if i := strings.LastIndexByte(s.Symbol, '.'); i > 0 {
				base, class = s.Symbol[:i], s.Symbol[i+1:]
			}
			t.listings[m] = listing{
				symbol:  s.Symbol,
				base:    fold(base),
				class:   fold(class),
				company: ci,
				word:    t.lex.tickerIsWord(base),
				fund:    t.lex.isFund(s),
			}
			if !fund {
				fs = append(fs, t.lex.formsOf(s, ci)...)
			}
		}
		formsBy = append(formsBy, fs)
	}
	t.forms = resolveForms(formsBy, func(company int32, key string) bool {
		for _, m := range groups[order[company]] {
			if t.listings[m].base == key {
				return true
			}
		}
		return false
	}, func(company int32) bool {
		switch merged[t.companies[company].primary].Exchange {
		case "", market.OTC:
			return false
		}
		return true
	})
	traps := make(map[string]*trap, len(trapContext))
	for name, c := range trapContext {
		traps[name] = &trap{before: newWordSet(setOf(c.before)), after: newWordSet(setOf(c.after))}
	}
	for i := range t.forms {
		f := &t.forms[i]
		f.listing = t.companies[f.company].primary
		f.nwords = int32(len(f.rules))
		for k, r := range f.rules[:min(len(f.rules), 32)] {
			f.caseBits |= uint64(r) << (2 * k)
		}
		f.trap = traps[f.key]
	}
	if err := t.build(); err != nil {
		return nil, err
	}
	// Keep only the word lists tagging reads, as word sets: the others
	// (rare words, proper nouns …) were for making the forms, and the
	// garbage collector need not scan them on every cycle.
	t.sets = contextSets{
		words: newWordSet(t.lex.words), abbrev: newWordSet(t.lex.abbrev), determiner: newWordSet(t.lex.determiner),
		ric: newWordSet(t.lex.ric), exchange: newWordSet(t.lex.exchange),
	}
	t.lex = &lex{exchange: t.lex.exchange}
	// Likewise the forms' keys and their rules when caseBits hold them, and
	// the listings' folded symbols, which only the build reads.
	for i := range t.forms {
		f := &t.forms[i]
		f.key = ""
		if f.nwords <= 32 {
			f.rules = nil
		}
	}
	for i := range t.listings {
		t.listings[i].base = ""
	}
	return t, nil
}

// isCommonStock reports whether a symbol looks like a company's main
// listing rather than a preferred share ("VOYA.PB"), warrant, unit or right
// ("SRZNW" beside "SRZN").
func isCommonStock(sym string, symbols map[string]bool) bool {
	if i := strings.LastIndexByte(sym, '.'); i > 0 && len(sym)-i-1 > 1 {
		return false
	}
	if n := len(sym); n >= 5 {
		switch sym[n-1] {
		case 'W', 'U', 'R':
			if symbols[sym[:n-1]] {
				return false
			}
		}
		if strings.HasSuffix(sym, "WS") && symbols[sym[:n-2]] {
			return false
		}
	}
	return true
}

// tickerIsWord reports whether a ticker (without class) reads as an English
// word, abbreviation, finance term or period label.
func (l *lex) tickerIsWord(base string) bool {
	f := fold(base)
	if len(f) < 2 || l.isWord(f) || l.rare[f] || l.abbrev[f] || isPeriodLabel(f) {
		return true
	}
	for i := 0; i < len(f); i++ {
		if f[i] < 'a' || f[i] > 'z' {
			return true // digits or punctuation: never a bare ticker
		}
	}
	return false
}

// notesIssuer reports whether a company's listings are exchange-traded notes
// or other products issued under its CIK rather than its own shares: three
// or more unrelated tickers, none starting like its name (UBS AG's AMUB,
// BDCX, …). Its name then stays with the parent's own listing.
func notesIssuer(secs []market.Security, members []int) bool {
	bases := map[string]bool{}
	for _, m := range members {
		base, _, _ := strings.Cut(secs[m].Symbol, ".")
		bases[base] = true
	}
	if len(bases) < 3 {
		return false
	}
	words := splitWords(cleanLegalName(secs[members[0]].LegalName))
	if len(words) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(words[0])
	first := strings.ToUpper(string(r))
	for b := range bases {
		if strings.HasPrefix(b, first) {
			return false
		}
	}
	return true
}

// resolveForms keeps, for every form key, the most authoritative company's
// form. A company whose ticker is the form ("UBS" for UBS Group, not the UBS
// AG notes issuer) wins whatever the authority; between companies of equal
// authority, the only one listed on a national exchange wins (Rio Tinto plc
// on the NYSE over Rio Tinto Ltd over the counter); otherwise the key is
// dropped.
func resolveForms(formsBy [][]form, ownsTicker func(company int32, key string) bool, listed func(company int32) bool) []form {
	claims := map[string]map[int32]form{}
	for _, fs := range formsBy {
		for _, f := range fs {
			byCompany := claims[f.key]
			if byCompany == nil {
				byCompany = map[int32]form{}
				claims[f.key] = byCompany
			}
			old, ok := byCompany[f.company]
			if !ok || f.kind < old.kind || f.kind == old.kind && f.level < old.level {
				byCompany[f.company] = f
			}
		}
	}
	out := make([]form, 0, len(claims))
	for _, byCompany := range claims {
		if len(byCompany) > 1 {
			owner := false
			for _, f := range byCompany {
				if ownsTicker(f.company, f.key) {
					out = append(out, f)
					owner = true
					break
				}
			}
			if owner {
				continue
			}
		}
		var tied []form
		for _, f := range byCompany {
			switch {
			case len(tied) == 0 || f.kind < tied[0].kind:
				tied = append(tied[:0], f)
			case f.kind == tied[0].kind:
				tied = append(tied, f)
			}
		}
		if len(tied) > 1 {
			var onExchange []form
			for _, f := range tied {
				if listed(f.company) {
					onExchange = append(onExchange, f)
				}
			}
			tied = onExchange
		}
		if len(tied) == 1 {
			out = append(out, tied[0])
		}
	}
	slices.SortFunc(out, func(a, b form) int { return strings.Compare(a.key, b.key) })
	return out
}

// build makes the token table and the name trie.
func (t *Tagger) build() error {
	index := map[string]int32{}
	add := func(key string, flags entryFlag) int32 {
		i, ok := index[key]
		if !ok {
			i = int32(len(t.entries))
			index[key] = i
			t.entries = append(t.entries, entry{key: key, plain: -1})
		}
		t.entries[i].flags |= flags
		return i
	}
	for w := range t.lex.cue {
		add(w, fCue)
	}
	for w := range t.lex.shareCue {
		add(w, fShareCue)
	}
	for w := range setOf(textSuffixes) {
		add(w, fLegal)
	}
	for w := range t.lex.function {
		add(w, fFunction)
	}
	for e := range t.lex.exchange {
		for i, w := range strings.Split(e, "_") {
			if i == 0 {
				add(w, fExchange)
			} else {
				add(w, fVenuePart)
			}
		}
	}
	for w := range t.lex.ric {
		add(w, 0)
	}
	for i, l := range t.listings {
		e := add(l.base, 0)
		t.entries[e].listings = append(t.entries[e].listings, int32(i))
		if l.class != "" {
			add(l.class, 0)
		} else if t.entries[e].plain < 0 {
			t.entries[e].plain, t.entries[e].plainWord, t.entries[e].plainFund = int32(i), l.word, l.fund
		}
	}
	// Every word of every form becomes an entry before the trie is made,
	// so that node e can be the root of the names starting with entry e:
	// name reads the root off the token without a trip to the entries.
	words := make([][]string, len(t.forms))
	for fi, f := range t.forms {
		words[fi] = strings.Split(f.key, " ")
		for k, w := range words[fi] {
			flags := entryFlag(0)
			if k == 0 && f.rules[0] == anyCase {
				flags = fAnyCaseStart
			}
			add(w, flags)
		}
	}
	if len(t.entries) >= maxEntries {
		return fmt.Errorf("tagger: universe too large: %d distinct name and ticker words, the limit is %d", len(t.entries), maxEntries-1)
	}
	edges := make(map[uint64]int32, 2*len(t.forms))
	nodeForm := make([]int32, len(t.entries), len(t.entries)+len(t.forms))
	for i := range nodeForm {
		nodeForm[i] = -1
	}
	root := make([]bool, len(t.entries))
	lowerNext := make([]bool, len(t.entries))
	for fi, ws := range words {
		node := index[ws[0]]
		root[node] = true
		if len(ws) > 1 && t.forms[fi].rules[1] == anyCase {
			lowerNext[node] = true
		}
		for _, w := range ws[1:] {
			edge := uint64(node)<<32 | uint64(index[w])
			child, ok := edges[edge]
			if !ok {
				child = int32(len(nodeForm))
				nodeForm = append(nodeForm, -1)
				edges[edge] = child
			}
			node = child
		}
		nodeForm[node] = int32(fi)
	}
	t.kids = make([]trieKid, 0, len(edges))
	keys := make([]uint64, 0, len(edges))
	for k := range edges {
		keys = append(keys, k)
	}
	slices.Sort(keys) // by node, then entry
	t.nodes = make([]trieNode, len(nodeForm))
	for i, f := range nodeForm {
		t.nodes[i].form = f
	}
	for _, k := range keys {
		node := int32(k >> 32)
		if t.nodes[node].end == 0 {
			t.nodes[node].kids = int32(len(t.kids))
		}
		t.kids = append(t.kids, trieKid{entry: int32(uint32(k)), node: edges[k]})
		t.nodes[node].end = int32(len(t.kids))
		if int(node) < len(t.entries) {
			t.edges.set(edgeHash(node, int32(uint32(k))))
		}
	}
	t.table = newTable(len(t.entries))
	for i, e := range t.entries {
		h := hashKey(e.key)
		var hh hot
		if e.listings != nil {
			hh |= hotTicker
		}
		if root[i] {
			hh |= hotName
			if nodeForm[i] >= 0 {
				hh |= hotForm
			}
			if lowerNext[i] {
				hh |= hotLowerNext
			}
		}
		if e.flags&fExchange != 0 {
			hh |= hotVenue
		}
		if e.flags&fAnyCaseStart != 0 {
			hh |= hotLower
			t.lowerStarts.set(h)
		}
		t.table.place(e.key, h, int32(i), hh, e.flags)
		t.filter.set(h >> 40)
	}
	return nil
}

// Stats describes a built tagger.
type Stats struct {
	Securities int // listings
	Companies  int
	Forms      int // name forms matched in text
	Tokens     int // distinct case-folded tokens the tagger knows
}

// Stats returns the size of the tagger's dictionary.
func (t *Tagger) Stats() Stats {
	return Stats{Securities: len(t.listings), Companies: len(t.companies), Forms: len(t.forms), Tokens: len(t.entries)}
}
