package sentiment

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// builtinLexicon is the project's own finance lexicon; its header documents
// the format and every role.
//
//go:embed lexicon.txt
var builtinLexicon string

// role is a bit set of what a lexicon form does in a sentence.
type role uint32

const (
	roleMetric role = 1 << iota
	roleDir
	rolePolar
	roleMagnify
	roleNegator
	roleHedge
	roleConcession
	roleBoundary
	roleRating
	roleAnalyst
	rolePrev
	roleToward
	roleTo
	roleSign
	roleScale
	roleCurrency
	rolePercent
	roleSkip
	roleTerm
	roleQualifier
	roleIntens
)

var roleNames = map[string]role{
	"metric": roleMetric, "dir": roleDir, "polar": rolePolar, "magnify": roleMagnify,
	"negator": roleNegator, "hedge": roleHedge, "concession": roleConcession,
	"boundary": roleBoundary, "rating": roleRating, "analyst": roleAnalyst,
	"prev": rolePrev, "toward": roleToward, "to": roleTo, "sign": roleSign,
	"scale": roleScale, "currency": roleCurrency, "percent": rolePercent,
	"skip": roleSkip, "term": roleTerm, "qualifier": roleQualifier, "intens": roleIntens,
}

// entry is one lexicon form (a word or a phrase) with all its roles.
type entry struct {
	key   string // the form, lower case, words separated by one space
	roles role

	imp      float64 // metric: signed importance (up is good when > 0)
	alone    float64 // metric: weight when nothing else is attached
	facility bool    // metric: a plant or store, moved only by fac words
	dir      float64 // dir: +1 up, -1 down
	dirW     float64 // dir: weight when no metric is found
	strength float64 // dir: multiplier of the paired metric's importance
	expect   bool    // dir: measured against a forecast (beat, miss)
	fwdOnly  bool    // dir: only looks for its object after it
	needFig  bool    // dir: counts only before a figure ("advanced 4 %")
	fac      bool    // dir: can move a facility ("closed its mill")
	cmp      bool    // dir: "more"/"less", only after a figure or before "than"
	analyst  bool    // polar: only with an analyst or rating word around
	need     bool    // magnify: nothing without a metric
	intens   float64 // intens: multiplier of an unpaired direction word
	cur      float64 // currency: code telling currencies apart
	polar    float64 // polar: signed weight
	magnify  float64 // magnify: signed weight
	negDet   bool    // negator: denies the existence of what follows ("no")
	negPolar float64 // negator: weight of the negator itself ("failed to")
	hedge    float64 // hedge: clause multiplier
	concede  float64 // concession: phrase multiplier
	emph     float64 // boundary: weight of the clause that follows
	rating   float64 // rating: analyst rating value
	sign     float64 // sign: sign given to the next figure
	scale    float64 // scale: multiplier of the figure before it

	// phrases are the longer forms starting with this word, longest first.
	phrases []*phrase
}

// phrase is a form of several words.
type phrase struct {
	rest []string // the words after the first
	e    *entry
}

// lexicon is the parsed, immutable word and phrase table.
type lexicon struct {
	// words maps the first (or only) word of every form to its entry. An
	// entry with roles == 0 only carries phrases.
	words map[string]*entry
	size  int // number of forms
}

// section is the role and parameters a section header gives its forms.
type section struct {
	role   role
	params entry
}

// parseLexicon parses the lexicon format documented in lexicon.txt. name
// is used in error messages.
func parseLexicon(name, text string) (*lexicon, error) {
	lx := &lexicon{words: map[string]*entry{}}
	forms := map[string]*entry{}
	var sec *section
	for i, line := range strings.Split(text, "\n") {
		lineNo := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "@") {
			s, err := parseSection(line[1:])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, lineNo, err)
			}
			sec = &s
			continue
		}
		if sec == nil {
			return nil, fmt.Errorf("%s:%d: forms before the first @section header", name, lineNo)
		}
		for _, raw := range strings.Split(line, ",") {
			raw = strings.TrimSpace(raw)
			if raw == "" {
				continue
			}
			expanded, err := expandForm(raw)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, lineNo, err)
			}
			for _, form := range expanded {
				if err := lx.add(forms, form, sec); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", name, lineNo, err)
				}
			}
		}
	}
	for _, e := range lx.words {
		sortPhrases(e.phrases)
	}
	lx.size = len(forms)
	return lx, nil
}

// parseSection reads "role key=value flag ...".
func parseSection(s string) (section, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return section{}, fmt.Errorf("empty section header")
	}
	r, ok := roleNames[fields[0]]
	if !ok {
		return section{}, fmt.Errorf("unknown role %q", fields[0])
	}
	sec := section{role: r, params: entry{strength: 1}}
	p := &sec.params
	for _, f := range fields[1:] {
		k, v, hasValue := strings.Cut(f, "=")
		var num float64
		if hasValue {
			var err error
			if num, err = strconv.ParseFloat(v, 64); err != nil {
				return section{}, fmt.Errorf("parameter %s: %w", f, err)
			}
		}
		switch {
		case k == "up" && !hasValue && r == roleDir:
			p.dir = 1
		case k == "down" && !hasValue && r == roleDir:
			p.dir = -1
		case k == "expect" && !hasValue && r == roleDir:
			p.expect = true
		case k == "fwd" && !hasValue && r == roleDir:
			p.fwdOnly = true
		case k == "det" && !hasValue && r == roleNegator:
			p.negDet = true
		case k == "fac" && !hasValue && r == roleMetric:
			p.facility = true
		case k == "fac" && !hasValue && r == roleDir:
			p.fac = true
		case k == "fig" && !hasValue && r == roleDir:
			p.needFig = true
		case k == "cmp" && !hasValue && r == roleDir:
			p.cmp = true
		case k == "analyst" && !hasValue && r == rolePolar:
			p.analyst = true
		case k == "need" && !hasValue && r == roleMagnify:
			p.need = true
		case k == "imp" && hasValue && r == roleMetric:
			p.imp = num
		case k == "alone" && hasValue && r == roleMetric:
			p.alone = num
		case k == "s" && hasValue && r == roleDir:
			p.strength = num
		case k == "w" && hasValue:
			switch r {
			case roleDir:
				p.dirW = num
			case rolePolar:
				p.polar = num
			case roleMagnify:
				p.magnify = num
			case roleNegator:
				p.negPolar = num
			case roleHedge:
				p.hedge = num
			case roleConcession:
				p.concede = num
			case roleBoundary:
				p.emph = num
			case roleRating:
				p.rating = num
			case roleSign:
				p.sign = num
			case roleScale:
				p.scale = num
			case roleIntens:
				p.intens = num
			case roleCurrency:
				p.cur = num
			default:
				return section{}, fmt.Errorf("role %s takes no weight", fields[0])
			}
		default:
			return section{}, fmt.Errorf("parameter %q does not apply to role %s", f, fields[0])
		}
	}
	if r == roleDir && p.dir == 0 {
		return section{}, fmt.Errorf("dir section needs up or down")
	}
	return sec, nil
}

// expandForm applies the inflection shorthand of the last word.
func expandForm(raw string) ([]string, error) {
	words := strings.Fields(strings.ToLower(raw))
	last := words[len(words)-1]
	stem, suffix, ok := strings.Cut(last, "/")
	if !ok {
		return []string{strings.Join(words, " ")}, nil
	}
	if stem == "" {
		return nil, fmt.Errorf("form %q: empty stem", raw)
	}
	var variants []string
	switch suffix {
	case "s":
		variants = []string{stem, stem + "s"}
	case "es":
		variants = []string{stem, stem + "es"}
	case "d":
		variants = []string{stem, stem + "d"}
	case "v":
		variants = verbForms(stem)
	default:
		return nil, fmt.Errorf("form %q: unknown inflection /%s (want /s, /es, /d or /v)", raw, suffix)
	}
	prefix := strings.Join(words[:len(words)-1], " ")
	out := make([]string, len(variants))
	for i, v := range variants {
		if prefix != "" {
			v = prefix + " " + v
		}
		out[i] = v
	}
	return out, nil
}

// verbForms returns the regular inflections of a verb.
func verbForms(v string) []string {
	switch {
	case strings.HasSuffix(v, "e"):
		return []string{v, v + "s", v + "d", v[:len(v)-1] + "ing"}
	case strings.HasSuffix(v, "y") && len(v) > 1 && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		return []string{v, v[:len(v)-1] + "ies", v[:len(v)-1] + "ied", v + "ing"}
	case strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "ss") || strings.HasSuffix(v, "x"):
		return []string{v, v + "es", v + "ed", v + "ing"}
	}
	return []string{v, v + "s", v + "ed", v + "ing"}
}

// add merges one form with the section's role into the table.
func (lx *lexicon) add(forms map[string]*entry, form string, sec *section) error {
	e := forms[form]
	if e == nil {
		e = &entry{key: form, strength: 1}
		forms[form] = e
		words := strings.Split(form, " ")
		if len(words) == 1 {
			if head := lx.words[form]; head != nil {
				// A phrase-only head entry exists already: take it over.
				e = head
				e.key = form
				forms[form] = e
			} else {
				lx.words[form] = e
			}
		} else {
			head := lx.words[words[0]]
			if head == nil {
				head = &entry{key: words[0], strength: 1}
				lx.words[words[0]] = head
			}
			head.phrases = append(head.phrases, &phrase{rest: words[1:], e: e})
		}
	}
	if e.roles&sec.role != 0 && !sameParams(e, &sec.params, sec.role) {
		return fmt.Errorf("form %q has role %s twice with different parameters", form, roleName(sec.role))
	}
	e.roles |= sec.role
	p := &sec.params
	switch sec.role {
	case roleMetric:
		e.imp, e.alone, e.facility = p.imp, p.alone, p.facility
	case roleDir:
		e.dir, e.dirW, e.strength, e.expect, e.fwdOnly = p.dir, p.dirW, p.strength, p.expect, p.fwdOnly
		e.needFig, e.fac, e.cmp = p.needFig, p.fac, p.cmp
	case rolePolar:
		e.polar, e.analyst = p.polar, p.analyst
	case roleMagnify:
		e.magnify, e.need = p.magnify, p.need
	case roleIntens:
		e.intens = p.intens
	case roleCurrency:
		e.cur = p.cur
	case roleNegator:
		e.negDet, e.negPolar = p.negDet, p.negPolar
	case roleHedge:
		e.hedge = p.hedge
	case roleConcession:
		e.concede = p.concede
	case roleBoundary:
		e.emph = p.emph
	case roleRating:
		e.rating = p.rating
	case roleSign:
		e.sign = p.sign
	case roleScale:
		e.scale = p.scale
	}
	return nil
}

// sameParams reports whether e already holds the parameters p gives role r.
func sameParams(e, p *entry, r role) bool {
	switch r {
	case roleMetric:
		return e.imp == p.imp && e.alone == p.alone && e.facility == p.facility
	case roleDir:
		return e.dir == p.dir && e.dirW == p.dirW && e.strength == p.strength && e.expect == p.expect &&
			e.fwdOnly == p.fwdOnly && e.needFig == p.needFig && e.fac == p.fac && e.cmp == p.cmp
	case rolePolar:
		return e.polar == p.polar && e.analyst == p.analyst
	case roleMagnify:
		return e.magnify == p.magnify && e.need == p.need
	case roleIntens:
		return e.intens == p.intens
	case roleCurrency:
		return e.cur == p.cur
	case roleNegator:
		return e.negDet == p.negDet && e.negPolar == p.negPolar
	case roleHedge:
		return e.hedge == p.hedge
	case roleConcession:
		return e.concede == p.concede
	case roleBoundary:
		return e.emph == p.emph
	case roleRating:
		return e.rating == p.rating
	case roleSign:
		return e.sign == p.sign
	case roleScale:
		return e.scale == p.scale
	}
	return true
}

func roleName(r role) string {
	for n, x := range roleNames {
		if x == r {
			return n
		}
	}
	return "?"
}

// sortPhrases orders phrases longest first (stable by insertion otherwise).
func sortPhrases(ps []*phrase) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && len(ps[j].rest) > len(ps[j-1].rest); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}
