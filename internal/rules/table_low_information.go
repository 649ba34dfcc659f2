package rules

import (
	"fmt"
	"strings"

	"alphadesk/internal/extract"
)

// TableLowInformation removes tables that tell the reader little: too few
// rows, a column that is empty or says the same thing on every row, mostly
// empty cells, or content the text already gives.
type TableLowInformation struct {
	// MinDataRows is the fewest data rows (not counting the header) a table
	// needs.
	MinDataRows int
	// MaxEmptyShare is the largest share of empty data cells allowed.
	MaxEmptyShare float64
	// DuplicateShare is the share of non-empty data cells found in the
	// draft's text outside the table at which the table is a repeat.
	DuplicateShare float64
}

func init() {
	Register(TableLowInformation{MinDataRows: 2, MaxEmptyShare: 0.5, DuplicateShare: 0.8})
}

// Name implements Rule.
func (TableLowInformation) Name() string { return "table.low_information" }

// Description implements Rule.
func (r TableLowInformation) Description() string {
	return fmt.Sprintf(`Tables in the draft, in Markdown (rows of cells between "|", usually with a "|---|" delimiter row under the header) or HTML (`+"`<table>` … `</table>`"+`), are kept only when they add information. A table is removed from the cleaned draft when any of these holds:

- it has fewer than %d data rows (rows other than the header);
- a column is empty on every data row, or holds the same value on every data row (with at least two rows);
- more than %.0f%% of its data cells are empty;
- %.0f%% or more of its non-empty data cells already appear in the draft's text outside the table (compared case-insensitively after folding typography; a cell holding figures counts as present when each of its figures appears in the text, in any unit spelling).

Severity: **info**. A removed table does not change the decision; the finding gives its place in the draft and the reasons, and the cleaned draft omits it (an empty paragraph left behind is dropped). Figures and quotations in any table are still checked by the other rules.`,
		r.MinDataRows, r.MaxEmptyShare*100, r.DuplicateShare*100)
}

// Check implements Rule.
func (r TableLowInformation) Check(a *Analysis) []Finding {
	var fs []Finding
	for _, t := range a.DraftTables() {
		reasons := r.reasons(a, t)
		if len(reasons) == 0 {
			continue
		}
		format := "Markdown"
		if t.Format == extract.HTML {
			format = "HTML"
		}
		fs = append(fs, Finding{
			Severity:  Info,
			DraftSpan: [2]int{t.Start, t.End},
			Remove:    true,
			Message:   fmt.Sprintf("removed a low-information %s table (%d data rows): %s", format, len(t.Rows), strings.Join(reasons, "; ")),
		})
	}
	return fs
}

func (r TableLowInformation) reasons(a *Analysis, t extract.Table) []string {
	var out []string
	if len(t.Rows) < r.MinDataRows {
		out = append(out, fmt.Sprintf("fewer than %d data rows", r.MinDataRows))
	}
	cols := len(t.Header)
	for _, row := range t.Rows {
		cols = max(cols, len(row))
	}
	cell := func(row []string, c int) string {
		if c < len(row) {
			return strings.TrimSpace(row[c])
		}
		return ""
	}
	total, empty := 0, 0
	for c := 0; c < cols && len(t.Rows) > 0; c++ {
		name := fmt.Sprintf("column %d", c+1)
		if c < len(t.Header) && t.Header[c] != "" {
			name = fmt.Sprintf("column %q", t.Header[c])
		}
		first := cell(t.Rows[0], c)
		allEmpty, constant := true, true
		for _, row := range t.Rows {
			v := cell(row, c)
			total++
			if isEmptyCell(v) {
				empty++
			} else {
				allEmpty = false
			}
			if !strings.EqualFold(v, first) {
				constant = false
			}
		}
		switch {
		case allEmpty:
			out = append(out, name+" is empty")
		case constant && len(t.Rows) >= 2:
			out = append(out, fmt.Sprintf("%s has the same value %q on every row", name, first))
		}
	}
	if total > 0 && float64(empty)/float64(total) > r.MaxEmptyShare {
		out = append(out, fmt.Sprintf("%d of %d data cells are empty", empty, total))
	}
	if n, dup := duplicatedCells(a, t); n > 0 && float64(dup)/float64(n) >= r.DuplicateShare {
		out = append(out, fmt.Sprintf("%d of %d non-empty cells repeat the text", dup, n))
	}
	return out
}

func isEmptyCell(v string) bool {
	switch strings.TrimSpace(v) {
	case "", "-", "–", "—", "n/a", "N/A", "NA", "&nbsp;":
		return true
	}
	return false
}

// duplicatedCells counts the non-empty data cells and those whose content
// appears in the draft text outside the table.
func duplicatedCells(a *Analysis, t extract.Table) (n, dup int) {
	text := a.Doc.Text
	outside := text[:t.Start] + "\n" + text[t.End:]
	folded := strings.ToLower(extract.Fold(outside).Text)
	outFigs := extract.Figures(outside)
	for _, row := range t.Rows {
		for _, c := range row {
			if isEmptyCell(c) {
				continue
			}
			n++
			figs := extract.Figures(c)
			if len(figs) > 0 {
				all := true
				for _, f := range figs {
					if !figureIn(f, outFigs) {
						all = false
						break
					}
				}
				if all {
					dup++
				}
				continue
			}
			if strings.Contains(folded, strings.ToLower(extract.Fold(c).Text)) {
				dup++
			}
		}
	}
	return n, dup
}

// figureIn reports whether figs holds a figure equal to f (same kind,
// currency and values, whatever the spelling).
func figureIn(f extract.Figure, figs []extract.Figure) bool {
	for _, g := range figs {
		if g.Kind == f.Kind && g.Currency == f.Currency && g.Range == f.Range && g.Date == f.Date &&
			closeTo(g.Low.Value, f.Low.Value) && closeTo(g.High.Value, f.High.Value) {
			return true
		}
	}
	return false
}

func closeTo(x, y float64) bool {
	d := x - y
	if d < 0 {
		d = -d
	}
	m := max(abs(x), abs(y), 1)
	return d <= 1e-9*m
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
