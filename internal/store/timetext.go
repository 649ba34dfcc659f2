package store

import (
	"fmt"
	"time"
)

// TimeLayout is how the stores keep times as text: UTC and fixed width, so
// that text order is time order on every backend, to the microsecond. The
// zero time is kept as "".
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// FormatTime is t as the stores keep it ("" for the zero time).
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeLayout)
}

// ParseTime reads a time FormatTime wrote; column names it in the error.
func ParseTime(column, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("column %s: %w", column, err)
	}
	return t, nil
}
