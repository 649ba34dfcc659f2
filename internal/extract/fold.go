package extract

import (
	"sort"
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
	buf := make([]byte, 0, len(text))
	var segs []foldSeg
	linear := func(at int, s string) {
		if n := len(segs); n > 0 && segs[n-1].linear && segs[n-1].o+(len(buf)-segs[n-1].f) == at {
			buf = append(buf, s...)
			return
		}
		segs = append(segs, foldSeg{len(buf), at, true})
		buf = append(buf, s...)
	}
	replace := func(at int, s string) {
		segs = append(segs, foldSeg{len(buf), at, false})
		buf = append(buf, s...)
	}
	lastSpace := true // drop leading white space
	dash := false     // drop white space after a dash
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && plainASCII[c] {
			j := i + 1
			for j < len(text) && text[j] < utf8.RuneSelf && plainASCII[text[j]] {
				j++
			}
			linear(i, text[i:j])
			lastSpace, dash = false, false
			i = j
			continue
		}
		if c == ' ' {
			if !lastSpace && !dash {
				linear(i, " ")
				lastSpace = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			replace(i, "\uFFFD")
			lastSpace, dash = false, false
		case unicode.IsSpace(r):
			if !lastSpace && !dash {
				replace(i, " ")
				lastSpace = true
			}
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u2060':
			// invisible
		case isDashRune(r) || r == '-':
			if len(buf) > 0 && buf[len(buf)-1] == ' ' {
				buf = buf[:len(buf)-1] // no space before a dash
				if k := len(segs) - 1; segs[k].f == len(buf) {
					segs = segs[:k]
				}
			}
			if r == '-' {
				for i+n < len(text) && text[i+n] == '-' {
					n++
				}
			}
			replace(i, "-")
			lastSpace, dash = false, true
		case r == '“' || r == '”' || r == '„' || r == '‟' || r == '«' || r == '»' || r == '″':
			replace(i, `"`)
			lastSpace, dash = false, false
		case r == '‘' || r == '’' || r == '‚' || r == '‛' || r == '′' || r == '`':
			replace(i, "'")
			lastSpace, dash = false, false
		case r == '…':
			replace(i, "...")
			lastSpace, dash = false, false
		default:
			linear(i, text[i:i+n])
			lastSpace, dash = false, false
		}
		i += n
	}
	return Folded{Text: string(buf), original: text, segs: segs}
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
