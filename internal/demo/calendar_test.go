package demo

import (
	"testing"
	"time"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestHoliday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		date string
		want string // "" means a regular session (or weekend, for Holiday)
	}{
		{"2020-01-01", "New Year's Day"},
		{"2020-04-10", "Good Friday"},
		{"2020-07-03", "Independence Day"}, // 4 July was a Saturday
		{"2020-11-26", "Thanksgiving Day"},
		{"2021-04-02", "Good Friday"},
		{"2021-06-18", ""},                 // Juneteenth became a market holiday in 2022
		{"2021-07-05", "Independence Day"}, // 4 July was a Sunday
		{"2021-12-24", "Christmas Day"},    // 25 December was a Saturday
		{"2021-12-31", ""},                 // New Year's Day 2022 was a Saturday: no make-up
		{"2022-01-17", "Martin Luther King Jr. Day"},
		{"2022-02-21", "Washington's Birthday"},
		{"2022-04-15", "Good Friday"},
		{"2022-05-30", "Memorial Day"},
		{"2022-06-20", "Juneteenth"}, // 19 June was a Sunday
		{"2022-12-26", "Christmas Day"},
		{"2023-01-02", "New Year's Day"}, // 1 January was a Sunday
		{"2023-04-07", "Good Friday"},
		{"2023-06-19", "Juneteenth"},
		{"2024-03-29", "Good Friday"},
		{"2024-09-02", "Labor Day"},
		{"2024-11-28", "Thanksgiving Day"},
		{"2024-11-29", ""}, // the day after Thanksgiving closes early, but trades
		{"2025-01-09", "National Day of Mourning for Jimmy Carter"},
		{"2025-04-18", "Good Friday"},
		{"2025-05-26", "Memorial Day"},
		{"2026-01-01", "New Year's Day"},
		{"2026-01-19", "Martin Luther King Jr. Day"},
		{"2026-02-16", "Washington's Birthday"},
		{"2026-04-03", "Good Friday"},
		{"2026-05-25", "Memorial Day"},
		{"2026-06-19", "Juneteenth"},
		{"2026-07-03", "Independence Day"},
		{"2026-09-07", "Labor Day"},
		{"2026-11-26", "Thanksgiving Day"},
		{"2026-12-25", "Christmas Day"},
		{"2018-12-05", "National Day of Mourning for George H. W. Bush"},
		{"2012-10-29", "Hurricane Sandy"},
		{"2026-11-20", ""},
	}
	for _, tt := range tests {
		d := mustDate(t, tt.date)
		got, ok := Holiday(d)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Holiday(%s) = %q, %v; want %q", tt.date, got, ok, tt.want)
		}
		wantTrading := tt.want == "" && d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		if IsTradingDay(d) != wantTrading {
			t.Errorf("IsTradingDay(%s) = %v, want %v", tt.date, !wantTrading, wantTrading)
		}
	}
}

func TestHolidayIgnoresClockAndZone(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	// 23:00 on Thanksgiving in New York is already the next day in UTC.
	d := time.Date(2026, time.November, 26, 23, 0, 0, 0, ny)
	if _, ok := Holiday(d); !ok {
		t.Errorf("Holiday(%v): want Thanksgiving", d)
	}
}

func TestSessionsPerYear(t *testing.T) {
	t.Parallel()
	// Published NYSE session counts.
	tests := map[int]int{2012: 250, 2018: 251, 2019: 252, 2020: 253, 2021: 252, 2022: 251, 2023: 250, 2024: 252, 2025: 250}
	for y, want := range tests {
		got := len(TradingDays(date(y, time.January, 1), date(y, time.December, 31)))
		if got != want {
			t.Errorf("%d: got %d sessions, want %d", y, got, want)
		}
	}
}

func TestTradingDays(t *testing.T) {
	t.Parallel()
	days := TradingDays(mustDate(t, "2026-11-20"), mustDate(t, "2026-11-30"))
	var got []string
	for _, d := range days {
		got = append(got, d.Format(time.DateOnly))
	}
	want := []string{"2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27", "2026-11-30"}
	if len(got) != len(want) {
		t.Fatalf("TradingDays = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("TradingDays = %v, want %v", got, want)
		}
	}
	if d := TradingDays(mustDate(t, "2026-11-30"), mustDate(t, "2026-11-20")); d != nil {
		t.Errorf("reversed range: got %v, want nil", d)
	}
	for _, d := range days {
		if d.Location() != time.UTC || d.Hour() != 0 {
			t.Errorf("session %v is not midnight UTC", d)
		}
	}
}

func TestEaster(t *testing.T) {
	t.Parallel()
	tests := map[int]string{2019: "2019-04-21", 2020: "2020-04-12", 2021: "2021-04-04", 2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2038: "2038-04-25"}
	for y, want := range tests {
		if got := easter(y).Format(time.DateOnly); got != want {
			t.Errorf("easter(%d) = %s, want %s", y, got, want)
		}
	}
}
