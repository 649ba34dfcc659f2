package api

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
)

// Page sizes of the listings.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// maxParamLen bounds any query parameter's value.
const maxParamLen = 200

// paramError is a bad query parameter: its name and what to do.
type paramError struct {
	Param string
	Msg   string
}

func (e *paramError) Error() string { return "query parameter " + e.Param + ": " + e.Msg }

func badParamf(param, format string, args ...any) *paramError {
	return &paramError{Param: param, Msg: fmt.Sprintf(format, args...)}
}

// params reads a query string strictly: every parameter must be known and
// given at most once, so a typo is an error rather than silently ignored.
func params(q url.Values, known ...string) (map[string]string, *paramError) {
	out := make(map[string]string, len(q))
	names := make([]string, 0, len(q))
	for name := range q {
		if name != "" { // "?&" and "?=" are URL noise, not a parameter
			names = append(names, name)
		}
	}
	slices.Sort(names) // the error names the same parameter every time
	for _, name := range names {
		vs := q[name]
		if !slices.Contains(known, name) {
			takes := "no parameters"
			if len(known) > 0 {
				takes = strings.Join(known, ", ")
			}
			return nil, badParamf(name, "unknown parameter %.40q: this endpoint takes %s", name, takes)
		}
		if len(vs) > 1 {
			return nil, badParamf(name, "given %d times: give it once", len(vs))
		}
		if len(vs[0]) > maxParamLen {
			return nil, badParamf(name, "value is %d bytes long, over the limit of %d", len(vs[0]), maxParamLen)
		}
		out[name] = strings.TrimSpace(vs[0])
	}
	return out, nil
}

// parseLimit reads limit: empty is DefaultLimit.
func parseLimit(s string) (int, *paramError) {
	if s == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, badParamf("limit", "%.20q is not a page size: want a whole number from 1 to %d (default %d)", s, MaxLimit, DefaultLimit)
	}
	return n, nil
}

// storyQuery is a parsed /api/v1/stories query.
type storyQuery struct {
	Category  newsroom.Category
	Symbol    string
	Sector    market.Sector
	Sentiment string
	Cursor    string
	Limit     int
}

// parseStoryQuery reads the query of the story listing.
func parseStoryQuery(q url.Values) (storyQuery, *paramError) {
	p, perr := params(q, "category", "symbol", "sector", "sentiment", "cursor", "limit")
	if perr != nil {
		return storyQuery{}, perr
	}
	var (
		out storyQuery
		err error
	)
	if out.Category, err = newsroom.ParseCategory(p["category"]); err != nil {
		return storyQuery{}, badParamf("category", "unknown category %.40q: want one of %s", p["category"], categoryList())
	}
	if s := p["symbol"]; s != "" {
		if out.Symbol, err = parseSymbol(s); err != nil {
			return storyQuery{}, badParamf("symbol", "%v", err)
		}
	}
	if out.Sector, err = market.ParseSector(p["sector"]); err != nil {
		return storyQuery{}, badParamf("sector", "%v", err)
	}
	switch s := strings.ToLower(p["sentiment"]); s {
	case "", "positive", "negative", "neutral":
		out.Sentiment = s
	default:
		return storyQuery{}, badParamf("sentiment", "unknown sentiment %.40q: want positive, negative or neutral", p["sentiment"])
	}
	if c := p["cursor"]; c != "" {
		if _, err := newsroom.ParseCursor(c); err != nil {
			return storyQuery{}, badParamf("cursor", "not a cursor this API issued: pass the \"next\" value of the previous page unchanged")
		}
		out.Cursor = c
	}
	if out.Limit, perr = parseLimit(p["limit"]); perr != nil {
		return storyQuery{}, perr
	}
	return out, nil
}

func categoryList() string {
	names := make([]string, len(newsroom.Categories))
	for i, c := range newsroom.Categories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// parseSymbol normalizes a ticker from a URL or a query.
func parseSymbol(s string) (string, error) {
	sym, _, err := market.NormalizeSymbol(s)
	if err != nil {
		return "", fmt.Errorf("%.20q is not a ticker symbol (e.g. AAPL, BRK.B): %w", s, err)
	}
	return sym, nil
}

// scoreQuery is a parsed /api/v1/scores query.
type scoreQuery struct {
	// AsOf is the date asked for (zero: the latest).
	AsOf   time.Time
	Sector market.Sector
	Band   string
	Offset int
	Limit  int
}

// bands are the Alpha Score bands a filter may name (internal/score).
var bands = []string{"Poor", "Weak", "Moderate", "Strong", "Excellent", "unscored"}

// parseScoreQuery reads the query of the score ranking.
func parseScoreQuery(q url.Values) (scoreQuery, *paramError) {
	p, perr := params(q, "as_of", "sector", "band", "cursor", "limit")
	if perr != nil {
		return scoreQuery{}, perr
	}
	var (
		out scoreQuery
		err error
	)
	if s := p["as_of"]; s != "" {
		if out.AsOf, err = market.ParseDate(s); err != nil {
			return scoreQuery{}, badParamf("as_of", "%.20q is not a date: want YYYY-MM-DD, e.g. 2026-11-20, or leave it out for the latest scores", s)
		}
	}
	if out.Sector, err = market.ParseSector(p["sector"]); err != nil {
		return scoreQuery{}, badParamf("sector", "%v", err)
	}
	if b := p["band"]; b != "" {
		i := slices.IndexFunc(bands, func(x string) bool { return strings.EqualFold(x, b) })
		if i < 0 {
			return scoreQuery{}, badParamf("band", "unknown band %.40q: want one of %s", b, strings.Join(bands, ", "))
		}
		out.Band = bands[i]
	}
	if c := p["cursor"]; c != "" {
		asOf, off, ok := parseScoreCursor(c)
		if !ok || (!out.AsOf.IsZero() && !asOf.Equal(out.AsOf)) {
			return scoreQuery{}, badParamf("cursor", "not a cursor this API issued for this date: pass the \"next\" value of the previous page unchanged")
		}
		// The cursor pins the date, so a page boundary never falls
		// between two score dates.
		out.AsOf, out.Offset = asOf, off
	}
	if out.Limit, perr = parseLimit(p["limit"]); perr != nil {
		return scoreQuery{}, perr
	}
	return out, nil
}

// scoreCursor encodes a position in the ranking of one date.
func scoreCursor(asOf time.Time, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("s1." + asOf.Format(market.DateLayout) + "." + strconv.Itoa(offset)))
}

func parseScoreCursor(s string) (time.Time, int, bool) {
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return time.Time{}, 0, false
	}
	rest, ok := strings.CutPrefix(string(raw), "s1.")
	if !ok {
		return time.Time{}, 0, false
	}
	date, offStr, ok := strings.Cut(rest, ".")
	if !ok {
		return time.Time{}, 0, false
	}
	asOf, err := market.ParseDate(date)
	if err != nil {
		return time.Time{}, 0, false
	}
	off, err := strconv.Atoi(offStr)
	if err != nil || off <= 0 || strconv.Itoa(off) != offStr {
		return time.Time{}, 0, false
	}
	return asOf, off, true
}
