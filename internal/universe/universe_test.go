package universe

import (
	"strings"
	"testing"
	"time"

	"alphadesk/internal/market"
)

func mustCompanies(t *testing.T) []Company {
	t.Helper()
	cs, err := Companies()
	if err != nil {
		t.Fatalf("Companies: %v", err)
	}
	return cs
}

func TestCompaniesValid(t *testing.T) {
	t.Parallel()
	cs := mustCompanies(t)
	if len(cs) < 160 {
		t.Errorf("got %d companies, want at least 160", len(cs))
	}
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", c.Symbol, err)
		}
		if !c.Sector.Valid() {
			t.Errorf("%s: sector %q not GICS", c.Symbol, c.Sector)
		}
		if c.CIK <= 0 || c.Exchange == "" || c.Industry == "" || c.LegalName == "" || c.Name == "" {
			t.Errorf("%s: missing reference fields: %+v", c.Symbol, c)
		}
		if c.ETF {
			t.Errorf("%s: the master holds companies only", c.Symbol)
		}
	}
	secs, err := Securities()
	if err != nil {
		t.Fatalf("Securities: %v", err)
	}
	if len(secs) != len(cs) {
		t.Errorf("Securities gave %d, Companies %d", len(secs), len(cs))
	}
}

func TestSectorCoverage(t *testing.T) {
	t.Parallel()
	count := map[market.Sector]int{}
	for _, c := range mustCompanies(t) {
		count[c.Sector]++
	}
	for _, s := range market.Sectors {
		t.Logf("%-24s %d", s, count[s])
		if count[s] < 8 {
			t.Errorf("sector %s: got %d companies, want at least 8", s, count[s])
		}
	}
	sizes := map[Size]int{}
	for _, c := range mustCompanies(t) {
		sizes[c.Size]++
	}
	for _, s := range Sizes {
		if sizes[s] == 0 {
			t.Errorf("no %s-cap company: the demo needs every tier", s)
		}
	}
}

func TestRequiredSymbols(t *testing.T) {
	t.Parallel()
	tests := []struct {
		symbol string
		name   string
		sector market.Sector
	}{
		// The seed story and its false positives.
		{"AMZN", "Amazon", market.ConsumerDiscretionary},
		{"AS", "Amer Sports", market.ConsumerDiscretionary},
		{"HAS", "Hasbro", market.ConsumerDiscretionary},
		{"QTWO", "Q2 Holdings", market.InformationTechnology},
		// Tickers that are common words or letters.
		{"A", "Agilent", market.HealthCare},
		{"ALL", "Allstate", market.Financials},
		{"ARE", "Alexandria Real Estate", market.RealEstate},
		{"IT", "Gartner", market.InformationTechnology},
		{"ON", "onsemi", market.InformationTechnology},
		{"NOW", "ServiceNow", market.InformationTechnology},
		{"KEY", "KeyCorp", market.Financials},
		{"CAT", "Caterpillar", market.Industrials},
		{"DIS", "Disney", market.CommunicationServices},
		{"LOW", "Lowe's", market.ConsumerDiscretionary},
		{"FAST", "Fastenal", market.Industrials},
		{"F", "Ford", market.ConsumerDiscretionary},
		{"T", "AT&T", market.CommunicationServices},
		{"C", "Citigroup", market.Financials},
		{"V", "Visa", market.Financials},
		{"D", "Dominion Energy", market.Utilities},
		{"O", "Realty Income", market.RealEstate},
		{"SO", "Southern Company", market.Utilities},
		{"ET", "Energy Transfer", market.Energy},
		{"WELL", "Welltower", market.RealEstate},
		{"OPEN", "Opendoor", market.RealEstate},
		{"MO", "Altria", market.ConsumerStaples},
		{"GE", "GE Aerospace", market.Industrials},
		{"HD", "Home Depot", market.ConsumerDiscretionary},
		{"CF", "CF Industries", market.Materials},
		{"MA", "Mastercard", market.Financials},
		{"AI", "C3.ai", market.InformationTechnology},
		{"BE", "Bloom Energy", market.Industrials},
		{"EAT", "Brinker International", market.ConsumerDiscretionary},
		// Mega caps.
		{"AAPL", "Apple", market.InformationTechnology},
		{"MSFT", "Microsoft", market.InformationTechnology},
		{"NVDA", "Nvidia", market.InformationTechnology},
		{"GOOGL", "Alphabet", market.CommunicationServices},
		{"GOOG", "Alphabet", market.CommunicationServices},
		{"META", "Meta", market.CommunicationServices},
		{"TSLA", "Tesla", market.ConsumerDiscretionary},
		{"BRK.B", "Berkshire Hathaway", market.Financials},
		{"JPM", "JPMorgan", market.Financials},
		{"XOM", "Exxon Mobil", market.Energy},
		{"JNJ", "Johnson & Johnson", market.HealthCare},
		// Amazon's competitors and partners.
		{"WMT", "Walmart", market.ConsumerStaples},
		{"COST", "Costco", market.ConsumerStaples},
		{"SHOP", "Shopify", market.InformationTechnology},
		{"UPS", "UPS", market.Industrials},
		{"FDX", "FedEx", market.Industrials},
		{"ORCL", "Oracle", market.InformationTechnology},
		{"NFLX", "Netflix", market.CommunicationServices},
	}
	for _, tt := range tests {
		c, ok := Lookup(tt.symbol)
		if !ok {
			t.Errorf("Lookup(%q): not found", tt.symbol)
			continue
		}
		if c.Name != tt.name || c.Sector != tt.sector {
			t.Errorf("Lookup(%q) = %q in %q, want %q in %q", tt.symbol, c.Name, c.Sector, tt.name, tt.sector)
		}
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"BRK.B", "BRK.B", true},
		{"brk-b", "BRK.B", true},
		{" amzn ", "AMZN", true},
		{"BRK.A", "", false}, // not in the master
		{"", "", false},
		{"AMZN!", "", false},
	}
	for _, tt := range tests {
		c, ok := Lookup(tt.in)
		if ok != tt.ok || c.Symbol != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.in, c.Symbol, ok, tt.want, tt.ok)
		}
	}
}

// owners maps every name and alias (case-folded) to the symbols that claim it.
func owners(cs []Company) map[string][]string {
	m := map[string][]string{}
	for _, c := range cs {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			m[nameKey(n)] = append(m[nameKey(n)], c.Symbol)
		}
	}
	return m
}

func TestAliases(t *testing.T) {
	t.Parallel()
	cs := mustCompanies(t)
	aliasOf := map[string]string{} // alias key -> symbol
	for _, c := range cs {
		for _, a := range c.Aliases {
			aliasOf[nameKey(a)] = c.Symbol
		}
	}
	tests := []struct {
		alias string
		want  string // "" means: must not be an alias of anyone
	}{
		{"Google", "GOOGL"},
		{"Facebook", "META"},
		{"Meta Platforms", "META"},
		{"JPMorgan Chase", "JPM"},
		{"JP Morgan", "JPM"},
		{"J.P. Morgan", "JPM"},
		{"Citi", "C"},
		{"BofA", "BAC"},
		{"P&G", "PG"},
		{"Berkshire", "BRK.B"},
		{"General Electric", "GE"},
		{"ExxonMobil", "XOM"},
		{"ON Semiconductor", "ON"},
		// The seed page's false positives, business lines, and nicknames.
		{"Q2", ""},
		{"as", ""},
		{"has", ""},
		{"AWS", ""},
		{"Amazon Web Services", ""},
		{"Big Blue", ""},
		{"Ticketmaster", ""},
		{"Dow", ""},  // the index, in market news
		{"Amex", ""}, // also the old American Stock Exchange
	}
	for _, tt := range tests {
		if got := aliasOf[nameKey(tt.alias)]; got != tt.want {
			t.Errorf("alias %q belongs to %q, want %q", tt.alias, got, tt.want)
		}
	}
	// Share classes: GOOG is Alphabet's class C and carries no aliases.
	goog, _ := Lookup("GOOG")
	googl, _ := Lookup("GOOGL")
	if goog.CIK != googl.CIK || goog.ShareClass != "C" || googl.ShareClass != "A" || len(goog.Aliases) != 0 {
		t.Errorf("GOOG/GOOGL classes: got %+v and %+v", goog, googl)
	}
	// Names and aliases of different companies never collide.
	cikOf := map[string]int64{}
	for _, c := range cs {
		cikOf[c.Symbol] = c.CIK
	}
	for k, syms := range owners(cs) {
		for _, s := range syms[1:] {
			if cikOf[s] != cikOf[syms[0]] {
				t.Errorf("name %q claimed by %s and %s", k, syms[0], s)
			}
		}
	}
}

// commonWords are English words, tokens like "Q2", and names that mean
// something else in market news ("Dow", "Amex", "Apache"). An alias equal to
// one would tag stories that never mention the company; a name too, unless
// commonNames lets it.
var commonWords = strings.Fields(`
	a all an and are as at be big blue can cat d f fast for go has have he
	hd in is it key low me mo new now o on one open or out q1 q2 q3 q4 run
	so t the to up us v we well what ally arista apache amex apple ball block bloom carnival charter delta dominion dow eat
	first ford freeport fox gap global meta match monster mosaic old pool
	progressive snap southern spectrum target travelers unity united visa
	wing
`)

// commonNames are short names that are also everyday words: a tagger must
// match them only with evidence (capitalised, near the ticker, a company
// context). They are allowed as names, never as aliases.
var commonNames = map[string]bool{"apple": true, "target": true, "visa": true, "snap": true, "meta": true, "progressive": true, "travelers": true, "mosaic": true, "carnival": true, "ford": true}

func TestNoCommonWords(t *testing.T) {
	t.Parallel()
	common := map[string]bool{}
	for _, w := range commonWords {
		common[w] = true
	}
	for _, c := range mustCompanies(t) {
		for _, a := range c.Aliases {
			if common[nameKey(a)] || len(a) < 3 {
				t.Errorf("%s: alias %q is a common word or too short", c.Symbol, a)
			}
		}
		if k := nameKey(c.Name); common[k] && !commonNames[k] {
			t.Errorf("%s: name %q is a common word; use a longer form (\"Dow Inc.\")", c.Symbol, c.Name)
		}
	}
}

func TestFiscalYearEnds(t *testing.T) {
	t.Parallel()
	tests := map[string]time.Month{"AAPL": time.September, "MSFT": time.June, "WMT": time.January, "AMZN": time.December, "COST": time.August}
	for sym, want := range tests {
		if c, _ := Lookup(sym); c.FiscalYearEnd != want {
			t.Errorf("%s fiscal year ends in %v, want %v", sym, c.FiscalYearEnd, want)
		}
	}
	payers := 0
	cs := mustCompanies(t)
	for _, c := range cs {
		if c.Dividend {
			payers++
		}
	}
	if payers == 0 || payers == len(cs) {
		t.Errorf("%d of %d companies pay dividends: want some of each", payers, len(cs))
	}
}

func TestCompaniesReturnsCopies(t *testing.T) {
	t.Parallel()
	cs := mustCompanies(t)
	for i := range cs {
		if len(cs[i].Aliases) > 0 {
			cs[i].Aliases[0] = "changed"
			sym := cs[i].Symbol
			if c, _ := Lookup(sym); c.Aliases[0] == "changed" {
				t.Fatalf("changing a returned alias changed the master")
			}
			return
		}
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	const header = "symbol,class,legal_name,name,aliases,cik,exchange,sector,industry,size,fy_end,dividend\n"
	const amzn = `AMZN,,"Amazon.com, Inc.",Amazon,Amazon.com,1018724,NASDAQ,Consumer Discretionary,Broadline Retail,mega,12,no` + "\n"
	tests := []struct {
		name, csv, want string
	}{
		{"bad header", "symbol,name\n", "header"},
		{"wrong field count", header + "AMZN,,Amazon\n", "wrong number of fields"},
		{"lower-case symbol", header + strings.Replace(amzn, "AMZN", "amzn", 1), "not canonical"},
		{"dash class", header + `BRK-B,B,"Berkshire Hathaway Inc.",Berkshire Hathaway,,1067983,NYSE,Financials,Multi-Sector Holdings,mega,12,no` + "\n", "not canonical"},
		{"class mismatch", header + `BRK.B,A,"Berkshire Hathaway Inc.",Berkshire Hathaway,,1067983,NYSE,Financials,Multi-Sector Holdings,mega,12,no` + "\n", "class"},
		{"vendor sector", header + strings.Replace(amzn, "Consumer Discretionary", "Consumer Cyclical", 1), "GICS"},
		{"no CIK", header + strings.Replace(amzn, "1018724", "", 1), "CIK"},
		{"vendor exchange", header + strings.Replace(amzn, "NASDAQ", "NasdaqGS", 1), "exchange"},
		{"bad size", header + strings.Replace(amzn, "mega", "huge", 1), "size"},
		{"bad month", header + strings.Replace(amzn, ",12,", ",13,", 1), "fy_end"},
		{"bad dividend", header + strings.Replace(amzn, ",no\n", ",maybe\n", 1), "dividend"},
		{"padded field", header + strings.Replace(amzn, "Amazon,", " Amazon,", 1), "spaces"},
		{"empty alias", header + strings.Replace(amzn, ",Amazon.com,", ",Amazon.com;;Amazon Inc,", 1), "alias"},
		{"duplicate symbol", header + amzn + amzn, "twice"},
		{"alias of another company", header + amzn +
			`HAS,,"Hasbro, Inc.",Hasbro,Amazon.com,46080,NASDAQ,Consumer Discretionary,Leisure Products,large,12,yes` + "\n", "already a name of AMZN"},
		{"alias is another company's name", header + amzn +
			`HAS,,"Hasbro, Inc.",Hasbro,amazon,46080,NASDAQ,Consumer Discretionary,Leisure Products,large,12,yes` + "\n", "already a name of AMZN"},
		{"alias is another company's ticker", header + amzn +
			`HAS,,"Hasbro, Inc.",Hasbro,Amzn,46080,NASDAQ,Consumer Discretionary,Leisure Products,large,12,yes` + "\n", "ticker of another company"},
		{"two classes with aliases", header +
			`GOOGL,A,Alphabet Inc.,Alphabet,Google,1652044,NASDAQ,Communication Services,Interactive Media & Services,mega,12,yes` + "\n" +
			`GOOG,C,Alphabet Inc.,Alphabet,Google Inc,1652044,NASDAQ,Communication Services,Interactive Media & Services,mega,12,yes` + "\n", "primary class"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(strings.NewReader(tt.csv))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parse: got error %v, want one containing %q", err, tt.want)
			}
		})
	}
	// Share classes of one company may share a name.
	ok := header +
		`GOOGL,A,Alphabet Inc.,Alphabet,Google,1652044,NASDAQ,Communication Services,Interactive Media & Services,mega,12,yes` + "\n" +
		`GOOG,C,Alphabet Inc.,Alphabet,,1652044,NASDAQ,Communication Services,Interactive Media & Services,mega,12,yes` + "\n"
	if _, err := parse(strings.NewReader(ok)); err != nil {
		t.Errorf("parse of two share classes: %v", err)
	}
}
