package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// stockListPage is the data of the stock list.
type stockListPage struct {
	layout
	Params  listParams
	Total   int // securities matching the search in the selected sector
	All     int // securities matching the search in every sector
	Facets  []sectorFacet
	Columns []listColumn
	Rows    []listRow
	Page    int
	Pages   int
	First   int // 1-based position of the first row shown
	LastRow int
	Prev    string // URL of the previous page, empty on the first
	Next    string
}

type sectorFacet struct {
	Sector  market.Sector
	Count   int
	URL     string
	Current bool
}

type listColumn struct {
	Label   string
	URL     string
	Numeric bool
	Sort    string // the aria-sort value on the sorted column, else empty
	Arrow   string
}

type listRow struct {
	Symbol, Name string
	Sector       market.Sector
	SectorURL    string
	Close        string
	Change       change
}

// listStocks renders the searchable, sortable, paginated stock list.
func (s *Server) listStocks(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := parseListParams(r.URL.Query())
	if err != nil {
		s.badRequest(w, r, err.Error())
		return
	}
	page := stockListPage{
		layout: layout{Title: "Stocks", Nav: navStocks,
			Description: "Every security on alphadesk by GICS sector, with the last close and the day's change."},
		Params: p,
		Page:   p.Page,
	}
	if p.Sector != "" {
		page.Title = string(p.Sector) + " stocks"
	}
	if p.Query != "" {
		page.Title = fmt.Sprintf("Stocks matching “%s”", p.Query)
	}

	// Sector facet: how many securities match the search in each sector.
	page.All, err = s.store.CountSecurities(ctx, store.SecurityFilter{Query: p.Query})
	if err != nil {
		s.serverError(w, r, fmt.Errorf("count securities: %w", err))
		return
	}
	for _, sec := range market.Sectors {
		n, err := s.store.CountSecurities(ctx, store.SecurityFilter{Query: p.Query, Sector: sec})
		if err != nil {
			s.serverError(w, r, fmt.Errorf("count securities in %s: %w", sec, err))
			return
		}
		page.Facets = append(page.Facets, sectorFacet{Sector: sec, Count: n, URL: p.SectorURL(sec), Current: sec == p.Sector})
		if sec == p.Sector {
			page.Total = n
		}
	}
	if p.Sector == "" {
		page.Total = page.All
	}
	page.Pages = max(1, (page.Total+pageSize-1)/pageSize)
	if p.Page > page.Pages {
		s.notFound(w, r)
		return
	}

	quotes, err := s.pageOfQuotes(r, p, page.Total)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, q := range quotes {
		row := listRow{Symbol: q.Security.Symbol, Name: q.Security.DisplayName(), Sector: q.Security.Sector, Close: notAvailable}
		if q.Security.Sector != "" {
			row.SectorURL = p.SectorURL(q.Security.Sector)
		}
		if q.HasPrice() {
			row.Close = money(q.Last.Close)
			if !slices.Contains(page.Lineage.Prices, q.Last.Source) && q.Last.Source != "" {
				page.Lineage.Prices = append(page.Lineage.Prices, q.Last.Source)
			}
		}
		row.Change = newChange(q.Change())
		page.Rows = append(page.Rows, row)
	}
	slices.Sort(page.Lineage.Prices)
	page.Demo = slices.Contains(page.Lineage.Prices, demoSource)

	if len(quotes) > 0 {
		page.First = (p.Page-1)*pageSize + 1
		page.LastRow = page.First + len(quotes) - 1
	}
	if p.Page > 1 {
		page.Prev = p.PageURL(p.Page - 1)
	}
	if p.Page < page.Pages {
		page.Next = p.PageURL(p.Page + 1)
	}
	page.Columns = listColumns(p)
	s.html(w, r, http.StatusOK, "stock_list", page)
}

// pageOfQuotes reads the quotes shown on page p.Page of total. The store
// orders by symbol, so a symbol sort pages in the store; other sorts read
// every match and sort here.
func (s *Server) pageOfQuotes(r *http.Request, p listParams, total int) ([]store.Quote, error) {
	f := store.SecurityFilter{Query: p.Query, Sector: p.Sector}
	offset := (p.Page - 1) * pageSize
	if p.Sort == sortSymbol {
		f.Limit, f.Offset = pageSize, offset
		if p.Desc {
			// Page n from the end of the ascending order, reversed.
			end := total - offset
			f.Offset, f.Limit = max(0, end-pageSize), min(pageSize, end)
		}
		if f.Limit <= 0 {
			return nil, nil
		}
		qs, err := s.store.Quotes(r.Context(), f)
		if err != nil {
			return nil, fmt.Errorf("quotes: %w", err)
		}
		if p.Desc {
			slices.Reverse(qs)
		}
		return qs, nil
	}
	qs, err := s.store.Quotes(r.Context(), f)
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	sortQuotes(qs, p.Sort, p.Desc)
	if offset >= len(qs) {
		return nil, nil
	}
	return qs[offset:min(len(qs), offset+pageSize)], nil
}

// sortQuotes orders quotes by key; securities without the value (no price,
// no sector) come last in either direction, and ties go by symbol.
func sortQuotes(qs []store.Quote, key sortKey, desc bool) {
	value := func(q store.Quote) (float64, bool) {
		switch key {
		case sortClose:
			return q.Last.Close, q.HasPrice()
		case sortChange:
			_, pct, ok := q.Change()
			return pct, ok
		}
		return 0, false
	}
	text := func(q store.Quote) (string, bool) {
		switch key {
		case sortName:
			return strings.ToLower(q.Security.DisplayName()), true
		case sortSector:
			return string(q.Security.Sector), q.Security.Sector != ""
		}
		return q.Security.Symbol, true
	}
	numeric := key == sortClose || key == sortChange
	slices.SortStableFunc(qs, func(a, b store.Quote) int {
		var c int
		var okA, okB bool
		if numeric {
			var va, vb float64
			va, okA = value(a)
			vb, okB = value(b)
			c = cmp.Compare(va, vb)
		} else {
			var ta, tb string
			ta, okA = text(a)
			tb, okB = text(b)
			c = cmp.Compare(ta, tb)
		}
		switch {
		case okA != okB && okA:
			return -1
		case okA != okB:
			return 1
		case !okA:
			c = 0
		}
		if desc {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(a.Security.Symbol, b.Security.Symbol)
		}
		return c
	})
}

func listColumns(p listParams) []listColumn {
	cols := []struct {
		key     sortKey
		label   string
		numeric bool
	}{
		{sortSymbol, "Symbol", false},
		{sortName, "Name", false},
		{sortSector, "Sector", false},
		{sortClose, "Last close", true},
		{sortChange, "Day change", true},
	}
	out := make([]listColumn, len(cols))
	for i, c := range cols {
		out[i] = listColumn{Label: c.label, URL: p.SortURL(c.key), Numeric: c.numeric}
		if p.Sort == c.key {
			out[i].Sort, out[i].Arrow = "ascending", "▲"
			if p.Desc {
				out[i].Sort, out[i].Arrow = "descending", "▼"
			}
		}
	}
	return out
}
