package web

import (
	"testing"

	"alphadesk/internal/store"
)

func TestNewMetricRow(t *testing.T) {
	tests := []struct {
		name string
		in   store.MetricRecord
		want metricRow
	}{
		{"ranked", store.MetricRecord{Name: "return_12_1", Value: fp(0.342), Rank: fp(91.4), Text: "12-1M return +34%, 91st percentile"},
			metricRow{Reading: "12-1M return +34%", Percentile: "91", Counted: true}},
		{"bottom reads as 1st", store.MetricRecord{Name: "roe", Value: fp(-0.2), Rank: fp(0), Text: "ROE -20%, 1st percentile"},
			metricRow{Reading: "ROE -20%", Percentile: "1", Counted: true}},
		{"top reads as 99th", store.MetricRecord{Name: "roe", Value: fp(0.9), Rank: fp(100), Text: "ROE 90%, 99th percentile"},
			metricRow{Reading: "ROE 90%", Percentile: "99", Counted: true}},
		{"not meaningful but ranked", store.MetricRecord{Name: "earnings_yield", Rank: fp(3), Text: "earnings yield not meaningful, 3rd percentile"},
			metricRow{Reading: "earnings yield not meaningful", Percentile: "3", Counted: true}},
		{"did not count", store.MetricRecord{Name: "fcf_yield", Text: "free-cash-flow yield n/a"},
			metricRow{Reading: "free-cash-flow yield n/a", Percentile: "—"}},
		{"text without a percentile keeps its comma", store.MetricRecord{Name: "x", Rank: fp(40), Text: "a, b"},
			metricRow{Reading: "a, b", Percentile: "40", Counted: true}},
		{"no text falls back to the name", store.MetricRecord{Name: "accruals"},
			metricRow{Reading: "accruals", Percentile: "—"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newMetricRow(tt.in); got != tt.want {
				t.Errorf("newMetricRow(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}
