package rules

import (
	"strings"
	"unicode/utf8"

	"alphadesk/internal/extract"
)

// This file holds the label of a numbered step ("week 16"), which
// number.traced reads around a plain number besides its value.

// labelWords name numbered steps: "week 16" (or "16 weeks", "16-week") is
// a point in time, not the number 16, and matches only a number with the
// same label.
var labelWords = []string{"week", "day", "month", "phase", "stage", "cycle", "cohort", "dose"}

// figureLabel returns the label word written right before a plain number
// ("week 12", before true) or right after it ("12 weeks", "12-week"),
// singular and lower-case, or "" when there is none.
func figureLabel(text string, f extract.Figure) (l string, before bool) {
	if f.Kind != extract.Count || f.Range {
		return "", false
	}
	// the word before, separated by spaces only
	i := f.Start
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	if i < f.Start {
		j := i
		for j > 0 && isASCIILetter(text[j-1]) {
			j--
		}
		if l := label(text[j:i]); l != "" && (j == 0 || !isWordByte(text[j-1])) {
			return l, true
		}
	}
	// the word after, separated by spaces or one hyphen
	i = f.End
	if i < len(text) && text[i] == '-' {
		i++
	} else {
		for i < len(text) && text[i] == ' ' {
			i++
		}
	}
	if i > f.End {
		j := i
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		if j == len(text) || !isWordByte(text[j]) {
			return label(text[i:j]), false
		}
	}
	return "", false
}

// labelsAgree reports whether a draft number and a source number may
// match by their labels: when either is a numbered step (the label
// before it, "week 16"), the other must carry the same label, before or
// after it ("week 16", "16 weeks").
func labelsAgree(dl string, db bool, sl string, sb bool) bool {
	return !db && !sb || dl == sl
}

// quotedList writes words as "a", "b" or "c", in the straight quotation
// marks of the policy text.
func quotedList(words []string) string {
	var b strings.Builder
	for i, w := range words {
		switch {
		case i > 0 && i == len(words)-1:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString(`"` + w + `"`)
	}
	return b.String()
}

// label returns w's label word ("weeks" → "week"), or "".
func label(w string) string {
	if len(w) < 3 || len(w) > 7 {
		return ""
	}
	var buf [8]byte
	b := lowerWord(w, buf[:0])
	if n := len(b); n > 3 && b[n-1] == 's' {
		b = b[:n-1]
	}
	for _, l := range labelWords {
		if string(b) == l {
			return l
		}
	}
	return ""
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isWordByte(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' || c >= utf8.RuneSelf }

// sameKind reports whether two figures measure the same kind of thing: the
// same kind, and money in the same currency.
func sameKind(a, b extract.Figure) bool {
	return a.Kind == b.Kind && a.Currency == b.Currency
}
