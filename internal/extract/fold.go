package extract

import (
	"math/bits"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Folded is a text with its typography folded, for comparing quotations:
// curly and straight quotation marks are one mark, every dash is "-" with
// no space around it, "…" is "...", white space runs are one space, and
// soft hyphens and zero-width characters are gone. Letter case is kept.
type Folded struct {
	Text     string
	original string
	// segs map folded offsets back: from segs[k].f on, folded bytes come
	// from segs[k].o on, one for one when the segment is linear (copied
	// text), or all from segs[k].o when it is a replacement.
	segs []foldSeg
}

type foldSeg struct {
	f, o   int
	linear bool
}

// plainASCII marks the ASCII bytes Fold copies unchanged.
var plainASCII = func() (t [128]bool) {
	for c := 0; c < 128; c++ {
		t[c] = c > ' ' && c != '-' && c != '`' && c < 127
	}
	return t
}()

// Fold folds text (see Folded).
func Fold(text string) Folded {
	// The folded text is written to a Builder, whose String does not copy.
	// A space is written only when the character after it is known (a
	// dash drops the space before it), so nothing written is taken back.
	var buf strings.Builder
	buf.Grow(len(text))
	// Sized for a segment every 40 bytes or so (news text has about one
	// every 50: paragraph breaks, dashes, curly quotation marks), so that
	// the slice is seldom copied as it grows.
	segs := make([]foldSeg, 0, len(text)/40+4)
	linear := func(at int, s string) {
		if n := len(segs); n > 0 && segs[n-1].linear && segs[n-1].o+(buf.Len()-segs[n-1].f) == at {
			buf.WriteString(s)
			return
		}
		segs = append(segs, foldSeg{buf.Len(), at, true})
		buf.WriteString(s)
	}
	replace := func(at int, s string) {
		segs = append(segs, foldSeg{buf.Len(), at, false})
		buf.WriteString(s)
	}
	// space is the white space waiting to be written as " ": at is where
	// it is in text, and linear whether it is a plain space (copied) or
	// other white space (replaced).
	var space struct {
		waiting bool
		at      int
		linear  bool
	}
	flush := func() {
		if space.waiting {
			if space.linear {
				linear(space.at, " ")
			} else {
				replace(space.at, " ")
			}
			space.waiting = false
		}
	}
	lastSpace := true // drop leading white space
	dash := false     // drop white space after a dash
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && plainASCII[c] {
			// Copy a run of plain text in one piece, with the single spaces
			// between its words: a space after a plain character is kept
			// as it is (lastSpace and dash are false there), so only runs
			// of white space and special characters need the cases below.
			j := plainRunEnd(text, i+1)
			for j < len(text) {
				if d := text[j]; d < utf8.RuneSelf && plainASCII[d] {
					j++
				} else if (d == ' ' || d == '-') && j+1 < len(text) && text[j+1] < utf8.RuneSelf && plainASCII[text[j+1]] {
					// A space, or a hyphen, between plain characters is
					// copied too: a hyphen folds to itself when no white
					// space or other dash is next to it, and the byte
					// before it, last of the run, is plain. (The case
					// below would write the same "-" as a one-byte
					// replacement, which Original maps alike.)
					j += 2
				} else {
					break
				}
			}
			flush()
			linear(i, text[i:j])
			lastSpace, dash = false, false
			i = j
			continue
		}
		if c == ' ' {
			if !lastSpace && !dash {
				space.waiting, space.at, space.linear = true, i, true
				lastSpace = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			flush()
			replace(i, "\uFFFD")
			lastSpace, dash = false, false
		case unicode.IsSpace(r):
			if !lastSpace && !dash {
				space.waiting, space.at, space.linear = true, i, false
				lastSpace = true
			}
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u2060':
			// invisible
		case isDashRune(r) || r == '-':
			space.waiting = false // no space before a dash
			if r == '-' {
				for i+n < len(text) && text[i+n] == '-' {
					n++
				}
			}
			replace(i, "-")
			lastSpace, dash = false, true
		case r == '“' || r == '”' || r == '„' || r == '‟' || r == '«' || r == '»' || r == '″':
			flush()
			replace(i, `"`)
			lastSpace, dash = false, false
		case r == '‘' || r == '’' || r == '‚' || r == '‛' || r == '′' || r == '`':
			flush()
			replace(i, "'")
			lastSpace, dash = false, false
		case r == '…':
			flush()
			replace(i, "...")
			lastSpace, dash = false, false
		default:
			flush()
			linear(i, text[i:i+n])
			lastSpace, dash = false, false
		}
		i += n
	}
	flush()
	if len(segs) == 0 {
		segs = nil // as before the slice was sized ahead
	}
	return Folded{Text: buf.String(), original: text, segs: segs}
}

// plainRunEnd returns how far from i the bytes are plain (plainASCII) or
// a space followed by a plain byte, eight at a time; Fold goes on from
// there one byte at a time, so it may stop early but never late.
func plainRunEnd(text string, i int) int {
	for i+9 <= len(text) {
		x, next := load64(text, i), load64(text, i+1)
		// plainMask of both, written out: the call is too costly to be
		// inlined
		px := inRange(x&^highBits, '!', '~') &^ x &^ eqMask(x, '-') &^ eqMask(x, '`')
		pn := inRange(next&^highBits, '!', '~') &^ next &^ eqMask(next, '-') &^ eqMask(next, '`')
		if m := ^(px | eqMask(x, ' ')&pn) & highBits; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	return i
}

// plainMask returns 0x80 in each byte of x that is plainASCII.
func plainMask(x uint64) uint64 {
	m := inRange(x&^highBits, '!', '~') &^ x // printable ASCII but the space
	return m &^ eqMask(x, '-') &^ eqMask(x, '`')
}

func isDashRune(r rune) bool {
	return r == '–' || r == '—' || r == '‒' || r == '―' || r == '−' || r == '‐' || r == '‑'
}

// Original maps a byte offset in the folded text to the original text; the
// end of the folded text maps to the end of the original.
func (f Folded) Original(i int) int {
	if i <= 0 || len(f.segs) == 0 {
		if len(f.segs) > 0 && i <= 0 {
			return f.segs[0].o
		}
		return 0
	}
	if i >= len(f.Text) {
		return len(f.original)
	}
	k := sort.Search(len(f.segs), func(k int) bool { return f.segs[k].f > i }) - 1
	if k < 0 {
		return 0
	}
	s := f.segs[k]
	if s.linear {
		return s.o + (i - s.f)
	}
	return s.o
}

// OriginalSpan maps a folded span [s, e) to the original text, trimmed of
// white space at its ends.
func (f Folded) OriginalSpan(s, e int) Span {
	os, oe := f.Original(s), f.Original(e)
	if oe < os {
		oe = os
	}
	os, oe = trimSpan(f.original, os, oe)
	return Span{os, oe}
}
