package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// signalJSON and metricJSON are the stored form of SignalRecord and
// MetricRecord in the signals column of saved scores (migration 0006 of
// every backend). The record types carry no tags, so the column's format
// is fixed here, once for all backends.
type signalJSON struct {
	Score   *float64     `json:"score"`
	Band    string       `json:"band"`
	Reason  string       `json:"reason"`
	Metrics []metricJSON `json:"metrics"`
}

type metricJSON struct {
	Name  string   `json:"name"`
	Value *float64 `json:"value"`
	Rank  *float64 `json:"rank"`
	Text  string   `json:"text"`
}

// EncodeSignals writes a record's signals as the column's JSON; none is
// "{}".
func EncodeSignals(sigs map[string]SignalRecord) (string, error) {
	if len(sigs) == 0 {
		return "{}", nil
	}
	out := make(map[string]signalJSON, len(sigs))
	for name, sr := range sigs {
		if name == "" {
			return "", errors.New("signal with an empty name")
		}
		if p := sr.Score; p != nil && (math.IsNaN(*p) || *p < 0 || *p > 100) {
			return "", fmt.Errorf("signal %s: score %v outside 0–100", name, *p)
		}
		sj := signalJSON{Score: sr.Score, Band: sr.Band, Reason: sr.Reason}
		if sr.Metrics != nil {
			sj.Metrics = make([]metricJSON, len(sr.Metrics))
		}
		for i, m := range sr.Metrics {
			for _, p := range []*float64{m.Value, m.Rank} {
				if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
					return "", fmt.Errorf("signal %s metric %q: %v is not a number to store (use nil)", name, m.Name, *p)
				}
			}
			sj.Metrics[i] = metricJSON(m)
		}
		out[name] = sj
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("encode signals: %w", err)
	}
	return string(b), nil
}

// DecodeSignals reads the column's JSON; "{}" (rows saved before
// migration 0006) is nil.
func DecodeSignals(s string) (map[string]SignalRecord, error) {
	var in map[string]signalJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("decode signals column: %w", err)
	}
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]SignalRecord, len(in))
	for name, sj := range in {
		sr := SignalRecord{Score: sj.Score, Band: sj.Band, Reason: sj.Reason}
		if sj.Metrics != nil {
			sr.Metrics = make([]MetricRecord, len(sj.Metrics))
		}
		for i, m := range sj.Metrics {
			sr.Metrics[i] = MetricRecord(m)
		}
		out[name] = sr
	}
	return out, nil
}
