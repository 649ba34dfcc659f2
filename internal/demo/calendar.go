package demo

import "time"

// The US equity trading calendar: weekdays less the NYSE's full-day holidays
// and its unscheduled closures. Early closes (1 p.m. sessions) are trading
// days and are not modelled.

// closures are the NYSE's unscheduled full-day closures since 2001.
var closures = map[string]string{
	"2001-09-11": "September 11 attacks",
	"2001-09-12": "September 11 attacks",
	"2001-09-13": "September 11 attacks",
	"2001-09-14": "September 11 attacks",
	"2004-06-11": "National Day of Mourning for Ronald Reagan",
	"2007-01-02": "National Day of Mourning for Gerald Ford",
	"2012-10-29": "Hurricane Sandy",
	"2012-10-30": "Hurricane Sandy",
	"2018-12-05": "National Day of Mourning for George H. W. Bush",
	"2025-01-09": "National Day of Mourning for Jimmy Carter",
}

// date is midnight UTC on a calendar day, the form market.Bar.Date uses.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// day drops t's clock time and location, keeping its calendar date.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return date(y, m, d)
}

// nthWeekday is the n-th (1-based) weekday wd of a month; n = -1 is the last.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := date(y, m+1, 0)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	first := date(y, m, 1)
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

// easter is Easter Sunday of year y (the anonymous Gregorian algorithm).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dayOf := (h+l-7*m+114)%31 + 1
	return date(y, time.Month(month), dayOf)
}

// observed moves a fixed-date holiday off the weekend: Saturday to the
// Friday before, Sunday to the Monday after.
func observed(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, -1)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

// holidays lists year y's NYSE full-day holidays, keyed by date.
func holidays(y int) map[time.Time]string {
	h := make(map[time.Time]string, 10)
	// New Year's Day falling on a Saturday is not made up on Friday 31
	// December (NYSE Rule 7.2: that Friday ends an accounting period).
	if ny := date(y, time.January, 1); ny.Weekday() != time.Saturday {
		h[observed(ny)] = "New Year's Day"
	}
	h[nthWeekday(y, time.January, time.Monday, 3)] = "Martin Luther King Jr. Day"
	h[nthWeekday(y, time.February, time.Monday, 3)] = "Washington's Birthday"
	h[easter(y).AddDate(0, 0, -2)] = "Good Friday"
	h[nthWeekday(y, time.May, time.Monday, -1)] = "Memorial Day"
	if y >= 2022 {
		h[observed(date(y, time.June, 19))] = "Juneteenth"
	}
	h[observed(date(y, time.July, 4))] = "Independence Day"
	h[nthWeekday(y, time.September, time.Monday, 1)] = "Labor Day"
	h[nthWeekday(y, time.November, time.Thursday, 4)] = "Thanksgiving Day"
	h[observed(date(y, time.December, 25))] = "Christmas Day"
	return h
}

// Holiday reports whether the NYSE is closed all day on d's calendar date
// for a holiday or an unscheduled closure, and names it. Weekends are not
// holidays.
func Holiday(d time.Time) (name string, ok bool) {
	d = day(d)
	if name, ok := closures[d.Format(time.DateOnly)]; ok {
		return name, true
	}
	name, ok = holidays(d.Year())[d]
	return name, ok
}

// IsTradingDay reports whether US equity markets hold a regular session on
// d's calendar date.
func IsTradingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, closed := Holiday(d)
	return !closed
}

// TradingDays lists the sessions from through to, inclusive, oldest first,
// each at midnight UTC.
func TradingDays(from, to time.Time) []time.Time {
	from, to = day(from), day(to)
	if to.Before(from) {
		return nil
	}
	days := make([]time.Time, 0, int(to.Sub(from).Hours()/24*252/365)+8)
	year, hol := 0, map[time.Time]string(nil)
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if d.Year() != year {
			year, hol = d.Year(), holidays(d.Year())
		}
		if _, closed := hol[d]; closed {
			continue
		}
		if _, closed := closures[d.Format(time.DateOnly)]; closed {
			continue
		}
		days = append(days, d)
	}
	return days
}
