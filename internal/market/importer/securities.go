package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"alphadesk/internal/market"
)

// newSecurity builds a security from a raw ticker, checking it.
func newSecurity(rawSymbol string) (market.Security, error) {
	sym, class, err := market.NormalizeSymbol(rawSymbol)
	if err != nil {
		return market.Security{}, err
	}
	return market.Security{Symbol: sym, ShareClass: class}, nil
}

// exchange maps a venue name or code, leaving unknown venues empty: an
// exchange alphadesk does not know is no reason to lose the security.
func exchange(s string) market.Exchange {
	e, err := market.ParseExchange(s)
	if err != nil {
		return ""
	}
	return e
}

// emitSecurity validates s and hands it to the sink, or reports the row.
func (p *parser) emitSecurity(line int, s market.Security) error {
	if err := s.Validate(); err != nil {
		return p.bad(line, "%v", err)
	}
	return p.sink.Security(line, s)
}

// --- SEC JSON -------------------------------------------------------------

// jsonErr turns a JSON decoding error into a file-level error. record is
// the record being read (0 before the first).
func (p *parser) jsonErr(record int, err error) error {
	where := p.file
	if record > 0 {
		where = fmt.Sprintf("%s: at record %d", p.file, record)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		if p.in.gzip {
			// gzip reports a cut stream as ErrUnexpectedEOF too.
			return fmt.Errorf("%s: %w", where, p.in.readError(io.ErrUnexpectedEOF))
		}
		return fmt.Errorf("%s: truncated JSON document (the file was cut short)", where)
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("%s: not a %s JSON document: %w", where, p.format.Name, err)
	}
	if strings.HasPrefix(err.Error(), "want ") {
		// From expectDelim or jsonKey: the document has another shape.
		return fmt.Errorf("%s: not a %s JSON document: %w", where, p.format.Name, err)
	}
	return fmt.Errorf("%s: %w", where, p.in.readError(err))
}

// expectDelim reads the next token and checks it is the delimiter d.
func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("want %q, found %v", d, tok)
	}
	return nil
}

// jsonKey reads an object key.
func jsonKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("want an object key, found %v", tok)
	}
	return k, nil
}

func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}

// jsonString decodes a JSON string (null gives ""), refusing invalid UTF-8,
// which encoding/json would silently replace.
func jsonString(raw json.RawMessage) (string, error) {
	if !utf8.Valid(raw) {
		return "", errors.New("invalid UTF-8")
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s is not a string", clip(string(raw), 40))
	}
	return s, nil
}

func parseSECTickersExchange(p *parser) error {
	dec := json.NewDecoder(p.in)
	if err := expectDelim(dec, '{'); err != nil {
		return p.jsonErr(0, err)
	}
	var col map[string]int
	record := 0
	for dec.More() {
		key, err := jsonKey(dec)
		if err != nil {
			return p.jsonErr(record, err)
		}
		switch key {
		case "fields":
			var fields []string
			if err := dec.Decode(&fields); err != nil {
				return p.jsonErr(record, err)
			}
			col = make(map[string]int, len(fields))
			for i, f := range fields {
				col[strings.ToLower(f)] = i
			}
			for _, need := range []string{"cik", "name", "ticker", "exchange"} {
				if _, ok := col[need]; !ok {
					return fmt.Errorf("%s: \"fields\" %q lacks %q: want [\"cik\",\"name\",\"ticker\",\"exchange\"]", p.file, fields, need)
				}
			}
		case "data":
			if col == nil {
				return fmt.Errorf("%s: \"data\" comes before \"fields\": not an SEC company_tickers_exchange.json", p.file)
			}
			if err := expectDelim(dec, '['); err != nil {
				return p.jsonErr(record, err)
			}
			for dec.More() {
				record++
				if err := p.tick(); err != nil {
					return err
				}
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return p.jsonErr(record, err)
				}
				if err := p.secExchangeRow(record, raw, col); err != nil {
					return err
				}
			}
			if err := expectDelim(dec, ']'); err != nil {
				return p.jsonErr(record, err)
			}
		default:
			if err := skipValue(dec); err != nil {
				return p.jsonErr(record, err)
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return p.jsonErr(record, err)
	}
	if col == nil {
		return fmt.Errorf("%s: no \"fields\" and \"data\": not an SEC company_tickers_exchange.json", p.file)
	}
	return nil
}

func (p *parser) secExchangeRow(record int, raw json.RawMessage, col map[string]int) error {
	var cells []json.RawMessage
	if err := json.Unmarshal(raw, &cells); err != nil {
		return p.bad(record, "want an array of %d values, found %s", len(col), clip(string(raw), 60))
	}
	if len(cells) != len(col) {
		return p.bad(record, "has %d values, want %d", len(cells), len(col))
	}
	cik, err := parseCIK(string(cells[col["cik"]]))
	if err != nil {
		return p.bad(record, "%v", err)
	}
	name, err := jsonString(cells[col["name"]])
	if err != nil {
		return p.bad(record, "name: %v", err)
	}
	ticker, err := jsonString(cells[col["ticker"]])
	if err != nil {
		return p.bad(record, "ticker: %v", err)
	}
	exch, err := jsonString(cells[col["exchange"]])
	if err != nil {
		return p.bad(record, "exchange: %v", err)
	}
	s, err := newSecurity(ticker)
	if err != nil {
		return p.bad(record, "%v", err)
	}
	s.LegalName = strings.TrimSpace(name)
	s.CIK = cik
	s.Exchange = exchange(exch)
	return p.emitSecurity(record, s)
}

func parseSECTickers(p *parser) error {
	dec := json.NewDecoder(p.in)
	if err := expectDelim(dec, '{'); err != nil {
		return p.jsonErr(0, err)
	}
	record := 0
	for dec.More() {
		if _, err := jsonKey(dec); err != nil {
			return p.jsonErr(record, err)
		}
		record++
		if err := p.tick(); err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return p.jsonErr(record, err)
		}
		if err := p.secTickersRow(record, raw); err != nil {
			return err
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return p.jsonErr(record, err)
	}
	return nil
}

func (p *parser) secTickersRow(record int, raw json.RawMessage) error {
	var row struct {
		CIK    json.RawMessage `json:"cik_str"`
		Ticker json.RawMessage `json:"ticker"`
		Title  json.RawMessage `json:"title"`
	}
	if err := json.Unmarshal(raw, &row); err != nil {
		return p.bad(record, "want an object with cik_str, ticker, title, found %s", clip(string(raw), 60))
	}
	if row.Ticker == nil {
		return p.bad(record, "no ticker")
	}
	cik, err := parseCIK(string(row.CIK))
	if err != nil {
		return p.bad(record, "%v", err)
	}
	ticker, err := jsonString(row.Ticker)
	if err != nil {
		return p.bad(record, "ticker: %v", err)
	}
	title, err := jsonString(row.Title)
	if err != nil {
		return p.bad(record, "title: %v", err)
	}
	s, err := newSecurity(ticker)
	if err != nil {
		return p.bad(record, "%v", err)
	}
	s.LegalName = strings.TrimSpace(title)
	s.CIK = cik
	return p.emitSecurity(record, s)
}

// --- CSV with GICS sectors -------------------------------------------------

var sp500Columns = &columnSet{
	required: []string{"Symbol", "Security", "GICS Sector", "GICS Sub-Industry"},
	optional: []string{"CIK"},
}

var nyseColumns = &columnSet{
	required: []string{"Ticker symbol", "Security", "GICS Sector", "GICS Sub Industry"},
	optional: []string{"CIK"},
}

func parseSP500(p *parser) error { return p.gicsCSV(sp500Columns) }

func parseNYSESecurities(p *parser) error { return p.gicsCSV(nyseColumns) }

// csvReader returns a reader for quoted CSV whose rows must have as many
// fields as the header.
func (p *parser) csvReader() *csv.Reader {
	r := csv.NewReader(p.in)
	r.ReuseRecord = true
	return r
}

// csvHeader reads and indexes the header of a CSV file.
func (p *parser) csvHeader(r *csv.Reader, cols *columnSet) (names []string, pos map[string]int, err error) {
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("%s: empty file: want the %s header %s", p.file, p.format.Name, cols.header())
	}
	if err != nil {
		return nil, nil, p.csvFileErr(err)
	}
	names = append([]string(nil), header...)
	pos, err = cols.index(names)
	if err != nil {
		return nil, nil, p.fileErr(1, "%v: not a %s file (pass --format if it is another format)", err, p.format.Name)
	}
	return names, pos, nil
}

// csvRow reads the next CSV record. A malformed record (wrong column count,
// stray quote) is reported as bad and rec is nil; err is a file error.
func (p *parser) csvRow(r *csv.Reader) (rec []string, line int, err error) {
	rec, err = r.Read()
	if err == nil {
		line, _ = r.FieldPos(0)
		return rec, line, nil
	}
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			reason = fmt.Sprintf("has %d columns, want %d (truncated or unquoted comma?)", len(rec), r.FieldsPerRecord)
		}
		return nil, pe.StartLine, p.bad(pe.StartLine, "%s", reason)
	}
	return nil, 0, p.csvFileErr(err)
}

func (p *parser) csvFileErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.Err != nil && !errors.Is(pe.Err, csv.ErrQuote) && !errors.Is(pe.Err, csv.ErrBareQuote) && !errors.Is(pe.Err, csv.ErrFieldCount) {
			return fmt.Errorf("%s: near line %d: %w", p.file, pe.Line, p.in.readError(pe.Err))
		}
		return fmt.Errorf("%s:%d: %w", p.file, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%s: %w", p.file, p.in.readError(err))
}

func (p *parser) gicsCSV(cols *columnSet) error {
	r := p.csvReader()
	names, pos, err := p.csvHeader(r, cols)
	if err != nil {
		return err
	}
	get := func(rec []string, name string) string {
		if i, ok := pos[columnKey(name)]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for {
		rec, line, err := p.csvRow(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if rec == nil {
			continue
		}
		if err := p.tick(); err != nil {
			return err
		}
		if err := checkText(names, rec); err != nil {
			if err := p.bad(line, "%v", err); err != nil {
				return err
			}
			continue
		}
		s, err := newSecurity(get(rec, cols.required[0]))
		if err != nil {
			if err := p.bad(line, "%v", err); err != nil {
				return err
			}
			continue
		}
		sector, err := market.ParseSector(get(rec, "GICS Sector"))
		if err != nil {
			if err := p.bad(line, "%v", err); err != nil {
				return err
			}
			continue
		}
		cik, err := parseCIK(get(rec, "CIK"))
		if err != nil {
			if err := p.bad(line, "%v", err); err != nil {
				return err
			}
			continue
		}
		s.Name = commonName(get(rec, "Security"))
		s.Sector = sector
		s.Industry = get(rec, cols.required[3])
		s.CIK = cik
		if err := p.emitSecurity(line, s); err != nil {
			return err
		}
	}
}

// classSuffix matches a share-class qualifier at the end of a common name:
// "Alphabet Inc. (Class A)", "Alphabet Inc Class C".
var classSuffix = regexp.MustCompile(`(?i)\s*(\(class [a-z0-9]+\)|\bclass [a-z0-9]+)$`)

// commonName cleans an index list's company name ("Alphabet Inc. (Class
// A)" becomes "Alphabet Inc."): the share class is a property of the
// security, not of the company's name.
func commonName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if t := strings.TrimSpace(classSuffix.ReplaceAllString(s, "")); t != "" {
		return t
	}
	return s
}

// --- Nasdaq Trader symbol directories -------------------------------------

var nasdaqListedHeader = &fixedHeader{sep: '|',
	fields:   []string{"Symbol", "Security Name", "Market Category", "Test Issue", "Financial Status", "Round Lot Size", "ETF"},
	optional: []string{"NextShares"},
}

var otherListedHeader = &fixedHeader{sep: '|',
	fields: []string{"ACT Symbol", "Security Name", "Exchange", "CQS Symbol", "ETF", "Round Lot Size", "Test Issue", "NASDAQ Symbol"},
}

// trailer starts the last line of a Nasdaq Trader file.
var trailer = []byte("File Creation Time:")

func parseNasdaqListed(p *parser) error {
	return p.symbolDirectory(nasdaqListedHeader, func(f []string) (sym, name, exch, etf, test string) {
		return f[0], f[1], "Q", f[6], f[3]
	})
}

func parseOtherListed(p *parser) error {
	return p.symbolDirectory(otherListedHeader, func(f []string) (sym, name, exch, etf, test string) {
		return f[0], f[1], f[2], f[4], f[6]
	})
}

func (p *parser) symbolDirectory(h *fixedHeader, pick func([]string) (sym, name, exch, etf, test string)) error {
	l := p.lines()
	ncol, err := l.header(h)
	if err != nil {
		return err
	}
	var cols [][]byte
	fields := make([]string, 0, ncol)
	for {
		raw, ok := l.next()
		if !ok {
			return l.err()
		}
		if bytes.HasPrefix(raw, trailer) || len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		if err := p.tick(); err != nil {
			return err
		}
		if !utf8.Valid(raw) {
			if err := p.bad(l.line, "invalid UTF-8: %q", clip(string(raw), 80)); err != nil {
				return err
			}
			continue
		}
		cols = split(raw, '|', cols)
		if len(cols) != ncol {
			if err := p.bad(l.line, "has %d columns, want %d", len(cols), ncol); err != nil {
				return err
			}
			continue
		}
		fields = fields[:0]
		for _, c := range cols {
			fields = append(fields, strings.TrimSpace(string(c)))
		}
		sym, name, exch, etf, test := pick(fields)
		if strings.EqualFold(test, "Y") {
			p.sink.Skip("test issue")
			continue
		}
		s, err := newSecurity(sym)
		if err != nil {
			if err := p.bad(l.line, "%v", err); err != nil {
				return err
			}
			continue
		}
		s.ETF = strings.EqualFold(etf, "Y")
		s.Exchange = exchange(exch)
		s.LegalName = issuerName(name, s.ETF)
		if err := p.emitSecurity(l.line, s); err != nil {
			return err
		}
	}
}

// Nasdaq Trader security names describe the issue after the issuer:
// "Apple Inc. - Common Stock", "Alcoa Corporation Common Stock",
// "Ares Acquisition Corporation II Redeemable Warrants, each …".
var (
	// issueWords recognise an issue description after " - ".
	issueWords = regexp.MustCompile(`(?i)\b(stock|shares?|warrants?|units?|rights?|ads|adr|depositary|depository|notes?|debentures?|closed end fund|preferred|interests?|trust certificates?)\b`)
	// issueSuffix is a trailing issue description without a dash.
	issueSuffix = regexp.MustCompile(`(?i)\s+((class|series) [a-z0-9]+ )?(common stock|common shares?|ordinary shares?|american depositary shares?|american depository shares?|ads|adr|common units.*|shares? of beneficial interest|subordinate voting shares)\s*$`)
	// issueStart is where a preferred, warrant, unit or right description begins.
	issueStart = regexp.MustCompile(`(?i)\s+(\d[\d.]*%|american depositary|american depository|depositary shares|redeemable warrants?|warrants?|units?|rights?|perpetual|fixed-to-floating|fixed rate|floating rate|non-cumulative|cumulative)(\s|,|$)`)
)

// issuerName strips the issue description from a Nasdaq Trader security
// name, leaving the issuer's legal name. Fund names (ETFs) are kept whole:
// "… ETF - February" names the fund.
func issuerName(name string, etf bool) string {
	name = strings.Join(strings.Fields(name), " ")
	if etf {
		return name
	}
	if i := strings.Index(name, " - "); i > 0 && issueWords.MatchString(name[i+3:]) {
		return strings.TrimSpace(name[:i])
	}
	// Cut at the earliest of a trailing description and the start of a
	// preferred, warrant, unit or right description.
	cut := len(name)
	for _, re := range []*regexp.Regexp{issueSuffix, issueStart} {
		if loc := re.FindStringIndex(name); loc != nil && loc[0] > 0 {
			cut = min(cut, loc[0])
		}
	}
	return strings.TrimRight(name[:cut], " ,")
}
