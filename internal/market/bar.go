package market

import (
	"fmt"
	"math"
	"time"
)

// DateLayout is the ISO layout alphadesk uses for calendar dates.
const DateLayout = "2006-01-02"

// ParseDate parses an ISO calendar date ("2017-11-10") to midnight UTC.
func ParseDate(s string) (time.Time, error) {
	return time.Parse(DateLayout, s)
}

// Exchange time: daily bars close at 16:00 New York time.
var newYork = mustLoadLocation("America/New_York")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// time/tzdata is linked into the binary by cmd/alphadesk, so this
		// only happens in a broken build.
		return time.FixedZone("ET", -5*3600)
	}
	return loc
}

// CloseTime is the moment a US session dated d closes: 16:00 America/New_York.
func CloseTime(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 16, 0, 0, 0, newYork)
}

// Bar is one trading day's prices for a security.
type Bar struct {
	Symbol string    `json:"symbol"`
	Date   time.Time `json:"date"` // the session date, midnight UTC
	Open   float64   `json:"open"`
	High   float64   `json:"high"`
	Low    float64   `json:"low"`
	Close  float64   `json:"close"`
	Volume float64   `json:"volume"` // fractional in some vendors' files
	// Source names where the bar came from ("stooq", "kaggle-sp500-5yr",
	// "demo"). Demo bars are simulated and the site says so.
	Source string `json:"source"`
}

// Validate checks a bar's internal consistency.
func (b Bar) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"open", b.Open}, {"high", b.High}, {"low", b.Low}, {"close", b.Close}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("%s is not a number", f.name)
		}
		if f.v <= 0 {
			return fmt.Errorf("%s %v is not positive", f.name, f.v)
		}
	}
	if math.IsNaN(b.Volume) || b.Volume < 0 {
		return fmt.Errorf("volume %v is negative or not a number", b.Volume)
	}
	// Vendors round OHLC independently; allow a small tolerance.
	tol := 1e-6 * b.High
	if b.Low > b.High+tol {
		return fmt.Errorf("low %v above high %v", b.Low, b.High)
	}
	if b.Close > b.High+tol || b.Close < b.Low-tol || b.Open > b.High+tol || b.Open < b.Low-tol {
		return fmt.Errorf("open %v or close %v outside low..high %v..%v", b.Open, b.Close, b.Low, b.High)
	}
	if b.Date.IsZero() {
		return fmt.Errorf("no date")
	}
	return nil
}
