package feed

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	gfatom "github.com/mmcdole/gofeed/atom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// EDGAR "getcurrent" entry titles read "FORM - COMPANY (CIK) (Role)".
var (
	edgarTitleRE = regexp.MustCompile(`^\s*(.+?)\s+-\s+(.+?)\s+\((\d{1,10})\)\s+\(([^()]+)\)\s*$`)
	accessionRE  = regexp.MustCompile(`\b(\d{10}-\d{2}-\d{6})\b`)
	filedDateRE  = regexp.MustCompile(`Filed:\s*(?:</b>\s*)?(\d{4}-\d{2}-\d{2})`)
	itemRE       = regexp.MustCompile(`Item\s+(\d{1,2}\.\d{2})`)
)

// parseEDGAR reads an SEC EDGAR Atom feed (the "getcurrent" feed, usually
// ISO-8859-1) and keeps the filings whose form type src keeps. Each filing
// appears once per party (filer, issuer, reporting owner, subject company);
// the entries are merged on the accession number, keeping the company
// entry over a reporting person's.
func parseEDGAR(src Source, body []byte, fetchedAt time.Time) (*Feed, error) {
	gf, notes, err := decodeFeed(body, true)
	if err != nil {
		return nil, err
	}
	if gf.FeedType != "atom" {
		return nil, fmt.Errorf("%w: an edgar source must serve EDGAR's Atom feed (output=atom), got %s", ErrNotAFeed, gf.FeedType)
	}
	out := &Feed{Source: src.Name, Title: plainText(gf.Title), Format: "atom", Notes: notes}
	base, _ := url.Parse("https://www.sec.gov/")
	forms := src.EDGARForms()

	type entry struct {
		item Item
		rank int
	}
	var (
		kept     []entry
		byAcc    = map[string]int{}
		skipped  = map[string]int{}
		unparsed int
		total    int
	)
	// gofeed's categories carry EDGAR's label ("form type"); the form
	// type is the term, read from the Atom entries themselves.
	var terms []string
	if af, ok := gf.OriginalFeed().(*gfatom.Feed); ok && len(af.Entries) == len(gf.Items) {
		for _, e := range af.Entries {
			term := ""
			for _, c := range e.Categories {
				if c != nil && strings.TrimSpace(c.Term) != "" {
					term = strings.TrimSpace(c.Term)
					break
				}
			}
			terms = append(terms, term)
		}
	}
	for i, gi := range gf.Items {
		if gi == nil {
			continue
		}
		total++
		f := Filing{}
		m := edgarTitleRE.FindStringSubmatch(plainText(gi.Title))
		if m == nil {
			unparsed++
			continue
		}
		f.FormType, f.Company, f.Role = strings.ToUpper(m[1]), m[2], m[4]
		f.CIK = fmt.Sprintf("%010s", m[3])
		if i < len(terms) && terms[i] != "" {
			f.FormType = strings.ToUpper(terms[i])
		}
		if !formKept(forms, f.FormType) {
			skipped[f.FormType]++
			continue
		}
		summary := gi.Description
		if a := accessionRE.FindString(gi.GUID); a != "" {
			f.Accession = a
		} else {
			f.Accession = accessionRE.FindString(summary)
		}
		f.URL = resolveLink(base, gi.Link)
		switch {
		case gi.UpdatedParsed != nil:
			f.Filed = gi.UpdatedParsed.UTC()
		case gi.PublishedParsed != nil:
			f.Filed = gi.PublishedParsed.UTC()
		default:
			if d := filedDateRE.FindStringSubmatch(summary); d != nil {
				if t, err := time.Parse("2006-01-02", d[1]); err == nil {
					f.Filed = t
				}
			}
		}
		for _, im := range itemRE.FindAllStringSubmatch(summary, -1) {
			if !slices.Contains(f.Items, im[1]) {
				f.Items = append(f.Items, im[1])
			}
		}
		guid := strings.TrimSpace(gi.GUID)
		if f.Accession != "" {
			guid = "urn:sec:accession:" + f.Accession
		}
		filing := f
		it := Item{
			Source:     src.Name,
			GUID:       guid,
			URL:        f.URL,
			Title:      fmt.Sprintf("%s files %s", f.Company, f.FormType),
			Published:  f.Filed,
			Summary:    Sanitize(summary),
			Author:     f.Company,
			Categories: []string{f.FormType},
			Filing:     &filing,
		}
		rank := roleRank(f.Role)
		if i, ok := byAcc[guid]; ok {
			if rank < kept[i].rank {
				kept[i] = entry{it, rank}
			}
			continue
		}
		byAcc[guid] = len(kept)
		kept = append(kept, entry{it, rank})
	}
	if len(kept) > MaxItems {
		out.Notes = append(out.Notes, fmt.Sprintf("the feed has %d kept filings; kept the first %d (the cap per fetch)", len(kept), MaxItems))
		kept = kept[:MaxItems]
	}
	var b itemBuilder
	b.start(out, fetchedAt)
	for _, e := range kept {
		b.add(e.item)
	}
	b.finish()
	if n := len(skipped); n > 0 {
		var parts []string
		for _, form := range sortedKeys(skipped) {
			parts = append(parts, fmt.Sprintf("%s ×%d", form, skipped[form]))
		}
		out.Notes = append(out.Notes, fmt.Sprintf("skipped entries of form types not kept (%s): %s", strings.Join(forms, ","), strings.Join(parts, ", ")))
	}
	if unparsed > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%d of %d entries have a title not in EDGAR's \"FORM - COMPANY (CIK) (Role)\" shape and were skipped", unparsed, total))
	}
	return out, nil
}

// roleRank orders the parties of a filing: the company first.
func roleRank(role string) int {
	switch strings.ToLower(role) {
	case "filer":
		return 0
	case "issuer", "subject":
		return 1
	case "filed by":
		return 2
	}
	return 3
}

// formKept reports whether form matches one of the patterns; a pattern
// ending in * matches any form starting with the rest, and "*" matches all.
func formKept(patterns []string, form string) bool {
	for _, p := range patterns {
		if prefix, ok := strings.CutSuffix(p, "*"); ok {
			if strings.HasPrefix(form, prefix) {
				return true
			}
		} else if p == form {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Exhibit is one document of an EDGAR filing, as listed on its index page.
type Exhibit struct {
	Type        string // document type, e.g. "8-K", "EX-99.1"
	Description string
	URL         string
}

// FilingDocuments lists the documents in an EDGAR filing index page (the
// "…-index.htm" page an EDGAR feed entry links to), resolving links against
// pageURL. It reads every table whose header row names Document and Type
// columns, as EDGAR's "Document Format Files" table does. Press releases are
// the documents whose type starts with EX-99; PressReleases picks them out.
func FilingDocuments(page, pageURL string) []Exhibit {
	base, _ := url.Parse(pageURL)
	var out []Exhibit
	docCol, typeCol, descCol := -1, -1, -1
	for _, row := range tableRows(page) {
		if row.header {
			docCol, typeCol, descCol = -1, -1, -1
			for i, c := range row.cells {
				switch strings.ToLower(c.text) {
				case "document":
					docCol = i
				case "type":
					typeCol = i
				case "description":
					descCol = i
				}
			}
			continue
		}
		if docCol < 0 || typeCol < 0 || docCol >= len(row.cells) || typeCol >= len(row.cells) {
			continue
		}
		ex := Exhibit{Type: strings.ToUpper(row.cells[typeCol].text), URL: resolveLink(base, row.cells[docCol].href)}
		if descCol >= 0 && descCol < len(row.cells) {
			ex.Description = row.cells[descCol].text
		}
		if ex.URL != "" && ex.Type != "" {
			out = append(out, ex)
		}
	}
	return out
}

// PressReleases returns the EX-99 documents of a filing.
func PressReleases(docs []Exhibit) []Exhibit {
	var out []Exhibit
	for _, d := range docs {
		if strings.HasPrefix(d.Type, "EX-99") {
			out = append(out, d)
		}
	}
	return out
}

type tableCell struct {
	text string // collapsed text
	href string // the first link's href, if any
}

type tableRow struct {
	header bool // every cell is a <th>
	cells  []tableCell
}

// tableRows returns the rows of every table in page, nested tables flattened.
func tableRows(page string) []tableRow {
	var (
		rows   []tableRow
		row    *tableRow
		cell   *tableCell
		text   strings.Builder
		allTH  bool
		z      = html.NewTokenizer(strings.NewReader(page))
		finish = func() {
			if cell != nil && row != nil {
				cell.text = strings.Join(strings.Fields(text.String()), " ")
				row.cells = append(row.cells, *cell)
			}
			cell = nil
			text.Reset()
		}
	)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			finish()
			if row != nil && len(row.cells) > 0 {
				row.header = allTH
				rows = append(rows, *row)
			}
			return rows
		case html.StartTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Tr:
				finish()
				if row != nil && len(row.cells) > 0 {
					row.header = allTH
					rows = append(rows, *row)
				}
				row, allTH = nil, true
				if tt == html.StartTagToken {
					row = &tableRow{}
				}
			case (a == atom.Td || a == atom.Th) && tt == html.StartTagToken:
				finish()
				cell = &tableCell{}
				if a == atom.Td {
					allTH = false
				}
			case (a == atom.Td || a == atom.Th) && tt == html.EndTagToken:
				finish()
			case a == atom.A && tt == html.StartTagToken && cell != nil && cell.href == "" && hasAttr:
				for {
					k, v, more := z.TagAttr()
					if string(k) == "href" {
						cell.href = strings.TrimSpace(string(v))
					}
					if !more {
						break
					}
				}
			}
		case html.TextToken:
			if cell != nil {
				text.Write(z.Text())
				text.WriteByte(' ')
			}
		}
	}
}
