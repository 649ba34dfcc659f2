package tagger

import (
	"slices"

	"alphadesk/internal/market"
)

// WithNames returns a copy of base in which every security that names (a
// curated master such as internal/universe) also lists, by symbol, takes that
// entry's legal name, short name and aliases. It lets a bare list such as the
// SEC's ("AMAZON COM INC", no aliases) tag "Amazon" and "Google" the way the
// curated master does. Securities only in names are not added: base is the
// universe.
func WithNames(base, names []market.Security) []market.Security {
	bySymbol := make(map[string]market.Security, len(names))
	for _, s := range names {
		bySymbol[s.Symbol] = s
	}
	out := make([]market.Security, len(base))
	for i, s := range base {
		if n, ok := bySymbol[s.Symbol]; ok {
			if n.LegalName != "" {
				s.LegalName = n.LegalName
			}
			if n.Name != "" {
				s.Name = n.Name
			}
			s.Aliases = slices.Clone(s.Aliases)
			for _, a := range n.Aliases {
				if !slices.Contains(s.Aliases, a) {
					s.Aliases = append(s.Aliases, a)
				}
			}
		}
		out[i] = s
	}
	return out
}
