package extract

import (
	"reflect"
	"strconv"
	"testing"
)

func TestPeriods(t *testing.T) {
	tests := []struct {
		in   string
		want []string // text and name of each period
	}{
		{"Sales rose in the second quarter.", []string{"second quarter Q2"}},
		{"Second-quarter sales and Q3 guidance; 4Q results.", []string{"Second-quarter Q2", "Q3 Q3", "4Q Q4"}},
		{"In the fiscal third quarter and the first half of 2026.", []string{"third quarter Q3", "first half H1 2026"}},
		{"H2 margins beat H1 margins.", []string{"H2 H2", "H1 H1"}},
		{"The quarter was strong; last quarter and next quarter too.", nil},
		{"A third of sales; the second half-hour; Q5 and H3 are not periods; a quarter of them.", nil},
		{"the fourth  quarter", []string{"fourth  quarter Q4"}},
		{"first gold in the second half of 2027; Q3 2026 and 4Q-2025 output", []string{"second half H2 2027", "Q3 Q3 2026", "4Q Q4 2025"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range ReadPeriods(tt.in, true, true).Named {
			name := tt.in[p.Start:p.End] + " " + p.String()
			if p.Year != 0 {
				name += " " + strconv.Itoa(p.Year)
			}
			got = append(got, name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Periods(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPriorQuarter(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"up 7 basis points from the prior quarter", true},
		{"down from the Previous  quarter", true},
		{"sales rose quarter-on-quarter", true},
		{"revenue grew sequentially", true},
		{"the quarter before", true},
		{"in the third quarter", false},
		{"a quarterly dividend; headquarters", false},
	}
	for _, tt := range tests {
		if got := ReadPeriods(tt.in, true, false).PriorQuarter; got != tt.want {
			t.Errorf("ReadPeriods(%q).PriorQuarter = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzPeriods(f *testing.F) {
	f.Add("Second-quarter sales and Q3 guidance; 4Q results in the first half.")
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range ReadPeriods(text, true, true).Named {
			if p.Start < 0 || p.End > len(text) || p.Start >= p.End || p.N < 1 || p.N > 4 || p.Half && p.N > 2 {
				t.Fatalf("bad period %+v in %q", p, text)
			}
		}
	})
}
