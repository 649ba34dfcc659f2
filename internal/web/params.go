package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"alphadesk/internal/market"
)

// chartRange is a price chart's span, as in "?range=6m".
type chartRange string

// Chart ranges, shortest first.
const (
	range1M  chartRange = "1m"
	range6M  chartRange = "6m"
	range1Y  chartRange = "1y"
	range5Y  chartRange = "5y"
	rangeMax chartRange = "max"

	rangeDefault = range1Y
)

var chartRanges = []chartRange{range1M, range6M, range1Y, range5Y, rangeMax}

// parseRange reads the range query parameter; empty means the default.
func parseRange(s string) (chartRange, error) {
	if s == "" {
		return rangeDefault, nil
	}
	for _, r := range chartRanges {
		if string(r) == s {
			return r, nil
		}
	}
	return "", badParam("Unknown chart range %q. Use one of 1m, 6m, 1y, 5y or max.", truncate(s, 20))
}

// Label is the range as the range selector shows it.
func (r chartRange) Label() string {
	if r == rangeMax {
		return "Max"
	}
	return strings.ToUpper(string(r))
}

// Title is the range in words, for captions.
func (r chartRange) Title() string {
	switch r {
	case range1M:
		return "1 month"
	case range6M:
		return "6 months"
	case range1Y:
		return "1 year"
	case range5Y:
		return "5 years"
	}
	return "all history"
}

// start is the first date the range shows when its last session is last;
// zero for max.
func (r chartRange) start(last time.Time) time.Time {
	switch r {
	case range1M:
		return last.AddDate(0, -1, 0)
	case range6M:
		return last.AddDate(0, -6, 0)
	case range1Y:
		return last.AddDate(-1, 0, 0)
	case range5Y:
		return last.AddDate(-5, 0, 0)
	}
	return time.Time{}
}

// sortKey is a column of the stock list.
type sortKey string

// Stock list columns.
const (
	sortSymbol sortKey = "symbol"
	sortName   sortKey = "name"
	sortSector sortKey = "sector"
	sortClose  sortKey = "close"
	sortChange sortKey = "change"
)

var sortKeys = []sortKey{sortSymbol, sortName, sortSector, sortClose, sortChange}

// Limits of the stock list's parameters.
const (
	pageSize     = 50
	maxQueryLen  = 100
	maxPage      = 100000
	maxParamEcho = 20 // characters of a bad value quoted back
)

// paramError is a bad query parameter. Its message is written for the
// reader of the 400 page, as a sentence.
type paramError string

func (e paramError) Error() string { return string(e) }

func badParam(format string, args ...any) error {
	return paramError(fmt.Sprintf(format, args...))
}

// listParams are the stock list's query parameters, validated.
type listParams struct {
	Query  string
	Sector market.Sector // empty: all sectors
	Sort   sortKey
	Desc   bool
	Page   int // from 1
}

// parseListParams validates the stock list's query. Its errors are
// messages for the reader.
func parseListParams(q url.Values) (listParams, error) {
	p := listParams{Sort: sortSymbol, Page: 1}
	p.Query = strings.Join(strings.Fields(q.Get("q")), " ")
	if !utf8.ValidString(p.Query) {
		return p, badParam("The search text is not valid UTF-8.")
	}
	if n := utf8.RuneCountInString(p.Query); n > maxQueryLen {
		return p, badParam("The search text is %d characters long; use at most %d.", n, maxQueryLen)
	}
	if slug := q.Get("sector"); slug != "" {
		sec, ok := sectorBySlug(slug)
		if !ok {
			return p, badParam("Unknown sector %q. Use one of: %s.", truncate(slug, maxParamEcho), strings.Join(sectorSlugs(), ", "))
		}
		p.Sector = sec
	}
	if s := q.Get("sort"); s != "" {
		p.Sort = ""
		for _, k := range sortKeys {
			if string(k) == s {
				p.Sort = k
			}
		}
		if p.Sort == "" {
			return p, badParam("Cannot sort by %q. Sort by symbol, name, sector, close or change.", truncate(s, maxParamEcho))
		}
	}
	switch d := q.Get("dir"); d {
	case "", "asc":
	case "desc":
		p.Desc = true
	default:
		return p, badParam("Unknown sort direction %q. Use asc or desc.", truncate(d, maxParamEcho))
	}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			return p, badParam("Page %q is not a page number. Use a whole number from 1.", truncate(s, maxParamEcho))
		}
		p.Page = n
	}
	return p, nil
}

// URL is the canonical address of the list with these parameters; default
// values are left out.
func (p listParams) URL() string {
	// Built by hand to keep a fixed, readable order: q, sector, sort, dir, page.
	var b strings.Builder
	b.WriteString("/stocks")
	sep := byte('?')
	add := func(k, v string) {
		b.WriteByte(sep)
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
		sep = '&'
	}
	if p.Query != "" {
		add("q", p.Query)
	}
	if p.Sector != "" {
		add("sector", p.Sector.Slug())
	}
	if p.Sort != sortSymbol {
		add("sort", string(p.Sort))
	}
	if p.Desc {
		add("dir", "desc")
	}
	if p.Page > 1 {
		add("page", strconv.Itoa(p.Page))
	}
	return b.String()
}

// SortURL is the address that sorts by k: the other direction when the list
// is already sorted by k, else k's natural direction (largest first for
// numbers). It starts again from page one.
func (p listParams) SortURL(k sortKey) string {
	desc := k == sortClose || k == sortChange
	if p.Sort == k {
		desc = !p.Desc
	}
	p.Sort, p.Desc, p.Page = k, desc, 1
	return p.URL()
}

// SectorURL is the address of the list filtered to sec (empty: all sectors).
func (p listParams) SectorURL(sec market.Sector) string {
	p.Sector, p.Page = sec, 1
	return p.URL()
}

// ClearQueryURL is the address of the list without the search text.
func (p listParams) ClearQueryURL() string {
	p.Query, p.Page = "", 1
	return p.URL()
}

// PageURL is the address of page n.
func (p listParams) PageURL(n int) string {
	p.Page = n
	return p.URL()
}

func sectorBySlug(slug string) (market.Sector, bool) {
	for _, s := range market.Sectors {
		if s.Slug() == slug {
			return s, true
		}
	}
	return "", false
}

func sectorSlugs() []string {
	out := make([]string, len(market.Sectors))
	for i, s := range market.Sectors {
		out[i] = s.Slug()
	}
	return out
}

// truncate shortens s to at most n runes for quoting in a message.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
