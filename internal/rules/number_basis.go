package rules

import (
	"strings"

	"alphadesk/internal/extract"
)

// This file holds the comparison basis of a change: a figure given "from a
// year earlier" and one given "from the prior quarter" are different
// figures even when their values agree, and confusing the two is a
// classic error of a report.

// Comparison bases of a change.
const (
	basisNone    = 0
	basisYear    = 1 // year on year: "from a year earlier", "year-over-year"
	basisQuarter = 2 // quarter on quarter: "from the prior quarter", "sequentially"
)

// basisMarkers are the phrases that give a change's basis, lower-case.
var basisMarkers = []struct {
	phrase string
	basis  int
}{
	{"year earlier", basisYear}, {"year-earlier", basisYear}, {"year ago", basisYear}, {"year-ago", basisYear},
	{"year on year", basisYear}, {"year-on-year", basisYear}, {"year over year", basisYear}, {"year-over-year", basisYear},
	{"y/y", basisYear}, {"yoy", basisYear}, {"from last year", basisYear}, {"same quarter last year", basisYear},
	{"same period last year", basisYear}, {"prior year", basisYear}, {"previous year", basisYear}, {"a year before", basisYear},
	{"prior quarter", basisQuarter}, {"previous quarter", basisQuarter}, {"preceding quarter", basisQuarter},
	{"last quarter", basisQuarter}, {"linked quarter", basisQuarter}, {"sequential", basisQuarter},
	{"quarter on quarter", basisQuarter}, {"quarter-on-quarter", basisQuarter}, {"quarter over quarter", basisQuarter},
	{"quarter-over-quarter", basisQuarter}, {"q/q", basisQuarter}, {"quarter before", basisQuarter},
}

// basisWindow is how far after a figure its basis is looked for.
const basisWindow = 60

// changeBasis returns the basis text gives figs[k], a percentage, points or
// an amount: a marker in the words right after it, up to the end of its
// clause or the next figure of the same kind ("up 7 basis points from the
// prior quarter and 12 basis points from a year ago": the first is
// quarter on quarter, the second year on year), or, failing that, one
// joined to the words just before it ("year-over-year growth of 8%").
// Two markers of different bases, or none, give basisNone.
func changeBasis(text string, figs []extract.Figure, k int) int {
	f := figs[k]
	switch f.Kind {
	case extract.Percent, extract.Points, extract.Money, extract.Count:
	default:
		return basisNone
	}
	hi := min(len(text), f.End+basisWindow)
	if k+1 < len(figs) && figs[k+1].Start < hi && sameKind(figs[k+1], f) {
		hi = max(f.End, figs[k+1].Start)
	}
	for i := f.End; i < hi; i++ {
		if c := text[i]; c == ';' || c == '\n' || (c == '.' || c == ',') && (i+1 == len(text) || text[i+1] == ' ') {
			hi = i
			break
		}
	}
	if b := basisIn(text[f.End:hi]); b != basisNone {
		return b
	}
	lo := max(0, f.Start-basisWindow/2)
	if k > 0 && figs[k-1].End > lo {
		lo = min(f.Start, figs[k-1].End)
	}
	before := text[lo:f.Start]
	if i := strings.LastIndexAny(before, ",;.\n"); i >= 0 {
		before = before[i+1:]
	}
	return basisIn(before)
}

// basisIn returns the one basis the markers in s give, or basisNone.
func basisIn(s string) int {
	// Every marker has a y or a q ("year", "quarter", "sequential"): most
	// windows have neither word and are turned away without lower-casing.
	if len(s) < 3 || !strings.Contains(s, "year") && !strings.Contains(s, "uarter") && !strings.Contains(s, "equential") &&
		!strings.ContainsAny(s, "/YQ") && !strings.Contains(s, "yoy") {
		return basisNone
	}
	ls := strings.ToLower(s)
	found := basisNone
	for _, m := range basisMarkers {
		if len(m.phrase) <= len(ls) && strings.Contains(ls, m.phrase) {
			if found != basisNone && found != m.basis {
				return basisNone
			}
			found = m.basis
		}
	}
	return found
}

// basisName describes a basis in a finding.
func basisName(b int) string {
	switch b {
	case basisYear:
		return "a change from a year earlier"
	case basisQuarter:
		return "a change from the prior quarter"
	}
	return ""
}
