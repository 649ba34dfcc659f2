package sentiment

// The rule engine. A sentence is tokenised once, its tokens are matched
// against the lexicon (longest phrase first) into units, and the units are
// annotated: figures with their unit, scale and currency; clauses (split at
// ";", spaced dashes, "but", "while", and around concessive phrases);
// hedge and emphasis factors; negation scopes; metrics that name an
// earlier figure ("from a loss") or qualify another ("excluding
// restructuring costs"). Then each rule family proposes candidate cues, in
// this order, each claiming the metric it uses so a figure is not counted
// twice:
//
//  1. swings and directions: "swung to a loss", "operating profit rose",
//     "cut costs", "beat estimates" (the object after the word first, then
//     the subject before it, within the clause; a facility only for
//     open/close words; "down from a profit" after a loss is a swing);
//  2. comparisons of two figures for a metric no direction word claimed,
//     in the same currency ("EUR 30 mn ( USD 38.7 mn )" is a conversion);
//  3. negative figures ("cash flow was negative EUR 12 mn");
//  4. magnifiers, polar words, metrics that are news alone ("net loss"),
//     denied metrics ("no dividend"), analyst ratings, user-lexicon words.
//
// Finally negation flips the cues whose deciding word is in a negator's
// scope (the next four units, within the clause and before a comma; when
// nothing is there, the nearest cue just before it: "the recovery did not
// materialise"), hedges, emphasis and concessions scale them, and the sum
// is squashed to (-1, 1).

const (
	negFlip      = -0.8 // a negated cue keeps most of its weight, sign flipped
	negScope     = 4    // units after a negator that it covers
	backNegReach = 6    // units before a negator it may reach when its scope is empty
	fwdSkip      = 8    // units a direction word may look past for its object
	backReach    = 16   // units a direction word may look back for its subject
	towardReach  = 6    // units a swing verb may look ahead for "to"/"into"
	absenceW     = 0.7  // weight of a denied metric ("no dividend") per importance
	negFigureW   = 0.8  // weight of a negative figure per importance
	questionW    = 0.25 // questions are hedged like "may"
	figureBoost  = 2.0  // an unpaired direction next to a figure ("rose 4 %")
)

// figKind is what a figure measures.
type figKind uint8

const (
	figPlain figKind = iota
	figMoney
	figPercent
	figYear
)

// unit is a token or a matched phrase with its annotations.
type unit struct {
	start, end int32 // byte offsets in the sentence (the whole phrase)
	lo, hi     int32 // lower-cased head word in scratch.buf
	kind       tokKind
	ch         byte
	sign       int8
	hyphen     bool
	e          *entry // nil for words the lexicon does not know
	val        float64
	mult       float64 // figures: scale word multiplier, 0 when none
	cur        float64 // figures: currency code, 0 when none
	fig        figKind
	clause     int32
	factor     float64 // hedge, emphasis and concession multiplier
	negBy      int32   // the negator whose scope holds this unit, or -1
	claimed    bool    // metric used by a cue
	past       bool    // metric naming an earlier figure or qualifying another
	used       bool    // consumed by another rule (sign words, compared figures)
	dirFwd     bool    // direction word that found its object after it
	negHit     bool    // negator that flipped something
}

// cand is a candidate cue before negation and scaling.
type cand struct {
	cue       Cue
	anchor    int32 // the unit whose negation and factor apply
	negatable bool
}

// scratch holds the reusable buffers of one analysis.
type scratch struct {
	text  string
	toks  []token
	buf   []byte
	units []unit
	cands []cand
	spans []Span
}

func (x *unit) has(r role) bool     { return x.e != nil && x.e.roles&r != 0 }
func (x *unit) isMetric() bool      { return x.e != nil && x.e.roles&roleMetric != 0 }
func (x *unit) isPunct(c byte) bool { return x.kind == tokPunct && x.ch == c }
func (x *unit) isCurrency() bool {
	return x.kind == tokPunct && isCurrencyMark(x.ch) || x.has(roleCurrency)
}

// isMetricFor reports whether unit x is a metric a word may take: words
// that open or close (fac) take only facilities ("closed its mill", not
// "the closing price"), other words never take a facility.
func (x *unit) isMetricFor(fac bool) bool {
	return x.isMetric() && !x.past && fac == x.e.facility
}

// analyze scores the sentence s; base is added to cue offsets.
func (m *Model) analyze(sc *scratch, s string, base int, dst []Cue) (float64, []Cue) {
	sc.text = s
	sc.toks, sc.buf = tokenize(sc.toks[:0], sc.buf[:0], s)
	if m.user != nil && m.mode == LexiconBaseline {
		return m.baseline(sc, base, dst)
	}
	m.match(sc)
	sc.cands = sc.cands[:0]
	sc.figures()
	global := m.structure(sc)
	sc.signWords()
	sc.markPast()
	sc.directions()
	sc.comparisons()
	sc.negativeFigures()
	m.words(sc)
	sc.finish()
	total := 0.0
	from := len(dst)
	for i := range sc.cands {
		c := &sc.cands[i]
		c.cue.Weight *= global
		if c.cue.Weight == 0 {
			continue
		}
		c.cue.Start += base
		c.cue.End += base
		total += c.cue.Weight
		// Keep the cues in text order.
		dst = append(dst, c.cue)
		for j := len(dst) - 1; j > from && dst[j].Start < dst[j-1].Start; j-- {
			dst[j], dst[j-1] = dst[j-1], dst[j]
		}
	}
	return squash(total), dst
}

// match turns tokens into units, matching lexicon phrases longest first.
func (m *Model) match(sc *scratch) {
	toks, buf := sc.toks, sc.buf
	units := sc.units[:0]
	for i := 0; i < len(toks); {
		t := &toks[i]
		u := unit{start: t.start, end: t.end, lo: t.lo, hi: t.hi, kind: t.kind, ch: t.ch,
			sign: t.sign, hyphen: t.hyphen, val: t.val, negBy: -1}
		n := 1
		if t.kind == tokWord {
			w := buf[t.lo:t.hi]
			e := m.lex.words[string(w)]
			if e == nil && isPossessive(w) {
				e = m.lex.words[string(w[:len(w)-2])]
			}
			if e != nil {
				best := e
				for _, p := range e.phrases {
					if phraseAt(toks, buf, i+1, p.rest) {
						best, n = p.e, 1+len(p.rest)
						break
					}
				}
				if best.roles != 0 {
					u.e = best
				}
				u.end = toks[i+n-1].end
			}
		}
		units = append(units, u)
		i += n
	}
	sc.units = units
}

func isPossessive(w []byte) bool {
	return len(w) > 2 && w[len(w)-2] == '\'' && w[len(w)-1] == 's'
}

// phraseAt reports whether the words of rest follow at toks[i:].
func phraseAt(toks []token, buf []byte, i int, rest []string) bool {
	if i+len(rest) > len(toks) {
		return false
	}
	for k, w := range rest {
		t := &toks[i+k]
		if t.kind != tokWord || string(buf[t.lo:t.hi]) != w {
			return false
		}
	}
	return true
}

// word returns the lower-cased head word of unit k.
func (sc *scratch) word(k int) []byte { return sc.buf[sc.units[k].lo:sc.units[k].hi] }

func (sc *scratch) isWord(k int, w string) bool {
	return k >= 0 && k < len(sc.units) && sc.units[k].kind == tokWord && string(sc.word(k)) == w
}

// figures annotates numbers with their unit, scale and currency, and spots
// years.
func (sc *scratch) figures() {
	u := sc.units
	for i := range u {
		x := &u[i]
		if x.kind != tokNum {
			continue
		}
		if i > 0 && u[i-1].isCurrency() {
			x.cur = currencyOf(&u[i-1])
		}
		j := i + 1
		if j < len(u) && u[j].has(roleScale) {
			x.mult = u[j].e.scale
			j++
		}
		if j < len(u) && u[j].isCurrency() && x.cur == 0 {
			x.cur = currencyOf(&u[j])
		}
		switch {
		case i+1 < len(u) && (u[i+1].isPunct('%') || u[i+1].has(rolePercent)):
			x.fig = figPercent
		case x.cur != 0 || x.mult != 0:
			x.fig = figMoney
		case x.sign == 0 && x.val >= 1900 && x.val <= 2100 && x.val == float64(int(x.val)) && x.end-x.start == 4:
			x.fig = figYear
		}
	}
}

func currencyOf(x *unit) float64 {
	if x.kind == tokPunct {
		return currencyCode(x.ch)
	}
	return x.e.cur
}

// structure assigns clauses, hedge/emphasis/concession factors and
// negation scopes; it returns the factor for the whole sentence (questions
// are hedged).
func (m *Model) structure(sc *scratch) float64 {
	u := sc.units
	clause := int32(0)
	hedge, concede, emph := 1.0, 1.0, 1.0
	inConcession := false
	global := 1.0
	for i := range u {
		x := &u[i]
		switch {
		case x.kind == tokPunct && (x.ch == ';' || x.ch == '?' || x.ch == '!' || x.ch == chDash):
			clause++
			hedge, emph, inConcession = 1, 1, false
			if x.ch == '?' {
				global = questionW
			}
		case x.isPunct(',') && inConcession:
			clause++
			hedge, inConcession = 1, false
		case x.has(roleBoundary):
			clause++
			hedge, emph, inConcession = 1, x.e.emph, false
		case x.has(roleConcession):
			clause++
			hedge, emph, inConcession, concede = 1, 1, true, x.e.concede
		}
		x.clause = clause
		x.factor = hedge * emph
		if inConcession {
			x.factor *= concede
		}
		switch {
		case x.has(roleHedge):
			if !sc.isMonth(i) {
				hedge *= x.e.hedge
			}
		case x.e == nil && x.kind == tokWord && m.user != nil:
			if c := m.user.lookup(sc.word(i)); c.cat&(CatUncertainty|CatWeakModal) != 0 {
				hedge *= 0.7
			}
		}
	}
	for i := range u {
		if !u[i].has(roleNegator) {
			continue
		}
		for k, n := i+1, 0; k < len(u) && n < negScope; k, n = k+1, n+1 {
			if u[k].clause != u[i].clause || u[k].isPunct(',') {
				break
			}
			u[k].negBy = int32(i)
		}
	}
	return global
}

// isMonth reports whether the hedge word at i is the month "May": next to
// a figure, or capitalised inside the sentence.
func (sc *scratch) isMonth(i int) bool {
	u := sc.units
	if !sc.isWord(i, "may") {
		return false
	}
	if i > 0 && u[i-1].kind == tokNum || i+1 < len(u) && u[i+1].kind == tokNum {
		return true
	}
	return i > 0 && sc.text[u[i].start] == 'M'
}

// signWords gives "negative EUR 2 mn" its sign and consumes the word.
func (sc *scratch) signWords() {
	u := sc.units
	for i := range u {
		if !u[i].has(roleSign) {
			continue
		}
		for k := i + 1; k < len(u) && k <= i+3; k++ {
			if u[k].kind == tokNum {
				if u[k].fig != figYear {
					if u[k].val > 0 && u[i].e.sign < 0 || u[k].val < 0 && u[i].e.sign > 0 {
						u[k].val = -u[k].val
					}
					u[i].used = true
				}
				break
			}
			if !u[k].isCurrency() && !sc.isWord(k, "at") && !sc.isWord(k, "of") && !sc.isWord(k, "a") {
				break
			}
		}
	}
}

// markPast marks metrics that do not take a direction of their own: those
// after a comparison marker, before or right after its figure ("from a
// loss", "from EUR 0.3 mn loss", "than the loss"), and those after a
// qualifier ("excluding restructuring costs").
func (sc *scratch) markPast() {
	u := sc.units
	for i := range u {
		prev, qual := sc.isMarker(i), u[i].has(roleQualifier)
		if !prev && !qual {
			continue
		}
		for k := i + 1; k < len(u) && k <= i+6 && u[k].clause == u[i].clause; k++ {
			if u[k].isMetric() {
				u[k].past = true
				break
			}
			if qual && k > i+3 {
				break
			}
			if u[k].kind == tokNum && prev {
				// A metric right after the earlier figure: "EUR 0.3 mn loss".
				j := k + 1
				for j < len(u) && j <= k+2 && (u[j].has(roleScale) || u[j].isCurrency()) {
					j++
				}
				if j < len(u) && u[j].isMetric() {
					u[j].past = true
				}
				break
			}
			if !u[k].has(roleSkip) && !u[k].isCurrency() && !u[k].has(roleSign) {
				break
			}
		}
	}
}

// isMarker reports whether unit p introduces an earlier figure. "than"
// does only after a comparative word and not as a quantity ("smaller than
// the loss", not "more than 20 countries").
func (sc *scratch) isMarker(p int) bool {
	u := sc.units
	if !u[p].has(rolePrev) {
		return false
	}
	if !sc.isWord(p, "than") {
		return true
	}
	if p == 0 || !u[p-1].has(roleDir) {
		return false
	}
	return !u[p-1].e.cmp || p+1 < len(u) && u[p+1].kind != tokNum && !u[p+1].isCurrency()
}

// skippable reports whether a direction word may look past unit k for its
// object: figures, units, function words, unknown compounds ("five-year")
// and possessives ("Nordvik's", "'s").
func (sc *scratch) skippable(k int) bool {
	x := &sc.units[k]
	switch x.kind {
	case tokNum:
		return true
	case tokPunct:
		return x.ch == '%' || isCurrencyMark(x.ch)
	}
	if x.e != nil {
		return x.e.roles&(roleSkip|roleScale|roleCurrency|rolePercent) != 0
	}
	if x.hyphen {
		return true
	}
	w := sc.word(k)
	return isPossessive(w) || string(w) == "'s"
}

// forwardMetric finds the object of the direction word at i: the first
// metric after it past skippable units. It returns the first and the last
// metric of a compound ("sales forecast": the head is "forecast"). One
// unknown word may stand before the object ("a rise in beer sales"), or
// three for words that only take an object ("lands $600 million cruise
// ship order"); a name with "'s" does not count.
func (sc *scratch) forwardMetric(i int) (first, head int) {
	u := sc.units
	e := u[i].e
	unknownMax := 1
	if e.fwdOnly {
		unknownMax = 3
	}
	skipped, unknown := 0, 0
	for k := i + 1; k < len(u) && u[k].clause == u[i].clause; k++ {
		if u[k].isMetricFor(e.fac) {
			first = k
			for k+1 < len(u) && u[k+1].isMetricFor(e.fac) && u[k+1].clause == u[i].clause {
				k++
			}
			return first, k
		}
		if skipped >= fwdSkip {
			return -1, -1
		}
		skipped++
		if sc.skippable(k) {
			continue
		}
		if u[k].e != nil || u[k].kind != tokWord {
			return -1, -1
		}
		if k+1 < len(u) && sc.isWord(k+1, "'s") {
			k++ // "Kemira 's"
			continue
		}
		if unknown++; unknown > unknownMax {
			return -1, -1
		}
	}
	return -1, -1
}

// backwardMetric finds the subject of the direction word at i: the nearest
// metric before it in the clause.
func (sc *scratch) backwardMetric(i int) int {
	u := sc.units
	fac := u[i].e != nil && u[i].e.fac
	for k := i - 1; k >= 0 && i-k <= backReach && u[k].clause == u[i].clause; k-- {
		if u[k].isMetricFor(fac) {
			return k
		}
	}
	return -1
}

// towardMetric finds "to/into [a|the|...] METRIC" within reach units after i.
func (sc *scratch) towardMetric(i, reach int) int {
	u := sc.units
	for k := i + 1; k < len(u) && k <= i+reach && u[k].clause == u[i].clause; k++ {
		if !u[k].has(roleTo) {
			continue
		}
		for j := k + 1; j < len(u) && j <= k+7 && u[j].clause == u[i].clause; j++ {
			if u[j].isMetricFor(false) {
				if u[j].e.imp != 0 && !u[j].claimed {
					return j
				}
				return -1
			}
			// Past articles, modifiers and the figure itself: "swung to a
			// EUR 1.1 mn net profit".
			if !sc.skippable(j) {
				return -1
			}
		}
		return -1
	}
	return -1
}

func (sc *scratch) add(r Rule, anchor, target int, w float64, negatable bool) *cand {
	u := sc.units
	a := &u[anchor]
	c := cand{anchor: int32(anchor), negatable: negatable,
		cue: Cue{Rule: r, Start: int(a.start), End: int(a.end), Weight: w}}
	if a.e != nil {
		c.cue.Word = a.e.key
	}
	if target >= 0 {
		t := &u[target]
		c.cue.Target = t.e.key
		c.cue.targetAfter = target > anchor
		c.cue.Start = min(c.cue.Start, int(t.start))
		c.cue.End = max(c.cue.End, int(t.end))
	}
	sc.cands = append(sc.cands, c)
	return &sc.cands[len(sc.cands)-1]
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// directions pairs direction and swing words with their metrics.
func (sc *scratch) directions() {
	u := sc.units
	for i := range u {
		x := &u[i]
		if x.kind == tokNum && x.sign != 0 && x.fig == figPercent {
			// "(+12 %)": a signed change of the metric before it.
			d := float64(x.sign)
			if k := sc.backwardMetric(i); k >= 0 {
				if !u[k].claimed && u[k].e.imp != 0 {
					c := sc.add(RuleDirection, i, k, d*u[k].e.imp, true)
					c.cue.Word = signedChange(x.sign)
				}
				u[k].claimed = true
			}
			continue
		}
		if x.e == nil || x.e.roles&(roleDir|roleToward) == 0 {
			continue
		}
		e := x.e
		reach := 1
		if e.roles&roleDir == 0 {
			reach = towardReach
		}
		if k := sc.towardMetric(i, reach); k >= 0 {
			imp := u[k].e.imp
			sc.add(RuleSwing, i, k, sign(imp)*max(abs(imp), 1), true)
			u[k].claimed = true
			x.dirFwd = true
			continue
		}
		if e.roles&roleDir == 0 {
			continue
		}
		if e.needFig && !sc.figureFollows(i) || e.cmp && !sc.comparative(i) {
			continue
		}
		first, k := sc.forwardMetric(i)
		if k >= 0 {
			x.dirFwd = true
		} else if !e.fwdOnly {
			k = sc.backwardMetric(i)
			first = k
		}
		if k < 0 {
			if e.dirW != 0 {
				w := e.dir * e.dirW
				if sc.figureNear(i) {
					w *= figureBoost // "Nordvik rose 4.2 %", "a 3.3-percent increase"
				}
				w *= sc.intensity(i)
				sc.add(RuleDirection, i, -1, w, true)
			}
			continue
		}
		t := &u[k]
		if !t.claimed && t.e.imp != 0 {
			w := e.dir * t.e.imp * e.strength
			r := RuleDirection
			if pm := sc.swingBase(i, t); pm >= 0 {
				// "operating loss of EUR 0.9 mn, down from a profit": the
				// state changed, whatever the direction word says.
				w, r = sign(t.e.imp)*abs(t.e.imp), RuleSwing
			}
			sc.add(r, i, k, w, true)
		}
		for j := first; j <= k; j++ {
			u[j].claimed = true
		}
	}
}

// swingBase returns the metric of opposite sign that a comparison marker
// right after the direction word at i introduces ("down from a profit"),
// or -1.
func (sc *scratch) swingBase(i int, t *unit) int {
	u := sc.units
	if i+1 >= len(u) || !u[i+1].has(rolePrev) {
		return -1
	}
	for k := i + 2; k < len(u) && k <= i+4; k++ {
		if u[k].isMetricFor(false) || u[k].isMetric() && u[k].past {
			if u[k].e.imp != 0 && sign(u[k].e.imp) != sign(t.e.imp) {
				return k
			}
			return -1
		}
		if !u[k].has(roleSkip) {
			return -1
		}
	}
	return -1
}

// figureFollows reports whether a figure follows the word at i closely
// ("rose 4.2 %", "fell by EUR 3 mn").
func (sc *scratch) figureFollows(i int) bool {
	u := sc.units
	for k := i + 1; k < len(u) && k <= i+3; k++ {
		if u[k].kind == tokNum {
			return u[k].fig == figPercent || u[k].fig == figMoney
		}
		if !sc.skippable(k) {
			return false
		}
	}
	return false
}

// figureBefore reports whether a change figure stands right before the
// word at i ("a 3.3-percent increase", "EUR 2 mn improvement").
func (sc *scratch) figureBefore(i int) bool {
	u := sc.units
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch {
		case u[k].kind == tokNum:
			return u[k].fig == figPercent || u[k].fig == figMoney
		case u[k].isPunct('%') || u[k].has(rolePercent|roleScale) || u[k].isCurrency():
		default:
			return false
		}
	}
	return false
}

func (sc *scratch) figureNear(i int) bool { return sc.figureFollows(i) || sc.figureBefore(i) }

// percentSoonAfter reports whether a percentage follows the word at i
// within four units of its clause, before any comma ("growth was 6 %").
func (sc *scratch) percentSoonAfter(i int) bool {
	u := sc.units
	for k := i + 1; k < len(u) && k <= i+4 && u[k].clause == u[i].clause; k++ {
		if u[k].isPunct(',') {
			return false
		}
		if u[k].kind == tokNum && u[k].fig == figPercent {
			return true
		}
	}
	return false
}

// comparative reports whether "more"/"less" at i compares: after a figure
// ("36 % more", "20 times more") or before "than" and something that is not
// a figure ("less than in 2008").
func (sc *scratch) comparative(i int) bool {
	u := sc.units
	if sc.figureBefore(i) || i > 0 && sc.isWord(i-1, "times") {
		return true
	}
	if i+1 < len(u) && u[i+1].has(rolePrev) && sc.isWord(i+1, "than") {
		return i+2 < len(u) && u[i+2].kind != tokNum && !u[i+2].isCurrency()
	}
	return false
}

// intensity returns the multiplier of an adverb or adjective next to the
// word at i ("grown considerably", "a significant increase").
func (sc *scratch) intensity(i int) float64 {
	u := sc.units
	for k := max(0, i-2); k < len(u) && k <= i+2; k++ {
		if k != i && u[k].has(roleIntens) && u[k].clause == u[i].clause {
			return u[k].e.intens
		}
	}
	return 1
}

func signedChange(s int8) string {
	if s > 0 {
		return "+%"
	}
	return "-%"
}

// comparisons compares a figure with the earlier figure introduced by a
// marker ("from", "compared with", "than", "(") for a metric nothing
// claimed yet.
func (sc *scratch) comparisons() {
	u := sc.units
	for p := range u {
		paren := u[p].isPunct('(')
		if !paren && !sc.isMarker(p) {
			continue
		}
		pv, pm := sc.earlierFigure(p, paren)
		if pv < 0 {
			continue
		}
		before := &u[pv]
		cv := -1
		for k := p - 1; k >= 0 && p-k <= backReach && u[k].clause == u[p].clause; k-- {
			x := &u[k]
			if x.kind != tokNum || x.fig == figYear || x.used {
				continue
			}
			if x.cur != 0 && before.cur != 0 && x.cur != before.cur {
				if paren {
					break // "EUR 30 mn ( USD 38.7 mn )": a conversion
				}
				continue // "7.99 mln euro $ 10.4 mln ... compared to 8.4 mln euro"
			}
			cv = k
			break
		}
		if cv < 0 || paren && p-cv > 4 {
			continue
		}
		now := &u[cv]
		if now.fig == figPercent && before.fig == figMoney || now.fig == figMoney && before.fig == figPercent {
			continue
		}
		if paren && now.cur == 0 && before.cur != 0 {
			continue // "about ( Euro ) 35 million ( $ 44 million )"
		}
		cm := sc.figureMetric(cv, p)
		if cm < 0 || u[cm].claimed {
			continue
		}
		metric := &u[cm]
		metric.claimed = true
		before.used = true
		if metric.e.imp == 0 {
			continue
		}
		nv := now.val * multOr1(now.mult)
		bm := before.mult
		if bm == 0 && abs(before.val) < 1000 {
			bm = now.mult // "EUR 13.1 mn (8.7)"; not "EUR 4.8 mn from 416,000"
		}
		bv := before.val * multOr1(bm)
		var w float64
		switch {
		case pm >= 0 && u[pm].e.imp != 0 && sign(u[pm].e.imp) != sign(metric.e.imp):
			// A loss compared with a profit, or the other way round.
			w = sign(metric.e.imp) * abs(metric.e.imp)
		case nv == bv:
			continue // unchanged
		default:
			w = sign(nv-bv) * metric.e.imp
		}
		c := sc.add(RuleComparison, p, cm, w, false)
		if paren {
			c.cue.Word = "(…)"
		}
		c.cue.Now, c.cue.Before = nv, bv
		c.cue.End = max(c.cue.End, int(before.end))
	}
}

// figureMetric returns the metric a figure at cv belongs to: one right
// after it ("1.00 eur dividend"), else the nearest before it in the clause.
func (sc *scratch) figureMetric(cv, limit int) int {
	u := sc.units
	j := cv + 1
	for j < len(u) && j < limit && j <= cv+2 && (u[j].has(roleScale) || u[j].isCurrency()) {
		j++
	}
	if j < len(u) && j < limit && u[j].isMetricFor(false) {
		return j
	}
	for k := cv - 1; k >= 0 && cv-k <= 10 && u[k].clause == u[cv].clause; k-- {
		if u[k].isMetricFor(false) {
			return k
		}
	}
	return -1
}

func multOr1(m float64) float64 {
	if m == 0 {
		return 1
	}
	return m
}

// earlierFigure finds the figure a comparison marker at p introduces and
// the metric named with it ("from a loss of EUR 2 mn"); -1 when none. After
// "(" only a currency and a sign may precede the figure, and only units
// may follow it before ")": anything else is a note, not a comparison.
func (sc *scratch) earlierFigure(p int, paren bool) (fig, metric int) {
	u := sc.units
	metric = -1
	for k := p + 1; k < len(u) && k <= p+6 && u[k].clause == u[p].clause; k++ {
		x := &u[k]
		switch {
		case x.kind == tokNum && x.fig == figYear:
			if k+1 < len(u) && u[k+1].isPunct(':') {
				k++ // "(2008: EUR 5 mn)"
				continue
			}
			return -1, -1
		case x.kind == tokNum:
			if paren && !sc.closesParen(k) {
				return -1, -1
			}
			if !paren && metric < 0 {
				// "from EUR 0.3 mn loss"
				j := k + 1
				for j < len(u) && j <= k+2 && (u[j].has(roleScale) || u[j].isCurrency()) {
					j++
				}
				if j < len(u) && u[j].isMetric() {
					metric = j
				}
			}
			return k, metric
		case x.isMetric() && !paren && metric < 0:
			metric = k
		case x.isCurrency() || x.has(roleSign) || !paren && x.has(roleSkip|rolePrev):
		default:
			return -1, -1
		}
	}
	return -1, -1
}

// closesParen reports whether only units of the figure at k stand between
// it and ")".
func (sc *scratch) closesParen(k int) bool {
	u := sc.units
	for j := k + 1; j < len(u) && j <= k+3; j++ {
		switch {
		case u[j].isPunct(')'):
			return true
		case u[j].has(roleScale|rolePercent|roleCurrency) || u[j].isPunct('%'):
		default:
			return false
		}
	}
	return false
}

// negativeFigures scores a good metric given as a negative figure without
// a comparison: "operating profit was EUR -1.2 mn", "a negative 5.9 %".
func (sc *scratch) negativeFigures() {
	u := sc.units
	for i := range u {
		x := &u[i]
		if x.kind != tokNum || x.val >= 0 || x.used || x.fig == figYear || x.fig == figPlain && x.sign == 0 {
			continue
		}
		for k := i - 1; k >= 0 && i-k <= 8 && u[k].clause == x.clause; k-- {
			if u[k].isMetricFor(false) {
				if !u[k].claimed && u[k].e.imp > 0 {
					sc.add(RuleFigure, i, k, -negFigureW*u[k].e.imp, false)
					u[k].claimed = true
				}
				break
			}
		}
	}
}

// words adds the cues of single words: magnifiers, polar words, metrics
// that are news alone, denied metrics, negators that are bad news, analyst
// ratings and user-lexicon words.
func (m *Model) words(sc *scratch) {
	u := sc.units
	analyst, rated := false, false
	for i := range u {
		if u[i].has(roleAnalyst) {
			analyst = true
			if !u[i].has(rolePolar) || !u[i].e.analyst {
				rated = true
			}
		}
		if u[i].has(roleRating) {
			rated = true
		}
	}
	for i := range u {
		x := &u[i]
		if x.e == nil {
			if x.kind == tokWord && m.user != nil {
				if c := m.user.lookup(sc.word(i)); c.cat&(CatPositive|CatNegative) != 0 && c.cat&(CatPositive|CatNegative) != CatPositive|CatNegative {
					w := m.userW
					if c.cat&CatNegative != 0 {
						w = -w
					}
					cd := sc.add(RuleLexicon, i, -1, w, true)
					cd.cue.Word = c.word
				}
			}
			continue
		}
		e := x.e
		if e.roles&roleMagnify != 0 {
			sc.magnify(i)
		}
		if e.roles&rolePolar != 0 && !x.used && (!e.analyst || rated) {
			sc.add(RuleWord, i, -1, e.polar, true)
		}
		if e.roles&roleNegator != 0 && e.negPolar != 0 {
			sc.add(RuleWord, i, -1, e.negPolar, false)
		}
		if e.roles&roleMetric != 0 && !x.claimed && !x.past {
			switch {
			case e.alone != 0:
				w := e.alone
				if w > 0 && (sc.figureBefore(i) || sc.percentSoonAfter(i)) {
					w *= figureBoost // "10 % growth", "growth was 6 %"
				}
				sc.add(RuleFigure, i, -1, w, true)
			case e.imp != 0 && !e.facility:
				if n := sc.denier(i); n >= 0 {
					sc.add(RuleAbsence, n, i, -absenceW*e.imp, false)
					u[n].negHit = true
				}
			}
		}
		if e.roles&roleRating != 0 && e.rating != 0 && analyst && !x.dirFwd && !sc.afterFrom(i) {
			sc.add(RuleRating, i, -1, e.rating, true)
		}
	}
}

// magnify scores an adjective by the metric it describes.
func (sc *scratch) magnify(i int) {
	u := sc.units
	e := u[i].e
	k := -1
	// The noun it describes follows, past modifiers but not prepositions
	// ("strong first-quarter sales", not "strong in all markets").
	for j := i + 1; j < len(u) && j <= i+3 && u[j].clause == u[i].clause; j++ {
		if u[j].isMetricFor(false) {
			k = j
			break
		}
		if !sc.skippable(j) || u[j].kind == tokNum || sc.isPreposition(j) {
			break
		}
	}
	if k < 0 {
		for j := i - 1; j >= 0 && i-j <= 6 && u[j].clause == u[i].clause; j-- {
			if u[j].isMetricFor(false) {
				k = j
				break
			}
		}
	}
	switch {
	case k >= 0 && u[k].e.imp != 0:
		sc.add(RuleMagnify, i, k, e.magnify*sign(u[k].e.imp), true)
	case k < 0 && !e.need:
		sc.add(RuleMagnify, i, -1, e.magnify, true)
	}
	// A neutral quantity ("strong krona") or no metric for a "need" word:
	// nothing.
}

func (sc *scratch) isPreposition(k int) bool {
	switch string(sc.word(k)) {
	case "in", "of", "for", "on", "by", "at", "to", "from", "with":
		return sc.units[k].kind == tokWord
	}
	return false
}

// denier returns the "no"/"without" negator just before metric i (past
// function words only), or -1.
func (sc *scratch) denier(i int) int {
	u := sc.units
	for k := i - 1; k >= 0 && i-k <= 3 && u[k].clause == u[i].clause; k-- {
		if u[k].has(roleNegator) {
			if u[k].e.negDet {
				return k
			}
			return -1
		}
		if !u[k].has(roleSkip) {
			return -1
		}
	}
	return -1
}

// afterFrom reports whether the rating at i is the old one ("from hold").
func (sc *scratch) afterFrom(i int) bool {
	for k := i - 1; k >= 0 && i-k <= 2; k-- {
		if sc.isWord(k, "from") {
			return true
		}
	}
	return false
}

// finish applies negation, hedges, emphasis and concessions to the
// candidates.
func (sc *scratch) finish() {
	u := sc.units
	for i := range sc.cands {
		c := &sc.cands[i]
		a := &u[c.anchor]
		if c.negatable && a.negBy >= 0 {
			c.cue.Negated = true
			u[a.negBy].negHit = true
		}
	}
	// A negator with nothing in its scope negates the cue just before it:
	// "the expected recovery did not materialise".
	for n := range u {
		x := &u[n]
		if !x.has(roleNegator) || x.negHit || x.e.negDet {
			continue
		}
		best := -1
		for i := range sc.cands {
			c := &sc.cands[i]
			a := int(c.anchor)
			if !c.negatable || c.cue.Negated || a >= n || n-a > backNegReach || u[a].clause != x.clause {
				continue
			}
			if commaBetween(u, a, n) {
				continue
			}
			if best < 0 || a > int(sc.cands[best].anchor) {
				best = i
			}
		}
		if best >= 0 {
			sc.cands[best].cue.Negated = true
			x.negHit = true
		}
	}
	for i := range sc.cands {
		c := &sc.cands[i]
		c.cue.Weight *= u[c.anchor].factor
		if c.cue.Negated {
			c.cue.Weight *= negFlip
		}
	}
}

func commaBetween(u []unit, a, b int) bool {
	for k := a + 1; k < b; k++ {
		if u[k].isPunct(',') {
			return true
		}
	}
	return false
}

// baseline is the word-count classifier of LexiconBaseline mode.
func (m *Model) baseline(sc *scratch, base int, dst []Cue) (float64, []Cue) {
	pos, neg := 0, 0
	for _, t := range sc.toks {
		if t.kind != tokWord {
			continue
		}
		w := sc.buf[t.lo:t.hi]
		c := m.user.lookup(w)
		if c.cat == 0 && isPossessive(w) {
			c = m.user.lookup(w[:len(w)-2])
		}
		var wt float64
		switch {
		case c.cat&CatPositive != 0 && c.cat&CatNegative == 0:
			pos++
			wt = 1
		case c.cat&CatNegative != 0 && c.cat&CatPositive == 0:
			neg++
			wt = -1
		default:
			continue
		}
		dst = append(dst, Cue{Rule: RuleBaseline, Word: c.word, Start: base + int(t.start), End: base + int(t.end), Weight: wt})
	}
	if pos+neg == 0 {
		return 0, dst
	}
	return float64(pos-neg) / float64(pos+neg), dst
}
