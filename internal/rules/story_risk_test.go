package rules

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

var riskSource = source.Source{Name: "Wire", Text: `Acme Corp. said revenue rose 5% to $2 billion. Chief Executive Officer Jane Doe said demand was strong. The company faces a lawsuit from a supplier.`}

func TestStoryRisk(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		market Market
		conf   float64
		want   string // substring of a story.risk message; "" for no finding
	}{
		{"benign", "Acme Corp. said revenue rose 5% to $2 billion.", Market{}, TagConfidenceUnknown, ""},
		{"litigation", "Acme Corp. faces a lawsuit from a supplier.", Market{}, TagConfidenceUnknown, "litigation or fraud allegation: “lawsuit”"},
		{"fraud", "Regulators alleged accounting fraud at Acme.", Market{}, TagConfidenceUnknown, "litigation or fraud allegation"},
		{"investigation", "The SEC opened an investigation into Acme.", Market{}, TagConfidenceUnknown, "investigation: “investigation”"},
		{"bankruptcy", "Acme filed for Chapter 11 protection.", Market{}, TagConfidenceUnknown, "bankruptcy or default: “chapter 11”"},
		{"unconfirmed report", "Acme is close to a deal, according to people familiar with the matter.", Market{}, TagConfidenceUnknown, "unconfirmed report"},
		{"m&a rumour", "Acme is in talks to acquire Widget Co.", Market{}, TagConfidenceUnknown, "M&A rumour: “acquire” with “talks”"},
		{"confirmed deal is not a rumour", "Acme agreed to acquire Widget Co. for $2 billion.", Market{}, TagConfidenceUnknown, ""},
		{"otc words", "Acme trades over-the-counter.", Market{}, TagConfidenceUnknown, "penny or OTC stock"},
		{"penny price", "Acme said revenue rose 5% to $2 billion.", Market{Price: ptr(0.42)}, TagConfidenceUnknown, "penny stock: the market price $0.42"},
		{"otc listing", "Acme said revenue rose 5% to $2 billion.", Market{Exchange: "OTC"}, TagConfidenceUnknown, "OTC-listed"},
		{"price target", "Analysts raised their price target on Acme.", Market{}, TagConfidenceUnknown, "price target or buy/sell language"},
		{"buy language", "Investors should buy the stock now.", Market{}, TagConfidenceUnknown, "price target or buy/sell language"},
		{"rating change", "Broker X upgraded the stock.", Market{}, TagConfidenceUnknown, "price target or buy/sell language"},
		{"upgraded equipment is fine", "Acme upgraded its factories.", Market{}, TagConfidenceUnknown, ""},
		{"private individual", "Local resident Mary Smith, 34, said she bought a unit.", Market{}, TagConfidenceUnknown, "names an individual, “Mary Smith”"},
		{"public figure with title", "Chief Executive Officer Jane Doe said demand was strong.", Market{}, TagConfidenceUnknown, ""},
		{"public figure introduced by the sources", "Jane Doe said demand was strong.", Market{}, TagConfidenceUnknown, ""},
		{"person of an organisation", "Mark Lee of Broker Co said demand was strong.", Market{}, TagConfidenceUnknown, ""},
		{"low tagging confidence", "Acme said revenue rose 5% to $2 billion.", Market{}, 0.3, "low tagging confidence 0.30 (minimum 0.60)"},
		{"measured zero confidence", "Acme said revenue rose 5% to $2 billion.", Market{}, 0, "low tagging confidence 0.00"},
		{"enough confidence", "Acme said revenue rose 5% to $2 billion.", Market{}, 0.9, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, doc, err := draft.Decode([]byte("Acme update\n\n" + tc.body))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Check(Input{Draft: d, Doc: doc, Sources: []source.Source{riskSource}, Market: tc.market, TagConfidence: tc.conf})
			if err != nil {
				t.Fatal(err)
			}
			fs := of(rep, "story.risk")
			if tc.want == "" {
				if len(fs) > 0 {
					t.Errorf("unexpected findings%s", describeFindings(doc, fs))
				}
				return
			}
			found := false
			for _, f := range fs {
				if f.Severity != Hold {
					t.Errorf("severity %s, want hold", f.Severity)
				}
				found = found || strings.Contains(f.Message, tc.want)
			}
			if !found {
				t.Errorf("no finding contains %q%s", tc.want, describeFindings(doc, fs))
			}
			if rep.Decision == Publish {
				t.Errorf("decision publish, want at least hold")
			}
		})
	}
}

func TestStoryRiskUnnamedSources(t *testing.T) {
	unnamed := source.Source{Text: riskSource.Text}
	tests := []struct {
		name    string
		sources []source.Source
		refs    []draft.SourceRef
		want    string
	}{
		{"single unnamed source", []source.Source{unnamed}, nil, "single unnamed source"},
		{"only unnamed sources", []source.Source{unnamed, unnamed}, nil, "none of the 2 sources"},
		{"named by the draft's sources list", []source.Source{unnamed}, []draft.SourceRef{{Name: "Wire"}}, ""},
		{"one named source is enough", []source.Source{unnamed, riskSource}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := draft.Draft{Headline: "Acme update", Body: []string{"Acme Corp. said revenue rose 5% to $2 billion."}, Sources: tc.refs}
			rep, err := Check(Input{Draft: d, Sources: tc.sources, TagConfidence: TagConfidenceUnknown})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range of(rep, "story.risk") {
				msgs = append(msgs, f.Message)
			}
			got := strings.Join(msgs, " | ")
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("story.risk findings %q, want %q", got, tc.want)
			}
		})
	}
	if unnamed.Name != "" {
		t.Errorf("the caller's source was changed")
	}
}

// The story.risk check before its words were folded in place: the whole
// draft lower-cased and split into a token per word. It is kept as the
// reference the faster check must match finding for finding, written more
// plainly than it was (map lookups with no prefilter, sort.Search for the
// words of a sentence, every word compared with every surname), which
// gives the same results. tokensOf is also what TestLexiconEntriesMatchLookup
// draws its words from.

// token is one lower-cased word of the draft.
type token struct {
	w    string
	span extract.Span
}

// tokensOf splits text, whose words are ws, into lower-cased words without
// a possessive "'s".
func tokensOf(text string, ws []extract.Span) []token {
	lower := refASCIILower(text)
	out := make([]token, len(ws))
	for i, w := range ws {
		out[i] = token{refTrimPossessive(lower[w.Start:w.End]), w}
	}
	return out
}

func refTrimPossessive(t string) string {
	if n := len(t); n > 2 && t[n-2] == '\'' && t[n-1] == 's' {
		return t[:n-2]
	}
	return strings.TrimSuffix(t, "’s")
}

func refASCIILower(s string) string {
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

func refHasRoleWord(text string) bool {
	for _, t := range tokensOf(text, extract.Words(text)) {
		if roleWords[t.w] {
			return true
		}
	}
	return false
}

type refHit struct {
	list int
	tok  int
	span extract.Span
	text string
}

func refLexiconHits(toks []token) []refHit {
	var out []refHit
	for i := range toks {
	next:
		for _, p := range lexicon[toks[i].w] {
			if i+len(p.parts) > len(toks) {
				continue
			}
			for k := 1; k < len(p.parts); k++ {
				if toks[i+k].w != p.parts[k] {
					continue next
				}
			}
			end := toks[i+len(p.parts)-1].span.End
			out = append(out, refHit{list: p.list, tok: i, span: extract.Span{Start: toks[i].span.Start, End: end}, text: p.text})
		}
	}
	return out
}

func refStoryRiskCheck(r StoryRisk, a *Analysis) []Finding {
	text := a.Doc.Text
	toks := tokensOf(text, a.DraftWords())
	var fs []Finding
	hold := func(span extract.Span, msg string) {
		fs = append(fs, Finding{Severity: Hold, DraftSpan: [2]int{span.Start, span.End}, Message: msg})
	}
	hits := refLexiconHits(toks)
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
	if d, r, ok := refRumour(hits, toks, a.DraftSentences()); ok {
		hold(d.span, fmt.Sprintf("higher-risk topic, M&A rumour: “%s” with “%s” in one sentence", d.text, r.text))
	}
	if p := a.Market.Price; p != nil && *p > 0 && *p < r.PennyPrice {
		hold(extract.Span{Start: 0, End: len(text)}, fmt.Sprintf("penny stock: the market price $%.2f is below $%.2f", *p, r.PennyPrice))
	}
	if strings.EqualFold(strings.TrimSpace(a.Market.Exchange), "OTC") {
		hold(extract.Span{Start: 0, End: len(text)}, "OTC-listed security: listed over the counter per the market data")
	}
	for _, n := range refPrivateIndividuals(text, toks, a.DraftSentences(), refSourcesGiveRole(a)) {
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

func refTokenRange(toks []token, span extract.Span) (int, int) {
	from := sort.Search(len(toks), func(k int) bool { return toks[k].span.Start >= span.Start })
	to := sort.Search(len(toks), func(k int) bool { return toks[k].span.Start >= span.End })
	return from, to
}

func refSourcesGiveRole(a *Analysis) func(string) bool {
	return func(word string) bool {
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
				if refHasRoleWord(text[sents[k].Start:sents[k].End]) {
					return true
				}
			}
		}
		return false
	}
}

func refPrivateIndividuals(text string, toks []token, sents []extract.Sentence, sourceRole func(surname string) bool) []extract.Span {
	var ms []nameMention
	roles := make([]bool, len(sents))
	for si, s := range sents {
		from, to := refTokenRange(toks, s.Span)
		role := false
		for i := from; i < to; i++ {
			if roleWords[toks[i].w] {
				role = true
				break
			}
		}
		roles[si] = role
		for i := from; i+1 < to; i++ {
			first := text[toks[i].span.Start:toks[i].span.End]
			if !firstNames[first] {
				continue
			}
			last := text[toks[i+1].span.Start:toks[i+1].span.End]
			if toks[i+1].span.Start-toks[i].span.End != 1 || !capitalised(last) || firstNames[last] && i+2 < to && capitalised(text[toks[i+2].span.Start:toks[i+2].span.End]) {
				continue
			}
			r := role
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
	for si, s := range sents {
		if !roles[si] {
			continue
		}
		from, to := refTokenRange(toks, s.Span)
		for i := from; i < to; i++ {
			for _, m := range ms {
				if m.surname == toks[i].w {
					public[toks[i].w] = true
				}
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

func refRumour(hits []refHit, toks []token, sents []extract.Sentence) (deal, cue refHit, ok bool) {
	si := 0
	var d, r *refHit
	cur := -1
	for k := range hits {
		h := &hits[k]
		if h.list != dealList && h.list != rumourList {
			continue
		}
		for si < len(sents) {
			if _, to := refTokenRange(toks, sents[si].Span); h.tok < to {
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
	return refHit{}, refHit{}, false
}

// storyRiskCases are texts on which story.risk must behave exactly as
// the reference does: words of the lexicon and role words in every case
// and with possessives, names with and without roles, phrases cut off at
// sentence and text ends, and non-ASCII words.
var storyRiskCases = []string{
	"Acme faces a LAWSUIT. The Lawsuit's merits are unclear; the lawsuit’s too, and the LAWSUIT’S and LAWSUIT'S.",
	"Acme is in TALKS to ACQUIRE Widget. People Familiar With the matter said so.",
	"Acme is in talks. It will acquire Widget.",
	"Acme plans a takeover’S of Widget, according to sources.",
	"Acme Corp. filed for Chapter 11. Analysts said Chapter\n11 was likely. It may file for chapter",
	"A CLASS ACTION was filed. A class-action was filed. A class. Action was filed.",
	"People familiar with the matter said. Person familiar with. According to sources",
	"The stock trades OTC. The OTC's rules; otcqb and OTCQX; Over-The-Counter; OTC Markets; pink open market.",
	"Investors should buy the stock. We recommend it. Upgraded to buy. Price target’s raised. PRICE TARGETS.",
	"Local resident Mary Smith, 34, said she bought a unit. Smith’s neighbour agreed.",
	"Mary Smith said so. Chief Executive Smith said so too.",
	"Mary Smith said so. The CEO's view: SMITH's plan works.",
	"MARY SMITH said so. Mary SMITH agreed. mary Smith disagreed.",
	"Mary Smith's house was sold. Mary Smith’s Acme stake rose. Mary Smith’S car.",
	"Jane Doe of Acme said so. Mark Lee at Broker Co said so. Mark Lee, Broker's analyst, said so.",
	// one mention each, so that no other mention makes the name public
	"Mark Lee At Broker said so.",
	"Mark Lee OF Broker said so.",
	"Mark Lee of broker said so.",
	"Mark Lee of’s Broker said so.",
	"Mark Lee, Broker’s head, said so.",
	"Mark Lee’S Broker said so.",
	"Thanks to Mary",
	"- Mary\n- Smith went home.",
	"Thanks to Mary\nSmith went home. Thanks to Mary; Smith went home.",
	"James Mark Lee said so. James Mark said so. John Paul Jones said so.",
	"Zoë Smith said so. José García said so. Mary Ångström said so. Mary Éclair’s cake.",
	"Mary Smith-Jones said so. Mary O'Brien said so. Mary O’Brien’s dog barked.",
	"Mary Smithsonianinstitutionalisationistically said so; a lawsuitsuitsuitsuitsuitsuitsuit.",
	"Mary  Smith said so. Mary\nSmith said so.",
	"The ANALYST’S note: Mary Smith said so. The analysts' view. Spokesperson’s Mary Smith.",
	"İstanbul lawsuit. ﬁraud and fraud. FRAUD. Fraudulent’s. K (Kelvin sign) Kelly Smith.",
	"A's B'S I’s. a'S x’S. Alleged. ALLEGEDLY. Guilty’S",
	"He was indicted; an indictment followed, charged with fraud and charged. With nothing.",
	"Unnamed source said. Unnamed sources. UNNAMED SOURCES’s claims could not be independently verified",
	"Mary Smith, a lawyer, said so. Smith declined. Tom Jones said so. Jones, the chair, agreed.",
}

// storyRiskTexts are the drafts the equivalence tests check: the table
// above, the benchmark draft and the evaluation drafts, each with its
// sources, and every source text as a draft of its own (sources have far
// more names, titles and risk words than the drafts).
func storyRiskTexts(t *testing.T) []Input {
	t.Helper()
	var ins []Input
	add := func(text string, srcs []source.Source, m Market) {
		d, doc, err := draft.Decode([]byte(text))
		if err != nil {
			t.Fatalf("decode %.40q: %v", text, err)
		}
		ins = append(ins, Input{Draft: d, Doc: doc, Sources: srcs, Market: m, TagConfidence: TagConfidenceUnknown})
	}
	for _, c := range storyRiskCases {
		add("Acme update\n\n"+c, []source.Source{riskSource}, Market{})
	}
	srcs, text := benchTexts(t)
	add(text, srcs, Market{})
	for _, s := range srcs {
		add(s.Text, srcs, Market{})
	}
	for _, c := range loadEval(t) {
		ins = append(ins, c.input)
		for _, s := range c.input.Sources {
			add(s.Text, c.input.Sources, c.input.Market)
		}
	}
	return ins
}

// TestStoryRiskMatchesReference checks that story.risk, which folds words
// where it compares them, finds what the reference (a lower-cased copy of
// the draft and a token per word) finds: the same lexicon hits, the same
// names without a role, and the same findings.
func TestStoryRiskMatchesReference(t *testing.T) {
	r := StoryRisk{MinTagConfidence: 0.6, PennyPrice: 5}
	never := func(string) bool { return false }
	for _, in := range storyRiskTexts(t) {
		a, err := NewAnalysis(in)
		if err != nil {
			t.Fatal(err)
		}
		text, ws, sents := a.Doc.Text, a.DraftWords(), a.DraftSentences()
		name := fmt.Sprintf("%.50q", text)
		toks := tokensOf(text, ws)

		sc := scanWords(text, ws)
		var got []refHit
		for _, h := range sc.hits {
			got = append(got, refHit{list: h.list, tok: h.word, span: h.span, text: h.text})
		}
		if want := refLexiconHits(toks); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: lexicon hits\n%v\nwant\n%v", name, got, want)
		}
		var roles, names []int
		for i, tok := range toks {
			if roleWords[tok.w] {
				roles = append(roles, i)
			}
			if firstNames[text[tok.span.Start:tok.span.End]] {
				names = append(names, i)
			}
		}
		if !slices.Equal(sc.roles, roles) || !slices.Equal(sc.names, names) {
			t.Errorf("%s: role words at %v and first names at %v, want %v and %v", name, sc.roles, sc.names, roles, names)
		}
		// With no role from the sources, every name the draft gives no
		// role to is reported.
		if got, want := privateIndividuals(text, ws, sc, sents, never), refPrivateIndividuals(text, toks, sents, never); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: names without a role %v, want %v", name, got, want)
		}
		for _, s := range sents {
			st := text[s.Start:s.End]
			if got, want := hasRoleWord(st), refHasRoleWord(st); got != want {
				t.Errorf("hasRoleWord(%.50q) = %v, want %v", st, got, want)
			}
		}
		if got, want := r.Check(a), refStoryRiskCheck(r, a); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: findings%s\nwant%s", name, describeFindings(a.Doc, got), describeFindings(a.Doc, want))
		}
	}
}

// TestStoryRiskMatchesReferenceOnShuffles checks the same on drafts
// shuffled together from lexicon phrases, role words, names, possessives,
// case changes and punctuation, which the real texts hold too few of.
func TestStoryRiskMatchesReferenceOnShuffles(t *testing.T) {
	var pieces []string
	for k := range lexicon {
		pieces = append(pieces, k)
	}
	for _, t := range riskTopics {
		pieces = append(pieces, t.phrases...)
	}
	pieces = append(pieces, dealWords...)
	pieces = append(pieces, rumourWords...)
	for w := range roleWords {
		pieces = append(pieces, w)
	}
	pieces = append(pieces, "Mary", "Smith", "Jane", "Doe", "Mark", "Lee", "James", "Mark", "Zoë", "Åsa", "of", "at", "Acme",
		"said", "the", "a", "I", "x", "é", "İ", "ﬁ")
	sort.Strings(pieces) // map order varies; the shuffles must not
	cases := []func(string) string{
		func(s string) string { return s },
		strings.ToUpper,
		func(s string) string { r, n := utf8.DecodeRuneInString(s); return string(unicode.ToUpper(r)) + s[n:] },
		func(s string) string { return s + "'s" },
		func(s string) string { return s + "’s" },
		func(s string) string { return s + "'S" },
		func(s string) string { return s + "’S" },
		func(s string) string { return s + "s" },
	}
	seps := []string{" ", " ", " ", " ", "  ", ", ", ". ", "\n", ".\n\n", "; ", " (", ") ", " “", "” "}
	r := StoryRisk{MinTagConfidence: 0.6, PennyPrice: 5}
	rng := rand.New(rand.NewSource(7))
	for n := 0; n < 300; n++ {
		var b strings.Builder
		b.WriteString("Acme update\n\n")
		for k := 0; k < 5+rng.Intn(60); k++ {
			b.WriteString(cases[rng.Intn(len(cases))](pieces[rng.Intn(len(pieces))]))
			b.WriteString(seps[rng.Intn(len(seps))])
		}
		b.WriteString("end.")
		d, doc, err := draft.Decode([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		a, err := NewAnalysis(Input{Draft: d, Doc: doc, Sources: []source.Source{riskSource}, TagConfidence: TagConfidenceUnknown})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := r.Check(a), refStoryRiskCheck(r, a); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: findings%s\nwant%s", doc.Text, describeFindings(doc, got), describeFindings(doc, want))
		}
	}
}

// TestKeysAreFolded: draft words are folded before they are looked up, and
// wordKinds is marked with the keys' own hashes, so every lexicon and role
// word must be folded already (lower case, no possessive), and fit in
// foldBuf.
func TestKeysAreFolded(t *testing.T) {
	var keys []string
	for k := range lexicon {
		keys = append(keys, k)
	}
	for _, t := range riskTopics {
		for _, p := range t.phrases {
			keys = append(keys, strings.Fields(p)...)
		}
	}
	for _, ps := range [][]string{dealWords, rumourWords} {
		for _, p := range ps {
			keys = append(keys, strings.Fields(p)...)
		}
	}
	for k := range roleWords {
		keys = append(keys, k)
	}
	var buf foldBuf
	for _, k := range keys {
		if key, ok := fold(k, &buf); !ok || string(key) != k {
			t.Errorf("key %q folds to %q (fits: %v)", k, key, ok)
		}
	}
}
