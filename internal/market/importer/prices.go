package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"alphadesk/internal/market"
)

var (
	stooqLongHeader  = &fixedHeader{sep: ',', fields: []string{"ticker", "date", "open", "high", "low", "close", "volume"}}
	kaggle5yrHeader  = &fixedHeader{sep: ',', fields: []string{"date", "open", "high", "low", "close", "volume", "Name"}}
	stooqDailyHeader = &fixedHeader{sep: ',', fields: []string{"Date", "Open", "High", "Low", "Close", "Volume"}, optional: []string{"OpenInt"}}
	stooqBulkHeader  = &fixedHeader{sep: ',', fields: []string{"<TICKER>", "<PER>", "<DATE>", "<TIME>", "<OPEN>", "<HIGH>", "<LOW>", "<CLOSE>", "<VOL>", "<OPENINT>"}}
	stooqQuoteHeader = &fixedHeader{sep: ',', fields: []string{"Symbol", "Date", "Time", "Open", "High", "Low", "Close", "Volume"}}
)

// priceRow is one row's raw cells, positions fixed by the format.
type priceRow struct {
	symbol, date                   []byte
	open, high, low, close, volume []byte
	compactDate                    bool // YYYYMMDD (Stooq bulk)
	fillMissing                    bool // open/high/low may be empty (Kaggle 5yr)
}

// priceFile runs the shared loop of the price formats: header, then one
// bar per line. row picks the cells of a split line; it returns skip to
// leave a row out on purpose (with the reason), or a non-empty bad reason.
func (p *parser) priceFile(h *fixedHeader, row func(cols [][]byte, r *priceRow) (skip, bad string)) error {
	l := p.lines()
	ncol, err := l.header(h)
	if err != nil {
		return err
	}
	syms := symbols{}
	cols := make([][]byte, 0, ncol+1)
	var r priceRow
	for {
		line, ok := l.next()
		if !ok {
			return l.err()
		}
		if len(line) == 0 {
			continue
		}
		if err := p.tick(); err != nil {
			return err
		}
		cols = split(line, ',', cols)
		if len(cols) != ncol {
			if err := p.bad(l.line, "has %d columns, want %d (%s)", len(cols), ncol, h); err != nil {
				return err
			}
			continue
		}
		r = priceRow{}
		skip, reason := row(cols, &r)
		if skip != "" {
			p.sink.Skip(skip)
			continue
		}
		if reason != "" {
			if err := p.bad(l.line, "%s", reason); err != nil {
				return err
			}
			continue
		}
		b, reason := p.bar(syms, &r)
		if reason != "" {
			if err := p.bad(l.line, "%s", reason); err != nil {
				return err
			}
			continue
		}
		if err := p.sink.Bar(l.line, b); err != nil {
			return err
		}
	}
}

// bar converts and validates one row. The reason is empty on success.
func (p *parser) bar(syms symbols, r *priceRow) (market.Bar, string) {
	var b market.Bar
	sym, _, err := syms.normalize(r.symbol)
	if err != nil {
		return b, err.Error()
	}
	b.Symbol = sym
	if r.compactDate {
		b.Date, err = parseCompactDate(r.date)
	} else {
		b.Date, err = parseDate(r.date)
	}
	if err != nil {
		return b, err.Error()
	}
	if b.Close, err = parseNumber(r.close); err != nil {
		return b, "close: " + err.Error()
	}
	if r.fillMissing {
		// Kaggle 5yr gaps: a missing open is the close, a missing high or
		// low the larger or smaller of open and close. The bar stays
		// internally consistent and the close, which factors use, is real.
		if len(r.open) == 0 {
			b.Open = b.Close
		} else if b.Open, err = parseNumber(r.open); err != nil {
			return b, "open: " + err.Error()
		}
		if len(r.high) == 0 {
			b.High = max(b.Open, b.Close)
		} else if b.High, err = parseNumber(r.high); err != nil {
			return b, "high: " + err.Error()
		}
		if len(r.low) == 0 {
			b.Low = min(b.Open, b.Close)
		} else if b.Low, err = parseNumber(r.low); err != nil {
			return b, "low: " + err.Error()
		}
	} else {
		if b.Open, err = parseNumber(r.open); err != nil {
			return b, "open: " + err.Error()
		}
		if b.High, err = parseNumber(r.high); err != nil {
			return b, "high: " + err.Error()
		}
		if b.Low, err = parseNumber(r.low); err != nil {
			return b, "low: " + err.Error()
		}
	}
	if b.Volume, err = parseNumber(r.volume); err != nil {
		return b, "volume: " + err.Error()
	}
	b.Source = p.format.Source
	if err := b.Validate(); err != nil {
		return b, fmt.Sprintf("%s %s: %v", b.Symbol, b.Date.Format(market.DateLayout), err)
	}
	return b, ""
}

func parseStooqLong(p *parser) error {
	return p.priceFile(stooqLongHeader, func(c [][]byte, r *priceRow) (string, string) {
		r.symbol, r.date, r.open, r.high, r.low, r.close, r.volume = c[0], c[1], c[2], c[3], c[4], c[5], c[6]
		return "", ""
	})
}

func parseKaggle5yr(p *parser) error {
	return p.priceFile(kaggle5yrHeader, func(c [][]byte, r *priceRow) (string, string) {
		r.date, r.open, r.high, r.low, r.close, r.volume, r.symbol = c[0], c[1], c[2], c[3], c[4], c[5], c[6]
		r.fillMissing = true
		return "", ""
	})
}

func parseStooqDaily(p *parser) error {
	sym := p.opts.Symbol
	if sym == "" {
		sym = symbolFromFileName(fileBase(p.opts.File))
	}
	if sym == "" {
		return fmt.Errorf("%s: a Stooq daily file does not name its symbol and the file name does not either (want e.g. aapl_us_d.csv): pass --symbol", p.file)
	}
	if _, _, err := market.NormalizeSymbol(sym); err != nil {
		return fmt.Errorf("%s: symbol for the file: %w", p.file, err)
	}
	raw := []byte(sym)
	return p.priceFile(stooqDailyHeader, func(c [][]byte, r *priceRow) (string, string) {
		r.symbol, r.date, r.open, r.high, r.low, r.close, r.volume = raw, c[0], c[1], c[2], c[3], c[4], c[5]
		return "", ""
	})
}

// symbolFromFileName reads the ticker from a Stooq per-symbol file name
// (already lower-cased, without .gz): "aapl_us_d.csv", "brk-b.us.txt",
// "aapl.us.csv". It returns "" when the name has no market suffix.
func symbolFromFileName(base string) string {
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.TrimSuffix(base, "_d")
	for _, suf := range []string{"_us", ".us"} {
		if s, ok := strings.CutSuffix(base, suf); ok && s != "" {
			sym, _, err := market.NormalizeSymbol(s)
			if err != nil {
				return ""
			}
			return sym
		}
	}
	return ""
}

var dailyPeriod = []byte("D")

func parseStooqBulk(p *parser) error {
	return p.priceFile(stooqBulkHeader, func(c [][]byte, r *priceRow) (string, string) {
		if !bytes.Equal(c[1], dailyPeriod) {
			return "not a daily bar (PER " + clip(string(c[1]), 8) + ")", ""
		}
		r.symbol, r.date, r.open, r.high, r.low, r.close, r.volume = c[0], c[2], c[4], c[5], c[6], c[7], c[8]
		r.compactDate = true
		return "", ""
	})
}

var noData = []byte("N/D")

func parseStooqQuote(p *parser) error {
	return p.priceFile(stooqQuoteHeader, func(c [][]byte, r *priceRow) (string, string) {
		if bytes.Equal(c[1], noData) {
			return "", fmt.Sprintf("Stooq has no quote for %q (N/D)", clip(string(c[0]), 20))
		}
		r.symbol, r.date, r.open, r.high, r.low, r.close, r.volume = c[0], c[1], c[3], c[4], c[5], c[6], c[7]
		return "", ""
	})
}
