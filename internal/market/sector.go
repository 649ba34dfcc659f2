package market

import (
	"fmt"
	"strings"
)

// Sector is one of the 11 GICS sectors. It is the only sector taxonomy used
// anywhere in alphadesk: every importer maps vendor vocabularies ("Consumer
// Cyclical", "Technology", "Telecommunications Services" …) onto it.
type Sector string

// The 11 GICS sectors, with their exact names.
const (
	CommunicationServices Sector = "Communication Services"
	ConsumerDiscretionary Sector = "Consumer Discretionary"
	ConsumerStaples       Sector = "Consumer Staples"
	Energy                Sector = "Energy"
	Financials            Sector = "Financials"
	HealthCare            Sector = "Health Care"
	Industrials           Sector = "Industrials"
	InformationTechnology Sector = "Information Technology"
	Materials             Sector = "Materials"
	RealEstate            Sector = "Real Estate"
	Utilities             Sector = "Utilities"
)

// Sectors lists the GICS sectors in alphabetical order.
var Sectors = []Sector{
	CommunicationServices, ConsumerDiscretionary, ConsumerStaples, Energy,
	Financials, HealthCare, Industrials, InformationTechnology, Materials,
	RealEstate, Utilities,
}

// sectorAliases maps lower-cased names used by data vendors and older GICS
// versions to the current GICS sector.
var sectorAliases = map[string]Sector{
	"telecommunication services":  CommunicationServices,
	"telecommunications services": CommunicationServices,
	"telecom":                     CommunicationServices,
	"communication":               CommunicationServices,
	"communications":              CommunicationServices,
	"consumer cyclical":           ConsumerDiscretionary,
	"consumer defensive":          ConsumerStaples,
	"consumer non-cyclical":       ConsumerStaples,
	"financial":                   Financials,
	"financial services":          Financials,
	"healthcare":                  HealthCare,
	"technology":                  InformationTechnology,
	"information tech":            InformationTechnology,
	"basic materials":             Materials,
	"realestate":                  RealEstate,
	"utility":                     Utilities,
}

// ParseSector maps a sector name to its GICS sector. It accepts the exact
// GICS names (case-insensitively) and the common vendor synonyms. An empty
// string yields the empty Sector and no error.
func ParseSector(s string) (Sector, error) {
	key := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if key == "" {
		return "", nil
	}
	for _, sec := range Sectors {
		if strings.ToLower(string(sec)) == key {
			return sec, nil
		}
	}
	if sec, ok := sectorAliases[key]; ok {
		return sec, nil
	}
	return "", fmt.Errorf("unknown sector %q: use one of the 11 GICS sectors (%s)", s, sectorList())
}

func sectorList() string {
	names := make([]string, len(Sectors))
	for i, s := range Sectors {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// Valid reports whether s is one of the 11 GICS sectors.
func (s Sector) Valid() bool {
	for _, sec := range Sectors {
		if s == sec {
			return true
		}
	}
	return false
}

// Slug is the URL form of the sector, e.g. "health-care".
func (s Sector) Slug() string {
	return strings.ReplaceAll(strings.ToLower(string(s)), " ", "-")
}
