// Package universe is alphadesk's curated securities master: a few hundred
// real US-listed companies across all 11 GICS sectors, written by hand and
// embedded in the binary. It is the universe of the demo database and the
// tagger's default dictionary of names.
//
// The data is universe.csv beside this file; its comment header documents
// every column. Loading checks each record with market.Security.Validate
// and the invariants a tagger relies on:
//
//   - symbols are canonical and unique;
//   - a short name or alias belongs to one company only, and is not another
//     company's ticker (share classes of one company share a CIK and may
//     share names; only the first class listed carries aliases);
//   - aliases are names a reader would recognise, never business lines or
//     brands ("AWS", "Ticketmaster") and never bare common words.
//
// Tickers and CIKs were checked against the SEC's company tickers files;
// TestSECTickers repeats the check when the shared data is present.
package universe

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"alphadesk/internal/market"
)

//go:embed universe.csv
var universeCSV []byte

// Size is a company's market-value tier. It sizes the demo data (a mega cap
// gets a mega-cap market value and revenue) and nothing else: alphadesk never
// treats it as a live figure.
type Size string

// Market-value tiers, by equity market value in US dollars.
const (
	Mega  Size = "mega"  // above $200 billion
	Large Size = "large" // $10 billion to $200 billion
	Mid   Size = "mid"   // $2 billion to $10 billion
	Small Size = "small" // below $2 billion
)

// Sizes lists the tiers from largest to smallest.
var Sizes = []Size{Mega, Large, Mid, Small}

// Valid reports whether s is one of the four tiers.
func (s Size) Valid() bool { return slices.Contains(Sizes, s) }

// Company is one security of the master with the reference facts the
// market.Security type does not carry.
type Company struct {
	market.Security
	// Size is the market-value tier.
	Size Size
	// FiscalYearEnd is the month the fiscal year ends. Companies on 52/53-week
	// years are given the month their year ends nearest to.
	FiscalYearEnd time.Month
	// Dividend reports whether the company pays a regular cash dividend.
	Dividend bool
}

// columns is the header universe.csv must have, in order.
var columns = []string{
	"symbol", "class", "legal_name", "name", "aliases", "cik", "exchange",
	"sector", "industry", "size", "fy_end", "dividend",
}

var load = sync.OnceValues(func() ([]Company, error) {
	return parse(bytes.NewReader(universeCSV))
})

// Companies returns every company in the master, in file order (by sector).
// The slice and its aliases are the caller's to change.
func Companies() ([]Company, error) {
	cs, err := load()
	if err != nil {
		return nil, err
	}
	out := make([]Company, len(cs))
	for i, c := range cs {
		c.Aliases = slices.Clone(c.Aliases)
		out[i] = c
	}
	return out, nil
}

// Securities returns the master as plain securities, in file order.
func Securities() ([]market.Security, error) {
	cs, err := Companies()
	if err != nil {
		return nil, err
	}
	out := make([]market.Security, len(cs))
	for i, c := range cs {
		out[i] = c.Security
	}
	return out, nil
}

// Lookup returns the company listed under symbol, in any spelling
// market.NormalizeSymbol accepts ("brk-b" finds BRK.B).
func Lookup(symbol string) (Company, bool) {
	sym, _, err := market.NormalizeSymbol(symbol)
	if err != nil {
		return Company{}, false
	}
	cs, err := load()
	if err != nil {
		return Company{}, false
	}
	for _, c := range cs {
		if c.Symbol == sym {
			c.Aliases = slices.Clone(c.Aliases)
			return c, true
		}
	}
	return Company{}, false
}

// parse reads and validates a master in the universe.csv format.
func parse(r io.Reader) ([]Company, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = len(columns)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read universe header: %w", err)
	}
	if !slices.Equal(header, columns) {
		return nil, fmt.Errorf("universe header %q: want %q", header, columns)
	}
	var cs []Company
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read universe: %w", err)
		}
		line, _ := cr.FieldPos(0)
		c, err := parseRecord(rec)
		if err != nil {
			return nil, fmt.Errorf("universe line %d: %w", line, err)
		}
		cs = append(cs, c)
	}
	if err := check(cs); err != nil {
		return nil, err
	}
	return cs, nil
}

func parseRecord(rec []string) (Company, error) {
	for i, f := range rec {
		if f != strings.TrimSpace(f) {
			return Company{}, fmt.Errorf("%s %q has surrounding spaces", columns[i], f)
		}
	}
	symbol, class, legal, name, aliases, cik, exchange, sector, industry, size, fyEnd, dividend :=
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7], rec[8], rec[9], rec[10], rec[11]

	c := Company{Security: market.Security{
		Symbol:     symbol,
		ShareClass: class,
		LegalName:  legal,
		Name:       name,
		Industry:   industry,
	}}
	if err := c.Validate(); err != nil {
		return Company{}, err
	}
	if _, symClass, _ := market.NormalizeSymbol(symbol); symClass != "" && symClass != class {
		return Company{}, fmt.Errorf("%s: class %q does not match the symbol's class %q", symbol, class, symClass)
	}
	if legal == "" || name == "" || industry == "" {
		return Company{}, fmt.Errorf("%s: legal_name, name and industry are required", symbol)
	}
	if aliases != "" {
		c.Aliases = strings.Split(aliases, ";")
	}
	for _, a := range c.Aliases {
		if a == "" || a != strings.TrimSpace(a) {
			return Company{}, fmt.Errorf("%s: empty or padded alias in %q", symbol, aliases)
		}
	}
	n, err := strconv.ParseInt(cik, 10, 64)
	if err != nil || n <= 0 {
		return Company{}, fmt.Errorf("%s: CIK %q is not a positive number", symbol, cik)
	}
	c.CIK = n
	ex, err := market.ParseExchange(exchange)
	if err != nil || string(ex) != exchange || ex == "" {
		return Company{}, fmt.Errorf("%s: exchange %q is not a canonical market.Exchange", symbol, exchange)
	}
	c.Exchange = ex
	c.Sector = market.Sector(sector)
	if !c.Sector.Valid() {
		return Company{}, fmt.Errorf("%s: sector %q is not one of the 11 GICS sectors", symbol, sector)
	}
	c.Size = Size(size)
	if !c.Size.Valid() {
		return Company{}, fmt.Errorf("%s: size %q is not one of %q", symbol, size, Sizes)
	}
	m, err := strconv.Atoi(fyEnd)
	if err != nil || m < 1 || m > 12 {
		return Company{}, fmt.Errorf("%s: fy_end %q is not a month number 1-12", symbol, fyEnd)
	}
	c.FiscalYearEnd = time.Month(m)
	switch dividend {
	case "yes":
		c.Dividend = true
	case "no":
	default:
		return Company{}, fmt.Errorf("%s: dividend %q is not yes or no", symbol, dividend)
	}
	return c, c.Validate()
}

// nameKey is the form names are compared in: case-folded, spaces collapsed.
func nameKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// check enforces the invariants across records.
func check(cs []Company) error {
	symbols := make(map[string]int64, len(cs))  // symbol -> CIK
	names := make(map[string]string, 2*len(cs)) // name key -> symbol that claimed it
	withAliases := make(map[int64]string)       // CIK -> symbol carrying its aliases
	for _, c := range cs {
		if _, dup := symbols[c.Symbol]; dup {
			return fmt.Errorf("universe: symbol %s listed twice", c.Symbol)
		}
		symbols[c.Symbol] = c.CIK
	}
	cikOf := func(sym string) int64 { return symbols[sym] }
	for _, c := range cs {
		if len(c.Aliases) > 0 {
			if other, ok := withAliases[c.CIK]; ok {
				return fmt.Errorf("universe: %s and %s (CIK %d) both carry aliases: only the primary class may", other, c.Symbol, c.CIK)
			}
			withAliases[c.CIK] = c.Symbol
		}
		seen := map[string]bool{}
		for i, n := range append([]string{c.Name}, c.Aliases...) {
			k := nameKey(n)
			if seen[k] {
				return fmt.Errorf("universe: %s lists %q twice among its name and aliases", c.Symbol, n)
			}
			seen[k] = true
			what := "alias"
			if i == 0 {
				what = "name"
			}
			if owner, ok := names[k]; ok && cikOf(owner) != c.CIK {
				return fmt.Errorf("universe: %s %s %q is already a name of %s", c.Symbol, what, n, owner)
			}
			names[k] = c.Symbol
			if sym := strings.ToUpper(k); symbols[sym] != 0 && symbols[sym] != c.CIK {
				return fmt.Errorf("universe: %s %s %q is the ticker of another company", c.Symbol, what, n)
			}
		}
	}
	return nil
}
