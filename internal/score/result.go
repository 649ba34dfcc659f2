package score

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"alphadesk/internal/market"
)

// Result is one security's score as of a date, with its signals, the
// metrics behind them, what is missing and why, and a sentence explaining
// it. It marshals to the `alphadesk score` JSON line.
type Result struct {
	Symbol string
	AsOf   time.Time
	Method Method
	// Score is the Alpha Score, rounded to three decimals; NaN when unscored.
	Score float64
	Band  Band
	// Capped is true when the 3-of-4 cap applies (coverage 3).
	Capped   bool
	Coverage int
	Signals  [numSignals]SignalResult
	Missing  []Missing
	// Explanation is generated from the numbers above.
	Explanation string
}

// Scored reports whether the security has a score.
func (r Result) Scored() bool { return !math.IsNaN(r.Score) }

// SignalResult is one signal of a Result.
type SignalResult struct {
	Signal Signal
	// Score is 0–100 rounded to one decimal; NaN when the signal is missing.
	Score   float64
	Band    Band
	Metrics []MetricResult
	// Reason says why the signal is missing ("" when present).
	Reason string
}

// MetricResult is one metric behind a signal.
type MetricResult struct {
	Name string
	// Value is the metric in natural units (fractions for returns and
	// yields); NaN when unknown or not meaningful.
	Value float64
	// Rank is the metric's percentile (alpha method) or its points
	// (threshold method); NaN when the metric did not count.
	Rank float64
	// Text reads the metric for people: "12-1M return +34%, 91st percentile".
	Text string
}

// Missing names a missing signal and why it is missing.
type Missing struct {
	Signal string `json:"signal"`
	Reason string `json:"reason"`
}

// Len is the number of securities in the cross-section.
func (cs *CrossSection) Len() int { return len(cs.Score) }

// Symbol returns column i's symbol.
func (cs *CrossSection) Symbol(i int) string { return cs.panel.secs[i].Symbol }

// Result builds security i's full result.
func (cs *CrossSection) Result(i int) Result {
	p, t := cs.panel, cs.t
	r := Result{Symbol: p.secs[i].Symbol, AsOf: cs.AsOf, Method: cs.Method, Score: cs.Score[i], Coverage: int(cs.Coverage[i])}
	r.Band = BandOf(r.Score)
	r.Capped = r.Scored() && r.Coverage < len(Signals)
	defs, groups := alphaMetrics[:], signalMetrics
	if cs.Method == Thresholds {
		defs, groups = thresholdMetrics[:], thresholdSignalMetrics
	}
	for _, sig := range Signals {
		sr := SignalResult{Signal: sig, Score: cs.Signal[sig][i]}
		sr.Band = BandOf(sr.Score)
		for _, k := range groups[sig] {
			mr := MetricResult{Name: defs[k].name, Value: cs.metric[k][i], Rank: cs.points[k][i]}
			suffix := ""
			if sig == Sentiment && !math.IsNaN(mr.Value) {
				suffix = " from " + plural(int(cs.stories[i]), "story", "stories")
			}
			mr.Text = metricText(defs[k], mr, cs.Method, suffix)
			sr.Metrics = append(sr.Metrics, mr)
		}
		if math.IsNaN(sr.Score) {
			sr.Reason = cs.reasonText(i, t, sig)
			r.Missing = append(r.Missing, Missing{Signal: sig.String(), Reason: sr.Reason})
		}
		r.Signals[sig] = sr
	}
	r.Explanation = explain(r)
	return r
}

// metricText reads one metric: its value (with suffix), then its
// percentile or points.
func metricText(def metricDef, mr MetricResult, m Method, suffix string) string {
	label := def.label
	var v string
	switch {
	case !math.IsNaN(mr.Value):
		v = def.text(mr.Value) + suffix
	case !math.IsNaN(mr.Rank):
		v = label + " not meaningful"
	default:
		return label + " n/a"
	}
	switch {
	case math.IsNaN(mr.Rank):
		return v
	case m == Thresholds:
		return fmt.Sprintf("%s, %.0f points", v, mr.Rank)
	}
	return v + ", " + ordinal(mr.Rank)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// reasonText explains why signal sig of security i is missing on day t.
func (cs *CrossSection) reasonText(i, t int, sig Signal) string {
	p := cs.panel
	why := cs.why[sig][i]
	switch why {
	case noPrices:
		return "no prices"
	case stalePrice:
		last := p.lastBar(i, t, t)
		return fmt.Sprintf("no price in %d trading days (last %s)", t-last, p.Day(last).Format(market.DateLayout))
	case shortHistory:
		for _, j := range p.jumps[i] {
			if int(j) > t-highWindow && int(j) <= t {
				return fmt.Sprintf("a one-day price move on %s looks like an unadjusted split or a bad price", timeOf(p.days[j]).Format(market.DateLayout))
			}
		}
		return "price history shorter than 12 months"
	case noFundamentals:
		return "no fundamentals filed"
	case staleFundamentals:
		snap := p.snapshotAt(i, p.days[t])
		return fmt.Sprintf("fundamentals last filed %s, over %d months ago", timeOf(snap.filed).Format(market.DateLayout), FundamentalsMaxAgeMonths)
	case tooFewMetrics:
		groups := signalMetrics
		if cs.Method == Thresholds {
			groups = thresholdSignalMetrics
		}
		got := 0
		for _, k := range groups[sig] {
			if !math.IsNaN(cs.points[k][i]) {
				got++
			}
		}
		return fmt.Sprintf("only %d of %d %s metrics available", got, len(groups[sig]), sig)
	case noStories:
		days := SentimentWindowDays
		if cs.Method == Thresholds {
			days = thresholdSentimentDays
		}
		return fmt.Sprintf("no stories in the last %d days", days)
	}
	return "not scored"
}

// explain writes the sentence under a score. Every number and band word in
// it comes from the result itself.
func explain(r Result) string {
	if !r.Scored() {
		var parts []string
		for _, m := range r.Missing {
			parts = append(parts, m.Signal+": "+m.Reason)
		}
		return fmt.Sprintf("%s is unscored: %d of %d signals available (missing %s).",
			r.Symbol, r.Coverage, len(Signals), strings.Join(parts, "; "))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Alpha Score of %d reflects %s %s overall profile: ", Whole(r.Score), r.Band.Article(), r.Band.Word())
	var have []string
	for _, s := range r.Signals {
		if !math.IsNaN(s.Score) {
			have = append(have, s.Band.Word()+" "+s.Signal.String())
		}
	}
	b.WriteString(strings.Join(have, ", "))
	for _, s := range r.Signals {
		if math.IsNaN(s.Score) {
			fmt.Fprintf(&b, "; no %s signal (%s)", s.Signal, s.Reason)
		}
	}
	b.WriteString(".")
	if r.Capped {
		fmt.Fprintf(&b, " Based on %d of %d signals — capped at %d until the remaining data arrives.", r.Coverage, len(Signals), CapThreeSignals)
	}
	return b.String()
}

// MarshalJSON writes the `alphadesk score` line: symbol, as_of, score
// (null when unscored), band, capped, coverage, signals, missing,
// explanation, in that order. Each signal is {"score", "band", "metrics",
// and "reason" when missing}; each metric is {"value", "percentile" (alpha)
// or "points" (thresholds), "text"}. Unknown numbers are null.
func (r Result) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"symbol":`)
	writeJSONString(&b, r.Symbol)
	fmt.Fprintf(&b, `,"as_of":"%s","score":%s,"band":%s,"capped":%t,"coverage":%d,"signals":{`,
		r.AsOf.Format(market.DateLayout), numScore(r.Score), bandJSON(r.Band), r.Capped, r.Coverage)
	rankKey := "percentile"
	if r.Method == Thresholds {
		rankKey = "points"
	}
	for k, s := range r.Signals {
		if k > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%s":{"score":%s,"band":%s,"metrics":{`, s.Signal, num1(s.Score), bandJSON(s.Band))
		for j, m := range s.Metrics {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"%s":{"value":%s,"%s":%s,"text":`, m.Name, num4(m.Value), rankKey, num1(m.Rank))
			writeJSONString(&b, m.Text)
			b.WriteByte('}')
		}
		b.WriteString("}")
		if s.Reason != "" {
			b.WriteString(`,"reason":`)
			writeJSONString(&b, s.Reason)
		}
		b.WriteByte('}')
	}
	b.WriteString(`},"missing":`)
	missing := r.Missing
	if missing == nil {
		missing = []Missing{}
	}
	mj, err := json.Marshal(missing)
	if err != nil {
		return nil, err
	}
	b.Write(mj)
	b.WriteString(`,"explanation":`)
	writeJSONString(&b, r.Explanation)
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s) // a string always marshals
	b.Write(enc)
}

func bandJSON(b Band) string {
	if b == NoBand {
		return "null"
	}
	return `"` + b.String() + `"`
}

// num1 writes a score with exactly one decimal ("81.0"), null for NaN.
func num1(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return strconv.FormatFloat(round1(v), 'f', 1, 64)
}

// numScore writes the Alpha Score with up to three decimals, trailing
// zeros dropped but one decimal kept ("54.2", "54.237", "81.0"); null for
// NaN.
func numScore(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	s := strings.TrimRight(strconv.FormatFloat(roundScore(v), 'f', 3, 64), "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	return s
}

// num4 writes a metric value with at most four decimals, null for NaN.
func num4(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	r := math.Round(v*1e4) / 1e4
	if math.IsInf(r, 0) || math.IsNaN(r) {
		r = v
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}
