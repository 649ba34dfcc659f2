package market

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Exchange names the listing venue, in the spelling alphadesk shows.
type Exchange string

// Listing venues alphadesk recognises.
const (
	NASDAQ       Exchange = "NASDAQ"
	NYSE         Exchange = "NYSE"
	NYSEAmerican Exchange = "NYSE American"
	NYSEArca     Exchange = "NYSE Arca"
	CboeBZX      Exchange = "Cboe BZX"
	IEX          Exchange = "IEX"
	OTC          Exchange = "OTC"
)

var exchangeAliases = map[string]Exchange{
	"nasdaq": NASDAQ, "q": NASDAQ, "nasdaqgs": NASDAQ, "nasdaqgm": NASDAQ, "nasdaqcm": NASDAQ, "nms": NASDAQ,
	"nyse": NYSE, "n": NYSE, "new york stock exchange": NYSE,
	"nyse american": NYSEAmerican, "nyse mkt": NYSEAmerican, "amex": NYSEAmerican, "a": NYSEAmerican,
	"nyse arca": NYSEArca, "arca": NYSEArca, "p": NYSEArca,
	"cboe": CboeBZX, "cboe bzx": CboeBZX, "bats": CboeBZX, "z": CboeBZX,
	"iex": IEX, "v": IEX,
	"otc": OTC, "otcbb": OTC, "otc markets": OTC,
}

// ParseExchange maps an exchange name or one-letter venue code (as used by
// Nasdaq Trader files) to an Exchange. Empty input gives the empty Exchange.
func ParseExchange(s string) (Exchange, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	if key == "" {
		return "", nil
	}
	if e, ok := exchangeAliases[key]; ok {
		return e, nil
	}
	return "", fmt.Errorf("unknown exchange %q", s)
}

// Security is one listed instrument in the securities master.
type Security struct {
	// Symbol is the canonical ticker: upper case, share class after a dot
	// ("BRK.B"). See NormalizeSymbol.
	Symbol string `json:"symbol"`
	// ShareClass is the class letter when the symbol carries one ("B").
	ShareClass string `json:"share_class,omitempty"`
	// LegalName is the registrant's name, e.g. "Amazon.com, Inc.".
	LegalName string `json:"legal_name"`
	// Name is the short common name readers use, e.g. "Amazon".
	Name string `json:"name,omitempty"`
	// Aliases are other names a news reader would recognise ("AWS" is not
	// one: it is a business line; "Google" for GOOGL is).
	Aliases  []string `json:"aliases,omitempty"`
	CIK      int64    `json:"cik,omitempty"`
	Exchange Exchange `json:"exchange,omitempty"`
	Sector   Sector   `json:"sector,omitempty"`
	Industry string   `json:"industry,omitempty"`
	// ETF marks exchange-traded funds and other non-company instruments.
	ETF bool `json:"etf,omitempty"`
}

// DisplayName is the name to show: the short name when known, else the legal name.
func (s Security) DisplayName() string {
	if s.Name != "" {
		return s.Name
	}
	return s.LegalName
}

// ErrBadSymbol is returned (wrapped) for a symbol that cannot be a ticker.
var ErrBadSymbol = errors.New("bad symbol")

// NormalizeSymbol returns the canonical form of a ticker: trimmed, upper
// case, with the share-class separator written as a dot whatever the source
// used ("BRK-B", "BRK/B", "BRK B" and "brk.b" all become "BRK.B"). A trailing
// market suffix ".US" (Stooq) is removed. It returns the share class too.
func NormalizeSymbol(raw string) (symbol, class string, err error) {
	s := strings.ToUpper(strings.TrimSpace(raw))
	s = strings.NewReplacer("-", ".", "/", ".", " ", ".").Replace(s)
	for strings.HasSuffix(s, ".US") { // "A-US" and "A.US.US" too: the result must normalise to itself
		s = strings.TrimSuffix(s, ".US")
	}
	if s == "" {
		return "", "", fmt.Errorf("%w: empty", ErrBadSymbol)
	}
	if len(s) > 12 {
		return "", "", fmt.Errorf("%w %q: longer than 12 characters", ErrBadSymbol, raw)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '^' || c == '$' || c == '=') {
			return "", "", fmt.Errorf("%w %q: character %q not allowed", ErrBadSymbol, raw, c)
		}
	}
	if s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return "", "", fmt.Errorf("%w %q: misplaced class separator", ErrBadSymbol, raw)
	}
	if i := strings.LastIndexByte(s, '.'); i > 0 && len(s)-i-1 <= 2 {
		class = s[i+1:]
	}
	return s, class, nil
}

// Merge returns s updated with the non-empty fields of o; aliases are
// united. It is how repeated imports from several files build one record.
func (s Security) Merge(o Security) Security {
	if o.ShareClass != "" {
		s.ShareClass = o.ShareClass
	}
	if o.LegalName != "" {
		s.LegalName = o.LegalName
	}
	if o.Name != "" {
		s.Name = o.Name
	}
	if o.CIK != 0 {
		s.CIK = o.CIK
	}
	if o.Exchange != "" {
		s.Exchange = o.Exchange
	}
	if o.Sector != "" {
		s.Sector = o.Sector
	}
	if o.Industry != "" {
		s.Industry = o.Industry
	}
	s.ETF = s.ETF || o.ETF
	for _, a := range o.Aliases {
		if !slices.Contains(s.Aliases, a) {
			s.Aliases = append(s.Aliases, a)
		}
	}
	return s
}

// Validate reports the first problem that makes s unfit for the master.
func (s Security) Validate() error {
	sym, _, err := NormalizeSymbol(s.Symbol)
	if err != nil {
		return err
	}
	if sym != s.Symbol {
		return fmt.Errorf("%w %q: not canonical (want %q)", ErrBadSymbol, s.Symbol, sym)
	}
	if strings.TrimSpace(s.LegalName) == "" && strings.TrimSpace(s.Name) == "" {
		return fmt.Errorf("security %s: no name", s.Symbol)
	}
	if s.Sector != "" && !s.Sector.Valid() {
		return fmt.Errorf("security %s: sector %q is not a GICS sector", s.Symbol, s.Sector)
	}
	if s.CIK < 0 {
		return fmt.Errorf("security %s: negative CIK %d", s.Symbol, s.CIK)
	}
	return nil
}
