package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// TableFormat is how a table was written.
type TableFormat string

// Table formats.
const (
	Markdown TableFormat = "markdown"
	HTML     TableFormat = "html"
)

// Table is one table found in a text.
type Table struct {
	// Span covers the whole table: every row line of a Markdown table, or
	// <table> to </table>.
	Span
	Format TableFormat
	// Header holds the header cells; it is empty when the table has none.
	Header []string
	// Rows holds the data rows' cells, trimmed of white space.
	Rows [][]string
}

// Tables finds the Markdown and HTML tables of text.
//
// A Markdown table is a header row followed by a delimiter row
// ("|---|:--:|") and data rows, or two or more consecutive lines that
// start and end with "|" (then the first line is the header only if a
// delimiter row follows it). An HTML table runs from <table> to its
// matching </table>; rows inside <thead> or made only of <th> cells are
// header rows.
func Tables(text string) []Table {
	var out []Table
	out = append(out, markdownTables(text)...)
	out = append(out, htmlTables(text)...)
	if len(out) > 1 {
		sortTables(out)
	}
	return out
}

func sortTables(ts []Table) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Start < ts[j-1].Start; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// line is one line of text without its line break.
type line struct{ start, end int }

func lines(text string) []line {
	var out []line
	for i := 0; i <= len(text); {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			out = append(out, line{i, len(text)})
			break
		}
		out = append(out, line{i, i + j})
		i += j + 1
	}
	return out
}

func markdownTables(text string) []Table {
	if !strings.Contains(text, "|") {
		return nil
	}
	ls := lines(text)
	var out []Table
	for i := 0; i < len(ls); {
		l := strings.TrimSpace(text[ls[i].start:ls[i].end])
		if !strings.Contains(l, "|") {
			i++
			continue
		}
		delimited := i+1 < len(ls) && isDelimiterRow(strings.TrimSpace(text[ls[i+1].start:ls[i+1].end]))
		if !delimited && !isPipeRow(l) {
			i++
			continue
		}
		j := i + 1
		if delimited {
			j = i + 2
		}
		for j < len(ls) {
			row := strings.TrimSpace(text[ls[j].start:ls[j].end])
			if row == "" || !strings.Contains(row, "|") || !delimited && !isPipeRow(row) {
				break
			}
			j++
		}
		if !delimited && j-i < 2 {
			i++
			continue
		}
		t := Table{Span: Span{ls[i].start, ls[j-1].end}, Format: Markdown}
		first := i
		if delimited {
			t.Header = splitRow(l)
			first = i + 2
		}
		for k := first; k < j; k++ {
			row := strings.TrimSpace(text[ls[k].start:ls[k].end])
			if isDelimiterRow(row) {
				continue
			}
			t.Rows = append(t.Rows, splitRow(row))
		}
		t.Start, t.End = trimSpan(text, t.Start, t.End)
		out = append(out, t)
		i = j
	}
	return out
}

// isPipeRow reports a line that starts and ends with "|".
func isPipeRow(l string) bool {
	return len(l) >= 2 && l[0] == '|' && l[len(l)-1] == '|'
}

// isDelimiterRow reports a Markdown delimiter row: cells of dashes with
// optional alignment colons.
func isDelimiterRow(l string) bool {
	if !strings.Contains(l, "-") || !strings.Contains(l, "|") && !strings.HasPrefix(l, "-") {
		return false
	}
	cells := 0
	for _, c := range splitRow(l) {
		c = strings.TrimSpace(c)
		c = strings.TrimPrefix(c, ":")
		c = strings.TrimSuffix(c, ":")
		if len(c) < 1 || strings.Trim(c, "-") != "" {
			return false
		}
		cells++
	}
	return cells > 0
}

// splitRow splits a Markdown row into trimmed cells; "\|" is a literal bar.
func splitRow(l string) []string {
	l = strings.TrimSpace(l)
	l = strings.TrimPrefix(l, "|")
	if strings.HasSuffix(l, "|") && !strings.HasSuffix(l, `\|`) {
		l = l[:len(l)-1]
	}
	var cells []string
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		switch {
		case l[i] == '\\' && i+1 < len(l) && l[i+1] == '|':
			b.WriteByte('|')
			i++
		case l[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(l[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// htmlTables finds <table> elements and reads their rows.
func htmlTables(text string) []Table {
	var out []Table
	for from := 0; from < len(text); {
		s := indexFold(text[from:], "<table")
		if s < 0 {
			break
		}
		s += from
		end := matchingTableEnd(text, s)
		t := readHTMLTable(text[s:end])
		t.Span = Span{s, end}
		t.Format = HTML
		out = append(out, t)
		from = end
	}
	return out
}

// indexFold is a case-insensitive strings.Index for an ASCII needle.
func indexFold(s, needle string) int {
	n := len(needle)
	for i := 0; i+n <= len(s); i++ {
		if s[i] == '<' && strings.EqualFold(s[i:i+n], needle) {
			return i
		}
	}
	return -1
}

// matchingTableEnd returns the offset after the </table> that closes the
// table opened at s, counting nested tables; an unclosed table runs to the
// end of its paragraph.
func matchingTableEnd(text string, s int) int {
	depth := 0
	for i := s; i < len(text); {
		j := strings.IndexByte(text[i:], '<')
		if j < 0 {
			break
		}
		i += j
		switch {
		case hasPrefixFold(text[i:], "<table"):
			depth++
		case hasPrefixFold(text[i:], "</table"):
			depth--
			if depth == 0 {
				k := strings.IndexByte(text[i:], '>')
				if k < 0 {
					return len(text)
				}
				return i + k + 1
			}
		}
		i++
	}
	if k := strings.Index(text[s:], "\n\n"); k >= 0 {
		return s + k
	}
	return len(text)
}

// readHTMLTable reads the rows of one table element with the tokenizer.
// Nested tables' cells are read as text of the outer cell.
func readHTMLTable(src string) Table {
	var t Table
	z := html.NewTokenizer(strings.NewReader(src))
	depth := 0
	inHead := false
	var row []string
	rowAllTH := true
	var cell *strings.Builder
	flushCell := func() {
		if cell != nil {
			row = append(row, strings.Join(strings.Fields(cell.String()), " "))
			cell = nil
		}
	}
	flushRow := func() {
		flushCell()
		if len(row) > 0 {
			if (inHead || rowAllTH) && len(t.Rows) == 0 && t.Header == nil {
				t.Header = row
			} else {
				t.Rows = append(t.Rows, row)
			}
		}
		row = nil
		rowAllTH = true
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flushRow()
			return t
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			start := tt == html.StartTagToken
			switch tag {
			case "table":
				if start {
					depth++
				} else if tt == html.EndTagToken {
					depth--
					if depth <= 0 {
						flushRow()
						return t
					}
				}
			case "thead":
				if depth == 1 {
					if !start {
						flushRow()
					}
					inHead = start
				}
			case "tr":
				if depth == 1 {
					flushRow()
				}
			case "td", "th":
				if depth == 1 {
					flushCell()
					if start {
						cell = &strings.Builder{}
						if tag == "td" {
							rowAllTH = false
						}
					}
				}
			case "br", "p", "div":
				if cell != nil {
					cell.WriteByte(' ')
				}
			}
		case html.TextToken:
			if cell != nil {
				cell.Write(z.Text())
			}
		}
	}
}
