package tagger

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"alphadesk/internal/market"
)

// formKind orders the sources of a name form by authority: when two
// companies claim the same form, the more authoritative source wins, and a
// tie drops the form.
type formKind uint8

const (
	kindCurated formKind = iota // Security.Name or an alias
	kindLegal                   // the whole legal name, legal suffix included ("Target Corp")
	kindShort                   // the legal name without its legal suffix ("Target")
	kindStem                    // without descriptors too ("Agilent", "Meta")
)

// level is how much context a form needs before it names the company.
type level uint8

const (
	// plain forms are distinctive ("Microsoft", "Bank of America Corp").
	plain level = iota
	// phrase forms are made only of everyday words ("Public Storage",
	// "General Motors"): a proper noun in a normal sentence, but in a title-
	// case or all-caps line they need company context.
	phrase
	// ambiguous forms are one everyday word ("Apple", "Target"): they always
	// need company context.
	ambiguous
	// everyday forms are one word, made from a legal name, that is also an
	// English word or a common given name, surname or place ("News" from
	// "News Corp", "Harrison"): nobody vetted them, so they need more than a
	// company word nearby.
	everyday
)

// caseRule says how a word of a form may be written in the text.
type caseRule uint8

const (
	anyCase    caseRule = iota // function words, lower-case brand spellings ("eBay")
	firstUpper                 // capitalised or all caps
	allUpper                   // an acronym: all caps ("IBM", "AT&T")
)

// form is one matchable spelling of a company's name.
type form struct {
	company int32
	key     string // folded words joined by spaces
	rules   []caseRule
	via     Via
	kind    formKind
	level   level

	// Set by New once the forms are final, so that matching reads them
	// from the form itself rather than from three more tables. New then
	// drops key, and rules when caseBits hold them all.
	listing  int32  // the company's primary listing, which mentions count for
	nwords   int32  // len(rules)
	caseBits uint64 // rules[k] in bits 2k and 2k+1, for the first 32 words
	trap     *trap  // the words that make the name an everyday word, or nil
}

// rule returns how word k of the form may be written.
func (f *form) rule(k int) caseRule {
	if k < 32 {
		return caseRule(f.caseBits >> (2 * k) & 3)
	}
	return f.rules[k]
}

// lex holds the word lists as sets.
type lex struct {
	words, rare, proper, abbrev, function, legal, descriptor, fund, reit map[string]bool
	ambiguous, generic, cue, shareCue, exchange, determiner              map[string]bool
	ric                                                                  map[string]bool
}

func newLex() *lex {
	l := &lex{
		words:      parseWords(wordsTxt),
		rare:       parseWords(rareTxt),
		proper:     parseWords(properTxt),
		abbrev:     setOf(abbreviations),
		function:   setOf(functionWords),
		legal:      setOf(legalSuffixes),
		descriptor: setOf(descriptors),
		fund:       setOf(fundWords),
		reit:       setOf(reitWords),
		ambiguous:  setOf(ambiguousNames),
		generic:    setOf(genericNames),
		cue:        setOf(cueWords),
		shareCue:   setOf(shareCues),
		exchange:   map[string]bool{},
		ric:        setOf(ricSuffixes),
		determiner: setOf(determiners),
	}
	for w := range setOf(financeWords) {
		l.words[w] = true
	}
	for _, e := range strings.Fields(exchangeNames) {
		l.exchange[e] = true
	}
	return l
}

// isWord reports whether a folded token is an everyday English word.
func (l *lex) isWord(w string) bool { return l.words[w] }

// cleanLegalName removes what is not part of the name from a registrant's
// name: state-of-incorporation tags ("/DE/", "\DE\"), listing notes ("/ADR"),
// parentheses, and a " - Common Stock" style issue description.
func cleanLegalName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " - "); i > 0 {
		s = s[:i]
	}
	// Drop parenthesised parts.
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + " " + s[i+j+1:]
	}
	// Drop trailing slash tags: "/DE/", "\DE\", "/ADR", "/NEW/".
	for {
		t := strings.TrimRight(s, " ")
		t = strings.TrimRight(t, "/\\")
		i := strings.LastIndexAny(t, "/\\")
		if i < 0 {
			break
		}
		tag := strings.TrimSpace(t[i+1:])
		if len(tag) == 0 || len(tag) > 6 || strings.ContainsAny(tag, " ") {
			break
		}
		s = t[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}

// isPeriodLabel reports whether a token is a reporting-period label (Q2, H1,
// FY2026, 1Q26, 2H25, CY24, Q3FY25), never a ticker or a name.
func isPeriodLabel(w string) bool {
	u := strings.ToUpper(w)
	digits := func(s string) bool {
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	switch {
	case len(u) >= 2 && (u[0] == 'Q' && u[1] >= '1' && u[1] <= '4' || u[0] == 'H' && (u[1] == '1' || u[1] == '2')):
		rest := u[2:]
		rest = strings.TrimPrefix(rest, "FY")
		return rest == "" || digits(rest)
	case strings.HasPrefix(u, "FY") || strings.HasPrefix(u, "CY"):
		return len(u) == 2 || digits(u[2:])
	case len(u) >= 2 && u[0] >= '1' && u[0] <= '4' && (u[1] == 'Q' || u[1] == 'H'):
		return len(u) == 2 || digits(u[2:]) || strings.HasPrefix(u[2:], "FY") && (len(u) == 4 || digits(u[4:]))
	}
	return false
}

// caseRules decides how each word of a name may be written. A name written
// all in capitals (as the SEC writes most) says nothing about case, so its
// words need only start with a capital.
func (l *lex) caseRules(words []string, mixedSource bool) []caseRule {
	rules := make([]caseRule, len(words))
	for i, w := range words {
		f := fold(w)
		switch {
		case l.function[f] || l.legal[f]:
			rules[i] = anyCase
		case len(words) == 1 && letterCount(w) == 2:
			rules[i] = allUpper
		case !mixedSource:
			rules[i] = firstUpper
		default:
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsLower(r):
				rules[i] = anyCase
			case letterCount(w) >= 2 && isAllUpper(w):
				rules[i] = allUpper
			default:
				rules[i] = firstUpper
			}
		}
	}
	return rules
}

func letterCount(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func isAllUpper(w string) bool {
	has := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			has = true
		}
	}
	return has
}

// mixedCase reports whether a name is written in mixed case: at least half
// of its words of two or more letters have a lower-case letter.
func mixedCase(words []string) bool {
	n, mixed := 0, 0
	for _, w := range words {
		if letterCount(w) < 2 {
			continue
		}
		n++
		for _, r := range w {
			if unicode.IsLower(r) {
				mixed++
				break
			}
		}
	}
	return n > 0 && 2*mixed >= n
}

// isFund reports whether a security is a fund, trust or similar vehicle
// whose name is not matched in text.
func (l *lex) isFund(s market.Security) bool {
	if s.ETF {
		return true
	}
	words := splitWords(cleanLegalName(s.LegalName))
	if len(words) == 0 {
		return false
	}
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = fold(w)
		if l.fund[folded[i]] {
			return true
		}
	}
	// "SPDR Gold Trust", "Permian Basin Royalty Trust" are vehicles; "Northern
	// Trust Corp" and "Federal Realty Investment Trust" are companies.
	last := folded[len(folded)-1]
	if last == "trust" || last == "tr" {
		for _, f := range folded {
			if l.reit[f] {
				return false
			}
		}
		return true
	}
	return false
}

// stripLegal drops trailing legal suffixes ("Inc", "Corp", "L.P.") and a
// leading "The". It returns the words left.
func (l *lex) stripLegal(words []string) []string {
	for len(words) > 1 && fold(words[0]) == "the" {
		words = words[1:]
	}
	for len(words) > 1 {
		n := len(words)
		last := fold(words[n-1])
		if l.legal[last] {
			words = words[:n-1]
			continue
		}
		// Dotted abbreviations split into letters: L.P., S.A., N.V., S.p.A., A/S.
		if n > 2 && len(last) == 1 {
			pair := fold(words[n-2]) + last
			if n > 3 && len(fold(words[n-3])) == 1 && l.legal[fold(words[n-3])+pair] {
				words = words[:n-3]
				continue
			}
			if l.legal[pair] {
				words = words[:n-2]
				continue
			}
		}
		break
	}
	return words
}

// formsOf returns the name forms of one security: its curated name and
// aliases, its whole legal name, the legal name without suffix, and shorter
// stems without descriptors. Funds have none.
func (l *lex) formsOf(s market.Security, company int32) []form {
	if l.isFund(s) {
		return nil
	}
	var out []form
	add := func(words []string, via Via, kind formKind, mixed bool) {
		f, ok := l.newForm(words, via, kind, mixed)
		if ok {
			f.company = company
			out = append(out, f)
		}
	}
	for _, n := range append([]string{s.Name}, s.Aliases...) {
		if strings.TrimSpace(n) == "" {
			continue
		}
		via := ViaAlias
		if n == s.Name {
			via = ViaName
		}
		words := splitWords(n)
		mixed := mixedCase(words)
		add(words, via, kindCurated, mixed)
		if short := l.stripLegal(words); len(short) < len(words) {
			// "Southern Co." is curated; "Southern" is only its short form.
			add(short, via, kindShort, mixed)
		}
	}
	legal := splitWords(cleanLegalName(s.LegalName))
	if len(legal) == 0 {
		return out
	}
	mixed := mixedCase(legal)
	add(legal, ViaName, kindLegal, mixed)
	short := l.stripLegal(legal)
	if len(short) < len(legal) {
		add(short, ViaName, kindShort, mixed)
	}
	if n := len(short); n >= 2 {
		if abbr, ok := shortened[fold(short[n-1])]; ok {
			add(append(slices.Clone(short[:n-1]), abbr), ViaName, kindShort, mixed)
		}
	}
	for stem := short; len(stem) > 1 && l.descriptor[fold(stem[len(stem)-1])]; {
		stem = l.stripLegal(stem[:len(stem)-1])
		add(stem, ViaName, kindStem, mixed)
	}
	return out
}

// newForm checks one candidate spelling and classifies it.
func (l *lex) newForm(words []string, via Via, kind formKind, mixed bool) (form, bool) {
	if len(words) == 0 {
		return form{}, false
	}
	folded := make([]string, len(words))
	letters, content := 0, 0
	for i, w := range words {
		folded[i] = fold(w)
		letters += letterCount(w)
		if !l.function[folded[i]] && !l.legal[folded[i]] {
			content++
		}
	}
	if letters < 2 || content == 0 {
		return form{}, false
	}
	f := form{
		key:   strings.Join(folded, " "),
		rules: l.caseRules(words, mixed),
		via:   via,
		kind:  kind,
	}
	// An initialism ("U.S." from "U.S. Bancorp") is judged as one word.
	single, initialism := folded[0], len(words) > 1
	for _, w := range folded {
		if len(w) != 1 {
			initialism = false
		}
	}
	if initialism {
		single = strings.Join(folded, "")
		if l.abbrev[single] || l.isWord(single) {
			return form{}, false
		}
		if slices.Contains(ambiguousForms, f.key) {
			f.level = ambiguous
		}
		return f, true
	}
	if len(words) == 1 {
		w := single
		switch {
		case isPeriodLabel(w) || l.abbrev[w] && kind != kindCurated || letterCount(w) == 0:
			return form{}, false
		case l.ambiguous[w]:
			f.level = ambiguous
		case l.generic[w] && kind != kindCurated:
			return form{}, false
		case kind == kindCurated:
			if l.generic[w] || l.isWord(w) {
				f.level = ambiguous
			}
			if letterCount(w) >= 2 && isAllUpper(words[0]) {
				f.rules[0] = allUpper // a curated acronym: "UPS", not "Ups"
			}
		case l.isWord(w) || l.rare[w] || l.proper[w]:
			// A word, a rarer word or a given name, surname or place made
			// from a legal name ("News Corp" is "News"): trusted only as the
			// whole short name, and then only with strong support.
			if kind == kindStem {
				return form{}, false
			}
			f.level = everyday
		case kind == kindStem && letterCount(w) <= 2:
			return form{}, false // "BK" from "BK Technologies"
		case !mixed && len(w) <= 4:
			// A short upper-case name ("TIM S.A.") is an acronym: "TIM",
			// not the given name "Tim".
			f.rules[0] = allUpper
		}
		return f, true
	}
	if kind == kindLegal {
		return f, true
	}
	// A name made only of everyday words is a phrase; three or more content
	// words ("Advance Auto Parts") are distinctive enough as they are.
	everydayWords := true
	for _, w := range folded {
		if !l.function[w] && !l.isWord(w) && !l.generic[w] {
			everydayWords = false
			break
		}
	}
	if everydayWords && content < 3 {
		f.level = phrase
	}
	if slices.Contains(ambiguousForms, f.key) {
		f.level = ambiguous
	}
	return f, true
}
