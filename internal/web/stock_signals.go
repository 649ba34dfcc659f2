package web

import (
	"fmt"
	"math"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// signalDetail is one signal of the stock page's latest score with the
// metrics behind it.
type signalDetail struct {
	Name  string // "momentum"
	Title string // "Momentum"
	OK    bool   // the signal is present
	Score string // one decimal
	Band  string
	Class string // CSS class: the band in lower case
	// Reason says why the signal is missing ("" when present or unknown).
	Reason string
	// Scope says what the percentiles rank against: "within Consumer
	// Discretionary" for value and quality, "across all companies" for
	// momentum and sentiment.
	Scope   string
	Metrics []metricRow
}

// metricRow is one metric of a signal.
type metricRow struct {
	// Reading is the metric as internal/score reads it, without its
	// percentile: "12-1M return +34%", "earnings yield n/a".
	Reading string
	// Percentile is the whole percentile, "91"; "—" when the metric did
	// not count.
	Percentile string
	Counted    bool
}

// sectorSignals are the signals whose metrics are ranked within the GICS
// sector (internal/score); the others rank across the whole universe.
var sectorSignals = map[string]bool{score.Value.String(): true, score.Quality.String(): true}

// signalDetails lays out the saved signals of rec in score order. It is
// nil when the record predates saved signals (store.ScoreRecord.Signals).
func signalDetails(rec store.ScoreRecord, sector market.Sector) []signalDetail {
	if len(rec.Signals) == 0 {
		return nil
	}
	out := make([]signalDetail, 0, len(score.Signals))
	for _, sig := range score.Signals {
		name := sig.String()
		sr, saved := rec.Signals[name]
		d := signalDetail{Name: name, Title: strings.ToUpper(name[:1]) + name[1:], Reason: sr.Reason,
			Scope: "across all companies"}
		if sectorSignals[name] {
			d.Scope = "within the sector"
			if sector != "" {
				d.Scope = "within " + string(sector)
			}
		}
		if p := sr.Score; p != nil && !math.IsNaN(*p) {
			b := score.BandOf(*p)
			d.OK, d.Score = true, signed(*p, 1, false)
			d.Band, d.Class = b.String(), strings.ToLower(b.String())
		} else if !saved {
			d.Reason = "not saved with this score"
		}
		for _, m := range sr.Metrics {
			d.Metrics = append(d.Metrics, newMetricRow(m))
		}
		out = append(out, d)
	}
	return out
}

// newMetricRow splits a saved metric's text into its reading and its
// percentile. internal/score writes a ranked metric's text as the reading,
// ", ", then the percentile ("12-1M return +34%, 91st percentile"); the
// percentile goes in its own column, so the reading drops it.
func newMetricRow(m store.MetricRecord) metricRow {
	row := metricRow{Reading: m.Text, Percentile: "—"}
	if row.Reading == "" {
		row.Reading = m.Name
	}
	if m.Rank == nil || math.IsNaN(*m.Rank) {
		return row
	}
	row.Counted = true
	// Percentiles read as score does: whole, 1st to 99th.
	row.Percentile = fmt.Sprintf("%d", max(1, min(99, int(math.Floor(*m.Rank)))))
	if i := strings.LastIndex(row.Reading, ", "); i > 0 && strings.HasSuffix(row.Reading, " percentile") {
		row.Reading = row.Reading[:i]
	}
	return row
}
