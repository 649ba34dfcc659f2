package score

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"alphadesk/internal/market"
)

// Observation is one story's sentiment toward a company: a score in
// [-1, 1] (negative to positive) on a date.
type Observation struct {
	Symbol string
	Date   time.Time
	Score  float64
}

// maxSentimentLine bounds one line of a sentiment file.
const maxSentimentLine = 4096

// ParseSentiment reads a sentiment file: CSV lines "symbol,date,score"
// with an ISO date and a score in [-1, 1], an optional header line
// "symbol,date,score", blank lines and lines starting with # ignored.
// name labels errors, which give the line and the fix: "sent.csv:12:
// score 1.5 outside [-1, 1]".
func ParseSentiment(r io.Reader, name string) ([]Observation, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), maxSentimentLine)
	var out []Observation
	line, first := 0, true
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, ",")
		if first {
			first = false
			if isSentimentHeader(fields) {
				continue
			}
		}
		o, err := parseObservation(fields)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		out = append(out, o)
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, fmt.Errorf("%s:%d: line longer than %d bytes: want symbol,date,score", name, line+1, maxSentimentLine)
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

func isSentimentHeader(f []string) bool {
	return len(f) == 3 && strings.EqualFold(strings.TrimSpace(f[0]), "symbol") &&
		strings.EqualFold(strings.TrimSpace(f[1]), "date") && strings.EqualFold(strings.TrimSpace(f[2]), "score")
}

func parseObservation(f []string) (Observation, error) {
	if len(f) != 3 {
		return Observation{}, fmt.Errorf("%d fields, want 3: symbol,date,score", len(f))
	}
	sym, _, err := market.NormalizeSymbol(f[0])
	if err != nil {
		return Observation{}, err
	}
	d, err := market.ParseDate(strings.TrimSpace(f[1]))
	if err != nil {
		return Observation{}, fmt.Errorf("date %q: want YYYY-MM-DD", strings.TrimSpace(f[1]))
	}
	if y := d.Year(); y < 1900 || y > 2199 {
		return Observation{}, fmt.Errorf("date %s: year outside 1900–2199", d.Format(market.DateLayout))
	}
	raw := strings.TrimSpace(f[2])
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(raw, "xXpP_") || strings.EqualFold(raw, "inf") {
		return Observation{}, fmt.Errorf("score %q is not a number", raw)
	}
	if v < -1 || v > 1 {
		return Observation{}, fmt.Errorf("score %v outside [-1, 1]", v)
	}
	return Observation{Symbol: sym, Date: d, Score: v}, nil
}
