package importer

import (
	"fmt"
	"testing"

	"alphadesk/internal/market"
)

func TestParseSecurities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, format, file string
		want               []market.Security
		wantLines          []int
		wantSkipped        map[string]int
	}{
		{
			name: "SECTickersExchange", format: "sec-tickers-exchange", file: "company_tickers_exchange.json",
			want: []market.Security{
				{Symbol: "NVDA", LegalName: "NVIDIA CORP", CIK: 1045810, Exchange: market.NASDAQ},
				{Symbol: "AAPL", LegalName: "Apple Inc.", CIK: 320193, Exchange: market.NASDAQ},
				{Symbol: "BRK.B", ShareClass: "B", LegalName: "BERKSHIRE HATHAWAY INC", CIK: 1067983, Exchange: market.NYSE},
				{Symbol: "MEHCQ", LegalName: "Chrome Holding Co.", CIK: 1804591},       // "NYS": unknown venue, left empty
				{Symbol: "CCXI", LegalName: "Churchill Capital Corp XI", CIK: 2074973}, // null exchange
				{Symbol: "MRVL", LegalName: "Marvell Technology, Inc.", CIK: 1835632, Exchange: market.NASDAQ},
			},
			wantLines: []int{1, 2, 3, 4, 5, 6},
		},
		{
			name: "SECTickers", format: "sec-tickers", file: "company_tickers.json",
			want: []market.Security{
				{Symbol: "NVDA", LegalName: "NVIDIA CORP", CIK: 1045810},
				{Symbol: "AAPL", LegalName: "Apple Inc.", CIK: 320193},
				{Symbol: "MSFT", LegalName: "MICROSOFT CORP", CIK: 789019},
				{Symbol: "BRK.B", ShareClass: "B", LegalName: "BERKSHIRE HATHAWAY INC", CIK: 1067983},
			},
			wantLines: []int{1, 2, 3, 4},
		},
		{
			name: "SP500Constituents", format: "sp500-constituents", file: "constituents.csv",
			want: []market.Security{
				{Symbol: "MMM", Name: "3M", CIK: 66740, Sector: market.Industrials, Industry: "Industrial Conglomerates"},
				{Symbol: "GOOGL", Name: "Alphabet Inc.", CIK: 1652044, Sector: market.CommunicationServices, Industry: "Interactive Media & Services"},
				{Symbol: "BRK.B", ShareClass: "B", Name: "Berkshire Hathaway", CIK: 1067983, Sector: market.Financials, Industry: "Multi-Sector Holdings"},
				{Symbol: "JPM", Name: "JPMorgan Chase", CIK: 19617, Sector: market.Financials, Industry: "Diversified Banks"},
			},
			wantLines: []int{2, 3, 4, 5},
		},
		{
			name: "NYSESecurities", format: "nyse-securities", file: "securities.csv",
			want: []market.Security{
				{Symbol: "MMM", Name: "3M Company", CIK: 66740, Sector: market.Industrials, Industry: "Industrial Conglomerates"},
				{Symbol: "GOOG", Name: "Alphabet Inc", CIK: 1652044, Sector: market.InformationTechnology, Industry: "Internet Software & Services"},
				{Symbol: "T", Name: "AT&T Inc", CIK: 732717, Sector: market.CommunicationServices, Industry: "Integrated Telecommunications Services"},
				{Symbol: "BF.B", ShareClass: "B", Name: "Brown-Forman Corporation", CIK: 14693, Sector: market.ConsumerStaples, Industry: "Distillers & Vintners"},
			},
			wantLines: []int{2, 3, 4, 5},
		},
		{
			name: "NasdaqListed", format: "nasdaqlisted", file: "nasdaqlisted.txt",
			want: []market.Security{
				{Symbol: "AAPL", LegalName: "Apple Inc.", Exchange: market.NASDAQ},
				{Symbol: "AACBU", LegalName: "Artius II Acquisition Inc.", Exchange: market.NASDAQ},
				{Symbol: "AACG", LegalName: "ATA Creativity Global", Exchange: market.NASDAQ},
				{Symbol: "BFEB", LegalName: "Innovator U.S. Equity Buffer ETF - February", Exchange: market.NASDAQ, ETF: true},
				{Symbol: "MRVL", LegalName: "Marvell Technology, Inc.", Exchange: market.NASDAQ},
			},
			wantLines:   []int{2, 3, 4, 5, 6},
			wantSkipped: map[string]int{"test issue": 1},
		},
		{
			name: "OtherListed", format: "otherlisted", file: "otherlisted.txt",
			want: []market.Security{
				{Symbol: "A", LegalName: "Agilent Technologies, Inc.", Exchange: market.NYSE},
				{Symbol: "AA", LegalName: "Alcoa Corporation", Exchange: market.NYSE},
				{Symbol: "AAA", LegalName: "Alternative Access First Priority CLO Bond ETF", Exchange: market.NYSEArca, ETF: true},
				{Symbol: "AACT.W", ShareClass: "W", LegalName: "Ares Acquisition Corporation II", Exchange: market.NYSE},
				{Symbol: "ABR$D", LegalName: "Arbor Realty Trust", Exchange: market.NYSE},
				{Symbol: "BRK.B", ShareClass: "B", LegalName: "Berkshire Hathaway Inc.", Exchange: market.NYSE},
			},
			wantLines:   []int{2, 3, 4, 5, 6, 7},
			wantSkipped: map[string]int{"test issue": 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, compressed := range []bool{false, true} {
				data := fixture(t, tt.file)
				if compressed {
					data = gz(t, data)
				}
				got := parseBytes(t, tt.format, data, Options{File: tt.file})
				if got.err != nil {
					t.Fatalf("gzip=%v: Parse: %v", compressed, got.err)
				}
				checkClean(t, fmt.Sprintf("gzip=%v", compressed), got, got.secs, tt.want, tt.wantLines, tt.wantSkipped)
			}
		})
	}
}

func TestIssuerName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		etf  bool
		want string
	}{
		{"Apple Inc. - Common Stock", false, "Apple Inc."},
		{"Artius II Acquisition Inc. - Class A Ordinary Shares", false, "Artius II Acquisition Inc."},
		{"ATA Creativity Global - American Depositary Shares, each representing two common shares", false, "ATA Creativity Global"},
		{"Alcoa Corporation Common Stock ", false, "Alcoa Corporation"},
		{"Ares Acquisition Corporation II Class A Ordinary Shares", false, "Ares Acquisition Corporation II"},
		{"Ares Acquisition Corporation II Units, each consisting of one Class A ordinary share", false, "Ares Acquisition Corporation II"},
		{"Butterfly Network, Inc. Warrants", false, "Butterfly Network, Inc."},
		{"Arbor Realty Trust 6.375% Series D Cumulative Redeemable Preferred Stock", false, "Arbor Realty Trust"},
		{"BlackRock Municipal Income Trust", false, "BlackRock Municipal Income Trust"},
		{"M&T Bank Corporation Perpetual Fixed-to-Floating Rate Non-Cumulative Preferred Stock, Series H", false, "M&T Bank Corporation"},
		{"Grupo Supervielle S.A. American Depositary Shares each Representing five Class B shares", false, "Grupo Supervielle S.A."},
		{"SAP  SE ADS", false, "SAP SE"},
		{"Western Asset Bond Fund Share of Beneficial Interest", false, "Western Asset Bond Fund"},
		{"United States Cellular Corporation 5.500% Senior Notes due 2070", false, "United States Cellular Corporation"},
		{"United Rentals, Inc. Common Stock", false, "United Rentals, Inc."},
		{"Innovator U.S. Equity Buffer ETF - February", true, "Innovator U.S. Equity Buffer ETF - February"},
		{"Cyber Hornet S&P 500 and Bitcoin 75/25 Strategy ETF", true, "Cyber Hornet S&P 500 and Bitcoin 75/25 Strategy ETF"},
	}
	for _, tt := range tests {
		if got := issuerName(tt.name, tt.etf); got != tt.want {
			t.Errorf("issuerName(%q, %v) = %q, want %q", tt.name, tt.etf, got, tt.want)
		}
	}
}

func TestCommonName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Alphabet Inc. (Class A)", "Alphabet Inc."},
		{"Alphabet Inc Class C", "Alphabet Inc"},
		{"News Corp (Class B)", "News Corp"},
		{"3M", "3M"},
		{"Classic Co", "Classic Co"},
	}
	for _, tt := range tests {
		if got := commonName(tt.in); got != tt.want {
			t.Errorf("commonName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
