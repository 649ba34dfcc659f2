package sentiment

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Category is a set of word-list categories, in the layout of the
// Loughran–McDonald sentiment word lists.
type Category uint8

// Word-list categories. Only Positive and Negative score; Uncertainty and
// WeakModal hedge in extra mode; the others are accepted and ignored.
const (
	CatPositive Category = 1 << iota
	CatNegative
	CatUncertainty
	CatLitigious
	CatStrongModal
	CatWeakModal
	CatConstraining
)

var categoryNames = []struct {
	name string
	cat  Category
}{
	{"positive", CatPositive}, {"negative", CatNegative}, {"uncertainty", CatUncertainty},
	{"litigious", CatLitigious}, {"strongmodal", CatStrongModal}, {"weakmodal", CatWeakModal},
	{"constraining", CatConstraining},
}

// ParseCategory reads a category name: Positive, Negative, Uncertainty,
// Litigious, StrongModal, WeakModal or Constraining, in any case, with or
// without a space or underscore ("Strong_Modal").
func ParseCategory(s string) (Category, error) {
	key := strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.TrimSpace(s)))
	for _, c := range categoryNames {
		if c.name == key {
			return c.cat, nil
		}
	}
	return 0, fmt.Errorf("unknown category %q: want Positive, Negative, Uncertainty, Litigious, StrongModal, WeakModal or Constraining", s)
}

// ErrLexicon reports a malformed user word list.
var ErrLexicon = errors.New("bad word list")

// Lexicon is a user-supplied word list: single words, each with one or
// more categories. It is immutable after ParseLexicon.
type Lexicon struct {
	words map[string]userWord
}

type userWord struct {
	word string
	cat  Category
}

// Len returns the number of distinct words.
func (l *Lexicon) Len() int { return len(l.words) }

// Lookup returns the categories of word (matched in lower case).
func (l *Lexicon) Lookup(word string) Category {
	return l.lookup([]byte(strings.ToLower(word))).cat
}

func (l *Lexicon) lookup(lower []byte) userWord { return l.words[string(lower)] }

// Counts returns the number of words in each category.
func (l *Lexicon) Counts() map[Category]int {
	out := map[Category]int{}
	for _, w := range l.words {
		for _, c := range categoryNames {
			if w.cat&c.cat != 0 {
				out[c.cat]++
			}
		}
	}
	return out
}

// String names the categories in the set, joined by "+".
func (c Category) String() string {
	var names []string
	for _, x := range categoryNames {
		if c&x.cat != 0 {
			names = append(names, x.name)
		}
	}
	return strings.Join(names, "+")
}

// ParseLexicon reads a word list in CSV layout: one "word,category" per
// line, as in the Loughran–McDonald sentiment word lists (a word may repeat
// with other categories). An optional header line "word,category", blank
// lines and lines starting with # are skipped; a UTF-8 byte-order mark and
// CRLF line ends are accepted. Words are single tokens (letters, digits,
// inner hyphens and apostrophes) and are matched in lower case. name is
// used in error messages, which have the form "name:line: problem".
func ParseLexicon(name string, data []byte) (*Lexicon, error) {
	if !utf8.Valid(data) {
		// Report the first bad line rather than the file.
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, fmt.Errorf("%w: %s:%d: not valid UTF-8: save the file as UTF-8", ErrLexicon, name, line)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	lx := &Lexicon{words: map[string]userWord{}}
	for i, line := range strings.Split(text, "\n") {
		lineNo := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) != 2 {
			return nil, fmt.Errorf("%w: %s:%d: want 2 fields \"word,category\", got %d in %q", ErrLexicon, name, lineNo, len(fields), clip(line))
		}
		word := strings.ToLower(strings.Trim(strings.TrimSpace(fields[0]), `"`))
		catName := strings.Trim(strings.TrimSpace(fields[1]), `"`)
		if lx.Len() == 0 && word == "word" && strings.EqualFold(catName, "category") {
			continue // header
		}
		if err := checkWord(word); err != nil {
			return nil, fmt.Errorf("%w: %s:%d: word %q: %v", ErrLexicon, name, lineNo, clip(word), err)
		}
		cat, err := ParseCategory(catName)
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %v", ErrLexicon, name, lineNo, err)
		}
		w := lx.words[word]
		w.word = word
		w.cat |= cat
		lx.words[word] = w
	}
	if lx.Len() == 0 {
		return nil, fmt.Errorf("%w: %s: no words (want lines of \"word,category\")", ErrLexicon, name)
	}
	return lx, nil
}

// checkWord accepts one token: letters and digits with inner hyphens or
// apostrophes.
func checkWord(w string) error {
	if w == "" {
		return errors.New("empty")
	}
	prev := rune(0)
	for i, r := range w {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		case (r == '-' || r == '\'') && i > 0 && i < len(w)-1 && prev != '-' && prev != '\'':
		default:
			return fmt.Errorf("character %q not allowed: one word of letters and digits (inner - and ' allowed)", r)
		}
		prev = r
	}
	return nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Words returns the words of the list in a category, sorted.
func (l *Lexicon) Words(c Category) []string {
	var out []string
	for w, x := range l.words {
		if x.cat&c != 0 {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}
