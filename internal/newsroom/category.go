package newsroom

import (
	"strings"
	"unicode"
)

// CategoryFor files a story from its sources' kinds, its headline and dek,
// and how many companies it is tagged with. The first rule that matches
// wins:
//
//  1. Earnings: the headline or dek speaks of results — earnings, results,
//     revenue, sales, profit, net income or loss, EPS, "per share",
//     guidance, outlook, quarterly, quarter, Q1–Q4, fiscal year.
//  2. Deals: acquisitions and mergers — acquire(s), acquisition, merger,
//     buyout, takeover, "to buy", "agrees to buy".
//  3. Filings: a source is a regulatory filing (kind "filing"), or the
//     headline names a filing form (8-K, 10-K, 10-Q, S-1, 13F, Form 4).
//  4. Macro: no company is tagged and the headline or dek speaks of the
//     economy — the Fed, inflation, CPI, PPI, GDP, payrolls, jobs report,
//     unemployment, interest rates, Treasury yields, recession, tariffs.
//  5. Stocks: everything else.
//
// An earnings release filed as an 8-K is therefore Earnings, and a story
// about the Fed that names companies is Stocks. Words are matched whole,
// case-insensitively.
func CategoryFor(sourceKinds []string, headline, dek string, tickers int) Category {
	text := words(headline + "\n" + dek)
	switch {
	case hasAny(text, earningsWords):
		return CategoryEarnings
	case hasAny(text, dealWords):
		return CategoryDeals
	case hasAny(words(headline), filingWords):
		return CategoryFilings
	}
	for _, k := range sourceKinds {
		if strings.EqualFold(strings.TrimSpace(k), "filing") {
			return CategoryFilings
		}
	}
	if tickers == 0 && hasAny(text, macroWords) {
		return CategoryMacro
	}
	return CategoryStocks
}

var (
	earningsWords = []string{"earnings", "results", "revenue", "revenues", "sales", "profit", "profits",
		"net income", "net loss", "eps", "per share", "guidance", "outlook", "quarterly", "quarter",
		"q1", "q2", "q3", "q4", "first-quarter", "second-quarter", "third-quarter", "fourth-quarter",
		"fiscal year", "full-year"}
	dealWords = []string{"acquire", "acquires", "acquired", "acquiring", "acquisition", "merger",
		"merge", "merges", "buyout", "takeover", "to buy", "agrees to buy"}
	filingWords = []string{"8-k", "10-k", "10-q", "s-1", "13f", "form 4", "sec filing"}
	macroWords  = []string{"fed", "federal reserve", "fomc", "inflation", "cpi", "ppi", "gdp", "payrolls",
		"jobs report", "unemployment", "interest rates", "rate cut", "rate hike", "treasury yields",
		"recession", "tariff", "tariffs", "central bank"}
)

// words lower-cases s and reduces it to " w1 w2 … " with single spaces, so
// whole words and phrases can be found with strings.Contains. Hyphens
// inside words are kept ("8-k", "third-quarter").
func words(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	rs := []rune(strings.ToLower(s))
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '-' && i > 0 && i+1 < len(rs) && isWordRune(rs[i-1]) && isWordRune(rs[i+1]):
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			if !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
		}
	}
	if !strings.HasSuffix(b.String(), " ") {
		b.WriteByte(' ')
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func hasAny(text string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(text, " "+p+" ") {
			return true
		}
	}
	return false
}
