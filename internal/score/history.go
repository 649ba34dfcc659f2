package score

import (
	"fmt"
	"time"
)

// MonthEnds returns the index of the last trading day of every calendar
// month whose last trading day lies in [from, to] (zero from or to: the
// panel's first or last day). A month cut short by the end of the data
// does not count: its last trading day is unknown.
func (p *Panel) MonthEnds(from, to time.Time) []int {
	lo, hi := int32(-1<<31), int32(1<<31-1)
	if !from.IsZero() {
		lo = dayOf(from)
	}
	if !to.IsZero() {
		hi = dayOf(to)
	}
	var out []int
	for t := 0; t+1 < len(p.days); t++ {
		d, next := timeOf(p.days[t]), timeOf(p.days[t+1])
		if d.Month() == next.Month() && d.Year() == next.Year() {
			continue
		}
		if p.days[t] >= lo && p.days[t] <= hi {
			out = append(out, t)
		}
	}
	return out
}

// History scores every trading day in days (indexes, ascending or not) in
// one call, handing each cross-section to fn in order. The cross-section is
// reused: fn must copy what it keeps. It stops at the first error.
func (s *Scorer) History(p *Panel, days []int, fn func(cs *CrossSection) error) error {
	var cs CrossSection
	for _, t := range days {
		if err := s.ScoreDay(p, t, &cs); err != nil {
			return err
		}
		if err := fn(&cs); err != nil {
			return fmt.Errorf("score history %s: %w", cs.AsOf.Format("2006-01-02"), err)
		}
	}
	return nil
}
