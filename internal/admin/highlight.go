package admin

import (
	"slices"
	"unicode/utf8"

	"alphadesk/internal/newsroom"
)

// Segment is a run of a story's text with the findings that cover it.
type Segment struct {
	Text string
	// Marks are the 1-based numbers of the findings whose span covers the
	// run (empty: plain text).
	Marks []int
	// Ends are the findings whose span ends with this run, for the
	// reference numbers shown after it.
	Ends []int
	// Severity is the most severe severity among Marks ("block", "hold",
	// "info"; "" for plain text).
	Severity newsroom.Severity
}

var severityRank = map[newsroom.Severity]int{newsroom.SeverityInfo: 1, newsroom.SeverityHold: 2, newsroom.SeverityBlock: 3}

// Highlight cuts text into segments at the findings' draft spans (byte
// ranges; finding i is number i+1). Spans out of range are clamped, empty
// or inverted spans mark nothing, and cuts inside a UTF-8 sequence move to
// the start of its character, so the segments always join to text.
func Highlight(text string, fs []newsroom.Finding) []Segment {
	fix := func(p int) int {
		p = min(max(p, 0), len(text))
		for p > 0 && p < len(text) && !utf8.RuneStart(text[p]) {
			p--
		}
		return p
	}
	type span struct{ start, end int }
	spans := make([]span, len(fs))
	cuts := []int{0, len(text)}
	for i, f := range fs {
		s, e := fix(f.DraftSpan[0]), fix(f.DraftSpan[1])
		spans[i] = span{s, e}
		if s < e {
			cuts = append(cuts, s, e)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []Segment
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		seg := Segment{Text: text[a:b]}
		for i, sp := range spans {
			if sp.start < sp.end && sp.start <= a && b <= sp.end {
				seg.Marks = append(seg.Marks, i+1)
				if severityRank[fs[i].Severity] >= severityRank[seg.Severity] {
					seg.Severity = fs[i].Severity
				}
				if sp.end == b {
					seg.Ends = append(seg.Ends, i+1)
				}
			}
		}
		out = append(out, seg)
	}
	return out
}
