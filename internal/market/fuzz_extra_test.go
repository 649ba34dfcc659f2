package market

import (
	"errors"
	"testing"
)

// FuzzNormalizeSymbol feeds arbitrary tickers, as importers, the API and
// the site's paths pass them: an accepted symbol is canonical (normalising
// it again changes nothing) and made of the allowed characters, and a
// refused one wraps ErrBadSymbol.
func FuzzNormalizeSymbol(f *testing.F) {
	for _, s := range []string{"aapl", " BRK-B ", "brk/b", "BRK B", "goog.us", "^SPX", "BF.B", "A..B", ".A", "A.",
		"ABCDEFGHIJKLM", "ſ", "a.us.us", "", "$$$=", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		sym, class, err := NormalizeSymbol(raw)
		if err != nil {
			if !errors.Is(err, ErrBadSymbol) {
				t.Fatalf("NormalizeSymbol(%q): error %v does not wrap ErrBadSymbol", raw, err)
			}
			return
		}
		if sym == "" || len(sym) > 12 {
			t.Fatalf("NormalizeSymbol(%q) = %q: empty or longer than 12", raw, sym)
		}
		again, class2, err := NormalizeSymbol(sym)
		if err != nil || again != sym || class2 != class {
			t.Errorf("NormalizeSymbol(%q) = %q, %q but NormalizeSymbol(%q) = %q, %q, %v", raw, sym, class, sym, again, class2, err)
		}
	})
}

// FuzzParseSectorExchange feeds arbitrary names to ParseSector and
// ParseExchange: what they accept is a valid value (or empty for blank
// input) that parses back to itself.
func FuzzParseSectorExchange(f *testing.F) {
	for _, s := range []string{"Information Technology", "  health   care ", "tech", "Financials", "", "NASDAQ", "q", "otc markets", "N", "\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if sec, err := ParseSector(s); err == nil && sec != "" {
			if !sec.Valid() {
				t.Errorf("ParseSector(%q) = %q, not a GICS sector", s, sec)
			}
			if back, err := ParseSector(string(sec)); err != nil || back != sec {
				t.Errorf("ParseSector(%q) = %q, which parses to %q, %v", s, sec, back, err)
			}
		}
		if e, err := ParseExchange(s); err == nil && e != "" {
			if back, err := ParseExchange(string(e)); err != nil || back != e {
				t.Errorf("ParseExchange(%q) = %q, which parses to %q, %v", s, e, back, err)
			}
		}
	})
}
