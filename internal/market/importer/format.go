package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Kind is what a file holds, and so which table an import writes.
type Kind string

// The kinds of file alphadesk imports.
const (
	Securities   Kind = "securities"
	Prices       Kind = "prices"
	Fundamentals Kind = "fundamentals"
)

// Format is one supported file layout.
type Format struct {
	// Name is the stable short name used by "alphadesk import --format".
	Name string
	Kind Kind
	// Description says where such files come from, in one line.
	Description string
	// Header is the format's first line (for JSON formats, how the document
	// starts), shown in detection errors.
	Header string
	// Source is written to Bar.Source or Fact.Source; empty for securities.
	Source string

	// sniff reports whether a file's first line (or first bytes, for JSON)
	// is this format's.
	sniff func(first []byte) bool
	// fileName reports whether a base name (without .gz) is typical of
	// the format; it only breaks ties and explains detection errors.
	fileName func(base string) bool
	parse    func(p *parser) error
}

// String returns the format's name.
func (f Format) String() string { return f.Name }

// formats lists every format, securities first. Order is the order of
// Formats and of detection error messages.
var formats = []Format{
	{
		Name: "sec-tickers-exchange", Kind: Securities,
		Description: `SEC company_tickers_exchange.json: {"fields":["cik","name","ticker","exchange"],"data":[…]}`,
		Header:      `{"fields":["cik","name","ticker","exchange"],"data":[`,
		sniff:       jsonHas(`"fields"`),
		fileName:    hasPrefix("company_tickers_exchange"),
		parse:       parseSECTickersExchange,
	},
	{
		Name: "sec-tickers", Kind: Securities,
		Description: `SEC company_tickers.json: {"0":{"cik_str":…,"ticker":…,"title":…},…}`,
		Header:      `{"0":{"cik_str":`,
		sniff:       jsonHas(`"cik_str"`),
		fileName: func(b string) bool {
			return strings.HasPrefix(b, "company_tickers") && !strings.HasPrefix(b, "company_tickers_exchange")
		},
		parse: parseSECTickers,
	},
	{
		Name: "sp500-constituents", Kind: Securities,
		Description: "S&P 500 constituents CSV (datahub.io / Wikipedia) with GICS sector and sub-industry",
		Header:      sp500Columns.header(),
		sniff:       sp500Columns.sniff,
		fileName:    hasPrefix("constituents"),
		parse:       parseSP500,
	},
	{
		Name: "nyse-securities", Kind: Securities,
		Description: "Kaggle NYSE securities.csv with 2017-era GICS sectors",
		Header:      nyseColumns.header(),
		sniff:       nyseColumns.sniff,
		fileName:    hasPrefix("securities"),
		parse:       parseNYSESecurities,
	},
	{
		Name: "nasdaqlisted", Kind: Securities,
		Description: "Nasdaq Trader nasdaqlisted.txt symbol directory (pipe-delimited)",
		Header:      nasdaqListedHeader.String(),
		sniff:       nasdaqListedHeader.sniff,
		fileName:    hasPrefix("nasdaqlisted"),
		parse:       parseNasdaqListed,
	},
	{
		Name: "otherlisted", Kind: Securities,
		Description: "Nasdaq Trader otherlisted.txt symbol directory: NYSE, NYSE American, NYSE Arca, Cboe, IEX",
		Header:      otherListedHeader.String(),
		sniff:       otherListedHeader.sniff,
		fileName:    hasPrefix("otherlisted"),
		parse:       parseOtherListed,
	},
	{
		Name: "stooq-long", Kind: Prices, Source: "stooq",
		Description: "Stooq daily bars for many tickers in one long table (ticker,date,open,high,low,close,volume)",
		Header:      stooqLongHeader.String(),
		sniff:       stooqLongHeader.sniff,
		fileName:    hasPrefix("stooq_"),
		parse:       parseStooqLong,
	},
	{
		Name: "kaggle-5yr", Kind: Prices, Source: "kaggle-sp500-5yr",
		Description: "Kaggle S&P 500 five-year daily bars all_stocks_5yr.csv (date,open,high,low,close,volume,Name)",
		Header:      kaggle5yrHeader.String(),
		sniff:       kaggle5yrHeader.sniff,
		fileName:    hasPrefix("all_stocks"),
		parse:       parseKaggle5yr,
	},
	{
		Name: "stooq-daily", Kind: Prices, Source: "stooq",
		Description: "Stooq per-symbol daily history (Date,Open,High,Low,Close,Volume); the symbol comes from the file name or --symbol",
		Header:      stooqDailyHeader.String(),
		sniff:       stooqDailyHeader.sniff,
		fileName:    func(b string) bool { return symbolFromFileName(b) != "" },
		parse:       parseStooqDaily,
	},
	{
		Name: "stooq-bulk", Kind: Prices, Source: "stooq",
		Description: "Stooq bulk-download file (<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,…); only daily (PER=D) rows are used",
		Header:      stooqBulkHeader.String(),
		sniff:       stooqBulkHeader.sniff,
		fileName:    hasSuffix(".us.txt"),
		parse:       parseStooqBulk,
	},
	{
		Name: "stooq-quote", Kind: Prices, Source: "stooq",
		Description: "Stooq latest-quote CSV (Symbol,Date,Time,Open,High,Low,Close,Volume)",
		Header:      stooqQuoteHeader.String(),
		sniff:       stooqQuoteHeader.sniff,
		fileName:    func(b string) bool { return strings.Contains(b, "quote") },
		parse:       parseStooqQuote,
	},
	{
		Name: "kaggle-fundamentals", Kind: Fundamentals, Source: "kaggle-nyse-fundamentals",
		Description: "Kaggle NYSE fundamentals.csv: annual 10-K figures, no filing dates (estimated with ReportingLag)",
		Header:      kaggleFundamentalsColumns.header(),
		sniff:       kaggleFundamentalsColumns.sniff,
		fileName:    hasPrefix("fundamentals"),
		parse:       parseKaggleFundamentals,
	},
	{
		Name: "sec-companyfacts", Kind: Fundamentals, Source: "sec-companyfacts",
		Description: `SEC EDGAR XBRL companyfacts JSON (CIK##########.json): {"cik":…,"entityName":…,"facts":{…}}`,
		Header:      `{"cik":…,"entityName":…,"facts":{`,
		sniff:       jsonHas(`"facts"`),
		fileName:    hasPrefix("cik"),
		parse:       parseCompanyFacts,
	},
}

// Formats returns every supported format, securities first, then prices,
// then fundamentals.
func Formats() []Format {
	out := make([]Format, len(formats))
	copy(out, formats)
	return out
}

// Lookup returns the format with the given name.
func Lookup(name string) (Format, error) {
	for _, f := range formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown format %q: use one of %s", name, formatNames(""))
}

// formatNames lists the names of the formats of kind k (all when empty).
func formatNames(k Kind) string {
	var names []string
	for _, f := range formats {
		if k == "" || f.Kind == k {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}

// Detect picks the format of a file of kind k (any kind when empty) from
// its first bytes, already decompressed, and its name. The content decides;
// the name only breaks ties and explains a failure. When nothing matches,
// the error lists what each candidate format starts with.
func Detect(k Kind, filename string, head []byte) (Format, error) {
	head = bytes.TrimPrefix(head, utf8BOM)
	name := filepath.Base(filename)
	if len(bytes.TrimSpace(head)) == 0 {
		return Format{}, fmt.Errorf("detect format of %s: empty file", name)
	}
	first := firstLine(head)
	if jsonStart(head) {
		first = head
	}
	base := fileBase(name)
	var match []Format
	for _, f := range formats {
		if (k == "" || f.Kind == k) && f.sniff(first) {
			match = append(match, f)
		}
	}
	if len(match) > 1 {
		var byName []Format
		for _, f := range match {
			if f.fileName(base) {
				byName = append(byName, f)
			}
		}
		if len(byName) == 1 {
			return byName[0], nil
		}
		var names []string
		for _, f := range match {
			names = append(names, f.Name)
		}
		return Format{}, fmt.Errorf("detect format of %s: it could be any of %s: pass --format", name, strings.Join(names, ", "))
	}
	if len(match) == 1 {
		return match[0], nil
	}
	// Nothing of this kind matches: perhaps the file is of another kind.
	for _, f := range formats {
		if k != "" && f.Kind != k && f.sniff(first) {
			return Format{}, fmt.Errorf("detect format of %s: it looks like %s, which holds %s, not %s: run alphadesk import %s %s",
				name, f.Name, f.Kind, k, f.Kind, filename)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "detect format of %s: first line %q matches no %s format", name, clip(string(first), 80), kindLabel(k))
	for _, f := range formats {
		if (k == "" || f.Kind == k) && f.fileName(base) {
			fmt.Fprintf(&b, "; the file name suggests %s, which starts %q", f.Name, clip(f.Header, 100))
			break
		}
	}
	b.WriteString("; known formats:")
	for _, f := range formats {
		if k == "" || f.Kind == k {
			fmt.Fprintf(&b, "\n  %-20s %s", f.Name, clip(f.Header, 100))
		}
	}
	b.WriteString("\npass --format NAME if the file is one of these with a different header")
	return Format{}, fmt.Errorf("%s", b.String())
}

func kindLabel(k Kind) string {
	if k == "" {
		return "known"
	}
	return string(k)
}

// fileBase lower-cases a base name and drops a .gz suffix.
func fileBase(name string) string {
	return strings.TrimSuffix(strings.ToLower(filepath.Base(name)), ".gz")
}

func hasPrefix(p string) func(string) bool {
	return func(b string) bool { return strings.HasPrefix(b, p) }
}

func hasSuffix(s string) func(string) bool {
	return func(b string) bool { return strings.HasSuffix(b, s) }
}

// jsonHas sniffs a JSON document by a key near its start.
func jsonHas(key string) func([]byte) bool {
	return func(head []byte) bool {
		return jsonStart(head) && bytes.Contains(head, []byte(key))
	}
}

func jsonStart(head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && head[0] == '{'
}

// firstLine returns head up to its first line break, without the break.
func firstLine(head []byte) []byte {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	return bytes.TrimSuffix(head, []byte("\r"))
}

// clip shortens s to at most n bytes for a message, without splitting a
// UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
