package rules

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
	"alphadesk/internal/source"
)

// Quotation matching limits.
const (
	// MaxElisionGap is the most source text, in bytes of folded text, one
	// ellipsis in a quotation may stand for.
	MaxElisionGap = 600
	// maxOccurrences bounds how many places one fragment is tried at.
	maxOccurrences = 64
	// maxMatchSteps bounds the search for one quotation.
	maxMatchSteps = 20000
)

// QuoteVerbatim checks that every direct quotation is in a source, word for
// word, and attributed to the speaker the source names.
type QuoteVerbatim struct{}

func init() { Register(QuoteVerbatim{}) }

// Name implements Rule.
func (QuoteVerbatim) Name() string { return "quote.verbatim" }

// Description implements Rule.
func (QuoteVerbatim) Description() string {
	return fmt.Sprintf(`Every direct quotation in the draft, in double quotation marks (straight "…" or curly “…”, also „…“ and «…»), or in single marks when they enclose at least two words outside any double-quoted passage, must appear in one of the sources word for word.

Before comparing, only typography is normalised: curly and straight quotation marks and apostrophes are the same, every dash (-, –, —, --) is the same with or without spaces around it, runs of white space are one space, and the first letter of the quotation (and of each part after an ellipsis) may change case; in a headline set in title case ("Jassy: 'We Expect to Keep Investing'") every letter may. A comma, full stop, colon or semicolon at the very end of a quotation is ignored ("…strong," she said — for "…strong."). Single quotation marks inside a double-quoted quotation are part of it.

An ellipsis (…, ..., ". . ." or [...]) may stand for words left out: the parts must appear in the same source, in order, with at most %d characters of source text between consecutive parts. Words joined without an ellipsis must be contiguous in the source, so two quotations merged into one fail, as does any changed, added or dropped word. An ellipsis may not cut a negation out of the words around it: one that stands for at most %d words including "not", "no", "never", "cannot", "nor", "none", "nothing", "without" or a word ending in "n't" ("that need is … going away" for "that need is not going away") fails, and so does a bracketed insertion that drops such a word or adds one ("they [can] find" for "they cannot find").

A quotation attributed to a named speaker ("…," Jassy said; said Andy Jassy; said Dr. Elena Varga; Jassy said: "…"; according to Jassy; the words, Jassy added, "…") must carry the attribution the source gives it: speakers match when they share a name word ("Jassy" and "Andy Jassy, Amazon's chief executive"), but not only the first name of two full names ("Tomas Lindqvist" is not "Tomas Berg"). An organisation named beside a person is not part of the person's name ("Korvath CFO Daniel Reyes", "Marisa Okafor, Korvath's chief executive", "chief executive of Veridane"), so two people of one company never match through it; the quotation may be attributed to that organisation ("Amazon said", "Amazon's CEO said"). An attribution by office ("the chief financial officer said", "the governor said") must name an office the source gives the speaker, in the attribution or beside their name elsewhere in the source ("Deputy Governor Tomas Lindqvist" is not "the governor"); when the source gives none, it is not compared. "He" and "she" are resolved to the speaker of the last attribution before them that names someone, in the draft and in the source. In the draft, a sentence of the quotation's paragraph whose subject is a person the sources quote ("Priya Natarajan will join the board. “…,” she said") takes precedence over an attribution before that sentence; and a pronoun no attribution resolves stands for the one person quoted in the sources whom its paragraph before it (or else the paragraph before) names. Words of the sources' own names do not count as naming a person ("Ingrid Halvorsen expects … “…,” she said" is Ingrid Halvorsen's quotation; "Halvorsen expects …" is not resolved, as the company shares the name). When the source passage has no attribution of its own, the speaker must at least be named in that source. A quotation from a company's statement or press release may also be attributed to the company itself, unless the statement quotes someone from outside it (an analyst or economist, or a person it names with another organisation).

Words that a source has outside quotation marks are its own text. In a news report they are the reporter's words, so putting them in quotation marks with an attribution ("…," Olsavsky said — for "Olsavsky told analysts the backlog grew") turns a paraphrase into invented direct speech and fails; a phrase set in quotation marks with no attribution, or attributed to the report's publisher ("according to Reuters"), may still come from a report. The own text of a statement, filing or transcript may be quoted as its author's (the company, or a speaker a transcript names) or generically ("the company said"). Generic attributions ("the company said") are not compared, except that the company ("the company", "the bank", "the chipmaker") may not be given the words of an analyst, economist or strategist the source quotes.

Severity: a quotation that is not in any source, differs from it, merges passages or names a different speaker **blocks** publication; the finding points at the quotation in the draft and, when one exists, at the nearest source passage. Quotation marks that cannot be paired (opened and never closed in the paragraph, or closed without being opened) also **block**, since the quotation cannot be checked. A quotation with a bracketed insertion ("[the company]") that otherwise matches is **held** for an editor. Each verified quotation is listed as **info** with the source passage it was found in.`, MaxElisionGap, maxNegationGap)
}

// QuoteResult is the verdict on one draft quotation.
type QuoteResult struct {
	Quote   extract.Quote
	Speaker extract.Speaker
	// Verified reports that the quotation is in a source with a compatible
	// attribution.
	Verified bool
	// Bracketed reports an editorial insertion in square brackets.
	Bracketed bool
	// Found is where it was found (Verified) or the nearest passage.
	Found *draft.SourceSpan
	// Problem says why it failed.
	Problem string
}

// QuoteResults checks every quotation of the draft; the result is shared
// by the rules of one check.
func (a *Analysis) QuoteResults() []QuoteResult {
	return cached(a, "quote.verbatim", func() []QuoteResult {
		qs, sps, _ := a.DraftQuotes()
		sps = a.pronounsByMention(qs, sps)
		out := make([]QuoteResult, len(qs))
		for i, q := range qs {
			if i >= MaxQuotations {
				out[i] = QuoteResult{Quote: q, Speaker: sps[i], Problem: fmt.Sprintf("was not checked: the draft has %d quotations, more than the %d one story may hold", len(qs), MaxQuotations)}
				continue
			}
			out[i] = verifyQuote(a, q, sps[i])
		}
		return out
	})
}

// Check implements Rule.
func (r QuoteVerbatim) Check(a *Analysis) []Finding {
	var fs []Finding
	_, _, problems := a.DraftQuotes()
	for _, p := range problems {
		fs = append(fs, Finding{Severity: Block, DraftSpan: [2]int{p.Start, p.End},
			Message: p.Message + ": the quotation cannot be checked; balance the quotation marks"})
	}
	for _, res := range a.QuoteResults() {
		if res.Verified && res.Found == nil {
			continue
		}
		q := res.Quote
		shown := excerpt(a.Doc.Text[q.Inner.Start:q.Inner.End], 90)
		f := Finding{DraftSpan: [2]int{q.Start, q.End}, SourceSpan: res.Found}
		switch {
		case res.Verified && res.Bracketed:
			f.Severity = Hold
			f.Message = fmt.Sprintf("quotation “%s” has a bracketed insertion; the rest matches %s: an editor must confirm the insertion keeps the meaning", shown, a.sourceLabel(res.Found.Source))
		case res.Verified:
			f.Severity = Info
			f.Message = "quotation “" + shown + "” is verbatim in " + a.sourceLabel(res.Found.Source)
			if res.Speaker.Known() {
				f.Message += ", attributed to " + res.Speaker.Phrase + " as there"
			}
		default:
			f.Severity = Block
			f.Message = fmt.Sprintf("quotation “%s” %s", shown, res.Problem)
		}
		fs = append(fs, f)
	}
	return fs
}

// sourceLabel names source i for messages: "source 0 (Reuters)".
func (a *Analysis) sourceLabel(i int) string {
	if i < 0 || i >= len(a.Sources) {
		return "market data"
	}
	// Every traced figure and verified quotation names its source: the
	// labels are made once per check.
	labels := cached(a, "source.labels", func() []string {
		out := make([]string, len(a.Sources))
		for k, s := range a.Sources {
			if s.Name != "" {
				out[k] = "source " + strconv.Itoa(k) + " (" + s.Name + ")"
			} else {
				out[k] = "source " + strconv.Itoa(k) + " (unnamed)"
			}
		}
		return out
	})
	return labels[i]
}

// excerpt shortens s for a message.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// fragment is one part of a quotation between ellipses, folded.
type fragment string

// elision is what stands between two fragments of a quotation: an
// ellipsis, or a bracketed insertion in place of the source's words.
type elision struct {
	bracket  bool
	inserted string // the bracketed words (folded), when bracket
}

// quoteFragments splits a quotation's words at ellipses and bracketed
// insertions, folds their typography and trims the punctuation at their
// ends. gaps[k] is what stands between frags[k] and frags[k+1].
func quoteFragments(inner string) (frags []fragment, gaps []elision, bracketed bool) {
	f := extract.Fold(inner).Text
	var parts []string
	var between []elision // between[k] follows parts[k]
	for len(f) > 0 {
		i, n, isBracket := nextElision(f)
		if i < 0 {
			parts = append(parts, f)
			break
		}
		bracketed = bracketed || isBracket
		parts = append(parts, f[:i])
		e := elision{bracket: isBracket}
		if isBracket {
			e.inserted = f[i+1 : i+n-1]
		}
		between = append(between, e)
		f = f[i+n:]
	}
	var pending elision // what stands since the last fragment kept
	for k, p := range parts {
		p = strings.TrimLeft(p, " ,;:.-")
		p = strings.TrimRight(p, " ,;:.-")
		if hasWordRune(p) {
			if len(frags) > 0 {
				gaps = append(gaps, pending)
			}
			frags = append(frags, fragment(p))
			pending = elision{}
		}
		if k < len(between) {
			// Elisions with no words between them are one: a bracket
			// among them makes it a bracketed insertion.
			pending.bracket = pending.bracket || between[k].bracket
			pending.inserted = strings.TrimSpace(pending.inserted + " " + between[k].inserted)
		}
	}
	return frags, gaps, bracketed
}

// negations are the words that turn a statement into its opposite; words
// ending in "n't" are negations too.
var negations = map[string]bool{
	"not": true, "no": true, "never": true, "cannot": true, "nor": true, "neither": true, "none": true,
	"nothing": true, "nobody": true, "nowhere": true, "without": true,
}

// maxNegationGap is the most words an ellipsis may leave out and still be
// taken to cut a negation out of the words around it, rather than a clause
// that happens to hold one.
const maxNegationGap = 3

// negationsIn returns the negation words of folded text, and its number of
// words.
func negationsIn(text string) (negs []string, words int) {
	for _, w := range extract.Words(text) {
		words++
		word := strings.ToLower(text[w.Start:w.End])
		if negations[word] || strings.HasSuffix(word, "n't") {
			negs = append(negs, word)
		}
	}
	return negs, words
}

// lastWords returns the end of s from the start of its n-th word from the
// end; firstWords the start of s to the end of its n-th word.
func lastWords(s string, n int) string {
	ws := extract.Words(s)
	if len(ws) > n {
		return s[ws[len(ws)-n].Start:]
	}
	return s
}

func firstWords(s string, n int) string {
	ws := extract.Words(s)
	if len(ws) > n {
		return s[:ws[n-1].End]
	}
	return s
}

// elisionReverses checks what the ellipses and bracketed insertions of a
// placement stand for in the source (folded text): an ellipsis that leaves
// out a negation and at most maxNegationGap words ("that need is … going
// away" for "is not going away"), or a bracket whose words drop or add a
// negation ("they [can] find" for "they cannot find"), reverses what the
// speaker said. It returns why, or "".
func elisionReverses(text string, p placement, frags []fragment, gaps []elision) string {
	for k, g := range gaps {
		left := text[p.at[k]+len(frags[k]) : p.at[k+1]]
		negs, words := negationsIn(left)
		if g.bracket {
			added, _ := negationsIn(g.inserted)
			if (len(negs) > 0) != (len(added) > 0) {
				return fmt.Sprintf("puts “[%s]” in place of the source's “%s”, which reverses its meaning", excerpt(g.inserted, 60), excerpt(left, 80))
			}
			continue
		}
		if len(negs) > 0 && words <= maxNegationGap {
			return fmt.Sprintf("uses an ellipsis to leave out “%s” from “…%s%s%s…”, which reverses its meaning",
				strings.TrimSpace(left), lastWords(string(frags[k]), 3), left, firstWords(string(frags[k+1]), 3))
		}
	}
	return ""
}

// nextElision finds the next ellipsis or bracketed insertion in folded text.
func nextElision(f string) (at, n int, bracket bool) {
	best, bestN, br := -1, 0, false
	consider := func(i, n int, b bool) {
		if i >= 0 && (best < 0 || i < best) {
			best, bestN, br = i, n, b
		}
	}
	if i := strings.Index(f, "..."); i >= 0 {
		n := 3
		for i+n < len(f) && f[i+n] == '.' {
			n++
		}
		consider(i, n, false)
	}
	if i := strings.Index(f, ". . ."); i >= 0 {
		consider(i, 5, false)
	}
	if i := strings.IndexByte(f, '['); i >= 0 {
		if j := strings.IndexByte(f[i:], ']'); j >= 0 {
			inside := strings.Trim(f[i+1:i+j], ". ")
			consider(i, j+1, inside != "")
		}
	}
	if i := strings.Index(f, "(...)"); i >= 0 {
		consider(i, 5, false)
	}
	return best, bestN, br
}

func hasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// boundaryOK reports that [s, e) in text starts and ends at word edges
// where the matched text itself starts or ends with a letter or digit.
func boundaryOK(text string, s, e int) bool {
	if s > 0 {
		first, _ := utf8.DecodeRuneInString(text[s:])
		prev, _ := utf8.DecodeLastRuneInString(text[:s])
		if isWord(first) && isWord(prev) {
			return false
		}
	}
	if e < len(text) {
		last, _ := utf8.DecodeLastRuneInString(text[:e])
		next, _ := utf8.DecodeRuneInString(text[e:])
		if isWord(last) && isWord(next) {
			return false
		}
	}
	return true
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// occurrences returns where a fragment occurs in text within [from, to),
// at word edges, in order, with its first letter in either case. It scans
// for the rest of the fragment after the first letter (a short head of it,
// the fast path of strings.Index) and then checks the letter before.
func occurrences(text string, f fragment, from, to int, limit int) []int {
	v := string(f)
	first, n := utf8.DecodeRuneInString(v)
	rest := v[n:]
	if rest == "" {
		return occurrencesPlain(text, v, from, to, limit)
	}
	alt := first
	if unicode.IsUpper(first) {
		alt = unicode.ToLower(first)
	} else if unicode.IsLower(first) {
		alt = unicode.ToUpper(first)
	}
	head := rest[:min(len(rest), 32)]
	anchor := rarestByte(head)
	var out []int
	for i := from; i < to && i < len(text); {
		j := indexAt(text[i:min(len(text), to+len(v))], head, anchor)
		if j < 0 {
			break
		}
		at := i + j
		i = at + 1
		c, m := utf8.DecodeLastRuneInString(text[:at])
		if m == 0 || c != first && c != alt {
			continue
		}
		start := at - m
		if start < from || start >= to {
			continue
		}
		if strings.HasPrefix(text[at:], rest) && boundaryOK(text, start, at+len(rest)) {
			out = append(out, start)
			if len(out) >= limit {
				break
			}
		}
	}
	return out
}

// indexAt is strings.Index(s, needle), found by scanning for needle's byte
// at offset anchor (a rare one, see rarestByte) with strings.IndexByte and
// comparing the needle where it is found. strings.Index scans for the
// needle's first byte, which in a quotation is usually a common letter, and
// the sources are searched for every fragment of every quotation.
func indexAt(s, needle string, anchor int) int {
	b := needle[anchor]
	for off := anchor; off < len(s); {
		j := strings.IndexByte(s[off:], b)
		if j < 0 {
			return -1
		}
		p := off + j - anchor
		if p+len(needle) > len(s) {
			return -1 // later places do not fit either
		}
		if s[p:p+len(needle)] == needle {
			return p // anchors are tried in order, so this is the first place
		}
		off += j + 1
	}
	return -1
}

// rarestByte returns the offset in s of the byte least frequent in English
// text (see byteCommonness), the first of equals.
func rarestByte(s string) int {
	best := 0
	for i := 1; i < len(s); i++ {
		if byteCommonness[s[i]] < byteCommonness[s[best]] {
			best = i
		}
	}
	return best
}

// byteCommonness ranks bytes by how often they occur in English news text:
// the space and common lower-case letters highest, capitals, digits and
// most punctuation low. Only the order matters.
var byteCommonness = func() (t [256]uint8) {
	for i := range t {
		t[i] = 10 // other punctuation, control bytes
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = 30
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 30
	}
	for i := 0x80; i < 0x100; i++ {
		t[i] = 40 // parts of curly quotation marks, dashes, accented letters
	}
	t[','], t['.'], t['\''], t['-'], t['"'] = 60, 60, 50, 50, 50
	const byFrequency = "zqxjkvbpygfwmucldrhsnioate " // rarest first
	for i := 0; i < len(byFrequency); i++ {
		t[byFrequency[i]] = uint8(100 + 5*i)
	}
	return t
}()

// occurrencesPlain is occurrences for a one-character fragment.
func occurrencesPlain(text, v string, from, to, limit int) []int {
	var out []int
	for i := from; i < to && i < len(text); {
		j := strings.Index(text[i:min(len(text), to+len(v))], v)
		if j < 0 || i+j >= to {
			break
		}
		at := i + j
		i = at + 1
		if boundaryOK(text, at, at+len(v)) {
			out = append(out, at)
			if len(out) >= limit {
				break
			}
		}
	}
	return out
}

// placement is where all fragments of a quotation were found in one source
// (folded offsets): at[k] is where fragment k starts.
type placement struct {
	start, end int
	at         []int
}

// place finds placements of the fragments in folded source text: the first
// anywhere, each next one after the previous within MaxElisionGap.
func place(text string, frags []fragment, budget *int) []placement {
	var out []placement
	at := make([]int, len(frags))
	var walk func(k, from int)
	walk = func(k, from int) {
		if len(out) >= 8 || *budget <= 0 {
			return
		}
		*budget--
		if k == len(frags) {
			out = append(out, placement{start: at[0], end: from, at: append([]int(nil), at...)})
			return
		}
		to := len(text)
		if k > 0 {
			to = min(len(text), from+MaxElisionGap+1)
		}
		for _, pos := range occurrences(text, frags[k], from, to, maxOccurrences) {
			at[k] = pos
			walk(k+1, pos+len(frags[k]))
		}
	}
	walk(0, 0)
	return out
}

// sameQuotation reports whether the fragments of a placement lie in one
// quotation of the source, in consecutive quotations of the same speaker,
// or all outside quotations: an ellipsis may leave words out, but not join
// different people's words.
func sameQuotation(a *Analysis, i int, p placement, frags []fragment) bool {
	if len(frags) < 2 {
		return true
	}
	fd := a.Folded(i)
	qs, sps := a.SourceQuoteSpeakers(i)
	holder := func(k int) int {
		return quoteHolding(qs, fd.OriginalSpan(p.at[k], p.at[k]+len(frags[k])))
	}
	first := holder(0)
	for k := 1; k < len(frags); k++ {
		h := holder(k)
		switch {
		case h == first:
		case h < 0 || first < 0:
			return false
		case h == first+1 && sameSpeakerNext(qs, sps, first):
			first = h
		default:
			return false
		}
	}
	return true
}

// sameSpeakerNext reports whether source quotation k+1 continues the words
// of quotation k's speaker: it names the same speaker, or it names none and
// follows closely.
func sameSpeakerNext(qs []extract.Quote, sps *extract.QuoteSpeakers, k int) bool {
	next := sps.Speaker(k + 1)
	if !next.Known() {
		return qs[k+1].Start-qs[k].End < 200
	}
	prev := sps.Speaker(k)
	return prev.Known() && extract.SameSpeaker(next, prev)
}

// verifyQuote checks one quotation against every source.
func verifyQuote(a *Analysis, q extract.Quote, sp extract.Speaker) QuoteResult {
	res := QuoteResult{Quote: q, Speaker: sp}
	frags, gaps, bracketed := quoteFragments(a.Doc.Text[q.Inner.Start:q.Inner.End])
	res.Bracketed = bracketed
	if len(frags) == 0 {
		res.Verified = true // nothing but punctuation to check
		return res
	}
	var mismatch string
	var mismatchAt *draft.SourceSpan
	budget := maxMatchSteps
	// A headline in title case ("Okafor: 'Credit Is Normalizing Broadly as
	// We Expected'") capitalises the words of its quotation too: there the
	// quotation is compared without regard to the case of its letters.
	anyCase := a.inTitleCaseHeadline(q)
	placed := frags
	if anyCase {
		placed = make([]fragment, len(frags))
		for k, f := range frags {
			placed[k] = fragment(asciiLower(string(f)))
		}
	}
	for i := range a.Sources {
		fd := a.Folded(i)
		text := fd.Text
		if anyCase {
			text = a.src.lowerFolded(i)
		}
		for _, p := range place(text, placed, &budget) {
			span := fd.OriginalSpan(p.start, p.end)
			found := &draft.SourceSpan{Source: i, Span: [2]int{span.Start, span.End}}
			if !sameQuotation(a, i, p, frags) {
				if mismatch == "" {
					mismatch, mismatchAt = "uses an ellipsis to join words from different quotations or from outside a quotation in "+a.sourceLabel(i), found
				}
				continue
			}
			if why := elisionReverses(fd.Text, p, frags, gaps); why != "" {
				if mismatch == "" {
					mismatch, mismatchAt = why+" in "+a.sourceLabel(i), found
				}
				continue
			}
			// The attribution is checked where the quotation starts; an
			// ellipsis has already been held to one speaker's words.
			ok, why := speakerAgrees(a, i, fd.OriginalSpan(p.at[0], p.at[0]+len(frags[0])), sp)
			if ok {
				res.Verified = true
				res.Found = found
				return res
			}
			if mismatch == "" {
				mismatch, mismatchAt = why, found
			}
		}
	}
	if mismatch != "" {
		res.Problem = mismatch
		res.Found = mismatchAt
		return res
	}
	res.Problem, res.Found = nearest(a, frags)
	return res
}

// inTitleCaseHeadline reports whether quotation q is in the draft's
// headline and the headline is in title case: at least three words of four
// letters or more, three quarters of them capitalised.
func (a *Analysis) inTitleCaseHeadline(q extract.Quote) bool {
	for _, b := range a.Doc.Blocks {
		if b.Field != draft.Headline || q.Start < b.Start || q.End > b.End {
			continue
		}
		long, capital := 0, 0
		h := a.Doc.Text[b.Start:b.End]
		for i := 0; ; {
			s, e, ok := extract.NextWord(h, i)
			if !ok {
				break
			}
			i = e
			if e-s >= 4 {
				long++
				if c := h[s]; c >= 'A' && c <= 'Z' {
					capital++
				}
			}
		}
		return long >= 3 && capital*4 >= long*3
	}
	return false
}

// asciiLower returns s with its ASCII letters in lower case: as long as s,
// so that offsets into it are offsets into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// speakerAgrees checks the draft's attribution against the source's for a
// passage found at span in source i.
func speakerAgrees(a *Analysis, i int, span extract.Span, sp extract.Speaker) (bool, string) {
	src := a.Sources[i]
	qs, sps := a.SourceQuoteSpeakers(i)
	k := quoteHolding(qs, span)
	if k < 0 {
		return narrativeQuotable(a, i, sp)
	}
	if !sp.Known() {
		// "the chief financial officer said": the office must be one the
		// source gives the speaker, when it names one.
		holder := sps.Speaker(k)
		if sp.Kind == extract.GenericSpeaker && !sameOffice(sp, holder, src.Text) {
			return false, fmt.Sprintf("is attributed to %s, but %s attributes it to %s", sp.Phrase, a.sourceLabel(i), holder.Phrase)
		}
		// "the bank said" for an analyst's words: an outside speaker's
		// judgement is not the company's
		if sp.Kind == extract.GenericSpeaker && namesCompany(sp.Phrase) && outsideOffice(holder, src.Text) {
			return false, fmt.Sprintf("is attributed to %s, but %s attributes it to %s, who speaks from outside the company", sp.Phrase, a.sourceLabel(i), holder.Phrase)
		}
		return true, ""
	}
	q, holder := qs[k], sps.Speaker(k)
	if holder.Kind == extract.PronounSpeaker {
		// the source's "he said" after a sentence whose subject is a
		// person ("Jassy called demand insatiable. "…," he said.") is
		// that person's, whatever attribution came before
		if subj, ok := sourceSubject(a, i, q.Start, holder); ok {
			holder = subj
		}
	}
	if src.Kind == source.Statement && namesOnly(sp, src.Name) {
		// a quotation in a company's statement may be attributed to the
		// company, but not to an office the speaker does not hold
		// ("Quorvex's chief financial officer" for its chief executive),
		// nor when the speaker is from outside it (an analyst the
		// statement quotes)
		if !sameOffice(sp, holder, src.Text) || outsider(holder, src) {
			return false, fmt.Sprintf("is attributed to %s, but %s attributes it to %s", sp.Phrase, a.sourceLabel(i), holder.Phrase)
		}
		return true, ""
	}
	switch {
	case holder.Known() && extract.SameSpeaker(sp, holder):
		return true, ""
	case holder.Known() && subset(sp.Keys, holder.Orgs) && sameOffice(sp, holder, src.Text):
		return true, "" // the speaker's organisation, or an office of it ("Amazon's CEO")
	case holder.Kind == extract.PronounSpeaker && !holder.Known() && extract.MentionsSpeaker(src.Text[max(0, q.Start-600):q.Start], sp):
		return true, "" // the source's pronoun names no one: a person named just before may be it
	case holder.Known():
		return false, fmt.Sprintf("is attributed to %s, but %s attributes it to %s", sp.Phrase, a.sourceLabel(i), holder.Phrase)
	}
	if extract.MentionsSpeaker(src.Text, sp) || namesOnly(sp, src.Name) {
		return true, ""
	}
	return false, fmt.Sprintf("is attributed to %s, but %s, which has these words, does not name %s", sp.Phrase, a.sourceLabel(i), sp.Phrase)
}

// sourceSubject finds the person a source's pronoun at offset at of source
// i stands for by the subject rule the draft's pronouns follow: going back
// through the sentences of its paragraph, the first whose subject (see
// extract.SubjectNames) is a proper name of the source, unless a sentence
// naming holder, the pronoun as the attributions before it resolve it,
// comes first.
func sourceSubject(a *Analysis, i, at int, holder extract.Speaker) (extract.Speaker, bool) {
	text := a.Sources[i].Text
	return subjectBefore(text, a.SourceSentences(i), at, holder, func(subject string) (extract.Speaker, bool) {
		sp := extract.Speaker{Kind: extract.NamedSpeaker, Phrase: subject}
		for _, key := range extract.NameKeys(subject) {
			if !a.sourceNameWord(key) && properNoun(text, key) {
				sp.Keys = append(sp.Keys, key)
			}
		}
		return sp, len(sp.Keys) > 0
	})
}

// properNoun reports whether text writes the name word key capitalised
// somewhere other than at the start of a sentence: a name, not a common
// word that opens a sentence ("Demand rose").
func properNoun(text, key string) bool {
	for i := 0; ; {
		s, e, ok := extract.NextWord(text, i)
		if !ok {
			return false
		}
		i = e
		w := text[s:e]
		if len(w) < len(key) || !strings.EqualFold(w[:len(key)], key) || w[0] < 'A' || w[0] > 'Z' {
			continue
		}
		if rest := w[len(key):]; rest != "" && rest != "'s" && rest != "’s" {
			continue
		}
		j := s
		for j > 0 && (text[j-1] == ' ' || text[j-1] == '"') {
			j--
		}
		if j > 0 && !strings.ContainsRune(".!?\n“”", rune(text[j-1])) {
			return true
		}
	}
}

// outsider reports whether a statement's quoted speaker is from outside the
// company that issued it: the attribution names another organisation
// ("Andrea Castellano, analyst at Pereira & Lowe") or an outside office
// (analyst, economist, strategist).
func outsider(holder extract.Speaker, src source.Source) bool {
	if holder.Kind != extract.NamedSpeaker {
		return false
	}
	for _, o := range holder.Orgs {
		if !extract.MentionsSpeaker(src.Name, extract.Speaker{Keys: []string{o}}) {
			return true
		}
	}
	return outsideOffice(holder, src.Text)
}

// outsideOffice reports whether a named speaker holds an office from
// outside the companies a story is about: analyst, economist, strategist
// (in the attribution, or beside the name elsewhere in the source).
func outsideOffice(holder extract.Speaker, srcText string) bool {
	if holder.Kind != extract.NamedSpeaker {
		return false
	}
	for _, r := range append(extract.Roles(holder.Phrase), extract.RolesOf(srcText, holder)...) {
		switch r {
		case "analyst", "economist", "strategist", "chief economist", "chief strategist":
			return true
		}
	}
	return false
}

// companyNouns name the company a story is about, in a generic
// attribution ("the bank said").
var companyNouns = []string{"company", "bank", "firm", "group", "lender", "insurer", "airline", "carrier", "retailer",
	"miner", "operator", "railroad", "railway", "utility", "business"}

// namesCompany reports whether a generic attribution names the company by a
// common noun: "the company", "the bank", or a "…maker" ("the chipmaker").
func namesCompany(phrase string) bool {
	for i := 0; ; {
		s, e, ok := extract.NextWord(phrase, i)
		if !ok {
			return false
		}
		i = e
		w := strings.ToLower(phrase[s:e])
		if slices.Contains(companyNouns, w) || strings.HasSuffix(w, "maker") { // "the chipmaker"
			return true
		}
	}
}

// sameOffice reports whether an attribution's office ("the chief
// executive", "Amazon's CEO") can be that of the speaker source text
// srcText gives a quotation: true when the attribution names none, when
// the source gives the speaker none (in the attribution or beside their
// name elsewhere), or when they share one. Only a speaker the source names
// is held to it: a source pronoun's antecedent may be uncertain.
func sameOffice(sp, holder extract.Speaker, srcText string) bool {
	if holder.Kind != extract.NamedSpeaker {
		return true
	}
	mine := extract.Roles(sp.Phrase)
	if len(mine) == 0 {
		return true
	}
	theirs := append(extract.Roles(holder.Phrase), extract.RolesOf(srcText, holder)...)
	return len(theirs) == 0 || slices.ContainsFunc(mine, func(r string) bool { return slices.Contains(theirs, r) })
}

// subset reports whether every one of keys is among of (and keys has one).
func subset(keys, of []string) bool {
	for _, k := range keys {
		if !slices.Contains(of, k) {
			return false
		}
	}
	return len(keys) > 0
}

// narrativeQuotable decides whether words found outside any quotation of
// source i may stand in quotation marks with the draft's attribution. A
// news report's own sentences are the reporter's, not anyone's quotation
// (quoting a paraphrase turns it into invented direct speech), though a
// phrase may be set in quotation marks without attributing it. A
// statement's, filing's or transcript's text is its author's own words: it
// may be quoted as the organisation's, or generically ("the company said"),
// and a transcript's as a speaker it names.
func narrativeQuotable(a *Analysis, i int, sp extract.Speaker) (bool, string) {
	src := a.Sources[i]
	if sp.Kind == extract.NoSpeaker || namesOnly(sp, src.Name) {
		return true, "" // unattributed, or attributed to the source itself ("according to Reuters")
	}
	switch src.Kind {
	case source.Statement, source.Filing, source.Transcript:
		if !sp.Known() || src.Kind == source.Transcript && extract.MentionsSpeaker(src.Text, sp) {
			return true, ""
		}
		return false, fmt.Sprintf("is attributed to %s, but in %s these words are the %s's own text, not a quotation of %s", sp.Phrase, a.sourceLabel(i), src.Kind, sp.Phrase)
	}
	who := "someone"
	if sp.Phrase != "" {
		who = sp.Phrase
	}
	return false, fmt.Sprintf("is the reporting of %s, not a quotation: those words cannot be quoted as %s's", a.sourceLabel(i), who)
}

// nearest explains a quotation found nowhere: which source passage comes
// closest and where it departs from it.
func nearest(a *Analysis, frags []fragment) (string, *draft.SourceSpan) {
	// The fragment that failed: the first one not found anywhere.
	failing := frags[0]
	for _, f := range frags {
		found := false
		for i := range a.Sources {
			if len(occurrences(a.Folded(i).Text, f, 0, len(a.Folded(i).Text), 1)) > 0 {
				found = true
				break
			}
		}
		if !found {
			failing = f
			break
		}
	}
	if len(frags) > 1 {
		allFound := true
		for _, f := range frags {
			seen := false
			for i := range a.Sources {
				if len(occurrences(a.Folded(i).Text, f, 0, len(a.Folded(i).Text), 1)) > 0 {
					seen = true
				}
			}
			allFound = allFound && seen
		}
		if allFound {
			return fmt.Sprintf("has parts that are each in a source, but not in this order or not within %d characters of each other in one source", MaxElisionGap), nil
		}
	}
	words := extract.Words(string(failing))
	n := len(words)
	pre, preSrc, preAt := longestPart(a, failing, words, true)
	suf, sufSrc, sufAt := longestPart(a, failing, words, false)
	switch {
	case pre >= 2 && suf >= 2 && pre+suf >= n && pre < n && suf < n:
		head, tail := excerpt(string(failing[:words[pre-1].End]), 60), excerpt(string(failing[words[n-suf].Start:]), 60)
		if preSrc == sufSrc && sufAt > preAt && sufAt-preAt < len(failing)+200 && a.quoteAt(preSrc, preAt) == a.quoteAt(sufSrc, sufAt) {
			return fmt.Sprintf("leaves out words without an ellipsis between “%s” and “%s”: the source reads “%s”",
				head, tail, excerpt(a.sentenceText(preSrc, preAt), 160)), a.sentenceSpan(preSrc, preAt)
		}
		return fmt.Sprintf("joins words from separate passages without an ellipsis: “%s” and “%s” are in the sources, but not next to each other",
			head, tail), a.sentenceSpan(preSrc, preAt)
	case pre >= 2 && pre >= suf:
		return fmt.Sprintf("differs from %s after “%s”: the source reads “%s”", a.sourceLabel(preSrc),
			excerpt(string(failing[:words[pre-1].End]), 60), excerpt(a.sentenceText(preSrc, preAt), 160)), a.sentenceSpan(preSrc, preAt)
	case suf >= 2:
		return fmt.Sprintf("differs from %s before “%s”: the source reads “%s”", a.sourceLabel(sufSrc),
			excerpt(string(failing[words[n-suf].Start:]), 60), excerpt(a.sentenceText(sufSrc, sufAt), 160)), a.sentenceSpan(sufSrc, sufAt)
	}
	if m, ok := a.Search().Best(string(failing)); ok && m.Coverage >= 0.3 {
		return fmt.Sprintf("does not appear in any source; the closest passage is in %s", a.sourceLabel(m.Source)),
			&draft.SourceSpan{Source: m.Source, Span: [2]int{m.Start, m.End}}
	}
	return "does not appear in any source", nil
}

// longestPart finds the most words at the start (prefix) or end of f that
// occur together in one source, by binary search over the word count.
func longestPart(a *Analysis, f fragment, words []extract.Span, prefix bool) (n, src, at int) {
	s := string(f)
	part := func(k int) string {
		if prefix {
			return s[:words[k-1].End]
		}
		return s[words[len(words)-k].Start:]
	}
	find := func(k int) (int, int, bool) {
		p := fragment(part(k))
		for i := range a.Sources {
			t := a.Folded(i).Text
			if occ := occurrences(t, p, 0, len(t), 1); len(occ) > 0 {
				return i, occ[0], true
			}
		}
		return 0, 0, false
	}
	lo, hi := 0, len(words)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if i, pos, ok := find(mid); ok {
			lo, src, at = mid, i, pos
		} else {
			hi = mid - 1
		}
	}
	return lo, src, at
}

// sentenceSpan returns the source sentence holding folded offset at of
// source i.
func (a *Analysis) sentenceSpan(i, at int) *draft.SourceSpan {
	o := a.Folded(i).Original(at)
	for _, s := range a.SourceSentences(i) {
		if o >= s.Start && o < s.End {
			return &draft.SourceSpan{Source: i, Span: [2]int{s.Start, s.End}}
		}
	}
	return &draft.SourceSpan{Source: i, Span: [2]int{o, o}}
}

func (a *Analysis) sentenceText(i, at int) string {
	sp := a.sentenceSpan(i, at)
	return a.Sources[i].Text[sp.Span[0]:sp.Span[1]]
}

// namesOnly reports whether every name word of the speaker is a word of
// name: "Amazon" for the source "Amazon", but not "Ingrid Halvorsen" for
// "Halvorsen Robotics".
func namesOnly(sp extract.Speaker, name string) bool {
	if len(sp.Keys) == 0 {
		return false
	}
	for _, k := range sp.Keys {
		if !extract.MentionsSpeaker(name, extract.Speaker{Keys: []string{k}}) {
			return false
		}
	}
	return true
}

// pronounsByMention resolves the pronoun of a draft quotation from the
// people the draft names around it, where the attribution before it does
// not settle it:
//
//   - when a sentence of the quotation's paragraph before it has one of the
//     people the sources quote as its subject ("Priya Natarajan will join
//     the board. “…,” she said."), and no attribution of another person
//     follows that sentence, the pronoun stands for that person, whatever
//     an earlier attribution said: a pronoun refers to the person last
//     named as a subject;
//   - a pronoun that no attribution resolves ("Ingrid Halvorsen expects the
//     plant to open on time. “…,” she said.") stands for the one person the
//     sources quote whom the draft text of its paragraph before it, or
//     failing that the paragraph before, mentions.
//
// Name words of the sources' own names ("Halvorsen" of Halvorsen Robotics)
// do not count as a mention, as they may name the company; a mention of two
// people leaves the pronoun as it was. It returns sps, copied when it
// changes one.
func (a *Analysis) pronounsByMention(qs []extract.Quote, sps []extract.Speaker) []extract.Speaker {
	var people []extract.Speaker // the sources' speakers, by the name words that count
	looked, copied := false, false
	quoted := func() []extract.Speaker { // every source quotation's speaker: read only when needed
		if !looked {
			people, looked = a.quotedPeople(), true
		}
		return people
	}
	out := sps
	set := func(k int, p extract.Speaker) {
		if !copied {
			out, copied = append([]extract.Speaker(nil), sps...), true
		}
		out[k].Keys, out[k].Phrase = p.Keys, p.Phrase
	}
	for k, sp := range sps {
		if sp.Kind != extract.PronounSpeaker {
			continue
		}
		if p, ok := a.lastSubjectBefore(qs[k].Start, sp, quoted); ok {
			set(k, p)
			continue
		}
		if sp.Known() || len(quoted()) == 0 {
			continue
		}
		for _, region := range a.paragraphsBefore(qs[k].Start) {
			who, n := -1, 0
			for p, person := range people {
				if extract.MentionsSpeaker(region, person) && (who < 0 || !extract.SameSpeaker(people[who], person)) {
					who, n = p, n+1
				}
			}
			if n == 0 {
				continue
			}
			if n == 1 {
				set(k, people[who])
			}
			break
		}
	}
	return out
}

// lastSubjectBefore finds the person a pronoun at offset at of the draft
// stands for by the subject of the sentences of its paragraph before it:
// going back from the quotation, the first sentence whose opening
// capitalised words (titles and honorifics included: "Chief Executive
// Ingrid Halvorsen", "Dr. Varga"; not a possessive, not a quotation) name
// one of the people the sources quote (quoted, read when first needed). It
// reports false when there is none, when that sentence names two of them,
// when the pronoun's speaker as resolved is that person, or when a
// sentence naming the resolved speaker comes first (its attribution is the
// later mention).
func (a *Analysis) lastSubjectBefore(at int, resolved extract.Speaker, quoted func() []extract.Speaker) (extract.Speaker, bool) {
	return subjectBefore(a.Doc.Text, a.DraftSentences(), at, resolved, func(subject string) (extract.Speaker, bool) {
		who, people := -1, quoted()
		for p, person := range people {
			if extract.MentionsSpeaker(subject, person) {
				if who >= 0 && !extract.SameSpeaker(people[who], person) {
					return extract.Speaker{}, true // two people: leave the pronoun as it was
				}
				who = p
			}
		}
		if who < 0 {
			return extract.Speaker{}, false
		}
		return people[who], true
	})
}

// subjectBefore walks back from offset at of text through the sentences
// (ss, text's sentences) of its paragraph, and asks person of each name
// phrase a sentence's subject may be (extract.SubjectNames) whether it is
// the person wanted: the first answer that decides is returned (found
// when it names someone). A sentence naming resolved, the pronoun's
// speaker as the attributions before it resolve it, ends the walk: that
// attribution is the later mention.
func subjectBefore(text string, ss []extract.Sentence, at int, resolved extract.Speaker, person func(subject string) (sp extract.Speaker, decided bool)) (extract.Speaker, bool) {
	k := sort.Search(len(ss), func(k int) bool { return ss[k].End > at }) // the sentence holding at
	if k >= len(ss) || ss[k].Start > at {
		return extract.Speaker{}, false
	}
	if resolved.Known() && extract.MentionsSpeaker(text[ss[k].Start:at], resolved) {
		return extract.Speaker{}, false
	}
	for j := k - 1; j >= 0 && ss[j].Block == ss[k].Block; j-- {
		sentence := text[ss[j].Start:ss[j].End]
		for _, subject := range extract.SubjectNames(sentence) {
			if resolved.Known() && extract.MentionsSpeaker(subject, resolved) {
				return extract.Speaker{}, false
			}
			if sp, decided := person(subject); decided {
				return sp, sp.Known()
			}
		}
		if resolved.Known() && extract.MentionsSpeaker(sentence, resolved) {
			return extract.Speaker{}, false
		}
	}
	return extract.Speaker{}, false
}

// sourceNameWord reports whether key is a word of a source's own name.
func (a *Analysis) sourceNameWord(key string) bool {
	for _, src := range a.Sources {
		if src.Name != "" && extract.MentionsSpeaker(src.Name, extract.Speaker{Keys: []string{key}}) {
			return true
		}
	}
	return false
}

// quotedPeople are the named speakers of the sources' quotations, each by
// the name words of theirs that no source's own name holds, once each.
func (a *Analysis) quotedPeople() []extract.Speaker {
	var people []extract.Speaker
	for i := range a.Sources {
		_, sps := a.SourceQuotes(i)
	next:
		for _, sp := range sps {
			if !sp.Known() {
				continue
			}
			var keys []string
			for _, k := range sp.Keys {
				if !a.sourceNameWord(k) {
					keys = append(keys, k)
				}
			}
			if len(keys) == 0 {
				continue
			}
			person := extract.Speaker{Kind: sp.Kind, Phrase: sp.Phrase, Keys: keys}
			for _, p := range people {
				if extract.SameSpeaker(p, person) {
					continue next
				}
			}
			people = append(people, person)
		}
	}
	return people
}

// paragraphsBefore returns the draft text before offset at in its
// paragraph, and the paragraph before that.
func (a *Analysis) paragraphsBefore(at int) []string {
	bs := a.draftBlocks()
	k := sort.Search(len(bs), func(k int) bool { return bs[k].End >= at })
	if k >= len(bs) || bs[k].Start > at {
		return nil // not inside a paragraph
	}
	out := []string{a.Doc.Text[bs[k].Start:at]}
	if k > 0 {
		out = append(out, a.Doc.Text[bs[k-1].Start:bs[k-1].End])
	}
	return out
}

// quoteAt returns the index of the quotation of source i holding folded
// offset at, or -1.
func (a *Analysis) quoteAt(i, at int) int {
	o := a.Folded(i).Original(at)
	qs, _ := a.SourceQuoteSpeakers(i)
	return quoteHolding(qs, extract.Span{Start: o, End: o})
}

// quoteHolding returns the index of the quotation (qs in text order) whose
// words contain span, or -1.
func quoteHolding(qs []extract.Quote, span extract.Span) int {
	k := sort.Search(len(qs), func(k int) bool { return qs[k].Inner.End >= span.End }) // first that could hold it
	if k < len(qs) && qs[k].Inner.Start <= span.Start && span.End <= qs[k].Inner.End {
		return k
	}
	return -1
}
