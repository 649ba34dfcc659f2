package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"alphadesk/internal/market"
)

// fixedHeader is a header whose columns come in a fixed order, as in the
// Stooq and Nasdaq Trader files. Names compare case-insensitively, with
// surrounding spaces and quotes ignored.
type fixedHeader struct {
	sep    byte
	fields []string
	// optional columns may follow fields, in this order.
	optional []string
}

func (h *fixedHeader) String() string {
	return strings.Join(h.fields, string(h.sep))
}

// match reports whether line is this header, and how many columns it has.
func (h *fixedHeader) match(line []byte) (int, bool) {
	cols := split(line, h.sep, nil)
	n := len(cols)
	if n < len(h.fields) || n > len(h.fields)+len(h.optional) {
		return 0, false
	}
	for i, c := range cols {
		want := ""
		if i < len(h.fields) {
			want = h.fields[i]
		} else {
			want = h.optional[i-len(h.fields)]
		}
		if !strings.EqualFold(headerCell(c), want) {
			return 0, false
		}
	}
	return n, true
}

func (h *fixedHeader) sniff(first []byte) bool {
	_, ok := h.match(first)
	return ok
}

func headerCell(c []byte) string {
	return string(bytes.Trim(bytes.TrimSpace(c), `"`))
}

// columnSet is a CSV header whose columns are found by name, in any order,
// as in the S&P 500 and Kaggle fundamentals files. Names compare
// case-insensitively with runs of spaces collapsed.
type columnSet struct {
	required []string
	optional []string
}

func (c *columnSet) header() string {
	return strings.Join(c.required, ",") + ",…"
}

// index maps each known column name (normalised) to its position.
func (c *columnSet) index(header []string) (map[string]int, error) {
	pos := make(map[string]int, len(header))
	for i, h := range header {
		k := columnKey(h)
		if _, dup := pos[k]; !dup {
			pos[k] = i
		}
	}
	var missing []string
	for _, r := range c.required {
		if _, ok := pos[columnKey(r)]; !ok {
			missing = append(missing, strconvQuote(r))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("header lacks column %s", strings.Join(missing, ", "))
	}
	return pos, nil
}

func (c *columnSet) sniff(first []byte) bool {
	r := csv.NewReader(bytes.NewReader(first))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return false
	}
	_, err = c.index(rec)
	return err == nil
}

func columnKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// text is a string or byte-slice field.
type text interface{ ~string | ~[]byte }

// parseNumber parses a plain decimal number with an optional exponent
// ("12", "-3.5", "1.2e9"). It rejects NaN, Inf, hexadecimal, thousands
// separators and anything ParseFloat would round to infinity.
func parseNumber[T text](s T) (float64, error) {
	if !isDecimal(s) {
		if len(s) == 0 {
			return 0, errors.New("missing")
		}
		return 0, fmt.Errorf("%q is not a decimal number", string(s))
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is out of range", string(s))
	}
	return v, nil
}

func isDecimal[T text](s T) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < n && isDigit(s[i]) {
		i++
		digits++
	}
	if i < n && s[i] == '.' {
		i++
		for i < n && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < n && isDigit(s[i]) {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Dates outside these years are refused as typos.
const (
	minYear = 1800
	maxYear = 2199
)

// parseDate parses an ISO date "2006-01-02" to midnight UTC, checking that
// it exists in the calendar. It is the hot path of the price parsers, so it
// avoids time.Parse.
func parseDate[T text](s T) (time.Time, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, fmt.Errorf("bad date %q: want YYYY-MM-DD", string(s))
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, fmt.Errorf("bad date %q: want YYYY-MM-DD", string(s))
	}
	return makeDate(y, m, d, s)
}

// parseCompactDate parses "20060102".
func parseCompactDate[T text](s T) (time.Time, error) {
	if len(s) != 8 {
		return time.Time{}, fmt.Errorf("bad date %q: want YYYYMMDD", string(s))
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[4:6])
	d, ok3 := digits(s[6:8])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, fmt.Errorf("bad date %q: want YYYYMMDD", string(s))
	}
	return makeDate(y, m, d, s)
}

// makeDate checks a calendar date; raw is converted to a string only for
// an error, keeping the hot path free of allocations.
func makeDate[T text](y, m, d int, raw T) (time.Time, error) {
	if y < minYear || y > maxYear {
		return time.Time{}, fmt.Errorf("bad date %q: year outside %d–%d", string(raw), minYear, maxYear)
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, fmt.Errorf("bad date %q: no such day", string(raw))
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

func digits[T text](s T) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// checkText refuses fields that are not valid UTF-8, naming the column.
func checkText(names []string, fields []string) error {
	for i, f := range fields {
		if !utf8.ValidString(f) {
			name := fmt.Sprintf("column %d", i+1)
			if i < len(names) && names[i] != "" {
				name = strconvQuote(names[i])
			}
			return fmt.Errorf("invalid UTF-8 in %s: %q", name, f)
		}
	}
	return nil
}

// symbols caches NormalizeSymbol by raw spelling: price files repeat the
// same ticker on every row, and normalising allocates.
type symbols map[string]symbolResult

type symbolResult struct {
	symbol, class string
	err           error
}

func (c symbols) normalize(raw []byte) (symbol, class string, err error) {
	if r, ok := c[string(raw)]; ok {
		return r.symbol, r.class, r.err
	}
	s, cl, err := market.NormalizeSymbol(string(raw))
	if len(c) < 100_000 {
		c[string(raw)] = symbolResult{s, cl, err}
	}
	return s, cl, err
}

// parseCIK reads a CIK written as a number or a (zero-padded) string.
func parseCIK(s string) (int64, error) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), `"`))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad CIK %q", s)
	}
	return v, nil
}
